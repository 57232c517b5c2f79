// SPDX-License-Identifier: Apache-2.0
#pragma once

/// The Wasm 2.0 numeric instructions (core spec §5.4.7), one list shared by the decoder, the
/// validator (operand types), the compiler (each maps to the rWasm opcode of the same name) and
/// the interpreter (the shape selects the dispatch template).
///
/// Each row is M(X, Name, code, shape, in1, in2, out)
///   code: the opcode byte, or 0xFC00|sub for the 0xFC-prefixed saturating truncations
///   shape: U unary, B binary, UT unary that may trap, BT binary that may trap
///   in1/in2/out: I32 I64 F32 F64 or None
#define BLEND_WASM_NUMERIC_OPS_WITH(M, X)            \
    M(X, I32Eqz, 0x45, U, I32, None, I32)            \
    M(X, I32Eq, 0x46, B, I32, I32, I32)              \
    M(X, I32Ne, 0x47, B, I32, I32, I32)              \
    M(X, I32LtS, 0x48, B, I32, I32, I32)             \
    M(X, I32LtU, 0x49, B, I32, I32, I32)             \
    M(X, I32GtS, 0x4A, B, I32, I32, I32)             \
    M(X, I32GtU, 0x4B, B, I32, I32, I32)             \
    M(X, I32LeS, 0x4C, B, I32, I32, I32)             \
    M(X, I32LeU, 0x4D, B, I32, I32, I32)             \
    M(X, I32GeS, 0x4E, B, I32, I32, I32)             \
    M(X, I32GeU, 0x4F, B, I32, I32, I32)             \
    M(X, I64Eqz, 0x50, U, I64, None, I32)            \
    M(X, I64Eq, 0x51, B, I64, I64, I32)              \
    M(X, I64Ne, 0x52, B, I64, I64, I32)              \
    M(X, I64LtS, 0x53, B, I64, I64, I32)             \
    M(X, I64LtU, 0x54, B, I64, I64, I32)             \
    M(X, I64GtS, 0x55, B, I64, I64, I32)             \
    M(X, I64GtU, 0x56, B, I64, I64, I32)             \
    M(X, I64LeS, 0x57, B, I64, I64, I32)             \
    M(X, I64LeU, 0x58, B, I64, I64, I32)             \
    M(X, I64GeS, 0x59, B, I64, I64, I32)             \
    M(X, I64GeU, 0x5A, B, I64, I64, I32)             \
    M(X, F32Eq, 0x5B, B, F32, F32, I32)              \
    M(X, F32Ne, 0x5C, B, F32, F32, I32)              \
    M(X, F32Lt, 0x5D, B, F32, F32, I32)              \
    M(X, F32Gt, 0x5E, B, F32, F32, I32)              \
    M(X, F32Le, 0x5F, B, F32, F32, I32)              \
    M(X, F32Ge, 0x60, B, F32, F32, I32)              \
    M(X, F64Eq, 0x61, B, F64, F64, I32)              \
    M(X, F64Ne, 0x62, B, F64, F64, I32)              \
    M(X, F64Lt, 0x63, B, F64, F64, I32)              \
    M(X, F64Gt, 0x64, B, F64, F64, I32)              \
    M(X, F64Le, 0x65, B, F64, F64, I32)              \
    M(X, F64Ge, 0x66, B, F64, F64, I32)              \
    M(X, I32Clz, 0x67, U, I32, None, I32)            \
    M(X, I32Ctz, 0x68, U, I32, None, I32)            \
    M(X, I32Popcnt, 0x69, U, I32, None, I32)         \
    M(X, I32Add, 0x6A, B, I32, I32, I32)             \
    M(X, I32Sub, 0x6B, B, I32, I32, I32)             \
    M(X, I32Mul, 0x6C, B, I32, I32, I32)             \
    M(X, I32DivS, 0x6D, BT, I32, I32, I32)           \
    M(X, I32DivU, 0x6E, BT, I32, I32, I32)           \
    M(X, I32RemS, 0x6F, BT, I32, I32, I32)           \
    M(X, I32RemU, 0x70, BT, I32, I32, I32)           \
    M(X, I32And, 0x71, B, I32, I32, I32)             \
    M(X, I32Or, 0x72, B, I32, I32, I32)              \
    M(X, I32Xor, 0x73, B, I32, I32, I32)             \
    M(X, I32Shl, 0x74, B, I32, I32, I32)             \
    M(X, I32ShrS, 0x75, B, I32, I32, I32)            \
    M(X, I32ShrU, 0x76, B, I32, I32, I32)            \
    M(X, I32Rotl, 0x77, B, I32, I32, I32)            \
    M(X, I32Rotr, 0x78, B, I32, I32, I32)            \
    M(X, I64Clz, 0x79, U, I64, None, I64)            \
    M(X, I64Ctz, 0x7A, U, I64, None, I64)            \
    M(X, I64Popcnt, 0x7B, U, I64, None, I64)         \
    M(X, I64Add, 0x7C, B, I64, I64, I64)             \
    M(X, I64Sub, 0x7D, B, I64, I64, I64)             \
    M(X, I64Mul, 0x7E, B, I64, I64, I64)             \
    M(X, I64DivS, 0x7F, BT, I64, I64, I64)           \
    M(X, I64DivU, 0x80, BT, I64, I64, I64)           \
    M(X, I64RemS, 0x81, BT, I64, I64, I64)           \
    M(X, I64RemU, 0x82, BT, I64, I64, I64)           \
    M(X, I64And, 0x83, B, I64, I64, I64)             \
    M(X, I64Or, 0x84, B, I64, I64, I64)              \
    M(X, I64Xor, 0x85, B, I64, I64, I64)             \
    M(X, I64Shl, 0x86, B, I64, I64, I64)             \
    M(X, I64ShrS, 0x87, B, I64, I64, I64)            \
    M(X, I64ShrU, 0x88, B, I64, I64, I64)            \
    M(X, I64Rotl, 0x89, B, I64, I64, I64)            \
    M(X, I64Rotr, 0x8A, B, I64, I64, I64)            \
    M(X, F32Abs, 0x8B, U, F32, None, F32)            \
    M(X, F32Neg, 0x8C, U, F32, None, F32)            \
    M(X, F32Ceil, 0x8D, U, F32, None, F32)           \
    M(X, F32Floor, 0x8E, U, F32, None, F32)          \
    M(X, F32Trunc, 0x8F, U, F32, None, F32)          \
    M(X, F32Nearest, 0x90, U, F32, None, F32)        \
    M(X, F32Sqrt, 0x91, U, F32, None, F32)           \
    M(X, F32Add, 0x92, B, F32, F32, F32)             \
    M(X, F32Sub, 0x93, B, F32, F32, F32)             \
    M(X, F32Mul, 0x94, B, F32, F32, F32)             \
    M(X, F32Div, 0x95, B, F32, F32, F32)             \
    M(X, F32Min, 0x96, B, F32, F32, F32)             \
    M(X, F32Max, 0x97, B, F32, F32, F32)             \
    M(X, F32Copysign, 0x98, B, F32, F32, F32)        \
    M(X, F64Abs, 0x99, U, F64, None, F64)            \
    M(X, F64Neg, 0x9A, U, F64, None, F64)            \
    M(X, F64Ceil, 0x9B, U, F64, None, F64)           \
    M(X, F64Floor, 0x9C, U, F64, None, F64)          \
    M(X, F64Trunc, 0x9D, U, F64, None, F64)          \
    M(X, F64Nearest, 0x9E, U, F64, None, F64)        \
    M(X, F64Sqrt, 0x9F, U, F64, None, F64)           \
    M(X, F64Add, 0xA0, B, F64, F64, F64)             \
    M(X, F64Sub, 0xA1, B, F64, F64, F64)             \
    M(X, F64Mul, 0xA2, B, F64, F64, F64)             \
    M(X, F64Div, 0xA3, B, F64, F64, F64)             \
    M(X, F64Min, 0xA4, B, F64, F64, F64)             \
    M(X, F64Max, 0xA5, B, F64, F64, F64)             \
    M(X, F64Copysign, 0xA6, B, F64, F64, F64)        \
    M(X, I32WrapI64, 0xA7, U, I64, None, I32)        \
    M(X, I32TruncF32S, 0xA8, UT, F32, None, I32)     \
    M(X, I32TruncF32U, 0xA9, UT, F32, None, I32)     \
    M(X, I32TruncF64S, 0xAA, UT, F64, None, I32)     \
    M(X, I32TruncF64U, 0xAB, UT, F64, None, I32)     \
    M(X, I64ExtendI32S, 0xAC, U, I32, None, I64)     \
    M(X, I64ExtendI32U, 0xAD, U, I32, None, I64)     \
    M(X, I64TruncF32S, 0xAE, UT, F32, None, I64)     \
    M(X, I64TruncF32U, 0xAF, UT, F32, None, I64)     \
    M(X, I64TruncF64S, 0xB0, UT, F64, None, I64)     \
    M(X, I64TruncF64U, 0xB1, UT, F64, None, I64)     \
    M(X, F32ConvertI32S, 0xB2, U, I32, None, F32)    \
    M(X, F32ConvertI32U, 0xB3, U, I32, None, F32)    \
    M(X, F32ConvertI64S, 0xB4, U, I64, None, F32)    \
    M(X, F32ConvertI64U, 0xB5, U, I64, None, F32)    \
    M(X, F32DemoteF64, 0xB6, U, F64, None, F32)      \
    M(X, F64ConvertI32S, 0xB7, U, I32, None, F64)    \
    M(X, F64ConvertI32U, 0xB8, U, I32, None, F64)    \
    M(X, F64ConvertI64S, 0xB9, U, I64, None, F64)    \
    M(X, F64ConvertI64U, 0xBA, U, I64, None, F64)    \
    M(X, F64PromoteF32, 0xBB, U, F32, None, F64)     \
    M(X, I32ReinterpretF32, 0xBC, U, F32, None, I32) \
    M(X, I64ReinterpretF64, 0xBD, U, F64, None, I64) \
    M(X, F32ReinterpretI32, 0xBE, U, I32, None, F32) \
    M(X, F64ReinterpretI64, 0xBF, U, I64, None, F64) \
    M(X, I32Extend8S, 0xC0, U, I32, None, I32)       \
    M(X, I32Extend16S, 0xC1, U, I32, None, I32)      \
    M(X, I64Extend8S, 0xC2, U, I64, None, I64)       \
    M(X, I64Extend16S, 0xC3, U, I64, None, I64)      \
    M(X, I64Extend32S, 0xC4, U, I64, None, I64)      \
    M(X, I32TruncSatF32S, 0xFC00, U, F32, None, I32) \
    M(X, I32TruncSatF32U, 0xFC01, U, F32, None, I32) \
    M(X, I32TruncSatF64S, 0xFC02, U, F64, None, I32) \
    M(X, I32TruncSatF64U, 0xFC03, U, F64, None, I32) \
    M(X, I64TruncSatF32S, 0xFC04, U, F32, None, I64) \
    M(X, I64TruncSatF32U, 0xFC05, U, F32, None, I64) \
    M(X, I64TruncSatF64S, 0xFC06, U, F64, None, I64) \
    M(X, I64TruncSatF64U, 0xFC07, U, F64, None, I64)

