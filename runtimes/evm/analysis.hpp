// SPDX-License-Identifier: Apache-2.0
// Jump-destination analysis (Yellow Paper §9.4.3, "Jump Destination Validity"): a JUMP or JUMPI
// may only land on a JUMPDEST byte (0x5B) that is an instruction, not part of a PUSH immediate.
// The analysis runs once when the code is deployed; the bitmap is stored next to the bytecode
// (the integration engineer's metadata layout, docs/abi.md §7) and handed to every execution.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include "runtimes/evm/gas.hpp"
#include "runtimes/evm/opcodes.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

inline constexpr uint8_t kOpJumpdest = 0x5B;
inline constexpr uint8_t kOpPush1 = 0x60;
inline constexpr uint8_t kOpPush32 = 0x7F;

/// Bytes of the bitmap for code of `code_size` bytes: one bit per code byte, rounded up.
[[nodiscard]] constexpr size_t jumpdest_bitmap_size(size_t code_size) noexcept
{
    return (code_size + 7) / 8;
}

/// Writes the bitmap of valid jump destinations of `code` to `bitmap`
/// (jumpdest_bitmap_size(code_size) bytes): bit (i % 8) of byte i / 8 is set iff code[i] is a
/// JUMPDEST instruction. A PUSH truncated by the end of the code simply ends the analysis.
constexpr void analyze(const uint8_t* code, size_t code_size, uint8_t* bitmap) noexcept
{
    const size_t bitmap_size = jumpdest_bitmap_size(code_size);
    for (size_t i = 0; i < bitmap_size; ++i)
        bitmap[i] = 0;
    for (size_t i = 0; i < code_size; ++i) {
        const uint8_t op = code[i];
        if (op == kOpJumpdest) {
            bitmap[i / 8] = static_cast<uint8_t>(bitmap[i / 8] | (1u << (i % 8)));
        } else if (op >= kOpPush1 && op <= kOpPush32) {
            i += static_cast<size_t>(op - kOpPush1 + 1);  // skip the immediate
        }
    }
}

/// Whether `dest` is a valid jump destination of code of `code_size` bytes with this bitmap.
[[nodiscard]] constexpr bool is_jumpdest(const uint8_t* bitmap,
                                         size_t code_size,
                                         uint64_t dest) noexcept
{
    return dest < code_size && ((bitmap[dest / 8] >> (dest % 8)) & 1) != 0;
}

// ---- Basic blocks (docs/evm.md "Basic blocks") ---------------------------------------------
//
// The code is split into basic blocks once, at deploy. A block starts at pc 0, at every JUMPDEST
// and after every instruction that ends one; it ends after an instruction that transfers control
// (JUMP, JUMPI), halts (STOP, RETURN, REVERT, INVALID, SELFDESTRUCT, an undefined byte), or needs
// the frame's exact gas: GAS (it pushes the gas left) and every opcode that passes gas_left to the
// host (SLOAD, SSTORE, TLOAD, TSTORE, BALANCE, EXTCODE*, BLOCKHASH, SELFBALANCE, LOG*, CREATE*,
// CALL*). Ending blocks at those, rather than adding back the precharged gas of the rest of the
// block before each host call, keeps the host's view exact by construction (EIP-150's 63/64,
// EIP-2200's 2300 sentry, the host's own out-of-gas) at the cost of one block check per host
// action, which costs far more itself.
//
// Per block: the sum of the static gas of its instructions and the stack heights it runs under.
// The interpreter checks them once at the block's entry and runs the block without per-opcode
// static-gas and stack checks when they hold, and per opcode otherwise (interpreter.hpp).

/// One block's record. `gas` is the static gas of all its instructions; the block can run
/// unchecked at entry height h iff min_height <= h <= min_height + span (span = 1024 − max growth
/// − min_height). A block that can never run unchecked has min_height = kBlockNeverUnchecked.
struct BlockInfo {
    uint32_t gas = 0;
    uint16_t min_height = 0;
    uint16_t span = 0;
};
static_assert(sizeof(BlockInfo) == 8);

inline constexpr uint16_t kBlockNeverUnchecked = 0xFFFF;

/// Blocks are numbered from 1 in code order in a u16 per code byte (0: no block starts there, and
/// record 0 is a sentinel that never runs unchecked), so code with more blocks than this is run
/// checked throughout (no table). EIP-3860's 49,152-byte init code has at most 49,153 blocks, so
/// every deployable code and init code fits.
inline constexpr size_t kMaxBlocks = 0xFFFF - 1;

