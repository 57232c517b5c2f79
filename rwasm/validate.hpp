// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/wasm_module.hpp"

#include <vector>

namespace blend::rwasm {

/// What function validation needs to know about the module (spec §3.1.1, the context C).
struct ValidationContext {
    const WasmModule* module = nullptr;
    std::vector<bool> declared_refs;  ///< C.refs: functions that ref.func may name
};

/// Validates the body of defined function `defined_index` (spec §3.3, algorithm of the
/// appendix "Validation Algorithm").
[[nodiscard]] Result<void, WasmError> validate_function(const ValidationContext& ctx,
                                                        uint32_t defined_index);

/// The function type a block type stands for.
[[nodiscard]] Result<FuncType, WasmError> block_signature(const WasmModule& module,
                                                          const struct BlockType& bt);

}  // namespace blend::rwasm
