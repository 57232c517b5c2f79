// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/wasm_opcodes.hpp"

#include <array>
#include <cstdint>
#include <string_view>

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

/// The fuel schedule. One fuel is about 0.25 ns: the time of one simple instruction (const,
/// local, integer arithmetic) in the fast loop. Every row is measured by
/// `blend-bench-rwasm --ops` (ns per pattern, less 0.25 ns per local/const around the op) and
/// set in proportion; the measurement and the figures are in docs/rwasm-format.md §Fuel.
/// Rows marked "not measured" keep fluent's relative weights (reference/fluent.md §1.15).
namespace fuel {
inline constexpr uint8_t kSimple = 1;  ///< const, locals, select, integer ops, mul: 0.2-0.3 ns
inline constexpr uint8_t kMemory = 2;  ///< loads/stores 0.4-0.5 ns; globals (not measured)
inline constexpr uint8_t kEntity = 3;  ///< table/memory entity ops (not measured)
inline constexpr uint8_t kBranch = 8;  ///< br/br_if 2.0-2.6 ns (a data-dependent jump)
inline constexpr uint8_t kBranchTable = 10;   ///< a branch plus the index clamp
inline constexpr uint8_t kDiv32 = 13;         ///< i32 div/rem 3.3 ns
inline constexpr uint8_t kDiv64 = 10;         ///< i64 div/rem 2.5 ns
inline constexpr uint8_t kFloat = 9;          ///< f32/f64 add/sub/mul/min/max/compare 2.3-2.6 ns
inline constexpr uint8_t kFloatUnary = 5;     ///< rounding, conversions, truncations 1.4 ns
inline constexpr uint8_t kFloatSqrt = 6;      ///< 1.5 ns
inline constexpr uint8_t kFloatDiv = 22;      ///< 5.6 ns
inline constexpr uint8_t kCall = 45;          ///< call + Enter + return 11.3 ns (Enter, Return: 0)
inline constexpr uint8_t kCallIndirect = 75;  ///< table lookup, signature check, call: 19.2 ns
inline constexpr uint8_t kCallHost = 50;      ///< host round trip 12 ns (the host adds its own)
inline constexpr uint8_t kMemoryGrow =
    16;  ///< the op; kFuelPerGrow per grow, pages paid when committed
/// The 256-bit builtins (u256_builtins.hpp), priced at the slowest input found, 4 fuel per ns
/// like the rows above (`blend-bench-rwasm --u256`, docs/rwasm-format.md §8): mul 20 ns,
/// div/mod 29 ns, sdiv/smod 50 ns (negations around the division), addmod 57 ns (a sum above
/// the modulus is divided), mulmod 83 ns (a 512-bit product over a 4-word modulus).
inline constexpr uint16_t kU256Mul = 80;
inline constexpr uint16_t kU256Div = 120;
inline constexpr uint16_t kU256SDiv = 200;
inline constexpr uint16_t kU256AddMod = 230;
inline constexpr uint16_t kU256MulMod = 340;

/// Numeric instructions by name, shape and operand types (wasm_opcodes.hpp).
constexpr uint8_t numeric(std::string_view name,
                          std::string_view shape,
                          std::string_view in,
                          std::string_view out)
{
    const bool float_in = in[0] == 'F', float_out = out[0] == 'F';
    const auto has = [&](std::string_view part) { return name.find(part) != name.npos; };
    if (has("Reinterpret") || has("Abs") || has("Neg") || has("Copysign"))
        return kSimple;  // bit operations on the slot
    if (has("Sqrt"))
        return kFloatSqrt;
    if (float_in && has("Div"))
        return kFloatDiv;
    if (shape == "BT")
        return in == "I32" ? kDiv32 : kDiv64;
    if (float_in && (shape == "B"))
        return kFloat;
    if (float_in || float_out)
        return kFloatUnary;
    return kSimple;
}
}  // namespace fuel

