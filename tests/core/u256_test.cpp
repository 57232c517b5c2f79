// SPDX-License-Identifier: Apache-2.0
// U256 against Boost.Multiprecision, an independent implementation, on edge-case and seeded random
// operands. Every EVM operation is checked on at least BLEND_U256_ITERATIONS (default 1,000,000)
// random operand tuples plus every pair from a pool of edge values.
#include "core/freestanding/u256.hpp"

#include "core/hex.hpp"
#include "core/u256.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <catch2/catch.hpp>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using namespace blend;

namespace {

namespace mp = boost::multiprecision;
// Fixed-width unsigned Boost integers wrap modulo 2^N, like the EVM's words.
using Ref = mp::uint256_t;
using Ref512 = mp::uint512_t;
using SRef = mp::int512_t;  // wide enough for every signed 256-bit value and its negation

// ---- conversions to and from the reference ----

Ref to_ref(const U256& x)
{
    Ref r;
    mp::import_bits(r, std::begin(x.words), std::end(x.words), 64, false);
    return r;
}

template <typename Big>
U256 from_ref(const Big& value)
{
    const Big low = value & Big(Ref(~Ref(0)));  // modulo 2^256
    U256 x;
    uint64_t chunks[8] = {};
    mp::export_bits(low, chunks, 64, false);
    for (int i = 0; i < 4; ++i)
        x.words[i] = chunks[i];
    return x;
}

const Ref512 kTwo256 = Ref512(1) << 256;
const SRef kTwo256Signed = SRef(1) << 256;

SRef to_signed(const U256& x)
{
    const SRef v(to_ref(x));
    return x.is_negative() ? v - kTwo256Signed : v;
}

U256 from_signed(const SRef& v)
{
    SRef m = v % kTwo256Signed;
    if (m < 0)
        m += kTwo256Signed;
    return from_ref(Ref(m));
}

std::string hex(const U256& x)
{
    return to_hex(x);
}

// ---- operand generation ----

/// Run size; BLEND_U256_ITERATIONS lowers it under sanitizers.
uint64_t iterations()
{
    if (const char* env = std::getenv("BLEND_U256_ITERATIONS")) {
        const uint64_t n = std::strtoull(env, nullptr, 10);
        if (n > 0)
            return n;
    }
    return 1'000'000;
}

uint64_t seed()
{
    if (const char* env = std::getenv("BLEND_U256_SEED"))
        return std::strtoull(env, nullptr, 10);
    return 0x5eed'0256'0001ULL;
}

/// Values at which wide arithmetic usually breaks: 0, 1, 2^k, 2^k +- 1 for every k, the maximum,
/// the signed extremes (2^255 = INT256_MIN, 2^255 - 1 = INT256_MAX), -1, -2, small numbers, and
/// words that are all ones, top bit only or bottom bit only.
std::vector<U256> edge_values()
{
    std::vector<U256> v;
    for (uint64_t i = 0; i <= 16; ++i)
        v.push_back(U256{i});
    for (unsigned k = 1; k < 256; ++k) {
        const U256 p = U256{1} << k;
        v.push_back(p);
        v.push_back(p - 1);
        v.push_back(p + 1);
    }
    const U256 max = U256::max();
    v.push_back(max);
    v.push_back(max - 1);
    v.push_back(max - 2);
    const uint64_t ones = ~uint64_t{0};
    const uint64_t top = uint64_t{1} << 63;
    for (int w = 0; w < 4; ++w) {
        U256 a;
        a.words[w] = ones;
        v.push_back(a);
        a.words[w] = top;
        v.push_back(a - 1);
        U256 b = max;
        b.words[w] = 0;
        v.push_back(b);
    }
    v.push_back(U256::from_words(ones, ones, 0, 0));
    v.push_back(U256::from_words(0, 0, ones, ones));
    v.push_back(U256::from_words(1, 0, 0, top));
    v.push_back(U256::from_words(ones, 0, ones, 0));
    v.push_back(U256::from_words(0, ones, 0, ones));
    return v;
}

class Generator {
public:
    explicit Generator(uint64_t s) : rng_(s), edges_(edge_values()) {}

    uint64_t word() { return rng_(); }
    uint64_t below(uint64_t n) { return rng_() % n; }

