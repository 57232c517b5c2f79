// SPDX-License-Identifier: Apache-2.0
// The Engine API backend driven directly (no HTTP), as a consensus client drives it: build with
// forkchoiceUpdated + attributes, getPayload, newPayload, forkchoiceUpdated; a side fork built by
// another node and validated on its parent's state, a reorg onto it and back; SYNCING for unknown
// blocks; INVALID with the latest valid hash; the error codes of api-surface §2.3-2.4; L2
// attributes (forced transactions in order, noTxPool, gasLimit); payload bodies.
#include "core/crypto/secp256k1.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "execution/state_db_reader.hpp"
#include "genesis/genesis.hpp"
#include "node/builder/base_fee.hpp"
#include "node/engine/engine_api.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <string>

using namespace blend;
using namespace blend::engine;

namespace {

constexpr uint64_t kChainId = 1337;
constexpr uint64_t kGwei = 1'000'000'000;
constexpr uint64_t kGenesisTime = 1'000;

crypto::PrivateKey key(uint8_t n)
{
    crypto::PrivateKey k;
    k[31] = n;
    return k;
}

Address address_of(uint8_t n)
{
    return *crypto::address_from_private_key(key(n));
}

Address tagged(uint8_t n)
{
    Address a;
    a[0] = 0xAA;  // outside the precompile range
    a[19] = n;
    return a;
}

Bytes transfer(uint8_t signer, uint64_t nonce, const Address& to, uint64_t value, uint64_t tip_gwei)
{
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = kChainId;
    t.nonce = nonce;
    t.max_fee_per_gas = U256{10 * kGwei};
    t.max_priority_fee_per_gas = U256{tip_gwei * kGwei};
    t.gas_limit = 21'000;
    t.to = to;
    t.value = U256{value};
    auto s = sign_transaction(t, key(signer));
    REQUIRE(s.has_value());
    return encode_transaction(*s);
}

genesis::GenesisBlock make_genesis()
{
    genesis::Genesis g;
    g.config.chain_id = kChainId;
    g.gas_limit = 30'000'000;
    g.timestamp = kGenesisTime;
    for (uint8_t i = 1; i <= 4; ++i)
        g.alloc[address_of(i)].balance = U256{kGwei} * U256{kGwei} * U256{1000};
    auto b = genesis::build_genesis(g);
    REQUIRE(b.has_value());
    return std::move(*b);
}

/// One node: a datadir, its chain store, a pool at the head and the Engine API over them.
struct Node {
    std::filesystem::path dir;
    genesis::GenesisBlock genesis = make_genesis();
    std::unique_ptr<node::ChainStore> chain;
    execution::ModuleCache modules{size_t{16} << 20};
    std::unique_ptr<txpool::TxPool> pool;
    std::unique_ptr<EngineApi> engine;

