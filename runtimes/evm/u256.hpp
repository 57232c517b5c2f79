// SPDX-License-Identifier: Apache-2.0
// The EVM's 256-bit word. The arithmetic itself is core/freestanding/u256.hpp (four 64-bit limbs,
// normalised Knuth D with 2-by-1 / 3-by-2 reciprocals, a 32x32 portable path on wasm32 where
// 128-bit multiplication and division would need compiler-rt; tested against
// Boost.Multiprecision in tests/core/u256_test.cpp). This header adds what the interpreter needs
// on top: big-endian memory loads and stores of whole words and address conversions.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include "core/freestanding/u256.hpp"
#include "runtimes/sdk/types.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

using blend::U256;

// Every target the runtime is built for (x86-64, arm64, wasm32) is little-endian; the word
// loads below byte-swap 64-bit lanes on that assumption.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "runtimes/evm assumes little-endian");

/// 64 bits big-endian from 8 bytes at p.
[[nodiscard]] inline uint64_t load_be64(const uint8_t* p) noexcept
{
    uint64_t x;
    __builtin_memcpy(&x, p, 8);
    return __builtin_bswap64(x);
}

inline void store_be64(uint8_t* p, uint64_t v) noexcept
{
    const uint64_t x = __builtin_bswap64(v);
    __builtin_memcpy(p, &x, 8);
}

/// The 32-byte big-endian word at p (MLOAD, CALLDATALOAD).
[[nodiscard]] inline U256 load_word(const uint8_t* p) noexcept
{
    return U256::from_words(load_be64(p + 24), load_be64(p + 16), load_be64(p + 8), load_be64(p));
}

/// Stores x as 32 bytes big-endian at p (MSTORE).
inline void store_word(uint8_t* p, const U256& x) noexcept
{
    store_be64(p, x.words[3]);
    store_be64(p + 8, x.words[2]);
    store_be64(p + 16, x.words[1]);
    store_be64(p + 24, x.words[0]);
}

/// The N-byte big-endian immediate of PUSHN at p (N in 1..32). The code buffer is padded
/// (kCodePadding), so a PUSH truncated by the end of the code reads zeros, as the Yellow Paper
/// §9.4.1 requires.
template <unsigned N>
[[nodiscard]] inline U256 load_push(const uint8_t* p) noexcept
{
    static_assert(N >= 1 && N <= 32);
    U256 r;
    unsigned left = N;
    unsigned w = 0;
    while (left >= 8) {
        r.words[w++] = load_be64(p + left - 8);
        left -= 8;
    }
    if (left != 0) {
        uint64_t x = 0;
        for (unsigned i = 0; i < left; ++i)
            x = (x << 8) | p[i];
        r.words[w] = x;
    }
    return r;
}

// ---- In-place arithmetic for the interpreter's hot opcodes ----
// Each loads both operands into locals before storing the four result words, so the result may
// alias an operand (the stack slot of the second operand). Plain 64-bit stores keep the next
// opcode's 64-bit loads forwardable (a result built in a temporary and copied with 16-byte
// vector moves stalls the store-to-load forwarding of the next opcode).

// Keeps four words in general registers: otherwise GCC's SLP vectoriser merges 64-bit moves
// back into 16-byte ones (and the store-forwarding stall below returns).
#if defined(__x86_64__)
#define BLEND_EVM_KEEP_IN_REGISTERS(w0, w1, w2, w3) \
    __asm__("" : "+r"(w0), "+r"(w1), "+r"(w2), "+r"(w3))
#else
#define BLEND_EVM_KEEP_IN_REGISTERS(w0, w1, w2, w3) ((void)0)
#endif

