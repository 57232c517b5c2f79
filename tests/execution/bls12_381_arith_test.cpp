// SPDX-License-Identifier: Apache-2.0
// BLS12-381 arithmetic against slow references on random inputs: Fp against GMP, Fp2 and Fp12
// against schoolbook polynomial arithmetic over GMP integers, G1/G2 against affine formulas,
// the endomorphism subgroup checks against [r]P, the fast G2 cofactor clearing against h_eff,
// the pairing by bilinearity, and compressed-point decoding.
#include "core/hex.hpp"
#include "execution/precompiles/bls12_381.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <catch2/catch.hpp>
#include <gmpxx.h>

#include <array>
#include <cstring>
#include <vector>

namespace {

using namespace blend;
using namespace blend::precompiles::bls12_381;

const mpz_class kP(
    "0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffff"
    "aaab");
const mpz_class kR("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");

mpz_class mod(const mpz_class& v)
{
    mpz_class r = v % kP;
    if (r < 0)
        r += kP;
    return r;
}

Fp fp_from_mpz(const mpz_class& v)
{
    std::array<uint64_t, 6> limbs{};
    mpz_export(limbs.data(), nullptr, -1, 8, 0, 0, v.get_mpz_t());
    const auto f = Fp::from_canonical(limbs);
    REQUIRE(f.has_value());
    return *f;
}

mpz_class to_mpz(const Fp& f)
{
    const auto c = f.to_canonical();
    mpz_class v;
    mpz_import(v.get_mpz_t(), 6, -1, 8, 0, 0, c.data());
    return v;
}

struct Rng {
    gmp_randclass gmp{gmp_randinit_default};
    explicit Rng(unsigned long seed) { gmp.seed(seed); }
    mpz_class below(const mpz_class& n) { return gmp.get_z_range(n); }
    Fp fp() { return fp_from_mpz(below(kP)); }
    Fp2 fp2() { return {fp(), fp()}; }
    FixedBytes<32> scalar()
    {
        const mpz_class v = gmp.get_z_bits(256);
        FixedBytes<32> out;
        mpz_export(out.data() + 32 - (mpz_sizeinbase(v.get_mpz_t(), 256)), nullptr, 1, 1, 0, 0,
                   v.get_mpz_t());
        return out;
    }
};

// ---- slow references ---------------------------------------------------------------------------

/// Fp2 over GMP integers: (a + b u), u^2 = -1.
struct RefFp2 {
    mpz_class a, b;
};

RefFp2 ref(const Fp2& x)
{
    return {to_mpz(x.c0), to_mpz(x.c1)};
}

RefFp2 rmul(const RefFp2& x, const RefFp2& y)
{
    return {mod(x.a * y.a - x.b * y.b), mod(x.a * y.b + x.b * y.a)};
}

RefFp2 radd(const RefFp2& x, const RefFp2& y)
{
    return {mod(x.a + y.a), mod(x.b + y.b)};
}

bool same(const RefFp2& x, const Fp2& y)
{
    return x.a == to_mpz(y.c0) && x.b == to_mpz(y.c1);
}

/// Fp12 as sum_{k<6} c_k w^k with c_k in Fp2 and w^6 = 1 + u: schoolbook product.
using RefFp12 = std::array<RefFp2, 6>;

RefFp12 ref(const Fp12& f)
{
    return {ref(f.c0.c0), ref(f.c1.c0), ref(f.c0.c1), ref(f.c1.c1), ref(f.c0.c2), ref(f.c1.c2)};
}

RefFp12 rmul(const RefFp12& x, const RefFp12& y)
{
    std::array<RefFp2, 11> t;
    for (auto& c : t)
        c = {0, 0};
    for (size_t i = 0; i < 6; ++i)
        for (size_t j = 0; j < 6; ++j)
            t[i + j] = radd(t[i + j], rmul(x[i], y[j]));
    RefFp12 out;
    const RefFp2 xi{1, 1};
    for (size_t k = 0; k < 6; ++k)
        out[k] = k + 6 < 11 ? radd(t[k], rmul(t[k + 6], xi)) : t[k];
    return out;
}

bool same(const RefFp12& x, const Fp12& y)
{
    const RefFp12 r = ref(y);
    for (size_t k = 0; k < 6; ++k)
        if (x[k].a != r[k].a || x[k].b != r[k].b)
            return false;
    return true;
}

Fp12 random_fp12(Rng& rng)
{
    return {{rng.fp2(), rng.fp2(), rng.fp2()}, {rng.fp2(), rng.fp2(), rng.fp2()}};
}

/// Affine group law with one inversion per step (the textbook chord-and-tangent formulas).
template <typename F>
Affine<F> ref_add(const Affine<F>& a, const Affine<F>& b)
{
    if (a.infinity)
        return b;
    if (b.infinity)
        return a;
    F lambda;
    if (a.x == b.x) {
        if (!(a.y == b.y) || a.y.is_zero())
            return {};
        const F x2 = a.x.square();
        F den = a.y + a.y;
        if constexpr (std::is_same_v<F, Fp>)
            lambda = (x2 + x2 + x2) * fp_inverse(den);
        else
            lambda = (x2 + x2 + x2) * den.inverse();
    } else {
        F den = b.x - a.x;
        if constexpr (std::is_same_v<F, Fp>)
            lambda = (b.y - a.y) * fp_inverse(den);
        else
            lambda = (b.y - a.y) * den.inverse();
    }
    const F x3 = lambda.square() - a.x - b.x;
    return {x3, lambda * (a.x - x3) - a.y, false};
}

template <typename F>
Affine<F> ref_mul(const Affine<F>& p, const FixedBytes<32>& k)
{
    Affine<F> acc;
    for (size_t i = 0; i < 256; ++i) {
        acc = ref_add(acc, acc);
        if ((k[i / 8] >> (7 - i % 8)) & 1)
            acc = ref_add(acc, p);
    }
    return acc;
}

/// A random point on E (not cleared: almost never in G1).
G1 random_curve_g1(Rng& rng)
{
    for (;;) {
        const Fp x = rng.fp();
        if (const auto y = fp_sqrt(x.square() * x + Fp::from_u64(4)))
            return {x, *y, false};
    }
}

G2 random_curve_g2(Rng& rng)
{
    const Fp2 b{Fp::from_u64(4), Fp::from_u64(4)};
    for (;;) {
        const Fp2 x = rng.fp2();
        if (const auto y = fp2_sqrt(x.square() * x + b))
            return {x, *y, false};
    }
}

FixedBytes<32> scalar_u64(uint64_t v)
{
    FixedBytes<32> s;
    for (size_t i = 0; i < 8; ++i)
        s[31 - i] = static_cast<uint8_t>(v >> (8 * i));
    return s;
}

}  // namespace