/// Applies X to one row of a list (the default row adapter).
#define BLEND_WASM_APPLY(X, ...) X(__VA_ARGS__)
#define BLEND_WASM_NUMERIC_OPS(X) BLEND_WASM_NUMERIC_OPS_WITH(BLEND_WASM_APPLY, X)
#define BLEND_WASM_MEMORY_OPS(X) BLEND_WASM_MEMORY_OPS_WITH(BLEND_WASM_APPLY, X)

/// Memory access instructions: M(X, Name, byte, value type, access bytes, natural align log2,
/// is_store)
#define BLEND_WASM_MEMORY_OPS_WITH(M, X)     \
    M(X, I32Load, 0x28, I32, 4, 2, false)    \
    M(X, I64Load, 0x29, I64, 8, 3, false)    \
    M(X, F32Load, 0x2A, F32, 4, 2, false)    \
    M(X, F64Load, 0x2B, F64, 8, 3, false)    \
    M(X, I32Load8S, 0x2C, I32, 1, 0, false)  \
    M(X, I32Load8U, 0x2D, I32, 1, 0, false)  \
    M(X, I32Load16S, 0x2E, I32, 2, 1, false) \
    M(X, I32Load16U, 0x2F, I32, 2, 1, false) \
    M(X, I64Load8S, 0x30, I64, 1, 0, false)  \
    M(X, I64Load8U, 0x31, I64, 1, 0, false)  \
    M(X, I64Load16S, 0x32, I64, 2, 1, false) \
    M(X, I64Load16U, 0x33, I64, 2, 1, false) \
    M(X, I64Load32S, 0x34, I64, 4, 2, false) \
    M(X, I64Load32U, 0x35, I64, 4, 2, false) \
    M(X, I32Store, 0x36, I32, 4, 2, true)    \
    M(X, I64Store, 0x37, I64, 8, 3, true)    \
    M(X, F32Store, 0x38, F32, 4, 2, true)    \
    M(X, F64Store, 0x39, F64, 8, 3, true)    \
    M(X, I32Store8, 0x3A, I32, 1, 0, true)   \
    M(X, I64Store8, 0x3C, I64, 1, 0, true)   \
    M(X, I32Store16, 0x3B, I32, 2, 1, true)  \
    M(X, I64Store16, 0x3D, I64, 2, 1, true)  \
    M(X, I64Store32, 0x3E, I64, 4, 2, true)