/// r = a + b modulo 2^256 (ADD).
inline void add_to(U256& r, const U256& a, const U256& b) noexcept
{
#if defined(__x86_64__)
    // One ADD/ADC chain in registers. GCC 12 keeps the outputs of __builtin_ia32_addcarryx_u64
    // in stack temporaries in the interpreter loop (a store and a reload per word).
    uint64_t s0 = a.words[0], s1 = a.words[1], s2 = a.words[2], s3 = a.words[3];
    __asm__("addq %4, %0\n\tadcq %5, %1\n\tadcq %6, %2\n\tadcq %7, %3"
            : "+&r"(s0), "+&r"(s1), "+&r"(s2), "+&r"(s3)
            : "m"(b.words[0]), "m"(b.words[1]), "m"(b.words[2]), "m"(b.words[3])
            : "cc");
    r.words[0] = s0;
    r.words[1] = s1;
    r.words[2] = s2;
    r.words[3] = s3;
#else
    const uint64_t a0 = a.words[0], a1 = a.words[1], a2 = a.words[2], a3 = a.words[3];
    const uint64_t s0 = a0 + b.words[0];
    uint64_t c = s0 < a0 ? 1 : 0;
    const uint64_t t1 = a1 + b.words[1];
    const uint64_t s1 = t1 + c;
    c = (t1 < a1 ? 1 : 0) | (s1 < t1 ? 1 : 0);
    const uint64_t t2 = a2 + b.words[2];
    const uint64_t s2 = t2 + c;
    c = (t2 < a2 ? 1 : 0) | (s2 < t2 ? 1 : 0);
    const uint64_t s3 = a3 + b.words[3] + c;
    r.words[0] = s0;
    r.words[1] = s1;
    r.words[2] = s2;
    r.words[3] = s3;
#endif
}

/// r = a - b modulo 2^256 (SUB); returns the borrow out (a < b).
inline bool sub_to(U256& r, const U256& a, const U256& b) noexcept
{
#if defined(__x86_64__)
    // A SUB/SBB chain in registers (see add_to); the borrow out is the carry flag.
    uint64_t d0 = a.words[0], d1 = a.words[1], d2 = a.words[2], d3 = a.words[3];
    bool borrow;
    __asm__("subq %5, %1\n\tsbbq %6, %2\n\tsbbq %7, %3\n\tsbbq %8, %4"
            : "=@ccc"(borrow), "+&r"(d0), "+&r"(d1), "+&r"(d2), "+&r"(d3)
            : "m"(b.words[0]), "m"(b.words[1]), "m"(b.words[2]), "m"(b.words[3]));
    r.words[0] = d0;
    r.words[1] = d1;
    r.words[2] = d2;
    r.words[3] = d3;
    return borrow;
#else
    const uint64_t a0 = a.words[0], a1 = a.words[1], a2 = a.words[2], a3 = a.words[3];
    const uint64_t b0 = b.words[0], b1 = b.words[1], b2 = b.words[2], b3 = b.words[3];
    const uint64_t d0 = a0 - b0;
    uint64_t c = a0 < b0 ? 1 : 0;
    const uint64_t t1 = a1 - b1;
    const uint64_t d1 = t1 - c;
    c = (a1 < b1 ? 1 : 0) | (t1 < c ? 1 : 0);
    const uint64_t t2 = a2 - b2;
    const uint64_t d2 = t2 - c;
    c = (a2 < b2 ? 1 : 0) | (t2 < c ? 1 : 0);
    const uint64_t t3 = a3 - b3;
    const uint64_t d3 = t3 - c;
    c = (a3 < b3 ? 1 : 0) | (t3 < c ? 1 : 0);
    r.words[0] = d0;
    r.words[1] = d1;
    r.words[2] = d2;
    r.words[3] = d3;
    return c != 0;
#endif
}

/// a < b, unsigned (LT): the borrow out of a - b.
[[nodiscard]] inline bool less(const U256& a, const U256& b) noexcept
{
#if defined(__x86_64__)
    // CMP then SBBs into scratch registers: only the carry flag is kept.
    uint64_t t1 = a.words[1], t2 = a.words[2], t3 = a.words[3];
    bool borrow;
    __asm__("cmpq %5, %4\n\tsbbq %6, %1\n\tsbbq %7, %2\n\tsbbq %8, %3"
            : "=@ccc"(borrow), "+&r"(t1), "+&r"(t2), "+&r"(t3)
            : "r"(a.words[0]), "m"(b.words[0]), "m"(b.words[1]), "m"(b.words[2]), "m"(b.words[3]));
    return borrow;
#else
    U256 unused;
    return sub_to(unused, a, b);
#endif
}

