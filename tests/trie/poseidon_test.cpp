// SPDX-License-Identifier: Apache-2.0
// Poseidon unit tests: published known answers (circomlibjs / light-poseidon values recorded in
// reference/trie.md §3.4) and the optimized schedule against the round-by-round definition.
#include "trie/poseidon/poseidon.hpp"

#include "tests/trie/test_util.hpp"
#include "trie/poseidon/lazy_fr.hpp"

#include <gmpxx.h>

#include <algorithm>
#include <array>
#include <random>
#include <vector>

using blend::field::Fr;
using blend::trie_test::fr_from_string;
namespace poseidon = blend::poseidon;

namespace {

Fr must_hash(std::vector<Fr> in, const Fr& capacity = Fr::zero())
{
    const auto r = poseidon::hash(in, capacity);
    REQUIRE(r.has_value());
    return *r;
}

Fr random_fr(std::mt19937_64& rng)
{
    blend::field::Limbs<4> v{rng(), rng(), rng(), rng() & 0x0fffffffffffffffULL};  // < 2^252 < r
    return Fr::from_canonical_unchecked(v);
}

}  // namespace

TEST_CASE("poseidon known answers (circomlib)", "[trie][poseidon]")
{
    const auto n = [](uint64_t v) { return Fr::from_u64(v); };
    CHECK(must_hash({n(1), n(2)}) ==
          fr_from_string(
              "7853200120776062878684798364095072458815029376092732009249414926327459813530"));
    CHECK(must_hash({n(1)}) ==
          fr_from_string(
              "18586133768512220936620570745912940619677854269274689475585506675881198879027"));
    CHECK(must_hash({n(0)}) ==
          fr_from_string(
              "19014214495641488759237505126948346942972912379615652741039992445865937985820"));
    CHECK(must_hash({n(1), n(2), n(3), n(4)}) ==
          fr_from_string(
              "18821383157269793795438455681495246036402687001665670618754263018637548127333"));
    CHECK(must_hash({n(1), n(2), n(3), n(4), n(5)}) ==
          fr_from_string(
              "6183221330272524995739186171720101788151706631170188140075976616310159254464"));
    // Not the pre-2021 circomlib instance (capacity last), which gives 113098729610223...
    CHECK_FALSE(
        must_hash({n(1), n(2)}) ==
        fr_from_string(
            "11309872961022349216464221841186646423561022368884850929991258903497301047946"));
}

TEST_CASE("domain-separated H_d(a, b) known answers (Scroll zkTrie)", "[trie][poseidon]")
{
    CHECK(poseidon::hash_domain(0, Fr::zero(), Fr::zero()) ==
          fr_from_string("0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864"));
    CHECK(poseidon::hash_domain(4, Fr::from_u64(1), Fr::from_u64(2)) ==
          fr_from_string(
              "16492338104660896791306764937251592732546842741342965945108103703543971572784"));
    CHECK(poseidon::hash_domain(512, Fr::zero(), Fr::zero()) ==
          fr_from_string("0x1d3c5f8c36e5da873d45bfa1d2399a572ac77493ec089cbf88a37b9e94428422"));
    // The domain must matter.
    CHECK_FALSE(poseidon::hash_domain(6, Fr::from_u64(1), Fr::from_u64(2)) ==
                poseidon::hash_domain(7, Fr::from_u64(1), Fr::from_u64(2)));
}

TEST_CASE("optimized schedule equals the round-by-round definition", "[trie][poseidon]")
{
    std::mt19937_64 rng(4);
    for (size_t n = 1; n <= poseidon::kMaxInputs; ++n) {
        for (int iter = 0; iter < 20; ++iter) {
            std::vector<Fr> in;
            for (size_t i = 0; i < n; ++i)
                in.push_back(random_fr(rng));
            const Fr capacity = iter % 2 == 0 ? Fr::zero() : random_fr(rng);
            const auto fast = poseidon::hash(in, capacity);
            const auto slow = poseidon::hash_reference(in, capacity);
            REQUIRE(fast.has_value());
            REQUIRE(slow.has_value());
            REQUIRE(*fast == *slow);
            if (n == 2)
                REQUIRE(poseidon::hash2(capacity, in[0], in[1]) == *slow);
        }
    }
}

TEST_CASE("poseidon rejects 0 or more than 6 inputs", "[trie][poseidon]")
{
    const std::vector<Fr> none;
    const std::vector<Fr> seven(7, Fr::one());
    REQUIRE(poseidon::hash(none).error() == poseidon::PoseidonError::kInputCount);
    REQUIRE(poseidon::hash(seven).error() == poseidon::PoseidonError::kInputCount);
    REQUIRE(poseidon::hash_reference(seven).error() == poseidon::PoseidonError::kInputCount);
}

