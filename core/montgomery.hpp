// SPDX-License-Identifier: Apache-2.0
#pragma once

// Prime fields in Montgomery form over N x 64-bit limbs, parameterised by the modulus only: the one
// implementation behind the BN254 scalar field (Poseidon, the trie), the BN254 base field and the
// BLS12-381 base field (precompiles). All derived constants (R mod p, R^2 mod p, -p^-1 mod 2^64)
// are computed at compile time from the modulus. Multiplication and squaring have MULX/ADX
// assembly for 4 limbs (254-bit moduli) and 6 limbs (381-bit), chosen at run time by CPUID, and a
// portable unsigned __int128 CIOS loop for everything else.

#include "core/bytes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

// ADC/SBB through the compiler's carry intrinsics (baseline x86-64, no CPU feature needed).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>  // ADX dispatch below; at global scope (in a namespace it hides ::__get_cpuid)
#include <x86intrin.h>
#define BLEND_FIELD_HAVE_CARRY_INTRINSICS 1
#endif

namespace blend::field {

__extension__ typedef unsigned __int128 u128;  // GCC/Clang builtin; -Wpedantic needs the marker

template <size_t N>
using Limbs = std::array<uint64_t, N>;  // little-endian: limb 0 is the least significant

namespace detail {

template <size_t N>
constexpr bool geq(const Limbs<N>& a, const Limbs<N>& b) noexcept
{
    for (size_t i = N; i-- > 0;) {
        if (a[i] != b[i])
            return a[i] > b[i];
    }
    return true;
}

/// a - b, returning the borrow.
template <size_t N>
constexpr uint64_t sub_borrow(Limbs<N>& out, const Limbs<N>& a, const Limbs<N>& b) noexcept
{
#if defined(BLEND_FIELD_HAVE_CARRY_INTRINSICS)
    // One SBB chain. The u128 form below compiles (GCC 12) to a SUB/SBB pair plus masking per
    // limb: a 6-limb field subtraction measured 19.6 ns that way.
    if (!std::is_constant_evaluated()) {
        unsigned char b_out = 0;
#pragma GCC unroll 8
        for (size_t i = 0; i < N; ++i) {
            unsigned long long d = 0;
            b_out = _subborrow_u64(b_out, a[i], b[i], &d);
            out[i] = d;
        }
        return b_out;
    }
#endif
    uint64_t borrow = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < N; ++i) {
        const u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
        out[i] = static_cast<uint64_t>(d);
        borrow = static_cast<uint64_t>(d >> 64) & 1;
    }
    return borrow;
}

/// a + b, returning the carry.
template <size_t N>
constexpr uint64_t add_carry(Limbs<N>& out, const Limbs<N>& a, const Limbs<N>& b) noexcept
{
#if defined(BLEND_FIELD_HAVE_CARRY_INTRINSICS)
    if (!std::is_constant_evaluated()) {  // one ADC chain (see sub_borrow)
        unsigned char c_out = 0;
#pragma GCC unroll 8
        for (size_t i = 0; i < N; ++i) {
            unsigned long long s = 0;
            c_out = _addcarry_u64(c_out, a[i], b[i], &s);
            out[i] = s;
        }
        return c_out;
    }
#endif
    uint64_t carry = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < N; ++i) {
        const u128 s = static_cast<u128>(a[i]) + b[i] + carry;
        out[i] = static_cast<uint64_t>(s);
        carry = static_cast<uint64_t>(s >> 64);
    }
    return carry;
}

/// (a + b) mod m for a, b < m.
template <size_t N>
constexpr Limbs<N> add_mod(const Limbs<N>& a, const Limbs<N>& b, const Limbs<N>& m) noexcept
{
    Limbs<N> sum{};
    const uint64_t carry = add_carry(sum, a, b);
    Limbs<N> reduced{};
    const uint64_t borrow = sub_borrow(reduced, sum, m);
    return (carry != 0 || borrow == 0) ? reduced : sum;
}

/// -m^-1 mod 2^64 by Newton iteration (each step doubles the number of correct low bits).
constexpr uint64_t neg_inverse_64(uint64_t m0) noexcept
{
    uint64_t inv = 1;
    for (int i = 0; i < 6; ++i)
        inv *= 2 - m0 * inv;
    return ~inv + 1;
}

/// 2^(64*N*k) mod m, by repeated modular doubling of 1.
template <size_t N>
constexpr Limbs<N> pow2_mod(const Limbs<N>& m, size_t bits) noexcept
{
    Limbs<N> r{};
    r[0] = 1;
    for (size_t i = 0; i < bits; ++i)
        r = add_mod(r, r, m);
    return r;
}

// The assembly needs more free registers than an unoptimised or AddressSanitizer build leaves
// ("impossible constraints"), so those builds take the portable path only.
#if defined(__SANITIZE_ADDRESS__)
#define BLEND_FIELD_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BLEND_FIELD_SANITIZED 1
#endif
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && defined(__OPTIMIZE__) && \
    !defined(BLEND_FIELD_SANITIZED)