    /// A structured random word: uniform, all ones, zero, top bit forced, or tiny.
    uint64_t pattern_word()
    {
        switch (below(8)) {
        case 0:
            return ~uint64_t{0};
        case 1:
            return 0;
        case 2:
            return word() | (uint64_t{1} << 63);
        case 3:
            return below(4);
        case 4:
            return ~uint64_t{0} - below(4);
        default:
            return word();
        }
    }

    /// A value with 0-4 significant words, often with special word patterns, sometimes an edge
    /// value, sometimes a value with a random bit length.
    U256 value()
    {
        const uint64_t kind = below(16);
        if (kind == 0)
            return edges_[below(edges_.size())];
        if (kind == 1) {
            const unsigned bits = static_cast<unsigned>(below(257));
            U256 x = U256::from_words(word(), word(), word(), word());
            return bits == 256 ? x : x & ((U256{1} << bits) - 1);
        }
        const int n = static_cast<int>(below(5));
        U256 x;
        for (int i = 0; i < n; ++i)
            x.words[i] = kind < 8 ? word() : pattern_word();
        if (n > 0 && x.words[n - 1] == 0)
            x.words[n - 1] = 1;
        return x;
    }

    /// A divisor weighted toward one, two and three words and toward a set top bit (which skips
    /// normalisation) or a small top word (large normalisation shift).
    U256 divisor()
    {
        const int n = 1 + static_cast<int>(below(4));
        U256 x;
        for (int i = 0; i < n; ++i)
            x.words[i] = pattern_word();
        switch (below(4)) {
        case 0:
            x.words[n - 1] |= uint64_t{1} << 63;
            break;
        case 1:
            x.words[n - 1] = 1 + below(255);
            break;
        default:
            if (x.words[n - 1] == 0)
                x.words[n - 1] = word() | 1;
        }
        return x;
    }

    /// A dividend just below or above a multiple of `d`: the quotient digit estimated from the top
    /// words is then often one too large, which exercises Knuth D's add-back step (D6).
    U256 near_multiple(const U256& d)
    {
        const unsigned room = 256 - count_significant_bits(d);
        U256 q = U256::from_words(word(), word(), word(), word());
        q = room == 0 ? U256{1} : q & ((U256{1} << room) - 1);
        if (q.is_zero())
            q = U256{1};
        const U256 m = q * d;  // fits: q < 2^room
        switch (below(4)) {
        case 0:
            return m - 1;
        case 1:
            return m - below(1024);
        case 2:
            return m + below(1024);
        default:
            return m;
        }
    }

    unsigned small(unsigned n) { return static_cast<unsigned>(below(n)); }

    /// A shift or index argument: usually in range, sometimes at or past the EIP-145 limit.
    U256 shift()
    {
        switch (below(8)) {
        case 0:
            return U256{256 + below(300)};
        case 1:
            return value();
        case 2:
            return U256{below(4) * 64 + below(2) * 63};  // word-aligned and word-edge shifts
        default:
            return U256{below(256)};
        }
    }

    /// An exponent: mostly the sizes contracts use, sometimes full 256-bit ones.
    U256 exponent()
    {
        // Full-width exponents cost the reference ~380 multiplications each: one case in 16.
        switch (below(16)) {
        case 0:
            return U256::from_words(word(), word(), word(), word());
        case 1:
            return edges_[below(edges_.size())];
        case 2:
            return U256::from_words(word(), word() >> below(64), 0, 0);
        case 3:
        case 4:
        case 5:
        case 6:
            return U256{word() >> below(64)};
        default:
            return U256{below(300)};
        }
    }

