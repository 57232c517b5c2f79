// SPDX-License-Identifier: Apache-2.0
#include "core/freestanding/keccak.hpp"

namespace blend {

namespace {

// FIPS 202 §3.2.5: the round constants RC[i] of the iota step.
constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
};

// FIPS 202 §3.2.2-3.2.3: rho offsets and pi lane order, walked as one cycle over 24 lanes.
constexpr unsigned kRhoOffsets[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                      27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
constexpr unsigned kPiLanes[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                   15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

constexpr uint64_t rotl(uint64_t x, unsigned n) noexcept
{
    return (x << n) | (x >> ((64 - n) & 63));
}

// Lanes are little-endian 64-bit words (FIPS 202 §B.1); load and store byte by byte so the
// code is right on any host and any alignment.
inline uint64_t load_le64(const uint8_t* p) noexcept
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i)
        v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}

inline void absorb_block(uint64_t state[25], const uint8_t* block) noexcept
{
    for (unsigned i = 0; i < Keccak256Hasher::kRate / 8; ++i)
        state[i] ^= load_le64(block + size_t{8} * i);
    keccak_f1600(state);
}

}  // namespace

void keccak_f1600(uint64_t state[25]) noexcept
{
    for (const uint64_t round_constant : kRoundConstants) {
        // theta
        uint64_t c[5];
        for (unsigned x = 0; x < 5; ++x)
            c[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
        for (unsigned x = 0; x < 5; ++x) {
            const uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
            for (unsigned y = 0; y < 25; y += 5)
                state[y + x] ^= d;
        }
        // rho and pi
        uint64_t carried = state[1];
        for (unsigned i = 0; i < 24; ++i) {
            const unsigned lane = kPiLanes[i];
            const uint64_t next = state[lane];
            state[lane] = rotl(carried, kRhoOffsets[i]);
            carried = next;
        }
        // chi
        for (unsigned y = 0; y < 25; y += 5) {
            const uint64_t a0 = state[y], a1 = state[y + 1], a2 = state[y + 2], a3 = state[y + 3],
                           a4 = state[y + 4];
            state[y] = a0 ^ (~a1 & a2);
            state[y + 1] = a1 ^ (~a2 & a3);
            state[y + 2] = a2 ^ (~a3 & a4);
            state[y + 3] = a3 ^ (~a4 & a0);
            state[y + 4] = a4 ^ (~a0 & a1);
        }
        // iota
        state[0] ^= round_constant;
    }
}

void Keccak256Hasher::update(const uint8_t* data, size_t size) noexcept
{
    if (buffered_ != 0) {
        while (size != 0 && buffered_ < kRate) {
            buffer_[buffered_++] = *data++;
            --size;
        }
        if (buffered_ < kRate)
            return;
        absorb_block(state_, buffer_);
        buffered_ = 0;
    }
    while (size >= kRate) {
        absorb_block(state_, data);
        data += kRate;
        size -= kRate;
    }
    for (size_t i = 0; i < size; ++i)
        buffer_[i] = data[i];
    buffered_ = size;
}

void Keccak256Hasher::finish(uint8_t* out) noexcept
{
    // Keccak's pad10*1 with the 0x01 domain byte (pre-FIPS Keccak, as Ethereum uses).
    for (size_t i = buffered_; i < kRate; ++i)
        buffer_[i] = 0;
    buffer_[buffered_] ^= 0x01;
    buffer_[kRate - 1] ^= 0x80;
    absorb_block(state_, buffer_);
    for (unsigned i = 0; i < kDigestSize; ++i)
        out[i] = static_cast<uint8_t>(state_[i / 8] >> (8 * (i % 8)));
}

void keccak256(const uint8_t* data, size_t size, uint8_t* out) noexcept
{
    Keccak256Hasher hasher;
    hasher.update(data, size);
    hasher.finish(out);
}

}  // namespace blend
