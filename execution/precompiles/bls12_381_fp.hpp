// SPDX-License-Identifier: Apache-2.0
// The BLS12-381 base field: the shared MontField<6 limbs> representation with a 6-limb
// MULX/ADCX/ADOX Montgomery multiplier of its own. The shared template only has a fast 4-limb
// path (BN254, Poseidon); its portable 6-limb loop made every BLS precompile field-bound.
// Everything but multiplication delegates to the shared template, so the two never disagree on
// representation (tests compare this multiplier with the portable one).
#pragma once

#include "trie/field/montgomery.hpp"

#include <optional>

namespace blend::precompiles::bls12_381 {

/// p = 0x1a0111ea...ffffaaab (EIP-2537 "base field modulus").
struct FpParams {
    static constexpr size_t kLimbs = 6;
    static constexpr field::Limbs<6> kModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                                 0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                                 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
};

namespace detail {

#if defined(BLEND_FIELD_HAVE_ADX_ASM)
// clang-format off
#define BLEND_FP6_STR(x) #x
#define BLEND_FP6_OP(x) "%[" BLEND_FP6_STR(x) "]"

// T0..T6 = a * b[OFF / 8] (the accumulator starts empty). a is read from memory: with seven
// accumulator registers there is no room for its six limbs.
#define BLEND_FP6_MUL_FIRST(OFF, T0, T1, T2, T3, T4, T5, T6)           \
    "movq " #OFF "(%[bp]), %%rdx\n\t"                                  \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq 0(%[ap]), " BLEND_FP6_OP(T0) ", " BLEND_FP6_OP(T1) "\n\t"   \
    "mulxq 8(%[ap]), %[lo], " BLEND_FP6_OP(T2) "\n\t"                  \
    "adcxq %[lo], " BLEND_FP6_OP(T1) "\n\t"                            \
    "mulxq 16(%[ap]), %[lo], " BLEND_FP6_OP(T3) "\n\t"                 \
    "adcxq %[lo], " BLEND_FP6_OP(T2) "\n\t"                            \
    "mulxq 24(%[ap]), %[lo], " BLEND_FP6_OP(T4) "\n\t"                 \
    "adcxq %[lo], " BLEND_FP6_OP(T3) "\n\t"                            \
    "mulxq 32(%[ap]), %[lo], " BLEND_FP6_OP(T5) "\n\t"                 \
    "adcxq %[lo], " BLEND_FP6_OP(T4) "\n\t"                            \
    "mulxq 40(%[ap]), %[lo], " BLEND_FP6_OP(T6) "\n\t"                 \
    "adcxq %[lo], " BLEND_FP6_OP(T5) "\n\t"                            \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_FP6_OP(T6) "\n\t"

// T0..T6 = T0..T5 + a * b[OFF / 8]: low halves on the OF chain, high halves on the CF chain.
#define BLEND_FP6_MUL_ADD_LIMB(AOFF, TJ, TJ1)                          \
    "mulxq " #AOFF "(%[ap]), %[lo], %[hi]\n\t"                         \
    "adoxq %[lo], " BLEND_FP6_OP(TJ) "\n\t"                            \
    "adcxq %[hi], " BLEND_FP6_OP(TJ1) "\n\t"
#define BLEND_FP6_MUL_ADD(OFF, T0, T1, T2, T3, T4, T5, T6)             \
    "movq " #OFF "(%[bp]), %%rdx\n\t"                                  \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    BLEND_FP6_MUL_ADD_LIMB(0, T0, T1)                                  \
    BLEND_FP6_MUL_ADD_LIMB(8, T1, T2)                                  \
    BLEND_FP6_MUL_ADD_LIMB(16, T2, T3)                                 \
    BLEND_FP6_MUL_ADD_LIMB(24, T3, T4)                                 \
    BLEND_FP6_MUL_ADD_LIMB(32, T4, T5)                                 \
    "mulxq 40(%[ap]), %[lo], " BLEND_FP6_OP(T6) "\n\t"                 \
    "adoxq %[lo], " BLEND_FP6_OP(T5) "\n\t"                            \
    "movl $0, %k[lo]\n\t"                                              \
    "adoxq %[lo], " BLEND_FP6_OP(T6) "\n\t"                            \
    "adcxq %[lo], " BLEND_FP6_OP(T6) "\n\t"

// T1..T6 = (T0..T6 + m * p) / 2^64 with m = T0 * (-p^-1) mod 2^64.
#define BLEND_FP6_RED_LIMB(QOFF, TJ, TJ1)                              \
    "mulxq " #QOFF "(%[qp]), %[lo], %[hi]\n\t"                         \
    "adcxq %[lo], " BLEND_FP6_OP(TJ) "\n\t"                            \
    "adoxq %[hi], " BLEND_FP6_OP(TJ1) "\n\t"
#define BLEND_FP6_REDUCE(T0, T1, T2, T3, T4, T5, T6)                   \
    "movq " BLEND_FP6_OP(T0) ", %%rdx\n\t"                             \
    "imulq %[inv], %%rdx\n\t"                                          \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq 0(%[qp]), %[lo], %[hi]\n\t"                                 \
    "adcxq " BLEND_FP6_OP(T0) ", %[lo]\n\t"                            \
    "adoxq %[hi], " BLEND_FP6_OP(T1) "\n\t"                            \
    BLEND_FP6_RED_LIMB(8, T1, T2)                                      \
    BLEND_FP6_RED_LIMB(16, T2, T3)                                     \
    BLEND_FP6_RED_LIMB(24, T3, T4)                                     \
    BLEND_FP6_RED_LIMB(32, T4, T5)                                     \
    BLEND_FP6_RED_LIMB(40, T5, T6)                                     \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_FP6_OP(T6) "\n\t"                            \
    "adoxq %[lo], " BLEND_FP6_OP(T6) "\n\t"

/// a * b * 2^-384 mod p, result < 2p (the caller subtracts p once). CIOS with the carry-free
/// inner loop: p's top limb leaves the spare bits that keep the running sum in 7 words.
[[gnu::always_inline]] inline field::Limbs<6> mont_mul_6_adx(const field::Limbs<6>& a,
                                                             const field::Limbs<6>& b,
                                                             const field::Limbs<6>& q,
                                                             uint64_t inv) noexcept
{
    uint64_t r0, r1, r2, r3, r4, r5, r6, lo, hi;
    __asm__(BLEND_FP6_MUL_FIRST(0, r0, r1, r2, r3, r4, r5, r6)
            BLEND_FP6_REDUCE(r0, r1, r2, r3, r4, r5, r6)
            BLEND_FP6_MUL_ADD(8, r1, r2, r3, r4, r5, r6, r0)
            BLEND_FP6_REDUCE(r1, r2, r3, r4, r5, r6, r0)
            BLEND_FP6_MUL_ADD(16, r2, r3, r4, r5, r6, r0, r1)
            BLEND_FP6_REDUCE(r2, r3, r4, r5, r6, r0, r1)
            BLEND_FP6_MUL_ADD(24, r3, r4, r5, r6, r0, r1, r2)
            BLEND_FP6_REDUCE(r3, r4, r5, r6, r0, r1, r2)
            BLEND_FP6_MUL_ADD(32, r4, r5, r6, r0, r1, r2, r3)
            BLEND_FP6_REDUCE(r4, r5, r6, r0, r1, r2, r3)
            BLEND_FP6_MUL_ADD(40, r5, r6, r0, r1, r2, r3, r4)
            BLEND_FP6_REDUCE(r5, r6, r0, r1, r2, r3, r4)
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [r5] "=&r"(r5), [r6] "=&r"(r6), [lo] "=&r"(lo), [hi] "=&r"(hi)
            : [ap] "r"(a.data()), [bp] "r"(b.data()), [qp] "r"(q.data()), "m"(a), "m"(b),
              "m"(q), [inv] "m"(inv)
            : "rdx", "cc");
    return {r6, r0, r1, r2, r3, r4};
}

#undef BLEND_FP6_MUL_FIRST
#undef BLEND_FP6_MUL_ADD_LIMB
#undef BLEND_FP6_MUL_ADD
#undef BLEND_FP6_RED_LIMB
#undef BLEND_FP6_REDUCE
#undef BLEND_FP6_OP
#undef BLEND_FP6_STR
// clang-format on
#endif

}  // namespace detail

/// The field: the shared MontField representation (same limbs, same R) with its own multiplier.
class Fp {
public:
    using Base = field::MontField<FpParams>;
    static constexpr size_t kLimbs = Base::kLimbs;
    static constexpr size_t kBytes = Base::kBytes;
    using Repr = Base::Repr;
    static constexpr Repr kModulus = Base::kModulus;