/// a < b as two's complement (SLT): flip the sign bits and compare unsigned.
[[nodiscard]] inline bool signed_less(const U256& a, const U256& b) noexcept
{
    const uint64_t sign = uint64_t{1} << 63;
#if defined(__x86_64__)
    uint64_t t1 = a.words[1], t2 = a.words[2], t3 = a.words[3] ^ sign;
    const uint64_t b3 = b.words[3] ^ sign;
    bool borrow;
    __asm__("cmpq %5, %4\n\tsbbq %6, %1\n\tsbbq %7, %2\n\tsbbq %8, %3"
            : "=@ccc"(borrow), "+&r"(t1), "+&r"(t2), "+&r"(t3)
            : "r"(a.words[0]), "m"(b.words[0]), "m"(b.words[1]), "m"(b.words[2]), "r"(b3));
    return borrow;
#else
    const U256 x = U256::from_words(a.words[0], a.words[1], a.words[2], a.words[3] ^ sign);
    const U256 y = U256::from_words(b.words[0], b.words[1], b.words[2], b.words[3] ^ sign);
    return less(x, y);
#endif
}

[[nodiscard]] inline bool equal(const U256& a, const U256& b) noexcept
{
    return ((a.words[0] ^ b.words[0]) | (a.words[1] ^ b.words[1]) | (a.words[2] ^ b.words[2]) |
            (a.words[3] ^ b.words[3])) == 0;
}

/// dst = src, as four 64-bit moves. A struct copy compiles to 16-byte vector moves, and a
/// vector load of a slot the previous opcode wrote with 64-bit stores cannot be forwarded from
/// the store buffer (a stall of ~10 cycles per DUP/SWAP on x86-64).
inline void copy_word(U256& dst, const U256& src) noexcept
{
    uint64_t w0 = src.words[0];
    uint64_t w1 = src.words[1];
    uint64_t w2 = src.words[2];
    uint64_t w3 = src.words[3];
    BLEND_EVM_KEEP_IN_REGISTERS(w0, w1, w2, w3);
    dst.words[0] = w0;
    dst.words[1] = w1;
    dst.words[2] = w2;
    dst.words[3] = w3;
}

/// Exchanges a and b with 64-bit moves (see copy_word).
inline void swap_words(U256& a, U256& b) noexcept
{
    uint64_t a0 = a.words[0], a1 = a.words[1], a2 = a.words[2], a3 = a.words[3];
    uint64_t b0 = b.words[0], b1 = b.words[1], b2 = b.words[2], b3 = b.words[3];
    BLEND_EVM_KEEP_IN_REGISTERS(a0, a1, a2, a3);
    BLEND_EVM_KEEP_IN_REGISTERS(b0, b1, b2, b3);
    a.words[0] = b0;
    a.words[1] = b1;
    a.words[2] = b2;
    a.words[3] = b3;
    b.words[0] = a0;
    b.words[1] = a1;
    b.words[2] = a2;
    b.words[3] = a3;
}

/// Bitwise AND/OR/XOR in place (r may alias an operand), word by word in general registers
/// (see copy_word).
#define BLEND_EVM_BITWISE(name, op)                                  \
    inline void name(U256& r, const U256& a, const U256& b) noexcept \
    {                                                                \
        uint64_t w0 = a.words[0] op b.words[0];                      \
        uint64_t w1 = a.words[1] op b.words[1];                      \
        uint64_t w2 = a.words[2] op b.words[2];                      \
        uint64_t w3 = a.words[3] op b.words[3];                      \
        BLEND_EVM_KEEP_IN_REGISTERS(w0, w1, w2, w3);                 \
        r.words[0] = w0;                                             \
        r.words[1] = w1;                                             \
        r.words[2] = w2;                                             \
        r.words[3] = w3;                                             \
    }
