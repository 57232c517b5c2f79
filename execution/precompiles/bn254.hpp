// SPDX-License-Identifier: Apache-2.0
// BN254 (alt_bn128) for the 0x06-0x08 precompiles (EIP-196, EIP-197): the base field Fq on the
// shared Montgomery template, the tower Fq2 = Fq[u]/(u^2+1), Fq6 = Fq2[v]/(v^3-xi) with
// xi = 9+u, Fq12 = Fq6[w]/(w^2-v), the groups G1 (y^2 = x^3+3 over Fq) and G2 (the D-type twist
// y^2 = x^3 + 3/xi over Fq2), and the optimal ate pairing.
#pragma once

#include "core/bytes.hpp"
#include "core/montgomery.hpp"
#include "core/result.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <cstdint>
#include <optional>
#include <span>

namespace blend::precompiles::bn254 {

/// p = 21888242871839275222246405745257275088696311157297823662689037894645226208583
/// (EIP-196 "field modulus").
struct FqParams {
    static constexpr size_t kLimbs = 4;
    static constexpr field::Limbs<4> kModulus = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                                 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
};
using Fq = field::MontField<FqParams>;

/// The group order r (EIP-197 "curve order"), little-endian limbs.
inline constexpr field::Limbs<4> kOrder = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                           0xb85045b68181585dULL, 0x30644e72e131a029ULL};

/// The BN parameter x (often called u): p and r are polynomials in it; the optimal ate loop runs
/// over 6x+2.
inline constexpr uint64_t kBnX = 4965661367192848881ULL;

/// Inverse in Fq (zero maps to zero), by an extended GCD rather than Fermat: it is on the hot
/// path of affine additions.
[[nodiscard]] Fq fq_inverse(const Fq& a) noexcept;

struct Fq2 {
    Fq c0;  ///< real part
    Fq c1;  ///< coefficient of u, u^2 = -1

    static Fq2 zero() noexcept { return {}; }
    static Fq2 one() noexcept { return {Fq::one(), Fq::zero()}; }
    [[nodiscard]] bool is_zero() const noexcept { return c0.is_zero() && c1.is_zero(); }
    friend bool operator==(const Fq2&, const Fq2&) = default;

    friend Fq2 operator+(const Fq2& a, const Fq2& b) noexcept { return {a.c0 + b.c0, a.c1 + b.c1}; }
    friend Fq2 operator-(const Fq2& a, const Fq2& b) noexcept { return {a.c0 - b.c0, a.c1 - b.c1}; }
    Fq2 operator-() const noexcept { return {-c0, -c1}; }
    friend Fq2 operator*(const Fq2& a, const Fq2& b) noexcept
    {
        // Karatsuba: three base multiplications.
        const Fq t0 = a.c0 * b.c0;
        const Fq t1 = a.c1 * b.c1;
        return {t0 - t1, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
    }
    friend Fq2 operator*(const Fq2& a, const Fq& s) noexcept { return {a.c0 * s, a.c1 * s}; }
    Fq2& operator+=(const Fq2& o) noexcept { return *this = *this + o; }
    Fq2& operator-=(const Fq2& o) noexcept { return *this = *this - o; }
    Fq2& operator*=(const Fq2& o) noexcept { return *this = *this * o; }

    [[nodiscard]] Fq2 square() const noexcept
    {
        // (a + bu)^2 = (a+b)(a-b) + 2ab u
        const Fq ab = c0 * c1;
        return {(c0 + c1) * (c0 - c1), ab + ab};
    }
    [[nodiscard]] Fq2 dbl() const noexcept { return *this + *this; }
    /// The p-power Frobenius on Fq2 (p = 3 mod 4, so u^p = -u).
    [[nodiscard]] Fq2 conjugate() const noexcept { return {c0, -c1}; }
    /// Multiplication by xi = 9 + u, the non-residue of the tower.
    [[nodiscard]] Fq2 mul_by_xi() const noexcept
    {
        const Fq two_a = c0 + c0;
        const Fq eight_a = (two_a + two_a) + (two_a + two_a);
        const Fq two_b = c1 + c1;
        const Fq eight_b = (two_b + two_b) + (two_b + two_b);
        return {eight_a + c0 - c1, c0 + eight_b + c1};
    }
    [[nodiscard]] Fq2 inverse() const noexcept
    {
        const Fq t = fq_inverse(c0.square() + c1.square());
        return {c0 * t, -(c1 * t)};
    }
};

struct Fq6 {
    Fq2 c0, c1, c2;  ///< c0 + c1 v + c2 v^2, v^3 = xi

    static Fq6 zero() noexcept { return {}; }
    static Fq6 one() noexcept { return {Fq2::one(), Fq2::zero(), Fq2::zero()}; }
    [[nodiscard]] bool is_zero() const noexcept
    {
        return c0.is_zero() && c1.is_zero() && c2.is_zero();
    }
    friend bool operator==(const Fq6&, const Fq6&) = default;

