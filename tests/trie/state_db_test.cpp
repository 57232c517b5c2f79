// SPDX-License-Identifier: Apache-2.0
// The RocksDB state store: roots against MemTrie over the model's full leaf set, reads at the head
// and at older blocks, side forks, reorgs above and below the persisted tip, pruning horizons,
// proofs, reopen, caller records in the block's batch, and input errors.

#include "trie/store/state_db.hpp"

#include "core/keccak.hpp"
#include "state_model.hpp"
#include "trie/proof.hpp"
#include "trie/store/node_cache.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace blend::trie_test {
namespace {

using trie::At;
using trie::StateDb;
using trie::StateError;
using trie::WriteSet;

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& name)
        : path(std::filesystem::temp_directory_path() /
               ("blend-state-" + name + "-" + std::to_string(::getpid())))
    {
        std::filesystem::remove_all(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<StateDb> open_db(const TempDir& dir, trie::StateOptions o = {})
{
    auto db = StateDb::open(dir.path.string(), o);
    REQUIRE(db.has_value());
    return std::move(*db);
}

Hash block_hash(uint64_t n, uint64_t fork = 0)
{
    Hash h = test_word(n);
    h.bytes[0] = static_cast<uint8_t>(0xb0 + fork);
    return h;
}

/// Applies, inserts and returns the root.
field::Fr add_block(StateDb& db, const Hash& parent, const Hash& hash, WriteSet ws)
{
    auto diff = db.apply(parent, std::move(ws));
    REQUIRE(diff.has_value());
    REQUIRE(db.insert(*diff, hash).has_value());
    return (*diff)->root();
}

void check_reads(const StateDb& db, const StateModel& m, const At& at, uint64_t n_accounts)
{
    for (uint64_t i = 0; i < n_accounts; ++i) {
        const auto a = db.account(test_address(i), at);
        REQUIRE(a.has_value());
        const auto it = m.accounts.find(test_address(i).bytes);
        REQUIRE(a->has_value() == (it != m.accounts.end()));
        if (it != m.accounts.end()) {
            CHECK((*a)->nonce == it->second.nonce);
            CHECK((*a)->balance.bytes == it->second.balance.bytes);
            CHECK((*a)->code_hash.bytes == it->second.code_hash.bytes);
            CHECK((*a)->code_size == it->second.code_size);
        }
    }
    for (const auto& [k, v] : m.slots) {
        const auto s = db.storage(Address{k.first}, Hash{k.second}, at);
        REQUIRE(s.has_value());
        CHECK(s->bytes == v.bytes);
    }
}

constexpr uint64_t kAccounts = 60;
constexpr uint64_t kSlots = 80;

}  // namespace

TEST_CASE("state db: blocks persisted one by one match the model; reads at every block", "[state]")
{
    TempDir dir("linear");
    auto db = open_db(dir);
    std::mt19937_64 rng(1);
    StateModel model;
    WriteSet genesis = random_write_set(rng, 40, kAccounts, kSlots);
    model.apply(genesis);
    const auto g = db->commit_genesis(block_hash(0), genesis);
    REQUIRE(g.has_value());
    CHECK(g->root == model.root());
    std::vector<StateModel> history{model};
    for (uint64_t n = 1; n <= 12; ++n) {
        WriteSet ws = random_write_set(rng, 30, kAccounts, kSlots);
        model.apply(ws);
        const auto root = add_block(*db, block_hash(n - 1), block_hash(n), ws);
        CHECK(root == model.root());
        REQUIRE(db->set_head(block_hash(n)).has_value());
        check_reads(*db, model, At::latest(), kAccounts);  // through the diff
        REQUIRE(db->persist(block_hash(n)).has_value());
        check_reads(*db, model, At::latest(), kAccounts);  // flat state
        history.push_back(model);
    }
    for (uint64_t n = 0; n <= 12; ++n) {
        check_reads(*db, history[n], At::number(n), kAccounts);  // history CFs
        const auto b = db->block(At::number(n));
        REQUIRE(b.has_value());
        CHECK(b->root == history[n].root());
        CHECK(b->hash.bytes == block_hash(n).bytes);
    }
    // Reopen: same tip, root and reads.
    db.reset();
    db = open_db(dir);
    CHECK(db->persisted_tip().number == 12);
    CHECK(db->persisted_tip().root == model.root());
    check_reads(*db, model, At::latest(), kAccounts);
    check_reads(*db, history[5], At::number(5), kAccounts);
    // The reopened store keeps committing on top.
    WriteSet ws = random_write_set(rng, 30, kAccounts, kSlots);
    model.apply(ws);
    CHECK(add_block(*db, block_hash(12), block_hash(13), ws) == model.root());
}

TEST_CASE("state db: parallel commit gives the serial root", "[state]")
{
    TempDir d1("serial");
    TempDir d2("parallel");
    trie::StateOptions serial;
    serial.threads = 1;
    trie::StateOptions parallel;
    parallel.threads = 2;
    parallel.split_bits = 4;
    auto a = open_db(d1, serial);
    auto b = open_db(d2, parallel);
    std::mt19937_64 rng(2);
    WriteSet genesis = random_write_set(rng, 400, 300, 400);
    const auto ra = a->commit_genesis(block_hash(0), genesis);
    const auto rb = b->commit_genesis(block_hash(0), genesis);
    REQUIRE(ra.has_value());
    REQUIRE(rb.has_value());
    CHECK(ra->root == rb->root);
    for (uint64_t n = 1; n <= 5; ++n) {
        WriteSet ws = random_write_set(rng, 300, 300, 400);
        const auto x = add_block(*a, block_hash(n - 1), block_hash(n), ws);
        const auto y = add_block(*b, block_hash(n - 1), block_hash(n), ws);
        CHECK(x == y);
        REQUIRE(a->persist(block_hash(n)).has_value());
        REQUIRE(b->persist(block_hash(n)).has_value());
    }
}

TEST_CASE("state db: node keys parse back to (version, depth, path prefix)", "[state]")
{
    std::mt19937_64 rng(17);
    for (size_t depth : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{63},
                         size_t{64}, size_t{65}, size_t{200}, trie::kMaxDepth}) {
        const trie::Path path{rng(), rng(), rng(), rng()};
        const uint64_t version = rng();
        trie::NodeKeyParts parts;
        REQUIRE(trie::parse_node_db_key(trie::node_db_key(version, depth, path), parts));
        CHECK(parts.version == version);
        CHECK(parts.depth == depth);
        CHECK(parts.path == trie::path_prefix(path, depth));
    }
    trie::NodeKeyParts parts;
    std::string key = trie::node_db_key(3, 9, trie::Path{0x1ff, 0, 0, 0});
    CHECK_FALSE(trie::parse_node_db_key(key.substr(0, key.size() - 1), parts));  // short path
    CHECK_FALSE(trie::parse_node_db_key(key + '\0', parts));                     // long path
    CHECK_FALSE(trie::parse_node_db_key(key.substr(0, 8), parts));               // no depth
    key[8] = static_cast<char>(trie::kMaxDepth + 1);
    key.resize(9 + (trie::kMaxDepth + 1 + 7) / 8);
    CHECK_FALSE(trie::parse_node_db_key(key, parts));  // deeper than any trie
}

