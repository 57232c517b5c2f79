// SPDX-License-Identifier: Apache-2.0
// Differential tests of the Montgomery field template against GMP, for the BN254 scalar field the
// trie uses and for two other moduli the precompiles will need (BN254 Fq, BLS12-381 Fq).
#include "trie/field/fr.hpp"

#include <catch2/catch.hpp>
#include <gmpxx.h>

#include <random>
#include <string>
#include <vector>

namespace {

using blend::field::Fr;
using blend::field::Limbs;
using blend::field::MontField;

struct Bn254FqParams {
    static constexpr size_t kLimbs = 4;
    static constexpr Limbs<4> kModulus = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                          0xb85045b68181585dULL, 0x30644e72e131a029ULL};
};
struct Bls12381FqParams {
    static constexpr size_t kLimbs = 6;
    static constexpr Limbs<6> kModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                          0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                          0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
};
using Fq = MontField<Bn254FqParams>;
using Fq381 = MontField<Bls12381FqParams>;

template <size_t N>
mpz_class to_mpz(const Limbs<N>& v)
{
    mpz_class r = 0;
    for (size_t i = N; i-- > 0;) {
        r <<= 64;
        r += mpz_class(std::to_string(v[i]));
    }
    return r;
}

template <size_t N>
Limbs<N> from_mpz(mpz_class v)
{
    Limbs<N> r{};
    const mpz_class mask = (mpz_class(1) << 64) - 1;
    for (size_t i = 0; i < N; ++i) {
        const mpz_class limb = v & mask;
        r[i] = std::stoull(limb.get_str());
        v >>= 64;
    }
    return r;
}

template <typename F>
std::vector<mpz_class> sample_values(const mpz_class& p, size_t count)
{
    std::vector<mpz_class> out = {0,
                                  1,
                                  2,
                                  p - 1,
                                  p - 2,
                                  (p - 1) / 2,
                                  (p + 1) / 2,
                                  mpz_class(1) << 64,
                                  (mpz_class(1) << 64) - 1};
    gmp_randclass rng(gmp_randinit_default);
    rng.seed(20261122);
    while (out.size() < count)
        out.push_back(rng.get_z_range(p));
    return out;
}

template <typename F>
void differential_check(size_t count)
{
    const mpz_class p = to_mpz(F::kModulus);
    const auto values = sample_values<F>(p, count);
    for (size_t i = 0; i < values.size(); ++i) {
        const mpz_class& a = values[i];
        const mpz_class& b = values[(i * 7 + 3) % values.size()];
        const auto fa = F::from_canonical(from_mpz<F::kLimbs>(a));
        const auto fb = F::from_canonical(from_mpz<F::kLimbs>(b));
        REQUIRE(fa.has_value());
        REQUIRE(fb.has_value());
        INFO("a = " << a.get_str(16) << ", b = " << b.get_str(16));
        REQUIRE(to_mpz(fa->to_canonical()) == a);  // round trip through Montgomery form
        REQUIRE(to_mpz((*fa + *fb).to_canonical()) == mpz_class((a + b) % p));
        mpz_class diff = (a - b) % p;
        if (diff < 0)
            diff += p;
        REQUIRE(to_mpz((*fa - *fb).to_canonical()) == diff);
        REQUIRE(to_mpz((*fa * *fb).to_canonical()) == mpz_class((a * b) % p));
        // operator* may take the MULX/ADX path; the portable multiplier must agree on its own.
        REQUIRE(to_mpz(F::mul_portable(*fa, *fb).to_canonical()) == mpz_class((a * b) % p));
        REQUIRE(to_mpz(fa->square().to_canonical()) == mpz_class((a * a) % p));
        mpz_class neg = (p - a) % p;
        REQUIRE(to_mpz((-*fa).to_canonical()) == neg);
        if (i % 16 == 0) {
            // Exponentiation and inversion are slow; a subset is enough to cover the code paths.
            mpz_class expected_pow;
            mpz_powm(expected_pow.get_mpz_t(), a.get_mpz_t(), b.get_mpz_t(), p.get_mpz_t());
            REQUIRE(to_mpz(fa->pow(from_mpz<F::kLimbs>(b)).to_canonical()) == expected_pow);
            if (a != 0) {
                mpz_class inv;
                mpz_invert(inv.get_mpz_t(), a.get_mpz_t(), p.get_mpz_t());
                REQUIRE(to_mpz(fa->inverse().to_canonical()) == inv);
                REQUIRE(*fa * fa->inverse() == F::one());
            }
        }
    }
}

}  // namespace

TEST_CASE("montgomery constants match GMP", "[trie][field]")
{
    const mpz_class p = to_mpz(Fr::kModulus);
    const mpz_class r = mpz_class(1) << 256;
    REQUIRE(to_mpz(Fr::kR) == mpz_class(r % p));
    REQUIRE(to_mpz(Fr::kR2) == mpz_class((r * r) % p));
    // kInv * p = -1 mod 2^64
    REQUIRE(static_cast<uint64_t>(Fr::kInv * Fr::kModulus[0]) == ~uint64_t{0});
    REQUIRE(p.get_str() ==
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");
}

TEST_CASE("BN254 Fr arithmetic agrees with GMP on random inputs", "[trie][field]")
{
    differential_check<Fr>(4000);
}

TEST_CASE("the same template serves BN254 Fq and BLS12-381 Fq", "[trie][field]")
{
    differential_check<Fq>(1000);
    differential_check<Fq381>(1000);
}

#ifdef BLEND_FIELD_HAVE_ADX_ASM
TEST_CASE("4-limb fields agree with GMP with the assembly switched off", "[trie][field]")
{
    // On an ADX machine the cases above ran operator* and square() through MULX/ADX; run the
    // portable multiplier and squaring (what a CPU without ADX executes) through the same checks.
    const bool saved = blend::field::detail::g_use_adx;
    blend::field::detail::g_use_adx = false;
    differential_check<Fr>(1000);
    differential_check<Fq>(500);
    blend::field::detail::g_use_adx = saved;
}
#endif

TEST_CASE("Fr canonical decoding rejects values >= r", "[trie][field]")
{
    using blend::field::FieldError;
    using blend::field::fr_from_bytes;
    const mpz_class p = to_mpz(Fr::kModulus);
    const auto encode = [](const mpz_class& v) {
        blend::Bytes out(32, 0);
        std::string hex = v.get_str(16);
        hex.insert(0, 64 - hex.size(), '0');
        for (size_t i = 0; i < 32; ++i)
            out[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
        return out;
    };
    for (const mpz_class& bad : {p, mpz_class(p + 1), mpz_class((mpz_class(1) << 256) - 1),
                                 mpz_class(mpz_class(1) << 254)}) {
        const auto r = fr_from_bytes(encode(bad));
        REQUIRE_FALSE(r.has_value());
        REQUIRE(r.error() == FieldError::kNonCanonical);
    }
    const blend::Bytes short_input(31, 0);
    REQUIRE(fr_from_bytes(short_input).error() == FieldError::kWrongLength);
    for (const mpz_class& good : {mpz_class(0), mpz_class(1), mpz_class(p - 1)}) {
        const auto bytes = encode(good);
        const auto r = fr_from_bytes(bytes);
        REQUIRE(r.has_value());
        REQUIRE(to_mpz(r->to_canonical()) == good);
        const auto back = r->to_bytes_be();
        REQUIRE(blend::Bytes(back.bytes.begin(), back.bytes.end()) == bytes);
    }
}