    const std::vector<U256>& edges() const { return edges_; }

private:
    std::mt19937_64 rng_;
    std::vector<U256> edges_;
};

// ---- the reference semantics, each written from the EVM definition ----

U256 ref_shl(const U256& shift, const U256& x)
{
    if (shift >= U256{256})
        return U256{};
    return from_ref(Ref512(to_ref(x)) << static_cast<unsigned>(shift.low_u64()));
}

U256 ref_shr(const U256& shift, const U256& x)
{
    if (shift >= U256{256})
        return U256{};
    return from_ref(to_ref(x) >> static_cast<unsigned>(shift.low_u64()));
}

/// SAR is floor(x / 2^shift) on the signed reading (EIP-145).
U256 ref_sar(const U256& shift, const U256& x)
{
    const SRef v = to_signed(x);
    if (shift >= U256{256})
        return v < 0 ? from_signed(SRef(-1)) : U256{};
    const SRef d = SRef(1) << static_cast<unsigned>(shift.low_u64());
    SRef q = v / d;  // truncates toward zero
    if (v < 0 && q * d != v)
        q -= 1;
    return from_signed(q);
}

U256 ref_signextend(const U256& b, const U256& x)
{
    if (b >= U256{31})
        return x;
    const unsigned bits = 8 * (static_cast<unsigned>(b.low_u64()) + 1);
    const Ref512 modulus = Ref512(1) << bits;
    const Ref512 low = Ref512(to_ref(x)) % modulus;
    if (low >= (modulus >> 1))
        return from_ref(low + kTwo256 - modulus);
    return from_ref(low);
}

U256 ref_byte(const U256& i, const U256& x)
{
    if (i >= U256{32})
        return U256{};
    const unsigned shift = 8 * (31 - static_cast<unsigned>(i.low_u64()));
    return from_ref((to_ref(x) >> shift) & 0xff);
}

U256 ref_sdiv(const U256& a, const U256& b)
{
    if (b.is_zero())
        return U256{};
    return from_signed(to_signed(a) / to_signed(b));  // Boost truncates toward zero, as SDIV
}

U256 ref_smod(const U256& a, const U256& b)
{
    if (b.is_zero())
        return U256{};
    return from_signed(to_signed(a) % to_signed(b));  // sign of the dividend, as SMOD
}

/// base^exponent mod 2^256 by square-and-multiply on Boost's (wrapping) 256-bit integers.
U256 ref_exp(const U256& base, const U256& exponent)
{
    Ref result = 1;
    Ref b = to_ref(base);
    const Ref e = to_ref(exponent);
    const unsigned bits = e == 0 ? 0 : static_cast<unsigned>(mp::msb(e)) + 1;
    for (unsigned i = 0; i < bits; ++i) {
        if (mp::bit_test(e, i))
            result *= b;
        if (i + 1 < bits)
            b *= b;
    }
    return from_ref(result);
}

unsigned ref_bits(const U256& x)
{
    return x.is_zero() ? 0 : static_cast<unsigned>(mp::msb(to_ref(x))) + 1;
}

// ---- mismatch bookkeeping: Catch2 assertions per operand would dominate the run time ----

class Tally {
public:
    /// Counts one case; `detail` (a callable returning the operands as text) runs only on a
    /// mismatch, so that passing cases cost no formatting.
    template <typename Detail>
    void check(const char* op, bool ok, Detail&& detail)
    {
        Entry& e = entry(op);
        ++e.cases;
        if (ok)
            return;
        ++e.failures;
        if (e.failures <= 5)
            e.examples.push_back(detail());
    }

    void report()
    {
        for (const auto& [op, e] : entries_) {
            std::printf("u256 %-12s %10llu cases, %llu mismatches\n", op.c_str(),
                        static_cast<unsigned long long>(e.cases),
                        static_cast<unsigned long long>(e.failures));
            for (const auto& ex : e.examples)
                UNSCOPED_INFO(op << ": " << ex);
            CHECK(e.failures == 0);
        }
    }

    uint64_t cases(const std::string& op) const
    {
        const auto it = entries_.find(op);
        return it == entries_.end() ? 0 : it->second.cases;
    }

private:
    struct Entry {
        uint64_t cases = 0;
        uint64_t failures = 0;
        std::vector<std::string> examples;
    };

    Entry& entry(const char* op)
    {
        // Looked up by the literal's address first: a string map lookup per case would dominate.
        const auto it = by_address_.find(op);
        if (it != by_address_.end())
            return *it->second;
        Entry& e = entries_[op];
        by_address_.emplace(op, &e);
        return e;
    }