#ifdef BLEND_FIELD_HAVE_ADX_ASM
TEST_CASE("the portable multiplier path gives the same hashes", "[trie][poseidon]")
{
    // On a CPU with ADX everything above ran through the assembly kernels; run the portable ones
    // (the t = 3 permutation has its own kernel set, so width 3 is checked on its own).
    std::mt19937_64 rng(9);
    std::vector<std::vector<Fr>> inputs;
    for (size_t n = 1; n <= poseidon::kMaxInputs; ++n) {
        for (int iter = 0; iter < 4; ++iter) {
            std::vector<Fr> in;
            for (size_t i = 0; i < n; ++i)
                in.push_back(random_fr(rng));
            inputs.push_back(in);
        }
    }
    const bool saved = blend::field::detail::g_use_adx;
    blend::field::detail::g_use_adx = false;
    const Fr known = must_hash({Fr::from_u64(1), Fr::from_u64(2)});
    const Fr known_domain = poseidon::hash_domain(4, Fr::from_u64(1), Fr::from_u64(2));
    std::vector<Fr> portable;
    for (size_t i = 0; i < inputs.size(); ++i)
        portable.push_back(must_hash(inputs[i], Fr::from_u64(i)));
    blend::field::detail::g_use_adx = saved;
    CHECK(known ==
          fr_from_string(
              "7853200120776062878684798364095072458815029376092732009249414926327459813530"));
    CHECK(known_domain ==
          fr_from_string(
              "16492338104660896791306764937251592732546842741342965945108103703543971572784"));
    for (size_t i = 0; i < inputs.size(); ++i) {
        INFO("inputs " << inputs[i].size() << ", case " << i);
        CHECK(portable[i] == *poseidon::hash_reference(inputs[i], Fr::from_u64(i)));
    }
}
#endif

