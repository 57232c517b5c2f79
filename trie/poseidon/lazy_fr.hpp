// SPDX-License-Identifier: Apache-2.0
#pragma once

// Arithmetic on BN254 Fr limbs in the redundant "lazy" form the optimized Poseidon permutation
// keeps its state in, and the x86-64 MULX/ADX kernels behind it. Private to trie/poseidon.

#include "trie/field/fr.hpp"

#include <array>
#include <cstdint>
#include <type_traits>

namespace blend::poseidon::lazy {

using field::Fr;

// The optimized permutation keeps its state in a redundant form: Montgomery limbs in [0, 2r)
// instead of [0, r). With 4r < 2^256, a Montgomery product of two such values is again < 2r
// without the final conditional subtraction, and a sum is brought back below 2r with one
// conditional subtraction of 2r. Only the output is reduced to [0, r).
using field::Limbs;

inline constexpr Limbs<4> kTwoModulus = [] {
    Limbs<4> two{};
    field::detail::add_carry(two, Fr::kModulus, Fr::kModulus);
    return two;
}();
static_assert(Fr::kModulus[3] < (uint64_t{1} << 62), "the lazy form needs 4r < 2^256");

[[gnu::always_inline]] inline Limbs<4> lazy_mul(const Limbs<4>& a, const Limbs<4>& b) noexcept
{
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (field::detail::g_use_adx)
        return field::detail::mont_mul_4_adx(a, b, Fr::kModulus, Fr::kInv);
#endif
    // The carry-free CIOS loop is also exact for inputs below 2r (same 4r < 2^256 bound).
    return Fr::mul_portable(Fr::from_mont(a), Fr::from_mont(b)).mont();
}

/// t mod 2r for t < 4r (branch-free).
[[gnu::always_inline]] inline Limbs<4> lazy_reduce(const Limbs<4>& t) noexcept
{
    Limbs<4> reduced{};
    const uint64_t keep = uint64_t{0} - field::detail::sub_borrow(reduced, t, kTwoModulus);
    Limbs<4> out{};
#pragma GCC unroll 4
    for (size_t i = 0; i < 4; ++i)
        out[i] = keep != 0 ? t[i] : reduced[i];
    return out;
}

/// a + b mod 2r for a, b < 2r.
[[gnu::always_inline]] inline Limbs<4> lazy_add(const Limbs<4>& a, const Limbs<4>& b) noexcept
{
    Limbs<4> sum{};
    field::detail::add_carry(sum, a, b);  // < 4r < 2^256: no carry out
    return lazy_reduce(sum);
}

#ifdef BLEND_FIELD_HAVE_ADX_ASM
/// sum_j a[j] * b[j] * 2^-256 for three pairs in one Montgomery reduction (each word of the three
/// products is accumulated before the reduction step that consumes it), with a[j] < r and
/// b[j] < 2r. The sum is < 6r^2, so the result is < 6r^2/2^256 + r < 2.2r (r < 0.19 * 2^256) and
/// one conditional subtraction of 2r makes it < 2r. Six accumulator words rotate per step.
[[gnu::always_inline]] inline Limbs<4> dot3_adx(const Limbs<4>* a, const Limbs<4>* b) noexcept
{
    uint64_t r0, r1, r2, r3, r4, r5, lo, hi;
    __asm__(
        "xorl %k[r0], %k[r0]\n\t"
        "xorl %k[r1], %k[r1]\n\t"
        "xorl %k[r2], %k[r2]\n\t"
        "xorl %k[r3], %k[r3]\n\t"
        "xorl %k[r4], %k[r4]\n\t"
        "xorl %k[r5], %k[r5]\n\t"
        "movq 0(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "movq 32(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "movq 64(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "movq %[r0], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r0], %[lo]\n\t"
        "adoxq %[hi], %[r1]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[hi], %[r2]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[hi], %[r3]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r3]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "xorl %k[r0], %k[r0]\n\t"
        "movq 8(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "movq 40(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "movq 72(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "movq %[r1], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r1], %[lo]\n\t"
        "adoxq %[hi], %[r2]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[hi], %[r3]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r3]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "xorl %k[r1], %k[r1]\n\t"
        "movq 16(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "movq 48(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "movq 80(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "movq %[r2], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r2], %[lo]\n\t"
        "adoxq %[hi], %[r3]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r3]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[hi], %[r5]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "xorl %k[r2], %k[r2]\n\t"
        "movq 24(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "movq 56(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "movq 88(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "movq %[r3], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r3], %[lo]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[hi], %[r5]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[hi], %[r0]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "xorl %k[r3], %k[r3]\n\t"
        : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
          [r5] "=&r"(r5), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [ap] "r"(a), [bp] "r"(b), "m"(*reinterpret_cast<const std::array<Limbs<4>, 3>*>(a)),
          "m"(*reinterpret_cast<const std::array<Limbs<4>, 3>*>(b)), [q0] "m"(Fr::kModulus[0]),
          [q1] "m"(Fr::kModulus[1]), [q2] "m"(Fr::kModulus[2]), [q3] "m"(Fr::kModulus[3]),
          [inv] "m"(Fr::kInv)
        : "rdx", "cc");
    (void)r2;  // zero by the bound above
    return {r4, r5, r0, r1};
}
#endif

static_assert(sizeof(Fr) == sizeof(Limbs<4>) && std::is_standard_layout_v<Fr>,
              "the dot product reads Fr arrays as limbs");

[[gnu::always_inline]] inline Limbs<4> lazy_sbox(const Limbs<4>& x) noexcept
{
    const Limbs<4> x2 = lazy_mul(x, x);
    const Limbs<4> x4 = lazy_mul(x2, x2);
    return lazy_mul(x4, x);
}

/// A 512-bit intermediate (a product before its Montgomery reduction), little-endian words.
using Wide = std::array<uint64_t, 8>;

/// The scaled partial rounds of t = 3 (poseidon.cpp) are built from unreduced products and one
/// reduction per output: REDC(x + y) with x, y < 2^512 and x + y < 2^512. These are the portable
/// kernels; AdxKernels below are the same functions in MULX/ADCX/ADOX assembly.
struct PortableKernels {
    [[gnu::always_inline]] static Limbs<4> mul(const Limbs<4>& a, const Limbs<4>& b) noexcept
    {
        return Fr::mul_portable(Fr::from_mont(a), Fr::from_mont(b)).mont();
    }

