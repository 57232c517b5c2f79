// SPDX-License-Identifier: Apache-2.0
// The 256-bit arithmetic builtins (docs/rwasm-format.md §U256): rWasm ops that compute an EVM
// word operation on 32-byte little-endian words in linear memory, natively inside the
// interpreter loop, like the bigint accelerators of zkVMs. Wasm has no 64x64->128 multiply, so
// the wasm32 build of a 256-bit multiply or division runs 100-1000 rWasm instructions; one op
// does it in one dispatch. A Wasm module reaches them by importing functions of the reserved
// module kU256ImportModule; the compiler lowers a direct call to the op (no host call, no
// suspension) and gives the import a small wrapper body for indirect calls and exports.
#pragma once

#include "rwasm/opcodes.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace blend::rwasm {

/// The import module name that selects the builtins instead of the host resolver.
inline constexpr std::string_view kU256ImportModule = "blend_u256";

/// Every operand is a 32-byte word (EVM word size, Yellow Paper §9.1).
inline constexpr uint32_t kU256Bytes = 32;

/// One importable builtin: its import name, its op, and its parameter count (all i32 addresses,
/// the result's first; no results).
struct U256Builtin {
    std::string_view name;
    Opcode op;
    uint32_t params;
};

/// The import names and what they compute, with the EVM's rules (Yellow Paper Appendix H.2):
/// mul r = a * b mod 2^256; div/mod r = a / b, a mod b (0 when b = 0); sdiv/smod the two's
/// complement forms (sdiv(-2^255, -1) = -2^255); addmod/mulmod r = (a + b) mod m, (a * b) mod m
/// on the exact sum/product (0 when m = 0). One row per builtin — op (BLEND_RWASM_U256_OPS),
/// import name, the function below that computes it, parameter count — generating this table
/// and both interpreter loops' handlers.
#define BLEND_RWASM_U256_BUILTINS(Y)        \
    Y(U256Mul, "mul", u256_mul, 3)          \
    Y(U256Div, "div", u256_div, 3)          \
    Y(U256Mod, "mod", u256_mod, 3)          \
    Y(U256SDiv, "sdiv", u256_sdiv, 3)       \
    Y(U256SMod, "smod", u256_smod, 3)       \
    Y(U256AddMod, "addmod", u256_addmod, 4) \
    Y(U256MulMod, "mulmod", u256_mulmod, 4)

#define BLEND_U256_BUILTIN_ROW(name, import_name, fn, params) \
    U256Builtin{import_name, Opcode::k##name, params},
inline constexpr auto kU256Builtins =
    std::to_array<U256Builtin>({BLEND_RWASM_U256_BUILTINS(BLEND_U256_BUILTIN_ROW)});
#undef BLEND_U256_BUILTIN_ROW

/// The builtin imported as (kU256ImportModule, name), or nullptr.
[[nodiscard]] constexpr const U256Builtin* find_u256_builtin(std::string_view name) noexcept
{
    for (const U256Builtin& b : kU256Builtins)
        if (b.name == name)
            return &b;
    return nullptr;
}

/// The computations on memory whose operands the caller has bounds-checked (each address + 32
/// within the committed memory). Operands are read before the result is written, so the result
/// may overlap any operand. The arithmetic is core/freestanding/u256.hpp, the code the native
/// strategy's EVM runtime is built on.
void u256_mul(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept;
void u256_div(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept;
void u256_mod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept;
void u256_sdiv(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept;
void u256_smod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept;
void u256_addmod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b, uint32_t m) noexcept;
void u256_mulmod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b, uint32_t m) noexcept;

}  // namespace blend::rwasm
