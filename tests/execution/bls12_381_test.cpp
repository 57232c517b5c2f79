// SPDX-License-Identifier: Apache-2.0
// BLS12_G1ADD / BLS12_G2ADD (EIP-2537): encodings, validity rules and group-law properties on the
// published G1 generator. The EIP's and geth's vectors run in blend-precompile-vectors.
#include "core/hex.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using namespace blend;
using namespace blend::precompiles;

Bytes fp(const std::string& hex48)
{
    auto v = from_hex(std::string(32, '0') + hex48);
    REQUIRE(v.has_value());
    REQUIRE(v->size() == 64);
    return *v;
}

Bytes cat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const Bytes& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

// The G1 generator of BLS12-381 (draft-irtf-cfrg-pairing-friendly-curves, §4.2.1).
const std::string kGx =
    "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6"
    "bb";
const std::string kGy =
    "08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7"
    "e1";
const std::string kP =
    "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa"
    "ab";

Bytes g1add(const Bytes& a, const Bytes& b)
{
    auto r = bls12_g1add_run(cat({a, b}));
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 128);
    return *r;
}

}  // namespace

TEST_CASE("BLS12_G1ADD: identities and validity", "[bls12_381]")
{
    const Bytes g = cat({fp(kGx), fp(kGy)});
    const Bytes inf(128, 0);
    CHECK(g1add(g, inf) == g);
    CHECK(g1add(inf, g) == g);
    CHECK(g1add(inf, inf) == inf);
    const Bytes g2 = g1add(g, g);
    CHECK(g2 != g);
    // (G + G) + G == G + (G + G), and 2G + 2G == (2G + G) + G.
    const Bytes g3 = g1add(g2, g);
    CHECK(g1add(g, g2) == g3);
    CHECK(g1add(g2, g2) == g1add(g3, g));
    // G + (-G) = infinity; -G = (x, p - y) computed here by byte subtraction.
    Bytes p_bytes = *from_hex(kP);
    Bytes y = *from_hex(kGy);
    Bytes neg_y(48);
    int borrow = 0;
    for (int i = 47; i >= 0; --i) {
        const int d = p_bytes[static_cast<size_t>(i)] - y[static_cast<size_t>(i)] - borrow;
        borrow = d < 0 ? 1 : 0;
        neg_y[static_cast<size_t>(i)] = static_cast<uint8_t>(d + 256 * borrow);
    }
    const Bytes neg_g = cat({fp(kGx), fp(to_hex(neg_y, false))});
    CHECK(g1add(g, neg_g) == inf);

    CHECK(bls12_g1add_gas(Bytes{}) == 375);
    CHECK(bls12_g1add_run(Bytes(255, 0)).error() == PrecompileError::kInvalidInputLength);
    Bytes top = cat({g, inf});
    top[0] = 1;  // a non-zero byte among the 16 padding bytes
    CHECK(bls12_g1add_run(top).error() == PrecompileError::kInvalidFieldElement);
    const Bytes x_is_p = cat({fp(kP), fp(kGy), inf});
    CHECK(bls12_g1add_run(x_is_p).error() == PrecompileError::kInvalidFieldElement);
    Bytes off = cat({g, inf});
    off[127] ^= 1;
    CHECK(bls12_g1add_run(off).error() == PrecompileError::kPointNotOnCurve);
}

TEST_CASE("BLS12_G2ADD: lengths and the point at infinity", "[bls12_381]")
{
    CHECK(bls12_g2add_gas(Bytes{}) == 600);
    CHECK(bls12_g2add_run(Bytes(511, 0)).error() == PrecompileError::kInvalidInputLength);
    const auto r = bls12_g2add_run(Bytes(512, 0));
    REQUIRE(r.has_value());
    CHECK(*r == Bytes(256, 0));
    Bytes off(512, 0);
    off[63] = 1;  // x.c0 = 1, y = 0: not on the curve
    CHECK(bls12_g2add_run(off).error() == PrecompileError::kPointNotOnCurve);
}