TEST_CASE("bls12_381 Fp agrees with GMP", "[bls12_381]")
{
    Rng rng(1);
    for (int i = 0; i < 200; ++i) {
        const mpz_class a = rng.below(kP);
        const mpz_class b = rng.below(kP);
        const Fp fa = fp_from_mpz(a);
        const Fp fb = fp_from_mpz(b);
        CHECK(to_mpz(fa + fb) == mod(a + b));
        CHECK(to_mpz(fa - fb) == mod(a - b));
        CHECK(to_mpz(fa * fb) == mod(a * b));
        CHECK(to_mpz(fa.square()) == mod(a * a));
        if (a != 0) {
            mpz_class inv;
            mpz_invert(inv.get_mpz_t(), a.get_mpz_t(), kP.get_mpz_t());
            CHECK(to_mpz(fp_inverse(fa)) == inv);
        }
        const bool square = mpz_legendre(a.get_mpz_t(), kP.get_mpz_t()) >= 0;
        CHECK(fp_is_square(fa) == square);
        const auto root = fp_sqrt(fa);
        CHECK(root.has_value() == square);
        if (root)
            CHECK(mod(to_mpz(*root) * to_mpz(*root)) == a);
        CHECK(fp_sgn0(fa) == (mpz_odd_p(a.get_mpz_t()) != 0));
        // The precompiles' own multiplier (MULX/ADX where available) against the shared
        // template's portable one, including values near p.
        CHECK(fa * fb == Fp::mul_portable(fa, fb));
        const Fp near_p = fp_from_mpz(kP - 1 - rng.below(mpz_class(1000)));
        CHECK(near_p * fb == Fp::mul_portable(near_p, fb));
        CHECK(near_p * near_p == Fp::mul_portable(near_p, near_p));
    }
    CHECK(to_mpz(fp_from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eab"
                             "fffeb153ffffb9feffffffffaaaa")) == kP - 1);
}

