// SPDX-License-Identifier: Apache-2.0
// BLS12-381 for the EIP-2537 precompiles (0x0b-0x11) and KZG point evaluation (0x0a, EIP-4844).
//
// Tower: Fp2 = Fp[u]/(u^2 + 1), Fp6 = Fp2[v]/(v^3 - xi) with xi = 1 + u, Fp12 = Fp6[w]/(w^2 - v)
// (so w^6 = xi). Curves: E: y^2 = x^3 + 4 over Fp (G1) and the M-type sextic twist
// E': y^2 = x^3 + 4 xi over Fp2 (G2), untwisted by (x, y) -> (x w^-2, y w^-3).
// Parameter x = -0xd201000000010000: p = (x-1)^2 (x^4 - x^2 + 1)/3 + x, r = x^4 - x^2 + 1
// (draft-irtf-cfrg-pairing-friendly-curves-11, §4.2.1).
#pragma once

#include "core/bytes.hpp"
#include "core/montgomery.hpp"
#include "core/result.hpp"
#include "execution/precompiles/bls12_381_fp.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace blend::precompiles::bls12_381 {

/// r = 0x73eda753...00000001, the order of G1, G2 and GT (EIP-2537 "main subgroup order").
inline constexpr field::Limbs<4> kOrder = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL,
                                           0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};
/// |x| for the BLS parameter x = -0xd201000000010000 (the sign is handled where it matters).
inline constexpr uint64_t kAbsX = 0xd201000000010000ULL;

[[nodiscard]] Fp fp_inverse(const Fp& a) noexcept;
/// A constant from big-endian hex (no 0x, at most 96 digits, < p); aborts otherwise. For tables
/// transcribed from the RFC and for tests.
[[nodiscard]] Fp fp_from_hex(std::string_view hex) noexcept;
/// Whether a is a square in Fp (zero counts as a square). Legendre symbol through GMP.
[[nodiscard]] bool fp_is_square(const Fp& a) noexcept;
/// A square root (p = 3 mod 4: a^((p+1)/4)), or nothing when a is not a square.
[[nodiscard]] std::optional<Fp> fp_sqrt(const Fp& a) noexcept;
/// Parity of the canonical value (RFC 9380 sgn0 for m = 1).
[[nodiscard]] bool fp_sgn0(const Fp& a) noexcept;
/// Canonical value compare (a > b as integers in [0, p)), for the compressed-point sign flag.
[[nodiscard]] bool fp_lex_greater(const Fp& a, const Fp& b) noexcept;

struct Fp2 {
    Fp c0;  ///< real part
    Fp c1;  ///< coefficient of u, u^2 = -1

    static Fp2 zero() noexcept { return {}; }
    static Fp2 one() noexcept { return {Fp::one(), Fp::zero()}; }
    [[nodiscard]] bool is_zero() const noexcept { return c0.is_zero() && c1.is_zero(); }
    friend bool operator==(const Fp2&, const Fp2&) = default;

    friend Fp2 operator+(const Fp2& a, const Fp2& b) noexcept { return {a.c0 + b.c0, a.c1 + b.c1}; }
    friend Fp2 operator-(const Fp2& a, const Fp2& b) noexcept { return {a.c0 - b.c0, a.c1 - b.c1}; }
    Fp2 operator-() const noexcept { return {-c0, -c1}; }
    friend Fp2 operator*(const Fp2& a, const Fp2& b) noexcept
    {
        // Karatsuba: three base multiplications; the unreduced sums are below 2p (a Montgomery
        // product of values below 2p is below 2p, reduced once).
        const Fp t0 = a.c0 * b.c0;
        const Fp t1 = a.c1 * b.c1;
        const Fp s = Fp::from_mont(lazy::add_nr(a.c0.mont(), a.c1.mont())) *
                     Fp::from_mont(lazy::add_nr(b.c0.mont(), b.c1.mont()));
        return {t0 - t1, s - t0 - t1};
    }
    friend Fp2 operator*(const Fp2& a, const Fp& s) noexcept { return {a.c0 * s, a.c1 * s}; }
    Fp2& operator+=(const Fp2& o) noexcept { return *this = *this + o; }
    Fp2& operator-=(const Fp2& o) noexcept { return *this = *this - o; }
    Fp2& operator*=(const Fp2& o) noexcept { return *this = *this * o; }

