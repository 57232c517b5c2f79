// SPDX-License-Identifier: Apache-2.0
// BLS12-381 arithmetic: field tower helpers, G1/G2 in Jacobian coordinates, subgroup checks,
// scalar multiplication and MSM, the optimal ate pairing, EIP-2537 and ZCash encodings.
#include "execution/precompiles/bls12_381.hpp"

#include "core/assert.hpp"
#include "execution/precompiles/gmp_inverse.hpp"

#include <gmp.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>
#include <utility>

namespace blend::precompiles::bls12_381 {

namespace {

__extension__ typedef unsigned __int128 u128;
using field::Limbs;

template <size_t N>
Limbs<N> div_small(const Limbs<N>& a, uint64_t d) noexcept
{
    Limbs<N> q{};
    u128 rem = 0;
    for (size_t i = N; i-- > 0;) {
        const u128 cur = (rem << 64) | a[i];
        q[i] = static_cast<uint64_t>(cur / d);
        rem = cur % d;
    }
    return q;
}

template <size_t N>
Limbs<N> add_small(Limbs<N> a, uint64_t v) noexcept
{
    for (size_t i = 0; i < N && v != 0; ++i) {
        const uint64_t old = a[i];
        a[i] += v;
        v = a[i] < old ? 1 : 0;
    }
    return a;
}

Fp2 pow(const Fp2& base, const Limbs<6>& e) noexcept
{
    Fp2 result = Fp2::one();
    for (size_t i = 6; i-- > 0;)
        for (int bit = 63; bit >= 0; --bit) {
            result = result.square();
            if ((e[i] >> bit) & 1)
                result *= base;
        }
    return result;
}

const Fp2 kXi = {Fp::one(), Fp::one()};

/// Constants derived once from p rather than transcribed.
struct Constants {
    Limbs<6> sqrt_exp;         ///< (p + 1) / 4
    Fp inv2;                   ///< 1/2
    std::array<Fp2, 6> gamma;  ///< xi^(k (p-1)/6): (a w^k)^p = conj(a) gamma[k] w^k
    Fp2 psi_x, psi_y;          ///< 1/xi^((p-1)/3), 1/xi^((p-1)/2): the untwist-Frobenius-twist
    Fp beta;                   ///< the cube root of unity with phi = [-x^2] on G1
    G1 g1;
    G2 g2;

    Constants() noexcept
    {
        sqrt_exp = div_small(add_small(FpParams::kModulus, 1), 4);
        inv2 = fp_inverse(Fp::from_u64(2));
        Limbs<6> pm1 = FpParams::kModulus;
        pm1[0] -= 1;  // p is odd: no borrow
        const Fp2 g1c = pow(kXi, div_small(pm1, 6));
        gamma[0] = Fp2::one();
        for (size_t i = 1; i < 6; ++i)
            gamma[i] = gamma[i - 1] * g1c;
        psi_x = gamma[2].inverse();
        psi_y = gamma[3].inverse();
        // Generators (draft-irtf-cfrg-pairing-friendly-curves-11, §4.2.1).
        g1 = {fp_from_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83f"
                          "f97a1aeffb3af00adb22c6bb"),
              fp_from_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744"
                          "a2888ae40caa232946c5e7e1"),
              false};
        g2 = {
            {fp_from_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326"
                         "a805bbefd48056c8c121bdb8"),
             fp_from_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf112"
                         "13945d57e5ac7d055d042b7e")},
            {fp_from_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc"
                         "3baca289e193548608b82801"),
             fp_from_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d27"
                         "5cec1da1aaa9075ff05f79be")},
            false};
        // A non-trivial cube root of unity: c^((p-1)/3) for the first small c that is not a cube.
        const Limbs<6> third = div_small(pm1, 3);
        Fp b = Fp::one();
        for (uint64_t c = 2; b == Fp::one(); ++c)
            b = Fp::from_u64(c).pow(third);
        beta = b;
    }
};

const Constants& constants() noexcept
{
    static const Constants c;
    return c;
}

// ---- Jacobian arithmetic (a = 0), shared by G1 (over Fp) and G2 (over Fp2) --------------------

template <typename F>
F field_one() noexcept
{
    return F::one();
}

Fp field_inverse(const Fp& a) noexcept
{
    return fp_inverse(a);
}

Fp2 field_inverse(const Fp2& a) noexcept
{
    return a.inverse();
}

Fp curve_b(const Fp*) noexcept
{
    return Fp::from_u64(4);
}

Fp2 curve_b(const Fp2*) noexcept
{
    return {Fp::from_u64(4), Fp::from_u64(4)};  // 4 xi
}

template <typename F>
Jacobian<F> to_jacobian(const Affine<F>& p) noexcept
{
    if (p.infinity)
        return {};
    return {p.x, p.y, field_one<F>()};
}

template <typename F>
Affine<F> to_affine(const Jacobian<F>& p) noexcept
{
    if (p.is_infinity())
        return {};
    const F zi = field_inverse(p.z);
    const F zi2 = zi.square();
    return {p.x * zi2, p.y * zi2 * zi, false};
}

// "dbl-2009-l" (Explicit-Formulas Database, Jacobian, a = 0).
template <typename F>
Jacobian<F> dbl(const Jacobian<F>& p) noexcept
{
    if (p.is_infinity())
        return p;
    const F a = p.x.square();
    const F b = p.y.square();
    const F c = b.square();
    F d;
    if constexpr (std::is_same_v<F, Fp>) {
        // In Fp a squaring costs a product here (no dedicated 6-limb squaring), so D = 4XB is one
        // product by the unreduced 4B < 4p instead of 2((X + B)^2 - A - C): 4p < 2^383 fits the
        // limbs, and a Montgomery product of a < p and b < 4p is below p (1 + 4p/2^384) < 2p,
        // which the product's one correction brings below p.
        const auto b2 = lazy::add_nr(b.mont(), b.mont());
        d = p.x * Fp::from_mont(lazy::add_nr(b2, b2));
    } else {
        d = (p.x + b).square() - a - c;
        d = d + d;
    }
    const F e = a + a + a;
    const F f = e.square();
    Jacobian<F> r;
    r.x = f - d - d;
    F c8 = c + c;
    c8 = c8 + c8;
    c8 = c8 + c8;
    r.y = e * (d - r.x) - c8;
    const F yz = p.y * p.z;
    r.z = yz + yz;
    return r;
}

// "add-2007-bl" (EFD, Jacobian), with the doubling and opposite cases.
template <typename F>
Jacobian<F> add(const Jacobian<F>& p, const Jacobian<F>& q) noexcept
{
    if (p.is_infinity())
        return q;
    if (q.is_infinity())
        return p;
    const F z1z1 = p.z.square();
    const F z2z2 = q.z.square();
    const F u1 = p.x * z2z2;
    const F u2 = q.x * z1z1;
    const F s1 = p.y * q.z * z2z2;
    const F s2 = q.y * p.z * z1z1;
    const F h = u2 - u1;
    const F rr = s2 - s1;
    if (h.is_zero())
        return rr.is_zero() ? dbl(p) : Jacobian<F>{};
    const F h2 = h + h;
    const F i = h2.square();
    const F j = h * i;
    const F r = rr + rr;
    const F v = u1 * i;
    Jacobian<F> out;
    out.x = r.square() - j - v - v;
    const F s1j = s1 * j;
    out.y = r * (v - out.x) - s1j - s1j;
    out.z = ((p.z + q.z).square() - z1z1 - z2z2) * h;
    return out;
}

// "madd-2007-bl" (EFD, Jacobian + affine), with the doubling and opposite cases.
template <typename F>
Jacobian<F> add_mixed(const Jacobian<F>& p, const Affine<F>& q) noexcept
{
    if (q.infinity)
        return p;
    if (p.is_infinity())
        return to_jacobian(q);
    const F z1z1 = p.z.square();
    const F u2 = q.x * z1z1;
    const F s2 = q.y * p.z * z1z1;
    const F h = u2 - p.x;
    const F rr = s2 - p.y;
    if (h.is_zero())
        return rr.is_zero() ? dbl(p) : Jacobian<F>{};
    const F hh = h.square();
    F i = hh + hh;
    i = i + i;
    const F j = h * i;
    const F r = rr + rr;
    const F v = p.x * i;
    Jacobian<F> out;
    out.x = r.square() - j - v - v;
    const F yj = p.y * j;
    out.y = r * (v - out.x) - yj - yj;
    out.z = (p.z + h).square() - z1z1 - hh;
    return out;
}

template <typename F>
Jacobian<F> neg(const Jacobian<F>& p) noexcept
{
    return {p.x, -p.y, p.z};
}

template <typename F>
bool equal(const Jacobian<F>& a, const Jacobian<F>& b) noexcept
{
    if (a.is_infinity() || b.is_infinity())
        return a.is_infinity() && b.is_infinity();
    const F az2 = a.z.square();
    const F bz2 = b.z.square();
    return a.x * bz2 == b.x * az2 && a.y * bz2 * b.z == b.y * az2 * a.z;
}

/// k * P with a fixed 4-bit window over a big-endian scalar.
template <typename F>
Jacobian<F> mul_be(const Jacobian<F>& p, const uint8_t* scalar, size_t size) noexcept
{
    std::array<Jacobian<F>, 16> table;
    table[0] = {};
    table[1] = p;
    for (size_t i = 2; i < 16; ++i)
        table[i] = (i % 2 == 0) ? dbl(table[i / 2]) : add(table[i - 1], p);
    Jacobian<F> acc;
    for (size_t i = 0; i < size; ++i) {
        for (int half = 1; half >= 0; --half) {
            acc = dbl(dbl(dbl(dbl(acc))));
            const unsigned nibble = (scalar[i] >> (4 * half)) & 0xf;
            if (nibble != 0)
                acc = add(acc, table[nibble]);
        }
    }
    return acc;
}

/// k * P for a 64-bit scalar, double-and-add from the top bit (for the sparse |x| and h_eff).
template <typename F>
Jacobian<F> mul_u64(const Jacobian<F>& p, uint64_t k) noexcept
{
    Jacobian<F> acc;
    for (int bit = 63; bit >= 0; --bit) {
        acc = dbl(acc);
        if ((k >> bit) & 1)
            acc = add(acc, p);
    }
    return acc;
}