namespace {

namespace lazy = blend::poseidon::lazy;

template <size_t N>
mpz_class limbs_to_mpz(const std::array<uint64_t, N>& v)
{
    mpz_class out;
    mpz_import(out.get_mpz_t(), N, -1, sizeof(uint64_t), 0, 0, v.data());
    return out;
}

blend::field::Limbs<4> mpz_to_limbs(const mpz_class& v)
{
    blend::field::Limbs<4> out{};
    REQUIRE(mpz_sizeinbase(v.get_mpz_t(), 2) <= 256);
    mpz_export(out.data(), nullptr, -1, sizeof(uint64_t), 0, 0, v.get_mpz_t());
    return out;
}

/// Every kernel of the lazy form against GMP, at the ends of its input ranges (state limbs in
/// [0, 2r), constants in [0, r)), where a lost carry would show, and on random values.
template <typename K>
void check_lazy_kernels()
{
    const mpz_class r = limbs_to_mpz(Fr::kModulus);
    const mpz_class big_r = mpz_class(1) << 256;
    mpz_class r_inv;
    mpz_invert(r_inv.get_mpz_t(), big_r.get_mpz_t(), r.get_mpz_t());
    gmp_randclass rng(gmp_randinit_default);
    rng.seed(3);
    std::vector<mpz_class> state = {0, 1, r - 1, r, r + 1, 2 * r - 2, 2 * r - 1};
    std::vector<mpz_class> consts = {0, 1, r - 2, r - 1};
    for (int i = 0; i < 9; ++i) {
        state.push_back(rng.get_z_range(2 * r));
        consts.push_back(rng.get_z_range(r));
    }
    const auto reduced = [&](const mpz_class& v) { return mpz_class(v % r); };
    const auto check_lazy = [&](const blend::field::Limbs<4>& got, const mpz_class& expected_mod) {
        const mpz_class g = limbs_to_mpz(got);
        REQUIRE(g < 2 * r);
        REQUIRE(reduced(g) == reduced(expected_mod));
    };
    for (size_t i = 0; i < state.size(); ++i) {
        for (size_t j = 0; j < state.size(); ++j) {
            const mpz_class& a = state[i];
            const mpz_class& b = state[j];
            const mpz_class& c = consts[(i + j) % consts.size()];
            const mpz_class& d = consts[(i * 3 + j) % consts.size()];
            const mpz_class& k = consts[(i + 2 * j) % consts.size()];
            const auto la = mpz_to_limbs(a);
            const auto lb = mpz_to_limbs(b);
            const auto lk = mpz_to_limbs(k);
            INFO("a = " << a.get_str(16) << ", b = " << b.get_str(16) << ", c = " << c.get_str(16)
                        << ", d = " << d.get_str(16) << ", k = " << k.get_str(16));
            check_lazy(K::mul(la, lb), a * b * r_inv);
            check_lazy(K::sqr(la), a * a * r_inv);

            lazy::Wide p{};
            K::mul_wide(p, la, lb);
            REQUIRE(limbs_to_mpz(p) == a * b);
            lazy::Wide q{};
            K::mul_wide_k(q, mpz_to_limbs(c), lb, lk);
            REQUIRE(limbs_to_mpz(q) == c * b + k * big_r);
            const std::array<blend::field::Limbs<4>, 2> cs{mpz_to_limbs(c), mpz_to_limbs(d)};
            const std::array<blend::field::Limbs<4>, 2> ss{la, lb};
            lazy::Wide u{};
            K::dot2_wide_k(u, cs.data(), ss.data(), lk);
            REQUIRE(limbs_to_mpz(u) == c * a + d * b + k * big_r);
            check_lazy(K::redc_sum(p, u), (a * b + c * a + d * b + k * big_r) * r_inv);
            check_lazy(K::redc_sum(p, q), (a * b + c * b + k * big_r) * r_inv);

            const std::array<blend::field::Limbs<4>, 3> c3{mpz_to_limbs(c), mpz_to_limbs(d), lk};
            const std::array<blend::field::Limbs<4>, 3> s3{la, lb, la};
            check_lazy(K::dot3(c3.data(), s3.data()), (c * a + d * b + k * a) * r_inv);
        }
    }
}

/// Exact REDC(t) = (t + m r) / 2^256 with m = -t r^-1 mod 2^256: what the kernels compute before
/// any conditional subtraction.
mpz_class exact_redc(const mpz_class& t, const mpz_class& r)
{
    const mpz_class big_r = mpz_class(1) << 256;
    mpz_class r_inv;
    mpz_invert(r_inv.get_mpz_t(), r.get_mpz_t(), big_r.get_mpz_t());
    mpz_class m = (-t * r_inv) % big_r;
    if (m < 0)
        m += big_r;
    const mpz_class sum = t + m * r;
    REQUIRE(sum % big_r == 0);
    return mpz_class(sum / big_r);
}

/// The partial rounds' kernels (poseidon.cpp, T3Recurrence) at their ranges against GMP: the
/// chain X < 2.25r, the history Y < 1.75r, the full rounds' seeds < 2r, constants < r. Checks
/// the squarings, the four-product sum with k * 2^256, X' = REDC(P + L) with its subtraction,
/// Y = REDC(P) without one, and the exit rows' REDC with a subtraction, each exactly.
template <typename K>
void check_partial_round_kernels()
{
    const mpz_class r = limbs_to_mpz(Fr::kModulus);
    const mpz_class big_r = mpz_class(1) << 256;
    const mpz_class x_max = 9 * r / 4;  // X < x_max
    const mpz_class y_max = 7 * r / 4;  // Y < y_max
    gmp_randclass rng(gmp_randinit_default);
    rng.seed(5);
    std::vector<mpz_class> xs = {0, 1, r - 1, 2 * r - 1, x_max - 1};
    std::vector<mpz_class> window = {0, 1, r - 1, y_max - 1, 2 * r - 1, x_max - 1};
    std::vector<mpz_class> consts = {0, 1, r - 1};
    for (int i = 0; i < 6; ++i) {
        xs.push_back(rng.get_z_range(x_max));
        window.push_back(rng.get_z_range(x_max));
        consts.push_back(rng.get_z_range(r));
    }
    const auto lazy_sub = [&](const mpz_class& v) { return v >= 2 * r ? mpz_class(v - 2 * r) : v; };
    size_t n = 0;
    for (const mpz_class& x : xs) {
        // A squaring is REDC(x^2) or (the portable kernel) that less r: the same residue, never
        // above the exact REDC.
        const mpz_class x2 = limbs_to_mpz(K::sqr(mpz_to_limbs(x)));
        REQUIRE(x2 <= exact_redc(x * x, r));
        REQUIRE((exact_redc(x * x, r) - x2) % r == 0);
        const mpz_class x4 = limbs_to_mpz(K::sqr(mpz_to_limbs(x2)));
        REQUIRE(x4 <= exact_redc(x2 * x2, r));
        REQUIRE((exact_redc(x2 * x2, r) - x4) % r == 0);
        lazy::Wide p{};
        K::mul_wide(p, mpz_to_limbs(x4), mpz_to_limbs(x));
        REQUIRE(limbs_to_mpz(p) == x4 * x);
        // Y = REDC(P) exactly, below its bound with no subtraction.
        const mpz_class y = limbs_to_mpz(K::redc_unreduced(p));
        REQUIRE(y == exact_redc(x4 * x, r));
        REQUIRE(y < y_max);
        for (size_t i = 0; i < window.size(); ++i) {
            std::array<mpz_class, 4> w;
            std::array<mpz_class, 4> c;
            for (size_t j = 0; j < 4; ++j) {
                w[j] = window[(i + 3 * j + n) % window.size()];
                c[j] = consts[(i * 5 + j + n) % consts.size()];
            }
            w[2] = w[2] % y_max;  // the Y entries
            w[3] = w[3] % y_max;
            const mpz_class& k = consts[(i * 7 + n + 1) % consts.size()];
            ++n;
            INFO("x = " << x.get_str(16) << ", w0 = " << w[0].get_str(16));
            std::array<blend::field::Limbs<4>, 4> cl;
            std::array<blend::field::Limbs<4>, 4> wl;
            for (size_t j = 0; j < 4; ++j) {
                cl[j] = mpz_to_limbs(c[j]);
                wl[j] = mpz_to_limbs(w[j]);
            }
            lazy::Wide l{};
            lazy::dot4_wide_k<K>(l, cl.data(), wl.data(), mpz_to_limbs(k));
            const mpz_class sum = c[0] * w[0] + c[1] * w[1] + c[2] * w[2] + c[3] * w[3] + k * big_r;
            REQUIRE(limbs_to_mpz(l) == sum);
            // X' = REDC(P + L) - 2r when >= 2r: exact, and below the chain's bound again.
            const mpz_class full = exact_redc(x4 * x + sum, r);
            const mpz_class x_next = limbs_to_mpz(K::redc_sum(p, l));
            REQUIRE(x_next == lazy_sub(full));
            REQUIRE(x_next < x_max);
            // The exit rows: REDC(L) - 2r when >= 2r, below 2r.
            const mpz_class exit = limbs_to_mpz(K::redc(l));
            REQUIRE(exit == lazy_sub(exact_redc(sum, r)));
            REQUIRE(exit < 2 * r);
        }
    }
}

}  // namespace

