// SPDX-License-Identifier: Apache-2.0
// A 256-bit unsigned integer with every arithmetic semantic of the EVM (Yellow Paper, Appendix H.2;
// shifts from EIP-145). Freestanding: no heap, no exceptions, nothing beyond <stdint.h> and
// <stddef.h>, so the wasm32 runtimes can include it (checked by the freestanding_headers ctest).
//
// Signed operations read a U256 as two's complement (Yellow Paper H.1: "s" prefixed operations).
// Named functions that mirror EVM opcodes take their arguments in EVM stack order: the item on
// top of the stack first (shl(shift, value), byte(index, value), signextend(size, value)).
#pragma once

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

// 64x64->128 multiplication. Hosts with a 128-bit integer use it (one MUL instruction on x86-64
// and arm64). On wasm32, clang has __int128 but lowers its multiplication and division to
// compiler-rt calls (__multi3, __udivti3) that the freestanding runtime does not link, so wasm
// and hosts without __int128 use the portable 32-bit-halves code below.
#if defined(__SIZEOF_INT128__) && !defined(__wasm__) && !defined(BLEND_U256_NO_INT128)
#define BLEND_U256_HAVE_INT128 1
#else
#define BLEND_U256_HAVE_INT128 0
#endif

// On x86-64 the DIV instruction divides 128 by 64 bits in ~15-20 cycles on current cores, faster
// than a chain of reciprocal steps when a whole division hangs on one divisor word. Elsewhere
// (wasm32 has no such instruction) everything goes through reciprocals.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(BLEND_U256_NO_ASM)
#define BLEND_U256_X86_DIV 1
#else
#define BLEND_U256_X86_DIV 0
#endif

// BLEND_U256_NO_INT128 and BLEND_U256_NO_ASM force the portable paths; like any macro that changes
// inline definitions they must be the same in every translation unit of a program.

// The division kernels take their sizes as arguments; forcing them inline at call sites that pass
// constants lets the compiler unroll them (the "GCC unroll" pragmas, which clang honours too) and
// keep the words in registers.
#if defined(__GNUC__) || defined(__clang__)
#define BLEND_U256_INLINE [[gnu::always_inline]] inline
#else
#define BLEND_U256_INLINE inline
#endif