    [[gnu::always_inline]] static Limbs<4> sqr(const Limbs<4>& a) noexcept { return mul(a, a); }

    /// c[0]*s[0] + c[1]*s[1] + c[2]*s[2] mod 2r (c canonical constants, s < 2r).
    [[gnu::always_inline]] static Limbs<4> dot3(const Limbs<4>* c, const Limbs<4>* s) noexcept
    {
        Limbs<4> acc = mul(c[0], s[0]);
        acc = lazy_add(acc, mul(c[1], s[1]));
        return lazy_add(acc, mul(c[2], s[2]));
    }

    /// out = a * b (the full 512-bit product).
    [[gnu::always_inline]] static void mul_wide(Wide& out,
                                                const Limbs<4>& a,
                                                const Limbs<4>& b) noexcept
    {
        out = Wide{};
#pragma GCC unroll 4
        for (size_t i = 0; i < 4; ++i) {
            uint64_t carry = 0;
#pragma GCC unroll 4
            for (size_t j = 0; j < 4; ++j) {
                const field::u128 p = static_cast<field::u128>(a[j]) * b[i] + out[i + j] + carry;
                out[i + j] = static_cast<uint64_t>(p);
                carry = static_cast<uint64_t>(p >> 64);
            }
            out[i + 4] = carry;
        }
    }

    /// out = a * b + k * 2^256.
    [[gnu::always_inline]] static void mul_wide_k(Wide& out,
                                                  const Limbs<4>& a,
                                                  const Limbs<4>& b,
                                                  const Limbs<4>& k) noexcept
    {
        mul_wide(out, a, b);
        add_high(out, k);
    }

    /// out = c[0] * s[0] + c[1] * s[1] + k * 2^256.
    [[gnu::always_inline]] static void dot2_wide_k(Wide& out,
                                                   const Limbs<4>* c,
                                                   const Limbs<4>* s,
                                                   const Limbs<4>& k) noexcept
    {
        Wide second{};
        mul_wide(out, c[0], s[0]);
        mul_wide(second, c[1], s[1]);
        add_wide(out, second);
        add_high(out, k);
    }

