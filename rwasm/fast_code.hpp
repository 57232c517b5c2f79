// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/module.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

/// The interpreter's internal form of a verified rWasm module (issue 3: "the interpreter may
/// translate a verified module into its own internal form ... as long as fuel and traps stay
/// exactly those of the canonical module"). It is never stored or hashed: the canonical module
/// stays the consensus artifact, this is a cache derived from it.
///
/// Register style: the verifier knows the operand-stack height at every pc, so each operand is
/// addressed as a frame slot (fp-relative; locals and stack temporaries alike) instead of being
/// pushed and popped. local.get and constants cost no instruction (they become operands),
/// local.set/tee folds into the producer, constants fold into a `K` variant of binary ops, and a
/// compare followed by a conditional branch becomes one branch. At every branch target, call
/// and host call the slots hold exactly what the canonical stack would, and ConsumeFuel stays at
/// every block start, so fuel, traps and suspension are unchanged.
namespace blend::rwasm {

/// Operand forms: S a slot, K the constant k, A the accumulator — the value the instruction
/// just before wrote (every producer also leaves its result in a register, so a consumer that
/// directly follows it reads the register instead of waiting for the store to be forwarded).
/// Numeric ops: unary `_S`/`_A`; binary `_SS`, `_SK`, `_AS`, `_SA`, `_AK`.
#define BLEND_FAST_NUM_U(X, name) X(name##_S) X(name##_A)
#define BLEND_FAST_NUM_UT(X, name) X(name##_S) X(name##_A)
#define BLEND_FAST_NUM_B(X, name) X(name##_SS) X(name##_SK) X(name##_AS) X(name##_SA) X(name##_AK)
#define BLEND_FAST_NUM_BT(X, name) BLEND_FAST_NUM_B(X, name)
#define BLEND_FAST_NUM_ROW(X, name, code, shape, a, b, r) BLEND_FAST_NUM_##shape(X, name)
/// Loads: address from a slot or `_A`; stores: also the value from the accumulator, `_V`.
/// Loads also fuse the i32.add of a constant that computed their address (`_PS` from a slot,
/// `_PA` from the accumulator; the constant in b): address = u32(x + b), then the offset k.
/// Stores take a constant value below 2^32 in d (`_K`: address slot a), and fuse the i32.add of
/// a constant that computed their address from a slot (`_PS`: base a, constant d, value slot b;
/// `_PK`: base a, constant b, value d).
#define BLEND_FAST_MEM_false(X, name) X(name) X(name##_A) X(name##_PS) X(name##_PA)
#define BLEND_FAST_MEM_true(X, name) \
    X(name) X(name##_A) X(name##_V) X(name##_K) X(name##_PS) X(name##_PK)
#define BLEND_FAST_MEM_ROW(X, name, code, type, bytes, align, is_store) \
    BLEND_FAST_MEM_##is_store(X, name)

/// Integer compares that fuse with a following br_if (the loop conditions of compiled C).
#define BLEND_FAST_CMP_OPS_WITH(M, X) \
    M(X, I32Eq)                       \
    M(X, I32Ne)                       \
    M(X, I32LtS)                      \
    M(X, I32LtU)                      \
    M(X, I32GtS)                      \
    M(X, I32GtU)                      \
    M(X, I32LeS)                      \
    M(X, I32LeU)                      \
    M(X, I32GeS)                      \
    M(X, I32GeU)                      \
    M(X, I64Eq)                       \
    M(X, I64Ne)                       \
    M(X, I64LtS)                      \
    M(X, I64LtU)                      \
    M(X, I64GtS)                      \
    M(X, I64GtU)                      \
    M(X, I64LeS)                      \
    M(X, I64LeU)                      \
    M(X, I64GeS)                      \
    M(X, I64GeU)
/// br_if on `a <cmp> b` (Nez) or its negation (Eqz), slot/slot and slot/constant.
#define BLEND_FAST_CMP_BRANCH_ROW(X, name) \
    X(BrNez_##name##_SS)                   \
    X(BrNez_##name##_SK)                   \
    X(BrNez_##name##_AS)                   \
    X(BrNez_##name##_SA)                   \
    X(BrNez_##name##_AK)                   \
    X(BrEqz_##name##_SS)                   \
    X(BrEqz_##name##_SK)                   \
    X(BrEqz_##name##_AS)                   \
    X(BrEqz_##name##_SA)                   \
    X(BrEqz_##name##_AK)

/// Operand fields of FastInstr per op: d destination slot, a/b source slots, k constant,
/// branch target or packed immediates (see translate.cpp for each op's layout).
#define BLEND_FAST_OPS(X)                              \
    X(Trap)                                            \
    X(ConsumeFuel)                                     \
    X(Enter)                                           \
    X(Return)                                          \
    X(Return1)                                         \
    X(Return1_A)                                       \
    X(Br)                                              \
    X(BrAdjust)                                        \
    X(BrIfNez)                                         \
    X(BrIfEqz)                                         \
    X(BrIfNez_A)                                       \
    X(BrIfEqz_A)                                       \
    X(BrIfNezAdjust)                                   \
    X(BrTable)                                         \
    X(BrTableDirect)                                   \
    X(BrTableByte)                                     \
    X(SetConstBrTableByte)                             \
    X(Call)                                            \
    X(CallAddK_S)                                      \
    X(CallAddK_A)                                      \
    X(CallHost)                                        \
    X(CallIndirect)                                    \
    X(Copy)                                            \
    X(SetConst)                                        \
    X(CopyFuel)                                        \
    X(SetConstFuel)                                    \
    X(I32AddTee_SK)                                    \
    X(I32AddTee_AK)                                    \
    X(CopyBr)                                          \
    X(I32AddBr_SK)                                     \
    X(I64AddBr_SK)                                     \
    X(I64LoadStore)                                    \
    X(I64Bswap)                                        \
    X(I64OrLoad)                                       \
    X(Select)                                          \
    X(GlobalGet)                                       \
    X(GlobalSet)                                       \
    X(RefFunc)                                         \
    X(TableGet)                                        \
    X(TableSet)                                        \
    X(TableSize)                                       \
    X(TableGrow)                                       \
    X(TableFill)                                       \
    X(TableCopy)                                       \
    X(TableInit)                                       \
    X(ElemDrop)                                        \
    X(MemorySize)                                      \
    X(MemoryGrow)                                      \
    X(MemoryFill)                                      \
    X(MemoryCopy)                                      \
    X(MemoryInit)                                      \
    X(DataDrop)                                        \
    X(U256Mul)                                         \
    X(U256Div)                                         \
    X(U256Mod)                                         \
    X(U256SDiv)                                        \
    X(U256SMod)                                        \
    X(U256AddMod)                                      \
    X(U256MulMod)                                      \
    BLEND_WASM_MEMORY_OPS_WITH(BLEND_FAST_MEM_ROW, X)  \
    BLEND_WASM_NUMERIC_OPS_WITH(BLEND_FAST_NUM_ROW, X) \
    BLEND_FAST_CMP_OPS_WITH(BLEND_FAST_CMP_BRANCH_ROW, X)

enum class FastOp : uint16_t {
#define BLEND_FAST_ENUM(name) k##name,
    BLEND_FAST_OPS(BLEND_FAST_ENUM)
#undef BLEND_FAST_ENUM
};

/// One internal instruction: 32 bytes. `handler` is the address of its handler in the loop
/// (direct threading), filled in by the first run (only the loop knows its labels).
struct FastInstr {
    const void* handler = nullptr;
    FastOp op = FastOp::kTrap;
    /// Branches: fuel charged when taken (the target block's ConsumeFuel, which is skipped).
    uint16_t fuel = 0;
    uint32_t d = 0;
    uint32_t a = 0;
    uint32_t b = 0;
    uint64_t k = 0;
};
static_assert(sizeof(FastInstr) == 32);

struct FastCode {
    /// Mutable only to fill in `handler` once (threaded_once) when the first run starts.
    mutable std::vector<FastInstr> code;
    mutable std::once_flag threaded_once;
    /// Canonical pc → internal pc, for the function entries (Enter) and the entry segment;
    /// other pcs map to kNoFastPc.
    std::vector<uint32_t> pc_map;
    /// Function index → internal pc of its Enter (host functions: kNoFastPc).
    std::vector<uint32_t> function_pc;
};

inline constexpr uint32_t kNoFastPc = 0xFFFFFFFF;

/// Translates a verified module (compile_module or load_module output). Deterministic and linear
/// in the code size; share the result between Vms of one module (Vm::set_fast_code).
[[nodiscard]] std::shared_ptr<const FastCode> translate_module(const RwasmModule& module);

/// One line per internal instruction ("pc: Name d a b k"), for debugging and tests.
[[nodiscard]] std::string disassemble_fast(const FastCode& code);

/// The verifier's stack height before every pc (kUnreachablePc where no path reaches it).
inline constexpr uint32_t kUnreachablePc = 0xFFFFFFFF;
[[nodiscard]] Result<std::vector<uint32_t>, DecodeError> verify_module_heights(
    const RwasmModule& module);

}  // namespace blend::rwasm
