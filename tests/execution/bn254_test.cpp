// SPDX-License-Identifier: Apache-2.0
// BN254: differential tests of Fq against GMP on random inputs, tower identities (inverse,
// squaring, Frobenius = p-th power by plain exponentiation), group laws, and pairing
// bilinearity. The generators are EIP-197's.
#include "execution/precompiles/bn254.hpp"

#include "core/hex.hpp"

#include <catch2/catch.hpp>
#include <gmpxx.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace blend;
using namespace blend::precompiles::bn254;

const mpz_class kP("21888242871839275222246405745257275088696311157297823662689037894645226208583");
const mpz_class kR("21888242871839275222246405745257275088548364400416034343698204186575808495617");

Fq fq_from_mpz(const mpz_class& v)
{
    std::string hex = v.get_str(16);
    hex.insert(0, 64 - hex.size(), '0');
    const auto bytes = from_hex(hex);
    REQUIRE(bytes.has_value());
    const auto f = Fq::from_bytes_be(*bytes);
    REQUIRE(f.has_value());
    return *f;
}

mpz_class to_mpz(const Fq& f)
{
    mpz_class v;
    v.set_str(to_hex(f.to_bytes_be(), false), 16);
    return v;
}

struct Rng {
    std::mt19937_64 engine{20261122};
    gmp_randclass gmp{gmp_randinit_default};
    Rng() { gmp.seed(20261122); }
    mpz_class below(const mpz_class& n) { return gmp.get_z_range(n); }
    Fq fq() { return fq_from_mpz(below(kP)); }
    Fq2 fq2() { return {fq(), fq()}; }
    Fq6 fq6() { return {fq2(), fq2(), fq2()}; }
    Fq12 fq12() { return {fq6(), fq6()}; }
};

template <typename T>
T pow_mpz(const T& base, const mpz_class& e, const T& one)
{
    T result = one;
    for (size_t bit = mpz_sizeinbase(e.get_mpz_t(), 2); bit-- > 0;) {
        result = result * result;
        if (mpz_tstbit(e.get_mpz_t(), bit))
            result = result * base;
    }
    return result;
}

FixedBytes<32> scalar(const mpz_class& v)
{
    std::string hex = v.get_str(16);
    hex.insert(0, 64 - hex.size(), '0');
    return FixedBytes<32>::from_view(*from_hex(hex));
}

G1 g1_generator()
{
    return {Fq::from_u64(1), Fq::from_u64(2), false};
}

G2 g2_generator()
{
    // EIP-197: the generator of G2.
    const Fq x_re = fq_from_mpz(
        mpz_class("10857046999023057135944570762232829481370756359578518086990519993285655852781"));
    const Fq x_im = fq_from_mpz(
        mpz_class("11559732032986387107991004021392285783925812861821192530917403151452391805634"));
    const Fq y_re = fq_from_mpz(
        mpz_class("8495653923123431417604973247489272438418190587263600148770280649306958101930"));
    const Fq y_im = fq_from_mpz(
        mpz_class("4082367875863433681332203403145435568316851327593401208105741076214120093531"));
    return {{x_re, x_im}, {y_re, y_im}, false};
}

}  // namespace

TEST_CASE("bn254 Fq agrees with GMP on random inputs", "[bn254]")
{
    Rng rng;
    for (int i = 0; i < 2000; ++i) {
        const mpz_class a = rng.below(kP);
        const mpz_class b = rng.below(kP);
        const Fq fa = fq_from_mpz(a);
        const Fq fb = fq_from_mpz(b);
        CHECK(to_mpz(fa + fb) == (a + b) % kP);
        CHECK(to_mpz(fa - fb) == ((a - b) % kP + kP) % kP);
        CHECK(to_mpz(fa * fb) == (a * b) % kP);
        if (a != 0) {
            mpz_class inv;
            mpz_invert(inv.get_mpz_t(), a.get_mpz_t(), kP.get_mpz_t());
            CHECK(to_mpz(fq_inverse(fa)) == inv);
        }
    }
    CHECK(fq_inverse(Fq::zero()).is_zero());
    // Non-canonical encodings are refused.
    std::string hex = kP.get_str(16);
    hex.insert(0, 64 - hex.size(), '0');
    CHECK_FALSE(Fq::from_bytes_be(*from_hex(hex)).has_value());
}

TEST_CASE("bn254 Fq2 agrees with GMP complex arithmetic", "[bn254]")
{
    Rng rng;
    for (int i = 0; i < 500; ++i) {
        const mpz_class a0 = rng.below(kP), a1 = rng.below(kP), b0 = rng.below(kP),
                        b1 = rng.below(kP);
        const Fq2 a{fq_from_mpz(a0), fq_from_mpz(a1)};
        const Fq2 b{fq_from_mpz(b0), fq_from_mpz(b1)};
        const Fq2 c = a * b;
        CHECK(to_mpz(c.c0) == ((a0 * b0 - a1 * b1) % kP + kP) % kP);
        CHECK(to_mpz(c.c1) == (a0 * b1 + a1 * b0) % kP);
        // xi = 9 + u
        const Fq2 x = a.mul_by_xi();
        CHECK(to_mpz(x.c0) == ((9 * a0 - a1) % kP + kP) % kP);
        CHECK(to_mpz(x.c1) == (a0 + 9 * a1) % kP);
        CHECK(a.square() == a * a);
        CHECK(a * a.inverse() == Fq2::one());
    }
}