    explicit Node(EngineConfig config = {})
    {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() /
              ("blend-engine-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::remove_all(dir);
        node::ChainOptions options;
        options.state.threads = 1;
        options.state.block_cache_bytes = size_t{8} << 20;
        auto c = node::ChainStore::open(dir.string(), genesis, options);
        INFO((c ? "" : node::to_string(c.error())));
        REQUIRE(c.has_value());
        chain = std::move(*c);
        txpool::PoolConfig pc;
        pc.chain_id = kChainId;
        pool = std::make_unique<txpool::TxPool>(
            pc,
            std::make_shared<execution::StateDbReader>(chain->state(),
                                                       trie::At::hash(genesis.hash)),
            txpool::PoolHead{0, genesis.header.gas_limit, node::next_base_fee(genesis.header)});
        config.chain_id = kChainId;
        engine = std::make_unique<EngineApi>(*chain, modules, pool.get(), config);
    }
    ~Node()
    {
        engine.reset();
        pool.reset();
        chain.reset();
        std::filesystem::remove_all(dir);
    }
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    U256 balance(const Address& a, const Hash& at) const
    {
        const auto acct = chain->state().account(a, trie::At::hash(at));
        REQUIRE(acct.has_value());
        return *acct ? u256_from_hash((*acct)->balance) : U256{};
    }
};

rpc::ForkchoiceState fcs(const Hash& head, const Hash& safe = {}, const Hash& finalized = {})
{
    return rpc::ForkchoiceState{head, safe, finalized};
}

rpc::PayloadAttributes attrs(uint64_t timestamp, uint8_t fee_recipient = 0xCB)
{
    rpc::PayloadAttributes a;
    a.timestamp = timestamp;
    a.prev_randao.bytes.fill(0x11);
    a.suggested_fee_recipient = tagged(fee_recipient);
    a.withdrawals = std::vector<Withdrawal>{};
    a.parent_beacon_block_root = Hash{};
    a.parent_beacon_block_root->bytes.fill(0x42);
    return a;
}

rpc::NewPayload to_new_payload(const rpc::BuiltPayload& b)
{
    rpc::NewPayload p;
    p.version = rpc::EngineVersion::kV4;
    p.header = b.header;
    p.block_hash = b.block_hash;
    for (const Bytes& raw : b.transactions) {
        auto tx = decode_transaction(raw);
        REQUIRE(tx.has_value());
        p.transactions.push_back(*tx);
    }
    p.raw_transactions = b.transactions;
    p.withdrawals = b.withdrawals;
    return p;
}

/// forkchoiceUpdated with attributes on `head`, then getPayload: the block a node would propose.
rpc::BuiltPayload propose(Node& n, const Hash& head, const rpc::PayloadAttributes& a)
{
    const auto fcu = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(head), a);
    INFO((fcu ? "" : fcu.error().message));
    REQUIRE(fcu.has_value());
    REQUIRE(fcu->payload_status.status == rpc::PayloadStatusKind::kValid);
    REQUIRE(fcu->payload_id.has_value());
    const auto built = n.engine->get_payload(rpc::EngineVersion::kV4, *fcu->payload_id);
    REQUIRE(built.has_value());
    return *built;
}

rpc::PayloadStatusKind accept(Node& n, const rpc::BuiltPayload& b)
{
    const auto s = n.engine->new_payload(to_new_payload(b));
    REQUIRE(s.has_value());
    return s->status;
}

void set_head(Node& n, const Hash& head)
{
    const auto fcu = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(head), std::nullopt);
    REQUIRE(fcu.has_value());
    REQUIRE(fcu->payload_status.status == rpc::PayloadStatusKind::kValid);
    REQUIRE(n.chain->head_hash() == head);
}

}  // namespace

