// SPDX-License-Identifier: Apache-2.0
// In-memory SMBT: shapes checked by hand against Scroll's rules (reference/trie.md §1.2, §1.5), and
// the properties of issue 4: the root depends only on the final key->value set, batched and
// one-at-a-time updates agree, delete-then-reinsert restores the root.
#include "trie/mem_trie.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

using blend::field::Fr;
namespace trie = blend::trie;

namespace {

Fr random_fr(std::mt19937_64& rng)
{
    return Fr::from_canonical_unchecked({rng(), rng(), rng(), rng() & 0x0fffffffffffffffULL});
}

void put(trie::MemTrie& t, const Fr& key, const Fr& value)
{
    REQUIRE(t.apply({{key, value}}).has_value());
}

void erase(trie::MemTrie& t, const Fr& key)
{
    REQUIRE(t.apply({{key, std::nullopt}}).has_value());
}

/// An independent reference: the root of a key set computed from scratch, top-down, straight from
/// the shape rule (a leaf sits where its path is unique; branch types from the children's kinds).
struct RefNode {
    Fr hash;
    bool branch = false;
    bool empty = true;
};

RefNode reference_root(const std::vector<std::pair<Fr, Fr>>& set, size_t depth)
{
    if (set.empty())
        return {Fr::zero(), false, true};
    if (set.size() == 1)
        return {trie::leaf_hash(set[0].first, set[0].second), false, false};
    std::vector<std::pair<Fr, Fr>> left, right;
    for (const auto& kv : set)
        (trie::path_bit(kv.first, depth) ? right : left).push_back(kv);
    const RefNode l = reference_root(left, depth + 1);
    const RefNode r = reference_root(right, depth + 1);
    if (l.empty && !r.branch)
        return r;
    if (r.empty && !l.branch)
        return l;
    const auto type = trie::branch_type(l.branch, r.branch);
    return {trie::branch_hash(type, l.hash, r.hash), true, false};
}

Fr reference_root(const std::map<std::string, std::pair<Fr, Fr>>& m)
{
    std::vector<std::pair<Fr, Fr>> set;
    for (const auto& [k, kv] : m)
        set.push_back(kv);
    return reference_root(set, 0).hash;
}

std::string key_string(const Fr& f)
{
    const auto b = f.to_bytes_be();
    return std::string(b.bytes.begin(), b.bytes.end());
}

}  // namespace

TEST_CASE("mem trie: shapes follow Scroll's rules", "[trie][smbt]")
{
    trie::MemTrie t;
    CHECK(t.root_hash().is_zero());
    const Fr va = Fr::from_u64(100), vb = Fr::from_u64(200), vc = Fr::from_u64(300);
    const Fr a = Fr::from_u64(0b100);   // path bits 0, 0, 1
    const Fr b = Fr::from_u64(0b1000);  // path bits 0, 0, 0, 1
    const Fr c = Fr::from_u64(0b1);     // path bit 0 = 1
    const Fr la = trie::leaf_hash(a, va), lb = trie::leaf_hash(b, vb), lc = trie::leaf_hash(c, vc);
    using T = trie::NodeType;

    put(t, a, va);
    CHECK(t.root_hash() == la);  // a single leaf is the root
    put(t, b, vb);
    // a and b share bits 0 and 1, split at bit 2: two push-down branches (left is a branch, right
    // empty: type 8) above a type-6 branch holding b (bit 2 = 0, left) and a.
    const Fr inner = trie::branch_hash(T::kBranchTerminalTerminal, lb, la);
    const Fr mid = trie::branch_hash(T::kBranchBranchTerminal, inner, Fr::zero());
    CHECK(t.root_hash() == trie::branch_hash(T::kBranchBranchTerminal, mid, Fr::zero()));
    put(t, c, vc);
    CHECK(t.root_hash() == trie::branch_hash(T::kBranchBranchTerminal, mid, lc));
    CHECK(t.size() == 3);
    erase(t, a);  // b moves up to depth 1: the push-down chain collapses
    CHECK(t.root_hash() == trie::branch_hash(T::kBranchTerminalTerminal, lb, lc));
    erase(t, c);
    CHECK(t.root_hash() == lb);
    erase(t, b);
    CHECK(t.root_hash().is_zero());
    CHECK(t.size() == 0);
}