    friend Fq6 operator+(const Fq6& a, const Fq6& b) noexcept
    {
        return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2};
    }
    friend Fq6 operator-(const Fq6& a, const Fq6& b) noexcept
    {
        return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2};
    }
    Fq6 operator-() const noexcept { return {-c0, -c1, -c2}; }
    friend Fq6 operator*(const Fq6& a, const Fq6& b) noexcept
    {
        const Fq2 t0 = a.c0 * b.c0;
        const Fq2 t1 = a.c1 * b.c1;
        const Fq2 t2 = a.c2 * b.c2;
        return {t0 + ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mul_by_xi(),
                (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mul_by_xi(),
                (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1};
    }
    /// Multiplication by v: (c0, c1, c2) -> (xi c2, c0, c1).
    [[nodiscard]] Fq6 mul_by_v() const noexcept { return {c2.mul_by_xi(), c0, c1}; }
    [[nodiscard]] Fq6 square() const noexcept { return *this * *this; }
    [[nodiscard]] Fq6 inverse() const noexcept
    {
        const Fq2 t0 = c0.square() - (c1 * c2).mul_by_xi();
        const Fq2 t1 = c2.square().mul_by_xi() - c0 * c1;
        const Fq2 t2 = c1.square() - c0 * c2;
        const Fq2 norm = c0 * t0 + (c2 * t1 + c1 * t2).mul_by_xi();
        const Fq2 inv = norm.inverse();
        return {t0 * inv, t1 * inv, t2 * inv};
    }
};

struct Fq12 {
    Fq6 c0, c1;  ///< c0 + c1 w, w^2 = v

    static Fq12 one() noexcept { return {Fq6::one(), Fq6::zero()}; }
    friend bool operator==(const Fq12&, const Fq12&) = default;

    friend Fq12 operator*(const Fq12& a, const Fq12& b) noexcept
    {
        const Fq6 t0 = a.c0 * b.c0;
        const Fq6 t1 = a.c1 * b.c1;
        return {t0 + t1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
    }
    Fq12& operator*=(const Fq12& o) noexcept { return *this = *this * o; }
    [[nodiscard]] Fq12 square() const noexcept
    {
        // (a + bw)^2 = (a+b)(a+vb) - ab - v ab + 2ab w
        const Fq6 ab = c0 * c1;
        return {(c0 + c1) * (c0 + c1.mul_by_v()) - ab - ab.mul_by_v(), ab + ab};
    }
    /// Squaring for elements of the cyclotomic subgroup (f^(p^6+1)... = 1, as after the easy part
    /// of the final exponentiation): Granger and Scott, "Faster squaring in the cyclotomic
    /// subgroup of sixth degree extensions" (PKC 2010), §3.2. Wrong for other elements.
    [[nodiscard]] Fq12 cyclotomic_square() const noexcept;
    /// The p^6-power Frobenius (w^(p^6) = -w); the inverse on the cyclotomic subgroup.
    [[nodiscard]] Fq12 conjugate() const noexcept { return {c0, -c1}; }
    [[nodiscard]] Fq12 inverse() const noexcept
    {
        const Fq6 t = (c0.square() - c1.square().mul_by_v()).inverse();
        return {c0 * t, -(c1 * t)};
    }
    /// The p-power Frobenius.
    [[nodiscard]] Fq12 frobenius() const noexcept;
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
using G1 = Affine<Fq>;
using G2 = Affine<Fq2>;

/// The coefficient b' = 3/xi of the twist.
[[nodiscard]] const Fq2& twist_b() noexcept;

[[nodiscard]] bool on_curve(const G1& p) noexcept;
[[nodiscard]] bool on_curve(const G2& p) noexcept;
/// r * p == O (G1 has cofactor 1, so every curve point is in it; this matters for G2).
[[nodiscard]] bool in_subgroup(const G2& p) noexcept;
/// The same by definition, [r]p == O, four times slower (a reference for tests).
[[nodiscard]] bool in_subgroup_by_order(const G2& p) noexcept;

[[nodiscard]] G1 add(const G1& a, const G1& b) noexcept;
/// k * p for a 256-bit big-endian scalar (not reduced mod r: EIP-196 takes any value).
[[nodiscard]] G1 mul(const G1& p, const FixedBytes<32>& scalar_be) noexcept;
[[nodiscard]] G2 mul(const G2& p, const FixedBytes<32>& scalar_be) noexcept;

/// EIP-196 decoding of a G1 point (x ‖ y, 64 bytes): coordinates < p, on the curve; all zeros is
/// the point at infinity.
[[nodiscard]] Result<G1, PrecompileError> decode_g1(BytesView bytes) noexcept;
/// EIP-197 decoding of a G2 point (x_im ‖ x_re ‖ y_im ‖ y_re, 128 bytes): coordinates < p, on
/// the twist, in the order-r subgroup; all zeros is the point at infinity.
[[nodiscard]] Result<G2, PrecompileError> decode_g2(BytesView bytes) noexcept;
[[nodiscard]] FixedBytes<64> encode_g1(const G1& p) noexcept;

/// The Miller loop of the optimal ate pairing for several pairs, multiplied together.
[[nodiscard]] Fq12 miller_loop(std::span<const G1> ps, std::span<const G2> qs) noexcept;
/// f^((p^12 - 1) / r).
[[nodiscard]] Fq12 final_exponentiation(const Fq12& f) noexcept;
/// e(P, Q): the reduced optimal ate pairing.
[[nodiscard]] Fq12 pairing(const G1& p, const G2& q) noexcept;

}  // namespace blend::precompiles::bn254
