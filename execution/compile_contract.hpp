// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "execution/module_cache.hpp"
#include "runtimes/sdk/abi.hpp"

#include <optional>
#include <string_view>

namespace blend::execution {

/// A Wasm contract compiled at deploy.
struct CompiledContract {
    Bytes code;               ///< the encoded rWasm module (EF 52 …), the account's code
    ModulePtr module;         ///< the same module, ready to run
    Bytes constructor_input;  ///< the custom section `input`, if any (docs/abi.md §7)
};

/// Parses, validates and compiles Wasm init code against the ABI resolver. Errors are exit
/// codes: UnknownExternalFunction for an import outside docs/abi.md §1 (or with another
/// signature), CreateContractSizeLimit for an input above rwasm::kMaxWasmSize or an output above
/// rwasm::kMaxRwasmSize, NotSupportedBytecode for any other malformed or invalid module.
[[nodiscard]] Result<CompiledContract, abi::ExitCode> compile_wasm_contract(BytesView wasm);

/// The content of the first custom section called `name` (Wasm core spec §5.5.3), or nullopt.
/// Assumes a parsed, well-formed module (section sizes in range).
[[nodiscard]] std::optional<BytesView> wasm_custom_section(BytesView wasm, std::string_view name);

}  // namespace blend::execution
