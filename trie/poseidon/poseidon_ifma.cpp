// SPDX-License-Identifier: Apache-2.0
// The 8-lane t = 3 permutation on AVX-512 IFMA. Only this file uses the AVX-512 instructions, and
// only in functions marked with a target attribute: the rest of the binary keeps the baseline ISA,
// and poseidon.cpp calls permute_x8 only after cpu_supported() said yes.
//
// Representation: a state word is five zmm registers, register j holding limb j (bits
// 52j..52j+51) of the eight lanes' values, in Montgomery form with R = 2^260. Every value a
// multiplication takes has normalized limbs (< 2^52: IFMA reads only the low 52 bits of each
// operand) and is < 2^258.
//
// Bounds (r < 0.19 * 2^256): REDC(T) = (T + m r) / 2^260 with m < 2^260 is < T / 2^260 + r. The
// reductions the schedule forms are of T = x * y + k * 2^260 + (up to four) c * v, with x, y, v
// < 2^258 and constants k, c < r, so T < 2^516 + r * 2^260 + 4 r * 2^258 and the result is
// < 2^256 + 3r < 1.57 * 2^256 < 2^258: every value stays below 2^258 and no conditional
// subtraction is ever needed inside the permutation. (The first step, x * 2^256 times 2^264 mod r,
// and the last round's three products by constants, summed and times 2^256 mod r, are smaller.)
// The output is < 1.25 r and one subtraction of r makes it canonical. Columns: an input pair adds
// at most 10 halves < 2^52 to a column, a reduction 10 more, so a column holding five products,
// a constant limb, a reduction and carries stays below 65 * 2^52 < 2^59, far from 2^64.
#include "trie/poseidon/poseidon_ifma.hpp"

// <cpuid.h> before core/montgomery.hpp, which includes it inside its own namespace.
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "core/montgomery.hpp"

