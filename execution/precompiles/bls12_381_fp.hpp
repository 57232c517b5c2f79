// SPDX-License-Identifier: Apache-2.0
// The BLS12-381 base field: the shared MontField template (core/montgomery.hpp) with 6 limbs; on
// CPUs with MULX/ADX it multiplies and squares in the template's 6-limb assembly.
#pragma once

#include "core/montgomery.hpp"

#include <cstdint>

namespace blend::precompiles::bls12_381 {

/// p = 0x1a0111ea...ffffaaab (EIP-2537 "base field modulus").
struct FpParams {
    static constexpr size_t kLimbs = 6;
    static constexpr field::Limbs<6> kModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                                 0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                                 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
};

using Fp = field::MontField<FpParams>;

// ---- lazy reduction ---------------------------------------------------------------------------
//
// A sum of products reduced once: FpWide is a double-width value T in [0, pR), R = 2^384, that
// stands for the field element REDC(T) = T R^-1 mod p (for T = aR * bR, the Montgomery form of
// ab). Adding or subtracting pR leaves REDC(T) unchanged mod p, so wide sums and differences are
// kept in [0, pR) by one conditional correction of the high half, and any T there reduces to a
// value below 2p (Aranha, Karabina, Longa, Gebotys, Lopez, "Faster explicit formulas for
// computing pairings over ordinary curves", Eurocrypt 2011, §3). A product of two values below
// 2p is below 4p^2 < pR (p < 2^381), so unreduced sums of two canonical elements may be
// multiplied.

using FpWide = field::Limbs<12>;

namespace lazy {

using Limbs6 = field::Limbs<6>;

/// a + b without reduction (< 2p for canonical a, b: the top limb has three spare bits).
[[gnu::always_inline]] inline Limbs6 add_nr(const Limbs6& a, const Limbs6& b) noexcept
{
    Limbs6 s{};
    field::detail::add_carry(s, a, b);
    return s;
}

/// a - b + p without reduction (in (0, 2p) for canonical a, b).
[[gnu::always_inline]] inline Limbs6 sub_nr(const Limbs6& a, const Limbs6& b) noexcept
{
    Limbs6 s{};
    field::detail::add_carry(s, a, FpParams::kModulus);
    field::detail::sub_borrow(s, s, b);
    return s;
}

/// a * b as 12 limbs.
[[gnu::always_inline]] inline FpWide mul(const Limbs6& a, const Limbs6& b) noexcept
{
    FpWide out{};
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (field::detail::g_use_adx) {
        field::detail::mul_wide_6_adx(out, a, b);
        return out;
    }
#endif
    for (size_t i = 0; i < 6; ++i) {
        uint64_t carry = 0;
        for (size_t j = 0; j < 6; ++j) {
            const field::u128 t = static_cast<field::u128>(a[j]) * b[i] + out[i + j] + carry;
            out[i + j] = static_cast<uint64_t>(t);
            carry = static_cast<uint64_t>(t >> 64);
        }
        out[i + 6] = carry;
    }
    return out;
}

[[gnu::always_inline]] inline FpWide mul(const Fp& a, const Fp& b) noexcept
{
    return mul(a.mont(), b.mont());
}

/// REDC(t) for t < pR, fully reduced.
[[gnu::always_inline]] inline Fp redc(const FpWide& t) noexcept
{
    Limbs6 r{};
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (field::detail::g_use_adx) {
        r = field::detail::redc_6_adx(t, FpParams::kModulus, Fp::kInv);
    } else
#endif
    {
        FpWide w = t;
        for (size_t i = 0; i < 6; ++i) {
            const uint64_t m = w[i] * Fp::kInv;
            uint64_t carry = 0;
            for (size_t j = 0; j < 6; ++j) {
                const field::u128 s =
                    static_cast<field::u128>(m) * FpParams::kModulus[j] + w[i + j] + carry;
                w[i + j] = static_cast<uint64_t>(s);
                carry = static_cast<uint64_t>(s >> 64);
            }
            for (size_t k = i + 6; k < 12 && carry != 0; ++k) {  // t + m p < 2pR: no carry out
                const uint64_t old = w[k];
                w[k] = old + carry;
                carry = w[k] < old ? 1 : 0;
            }
        }
        for (size_t i = 0; i < 6; ++i)
            r[i] = w[i + 6];
    }
    // r < 2p; r >= p about half the time, so a mask select rather than a branch.
    Limbs6 reduced{};
    const uint64_t keep = uint64_t{0} - field::detail::sub_borrow(reduced, r, FpParams::kModulus);
    Limbs6 out{};
    for (size_t i = 0; i < 6; ++i)
        out[i] = (r[i] & keep) | (reduced[i] & ~keep);
    return Fp::from_mont(out);
}

/// 12-limb a + b and a - b on one carry chain each (the shared helpers unroll by 8 only).
[[gnu::always_inline]] inline uint64_t add12(FpWide& out, const FpWide& a, const FpWide& b) noexcept
{
#if defined(BLEND_FIELD_HAVE_CARRY_INTRINSICS)
    unsigned char c = 0;
#pragma GCC unroll 12
    for (size_t i = 0; i < 12; ++i) {
        unsigned long long s = 0;
        c = _addcarry_u64(c, a[i], b[i], &s);
        out[i] = s;
    }
    return c;
#else
    return field::detail::add_carry(out, a, b);
#endif
}

[[gnu::always_inline]] inline uint64_t sub12(FpWide& out, const FpWide& a, const FpWide& b) noexcept
{
#if defined(BLEND_FIELD_HAVE_CARRY_INTRINSICS)
    unsigned char c = 0;
#pragma GCC unroll 12
    for (size_t i = 0; i < 12; ++i) {
        unsigned long long s = 0;
        c = _subborrow_u64(c, a[i], b[i], &s);
        out[i] = s;
    }
    return c;
#else
    return field::detail::sub_borrow(out, a, b);
#endif
}

/// x mod pR for x < 2pR: subtract p from the high half when it is >= p.
[[gnu::always_inline]] inline void reduce_high(FpWide& x) noexcept
{
    Limbs6 hi{}, d{};
    for (size_t i = 0; i < 6; ++i)
        hi[i] = x[i + 6];
    if (field::detail::sub_borrow(d, hi, FpParams::kModulus) == 0)
        for (size_t i = 0; i < 6; ++i)
            x[i + 6] = d[i];
}

/// (x + y) mod pR for x, y < pR.
[[gnu::always_inline]] inline FpWide add(const FpWide& x, const FpWide& y) noexcept
{
    FpWide s{};
    add12(s, x, y);  // < 2pR < 2^766: no carry out
    reduce_high(s);
    return s;
}

/// x + y without the correction, when the caller knows x + y < pR.
[[gnu::always_inline]] inline FpWide add_nr(const FpWide& x, const FpWide& y) noexcept
{
    FpWide s{};
    add12(s, x, y);
    return s;
}

/// (x - y) mod pR for x, y < pR.
[[gnu::always_inline]] inline FpWide sub(const FpWide& x, const FpWide& y) noexcept
{
    FpWide d{};
    const uint64_t borrow = sub12(d, x, y);
    // On a borrow add p to the high half (d + pR wraps back below pR).
    if (borrow != 0) {
        Limbs6 hi{};
        for (size_t i = 0; i < 6; ++i)
            hi[i] = d[i + 6];
        field::detail::add_carry(hi, hi, FpParams::kModulus);
        for (size_t i = 0; i < 6; ++i)
            d[i + 6] = hi[i];
    }
    return d;
}

/// x - y without the correction, when the caller knows x >= y.
[[gnu::always_inline]] inline FpWide sub_nr(const FpWide& x, const FpWide& y) noexcept
{
    FpWide d{};
    sub12(d, x, y);
    return d;
}

}  // namespace lazy

}  // namespace blend::precompiles::bls12_381
