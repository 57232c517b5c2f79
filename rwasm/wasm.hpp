// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/wasm_module.hpp"

/// The Wasm front end: binary parser (Wasm core spec §5) and validator (§3).
namespace blend::rwasm {

/// Parses a Wasm 2.0 binary. Malformed input and out-of-scope features are refused.
[[nodiscard]] Result<WasmModule, WasmError> parse_module(BytesView wasm);

/// Validates a parsed module (spec §3.4), including every function body.
[[nodiscard]] Result<void, WasmError> validate_module(const WasmModule& module);

/// The type of function `index` in the function index space (imports first).
[[nodiscard]] const FuncType& function_type(const WasmModule& module, uint32_t index) noexcept;
[[nodiscard]] uint32_t total_functions(const WasmModule& module) noexcept;
[[nodiscard]] uint32_t total_tables(const WasmModule& module) noexcept;
[[nodiscard]] uint32_t total_memories(const WasmModule& module) noexcept;
[[nodiscard]] uint32_t total_globals(const WasmModule& module) noexcept;
[[nodiscard]] TableType table_type(const WasmModule& module, uint32_t index) noexcept;
[[nodiscard]] GlobalType global_type(const WasmModule& module, uint32_t index) noexcept;

}  // namespace blend::rwasm
