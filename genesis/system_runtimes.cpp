// SPDX-License-Identifier: Apache-2.0
#include "genesis/system_runtimes.hpp"

namespace blend::genesis {

std::vector<SystemAccount> system_accounts()
{
    // The EVM runtime's artifact is added with the runtime build (runtimes/evm); the EIP-4788 and
    // EIP-2935 system contracts Prague calls at block start follow once EVM code can run.
    return {};
}

void install_system_runtimes(execution::InMemoryState& state)
{
    for (SystemAccount& account : system_accounts())
        state.set_code(account.address, std::move(account.code));
}

}  // namespace blend::genesis