TEST_CASE("engine: build from the pool, getPayload, newPayload, forkchoiceUpdated", "[engine]")
{
    Node n;
    const Hash g = n.genesis.hash;
    const Address to = tagged(7);
    REQUIRE(n.pool->add_raw(transfer(1, 0, to, 100, 2), txpool::Origin::kLocal));
    REQUIRE(n.pool->add_raw(transfer(1, 1, to, 100, 2), txpool::Origin::kLocal));
    REQUIRE(n.pool->add_raw(transfer(2, 0, to, 100, 1), txpool::Origin::kLocal));

    const auto a = attrs(kGenesisTime + 12);
    const auto fcu = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(g), a);
    REQUIRE(fcu.has_value());
    CHECK(fcu->payload_status.status == rpc::PayloadStatusKind::kValid);
    CHECK(fcu->payload_status.latest_valid_hash == g);
    REQUIRE(fcu->payload_id.has_value());
    // Rule 7: the same attributes reuse the build; others start a new one.
    const auto again = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(g), a);
    REQUIRE(again.has_value());
    CHECK(again->payload_id == fcu->payload_id);
    const auto other =
        n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(g), attrs(kGenesisTime + 13));
    REQUIRE(other.has_value());
    CHECK(other->payload_id != fcu->payload_id);

    const auto built = n.engine->get_payload(rpc::EngineVersion::kV4, *fcu->payload_id);
    REQUIRE(built.has_value());
    CHECK(built->header.number == 1);
    CHECK(built->header.parent_hash == g);
    CHECK(built->header.timestamp == kGenesisTime + 12);
    CHECK(built->header.coinbase == tagged(0xCB));
    REQUIRE(built->transactions.size() == 3);
    // Highest tip first, nonces in order: signer 1's two (tip 2 gwei), then signer 2's (1 gwei).
    CHECK(built->transactions[0] == transfer(1, 0, to, 100, 2));
    CHECK(built->transactions[1] == transfer(1, 1, to, 100, 2));
    CHECK(built->transactions[2] == transfer(2, 0, to, 100, 1));
    CHECK(built->header.gas_used == 3 * 21'000);
    // blockValue: the fee recipient's priority fees, 21000 gas × (2 + 2 + 1) gwei (the tips are
    // below fee cap − base fee, so each pays its full tip).
    CHECK(built->block_value == U256{21'000} * U256{5 * kGwei});
    CHECK(built->execution_requests.empty());
    CHECK_FALSE(built->should_override_builder);

    CHECK(accept(n, *built) == rpc::PayloadStatusKind::kValid);
    CHECK(accept(n, *built) == rpc::PayloadStatusKind::kValid);  // idempotent
    CHECK(n.chain->head_hash() == g);  // newPayload does not move the head
    set_head(n, built->block_hash);
    CHECK(n.chain->head_number() == 1);
    CHECK(n.balance(to, built->block_hash) == U256{300});
    // The included transactions left the pool at the new head.
    CHECK(n.pool->stats().pending == 0);
    CHECK(n.pool->pending_nonce(address_of(1)) == 2);

    SECTION("payload bodies by hash and by range")
    {
        const Hash unknown{};
        const std::vector<Hash> hashes{built->block_hash, unknown, g};
        const auto bodies = n.engine->payload_bodies_by_hash(hashes);
        REQUIRE(bodies.has_value());
        REQUIRE(bodies->size() == 3);
        REQUIRE((*bodies)[0].has_value());
        CHECK((*bodies)[0]->transactions == built->transactions);
        CHECK((*bodies)[0]->withdrawals == std::vector<Withdrawal>{});
        CHECK_FALSE((*bodies)[1].has_value());
        CHECK((*bodies)[2].has_value());
        const auto range = n.engine->payload_bodies_by_range(1, 5);
        REQUIRE(range.has_value());
        REQUIRE(range->size() == 1);  // no trailing nulls past the head
        CHECK((*range)[0]->transactions == built->transactions);
        CHECK(n.engine->payload_bodies_by_range(0, 1).error().code ==
              rpc::ErrorCode::kInvalidParams);
        CHECK(n.engine->payload_bodies_by_range(1, kMaxPayloadBodies + 1).error().code ==
              rpc::ErrorCode::kTooLargeRequest);
    }
}

TEST_CASE("engine: a side fork validated on its parent's state, a reorg onto it and back",
          "[engine]")
{
    Node n;      // the node under test
    Node other;  // another node proposing a competing branch
    const Hash g = n.genesis.hash;
    REQUIRE(g == other.genesis.hash);
    const Address x = tagged(9);

    // Branch A on n: signer 1 pays x 5 wei.
    REQUIRE(n.pool->add_raw(transfer(1, 0, x, 5, 1), txpool::Origin::kLocal));
    const auto a1 = propose(n, g, attrs(kGenesisTime + 12));
    REQUIRE(accept(n, a1) == rpc::PayloadStatusKind::kValid);
    set_head(n, a1.block_hash);
    CHECK(n.balance(x, a1.block_hash) == U256{5});

    // Branch B on the other node: signer 2 pays x 7 wei, then 11 more.
    REQUIRE(other.pool->add_raw(transfer(2, 0, x, 7, 1), txpool::Origin::kLocal));
    const auto b1 = propose(other, g, attrs(kGenesisTime + 12, 0xBB));
    REQUIRE(accept(other, b1) == rpc::PayloadStatusKind::kValid);
    set_head(other, b1.block_hash);
    REQUIRE(other.pool->add_raw(transfer(2, 1, x, 11, 1), txpool::Origin::kLocal));
    const auto b2 = propose(other, b1.block_hash, attrs(kGenesisTime + 24, 0xBB));
    REQUIRE(b2.transactions.size() == 1);

    // b2 before b1: its parent is unknown here.
    {
        const auto s = n.engine->new_payload(to_new_payload(b2));
        REQUIRE(s.has_value());
        CHECK(s->status == rpc::PayloadStatusKind::kSyncing);
        CHECK_FALSE(s->latest_valid_hash.has_value());
        const auto f =
            n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(b2.block_hash), std::nullopt);
        REQUIRE(f.has_value());
        CHECK(f->payload_status.status == rpc::PayloadStatusKind::kSyncing);
        CHECK_FALSE(f->payload_id.has_value());
        CHECK(n.chain->head_hash() == a1.block_hash);
    }

    // b1 is executed on genesis state (a sibling of the head), then b2 on b1's diff.
    REQUIRE(accept(n, b1) == rpc::PayloadStatusKind::kValid);
    CHECK(n.chain->head_hash() == a1.block_hash);
    REQUIRE(accept(n, b2) == rpc::PayloadStatusKind::kValid);
    CHECK(n.balance(x, b2.block_hash) == U256{18});
    CHECK(n.balance(x, a1.block_hash) == U256{5});

    // What the node publishes (newHeads, logs): on a reorg the blocks taken out first (removed,
    // oldest first), then the new branch oldest first.
    using Event = std::pair<Hash, bool>;
    std::vector<Event> events;
    n.engine->set_head_listener([&events](const node::StoredBlock& b, bool removed) {
        events.emplace_back(b.hash, removed);
    });

    // Reorg onto B.
    set_head(n, b2.block_hash);
    CHECK(events == std::vector<Event>{
                        {a1.block_hash, true}, {b1.block_hash, false}, {b2.block_hash, false}});
    CHECK(n.chain->head_number() == 2);
    CHECK(*n.chain->canonical_hash(1) == b1.block_hash);
    // The pool re-read the head, and took back A1's transaction (signer 1's nonce 0 is not in
    // B): it is pending again.
    CHECK(n.pool->pending_nonce(address_of(1)) == 1);
    CHECK(n.pool->pending_nonce(address_of(2)) == 2);
    CHECK(n.pool->stats().pending == 1);

    // Build on B here: the new block sees B's state (signer 2 at nonce 2).
    REQUIRE(n.pool->add_raw(transfer(2, 2, x, 13, 1), txpool::Origin::kLocal));
    const auto b3 = propose(n, b2.block_hash, attrs(kGenesisTime + 36));
    REQUIRE(b3.transactions.size() == 2);  // A1's re-injected transfer and the new one
    REQUIRE(accept(n, b3) == rpc::PayloadStatusKind::kValid);
    events.clear();
    set_head(n, b3.block_hash);
    CHECK(events == std::vector<Event>{{b3.block_hash, false}});
    CHECK(n.balance(x, b3.block_hash) == U256{36});  // 7 + 11 + 13 + A1's 5

    // And back to A (a shorter branch: fork choice is the consensus client's decision). B's
    // transactions return to the pool; signer 1's is in A1 already.
    events.clear();
    set_head(n, a1.block_hash);
    CHECK(events == std::vector<Event>{{b1.block_hash, true},
                                       {b2.block_hash, true},
                                       {b3.block_hash, true},
                                       {a1.block_hash, false}});
    CHECK(n.chain->head_number() == 1);
    CHECK(*n.chain->canonical_hash(1) == a1.block_hash);
    CHECK(n.balance(x, n.chain->head_hash()) == U256{5});
    CHECK(n.pool->pending_nonce(address_of(1)) == 1);
    CHECK(n.pool->pending_nonce(address_of(2)) == 3);  // B's three transfers of signer 2
}

TEST_CASE("engine: INVALID payloads carry the latest valid hash", "[engine]")
{
    Node n;
    Node other;
    const Hash g = n.genesis.hash;
    REQUIRE(other.pool->add_raw(transfer(1, 0, tagged(9), 5, 1), txpool::Origin::kLocal));
    const auto b1 = propose(other, g, attrs(kGenesisTime + 12));

    SECTION("a wrong state root")
    {
        auto p = to_new_payload(b1);
        p.header.state_root.bytes[0] ^= 1;
        p.block_hash = *block_hash(p.header);
        const auto s = n.engine->new_payload(p);
        REQUIRE(s.has_value());
        CHECK(s->status == rpc::PayloadStatusKind::kInvalid);
        CHECK(s->latest_valid_hash == g);
        REQUIRE(s->validation_error.has_value());
        CHECK(s->validation_error->find("state root") != std::string::npos);
        // Remembered: the same answer again, for a forkchoice onto it, and for a child.
        CHECK(n.engine->new_payload(p)->status == rpc::PayloadStatusKind::kInvalid);
        const auto f =
            n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(p.block_hash), std::nullopt);
        REQUIRE(f.has_value());
        CHECK(f->payload_status.status == rpc::PayloadStatusKind::kInvalid);
        CHECK(f->payload_status.latest_valid_hash == g);
        auto child = to_new_payload(b1);
        child.header.parent_hash = p.block_hash;
        child.header.number = 2;
        child.block_hash = *block_hash(child.header);
        const auto c = n.engine->new_payload(child);
        REQUIRE(c.has_value());
        CHECK(c->status == rpc::PayloadStatusKind::kInvalid);
        CHECK(c->latest_valid_hash == g);
        // The real block is still valid.
        CHECK(accept(n, b1) == rpc::PayloadStatusKind::kValid);
    }
    SECTION("a transaction the STF refuses (nonce too high)")
    {
        auto p = to_new_payload(b1);
        const Bytes bad = transfer(1, 5, tagged(9), 5, 1);
        p.raw_transactions = {bad};
        p.transactions = {*decode_transaction(bad)};
        p.header.transactions_root = ordered_trie_root(std::span<const Bytes>(p.raw_transactions));
        p.block_hash = *block_hash(p.header);
        const auto s = n.engine->new_payload(p);
        REQUIRE(s.has_value());
        CHECK(s->status == rpc::PayloadStatusKind::kInvalid);
        CHECK(s->latest_valid_hash == g);
        REQUIRE(s->validation_error.has_value());
        CHECK(s->validation_error->find("nonce too high") != std::string::npos);
    }
    SECTION("a wrong base fee or timestamp")
    {
        auto p = to_new_payload(b1);
        p.header.base_fee_per_gas = *p.header.base_fee_per_gas + U256{1};
        p.block_hash = *block_hash(p.header);
        CHECK(n.engine->new_payload(p)->status == rpc::PayloadStatusKind::kInvalid);
        auto q = to_new_payload(b1);
        q.header.timestamp = kGenesisTime;
        q.block_hash = *block_hash(q.header);
        CHECK(n.engine->new_payload(q)->status == rpc::PayloadStatusKind::kInvalid);
    }
}

