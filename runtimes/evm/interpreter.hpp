// SPDX-License-Identifier: Apache-2.0
// The EVM interpreter: one frame of EVM bytecode over a Host (runtimes/evm/host.hpp).
//
// Dispatch is computed goto over a 256-entry label table generated from BLEND_EVM_OPCODES. Each
// handler checks its stack bounds and charges its static gas with compile-time constants, so the
// hot loop has no table lookups besides the dispatch itself, no virtual call, no host call for a
// pure opcode, and no gas syscall: gas is an int64 local, handed to the host only with a state
// action, and returned in the Result.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>. The 1025-slot stack
// (32 KiB) lives on the caller's stack; EVM memory comes from Host::grow_memory.
#pragma once

#include "core/freestanding/u256.hpp"
#include "runtimes/evm/analysis.hpp"
#include "runtimes/evm/gas.hpp"
#include "runtimes/evm/host.hpp"
#include "runtimes/evm/opcodes.hpp"
#include "runtimes/evm/u256.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

/// Zero bytes that must follow the code in the caller's buffer: a PUSH32 at the last code byte
/// reads 32 bytes past it (zeros, Yellow Paper §9.4.1), and running off the end reads STOP
/// (Yellow Paper §9.4: "STOP if the program counter is beyond the code").
inline constexpr size_t kCodePadding = 33;

// Per-block checks (docs/evm.md "Basic blocks") in the native build only: in the wasm32 build
// (the interpreter strategy) the second entry into every handler made clang's lowering of the
// computed gotos slower than the checks it saves (interp_mgas_s 5-15 % lower with no block table
// at all, and lower still with one), so that build keeps one entry per handler and checks every
// opcode: its code (and so the runtime artifact) is the same as before.
#if defined(__wasm__)
#define BLEND_EVM_BLOCKS 0
#else
#define BLEND_EVM_BLOCKS 1
#endif

/// One frame to run.
struct Message {
    /// The bytecode, followed by kCodePadding zero bytes.
    const uint8_t* code = nullptr;
    size_t code_size = 0;
    /// analyze(code) — jumpdest_bitmap_size(code_size) bytes, computed once at deploy.
    const uint8_t* jumpdest_bitmap = nullptr;
    /// analyze_blocks(code) — the block number at each pc (code_size + 1 entries) and the block
    /// records. Both null: every opcode is checked. The EVM runtime passes none yet (they are not
    /// in the stored metadata, docs/evm.md "Basic blocks"); the wasm32 build ignores them.
#if BLEND_EVM_BLOCKS
    const uint16_t* block_index = nullptr;
    const BlockInfo* blocks = nullptr;
#endif
    const uint8_t* input = nullptr;  ///< calldata (init code frames: empty)
    size_t input_size = 0;
    /// Gas available to the frame. Values above 2^63-1 are treated as 2^63-1.
    uint64_t gas = 0;
};

/// How a frame ended. Everything but kSuccess and kRevert is an exceptional halt: all gas is
/// consumed (Yellow Paper §9.4.2).
enum class Status : uint8_t {
    kSuccess,                ///< STOP, RETURN, SELFDESTRUCT, or running off the end
    kRevert,                 ///< REVERT (EIP-140)
    kOutOfGas,               ///< not enough gas for the next charge
    kStackUnderflow,         ///< fewer items than the opcode takes
    kStackOverflow,          ///< more than 1024 items (Yellow Paper §9.1)
    kBadJumpDestination,     ///< JUMP/JUMPI to a byte that is not a JUMPDEST instruction
    kInvalidInstruction,     ///< the designated INVALID (0xFE, EIP-141)
    kUndefinedInstruction,   ///< a byte that is no opcode of Cancun/Prague
    kStaticStateChange,      ///< a state change in a static context (EIP-214)
    kReturnDataOutOfBounds,  ///< RETURNDATACOPY past the return data (EIP-211)
    kOutOfMemory,            ///< Host::grow_memory could not provide the memory
    kHostFailure,            ///< a host action failed (Result::exit_code says how)
};

[[nodiscard]] constexpr const char* to_string(Status s) noexcept
{
    switch (s) {
    case Status::kSuccess:
        return "success";
    case Status::kRevert:
        return "revert";
    case Status::kOutOfGas:
        return "out of gas";
    case Status::kStackUnderflow:
        return "stack underflow";
    case Status::kStackOverflow:
        return "stack overflow";
    case Status::kBadJumpDestination:
        return "bad jump destination";
    case Status::kInvalidInstruction:
        return "invalid instruction (0xFE)";
    case Status::kUndefinedInstruction:
        return "undefined instruction";
    case Status::kStaticStateChange:
        return "state change in a static context";
    case Status::kReturnDataOutOfBounds:
        return "return data out of bounds";
    case Status::kOutOfMemory:
        return "out of memory";
    case Status::kHostFailure:
        return "host action failed";
    }
    return "unknown";
}

/// The exit code (docs/abi.md §6) the runtime passes to `_exit` for a status; the table is in
/// docs/evm.md. Each halt has its own code so that eth_call and the call tracer can name it in
/// geth's words. Stack underflow and undefined opcodes carry the stack depth / the byte in the
/// code (abi::evm_stack_underflow_code, abi::evm_undefined_opcode_code): the interpreter sets those
/// itself; the values here are for a halt with nothing known (required 1, empty stack; byte 0x0c).
namespace detail {
/// The exit codes carry geth's numbers only if no opcode takes more than
/// abi::kEvmMaxStackInputs items and none pushes more than one net item: then an overflow is
/// always 1024 items against a limit of 1023 ("stack limit reached 1024 (1023)").
constexpr bool stack_bounds_fit_exit_codes() noexcept
{
    for (const OpcodeInfo& info : kOpcodeInfo)
        if (info.stack_in > abi::kEvmMaxStackInputs || info.stack_out > info.stack_in + 1)
            return false;
    return true;
}
static_assert(stack_bounds_fit_exit_codes());
}  // namespace detail