TEST_CASE("lazy-form kernels agree with GMP at their bounds", "[trie][poseidon]")
{
    check_lazy_kernels<lazy::PortableKernels>();
    check_partial_round_kernels<lazy::PortableKernels>();
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (blend::field::detail::g_use_adx) {
        check_lazy_kernels<lazy::AdxKernels>();
        check_partial_round_kernels<lazy::AdxKernels>();
    } else {
        WARN("no MULX/ADX on this CPU: only the portable kernels were checked");
    }
#endif
}

TEST_CASE("the partial rounds' bounds hold for the BN254 r", "[trie][poseidon]")
{
    // poseidon.cpp "Bounds", recomputed exactly: each REDC(T) is < T / 2^256 + r (Montgomery
    // reduction adds m r with m < 2^256), squarings and products of lazy values included.
    const mpz_class r = limbs_to_mpz(Fr::kModulus);
    const mpz_class big_r = mpz_class(1) << 256;
    const auto redc_bound = [&](const mpz_class& t) { return mpz_class(t / big_r + r + 1); };
    const mpz_class x_max = 9 * r / 4;  // the chain X
    const mpz_class y_max = 7 * r / 4;  // Y = REDC(X^4 X), never reduced further
    const mpz_class seed_max = 2 * r;   // S0..S2 from the first-half full rounds
    const mpz_class k_max = r;          // constants < r
    const mpz_class x2_max = redc_bound(x_max * x_max);
    const mpz_class x4_max = redc_bound(x2_max * x2_max);
    const mpz_class p_max = x4_max * x_max;
    CHECK(redc_bound(p_max) <= y_max);
    // The four window entries: (X, X_prev, Y, Y_prev) in steady state, (S0, S1, S2, 0) and
    // (X_1, S0, Y_0, S2) in the two seeded rounds; the largest sum of the four bounds.
    const mpz_class window_sum =
        std::max({mpz_class(2 * x_max + 2 * y_max), mpz_class(3 * seed_max),
                  mpz_class(x_max + seed_max + y_max + seed_max)});
    const mpz_class t_max = p_max + k_max * window_sum + k_max * big_r;
    CHECK(t_max < big_r * big_r);
    const mpz_class x_next = redc_bound(t_max);
    CHECK(x_next < big_r);
    CHECK(x_next - 2 * r <= x_max);  // one subtraction of 2r keeps X < 2.25r
    CHECK(seed_max <= x_max);
    // The exit rows, REDC(L) with L's four products and k: below 4r, so one subtraction of 2r
    // leaves < 2r for the full rounds; the last X (< 2.25r < 4r) takes one lazy_reduce.
    CHECK(redc_bound(k_max * window_sum + k_max * big_r) <= 4 * r);
    CHECK(x_max <= 4 * r);
}