TEST_CASE("engine: error codes", "[engine]")
{
    Node n;
    Node other;
    const Hash g = n.genesis.hash;
    rpc::PayloadId unknown;
    unknown.bytes.fill(0x77);
    CHECK(n.engine->get_payload(rpc::EngineVersion::kV4, unknown).error().code ==
          rpc::ErrorCode::kUnknownPayload);

    const auto a1 = propose(n, g, attrs(kGenesisTime + 12));
    REQUIRE(accept(n, a1) == rpc::PayloadStatusKind::kValid);
    const auto b1 = propose(other, g, attrs(kGenesisTime + 12, 0xBB));
    REQUIRE(accept(n, b1) == rpc::PayloadStatusKind::kValid);

    // Safe or finalized not on the head's chain: -38002.
    const auto bad = n.engine->forkchoice_updated(
        rpc::EngineVersion::kV3, fcs(a1.block_hash, b1.block_hash, g), std::nullopt);
    CHECK(bad.error().code == rpc::ErrorCode::kInvalidForkchoiceState);
    const auto bad_final = n.engine->forkchoice_updated(
        rpc::EngineVersion::kV3, fcs(a1.block_hash, g, b1.block_hash), std::nullopt);
    CHECK(bad_final.error().code == rpc::ErrorCode::kInvalidForkchoiceState);

    // Attributes with a timestamp not after the head: -38003, but the head moved (rule 5).
    const auto stale = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(a1.block_hash),
                                                    attrs(kGenesisTime + 12));
    CHECK(stale.error().code == rpc::ErrorCode::kInvalidPayloadAttributes);
    CHECK(n.chain->head_hash() == a1.block_hash);

    // Safe and finalized on the chain are accepted and recorded.
    const auto ok = n.engine->forkchoice_updated(
        rpc::EngineVersion::kV3, fcs(a1.block_hash, a1.block_hash, g), std::nullopt);
    REQUIRE(ok.has_value());
    CHECK(n.chain->safe_hash() == a1.block_hash);
    CHECK(n.chain->finalized_hash() == g);

    // Forced transactions that do not decode: -38003.
    auto garbage = attrs(kGenesisTime + 24);
    garbage.transactions = {Bytes{0x02, 0xc0}};
    CHECK(n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(a1.block_hash), garbage)
              .error()
              .code == rpc::ErrorCode::kInvalidPayloadAttributes);
}

