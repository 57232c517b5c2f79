// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/errors.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

/// The semantics of every numeric instruction (Wasm core spec §4.3) on 64-bit slots. i32 and f32
/// values live in the low 32 bits with the high bits zero. Every arithmetic float result that is
/// a NaN is the canonical NaN (spec §4.3.3 allows any NaN; we fix one for determinism); abs, neg,
/// copysign and reinterpretations are bit operations and keep payloads.
namespace blend::rwasm::num {

using S = uint64_t;

inline constexpr uint32_t kCanonicalNan32 = 0x7FC00000u;
inline constexpr uint64_t kCanonicalNan64 = 0x7FF8000000000000ull;

inline uint32_t u32(S v)
{
    return static_cast<uint32_t>(v);
}
inline int32_t i32(S v)
{
    return static_cast<int32_t>(static_cast<uint32_t>(v));
}
inline int64_t i64(S v)
{
    return static_cast<int64_t>(v);
}
inline float f32(S v)
{
    return std::bit_cast<float>(static_cast<uint32_t>(v));
}
inline double f64(S v)
{
    return std::bit_cast<double>(v);
}
inline S from_u32(uint32_t v)
{
    return v;
}
inline S from_i32(int32_t v)
{
    return static_cast<uint32_t>(v);
}
inline S from_bool(bool v)
{
    return v ? 1 : 0;
}
inline S from_f32(float v)
{
    return std::isnan(v) ? kCanonicalNan32 : std::bit_cast<uint32_t>(v);
}
inline S from_f64(double v)
{
    return std::isnan(v) ? kCanonicalNan64 : std::bit_cast<uint64_t>(v);
}

// i32
inline S I32Eqz(S a)
{
    return from_bool(u32(a) == 0);
}
inline S I32Eq(S a, S b)
{
    return from_bool(u32(a) == u32(b));
}
inline S I32Ne(S a, S b)
{
    return from_bool(u32(a) != u32(b));
}
inline S I32LtS(S a, S b)
{
    return from_bool(i32(a) < i32(b));
}
inline S I32LtU(S a, S b)
{
    return from_bool(u32(a) < u32(b));
}
inline S I32GtS(S a, S b)
{
    return from_bool(i32(a) > i32(b));
}
inline S I32GtU(S a, S b)
{
    return from_bool(u32(a) > u32(b));
}
inline S I32LeS(S a, S b)
{
    return from_bool(i32(a) <= i32(b));
}
inline S I32LeU(S a, S b)
{
    return from_bool(u32(a) <= u32(b));
}
inline S I32GeS(S a, S b)
{
    return from_bool(i32(a) >= i32(b));
}
inline S I32GeU(S a, S b)
{
    return from_bool(u32(a) >= u32(b));
}
inline S I32Clz(S a)
{
    return static_cast<S>(std::countl_zero(u32(a)));
}
inline S I32Ctz(S a)
{
    return static_cast<S>(std::countr_zero(u32(a)));
}
inline S I32Popcnt(S a)
{
    return static_cast<S>(std::popcount(u32(a)));
}
inline S I32Add(S a, S b)
{
    return from_u32(u32(a) + u32(b));
}
inline S I32Sub(S a, S b)
{
    return from_u32(u32(a) - u32(b));
}
inline S I32Mul(S a, S b)
{
    return from_u32(u32(a) * u32(b));
}
inline S I32DivS(S a, S b, TrapCode& t)
{
    if (u32(b) == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    if (i32(a) == std::numeric_limits<int32_t>::min() && i32(b) == -1)
        return t = TrapCode::kIntegerOverflow, 0;
    return from_i32(i32(a) / i32(b));
}
inline S I32DivU(S a, S b, TrapCode& t)
{
    if (u32(b) == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    return from_u32(u32(a) / u32(b));
}
inline S I32RemS(S a, S b, TrapCode& t)
{
    if (u32(b) == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    if (i32(b) == -1)
        return 0;
    return from_i32(i32(a) % i32(b));
}
inline S I32RemU(S a, S b, TrapCode& t)
{
    if (u32(b) == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    return from_u32(u32(a) % u32(b));
}
inline S I32And(S a, S b)
{
    return a & b;
}
inline S I32Or(S a, S b)
{
    return a | b;
}
inline S I32Xor(S a, S b)
{
    return a ^ b;
}
inline S I32Shl(S a, S b)
{
    return from_u32(u32(a) << (b & 31));
}
inline S I32ShrS(S a, S b)
{
    return from_i32(i32(a) >> (b & 31));
}
inline S I32ShrU(S a, S b)
{
    return from_u32(u32(a) >> (b & 31));
}
inline S I32Rotl(S a, S b)
{
    return from_u32(std::rotl(u32(a), static_cast<int>(b & 31)));
}
inline S I32Rotr(S a, S b)
{
    return from_u32(std::rotr(u32(a), static_cast<int>(b & 31)));
}

// i64
inline S I64Eqz(S a)
{
    return from_bool(a == 0);
}
inline S I64Eq(S a, S b)
{
    return from_bool(a == b);
}
inline S I64Ne(S a, S b)
{
    return from_bool(a != b);
}
inline S I64LtS(S a, S b)
{
    return from_bool(i64(a) < i64(b));
}
inline S I64LtU(S a, S b)
{
    return from_bool(a < b);
}
inline S I64GtS(S a, S b)
{
    return from_bool(i64(a) > i64(b));
}
inline S I64GtU(S a, S b)
{
    return from_bool(a > b);
}
inline S I64LeS(S a, S b)
{
    return from_bool(i64(a) <= i64(b));
}
inline S I64LeU(S a, S b)
{
    return from_bool(a <= b);
}
inline S I64GeS(S a, S b)
{
    return from_bool(i64(a) >= i64(b));
}
inline S I64GeU(S a, S b)
{
    return from_bool(a >= b);
}
inline S I64Clz(S a)
{
    return static_cast<S>(std::countl_zero(a));
}
inline S I64Ctz(S a)
{
    return static_cast<S>(std::countr_zero(a));
}
inline S I64Popcnt(S a)
{
    return static_cast<S>(std::popcount(a));
}
inline S I64Add(S a, S b)
{
    return a + b;
}
inline S I64Sub(S a, S b)
{
    return a - b;
}
inline S I64Mul(S a, S b)
{
    return a * b;
}
inline S I64DivS(S a, S b, TrapCode& t)
{
    if (b == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    if (i64(a) == std::numeric_limits<int64_t>::min() && i64(b) == -1)
        return t = TrapCode::kIntegerOverflow, 0;
    return static_cast<S>(i64(a) / i64(b));
}
inline S I64DivU(S a, S b, TrapCode& t)
{
    if (b == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    return a / b;
}
inline S I64RemS(S a, S b, TrapCode& t)
{
    if (b == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    if (i64(b) == -1)
        return 0;
    return static_cast<S>(i64(a) % i64(b));
}
inline S I64RemU(S a, S b, TrapCode& t)
{
    if (b == 0)
        return t = TrapCode::kIntegerDivisionByZero, 0;
    return a % b;
}
inline S I64And(S a, S b)
{
    return a & b;
}
inline S I64Or(S a, S b)
{
    return a | b;
}
inline S I64Xor(S a, S b)
{
    return a ^ b;
}
inline S I64Shl(S a, S b)
{
    return a << (b & 63);
}
inline S I64ShrS(S a, S b)
{
    return static_cast<S>(i64(a) >> (b & 63));
}
inline S I64ShrU(S a, S b)
{
    return a >> (b & 63);
}
inline S I64Rotl(S a, S b)
{
    return std::rotl(a, static_cast<int>(b & 63));
}
inline S I64Rotr(S a, S b)
{
    return std::rotr(a, static_cast<int>(b & 63));
}

// Float comparisons (IEEE 754: any comparison with NaN is false, except ne).
inline S F32Eq(S a, S b)
{
    return from_bool(f32(a) == f32(b));
}
inline S F32Ne(S a, S b)
{
    return from_bool(f32(a) != f32(b));
}
inline S F32Lt(S a, S b)
{
    return from_bool(f32(a) < f32(b));
}
inline S F32Gt(S a, S b)
{
    return from_bool(f32(a) > f32(b));
}
inline S F32Le(S a, S b)
{
    return from_bool(f32(a) <= f32(b));
}
inline S F32Ge(S a, S b)
{
    return from_bool(f32(a) >= f32(b));
}
inline S F64Eq(S a, S b)
{
    return from_bool(f64(a) == f64(b));
}
inline S F64Ne(S a, S b)
{
    return from_bool(f64(a) != f64(b));
}
inline S F64Lt(S a, S b)
{
    return from_bool(f64(a) < f64(b));
}
inline S F64Gt(S a, S b)
{
    return from_bool(f64(a) > f64(b));
}
inline S F64Le(S a, S b)
{
    return from_bool(f64(a) <= f64(b));
}
inline S F64Ge(S a, S b)
{
    return from_bool(f64(a) >= f64(b));
}

// Sign-bit operations: no canonicalisation (spec §4.3.3 fneg/fabs/fcopysign).
inline S F32Abs(S a)
{
    return a & 0x7FFFFFFFu;
}
inline S F32Neg(S a)
{
    return (a ^ 0x80000000u) & 0xFFFFFFFFu;
}
inline S F32Copysign(S a, S b)
{
    return (a & 0x7FFFFFFFu) | (b & 0x80000000u);
}
inline S F64Abs(S a)
{
    return a & 0x7FFFFFFFFFFFFFFFull;
}
inline S F64Neg(S a)
{
    return a ^ 0x8000000000000000ull;
}
inline S F64Copysign(S a, S b)
{
    return (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull);
}

template <typename F>
F wasm_min(F x, F y)
{
    if (std::isnan(x) || std::isnan(y))
        return std::numeric_limits<F>::quiet_NaN();
    if (x == 0 && y == 0)
        return std::signbit(x) ? x : y;  // min(-0, +0) = -0
    return x < y ? x : y;
}
template <typename F>
F wasm_max(F x, F y)
{
    if (std::isnan(x) || std::isnan(y))
        return std::numeric_limits<F>::quiet_NaN();
    if (x == 0 && y == 0)
        return std::signbit(x) ? y : x;  // max(-0, +0) = +0
    return x > y ? x : y;
}
/// Round to nearest, ties to even, independent of the FPU rounding mode.
template <typename F>
F wasm_nearest(F x)
{
    if (std::isnan(x) || std::isinf(x) || x == 0)
        return x;
    const F r = std::round(x);  // ties away from zero
    F out = r;
    if (std::fabs(x - std::trunc(x)) == F(0.5))
        out = F(2) * std::round(x / F(2));
    return std::copysign(out == 0 ? F(0) : out, x);
}

inline S F32Ceil(S a)
{
    return from_f32(std::ceil(f32(a)));
}
inline S F32Floor(S a)
{
    return from_f32(std::floor(f32(a)));
}
inline S F32Trunc(S a)
{
    return from_f32(std::trunc(f32(a)));
}
inline S F32Nearest(S a)
{
    return from_f32(wasm_nearest(f32(a)));
}
inline S F32Sqrt(S a)
{
    return from_f32(std::sqrt(f32(a)));
}
inline S F32Add(S a, S b)
{
    return from_f32(f32(a) + f32(b));
}
inline S F32Sub(S a, S b)
{
    return from_f32(f32(a) - f32(b));
}
inline S F32Mul(S a, S b)
{
    return from_f32(f32(a) * f32(b));
}
inline S F32Div(S a, S b)
{
    return from_f32(f32(a) / f32(b));
}
inline S F32Min(S a, S b)
{
    return from_f32(wasm_min(f32(a), f32(b)));
}
inline S F32Max(S a, S b)
{
    return from_f32(wasm_max(f32(a), f32(b)));
}
inline S F64Ceil(S a)
{
    return from_f64(std::ceil(f64(a)));
}
inline S F64Floor(S a)
{
    return from_f64(std::floor(f64(a)));
}
inline S F64Trunc(S a)
{
    return from_f64(std::trunc(f64(a)));
}
inline S F64Nearest(S a)
{
    return from_f64(wasm_nearest(f64(a)));
}
inline S F64Sqrt(S a)
{
    return from_f64(std::sqrt(f64(a)));
}
inline S F64Add(S a, S b)
{
    return from_f64(f64(a) + f64(b));
}
inline S F64Sub(S a, S b)
{
    return from_f64(f64(a) - f64(b));
}
inline S F64Mul(S a, S b)
{
    return from_f64(f64(a) * f64(b));
}
inline S F64Div(S a, S b)
{
    return from_f64(f64(a) / f64(b));
}
inline S F64Min(S a, S b)
{
    return from_f64(wasm_min(f64(a), f64(b)));
}
inline S F64Max(S a, S b)
{
    return from_f64(wasm_max(f64(a), f64(b)));
}

// Conversions.
inline S I32WrapI64(S a)
{
    return a & 0xFFFFFFFFu;
}
inline S I64ExtendI32S(S a)
{
    return static_cast<S>(static_cast<int64_t>(i32(a)));
}
inline S I64ExtendI32U(S a)
{
    return a & 0xFFFFFFFFu;
}
inline S I32Extend8S(S a)
{
    return from_i32(static_cast<int8_t>(a));
}
inline S I32Extend16S(S a)
{
    return from_i32(static_cast<int16_t>(a));
}
inline S I64Extend8S(S a)
{
    return static_cast<S>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
inline S I64Extend16S(S a)
{
    return static_cast<S>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
inline S I64Extend32S(S a)
{
    return static_cast<S>(static_cast<int64_t>(static_cast<int32_t>(a)));
}

/// Truncation bounds (exclusive), exact in double: spec §4.3.3 trunc is defined when the
/// truncated value is representable.
template <typename I>
bool trunc_in_range(double x)
{
    if constexpr (std::is_same_v<I, int32_t>)
        return x > -2147483649.0 && x < 2147483648.0;
    else if constexpr (std::is_same_v<I, uint32_t>)
        return x > -1.0 && x < 4294967296.0;
    else if constexpr (std::is_same_v<I, int64_t>)
        return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
    else
        return x > -1.0 && x < 18446744073709551616.0;
}
template <typename I>
S trunc_checked(double x, TrapCode& t)
{
    if (std::isnan(x))
        return t = TrapCode::kBadConversionToInteger, 0;
    if (!trunc_in_range<I>(x))
        return t = TrapCode::kIntegerOverflow, 0;
    const I v = static_cast<I>(x);
    if constexpr (sizeof(I) == 4)
        return static_cast<uint32_t>(v);
    else
        return static_cast<uint64_t>(v);
}
template <typename I>
S trunc_saturating(double x)
{
    I v;
    if (std::isnan(x))
        v = 0;
    else if (!trunc_in_range<I>(x))
        v = x < 0 ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
    else
        v = static_cast<I>(x);
    if constexpr (sizeof(I) == 4)
        return static_cast<uint32_t>(v);
    else
        return static_cast<uint64_t>(v);
}

inline S I32TruncF32S(S a, TrapCode& t)
{
    return trunc_checked<int32_t>(f32(a), t);
}
inline S I32TruncF32U(S a, TrapCode& t)
{
    return trunc_checked<uint32_t>(f32(a), t);
}
inline S I32TruncF64S(S a, TrapCode& t)
{
    return trunc_checked<int32_t>(f64(a), t);
}
inline S I32TruncF64U(S a, TrapCode& t)
{
    return trunc_checked<uint32_t>(f64(a), t);
}
inline S I64TruncF32S(S a, TrapCode& t)
{
    return trunc_checked<int64_t>(f32(a), t);
}
inline S I64TruncF32U(S a, TrapCode& t)
{
    return trunc_checked<uint64_t>(f32(a), t);
}
inline S I64TruncF64S(S a, TrapCode& t)
{
    return trunc_checked<int64_t>(f64(a), t);
}
inline S I64TruncF64U(S a, TrapCode& t)
{
    return trunc_checked<uint64_t>(f64(a), t);
}
inline S I32TruncSatF32S(S a)
{
    return trunc_saturating<int32_t>(f32(a));
}
inline S I32TruncSatF32U(S a)
{
    return trunc_saturating<uint32_t>(f32(a));
}
inline S I32TruncSatF64S(S a)
{
    return trunc_saturating<int32_t>(f64(a));
}
inline S I32TruncSatF64U(S a)
{
    return trunc_saturating<uint32_t>(f64(a));
}
inline S I64TruncSatF32S(S a)
{
    return trunc_saturating<int64_t>(f32(a));
}
inline S I64TruncSatF32U(S a)
{
    return trunc_saturating<uint64_t>(f32(a));
}
inline S I64TruncSatF64S(S a)
{
    return trunc_saturating<int64_t>(f64(a));
}
inline S I64TruncSatF64U(S a)
{
    return trunc_saturating<uint64_t>(f64(a));
}

inline S F32ConvertI32S(S a)
{
    return from_f32(static_cast<float>(i32(a)));
}
inline S F32ConvertI32U(S a)
{
    return from_f32(static_cast<float>(u32(a)));
}
inline S F32ConvertI64S(S a)
{
    return from_f32(static_cast<float>(i64(a)));
}
inline S F32ConvertI64U(S a)
{
    return from_f32(static_cast<float>(a));
}
inline S F32DemoteF64(S a)
{
    return from_f32(static_cast<float>(f64(a)));
}
inline S F64ConvertI32S(S a)
{
    return from_f64(static_cast<double>(i32(a)));
}
inline S F64ConvertI32U(S a)
{
    return from_f64(static_cast<double>(u32(a)));
}
inline S F64ConvertI64S(S a)
{
    return from_f64(static_cast<double>(i64(a)));
}
inline S F64ConvertI64U(S a)
{
    return from_f64(static_cast<double>(a));
}
inline S F64PromoteF32(S a)
{
    return from_f64(static_cast<double>(f32(a)));
}
inline S I32ReinterpretF32(S a)
{
    return a;
}
inline S I64ReinterpretF64(S a)
{
    return a;
}
inline S F32ReinterpretI32(S a)
{
    return a;
}
inline S F64ReinterpretI64(S a)
{
    return a;
}

}  // namespace blend::rwasm::num