    std::map<std::string, Entry> entries_;
    std::unordered_map<const char*, Entry*> by_address_;
};

std::string args(const U256& a, const U256& b)
{
    return "a=" + hex(a) + " b=" + hex(b);
}

/// All binary operations on one operand pair.
void check_binary(Tally& t, const U256& a, const U256& b)
{
    const Ref ra = to_ref(a);
    const Ref rb = to_ref(b);
    const Ref512 wide_a(ra);
    const Ref512 wide_b(rb);

    t.check("add", a + b == from_ref(wide_a + wide_b), [&] { return args(a, b); });
    t.check("sub", a - b == from_ref(wide_a + kTwo256 - wide_b), [&] { return args(a, b); });
    t.check("mul", a * b == from_ref(wide_a * wide_b), [&] { return args(a, b); });
    t.check("sqr", sqr(a) == from_ref(wide_a * wide_a) && sqr(b) == from_ref(wide_b * wide_b),
            [&] { return args(a, b); });
    const U256DivMod qr = udivrem(a, b);
    if (b.is_zero()) {
        t.check("div", qr.quot.is_zero() && (a / b).is_zero(), [&] { return args(a, b); });
        t.check("mod", qr.rem.is_zero() && (a % b).is_zero(), [&] { return args(a, b); });
    } else {
        t.check("div", qr.quot == from_ref(ra / rb) && a / b == qr.quot,
                [&] { return args(a, b); });
        t.check("mod", qr.rem == from_ref(ra % rb) && a % b == qr.rem, [&] { return args(a, b); });
    }
    t.check("sdiv", sdiv(a, b) == ref_sdiv(a, b), [&] { return args(a, b); });
    t.check("smod", smod(a, b) == ref_smod(a, b), [&] { return args(a, b); });
    t.check("lt", (a < b) == (ra < rb) && (a >= b) == (ra >= rb), [&] { return args(a, b); });
    t.check("gt", (a > b) == (ra > rb) && (a <= b) == (ra <= rb), [&] { return args(a, b); });
    t.check("eq", (a == b) == (ra == rb) && (a != b) == (ra != rb), [&] { return args(a, b); });
    const SRef sa = to_signed(a);
    const SRef sb = to_signed(b);
    t.check("slt", slt(a, b) == (sa < sb), [&] { return args(a, b); });
    t.check("sgt", sgt(a, b) == (sa > sb), [&] { return args(a, b); });
    t.check("and", (a & b) == from_ref(ra & rb), [&] { return args(a, b); });
    t.check("or", (a | b) == from_ref(ra | rb), [&] { return args(a, b); });
    t.check("xor", (a ^ b) == from_ref(ra ^ rb), [&] { return args(a, b); });
}

/// Ternary modular operations.
void check_modular(Tally& t, const U256& a, const U256& b, const U256& m)
{
    const auto detail = [&] { return args(a, b) + " m=" + hex(m); };
    if (m.is_zero()) {
        t.check("addmod", addmod(a, b, m).is_zero(), detail);
        t.check("mulmod", mulmod(a, b, m).is_zero(), detail);
        return;
    }
    const Ref512 wa(to_ref(a));
    const Ref512 wb(to_ref(b));
    const Ref512 wm(to_ref(m));
    t.check("addmod", addmod(a, b, m) == from_ref((wa + wb) % wm), detail);
    t.check("mulmod", mulmod(a, b, m) == from_ref((wa * wb) % wm), detail);
}

/// Operations on one value and a shift, index or byte size.
void check_unary(Tally& t, const U256& x, const U256& s)
{
    const auto detail = [&] { return "x=" + hex(x) + " s=" + hex(s); };
    const Ref rx = to_ref(x);
    t.check("not", ~x == from_ref(~rx), detail);
    t.check("neg", -x == from_ref(kTwo256 - Ref512(rx)), detail);
    t.check("iszero", x.is_zero() == (rx == 0) && static_cast<bool>(x) == (rx != 0), detail);
    t.check("shl", shl(s, x) == ref_shl(s, x) && (x << s) == ref_shl(s, x), detail);
    t.check("shr", shr(s, x) == ref_shr(s, x) && (x >> s) == ref_shr(s, x), detail);
    t.check("sar", sar(s, x) == ref_sar(s, x), detail);
    // SIGNEXTEND and BYTE take small first operands; fold the shift into their useful range half
    // of the time and keep it as is (often >= 32) otherwise.
    const U256 small = s.low_u64() % 2 == 0 ? U256{s.low_u64() % 40} : s;
    t.check("signextend", signextend(small, x) == ref_signextend(small, x), detail);
    t.check("byte", byte(small, x) == ref_byte(small, x), detail);
    const unsigned bits = ref_bits(x);
    t.check("bits",
            count_significant_bits(x) == bits && count_significant_bytes(x) == (bits + 7) / 8,
            detail);

    uint8_t be[32];
    x.to_be_bytes(be);
    Ref from_bytes;
    mp::import_bits(from_bytes, be, be + 32, 8, true);
    const size_t n = s.low_u64() % 33;  // load the last n bytes: the value modulo 2^(8n)
    const Ref low = n == 32 ? rx : Ref(rx % (Ref(1) << (8 * n)));
    t.check("be_bytes", from_bytes == rx && U256::from_be_bytes(be + 32 - n, n) == from_ref(low),
            detail);
}

}  // namespace