[[nodiscard]] constexpr ExitCode exit_code_of(Status s) noexcept
{
    switch (s) {
    case Status::kSuccess:
        return ExitCode::kOk;
    case Status::kRevert:
        return ExitCode::kPanic;
    case Status::kOutOfGas:
        return ExitCode::kOutOfFuel;
    case Status::kStackUnderflow:
        return static_cast<ExitCode>(abi::evm_stack_underflow_code(0, 1));
    case Status::kStackOverflow:
        return ExitCode::kEvmStackLimitReached;
    case Status::kBadJumpDestination:
        return ExitCode::kEvmInvalidJump;
    case Status::kInvalidInstruction:
        return ExitCode::kUnreachableCodeReached;
    case Status::kUndefinedInstruction:
        return static_cast<ExitCode>(abi::evm_undefined_opcode_code(0x0c));
    case Status::kStaticStateChange:
        return ExitCode::kStateChangeDuringStaticCall;
    case Status::kReturnDataOutOfBounds:
        return ExitCode::kInputOutputOutOfBounds;
    case Status::kOutOfMemory:
        return ExitCode::kOutOfMemory;
    case Status::kHostFailure:
        return ExitCode::kUnknownError;
    }
    return ExitCode::kUnknownError;
}

struct Result {
    Status status = Status::kSuccess;
    /// exit_code_of(status), or the host's code for kHostFailure.
    ExitCode exit_code = ExitCode::kOk;
    /// Gas left; 0 after an exceptional halt.
    uint64_t gas_left = 0;
    /// RETURN/REVERT data; points into the host's memory buffer (valid until the host ends the
    /// frame). Empty for every other ending.
    const uint8_t* output = nullptr;
    uint64_t output_size = 0;
};

namespace detail {

/// The frame's memory: Host::grow_memory's buffer, the EVM memory size (a multiple of 32, what
/// MSIZE reports and gas was paid for) and the capacity obtained from the host (>= size; bytes
/// past `size` are zero).
struct Memory {
    uint8_t* data = nullptr;
    uint64_t size = 0;
    uint64_t capacity = 0;
};

/// First capacity asked of the host; later growths double it, so a program that grows memory a
/// word at a time calls the host O(log n) times.
inline constexpr uint64_t kInitialMemoryCapacity = 4096;

/// Slot of the stack array, left uninitialised: zeroing 32 KiB per frame would cost more than
/// most frames run.
union StackSlot {
    StackSlot() noexcept {}
    U256 value;
};

/// grow_memory/touch_memory result when the host refused the memory (any other negative
/// result is out of gas). Gas travels by value so that the interpreter keeps it in a register.
inline constexpr int64_t kGasOutOfMemory = INT64_MIN;

/// Obtains capacity for `new_size` bytes from the host (doubling from kInitialMemoryCapacity, so
/// a program that grows memory a word at a time calls the host O(log n) times). False when the
/// host refused.
template <Host H>
[[gnu::noinline]] bool reserve_memory(H& host, Memory& m, uint64_t new_size) noexcept
{
    uint64_t want = m.capacity < kInitialMemoryCapacity ? kInitialMemoryCapacity : m.capacity * 2;
    if (want > kMaxMemorySize)
        want = kMaxMemorySize;
    if (want < new_size)
        want = new_size;
    uint8_t* data = host.grow_memory(want);
    if (data == nullptr && want > new_size) {
        // The host may cap memory below the doubled capacity: ask for exactly what is paid.
        want = new_size;
        data = host.grow_memory(want);
    }
    if (data == nullptr)
        return false;
    m.data = data;
    m.capacity = want;
    return true;
}

/// Charges the expansion of memory to cover [0, end) and grows it (Yellow Paper §9.8).
/// Returns the gas left, negative when out of gas, kGasOutOfMemory when the host refused.
/// Inline: compiled contracts expand memory a word at a time (structarray_alloc calls this for
/// one MSTORE in seven), and the host is asked for capacity only when the doubling runs out.
template <Host H>
[[gnu::always_inline]] inline int64_t grow_memory(H& host,
                                                  Memory& m,
                                                  int64_t gas,
                                                  uint64_t end) noexcept
{
    if (end > kMaxMemorySize) [[unlikely]]
        return -1;
    const uint64_t words = num_words(end);
    gas -= memory_cost(words) - memory_cost(m.size / 32);
    if (gas < 0) [[unlikely]]
        return -1;
    const uint64_t new_size = words * 32;
    if (new_size > m.capacity) [[unlikely]] {
        if (!reserve_memory(host, m, new_size))
            return kGasOutOfMemory;
    }
    m.size = new_size;
    return gas;
}

/// Memory access check for [offset, offset + size): nothing for size 0 (the offset is then
/// ignored, Yellow Paper §9.8 M(s, f, l) = s for l = 0); otherwise charges and grows. Returns as
/// grow_memory.
template <Host H>
inline int64_t touch_memory(H& host,
                            Memory& m,
                            int64_t gas,
                            const U256& offset,
                            const U256& size) noexcept
{
    if (size.is_zero())
        return gas;
    if (!offset.fits_u64() || !size.fits_u64() || offset.words[0] > kMaxMemorySize ||
        size.words[0] > kMaxMemorySize)
        return -1;
    const uint64_t end = offset.words[0] + size.words[0];
    if (end <= m.size)
        return gas;
    return grow_memory(host, m, gas, end);
}

/// Copies `size` bytes of src[offset..] to dst, zero padded past src_size (CALLDATACOPY,
/// CODECOPY: Yellow Paper Appendix H, "0 if out of bounds").
inline void copy_padded(uint8_t* dst,
                        const uint8_t* src,
                        uint64_t src_size,
                        const U256& offset,
                        uint64_t size) noexcept
{
    uint64_t copied = 0;
    if (offset.fits_u64() && offset.words[0] < src_size) {
        const uint64_t avail = src_size - offset.words[0];
        copied = avail < size ? avail : size;
        __builtin_memcpy(dst, src + offset.words[0], copied);
    }
    if (copied < size)
        __builtin_memset(dst + copied, 0, size - copied);
}

}  // namespace detail