/// The same for an affine P: its additions are mixed (madd-2007-bl, 7M + 4S instead of
/// add-2007-bl's 11M + 5S), as in the subgroup checks' first [|x|].
template <typename F>
Jacobian<F> mul_u64(const Affine<F>& p, uint64_t k) noexcept
{
    Jacobian<F> acc;
    for (int bit = 63; bit >= 0; --bit) {
        acc = dbl(acc);
        if ((k >> bit) & 1)
            acc = add_mixed(acc, p);
    }
    return acc;
}

FixedBytes<32> order_be() noexcept
{
    FixedBytes<32> out;
    for (size_t i = 0; i < 32; ++i)
        out[31 - i] = static_cast<uint8_t>(kOrder[i / 8] >> (8 * (i % 8)));
    return out;
}

/// psi on Jacobian coordinates: (conj(X) c_x, conj(Y) c_y, conj(Z)).
Jacobian<Fp2> psi(const Jacobian<Fp2>& p) noexcept
{
    const Constants& c = constants();
    return {p.x.conjugate() * c.psi_x, p.y.conjugate() * c.psi_y, p.z.conjugate()};
}

// ---- scalar multiplication on the subgroups (GLV / GLS) and MSM -----------------------------

/// A decomposed scalar: up to 128 bits, little-endian limbs.
using Digit = std::array<uint64_t, 2>;

/// k mod r in base |x|: k = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 (r < |x|^4, so four digits).
std::array<uint64_t, 4> base_x_digits(const FixedBytes<32>& k) noexcept
{
    mpz_t v, r;
    mpz_init(v);
    mpz_import(v, 32, 1, 1, 1, 0, k.data());
    mpz_roinit_n(r, reinterpret_cast<const mp_limb_t*>(kOrder.data()), 4);
    mpz_mod(v, v, r);
    std::array<uint64_t, 4> d{};
    for (auto& digit : d)
        digit = mpz_tdiv_q_ui(v, v, kAbsX);
    BLEND_ASSERT(mpz_sgn(v) == 0);
    mpz_clear(v);
    return d;
}

/// The cube root of unity beta with phi(x, y) = (beta x, y) = [-x^2] on G1 (chosen once on the
/// generator; the other root gives [x^2 - 1]).
const Fp& g1_beta() noexcept
{
    static const Fp beta = [] {
        const Fp b = constants().beta;
        const G1& g = constants().g1;
        const Jacobian<Fp> x2g = mul_u64(mul_u64(to_jacobian(g), kAbsX), kAbsX);
        const Jacobian<Fp> minus_phi{g.x * b, -g.y, Fp::one()};
        return equal(x2g, minus_phi) ? b : b.square();
    }();
    return beta;
}

/// Points and digits whose combination sum d_j Q_j equals k P for P in G1: with
/// k mod r = k0 + k1 x^2 (k0, k1 < 2^128) and [x^2]P = -phi(P) (Gallant-Lambert-Vanstone).
void expand_g1(const G1& p, const FixedBytes<32>& k, std::vector<G1>& pts, std::vector<Digit>& ks)
{
    const auto d = base_x_digits(k);
    auto combine = [](uint64_t lo, uint64_t hi) {
        const u128 v = static_cast<u128>(hi) * kAbsX + lo;
        return Digit{static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)};
    };
    pts.push_back(p);
    ks.push_back(combine(d[0], d[1]));
    pts.push_back(p.infinity ? p : G1{p.x * g1_beta(), -p.y, false});
    ks.push_back(combine(d[2], d[3]));
}

/// The same for G2 (Galbraith-Lin-Scott): [|x|]Q = -psi(Q), so k Q = sum d_i (-psi)^i (Q) with
/// 64-bit digits.
void expand_g2(const G2& q, const FixedBytes<32>& k, std::vector<G2>& pts, std::vector<Digit>& ks)
{
    const auto d = base_x_digits(k);
    const Constants& c = constants();
    G2 cur = q;
    for (size_t i = 0; i < 4; ++i) {
        pts.push_back(cur);
        ks.push_back(Digit{d[i], 0});
        if (!cur.infinity)  // -psi(cur) in affine coordinates
            cur = {cur.x.conjugate() * c.psi_x, -(cur.y.conjugate() * c.psi_y), false};
    }
}

unsigned digit_window(const Digit& k, unsigned offset, unsigned width) noexcept
{
    unsigned out = 0;
    for (unsigned b = 0; b < width; ++b) {
        const unsigned bit = offset + b;
        if (bit >= 128)
            break;
        out |= static_cast<unsigned>((k[bit / 64] >> (bit % 64)) & 1) << b;
    }
    return out;
}

/// sum k_i P_i over `bits`-bit digits. Few points: Straus (shared doublings, a 4-bit table per
/// point). More: Pippenger's buckets (windows of c bits; each point costs one mixed addition per
/// window, then sum_j j * bucket_j by running sums; c ~ log2(n)).
template <typename F>
Jacobian<F> multi_mul(std::span<const Affine<F>> points, std::span<const Digit> ks, unsigned bits)
{
    const size_t n = points.size();
    if (n <= 24) {
        std::vector<std::array<Jacobian<F>, 16>> tables(n);
        for (size_t i = 0; i < n; ++i) {
            auto& t = tables[i];
            t[0] = {};
            t[1] = to_jacobian(points[i]);
            for (size_t j = 2; j < 16; ++j)
                t[j] = (j % 2 == 0) ? dbl(t[j / 2]) : add_mixed(t[j - 1], points[i]);
        }
        Jacobian<F> acc;
        for (unsigned w = (bits + 3) / 4; w-- > 0;) {
            acc = dbl(dbl(dbl(dbl(acc))));
            for (size_t i = 0; i < n; ++i) {
                const unsigned nib = digit_window(ks[i], 4 * w, 4);
                if (nib != 0)
                    acc = add(acc, tables[i][nib]);
            }
        }
        return acc;
    }
    unsigned c = 3;
    while (c < 16 && (size_t{1} << (c + 1)) <= n)
        ++c;
    const unsigned windows = (bits + c - 1) / c;
    std::vector<Jacobian<F>> buckets(size_t{1} << c);
    Jacobian<F> acc;
    for (unsigned w = windows; w-- > 0;) {
        for (unsigned d = 0; d < c; ++d)
            acc = dbl(acc);
        std::fill(buckets.begin(), buckets.end(), Jacobian<F>{});
        for (size_t i = 0; i < n; ++i) {
            const unsigned digit = digit_window(ks[i], w * c, c);
            if (digit != 0)
                buckets[digit] = add_mixed(buckets[digit], points[i]);
        }
        Jacobian<F> running, total;
        for (size_t j = buckets.size(); j-- > 1;) {
            running = add(running, buckets[j]);
            total = add(total, running);
        }
        acc = add(acc, total);
    }
    return acc;
}

// ---- lazy reduction over the tower (bls12_381_fp.hpp) ----------------------------------------

/// An Fp2 element as two double-width values in [0, pR).
struct Fp2W {
    FpWide c0, c1;
};

/// a * b for canonical a, b (Karatsuba): c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1 is the integer
/// a0 b1 + a1 b0 < 2p^2 (no correction); c0 = a0 b0 - a1 b1 mod pR.
Fp2W mul_w(const Fp2& a, const Fp2& b) noexcept
{
    const FpWide t0 = lazy::mul(a.c0, b.c0);
    const FpWide t1 = lazy::mul(a.c1, b.c1);
    const FpWide t2 =
        lazy::mul(lazy::add_nr(a.c0.mont(), a.c1.mont()), lazy::add_nr(b.c0.mont(), b.c1.mont()));
    return {lazy::sub(t0, t1), lazy::sub_nr(t2, lazy::add_nr(t0, t1))};
}

Fp2W add_w(const Fp2W& x, const Fp2W& y) noexcept
{
    return {lazy::add(x.c0, y.c0), lazy::add(x.c1, y.c1)};
}

Fp2W sub_w(const Fp2W& x, const Fp2W& y) noexcept
{
    return {lazy::sub(x.c0, y.c0), lazy::sub(x.c1, y.c1)};
}

/// x (1 + u) = (x0 - x1) + (x0 + x1) u.
Fp2W mul_by_xi_w(const Fp2W& x) noexcept
{
    return {lazy::sub(x.c0, x.c1), lazy::add(x.c0, x.c1)};
}

Fp2 reduce(const Fp2W& x) noexcept
{
    return {lazy::redc(x.c0), lazy::redc(x.c1)};
}

struct Fp6W {
    Fp2W c0, c1, c2;
};

Fp6 reduce(const Fp6W& x) noexcept
{
    return {reduce(x.c0), reduce(x.c1), reduce(x.c2)};
}

/// (x0 + x1 v + x2 v^2)(y0 + y1 v + y2 v^2), v^3 = xi, by Karatsuba, double-width.
Fp6W mul_w(const Fp6& a, const Fp6& b) noexcept
{
    const Fp2W t0 = mul_w(a.c0, b.c0);
    const Fp2W t1 = mul_w(a.c1, b.c1);
    const Fp2W t2 = mul_w(a.c2, b.c2);
    const Fp2W x = sub_w(sub_w(mul_w(a.c1 + a.c2, b.c1 + b.c2), t1), t2);
    const Fp2W y = sub_w(sub_w(mul_w(a.c0 + a.c1, b.c0 + b.c1), t0), t1);
    const Fp2W z = sub_w(sub_w(mul_w(a.c0 + a.c2, b.c0 + b.c2), t0), t2);
    return {add_w(t0, mul_by_xi_w(x)), add_w(y, mul_by_xi_w(t2)), add_w(z, t1)};
}

// ---- pairing ----------------------------------------------------------------------------------

/// A line evaluated at P, scaled by w^3 and by a factor in Fp2 (both vanish in the final
/// exponentiation): a + b v + c v w, i.e. the coefficients of w^0, w^2 and w^3.
struct Line {
    Fp2 a, b, c;
};

/// (x0 + x1 v + x2 v^2)(a + b v) = (x0 a + xi x2 b) + (x0 b + x1 a) v + (x1 b + x2 a) v^2, with
/// the v coefficient by Karatsuba ((x0 + x1)(a + b) - x0 a - x1 b): five Fp2 products, not six.
Fp6W mul_by_ab_w(const Fp6& x, const Fp2& a, const Fp2& b) noexcept
{
    const Fp2W t0 = mul_w(x.c0, a);
    const Fp2W t1 = mul_w(x.c1, b);
    return {add_w(t0, mul_by_xi_w(mul_w(x.c2, b))), sub_w(sub_w(mul_w(x.c0 + x.c1, a + b), t0), t1),
            add_w(t1, mul_w(x.c2, a))};
}

