// SPDX-License-Identifier: Apache-2.0
// The EVM's 256-bit word. The arithmetic itself is core/freestanding/u256.hpp (four 64-bit limbs,
// normalised Knuth D with 2-by-1 / 3-by-2 reciprocals, a 32x32 portable path on wasm32 where
// 128-bit multiplication and division would need compiler-rt; tested against
// Boost.Multiprecision in tests/core/u256_test.cpp). This header adds what the interpreter needs
// on top: big-endian memory loads and stores of whole words and address conversions.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include "core/freestanding/u256.hpp"
#include "runtimes/sdk/types.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

using blend::U256;

// Every target the runtime is built for (x86-64, arm64, wasm32) is little-endian; the word
// loads below byte-swap 64-bit lanes on that assumption.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "runtimes/evm assumes little-endian");

/// 64 bits big-endian from 8 bytes at p.
[[nodiscard]] inline uint64_t load_be64(const uint8_t* p) noexcept
{
    uint64_t x;
    __builtin_memcpy(&x, p, 8);
    return __builtin_bswap64(x);
}

inline void store_be64(uint8_t* p, uint64_t v) noexcept
{
    const uint64_t x = __builtin_bswap64(v);
    __builtin_memcpy(p, &x, 8);
}

/// The 32-byte big-endian word at p (MLOAD, CALLDATALOAD).
[[nodiscard]] inline U256 load_word(const uint8_t* p) noexcept
{
    return U256::from_words(load_be64(p + 24), load_be64(p + 16), load_be64(p + 8), load_be64(p));
}

/// Stores x as 32 bytes big-endian at p (MSTORE).
inline void store_word(uint8_t* p, const U256& x) noexcept
{
    store_be64(p, x.words[3]);
    store_be64(p + 8, x.words[2]);
    store_be64(p + 16, x.words[1]);
    store_be64(p + 24, x.words[0]);
}

/// The N-byte big-endian immediate of PUSHN at p (N in 1..32). The code buffer is padded
/// (kCodePadding), so a PUSH truncated by the end of the code reads zeros, as the Yellow Paper
/// §9.4.1 requires.
template <unsigned N>
[[nodiscard]] inline U256 load_push(const uint8_t* p) noexcept
{
    static_assert(N >= 1 && N <= 32);
    U256 r;
    unsigned left = N;
    unsigned w = 0;
    while (left >= 8) {
        r.words[w++] = load_be64(p + left - 8);
        left -= 8;
    }
    if (left != 0) {
        uint64_t x = 0;
        for (unsigned i = 0; i < left; ++i)
            x = (x << 8) | p[i];
        r.words[w] = x;
    }
    return r;
}

/// An address as a stack word (ADDRESS, CALLER, ..., CREATE's result).
[[nodiscard]] inline U256 address_to_word(const sdk::Address& a) noexcept
{
    return U256::from_words(load_be64(a.bytes + 12), load_be64(a.bytes + 4),
                            (static_cast<uint64_t>(a.bytes[0]) << 24) |
                                (static_cast<uint64_t>(a.bytes[1]) << 16) |
                                (static_cast<uint64_t>(a.bytes[2]) << 8) | a.bytes[3],
                            0);
}

/// The low 160 bits of a stack word as an address (BALANCE, CALL, ...: Yellow Paper §9.4.2,
/// addresses are taken modulo 2^160).
[[nodiscard]] inline sdk::Address word_to_address(const U256& x) noexcept
{
    sdk::Address a;
    const uint32_t top = static_cast<uint32_t>(x.words[2]);
    a.bytes[0] = static_cast<uint8_t>(top >> 24);
    a.bytes[1] = static_cast<uint8_t>(top >> 16);
    a.bytes[2] = static_cast<uint8_t>(top >> 8);
    a.bytes[3] = static_cast<uint8_t>(top);
    store_be64(a.bytes + 4, x.words[1]);
    store_be64(a.bytes + 12, x.words[0]);
    return a;
}

/// x as a 64-bit number, or 2^64-1 when it does not fit (offsets and numbers that the host
/// treats as "past any end").
[[nodiscard]] inline uint64_t saturate_u64(const U256& x) noexcept
{
    return x.fits_u64() ? x.words[0] : ~uint64_t{0};
}

}  // namespace blend::evm