// Computed goto (`&&label`, `goto *p`) is a GNU extension that g++ and clang both implement;
// -Wpedantic would reject it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"

// GCC's SLP vectoriser merges the 64-bit word moves of the handlers into 16-byte vector loads and
// stores; a vector load of a stack slot the previous opcode wrote with 64-bit stores cannot be
// store-forwarded (a stall of ~10 cycles), and the packing itself costs instructions. The
// handlers move words through general registers only (u256.hpp), so the loop is built without it.
#if defined(__GNUC__) && !defined(__clang__)
#define BLEND_EVM_NO_SLP __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define BLEND_EVM_NO_SLP
#endif

/// Runs one frame. The host performs every state action; see host.hpp for the gas contract.
template <Host H>
BLEND_EVM_NO_SLP Result execute(H& host, const Message& msg) noexcept
{
    // Label table, generated from the opcode list: index == byte.
    // kDispatch enters each handler at its per-opcode stack and static-gas checks; kUnchecked
    // after them, for a block whose entry check covered them (docs/evm.md "Basic blocks").
#define BLEND_EVM_LABEL(name, byte, text, gas, in, out, imm) &&op_##name,
#define BLEND_EVM_LABEL_UNCHECKED(name, byte, text, gas, in, out, imm) &&unchecked_##name,
#define BLEND_EVM_LABEL_UNDEFINED(byte) &&op_undefined,
    static const void* const kDispatch[256] = {
        BLEND_EVM_OPCODES(BLEND_EVM_LABEL, BLEND_EVM_LABEL_UNDEFINED)};
#if BLEND_EVM_BLOCKS
    static const void* const kUnchecked[256] = {
        BLEND_EVM_OPCODES(BLEND_EVM_LABEL_UNCHECKED, BLEND_EVM_LABEL_UNDEFINED)};
#endif
#undef BLEND_EVM_LABEL
#undef BLEND_EVM_LABEL_UNCHECKED
#undef BLEND_EVM_LABEL_UNDEFINED

    if (msg.code_size == 0) {
        // No code: an immediate STOP (Yellow Paper §9.4), whatever `code` points to.
        Result empty;
        empty.gas_left = msg.gas;
        return empty;
    }
    const Context& ctx = host.context();
    const uint8_t* const code = msg.code;
    const uint8_t* ip = code;
    detail::StackSlot slots[kStackLimit + 1];
    // slots[0] is never read: sp points at the top item, and at slots[0] when the stack is empty.
    U256* const stack_base = &slots[0].value;
    U256* sp = stack_base;
    int64_t gas =
        msg.gas > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(msg.gas);
    detail::Memory mem;
    Result result;
    Status status = Status::kSuccess;
    ExitCode host_code = ExitCode::kOk;
#if BLEND_EVM_BLOCKS
    const uint16_t* const block_index = msg.blocks != nullptr ? msg.block_index : nullptr;
    const BlockInfo* const blocks = msg.blocks;
    // kUnchecked while the current block's entry check holds, else kDispatch.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    // GCC 12 kept `table` on the stack, so every dispatch loaded it first (one more load in the
    // dispatch chain ate the gain); pinned to a callee-saved register (a placement hint only, as
    // rwasm/execute_fast.cpp's fsp), the blocks gain 2-15 % (docs/evm.md "Basic blocks").
    register const void* const* table asm("r15") = kDispatch;
#else
    const void* const* table = kDispatch;
#endif
#define BLEND_EVM_DISPATCH() goto* table[*ip]
#else
#define BLEND_EVM_DISPATCH() goto* kDispatch[*ip]
#endif
#define BLEND_EVM_NEXT(n)     \
    do {                      \
        ip += (n);            \
        BLEND_EVM_DISPATCH(); \
    } while (0)
    // Stack bounds and static gas of the opcode, as compile-time constants.
#define BLEND_EVM_OP(name)                                                                         \
    op_##name:                                                                                     \
    {                                                                                              \
        constexpr OpcodeInfo kInfo = kOpcodeInfo[static_cast<uint8_t>(Opcode::k##name)];           \
        if constexpr (kInfo.stack_in > 0) {                                                        \
            if (sp < stack_base + kInfo.stack_in) [[unlikely]]                                     \
                goto stack_underflow;                                                              \
        }                                                                                          \
        if constexpr (kInfo.stack_out > kInfo.stack_in) {                                          \
            if (sp > stack_base + (kStackLimit - (kInfo.stack_out - kInfo.stack_in))) [[unlikely]] \
                goto stack_overflow;                                                               \
        }                                                                                          \
        if constexpr (kInfo.static_gas > 0) {                                                      \
            gas -= kInfo.static_gas;                                                               \
            if (gas < 0) [[unlikely]]                                                              \
                goto out_of_gas;                                                                   \
        }                                                                                          \
    }                                                                                              \
    BLEND_EVM_UNCHECKED_LABEL(name)
#if BLEND_EVM_BLOCKS
#define BLEND_EVM_UNCHECKED_LABEL(name) unchecked_##name:
    // Block entry at ip: when the block's static gas is available and the stack height is within
    // its bounds, precharge the gas and run it unchecked; otherwise run it per opcode. Every
    // block starts at pc 0, a JUMPDEST, after a JUMPI not taken or after an opcode that needs the
    // exact gas (analysis.hpp); those are the only places that call this.
#define BLEND_EVM_ENTER_BLOCK()                                          \
    do {                                                                 \
        if (block_index != nullptr) {                                    \
            const BlockInfo block_ = blocks[block_index[ip - code]];     \
            const auto height_ = static_cast<uint64_t>(sp - stack_base); \
            if (gas >= static_cast<int64_t>(block_.gas) &&               \
                height_ - block_.min_height <= block_.span) {            \
                gas -= static_cast<int64_t>(block_.gas);                 \
                table = kUnchecked;                                      \
            } else {                                                     \
                table = kDispatch;                                       \
            }                                                            \
        }                                                                \
    } while (0)
    // A JUMPDEST enters its block itself.
#define BLEND_EVM_NEXT_BLOCK(n)      \
    do {                             \
        ip += (n);                   \
        if (*ip != kOpJumpdest)      \
            BLEND_EVM_ENTER_BLOCK(); \
        BLEND_EVM_DISPATCH();        \
    } while (0)
    // A dynamic charge failed in an unchecked block: the gas precharged for the rest of the block
    // comes back and the block finishes per opcode, so the charge is decided on the gas the frame
    // would have per opcode. True when something came back (the charge is then retried).
#define BLEND_EVM_UNPRECHARGE()                                                        \
    (table == kUnchecked &&                                                            \
     (gas += remaining_block_gas(code, msg.code_size, static_cast<size_t>(ip - code)), \
      table = kDispatch, true))
#define BLEND_EVM_CHECKED() (table == kDispatch)
#else
#define BLEND_EVM_UNCHECKED_LABEL(name)
#define BLEND_EVM_ENTER_BLOCK() \
    do {                        \
    } while (0)
#define BLEND_EVM_NEXT_BLOCK(n) BLEND_EVM_NEXT(n)
#define BLEND_EVM_UNPRECHARGE() false
#define BLEND_EVM_CHECKED() true
#endif
#define BLEND_EVM_MEMORY(offset, size)                                       \
    do {                                                                     \
        int64_t g_ = detail::touch_memory(host, mem, gas, (offset), (size)); \
        if (g_ < 0) [[unlikely]] {                                           \
            if (g_ != detail::kGasOutOfMemory && BLEND_EVM_UNPRECHARGE())    \
                g_ = detail::touch_memory(host, mem, gas, (offset), (size)); \
            if (g_ < 0) {                                                    \
                gas = g_;                                                    \
                goto memory_failure;                                         \
            }                                                                \
        }                                                                    \
        gas = g_;                                                            \
    } while (0)
#define BLEND_EVM_GROW(end)                                               \
    do {                                                                  \
        int64_t g_ = detail::grow_memory(host, mem, gas, (end));          \
        if (g_ < 0) [[unlikely]] {                                        \
            if (g_ != detail::kGasOutOfMemory && BLEND_EVM_UNPRECHARGE()) \
                g_ = detail::grow_memory(host, mem, gas, (end));          \
            if (g_ < 0) {                                                 \
                gas = g_;                                                 \
                goto memory_failure;                                      \
            }                                                             \
        }                                                                 \
        gas = g_;                                                         \
    } while (0)
    // A dynamic charge the interpreter computes itself (copy words, KECCAK256 words, EXP bytes).
#define BLEND_EVM_CHARGE(amount)                     \
    do {                                             \
        gas -= (amount);                             \
        if (gas < 0) [[unlikely]] {                  \
            if (!BLEND_EVM_UNPRECHARGE() || gas < 0) \
                goto out_of_gas;                     \
        }                                            \
    } while (0)
    // G_copy per word of a size already bounded by BLEND_EVM_MEMORY.
#define BLEND_EVM_COPY_GAS(size) \
    BLEND_EVM_CHARGE(kGasCopyWord* static_cast<int64_t>(num_words((size).words[0])))
    // After a host action: its failure halts the frame; its gas is subtracted.
#define BLEND_EVM_HOST_CHARGE(res)                        \
    do {                                                  \
        if ((res).status != ExitCode::kOk) [[unlikely]] { \
            if ((res).status == ExitCode::kOutOfFuel)     \
                goto out_of_gas;                          \
            host_code = (res).status;                     \
            status = Status::kHostFailure;                \
            goto halt_exceptional;                        \
        }                                                 \
        gas -= static_cast<int64_t>((res).gas_used);      \
        if (gas < 0) [[unlikely]]                         \
            goto out_of_gas;                              \
    } while (0)
#define BLEND_EVM_STATIC_CHECK()                 \
    do {                                         \
        if (ctx.is_static) [[unlikely]] {        \
            status = Status::kStaticStateChange; \
            goto halt_exceptional;               \
        }                                        \
    } while (0)

    if (*ip != kOpJumpdest)
        BLEND_EVM_ENTER_BLOCK();
    BLEND_EVM_DISPATCH();

    // ---- 0x00s: stop and arithmetic (Yellow Paper Appendix H.2) ----
    BLEND_EVM_OP(Stop)
    goto halt_success;
    BLEND_EVM_OP(Add)
    add_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Mul)
    mul_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Sub)
    sub_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Div)
    udivrem_to(sp[0], sp[-1], &sp[-1], nullptr);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Sdiv)
    sdiv_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Mod)
    udivrem_to(sp[0], sp[-1], nullptr, &sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Smod)
    smod_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Addmod)
    copy_word(sp[-2], addmod(sp[0], sp[-1], sp[-2]));
    sp -= 2;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Mulmod)
    mulmod_to(sp[-2], sp[0], sp[-1], sp[-2]);
    sp -= 2;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Exp)
    {
        // EIP-160: 50 gas per significant byte of the exponent.
        BLEND_EVM_CHARGE(kGasExpByte * static_cast<int64_t>(count_significant_bytes(sp[-1])));
        copy_word(sp[-1], exp(sp[0], sp[-1]));
        --sp;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Signextend)
    copy_word(sp[-1], signextend(sp[0], sp[-1]));
    --sp;
    BLEND_EVM_NEXT(1);

    // ---- 0x10s: comparison and bitwise logic ----
    BLEND_EVM_OP(Lt)
    set_bool(sp[-1], less(sp[0], sp[-1]));
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Gt)
    set_bool(sp[-1], less(sp[-1], sp[0]));
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Slt)
    set_bool(sp[-1], signed_less(sp[0], sp[-1]));
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Sgt)
    set_bool(sp[-1], signed_less(sp[-1], sp[0]));
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Eq)
    set_bool(sp[-1], equal(sp[0], sp[-1]));
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Iszero)
    set_bool(sp[0], sp[0].is_zero());
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(And)
    and_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Or)
    or_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Xor)
    xor_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Not)
    not_to(sp[0], sp[0]);
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Byte)
    copy_word(sp[-1], byte(sp[0], sp[-1]));
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Shl)  // EIP-145
    shl_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Shr)
    shr_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Sar)
    sar_to(sp[-1], sp[0], sp[-1]);
    --sp;
    BLEND_EVM_NEXT(1);

    // ---- 0x20: KECCAK256 (30 + 6 per word + memory) ----
    BLEND_EVM_OP(Keccak256)
    {
        BLEND_EVM_MEMORY(sp[0], sp[-1]);
        const uint64_t size = sp[-1].words[0];
        BLEND_EVM_CHARGE(kGasKeccakWord * static_cast<int64_t>(num_words(size)));
        uint8_t digest[32];
        host.keccak256(size == 0 ? nullptr : mem.data + sp[0].words[0], size, digest);
        copy_word(sp[-1], U256::from_be_bytes(digest, 32));
        --sp;
    }
    BLEND_EVM_NEXT(1);

    // ---- 0x30s: environment ----
    BLEND_EVM_OP(Address)
    *++sp = address_to_word(ctx.address);
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Balance)
    {
        const WordResult r = host.balance(word_to_address(sp[0]), static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp[0] = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Origin)
    *++sp = address_to_word(ctx.origin);
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Caller)
    *++sp = address_to_word(ctx.caller);
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Callvalue)
    *++sp = ctx.call_value;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Calldataload)
    {
        const U256& offset = sp[0];
        if (offset.fits_u64() && offset.words[0] < msg.input_size) {
            const uint64_t off = offset.words[0];
            const uint64_t avail = msg.input_size - off;
            if (avail >= 32) {
                copy_word(sp[0], load_word(msg.input + off));
            } else {
                uint8_t word[32] = {};
                __builtin_memcpy(word, msg.input + off, avail);
                copy_word(sp[0], load_word(word));
            }
        } else {
            sp[0] = U256{};
        }
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Calldatasize)
    *++sp = U256{static_cast<uint64_t>(msg.input_size)};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Calldatacopy)
    {
        BLEND_EVM_MEMORY(sp[0], sp[-2]);
        BLEND_EVM_COPY_GAS(sp[-2]);
        const uint64_t size = sp[-2].words[0];
        if (size != 0)
            detail::copy_padded(mem.data + sp[0].words[0], msg.input, msg.input_size, sp[-1], size);
        sp -= 3;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Codesize)
    *++sp = U256{static_cast<uint64_t>(msg.code_size)};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Codecopy)
    {
        BLEND_EVM_MEMORY(sp[0], sp[-2]);
        BLEND_EVM_COPY_GAS(sp[-2]);
        const uint64_t size = sp[-2].words[0];
        if (size != 0)
            detail::copy_padded(mem.data + sp[0].words[0], code, msg.code_size, sp[-1], size);
        sp -= 3;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Gasprice)
    *++sp = ctx.gas_price;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Extcodesize)
    {
        const WordResult r = host.code_size(word_to_address(sp[0]), static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp[0] = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Extcodecopy)
    {
        // Memory expansion here; access and the 3 gas per word are the host's (CODE_COPY).
        BLEND_EVM_MEMORY(sp[-1], sp[-3]);
        const uint64_t size = sp[-3].words[0];
        if (gas < 0)
            goto out_of_gas;
        const ActionResult r = host.code_copy(word_to_address(sp[0]), saturate_u64(sp[-2]),
                                              size == 0 ? nullptr : mem.data + sp[-1].words[0],
                                              size, static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp -= 4;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Returndatasize)
    *++sp = U256{host.return_data_size()};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Returndatacopy)
    {
        BLEND_EVM_MEMORY(sp[0], sp[-2]);
        BLEND_EVM_COPY_GAS(sp[-2]);
        // EIP-211: reading past the end of the return data is an exceptional halt, even for
        // size 0 with a large offset.
        const uint64_t available = host.return_data_size();
        const uint64_t size = sp[-2].fits_u64() ? sp[-2].words[0] : ~uint64_t{0};
        if (!sp[-1].fits_u64() || sp[-1].words[0] > available ||
            size > available - sp[-1].words[0]) {
            status = Status::kReturnDataOutOfBounds;
            goto halt_exceptional;
        }
        if (size != 0)
            host.return_data_copy(mem.data + sp[0].words[0], sp[-1].words[0], size);
        sp -= 3;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Extcodehash)
    {
        const WordResult r = host.code_hash(word_to_address(sp[0]), static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp[0] = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);

    // ---- 0x40s: block information ----
    BLEND_EVM_OP(Blockhash)
    {
        const WordResult r = host.block_hash(saturate_u64(sp[0]), static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp[0] = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Coinbase)
    *++sp = address_to_word(ctx.coinbase);
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Timestamp)
    *++sp = U256{ctx.timestamp};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Number)
    *++sp = U256{ctx.block_number};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Prevrandao)
    *++sp = ctx.prev_randao;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Gaslimit)
    *++sp = U256{ctx.block_gas_limit};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Chainid)
    *++sp = U256{ctx.chain_id};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Selfbalance)
    {
        const WordResult r = host.self_balance(static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        *++sp = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Basefee)
    *++sp = ctx.base_fee;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Blobhash)
    sp[0] = U256{kBlobHash};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Blobbasefee)
    *++sp = U256{kBlobBaseFee};
    BLEND_EVM_NEXT(1);

    // ---- 0x50s: stack, memory, storage and flow ----
    BLEND_EVM_OP(Pop)
    --sp;
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Mload)
    {
        const U256& offset = sp[0];
        if (!offset.fits_u64() || offset.words[0] > kMaxMemorySize)
            goto out_of_gas;
        const uint64_t off = offset.words[0];
        if (off + 32 > mem.size)
            BLEND_EVM_GROW(off + 32);
        copy_word(sp[0], load_word(mem.data + off));
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Mstore)
    {
        const U256& offset = sp[0];
        if (!offset.fits_u64() || offset.words[0] > kMaxMemorySize)
            goto out_of_gas;
        const uint64_t off = offset.words[0];
        if (off + 32 > mem.size)
            BLEND_EVM_GROW(off + 32);
        store_word(mem.data + off, sp[-1]);
        sp -= 2;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Mstore8)
    {
        const U256& offset = sp[0];
        if (!offset.fits_u64() || offset.words[0] > kMaxMemorySize)
            goto out_of_gas;
        const uint64_t off = offset.words[0];
        if (off + 1 > mem.size)
            BLEND_EVM_GROW(off + 1);
        mem.data[off] = static_cast<uint8_t>(sp[-1].words[0]);
        sp -= 2;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Sload)
    {
        const WordResult r = host.sload(sp[0], static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp[0] = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Sstore)
    {
        BLEND_EVM_STATIC_CHECK();
        const ActionResult r = host.sstore(sp[0], sp[-1], static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp -= 2;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Jump)
    {
        const U256& dest = sp[0];
        if (!dest.fits_u64() || !is_jumpdest(msg.jumpdest_bitmap, msg.code_size, dest.words[0])) {
            status = Status::kBadJumpDestination;
            goto halt_exceptional;
        }
        ip = code + dest.words[0];
        --sp;
    }
    BLEND_EVM_DISPATCH();
    BLEND_EVM_OP(Jumpi)
    {
        if (!sp[-1].is_zero()) {
            const U256& dest = sp[0];
            if (!dest.fits_u64() ||
                !is_jumpdest(msg.jumpdest_bitmap, msg.code_size, dest.words[0])) {
                status = Status::kBadJumpDestination;
                goto halt_exceptional;
            }
            ip = code + dest.words[0];
            sp -= 2;
            BLEND_EVM_DISPATCH();
        }
        sp -= 2;
    }
    BLEND_EVM_NEXT_BLOCK(1);  // the fall-through starts a block
    BLEND_EVM_OP(Pc)
    *++sp = U256{static_cast<uint64_t>(ip - code)};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Msize)
    *++sp = U256{mem.size};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Gas)
    *++sp = U256{static_cast<uint64_t>(gas)};
    BLEND_EVM_NEXT_BLOCK(1);