/// The one rWasm opcode list. X(Name, immediate kind, pops, pushes, base fuel); pops/pushes of -1
/// mean "depends on the immediate" (calls, branches, returns). It generates the Opcode enum, the
/// name table, the disassembler, the verifier's stack effects, the fuel cost table and the
/// interpreter's computed-goto dispatch table. Fuel: the schedule above; 0 for pure bookkeeping
/// (ConsumeFuel, Enter, Return, Drop: their time is in the call and block costs). Bulk
/// operations add dynamic costs at run time (vm.hpp).
#define BLEND_RWASM_CORE_OPS(X)                          \
    X(Unreachable, kNone, 0, 0, 0)                       \
    X(ConsumeFuel, kU32, 0, 0, 0)                        \
    X(Enter, kEnter, -1, -1, 0)                          \
    X(Return, kU32, -1, -1, 0)                           \
    X(Br, kBranch, -1, -1, fuel::kBranch)                \
    X(BrIfNez, kBranch, -1, -1, fuel::kBranch)           \
    X(BrIfEqz, kBranch, 1, 0, fuel::kBranch)             \
    X(BrTable, kU32, 1, 0, fuel::kBranchTable)           \
    X(Call, kU32, -1, -1, fuel::kCall)                   \
    X(CallHost, kU32, -1, -1, fuel::kCallHost)           \
    X(CallIndirect, kU32x2, -1, -1, fuel::kCallIndirect) \
    X(Const, kU64, 0, 1, fuel::kSimple)                  \
    X(Drop, kNone, 1, 0, 0)                              \
    X(Select, kNone, 3, 1, fuel::kSimple)                \
    X(LocalGet, kU32, 0, 1, fuel::kSimple)               \
    X(LocalSet, kU32, 1, 0, fuel::kSimple)               \
    X(LocalTee, kU32, 1, 1, fuel::kSimple)               \
    X(GlobalGet, kU32, 0, 1, fuel::kMemory)              \
    X(GlobalSet, kU32, 1, 0, fuel::kMemory)              \
    X(RefFunc, kU32, 0, 1, fuel::kSimple)                \
    X(TableGet, kU32, 1, 1, fuel::kEntity)               \
    X(TableSet, kU32, 2, 0, fuel::kEntity)               \
    X(TableSize, kU32, 0, 1, fuel::kEntity)              \
    X(TableGrow, kU32, 2, 1, fuel::kEntity)              \
    X(TableFill, kU32, 3, 0, fuel::kEntity)              \
    X(TableCopy, kU32x2, 3, 0, fuel::kEntity)            \
    X(TableInit, kU32x2, 3, 0, fuel::kEntity)            \
    X(ElemDrop, kU32, 0, 0, fuel::kEntity)               \
    X(MemorySize, kNone, 0, 1, fuel::kEntity)            \
    X(MemoryGrow, kNone, 1, 1, fuel::kMemoryGrow)        \
    X(MemoryFill, kNone, 3, 0, fuel::kEntity)            \
    X(MemoryCopy, kNone, 3, 0, fuel::kEntity)            \
    X(MemoryInit, kU32, 3, 0, fuel::kEntity)             \
    X(DataDrop, kU32, 0, 0, fuel::kEntity)

#define BLEND_RWASM_MEMORY_OP(X, name, code, type, bytes, align, is_store) \
    X(name, kU32, (is_store ? 2 : 1), (is_store ? 0 : 1), fuel::kMemory)
#define BLEND_RWASM_POPS_U 1
#define BLEND_RWASM_POPS_B 2
#define BLEND_RWASM_POPS_UT 1
#define BLEND_RWASM_POPS_BT 2
#define BLEND_RWASM_NUMERIC_OP(X, name, code, shape, a, b, r) \
    X(name, kNone, BLEND_RWASM_POPS_##shape, 1, fuel::numeric(#name, #shape, #a, #r))

/// The 256-bit builtins (u256_builtins.hpp, docs/rwasm-format.md §U256): i32 addresses of
/// 32-byte little-endian words in linear memory, the result's address first; no result value.
/// Last in the list, so that adding them kept every older opcode's byte.
#define BLEND_RWASM_U256_OPS(X)                   \
    X(U256Mul, kNone, 3, 0, fuel::kU256Mul)       \
    X(U256Div, kNone, 3, 0, fuel::kU256Div)       \
    X(U256Mod, kNone, 3, 0, fuel::kU256Div)       \
    X(U256SDiv, kNone, 3, 0, fuel::kU256SDiv)     \
    X(U256SMod, kNone, 3, 0, fuel::kU256SDiv)     \
    X(U256AddMod, kNone, 4, 0, fuel::kU256AddMod) \
    X(U256MulMod, kNone, 4, 0, fuel::kU256MulMod)

/// The full list: core ops, then Wasm's memory and numeric instructions under their own names,
/// then the 256-bit builtins.
#define BLEND_RWASM_OPS(X)                                 \
    BLEND_RWASM_CORE_OPS(X)                                \
    BLEND_WASM_MEMORY_OPS_WITH(BLEND_RWASM_MEMORY_OP, X)   \
    BLEND_WASM_NUMERIC_OPS_WITH(BLEND_RWASM_NUMERIC_OP, X) \
    BLEND_RWASM_U256_OPS(X)

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
    uint16_t fuel;  ///< at most 340 (U256MulMod); block sums are u32 (ConsumeFuel's immediate)
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