TEST_CASE("engine: L2 attributes: forced transactions in order, noTxPool, gasLimit", "[engine]")
{
    Node n;
    const Hash g = n.genesis.hash;
    REQUIRE(n.pool->add_raw(transfer(3, 0, tagged(5), 1, 9), txpool::Origin::kLocal));
    auto a = attrs(kGenesisTime + 2);
    // Forced in this order even though the second pays the higher tip.
    a.transactions = {transfer(1, 0, tagged(5), 1, 1), transfer(2, 0, tagged(5), 1, 5)};
    a.gas_limit = 25'000'000;

    SECTION("with the pool")
    {
        const auto b = propose(n, g, a);
        REQUIRE(b.transactions.size() == 3);
        CHECK(b.transactions[0] == a.transactions[0]);
        CHECK(b.transactions[1] == a.transactions[1]);
        CHECK(b.transactions[2] == transfer(3, 0, tagged(5), 1, 9));
        CHECK(b.header.gas_limit == 25'000'000);
        CHECK(accept(n, b) == rpc::PayloadStatusKind::kValid);
    }
    SECTION("noTxPool")
    {
        a.no_tx_pool = true;
        const auto b = propose(n, g, a);
        REQUIRE(b.transactions.size() == 2);
        CHECK(b.transactions[0] == a.transactions[0]);
        CHECK(b.transactions[1] == a.transactions[1]);
        CHECK(n.pool->stats().pending == 1);  // still waiting
    }
    SECTION("a forced transaction the STF refuses: -38003")
    {
        a.transactions.push_back(transfer(1, 7, tagged(5), 1, 1));  // nonce gap
        const auto f = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(g), a);
        CHECK(f.error().code == rpc::ErrorCode::kInvalidPayloadAttributes);
    }
}