#define BLEND_FIELD_HAVE_ADX_ASM 1

/// True when the CPU has MULX (BMI2) and ADCX/ADOX (ADX). Read at run time so one binary runs
/// everywhere; before its dynamic initialisation it reads false, which selects the portable path.
/// Tests clear it to run the portable multiplier through everything (single-threaded only).
/// CPUID leaf 7 (Intel SDM Vol. 2A, CPUID): EBX bit 8 is BMI2 (MULX), bit 19 is ADX. Read directly
/// because clang 14's __builtin_cpu_supports does not know "adx".
inline bool g_use_adx = [] {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0)
        return false;
    return (ebx & (1u << 8)) != 0 && (ebx & (1u << 19)) != 0;
}();

// One CIOS word step for 4 limbs, in two halves. MULX leaves the flags alone and ADCX/ADOX use
// separate carry flags (CF, OF), so the low and the high halves of the partial products are
// accumulated in two independent carry chains. The five accumulator registers rotate by one per
// word instead of being shifted.
// clang-format off
#define BLEND_MONT_STR(x) #x
#define BLEND_MONT_OP(x) "%[" BLEND_MONT_STR(x) "]"

// T0..T4 = a * b[OFF / 8] (first word: the accumulator starts empty).
#define BLEND_MONT_MUL_FIRST(OFF, T0, T1, T2, T3, T4)                  \
    "movq " #OFF "(%[bp]), %%rdx\n\t"                                  \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq %[a0], " BLEND_MONT_OP(T0) ", " BLEND_MONT_OP(T1) "\n\t"    \
    "mulxq %[a1], %[lo], " BLEND_MONT_OP(T2) "\n\t"                    \
    "adcxq %[lo], " BLEND_MONT_OP(T1) "\n\t"                           \
    "mulxq %[a2], %[lo], " BLEND_MONT_OP(T3) "\n\t"                    \
    "adcxq %[lo], " BLEND_MONT_OP(T2) "\n\t"                           \
    "mulxq %[a3], %[lo], " BLEND_MONT_OP(T4) "\n\t"                    \
    "adcxq %[lo], " BLEND_MONT_OP(T3) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_MONT_OP(T4) "\n\t"

// T0..T4 = T0..T3 + a * b[OFF / 8]: low halves on the OF chain, high halves on the CF chain.
#define BLEND_MONT_MUL_ADD(OFF, T0, T1, T2, T3, T4)                    \
    "movq " #OFF "(%[bp]), %%rdx\n\t"                                  \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq %[a0], %[lo], %[hi]\n\t"                                    \
    "adoxq %[lo], " BLEND_MONT_OP(T0) "\n\t"                           \
    "adcxq %[hi], " BLEND_MONT_OP(T1) "\n\t"                           \
    "mulxq %[a1], %[lo], %[hi]\n\t"                                    \
    "adoxq %[lo], " BLEND_MONT_OP(T1) "\n\t"                           \
    "adcxq %[hi], " BLEND_MONT_OP(T2) "\n\t"                           \
    "mulxq %[a2], %[lo], %[hi]\n\t"                                    \
    "adoxq %[lo], " BLEND_MONT_OP(T2) "\n\t"                           \
    "adcxq %[hi], " BLEND_MONT_OP(T3) "\n\t"                           \
    "mulxq %[a3], %[lo], " BLEND_MONT_OP(T4) "\n\t"                    \
    "adoxq %[lo], " BLEND_MONT_OP(T3) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adoxq %[lo], " BLEND_MONT_OP(T4) "\n\t"                           \
    "adcxq %[lo], " BLEND_MONT_OP(T4) "\n\t"

// T1..T4 = (T0..T4 + m * q) / 2^64 with m = T0 * (-q^-1) mod 2^64, so the low word vanishes.
#define BLEND_MONT_REDUCE(T0, T1, T2, T3, T4)                          \
    "movq " BLEND_MONT_OP(T0) ", %%rdx\n\t"                            \
    "imulq %[inv], %%rdx\n\t"                                          \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq %[q0], %[lo], %[hi]\n\t"                                    \
    "adcxq " BLEND_MONT_OP(T0) ", %[lo]\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(T1) "\n\t"                           \
    "mulxq %[q1], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_MONT_OP(T1) "\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(T2) "\n\t"                           \
    "mulxq %[q2], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_MONT_OP(T2) "\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(T3) "\n\t"                           \
    "mulxq %[q3], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_MONT_OP(T3) "\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(T4) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_MONT_OP(T4) "\n\t"                           \
    "adoxq %[lo], " BLEND_MONT_OP(T4) "\n\t"