namespace {

/// The limbs of v (< 2^384), for unreduced Montgomery values.
std::array<uint64_t, 6> limbs6(const mpz_class& v)
{
    std::array<uint64_t, 6> out{};
    mpz_export(out.data(), nullptr, -1, 8, 0, 0, v.get_mpz_t());
    return out;
}

/// The Montgomery limbs of f as an integer (REDC results are compared limb for limb).
mpz_class mont_to_mpz(const Fp& f)
{
    mpz_class v;
    mpz_import(v.get_mpz_t(), 6, -1, 8, 0, 0, f.mont().data());
    return v;
}

}  // namespace

TEST_CASE("bls12_381 Fp addition and subtraction agree with GMP at the bounds", "[bls12_381]")
{
    // On the Montgomery limbs themselves (addition is the same on aR and bR): every pair of
    // values at the edges of [0, p) where the trial subtraction of p or the borrow flips
    // (0, 1, p - 1, p - 2, (p -+ 1)/2, limb boundaries), and random ones. Optimised builds run
    // the 6-limb assembly here; sanitizer builds the C++ form.
    Rng rng(21);
    std::vector<mpz_class> vals{0,
                                1,
                                2,
                                kP - 1,
                                kP - 2,
                                (kP - 1) / 2,
                                (kP + 1) / 2,
                                mpz_class(1) << 64,
                                (mpz_class(1) << 64) - 1,
                                (mpz_class(1) << 320) - 1,
                                kP - (mpz_class(1) << 64)};
    for (int i = 0; i < 8; ++i)
        vals.push_back(rng.below(kP));
    for (const mpz_class& a : vals) {
        for (const mpz_class& b : vals) {
            const Fp fa = Fp::from_mont(limbs6(a));
            const Fp fb = Fp::from_mont(limbs6(b));
            CHECK(mont_to_mpz(fa + fb) == mod(a + b));
            CHECK(mont_to_mpz(fa - fb) == mod(a - b));
            CHECK(mont_to_mpz(-fa) == mod(-a));
        }
    }
}

namespace {

mpz_class wide_to_mpz(const FpWide& w)
{
    mpz_class v;
    mpz_import(v.get_mpz_t(), 12, -1, 8, 0, 0, w.data());
    return v;
}

FpWide wide_from_mpz(const mpz_class& v)
{
    FpWide out{};
    mpz_export(out.data(), nullptr, -1, 8, 0, 0, v.get_mpz_t());
    return out;
}

/// The lazy-reduction primitives (bls12_381_fp.hpp) against GMP: the double-width product of
/// values below 2p, REDC of any value below pR, sums and differences mod pR. Run with the
/// MULX/ADX assembly where the CPU has it and with the portable code.
void check_lazy(Rng& rng)
{
    const mpz_class two_p = 2 * kP;
    const mpz_class bigr = mpz_class(1) << 384;
    const mpz_class pr = kP * bigr;
    mpz_class rinv;
    mpz_invert(rinv.get_mpz_t(), bigr.get_mpz_t(), kP.get_mpz_t());
    for (int i = 0; i < 300; ++i) {
        // Random values below 2p, and the extremes 2p - 1 - small.
        const mpz_class a = i % 3 == 0 ? two_p - 1 - rng.below(mpz_class(1000)) : rng.below(two_p);
        const mpz_class b = i % 5 == 0 ? two_p - 1 - rng.below(mpz_class(1000)) : rng.below(two_p);
        const FpWide w = lazy::mul(limbs6(a), limbs6(b));
        REQUIRE(wide_to_mpz(w) == a * b);
        // REDC of values up to pR - 1.
        const mpz_class t = i % 7 == 0 ? pr - 1 - rng.below(mpz_class(1000)) : rng.below(pr);
        CHECK(mont_to_mpz(lazy::redc(wide_from_mpz(t))) == mod(t * rinv));
        CHECK(mont_to_mpz(lazy::redc(w)) == mod(a * b * rinv));
        // The Montgomery product of unreduced (< 2p) inputs, as Fp2 uses it.
        CHECK(mont_to_mpz(Fp::from_mont(limbs6(a)) * Fp::from_mont(limbs6(b))) ==
              mod(a * b * rinv));
        // Sums and differences stay below pR and agree mod pR.
        const mpz_class u = i % 11 == 0 ? pr - 1 : rng.below(pr);
        const FpWide su = lazy::add(wide_from_mpz(t), wide_from_mpz(u));
        const FpWide du = lazy::sub(wide_from_mpz(t), wide_from_mpz(u));
        CHECK(wide_to_mpz(su) == (t + u) % pr);
        mpz_class d = (t - u) % pr;
        if (d < 0)
            d += pr;
        CHECK(wide_to_mpz(du) == d);
    }
}

}  // namespace