namespace blend {

namespace u256_detail {

#if BLEND_U256_HAVE_INT128
__extension__ typedef unsigned __int128 Uint128;  // __extension__: silences -Wpedantic
#endif

/// A 128-bit value as two 64-bit halves.
struct U128 {
    uint64_t lo;
    uint64_t hi;
};

/// Full product of two 64-bit words, from 32-bit halves (no 128-bit type needed).
constexpr U128 umul_portable(uint64_t a, uint64_t b) noexcept
{
    const uint64_t a_lo = a & 0xffffffffU;
    const uint64_t a_hi = a >> 32;
    const uint64_t b_lo = b & 0xffffffffU;
    const uint64_t b_hi = b >> 32;
    const uint64_t ll = a_lo * b_lo;
    const uint64_t lh = a_lo * b_hi;
    const uint64_t hl = a_hi * b_lo;
    const uint64_t hh = a_hi * b_hi;
    // (2^32-1) + (2^32-1) + (2^32-1)^2 == 2^64-1: the middle column cannot overflow.
    const uint64_t mid = (ll >> 32) + (lh & 0xffffffffU) + hl;
    return {(mid << 32) | (ll & 0xffffffffU), hh + (mid >> 32) + (lh >> 32)};
}

constexpr U128 umul(uint64_t a, uint64_t b) noexcept
{
#if BLEND_U256_HAVE_INT128
    const Uint128 p = static_cast<Uint128>(a) * b;
    return {static_cast<uint64_t>(p), static_cast<uint64_t>(p >> 64)};
#else
    return umul_portable(a, b);
#endif
}

/// a + b + carry_in; carry (0 or 1) is updated.
constexpr uint64_t add_carry(uint64_t a, uint64_t b, uint64_t& carry) noexcept
{
    const uint64_t s = a + b;
    const uint64_t c1 = s < a ? 1 : 0;
    const uint64_t s2 = s + carry;
    const uint64_t c2 = s2 < s ? 1 : 0;
    carry = c1 | c2;
    return s2;
}

/// a - b - borrow_in; borrow (0 or 1) is updated.
constexpr uint64_t sub_borrow(uint64_t a, uint64_t b, uint64_t& borrow) noexcept
{
    const uint64_t d = a - b;
    const uint64_t b1 = a < b ? 1 : 0;
    const uint64_t d2 = d - borrow;
    const uint64_t b2 = d < borrow ? 1 : 0;
    borrow = b1 | b2;
    return d2;
}

/// Leading zero bits of a non-zero word.
constexpr int clz64(uint64_t x) noexcept
{
    return __builtin_clzll(x);
}

/// a * b + c + d from 32-bit halves; cannot overflow: (2^64-1)^2 + 2(2^64-1) == 2^128 - 1.
constexpr U128 mul_add_portable(uint64_t a, uint64_t b, uint64_t c, uint64_t d) noexcept
{
    U128 p = umul_portable(a, b);
    p.lo += c;
    p.hi += p.lo < c ? 1 : 0;
    p.lo += d;
    p.hi += p.lo < d ? 1 : 0;
    return p;
}

/// a * b + c + d.
constexpr U128 mul_add(uint64_t a, uint64_t b, uint64_t c, uint64_t d) noexcept
{
#if BLEND_U256_HAVE_INT128
    const Uint128 p = static_cast<Uint128>(a) * b + c + d;
    return {static_cast<uint64_t>(p), static_cast<uint64_t>(p >> 64)};
#else
    return mul_add_portable(a, b, c, d);
#endif
}

/// The 256-entry table that seeds the reciprocal: floor((2^19 - 3 * 2^8) / (256 + i)), an
/// 11-bit approximation of 2^19 / d9 for the top nine bits d9 of the divisor (Möller and
/// Granlund, "Improved division by invariant integers", IEEE ToC 2011, algorithm 2).
struct ReciprocalTable {
    uint16_t entries[256];
};

constexpr ReciprocalTable make_reciprocal_table() noexcept
{
    ReciprocalTable t{};
    for (uint32_t i = 0; i < 256; ++i)
        t.entries[i] =
            static_cast<uint16_t>(((uint32_t{1} << 19) - 3 * (uint32_t{1} << 8)) / (256 + i));
    return t;
}

inline constexpr ReciprocalTable kReciprocalTable = make_reciprocal_table();

/// The reciprocal v = floor((2^128 - 1) / d) - 2^64 of a normalised d (top bit set), by the
/// table lookup and three Newton steps of Möller-Granlund algorithm 2, without any division
/// instruction (wasm32 has no 128-by-64 division; 64-bit hosts without one would call a slow
/// library routine).
constexpr uint64_t reciprocal_2by1_table(uint64_t d) noexcept
{
    const uint64_t d0 = d & 1;
    const uint64_t d9 = d >> 55;
    const uint64_t d40 = (d >> 24) + 1;
    const uint64_t d63 = (d >> 1) + d0;  // ceil(d / 2)
    const uint64_t v0 = kReciprocalTable.entries[d9 - 256];
    const uint64_t v1 = (v0 << 11) - ((v0 * v0 * d40) >> 40) - 1;
    const uint64_t v2 = (v1 << 13) + ((v1 * ((uint64_t{1} << 60) - v1 * d40)) >> 47);
    const uint64_t e = ((v2 >> 1) & (0 - d0)) - v2 * d63;  // 2^96 - v2 * d63 + (v2 / 2) * d0
    const uint64_t v3 = (v2 << 31) + (umul(v2, e).hi >> 1);
    // v4 = v3 - floor((v3 + 2^64 + 1) * d / 2^64) = v3 - hi((v3 + 1) * d) - d
    const U128 t = mul_add(v3, d, d, 0);
    return v3 - t.hi - d;
}

#if BLEND_U256_X86_DIV
/// (hi, lo) / d with hi < d by one x86-64 DIV instruction (hi < d keeps it from faulting).
inline uint64_t udivrem_2by1_x86(uint64_t hi, uint64_t lo, uint64_t d, uint64_t& rem) noexcept
{
    uint64_t q = 0;
    __asm__("divq %[d]" : "=a"(q), "=d"(rem) : "a"(lo), "d"(hi), [d] "rm"(d));
    return q;
}
#endif

/// The reciprocal of a normalised d. x86-64 has a 128-by-64 DIV instruction whose latency on
/// current cores is about half that of the table and Newton steps; every other target takes the
/// table path.
constexpr uint64_t reciprocal_2by1(uint64_t d) noexcept
{
#if BLEND_U256_X86_DIV
    if (!__builtin_is_constant_evaluated()) {
        uint64_t unused = 0;
        return udivrem_2by1_x86(~d, ~uint64_t{0}, d, unused);  // ~d < d: no overflow
    }
#endif
    return reciprocal_2by1_table(d);
}

/// The reciprocal of the normalised two-word divisor (d1, d0) for div_3by2 (Möller-Granlund,
/// algorithm 6).
constexpr uint64_t reciprocal_3by2(uint64_t d1, uint64_t d0) noexcept
{
    uint64_t v = reciprocal_2by1(d1);
    uint64_t p = d1 * v;
    p += d0;
    if (p < d0) {
        --v;
        if (p >= d1) {
            --v;
            p -= d1;
        }
        p -= d1;
    }
    const U128 t = umul(v, d0);
    p += t.hi;
    if (p < t.hi) {
        --v;
        if (p > d1 || (p == d1 && t.lo >= d0))
            --v;
    }
    return v;
}

/// (u1, u0) / d with d normalised, u1 < d and v = reciprocal_2by1(d) (Möller-Granlund,
/// algorithm 4). Returns the quotient; the remainder goes to `rem`.
BLEND_U256_INLINE constexpr uint64_t udivrem_2by1(uint64_t u1,
                                                  uint64_t u0,
                                                  uint64_t d,
                                                  uint64_t v,
                                                  uint64_t& rem) noexcept
{
    const U128 p = umul(v, u1);
    uint64_t q0 = p.lo + u0;
    uint64_t q1 = p.hi + u1 + (q0 < u0 ? 1 : 0);
    ++q1;
    uint64_t r = u0 - q1 * d;
    if (r > q0) {
        --q1;
        r += d;
    }
    if (r >= d) {
        ++q1;
        r -= d;
    }
    rem = r;
    return q1;
}

/// (u2, u1, u0) / (d1, d0) with (d1, d0) normalised, (u2, u1) < (d1, d0) and
/// v = reciprocal_3by2(d1, d0) (Möller-Granlund, algorithm 5). Returns the quotient; the
/// remainder goes to (rem1, rem0).
BLEND_U256_INLINE constexpr uint64_t udivrem_3by2(uint64_t u2,
                                                  uint64_t u1,
                                                  uint64_t u0,
                                                  uint64_t d1,
                                                  uint64_t d0,
                                                  uint64_t v,
                                                  uint64_t& rem1,
                                                  uint64_t& rem0) noexcept
{
    const U128 p = umul(v, u2);
    const uint64_t q0 = p.lo + u1;
    uint64_t q1 = p.hi + u2 + (q0 < u1 ? 1 : 0);
    uint64_t r1 = u1 - q1 * d1;
    const U128 t = umul(d0, q1);
    // (r1, r0) = (r1, u0) - t - (d1, d0)  mod 2^128
    uint64_t borrow = 0;
    uint64_t r0 = sub_borrow(u0, t.lo, borrow);
    r1 = sub_borrow(r1, t.hi, borrow);
    borrow = 0;
    r0 = sub_borrow(r0, d0, borrow);
    r1 = sub_borrow(r1, d1, borrow);
    ++q1;
    if (r1 >= q0) {
        --q1;
        uint64_t carry = 0;
        r0 = add_carry(r0, d0, carry);
        r1 = add_carry(r1, d1, carry);
    }
    if (r1 > d1 || (r1 == d1 && r0 >= d0)) {  // unlikely
        ++q1;
        borrow = 0;
        r0 = sub_borrow(r0, d0, borrow);
        r1 = sub_borrow(r1, d1, borrow);
    }
    rem1 = r1;
    rem0 = r0;
    return q1;
}

/// Shifts n words left by `shift` (< 64) into n + 1 words; no branch on shift == 0 (x >> 64 would
/// be undefined, so the right shift is split in two).
BLEND_U256_INLINE constexpr void shl_words(const uint64_t* in,
                                           int n,
                                           unsigned shift,
                                           uint64_t* out) noexcept
{
    const unsigned back = 63 - shift;
    out[n] = (in[n - 1] >> 1) >> back;
#pragma GCC unroll 8
    for (int i = n - 1; i > 0; --i)
        out[i] = (in[i] << shift) | ((in[i - 1] >> 1) >> back);
    out[0] = in[0] << shift;
}

/// Divides u (un words, little-endian) by the one word d != 0 (1 <= un <= 8) with reciprocal 2-by-1
/// divisions (Möller-Granlund algorithm 4, no division instruction). Writes un quotient words to
/// q (if not null); returns the remainder.
BLEND_U256_INLINE constexpr uint64_t udivrem_by_word_reciprocal(const uint64_t* u,
                                                                int un,
                                                                uint64_t d,
                                                                uint64_t* q) noexcept
{
    const unsigned shift = static_cast<unsigned>(clz64(d));
    uint64_t nu[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    shl_words(u, un, shift, nu);
    const uint64_t nd = d << shift;
    const uint64_t rec = reciprocal_2by1(nd);
    uint64_t rem = nu[un];  // < 2^shift <= nd
#pragma GCC unroll 8
    for (int j = un - 1; j >= 0; --j) {
        const uint64_t qj = udivrem_2by1(rem, nu[j], nd, rec, rem);
        if (q != nullptr)
            q[j] = qj;
    }
    return rem >> shift;
}

/// udivrem_by_word_reciprocal, or on x86-64 the DIV instruction, which is faster there.
BLEND_U256_INLINE constexpr uint64_t udivrem_by_word(const uint64_t* u,
                                                     int un,
                                                     uint64_t d,
                                                     uint64_t* q) noexcept
{
#if BLEND_U256_X86_DIV
    if (!__builtin_is_constant_evaluated()) {
        // No normalisation and no reciprocal: each DIV takes the running remainder (< d) as its
        // high word.
        uint64_t rem = 0;
#pragma GCC unroll 8
        for (int j = un - 1; j >= 0; --j) {
            const uint64_t qj = udivrem_2by1_x86(rem, u[j], d, rem);
            if (q != nullptr)
                q[j] = qj;
        }
        return rem;
    }
#endif
    return udivrem_by_word_reciprocal(u, un, d, q);
}

/// Divides u (un words, little-endian) by v (vn words, v[vn-1] != 0, 2 <= vn <= 4, vn <= un <= 8).
/// Writes un - vn + 1 quotient words to q (if not null) and vn remainder words to r (if not null).
/// Knuth TAOCP vol. 2, 4.3.1 algorithm D on 64-bit words. Each quotient word comes from a
/// reciprocal 3-by-2 division of the top three words by the top two divisor words, which also
/// yields those two words of the partial remainder; only the lower vn - 2 divisor words still
/// need a multiply-and-subtract.
BLEND_U256_INLINE constexpr void udivrem_knuth(const uint64_t* u,
                                               int un,
                                               const uint64_t* v,
                                               int vn,
                                               uint64_t* q,
                                               uint64_t* r) noexcept
{
    // Normalise: shift both so that the divisor's top bit is set (algorithm D, step D1).
    const unsigned shift = static_cast<unsigned>(clz64(v[vn - 1]));
    uint64_t nv[5] = {0, 0, 0, 0, 0};
    uint64_t nu[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    shl_words(v, vn, shift, nv);  // nv[vn] is 0
    shl_words(u, un, shift, nu);

    const uint64_t d1 = nv[vn - 1];
    const uint64_t d0 = nv[vn - 2];
    const uint64_t rec = reciprocal_3by2(d1, d0);
#pragma GCC unroll 8
    for (int j = un - vn; j >= 0; --j) {
        const uint64_t u2 = nu[j + vn];
        const uint64_t u1 = nu[j + vn - 1];
        const uint64_t u0 = nu[j + vn - 2];
        uint64_t qhat = 0;
        if (u2 == d1 && u1 == d0) {
            // The 3-by-2 division would overflow. The quotient word is then exactly 2^64 - 1:
            // the partial remainder is (d1, d0, x...) with x below the divisor's lower words, so
            // it falls short of 2^64 * divisor by less than 2^(64(vn-1)) <= divisor. Subtract
            // (2^64 - 1) * divisor in full; no add-back can follow.
            qhat = ~uint64_t{0};
            uint64_t mul_carry = 0;
            uint64_t borrow = 0;
#pragma GCC unroll 8
            for (int i = 0; i < vn; ++i) {
                const U128 pr = mul_add(qhat, nv[i], mul_carry, 0);
                mul_carry = pr.hi;
                nu[i + j] = sub_borrow(nu[i + j], pr.lo, borrow);
            }
            nu[j + vn] = sub_borrow(nu[j + vn], mul_carry, borrow);
        } else {
            uint64_t r1 = 0;
            uint64_t r0 = 0;
            qhat = udivrem_3by2(u2, u1, u0, d1, d0, rec, r1, r0);
            // Subtract qhat times the divisor's lower words (step D4, below the top two).
            uint64_t mul_carry = 0;
            uint64_t borrow = 0;
#pragma GCC unroll 8
            for (int i = 0; i < vn - 2; ++i) {
                const U128 pr = mul_add(qhat, nv[i], mul_carry, 0);
                mul_carry = pr.hi;
                nu[i + j] = sub_borrow(nu[i + j], pr.lo, borrow);
            }
            r0 = sub_borrow(r0, mul_carry, borrow);
            r1 = sub_borrow(r1, 0, borrow);
            // Add back (step D6): the estimate from the top words was one too large. Rare: about
            // 2 in 2^64 on random operands.
            if (borrow != 0) {
                --qhat;
                uint64_t carry = 0;
#pragma GCC unroll 8
                for (int i = 0; i < vn - 2; ++i)
                    nu[i + j] = add_carry(nu[i + j], nv[i], carry);
                r0 = add_carry(r0, d0, carry);
                r1 = add_carry(r1, d1, carry);  // the carry out cancels the borrow
            }
            nu[j + vn - 1] = r1;
            nu[j + vn - 2] = r0;
            nu[j + vn] = 0;
        }
        if (q != nullptr)
            q[j] = qhat;
    }

    // Unnormalise the remainder (step D8).
    if (r != nullptr) {
        const unsigned back = 63 - shift;
#pragma GCC unroll 8
        for (int i = 0; i < vn - 1; ++i)
            r[i] = (nu[i] >> shift) | ((nu[i + 1] << 1) << back);
        r[vn - 1] = nu[vn - 1] >> shift;
    }
}

/// Divides u (un words) by v (vn words, v[vn-1] != 0, vn <= 4, vn <= un <= 8); see above.
constexpr void udivrem_words(const uint64_t* u,
                             int un,
                             const uint64_t* v,
                             int vn,
                             uint64_t* q,
                             uint64_t* r) noexcept
{
    if (vn == 1) {
        const uint64_t rem = udivrem_by_word(u, un, v[0], q);
        if (r != nullptr)
            r[0] = rem;
    } else {
        udivrem_knuth(u, un, v, vn, q, r);
    }
}

/// Number of significant words (0 for zero).
constexpr int significant_words(const uint64_t* w, int n) noexcept
{
    while (n > 0 && w[n - 1] == 0)
        --n;
    return n;
}

}  // namespace u256_detail

/// A 256-bit unsigned integer: four 64-bit words, words[0] least significant.
struct U256 {
    uint64_t words[4];

    constexpr U256() noexcept : words{0, 0, 0, 0} {}
    /// Implicit, so that `x + 1` and `x == 0` read naturally.
    constexpr U256(uint64_t value) noexcept : words{value, 0, 0, 0} {}  // NOLINT

    /// From words, least significant first.
    [[nodiscard]] static constexpr U256 from_words(uint64_t w0,
                                                   uint64_t w1,
                                                   uint64_t w2,
                                                   uint64_t w3) noexcept
    {
        U256 r;
        r.words[0] = w0;
        r.words[1] = w1;
        r.words[2] = w2;
        r.words[3] = w3;
        return r;
    }

    /// 2^256 - 1.
    [[nodiscard]] static constexpr U256 max() noexcept
    {
        const uint64_t m = ~uint64_t{0};
        return from_words(m, m, m, m);
    }

    /// Big-endian load of n bytes. n <= 32 is the contract; for longer input only the last 32
    /// bytes (the value modulo 2^256) are taken.
    [[nodiscard]] static constexpr U256 from_be_bytes(const uint8_t* data, size_t n) noexcept
    {
        if (n > 32) {
            data += n - 32;
            n = 32;
        }
        U256 r;
        for (size_t i = 0; i < n; ++i) {
            const size_t k = n - 1 - i;  // byte index from the least significant end
            r.words[k / 8] |= static_cast<uint64_t>(data[i]) << (8 * (k % 8));
        }
        return r;
    }

    /// Big-endian store of all 32 bytes.
    constexpr void to_be_bytes(uint8_t out[32]) const noexcept
    {
        for (size_t k = 0; k < 32; ++k)
            out[31 - k] = static_cast<uint8_t>(words[k / 8] >> (8 * (k % 8)));
    }

    [[nodiscard]] constexpr bool is_zero() const noexcept
    {
        return (words[0] | words[1] | words[2] | words[3]) == 0;
    }
    [[nodiscard]] constexpr bool fits_u64() const noexcept
    {
        return (words[1] | words[2] | words[3]) == 0;
    }
    /// The least significant 64 bits (the value itself when fits_u64()).
    [[nodiscard]] constexpr uint64_t low_u64() const noexcept { return words[0]; }
    /// The sign bit of the two's complement reading.
    [[nodiscard]] constexpr bool is_negative() const noexcept { return (words[3] >> 63) != 0; }
    /// Bit n (0 = least significant), n < 256.
    [[nodiscard]] constexpr bool bit(unsigned n) const noexcept
    {
        return ((words[(n / 64) & 3] >> (n % 64)) & 1) != 0;
    }

    constexpr explicit operator bool() const noexcept { return !is_zero(); }

    friend constexpr bool operator==(const U256&, const U256&) noexcept = default;
};

/// Quotient and remainder of an unsigned division.
struct U256DivMod {
    U256 quot;
    U256 rem;
};

// The rWasm 256-bit builtins (rwasm/u256_builtins.hpp, docs/rwasm-format.md §U256): on wasm32
// with BLEND_U256_WASM_BUILTINS defined (the EVM runtime's build), MUL, DIV, MOD, SDIV, SMOD,
// ADDMOD and MULMOD are one rWasm op each on the words in linear memory, computed natively by
// this header's host build, instead of 100-1000 rWasm instructions of 32-bit-halves arithmetic.
// The module `blend_u256` is not a host module: only Blend's compiler resolves it, so a build that
// must run on another Wasm engine leaves the macro undefined. Results may overlap any operand.
#if defined(__wasm__) && defined(BLEND_U256_WASM_BUILTINS)
#define BLEND_U256_BUILTINS 1
#define BLEND_U256_IMPORT(name) __attribute__((import_module("blend_u256"), import_name(name)))
extern "C" {
BLEND_U256_IMPORT("mul") void blend_u256_mul(U256* r, const U256* a, const U256* b) noexcept;
BLEND_U256_IMPORT("div") void blend_u256_div(U256* r, const U256* a, const U256* b) noexcept;
BLEND_U256_IMPORT("mod") void blend_u256_mod(U256* r, const U256* a, const U256* b) noexcept;
BLEND_U256_IMPORT("sdiv") void blend_u256_sdiv(U256* r, const U256* a, const U256* b) noexcept;
BLEND_U256_IMPORT("smod") void blend_u256_smod(U256* r, const U256* a, const U256* b) noexcept;
BLEND_U256_IMPORT("addmod")
void blend_u256_addmod(U256* r, const U256* a, const U256* b, const U256* m) noexcept;
BLEND_U256_IMPORT("mulmod")
void blend_u256_mulmod(U256* r, const U256* a, const U256* b, const U256* m) noexcept;
}
#undef BLEND_U256_IMPORT
#else
#define BLEND_U256_BUILTINS 0
#endif

// ---- Comparison (EVM LT, GT, EQ, ISZERO; SLT, SGT) ----

constexpr bool operator<(const U256& a, const U256& b) noexcept
{
    for (int i = 3; i >= 0; --i) {
        if (a.words[i] != b.words[i])
            return a.words[i] < b.words[i];
    }
    return false;
}
constexpr bool operator>(const U256& a, const U256& b) noexcept
{
    return b < a;
}
constexpr bool operator<=(const U256& a, const U256& b) noexcept
{
    return !(b < a);
}
constexpr bool operator>=(const U256& a, const U256& b) noexcept
{
    return !(a < b);
}

/// Signed less-than (EVM SLT).
constexpr bool slt(const U256& a, const U256& b) noexcept
{
    const bool na = a.is_negative();
    const bool nb = b.is_negative();
    if (na != nb)
        return na;
    return a < b;  // same sign: two's complement order equals unsigned order
}
/// Signed greater-than (EVM SGT).
constexpr bool sgt(const U256& a, const U256& b) noexcept
{
    return slt(b, a);
}

// ---- Bitwise (EVM AND, OR, XOR, NOT) ----

constexpr U256 operator&(const U256& a, const U256& b) noexcept
{
    return U256::from_words(a.words[0] & b.words[0], a.words[1] & b.words[1],
                            a.words[2] & b.words[2], a.words[3] & b.words[3]);
}
constexpr U256 operator|(const U256& a, const U256& b) noexcept
{
    return U256::from_words(a.words[0] | b.words[0], a.words[1] | b.words[1],
                            a.words[2] | b.words[2], a.words[3] | b.words[3]);
}
constexpr U256 operator^(const U256& a, const U256& b) noexcept
{
    return U256::from_words(a.words[0] ^ b.words[0], a.words[1] ^ b.words[1],
                            a.words[2] ^ b.words[2], a.words[3] ^ b.words[3]);
}
constexpr U256 operator~(const U256& a) noexcept
{
    return U256::from_words(~a.words[0], ~a.words[1], ~a.words[2], ~a.words[3]);
}

// ---- Shifts (EIP-145: a shift by 256 or more gives 0, or all ones for SAR of a negative) ----

constexpr U256 operator<<(const U256& x, uint64_t shift) noexcept
{
    if (shift >= 256)
        return U256{};
    const unsigned word_shift = static_cast<unsigned>(shift / 64);
    const unsigned bit_shift = static_cast<unsigned>(shift % 64);
    U256 r;
    for (unsigned i = 3 + 1; i-- > word_shift;) {
        uint64_t w = x.words[i - word_shift] << bit_shift;
        if (bit_shift != 0 && i > word_shift)
            w |= x.words[i - word_shift - 1] >> (64 - bit_shift);
        r.words[i] = w;
    }
    return r;
}

constexpr U256 operator>>(const U256& x, uint64_t shift) noexcept
{
    if (shift >= 256)
        return U256{};
    const unsigned word_shift = static_cast<unsigned>(shift / 64);
    const unsigned bit_shift = static_cast<unsigned>(shift % 64);
    U256 r;
    for (unsigned i = 0; i + word_shift < 4; ++i) {
        uint64_t w = x.words[i + word_shift] >> bit_shift;
        if (bit_shift != 0 && i + word_shift + 1 < 4)
            w |= x.words[i + word_shift + 1] << (64 - bit_shift);
        r.words[i] = w;
    }
    return r;
}

constexpr U256 operator<<(const U256& x, const U256& shift) noexcept
{
    return shift.fits_u64() ? x << shift.words[0] : U256{};
}
constexpr U256 operator>>(const U256& x, const U256& shift) noexcept
{
    return shift.fits_u64() ? x >> shift.words[0] : U256{};
}

/// EVM SHL (EIP-145): value << shift, 0 when shift >= 256.
constexpr U256 shl(const U256& shift, const U256& value) noexcept
{
    return value << shift;
}
/// EVM SHR (EIP-145): logical value >> shift, 0 when shift >= 256.
constexpr U256 shr(const U256& shift, const U256& value) noexcept
{
    return value >> shift;
}

/// EVM SAR (EIP-145): arithmetic value >> shift; shift >= 256 gives 0 or -1 by the sign.
constexpr U256 sar(const U256& shift, const U256& value) noexcept
{
    const bool negative = value.is_negative();
    if (!shift.fits_u64() || shift.words[0] >= 256)
        return negative ? U256::max() : U256{};
    const uint64_t s = shift.words[0];
    U256 r = value >> s;
    if (negative)
        r = r | ~(U256::max() >> s);
    return r;
}

// ---- Add, subtract, multiply (EVM ADD, SUB, MUL: modulo 2^256) ----

constexpr U256 operator+(const U256& a, const U256& b) noexcept
{
    U256 r;
    uint64_t carry = 0;
    for (int i = 0; i < 4; ++i)
        r.words[i] = u256_detail::add_carry(a.words[i], b.words[i], carry);
    return r;
}

constexpr U256 operator-(const U256& a, const U256& b) noexcept
{
    U256 r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i)
        r.words[i] = u256_detail::sub_borrow(a.words[i], b.words[i], borrow);
    return r;
}

/// Two's complement negation (0 - a).
constexpr U256 operator-(const U256& a) noexcept
{
    return U256{} - a;
}

constexpr U256 operator*(const U256& a, const U256& b) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_mul(&r, &a, &b);
        return r;
    }
#endif
    // Schoolbook by rows, keeping only the columns below 2^256: six full 64x64 products and four
    // low halves (the top column).
    using u256_detail::mul_add;
    const uint64_t* x = a.words;
    const uint64_t* y = b.words;
    U256 r;
    u256_detail::U128 t = u256_detail::umul(x[0], y[0]);
    r.words[0] = t.lo;
    t = mul_add(x[1], y[0], t.hi, 0);
    uint64_t r1 = t.lo;
    t = mul_add(x[2], y[0], t.hi, 0);
    uint64_t r2 = t.lo;
    uint64_t r3 = x[3] * y[0] + t.hi;