TEST_CASE("u256 constexpr evaluation follows the EVM rules")
{
    // The rules themselves (Yellow Paper H.2), evaluated at compile time.
    static_assert(U256::max() + 1 == U256{0});
    static_assert(U256{0} - 1 == U256::max());
    static_assert(U256{7} / U256{0} == U256{0} && U256{7} % U256{0} == U256{0});
    static_assert(sdiv(U256{1} << 255, U256::max()) == U256{1} << 255);  // -2^255 / -1
    static_assert(smod(-U256{7}, U256{3}) == -U256{1});
    static_assert(mulmod(U256::max(), U256::max(), U256{12}) == U256{9});  // (-1 mod 12 = 3)^2
    static_assert(addmod(U256::max(), U256{2}, U256::max()) == U256{2});
    static_assert(exp(U256{2}, U256{255}) == U256{1} << 255 && exp(U256{2}, U256{256}) == 0);
    static_assert(exp(U256{0}, U256{0}) == U256{1});
    static_assert(sar(U256{300}, U256::max()) == U256::max() && sar(U256{300}, U256{5}) == 0);
    static_assert(shl(U256{256}, U256{1}) == 0 && shr(U256{256}, U256::max()) == 0);
    static_assert(signextend(U256{0}, U256{0xff}) == U256::max());
    static_assert(signextend(U256{0}, U256{0x7f}) == U256{0x7f});
    static_assert(byte(U256{31}, U256{0xab}) == U256{0xab} && byte(U256{32}, U256::max()) == 0);
    static_assert(count_significant_bytes(U256{0x100}) == 2 && count_significant_bits(0) == 0);
    CHECK(true);  // the static_asserts above are the test
}

TEST_CASE("u256 word helpers match the compiler's 128-bit arithmetic")
{
    // The wasm32 build multiplies with the portable helpers instead of unsigned __int128, and
    // every build divides through the table-based reciprocal; check both on the host.
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 Wide;
    std::mt19937_64 rng(seed());
    const uint64_t n = iterations();
    uint64_t mul_bad = 0;
    uint64_t mul_add_bad = 0;
    uint64_t reciprocal_bad = 0;
    const auto words_of = [](Wide w) {
        return u256_detail::U128{static_cast<uint64_t>(w), static_cast<uint64_t>(w >> 64)};
    };
    const auto same = [](u256_detail::U128 x, u256_detail::U128 y) {
        return x.lo == y.lo && x.hi == y.hi;
    };
    for (uint64_t i = 0; i < n; ++i) {
        const uint64_t a = (i % 7 == 0) ? ~uint64_t{0} - rng() % 3 : rng();
        const uint64_t b = (i % 5 == 0) ? ~uint64_t{0} : rng() >> (rng() % 64);
        const uint64_t c = (i % 3 == 0) ? ~uint64_t{0} : rng();
        const uint64_t d = (i % 4 == 0) ? ~uint64_t{0} : rng();
        const Wide p = static_cast<Wide>(a) * b;
        mul_bad += !same(u256_detail::umul_portable(a, b), words_of(p));
        mul_add_bad += !same(u256_detail::mul_add_portable(a, b, c, d), words_of(p + c + d));

        // The reciprocal of a normalised divisor: floor((2^128 - 1) / d) - 2^64. Divisors near
        // the ends of the range and at table-entry boundaries (the top nine bits) are the risky
        // ones.
        uint64_t v = rng() | (uint64_t{1} << 63);
        switch (i % 6) {
        case 0:
            v = (uint64_t{1} << 63) | (rng() % 4);
            break;
        case 1:
            v = ~uint64_t{0} - rng() % 4;
            break;
        case 2:
            v = ((rng() % 256 + 256) << 55) - (rng() % 3) + 1;  // around a table boundary
            v |= uint64_t{1} << 63;
            break;
        default:
            break;
        }
        const Wide all_ones = ~Wide{0};
        const uint64_t expected = static_cast<uint64_t>(all_ones / v);  // minus 2^64
        reciprocal_bad += u256_detail::reciprocal_2by1_table(v) != expected;
        reciprocal_bad += u256_detail::reciprocal_2by1(v) != expected;
    }
    std::printf("u256 word helpers: %llu cases each\n", static_cast<unsigned long long>(n));
    CHECK(mul_bad == 0);
    CHECK(mul_add_bad == 0);
    CHECK(reciprocal_bad == 0);
#else
    FAIL("this host has no unsigned __int128 to check the word helpers against");
#endif
}

