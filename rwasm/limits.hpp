// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

/// Every bound a hostile module could otherwise push on the node. A module that exceeds one is
/// rejected at parse, validation, compile or decode time; a run that exceeds one traps.
namespace blend::rwasm {

/// Largest Wasm binary accepted (fluentbase's WASM_MAX_CODE_SIZE, 1 MiB, doubled for headroom).
inline constexpr uint32_t kMaxWasmSize = 2u << 20;
/// Largest encoded rWasm module (fluentbase's 12 MiB bound for stored modules).
inline constexpr uint32_t kMaxRwasmSize = 12u << 20;
inline constexpr uint32_t kMaxTypes = 10'000;
inline constexpr uint32_t kMaxFunctions = 10'000;
inline constexpr uint32_t kMaxImports = 10'000;
inline constexpr uint32_t kMaxExports = 10'000;
inline constexpr uint32_t kMaxGlobals = 10'000;
inline constexpr uint32_t kMaxTables = 100;
inline constexpr uint32_t kMaxDataSegments = 100'000;
inline constexpr uint32_t kMaxElemSegments = 100'000;
/// Parameters or results of one function type.
inline constexpr uint32_t kMaxTypeArity = 1'000;
/// Declared locals of one function (params included); each one is a zeroed 64-bit slot.
inline constexpr uint32_t kMaxLocals = 50'000;
/// Nesting depth of blocks in one function body.
inline constexpr uint32_t kMaxBlockDepth = 10'000;
/// Operand-stack height of one function frame (locals + operands), computed at compile time.
inline constexpr uint32_t kMaxFunctionStackHeight = 60'000;
/// br_table targets.
inline constexpr uint32_t kMaxBrTableTargets = 100'000;
/// Instructions in the flat rWasm code section.
inline constexpr uint32_t kMaxCodeLength = 4u << 20;
/// Length of an import or export name.
inline constexpr uint32_t kMaxNameLength = 1'024;
/// Value stack of one VM, in 64-bit slots (1 MiB).
inline constexpr uint32_t kMaxStackSlots = 128u * 1024;
/// Call depth (fluent's rWasm and the EVM both use 1024).
inline constexpr uint32_t kMaxCallDepth = 1'024;
/// Wasm page size (Wasm core spec §2.5.5).
inline constexpr uint32_t kPageSize = 65'536;
/// Linear memory pages per instance: 1024 pages = 64 MiB (fluentbase contract limit).
inline constexpr uint32_t kMaxMemoryPages = 1'024;
/// Elements per table.
inline constexpr uint32_t kMaxTableSize = 1'000'000;
/// Host-call parameters or results (bounded by kMaxTypeArity too).
inline constexpr uint32_t kMaxHostValues = kMaxTypeArity;

}  // namespace blend::rwasm