    t = mul_add(x[0], y[1], r1, 0);
    r.words[1] = t.lo;
    t = mul_add(x[1], y[1], r2, t.hi);
    r2 = t.lo;
    r3 += x[2] * y[1] + t.hi;

    t = mul_add(x[0], y[2], r2, 0);
    r.words[2] = t.lo;
    r3 += x[1] * y[2] + t.hi;

    r.words[3] = r3 + x[0] * y[3];
    return r;
}

/// a * a modulo 2^256: the cross products a_i a_j (i < j) appear twice, so compute them once and
/// double; four full products and two low halves instead of six and four.
constexpr U256 sqr(const U256& a) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_mul(&r, &a, &a);
        return r;
    }
#endif
    const uint64_t* x = a.words;
    // Cross products: s = a0a1 2^64 + a0a2 2^128 + (a0a3 + a1a2) 2^192, modulo 2^256.
    u256_detail::U128 t = u256_detail::umul(x[0], x[1]);
    const uint64_t s1 = t.lo;
    t = u256_detail::mul_add(x[0], x[2], t.hi, 0);
    const uint64_t s2 = t.lo;
    const uint64_t s3 = t.hi + x[0] * x[3] + x[1] * x[2];
    // Doubled.
    const uint64_t d1 = s1 << 1;
    const uint64_t d2 = (s2 << 1) | (s1 >> 63);
    const uint64_t d3 = (s3 << 1) | (s2 >> 63);
    // Plus the squares a0^2 + a1^2 2^128.
    const u256_detail::U128 p0 = u256_detail::umul(x[0], x[0]);
    const u256_detail::U128 p1 = u256_detail::umul(x[1], x[1]);
    U256 r;
    r.words[0] = p0.lo;
    uint64_t carry = 0;
    r.words[1] = u256_detail::add_carry(d1, p0.hi, carry);
    r.words[2] = u256_detail::add_carry(d2, p1.lo, carry);
    r.words[3] = d3 + p1.hi + carry;
    return r;
}

