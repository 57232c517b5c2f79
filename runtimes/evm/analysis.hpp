// SPDX-License-Identifier: Apache-2.0
// Jump-destination analysis (Yellow Paper §9.4.3, "Jump Destination Validity"): a JUMP or JUMPI
// may only land on a JUMPDEST byte (0x5B) that is an instruction, not part of a PUSH immediate.
// The analysis runs once when the code is deployed; the bitmap is stored next to the bytecode
// (the integration engineer's metadata layout, docs/abi.md §7) and handed to every execution.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

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

}  // namespace blend::evm
