// SPDX-License-Identifier: Apache-2.0
#include "trie/poseidon/grain.hpp"

#include "core/assert.hpp"

#include <array>

namespace blend::poseidon {
namespace {

using field::Fr;
using field::Limbs;

/// The 80-bit Grain LFSR of the Poseidon paper (appendix F): feedback taps 62, 51, 38, 23, 13, 0;
/// 160 warm-up clocks; output through the self-shrinking filter (clock two bits; if the first is 1
/// emit the second, otherwise discard both).
class GrainLfsr {
public:
    GrainLfsr(size_t field_type,
              size_t sbox_type,
              size_t field_bits,
              size_t width,
              size_t full_rounds,
              size_t partial_rounds)
    {
        size_t pos = 0;
        const auto push = [&](size_t value, size_t bits) {
            for (size_t i = bits; i-- > 0;)
                state_[pos++] = static_cast<uint8_t>((value >> i) & 1);
        };
        push(field_type, 2);
        push(sbox_type, 4);
        push(field_bits, 12);
        push(width, 12);
        push(full_rounds, 10);
        push(partial_rounds, 10);
        while (pos < kBits)
            state_[pos++] = 1;  // 30 ones complete the 80-bit seed
        for (int i = 0; i < 160; ++i)
            clock();
    }

    uint8_t next_bit() noexcept
    {
        while (true) {
            const uint8_t first = clock();
            const uint8_t second = clock();
            if (first == 1)
                return second;
        }
    }

    /// `bits` filtered bits, most significant first.
    Limbs<4> next_integer(size_t bits) noexcept
    {
        Limbs<4> v{};
        for (size_t i = 0; i < bits; ++i) {
            for (size_t l = 3; l > 0; --l)
                v[l] = (v[l] << 1) | (v[l - 1] >> 63);
            v[0] = (v[0] << 1) | next_bit();
        }
        return v;
    }

private:
    static constexpr size_t kBits = 80;

    uint8_t clock() noexcept
    {
        const auto at = [&](size_t i) { return state_[(head_ + i) % kBits]; };
        const uint8_t bit = at(62) ^ at(51) ^ at(38) ^ at(23) ^ at(13) ^ at(0);
        state_[head_] = bit;  // drop the oldest bit, append the new one at the end
        head_ = (head_ + 1) % kBits;
        return bit;
    }

    std::array<uint8_t, kBits> state_{};
    size_t head_ = 0;
};

bool below_modulus(const Limbs<4>& v) noexcept
{
    return !field::detail::geq(v, Fr::kModulus);
}

/// Reduces a 254-bit value mod r; 2^254 < 2r, so one subtraction suffices.
Limbs<4> reduce_once(Limbs<4> v) noexcept
{
    if (!below_modulus(v))
        field::detail::sub_borrow(v, v, Fr::kModulus);
    return v;
}

}  // namespace

GeneratedParams generate_grain_params(size_t width, size_t full_rounds, size_t partial_rounds)
{
    constexpr size_t kFieldBits = 254;
    BLEND_ASSERT(width >= 2);
    GrainLfsr grain(/*field_type=prime*/ 1, /*sbox_type=x^alpha*/ 0, kFieldBits, width, full_rounds,
                    partial_rounds);

    GeneratedParams out;
    out.width = width;
    out.full_rounds = full_rounds;
    out.partial_rounds = partial_rounds;
    const size_t count = (full_rounds + partial_rounds) * width;
    out.round_constants.reserve(count);
    while (out.round_constants.size() < count) {
        const Limbs<4> v = grain.next_integer(kFieldBits);
        if (below_modulus(v))
            out.round_constants.push_back(v);
    }

    while (true) {
        std::vector<Fr> draws;
        for (size_t i = 0; i < 2 * width; ++i)
            draws.push_back(
                Fr::from_canonical_unchecked(reduce_once(grain.next_integer(kFieldBits))));
        bool usable = true;
        for (size_t i = 0; i < draws.size() && usable; ++i)
            for (size_t j = i + 1; j < draws.size() && usable; ++j)
                usable = !(draws[i] == draws[j]);
        for (size_t i = 0; i < width && usable; ++i)
            for (size_t j = 0; j < width && usable; ++j)
                usable = !(draws[i] + draws[width + j]).is_zero();
        if (!usable)
            continue;
        out.mds.clear();
        for (size_t i = 0; i < width; ++i)
            for (size_t j = 0; j < width; ++j)
                out.mds.push_back((draws[i] + draws[width + j]).inverse().to_canonical());
        return out;
    }
}

}  // namespace blend::poseidon
