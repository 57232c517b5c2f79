// SPDX-License-Identifier: Apache-2.0
// Proofs from the in-memory trie: existence and absence verify; tampered or misapplied proofs fail.
#include "trie/proof.hpp"

#include "trie/mem_trie.hpp"

#include <catch2/catch.hpp>

#include <random>

using blend::Bytes;
using blend::field::Fr;
namespace trie = blend::trie;

namespace {

Fr random_fr(std::mt19937_64& rng)
{
    return Fr::from_canonical_unchecked({rng(), rng(), rng(), rng() & 0x0fffffffffffffffULL});
}

struct Fixture {
    trie::MemTrie t;
    std::vector<trie::LeafUpdate> leaves;
};

Fixture make(size_t n, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Fixture f;
    for (size_t i = 0; i < n; ++i)
        f.leaves.push_back({random_fr(rng), random_fr(rng)});
    REQUIRE(f.t.apply(f.leaves).has_value());
    return f;
}

}  // namespace

TEST_CASE("proofs: every key proves its value, absent keys prove absence", "[trie][proof]")
{
    const Fixture f = make(400, 11);
    const Fr root = f.t.root_hash();
    for (const auto& leaf : f.leaves) {
        const auto proof = f.t.prove(leaf.key);
        const auto r = trie::verify_proof(root, leaf.key, proof);
        REQUIRE(r.has_value());
        REQUIRE(r->has_value());
        CHECK(**r == *leaf.value_hash);
    }
    std::mt19937_64 rng(99);
    size_t via_leaf = 0, via_empty = 0;
    for (int i = 0; i < 400; ++i) {
        const Fr absent = random_fr(rng);
        const auto proof = f.t.prove(absent);
        const auto r = trie::verify_proof(root, absent, proof);
        REQUIRE(r.has_value());
        CHECK_FALSE(r->has_value());
        (proof.back().size() == 1 ? via_empty : via_leaf) += 1;
    }
    CHECK(via_leaf > 0);  // both kinds of absence proof were exercised
    CHECK(via_empty > 0);
}

TEST_CASE("proofs: the empty trie and a single leaf", "[trie][proof]")
{
    trie::MemTrie t;
    const auto empty_proof = t.prove(Fr::from_u64(1));
    REQUIRE(empty_proof.size() == 1);
    const auto r = trie::verify_proof(Fr::zero(), Fr::from_u64(1), empty_proof);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->has_value());
    REQUIRE(t.apply({{Fr::from_u64(1), Fr::from_u64(5)}}).has_value());
    const auto p = t.prove(Fr::from_u64(1));
    REQUIRE(p.size() == 1);
    CHECK(**trie::verify_proof(t.root_hash(), Fr::from_u64(1), p) == Fr::from_u64(5));
    // Any other key: absent, through the root leaf (it shares zero path bits with anything).
    const auto q = trie::verify_proof(t.root_hash(), Fr::from_u64(2), t.prove(Fr::from_u64(2)));
    REQUIRE(q.has_value());
    CHECK_FALSE(q->has_value());
}