/// The full 512-bit product, eight words least significant first.
constexpr void mul_full(const U256& a, const U256& b, uint64_t out[8]) noexcept
{
    for (int i = 0; i < 8; ++i)
        out[i] = 0;
    for (int i = 0; i < 4; ++i) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; ++j) {
            const u256_detail::U128 p = u256_detail::umul(a.words[i], b.words[j]);
            uint64_t lo = p.lo + out[i + j];
            uint64_t hi = p.hi + (lo < p.lo ? 1 : 0);
            lo += carry;
            hi += lo < carry ? 1 : 0;
            out[i + j] = lo;
            carry = hi;
        }
        out[i + 4] = carry;
    }
}

// ---- Division (EVM DIV, MOD, SDIV, SMOD: division by zero gives zero) ----

#if BLEND_U256_X86_DIV
namespace u256_detail {

/// a / b for a >= b with the same number n >= 2 of significant words: the quotient is one word.
/// One DIV of a's top two normalised words by b's top normalised word gives an estimate at most
/// two too large (Knuth TAOCP vol. 2, 4.3.1 theorem B); a - q * b then needs at most two
/// add-backs. Cheaper than setting up Knuth D's reciprocal for a single quotient word.
inline U256DivMod udivrem_same_size(const U256& a, const U256& b, int n) noexcept
{
    const unsigned s = static_cast<unsigned>(clz64(b.words[n - 1]));
    const unsigned back = 63 - s;
    const uint64_t d = (b.words[n - 1] << s) | ((b.words[n - 2] >> 1) >> back);
    const uint64_t hi = (a.words[n - 1] >> 1) >> back;  // < 2^s <= d: DIV cannot overflow
    const uint64_t lo = (a.words[n - 1] << s) | ((a.words[n - 2] >> 1) >> back);
    uint64_t unused = 0;
    uint64_t q = udivrem_2by1_x86(hi, lo, d, unused);

    // r = a - q * b over five words; the fifth is 0 or negative.
    U256 r;
    uint64_t carry = 0;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
        const U128 p = mul_add(q, b.words[i], carry, 0);
        carry = p.hi;
        r.words[i] = sub_borrow(a.words[i], p.lo, borrow);
    }
    uint64_t top = 0 - carry - borrow;
    while (top != 0) {
        --q;
        uint64_t c = 0;
        for (int i = 0; i < 4; ++i)
            r.words[i] = add_carry(r.words[i], b.words[i], c);
        top += c;
    }
    return {U256{q}, r};
}

}  // namespace u256_detail
#endif