BLEND_EVM_BITWISE(and_to, &)
BLEND_EVM_BITWISE(or_to, |)
BLEND_EVM_BITWISE(xor_to, ^)
#undef BLEND_EVM_BITWISE

inline void not_to(U256& r, const U256& a) noexcept
{
    uint64_t w0 = ~a.words[0], w1 = ~a.words[1], w2 = ~a.words[2], w3 = ~a.words[3];
    BLEND_EVM_KEEP_IN_REGISTERS(w0, w1, w2, w3);
    r.words[0] = w0;
    r.words[1] = w1;
    r.words[2] = w2;
    r.words[3] = w3;
}

/// r = a value 0 or 1.
inline void set_bool(U256& r, bool v) noexcept
{
    r.words[0] = v ? 1 : 0;
    r.words[1] = 0;
    r.words[2] = 0;
    r.words[3] = 0;
}

/// r = x >> s (logical; SHR, EIP-145), r may alias x.
inline void shr_to(U256& r, const U256& shift, const U256& x) noexcept
{
    uint64_t a0 = x.words[0], a1 = x.words[1], a2 = x.words[2], a3 = x.words[3];
    if (!shift.fits_u64() || shift.words[0] >= 256) {
        a0 = a1 = a2 = a3 = 0;
    } else {
        const unsigned s = static_cast<unsigned>(shift.words[0]);
        switch (s / 64) {
        case 1:
            a0 = a1, a1 = a2, a2 = a3, a3 = 0;
            break;
        case 2:
            a0 = a2, a1 = a3, a2 = 0, a3 = 0;
            break;
        case 3:
            a0 = a3, a1 = 0, a2 = 0, a3 = 0;
            break;
        default:
            break;
        }
        const unsigned b = s % 64;
        if (b != 0) {
            a0 = (a0 >> b) | (a1 << (64 - b));
            a1 = (a1 >> b) | (a2 << (64 - b));
            a2 = (a2 >> b) | (a3 << (64 - b));
            a3 >>= b;
        }
    }
    r.words[0] = a0;
    r.words[1] = a1;
    r.words[2] = a2;
    r.words[3] = a3;
}

/// r = x << s (SHL, EIP-145), r may alias x.
inline void shl_to(U256& r, const U256& shift, const U256& x) noexcept
{
    uint64_t a0 = x.words[0], a1 = x.words[1], a2 = x.words[2], a3 = x.words[3];
    if (!shift.fits_u64() || shift.words[0] >= 256) {
        a0 = a1 = a2 = a3 = 0;
    } else {
        const unsigned s = static_cast<unsigned>(shift.words[0]);
        switch (s / 64) {
        case 1:
            a3 = a2, a2 = a1, a1 = a0, a0 = 0;
            break;
        case 2:
            a3 = a1, a2 = a0, a1 = 0, a0 = 0;
            break;
        case 3:
            a3 = a0, a2 = 0, a1 = 0, a0 = 0;
            break;
        default:
            break;
        }
        const unsigned b = s % 64;
        if (b != 0) {
            a3 = (a3 << b) | (a2 >> (64 - b));
            a2 = (a2 << b) | (a1 >> (64 - b));
            a1 = (a1 << b) | (a0 >> (64 - b));
            a0 <<= b;
        }
    }
    r.words[0] = a0;
    r.words[1] = a1;
    r.words[2] = a2;
    r.words[3] = a3;
}

/// r = x >> s arithmetic (SAR, EIP-145), r may alias x.
inline void sar_to(U256& r, const U256& shift, const U256& x) noexcept
{
    const bool negative = x.is_negative();
    if (!negative) {
        shr_to(r, shift, x);
        return;
    }
    // For a negative x: ~(~x >> s).
    const U256 inverted = ~x;
    U256 t;
    shr_to(t, shift, inverted);
    r.words[0] = ~t.words[0];
    r.words[1] = ~t.words[1];
    r.words[2] = ~t.words[2];
    r.words[3] = ~t.words[3];
}