    /// REDC(x + y) mod 2r, for x + y < 2^512 with REDC(x + y) < 4r.
    [[gnu::always_inline]] static Limbs<4> redc_sum(const Wide& x, const Wide& y) noexcept
    {
        return lazy_reduce(redc_sum_unreduced(x, y));
    }

    /// REDC(x + y) itself, < (x + y) / 2^256 + r, without the conditional subtraction: for x + y
    /// < 2^512 whose REDC is < 2^256.
    [[gnu::always_inline]] static Limbs<4> redc_sum_unreduced(const Wide& x, const Wide& y) noexcept
    {
        Wide t = x;
        add_wide(t, y);
        Limbs<4> u{t[0], t[1], t[2], t[3]};
#pragma GCC unroll 4
        for (size_t i = 0; i < 4; ++i) {
            const uint64_t m = u[0] * Fr::kInv;
            field::u128 red = static_cast<field::u128>(m) * Fr::kModulus[0] + u[0];
            uint64_t c = static_cast<uint64_t>(red >> 64);
#pragma GCC unroll 4
            for (size_t j = 1; j < 4; ++j) {
                red = static_cast<field::u128>(m) * Fr::kModulus[j] + u[j] + c;
                u[j - 1] = static_cast<uint64_t>(red);
                c = static_cast<uint64_t>(red >> 64);
            }
            u[3] = c;
        }
        const Limbs<4> high{t[4], t[5], t[6], t[7]};
        field::detail::add_carry(u, u, high);
        return u;
    }

    /// REDC(x) itself, without the conditional subtraction.
    [[gnu::always_inline]] static Limbs<4> redc_unreduced(const Wide& x) noexcept
    {
        return redc_sum_unreduced(x, Wide{});
    }

    /// REDC(x) mod 2r, for REDC(x) < 4r.
    [[gnu::always_inline]] static Limbs<4> redc(const Wide& x) noexcept
    {
        return lazy_reduce(redc_unreduced(x));
    }