/// Unsigned quotient and remainder; both are 0 when b is 0 (the EVM rule).
constexpr U256DivMod udivrem(const U256& a, const U256& b) noexcept
{
    const int vn = u256_detail::significant_words(b.words, 4);
    if (vn == 0)
        return {};
    if (a < b)
        return {U256{}, a};
    if (a.fits_u64())  // then b fits too
        return {U256{a.words[0] / b.words[0]}, U256{a.words[0] % b.words[0]}};
#if BLEND_U256_X86_DIV
    if (!__builtin_is_constant_evaluated() && vn >= 2 &&
        u256_detail::significant_words(a.words, 4) == vn)
        return u256_detail::udivrem_same_size(a, b, vn);
#endif
    // One specialisation per divisor size, the dividend taken as four words.
    uint64_t q[4] = {0, 0, 0, 0};
    uint64_t r[4] = {0, 0, 0, 0};
    switch (vn) {
    case 1:
        r[0] = u256_detail::udivrem_by_word(a.words, 4, b.words[0], q);
        break;
    case 2:
        u256_detail::udivrem_knuth(a.words, 4, b.words, 2, q, r);
        break;
    case 3:
        u256_detail::udivrem_knuth(a.words, 4, b.words, 3, q, r);
        break;
    default:
        u256_detail::udivrem_knuth(a.words, 4, b.words, 4, q, r);
        break;
    }
    return {U256::from_words(q[0], q[1], q[2], q[3]), U256::from_words(r[0], r[1], r[2], r[3])};
}