/// f * (L0 + L1 w) with L0 = a + b v, L1 = c v: Karatsuba over the w-halves with sparse Fp6
/// products, all 39 base products summed double-width and reduced once per coefficient.
Fp12 mul_by_line(const Fp12& f, const Line& l) noexcept
{
    const Fp6W t0 = mul_by_ab_w(f.c0, l.a, l.b);
    const Fp6W t1{mul_by_xi_w(mul_w(f.c1.c2, l.c)), mul_w(f.c1.c0, l.c),
                  mul_w(f.c1.c1, l.c)};  // f1 * c v
    const Fp6W t2 = mul_by_ab_w(f.c0 + f.c1, l.a, l.b + l.c);
    // c0 = t0 + v t1 (v (y0, y1, y2) = (xi y2, y0, y1)), c1 = t2 - t0 - t1.
    const Fp6W c0{add_w(t0.c0, mul_by_xi_w(t1.c2)), add_w(t0.c1, t1.c0), add_w(t0.c2, t1.c1)};
    const Fp6W c1{sub_w(sub_w(t2.c0, t0.c0), t1.c0), sub_w(sub_w(t2.c1, t0.c1), t1.c1),
                  sub_w(sub_w(t2.c2, t0.c2), t1.c2)};
    return {reduce(c0), reduce(c1)};
}

/// The product of two lines, l l' = M0 + M1 w with M0 = m0 + m1 v + m2 v^2 and M1 = n1 v + n2 v^2:
/// with (c v w)(c' v w) = c c' v^3 = xi c c', M0 = (a a' + xi c c') + (a b' + b a') v + b b' v^2
/// and M1 = (a c' + c a') v + (b c' + c b') v^2. Six Fp2 products by Karatsuba, where multiplying
/// both lines into f one after the other costs 26 (Aranha, Karabina, Longa, Gebotys, Lopez,
/// Eurocrypt 2011, §4: sparse times sparse, then one product by a less sparse element).
struct LinePair {
    Fp6 m;
    Fp2 n1, n2;
};

LinePair mul_lines(const Line& l, const Line& r) noexcept
{
    const Fp2W aa = mul_w(l.a, r.a);
    const Fp2W bb = mul_w(l.b, r.b);
    const Fp2W cc = mul_w(l.c, r.c);
    const Fp2W ab = sub_w(sub_w(mul_w(l.a + l.b, r.a + r.b), aa), bb);
    const Fp2W ac = sub_w(sub_w(mul_w(l.a + l.c, r.a + r.c), aa), cc);
    const Fp2W bc = sub_w(sub_w(mul_w(l.b + l.c, r.b + r.c), bb), cc);
    return {{reduce(add_w(aa, mul_by_xi_w(cc))), reduce(ab), reduce(bb)}, reduce(ac), reduce(bc)};
}

/// f * (M0 + M1 w) for a line product (M1 = n1 v + n2 v^2): Karatsuba over the w-halves, f0 M0
/// and (f0 + f1)(M0 + M1) full (6 Fp2 products each), f1 M1 in five: 17 products instead of the
/// 26 of two mul_by_line calls (plus mul_lines' 6).
Fp12 mul_by_line_pair(const Fp12& f, const LinePair& m) noexcept
{
    const Fp6W t0 = mul_w(f.c0, m.m);
    // (x0 + x1 v + x2 v^2)(n1 v + n2 v^2) = xi (x1 n2 + x2 n1) + (x0 n1 + xi x2 n2) v
    //                                        + (x0 n2 + x1 n1) v^2
    const Fp6& x = f.c1;
    const Fp2W x1n1 = mul_w(x.c1, m.n1);
    const Fp2W x2n2 = mul_w(x.c2, m.n2);
    const Fp2W cross = sub_w(sub_w(mul_w(x.c1 + x.c2, m.n1 + m.n2), x1n1), x2n2);
    const Fp6W t1{mul_by_xi_w(cross), add_w(mul_w(x.c0, m.n1), mul_by_xi_w(x2n2)),
                  add_w(mul_w(x.c0, m.n2), x1n1)};
    const Fp6W t2 = mul_w(f.c0 + f.c1, Fp6{m.m.c0, m.m.c1 + m.n1, m.m.c2 + m.n2});
    const Fp6W c0{add_w(t0.c0, mul_by_xi_w(t1.c2)), add_w(t0.c1, t1.c0), add_w(t0.c2, t1.c1)};
    const Fp6W c1{sub_w(sub_w(t2.c0, t0.c0), t1.c0), sub_w(sub_w(t2.c1, t0.c1), t1.c1),
                  sub_w(sub_w(t2.c2, t0.c2), t1.c2)};
    return {reduce(c0), reduce(c1)};
}

/// T <- 2T (Jacobian, dbl-2009-l) and the tangent at T evaluated at P. On the twist the tangent
/// slope is l' = 3X^2/(2YZ); after scaling by 2YZ^3 the line is
/// (3X^3 - 2Y^2) + (-3X^2 Z^2 xP) v + (2YZ^3 yP) v w.
Line double_step(Jacobian<Fp2>& t, const G1& p) noexcept
{
    const Fp2 a = t.x.square();
    const Fp2 b = t.y.square();
    const Fp2 c = b.square();
    const Fp2 zz = t.z.square();
    Fp2 d = (t.x + b).square() - a - c;
    d = d + d;
    const Fp2 e = a + a + a;
    const Fp2 f = e.square();
    Line l;
    l.a = e * t.x - b - b;
    l.b = -(e * zz) * p.x;
    const Fp2 z3 = (t.y + t.z).square() - b - zz;  // 2YZ
    l.c = (z3 * zz) * p.y;
    t.x = f - d - d;
    Fp2 c8 = c + c;
    c8 = c8 + c8;
    c8 = c8 + c8;
    t.y = e * (d - t.x) - c8;
    t.z = z3;
    return l;
}

/// T <- T + Q (Q affine) and the chord through T and Q evaluated at P. With H = xQ Z^2 - X,
/// R = yQ Z^3 - Y the slope is R/(ZH); after scaling by ZH the line is
/// (R xQ - yQ ZH) + (-R xP) v + (ZH yP) v w. T = +-Q never happens for Q in G2 (T stays a
/// multiple of Q below r).
Line add_step(Jacobian<Fp2>& t, const G2& q, const G1& p) noexcept
{
    const Fp2 zz = t.z.square();
    const Fp2 u2 = q.x * zz;
    const Fp2 s2 = q.y * t.z * zz;
    const Fp2 h = u2 - t.x;
    const Fp2 r = s2 - t.y;
    const Fp2 z3 = t.z * h;
    Line l;
    l.a = r * q.x - q.y * z3;
    l.b = -r * p.x;
    l.c = z3 * p.y;
    const Fp2 hh = h.square();
    const Fp2 hhh = h * hh;
    const Fp2 v = t.x * hh;
    const Fp2 x3 = r.square() - hhh - v - v;
    t.y = r * (v - x3) - t.y * hhh;
    t.x = x3;
    t.z = z3;
    return l;
}

/// g^x for g in the cyclotomic subgroup (x < 0: conjugate of g^|x|).
/// g^x for g in the cyclotomic subgroup (x < 0: conjugate of g^|x|).
Fp12 pow_x(const Fp12& g) noexcept
{
    return cyclotomic_pow_abs_x(g).conjugate();
}

// Karabina, "Squaring in cyclotomic subgroups" (Math. Comp. 82 (2013); ePrint 2010/542): with
// g = g0 + g2 w + g4 w^2 + g1 w^3 + g3 w^4 + g5 w^5 (our c0 = (g0, g4, g3), c1 = (g2, g1, g5)) in
// the cyclotomic subgroup, the square's g2..g5 depend on g2..g5 only (Theorem 3.1), and g0, g1
// are recovered from g2..g5 (Theorem 3.2). Here h2..h5 are the Granger-Scott formulas of
// cyclotomic_square() restricted to those four coefficients: six Fp2 squarings, not nine.
struct Compressed {
    Fp2 g2, g3, g4, g5;
};

Compressed compressed_square(const Compressed& g) noexcept
{
    const Fp2 s2 = g.g2.square();
    const Fp2 s3 = g.g3.square();
    const Fp2 s4 = g.g4.square();
    const Fp2 s5 = g.g5.square();
    const Fp2 b45 = (g.g4 + g.g5).square() - s4 - s5;  // 2 g4 g5
    const Fp2 b23 = (g.g2 + g.g3).square() - s2 - s3;  // 2 g2 g3
    const Fp2 t45 = s5.mul_by_xi() + s4;               // g4^2 + xi g5^2
    const Fp2 t23 = s3.mul_by_xi() + s2;               // g2^2 + xi g3^2
    const Fp2 xb45 = b45.mul_by_xi();
    Compressed h;
    h.g2 = (g.g2 + xb45).dbl() + xb45;  // 2 g2 + 6 xi g4 g5
    h.g3 = (t45 - g.g3).dbl() + t45;    // 3 (g4^2 + xi g5^2) - 2 g3
    h.g4 = (t23 - g.g4).dbl() + t23;    // 3 (g2^2 + xi g3^2) - 2 g4
    h.g5 = (g.g5 + b23).dbl() + b23;    // 2 g5 + 6 g2 g3
    return h;
}

}  // namespace

Fp12 cyclotomic_pow_abs_x_gs(const Fp12& g) noexcept
{
    Fp12 r = g;
    for (int bit = 62; bit >= 0; --bit) {
        r = r.cyclotomic_square();
        if ((kAbsX >> bit) & 1)
            r *= g;
    }
    return r;
}