    /// acc += x (for acc + x < 2^512).
    [[gnu::always_inline]] static void add_wide(Wide& acc, const Wide& x) noexcept
    {
        uint64_t carry = 0;
#pragma GCC unroll 8
        for (size_t i = 0; i < 8; ++i) {
            const field::u128 s = static_cast<field::u128>(acc[i]) + x[i] + carry;
            acc[i] = static_cast<uint64_t>(s);
            carry = static_cast<uint64_t>(s >> 64);
        }
    }

private:
    static void add_high(Wide& acc, const Limbs<4>& k) noexcept
    {
        uint64_t carry = 0;
#pragma GCC unroll 4
        for (size_t i = 0; i < 4; ++i) {
            const field::u128 s = static_cast<field::u128>(acc[i + 4]) + k[i] + carry;
            acc[i + 4] = static_cast<uint64_t>(s);
            carry = static_cast<uint64_t>(s >> 64);
        }
    }
};

#ifdef BLEND_FIELD_HAVE_ADX_ASM
// clang-format off
#define BLEND_LAZY_STR(x) #x
#define BLEND_LAZY_OP(x) "%[" BLEND_LAZY_STR(x) "]"

// T0..T4 = a * b[BOFF / 8], a read from memory at %[ap] (the first row of a product).
#define BLEND_LAZY_ROW_FIRST(BOFF, T0, T1, T2, T3, T4)                 \
    "movq " #BOFF "(%[bp]), %%rdx\n\t"                                 \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq 0(%[ap]), " BLEND_LAZY_OP(T0) ", " BLEND_LAZY_OP(T1) "\n\t" \
    "mulxq 8(%[ap]), %[lo], " BLEND_LAZY_OP(T2) "\n\t"                 \
    "adcxq %[lo], " BLEND_LAZY_OP(T1) "\n\t"                           \
    "mulxq 16(%[ap]), %[lo], " BLEND_LAZY_OP(T3) "\n\t"                \
    "adcxq %[lo], " BLEND_LAZY_OP(T2) "\n\t"                           \
    "mulxq 24(%[ap]), %[lo], " BLEND_LAZY_OP(T4) "\n\t"                \
    "adcxq %[lo], " BLEND_LAZY_OP(T3) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_LAZY_OP(T4) "\n\t"

// T0..T4 = T0..T3 + a * b[BOFF / 8]; T4 is written, not read. Low halves of the partial products
// go on the OF chain, high halves on the CF chain. A 4-word value plus a 4x1-word product is below
// 2^320, so nothing carries out of T4.
#define BLEND_LAZY_ROW_ADD(BOFF, T0, T1, T2, T3, T4)                   \
    "movq " #BOFF "(%[bp]), %%rdx\n\t"                                 \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq 0(%[ap]), %[lo], %[hi]\n\t"                                 \
    "adoxq %[lo], " BLEND_LAZY_OP(T0) "\n\t"                           \
    "adcxq %[hi], " BLEND_LAZY_OP(T1) "\n\t"                           \
    "mulxq 8(%[ap]), %[lo], %[hi]\n\t"                                 \
    "adoxq %[lo], " BLEND_LAZY_OP(T1) "\n\t"                           \
    "adcxq %[hi], " BLEND_LAZY_OP(T2) "\n\t"                           \
    "mulxq 16(%[ap]), %[lo], %[hi]\n\t"                                \
    "adoxq %[lo], " BLEND_LAZY_OP(T2) "\n\t"                           \
    "adcxq %[hi], " BLEND_LAZY_OP(T3) "\n\t"                           \
    "mulxq 24(%[ap]), %[lo], " BLEND_LAZY_OP(T4) "\n\t"                \
    "adoxq %[lo], " BLEND_LAZY_OP(T3) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adoxq %[lo], " BLEND_LAZY_OP(T4) "\n\t"                           \
    "adcxq %[lo], " BLEND_LAZY_OP(T4) "\n\t"

// One word of the separated Montgomery reduction (see mont_sqr_4_adx in core/montgomery.hpp): A0..A3
// becomes (A0..A3 + m * r) / 2^64 with its new top word in A0's register.
#define BLEND_LAZY_REDC_WORD(A0, A1, A2, A3)                           \
    "movq " BLEND_LAZY_OP(A0) ", %%rdx\n\t"                            \
    "imulq %[inv], %%rdx\n\t"                                          \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq %[q0], %[lo], %[hi]\n\t"                                    \
    "adcxq " BLEND_LAZY_OP(A0) ", %[lo]\n\t"                           \
    "adoxq %[hi], " BLEND_LAZY_OP(A1) "\n\t"                           \
    "mulxq %[q1], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_LAZY_OP(A1) "\n\t"                           \
    "adoxq %[hi], " BLEND_LAZY_OP(A2) "\n\t"                           \
    "mulxq %[q2], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_LAZY_OP(A2) "\n\t"                           \
    "adoxq %[hi], " BLEND_LAZY_OP(A3) "\n\t"                           \
    "mulxq %[q3], %[lo], " BLEND_LAZY_OP(A0) "\n\t"                    \
    "adcxq %[lo], " BLEND_LAZY_OP(A3) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_LAZY_OP(A0) "\n\t"                           \
    "adoxq %[lo], " BLEND_LAZY_OP(A0) "\n\t"

// The four word steps of a REDC of a0..a3 (the low half); the result is in a0..a3 again.
#define BLEND_LAZY_REDC_LOW_HALF                                       \
    BLEND_LAZY_REDC_WORD(a0, a1, a2, a3)                               \
    BLEND_LAZY_REDC_WORD(a1, a2, a3, a0)                               \
    BLEND_LAZY_REDC_WORD(a2, a3, a0, a1)                               \
    BLEND_LAZY_REDC_WORD(a3, a0, a1, a2)
// clang-format on

#define BLEND_LAZY_MODULUS_OPERANDS                                                  \
    [q0] "m"(Fr::kModulus[0]), [q1] "m"(Fr::kModulus[1]), [q2] "m"(Fr::kModulus[2]), \
        [q3] "m"(Fr::kModulus[3]), [inv] "m"(Fr::kInv), [tq0] "m"(kTwoModulus[0]),   \
        [tq1] "m"(kTwoModulus[1]), [tq2] "m"(kTwoModulus[2]), [tq3] "m"(kTwoModulus[3])

struct AdxKernels {
    [[gnu::always_inline]] static Limbs<4> mul(const Limbs<4>& a, const Limbs<4>& b) noexcept
    {
        return field::detail::mont_mul_4_adx(a, b, Fr::kModulus, Fr::kInv);
    }