TEST_CASE("engine: fork gates read the genesis fork times", "[engine]")
{
    Node n;
    CHECK(n.engine->fork_at(0) == rpc::Fork::kPrague);
    EngineConfig c;
    c.shanghai_time = 10;
    c.cancun_time = 20;
    c.prague_time = 30;
    Node m(c);
    CHECK(m.engine->fork_at(5) == rpc::Fork::kParis);
    CHECK(m.engine->fork_at(10) == rpc::Fork::kShanghai);
    CHECK(m.engine->fork_at(29) == rpc::Fork::kCancun);
    CHECK(m.engine->fork_at(30) == rpc::Fork::kPrague);
}

TEST_CASE("engine: a reorg below the persisted tip answers -38006 and leaves the head", "[engine]")
{
    // docs/node.md "Not done yet": the chain store cannot unwind persisted blocks, so a
    // forkchoiceUpdated onto a branch that leaves the persisted canonical chain is refused with
    // the Engine API's -38006 "Too deep reorg" (execution-apis src/engine/common.md "Errors").
    EngineConfig config;
    config.persist_depth = 1;  // a block goes to disk once another sits on it
    Node n(config);
    Node other;
    const Hash g = n.genesis.hash;
    const Address x = tagged(9);

    // Branch B from the other node, b1 and b2 on genesis, known to n while genesis is its
    // persisted tip (b1 executed on genesis state, b2 on b1's in-memory diff).
    REQUIRE(other.pool->add_raw(transfer(2, 0, x, 7, 1), txpool::Origin::kLocal));
    const auto b1 = propose(other, g, attrs(kGenesisTime + 12, 0xBB));
    REQUIRE(accept(other, b1) == rpc::PayloadStatusKind::kValid);
    set_head(other, b1.block_hash);
    const auto b2 = propose(other, b1.block_hash, attrs(kGenesisTime + 24, 0xBB));
    REQUIRE(accept(n, b1) == rpc::PayloadStatusKind::kValid);
    REQUIRE(accept(n, b2) == rpc::PayloadStatusKind::kValid);

    // Branch A on n: with a2 the head, a1 is persisted, so B forks below the persisted tip.
    REQUIRE(n.pool->add_raw(transfer(1, 0, x, 5, 1), txpool::Origin::kLocal));
    const auto a1 = propose(n, g, attrs(kGenesisTime + 12));
    REQUIRE(accept(n, a1) == rpc::PayloadStatusKind::kValid);
    set_head(n, a1.block_hash);
    const auto a2 = propose(n, a1.block_hash, attrs(kGenesisTime + 24));
    REQUIRE(accept(n, a2) == rpc::PayloadStatusKind::kValid);
    set_head(n, a2.block_hash);

    std::vector<Hash> published;
    n.engine->set_head_listener(
        [&published](const node::StoredBlock& b, bool) { published.push_back(b.hash); });
    const auto f =
        n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(b2.block_hash), std::nullopt);
    REQUIRE_FALSE(f.has_value());
    CHECK(f.error().code == rpc::ErrorCode::kTooDeepReorg);
    CHECK(f.error().message == "Too deep reorg");
    // Nothing moved: the head, its state, the pool, and no event was published.
    CHECK(n.chain->head_hash() == a2.block_hash);
    CHECK(*n.chain->canonical_hash(1) == a1.block_hash);
    CHECK(n.balance(x, n.chain->head_hash()) == U256{5});
    CHECK(n.pool->pending_nonce(address_of(1)) == 1);
    CHECK(published.empty());
    // The branch stays refused with attributes too (no payload is built on it).
    const auto fa = n.engine->forkchoice_updated(rpc::EngineVersion::kV3, fcs(b2.block_hash),
                                                 attrs(kGenesisTime + 36));
    REQUIRE_FALSE(fa.has_value());
    CHECK(fa.error().code == rpc::ErrorCode::kTooDeepReorg);
}
