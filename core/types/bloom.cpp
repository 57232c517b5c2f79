// SPDX-License-Identifier: Apache-2.0
#include "core/types/bloom.hpp"

#include "core/keccak.hpp"

namespace blend {

namespace {

// The three (byte index, bit mask) positions of `item` (Yellow Paper §4.3.1, M3:2048).
struct BitPosition {
    size_t byte;
    uint8_t mask;
};

void bloom_positions(BytesView item, BitPosition (&out)[3])
{
    const Hash h = keccak256(item);
    for (size_t i = 0; i < 3; ++i) {
        // Bit number (0 = least significant bit of the last byte) from bytes 2i, 2i+1.
        const size_t bit = ((static_cast<size_t>(h[2 * i]) << 8) | h[2 * i + 1]) & 2047u;
        out[i].byte = Bloom::kSize - 1 - bit / 8;
        out[i].mask = static_cast<uint8_t>(1u << (bit % 8));
    }
}

}  // namespace

void bloom_add(Bloom& bloom, BytesView item)
{
    BitPosition positions[3];
    bloom_positions(item, positions);
    for (const auto& p : positions)
        bloom[p.byte] |= p.mask;
}

bool bloom_may_contain(const Bloom& bloom, BytesView item)
{
    BitPosition positions[3];
    bloom_positions(item, positions);
    for (const auto& p : positions)
        if ((bloom[p.byte] & p.mask) == 0)
            return false;
    return true;
}

void bloom_add_log(Bloom& bloom, const Log& log)
{
    bloom_add(bloom, log.address.view());
    for (const Hash& topic : log.topics)
        bloom_add(bloom, topic.view());
}

Bloom logs_bloom(std::span<const Log> logs)
{
    Bloom bloom;
    for (const Log& log : logs)
        bloom_add_log(bloom, log);
    return bloom;
}

void bloom_or(Bloom& into, const Bloom& other)
{
    for (size_t i = 0; i < Bloom::kSize; ++i)
        into[i] |= other[i];
}

}  // namespace blend