    [[gnu::always_inline]] static Limbs<4> sqr(const Limbs<4>& a) noexcept
    {
        return field::detail::mont_sqr_4_adx(a, Fr::kModulus, Fr::kInv);
    }

    [[gnu::always_inline]] static Limbs<4> dot3(const Limbs<4>* c, const Limbs<4>* s) noexcept
    {
        return lazy_reduce(dot3_adx(c, s));
    }

    template <bool kAddHigh>
    [[gnu::always_inline]] static void mul_wide_impl(Wide& out,
                                                     const Limbs<4>& a,
                                                     const Limbs<4>& b,
                                                     const Limbs<4>& k) noexcept
    {
        uint64_t t0, t1, t2, t3, t4, lo, hi;
        // clang-format off
        __asm__(BLEND_LAZY_ROW_FIRST(0, t0, t1, t2, t3, t4)
                "movq %[t0], 0(%[op])\n\t"
                BLEND_LAZY_ROW_ADD(8, t1, t2, t3, t4, t0)
                "movq %[t1], 8(%[op])\n\t"
                BLEND_LAZY_ROW_ADD(16, t2, t3, t4, t0, t1)
                "movq %[t2], 16(%[op])\n\t"
                BLEND_LAZY_ROW_ADD(24, t3, t4, t0, t1, t2)
                "movq %[t3], 24(%[op])\n\t"
                : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
                  [t4] "=&r"(t4), [lo] "=&r"(lo), [hi] "=&r"(hi), "=m"(out)
                : [ap] "r"(a.data()), [bp] "r"(b.data()), [op] "r"(out.data()), "m"(a), "m"(b)
                : "rdx", "cc");
        // clang-format on
        if constexpr (kAddHigh) {
            __asm__(
                "addq 0(%[kp]), %[t4]\n\t"
                "adcq 8(%[kp]), %[t0]\n\t"
                "adcq 16(%[kp]), %[t1]\n\t"
                "adcq 24(%[kp]), %[t2]\n\t"
                : [t4] "+r"(t4), [t0] "+r"(t0), [t1] "+r"(t1), [t2] "+r"(t2)
                : [kp] "r"(k.data()), "m"(k)
                : "cc");
        }
        out[4] = t4;
        out[5] = t0;
        out[6] = t1;
        out[7] = t2;
    }

    [[gnu::always_inline]] static void mul_wide(Wide& out,
                                                const Limbs<4>& a,
                                                const Limbs<4>& b) noexcept
    {
        mul_wide_impl<false>(out, a, b, a);
    }

    [[gnu::always_inline]] static void mul_wide_k(Wide& out,
                                                  const Limbs<4>& a,
                                                  const Limbs<4>& b,
                                                  const Limbs<4>& k) noexcept
    {
        mul_wide_impl<true>(out, a, b, k);
    }

    /// out = c[0] * s[0] + c[1] * s[1] + k * 2^256 (< 2^512 for c < r, s < 2r, k < r): the two
    /// products apart, then one add chain. A version accumulating both products word by word in a
    /// rotating 6-word window needed 91 carry instructions (ADCX/ADOX/ADC, which issue on two ports
    /// only) against 72 here, and measured slower (docs/state.md "Poseidon").
    [[gnu::always_inline]] static void dot2_wide_k(Wide& out,
                                                   const Limbs<4>* c,
                                                   const Limbs<4>* s,
                                                   const Limbs<4>& k) noexcept
    {
        Wide second;
        mul_wide_k(out, c[0], s[0], k);
        mul_wide(second, c[1], s[1]);
        add_wide(out, second);
    }