Fp12 cyclotomic_pow_abs_x(const Fp12& g) noexcept
{
    // |x| = 2^63 + 2^62 + 2^60 + 2^57 + 2^48 + 2^16: square 63 times compressed, keep g^(2^k) for
    // those k, decompress the six with one inversion and multiply them.
    constexpr std::array<int, 6> kBits = {16, 48, 57, 60, 62, 63};
    static_assert((uint64_t{1} << 63 | uint64_t{1} << 62 | uint64_t{1} << 60 | uint64_t{1} << 57 |
                   uint64_t{1} << 48 | uint64_t{1} << 16) == kAbsX);
    std::array<Compressed, 6> kept;
    Compressed c{g.c1.c0, g.c0.c2, g.c0.c1, g.c1.c2};
    // g2 = g3 = 0 already (g = 1, as after the easy part of e(P, Q) e(-P, Q)): the squares would
    // not decompress, so go the uncompressed way at once rather than after 63 squarings.
    if (c.g2.is_zero() && c.g3.is_zero())
        return cyclotomic_pow_abs_x_gs(g);
    size_t next = 0;
    for (int k = 1; k <= 63; ++k) {
        c = compressed_square(c);
        if (k == kBits[next])
            kept[next++] = c;
    }
    // Theorem 3.2: g1 = (xi g5^2 + 3 g4^2 - 2 g3) / (4 g2) when g2 != 0, else 2 g4 g5 / g3;
    // g0 = xi (2 g1^2 + g2 g5 - 3 g3 g4) + 1. A zero denominator (g2 = g3 = 0, e.g. g = 1)
    // takes the uncompressed path.
    std::array<Fp2, 6> num, den;
    for (size_t i = 0; i < 6; ++i) {
        const Compressed& h = kept[i];
        if (!h.g2.is_zero()) {
            const Fp2 s4 = h.g4.square();
            num[i] = h.g5.square().mul_by_xi() + s4.dbl() + s4 - h.g3.dbl();
            den[i] = h.g2.dbl().dbl();
        } else {
            if (h.g3.is_zero())
                return cyclotomic_pow_abs_x_gs(g);
            num[i] = (h.g4 * h.g5).dbl();
            den[i] = h.g3;
        }
    }
    // Montgomery's batch inversion of the six denominators.
    std::array<Fp2, 6> prefix;
    Fp2 acc = Fp2::one();
    for (size_t i = 0; i < 6; ++i) {
        prefix[i] = acc;
        acc = acc * den[i];
    }
    Fp2 inv = acc.inverse();
    // The first decompressed factor starts the product (multiplying it into 1 would cost a full
    // Fp12 product, ~3 us, per g^|x|).
    Fp12 result;
    for (size_t i = 6; i-- > 0;) {
        const Fp2 den_inv = inv * prefix[i];
        inv = inv * den[i];
        const Compressed& h = kept[i];
        const Fp2 g1 = num[i] * den_inv;
        const Fp2 g34 = h.g3 * h.g4;
        const Fp2 t = g1.square().dbl() + h.g2 * h.g5 - g34.dbl() - g34;
        const Fp2 g0 = t.mul_by_xi() + Fp2::one();
        const Fp12 factor{{g0, h.g4, h.g3}, {h.g2, g1, h.g5}};
        result = i == 5 ? factor : result * factor;
    }
    return result;
}

namespace {

std::optional<Fp> read_fp48(const uint8_t* p) noexcept
{
    return Fp::from_bytes_be(BytesView{p, 48});
}

}  // namespace

// ---- fields -----------------------------------------------------------------------------------

Fp6 operator*(const Fp6& a, const Fp6& b) noexcept
{
    return reduce(mul_w(a, b));
}

Fp fp_inverse(const Fp& a) noexcept
{
    return gmp_inverse(a);
}