op_Jumpdest:
    BLEND_EVM_UNCHECKED_LABEL(Jumpdest)
    // Every JUMPDEST starts a block; its own gas is part of the block's. Unchecked, it was
    // precharged; checked, it is charged here.
    BLEND_EVM_ENTER_BLOCK();
    if (BLEND_EVM_CHECKED()) {
        gas -= kOpcodeInfo[kOpJumpdest].static_gas;
        if (gas < 0) [[unlikely]]
            goto out_of_gas;
    }
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Tload)  // EIP-1153
    {
        const WordResult r = host.tload(sp[0], static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp[0] = r.value;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Tstore)
    {
        BLEND_EVM_STATIC_CHECK();
        const ActionResult r = host.tstore(sp[0], sp[-1], static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp -= 2;
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Mcopy)  // EIP-5656: 3 + 3 per word + expansion over both ranges
    {
        const U256& size = sp[-2];
        if (!size.is_zero()) {
            const U256& hi = sp[0] > sp[-1] ? sp[0] : sp[-1];
            BLEND_EVM_MEMORY(hi, size);
            BLEND_EVM_COPY_GAS(size);
            __builtin_memmove(mem.data + sp[0].words[0], mem.data + sp[-1].words[0], size.words[0]);
        }
        sp -= 3;
    }
    BLEND_EVM_NEXT(1);

    // ---- 0x5F-0x7F: PUSH0 (EIP-3855), PUSH1..PUSH32 ----
    BLEND_EVM_OP(Push0)
    *++sp = U256{};
    BLEND_EVM_NEXT(1);
    BLEND_EVM_OP(Push1)
    *++sp = U256{ip[1]};
    BLEND_EVM_NEXT(2);
#define BLEND_EVM_PUSH(n)                   \
    BLEND_EVM_OP(Push##n)                   \
    copy_word(*++sp, load_push<n>(ip + 1)); \
    BLEND_EVM_NEXT(n + 1);
    BLEND_EVM_PUSH(2)
    BLEND_EVM_PUSH(3)
    BLEND_EVM_PUSH(4)
    BLEND_EVM_PUSH(5)
    BLEND_EVM_PUSH(6)
    BLEND_EVM_PUSH(7)
    BLEND_EVM_PUSH(8)
    BLEND_EVM_PUSH(9)
    BLEND_EVM_PUSH(10)
    BLEND_EVM_PUSH(11)
    BLEND_EVM_PUSH(12)
    BLEND_EVM_PUSH(13)
    BLEND_EVM_PUSH(14)
    BLEND_EVM_PUSH(15)
    BLEND_EVM_PUSH(16)
    BLEND_EVM_PUSH(17)
    BLEND_EVM_PUSH(18)
    BLEND_EVM_PUSH(19)
    BLEND_EVM_PUSH(20)
    BLEND_EVM_PUSH(21)
    BLEND_EVM_PUSH(22)
    BLEND_EVM_PUSH(23)
    BLEND_EVM_PUSH(24)
    BLEND_EVM_PUSH(25)
    BLEND_EVM_PUSH(26)
    BLEND_EVM_PUSH(27)
    BLEND_EVM_PUSH(28)
    BLEND_EVM_PUSH(29)
    BLEND_EVM_PUSH(30)
    BLEND_EVM_PUSH(31)
    BLEND_EVM_PUSH(32)
#undef BLEND_EVM_PUSH

    // ---- 0x80s, 0x90s: DUP1..16, SWAP1..16 ----
#define BLEND_EVM_DUP(n)           \
    BLEND_EVM_OP(Dup##n)           \
    copy_word(sp[1], sp[1 - (n)]); \
    ++sp;                          \
    BLEND_EVM_NEXT(1);
    BLEND_EVM_DUP(1)
    BLEND_EVM_DUP(2)
    BLEND_EVM_DUP(3)
    BLEND_EVM_DUP(4)
    BLEND_EVM_DUP(5)
    BLEND_EVM_DUP(6)
    BLEND_EVM_DUP(7)
    BLEND_EVM_DUP(8)
    BLEND_EVM_DUP(9)
    BLEND_EVM_DUP(10)
    BLEND_EVM_DUP(11)
    BLEND_EVM_DUP(12)
    BLEND_EVM_DUP(13)
    BLEND_EVM_DUP(14)
    BLEND_EVM_DUP(15)
    BLEND_EVM_DUP(16)
#undef BLEND_EVM_DUP
#define BLEND_EVM_SWAP(n)        \
    BLEND_EVM_OP(Swap##n)        \
    swap_words(sp[0], sp[-(n)]); \
    BLEND_EVM_NEXT(1);
    BLEND_EVM_SWAP(1)
    BLEND_EVM_SWAP(2)
    BLEND_EVM_SWAP(3)
    BLEND_EVM_SWAP(4)
    BLEND_EVM_SWAP(5)
    BLEND_EVM_SWAP(6)
    BLEND_EVM_SWAP(7)
    BLEND_EVM_SWAP(8)
    BLEND_EVM_SWAP(9)
    BLEND_EVM_SWAP(10)
    BLEND_EVM_SWAP(11)
    BLEND_EVM_SWAP(12)
    BLEND_EVM_SWAP(13)
    BLEND_EVM_SWAP(14)
    BLEND_EVM_SWAP(15)
    BLEND_EVM_SWAP(16)
#undef BLEND_EVM_SWAP

    // ---- 0xA0s: LOG0..LOG4 (memory here; 375 + 375 n + 8 per byte are the host's) ----
#define BLEND_EVM_LOG(n)                                                                 \
    BLEND_EVM_OP(Log##n)                                                                 \
    {                                                                                    \
        BLEND_EVM_STATIC_CHECK();                                                        \
        BLEND_EVM_MEMORY(sp[0], sp[-1]);                                                 \
        const uint64_t size = sp[-1].words[0];                                           \
        U256 topics[4];                                                                  \
        for (int i = 0; i < (n); ++i)                                                    \
            topics[i] = sp[-2 - i];                                                      \
        const ActionResult r =                                                           \
            host.log(topics, (n), size == 0 ? nullptr : mem.data + sp[0].words[0], size, \
                     static_cast<uint64_t>(gas));                                        \
        BLEND_EVM_HOST_CHARGE(r);                                                        \
        sp -= 2 + (n);                                                                   \
    }                                                                                    \
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_LOG(0)
    BLEND_EVM_LOG(1)
    BLEND_EVM_LOG(2)
    BLEND_EVM_LOG(3)
    BLEND_EVM_LOG(4)
#undef BLEND_EVM_LOG

    // ---- 0xF0s: system operations ----
    BLEND_EVM_OP(Create)
    {
        BLEND_EVM_STATIC_CHECK();
        BLEND_EVM_MEMORY(sp[-1], sp[-2]);
        CreateParams p;
        p.value = sp[0];
        p.init_code_size = sp[-2].words[0];
        p.init_code = p.init_code_size == 0 ? nullptr : mem.data + sp[-1].words[0];
        const CreateResult r = host.create(p, static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp -= 2;
        sp[0] = r.child_status == ExitCode::kOk ? address_to_word(r.address) : U256{};
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Create2)  // EIP-1014
    {
        BLEND_EVM_STATIC_CHECK();
        BLEND_EVM_MEMORY(sp[-1], sp[-2]);
        CreateParams p;
        p.is_create2 = true;
        p.value = sp[0];
        p.salt = sp[-3];
        p.init_code_size = sp[-2].words[0];
        p.init_code = p.init_code_size == 0 ? nullptr : mem.data + sp[-1].words[0];
        const CreateResult r = host.create(p, static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
        sp -= 3;
        sp[0] = r.child_status == ExitCode::kOk ? address_to_word(r.address) : U256{};
    }
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Call)
    {
        if (!sp[-2].is_zero())
            BLEND_EVM_STATIC_CHECK();  // EIP-214: value transfer in a static context
        goto do_call;
    }
    BLEND_EVM_OP(Callcode)
    goto do_call;
    BLEND_EVM_OP(Delegatecall)
    goto do_call;
    BLEND_EVM_OP(Staticcall)
    goto do_call;
do_call : {
    // Stack: gas, address, [value,] args offset, args size, ret offset, ret size.
    const uint8_t op = *ip;
    const bool has_value =
        op == static_cast<uint8_t>(Opcode::kCall) || op == static_cast<uint8_t>(Opcode::kCallcode);
    const int a = has_value ? -3 : -2;  // args offset
    BLEND_EVM_MEMORY(sp[a], sp[a - 1]);
    BLEND_EVM_MEMORY(sp[a - 2], sp[a - 3]);
    CallParams p;
    p.kind = op == static_cast<uint8_t>(Opcode::kCall)           ? CallKind::kCall
             : op == static_cast<uint8_t>(Opcode::kCallcode)     ? CallKind::kCallCode
             : op == static_cast<uint8_t>(Opcode::kDelegatecall) ? CallKind::kDelegateCall
                                                                 : CallKind::kStaticCall;
    p.target = word_to_address(sp[-1]);
    if (has_value)
        p.value = sp[-2];
    p.input_size = sp[a - 1].words[0];
    p.input = p.input_size == 0 ? nullptr : mem.data + sp[a].words[0];
    p.gas_requested = saturate_u64(sp[0]);
    const uint64_t ret_size = sp[a - 3].is_zero() ? 0 : sp[a - 3].words[0];
    const uint64_t ret_offset = ret_size == 0 ? 0 : sp[a - 2].words[0];
    const CallResult r = host.call(p, static_cast<uint64_t>(gas));
    BLEND_EVM_HOST_CHARGE(r);
    if (ret_size != 0) {
        const uint64_t available = host.return_data_size();
        const uint64_t n = available < ret_size ? available : ret_size;
        if (n != 0)
            host.return_data_copy(mem.data + ret_offset, 0, n);
    }
    sp += a - 3;
    sp[0] = U256{r.child_status == ExitCode::kOk ? 1u : 0u};
}
    BLEND_EVM_NEXT_BLOCK(1);
    BLEND_EVM_OP(Return)
    {
        BLEND_EVM_MEMORY(sp[0], sp[-1]);
        result.output_size = sp[-1].is_zero() ? 0 : sp[-1].words[0];
        result.output = result.output_size == 0 ? nullptr : mem.data + sp[0].words[0];
    }
    goto halt_success;
    BLEND_EVM_OP(Revert)  // EIP-140
    {
        BLEND_EVM_MEMORY(sp[0], sp[-1]);
        result.output_size = sp[-1].is_zero() ? 0 : sp[-1].words[0];
        result.output = result.output_size == 0 ? nullptr : mem.data + sp[0].words[0];
        result.status = Status::kRevert;
        result.exit_code = ExitCode::kPanic;
        result.gas_left = static_cast<uint64_t>(gas);
        return result;
    }
    BLEND_EVM_OP(Invalid)  // EIP-141
    status = Status::kInvalidInstruction;
    goto halt_exceptional;
    BLEND_EVM_OP(Selfdestruct)
    {
        BLEND_EVM_STATIC_CHECK();
        const ActionResult r =
            host.selfdestruct(word_to_address(sp[0]), static_cast<uint64_t>(gas));
        BLEND_EVM_HOST_CHARGE(r);
    }
    goto halt_success;

op_undefined:
    status = Status::kUndefinedInstruction;
    host_code = static_cast<ExitCode>(abi::evm_undefined_opcode_code(*ip));
    goto halt_exceptional;
stack_underflow:
    // geth's ErrStackUnderflow names the depth and what the opcode takes (core/vm/errors.go).
    status = Status::kStackUnderflow;
    host_code = static_cast<ExitCode>(abi::evm_stack_underflow_code(
        static_cast<uint32_t>(sp - stack_base), kOpcodeInfo[*ip].stack_in));
    goto halt_exceptional;
stack_overflow:
    status = Status::kStackOverflow;
    goto halt_exceptional;
out_of_gas:
    status = Status::kOutOfGas;
    goto halt_exceptional;
memory_failure:
    status = gas == detail::kGasOutOfMemory ? Status::kOutOfMemory : Status::kOutOfGas;
    goto halt_exceptional;
halt_exceptional:
    result.status = status;
    // host_code: the host's code for kHostFailure, the detailed code for an underflow or an
    // undefined opcode.
    result.exit_code = host_code != ExitCode::kOk ? host_code : exit_code_of(status);
    result.gas_left = 0;
    result.output = nullptr;
    result.output_size = 0;
    return result;
halt_success:
    result.status = Status::kSuccess;
    result.exit_code = ExitCode::kOk;
    result.gas_left = static_cast<uint64_t>(gas);
    return result;

#undef BLEND_EVM_DISPATCH
#undef BLEND_EVM_NEXT
#undef BLEND_EVM_OP
#undef BLEND_EVM_ENTER_BLOCK
#undef BLEND_EVM_NEXT_BLOCK
#undef BLEND_EVM_UNPRECHARGE
#undef BLEND_EVM_CHARGE
#undef BLEND_EVM_CHECKED
#undef BLEND_EVM_UNCHECKED_LABEL
#undef BLEND_EVM_MEMORY
#undef BLEND_EVM_GROW
#undef BLEND_EVM_COPY_GAS
#undef BLEND_EVM_HOST_CHARGE
#undef BLEND_EVM_STATIC_CHECK
}

#pragma GCC diagnostic pop

}  // namespace blend::evm
