// SPDX-License-Identifier: Apache-2.0
// 0x09 BLAKE2F: the BLAKE2b compression function F with a caller-chosen number of rounds
// (EIP-152; the function itself is RFC 7693 §3.2).
#include "execution/precompiles/precompiles.hpp"

#include <bit>
#include <cstring>

namespace blend::precompiles {

namespace {

/// EIP-152: rounds (4) ‖ h (64) ‖ m (128) ‖ t (16) ‖ f (1).
constexpr size_t kInputSize = 213;

/// RFC 7693 §2.6: the SHA-512 initial hash words.
constexpr uint64_t kIv[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                             0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                             0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

/// RFC 7693 §2.7: the message schedule; round i uses row i mod 10.
constexpr uint8_t kSigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

inline uint64_t rotr(uint64_t x, int n) noexcept
{
    return (x >> n) | (x << (64 - n));
}

inline uint64_t load_le(const uint8_t* p) noexcept
{
    if constexpr (std::endian::native == std::endian::little) {
        uint64_t v;  // one unaligned load instead of eight byte loads and shifts
        std::memcpy(&v, p, 8);
        return v;
    } else {
        uint64_t v = 0;
        for (int i = 7; i >= 0; --i)
            v = (v << 8) | p[i];
        return v;
    }
}

inline void store_le(uint8_t* p, uint64_t v) noexcept
{
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(p, &v, 8);
    } else {
        for (size_t j = 0; j < 8; ++j)
            p[j] = static_cast<uint8_t>(v >> (8 * j));
    }
}

/// RFC 7693 §3.1: the mixing function G, on references so the state stays in registers.
inline void mix(uint64_t& a, uint64_t& b, uint64_t& c, uint64_t& d, uint64_t x, uint64_t y) noexcept
{
    a = a + b + x;
    d = rotr(d ^ a, 32);
    c = c + d;
    b = rotr(b ^ c, 24);
    a = a + b + y;
    d = rotr(d ^ a, 16);
    c = c + d;
    b = rotr(b ^ c, 63);
}

/// One round with row R of the schedule.
template <int R>
inline void round(uint64_t& v0,
                  uint64_t& v1,
                  uint64_t& v2,
                  uint64_t& v3,
                  uint64_t& v4,
                  uint64_t& v5,
                  uint64_t& v6,
                  uint64_t& v7,
                  uint64_t& v8,
                  uint64_t& v9,
                  uint64_t& v10,
                  uint64_t& v11,
                  uint64_t& v12,
                  uint64_t& v13,
                  uint64_t& v14,
                  uint64_t& v15,
                  const uint64_t* m) noexcept
{
    constexpr const uint8_t* s = kSigma[R];
    mix(v0, v4, v8, v12, m[s[0]], m[s[1]]);
    mix(v1, v5, v9, v13, m[s[2]], m[s[3]]);
    mix(v2, v6, v10, v14, m[s[4]], m[s[5]]);
    mix(v3, v7, v11, v15, m[s[6]], m[s[7]]);
    mix(v0, v5, v10, v15, m[s[8]], m[s[9]]);
    mix(v1, v6, v11, v12, m[s[10]], m[s[11]]);
    mix(v2, v7, v8, v13, m[s[12]], m[s[13]]);
    mix(v3, v4, v9, v14, m[s[14]], m[s[15]]);
}

uint32_t read_rounds(BytesView input) noexcept
{
    return (uint32_t{input[0]} << 24) | (uint32_t{input[1]} << 16) | (uint32_t{input[2]} << 8) |
           uint32_t{input[3]};
}

}  // namespace

// EIP-152: one gas per round.
uint64_t blake2f_gas(BytesView input)
{
    if (input.size() != kInputSize)
        return 0;  // the run fails anyway and a failure consumes all gas
    return read_rounds(input);
}

Result<Bytes, PrecompileError> blake2f_run(BytesView input)
{
    if (input.size() != kInputSize)
        return Unexpected{PrecompileError::kInvalidInputLength};
    const uint8_t final_flag = input[212];
    if (final_flag > 1)
        return Unexpected{PrecompileError::kInvalidFinalFlag};
    const uint32_t rounds = read_rounds(input);

    uint64_t h[8];
    uint64_t m[16];
    for (size_t i = 0; i < 8; ++i)
        h[i] = load_le(input.data() + 4 + 8 * i);
    for (size_t i = 0; i < 16; ++i)
        m[i] = load_le(input.data() + 68 + 8 * i);
    const uint64_t t0 = load_le(input.data() + 196);
    const uint64_t t1 = load_le(input.data() + 204);

    uint64_t v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
    uint64_t v8 = kIv[0], v9 = kIv[1], v10 = kIv[2], v11 = kIv[3], v12 = kIv[4] ^ t0,
             v13 = kIv[5] ^ t1, v14 = kIv[6], v15 = kIv[7];
    if (final_flag == 1)
        v14 = ~v14;
    // Ten rounds at a time with the schedule as compile-time constants (the message words are
    // then plain loads), then the remaining rounds.
    uint32_t left = rounds;
    while (left >= 10) {
        round<0>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<1>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<2>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<3>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<4>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<5>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<6>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<7>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<8>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        round<9>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
        left -= 10;
    }
    // The last rounds (fewer than ten) also with compile-time schedule rows: EIP-152 calls use
    // 12 rounds in practice, and a runtime-indexed schedule cost more than the rounds themselves.
#define BLEND_BLAKE2F_TAIL(R) \
    if (left > (R))           \
        round<(R)>(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, m);
    BLEND_BLAKE2F_TAIL(0)
    BLEND_BLAKE2F_TAIL(1)
    BLEND_BLAKE2F_TAIL(2)
    BLEND_BLAKE2F_TAIL(3)
    BLEND_BLAKE2F_TAIL(4)
    BLEND_BLAKE2F_TAIL(5)
    BLEND_BLAKE2F_TAIL(6)
    BLEND_BLAKE2F_TAIL(7)
    BLEND_BLAKE2F_TAIL(8)
#undef BLEND_BLAKE2F_TAIL
    const uint64_t v[16] = {v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15};
    Bytes out(64);
    for (size_t i = 0; i < 8; ++i)
        store_le(out.data() + 8 * i, h[i] ^ v[i] ^ v[i + 8]);
    return out;
}

}  // namespace blend::precompiles