/// a * b * 2^-256 mod q for 4-limb q with a spare top bit; result < 2q (caller subtracts).
[[gnu::always_inline]] inline Limbs<4> mont_mul_4_adx(const Limbs<4>& a, const Limbs<4>& b, const Limbs<4>& q,
                               uint64_t inv) noexcept
{
    uint64_t r0, r1, r2, r3, r4, lo, hi;
    __asm__(BLEND_MONT_MUL_FIRST(0, r0, r1, r2, r3, r4)
            BLEND_MONT_REDUCE(r0, r1, r2, r3, r4)
            BLEND_MONT_MUL_ADD(8, r1, r2, r3, r4, r0)
            BLEND_MONT_REDUCE(r1, r2, r3, r4, r0)
            BLEND_MONT_MUL_ADD(16, r2, r3, r4, r0, r1)
            BLEND_MONT_REDUCE(r2, r3, r4, r0, r1)
            BLEND_MONT_MUL_ADD(24, r3, r4, r0, r1, r2)
            BLEND_MONT_REDUCE(r3, r4, r0, r1, r2)
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [lo] "=&r"(lo), [hi] "=&r"(hi)
            : [a0] "r"(a[0]), [a1] "r"(a[1]), [a2] "r"(a[2]), [a3] "r"(a[3]), [bp] "r"(b.data()),
              "m"(b), [q0] "m"(q[0]), [q1] "m"(q[1]),
              [q2] "m"(q[2]), [q3] "m"(q[3]), [inv] "m"(inv)
            : "rdx", "cc");
    return {r4, r0, r1, r2};
}

// One word of a separated Montgomery reduction: with m = A0 * (-q^-1) mod 2^64, A0..A3 becomes
// (A0..A3 + m * q) / 2^64, whose new top word lands in A0's register (so the next word's registers
// are A1, A2, A3, A0). The spare bits of q keep the sum below 2^320: no carry leaves the top word.
#define BLEND_MONT_REDC_WORD(A0, A1, A2, A3)                           \
    "movq " BLEND_MONT_OP(A0) ", %%rdx\n\t"                            \
    "imulq %[inv], %%rdx\n\t"                                          \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq %[q0], %[lo], %[hi]\n\t"                                    \
    "adcxq " BLEND_MONT_OP(A0) ", %[lo]\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(A1) "\n\t"                           \
    "mulxq %[q1], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_MONT_OP(A1) "\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(A2) "\n\t"                           \
    "mulxq %[q2], %[lo], %[hi]\n\t"                                    \
    "adcxq %[lo], " BLEND_MONT_OP(A2) "\n\t"                           \
    "adoxq %[hi], " BLEND_MONT_OP(A3) "\n\t"                           \
    "mulxq %[q3], %[lo], " BLEND_MONT_OP(A0) "\n\t"                    \
    "adcxq %[lo], " BLEND_MONT_OP(A3) "\n\t"                           \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_MONT_OP(A0) "\n\t"                           \
    "adoxq %[lo], " BLEND_MONT_OP(A0) "\n\t"

