// SPDX-License-Identifier: Apache-2.0
#include "genesis/system_runtimes.hpp"

namespace blend::genesis {

std::vector<SystemAccount> system_accounts()
{
    // Issue 7 (the EVM runtime) adds {"evm", <its fixed address>, <its rWasm module>} here; the
    // EIP-4788 and EIP-2935 system contracts Prague calls at block start follow once EVM code
    // can run.
    return {};
}

}  // namespace blend::genesis
