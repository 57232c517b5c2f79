// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/wasm_opcodes.hpp"

#include <array>
#include <cstdint>

namespace blend::rwasm {

/// How an instruction's immediates are laid out (in memory: `a` and `b` of Instr; on the wire:
/// see docs/rwasm-format.md §Code).
enum class ImmKind : uint8_t {
    kNone,    ///< no immediate
    kU32,     ///< a
    kU64,     ///< b (constant bits)
    kU32x2,   ///< a, b
    kBranch,  ///< a = signed PC offset, b = drop << 32 | keep
    kEnter,   ///< a = params, b = locals << 32 | max stack height
};

/// The one rWasm opcode list. X(Name, immediate kind, pops, pushes, base fuel); pops/pushes of -1
/// mean "depends on the immediate" (calls, branches, returns). It generates the Opcode enum, the
/// name table, the disassembler, the verifier's stack effects, the fuel cost table and the
/// interpreter's computed-goto dispatch table.
///
/// Fuel costs follow fluent's schedule (reference/fluent.md §1.15): 1 for consts, locals,
/// numeric ops and branches; 2 for loads and stores; 3 for globals and memory/table entity ops;
/// 10 for calls; 0 for pure bookkeeping. Bulk operations add dynamic costs at run time.
#define BLEND_RWASM_CORE_OPS(X)         \
    X(Unreachable, kNone, 0, 0, 0)      \
    X(ConsumeFuel, kU32, 0, 0, 0)       \
    X(Enter, kEnter, -1, -1, 0)         \
    X(Return, kU32, -1, -1, 0)          \
    X(Br, kBranch, -1, -1, 1)           \
    X(BrIfNez, kBranch, -1, -1, 1)      \
    X(BrIfEqz, kBranch, 1, 0, 1)        \
    X(BrTable, kU32, 1, 0, 1)           \
    X(Call, kU32, -1, -1, 10)           \
    X(CallHost, kU32, -1, -1, 10)       \
    X(CallIndirect, kU32x2, -1, -1, 10) \
    X(Const, kU64, 0, 1, 1)             \
    X(Drop, kNone, 1, 0, 0)             \
    X(Select, kNone, 3, 1, 1)           \
    X(LocalGet, kU32, 0, 1, 1)          \
    X(LocalSet, kU32, 1, 0, 1)          \
    X(LocalTee, kU32, 1, 1, 1)          \
    X(GlobalGet, kU32, 0, 1, 3)         \
    X(GlobalSet, kU32, 1, 0, 3)         \
    X(RefFunc, kU32, 0, 1, 1)           \
    X(TableGet, kU32, 1, 1, 3)          \
    X(TableSet, kU32, 2, 0, 3)          \
    X(TableSize, kU32, 0, 1, 3)         \
    X(TableGrow, kU32, 2, 1, 3)         \
    X(TableFill, kU32, 3, 0, 3)         \
    X(TableCopy, kU32x2, 3, 0, 3)       \
    X(TableInit, kU32x2, 3, 0, 3)       \
    X(ElemDrop, kU32, 0, 0, 3)          \
    X(MemorySize, kNone, 0, 1, 3)       \
    X(MemoryGrow, kNone, 1, 1, 3)       \
    X(MemoryFill, kNone, 3, 0, 3)       \
    X(MemoryCopy, kNone, 3, 0, 3)       \
    X(MemoryInit, kU32, 3, 0, 3)        \
    X(DataDrop, kU32, 0, 0, 3)

#define BLEND_RWASM_MEMORY_OP(X, name, code, type, bytes, align, is_store) \
    X(name, kU32, (is_store ? 2 : 1), (is_store ? 0 : 1), 2)
#define BLEND_RWASM_POPS_U 1
#define BLEND_RWASM_POPS_B 2
#define BLEND_RWASM_POPS_UT 1
#define BLEND_RWASM_POPS_BT 2
#define BLEND_RWASM_NUMERIC_OP(X, name, code, shape, a, b, r) \
    X(name, kNone, BLEND_RWASM_POPS_##shape, 1, 1)

/// The full list: core ops, then Wasm's memory and numeric instructions under their own names.
#define BLEND_RWASM_OPS(X)                               \
    BLEND_RWASM_CORE_OPS(X)                              \
    BLEND_WASM_MEMORY_OPS_WITH(BLEND_RWASM_MEMORY_OP, X) \
    BLEND_WASM_NUMERIC_OPS_WITH(BLEND_RWASM_NUMERIC_OP, X)

enum class Opcode : uint8_t {
#define BLEND_ENUM(name, ...) k##name,
    BLEND_RWASM_OPS(BLEND_ENUM)
#undef BLEND_ENUM
};

inline constexpr unsigned kOpcodeCount = 0
#define BLEND_COUNT(...) +1
    BLEND_RWASM_OPS(BLEND_COUNT)
#undef BLEND_COUNT
    ;
static_assert(kOpcodeCount <= 256, "opcodes are one byte on the wire");

struct OpcodeInfo {
    const char* name;
    ImmKind imm;
    int8_t pops;
    int8_t pushes;
    uint8_t fuel;
};

inline constexpr std::array<OpcodeInfo, kOpcodeCount> kOpcodeInfo = {{
#define BLEND_INFO(name, imm, pops, pushes, fuel) \
    {#name, ImmKind::imm, static_cast<int8_t>(pops), static_cast<int8_t>(pushes), fuel},
    BLEND_RWASM_OPS(BLEND_INFO)
#undef BLEND_INFO
}};

[[nodiscard]] constexpr const OpcodeInfo& info(Opcode op) noexcept
{
    return kOpcodeInfo[static_cast<uint8_t>(op)];
}

}  // namespace blend::rwasm
