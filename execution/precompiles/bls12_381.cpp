// SPDX-License-Identifier: Apache-2.0
// BLS12-381 (EIP-2537): the base field Fp on the shared Montgomery template, Fp2 = Fp[u]/(u^2+1),
// G1 (y^2 = x^3 + 4) and G2 (y^2 = x^3 + 4(1+u)), and the G1ADD (0x0b) / G2ADD (0x0d)
// precompiles. The MSM, pairing and map precompiles are not implemented yet.
#include "execution/precompiles/gmp_inverse.hpp"
#include "execution/precompiles/precompiles.hpp"
#include "trie/field/montgomery.hpp"

#include <cstring>
#include <optional>

namespace blend::precompiles {

namespace {

/// p =
/// 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
struct BlsFpParams {
    static constexpr size_t kLimbs = 6;
    static constexpr field::Limbs<6> kModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                                 0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                                 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
};
using Fp = field::MontField<BlsFpParams>;

struct Fp2 {
    Fp c0, c1;
    friend bool operator==(const Fp2&, const Fp2&) = default;
    [[nodiscard]] bool is_zero() const noexcept { return c0.is_zero() && c1.is_zero(); }
    friend Fp2 operator+(const Fp2& a, const Fp2& b) noexcept { return {a.c0 + b.c0, a.c1 + b.c1}; }
    friend Fp2 operator-(const Fp2& a, const Fp2& b) noexcept { return {a.c0 - b.c0, a.c1 - b.c1}; }
    friend Fp2 operator*(const Fp2& a, const Fp2& b) noexcept
    {
        const Fp t0 = a.c0 * b.c0;
        const Fp t1 = a.c1 * b.c1;
        return {t0 - t1, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
    }
    [[nodiscard]] Fp2 square() const noexcept { return *this * *this; }
};

Fp inverse(const Fp& a) noexcept
{
    return gmp_inverse(a);
}

Fp2 inverse(const Fp2& a) noexcept
{
    const Fp t = gmp_inverse(a.c0.square() + a.c1.square());
    return {a.c0 * t, -(a.c1 * t)};
}

Fp curve_b(const Fp*) noexcept
{
    return Fp::from_u64(4);
}

Fp2 curve_b(const Fp2*) noexcept
{
    return {Fp::from_u64(4), Fp::from_u64(4)};  // 4(1 + u)
}

template <typename F>
struct Point {
    F x{}, y{};
    bool infinity = true;
};

template <typename F>
bool on_curve(const Point<F>& p) noexcept
{
    if (p.infinity)
        return true;
    return p.y.square() == p.x.square() * p.x + curve_b(static_cast<const F*>(nullptr));
}

/// Affine addition with the doubling and opposite-point cases (one inversion).
template <typename F>
Point<F> add(const Point<F>& a, const Point<F>& b) noexcept
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
        lambda = (x2 + x2 + x2) * inverse(a.y + a.y);
    } else {
        lambda = (b.y - a.y) * inverse(b.x - a.x);
    }
    const F x3 = lambda.square() - a.x - b.x;
    return {x3, lambda * (a.x - x3) - a.y, false};
}

/// EIP-2537: an Fp element is 64 big-endian bytes whose top 16 are zero, with a value < p.
std::optional<Fp> read_fp(const uint8_t* p) noexcept
{
    for (size_t i = 0; i < 16; ++i)
        if (p[i] != 0)
            return std::nullopt;
    return Fp::from_bytes_be(BytesView{p + 16, 48});
}

void write_fp(uint8_t* out, const Fp& f) noexcept
{
    std::memset(out, 0, 16);
    const auto b = f.to_bytes_be();
    std::memcpy(out + 16, b.data(), 48);
}

Result<Point<Fp>, PrecompileError> decode_g1(const uint8_t* in) noexcept
{
    const auto x = read_fp(in);
    const auto y = read_fp(in + 64);
    if (!x || !y)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    if (x->is_zero() && y->is_zero())
        return Point<Fp>{};  // EIP-2537: all zeros is the point at infinity
    const Point<Fp> p{*x, *y, false};
    if (!on_curve(p))
        return Unexpected{PrecompileError::kPointNotOnCurve};
    return p;
}

Result<Point<Fp2>, PrecompileError> decode_g2(const uint8_t* in) noexcept
{
    // EIP-2537: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (real part first).
    const auto x0 = read_fp(in);
    const auto x1 = read_fp(in + 64);
    const auto y0 = read_fp(in + 128);
    const auto y1 = read_fp(in + 192);
    if (!x0 || !x1 || !y0 || !y1)
        return Unexpected{PrecompileError::kInvalidFieldElement};
    const Point<Fp2> p{{*x0, *x1}, {*y0, *y1}, false};
    if (p.x.is_zero() && p.y.is_zero())
        return Point<Fp2>{};
    if (!on_curve(p))
        return Unexpected{PrecompileError::kPointNotOnCurve};
    return p;
}

}  // namespace

// EIP-2537: BLS12_G1ADD costs 375.
uint64_t bls12_g1add_gas(BytesView /*input*/)
{
    return 375;
}

Result<Bytes, PrecompileError> bls12_g1add_run(BytesView input)
{
    if (input.size() != 256)
        return Unexpected{PrecompileError::kInvalidInputLength};
    // EIP-2537: on-curve checks only, no subgroup check for ADD.
    BLEND_TRY(const auto a, decode_g1(input.data()));
    BLEND_TRY(const auto b, decode_g1(input.data() + 128));
    const Point<Fp> r = add(a, b);
    Bytes out(128, 0);
    if (!r.infinity) {
        write_fp(out.data(), r.x);
        write_fp(out.data() + 64, r.y);
    }
    return out;
}

// EIP-2537: BLS12_G2ADD costs 600.
uint64_t bls12_g2add_gas(BytesView /*input*/)
{
    return 600;
}

Result<Bytes, PrecompileError> bls12_g2add_run(BytesView input)
{
    if (input.size() != 512)
        return Unexpected{PrecompileError::kInvalidInputLength};
    BLEND_TRY(const auto a, decode_g2(input.data()));
    BLEND_TRY(const auto b, decode_g2(input.data() + 256));
    const Point<Fp2> r = add(a, b);
    Bytes out(256, 0);
    if (!r.infinity) {
        write_fp(out.data(), r.x.c0);
        write_fp(out.data() + 64, r.x.c1);
        write_fp(out.data() + 128, r.y.c0);
        write_fp(out.data() + 192, r.y.c1);
    }
    return out;
}

}  // namespace blend::precompiles
