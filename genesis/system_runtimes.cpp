// SPDX-License-Identifier: Apache-2.0
#include "genesis/system_runtimes.hpp"

#include "execution/native_runtime.hpp"

namespace blend::genesis {

std::vector<SystemAccount> runtime_accounts()
{
    // The EVM runtime's unmetered rWasm artifact, built from runtimes/evm with the node
    // (execution/CMakeLists.txt). The EIP-4788 and EIP-2935 system contracts Prague calls at block
    // start are EVM code that can now run; placing them is not done yet (docs/genesis.md).
    std::vector<SystemAccount> out;
    const BytesView evm = execution::evm_runtime_artifact();
    if (!evm.empty())
        out.push_back({"evm", execution::kEvmRuntimeAddress, Bytes(evm.begin(), evm.end())});
    return out;
}

std::vector<SystemAccount> system_accounts()
{
    // Every genesis carries the runtimes this node was built with (docs/genesis.md).
    return runtime_accounts();
}

Bytes alloc_account_code(BytesView code)
{
    if (execution::classify_code(code) == execution::CodeKind::kOther)
        return execution::evm_contract_code(code);
    return Bytes(code.begin(), code.end());
}

void install_system_runtimes(execution::InMemoryState& state)
{
    for (SystemAccount& account : runtime_accounts())
        state.set_code(account.address, std::move(account.code));
}

}  // namespace blend::genesis