TEST_CASE("bls12_381 lazy reduction agrees with GMP", "[bls12_381]")
{
    Rng rng(11);
    check_lazy(rng);
#if defined(BLEND_FIELD_HAVE_ADX_ASM)
    // Again on the portable path (test-only switch; single-threaded).
    const bool saved = blend::field::detail::g_use_adx;
    blend::field::detail::g_use_adx = false;
    check_lazy(rng);
    blend::field::detail::g_use_adx = saved;
#endif
}

TEST_CASE("bls12_381 Fp2 agrees with schoolbook complex arithmetic", "[bls12_381]")
{
    Rng rng(2);
    for (int i = 0; i < 100; ++i) {
        const Fp2 x = rng.fp2();
        const Fp2 y = rng.fp2();
        CHECK(same(rmul(ref(x), ref(y)), x * y));
        CHECK(same(rmul(ref(x), ref(x)), x.square()));
        CHECK(same(rmul(ref(x), RefFp2{1, 1}), x.mul_by_xi()));
        // Components near p (the Karatsuba sums are unreduced, close to 2p).
        const Fp2 hi{fp_from_mpz(kP - 1 - rng.below(mpz_class(100))),
                     fp_from_mpz(kP - 1 - rng.below(mpz_class(100)))};
        CHECK(same(rmul(ref(hi), ref(x)), hi * x));
        CHECK(same(rmul(ref(hi), ref(hi)), hi * hi));
        CHECK(same(rmul(ref(hi), ref(hi)), hi.square()));
        CHECK(x * x.inverse() == Fp2::one());
        // A square has a root; its norm decides squareness.
        const Fp2 s = x.square();
        CHECK(fp2_is_square(s));
        const auto root = fp2_sqrt(s);
        REQUIRE(root.has_value());
        CHECK(root->square() == s);
        const auto r2 = fp2_sqrt(x);
        CHECK(r2.has_value() == fp2_is_square(x));
        if (r2)
            CHECK(r2->square() == x);
    }
}