TEST_CASE("bn254 tower: inverses, squaring and Frobenius as the p-th power", "[bn254]")
{
    Rng rng;
    for (int i = 0; i < 20; ++i) {
        const Fq6 a = rng.fq6();
        CHECK(a * a.inverse() == Fq6::one());
        CHECK(a.square() == a * a);
        const Fq12 f = rng.fq12();
        CHECK(f * f.inverse() == Fq12::one());
        CHECK(f.square() == f * f);
    }
    for (int i = 0; i < 3; ++i) {
        const Fq12 f = rng.fq12();
        CHECK(f.frobenius() == pow_mpz(f, kP, Fq12::one()));
        // Into the cyclotomic subgroup by f^((p^6-1)(p^2+1)); there the fast squaring agrees.
        Fq12 c = f.conjugate() * f.inverse();
        c = c.frobenius().frobenius() * c;
        CHECK(c.cyclotomic_square() == c.square());
        CHECK_FALSE(f.cyclotomic_square() == f.square());  // and it is not a general squaring
    }
}

TEST_CASE("bn254 groups: generators, group laws, order", "[bn254]")
{
    const G1 g = g1_generator();
    const G2 h = g2_generator();
    REQUIRE(on_curve(g));
    REQUIRE(on_curve(h));
    CHECK(in_subgroup(h));
    CHECK(mul(g, scalar(kR)).infinity);
    CHECK(mul(h, scalar(kR)).infinity);
    CHECK(add(g, g) == mul(g, scalar(2)));
    CHECK(add(mul(g, scalar(5)), mul(g, scalar(7))) == mul(g, scalar(12)));
    CHECK(mul(g, scalar(kR - 1)) == G1{g.x, -g.y, false});
    CHECK(add(g, G1{g.x, -g.y, false}).infinity);
}

TEST_CASE("bn254 G1 mul (wNAF) equals affine double-and-add on any 256-bit scalar", "[bn254]")
{
    const G1 g = g1_generator();
    const G1 p = add(g, add(g, g));  // 3G: a base other than the generator
    // Double-and-add over the bits with the affine group law, the definition of k * P.
    auto reference = [](const G1& base, const mpz_class& k) {
        G1 acc;
        for (int bit = 255; bit >= 0; --bit) {
            acc = add(acc, acc);
            if (mpz_tstbit(k.get_mpz_t(), static_cast<mp_bitcnt_t>(bit)))
                acc = add(acc, base);
        }
        return acc;
    };
    const mpz_class two256 = mpz_class(1) << 256;
    // Edge scalars: 0, 1, runs of ones (the wNAF carries), 2^255, 2^256 - 1 (above r: not
    // reduced first), r - 1, r, r + 1, and 16 random ones.
    std::vector<mpz_class> ks{0,          1,      15, 16,    17, 31, 0xffff, mpz_class(1) << 255,
                              two256 - 1, kR - 1, kR, kR + 1};
    std::mt19937_64 rng(5);
    for (int i = 0; i < 16; ++i) {
        mpz_class k = 0;
        for (int limb = 0; limb < 4; ++limb)
            k = (k << 64) + mpz_class(std::to_string(rng()));
        ks.push_back(k);
    }
    for (const mpz_class& k : ks) {
        INFO("k = " << k.get_str(16));
        CHECK(mul(p, scalar(k)) == reference(p, k));
    }
}

