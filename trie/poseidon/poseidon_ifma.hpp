// SPDX-License-Identifier: Apache-2.0
#pragma once

// Eight Poseidon t = 3 permutations at once on AVX-512 IFMA (private to trie/poseidon). Each
// 64-bit lane of a zmm register holds one limb of one permutation's state word: a field element
// is five 52-bit limbs (radix 2^52, 260 bits) in Montgomery form with R = 2^260, and VPMADD52LUQ /
// VPMADD52HUQ give the low / high 52 bits of a 52 x 52-bit product. The schedule and its
// constants are the scalar path's scaled t = 3 schedule (poseidon.cpp), converted to this form.
// docs/state.md "IFMA kernel" gives the bounds.

#include <array>
#include <cstddef>
#include <cstdint>

namespace blend::poseidon::ifma {

inline constexpr size_t kLanes = 8;           ///< 512-bit registers / 64-bit lanes
inline constexpr size_t kLimbs = 5;           ///< 5 x 52 = 260 bits >= 254-bit r plus headroom
inline constexpr size_t kLimbBits = 52;       ///< the IFMA multiplier's operand width
inline constexpr size_t kHalfFull = 4;        ///< R_F / 2 for circomlib's t = 3
inline constexpr size_t kPartialRounds = 57;  ///< R_P for circomlib's t = 3 (trie.md §3.1)

/// A constant in the kernel's form: radix-2^52 limbs, least significant first.
using Limbs52 = std::array<uint64_t, kLimbs>;
/// A value in the scalar Fr's form: four 64-bit limbs (Montgomery form, R = 2^256).
using Limbs64 = std::array<uint64_t, 4>;

/// The scalar path's t = 3 schedule (poseidon.cpp: T3FullRound, and T3RecurrenceRound for the
/// partial rounds and the two exit rows) with every constant c stored as c * 2^260 mod r.
struct FullRound {
    std::array<std::array<Limbs52, 2>, 3> n;
    std::array<Limbs52, 3> k;
};

struct PartialRound {
    std::array<Limbs52, 4> c;  ///< coefficients of the window (X, X_prev, Y_prev, Y_prev2)
    Limbs52 k;
};

struct Tables {
    Limbs52 to_mont;    ///< 2^264 mod r: mont_mul(x * 2^256, this) = x * 2^260 (all mod r)
    Limbs52 from_mont;  ///< 2^256 mod r: mont_mul(x * 2^260, this) = x * 2^256
    std::array<Limbs52, 3> initial;
    std::array<FullRound, kHalfFull> first;
    std::array<PartialRound, kPartialRounds> partial;
    std::array<PartialRound, 2> exit;  ///< s1, s2 of the second half from the last window
    std::array<FullRound, kHalfFull - 1> second;
    std::array<Limbs52, 3> last_row;
};

/// The BN254 scalar field modulus r in 52-bit limbs, and -r^-1 mod 2^52.
inline constexpr Limbs52 kModulus52 = {0x1f593f0000001ULL, 0x4879b9709143eULL, 0x181585d2833e8ULL,
                                       0xa029b85045b68ULL, 0x30644e72e131ULL};
inline constexpr uint64_t kInv52 = 0x1f593efffffffULL;

/// True when the CPU has AVX-512F and AVX-512 IFMA (CPUID leaf 7) and the OS saves the opmask
/// and zmm registers (XCR0 bits 1, 2, 5, 6, 7).
[[nodiscard]] bool cpu_supported() noexcept;

/// For each lane l < 8: out[l] = state[0] after the permutation of in[l] = [s0, s1, s2], all in
/// the scalar Fr's Montgomery limbs (each < r on input; the output is < r as well). Only call when
/// cpu_supported().
void permute_x8(const Tables& tables,
                const std::array<std::array<Limbs64, 3>, kLanes>& in,
                std::array<Limbs64, kLanes>& out) noexcept;

}  // namespace blend::poseidon::ifma
