// SPDX-License-Identifier: Apache-2.0
#pragma once

// The system runtimes (EVM today; SVM and token later; design.md "Key decisions") enter every
// genesis at fixed addresses through this hook. build_genesis places each one in the state and
// refuses a genesis file whose alloc claims one of their addresses. EVM bytecode in a genesis
// alloc (`code` that is not rWasm) becomes an EVM contract owned by the EVM runtime
// (execution::evm_contract_code), as geth dev genesis files and the Ethereum state tests expect.

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
};

/// The system runtimes this node was built with: the EVM runtime's rWasm artifact at
/// execution::kEvmRuntimeAddress (docs/genesis.md).
[[nodiscard]] std::vector<SystemAccount> runtime_accounts();

/// The system accounts build_genesis adds to every genesis besides the file's alloc: the
/// runtime_accounts().
[[nodiscard]] std::vector<SystemAccount> system_accounts();

/// Puts the system runtimes (runtime_accounts()) into `state`; for tools that build a state by
/// hand (blend-statetest, tests, benchmarks).
void install_system_runtimes(execution::InMemoryState& state);

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
