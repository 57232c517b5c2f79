// SPDX-License-Identifier: Apache-2.0
// U256 and Boost.Multiprecision's uint256_t run the same operation on the same pre-generated
// operands (one pass over kOperands values per iteration, so the figure is per operation after
// dividing by kOperands; Google Benchmark's items_per_second shows operations per second).
#include "core/freestanding/u256.hpp"
#include "core/keccak.hpp"

#include <benchmark/benchmark.h>
#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <random>
#include <vector>

namespace {

namespace mp = boost::multiprecision;
using blend::U256;
using Boost = mp::uint256_t;

constexpr size_t kOperands = 1024;

Boost to_boost(const U256& x)
{
    Boost r;
    mp::import_bits(r, std::begin(x.words), std::end(x.words), 64, false);
    return r;
}

/// Random values whose size is uniform in words (1..4) or full 256-bit.
struct Operands {
    std::vector<U256> a, b, c;
    std::vector<Boost> ba, bb, bc;

    enum class Shape { kFull, kMixed };

    /// b_words > 0 cuts b and c to exactly that many words (top word non-zero).
    Operands(Shape a_shape, Shape b_shape, uint64_t seed, int b_words = 0)
    {
        std::mt19937_64 rng(seed);
        const auto make = [&](Shape shape) {
            U256 x = U256::from_words(rng(), rng(), rng(), rng());
            if (shape == Shape::kMixed) {
                const unsigned words = 1 + static_cast<unsigned>(rng() % 4);
                for (unsigned i = words; i < 4; ++i)
                    x.words[i] = 0;
            }
            if (x.is_zero())
                x = U256{1};
            return x;
        };
        for (size_t i = 0; i < kOperands; ++i) {
            a.push_back(make(a_shape));
            b.push_back(make(b_shape));
            c.push_back(make(b_shape));
            for (int w = b_words; b_words > 0 && w < 4; ++w) {
                b.back().words[w] = 0;
                c.back().words[w] = 0;
            }
            if (b_words > 0) {
                b.back().words[b_words - 1] |= 1;
                c.back().words[b_words - 1] |= 1;
            }
            ba.push_back(to_boost(a.back()));
            bb.push_back(to_boost(b.back()));
            bc.push_back(to_boost(c.back()));
        }
    }
};

const Operands& full_full()
{
    static const Operands ops(Operands::Shape::kFull, Operands::Shape::kFull, 1);
    return ops;
}
const Operands& full_mixed()
{
    static const Operands ops(Operands::Shape::kFull, Operands::Shape::kMixed, 2);
    return ops;
}

template <typename F>
void run_u256(benchmark::State& state, const Operands& ops, F f)
{
    for (auto _ : state) {
        for (size_t i = 0; i < kOperands; ++i) {
            U256 r = f(ops.a[i], ops.b[i], ops.c[i]);
            benchmark::DoNotOptimize(r);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kOperands));
}

template <typename F>
void run_boost(benchmark::State& state, const Operands& ops, F f)
{
    for (auto _ : state) {
        for (size_t i = 0; i < kOperands; ++i) {
            Boost r = f(ops.ba[i], ops.bb[i], ops.bc[i]);
            benchmark::DoNotOptimize(r);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kOperands));
}

// add and mul: full 256-bit operands.
void u256_add(benchmark::State& s)
{
    run_u256(s, full_full(), [](const U256& a, const U256& b, const U256&) { return a + b; });
}
void boost_add(benchmark::State& s)
{
    run_boost(s, full_full(), [](const Boost& a, const Boost& b, const Boost&) { return a + b; });
}
void u256_mul(benchmark::State& s)
{
    run_u256(s, full_full(), [](const U256& a, const U256& b, const U256&) { return a * b; });
}
void boost_mul(benchmark::State& s)
{
    run_boost(s, full_full(), [](const Boost& a, const Boost& b, const Boost&) { return a * b; });
}

// div and sdiv: full dividend, divisor of 1 to 4 words (each size a quarter of the operands).
void u256_div(benchmark::State& s)
{
    run_u256(s, full_mixed(), [](const U256& a, const U256& b, const U256&) { return a / b; });
}
void boost_div(benchmark::State& s)
{
    run_boost(s, full_mixed(),
              [](const Boost& a, const Boost& b, const Boost&) { return Boost(a / b); });
}

// SDIV on the two's complement reading; Boost has no such view of uint256_t, so the reference
// does what any EVM built on it must: negate, divide, negate back.
void u256_sdiv(benchmark::State& s)
{
    run_u256(s, full_mixed(),
             [](const U256& a, const U256& b, const U256&) { return blend::sdiv(a, b); });
}
void boost_sdiv(benchmark::State& s)
{
    run_boost(s, full_mixed(), [](const Boost& a, const Boost& b, const Boost&) {
        const bool na = mp::bit_test(a, 255);
        const bool nb = mp::bit_test(b, 255);
        const Boost q = Boost(na ? Boost(~a + 1) : a) / Boost(nb ? Boost(~b + 1) : b);
        return na != nb ? Boost(~q + 1) : q;
    });
}

// mulmod: full factors, modulus of 1 to 4 words; Boost needs its 512-bit type for the product.
void u256_mulmod(benchmark::State& s)
{
    run_u256(s, full_mixed(),
             [](const U256& a, const U256&, const U256& c) { return blend::mulmod(a, a ^ c, c); });
}
void boost_mulmod(benchmark::State& s)
{
    run_boost(s, full_mixed(), [](const Boost& a, const Boost&, const Boost& c) {
        const mp::uint512_t p = mp::uint512_t(a) * mp::uint512_t(Boost(a ^ c));
        return Boost(p % mp::uint512_t(c));
    });
}

// exp: full 256-bit base and exponent (the worst case: 255 squarings).
void u256_exp(benchmark::State& s)
{
    run_u256(s, full_full(),
             [](const U256& a, const U256& b, const U256&) { return blend::exp(a, b); });
}
void boost_exp(benchmark::State& s)
{
    // Boost's pow() takes an unsigned exponent; square-and-multiply on its wrapping 256-bit type
    // is the modulo-2^256 exponentiation an EVM on Boost would run.
    run_boost(s, full_full(), [](const Boost& a, const Boost& b, const Boost&) {
        Boost result = 1;
        Boost base = a;
        const unsigned bits = b == 0 ? 0 : static_cast<unsigned>(mp::msb(b)) + 1;
        for (unsigned i = 0; i < bits; ++i) {
            if (mp::bit_test(b, i))
                result *= base;
            base *= base;
        }
        return result;
    });
}

// div by divisor size: full dividend, divisor of exactly 1, 2, 3 or 4 words (the argument).
const Operands& by_divisor_words(int words)
{
    static const Operands ops[4] = {
        Operands(Operands::Shape::kFull, Operands::Shape::kFull, 11, 1),
        Operands(Operands::Shape::kFull, Operands::Shape::kFull, 12, 2),
        Operands(Operands::Shape::kFull, Operands::Shape::kFull, 13, 3),
        Operands(Operands::Shape::kFull, Operands::Shape::kFull, 14, 4),
    };
    return ops[words - 1];
}
void u256_div_words(benchmark::State& s)
{
    run_u256(s, by_divisor_words(static_cast<int>(s.range(0))),
             [](const U256& a, const U256& b, const U256&) { return a / b; });
}
void boost_div_words(benchmark::State& s)
{
    run_boost(s, by_divisor_words(static_cast<int>(s.range(0))),
              [](const Boost& a, const Boost& b, const Boost&) { return Boost(a / b); });
}
BENCHMARK(u256_div_words)->DenseRange(1, 4);
BENCHMARK(boost_div_words)->DenseRange(1, 4);

BENCHMARK(u256_add);
BENCHMARK(boost_add);
BENCHMARK(u256_mul);
BENCHMARK(boost_mul);
BENCHMARK(u256_div);
BENCHMARK(boost_div);
BENCHMARK(u256_sdiv);
BENCHMARK(boost_sdiv);
BENCHMARK(u256_mulmod);
BENCHMARK(boost_mulmod);
BENCHMARK(u256_exp);
BENCHMARK(boost_exp);

void keccak256_throughput(benchmark::State& state)
{
    const size_t size = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> data(size);
    std::mt19937_64 rng(3);
    for (auto& b : data)
        b = static_cast<uint8_t>(rng());
    for (auto _ : state) {
        blend::Hash h = blend::keccak256(blend::BytesView{data});
        benchmark::DoNotOptimize(h);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
}
BENCHMARK(keccak256_throughput)->Arg(32)->Arg(1024)->Arg(1024 * 1024);

}  // namespace

BENCHMARK_MAIN();