TEST_CASE("proofs: tampering and misuse are rejected", "[trie][proof]")
{
    const Fixture f = make(200, 5);
    const Fr root = f.t.root_hash();
    const Fr key = f.leaves[17].key;
    const auto proof = f.t.prove(key);
    REQUIRE(proof.size() >= 3);

    CHECK(trie::verify_proof(root + Fr::one(), key, proof).error() ==
          trie::ProofError::kRootMismatch);
    CHECK(trie::verify_proof(root, key, {}).error() == trie::ProofError::kEmptyProof);

    // A changed value in the leaf breaks the link to its parent.
    auto bad_leaf = proof;
    bad_leaf.back()[40] ^= 1;
    CHECK(trie::verify_proof(root, key, bad_leaf).error() == trie::ProofError::kChildMismatch);

    // A changed sibling hash in the top branch changes the root.
    auto bad_sibling = proof;
    const bool first_bit = trie::path_bit(key, 0);
    bad_sibling.front()[first_bit ? 10 : 40] ^= 1;
    CHECK(trie::verify_proof(root, key, bad_sibling).error() == trie::ProofError::kRootMismatch);

    // A flipped branch type (which child is a branch) is caught even though it also changes the
    // hash.
    auto bad_type = proof;
    bad_type[proof.size() - 2][0] = static_cast<uint8_t>(trie::NodeType::kBranchBranchBranch);
    const auto t = trie::verify_proof(root, key, bad_type);
    REQUIRE_FALSE(t.has_value());
    CHECK((t.error() == trie::ProofError::kTypeMismatch ||
           t.error() == trie::ProofError::kRootMismatch));

    // Truncated (ends at a branch) and garbage nodes.
    auto truncated = proof;
    truncated.pop_back();
    CHECK(trie::verify_proof(root, key, truncated).error() == trie::ProofError::kNotTerminal);
    auto garbage = proof;
    garbage[1] = Bytes{0x02};
    CHECK(trie::verify_proof(root, key, garbage).error() == trie::ProofError::kMalformedNode);

    // A valid proof for one key does not prove anything about a key on a different path.
    Fr other = f.leaves[18].key;
    const auto misuse = trie::verify_proof(root, other, proof);
    if (trie::path_bit(other, 0) != first_bit) {
        REQUIRE_FALSE(misuse.has_value());
        CHECK(misuse.error() == trie::ProofError::kChildMismatch);
    }
    // An absence claim through a leaf that is not on the key's path: reuse key's proof for a key
    // that follows the same branches but differs in a bit the leaf's depth covers is impossible to
    // build from the trie, so forge it: same path bits as `key` up to the leaf's parent, but a
    // different bit just above the leaf, i.e. a key that this leaf could not stand in for.
    const size_t depth = proof.size() - 1;
    blend::field::Limbs<4> forged = key.to_canonical();
    forged[(depth - 1) / 64] ^= uint64_t{1} << ((depth - 1) % 64);
    const Fr forged_key = Fr::from_canonical_unchecked(forged);
    const auto forged_r = trie::verify_proof(root, forged_key, proof);
    REQUIRE_FALSE(forged_r.has_value());  // the last link now sits on the other side
}

TEST_CASE("proofs: forged shapes a valid trie cannot have are rejected", "[trie][proof]")
{
    // A leaf whose key has path bit 0 = 1, placed on the left of a type-6 root.
    trie::Node leaf;
    leaf.type = trie::NodeType::kLeaf;
    leaf.key = Fr::from_u64(0b1);
    leaf.words = {blend::field::fr_to_hash(Fr::from_u64(77))};
    trie::Node other = leaf;
    other.key = Fr::from_u64(0b11);
    const Fr lh = *trie::node_hash(leaf);
    const Fr oh = *trie::node_hash(other);

    trie::Node root;
    root.type = trie::NodeType::kBranchTerminalTerminal;
    root.left = lh;
    root.right = oh;
    const Fr root_hash = *trie::node_hash(root);
    const std::vector<Bytes> foreign{trie::encode_node(root), trie::encode_node(leaf)};
    // Key 0b10 goes left (bit 0 = 0), where a leaf with bit 0 = 1 cannot stand.
    CHECK(trie::verify_proof(root_hash, Fr::from_u64(0b10), foreign).error() ==
          trie::ProofError::kForeignLeaf);

    // A type-6 branch with an empty child: its leaf would have moved up.
    trie::Node lonely = root;
    lonely.right = Fr::zero();
    const std::vector<Bytes> lonely_proof{trie::encode_node(lonely), trie::encode_node(leaf)};
    CHECK(trie::verify_proof(*trie::node_hash(lonely), Fr::from_u64(0b10), lonely_proof).error() ==
          trie::ProofError::kEmptySibling);
}