TEST_CASE("state db: large blocks on unpersisted diffs read their parents' records", "[state]")
{
    // Blocks of 3,000 draws (~2,000 distinct keys) create 5,000-5,700 records each, more than the
    // 4,096 from which the diff's node index is sorted in two halves and merged (apply_block.cpp,
    // index_nodes); blocks 2 and 3 load the records of blocks 1 and 2 through that index, and
    // their roots, reads and proofs must match the model.
    {
        TempDir dir("bigdiff");
        trie::StateOptions o;
        o.threads = 2;
        auto db = open_db(dir, o);
        std::mt19937_64 rng(23);
        constexpr uint64_t kBigAccounts = 2'000;
        constexpr uint64_t kBigSlots = 2'000;
        StateModel m;
        WriteSet genesis = random_write_set(rng, 2'000, kBigAccounts, kBigSlots);
        m.apply(genesis);
        REQUIRE(db->commit_genesis(block_hash(0), genesis).has_value());
        field::Fr root;
        for (uint64_t n = 1; n <= 3; ++n) {
            WriteSet ws = random_write_set(rng, 3'000, kBigAccounts, kBigSlots);
            m.apply(ws);
            root = add_block(*db, block_hash(n - 1), block_hash(n), ws);
        }
        // Only the last root is compared (the model rebuilds its whole trie per root, slow under
        // ASan): a wrong record found in diff 1 or 2 would change every root after it.
        CHECK(root == m.root());
        REQUIRE(db->set_head(block_hash(3)).has_value());
        check_reads(*db, m, At::latest(), kBigAccounts);
        for (uint64_t i = 0; i < kBigAccounts; i += 37) {
            const auto proof = db->prove_account(test_address(i), At::latest());
            REQUIRE(proof.has_value());
            const auto v = trie::verify_proof(root, trie::account_key(test_address(i)), *proof);
            REQUIRE(v.has_value());
            const auto it = m.accounts.find(test_address(i).bytes);
            REQUIRE(v->has_value() == (it != m.accounts.end()));
            if (it != m.accounts.end())
                CHECK(**v == trie::account_value_hash(it->second));
        }
    }
}

TEST_CASE("state db: the per-level read-ahead gives the roots of single reads", "[state]")
{
    // Caches off (no pinned levels below the root, no LRU) and a reopen before every block, so
    // every node below the root is read from RocksDB: by the read-ahead's batches in `ahead`
    // (which must then serve the commit without the LRU), one by one in `single`.
    TempDir d1("ahead");
    TempDir d2("single");
    trie::StateOptions ahead;
    ahead.pinned_depth = 0;
    ahead.node_cache_entries = 0;
    ahead.prefetch_min_writes = 1;
    trie::StateOptions single = ahead;
    single.prefetch_min_writes = SIZE_MAX;
    std::mt19937_64 rng(41);
    StateModel model;
    WriteSet genesis = random_write_set(rng, 600, 400, 500);
    model.apply(genesis);
    {
        auto a = open_db(d1, ahead);
        auto b = open_db(d2, single);
        REQUIRE(a->commit_genesis(block_hash(0), genesis).has_value());
        REQUIRE(b->commit_genesis(block_hash(0), genesis).has_value());
    }
    for (uint64_t n = 1; n <= 4; ++n) {
        auto a = open_db(d1, ahead);
        auto b = open_db(d2, single);
        // Deletes (1 in 5 writes) make leaves move up: those are still read one by one.
        WriteSet ws = random_write_set(rng, n == 4 ? 3 : 250, 400, 500);
        model.apply(ws);
        CHECK(add_block(*a, block_hash(n - 1), block_hash(n), ws) == model.root());
        CHECK(add_block(*b, block_hash(n - 1), block_hash(n), ws) == model.root());
        const auto sa = a->node_cache_stats();
        const auto sb = b->node_cache_stats();
        CHECK(sb.batched_reads == 0);
        if (n < 4) {
            CHECK(sa.batched_reads > 100);
            // Both commits read nodes the commit needs; the read-ahead reads them all in batches
            // except moved leaves, so its single reads are far fewer.
            CHECK(sa.misses - sa.batched_reads < sb.misses / 4);
        }
        REQUIRE(a->persist(block_hash(n)).has_value());
        REQUIRE(b->persist(block_hash(n)).has_value());
    }
}

TEST_CASE("state db: side forks, reorg above the persisted tip, persisting drops dead forks",
          "[state]")
{
    TempDir dir("forks");
    auto db = open_db(dir);
    std::mt19937_64 rng(3);
    StateModel base;
    WriteSet genesis = random_write_set(rng, 40, kAccounts, kSlots);
    base.apply(genesis);
    REQUIRE(db->commit_genesis(block_hash(0), genesis).has_value());

    // Two chains from genesis: A (1a, 2a) and B (1b).
    StateModel ma = base;
    StateModel mb = base;
    WriteSet w1a = random_write_set(rng, 30, kAccounts, kSlots);
    WriteSet w2a = random_write_set(rng, 30, kAccounts, kSlots);
    WriteSet w1b = random_write_set(rng, 30, kAccounts, kSlots);
    ma.apply(w1a);
    StateModel ma1 = ma;
    CHECK(add_block(*db, block_hash(0), block_hash(1, 0), w1a) == ma.root());
    ma.apply(w2a);
    CHECK(add_block(*db, block_hash(1, 0), block_hash(2, 0), w2a) == ma.root());
    mb.apply(w1b);
    CHECK(add_block(*db, block_hash(0), block_hash(1, 1), w1b) == mb.root());
    CHECK(db->insert(db->apply(block_hash(0), {}).value(), block_hash(1, 1)).error() ==
          StateError::kDuplicateBlock);

    // Reads by hash see each fork; latest follows the head pointer.
    check_reads(*db, ma, At::hash(block_hash(2, 0)), kAccounts);
    check_reads(*db, mb, At::hash(block_hash(1, 1)), kAccounts);
    REQUIRE(db->set_head(block_hash(2, 0)).has_value());
    check_reads(*db, ma, At::latest(), kAccounts);
    check_reads(*db, ma1, At::number(1), kAccounts);
    REQUIRE(db->set_head(block_hash(1, 1)).has_value());  // reorg: a pointer change
    check_reads(*db, mb, At::latest(), kAccounts);
    CHECK(db->block(At::number(2)).error() == StateError::kUnknownBlock);

    // Persisting 1b drops chain A; 2a can no longer be read or built on.
    REQUIRE(db->persist(block_hash(1, 1)).has_value());
    CHECK(db->account(test_address(0), At::hash(block_hash(2, 0))).error() ==
          StateError::kUnknownBlock);
    CHECK(db->apply(block_hash(1, 0), {}).error() == StateError::kUnknownParent);
    CHECK(db->persist(block_hash(2, 0)).error() == StateError::kUnknownBlock);
    check_reads(*db, mb, At::latest(), kAccounts);
    CHECK(db->persisted_tip().root == mb.root());
}

TEST_CASE("state db: unwind below the persisted tip restores reads and roots", "[state]")
{
    TempDir dir("unwind");
    auto db = open_db(dir);
    std::mt19937_64 rng(4);
    StateModel model;
    WriteSet genesis = random_write_set(rng, 40, kAccounts, kSlots);
    model.apply(genesis);
    REQUIRE(db->commit_genesis(block_hash(0), genesis).has_value());
    std::vector<StateModel> history{model};
    for (uint64_t n = 1; n <= 10; ++n) {
        WriteSet ws = random_write_set(rng, 30, kAccounts, kSlots);
        model.apply(ws);
        add_block(*db, block_hash(n - 1), block_hash(n), ws);
        REQUIRE(db->persist(block_hash(n)).has_value());
        history.push_back(model);
    }
    // A diff above the tip is dropped by the unwind.
    add_block(*db, block_hash(10), block_hash(11), random_write_set(rng, 10, kAccounts, kSlots));
    REQUIRE(db->set_finalized(3).has_value());
    CHECK(db->unwind_to(2).error() == StateError::kBelowFinalized);
    CHECK(db->unwind_to(10).error() == StateError::kNothingToUnwind);
    REQUIRE(db->unwind_to(6).has_value());
    CHECK(db->persisted_tip().number == 6);
    CHECK(db->persisted_tip().root == history[6].root());
    CHECK(db->persisted_tip().hash.bytes == block_hash(6).bytes);
    CHECK(db->block(At::hash(block_hash(11))).error() == StateError::kUnknownBlock);
    check_reads(*db, history[6], At::latest(), kAccounts);
    check_reads(*db, history[4], At::number(4), kAccounts);
    CHECK(db->block(At::number(7)).error() == StateError::kUnknownBlock);

    // A different block 7 on top, persisted; reads and proofs at 7 and 6.
    StateModel m7 = history[6];
    WriteSet w7 = random_write_set(rng, 30, kAccounts, kSlots);
    m7.apply(w7);
    CHECK(add_block(*db, block_hash(6), block_hash(7, 1), w7) == m7.root());
    REQUIRE(db->persist(block_hash(7, 1)).has_value());
    check_reads(*db, m7, At::latest(), kAccounts);
    check_reads(*db, history[6], At::number(6), kAccounts);

    // Survives reopen.
    db.reset();
    db = open_db(dir);
    CHECK(db->persisted_tip().number == 7);
    CHECK(db->persisted_tip().root == m7.root());
    CHECK(db->finalized() == 3);
    check_reads(*db, history[5], At::number(5), kAccounts);
}

TEST_CASE("state db: proofs at a block verify; pruning keeps the horizon and refuses below",
          "[state]")
{
    TempDir dir("prune");
    trie::StateOptions o;
    o.proof_window = 4;
    o.history_window = 4;
    auto db = open_db(dir, o);
    std::mt19937_64 rng(5);
    StateModel model;
    WriteSet genesis = random_write_set(rng, 40, kAccounts, kSlots);
    model.apply(genesis);
    REQUIRE(db->commit_genesis(block_hash(0), genesis).has_value());
    std::vector<StateModel> history{model};
    for (uint64_t n = 1; n <= 12; ++n) {
        WriteSet ws = random_write_set(rng, 30, kAccounts, kSlots);
        model.apply(ws);
        add_block(*db, block_hash(n - 1), block_hash(n), ws);
        REQUIRE(db->persist(block_hash(n)).has_value());
        history.push_back(model);
    }
    REQUIRE(db->set_finalized(10).has_value());
    // Bounded runs until done.
    trie::PruneStats stats;
    size_t runs = 0;
    do {
        const auto r = db->prune(16);
        REQUIRE(r.has_value());
        stats = *r;
        ++runs;
    } while (!stats.done && runs < 1000);
    CHECK(runs > 1);
    CHECK(stats.trie_horizon == 8);
    CHECK(stats.history_horizon == 8);

    for (uint64_t n : {8, 10, 12}) {
        const auto root = db->block(At::number(n));
        REQUIRE(root.has_value());
        CHECK(root->root == history[n].root());
        check_reads(*db, history[n], At::number(n), kAccounts);
        for (uint64_t i = 0; i < kAccounts; i += 7) {
            const auto proof = db->prove_account(test_address(i), At::number(n));
            REQUIRE(proof.has_value());
            const auto v =
                trie::verify_proof(root->root, trie::account_key(test_address(i)), *proof);
            REQUIRE(v.has_value());
            const auto it = history[n].accounts.find(test_address(i).bytes);
            REQUIRE(v->has_value() == (it != history[n].accounts.end()));
            if (it != history[n].accounts.end())
                CHECK(**v == trie::account_value_hash(it->second));
        }
        for (const auto& [k, value] : history[n].slots) {
            const auto proof = db->prove_storage(Address{k.first}, Hash{k.second}, At::number(n));
            REQUIRE(proof.has_value());
            const auto v = trie::verify_proof(
                root->root, trie::storage_key(Address{k.first}, Hash{k.second}), *proof);
            REQUIRE(v.has_value());
            REQUIRE(v->has_value());
            CHECK(**v == trie::storage_value_hash(value));
        }
    }
    CHECK(db->prove_account(test_address(1), At::number(7)).error() == StateError::kPruned);
    CHECK(db->block(At::number(7)).error() == StateError::kPruned);
    CHECK(db->account(test_address(1), At::number(7)).error() == StateError::kPruned);
    CHECK(db->storage(test_address(1), Hash{}, At::number(3)).error() == StateError::kPruned);
    // Unwinding to the finalized block still works after pruning.
    REQUIRE(db->unwind_to(10).has_value());
    check_reads(*db, history[10], At::latest(), kAccounts);
    check_reads(*db, history[9], At::number(9), kAccounts);
    // The horizons survive a reopen.
    db.reset();
    db = open_db(dir, o);
    CHECK(db->prove_account(test_address(1), At::number(7)).error() == StateError::kPruned);
    check_reads(*db, history[8], At::number(8), kAccounts);
}

TEST_CASE("state db: pruning on a background thread while blocks are committed", "[state]")
{
    TempDir dir("bgprune");
    trie::StateOptions o;
    o.proof_window = 3;
    o.history_window = 3;
    auto db = open_db(dir, o);
    std::mt19937_64 rng(6);
    StateModel model;
    WriteSet genesis = random_write_set(rng, 40, kAccounts, kSlots);
    model.apply(genesis);
    REQUIRE(db->commit_genesis(block_hash(0), genesis).has_value());
    std::vector<StateModel> history{model};
    std::atomic<bool> stop{false};
    std::atomic<size_t> pruned{0};
    std::atomic<bool> prune_failed{false};
    std::thread pruner([&] {
        while (!stop.load()) {
            const auto r = db->prune(8);
            if (!r)
                prune_failed = true;
            else
                pruned += r->deleted;
        }
    });
    constexpr uint64_t kBlocks = 40;
    for (uint64_t n = 1; n <= kBlocks; ++n) {
        WriteSet ws = random_write_set(rng, 30, kAccounts, kSlots);
        model.apply(ws);
        CHECK(add_block(*db, block_hash(n - 1), block_hash(n), ws) == model.root());
        REQUIRE(db->persist(block_hash(n)).has_value());
        REQUIRE(db->set_finalized(n - 1).has_value());
        history.push_back(model);
    }
    stop = true;
    pruner.join();
    CHECK(!prune_failed.load());
    CHECK(pruned.load() > 0);
    trie::PruneStats stats;
    do {
        const auto r = db->prune(1000);
        REQUIRE(r.has_value());
        stats = *r;
    } while (!stats.done);
    CHECK(stats.trie_horizon == kBlocks - 3);
    for (uint64_t n = kBlocks - 3; n <= kBlocks; ++n) {
        check_reads(*db, history[n], At::number(n), kAccounts);
        const auto root = db->block(At::number(n));
        REQUIRE(root.has_value());
        CHECK(root->root == history[n].root());
        for (uint64_t i = 0; i < kAccounts; i += 5) {
            const auto proof = db->prove_account(test_address(i), At::number(n));
            REQUIRE(proof.has_value());
            const auto v =
                trie::verify_proof(root->root, trie::account_key(test_address(i)), *proof);
            REQUIRE(v.has_value());
            CHECK(v->has_value() == history[n].accounts.contains(test_address(i).bytes));
        }
    }
    CHECK(db->prove_account(test_address(0), At::number(kBlocks - 4)).error() ==
          StateError::kPruned);
}

TEST_CASE("state db: a leaf proof carries the account's real words and address", "[state]")
{
    TempDir dir("proofwords");
    auto db = open_db(dir);
    trie::AccountLeaf acct{7, test_word(1000), test_word(5), 42};
    WriteSet g;
    g.accounts.push_back({test_address(1), acct});
    g.accounts.push_back({test_address(2), acct});
    REQUIRE(db->commit_genesis(block_hash(0), g).has_value());
    const auto proof = db->prove_account(test_address(1), At::latest());
    REQUIRE(proof.has_value());
    const auto leaf = trie::decode_node(proof->back());
    REQUIRE(leaf.has_value());
    REQUIRE(leaf->type == trie::NodeType::kLeaf);
    REQUIRE(leaf->words.size() == 3);
    CHECK(leaf->words[1].bytes == acct.balance.bytes);
    CHECK(leaf->words[2].bytes == acct.code_hash.bytes);
    CHECK(leaf->compressed_flags == trie::kAccountCompressedFlags);
    CHECK(leaf->key_preimage == to_bytes(test_address(1).view()));
}

TEST_CASE("state db: caller records share the block's batch; code by hash", "[state]")
{
    TempDir dir("extra");
    trie::StateOptions o;
    o.extra_column_families = {"headers"};
    auto db = open_db(dir, o);
    const Bytes key{1, 2, 3};
    const Bytes value{9, 9};
    REQUIRE(db->commit_genesis(block_hash(0), {}, [&](uint64_t n, trie::BatchWriter& w) {
                  CHECK(n == 0);
                  return w.put("headers", key, value);
              }).has_value());
    const auto got = db->get_extra("headers", key);
    REQUIRE(got.has_value());
    REQUIRE(got->has_value());
    CHECK(**got == value);
    CHECK(db->get_extra("bodies", key).error() == StateError::kUnknownColumnFamily);

    WriteSet ws;
    const Bytes code{0x60, 0x00, 0x60, 0x00, 0xf3};
    ws.codes.push_back(code);
    add_block(*db, block_hash(0), block_hash(1), ws);
    const Hash code_hash = keccak256(code);
    CHECK(db->code(code_hash).value().value() == code);  // from the diff
    // A failing extra write aborts the whole batch: the block is not persisted.
    CHECK(db->persist(block_hash(1), [](uint64_t, trie::BatchWriter& w) {
                return w.put("receipts", {}, {});
            }).error() == StateError::kUnknownColumnFamily);
    CHECK(db->persisted_tip().number == 0);
    REQUIRE(db->persist(block_hash(1)).has_value());
    CHECK(db->code(code_hash).value().value() == code);  // from the DB
    CHECK(!db->code(keccak256(value)).value().has_value());

    // A reserved name cannot be registered.
    TempDir dir2("extra2");
    trie::StateOptions bad;
    bad.extra_column_families = {"acct"};
    CHECK(StateDb::open(dir2.path.string(), bad).error() == StateError::kUnknownColumnFamily);
}

TEST_CASE("state db: input errors", "[state]")
{
    TempDir dir("errors");
    auto db = open_db(dir);
    CHECK(db->apply(block_hash(0), {}).error() == StateError::kNotInitialized);
    REQUIRE(db->commit_genesis(block_hash(0), {}).has_value());
    CHECK(db->commit_genesis(block_hash(0), {}).error() == StateError::kAlreadyInitialized);
    CHECK(db->persisted_tip().root == field::Fr::zero());

    WriteSet dup;
    dup.accounts.push_back({test_address(1), trie::AccountLeaf{}});
    dup.accounts.push_back({test_address(1), std::nullopt});
    CHECK(db->apply(block_hash(0), dup).error() == StateError::kDuplicateKey);
    WriteSet dup_slot;
    dup_slot.slots.push_back({test_address(1), test_word(1), test_word(2)});
    dup_slot.slots.push_back({test_address(1), test_word(1), test_word(3)});
    CHECK(db->apply(block_hash(0), dup_slot).error() == StateError::kDuplicateKey);
    WriteSet big;
    big.codes.push_back(Bytes(trie::kMaxStoredCodeSize + 1));
    CHECK(db->apply(block_hash(0), big).error() == StateError::kCodeTooLarge);
    CHECK(db->apply(block_hash(5), {}).error() == StateError::kUnknownParent);
    CHECK(db->set_head(block_hash(5)).error() == StateError::kUnknownBlock);

    // A child of a diff cannot be persisted before its parent.
    add_block(*db, block_hash(0), block_hash(1), {});
    add_block(*db, block_hash(1), block_hash(2), {});
    CHECK(db->persist(block_hash(2)).error() == StateError::kNotPersistable);
    REQUIRE(db->set_head(block_hash(2)).has_value());
    CHECK(db->persistable(1).size() == 1);
    CHECK(db->persistable(0).size() == 2);
}

TEST_CASE("node cache: pinned slots hold the newest version, the LRU the rest", "[state]")
{
    trie::NodeCache cache(2, 3);  // LRU of 2 nodes; depths 0..3 pinned
    const auto node = [](uint64_t tag) {
        auto n = std::make_shared<trie::StoredNode>();
        n->hash = field::Fr::from_u64(tag);
        return trie::StoredNodePtr(n);
    };
    trie::Path path{};
    path[0] = 0b101;  // depth 3: slot 2^3 - 1 + 5
    const std::string v5 = trie::node_db_key(5, 3, path);
    const std::string v7 = trie::node_db_key(7, 3, path);
    const std::string v6 = trie::node_db_key(6, 3, path);
    cache.put(v5, node(5));
    REQUIRE(cache.get(v5) != nullptr);
    CHECK(cache.get(v5)->hash == field::Fr::from_u64(5));
    CHECK(cache.get(v7) == nullptr);  // another version at the same position is a miss
    cache.put(v7, node(7));           // newer: replaces the slot
    CHECK(cache.get(v7)->hash == field::Fr::from_u64(7));
    CHECK(cache.get(v5) == nullptr);
    cache.put(v6, node(6));  // older than the slot's: goes to the LRU
    CHECK(cache.get(v6)->hash == field::Fr::from_u64(6));
    CHECK(cache.get(v7)->hash == field::Fr::from_u64(7));
    // A sibling position at the same depth is its own slot.
    trie::Path other{};
    other[0] = 0b001;
    cache.put(trie::node_db_key(7, 3, other), node(71));
    CHECK(cache.get(trie::node_db_key(7, 3, other))->hash == field::Fr::from_u64(71));
    CHECK(cache.get(v7)->hash == field::Fr::from_u64(7));
    // Below the pinned depth: LRU only, evicted beyond its capacity (v6 is the oldest entry).
    cache.put(trie::node_db_key(7, 4, path), node(8));
    cache.put(trie::node_db_key(7, 5, path), node(9));
    CHECK(cache.get(v6) == nullptr);
    CHECK(cache.get(trie::node_db_key(7, 4, path))->hash == field::Fr::from_u64(8));
    const auto st = cache.stats();
    CHECK(st.pinned_nodes == 2);
    CHECK(st.pinned_hits >= 5);
    CHECK(st.misses >= 3);
    cache.clear();
    CHECK(cache.get(v7) == nullptr);
    CHECK(cache.get(trie::node_db_key(7, 4, path)) == nullptr);
    CHECK(cache.stats().pinned_nodes == 0);
}

TEST_CASE("node cache: batched reads fill the pinned slots only", "[state]")
{
    trie::NodeCache cache(4, 3);  // LRU of 4 nodes; depths 0..3 pinned
    const auto node = [](uint64_t tag) {
        auto n = std::make_shared<trie::StoredNode>();
        n->hash = field::Fr::from_u64(tag);
        return trie::StoredNodePtr(n);
    };
    trie::Path path{};
    path[0] = 0b1011;
    const std::vector<std::string> keys = {
        trie::node_db_key(7, 2, path),  // pinned position
        trie::node_db_key(7, 5, path),  // below the pinned levels
        trie::node_db_key(7, 3, path),  // pinned position
    };
    const std::vector<trie::StoredNodePtr> nodes = {node(2), node(5), node(3)};
    cache.put_many_pinned(keys, nodes);
    std::vector<trie::StoredNodePtr> out(3);
    out[1] = node(99);  // already found elsewhere (a diff): get_many leaves it alone
    cache.get_many(keys, out);
    REQUIRE(out[0] != nullptr);
    CHECK(out[0]->hash == field::Fr::from_u64(2));
    CHECK(out[1]->hash == field::Fr::from_u64(99));
    REQUIRE(out[2] != nullptr);
    CHECK(out[2]->hash == field::Fr::from_u64(3));
    CHECK(cache.get(keys[1]) == nullptr);  // not put into the LRU
    CHECK(cache.stats().pinned_nodes == 2);
    // An older version at a pinned position does not replace the slot and is dropped too.
    cache.put_many_pinned(std::vector<std::string>{trie::node_db_key(6, 2, path)},
                          std::vector<trie::StoredNodePtr>{node(6)});
    CHECK(cache.get(trie::node_db_key(6, 2, path)) == nullptr);
    CHECK(cache.get(keys[0])->hash == field::Fr::from_u64(2));
    // Single puts still fill the LRU below the pinned levels.
    cache.put(keys[1], node(5));
    REQUIRE(cache.get(keys[1]) != nullptr);
    CHECK(cache.get(keys[1])->hash == field::Fr::from_u64(5));

    // Lookups by position: the same slots as the keys above, without building keys. Bits of
    // the path at and above the depth do not matter; the version must match; an LRU node and a
    // filled entry are left alone.
    trie::Path noisy = path;
    noisy[0] |= uint64_t{1} << 40;
    noisy[2] = 0x55;
    const std::vector<trie::NodeAddress> where = {
        {{{}, 7}, 2, noisy},  // pinned slot of keys[0]
        {{{}, 7}, 5, path},   // below the pinned levels (in the LRU: not this tier's)
        {{{}, 7}, 3, path},   // pinned slot of keys[2], but out[2] is filled
        {{{}, 6}, 2, path},   // another version at a pinned position
        {{{}, 7}, 1, path},   // a pinned level with no node yet
    };
    std::vector<trie::StoredNodePtr> by_pos(where.size());
    by_pos[2] = node(42);
    const uint64_t hits_before = cache.stats().pinned_hits;
    cache.get_many_pinned(where, by_pos);
    REQUIRE(by_pos[0] != nullptr);
    CHECK(by_pos[0]->hash == field::Fr::from_u64(2));
    CHECK(by_pos[1] == nullptr);
    CHECK(by_pos[2]->hash == field::Fr::from_u64(42));
    CHECK(by_pos[3] == nullptr);
    CHECK(by_pos[4] == nullptr);
    CHECK(cache.stats().pinned_hits == hits_before + 1);
}

TEST_CASE("state db: every node cache shape gives the model's roots, proofs and unwinds", "[state]")
{
    struct Shape {
        size_t pinned_depth;
        size_t lru_entries;
    };
    for (const Shape shape : {Shape{0, 0}, Shape{3, 0}, Shape{3, 64}, Shape{30, 1 << 10}}) {
        INFO("pinned depth " << shape.pinned_depth << ", LRU " << shape.lru_entries);
        TempDir dir("cache-" + std::to_string(shape.pinned_depth) + "-" +
                    std::to_string(shape.lru_entries));
        trie::StateOptions o;
        o.pinned_depth = shape.pinned_depth;  // 30 is clamped to kMaxPinnedDepth
        o.node_cache_entries = shape.lru_entries;
        auto db = open_db(dir, o);
        std::mt19937_64 rng(31);
        StateModel model;
        WriteSet genesis = random_write_set(rng, 120, 200, 200);
        model.apply(genesis);
        REQUIRE(db->commit_genesis(block_hash(0), genesis).has_value());
        std::vector<StateModel> history{model};
        for (uint64_t n = 1; n <= 8; ++n) {
            WriteSet ws = random_write_set(rng, 40, 200, 200);
            model.apply(ws);
            CHECK(add_block(*db, block_hash(n - 1), block_hash(n), ws) == model.root());
            REQUIRE(db->persist(block_hash(n)).has_value());
            history.push_back(model);
        }
        // Proofs at an older block read older versions of positions the cache holds newer.
        const field::Fr root3 = history[3].root();  // a full rebuild: once, not per proof
        for (uint64_t i = 0; i < 200; i += 9) {
            const auto proof = db->prove_account(test_address(i), At::number(3));
            REQUIRE(proof.has_value());
            const auto v = trie::verify_proof(root3, trie::account_key(test_address(i)), *proof);
            REQUIRE(v.has_value());
            CHECK(v->has_value() == history[3].accounts.contains(test_address(i).bytes));
        }
        // Unwind (the cache is cleared: block 6 on the new fork reuses version 6) and diverge.
        REQUIRE(db->unwind_to(5).has_value());
        model = history[5];
        WriteSet ws = random_write_set(rng, 40, 200, 200);
        model.apply(ws);
        CHECK(add_block(*db, block_hash(5), block_hash(6, 1), ws) == model.root());
        REQUIRE(db->persist(block_hash(6, 1)).has_value());
        // Reopen, warm the pinned levels, keep committing.
        db.reset();
        db = open_db(dir, o);
        const auto warmed = db->warm_node_cache();
        REQUIRE(warmed.has_value());
        CHECK(*warmed > 0);
        const size_t depth = std::min(shape.pinned_depth, trie::kMaxPinnedDepth);
        CHECK(*warmed < (uint64_t{2} << depth));
        CHECK(db->node_cache_stats().pinned_nodes == *warmed);
        ws = random_write_set(rng, 40, 200, 200);
        model.apply(ws);
        CHECK(add_block(*db, block_hash(6, 1), block_hash(7, 1), ws) == model.root());
        if (shape.pinned_depth == 30)
            CHECK(db->node_cache_stats().misses == 0);  // the whole small trie is pinned
    }
}

}  // namespace blend::trie_test
