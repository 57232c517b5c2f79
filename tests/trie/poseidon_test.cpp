// SPDX-License-Identifier: Apache-2.0
// Poseidon unit tests: published known answers (circomlibjs / light-poseidon values recorded in
// reference/trie.md §3.4) and the optimized schedule against the round-by-round definition.
#include "trie/poseidon/poseidon.hpp"

#include "tests/trie/test_util.hpp"

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
    // On a CPU with ADX everything above ran through the assembly multiplier; run the portable one.
    const bool saved = blend::field::detail::g_use_adx;
    blend::field::detail::g_use_adx = false;
    const Fr known = must_hash({Fr::from_u64(1), Fr::from_u64(2)});
    std::mt19937_64 rng(9);
    std::vector<Fr> in{random_fr(rng), random_fr(rng), random_fr(rng)};
    const auto portable = poseidon::hash(in, Fr::from_u64(4));
    blend::field::detail::g_use_adx = saved;
    CHECK(known ==
          fr_from_string(
              "7853200120776062878684798364095072458815029376092732009249414926327459813530"));
    REQUIRE(portable.has_value());
    CHECK(*portable == *poseidon::hash_reference(in, Fr::from_u64(4)));
}
#endif