Fp fp_from_hex(std::string_view hex) noexcept
{
    BLEND_ASSERT(hex.size() <= 96);
    Limbs<6> v{};
    size_t bit = 0;
    for (size_t i = hex.size(); i-- > 0; bit += 4) {
        const char ch = hex[i];
        uint64_t d = 0;
        if (ch >= '0' && ch <= '9')
            d = static_cast<uint64_t>(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            d = static_cast<uint64_t>(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            d = static_cast<uint64_t>(ch - 'A' + 10);
        else
            BLEND_ASSERT(false && "bad hex digit in a BLS12-381 constant");
        v[bit / 64] |= d << (bit % 64);
    }
    const auto f = Fp::from_canonical(v);
    BLEND_ASSERT(f.has_value());
    return *f;
}

bool fp_is_square(const Fp& a) noexcept
{
    if (a.is_zero())
        return true;
    const Limbs<6> c = a.to_canonical();
    const Limbs<6>& m = FpParams::kModulus;
    mpz_t x, mod;
    mpz_roinit_n(x, reinterpret_cast<const mp_limb_t*>(c.data()), 6);
    mpz_roinit_n(mod, reinterpret_cast<const mp_limb_t*>(m.data()), 6);
    return mpz_legendre(x, mod) == 1;
}

std::optional<Fp> fp_sqrt(const Fp& a) noexcept
{
    // a^((p+1)/4) by a sliding window of up to 5 bits over the odd powers a, a^3, .., a^31:
    // 378 squarings and about 380/6 + 16 products, against 106 with fixed 4-bit windows (and 229
    // bit by bit: (p+1)/4 has 229 one bits).
    const Limbs<6>& e = constants().sqrt_exp;
    auto bit = [&e](int i) { return ((e[static_cast<size_t>(i) / 64] >> (i % 64)) & 1) != 0; };
    constexpr int kWindow = 5;
    std::array<Fp, 16> odd;  // a^(2j + 1)
    odd[0] = a;
    const Fp a2 = a.square();
    for (size_t j = 1; j < odd.size(); ++j)
        odd[j] = odd[j - 1] * a2;
    int top = 6 * 64 - 1;
    while (top >= 0 && !bit(top))
        --top;
    Fp r = Fp::one();
    bool started = false;
    for (int i = top; i >= 0;) {
        if (!bit(i)) {
            r = r.square();
            --i;
            continue;
        }
        // The longest window [low, i] of at most kWindow bits that ends in a one bit.
        int low = std::max(i - kWindow + 1, 0);
        while (!bit(low))
            ++low;
        unsigned value = 0;
        for (int b = i; b >= low; --b)
            value = (value << 1) | (bit(b) ? 1u : 0u);
        if (started) {
            for (int b = i; b >= low; --b)
                r = r.square();
            r *= odd[value / 2];
        } else {
            r = odd[value / 2];
            started = true;
        }
        i = low - 1;
    }
    if (!(r.square() == a))
        return std::nullopt;
    return r;
}

bool fp_sgn0(const Fp& a) noexcept
{
    return (a.to_canonical()[0] & 1) != 0;
}

bool fp_lex_greater(const Fp& a, const Fp& b) noexcept
{
    const Limbs<6> x = a.to_canonical();
    const Limbs<6> y = b.to_canonical();
    for (size_t i = 6; i-- > 0;)
        if (x[i] != y[i])
            return x[i] > y[i];
    return false;
}

bool fp2_is_square(const Fp2& a) noexcept
{
    return fp_is_square(a.c0.square() + a.c1.square());
}

std::optional<Fp2> fp2_sqrt(const Fp2& a) noexcept
{
    // Complex method (p = 3 mod 4, u^2 = -1): with n = sqrt(a0^2 + a1^2), a root is x0 + x1 u
    // where x0^2 = (a0 + n)/2 (or (a0 - n)/2, whichever is a square) and x1 = a1 / (2 x0).
    if (a.c1.is_zero()) {
        if (fp_is_square(a.c0))
            return Fp2{*fp_sqrt(a.c0), Fp::zero()};
        return Fp2{Fp::zero(), *fp_sqrt(-a.c0)};  // -1 is not a square: -a0 is
    }
    const auto n = fp_sqrt(a.c0.square() + a.c1.square());
    if (!n)
        return std::nullopt;
    const Fp inv2 = constants().inv2;
    Fp t = (a.c0 + *n) * inv2;
    if (!fp_is_square(t))
        t = (a.c0 - *n) * inv2;
    const auto x0 = fp_sqrt(t);
    if (!x0 || x0->is_zero())
        return std::nullopt;
    const Fp x1 = a.c1 * fp_inverse(*x0 + *x0);
    const Fp2 r{*x0, x1};
    if (!(r.square() == a))
        return std::nullopt;
    return r;
}

bool fp2_sgn0(const Fp2& a) noexcept
{
    const bool sign0 = fp_sgn0(a.c0);
    const bool zero0 = a.c0.is_zero();
    const bool sign1 = fp_sgn0(a.c1);
    return sign0 || (zero0 && sign1);
}

Fp12 Fp12::frobenius() const noexcept
{
    // Coefficients by power of w: w^0 c0.c0, w^1 c1.c0, w^2 c0.c1, w^3 c1.c1, w^4 c0.c2,
    // w^5 c1.c2. (a w^i)^p = conj(a) gamma[i] w^i.
    const auto& g = constants().gamma;
    Fp12 r;
    r.c0.c0 = c0.c0.conjugate();
    r.c1.c0 = c1.c0.conjugate() * g[1];
    r.c0.c1 = c0.c1.conjugate() * g[2];
    r.c1.c1 = c1.c1.conjugate() * g[3];
    r.c0.c2 = c0.c2.conjugate() * g[4];
    r.c1.c2 = c1.c2.conjugate() * g[5];
    return r;
}

Fp12 Fp12::cyclotomic_square() const noexcept
{
    // Granger and Scott, "Faster squaring in the cyclotomic subgroup of sixth degree
    // extensions" (PKC 2010), §3.2: view Fp12 as Fp4^3 with Fp4 = Fp2[s]/(s^2 - xi); the pairs
    // (z0, z1), (z2, z3), (z4, z5) are its coefficients.
    Fp2 z0 = c0.c0, z4 = c0.c1, z3 = c0.c2, z2 = c1.c0, z1 = c1.c1, z5 = c1.c2;
    auto fp4_square = [](const Fp2& a, const Fp2& b, Fp2& lo, Fp2& hi) noexcept {
        const Fp2 a2 = a.square();
        const Fp2 b2 = b.square();
        lo = b2.mul_by_xi() + a2;
        hi = (a + b).square() - a2 - b2;
    };
    Fp2 t0, t1, t2, t3, t4, t5;
    fp4_square(z0, z1, t0, t1);
    fp4_square(z2, z3, t2, t3);
    fp4_square(z4, z5, t4, t5);
    z0 = t0 - z0;
    z0 = z0 + z0 + t0;
    z1 = t1 + z1;
    z1 = z1 + z1 + t1;
    const Fp2 xt5 = t5.mul_by_xi();
    z2 = xt5 + z2;
    z2 = z2 + z2 + xt5;
    z3 = t4 - z3;
    z3 = z3 + z3 + t4;
    z4 = t2 - z4;
    z4 = z4 + z4 + t2;
    z5 = t3 + z5;
    z5 = z5 + z5 + t3;
    return {{z0, z4, z3}, {z2, z1, z5}};
}

// ---- groups -----------------------------------------------------------------------------------

const G1& g1_generator() noexcept
{
    return constants().g1;
}

const G2& g2_generator() noexcept
{
    return constants().g2;
}

bool on_curve(const G1& p) noexcept
{
    if (p.infinity)
        return true;
    return p.y.square() == p.x.square() * p.x + curve_b(static_cast<const Fp*>(nullptr));
}

bool on_curve(const G2& p) noexcept
{
    if (p.infinity)
        return true;
    return p.y.square() == p.x.square() * p.x + curve_b(static_cast<const Fp2*>(nullptr));
}

bool in_subgroup(const G1& p) noexcept
{
    // -x^2 = lambda^2 where lambda = x^2 - 1 is a cube root of unity mod r (r = x^4 - x^2 + 1),
    // so on G1 one of the two endomorphisms (beta x, y) acts as [-x^2]; Scott (ePrint
    // 2021/1130, §6) shows that phi(P) == [-x^2]P holds only on G1 for BLS12-381. beta is chosen
    // at start-up as the one for which the generator passes.
    return in_subgroup(p, nullptr);
}

bool in_subgroup(const G1& p, Jacobian<Fp>* abs_x_p) noexcept
{
    if (p.infinity) {
        if (abs_x_p != nullptr)
            *abs_x_p = {};
        return true;
    }
    const Fp& beta = g1_beta();
    const Jacobian<Fp> xp = mul_u64(p, kAbsX);
    if (abs_x_p != nullptr)
        *abs_x_p = xp;
    const Jacobian<Fp> lhs = mul_u64(xp, kAbsX);
    const Jacobian<Fp> rhs{p.x * beta, -p.y, Fp::one()};
    return equal(lhs, rhs);
}

bool in_subgroup(const G2& p) noexcept
{
    // Scott (ePrint 2021/1130, §4): for BLS12 curves Q is in G2 exactly when psi(Q) == [x]Q.
    // x < 0: [x]Q + psi(Q) = psi(Q) - [|x|]Q.
    if (p.infinity)
        return true;
    return equal(psi(to_jacobian(p)), neg(mul_u64(p, kAbsX)));
}

bool in_subgroup_by_order(const G1& p) noexcept
{
    static const FixedBytes<32> r = order_be();
    return mul_be(to_jacobian(p), r.data(), 32).is_infinity();
}

bool in_subgroup_by_order(const G2& p) noexcept
{
    static const FixedBytes<32> r = order_be();
    return mul_be(to_jacobian(p), r.data(), 32).is_infinity();
}

G1 add(const G1& a, const G1& b) noexcept
{
    return to_affine(add_mixed(to_jacobian(a), b));
}

G2 add(const G2& a, const G2& b) noexcept
{
    return to_affine(add_mixed(to_jacobian(a), b));
}

G1 negate(const G1& a) noexcept
{
    return a.infinity ? a : G1{a.x, -a.y, false};
}

G2 negate(const G2& a) noexcept
{
    return a.infinity ? a : G2{a.x, -a.y, false};
}

G1 mul(const G1& p, BytesView scalar_be) noexcept
{
    return to_affine(mul_be(to_jacobian(p), scalar_be.data(), scalar_be.size()));
}

G2 mul(const G2& p, BytesView scalar_be) noexcept
{
    return to_affine(mul_be(to_jacobian(p), scalar_be.data(), scalar_be.size()));
}

G1 msm(std::span<const G1> points, std::span<const FixedBytes<32>> scalars)
{
    BLEND_ASSERT(points.size() == scalars.size());
    std::vector<G1> pts;
    std::vector<Digit> ks;
    pts.reserve(2 * points.size());
    ks.reserve(2 * points.size());
    for (size_t i = 0; i < points.size(); ++i)
        expand_g1(points[i], scalars[i], pts, ks);
    return to_affine(multi_mul<Fp>(pts, ks, 128));
}

G2 msm(std::span<const G2> points, std::span<const FixedBytes<32>> scalars)
{
    BLEND_ASSERT(points.size() == scalars.size());
    std::vector<G2> pts;
    std::vector<Digit> ks;
    pts.reserve(4 * points.size());
    ks.reserve(4 * points.size());
    for (size_t i = 0; i < points.size(); ++i)
        expand_g2(points[i], scalars[i], pts, ks);
    return to_affine(multi_mul<Fp2>(pts, ks, 64));
}

namespace {

/// Affine forms of Jacobian points with one inversion (Montgomery's batch trick); points at
/// infinity map to infinity.
std::vector<G1> batch_to_affine(std::span<const Jacobian<Fp>> pts)
{
    std::vector<G1> out(pts.size());
    std::vector<Fp> prefix(pts.size());
    Fp acc = Fp::one();
    for (size_t i = 0; i < pts.size(); ++i) {
        prefix[i] = acc;
        if (!pts[i].is_infinity())
            acc *= pts[i].z;
    }
    Fp inv = fp_inverse(acc);
    for (size_t i = pts.size(); i-- > 0;) {
        if (pts[i].is_infinity())
            continue;
        const Fp zi = inv * prefix[i];  // 1 / z_i
        inv *= pts[i].z;
        const Fp zi2 = zi.square();
        out[i] = {pts[i].x * zi2, pts[i].y * zi2 * zi, false};
    }
    return out;
}

/// Width-5 non-adjacent form of a 128-bit digit: odd digits in [-15, 15], at most one non-zero
/// digit in any five consecutive positions; out[i] is the digit of 2^i (129 positions).
std::array<int8_t, 130> wnaf5(const Digit& k) noexcept
{
    std::array<int8_t, 130> out{};
    uint64_t v[3] = {k[0], k[1], 0};  // k - sum d_i 2^i stays non-negative and below 2^129
    for (size_t i = 0; i < out.size() && (v[0] | v[1] | v[2]) != 0; ++i) {
        if (v[0] & 1) {
            int d = static_cast<int>(v[0] & 31);
            if (d > 16)
                d -= 32;
            out[i] = static_cast<int8_t>(d);
            if (d > 0) {
                v[0] -= static_cast<uint64_t>(d);  // clears the low five bits: no borrow
            } else {
                const uint64_t old = v[0];
                v[0] += static_cast<uint64_t>(-d);
                if (v[0] < old && ++v[1] == 0)
                    ++v[2];
            }
        }
        v[0] = (v[0] >> 1) | (v[1] << 63);
        v[1] = (v[1] >> 1) | (v[2] << 63);
        v[2] >>= 1;
    }
    return out;
}

/// Width-kFixedWindow NAF of a 64-bit digit: odd digits in [-127, 127], at most one non-zero
/// digit in any eight consecutive positions; out[i] is the digit of 2^i (a w-NAF is at most one
/// position longer than the binary form: 65).
constexpr unsigned kFixedWindow = 8;
std::array<int8_t, 65> wnaf_fixed(uint64_t k) noexcept
{
    std::array<int8_t, 65> out{};
    u128 v = k;  // k - sum d_i 2^i stays non-negative and below 2^65
    constexpr int kFull = 1 << kFixedWindow;
    for (size_t i = 0; i < out.size() && v != 0; ++i) {
        if ((v & 1) != 0) {
            int d = static_cast<int>(v & (kFull - 1));
            if (d >= kFull / 2)
                d -= kFull;
            out[i] = static_cast<int8_t>(d);
            if (d > 0)
                v -= static_cast<u128>(d);
            else
                v += static_cast<u128>(-d);
        }
        v >>= 1;
    }
    BLEND_ASSERT(v == 0);
    return out;
}

/// acc + [a]B over the fixed table at NAF position i (a's four base-|x| digits' width-8 NAFs).
void add_fixed_digits(Jacobian<Fp>& acc,
                      const G1FixedTable& b,
                      const std::array<std::array<int8_t, 65>, 4>& naf,
                      size_t i) noexcept
{
    for (size_t t = 0; t < 4; ++t) {
        const int dig = naf[t][i];
        if (dig > 0)
            acc = add_mixed(acc, b.points[G1FixedTable::kOdd * t + static_cast<size_t>(dig) / 2]);
        else if (dig < 0)
            acc = add_mixed(
                acc, negate(b.points[G1FixedTable::kOdd * t + static_cast<size_t>(-dig) / 2]));
    }
}

std::array<std::array<int8_t, 65>, 4> fixed_nafs(const FixedBytes<32>& a) noexcept
{
    const auto d = base_x_digits(a);
    return {wnaf_fixed(d[0]), wnaf_fixed(d[1]), wnaf_fixed(d[2]), wnaf_fixed(d[3])};
}

}  // namespace

G1FixedTable g1_fixed_table(const G1& b)
{
    // a is taken mod r through its base-|x| digits, which needs B of order r.
    BLEND_ASSERT(!b.infinity && in_subgroup(b));
    static_assert(G1FixedTable::kOdd == 1u << (kFixedWindow - 2));
    std::vector<Jacobian<Fp>> jac;
    jac.reserve(4 * G1FixedTable::kOdd);
    Jacobian<Fp> base = to_jacobian(b);
    for (size_t t = 0; t < 4; ++t) {
        const Jacobian<Fp> twice = dbl(base);
        Jacobian<Fp> m = base;
        for (size_t j = 0; j < G1FixedTable::kOdd; ++j) {
            jac.push_back(m);
            m = add(m, twice);
        }
        base = mul_u64(base, kAbsX);  // [|x|^(t+1)]B
    }
    return {batch_to_affine(jac)};
}

G1 g1_fixed_plus_mul(const G1& c,
                     const G1FixedTable& b,
                     const FixedBytes<32>& a,
                     const G1& p,
                     const FixedBytes<32>& k)
{
    // Without a subgroup check's [|x|]P at hand: 64 doublings for it, then the four-digit form.
    const Jacobian<Fp> abs_x_p = p.infinity ? Jacobian<Fp>{} : mul_u64(p, kAbsX);
    return g1_fixed_plus_mul(c, b, a, p, abs_x_p, k);
}

G1 g1_fixed_plus_mul(const G1& c,
                     const G1FixedTable& b,
                     const FixedBytes<32>& a,
                     const G1& p,
                     const Jacobian<Fp>& abs_x_p,
                     const FixedBytes<32>& k)
{
    BLEND_ASSERT(b.points.size() == 4 * G1FixedTable::kOdd);
    const auto fixed = fixed_nafs(a);
    Jacobian<Fp> acc;
    if (p.infinity) {
        for (size_t i = 65; i-- > 0;) {
            acc = dbl(acc);
            add_fixed_digits(acc, b, fixed, i);
        }
    } else {
        // k mod r = d0 + d1 |x| + (d2 + d3 |x|) x^2 with d_i < |x| < 2^64 (base_x_digits), and
        // [x^2]P = Q = (beta x, -y) (expand_g1), so k P = d0 P + d1 X + d2 Q + d3 (beta X.x, -X.y)
        // for X = [|x|]P: four 64-bit digits over 65 doublings instead of two 128-bit digits
        // over 129. Odd multiples 1, 3, .., 15 of P and X in affine form (one inversion), those
        // of Q and of X's image by the endomorphism.
        BLEND_ASSERT(!abs_x_p.is_infinity());  // P != O in G1 of prime order r > |x|
        const auto d = base_x_digits(k);
        std::array<Jacobian<Fp>, 16> odd;
        for (size_t t = 0; t < 2; ++t) {
            odd[8 * t] = t == 0 ? to_jacobian(p) : abs_x_p;
            const Jacobian<Fp> twice = dbl(odd[8 * t]);
            for (size_t i = 1; i < 8; ++i)
                odd[8 * t + i] = add(odd[8 * t + i - 1], twice);
        }
        const std::vector<G1> aff = batch_to_affine(odd);
        std::array<std::array<G1, 8>, 4> tables;
        for (size_t i = 0; i < 8; ++i) {
            tables[0][i] = aff[i];
            tables[1][i] = aff[8 + i];
            tables[2][i] = {aff[i].x * g1_beta(), -aff[i].y, false};
            tables[3][i] = {aff[8 + i].x * g1_beta(), -aff[8 + i].y, false};
        }
        const std::array<std::array<int8_t, 130>, 4> naf{
            wnaf5(Digit{d[0], 0}), wnaf5(Digit{d[1], 0}), wnaf5(Digit{d[2], 0}),
            wnaf5(Digit{d[3], 0})};
        auto add_digit = [&acc](int dig, const std::array<G1, 8>& table) {
            if (dig > 0)
                acc = add_mixed(acc, table[static_cast<size_t>(dig) / 2]);
            else if (dig < 0)
                acc = add_mixed(acc, negate(table[static_cast<size_t>(-dig) / 2]));
        };
        // A 64-bit digit's width-5 NAF has at most 65 positions.
        for (size_t i = 65; i-- > 0;) {
            acc = dbl(acc);
            for (size_t t = 0; t < 4; ++t)
                add_digit(naf[t][i], tables[t]);
            add_fixed_digits(acc, b, fixed, i);
        }
    }
    return to_affine(add_mixed(acc, c));
}

G1 mul_subgroup(const G1& p, const FixedBytes<32>& k)
{
    return msm(std::span<const G1>(&p, 1), std::span<const FixedBytes<32>>(&k, 1));
}

G2 mul_subgroup(const G2& p, const FixedBytes<32>& k)
{
    return msm(std::span<const G2>(&p, 1), std::span<const FixedBytes<32>>(&k, 1));
}

// ---- cofactor clearing (used by the maps) -------------------------------------------------------

namespace {

Jacobian<Fp> clear_cofactor_g1(const Jacobian<Fp>& p) noexcept
{
    // RFC 9380 §8.8.1: h_eff = 1 - x = 0xd201000000010001.
    return mul_u64(p, kAbsX + 1);
}

Jacobian<Fp2> clear_cofactor_g2(const Jacobian<Fp2>& p) noexcept
{
    // RFC 9380 Appendix G.3 (Budroni-Pintore): [x^2 - x - 1]P + [x - 1]psi(P) + psi^2(2P),
    // evaluated as in its steps 1-10 with c1 = x < 0.
    const Jacobian<Fp2> t1 = neg(mul_u64(p, kAbsX));  // x P
    Jacobian<Fp2> t2 = psi(p);
    Jacobian<Fp2> t3 = psi(psi(dbl(p)));
    t3 = add(t3, neg(t2));
    t2 = add(t1, t2);
    t2 = neg(mul_u64(t2, kAbsX));
    t3 = add(t3, t2);
    t3 = add(t3, neg(t1));
    return add(t3, neg(p));
}

}  // namespace

G2 clear_cofactor_g2_by_heff(const G2& q) noexcept
{
    // RFC 9380 §8.8.2 h_eff.
    static const auto heff = [] {
        const char* hex =
            "0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf"
            "015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551";
        std::array<uint8_t, 80> out{};
        const size_t n = std::strlen(hex);
        BLEND_ASSERT(n == 160);
        for (size_t i = 0; i < 80; ++i) {
            auto nib = [](char c) {
                return static_cast<uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
            };
            out[i] = static_cast<uint8_t>((nib(hex[2 * i]) << 4) | nib(hex[2 * i + 1]));
        }
        return out;
    }();
    return to_affine(mul_be(to_jacobian(q), heff.data(), heff.size()));
}

// ---- pairing ----------------------------------------------------------------------------------

Fp12 miller_loop(std::span<const G1> ps, std::span<const G2> qs)
{
    BLEND_ASSERT(ps.size() == qs.size());
    std::vector<G1> p;
    std::vector<G2> q;
    for (size_t i = 0; i < ps.size(); ++i)
        if (!ps[i].infinity && !qs[i].infinity) {
            p.push_back(ps[i]);
            q.push_back(qs[i]);
        }
    Fp12 f = Fp12::one();
    if (p.empty())
        return f;
    std::vector<Jacobian<Fp2>> t;
    t.reserve(q.size());
    for (const G2& qi : q)
        t.push_back(to_jacobian(qi));
    // Optimal ate for BLS12: f_{|x|,Q}(P) over the bits of |x| below the top one, then
    // conjugated because x < 0 (f^-1 and its conjugate agree after the final exponentiation).
    for (int bit = 62; bit >= 0; --bit) {
        f = f.square();
        for (size_t i = 0; i < p.size(); ++i)
            f = mul_by_line(f, double_step(t[i], p[i]));
        if ((kAbsX >> bit) & 1)
            for (size_t i = 0; i < p.size(); ++i)
                f = mul_by_line(f, add_step(t[i], q[i], p[i]));
    }
    return f.conjugate();
}

G2Prepared prepare_g2(const G2& q)
{
    G2Prepared out;
    out.infinity = q.infinity;
    if (q.infinity)
        return out;
    // The step functions evaluated at P = (1, 1) give the lines with P factored out (the xP and
    // yP factors are plain multiplications of the v and v w coefficients).
    const G1 one{Fp::one(), Fp::one(), false};
    auto keep = [&out](const Line& l) { out.lines.push_back({l.a, l.b, l.c}); };
    Jacobian<Fp2> t = to_jacobian(q);
    for (int bit = 62; bit >= 0; --bit) {
        keep(double_step(t, one));
        if ((kAbsX >> bit) & 1)
            keep(add_step(t, q, one));
    }
    return out;
}

Fp12 miller_loop(std::span<const G1> ps, std::span<const G2Prepared* const> qs)
{
    BLEND_ASSERT(ps.size() == qs.size());
    std::vector<size_t> live;
    for (size_t i = 0; i < ps.size(); ++i)
        if (!ps[i].infinity && !qs[i]->infinity)
            live.push_back(i);
    Fp12 f = Fp12::one();
    if (live.empty())
        return f;
    // The same loop as above, reading the lines instead of computing them.
    size_t j = 0;
    auto line_at = [&](size_t i) {
        const G2Prepared::Coeffs& c = qs[i]->lines[j];
        return Line{c.a, c.b * ps[i].x, c.c * ps[i].y};
    };
    // One step's lines into f. Two pairs (KZG) multiply their lines together first (23 Fp2
    // products, not 26); with f = 1 (the first step: 1^2 = 1) the lines are f.
    auto step = [&](bool first) {
        if (live.size() == 2) {
            const LinePair m = mul_lines(line_at(live[0]), line_at(live[1]));
            f = first ? Fp12{m.m, Fp6{Fp2::zero(), m.n1, m.n2}} : mul_by_line_pair(f, m);
            return;
        }
        for (size_t k = 0; k < live.size(); ++k) {
            const Line l = line_at(live[k]);
            if (first && k == 0)
                f = Fp12{Fp6{l.a, l.b, Fp2::zero()}, Fp6{Fp2::zero(), l.c, Fp2::zero()}};
            else
                f = mul_by_line(f, l);
        }
    };
    for (int bit = 62; bit >= 0; --bit) {
        if (bit == 62)
            step(true);
        else {
            f = f.square();
            step(false);
        }
        ++j;
        if ((kAbsX >> bit) & 1) {
            step(false);
            ++j;
        }
    }
    return f.conjugate();
}

G2PreparedPair prepare_g2_pair(const G2Prepared& q0, const G2Prepared& q1)
{
    BLEND_ASSERT(!q0.infinity && !q1.infinity && q0.lines.size() == q1.lines.size());
    G2PreparedPair out;
    out.steps.reserve(q0.lines.size());
    for (size_t j = 0; j < q0.lines.size(); ++j) {
        const G2Prepared::Coeffs& l = q0.lines[j];
        const G2Prepared::Coeffs& r = q1.lines[j];
        out.steps.push_back({l.a * r.a, (l.c * r.c).mul_by_xi(), l.a * r.b, l.b * r.a, l.b * r.b,
                             l.a * r.c, l.c * r.a, l.b * r.c, l.c * r.b});
    }
    return out;
}

Fp12 miller_loop(const G1& p0, const G1& p1, const G2PreparedPair& q)
{
    BLEND_ASSERT(!p0.infinity && !p1.infinity);
    // The lines at P0 and P1 are (a, b x0, c y0) and (a', b' x1, c' y1); their product
    // (mul_lines) is M0 = (a a' + xi c c' y0 y1) + (a b' x1 + b a' x0) v + b b' x0 x1 v^2 and
    // M1 = (a c' y1 + c a' y0) v + (b c' x0 y1 + c b' y0 x1) v^2: the constants times products
    // of the coordinates, 16 Fp products per step.
    const Fp x0x1 = p0.x * p1.x;
    const Fp y0y1 = p0.y * p1.y;
    const Fp x0y1 = p0.x * p1.y;
    const Fp y0x1 = p0.y * p1.x;
    size_t j = 0;
    auto line_pair = [&] {
        const G2PreparedPair::Coeffs& k = q.steps[j++];
        LinePair m;
        m.m.c0 = k.aa + k.xi_cc * y0y1;
        m.m.c1 = k.ab * p1.x + k.ba * p0.x;
        m.m.c2 = k.bb * x0x1;
        m.n1 = k.ac * p1.y + k.ca * p0.y;
        m.n2 = k.bc * x0y1 + k.cb * y0x1;
        return m;
    };
    // The loop of miller_loop() above with two live pairs.
    Fp12 f;
    for (int bit = 62; bit >= 0; --bit) {
        if (bit == 62) {
            const LinePair m = line_pair();
            f = Fp12{m.m, Fp6{Fp2::zero(), m.n1, m.n2}};  // f = 1 before the first step
        } else {
            f = mul_by_line_pair(f.square(), line_pair());
        }
        if ((kAbsX >> bit) & 1)
            f = mul_by_line_pair(f, line_pair());
    }
    BLEND_ASSERT(j == q.steps.size());
    return f.conjugate();
}

namespace {

/// The final exponentiation without its last product: f after the easy part and
/// t = f^((x-1)^2 (x+p)(x^2+p^2-1)), so that the result is t f^3.
std::pair<Fp12, Fp12> final_exponentiation_parts(const Fp12& in) noexcept
{
    // Easy part: f^((p^6 - 1)(p^2 + 1)), which lands in the cyclotomic subgroup.
    Fp12 f = in.conjugate() * in.inverse();
    f = f.frobenius().frobenius() * f;
    // Hard part, cubed: 3 (p^4 - p^2 + 1)/r = (x - 1)^2 (x + p)(x^2 + p^2 - 1) + 3
    // (Hayashida, Hayasaka, Teruya, "Efficient final exponentiation via cyclotomic structure for
    // pairings over families of elliptic curves", ePrint 2020/875).
    Fp12 t = pow_x(f) * f.conjugate();                                // f^(x-1)
    t = pow_x(t) * t.conjugate();                                     // f^((x-1)^2)
    t = pow_x(t) * t.frobenius();                                     // ...^(x+p)
    t = pow_x(pow_x(t)) * t.frobenius().frobenius() * t.conjugate();  // ...^(x^2+p^2-1)
    return {t, f};
}

}  // namespace

Fp12 final_exponentiation(const Fp12& in) noexcept
{
    const auto [t, f] = final_exponentiation_parts(in);
    return t * f.cyclotomic_square() * f;
}

bool final_exponentiation_is_one(const Fp12& in) noexcept
{
    // t f^3 == 1 exactly when t f^2 == f^-1, and on the cyclotomic subgroup f^-1 is the
    // conjugate: one Fp12 product less than computing the value.
    const auto [t, f] = final_exponentiation_parts(in);
    return t * f.cyclotomic_square() == f.conjugate();
}

bool pairing_check(std::span<const G1> ps, std::span<const G2> qs)
{
    return final_exponentiation_is_one(miller_loop(ps, qs));
}

// ---- encodings --------------------------------------------------------------------------------

Result<Fp, PrecompileError> decode_fp(const uint8_t* in) noexcept
{
    // EIP-2537: 64 bytes, the top 16 zero, the value < p.
    for (size_t i = 0; i < 16; ++i)
        if (in[i] != 0)
            return Unexpected{PrecompileError::kInvalidFieldElement};
    const auto f = read_fp48(in + 16);
    if (!f)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    return *f;
}

Result<G1, PrecompileError> decode_g1(const uint8_t* in, bool subgroup) noexcept
{
    BLEND_TRY(const Fp x, decode_fp(in));
    BLEND_TRY(const Fp y, decode_fp(in + 64));
    if (x.is_zero() && y.is_zero())
        return G1{};  // EIP-2537: all zeros is the point at infinity
    const G1 p{x, y, false};
    if (!on_curve(p))
        return Unexpected{PrecompileError::kPointNotOnCurve};
    if (subgroup && !in_subgroup(p))
        return Unexpected{PrecompileError::kPointNotInSubgroup};
    return p;
}

Result<G2, PrecompileError> decode_g2(const uint8_t* in, bool subgroup) noexcept
{
    BLEND_TRY(const Fp x0, decode_fp(in));
    BLEND_TRY(const Fp x1, decode_fp(in + 64));
    BLEND_TRY(const Fp y0, decode_fp(in + 128));
    BLEND_TRY(const Fp y1, decode_fp(in + 192));
    const G2 p{{x0, x1}, {y0, y1}, false};
    if (p.x.is_zero() && p.y.is_zero())
        return G2{};
    if (!on_curve(p))
        return Unexpected{PrecompileError::kPointNotOnCurve};
    if (subgroup && !in_subgroup(p))
        return Unexpected{PrecompileError::kPointNotInSubgroup};
    return p;
}

void encode_fp(uint8_t* out, const Fp& f) noexcept
{
    std::memset(out, 0, 16);
    const auto b = f.to_bytes_be();
    std::memcpy(out + 16, b.data(), 48);
}

void encode_g1(uint8_t* out, const G1& p) noexcept
{
    if (p.infinity) {
        std::memset(out, 0, 128);
        return;
    }
    encode_fp(out, p.x);
    encode_fp(out + 64, p.y);
}

void encode_g2(uint8_t* out, const G2& p) noexcept
{
    if (p.infinity) {
        std::memset(out, 0, 256);
        return;
    }
    encode_fp(out, p.x.c0);
    encode_fp(out + 64, p.x.c1);
    encode_fp(out + 128, p.y.c0);
    encode_fp(out + 192, p.y.c1);
}

namespace {

// ZCash serialisation flags (the first byte of a compressed point).
constexpr uint8_t kFlagCompressed = 0x80;
constexpr uint8_t kFlagInfinity = 0x40;
constexpr uint8_t kFlagSign = 0x20;

/// Checks the flags; returns true for a valid infinity encoding, false for a finite point, or
/// an error.
Result<bool, PrecompileError> compressed_flags(BytesView in) noexcept
{
    const uint8_t flags = in[0] & 0xe0;
    if ((flags & kFlagCompressed) == 0)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    if ((flags & kFlagInfinity) != 0) {
        if ((flags & kFlagSign) != 0 || (in[0] & 0x1f) != 0)
            return Unexpected{PrecompileError::kInvalidFieldElement};
        for (size_t i = 1; i < in.size(); ++i)
            if (in[i] != 0)
                return Unexpected{PrecompileError::kInvalidFieldElement};
        return true;
    }
    return false;
}

}  // namespace

Result<G1, PrecompileError> decompress_g1(BytesView in) noexcept
{
    return decompress_g1(in, nullptr);
}

Result<G1, PrecompileError> decompress_g1(BytesView in, Jacobian<Fp>* abs_x_p) noexcept
{
    if (abs_x_p != nullptr)
        *abs_x_p = {};
    if (in.size() != 48)
        return Unexpected{PrecompileError::kInvalidInputLength};
    BLEND_TRY(const bool infinity, compressed_flags(in));
    if (infinity)
        return G1{};
    std::array<uint8_t, 48> xb;
    std::memcpy(xb.data(), in.data(), 48);
    xb[0] &= 0x1f;
    const auto x = read_fp48(xb.data());
    if (!x)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    const auto y = fp_sqrt(x->square() * *x + Fp::from_u64(4));
    if (!y)
        return Unexpected{PrecompileError::kPointNotOnCurve};
    const bool want_larger = (in[0] & kFlagSign) != 0;
    const Fp ny = -*y;
    const G1 p{*x, fp_lex_greater(*y, ny) == want_larger ? *y : ny, false};
    if (!in_subgroup(p, abs_x_p))
        return Unexpected{PrecompileError::kPointNotInSubgroup};
    return p;
}

Result<G2, PrecompileError> decompress_g2(BytesView in) noexcept
{
    if (in.size() != 96)
        return Unexpected{PrecompileError::kInvalidInputLength};
    BLEND_TRY(const bool infinity, compressed_flags(in));
    if (infinity)
        return G2{};
    std::array<uint8_t, 96> xb;
    std::memcpy(xb.data(), in.data(), 96);
    xb[0] &= 0x1f;
    const auto x1 = read_fp48(xb.data());  // imaginary part first
    const auto x0 = read_fp48(xb.data() + 48);
    if (!x0 || !x1)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    const Fp2 x{*x0, *x1};
    const auto y = fp2_sqrt(x.square() * x + curve_b(static_cast<const Fp2*>(nullptr)));
    if (!y)
        return Unexpected{PrecompileError::kPointNotOnCurve};
    const Fp2 ny = -*y;
    // Lexicographic order on Fp2 compares the imaginary part first.
    const bool larger =
        y->c1 == ny.c1 ? fp_lex_greater(y->c0, ny.c0) : fp_lex_greater(y->c1, ny.c1);
    const bool want_larger = (in[0] & kFlagSign) != 0;
    const G2 p{x, larger == want_larger ? *y : ny, false};
    if (!in_subgroup(p))
        return Unexpected{PrecompileError::kPointNotInSubgroup};
    return p;
}

// ---- hash-to-curve maps (RFC 9380) -------------------------------------------------------------

namespace {

// RFC 9380 Appendix E.2: the 11-isogeny E' -> E for BLS12381G1, k_(i,j) by ascending power j
// (x_den and y_den are monic; their leading 1 is implicit).
const char* const kIso11XNum[] = {
    "11a05f2b1e833340b809101dd99815856b303e88a2d7005f"
    "f2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7",
    "17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417"
    "f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb",
    "0d54005db97678ec1d1048c5d10a9a1bce032473295983e5"
    "6878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0",
    "1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25"
    "f1b33289f1b330835336e25ce3107193c5b388641d9b6861",
    "0e99726a3199f4436642b4b3e4118e5499db995a1257fb3f"
    "086eeb65982fac18985a286f301e77c451154ce9ac8895d9",
    "1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b"
    "9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983",
    "0d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce1"
    "9008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84",
    "17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1"
    "a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e",
    "080d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574"
    "a2c596c928c5d1de4fa295f296b74e956d71986a8497e317",
    "169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99"
    "676314baf4bb1b7fa3190b2edc0327797f241067be390c9e",
    "10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96"
    "d50af36003b14866f69b771f8c285decca67df3f1605fb7b",
    "06e08c248e260e70bd1e962381edee3d31d79d7e22c837bc"
    "23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229",
};
const char* const kIso11XDen[] = {
    "08ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba"
    "9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c",
    "12561a5deb559c4348b4711298e536367041e8ca0cf0800c"
    "0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff",
    "0b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1"
    "fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19",
    "03425581a58ae2fec83aafef7c40eb545b08243f16b16551"
    "54cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8",
    "13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb"
    "8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e",
    "0e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d"
    "0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5",
    "0772caacf16936190f3e0c63e0596721570f5799af53a189"
    "4e2e073062aede9cea73b3538f0de06cec2574496ee84a3a",
    "14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a8"
    "1996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e",
    "0a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b"
    "74100da67f39883503826692abba43704776ec3a79a1d641",
    "095fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d037"
    "76df533978f31c1593174e4b4b7865002d6384d168ecdd0a",
};
const char* const kIso11YNum[] = {
    "090d97c81ba24ee0259d1f094980dcfa11ad138e48a86952"
    "2b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33",
    "134996a104ee5811d51036d776fb46831223e96c254f383d"
    "0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696",
    "00cc786baa966e66f4a384c86a3b49942552e2d658a31ce2"
    "c344be4b91400da7d26d521628b00523b8dfe240c72de1f6",
    "01f86376e8981c217898751ad8746757d42aa7b90eeb791c"
    "09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb",
    "08cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b8"
    "79833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb",
    "16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd"
    "76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0",
    "04ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb"
    "5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2",
    "0987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81f"
    "fd038da6c26c842642f64550fedfe935a15e4ca31870fb29",
    "09fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c"
    "1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587",
    "0e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe"
    "06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30",
    "19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493f"
    "d1183e416389e61031bf3a5cce3fbafce813711ad011c132",
    "18b46a908f36f6deb918c143fed2edcc523559b8aaf0c246"
    "2e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e",
    "0b182cac101b9399d155096004f53f447aa7b12a3426b08e"
    "c02710e807b4633f06c851c1919211f20d4c04f00b971ef8",
    "0245a394ad1eca9b72fc00ae7be315dc757b3b080d4c1580"
    "13e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133",
    "05c129645e44cf1102a159f748c4a3fc5e673d81d7e86568"
    "d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b",
    "15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a39"
    "57add4fa95af01b2b665027efec01c7704b456be69c8b604",
};
const char* const kIso11YDen[] = {
    "16112c4c3a9c98b252181140fad0eae9601a6de578980be6"
    "eec3232b5be72e7a07f3688ef60c206d01479253b03663c1",
    "1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59c"
    "a4a10356f453e01f78a4260763529e3532f6102c2e49a03d",
    "058df3306640da276faaae7d6e8eb15778c4855551ae7f31"
    "0c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2",
    "16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e"
    "123da489e726af41727364f2c28297ada8d26d98445f5416",
    "0be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0"
    "542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d",
    "08d9e5297186db2d9fb266eaac783182b70152c65550d881"
    "c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac",
    "166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef"
    "5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c",
    "16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7"
    "feb34fd206357132b920f5b00801dee460ee415a15812ed9",
    "1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920"
    "abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a",
    "167a55cda70a6e1cea820597d94a84903216f763e13d87bb"
    "5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55",
    "04d2f259eea405bd48f010a01ad2911d9c6dd039bb61a629"
    "0e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8",
    "0accbb67481d033ff5852c1e48c50c477f94ff8aefce42d2"
    "8c0f9a88cea7913516f968986f7ebbea9684b529e2561092",
    "0ad6b9514c767fe3c3613144b45f1496543346d98adf0226"
    "7d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc",
    "02660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1"
    "cb748df27942480e420517bd8714cc80d1fadc1326ed06f7",
    "0e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853"
    "324efcd6356caa205ca2f570f13497804415473a1d634b8f",
};

/// The RFC's values for E' and the isogenies, converted once.
struct MapConstants {
    // RFC 9380 §8.8.1: E': y^2 = x^3 + A' x + B', Z = 11.
    Fp a1, b1, z1;
    std::vector<Fp> xnum1, xden1, ynum1, yden1;
    // RFC 9380 §8.8.2: E': y^2 = x^3 + 240u x + 1012(1 + u), Z = -(2 + u).
    Fp2 a2, b2, z2;
    // RFC 9380 Appendix E.3: the 3-isogeny for BLS12381G2.
    std::array<Fp2, 4> xnum2, ynum2;
    std::array<Fp2, 2> xden2;
    std::array<Fp2, 3> yden2;

    MapConstants() noexcept
    {
        a1 = fp_from_hex(
            "144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f"
            "5cf428082d584c1d");
        b1 = fp_from_hex(
            "12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316cea"
            "a5d1cc48e98e172be0");
        z1 = Fp::from_u64(11);
        for (const char* h : kIso11XNum)
            xnum1.push_back(fp_from_hex(h));
        for (const char* h : kIso11XDen)
            xden1.push_back(fp_from_hex(h));
        xden1.push_back(Fp::one());
        for (const char* h : kIso11YNum)
            ynum1.push_back(fp_from_hex(h));
        for (const char* h : kIso11YDen)
            yden1.push_back(fp_from_hex(h));
        yden1.push_back(Fp::one());
        a2 = {Fp::zero(), Fp::from_u64(240)};
        b2 = {Fp::from_u64(1012), Fp::from_u64(1012)};
        z2 = {-Fp::from_u64(2), -Fp::one()};
        const Fp k1 = fp_from_hex(
            "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d"
            "9c71c6238aaaaaaaa97d6");
        const Fp k2 = fp_from_hex(
            "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb"
            "8d555526a9ffffffffc71a");
        const Fp k3 = fp_from_hex(
            "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb"
            "8d555526a9ffffffffc71e");
        const Fp k4 = fp_from_hex(
            "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c"
            "6aaaa9354ffffffffe38d");
        const Fp k5 = fp_from_hex(
            "171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f"
            "671c7188e2aaaaaaaa5ed1");
        xnum2 = {Fp2{k1, k1}, Fp2{Fp::zero(), k2}, Fp2{k3, k4}, Fp2{k5, Fp::zero()}};
        xden2 = {
            Fp2{Fp::zero(), fp_from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6"
                                        "b0f6241eabfffeb153ffffb9feffffffffaa63")},
            Fp2{Fp::from_u64(12), fp_from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730"
                                              "d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f")}};
        const Fp k6 = fp_from_hex(
            "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8"
            "c92f6812cfc71c71c6d706");
        const Fp k7 = fp_from_hex(
            "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d"
            "9c71c6238aaaaaaaa97be");
        const Fp k8 = fp_from_hex(
            "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb"
            "8d555526a9ffffffffc71c");
        const Fp k9 = fp_from_hex(
            "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c"
            "6aaaa9354ffffffffe38f");
        const Fp k10 = fp_from_hex(
            "124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a5"
            "6dc4bd9e1b371c71c718b10");
        ynum2 = {Fp2{k6, k6}, Fp2{Fp::zero(), k7}, Fp2{k8, k9}, Fp2{k10, Fp::zero()}};
        const Fp k11 = fp_from_hex(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feff"
            "ffffffa8fb");
        yden2 = {
            Fp2{k11, k11},
            Fp2{Fp::zero(), fp_from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6"
                                        "b0f6241eabfffeb153ffffb9feffffffffa9d3")},
            Fp2{Fp::from_u64(18), fp_from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730"
                                              "d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99")}};
    }
};