/// r = -x modulo 2^256.
inline void neg_to(U256& r, const U256& x) noexcept
{
    const U256 zero;
    sub_to(r, zero, x);
}

inline void set_words(U256& r, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3) noexcept
{
    r.words[0] = w0;
    r.words[1] = w1;
    r.words[2] = w2;
    r.words[3] = w3;
}

/// DIV/MOD with fast paths for a one-word divisor (the common case in compiled contracts:
/// fixed-point scales, array strides). On x86-64 the dividend's significant words are divided
/// by DIV instructions from the top, skipping leading zero words (core's udivrem divides all
/// four); elsewhere and for longer divisors, core's udivrem (Knuth D with reciprocals). Results
/// are written as 64-bit words; `quot` and `rem` may be null, and may alias a or b.
inline void udivrem_to(const U256& a, const U256& b, U256* quot, U256* rem) noexcept
{
    if ((b.words[1] | b.words[2] | b.words[3]) == 0) {
        const uint64_t d = b.words[0];
        if (d == 0) {
            if (quot != nullptr)
                set_words(*quot, 0, 0, 0, 0);
            if (rem != nullptr)
                set_words(*rem, 0, 0, 0, 0);
            return;
        }
        const uint64_t a0 = a.words[0], a1 = a.words[1], a2 = a.words[2], a3 = a.words[3];
        if ((a1 | a2 | a3) == 0) {
            if (quot != nullptr)
                set_words(*quot, a0 / d, 0, 0, 0);
            if (rem != nullptr)
                set_words(*rem, a0 % d, 0, 0, 0);
            return;
        }
#if BLEND_U256_X86_DIV
        // Each step divides (r, word) by d with r < d, so DIV cannot fault. The leading word is
        // the first remainder without a DIV when it is below d (a quotient word of 0): a
        // fixed-point product of two words divided by its scale needs one DIV, not two.
        uint64_t r = 0;
        uint64_t q3 = 0;
        uint64_t q2 = 0;
        uint64_t q1 = 0;
        if (a3 != 0) {
            if (a3 < d)
                r = a3;
            else
                q3 = u256_detail::udivrem_2by1_x86(0, a3, d, r);
            q2 = u256_detail::udivrem_2by1_x86(r, a2, d, r);
            q1 = u256_detail::udivrem_2by1_x86(r, a1, d, r);
        } else if (a2 != 0) {
            if (a2 < d)
                r = a2;
            else
                q2 = u256_detail::udivrem_2by1_x86(0, a2, d, r);
            q1 = u256_detail::udivrem_2by1_x86(r, a1, d, r);
        } else if (a1 < d) {
            r = a1;
        } else {
            q1 = u256_detail::udivrem_2by1_x86(0, a1, d, r);
        }
        const uint64_t q0 = u256_detail::udivrem_2by1_x86(r, a0, d, r);
        if (quot != nullptr)
            set_words(*quot, q0, q1, q2, q3);
        if (rem != nullptr)
            set_words(*rem, r, 0, 0, 0);
        return;
#endif
    }
#if BLEND_U256_BUILTINS
    // One rWasm op each (core/freestanding/u256.hpp); both into temporaries first when both are
    // wanted, since either may alias a or b.
    if (quot == nullptr || rem == nullptr) {
        if (quot != nullptr)
            blend_u256_div(quot, &a, &b);
        if (rem != nullptr)
            blend_u256_mod(rem, &a, &b);
        return;
    }
#endif
    const U256DivMod qr = udivrem(a, b);
    if (quot != nullptr)
        copy_word(*quot, qr.quot);
    if (rem != nullptr)
        copy_word(*rem, qr.rem);
}

/// Whether x is a sign-extended 64-bit value (-2^63 <= x < 2^63 as two's complement).
[[nodiscard]] inline bool fits_i64(const U256& x) noexcept
{
    const uint64_t ext = static_cast<uint64_t>(static_cast<int64_t>(x.words[0]) >> 63);
    return ((x.words[1] ^ ext) | (x.words[2] ^ ext) | (x.words[3] ^ ext)) == 0;
}

