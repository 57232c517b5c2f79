// SPDX-License-Identifier: Apache-2.0
// BN254 curve arithmetic, the optimal ate pairing, and the 0x06/0x07/0x08 precompiles
// (EIP-196, EIP-197, prices from EIP-1108).
#include "execution/precompiles/bn254.hpp"

#include "execution/precompiles/gmp_inverse.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>
#include <vector>

namespace blend::precompiles::bn254 {

namespace {

__extension__ typedef unsigned __int128 u128;
using field::Limbs;

/// Floor division of little-endian limbs by a small number.
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

Fq2 pow(const Fq2& base, const Limbs<4>& e) noexcept
{
    Fq2 result = Fq2::one();
    for (size_t i = 4; i-- > 0;)
        for (int bit = 63; bit >= 0; --bit) {
            result = result.square();
            if ((e[i] >> bit) & 1)
                result *= base;
        }
    return result;
}

const Fq2 kXi = {Fq::from_u64(9), Fq::from_u64(1)};

/// gamma[i] = xi^(i (p-1)/6): w^p = gamma[1] w, so the Frobenius multiplies the coefficient of
/// w^i by gamma[i] after conjugating it. Computed once from p rather than transcribed.
struct FrobeniusTable {
    std::array<Fq2, 6> gamma;
    FrobeniusTable() noexcept
    {
        Limbs<4> pm1 = FqParams::kModulus;
        pm1[0] -= 1;  // p is odd: no borrow
        const Fq2 g1 = pow(kXi, div_small(pm1, 6));
        gamma[0] = Fq2::one();
        for (size_t i = 1; i < 6; ++i)
            gamma[i] = gamma[i - 1] * g1;
    }
};

const FrobeniusTable& frobenius_table() noexcept
{
    static const FrobeniusTable table;
    return table;
}

// ---- Jacobian arithmetic, shared by G1 (over Fq) and G2 (over Fq2); a = 0 -------------------

template <typename F>
struct Jacobian {
    F x{}, y{}, z{};  // z == 0: infinity
    [[nodiscard]] bool is_infinity() const noexcept { return z.is_zero(); }
};

template <typename F>
Jacobian<F> to_jacobian(const Affine<F>& p) noexcept
{
    if (p.infinity)
        return {};
    if constexpr (std::is_same_v<F, Fq>)
        return {p.x, p.y, Fq::one()};
    else
        return {p.x, p.y, Fq2::one()};
}

template <typename F>
F field_one() noexcept
{
    if constexpr (std::is_same_v<F, Fq>)
        return Fq::one();
    else
        return Fq2::one();
}

template <typename F>
F field_inverse(const F& a) noexcept
{
    if constexpr (std::is_same_v<F, Fq>)
        return fq_inverse(a);
    else
        return a.inverse();
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

// "dbl-2009-l" (Lange's Explicit-Formulas Database, Jacobian coordinates, a = 0).
template <typename F>
Jacobian<F> dbl(const Jacobian<F>& p) noexcept
{
    if (p.is_infinity())
        return p;
    const F a = p.x.square();
    const F b = p.y.square();
    const F c = b.square();
    F d = (p.x + b).square() - a - c;
    d = d + d;
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

// "add-2007-bl" (EFD, Jacobian coordinates), with the doubling and opposite cases.
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

/// k * p with a fixed 4-bit window over the big-endian scalar.
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

FixedBytes<32> order_be() noexcept
{
    FixedBytes<32> out;
    for (size_t i = 0; i < 32; ++i)
        out[31 - i] = static_cast<uint8_t>(kOrder[i / 8] >> (8 * (i % 8)));
    return out;
}

std::optional<Fq> read_fq(const uint8_t* p) noexcept
{
    return Fq::from_bytes_be(BytesView{p, 32});
}

// ---- Miller loop ----------------------------------------------------------------------------

/// The line through T (with slope lambda) evaluated at P, an element of Fq12 with non-zero
/// coefficients at w^0, w^1, w^3 only: yP - lambda xP w + (lambda xT - yT) w^3 (see the untwist
/// (x, y) -> (x w^2, y w^3)). Kept sparse: a = yP (in Fq), b = -lambda xP, c = lambda xT - yT.
struct Line {
    Fq a;
    Fq2 b;
    Fq2 c;
};

Line line(const Fq2& lambda, const G2& t, const G1& p) noexcept
{
    return {p.y, -(lambda * p.x), lambda * t.x - t.y};
}

/// (x0 + x1 v + x2 v^2)(b + c v) = (x0 b + xi x2 c) + (x0 c + x1 b) v + (x1 c + x2 b) v^2.
Fq6 mul_by_bc(const Fq6& x, const Fq2& b, const Fq2& c) noexcept
{
    return {x.c0 * b + (x.c2 * c).mul_by_xi(), x.c0 * c + x.c1 * b, x.c1 * c + x.c2 * b};
}

/// f * l for a sparse line l = a + (b + c v) w: 2 sparse Fq6 products and one by a scalar,
/// instead of a full Fq12 product.
Fq12 mul_by_line(const Fq12& f, const Line& l) noexcept
{
    const Fq6 t0{f.c0.c0 * l.a, f.c0.c1 * l.a, f.c0.c2 * l.a};
    const Fq6 t1 = mul_by_bc(f.c1, l.b, l.c);
    const Fq2 b_plus_a = l.b + Fq2{l.a, Fq::zero()};
    const Fq6 t2 = mul_by_bc(f.c0 + f.c1, b_plus_a, l.c);
    return {t0 + t1.mul_by_v(), t2 - t0 - t1};
}

/// T <- 2T, returning the tangent line at the old T evaluated at P.
Line double_step(G2& t, const G1& p) noexcept
{
    const Fq2 x2 = t.x.square();
    const Fq2 lambda = (x2 + x2 + x2) * t.y.dbl().inverse();
    const Line l = line(lambda, t, p);
    const Fq2 x3 = lambda.square() - t.x.dbl();
    t.y = lambda * (t.x - x3) - t.y;
    t.x = x3;
    return l;
}

/// T <- T + Q, returning the chord through the old T and Q evaluated at P. For Q in the order-r
/// subgroup the loop never reaches T = +-Q (its multiples of Q stay below r), so the chord
/// always exists.
Line add_step(G2& t, const G2& q, const G1& p) noexcept
{
    const Fq2 dx = q.x - t.x;
    BLEND_ASSERT(!dx.is_zero());
    const Fq2 lambda = (q.y - t.y) * dx.inverse();
    const Line l = line(lambda, t, p);
    const Fq2 x3 = lambda.square() - t.x - q.x;
    t.y = lambda * (t.x - x3) - t.y;
    t.x = x3;
    return l;
}

/// pi(Q) = (conj(x) gamma2, conj(y) gamma3): the p-power Frobenius on the untwisted point,
/// brought back to the twist.
G2 frobenius_g2(const G2& q) noexcept
{
    const auto& g = frobenius_table().gamma;
    return {q.x.conjugate() * g[2], q.y.conjugate() * g[3], q.infinity};
}

Fq12 pow_x(const Fq12& f) noexcept
{
    // f is in the cyclotomic subgroup here (after the easy part).
    Fq12 r = f;
    for (int bit = 61; bit >= 0; --bit) {  // kBnX has 63 bits; r = f covers bit 62
        r = r.cyclotomic_square();
        if ((kBnX >> bit) & 1)
            r *= f;
    }
    return r;
}

}  // namespace

Fq fq_inverse(const Fq& a) noexcept
{
    return gmp_inverse(a);
}

Fq12 Fq12::frobenius() const noexcept
{
    // Coefficients by power of w: w^0 c0.c0, w^1 c1.c0, w^2 c0.c1, w^3 c1.c1, w^4 c0.c2,
    // w^5 c1.c2. (a w^i)^p = conj(a) gamma[i] w^i.
    const auto& g = frobenius_table().gamma;
    Fq12 r;
    r.c0.c0 = c0.c0.conjugate();
    r.c1.c0 = c1.c0.conjugate() * g[1];
    r.c0.c1 = c0.c1.conjugate() * g[2];
    r.c1.c1 = c1.c1.conjugate() * g[3];
    r.c0.c2 = c0.c2.conjugate() * g[4];
    r.c1.c2 = c1.c2.conjugate() * g[5];
    return r;
}

Fq12 Fq12::cyclotomic_square() const noexcept
{
    // View Fq12 as Fq4^3 with Fq4 = Fq2[s]/(s^2 - xi): the pairs (z0, z1), (z2, z3), (z4, z5)
    // below are its three coefficients; squaring each costs two Fq2 squarings' worth.
    Fq2 z0 = c0.c0, z4 = c0.c1, z3 = c0.c2, z2 = c1.c0, z1 = c1.c1, z5 = c1.c2;
    auto fq4_square = [](const Fq2& a, const Fq2& b, Fq2& lo, Fq2& hi) noexcept {
        const Fq2 ab = a * b;
        lo = (a + b) * (a + b.mul_by_xi()) - ab - ab.mul_by_xi();
        hi = ab + ab;
    };
    Fq2 t0, t1, t2, t3, t4, t5;
    fq4_square(z0, z1, t0, t1);
    fq4_square(z2, z3, t2, t3);
    fq4_square(z4, z5, t4, t5);
    // A: 3 t - 2 z for the first coefficient, 3 t + 2 z for the second (and likewise below).
    z0 = t0 - z0;
    z0 = z0 + z0 + t0;
    z1 = t1 + z1;
    z1 = z1 + z1 + t1;
    const Fq2 xt5 = t5.mul_by_xi();
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

const Fq2& twist_b() noexcept
{
    static const Fq2 b = kXi.inverse() * Fq::from_u64(3);
    return b;
}

bool on_curve(const G1& p) noexcept
{
    if (p.infinity)
        return true;
    return p.y.square() == p.x.square() * p.x + Fq::from_u64(3);
}

bool on_curve(const G2& p) noexcept
{
    if (p.infinity)
        return true;
    return p.y.square() == p.x.square() * p.x + twist_b();
}

bool in_subgroup(const G2& p) noexcept
{
    // psi (untwist-Frobenius-twist) satisfies psi^2 - t psi + p = 0 on the twist, t = 6x^2 + 1.
    // If psi(Q) = [6x^2]Q then (6x^2)^2 - t 6x^2 + p = p - 6x^2 = r kills Q, so Q has order r
    // (the cofactor is prime to r); conversely psi acts on G2 as [p] = [6x^2 mod r]. A 127-bit
    // scalar multiplication instead of the 254-bit [r]Q (El Housni, Guillevic, Piellard,
    // "Co-factor clearing and subgroup membership testing on pairing-friendly curves", 2022).
    if (p.infinity)
        return true;
    static const FixedBytes<16> six_x2 = [] {
        const u128 v = static_cast<u128>(kBnX) * kBnX * 6;
        FixedBytes<16> out;
        for (size_t i = 0; i < 16; ++i)
            out[15 - i] = static_cast<uint8_t>(v >> (8 * i));
        return out;
    }();
    const Jacobian<Fq2> lhs = to_jacobian(frobenius_g2(p));
    const Jacobian<Fq2> rhs = mul_be(to_jacobian(p), six_x2.data(), 16);
    if (rhs.is_infinity() || lhs.is_infinity())
        return rhs.is_infinity() && lhs.is_infinity();
    // Compare in Jacobian coordinates: X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3 (lhs has Z = 1).
    const Fq2 z2 = rhs.z.square();
    return lhs.x * z2 == rhs.x && lhs.y * z2 * rhs.z == rhs.y;
}

/// The reference check [r]Q == O (slow; kept for the tests of the fast one).
bool in_subgroup_by_order(const G2& p) noexcept
{
    static const FixedBytes<32> r = order_be();
    return mul_be(to_jacobian(p), r.data(), 32).is_infinity();
}

G1 add(const G1& a, const G1& b) noexcept
{
    // Affine addition: one inversion, cheaper than Jacobian plus the conversion back.
    if (a.infinity)
        return b;
    if (b.infinity)
        return a;
    Fq lambda;
    if (a.x == b.x) {
        if (!(a.y == b.y) || a.y.is_zero())
            return {};  // P + (-P)
        const Fq x2 = a.x.square();
        lambda = (x2 + x2 + x2) * fq_inverse(a.y + a.y);
    } else {
        lambda = (b.y - a.y) * fq_inverse(b.x - a.x);
    }
    const Fq x3 = lambda.square() - a.x - b.x;
    return {x3, lambda * (a.x - x3) - a.y, false};
}

G1 mul(const G1& p, const FixedBytes<32>& scalar_be) noexcept
{
    return to_affine(mul_be(to_jacobian(p), scalar_be.data(), 32));
}

G2 mul(const G2& p, const FixedBytes<32>& scalar_be) noexcept
{
    return to_affine(mul_be(to_jacobian(p), scalar_be.data(), 32));
}

Result<G1, PrecompileError> decode_g1(BytesView bytes) noexcept
{
    BLEND_ASSERT(bytes.size() == 64);
    const auto x = read_fq(bytes.data());
    const auto y = read_fq(bytes.data() + 32);
    if (!x || !y)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    if (x->is_zero() && y->is_zero())
        return G1{};
    const G1 p{*x, *y, false};
    if (!on_curve(p))
        return Unexpected{PrecompileError::kPointNotOnCurve};
    return p;
}

Result<G2, PrecompileError> decode_g2(BytesView bytes) noexcept
{
    BLEND_ASSERT(bytes.size() == 128);
    // EIP-197: imaginary part first.
    const auto x_im = read_fq(bytes.data());
    const auto x_re = read_fq(bytes.data() + 32);
    const auto y_im = read_fq(bytes.data() + 64);
    const auto y_re = read_fq(bytes.data() + 96);
    if (!x_im || !x_re || !y_im || !y_re)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    const G2 q{{*x_re, *x_im}, {*y_re, *y_im}, false};
    if (q.x.is_zero() && q.y.is_zero())
        return G2{};
    if (!on_curve(q))
        return Unexpected{PrecompileError::kPointNotOnCurve};
    if (!in_subgroup(q))
        return Unexpected{PrecompileError::kPointNotInSubgroup};
    return q;
}

FixedBytes<64> encode_g1(const G1& p) noexcept
{
    FixedBytes<64> out;
    if (p.infinity)
        return out;
    const auto x = p.x.to_bytes_be();
    const auto y = p.y.to_bytes_be();
    std::memcpy(out.data(), x.data(), 32);
    std::memcpy(out.data() + 32, y.data(), 32);
    return out;
}

Fq12 miller_loop(std::span<const G1> ps, std::span<const G2> qs) noexcept
{
    BLEND_ASSERT(ps.size() == qs.size());
    // Pairs with a point at infinity contribute 1.
    std::vector<G1> p;
    std::vector<G2> q;
    for (size_t i = 0; i < ps.size(); ++i)
        if (!ps[i].infinity && !qs[i].infinity) {
            p.push_back(ps[i]);
            q.push_back(qs[i]);
        }
    Fq12 f = Fq12::one();
    if (p.empty())
        return f;
    std::vector<G2> t = q;
    const u128 loop = static_cast<u128>(kBnX) * 6 + 2;  // 65 bits
    for (int bit = 63; bit >= 0; --bit) {
        f = f.square();
        for (size_t i = 0; i < p.size(); ++i)
            f = mul_by_line(f, double_step(t[i], p[i]));
        if ((loop >> bit) & 1)
            for (size_t i = 0; i < p.size(); ++i)
                f = mul_by_line(f, add_step(t[i], q[i], p[i]));
    }
    // The two extra lines of the optimal ate pairing: T + pi(Q), then - pi^2(Q).
    for (size_t i = 0; i < p.size(); ++i) {
        const G2 q1 = frobenius_g2(q[i]);
        G2 q2 = frobenius_g2(q1);
        q2.y = -q2.y;
        f = mul_by_line(f, add_step(t[i], q1, p[i]));
        f = mul_by_line(f, add_step(t[i], q2, p[i]));
    }
    return f;
}

Fq12 final_exponentiation(const Fq12& in) noexcept
{
    // Easy part: f^((p^6 - 1)(p^2 + 1)).
    Fq12 f = in.conjugate() * in.inverse();
    f = f.frobenius().frobenius() * f;
    // Hard part: (p^4 - p^2 + 1)/r = l3 p^3 + l2 p^2 + l1 p + l0 with l3 = 1, l2 = 6x^2 + 1,
    // l1 = -36x^3 - 18x^2 - 12x + 1, l0 = -36x^3 - 30x^2 - 18x - 2 (Scott et al., "On the final
    // exponentiation for calculating pairings on ordinary elliptic curves", §4), evaluated with
    // the y0..y6 addition chain of that paper. conjugate() inverts in the cyclotomic subgroup.
    const Fq12 fx = pow_x(f);
    const Fq12 fx2 = pow_x(fx);
    const Fq12 fx3 = pow_x(fx2);
    const Fq12 fp = f.frobenius();
    const Fq12 fp2 = fp.frobenius();
    const Fq12 y0 = fp * fp2 * fp2.frobenius();
    const Fq12 y1 = f.conjugate();
    const Fq12 y2 = fx2.frobenius().frobenius();
    const Fq12 y3 = fx.frobenius().conjugate();
    const Fq12 y4 = (fx * fx2.frobenius()).conjugate();
    const Fq12 y5 = fx2.conjugate();
    const Fq12 y6 = (fx3 * fx3.frobenius()).conjugate();
    Fq12 t0 = y6.square() * y4 * y5;
    Fq12 t1 = y3 * y5 * t0;
    t0 = t0 * y2;
    t1 = (t1.square() * t0).square();
    t0 = t1 * y1;
    t1 = t1 * y0;
    return t0.square() * t1;
}

Fq12 pairing(const G1& p, const G2& q) noexcept
{
    return final_exponentiation(
        miller_loop(std::span<const G1>(&p, 1), std::span<const G2>(&q, 1)));
}

}  // namespace blend::precompiles::bn254

namespace blend::precompiles {

namespace {

/// Right-pads the input with zeros to `size` bytes and drops the rest (EIP-196).
template <size_t N>
std::array<uint8_t, N> padded(BytesView input) noexcept
{
    std::array<uint8_t, N> out{};
    // std::copy, not memcpy: an empty input may have a null data pointer.
    std::copy_n(input.begin(), std::min(input.size(), N), out.begin());
    return out;
}

Bytes to_output(const bn254::G1& p)
{
    const auto enc = bn254::encode_g1(p);
    return Bytes(enc.bytes.begin(), enc.bytes.end());
}

}  // namespace

// EIP-1108 (Istanbul): 150.
uint64_t bn254_add_gas(BytesView /*input*/)
{
    return 150;
}

Result<Bytes, PrecompileError> bn254_add_run(BytesView input)
{
    const auto in = padded<128>(input);
    BLEND_TRY(const auto a, bn254::decode_g1(BytesView{in.data(), 64}));
    BLEND_TRY(const auto b, bn254::decode_g1(BytesView{in.data() + 64, 64}));
    return to_output(bn254::add(a, b));
}

// EIP-1108 (Istanbul): 6000.
uint64_t bn254_mul_gas(BytesView /*input*/)
{
    return 6000;
}

Result<Bytes, PrecompileError> bn254_mul_run(BytesView input)
{
    const auto in = padded<96>(input);
    BLEND_TRY(const auto p, bn254::decode_g1(BytesView{in.data(), 64}));
    const auto k = FixedBytes<32>::from_view(BytesView{in.data() + 64, 32});
    return to_output(bn254::mul(p, k));
}

// EIP-1108 (Istanbul): 45000 + 34000 per 192-byte pair.
uint64_t bn254_pairing_gas(BytesView input)
{
    return 45000 + 34000 * static_cast<uint64_t>(input.size() / 192);
}

Result<Bytes, PrecompileError> bn254_pairing_run(BytesView input)
{
    if (input.size() % 192 != 0)
        return Unexpected{PrecompileError::kInvalidInputLength};
    const size_t k = input.size() / 192;
    std::vector<bn254::G1> ps;
    std::vector<bn254::G2> qs;
    ps.reserve(k);
    qs.reserve(k);
    for (size_t i = 0; i < k; ++i) {
        BLEND_TRY(const auto p, bn254::decode_g1(input.subspan(192 * i, 64)));
        BLEND_TRY(const auto q, bn254::decode_g2(input.subspan(192 * i + 64, 128)));
        ps.push_back(p);
        qs.push_back(q);
    }
    const bn254::Fq12 f = bn254::final_exponentiation(bn254::miller_loop(ps, qs));
    Bytes out(32, 0);
    out[31] = f == bn254::Fq12::one() ? 1 : 0;
    return out;
}

}  // namespace blend::precompiles