namespace blend::poseidon::ifma {

#if defined(__x86_64__)

namespace {

#define BLEND_IFMA_TARGET [[gnu::target("avx512f,avx512ifma")]]

using V = __m512i;

struct E {
    V l[kLimbs];
};

/// An unreduced product (or sum of products): ten columns, column i weighing 2^52i, each a sum
/// of 52-bit halves that is not carried.
struct W {
    V c[2 * kLimbs];
};

constexpr uint64_t kMask52 = (uint64_t{1} << kLimbBits) - 1;

BLEND_IFMA_TARGET [[gnu::always_inline]] inline V splat(uint64_t x)
{
    return _mm512_set1_epi64(static_cast<long long>(x));
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline E splat(const Limbs52& c)
{
    E out;
#pragma GCC unroll 10
    for (size_t j = 0; j < kLimbs; ++j)
        out.l[j] = splat(c[j]);
    return out;
}

/// x >> 52 in every lane. The zero-masked form: GCC 12's unmasked _mm512_srli_epi64 passes an
/// "undefined" vector that -Wuninitialized reports.
BLEND_IFMA_TARGET [[gnu::always_inline]] inline V shr52(V x)
{
    return _mm512_maskz_srli_epi64(static_cast<__mmask8>(0xff), x, kLimbBits);
}

/// Carries every limb's bits above 52 into the next limb (the value must be < 2^260).
BLEND_IFMA_TARGET [[gnu::always_inline]] inline void normalize(E& a)
{
    const V mask = splat(kMask52);
#pragma GCC unroll 10
    for (size_t j = 0; j + 1 < kLimbs; ++j) {
        a.l[j + 1] = _mm512_add_epi64(a.l[j + 1], shr52(a.l[j]));
        a.l[j] = _mm512_and_si512(a.l[j], mask);
    }
}

/// Montgomery reduction of the ten columns t (column i weighs 2^52i): t / 2^260 mod r, as
/// (t + m r) / 2^260 with m chosen limb by limb so that the low five columns vanish.
BLEND_IFMA_TARGET [[gnu::always_inline]] inline E redc(W w)
{
    V(&t)[2 * kLimbs] = w.c;
    const V zero = _mm512_setzero_si512();
    const V inv = splat(kInv52);
    V p[kLimbs];
#pragma GCC unroll 10
    for (size_t j = 0; j < kLimbs; ++j)
        p[j] = splat(kModulus52[j]);
#pragma GCC unroll 10
    for (size_t i = 0; i < kLimbs; ++i) {
        // m depends only on t[i] mod 2^52, and IFMA reads only those bits of t[i].
        const V m = _mm512_madd52lo_epu64(zero, t[i], inv);
#pragma GCC unroll 10
        for (size_t j = 0; j < kLimbs; ++j) {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], m, p[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], m, p[j]);
        }
        // t[i] is now a multiple of 2^52: only its carry is left.
        t[i + 1] = _mm512_add_epi64(t[i + 1], shr52(t[i]));
    }
    E out;
#pragma GCC unroll 10
    for (size_t j = 0; j < kLimbs; ++j)
        out.l[j] = t[kLimbs + j];
    normalize(out);
    return out;
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline W zero_wide()
{
    W t;
#pragma GCC unroll 10
    for (V& c : t.c)
        c = _mm512_setzero_si512();
    return t;
}

/// t += a * b, unreduced: 50 IFMA instructions.
BLEND_IFMA_TARGET [[gnu::always_inline]] inline void mac(W& t, const E& a, const E& b)
{
#pragma GCC unroll 10
    for (size_t i = 0; i < kLimbs; ++i) {
#pragma GCC unroll 10
        for (size_t j = 0; j < kLimbs; ++j) {
            t.c[i + j] = _mm512_madd52lo_epu64(t.c[i + j], a.l[i], b.l[j]);
            t.c[i + j + 1] = _mm512_madd52hi_epu64(t.c[i + j + 1], a.l[i], b.l[j]);
        }
    }
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline void mac(W& t, const Limbs52& c, const E& b)
{
    mac(t, splat(c), b);
}

/// t += k * 2^260: after the reduction, k is added to the result without a reduction of its own.
BLEND_IFMA_TARGET [[gnu::always_inline]] inline void add_shifted(W& t, const Limbs52& k)
{
#pragma GCC unroll 10
    for (size_t j = 0; j < kLimbs; ++j)
        t.c[kLimbs + j] = _mm512_add_epi64(t.c[kLimbs + j], splat(k[j]));
}

/// t += u, column by column.
BLEND_IFMA_TARGET [[gnu::always_inline]] inline void add_columns(W& t, const W& u)
{
#pragma GCC unroll 10
    for (size_t i = 0; i < 2 * kLimbs; ++i)
        t.c[i] = _mm512_add_epi64(t.c[i], u.c[i]);
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline E mul(const E& a, const E& b)
{
    W t = zero_wide();
    mac(t, a, b);
    return redc(t);
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline E mul(const Limbs52& c, const E& b)
{
    return mul(splat(c), b);
}

/// a^2: the ten cross products a_i a_j (i < j) are summed once and doubled, then the five
/// squares added: 30 IFMA instructions instead of 50 for the product.
BLEND_IFMA_TARGET [[gnu::always_inline]] inline E sqr(const E& a)
{
    W w = zero_wide();
    V(&t)[2 * kLimbs] = w.c;
#pragma GCC unroll 10
    for (size_t i = 0; i < kLimbs; ++i) {
#pragma GCC unroll 10
        for (size_t j = i + 1; j < kLimbs; ++j) {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a.l[i], a.l[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a.l[i], a.l[j]);
        }
    }
#pragma GCC unroll 10
    for (V& c : t)
        c = _mm512_add_epi64(c, c);  // each column < 8 * 2^52 before doubling
#pragma GCC unroll 10
    for (size_t i = 0; i < kLimbs; ++i) {
        t[2 * i] = _mm512_madd52lo_epu64(t[2 * i], a.l[i], a.l[i]);
        t[2 * i + 1] = _mm512_madd52hi_epu64(t[2 * i + 1], a.l[i], a.l[i]);
    }
    return redc(w);
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline E add(E a, const E& b)
{
#pragma GCC unroll 10
    for (size_t j = 0; j < kLimbs; ++j)
        a.l[j] = _mm512_add_epi64(a.l[j], b.l[j]);
    normalize(a);
    return a;
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline E add(E a, const Limbs52& c)
{
    return add(a, splat(c));
}

BLEND_IFMA_TARGET [[gnu::always_inline]] inline E add3(E a, const E& b, const E& c)
{
#pragma GCC unroll 10
    for (size_t j = 0; j < kLimbs; ++j)
        a.l[j] = _mm512_add_epi64(_mm512_add_epi64(a.l[j], b.l[j]), c.l[j]);
    normalize(a);
    return a;
}

/// One full round of the scaled schedule (poseidon.cpp full_round_t3): with x_j = s_j^4,
///   v_j = x_j s_j + k_j (j = 1, 2),  s_i' = x_0 s_0 + k_0 + n_i0 v_1 + n_i1 v_2,
/// where x_0 s_0 + k_0 is one unreduced sum shared by the three rows and each row is reduced once
/// (11 reductions per round instead of 15, like the scalar kernels).
BLEND_IFMA_TARGET [[gnu::always_inline]] inline void full_round(E (&s)[3], const FullRound& rd)
{
    E x4[3];
#pragma GCC unroll 10
    for (size_t j = 0; j < 3; ++j)
        x4[j] = sqr(sqr(s[j]));
    E v[2];
#pragma GCC unroll 2
    for (size_t j = 0; j < 2; ++j) {
        W t = zero_wide();
        mac(t, x4[j + 1], s[j + 1]);
        add_shifted(t, rd.k[j + 1]);
        v[j] = redc(t);
    }
    W p = zero_wide();
    mac(p, x4[0], s[0]);
    add_shifted(p, rd.k[0]);
#pragma GCC unroll 10
    for (size_t i = 0; i < 3; ++i) {
        W t = p;
        mac(t, rd.n[i][0], v[0]);
        mac(t, rd.n[i][1], v[1]);
        s[i] = redc(t);
    }
}

BLEND_IFMA_TARGET void permute(const Tables& tab, E (&s)[3])
{
#pragma GCC unroll 3
    for (size_t i = 0; i < 3; ++i)
        s[i] = add(mul(tab.to_mont, s[i]), tab.initial[i]);
    for (const FullRound& rd : tab.first)
        full_round(s, rd);
    // Partial rounds as poseidon.cpp's T3Recurrence: X' = REDC(X^4 X + c . window + k 2^260) and
    // Y = REDC(X^4 X), the window (X, X_prev, Y_prev, Y_prev2) seeded with (S0, S1, S2, 0).
    E x = s[0];
    E x_prev = s[1];
    E y_prev = s[2];
    E y_prev2;
#pragma GCC unroll 10
    for (V& limb : y_prev2.l)
        limb = _mm512_setzero_si512();
    for (const PartialRound& rd : tab.partial) {
        const E x4 = sqr(sqr(x));
        W p = zero_wide();
        mac(p, x4, x);
        // Separate accumulators, so no column register carries a chain of all five products
        // (measured: 1.61 -> 1.56 us per hash with three, 1.54 with these).
        W t = zero_wide();
        mac(t, rd.c[0], x);
        mac(t, rd.c[3], y_prev2);
        W u = zero_wide();
        mac(u, rd.c[1], x_prev);
        mac(u, rd.c[2], y_prev);
        add_shifted(u, rd.k);
        add_columns(t, p);
        add_columns(t, u);
        y_prev2 = y_prev;
        y_prev = redc(p);
        x_prev = x;
        x = redc(t);
    }
#pragma GCC unroll 2
    for (size_t j = 0; j < 2; ++j) {
        W t = zero_wide();
        mac(t, tab.exit[j].c[0], x);
        mac(t, tab.exit[j].c[1], x_prev);
        mac(t, tab.exit[j].c[2], y_prev);
        mac(t, tab.exit[j].c[3], y_prev2);
        add_shifted(t, tab.exit[j].k);
        s[j + 1] = redc(t);
    }
    s[0] = x;
    for (const FullRound& rd : tab.second)
        full_round(s, rd);
    // Last round: S-boxes, then row 0 only (its factors fold in the state's scaling).
    E acc[3];
#pragma GCC unroll 3
    for (size_t i = 0; i < 3; ++i)
        acc[i] = mul(tab.last_row[i], mul(sqr(sqr(s[i])), s[i]));
    s[0] = mul(tab.from_mont, add3(acc[0], acc[1], acc[2]));
}

BLEND_IFMA_TARGET void permute_lanes(const Tables& tab,
                                     const std::array<std::array<Limbs64, 3>, kLanes>& in,
                                     std::array<Limbs64, kLanes>& out)
{
    alignas(64) uint64_t buf[3][kLimbs][kLanes];
    for (size_t lane = 0; lane < kLanes; ++lane) {
        for (size_t w = 0; w < 3; ++w) {
            const Limbs64& x = in[lane][w];
            buf[w][0][lane] = x[0] & kMask52;
            buf[w][1][lane] = ((x[0] >> 52) | (x[1] << 12)) & kMask52;
            buf[w][2][lane] = ((x[1] >> 40) | (x[2] << 24)) & kMask52;
            buf[w][3][lane] = ((x[2] >> 28) | (x[3] << 36)) & kMask52;
            buf[w][4][lane] = x[3] >> 16;
        }
    }
    E s[3];
    for (size_t w = 0; w < 3; ++w)
        for (size_t j = 0; j < kLimbs; ++j)
            s[w].l[j] = _mm512_load_si512(buf[w][j]);
    permute(tab, s);
    for (size_t j = 0; j < kLimbs; ++j)
        _mm512_store_si512(buf[0][j], s[0].l[j]);
    for (size_t lane = 0; lane < kLanes; ++lane) {
        uint64_t l[kLimbs];
        for (size_t j = 0; j < kLimbs; ++j)
            l[j] = buf[0][j][lane];
        Limbs64 v = {l[0] | (l[1] << 52), (l[1] >> 12) | (l[2] << 40), (l[2] >> 24) | (l[3] << 28),
                     (l[3] >> 36) | (l[4] << 16)};
        // v < 1.25 r: subtract r once when v >= r.
        constexpr Limbs64 kR = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                                0x30644e72e131a029ULL};
        Limbs64 d{};
        out[lane] = field::detail::sub_borrow(d, v, kR) != 0 ? v : d;
    }
}

}  // namespace

bool cpu_supported() noexcept
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & bit_OSXSAVE) == 0)
        return false;
    if (__get_cpuid_max(0, nullptr) < 7)
        return false;
    __cpuid_count(7, 0, a, b, c, d);
    constexpr unsigned kAvx512F = 1U << 16;     // CPUID.(EAX=7,ECX=0):EBX bit 16
    constexpr unsigned kAvx512Ifma = 1U << 21;  // CPUID.(EAX=7,ECX=0):EBX bit 21
    if ((b & kAvx512F) == 0 || (b & kAvx512Ifma) == 0)
        return false;
    // XGETBV(0): the OS must save SSE (bit 1), AVX (2), opmask (5), ZMM_Hi256 (6), Hi16_ZMM (7)
    // state (Intel SDM vol. 1 §15.2), else using zmm registers faults or corrupts them.
    uint32_t lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    constexpr uint32_t kZmmState = 0xe6;
    return (lo & kZmmState) == kZmmState;
}

void permute_x8(const Tables& tables,
                const std::array<std::array<Limbs64, 3>, kLanes>& in,
                std::array<Limbs64, kLanes>& out) noexcept
{
    permute_lanes(tables, in, out);
}

#else  // not x86-64: never supported, never called

bool cpu_supported() noexcept
{
    return false;
}

void permute_x8(const Tables&,
                const std::array<std::array<Limbs64, 3>, kLanes>&,
                std::array<Limbs64, kLanes>&) noexcept
{}

#endif

}  // namespace blend::poseidon::ifma