    /// REDC(x + y) mod 2r, for x + y < 2^512 with REDC(x + y) < 4r: the low half of the sum is
    /// reduced (four word steps), the high half added, and 2r subtracted when the result is >= 2r.
    [[gnu::always_inline]] static Limbs<4> redc_sum(const Wide& x, const Wide& y) noexcept
    {
        return redc_sum_impl(x, y);
    }

    /// REDC(x) without the conditional subtraction.
    [[gnu::always_inline]] static Limbs<4> redc_unreduced(const Wide& x) noexcept
    {
        return redc_impl<false>(x);
    }

    /// REDC(x) mod 2r, for REDC(x) < 4r.
    [[gnu::always_inline]] static Limbs<4> redc(const Wide& x) noexcept
    {
        return redc_impl<true>(x);
    }

    /// acc += x (for acc + x < 2^512): one add/adc chain through the eight words.
    [[gnu::always_inline]] static void add_wide(Wide& acc, const Wide& x) noexcept
    {
        uint64_t t;
        // clang-format off
        __asm__("movq 0(%[ap]), %[t]\n\t"
                "addq 0(%[xp]), %[t]\n\t"
                "movq %[t], 0(%[ap])\n\t"
                "movq 8(%[ap]), %[t]\n\t"
                "adcq 8(%[xp]), %[t]\n\t"
                "movq %[t], 8(%[ap])\n\t"
                "movq 16(%[ap]), %[t]\n\t"
                "adcq 16(%[xp]), %[t]\n\t"
                "movq %[t], 16(%[ap])\n\t"
                "movq 24(%[ap]), %[t]\n\t"
                "adcq 24(%[xp]), %[t]\n\t"
                "movq %[t], 24(%[ap])\n\t"
                "movq 32(%[ap]), %[t]\n\t"
                "adcq 32(%[xp]), %[t]\n\t"
                "movq %[t], 32(%[ap])\n\t"
                "movq 40(%[ap]), %[t]\n\t"
                "adcq 40(%[xp]), %[t]\n\t"
                "movq %[t], 40(%[ap])\n\t"
                "movq 48(%[ap]), %[t]\n\t"
                "adcq 48(%[xp]), %[t]\n\t"
                "movq %[t], 48(%[ap])\n\t"
                "movq 56(%[ap]), %[t]\n\t"
                "adcq 56(%[xp]), %[t]\n\t"
                "movq %[t], 56(%[ap])\n\t"
                : [t] "=&r"(t), "+m"(acc)
                : [ap] "r"(acc.data()), [xp] "r"(x.data()), "m"(x)
                : "cc");
        // clang-format on
    }

private:
    /// 2r is subtracted from a0..a3 when they are >= 2r (h0..h3 are scratch).
    [[gnu::always_inline]] static void subtract_two_modulus(uint64_t& a0,
                                                            uint64_t& a1,
                                                            uint64_t& a2,
                                                            uint64_t& a3) noexcept
    {
        uint64_t h0, h1, h2, h3;
        // clang-format off
        __asm__("movq %[a0], %[h0]\n\t"
                "subq %[tq0], %[h0]\n\t"
                "movq %[a1], %[h1]\n\t"
                "sbbq %[tq1], %[h1]\n\t"
                "movq %[a2], %[h2]\n\t"
                "sbbq %[tq2], %[h2]\n\t"
                "movq %[a3], %[h3]\n\t"
                "sbbq %[tq3], %[h3]\n\t"
                "cmovaeq %[h0], %[a0]\n\t"
                "cmovaeq %[h1], %[a1]\n\t"
                "cmovaeq %[h2], %[a2]\n\t"
                "cmovaeq %[h3], %[a3]\n\t"
                : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
                  [h0] "=&r"(h0), [h1] "=&r"(h1), [h2] "=&r"(h2), [h3] "=&r"(h3)
                : BLEND_LAZY_MODULUS_OPERANDS
                : "cc");
        // clang-format on
    }