TEST_CASE("u256 matches Boost.Multiprecision on edge-case pairs")
{
    Generator gen(seed());
    const auto& edges = gen.edges();
    // Every pair in a full run; a reduced run (BLEND_U256_ITERATIONS below a million, as under
    // the sanitizers) takes every stride-th pair, walking the pool diagonally so that each value
    // still meets many partners.
    const uint64_t stride =
        iterations() >= 1'000'000 ? 1 : (1'000'000 + iterations() - 1) / iterations();
    Tally tally;
    uint64_t pairs = 0;
    for (size_t i = 0; i < edges.size(); ++i) {
        for (size_t j = i % stride; j < edges.size(); j += stride) {
            const U256& a = edges[i];
            const U256& b = edges[j];
            ++pairs;
            check_binary(tally, a, b);
            if ((a.low_u64() ^ b.low_u64()) % 4 == 0)  // a quarter of the pairs, as moduli vary
                check_modular(tally, a, b, edges[(a.low_u64() + b.words[3]) % edges.size()]);
            check_unary(tally, a, b);
        }
    }
    std::printf("u256 edge pool: %zu values, %llu of %zu pairs\n", edges.size(),
                static_cast<unsigned long long>(pairs), edges.size() * edges.size());
    tally.report();
}

TEST_CASE("u256 matches Boost.Multiprecision on random operands")
{
    const uint64_t s = seed();
    const uint64_t n = iterations();
    std::printf(
        "u256 random test: seed=%llu iterations=%llu (BLEND_U256_SEED, "
        "BLEND_U256_ITERATIONS)\n",
        static_cast<unsigned long long>(s), static_cast<unsigned long long>(n));
    Generator gen(s);
    Tally tally;
    for (uint64_t i = 0; i < n; ++i) {
        const U256 a = gen.value();
        // Alternate general values with divisor-shaped ones so division sees both.
        const U256 b = i % 2 == 0 ? gen.value() : gen.divisor();
        check_binary(tally, a, b);

        // Division and modular reduction near multiples (Knuth D's rare add-back step).
        const U256 d = gen.divisor();
        const U256 near = gen.near_multiple(d);
        const Ref rn = to_ref(near);
        const Ref rd = to_ref(d);
        const U256DivMod qr = udivrem(near, d);
        tally.check("div_near", qr.quot == from_ref(rn / rd) && qr.rem == from_ref(rn % rd),
                    [&] { return args(near, d); });

        const U256 m = i % 3 == 0 ? d : gen.value();
        check_modular(tally, a, b, m);
        check_unary(tally, a, gen.shift());

        const U256 e = gen.exponent();
        tally.check("exp", exp(a, e) == ref_exp(a, e), [&] { return args(a, e); });
    }
    tally.report();
    for (const char* op : {"add", "sub", "mul", "div", "mod", "sdiv", "smod", "addmod", "mulmod",
                           "exp", "shl", "shr", "sar", "signextend", "byte", "slt", "sgt"})
        CHECK(tally.cases(op) >= n);
}

