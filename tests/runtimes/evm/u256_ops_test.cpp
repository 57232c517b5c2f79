// SPDX-License-Identifier: Apache-2.0
// The interpreter's own word operations (runtimes/evm/u256.hpp: in-place add/sub/compare/shift,
// the one-word-divisor division paths, EVM signed division) against Boost.Multiprecision on
// random operands of every word length.
#include "runtimes/evm/u256.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <catch2/catch.hpp>

#include <random>
#include <vector>

namespace {

namespace mp = boost::multiprecision;
using blend::U256;
using namespace blend::evm;

const mp::cpp_int kModulus = mp::cpp_int(1) << 256;

mp::cpp_int to_mp(const U256& x)
{
    mp::cpp_int r = 0;
    for (int i = 3; i >= 0; --i)
        r = (r << 64) | mp::cpp_int(x.words[i]);
    return r;
}

/// Signed reading of x.
mp::cpp_int to_signed(const U256& x)
{
    const mp::cpp_int v = to_mp(x);
    return x.is_negative() ? v - kModulus : v;
}

U256 from_mp(mp::cpp_int v)
{
    v %= kModulus;
    if (v < 0)
        v += kModulus;
    U256 r;
    for (int i = 0; i < 4; ++i) {
        r.words[i] = static_cast<uint64_t>(v & mp::cpp_int(~uint64_t{0}));
        v >>= 64;
    }
    return r;
}

/// Random operand with a random number of significant words (0..4) and sometimes extreme words,
/// so that every division path is reached.
U256 random_word(std::mt19937_64& rng)
{
    U256 r;
    const int words = static_cast<int>(rng() % 5);
    for (int i = 0; i < words; ++i) {
        const uint64_t kind = rng() % 8;
        r.words[i] = kind == 0 ? ~uint64_t{0} : kind == 1 ? 1 : rng();
    }
    if (rng() % 8 == 0)
        r = -r;  // negative numbers for the signed operations
    return r;
}

}  // namespace

TEST_CASE("evm u256: word operations match Boost.Multiprecision")
{
    std::mt19937_64 rng(20261122);
    for (int iter = 0; iter < 20000; ++iter) {
        const U256 a = random_word(rng);
        const U256 b = random_word(rng);
        const mp::cpp_int ma = to_mp(a);
        const mp::cpp_int mb = to_mp(b);
        INFO("a=" << ma << " b=" << mb);

        U256 r;
        add_to(r, a, b);
        REQUIRE(to_mp(r) == (ma + mb) % kModulus);
        sub_to(r, a, b);
        REQUIRE(r == from_mp(ma - mb));
        REQUIRE(less(a, b) == (ma < mb));
        REQUIRE(signed_less(a, b) == (to_signed(a) < to_signed(b)));
        REQUIRE(equal(a, b) == (ma == mb));

        U256 q;
        U256 m;
        udivrem_to(a, b, &q, &m);
        REQUIRE(to_mp(q) == (mb == 0 ? mp::cpp_int(0) : ma / mb));
        REQUIRE(to_mp(m) == (mb == 0 ? mp::cpp_int(0) : ma % mb));
        // In place, as the interpreter calls it: the result overwrites the divisor's slot.
        U256 slot = b;
        udivrem_to(a, slot, &slot, nullptr);
        REQUIRE(slot == q);
        slot = b;
        udivrem_to(a, slot, nullptr, &slot);
        REQUIRE(slot == m);
        // SDIV/SMOD: Boost's / and % truncate toward zero, as the Yellow Paper's do.
        const mp::cpp_int sa = to_signed(a);
        const mp::cpp_int sb = to_signed(b);
        slot = b;
        sdiv_to(slot, a, slot);
        REQUIRE(slot == (sb == 0 ? U256{} : from_mp(sa / sb)));
        slot = b;
        smod_to(slot, a, slot);
        REQUIRE(slot == (sb == 0 ? U256{} : from_mp(sa % sb)));
        REQUIRE(sub_to(r, a, b) == (ma < mb));
        const U256 c3 = random_word(rng);
        const mp::cpp_int mc = to_mp(c3);
        slot = c3;
        mulmod_to(slot, a, b, slot);
        REQUIRE(to_mp(slot) == (mc == 0 ? mp::cpp_int(0) : (ma * mb) % mc));
        uint64_t product[8];
        mul_512(a, b, product);
        mp::cpp_int mprod = 0;
        for (int k = 7; k >= 0; --k)
            mprod = (mprod << 64) | mp::cpp_int(product[k]);
        REQUIRE(mprod == ma * mb);
        slot = b;
        mul_to(slot, a, slot);
        REQUIRE(to_mp(slot) == (ma * mb) % kModulus);
        neg_to(r, a);
        REQUIRE(r == from_mp(-ma));

        const U256 shift = U256{rng() % 300};
        const unsigned s = static_cast<unsigned>(shift.words[0]);
        shl_to(r, shift, a);
        REQUIRE(to_mp(r) == (s >= 256 ? mp::cpp_int(0) : (ma << s) % kModulus));
        shr_to(r, shift, a);
        REQUIRE(to_mp(r) == (s >= 256 ? mp::cpp_int(0) : ma >> s));
        sar_to(r, shift, a);
        // Arithmetic shift = floor division by 2^s of the signed value.
        const mp::cpp_int floor_div =
            s >= 256 ? (sa < 0 ? mp::cpp_int(-1) : mp::cpp_int(0))
                     : (sa >= 0 ? sa >> s : -((-sa + (mp::cpp_int(1) << s) - 1) >> s));
        REQUIRE(r == from_mp(floor_div));

        U256 c;
        copy_word(c, a);
        REQUIRE(c == a);
        U256 x = a;
        U256 y = b;
        swap_words(x, y);
        REQUIRE((x == b && y == a));
    }
}