/// r = the sign extension of v to 256 bits.
inline void set_i64(U256& r, int64_t v) noexcept
{
    const uint64_t ext = static_cast<uint64_t>(v >> 63);
    set_words(r, static_cast<uint64_t>(v), ext, ext, ext);
}

/// EVM SDIV (Yellow Paper H.2): truncated toward zero, 0 for b == 0, -2^255 / -1 == -2^255.
inline void sdiv_to(U256& r, const U256& a, const U256& b) noexcept
{
    // Fixed-point contracts divide word-sized signed values: one IDIV. INT64_MIN / -1 overflows
    // 64 bits (the 256-bit quotient 2^63 is not sign-extended), so it takes the general path.
    if (fits_i64(a) && fits_i64(b)) {
        const int64_t x = static_cast<int64_t>(a.words[0]);
        const int64_t y = static_cast<int64_t>(b.words[0]);
        if (y != 0 && !(y == -1 && x == INT64_MIN)) {
            set_i64(r, x / y);
            return;
        }
    }
#if BLEND_U256_BUILTINS
    blend_u256_sdiv(&r, &a, &b);
    return;
#endif
    const bool na = a.is_negative();
    const bool nb = b.is_negative();
    U256 x;
    U256 y;
    if (na)
        neg_to(x, a);
    else
        copy_word(x, a);
    if (nb)
        neg_to(y, b);
    else
        copy_word(y, b);
    udivrem_to(x, y, &r, nullptr);
    if (na != nb)
        neg_to(r, r);
}

/// EVM SMOD: the remainder takes the sign of the dividend, 0 for b == 0.
inline void smod_to(U256& r, const U256& a, const U256& b) noexcept
{
    // As sdiv_to: one IDIV for word-sized operands (INT64_MIN % -1 faults on x86: general path).
    if (fits_i64(a) && fits_i64(b)) {
        const int64_t x = static_cast<int64_t>(a.words[0]);
        const int64_t y = static_cast<int64_t>(b.words[0]);
        if (y != 0 && y != -1) {
            set_i64(r, x % y);
            return;
        }
    }
#if BLEND_U256_BUILTINS
    blend_u256_smod(&r, &a, &b);
    return;
#endif
    const bool na = a.is_negative();
    U256 x;
    U256 y;
    if (na)
        neg_to(x, a);
    else
        copy_word(x, a);
    if (b.is_negative())
        neg_to(y, b);
    else
        copy_word(y, b);
    udivrem_to(x, y, nullptr, &r);
    if (na)
        neg_to(r, r);
}

#if defined(__x86_64__) || defined(__aarch64__)
/// a * b modulo 2^256 as four words: the ten products below 2^256 by rows with the carries in
/// registers. Out of line: inside the interpreter loop GCC runs out of registers and passes the
/// 128-bit partial sums through the stack.
[[gnu::noinline]] inline void mul_wide(U256& r, const U256& a, const U256& b) noexcept
{
    __extension__ typedef unsigned __int128 Wide;
    const uint64_t a0 = a.words[0], a1 = a.words[1], a2 = a.words[2], a3 = a.words[3];
    const uint64_t b0 = b.words[0], b1 = b.words[1], b2 = b.words[2], b3 = b.words[3];
    // Row 0: a * b0 (columns 0..3).
    Wide t = static_cast<Wide>(a0) * b0;
    const uint64_t r0 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a1) * b0 + static_cast<uint64_t>(t >> 64);
    uint64_t r1 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a2) * b0 + static_cast<uint64_t>(t >> 64);
    uint64_t r2 = static_cast<uint64_t>(t);
    uint64_t r3 = a3 * b0 + static_cast<uint64_t>(t >> 64);
    // Row 1: a * b1 from column 1.
    t = static_cast<Wide>(a0) * b1 + r1;
    r1 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a1) * b1 + r2 + static_cast<uint64_t>(t >> 64);
    r2 = static_cast<uint64_t>(t);
    r3 += a2 * b1 + static_cast<uint64_t>(t >> 64);
    // Row 2 from column 2; row 3 only reaches column 3.
    t = static_cast<Wide>(a0) * b2 + r2;
    r2 = static_cast<uint64_t>(t);
    r3 += a1 * b2 + static_cast<uint64_t>(t >> 64) + a0 * b3;
    r.words[0] = r0;
    r.words[1] = r1;
    r.words[2] = r2;
    r.words[3] = r3;
}
#endif