TEST_CASE("bn254 G2 decoding: field, curve and subgroup checks", "[bn254]")
{
    // A point on the twist outside the order-r subgroup (the twist has cofactor > 1): find an x
    // whose right-hand side is a square and take the square root (Adj and Rodriguez-Henriquez,
    // "Square root computation over even extension fields", Alg. 9, for p = 3 mod 4).
    const Fq2 minus_one = -Fq2::one();
    std::optional<G2> outside;
    for (uint64_t xv = 1; xv < 100 && !outside; ++xv) {
        const Fq2 x{Fq::from_u64(xv), Fq::one()};
        const Fq2 a = x.square() * x + twist_b();
        const Fq2 a1 = pow_mpz(a, (kP - 3) / 4, Fq2::one());
        const Fq2 alpha = a1 * (a1 * a);
        if (alpha.conjugate() * alpha == minus_one)
            continue;  // not a square
        const Fq2 x0 = a1 * a;
        Fq2 y;
        if (alpha == minus_one)
            y = Fq2{Fq::zero(), Fq::one()} * x0;
        else
            y = pow_mpz(alpha + Fq2::one(), (kP - 1) / 2, Fq2::one()) * x0;
        REQUIRE(y.square() == a);
        const G2 q{x, y, false};
        if (!in_subgroup(q))
            outside = q;
    }
    REQUIRE(outside.has_value());
    REQUIRE(on_curve(*outside));
    // The fast membership test (psi(Q) = [6x^2]Q) agrees with [r]Q = O: on the point outside,
    // on its multiples (including [r]Q, which lies purely in the cofactor part) and on G2.
    CHECK_FALSE(in_subgroup_by_order(*outside));
    for (const mpz_class& k : std::vector<mpz_class>{2, 3, kR, kR + 1, kR * 5 + 2}) {
        const G2 m = mul(*outside, scalar(k));
        if (m.infinity)
            continue;
        CHECK(in_subgroup(m) == in_subgroup_by_order(m));
        CHECK_FALSE(in_subgroup(m));
    }
    for (const mpz_class& k : std::vector<mpz_class>{1, 7, kR - 1}) {
        const G2 m = mul(g2_generator(), scalar(k));
        CHECK(in_subgroup(m));
        CHECK(in_subgroup_by_order(m));
    }

    auto encode = [](const G2& q) {
        Bytes out;
        for (const Fq* f : {&q.x.c1, &q.x.c0, &q.y.c1, &q.y.c0}) {
            const auto b = f->to_bytes_be();
            out.insert(out.end(), b.bytes.begin(), b.bytes.end());
        }
        return out;
    };
    CHECK(decode_g2(encode(*outside)).error() ==
          blend::precompiles::PrecompileError::kPointNotInSubgroup);
    const G2 h = g2_generator();
    CHECK(decode_g2(encode(h)).value() == h);
    G2 off = h;
    off.y = off.y + Fq2::one();
    CHECK(decode_g2(encode(off)).error() == blend::precompiles::PrecompileError::kPointNotOnCurve);
    Bytes big = encode(h);
    std::string p_hex = kP.get_str(16);
    p_hex.insert(0, 64 - p_hex.size(), '0');
    const Bytes p_bytes = *from_hex(p_hex);
    std::copy(p_bytes.begin(), p_bytes.end(), big.begin());  // x_im = p: not canonical
    CHECK(decode_g2(big).error() == blend::precompiles::PrecompileError::kInvalidFieldElement);
    CHECK(decode_g2(Bytes(128, 0)).value().infinity);
}

TEST_CASE("bn254 pairing precompile: lengths, empty input, a cancelling pair", "[bn254]")
{
    using namespace blend::precompiles;
    CHECK(to_hex(*bn254_pairing_run(Bytes{}), false) == std::string(63, '0') + "1");
    CHECK(bn254_pairing_run(Bytes(191, 0)).error() == PrecompileError::kInvalidInputLength);
    CHECK(bn254_pairing_gas(Bytes(384, 0)) == 45000 + 2 * 34000);
    const G1 g = g1_generator();
    const G2 h = g2_generator();
    auto pair = [&](const G1& p, const G2& q) {
        Bytes out;
        const auto pe = encode_g1(p);
        out.insert(out.end(), pe.bytes.begin(), pe.bytes.end());
        for (const Fq* f : {&q.x.c1, &q.x.c0, &q.y.c1, &q.y.c0}) {
            const auto b = f->to_bytes_be();
            out.insert(out.end(), b.bytes.begin(), b.bytes.end());
        }
        return out;
    };
    Bytes cancel = pair(g, h);
    const Bytes second = pair(G1{g.x, -g.y, false}, h);
    cancel.insert(cancel.end(), second.begin(), second.end());
    CHECK(bn254_pairing_run(cancel)->back() == 1);
    const Bytes one_pair = pair(g, h);
    Bytes not_cancel = one_pair;
    not_cancel.insert(not_cancel.end(), one_pair.begin(), one_pair.end());
    CHECK(bn254_pairing_run(not_cancel)->back() == 0);
}

TEST_CASE("bn254 pairing is bilinear and non-degenerate", "[bn254]")
{
    const G1 g = g1_generator();
    const G2 h = g2_generator();
    const Fq12 e = pairing(g, h);
    CHECK_FALSE(e == Fq12::one());
    CHECK(pow_mpz(e, kR, Fq12::one()) == Fq12::one());
    const Fq12 e2a = pairing(mul(g, scalar(2)), h);
    const Fq12 e2b = pairing(g, mul(h, scalar(2)));
    CHECK(e2a == e * e);
    CHECK(e2b == e * e);
    const Fq12 e6 = pairing(mul(g, scalar(3)), mul(h, scalar(2)));
    CHECK(e6 == pow_mpz(e, mpz_class(6), Fq12::one()));
}