TEST_CASE("t3_permutation_count counts every two-input hash", "[trie][poseidon]")
{
    const uint64_t before = poseidon::t3_permutation_count();
    (void)poseidon::hash2(Fr::zero(), Fr::from_u64(1), Fr::from_u64(2));
    (void)poseidon::hash_domain(4, Fr::from_u64(1), Fr::from_u64(2));
    (void)must_hash({Fr::from_u64(1), Fr::from_u64(2)});
    (void)must_hash({Fr::from_u64(1)});  // t = 2: not counted
    CHECK(poseidon::t3_permutation_count() - before == 3);
}

namespace {

/// Runs hash2_batch with the IFMA kernel on or off (restoring the flag), checking every output
/// against the scalar hash2 and the round-by-round definition.
void check_batch(const std::vector<poseidon::T3Input>& in, bool use_ifma)
{
    const bool saved = poseidon::detail::g_use_ifma.load();
    poseidon::detail::g_use_ifma = use_ifma;
    std::vector<Fr> out(in.size());
    poseidon::hash2_batch(in, out);
    poseidon::detail::g_use_ifma = saved;
    for (size_t i = 0; i < in.size(); ++i) {
        INFO("input " << i << " of " << in.size() << ", ifma " << use_ifma);
        const Fr scalar = poseidon::hash2(in[i].capacity, in[i].a, in[i].b);
        REQUIRE(out[i] == scalar);
        REQUIRE(out[i].to_bytes_be() == scalar.to_bytes_be());
        const std::vector<Fr> two{in[i].a, in[i].b};
        const auto ref = poseidon::hash_reference(two, in[i].capacity);
        REQUIRE(ref.has_value());
        REQUIRE(out[i] == *ref);
    }
}

}  // namespace

TEST_CASE("hash2_batch equals hash2 for random, edge and partial batches", "[trie][poseidon]")
{
    INFO("IFMA supported: " << poseidon::ifma_supported());
    std::mt19937_64 rng(42);
    const Fr r_minus_1 = Fr::zero() - Fr::one();
    const std::vector<Fr> edges{Fr::zero(), Fr::one(), r_minus_1, Fr::from_u64(2),
                                r_minus_1 - Fr::one()};
    std::vector<poseidon::T3Input> edge_inputs;
    for (const Fr& c : edges)
        for (const Fr& a : edges)
            for (const Fr& b : edges)
                edge_inputs.push_back({c, a, b});  // 125 inputs: 15 full batches and a partial one
    std::vector<poseidon::T3Input> random_inputs;
    for (size_t i = 0; i < 203; ++i)
        random_inputs.push_back({random_fr(rng), random_fr(rng), random_fr(rng)});
    // Values near r from above 2^252 too (random_fr stays below 2^252).
    for (size_t i = 0; i < 16; ++i)
        random_inputs.push_back({r_minus_1 - random_fr(rng), Fr::from_u64(rng() & 0x3ff),
                                 r_minus_1 - Fr::from_u64(rng())});
    for (const bool use_ifma : {true, false}) {
        check_batch(edge_inputs, use_ifma);
        check_batch(random_inputs, use_ifma);
        for (size_t n = 0; n <= 17; ++n) {  // partial batches 1..7, one and two full batches
            std::vector<poseidon::T3Input> part(random_inputs.begin(),
                                                random_inputs.begin() + static_cast<long>(n));
            check_batch(part, use_ifma);
        }
    }
}

TEST_CASE("hash2_batch counts its permutations", "[trie][poseidon]")
{
    std::vector<poseidon::T3Input> in(11, {Fr::from_u64(1), Fr::from_u64(2), Fr::from_u64(3)});
    std::vector<Fr> out(in.size());
    const uint64_t before = poseidon::t3_permutation_count();
    poseidon::hash2_batch(in, out);
    CHECK(poseidon::t3_permutation_count() - before == 11);
}