TEST_CASE("u256 mulmod reduces products near multiples of the modulus")
{
    // a * b = q * m + r with r tiny or m - r tiny: 512-by-256 reductions whose quotient digits
    // sit at the edge of the 3-by-2 estimate.
    Generator gen(seed() + 1);
    Tally tally;
    const uint64_t n = iterations() / 4;
    for (uint64_t i = 0; i < n; ++i) {
        const U256 m = gen.divisor();
        const U256 a = gen.near_multiple(m);
        const U256 b = i % 2 == 0 ? gen.near_multiple(m) : U256::max() - gen.small(3);
        check_modular(tally, a, b, m);
    }
    tally.report();
}

TEST_CASE("u256 portable division kernels match Boost (the wasm32 path)")
{
    // x86-64 hosts take DIV-instruction shortcuts; the kernels that wasm32 and other hosts use
    // are checked here directly, on 4-word (DIV) and 8-word (MULMOD) dividends.
    Generator gen(seed() + 4);
    const uint64_t n = iterations();
    uint64_t bad = 0;
    uint64_t knuth_bad = 0;
    uint64_t knuth_cases = 0;
    for (uint64_t i = 0; i < n; ++i) {
        const U256 lo = gen.value();
        const U256 hi = gen.value();
        uint64_t d = gen.divisor().low_u64();
        if (d == 0)
            d = 1 + gen.below(7);
        const uint64_t u[8] = {lo.words[0], lo.words[1], lo.words[2], lo.words[3],
                               hi.words[0], hi.words[1], hi.words[2], hi.words[3]};
        const int un = i % 2 == 0 ? 4 : 8;
        uint64_t q[8] = {};
        const uint64_t rem = u256_detail::udivrem_by_word_reciprocal(u, un, d, q);
        Ref512 num;
        mp::import_bits(num, u, u + un, 64, false);
        Ref512 quot;
        mp::import_bits(quot, q, q + un, 64, false);
        bad += quot != num / d || Ref512(rem) != num % d;

        // Knuth D with two to four divisor words, which x86-64 hosts bypass when the dividend
        // has as many words as the divisor.
        const U256 v = gen.divisor();
        const int vn = u256_detail::significant_words(v.words, 4);
        const int kn = i % 2 == 0 ? 4 : 8;
        if (vn >= 2 && u256_detail::significant_words(u, kn) >= vn) {
            uint64_t kq[8] = {};
            uint64_t kr[4] = {};
            const int un_k = u256_detail::significant_words(u, kn);
            u256_detail::udivrem_knuth(u, un_k, v.words, vn, kq, kr);
            Ref512 knum;
            mp::import_bits(knum, u, u + un_k, 64, false);
            Ref512 kquot;
            mp::import_bits(kquot, kq, kq + 8, 64, false);
            Ref512 krem;
            mp::import_bits(krem, kr, kr + 4, 64, false);
            const Ref512 dv(to_ref(v));
            knuth_bad += kquot != knum / dv || krem != knum % dv;
            ++knuth_cases;
        }
    }
    std::printf("u256 portable kernels: one-word division %llu cases, Knuth D %llu cases\n",
                static_cast<unsigned long long>(n), static_cast<unsigned long long>(knuth_cases));
    CHECK(bad == 0);
    CHECK(knuth_bad == 0);
    CHECK(knuth_cases >= n / 4);
}

