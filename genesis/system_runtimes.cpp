// SPDX-License-Identifier: Apache-2.0
#include "genesis/system_runtimes.hpp"

#include "execution/execute_block.hpp"
#include "execution/native_runtime.hpp"

namespace blend::genesis {

std::vector<SystemAccount> runtime_accounts()
{
    // The EVM runtime's unmetered rWasm artifact, built from runtimes/evm with the node
    // (execution/CMakeLists.txt).
    std::vector<SystemAccount> out;
    const BytesView evm = execution::evm_runtime_artifact();
    if (!evm.empty())
        out.push_back({"evm", execution::kEvmRuntimeAddress, Bytes(evm.begin(), evm.end())});
    return out;
}

std::vector<SystemAccount> system_contract_accounts()
{
    // EIP-4788 and EIP-2935 "Deployment": each contract is the first creation of a keyless
    // account, so it has nonce 1 and no storage. Here they are placed at genesis instead, as EVM
    // contracts (docs/genesis.md).
    return {
        {"EIP-4788 beacon roots", execution::kBeaconRootsAddress,
         execution::evm_contract_code(execution::beacon_roots_code()), 1},
        {"EIP-2935 history storage", execution::kHistoryStorageAddress,
         execution::evm_contract_code(execution::history_storage_code()), 1},
    };
}

std::vector<SystemAccount> system_accounts()
{
    // Every genesis carries the runtimes this node was built with and the block-start system
    // contracts (docs/genesis.md).
    std::vector<SystemAccount> out = runtime_accounts();
    for (SystemAccount& account : system_contract_accounts())
        out.push_back(std::move(account));
    return out;
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

void install_system_contracts(execution::InMemoryState& state)
{
    for (SystemAccount& account : system_contract_accounts()) {
        state.set_code(account.address, std::move(account.code));
        execution::Account a = *state.account(account.address);
        a.nonce = account.nonce;
        state.set_account(account.address, a);
    }
}

}  // namespace blend::genesis