const MapConstants& map_constants() noexcept
{
    static const MapConstants c;
    return c;
}

template <typename F, typename Coeffs>
F horner(const Coeffs& k, const F& x) noexcept
{
    F acc = k[k.size() - 1];
    for (size_t i = k.size() - 1; i-- > 0;)
        acc = acc * x + k[i];
    return acc;
}

bool sgn0(const Fp& a) noexcept
{
    return fp_sgn0(a);
}

bool sgn0(const Fp2& a) noexcept
{
    return fp2_sgn0(a);
}

bool is_square(const Fp& a) noexcept
{
    return fp_is_square(a);
}

bool is_square(const Fp2& a) noexcept
{
    return fp2_is_square(a);
}

std::optional<Fp> sqrt(const Fp& a) noexcept
{
    return fp_sqrt(a);
}

std::optional<Fp2> sqrt(const Fp2& a) noexcept
{
    return fp2_sqrt(a);
}

/// RFC 9380 §6.6.2 simplified SWU on y^2 = x^3 + A x + B (A, B != 0), the plain (non
/// constant-time) form: the inputs are public.
template <typename F>
Affine<F> sswu(const F& u, const F& a, const F& b, const F& z) noexcept
{
    const F zu2 = z * u.square();
    const F tv1 = zu2.square() + zu2;  // Z^2 u^4 + Z u^2
    F x1;
    if (tv1.is_zero())
        x1 = b * field_inverse(z * a);  // the exceptional case: x1 = B / (Z A)
    else
        x1 = -b * field_inverse(a) * (F::one() + field_inverse(tv1));
    const F gx1 = (x1.square() + a) * x1 + b;
    F x = x1;
    F gx = gx1;
    if (!is_square(gx1)) {
        x = zu2 * x1;
        gx = (x.square() + a) * x + b;
    }
    const auto y = sqrt(gx);
    BLEND_ASSERT(y.has_value());  // SSWU guarantees that g(x1) or g(x2) is a square
    F yy = *y;
    if (sgn0(u) != sgn0(yy))
        yy = -yy;
    return {x, yy, false};
}

