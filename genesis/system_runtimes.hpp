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

/// The system accounts every Blend genesis contains, besides the file's alloc: the EVM runtime's
/// rWasm artifact at execution::kEvmRuntimeAddress (docs/genesis.md). Empty when the node was
/// built without the runtime artifact (no wasm32 toolchain; the configure step says so).
[[nodiscard]] std::vector<SystemAccount> system_accounts();

/// Puts every system account into `state` (what build_genesis does for a genesis file); for
/// tools that build a state by hand (blend-statetest, tests, benchmarks).
void install_system_runtimes(execution::InMemoryState& state);

/// The account code of an EVM contract holding `evm_bytecode` (an ownable account owned by the
/// EVM runtime, its metadata laid out as docs/abi.md §7 says). Use it for the `code` of a
/// pre-state account; read the EVM view back with execution::visible_code.
[[nodiscard]] inline Bytes evm_contract_code(BytesView evm_bytecode)
{
    return execution::evm_contract_code(evm_bytecode);
}

}  // namespace blend::genesis