TEST_CASE("bls12_381 Fp12 agrees with schoolbook polynomial arithmetic", "[bls12_381]")
{
    Rng rng(3);
    for (int i = 0; i < 20; ++i) {
        const Fp12 x = random_fp12(rng);
        const Fp12 y = random_fp12(rng);
        CHECK(same(rmul(ref(x), ref(y)), x * y));
        CHECK(same(rmul(ref(x), ref(x)), x.square()));
        CHECK(x * x.inverse() == Fp12::one());
    }
    // Frobenius = x^p, computed by square-and-multiply over the schoolbook product.
    const Fp12 x = random_fp12(rng);
    RefFp12 acc;
    for (auto& c : acc)
        c = {0, 0};
    acc[0] = {1, 0};
    for (size_t bit = mpz_sizeinbase(kP.get_mpz_t(), 2); bit-- > 0;) {
        acc = rmul(acc, acc);
        if (mpz_tstbit(kP.get_mpz_t(), bit))
            acc = rmul(acc, ref(x));
    }
    CHECK(same(acc, x.frobenius()));
    // Cyclotomic squaring agrees with squaring on the image of the easy part.
    Fp12 c = x.conjugate() * x.inverse();
    c = c.frobenius().frobenius() * c;
    CHECK(c.cyclotomic_square() == c.square());
    // c^|x| by Karabina's compressed squarings against Granger-Scott squarings and against
    // plain square-and-multiply over the schoolbook-tested product; 1 takes the fallback path.
    Fp12 plain = c;
    for (int bit = 62; bit >= 0; --bit) {
        plain = plain.square();
        if ((kAbsX >> bit) & 1)
            plain = plain * c;
    }
    CHECK(cyclotomic_pow_abs_x(c) == plain);
    CHECK(cyclotomic_pow_abs_x_gs(c) == plain);
    CHECK(cyclotomic_pow_abs_x(c.frobenius()) == cyclotomic_pow_abs_x_gs(c.frobenius()));
    CHECK(cyclotomic_pow_abs_x(Fp12::one()) == Fp12::one());
}

TEST_CASE("bls12_381 G1 and G2 agree with affine formulas", "[bls12_381]")
{
    Rng rng(4);
    const G1 g1 = g1_generator();
    const G2 g2 = g2_generator();
    REQUIRE(on_curve(g1));
    REQUIRE(on_curve(g2));
    for (int i = 0; i < 4; ++i) {
        const auto k = rng.scalar();
        const G1 a = mul(g1, k.view());
        CHECK(a == ref_mul(g1, k));
        const G2 b = mul(g2, k.view());
        CHECK(b == ref_mul(g2, k));
        // Points outside the subgroup too (the group law does not care).
        const G1 c = random_curve_g1(rng);
        CHECK(add(a, c) == ref_add(a, c));
        CHECK(add(c, c) == ref_add(c, c));
        CHECK(add(c, negate(c)).infinity);
        const G2 d = random_curve_g2(rng);
        CHECK(add(b, d) == ref_add(b, d));
        CHECK(add(d, d) == ref_add(d, d));
    }
    // [r]G = O, and MSM = sum of products (Pippenger is used from 4 points up).
    CHECK(in_subgroup_by_order(g1));
    CHECK(in_subgroup_by_order(g2));
    for (size_t n : {size_t{1}, size_t{3}, size_t{9}, size_t{40}}) {
        std::vector<G1> ps;
        std::vector<G2> qs;
        std::vector<FixedBytes<32>> ks;
        G1 sum1;
        G2 sum2;
        for (size_t i = 0; i < n; ++i) {
            ps.push_back(mul(g1, scalar_u64(i + 7).view()));
            qs.push_back(mul(g2, scalar_u64(3 * i + 1).view()));
            ks.push_back(i == 2 ? FixedBytes<32>{} : rng.scalar());
            sum1 = add(sum1, mul(ps.back(), ks.back().view()));
            sum2 = add(sum2, mul(qs.back(), ks.back().view()));
        }
        if (n > 1)
            ps[1] = ps[0];  // a repeated point lands in the same bucket: the doubling case
        if (n > 1) {
            sum1 = {};
            for (size_t i = 0; i < n; ++i)
                sum1 = add(sum1, mul(ps[i], ks[i].view()));
        }
        CHECK(msm(ps, ks) == sum1);
        CHECK(msm(qs, ks) == sum2);
    }
}