    template <bool kSubtract>
    [[gnu::always_inline]] static Limbs<4> redc_impl(const Wide& x) noexcept
    {
        uint64_t a0, a1, a2, a3, lo, hi;
        // clang-format off
        __asm__("movq 0(%[xp]), %[a0]\n\t"
                "movq 8(%[xp]), %[a1]\n\t"
                "movq 16(%[xp]), %[a2]\n\t"
                "movq 24(%[xp]), %[a3]\n\t"
                BLEND_LAZY_REDC_LOW_HALF
                "addq 32(%[xp]), %[a0]\n\t"
                "adcq 40(%[xp]), %[a1]\n\t"
                "adcq 48(%[xp]), %[a2]\n\t"
                "adcq 56(%[xp]), %[a3]\n\t"
                : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3),
                  [lo] "=&r"(lo), [hi] "=&r"(hi)
                : [xp] "r"(x.data()), "m"(x), BLEND_LAZY_MODULUS_OPERANDS
                : "rdx", "cc");
        // clang-format on
        if constexpr (kSubtract)
            subtract_two_modulus(a0, a1, a2, a3);
        return {a0, a1, a2, a3};
    }

    [[gnu::always_inline]] static Limbs<4> redc_sum_impl(const Wide& x, const Wide& y) noexcept
    {
        uint64_t a0, a1, a2, a3, h0, h1, h2, h3, lo, hi;
        // clang-format off
        __asm__("movq 0(%[xp]), %[a0]\n\t"
                "addq 0(%[yp]), %[a0]\n\t"
                "movq 8(%[xp]), %[a1]\n\t"
                "adcq 8(%[yp]), %[a1]\n\t"
                "movq 16(%[xp]), %[a2]\n\t"
                "adcq 16(%[yp]), %[a2]\n\t"
                "movq 24(%[xp]), %[a3]\n\t"
                "adcq 24(%[yp]), %[a3]\n\t"
                "movq 32(%[xp]), %[h0]\n\t"
                "adcq 32(%[yp]), %[h0]\n\t"
                "movq 40(%[xp]), %[h1]\n\t"
                "adcq 40(%[yp]), %[h1]\n\t"
                "movq 48(%[xp]), %[h2]\n\t"
                "adcq 48(%[yp]), %[h2]\n\t"
                "movq 56(%[xp]), %[h3]\n\t"
                "adcq 56(%[yp]), %[h3]\n\t"
                BLEND_LAZY_REDC_LOW_HALF
                "addq %[h0], %[a0]\n\t"
                "adcq %[h1], %[a1]\n\t"
                "adcq %[h2], %[a2]\n\t"
                "adcq %[h3], %[a3]\n\t"
                : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3),
                  [h0] "=&r"(h0), [h1] "=&r"(h1), [h2] "=&r"(h2), [h3] "=&r"(h3),
                  [lo] "=&r"(lo), [hi] "=&r"(hi)
                : [xp] "r"(x.data()), [yp] "r"(y.data()), "m"(x), "m"(y),
                  BLEND_LAZY_MODULUS_OPERANDS
                : "rdx", "cc");
        // clang-format on
        subtract_two_modulus(a0, a1, a2, a3);
        return {a0, a1, a2, a3};
    }
};

#undef BLEND_LAZY_MODULUS_OPERANDS
#undef BLEND_LAZY_REDC_LOW_HALF
#undef BLEND_LAZY_REDC_WORD
#undef BLEND_LAZY_ROW_ADD
#undef BLEND_LAZY_ROW_FIRST
#undef BLEND_LAZY_OP
#undef BLEND_LAZY_STR
#endif

/// out = c[0] s[0] + ... + c[3] s[3] + k * 2^256 with kernel set K (< 2^512 for c, k < r and
/// s < 2.25r): four products apart, then two add chains.
template <typename K>
[[gnu::always_inline]] inline void dot4_wide_k(Wide& out,
                                               const Limbs<4>* c,
                                               const Limbs<4>* s,
                                               const Limbs<4>& k) noexcept
{
    Wide t1, t2, t3;
    K::mul_wide_k(out, c[0], s[0], k);
    K::mul_wide(t1, c[1], s[1]);
    K::mul_wide(t2, c[2], s[2]);
    K::mul_wide(t3, c[3], s[3]);
    K::add_wide(out, t1);
    K::add_wide(t2, t3);
    K::add_wide(out, t2);
}

}  // namespace blend::poseidon::lazy