constexpr U256 operator/(const U256& a, const U256& b) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_div(&r, &a, &b);
        return r;
    }
#endif
    return udivrem(a, b).quot;
}
constexpr U256 operator%(const U256& a, const U256& b) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_mod(&r, &a, &b);
        return r;
    }
#endif
    return udivrem(a, b).rem;
}

/// EVM SDIV: signed quotient rounded toward zero; 0 for b == 0; -2^255 / -1 == -2^255.
constexpr U256 sdiv(const U256& a, const U256& b) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_sdiv(&r, &a, &b);
        return r;
    }
#endif
    const bool na = a.is_negative();
    const bool nb = b.is_negative();
    const U256 q = udivrem(na ? -a : a, nb ? -b : b).quot;
    return na != nb ? -q : q;
}

/// EVM SMOD: signed remainder with the sign of the dividend; 0 for b == 0.
constexpr U256 smod(const U256& a, const U256& b) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_smod(&r, &a, &b);
        return r;
    }
#endif
    const bool na = a.is_negative();
    const U256 r = udivrem(na ? -a : a, b.is_negative() ? -b : b).rem;
    return na ? -r : r;
}

/// EVM ADDMOD: (a + b) mod m computed without wrapping at 2^256; 0 for m == 0.
constexpr U256 addmod(const U256& a, const U256& b, const U256& m) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_addmod(&r, &a, &b, &m);
        return r;
    }