/// r = a * b modulo 2^256 (MUL), r may alias an operand. On 64-bit hosts operands that fit one
/// word (counters, strides, fixed-point scales) take one 64x64->128 product inline, others
/// mul_wide; wasm32 uses core's portable product.
inline void mul_to(U256& r, const U256& a, const U256& b) noexcept
{
#if defined(__x86_64__) || defined(__aarch64__)
    if ((a.words[1] | a.words[2] | a.words[3] | b.words[1] | b.words[2] | b.words[3]) == 0) {
        __extension__ typedef unsigned __int128 Wide;
        const Wide p = static_cast<Wide>(a.words[0]) * b.words[0];
        r.words[0] = static_cast<uint64_t>(p);
        r.words[1] = static_cast<uint64_t>(p >> 64);
        r.words[2] = 0;
        r.words[3] = 0;
        return;
    }
    mul_wide(r, a, b);
#elif BLEND_U256_BUILTINS
    blend_u256_mul(&r, &a, &b);  // one rWasm op (core/freestanding/u256.hpp)
#else
    copy_word(r, a * b);
#endif
}

/// The full 512-bit product a * b, eight words least significant first. Unrolled rows with the
/// carries in registers on 64-bit hosts (core's mul_full loops through memory); core's portable
/// mul_full on wasm32, where a 64x64->128 product needs no compiler-rt only in its 32-bit form.
inline void mul_512(const U256& a, const U256& b, uint64_t out[8]) noexcept
{
#if defined(__x86_64__) || defined(__aarch64__)
    __extension__ typedef unsigned __int128 Wide;
    const uint64_t a0 = a.words[0], a1 = a.words[1], a2 = a.words[2], a3 = a.words[3];
    uint64_t r0, r1, r2, r3, r4, r5, r6, r7;
    // Row 0: a * b0.
    Wide t = static_cast<Wide>(a0) * b.words[0];
    r0 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a1) * b.words[0] + static_cast<uint64_t>(t >> 64);
    r1 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a2) * b.words[0] + static_cast<uint64_t>(t >> 64);
    r2 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a3) * b.words[0] + static_cast<uint64_t>(t >> 64);
    r3 = static_cast<uint64_t>(t);
    r4 = static_cast<uint64_t>(t >> 64);
    // Rows 1..3: r[i..i+4] += a * b_i. Each step a*b + r + carry < 2^128: no overflow.
    const uint64_t b1 = b.words[1];
    t = static_cast<Wide>(a0) * b1 + r1;
    r1 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a1) * b1 + r2 + static_cast<uint64_t>(t >> 64);
    r2 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a2) * b1 + r3 + static_cast<uint64_t>(t >> 64);
    r3 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a3) * b1 + r4 + static_cast<uint64_t>(t >> 64);
    r4 = static_cast<uint64_t>(t);
    r5 = static_cast<uint64_t>(t >> 64);
    const uint64_t b2 = b.words[2];
    t = static_cast<Wide>(a0) * b2 + r2;
    r2 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a1) * b2 + r3 + static_cast<uint64_t>(t >> 64);
    r3 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a2) * b2 + r4 + static_cast<uint64_t>(t >> 64);
    r4 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a3) * b2 + r5 + static_cast<uint64_t>(t >> 64);
    r5 = static_cast<uint64_t>(t);
    r6 = static_cast<uint64_t>(t >> 64);
    const uint64_t b3 = b.words[3];
    t = static_cast<Wide>(a0) * b3 + r3;
    r3 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a1) * b3 + r4 + static_cast<uint64_t>(t >> 64);
    r4 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a2) * b3 + r5 + static_cast<uint64_t>(t >> 64);
    r5 = static_cast<uint64_t>(t);
    t = static_cast<Wide>(a3) * b3 + r6 + static_cast<uint64_t>(t >> 64);
    r6 = static_cast<uint64_t>(t);
    r7 = static_cast<uint64_t>(t >> 64);
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
    out[4] = r4;
    out[5] = r5;
    out[6] = r6;
    out[7] = r7;