    constexpr Fp() noexcept = default;
    constexpr explicit Fp(const Base& b) noexcept : v_(b) {}

    [[nodiscard]] static Fp zero() noexcept { return Fp{}; }
    [[nodiscard]] static Fp one() noexcept { return Fp{Base::one()}; }
    [[nodiscard]] static Fp from_u64(uint64_t v) noexcept { return Fp{Base::from_u64(v)}; }
    [[nodiscard]] static Fp from_canonical_unchecked(const Repr& v) noexcept
    {
        return Fp{Base::from_canonical_unchecked(v)};
    }
    [[nodiscard]] static std::optional<Fp> from_canonical(const Repr& v) noexcept
    {
        const auto b = Base::from_canonical(v);
        if (!b)
            return std::nullopt;
        return Fp{*b};
    }
    [[nodiscard]] static std::optional<Fp> from_bytes_be(BytesView bytes) noexcept
    {
        const auto b = Base::from_bytes_be(bytes);
        if (!b)
            return std::nullopt;
        return Fp{*b};
    }
    [[nodiscard]] Repr to_canonical() const noexcept { return v_.to_canonical(); }
    [[nodiscard]] FixedBytes<kBytes> to_bytes_be() const noexcept { return v_.to_bytes_be(); }
    [[nodiscard]] const Base& base() const noexcept { return v_; }
    [[nodiscard]] bool is_zero() const noexcept { return v_.is_zero(); }
    friend bool operator==(const Fp&, const Fp&) = default;