TEST_CASE("bls12_381 fixed-base table and GLV/wNAF: c + [a]B + [k]P", "[bls12_381]")
{
    // Against the plain 4-bit-window multiplication mul() and affine addition, on random and edge
    // scalars (0, 1, 2^128 +- 1, r - 1, r, 2^256 - 1: every wNAF carry and window), with c, P
    // or the result at infinity.
    Rng rng(12);
    const G1& g = g1_generator();
    const G1 b = mul(g, scalar_u64(0x1234567).view());
    const G1FixedTable table = g1_fixed_table(b);
    FixedBytes<32> r_be;
    mpz_export(r_be.data(), nullptr, 1, 1, 0, 0, kR.get_mpz_t());
    FixedBytes<32> r_minus_1 = r_be;
    r_minus_1[31] -= 1;
    FixedBytes<32> all_ones;
    std::memset(all_ones.data(), 0xff, 32);
    FixedBytes<32> two128_plus_1{}, two128_minus_1{};
    two128_plus_1[15] = 1;
    two128_plus_1[31] = 1;
    std::memset(two128_minus_1.data() + 16, 0xff, 16);
    std::vector<FixedBytes<32>> scalars{FixedBytes<32>{}, scalar_u64(1), two128_plus_1,
                                        two128_minus_1,   r_minus_1,     r_be,
                                        all_ones,         scalar_u64(31)};
    for (int i = 0; i < 8; ++i)
        scalars.push_back(rng.scalar());
    for (size_t i = 0; i < scalars.size(); ++i) {
        const FixedBytes<32>& a = scalars[i];
        const FixedBytes<32>& k = scalars[(i * 5 + 3) % scalars.size()];
        const G1 p = mul(g, scalar_u64(1000 + i).view());
        const G1 c = i % 4 == 0 ? G1{} : mul(g, scalar_u64(77 * i).view());
        const G1 want = add(add(c, mul(b, a.view())), mul(p, k.view()));
        CHECK(g1_fixed_plus_mul(c, table, a, p, k) == want);
        CHECK(g1_fixed_plus_mul(c, table, a, G1{}, k) == add(c, mul(b, a.view())));
        // The four-digit form with [|x|]P from the subgroup check (KZG's path).
        Jacobian<Fp> xp;
        REQUIRE(in_subgroup(p, &xp));
        const G1 want_xp = mul(p, scalar_u64(0xd201000000010000ULL).view());  // |x| P
        const Fp z2 = xp.z.square();
        CHECK(xp.x == want_xp.x * z2);
        CHECK(xp.y == want_xp.y * z2 * xp.z);
        CHECK(g1_fixed_plus_mul(c, table, a, p, xp, k) == want);
        CHECK(g1_fixed_plus_mul(c, table, a, G1{}, Jacobian<Fp>{}, k) == add(c, mul(b, a.view())));
        // c chosen so that the sum is the point at infinity.
        const G1 cancel = negate(add(mul(b, a.view()), mul(p, k.view())));
        CHECK(g1_fixed_plus_mul(cancel, table, a, p, k).infinity);
        CHECK(g1_fixed_plus_mul(cancel, table, a, p, xp, k).infinity);
    }
}

TEST_CASE("bls12_381 endomorphism subgroup checks equal [r]P == O", "[bls12_381]")
{
    Rng rng(5);
    for (int i = 0; i < 6; ++i) {
        const G1 p = random_curve_g1(rng);
        CHECK(in_subgroup(p) == in_subgroup_by_order(p));
        CHECK_FALSE(in_subgroup(p));  // a random curve point is in G1 with probability ~2^-126
        const G1 cleared = mul(p, scalar_u64(0xd201000000010001ULL).view());
        CHECK(in_subgroup(cleared));
        CHECK(in_subgroup_by_order(cleared));
        const G2 q = random_curve_g2(rng);
        CHECK(in_subgroup(q) == in_subgroup_by_order(q));
        CHECK_FALSE(in_subgroup(q));
        const G2 qc = clear_cofactor_g2_by_heff(q);
        CHECK(in_subgroup(qc));
        CHECK(in_subgroup_by_order(qc));
    }
}