TEST_CASE("evm u256: shifts by amounts above 64 bits and SDIV's overflow case")
{
    const U256 big_shift = U256{1} << 64;
    U256 r;
    shl_to(r, big_shift, U256::max());
    CHECK(r == U256{});
    shr_to(r, big_shift, U256::max());
    CHECK(r == U256{});
    sar_to(r, big_shift, U256::max());
    CHECK(r == U256::max());
    const U256 min = U256{1} << 255;
    sdiv_to(r, min, U256::max());
    CHECK(r == min);
    smod_to(r, min, U256::max());
    CHECK(r == U256{});
}

TEST_CASE("evm u256: SDIV, SMOD and MUL of word-sized operands (the one-instruction paths)")
{
    // Values around the int64 and uint64 boundaries, where the 64-bit paths hand over to the
    // 256-bit ones, and random sign-extended words; every pair against Boost.Multiprecision.
    const int64_t edges[] = {0,
                             1,
                             -1,
                             2,
                             -2,
                             7,
                             -7,
                             INT64_MAX,
                             INT64_MIN,
                             INT64_MIN + 1,
                             INT64_MAX - 1,
                             int64_t{1} << 32,
                             -(int64_t{1} << 32)};
    std::vector<U256> values;
    auto sign_extended = [](int64_t v) {
        const uint64_t ext = v < 0 ? ~uint64_t{0} : 0;
        return U256::from_words(static_cast<uint64_t>(v), ext, ext, ext);
    };
    for (const int64_t v : edges)
        values.push_back(sign_extended(v));
    // Just outside the signed 64-bit range: 2^63 (positive) and -2^63 - 1, and 2^64 - 1.
    values.push_back(U256::from_words(uint64_t{1} << 63, 0, 0, 0));
    values.push_back(-U256::from_words(uint64_t{1} << 63, 0, 0, 0) - U256{1});
    values.push_back(U256::from_words(~uint64_t{0}, 0, 0, 0));
    std::mt19937_64 rng(7);
    for (int i = 0; i < 40; ++i)
        values.push_back(sign_extended(static_cast<int64_t>(rng()) >> (rng() % 63)));
    for (const U256& a : values) {
        for (const U256& b : values) {
            const mp::cpp_int sa = to_signed(a);
            const mp::cpp_int sb = to_signed(b);
            INFO("a=" << sa << " b=" << sb);
            U256 slot = b;
            sdiv_to(slot, a, slot);
            REQUIRE(slot == (sb == 0 ? U256{} : from_mp(sa / sb)));
            slot = b;
            smod_to(slot, a, slot);
            REQUIRE(slot == (sb == 0 ? U256{} : from_mp(sa % sb)));
            slot = b;
            mul_to(slot, a, slot);
            REQUIRE(to_mp(slot) == (to_mp(a) * to_mp(b)) % kModulus);
            REQUIRE(less(a, b) == (to_mp(a) < to_mp(b)));
            REQUIRE(signed_less(a, b) == (sa < sb));
        }
    }
}