    [[gnu::always_inline]] friend Fp operator+(const Fp& a, const Fp& b) noexcept
    {
        return Fp{a.v_ + b.v_};
    }
    [[gnu::always_inline]] friend Fp operator-(const Fp& a, const Fp& b) noexcept
    {
        return Fp{a.v_ - b.v_};
    }
    Fp operator-() const noexcept { return Fp{-v_}; }
    [[gnu::always_inline]] friend Fp operator*(const Fp& a, const Fp& b) noexcept
    {
#if defined(BLEND_FIELD_HAVE_ADX_ASM)
        if (field::detail::g_use_adx) {
            const Repr t = detail::mont_mul_6_adx(a.v_.mont(), b.v_.mont(), kModulus, Base::kInv);
            // t < 2p: subtract p once, branch-free.
            Repr d{};
            const uint64_t borrow = field::detail::sub_borrow(d, t, kModulus);
            const uint64_t keep = uint64_t{0} - borrow;  // all ones when t < p
            Repr out{};
            for (size_t i = 0; i < kLimbs; ++i)
                out[i] = (t[i] & keep) | (d[i] & ~keep);
            return Fp{Base::from_mont(out)};
        }
#endif
        return Fp{a.v_ * b.v_};
    }
    /// The shared template's portable multiplier (tests compare the two).
    [[nodiscard]] static Fp mul_portable(const Fp& a, const Fp& b) noexcept
    {
        return Fp{Base::mul_portable(a.v_, b.v_)};
    }
    Fp& operator+=(const Fp& o) noexcept
    {
        return *this = *this + o;
    }
    Fp& operator-=(const Fp& o) noexcept
    {
        return *this = *this - o;
    }
    Fp& operator*=(const Fp& o) noexcept
    {
        return *this = *this * o;
    }
    [[nodiscard]] Fp square() const noexcept
    {
        return *this * *this;
    }

    template <size_t M>
    [[nodiscard]] Fp pow(const field::Limbs<M>& e) const noexcept
    {
        Fp result = one();
        for (size_t i = M; i-- > 0;)
            for (int bit = 63; bit >= 0; --bit) {
                result = result.square();
                if ((e[i] >> bit) & 1)
                    result *= *this;
            }
        return result;
    }

private:
    Base v_{};
};

}  // namespace blend::precompiles::bls12_381