TEST_CASE("bls12_381 hash-to-curve maps", "[bls12_381]")
{
    Rng rng(6);
    const Fp2 b2{Fp::from_u64(4), Fp::from_u64(4)};
    for (int i = 0; i < 6; ++i) {
        const Fp u = rng.fp();
        const G1 m = map_to_curve_g1(u);
        CHECK(on_curve(m));  // the 11-isogeny lands on E
        const G1 p = map_fp_to_g1(u);
        CHECK(on_curve(p));
        CHECK(in_subgroup_by_order(p));
        CHECK(p == mul(m, scalar_u64(0xd201000000010001ULL).view()));
        const Fp2 u2 = rng.fp2();
        const G2 m2 = map_to_curve_g2(u2);
        CHECK(on_curve(m2));
        const G2 q = map_fp2_to_g2(u2);
        CHECK(in_subgroup_by_order(q));
        // Budroni-Pintore equals the definition h_eff * Q (RFC 9380 §8.8.2, Appendix G.3).
        CHECK(q == clear_cofactor_g2_by_heff(m2));
        (void)b2;
    }
    // The exceptional SSWU input u = 0 still maps to a curve point.
    CHECK(on_curve(map_fp_to_g1(Fp::zero())));
    CHECK(on_curve(map_fp2_to_g2(Fp2::zero())));
}

TEST_CASE("bls12_381 pairing is bilinear and non-degenerate", "[bls12_381]")
{
    Rng rng(7);
    const G1 g1 = g1_generator();
    const G2 g2 = g2_generator();
    const mpz_class a = rng.below(kR);
    const mpz_class b = rng.below(kR);
    auto be = [](const mpz_class& v) {
        FixedBytes<32> out;
        const size_t n = mpz_sizeinbase(v.get_mpz_t(), 256);
        mpz_export(out.data() + 32 - n, nullptr, 1, 1, 0, 0, v.get_mpz_t());
        return out;
    };
    const G1 pa = mul(g1, be(a).view());
    const G2 qb = mul(g2, be(b).view());
    const G1 pab = mul(g1, be((a * b) % kR).view());
    // e(aP, bQ) e(-abP, Q) = 1, and not with ab + 1.
    const std::array<G1, 2> ps{pa, negate(pab)};
    const std::array<G2, 2> qs{qb, g2};
    CHECK(pairing_check(ps, qs));
    const std::array<G1, 2> wrong{pa, negate(add(pab, g1))};
    CHECK_FALSE(pairing_check(wrong, qs));
    // e(G1, G2) != 1; infinity contributes 1.
    CHECK_FALSE(pairing_check(std::span<const G1>(&g1, 1), std::span<const G2>(&g2, 1)));
    const G1 inf;
    CHECK(pairing_check(std::span<const G1>(&inf, 1), std::span<const G2>(&g2, 1)));
    // final_exponentiation_is_one (pairing_check's, one product short) against the value.
    const Fp12 one_f = miller_loop(ps, qs);
    const Fp12 wrong_f = miller_loop(wrong, qs);
    CHECK(final_exponentiation(one_f) == Fp12::one());
    CHECK(final_exponentiation_is_one(one_f));
    CHECK_FALSE(final_exponentiation(wrong_f) == Fp12::one());
    CHECK_FALSE(final_exponentiation_is_one(wrong_f));
    CHECK(final_exponentiation_is_one(Fp12::one()));
}

TEST_CASE("bls12_381 Miller loop with prepared G2 lines equals the direct one", "[bls12_381]")
{
    Rng rng(11);
    auto be = [](const mpz_class& v) {
        FixedBytes<32> out;
        const size_t n = mpz_sizeinbase(v.get_mpz_t(), 256);
        mpz_export(out.data() + 32 - n, nullptr, 1, 1, 0, 0, v.get_mpz_t());
        return out;
    };
    for (int round = 0; round < 3; ++round) {
        const G1 p0 = mul(g1_generator(), be(rng.below(kR)).view());
        const G1 p1 = mul(g1_generator(), be(rng.below(kR)).view());
        const G2 q0 = mul(g2_generator(), be(rng.below(kR)).view());
        const G2 q1 = mul(g2_generator(), be(rng.below(kR)).view());
        const G2Prepared pq0 = prepare_g2(q0);
        const G2Prepared pq1 = prepare_g2(q1);
        const std::array<G1, 2> ps{p0, p1};
        const std::array<G2, 2> qs{q0, q1};
        const std::array<const G2Prepared*, 2> pqs{&pq0, &pq1};
        // The unreduced Miller-loop value, not only the pairing: the lines must be the same.
        CHECK(miller_loop(ps, pqs) == miller_loop(ps, qs));
        // A point at infinity on either side contributes 1, as in the direct loop.
        const std::array<G1, 2> ps_inf{G1{}, p1};
        CHECK(miller_loop(ps_inf, pqs) == miller_loop(ps_inf, qs));
        const G2Prepared inf = prepare_g2(G2{});
        const std::array<const G2Prepared*, 2> pqs_inf{&inf, &pq1};
        const std::array<G2, 2> qs_inf{G2{}, q1};
        CHECK(miller_loop(ps, pqs_inf) == miller_loop(ps, qs_inf));
        // The lines multiplied together ahead of time (KZG's loop) give the same value.
        const G2PreparedPair pair = prepare_g2_pair(pq0, pq1);
        CHECK(miller_loop(p0, p1, pair) == miller_loop(ps, qs));
        CHECK(miller_loop(p1, p0, prepare_g2_pair(pq1, pq0)) ==
              miller_loop(std::array<G1, 2>{p1, p0}, std::array<G2, 2>{q1, q0}));
    }
}