TEST_CASE("mem trie: the root depends only on the final key set", "[trie][smbt]")
{
    std::mt19937_64 rng(42);
    std::vector<trie::LeafUpdate> inserts;
    std::map<std::string, std::pair<Fr, Fr>> model;
    for (int i = 0; i < 300; ++i) {
        const Fr k = random_fr(rng), v = random_fr(rng);
        inserts.push_back({k, v});
        model[key_string(k)] = {k, v};
    }
    const Fr expected = reference_root(model);

    trie::MemTrie batched;
    REQUIRE(batched.apply(inserts).has_value());
    CHECK(batched.root_hash() == expected);
    CHECK(batched.size() == 300);

    for (int round = 0; round < 3; ++round) {
        std::shuffle(inserts.begin(), inserts.end(), rng);
        trie::MemTrie one_by_one;
        for (const auto& u : inserts)
            put(one_by_one, u.key, *u.value_hash);
        CHECK(one_by_one.root_hash() == expected);
    }

    // Insert extra keys and delete them again, interleaved: same root as never inserting them.
    trie::MemTrie noisy;
    std::vector<Fr> extra;
    for (size_t i = 0; i < inserts.size(); ++i) {
        put(noisy, inserts[i].key, *inserts[i].value_hash);
        if (i % 3 == 0) {
            extra.push_back(random_fr(rng));
            put(noisy, extra.back(), Fr::from_u64(i));
        }
    }
    for (const Fr& k : extra)
        erase(noisy, k);
    CHECK(noisy.root_hash() == expected);
    for (const auto& [s, kv] : model)
        CHECK(noisy.get(kv.first) == kv.second);
}

TEST_CASE("mem trie: batched and one-at-a-time updates agree", "[trie][smbt]")
{
    std::mt19937_64 rng(7);
    std::vector<std::pair<Fr, Fr>> initial;
    trie::MemTrie base;
    std::map<std::string, std::pair<Fr, Fr>> model;
    {
        std::vector<trie::LeafUpdate> ups;
        for (int i = 0; i < 500; ++i) {
            const Fr k = random_fr(rng), v = random_fr(rng);
            initial.push_back({k, v});
            ups.push_back({k, v});
            model[key_string(k)] = {k, v};
        }
        REQUIRE(base.apply(ups).has_value());
    }
    for (int block = 0; block < 5; ++block) {
        // A block: updates of existing keys, deletions, new keys, and deletions of absent keys.
        std::vector<trie::LeafUpdate> ups;
        for (int i = 0; i < 60; ++i) {
            const auto& kv = initial[rng() % initial.size()];
            const bool dup = std::any_of(ups.begin(), ups.end(), [&](const trie::LeafUpdate& u) {
                return u.key == kv.first;
            });
            if (dup)
                continue;
            if (rng() % 3 == 0) {
                ups.push_back({kv.first, std::nullopt});
                model.erase(key_string(kv.first));
            } else {
                const Fr v = random_fr(rng);
                ups.push_back({kv.first, v});
                model[key_string(kv.first)] = {kv.first, v};
            }
        }
        for (int i = 0; i < 40; ++i) {
            const Fr k = random_fr(rng), v = random_fr(rng);
            ups.push_back({k, v});
            model[key_string(k)] = {k, v};
            initial.push_back({k, v});
        }
        ups.push_back({random_fr(rng), std::nullopt});  // absent: no effect

        trie::MemTrie sequential = base;
        for (const auto& u : ups)
            REQUIRE(sequential.apply({u}).has_value());
        REQUIRE(base.apply(ups).has_value());
        CHECK(base.root_hash() == sequential.root_hash());
        CHECK(base.root_hash() == reference_root(model));
        CHECK(base.size() == model.size());
    }
}

TEST_CASE("mem trie: delete then re-insert restores the root", "[trie][smbt]")
{
    std::mt19937_64 rng(3);
    trie::MemTrie t;
    std::vector<trie::LeafUpdate> ups;
    for (int i = 0; i < 100; ++i)
        ups.push_back({random_fr(rng), random_fr(rng)});
    REQUIRE(t.apply(ups).has_value());
    const Fr root = t.root_hash();
    const trie::MemTrie snapshot = t;
    for (int i = 0; i < 100; i += 7) {
        erase(t, ups[i].key);
        CHECK_FALSE(t.root_hash() == root);
        CHECK_FALSE(t.get(ups[i].key).has_value());
        put(t, ups[i].key, *ups[i].value_hash);
        CHECK(t.root_hash() == root);
    }
    CHECK(snapshot.root_hash() == root);  // snapshots are unaffected by later updates
}

TEST_CASE("mem trie: rejected batches change nothing", "[trie][smbt]")
{
    trie::MemTrie t;
    put(t, Fr::from_u64(5), Fr::from_u64(1));
    const Fr root = t.root_hash();
    auto dup = t.apply({{Fr::from_u64(9), Fr::from_u64(1)}, {Fr::from_u64(9), Fr::from_u64(2)}});
    REQUIRE_FALSE(dup.has_value());
    CHECK(dup.error() == trie::TrieError::kDuplicateKey);
    CHECK(t.root_hash() == root);

    // Two keys equal in all 248 path bits (they differ only in bit 250).
    blend::field::Limbs<4> hi{7, 0, 0, uint64_t{1} << 58};
    auto collide = t.apply(
        {{Fr::from_u64(7), Fr::from_u64(1)}, {Fr::from_canonical_unchecked(hi), Fr::from_u64(2)}});
    REQUIRE_FALSE(collide.has_value());
    CHECK(collide.error() == trie::TrieError::kPathCollision);
    CHECK(t.root_hash() == root);
}