    [[nodiscard]] Fp2 square() const noexcept
    {
        // (a + bu)^2 = (a+b)(a-b) + 2ab u, with 2ab = a (b + b): the unreduced b + b is below 2p
        // like the Karatsuba sums, so the product absorbs the doubling's reduction.
        return {Fp::from_mont(lazy::add_nr(c0.mont(), c1.mont())) *
                    Fp::from_mont(lazy::sub_nr(c0.mont(), c1.mont())),
                c0 * Fp::from_mont(lazy::add_nr(c1.mont(), c1.mont()))};
    }
    [[nodiscard]] Fp2 dbl() const noexcept { return *this + *this; }
    /// The p-power Frobenius (p = 3 mod 4, so u^p = -u).
    [[nodiscard]] Fp2 conjugate() const noexcept { return {c0, -c1}; }
    /// Multiplication by xi = 1 + u: (a + bu)(1 + u) = (a - b) + (a + b)u.
    [[nodiscard]] Fp2 mul_by_xi() const noexcept { return {c0 - c1, c0 + c1}; }
    [[nodiscard]] Fp2 inverse() const noexcept
    {
        const Fp t = fp_inverse(c0.square() + c1.square());
        return {c0 * t, -(c1 * t)};
    }
};

/// Whether a is a square in Fp2: exactly when its norm a0^2 + a1^2 is a square in Fp.
[[nodiscard]] bool fp2_is_square(const Fp2& a) noexcept;
/// A square root in Fp2, or nothing.
[[nodiscard]] std::optional<Fp2> fp2_sqrt(const Fp2& a) noexcept;
/// RFC 9380 §4.1 sgn0 for m = 2.
[[nodiscard]] bool fp2_sgn0(const Fp2& a) noexcept;

struct Fp6 {
    Fp2 c0, c1, c2;  ///< c0 + c1 v + c2 v^2, v^3 = xi

    static Fp6 zero() noexcept { return {}; }
    static Fp6 one() noexcept { return {Fp2::one(), Fp2::zero(), Fp2::zero()}; }
    friend bool operator==(const Fp6&, const Fp6&) = default;
    friend Fp6 operator+(const Fp6& a, const Fp6& b) noexcept
    {
        return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2};
    }
    friend Fp6 operator-(const Fp6& a, const Fp6& b) noexcept
    {
        return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2};
    }
    Fp6 operator-() const noexcept { return {-c0, -c1, -c2}; }
    /// Karatsuba over Fp2 with lazy reduction: the 18 base products are summed double-width
    /// and reduced once per coefficient (6 reductions instead of 18; bls12_381.cpp).
    friend Fp6 operator*(const Fp6& a, const Fp6& b) noexcept;
    /// Multiplication by v: (c0, c1, c2) -> (xi c2, c0, c1).
    [[nodiscard]] Fp6 mul_by_v() const noexcept { return {c2.mul_by_xi(), c0, c1}; }
    [[nodiscard]] Fp6 square() const noexcept { return *this * *this; }
    [[nodiscard]] Fp6 inverse() const noexcept
    {
        const Fp2 t0 = c0.square() - (c1 * c2).mul_by_xi();
        const Fp2 t1 = c2.square().mul_by_xi() - c0 * c1;
        const Fp2 t2 = c1.square() - c0 * c2;
        const Fp2 norm = c0 * t0 + (c2 * t1 + c1 * t2).mul_by_xi();
        const Fp2 inv = norm.inverse();
        return {t0 * inv, t1 * inv, t2 * inv};
    }
};

struct Fp12 {
    Fp6 c0, c1;  ///< c0 + c1 w, w^2 = v