TEST_CASE("bls12_381 compressed points (ZCash format)", "[bls12_381]")
{
    // Compress the generator here: x with the compressed flag and the sign of y.
    const G1 g = g1_generator();
    auto compress = [](const G1& p) {
        Bytes out(48);
        const auto xb = p.x.to_bytes_be();
        std::memcpy(out.data(), xb.data(), 48);
        out[0] |= 0x80;
        if (fp_lex_greater(p.y, -p.y))
            out[0] |= 0x20;
        return out;
    };
    const Bytes c = compress(g);
    auto d = decompress_g1(c);
    REQUIRE(d.has_value());
    CHECK(*d == g);
    const G1 ng = negate(g);
    d = decompress_g1(compress(ng));
    REQUIRE(d.has_value());
    CHECK(*d == ng);
    Bytes inf(48, 0);
    inf[0] = 0xc0;
    d = decompress_g1(inf);
    REQUIRE(d.has_value());
    CHECK(d->infinity);
    Bytes bad = c;
    bad[0] &= 0x7f;  // not marked compressed
    CHECK_FALSE(decompress_g1(bad).has_value());
    inf[47] = 1;  // infinity with non-zero bits
    CHECK_FALSE(decompress_g1(inf).has_value());
    // A point on E outside G1.
    Rng rng(8);
    const G1 outside = random_curve_g1(rng);
    CHECK(decompress_g1(compress(outside)).error() ==
          blend::precompiles::PrecompileError::kPointNotInSubgroup);
}

TEST_CASE("KZG point evaluation: the published vector and its failure cases", "[kzg]")
{
    using blend::precompiles::point_evaluation_run;
    using blend::precompiles::PrecompileError;
    // go-ethereum's pointEvaluation1 (core/vm/testdata/precompiles/pointEvaluation.json): a proof
    // made with the mainnet setup, so it also checks the embedded [tau]G2.
    const auto input = blend::from_hex(
        "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b"
        "564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306"
        "24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1"
        "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f"
        "26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253fa08e"
        "9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a");
    REQUIRE(input.has_value());
    REQUIRE(input->size() == 192);
    const auto ok = point_evaluation_run(*input);
    REQUIRE(ok.has_value());
    CHECK(blend::to_hex(*ok, false) ==
          "0000000000000000000000000000000000000000000000000000000000001000"
          "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
    Bytes bad = *input;
    bad[0] = 0x02;  // version byte
    CHECK(point_evaluation_run(bad).error() == PrecompileError::kInvalidVersionedHash);
    bad = *input;
    bad[95] ^= 1;  // y changed: the opening no longer verifies
    CHECK(point_evaluation_run(bad).error() == PrecompileError::kInvalidProof);
    bad = *input;
    for (size_t i = 32; i < 64; ++i)
        bad[i] = 0xff;  // z >= r
    CHECK(point_evaluation_run(bad).error() == PrecompileError::kInvalidFieldElement);
    bad = *input;
    bad[144] &= 0x7f;  // proof without the compression flag
    CHECK_FALSE(point_evaluation_run(bad).has_value());
    CHECK(point_evaluation_run(Bytes(191, 0)).error() == PrecompileError::kInvalidInputLength);
}
