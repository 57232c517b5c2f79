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

// FIPS 202 §3.2.2: rho rotation offsets by lane index x + 5y.
constexpr unsigned kRhoOffsets[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                      25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

// FIPS 202 §3.2.3: pi moves lane (x, y) to (y, 2x + 3y mod 5); this is that target's index.
constexpr unsigned pi_target(unsigned lane) noexcept
{
    const unsigned x = lane % 5;
    const unsigned y = lane / 5;
    return y + 5 * ((2 * x + 3 * y) % 5);
}

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

// Written as fixed-bound loops over constant tables that the compiler unrolls completely, so
// every lane index is a constant and the 25 lanes stay in registers.
void keccak_f1600(uint64_t io_state[25]) noexcept
{
    // A local copy: the compiler cannot keep lanes reachable through a pointer in registers.
    uint64_t state[25];
    for (unsigned i = 0; i < 25; ++i)
        state[i] = io_state[i];
    uint64_t moved[25];
    uint64_t column[5];
    for (const uint64_t round_constant : kRoundConstants) {
        // theta
#pragma GCC unroll 5
        for (unsigned x = 0; x < 5; ++x)
            column[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
            // theta applied, then rho and pi in one pass
#pragma GCC unroll 25
        for (unsigned lane = 0; lane < 25; ++lane) {
            const unsigned x = lane % 5;
            const uint64_t d = column[(x + 4) % 5] ^ rotl(column[(x + 1) % 5], 1);
            moved[pi_target(lane)] = rotl(state[lane] ^ d, kRhoOffsets[lane]);
        }
        // chi
#pragma GCC unroll 25
        for (unsigned lane = 0; lane < 25; ++lane) {
            const unsigned row = lane - lane % 5;
            const unsigned x = lane % 5;
            state[lane] = moved[lane] ^ (~moved[row + (x + 1) % 5] & moved[row + (x + 2) % 5]);
        }
        // iota
        state[0] ^= round_constant;
    }
    for (unsigned i = 0; i < 25; ++i)
        io_state[i] = state[i];
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