    static Fp12 one() noexcept { return {Fp6::one(), Fp6::zero()}; }
    friend bool operator==(const Fp12&, const Fp12&) = default;
    friend Fp12 operator*(const Fp12& a, const Fp12& b) noexcept
    {
        const Fp6 t0 = a.c0 * b.c0;
        const Fp6 t1 = a.c1 * b.c1;
        return {t0 + t1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
    }
    Fp12& operator*=(const Fp12& o) noexcept { return *this = *this * o; }
    [[nodiscard]] Fp12 square() const noexcept
    {
        // (a + bw)^2 = (a+b)(a+vb) - ab - v ab + 2ab w
        const Fp6 ab = c0 * c1;
        return {(c0 + c1) * (c0 + c1.mul_by_v()) - ab - ab.mul_by_v(), ab + ab};
    }
    /// Granger-Scott squaring, valid only in the cyclotomic subgroup (after the easy part of the
    /// final exponentiation).
    [[nodiscard]] Fp12 cyclotomic_square() const noexcept;
    /// The p^6-power Frobenius (w^(p^6) = -w): the inverse on the cyclotomic subgroup.
    [[nodiscard]] Fp12 conjugate() const noexcept { return {c0, -c1}; }
    [[nodiscard]] Fp12 inverse() const noexcept
    {
        const Fp6 t = (c0.square() - c1.square().mul_by_v()).inverse();
        return {c0 * t, -(c1 * t)};
    }
    /// The p-power Frobenius.
    [[nodiscard]] Fp12 frobenius() const noexcept;
};

// ---- groups ---------------------------------------------------------------------------------

/// An affine point; `infinity` set means the point at infinity (encoded as all zeros).
template <typename F>
struct Affine {
    F x{};
    F y{};
    bool infinity = true;
    friend bool operator==(const Affine&, const Affine&) = default;
};
using G1 = Affine<Fp>;
using G2 = Affine<Fp2>;

/// Jacobian coordinates (x/z^2, y/z^3); z == 0 is the point at infinity.
template <typename F>
struct Jacobian {
    F x{}, y{}, z{};
    [[nodiscard]] bool is_infinity() const noexcept { return z.is_zero(); }
};

[[nodiscard]] const G1& g1_generator() noexcept;
[[nodiscard]] const G2& g2_generator() noexcept;

[[nodiscard]] bool on_curve(const G1& p) noexcept;
[[nodiscard]] bool on_curve(const G2& p) noexcept;

/// Subgroup membership by endomorphism (Scott, "A note on group membership tests for G1, G2 and
/// GT on BLS pairing-friendly curves", ePrint 2021/1130): G1: phi(P) == [-x^2]P with
/// phi(x, y) = (beta x, y); G2: psi(Q) == [x]Q. Points must be on the curve.
[[nodiscard]] bool in_subgroup(const G1& p) noexcept;
/// The same, also storing the test's intermediate [|x|]P in *abs_x_p when it is not null (O for
/// P = O), for g1_fixed_plus_mul.
[[nodiscard]] bool in_subgroup(const G1& p, Jacobian<Fp>* abs_x_p) noexcept;
[[nodiscard]] bool in_subgroup(const G2& p) noexcept;
/// The definition, [r]P == O (slow; a reference for tests).
[[nodiscard]] bool in_subgroup_by_order(const G1& p) noexcept;
[[nodiscard]] bool in_subgroup_by_order(const G2& p) noexcept;

[[nodiscard]] G1 add(const G1& a, const G1& b) noexcept;
[[nodiscard]] G2 add(const G2& a, const G2& b) noexcept;
[[nodiscard]] G1 negate(const G1& a) noexcept;
[[nodiscard]] G2 negate(const G2& a) noexcept;
/// k * P for a big-endian scalar of any length (not reduced).
[[nodiscard]] G1 mul(const G1& p, BytesView scalar_be) noexcept;
[[nodiscard]] G2 mul(const G2& p, BytesView scalar_be) noexcept;
/// sum k_i P_i for points IN THE SUBGROUP (the precompiles check it first); scalars are 32-byte
/// big-endian, any value (taken mod r). Each scalar is split by the endomorphism (GLV on G1: two
/// 128-bit digits, GLS on G2: four 64-bit digits), then Straus for few points, Pippenger's
/// buckets for more.
[[nodiscard]] G1 msm(std::span<const G1> points, std::span<const FixedBytes<32>> scalars);
[[nodiscard]] G2 msm(std::span<const G2> points, std::span<const FixedBytes<32>> scalars);
/// k * P for P in the subgroup (the same decomposition).
[[nodiscard]] G1 mul_subgroup(const G1& p, const FixedBytes<32>& k);
[[nodiscard]] G2 mul_subgroup(const G2& p, const FixedBytes<32>& k);

/// A fixed-base table for [a]B, B in G1: a mod r = a0 + a1 |x| + a2 |x|^2 + a3 |x|^3 (64-bit
/// digits), so [a]B = sum a_t B_t with B_t = [|x|^t]B; the table holds the odd multiples
/// 1, 3, .., 127 of each B_t, affine, for width-8 NAFs of the digits (about 4 * 65 / 9 = 29 mixed
/// additions) that share the doublings of the variable-base part.
struct G1FixedTable {
    static constexpr size_t kOdd = 64;  ///< odd multiples per base (width-8 NAF digits)
    std::vector<G1> points;             ///< 4 * kOdd: [(2j + 1) |x|^t]B at [kOdd t + j]
};
/// The table for B (asserted in G1: the digits are taken mod r).
[[nodiscard]] G1FixedTable g1_fixed_table(const G1& b);
/// c + [a]B + [k]P for B the table's base (a and k any 32-byte big-endian values, taken mod r) and
/// P IN G1: computes X = [|x|]P, then the form below.
[[nodiscard]] G1 g1_fixed_plus_mul(const G1& c,
                                   const G1FixedTable& b,
                                   const FixedBytes<32>& a,
                                   const G1& p,
                                   const FixedBytes<32>& k);
/// The same with X = [|x|]P given (as in_subgroup() leaves it; O when P = O): k mod r in four
/// 64-bit base-|x| digits on P, X and their endomorphism images with width-5 wNAF over one shared
/// run of 65 doublings and affine tables, [a]B's digits added in the same doublings. One
/// normalisation at the end.
[[nodiscard]] G1 g1_fixed_plus_mul(const G1& c,
                                   const G1FixedTable& b,
                                   const FixedBytes<32>& a,
                                   const G1& p,
                                   const Jacobian<Fp>& abs_x_p,
                                   const FixedBytes<32>& k);

/// RFC 9380 map_to_curve for BLS12381G1 (simplified SWU on the 11-isogenous curve, the
/// 11-isogeny) followed by clear_cofactor (h_eff = 1 - x = 0xd201000000010001).
[[nodiscard]] G1 map_fp_to_g1(const Fp& u) noexcept;
/// RFC 9380 map_to_curve for BLS12381G2 (simplified SWU on the 3-isogenous curve, the
/// 3-isogeny) followed by clear_cofactor (Budroni-Pintore, RFC 9380 Appendix G.3).
[[nodiscard]] G2 map_fp2_to_g2(const Fp2& u) noexcept;
/// The definition h_eff * Q with the 636-bit h_eff of RFC 9380 §8.8.2 (a reference for tests).
[[nodiscard]] G2 clear_cofactor_g2_by_heff(const G2& q) noexcept;
/// The map steps alone (no cofactor clearing), for tests.
[[nodiscard]] G1 map_to_curve_g1(const Fp& u) noexcept;
[[nodiscard]] G2 map_to_curve_g2(const Fp2& u) noexcept;

/// The Miller loop of the optimal ate pairing over all pairs, multiplied together (pairs with a
/// point at infinity contribute 1).
[[nodiscard]] Fp12 miller_loop(std::span<const G1> ps, std::span<const G2> qs);
/// f^(3 (p^12 - 1) / r): the reduced pairing cubed (3 is prime to r, so the result is 1 exactly
/// when f^((p^12 - 1)/r) is).
[[nodiscard]] Fp12 final_exponentiation(const Fp12& f) noexcept;
/// final_exponentiation(f) == 1, one Fp12 product cheaper (for pairing checks).
[[nodiscard]] bool final_exponentiation_is_one(const Fp12& f) noexcept;
/// g^|x| for g in the cyclotomic subgroup (the image of the final exponentiation's easy part)
/// by Karabina's compressed squarings; the uncompressed path when a decompression denominator
/// vanishes.
[[nodiscard]] Fp12 cyclotomic_pow_abs_x(const Fp12& g) noexcept;
/// The same by Granger-Scott squarings (the reference for tests).
[[nodiscard]] Fp12 cyclotomic_pow_abs_x_gs(const Fp12& g) noexcept;
/// prod e(P_i, Q_i) == 1.
[[nodiscard]] bool pairing_check(std::span<const G1> ps, std::span<const G2> qs);

/// The Miller-loop lines of one fixed G2 point with P factored out: each line at P is
/// a + (b xP) v + (c yP) v w. Computed once for a point used in many pairings (KZG's [1]G2 and
/// [tau]G2), so each pairing skips the G2 doubling and addition steps.
struct G2Prepared {
    struct Coeffs {
        Fp2 a, b, c;
    };
    std::vector<Coeffs> lines;  ///< in Miller-loop order: per bit the doubling, then the addition
    bool infinity = true;
};
[[nodiscard]] G2Prepared prepare_g2(const G2& q);
/// miller_loop() with prepared G2 points (the same value).
[[nodiscard]] Fp12 miller_loop(std::span<const G1> ps, std::span<const G2Prepared* const> qs);

/// Two prepared points' lines multiplied coefficient by coefficient ahead of time, for a Miller
/// loop over two fixed G2 points (KZG's -[1]G2 and [tau]G2): per step the nine Fp2 constants
/// whose combination with products of P0's and P1's coordinates is the product of the two lines
/// at P0, P1 (16 Fp products, instead of 8 to scale both lines and 6 Fp2 products to multiply
/// them).
struct G2PreparedPair {
    struct Coeffs {
        Fp2 aa, xi_cc, ab, ba, bb, ac, ca, bc, cb;  ///< xi_cc = xi c c'; ab = a b', ba = b a', ..
    };
    std::vector<Coeffs> steps;  ///< in Miller-loop order, as G2Prepared::lines
};
/// The pair table of two prepared points, neither at infinity.
[[nodiscard]] G2PreparedPair prepare_g2_pair(const G2Prepared& q0, const G2Prepared& q1);
/// miller_loop() over (p0, q0) and (p1, q1) for the points q was prepared from (the same value);
/// p0 and p1 not at infinity (callers take the general loop then).
[[nodiscard]] Fp12 miller_loop(const G1& p0, const G1& p1, const G2PreparedPair& q);

// ---- EIP-2537 encodings ---------------------------------------------------------------------

/// 64 bytes: 16 zero bytes then 48 big-endian bytes < p.
[[nodiscard]] Result<Fp, PrecompileError> decode_fp(const uint8_t* in) noexcept;
/// 128 bytes x ‖ y; all zeros is infinity; on the curve; optionally in G1.
[[nodiscard]] Result<G1, PrecompileError> decode_g1(const uint8_t* in, bool subgroup) noexcept;
/// 256 bytes x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1; all zeros is infinity; on the twist; optionally in G2.
[[nodiscard]] Result<G2, PrecompileError> decode_g2(const uint8_t* in, bool subgroup) noexcept;
void encode_fp(uint8_t* out, const Fp& f) noexcept;
void encode_g1(uint8_t* out, const G1& p) noexcept;
void encode_g2(uint8_t* out, const G2& p) noexcept;

/// ZCash compressed G1 (48 bytes, as in the KZG trusted setup and EIP-4844 commitments):
/// flags 0x80 compressed (must be set), 0x40 infinity (then every other bit zero), 0x20 y is the
/// larger root. Checks x < p, on the curve and in G1.
[[nodiscard]] Result<G1, PrecompileError> decompress_g1(BytesView in) noexcept;
/// The same, also storing [|x|]P from the subgroup check in *abs_x_p when it is not null.
[[nodiscard]] Result<G1, PrecompileError> decompress_g1(BytesView in,
                                                        Jacobian<Fp>* abs_x_p) noexcept;
/// ZCash compressed G2 (96 bytes: x.c1 ‖ x.c0, flags in the first byte), same checks.
[[nodiscard]] Result<G2, PrecompileError> decompress_g2(BytesView in) noexcept;

}  // namespace blend::precompiles::bls12_381