#endif
    if (m.is_zero())
        return U256{};
    if (a < m && b < m) {
        // The common case: one conditional subtraction.
        uint64_t carry = 0;
        U256 s;
        for (int i = 0; i < 4; ++i)
            s.words[i] = u256_detail::add_carry(a.words[i], b.words[i], carry);
        if (carry != 0 || s >= m)
            s = s - m;
        return s;
    }
    uint64_t sum[5] = {0, 0, 0, 0, 0};
    uint64_t carry = 0;
    for (int i = 0; i < 4; ++i)
        sum[i] = u256_detail::add_carry(a.words[i], b.words[i], carry);
    sum[4] = carry;
    const int un = u256_detail::significant_words(sum, 5);
    const int vn = u256_detail::significant_words(m.words, 4);
    U256 r;
    if (un < vn) {
        for (int i = 0; i < 4; ++i)
            r.words[i] = sum[i];
        return r;
    }
    u256_detail::udivrem_words(sum, un, m.words, vn, nullptr, r.words);
    return r;
}

/// EVM MULMOD: (a * b) mod m on the exact 512-bit product; 0 for m == 0.
constexpr U256 mulmod(const U256& a, const U256& b, const U256& m) noexcept
{
#if BLEND_U256_BUILTINS
    if (!__builtin_is_constant_evaluated()) {
        U256 r;
        blend_u256_mulmod(&r, &a, &b, &m);
        return r;
    }
#endif
    if (m.is_zero())
        return U256{};
    uint64_t p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    mul_full(a, b, p);
    if ((p[4] | p[5] | p[6] | p[7]) == 0)
        return U256::from_words(p[0], p[1], p[2], p[3]) % m;
    // A product above 2^256: one specialisation per modulus size, the product as eight words.
    uint64_t r[4] = {0, 0, 0, 0};
    switch (u256_detail::significant_words(m.words, 4)) {
    case 1:
        r[0] = u256_detail::udivrem_by_word(p, 8, m.words[0], nullptr);
        break;
    case 2:
        u256_detail::udivrem_knuth(p, 8, m.words, 2, nullptr, r);
        break;
    case 3:
        u256_detail::udivrem_knuth(p, 8, m.words, 3, nullptr, r);
        break;
    default:
        u256_detail::udivrem_knuth(p, 8, m.words, 4, nullptr, r);
        break;
    }
    return U256::from_words(r[0], r[1], r[2], r[3]);
}

