// SPDX-License-Identifier: Apache-2.0
#pragma once

// The system runtimes (EVM today; SVM and token later; design.md "Key decisions") enter every
// genesis at fixed addresses through this hook. build_genesis places each one in the state and
// refuses a genesis file whose alloc claims one of their addresses. EVM bytecode in a genesis
// alloc (`code` that is not rWasm) becomes an EVM contract owned by the EVM runtime
// (execution::evm_contract_code), as geth dev genesis files and the Ethereum state tests expect.
// Ethereum's system contracts that Prague calls at the start of every block (EIP-4788 beacon
// roots, EIP-2935 block-hash history) are in every genesis too, as EVM contracts with the EIPs'
// bytecode (execution/execute_block.hpp).

#include "core/bytes.hpp"
#include "execution/account_code.hpp"
#include "execution/in_memory_state.hpp"

#include <string_view>
#include <vector>

namespace blend::genesis {

struct SystemAccount {
    std::string_view name;
    Address address;
    Bytes code;
    /// EIP-4788 / EIP-2935: the system contracts were deployed by a transaction, so they have
    /// nonce 1 (which also exempts them from EIP-161 cleanup); the runtimes have nonce 0.
    uint64_t nonce = 0;
};

/// The system runtimes this node was built with: the EVM runtime's rWasm artifact at
/// execution::kEvmRuntimeAddress (docs/genesis.md).
[[nodiscard]] std::vector<SystemAccount> runtime_accounts();

/// The EIP-4788 beacon-roots and EIP-2935 history contracts at their EIPs' addresses: EVM
/// contracts owned by the EVM runtime (evm_contract_code of the EIPs' bytecode), nonce 1, no
/// storage.
[[nodiscard]] std::vector<SystemAccount> system_contract_accounts();

/// The system accounts build_genesis adds to every genesis besides the file's alloc: the
/// runtime_accounts() and the system_contract_accounts().
[[nodiscard]] std::vector<SystemAccount> system_accounts();

/// Puts the system runtimes (runtime_accounts()) into `state`; for tools that build a state by
/// hand (blend-statetest, tests, benchmarks).
void install_system_runtimes(execution::InMemoryState& state);

/// Puts the system contracts (system_contract_accounts()) into `state`, for hand-built states
/// whose blocks run the block-start system calls (tests). The Ethereum state tests do not have
/// them: blend-statetest installs only the runtimes.
void install_system_contracts(execution::InMemoryState& state);

/// The account code of an EVM contract holding `evm_bytecode` (an ownable account owned by the
/// EVM runtime, its metadata laid out as docs/abi.md §7 says). Use it for the `code` of a
/// pre-state account; read the EVM view back with execution::visible_code.
[[nodiscard]] inline Bytes evm_contract_code(BytesView evm_bytecode)
{
    return execution::evm_contract_code(evm_bytecode);
}

/// The account code of a genesis alloc entry's `code`: EVM bytecode (anything that is not empty,
/// rWasm `EF 52`, ownable `EF 44 00` or an EIP-7702 delegation) becomes an EVM contract owned by
/// the EVM runtime; the rest is stored as given.
[[nodiscard]] Bytes alloc_account_code(BytesView code);

}  // namespace blend::genesis