/// (x, y) -> (xnum(x)/xden(x), y ynum(x)/yden(x)); a zero denominator (the isogeny's kernel)
/// maps to the point at infinity.
template <typename F, typename C1, typename C2, typename C3, typename C4>
Affine<F> isogeny(const Affine<F>& p,
                  const C1& xnum,
                  const C2& xden,
                  const C3& ynum,
                  const C4& yden) noexcept
{
    const F xd = horner<F>(xden, p.x);
    const F yd = horner<F>(yden, p.x);
    if (xd.is_zero() || yd.is_zero())
        return {};
    const F inv = field_inverse(xd * yd);
    return {horner<F>(xnum, p.x) * yd * inv, p.y * horner<F>(ynum, p.x) * xd * inv, false};
}

}  // namespace

G1 map_to_curve_g1(const Fp& u) noexcept
{
    const MapConstants& c = map_constants();
    return isogeny(sswu(u, c.a1, c.b1, c.z1), c.xnum1, c.xden1, c.ynum1, c.yden1);
}

G2 map_to_curve_g2(const Fp2& u) noexcept
{
    const MapConstants& c = map_constants();
    std::array<Fp2, 3> xden{c.xden2[0], c.xden2[1], Fp2::one()};
    std::array<Fp2, 4> yden{c.yden2[0], c.yden2[1], c.yden2[2], Fp2::one()};
    return isogeny(sswu(u, c.a2, c.b2, c.z2), c.xnum2, xden, c.ynum2, yden);
}

G1 map_fp_to_g1(const Fp& u) noexcept
{
    return to_affine(clear_cofactor_g1(to_jacobian(map_to_curve_g1(u))));
}

G2 map_fp2_to_g2(const Fp2& u) noexcept
{
    return to_affine(clear_cofactor_g2(to_jacobian(map_to_curve_g2(u))));
}

}  // namespace blend::precompiles::bls12_381