// ---- Exponentiation, sign extension, byte extraction, sizes ----

/// Number of significant bits (0 for zero, 256 for values with the top bit set).
constexpr unsigned count_significant_bits(const U256& x) noexcept
{
    for (int i = 3; i >= 0; --i) {
        if (x.words[i] != 0)
            return static_cast<unsigned>(i * 64 + 64 - u256_detail::clz64(x.words[i]));
    }
    return 0;
}

/// Number of significant bytes (0 for zero); EXP's gas depends on it for the exponent.
constexpr unsigned count_significant_bytes(const U256& x) noexcept
{
    return (count_significant_bits(x) + 7) / 8;
}

/// The `width` bits of x starting at bit `pos` (width <= 8, pos < 256).
constexpr unsigned bits_at(const U256& x, unsigned pos, unsigned width) noexcept
{
    const unsigned w = pos / 64;
    const unsigned off = pos % 64;
    uint64_t v = x.words[w] >> off;
    if (off + width > 64 && w < 3)
        v |= x.words[w + 1] << (64 - off);
    return static_cast<unsigned>(v & ((uint64_t{1} << width) - 1));
}

/// EVM EXP: base^exponent modulo 2^256 (0^0 == 1). Fixed-window exponentiation: a table of
/// base^0 .. base^(2^k - 1) turns the ~128 data-dependent multiplications of a 256-bit exponent
/// into 64 table multiplications with no unpredictable branch; the squarings remain.
constexpr U256 exp(const U256& base, const U256& exponent) noexcept
{
    const unsigned bits = count_significant_bits(exponent);
    if (bits <= 1)
        return bits == 0 ? U256{1} : base;
    // The table costs 2^k - 2 multiplications; wider windows pay off only for long exponents.
    const unsigned k = bits <= 8 ? 1 : bits <= 32 ? 2 : bits <= 96 ? 3 : 4;
    U256 powers[16];
    powers[0] = U256{1};
    powers[1] = base;
    for (unsigned i = 2; i < (1U << k); ++i)
        powers[i] = (i % 2 == 0) ? sqr(powers[i / 2]) : powers[i - 1] * base;

    const unsigned windows = (bits + k - 1) / k;
    unsigned pos = (windows - 1) * k;
    U256 result = powers[bits_at(exponent, pos, bits - pos)];
    while (pos != 0) {
        pos -= k;
        for (unsigned j = 0; j < k; ++j)
            result = sqr(result);
        const unsigned chunk = bits_at(exponent, pos, k);
        if (chunk != 0)
            result = result * powers[chunk];
    }
    return result;
}

/// EVM SIGNEXTEND(b, x): extends the sign of the (b+1)-byte two's complement number in the low
/// bytes of x; b >= 31 leaves x unchanged.
constexpr U256 signextend(const U256& b, const U256& x) noexcept
{
    if (!b.fits_u64() || b.words[0] >= 31)
        return x;
    const unsigned sign_bit = static_cast<unsigned>(b.words[0]) * 8 + 7;
    const unsigned w = sign_bit / 64;
    const unsigned o = sign_bit % 64;
    const bool negative = ((x.words[w] >> o) & 1) != 0;
    const uint64_t low_mask = o == 63 ? ~uint64_t{0} : (uint64_t{1} << (o + 1)) - 1;
    U256 r = x;
    if (negative) {
        r.words[w] |= ~low_mask;
        for (unsigned i = w + 1; i < 4; ++i)
            r.words[i] = ~uint64_t{0};
    } else {
        r.words[w] &= low_mask;
        for (unsigned i = w + 1; i < 4; ++i)
            r.words[i] = 0;
    }
    return r;
}

/// EVM BYTE(i, x): the i-th byte of x counting from the most significant; 0 for i >= 32.
constexpr U256 byte(const U256& i, const U256& x) noexcept
{
    if (!i.fits_u64() || i.words[0] >= 32)
        return U256{};
    const unsigned k = 31 - static_cast<unsigned>(i.words[0]);  // index from the low end
    return U256{(x.words[k / 8] >> (8 * (k % 8))) & 0xff};
}

// ---- Compound assignment ----

constexpr U256& operator+=(U256& a, const U256& b) noexcept
{
    return a = a + b;
}
constexpr U256& operator-=(U256& a, const U256& b) noexcept
{
    return a = a - b;
}
constexpr U256& operator*=(U256& a, const U256& b) noexcept
{
    return a = a * b;
}
constexpr U256& operator/=(U256& a, const U256& b) noexcept
{
    return a = a / b;
}
constexpr U256& operator%=(U256& a, const U256& b) noexcept
{
    return a = a % b;
}
constexpr U256& operator&=(U256& a, const U256& b) noexcept
{
    return a = a & b;
}
constexpr U256& operator|=(U256& a, const U256& b) noexcept
{
    return a = a | b;
}
constexpr U256& operator^=(U256& a, const U256& b) noexcept
{
    return a = a ^ b;
}
constexpr U256& operator<<=(U256& a, uint64_t s) noexcept
{
    return a = a << s;
}
constexpr U256& operator>>=(U256& a, uint64_t s) noexcept
{
    return a = a >> s;
}
constexpr U256& operator++(U256& a) noexcept
{
    return a = a + U256{1};
}
constexpr U256& operator--(U256& a) noexcept
{
    return a = a - U256{1};
}

}  // namespace blend