namespace detail {
constexpr bool compute_ends_block(uint8_t op) noexcept
{
    if (!kOpcodeInfo[op].defined)
        return true;
    switch (static_cast<Opcode>(op)) {
    case Opcode::kStop:
    case Opcode::kJump:
    case Opcode::kJumpi:
    case Opcode::kReturn:
    case Opcode::kRevert:
    case Opcode::kInvalid:
    case Opcode::kSelfdestruct:
    case Opcode::kGas:
    case Opcode::kBalance:
    case Opcode::kExtcodesize:
    case Opcode::kExtcodecopy:
    case Opcode::kExtcodehash:
    case Opcode::kBlockhash:
    case Opcode::kSelfbalance:
    case Opcode::kSload:
    case Opcode::kSstore:
    case Opcode::kTload:
    case Opcode::kTstore:
    case Opcode::kLog0:
    case Opcode::kLog1:
    case Opcode::kLog2:
    case Opcode::kLog3:
    case Opcode::kLog4:
    case Opcode::kCreate:
    case Opcode::kCall:
    case Opcode::kCallcode:
    case Opcode::kDelegatecall:
    case Opcode::kCreate2:
    case Opcode::kStaticcall:
        return true;
    default:
        return false;
    }
}

struct EndsBlockTable {
    bool value[256];
};

constexpr EndsBlockTable make_ends_block_table() noexcept
{
    EndsBlockTable t{};
    for (unsigned op = 0; op < 256; ++op)
        t.value[op] = compute_ends_block(static_cast<uint8_t>(op));
    return t;
}

inline constexpr EndsBlockTable kEndsBlock = make_ends_block_table();

/// The block being built by analyze_blocks.
struct BlockBuilder {
    uint64_t gas = 0;
    int32_t height = 0;  ///< relative to the entry
    int32_t need = 0;
    int32_t growth = 0;

    constexpr void add(uint8_t op) noexcept
    {
        const OpcodeInfo& info = kOpcodeInfo[op];
        gas += info.static_gas;
        if (static_cast<int32_t>(info.stack_in) - height > need)
            need = static_cast<int32_t>(info.stack_in) - height;
        height += static_cast<int32_t>(info.stack_out) - static_cast<int32_t>(info.stack_in);
        if (height > growth)
            growth = height;
    }

    [[nodiscard]] constexpr BlockInfo finish() const noexcept
    {
        BlockInfo b;
        if (need + growth > kStackLimit || gas > 0xFFFF'FFFFu) {
            b.gas = 0xFFFF'FFFFu;
            b.min_height = kBlockNeverUnchecked;
            return b;
        }
        b.gas = static_cast<uint32_t>(gas);
        b.min_height = static_cast<uint16_t>(need);
        b.span = static_cast<uint16_t>(kStackLimit - growth - need);
        return b;
    }
};
}  // namespace detail

/// Whether the block containing an instruction `op` ends after it (the rule above).
[[nodiscard]] constexpr bool ends_block(uint8_t op) noexcept
{
    return detail::kEndsBlock.value[op];
}

/// Number of block records analyze_blocks writes for `code` (the sentinel record 0 included).
[[nodiscard]] constexpr size_t count_blocks(const uint8_t* code, size_t code_size) noexcept
{
    size_t blocks = 1;  // the sentinel
    bool at_start = true;
    for (size_t pc = 0; pc < code_size; ++pc) {
        const uint8_t op = code[pc];
        if (at_start || op == kOpJumpdest)
            ++blocks;
        at_start = ends_block(op);
        pc += kOpcodeInfo[op].immediate;
    }
    return blocks;
}

/// Splits `code` into basic blocks: index[pc] (code_size + 1 entries, the last 0) is the number
/// of the block starting at pc, 0 where none starts; blocks[0] is the sentinel, blocks[1 ..
/// count_blocks(code) - 1] the blocks in code order. False (nothing written) when the code has
/// more than kMaxBlocks blocks: the caller then runs it checked (no table).
constexpr bool analyze_blocks(const uint8_t* code,
                              size_t code_size,
                              uint16_t* index,
                              BlockInfo* blocks) noexcept
{
    if (count_blocks(code, code_size) - 1 > kMaxBlocks)
        return false;
    for (size_t i = 0; i <= code_size; ++i)
        index[i] = 0;
    blocks[0] = BlockInfo{0xFFFF'FFFFu, kBlockNeverUnchecked, 0};
    size_t n = 0;  // blocks written after the sentinel
    detail::BlockBuilder current;
    bool at_start = true;
    for (size_t pc = 0; pc < code_size; ++pc) {
        const uint8_t op = code[pc];
        if (at_start || op == kOpJumpdest) {
            if (n != 0)
                blocks[n] = current.finish();
            ++n;
            index[pc] = static_cast<uint16_t>(n);
            current = detail::BlockBuilder{};
        }
        current.add(op);
        at_start = ends_block(op);
        pc += kOpcodeInfo[op].immediate;
    }
    if (n != 0)
        blocks[n] = current.finish();
    return true;
}

/// The static gas of the instructions after the one at `pc` up to the end of its block: what a
/// block entry precharged for them. The interpreter adds it back when a dynamic charge fails in
/// an unchecked block, and finishes the block checked (the halt then happens where it would
/// have per opcode).
[[nodiscard]] constexpr int64_t remaining_block_gas(const uint8_t* code,
                                                    size_t code_size,
                                                    size_t pc) noexcept
{
    if (pc >= code_size || ends_block(code[pc]))
        return 0;
    int64_t gas = 0;
    for (pc += 1 + kOpcodeInfo[code[pc]].immediate; pc < code_size;
         pc += 1 + kOpcodeInfo[code[pc]].immediate) {
        const uint8_t op = code[pc];
        if (op == kOpJumpdest)
            break;
        gas += kOpcodeInfo[op].static_gas;
        if (ends_block(op))
            break;
    }
    return gas;
}

}  // namespace blend::evm