TEST_CASE("u256 decimal and hex text round-trip through Boost's formatting")
{
    Generator gen(seed() + 2);
    for (int i = 0; i < 20000; ++i) {
        const U256 x = gen.value();
        const Ref r = to_ref(x);
        const std::string dec = r.str();
        std::string hx = r.str(0, std::ios_base::hex);
        for (char& c : hx)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        REQUIRE(to_string(x) == dec);
        REQUIRE(to_hex(x) == "0x" + hx);
        REQUIRE(u256_from_string(dec).value() == x);
        REQUIRE(u256_from_string("0x" + hx).value() == x);
        REQUIRE(u256_from_string("0X00" + hx).value() == x);
    }
    CHECK(to_hex(U256{}) == "0x0");
    CHECK(to_string(U256{}) == "0");
    CHECK(u256_from_string("0x").error() == U256Error::kEmpty);
    CHECK(u256_from_string("").error() == U256Error::kEmpty);
    CHECK(u256_from_string("12a").error() == U256Error::kInvalidDigit);
    CHECK(u256_from_string("0xg").error() == U256Error::kInvalidDigit);
    CHECK(u256_from_string("-1").error() == U256Error::kInvalidDigit);
    CHECK(u256_from_string(" 1").error() == U256Error::kInvalidDigit);
    // 2^256 - 1 and 2^256 in decimal (the powers of two are facts, not our output).
    const std::string max_dec =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    const std::string two256_dec =
        "115792089237316195423570985008687907853269984665640564039457584007913129639936";
    CHECK(u256_from_string(max_dec).value() == U256::max());
    CHECK(u256_from_string(two256_dec).error() == U256Error::kOverflow);
    CHECK(u256_from_string(max_dec + "0").error() == U256Error::kOverflow);
    CHECK(u256_from_string("0x" + std::string(64, 'f')).value() == U256::max());
    CHECK(u256_from_string("0x1" + std::string(64, '0')).error() == U256Error::kOverflow);
    CHECK(u256_from_string("0x" + std::string(70, '0') + "1").value() == U256{1});
    CHECK(std::string(to_string(U256Error::kOverflow)) !=
          std::string(to_string(U256Error::kEmpty)));
}

TEST_CASE("u256 converts to and from a big-endian Hash")
{
    const Hash h =
        hash_from_hex("0x0102030405060708091011121314151617181920212223242526272829303132").value();
    const U256 x = u256_from_hash(h);
    CHECK(x.words[3] == 0x0102030405060708ULL);
    CHECK(x.words[0] == 0x2526272829303132ULL);
    CHECK(to_hash(x) == h);
    CHECK(to_hash(U256{1})[31] == 1);
    CHECK(to_hash(U256{1})[0] == 0);

    // Longer input keeps the value modulo 2^256: the last 32 bytes.
    uint8_t wide[40] = {};
    for (size_t i = 0; i < sizeof(wide); ++i)
        wide[i] = static_cast<uint8_t>(0xa0 + i);
    CHECK(U256::from_be_bytes(wide, sizeof(wide)) == U256::from_be_bytes(wide + 8, 32));
    CHECK(U256::from_be_bytes(wide, 0) == U256{});
}

TEST_CASE("u256 RLP is the canonical big-endian integer form")
{
    // Yellow Paper Appendix B: integers are their shortest big-endian string; 0 is the empty one.
    const auto enc = [](const U256& v) {
        Bytes out;
        rlp::encode_u256(out, v);
        return to_hex(out);
    };
    CHECK(enc(U256{0}) == "0x80");
    CHECK(enc(U256{0x7f}) == "0x7f");
    CHECK(enc(U256{0x80}) == "0x8180");
    CHECK(enc(U256{0x0400}) == "0x820400");
    CHECK(enc(U256::max()) == "0xa0" + std::string(64, 'f'));

    Generator gen(seed() + 3);
    for (int i = 0; i < 20000; ++i) {
        const U256 x = gen.value();
        Bytes out;
        rlp::encode_u256(out, x);
        BytesView in{out};
        const auto back = rlp::read_u256(in);
        REQUIRE(back.has_value());
        REQUIRE(*back == x);
        REQUIRE(in.empty());
    }

    const auto read = [](const char* text) {
        const Bytes bytes = from_hex(text).value();
        BytesView in{bytes};
        return rlp::read_u256(in);
    };
    CHECK(read("0x8200ff").error() == rlp::DecodeError::kLeadingZero);
    CHECK(read("0x00").error() == rlp::DecodeError::kLeadingZero);
    CHECK(read(("0xa1" + std::string(66, '1')).c_str()).error() == rlp::DecodeError::kOverflow);
    CHECK(read("0xc0").error() == rlp::DecodeError::kUnexpectedList);
    CHECK(*read(("0xa0" + std::string(64, 'f')).c_str()) == U256::max());
}