#else
    mul_full(a, b, out);
#endif
}

/// EVM MULMOD (Yellow Paper H.2): (a * b) mod m on the exact 512-bit product, 0 for m == 0.
/// r may alias an operand.
inline void mulmod_to(U256& r, const U256& a, const U256& b, const U256& m) noexcept
{
#if BLEND_U256_BUILTINS
    blend_u256_mulmod(&r, &a, &b, &m);  // one rWasm op (core/freestanding/u256.hpp)
    return;
#endif
    if (m.is_zero()) {
        set_words(r, 0, 0, 0, 0);
        return;
    }
    uint64_t p[8];
    mul_512(a, b, p);
    const int vn = u256_detail::significant_words(m.words, 4);
    const int un = u256_detail::significant_words(p, 8);
    if (un < vn) {
        set_words(r, p[0], p[1], p[2], p[3]);
        return;
    }
    if (un <= 4) {
        const U256 low = U256::from_words(p[0], p[1], p[2], p[3]);
        udivrem_to(low, m, nullptr, &r);
        return;
    }
    // One specialisation per modulus size with the product taken as eight words (constant
    // sizes let core's Knuth D unroll; the generic udivrem_words does not).
    uint64_t rem[4] = {0, 0, 0, 0};
    const uint64_t mw[4] = {m.words[0], m.words[1], m.words[2], m.words[3]};
    switch (vn) {
    case 1:
        rem[0] = u256_detail::udivrem_by_word(p, 8, mw[0], nullptr);
        break;
    case 2:
        u256_detail::udivrem_knuth(p, 8, mw, 2, nullptr, rem);
        break;
    case 3:
        u256_detail::udivrem_knuth(p, 8, mw, 3, nullptr, rem);
        break;
    default:
        u256_detail::udivrem_knuth(p, 8, mw, 4, nullptr, rem);
        break;
    }
    set_words(r, rem[0], rem[1], rem[2], rem[3]);
}

/// An address as a stack word (ADDRESS, CALLER, ..., CREATE's result).
[[nodiscard]] inline U256 address_to_word(const sdk::Address& a) noexcept
{
    return U256::from_words(load_be64(a.bytes + 12), load_be64(a.bytes + 4),
                            (static_cast<uint64_t>(a.bytes[0]) << 24) |
                                (static_cast<uint64_t>(a.bytes[1]) << 16) |
                                (static_cast<uint64_t>(a.bytes[2]) << 8) | a.bytes[3],
                            0);
}

/// The low 160 bits of a stack word as an address (BALANCE, CALL, ...: Yellow Paper §9.4.2,
/// addresses are taken modulo 2^160).
[[nodiscard]] inline sdk::Address word_to_address(const U256& x) noexcept
{
    sdk::Address a;
    const uint32_t top = static_cast<uint32_t>(x.words[2]);
    a.bytes[0] = static_cast<uint8_t>(top >> 24);
    a.bytes[1] = static_cast<uint8_t>(top >> 16);
    a.bytes[2] = static_cast<uint8_t>(top >> 8);
    a.bytes[3] = static_cast<uint8_t>(top);
    store_be64(a.bytes + 4, x.words[1]);
    store_be64(a.bytes + 12, x.words[0]);
    return a;
}

/// x as a 64-bit number, or 2^64-1 when it does not fit (offsets and numbers that the host
/// treats as "past any end").
[[nodiscard]] inline uint64_t saturate_u64(const U256& x) noexcept
{
    return x.fits_u64() ? x.words[0] : ~uint64_t{0};
}

}  // namespace blend::evm
