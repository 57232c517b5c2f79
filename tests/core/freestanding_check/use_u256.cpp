// SPDX-License-Identifier: Apache-2.0
// Instantiates every U256 operation in a wasm32 object so that freestanding_headers can check the
// object for calls into compiler-rt (__multi3, __udivti3, ...) that the runtimes do not link.
#include "core/freestanding/u256.hpp"

using blend::U256;

namespace {

U256 load(const uint8_t* p)
{
    return U256::from_be_bytes(p, 32);
}

}  // namespace

// extern "C" keeps each function emitted and its name readable in the object.
extern "C" {

void blend_check_arith(const uint8_t* a, const uint8_t* b, const uint8_t* m, uint8_t* out)
{
    const U256 x = load(a);
    const U256 y = load(b);
    const U256 z = load(m);
    U256 r = x + y;
    r ^= x - y;
    r ^= x * y;
    r ^= x / y;
    r ^= x % y;
    r ^= blend::sdiv(x, y);
    r ^= blend::smod(x, y);
    r ^= blend::addmod(x, y, z);
    r ^= blend::mulmod(x, y, z);
    r ^= blend::exp(x, y);
    r ^= blend::signextend(y, x);
    r ^= blend::byte(y, x);
    r ^= blend::shl(y, x) | blend::shr(y, x) | blend::sar(y, x);
    r ^= (x << y) & (x >> y);
    r ^= ~(x & y) | (x | y);
    r ^= -x;
    const int flags = (x < y) + (x > y) * 2 + (x <= y) * 4 + (x >= y) * 8 + (x == y) * 16 +
                      blend::slt(x, y) * 32 + blend::sgt(x, y) * 64 + x.is_zero() * 128;
    r += U256{static_cast<uint64_t>(flags)};
    r += U256{blend::count_significant_bits(x) + blend::count_significant_bytes(y)};
    r.to_be_bytes(out);
}

}  // extern "C"
