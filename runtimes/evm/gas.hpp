// SPDX-License-Identifier: Apache-2.0
// The gas the interpreter charges beyond each opcode's static cost (runtimes/evm/opcodes.hpp):
// memory expansion, copy words, KECCAK256 words, EXP bytes. Everything else that depends on state
// is the host's (docs/evm.md, "Gas split").
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

/// Yellow Paper Appendix G, G_memory: linear cost per word of memory.
inline constexpr int64_t kGasMemoryWord = 3;
/// Yellow Paper §9.8 (C_mem): the quadratic term is words^2 / 512.
inline constexpr uint64_t kMemoryQuadraticDivisor = 512;
/// Yellow Paper Appendix G, G_copy: per word copied by *COPY opcodes (and MCOPY, EIP-5656).
inline constexpr int64_t kGasCopyWord = 3;
/// Yellow Paper Appendix G, G_keccak256word.
inline constexpr int64_t kGasKeccakWord = 6;
/// EIP-160: EXP costs 50 per byte of the exponent.
inline constexpr int64_t kGasExpByte = 50;
/// Yellow Paper §9.1: the stack holds at most 1024 items.
inline constexpr int kStackLimit = 1024;

/// Largest memory size (bytes) the interpreter will expand to: 2^32. Expanding to it costs
/// 3 * 2^27 + 2^54 / 512 > 3.5 * 10^13 gas, far above any block gas limit, so refusing anything
/// larger as out of gas is exact for every frame with less than that much gas, and keeps every
/// size computation inside 64 bits.
inline constexpr uint64_t kMaxMemorySize = uint64_t{1} << 32;

/// Words (32 bytes) needed for `size` bytes.
[[nodiscard]] constexpr uint64_t num_words(uint64_t size) noexcept
{
    return (size + 31) / 32;
}

/// Yellow Paper §9.8, C_mem(a) = G_memory * a + a^2 / 512 for a memory of `words` words
/// (words <= kMaxMemorySize / 32, so no overflow).
[[nodiscard]] constexpr int64_t memory_cost(uint64_t words) noexcept
{
    return static_cast<int64_t>(static_cast<uint64_t>(kGasMemoryWord) * words +
                                words * words / kMemoryQuadraticDivisor);
}

}  // namespace blend::evm