/// a^2 * 2^-256 mod q for 4-limb q with a spare top bit, a < 2q; result < q + 4q^2/2^256 (< 2q
/// for both the canonical and the lazy [0, 2q) forms). Ten products instead of sixteen: the six
/// cross products a_i*a_j (i < j) are summed once and doubled, then the four squares are added.
/// The reduction is separated (REDC(T) = redc(T mod 2^256) + T div 2^256), so it starts on the low
/// half while the high half is still being summed.
[[gnu::always_inline]] inline Limbs<4> mont_sqr_4_adx(const Limbs<4>& a, const Limbs<4>& q,
                                                      uint64_t inv) noexcept
{
    uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
    __asm__(
        // Cross products into t1..t6 (words 1..6); CF and OF carry two independent chains.
        "xorl %k[lo], %k[lo]\n\t"
        "movq 0(%[ap]), %%rdx\n\t"
        "mulxq 8(%[ap]), %[t1], %[t2]\n\t"
        "mulxq 16(%[ap]), %[lo], %[t3]\n\t"
        "adcxq %[lo], %[t2]\n\t"
        "mulxq 24(%[ap]), %[lo], %[t4]\n\t"
        "adcxq %[lo], %[t3]\n\t"
        "movq 8(%[ap]), %%rdx\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 24(%[ap]), %[lo], %[t5]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "movl $0, %k[hi]\n\t"
        "adcxq %[hi], %[t5]\n\t"
        "movq 16(%[ap]), %%rdx\n\t"
        "mulxq 24(%[ap]), %[lo], %[t6]\n\t"
        "adoxq %[lo], %[t5]\n\t"
        "adoxq %[hi], %[t6]\n\t"
        // Double (CF chain) and add the squares a_i^2 at words 2i, 2i+1 (OF chain).
        "xorl %k[t7], %k[t7]\n\t"
        "movq 0(%[ap]), %%rdx\n\t"
        "mulxq %%rdx, %[t0], %[hi]\n\t"
        "adcxq %[t1], %[t1]\n\t"
        "adoxq %[hi], %[t1]\n\t"
        "movq 8(%[ap]), %%rdx\n\t"
        "mulxq %%rdx, %[lo], %[hi]\n\t"
        "adcxq %[t2], %[t2]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[t3], %[t3]\n\t"
        "adoxq %[hi], %[t3]\n\t"
        "movq 16(%[ap]), %%rdx\n\t"
        "mulxq %%rdx, %[lo], %[hi]\n\t"
        "adcxq %[t4], %[t4]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[t5], %[t5]\n\t"
        "adoxq %[hi], %[t5]\n\t"
        "movq 24(%[ap]), %%rdx\n\t"
        "mulxq %%rdx, %[lo], %[hi]\n\t"
        "adcxq %[t6], %[t6]\n\t"
        "adoxq %[lo], %[t6]\n\t"
        "adcxq %[t7], %[t7]\n\t"
        "adoxq %[hi], %[t7]\n\t"
        // Reduce the low half; the accumulator rotates back to t0..t3.
        BLEND_MONT_REDC_WORD(t0, t1, t2, t3)
        BLEND_MONT_REDC_WORD(t1, t2, t3, t0)
        BLEND_MONT_REDC_WORD(t2, t3, t0, t1)
        BLEND_MONT_REDC_WORD(t3, t0, t1, t2)
        "addq %[t4], %[t0]\n\t"
        "adcq %[t5], %[t1]\n\t"
        "adcq %[t6], %[t2]\n\t"
        "adcq %[t7], %[t3]\n\t"
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
          [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [ap] "r"(a.data()), "m"(a), [q0] "m"(q[0]), [q1] "m"(q[1]), [q2] "m"(q[2]),
          [q3] "m"(q[3]), [inv] "m"(inv)
        : "rdx", "cc");
    return {t0, t1, t2, t3};
}

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

// The same CIOS word steps for 6 limbs (the BLS12-381 base field). With seven accumulator
// registers there is no room for a's six limbs, so a, b and q are read from memory.

/// a * b * 2^-384 mod q for 6-limb q with a spare top bit; result < 2q (caller subtracts).
[[gnu::always_inline]] inline Limbs<6> mont_mul_6_adx(const Limbs<6>& a,
                                                             const Limbs<6>& b,
                                                             const Limbs<6>& q,
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

// The 6-limb product and reduction apart, for lazy reduction (sums of products reduced once):
// a * b as 12 limbs (the schoolbook rows of mont_mul_6_adx without the reduction words), and
// REDC(t) for t < q * 2^384 separated as in mont_sqr_4_adx: redc(t mod 2^384) + t div 2^384.

/// a * b as 12 limbs (little-endian). Each row's lowest word is final once the row is added, so
/// it is stored and the seven accumulators rotate.
[[gnu::always_inline]] inline void mul_wide_6_adx(Limbs<12>& out, const Limbs<6>& a,
                                                  const Limbs<6>& b) noexcept
{
    uint64_t r0, r1, r2, r3, r4, r5, r6, lo, hi;
    __asm__(BLEND_FP6_MUL_FIRST(0, r0, r1, r2, r3, r4, r5, r6)
            "movq %[r0], 0(%[op])\n\t"
            BLEND_FP6_MUL_ADD(8, r1, r2, r3, r4, r5, r6, r0)
            "movq %[r1], 8(%[op])\n\t"
            BLEND_FP6_MUL_ADD(16, r2, r3, r4, r5, r6, r0, r1)
            "movq %[r2], 16(%[op])\n\t"
            BLEND_FP6_MUL_ADD(24, r3, r4, r5, r6, r0, r1, r2)
            "movq %[r3], 24(%[op])\n\t"
            BLEND_FP6_MUL_ADD(32, r4, r5, r6, r0, r1, r2, r3)
            "movq %[r4], 32(%[op])\n\t"
            BLEND_FP6_MUL_ADD(40, r5, r6, r0, r1, r2, r3, r4)
            "movq %[r5], 40(%[op])\n\t"
            "movq %[r6], 48(%[op])\n\t"
            "movq %[r0], 56(%[op])\n\t"
            "movq %[r1], 64(%[op])\n\t"
            "movq %[r2], 72(%[op])\n\t"
            "movq %[r3], 80(%[op])\n\t"
            "movq %[r4], 88(%[op])\n\t"
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [r5] "=&r"(r5), [r6] "=&r"(r6), [lo] "=&r"(lo), [hi] "=&r"(hi), "=m"(out)
            : [ap] "r"(a.data()), [bp] "r"(b.data()), [op] "r"(out.data()), "m"(a), "m"(b)
            : "rdx", "cc");
}

// One word of the separated reduction for 6 limbs (BLEND_MONT_REDC_WORD with six registers):
// A0..A5 becomes (A0..A5 + m * q) / 2^64, the new top word in A0's register.
#define BLEND_FP6_REDC_WORD(A0, A1, A2, A3, A4, A5)                    \
    "movq " BLEND_FP6_OP(A0) ", %%rdx\n\t"                             \
    "imulq %[inv], %%rdx\n\t"                                          \
    "xorl %k[lo], %k[lo]\n\t"                                          \
    "mulxq 0(%[qp]), %[lo], %[hi]\n\t"                                 \
    "adcxq " BLEND_FP6_OP(A0) ", %[lo]\n\t"                            \
    "adoxq %[hi], " BLEND_FP6_OP(A1) "\n\t"                            \
    BLEND_FP6_RED_LIMB(8, A1, A2)                                      \
    BLEND_FP6_RED_LIMB(16, A2, A3)                                     \
    BLEND_FP6_RED_LIMB(24, A3, A4)                                     \
    BLEND_FP6_RED_LIMB(32, A4, A5)                                     \
    "mulxq 40(%[qp]), %[lo], " BLEND_FP6_OP(A0) "\n\t"                 \
    "adcxq %[lo], " BLEND_FP6_OP(A5) "\n\t"                            \
    "movl $0, %k[lo]\n\t"                                              \
    "adcxq %[lo], " BLEND_FP6_OP(A0) "\n\t"                            \
    "adoxq %[lo], " BLEND_FP6_OP(A0) "\n\t"

/// t * 2^-384 mod q for a 12-limb t < q * 2^384; result < 2q (caller subtracts). The low half's
/// reduction is at most q (an integer below 1 + q); the high half is below q.
[[gnu::always_inline]] inline Limbs<6> redc_6_adx(const Limbs<12>& t, const Limbs<6>& q,
                                                  uint64_t inv) noexcept
{
    uint64_t t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], lo, hi;
    __asm__(BLEND_FP6_REDC_WORD(t0, t1, t2, t3, t4, t5)
            BLEND_FP6_REDC_WORD(t1, t2, t3, t4, t5, t0)
            BLEND_FP6_REDC_WORD(t2, t3, t4, t5, t0, t1)
            BLEND_FP6_REDC_WORD(t3, t4, t5, t0, t1, t2)
            BLEND_FP6_REDC_WORD(t4, t5, t0, t1, t2, t3)
            BLEND_FP6_REDC_WORD(t5, t0, t1, t2, t3, t4)
            "addq 48(%[tp]), %[t0]\n\t"
            "adcq 56(%[tp]), %[t1]\n\t"
            "adcq 64(%[tp]), %[t2]\n\t"
            "adcq 72(%[tp]), %[t3]\n\t"
            "adcq 80(%[tp]), %[t4]\n\t"
            "adcq 88(%[tp]), %[t5]\n\t"
            : [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3), [t4] "+&r"(t4),
              [t5] "+&r"(t5), [lo] "=&r"(lo), [hi] "=&r"(hi)
            : [tp] "r"(t.data()), [qp] "r"(q.data()), "m"(q), "m"(t), [inv] "m"(inv)
            : "rdx", "cc");
    return {t0, t1, t2, t3, t4, t5};
}

/// (a + b) mod q for 6-limb a, b < q < 2^383 (no carry out of the sum): one ADC chain, the
/// trial subtraction of q on an SBB chain, and CMOV on its borrow (keep the sum when it is below
/// q). Flag-preserving MOV/CMOV let the selection follow the chain directly; the C++ form spent
/// three mask operations per limb and ~10 cycles per addition. ap and bp are free once read and
/// hold two of the differences.
[[gnu::always_inline]] inline Limbs<6> add_mod_6_asm(const Limbs<6>& a, const Limbs<6>& b,
                                                     const Limbs<6>& q) noexcept
{
    uint64_t r0, r1, r2, r3, r4, r5, t0, t1, t2, t3;
    const uint64_t* ap = a.data();
    const uint64_t* bp = b.data();
    __asm__("movq 0(%[ap]), %[r0]\n\t"
            "movq 8(%[ap]), %[r1]\n\t"
            "movq 16(%[ap]), %[r2]\n\t"
            "movq 24(%[ap]), %[r3]\n\t"
            "movq 32(%[ap]), %[r4]\n\t"
            "movq 40(%[ap]), %[r5]\n\t"
            "addq 0(%[bp]), %[r0]\n\t"
            "adcq 8(%[bp]), %[r1]\n\t"
            "adcq 16(%[bp]), %[r2]\n\t"
            "adcq 24(%[bp]), %[r3]\n\t"
            "adcq 32(%[bp]), %[r4]\n\t"
            "adcq 40(%[bp]), %[r5]\n\t"
            "movq %[r0], %[t0]\n\t"
            "movq %[r1], %[t1]\n\t"
            "movq %[r2], %[t2]\n\t"
            "movq %[r3], %[t3]\n\t"
            "movq %[r4], %[ap]\n\t"
            "movq %[r5], %[bp]\n\t"
            "subq 0(%[qp]), %[t0]\n\t"
            "sbbq 8(%[qp]), %[t1]\n\t"
            "sbbq 16(%[qp]), %[t2]\n\t"
            "sbbq 24(%[qp]), %[t3]\n\t"
            "sbbq 32(%[qp]), %[ap]\n\t"
            "sbbq 40(%[qp]), %[bp]\n\t"
            "cmovcq %[r0], %[t0]\n\t"
            "cmovcq %[r1], %[t1]\n\t"
            "cmovcq %[r2], %[t2]\n\t"
            "cmovcq %[r3], %[t3]\n\t"
            "cmovcq %[r4], %[ap]\n\t"
            "cmovcq %[r5], %[bp]\n\t"
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [r5] "=&r"(r5), [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
              [ap] "+&r"(ap), [bp] "+&r"(bp)
            : [qp] "r"(q.data()), "m"(a), "m"(b), "m"(q)
            : "cc");
    return {t0, t1, t2, t3, reinterpret_cast<uint64_t>(ap), reinterpret_cast<uint64_t>(bp)};
}

/// (a - b) mod q for 6-limb a, b < q: one SBB chain, its borrow as a mask, q AND mask added on
/// one ADC chain (the masks are formed before that chain, since AND clobbers the carry).
[[gnu::always_inline]] inline Limbs<6> sub_mod_6_asm(const Limbs<6>& a, const Limbs<6>& b,
                                                     const Limbs<6>& q) noexcept
{
    uint64_t r0, r1, r2, r3, r4, r5, t0, t1, t2, t3;
    const uint64_t* ap = a.data();
    const uint64_t* bp = b.data();
    __asm__("movq 0(%[ap]), %[r0]\n\t"
            "movq 8(%[ap]), %[r1]\n\t"
            "movq 16(%[ap]), %[r2]\n\t"
            "movq 24(%[ap]), %[r3]\n\t"
            "movq 32(%[ap]), %[r4]\n\t"
            "movq 40(%[ap]), %[r5]\n\t"
            "subq 0(%[bp]), %[r0]\n\t"
            "sbbq 8(%[bp]), %[r1]\n\t"
            "sbbq 16(%[bp]), %[r2]\n\t"
            "sbbq 24(%[bp]), %[r3]\n\t"
            "sbbq 32(%[bp]), %[r4]\n\t"
            "sbbq 40(%[bp]), %[r5]\n\t"
            "sbbq %[ap], %[ap]\n\t"  // all ones on a borrow
            "movq 0(%[qp]), %[t0]\n\t"
            "andq %[ap], %[t0]\n\t"
            "movq 8(%[qp]), %[t1]\n\t"
            "andq %[ap], %[t1]\n\t"
            "movq 16(%[qp]), %[t2]\n\t"
            "andq %[ap], %[t2]\n\t"
            "movq 24(%[qp]), %[t3]\n\t"
            "andq %[ap], %[t3]\n\t"
            "movq 32(%[qp]), %[bp]\n\t"
            "andq %[ap], %[bp]\n\t"
            "andq 40(%[qp]), %[ap]\n\t"
            "addq %[t0], %[r0]\n\t"
            "adcq %[t1], %[r1]\n\t"
            "adcq %[t2], %[r2]\n\t"
            "adcq %[t3], %[r3]\n\t"
            "adcq %[bp], %[r4]\n\t"
            "adcq %[ap], %[r5]\n\t"
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [r5] "=&r"(r5), [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
              [ap] "+&r"(ap), [bp] "+&r"(bp)
            : [qp] "r"(q.data()), "m"(a), "m"(b), "m"(q)
            : "cc");
    return {r0, r1, r2, r3, r4, r5};
}

#undef BLEND_FP6_REDC_WORD
#undef BLEND_FP6_MUL_FIRST
#undef BLEND_FP6_MUL_ADD_LIMB
#undef BLEND_FP6_MUL_ADD
#undef BLEND_FP6_RED_LIMB
#undef BLEND_FP6_REDUCE
#undef BLEND_FP6_OP
#undef BLEND_FP6_STR

#undef BLEND_MONT_MUL_FIRST
#undef BLEND_MONT_MUL_ADD
#undef BLEND_MONT_REDUCE
#undef BLEND_MONT_REDC_WORD
#undef BLEND_MONT_OP
#undef BLEND_MONT_STR
// clang-format on
#endif

}  // namespace detail

/// Parameters: `struct P { static constexpr size_t kLimbs = N; static constexpr Limbs<N> kModulus;
/// }`. The modulus must be odd and its top limb below 2^63 - 1: the multiplier uses the carry-free
/// CIOS variant that relies on that spare bit (true for BN254 Fr/Fq and BLS12-381 Fq).
template <typename P>
class MontField {
public:
    static constexpr size_t kLimbs = P::kLimbs;
    static constexpr size_t kBytes = kLimbs * 8;
    using Repr = Limbs<kLimbs>;

    static constexpr Repr kModulus = P::kModulus;
    static constexpr uint64_t kInv = detail::neg_inverse_64(kModulus[0]);
    static constexpr Repr kR = detail::pow2_mod(kModulus, 64 * kLimbs);  // 1 in Montgomery form
    static constexpr Repr kR2 = detail::pow2_mod(kModulus, 2 * 64 * kLimbs);  // to convert in

    static_assert((kModulus[0] & 1) == 1, "Montgomery form needs an odd modulus");
    static_assert(kModulus[kLimbs - 1] < 0x7fffffffffffffffULL,
                  "the carry-free CIOS multiplier needs a spare top bit in the modulus");

    constexpr MontField() noexcept = default;

    [[nodiscard]] static constexpr MontField zero() noexcept { return {}; }
    [[nodiscard]] static constexpr MontField one() noexcept { return from_mont(kR); }

    /// A small integer.
    [[nodiscard]] static constexpr MontField from_u64(uint64_t v) noexcept
    {
        Repr r{};
        r[0] = v;
        return from_canonical_unchecked(r);
    }

    /// Canonical limbs (must be < modulus; the caller guarantees it).
    [[nodiscard]] static constexpr MontField from_canonical_unchecked(const Repr& v) noexcept
    {
        return from_mont(v) * from_mont(kR2);
    }

    /// Canonical limbs, or nothing when v >= modulus (non-canonical encodings are rejected).
    [[nodiscard]] static constexpr std::optional<MontField> from_canonical(const Repr& v) noexcept
    {
        if (detail::geq(v, kModulus))
            return std::nullopt;
        return from_canonical_unchecked(v);
    }

    /// Big-endian bytes of exactly kBytes; nothing when the value is >= modulus.
    [[nodiscard]] static std::optional<MontField> from_bytes_be(BytesView bytes) noexcept
    {
        if (bytes.size() != kBytes)
            return std::nullopt;
        Repr v{};
        for (size_t i = 0; i < kBytes; ++i)
            v[(kBytes - 1 - i) / 8] |= static_cast<uint64_t>(bytes[i])
                                       << (8 * ((kBytes - 1 - i) % 8));
        return from_canonical(v);
    }

    /// Raw Montgomery limbs (a*R mod p); for precomputed tables.
    [[nodiscard]] static constexpr MontField from_mont(const Repr& v) noexcept
    {
        MontField f;
        f.v_ = v;
        return f;
    }

    [[nodiscard]] constexpr Repr to_canonical() const noexcept
    {
        Repr one_limbs{};
        one_limbs[0] = 1;
        return (*this * from_mont(one_limbs)).v_;
    }

    [[nodiscard]] FixedBytes<kBytes> to_bytes_be() const noexcept
    {
        const Repr c = to_canonical();
        FixedBytes<kBytes> out;
        for (size_t i = 0; i < kBytes; ++i)
            out[kBytes - 1 - i] = static_cast<uint8_t>(c[i / 8] >> (8 * (i % 8)));
        return out;
    }

    [[nodiscard]] constexpr const Repr& mont() const noexcept { return v_; }

    [[nodiscard]] constexpr bool is_zero() const noexcept
    {
        uint64_t acc = 0;
        for (const uint64_t l : v_)
            acc |= l;
        return acc == 0;
    }

    friend constexpr bool operator==(const MontField&, const MontField&) = default;

    // Addition and subtraction are branch-free for the same reason as reduce_once.
    [[gnu::always_inline]] friend constexpr MontField operator+(const MontField& a,
                                                                const MontField& b) noexcept
    {
#ifdef BLEND_FIELD_HAVE_ADX_ASM
        if constexpr (kLimbs == 6) {
            if (!std::is_constant_evaluated())
                return from_mont(detail::add_mod_6_asm(a.v_, b.v_, kModulus));
        }
#endif
        Repr sum{};
        detail::add_carry(sum, a.v_, b.v_);  // no carry out: the modulus leaves the top bit spare
        return reduce_once(sum);
    }

    [[gnu::always_inline]] friend constexpr MontField operator-(const MontField& a,
                                                                const MontField& b) noexcept
    {
#ifdef BLEND_FIELD_HAVE_ADX_ASM
        if constexpr (kLimbs == 6) {
            if (!std::is_constant_evaluated())
                return from_mont(detail::sub_mod_6_asm(a.v_, b.v_, kModulus));
        }
#endif
        Repr d{};
        const uint64_t borrow = detail::sub_borrow(d, a.v_, b.v_);
        // d + p computed unconditionally and selected: two independent carry chains (adding a
        // masked p made GCC 12 save and restore the carry flag between limbs).
        Repr fixed{};
        detail::add_carry(fixed, d, kModulus);
        const uint64_t mask = uint64_t{0} - borrow;  // all ones on borrow
        Repr out{};
#pragma GCC unroll 8
        for (size_t i = 0; i < kLimbs; ++i)
            out[i] = (fixed[i] & mask) | (d[i] & ~mask);
        return from_mont(out);
    }

    constexpr MontField operator-() const noexcept
    {
        return zero() - *this;
    }

    /// Montgomery product a*b*R^-1 mod p: CIOS with the carry-free inner loop (the spare top bit
    /// of the modulus means the running total never needs an extra limb), then one conditional
    /// subtraction.
    [[gnu::always_inline]] friend constexpr MontField operator*(const MontField& a,
                                                                const MontField& b) noexcept
    {
#ifdef BLEND_FIELD_HAVE_ADX_ASM
        if constexpr (kLimbs == 4) {
            if (!std::is_constant_evaluated() && detail::g_use_adx)
                return reduce_product(detail::mont_mul_4_adx(a.v_, b.v_, kModulus, kInv));
        } else if constexpr (kLimbs == 6) {
            if (!std::is_constant_evaluated() && detail::g_use_adx)
                return reduce_product(detail::mont_mul_6_adx(a.v_, b.v_, kModulus, kInv));
        }
#endif
        return mul_portable(a, b);
    }

    /// The portable multiplier (any CPU, constant evaluation); public for tests and benchmarks.
    static constexpr MontField mul_portable(const MontField& a, const MontField& b) noexcept
    {
        constexpr size_t n = kLimbs;
        Repr t{};
#pragma GCC unroll 8
        for (size_t i = 0; i < n; ++i) {
            u128 prod = static_cast<u128>(a.v_[0]) * b.v_[i] + t[0];
            uint64_t carry_a = static_cast<uint64_t>(prod >> 64);
            const uint64_t low = static_cast<uint64_t>(prod);
            const uint64_t m = low * kInv;
            u128 red = static_cast<u128>(m) * kModulus[0] + low;
            uint64_t carry_m = static_cast<uint64_t>(red >> 64);
#pragma GCC unroll 8
            for (size_t j = 1; j < n; ++j) {
                prod = static_cast<u128>(a.v_[j]) * b.v_[i] + t[j] + carry_a;
                carry_a = static_cast<uint64_t>(prod >> 64);
                red = static_cast<u128>(m) * kModulus[j] + static_cast<uint64_t>(prod) + carry_m;
                carry_m = static_cast<uint64_t>(red >> 64);
                t[j - 1] = static_cast<uint64_t>(red);
            }
            t[n - 1] = carry_a + carry_m;
        }
        return reduce_once(t);
    }

    constexpr MontField& operator+=(const MontField& o) noexcept
    {
        return *this = *this + o;
    }
    constexpr MontField& operator-=(const MontField& o) noexcept
    {
        return *this = *this - o;
    }
    constexpr MontField& operator*=(const MontField& o) noexcept
    {
        return *this = *this * o;
    }

    /// this^2: a dedicated squaring (each cross product a_i*a_j is computed once and doubled).
    [[gnu::always_inline]] [[nodiscard]] constexpr MontField square() const noexcept
    {
#ifdef BLEND_FIELD_HAVE_ADX_ASM
        if constexpr (kLimbs == 4) {
            if (!std::is_constant_evaluated() && detail::g_use_adx)
                return reduce_product(detail::mont_sqr_4_adx(v_, kModulus, kInv));
        } else if constexpr (kLimbs == 6) {
            if (!std::is_constant_evaluated() && detail::g_use_adx)
                return reduce_product(detail::mont_mul_6_adx(v_, v_, kModulus, kInv));
        }
#endif
        // A dedicated portable squaring (n(n+1)/2 word products) measured slower than the CIOS
        // multiplier with GCC 12 -O2 for 4 and 6 limbs (44.8 vs 40.0 ns, 75.6 vs 68.1 ns): the
        // doubling pass and the extra carry words cost more than the saved products.
        return mul_portable(*this, *this);
    }

    /// this^e for an exponent given as little-endian limbs (any length).
    template <size_t M>
    [[nodiscard]] constexpr MontField pow(const Limbs<M>& e) const noexcept
    {
        MontField result = one();
        for (size_t i = M; i-- > 0;) {
            for (int bit = 63; bit >= 0; --bit) {
                result = result.square();
                if ((e[i] >> bit) & 1)
                    result *= *this;
            }
        }
        return result;
    }

    [[nodiscard]] constexpr MontField pow(uint64_t e) const noexcept
    {
        return pow(Limbs<1>{e});
    }

    /// Multiplicative inverse by Fermat (a^(p-2)); the inverse of zero is zero.
    [[nodiscard]] constexpr MontField inverse() const noexcept
    {
        Repr e = kModulus;
        Repr two{};
        two[0] = 2;
        detail::sub_borrow(e, e, two);
        return pow(e);
    }

private:
    /// t mod q for t < 2q. Branch-free: whether t >= q is data-dependent and unpredictable, and a
    /// mispredicted branch per multiplication would cost more than the multiplication.
    [[gnu::always_inline]] static constexpr MontField reduce_once(const Repr& t) noexcept
    {
        Repr reduced{};
        const uint64_t keep =
            uint64_t{0} - detail::sub_borrow(reduced, t, kModulus);  // all ones if t < q
        Repr out{};
#pragma GCC unroll 8
        for (size_t i = 0; i < kLimbs; ++i)  // masks, not ?: (which GCC 12 turned into a branch)
            out[i] = (t[i] & keep) | (reduced[i] & ~keep);
        return from_mont(out);
    }

    /// t mod q for t < q (1 + q/R), the range of a Montgomery product: t >= q is rare there
    /// (a few percent of random products), so a predicted branch keeps the subtraction off the
    /// dependency chain.
    [[gnu::always_inline]] static constexpr MontField reduce_product(const Repr& t) noexcept
    {
        if (detail::geq(t, kModulus)) [[unlikely]] {  // decided by the top limb nearly always
            Repr reduced{};
            detail::sub_borrow(reduced, t, kModulus);
            return from_mont(reduced);
        }
        return from_mont(t);
    }

    Repr v_{};
};

}  // namespace blend::field
