// SPDX-License-Identifier: Apache-2.0
// The chain store and the block builder: a block built from transfers (ordering by tip then nonce,
// a gapped nonce skipped, a fee cap below the base fee left out), its Prague header fields, the
// EIP-1559 base fee against values computed by hand from the EIP's formula, balances after the
// block computed by hand, everything read back from memory and after a reopen, a genesis
// mismatch refused, side forks through fork choice, persisting by depth, safe/finalized.
#include "node/chain/chain_store.hpp"

#include "core/trie/ordered_trie_root.hpp"
#include "node/builder/base_fee.hpp"
#include "node/chain/chain_codec.hpp"
#include "node_test_support.hpp"

#include <catch2/catch.hpp>

using namespace blend;
using namespace blend::node;
using namespace blend::node::test;

namespace {

constexpr uint64_t kGwei = 1'000'000'000;

std::unique_ptr<ChainStore> open_store(const TempDir& dir, const genesis::GenesisBlock& g)
{
    ChainOptions options;
    options.state.threads = 1;
    options.state.block_cache_bytes = size_t{8} << 20;
    auto s = ChainStore::open(dir.path.string(), g, options);
    INFO((s ? "" : to_string(s.error())));
    REQUIRE(s.has_value());
    return std::move(*s);
}

U256 balance(const ChainStore& chain, const Address& a, const Hash& block)
{
    const auto acct = chain.state().account(a, trie::At::hash(block));
    REQUIRE(acct.has_value());
    if (!*acct)
        return U256{};
    return u256_from_hash((*acct)->balance);
}

BuiltBlock build(ChainStore& chain,
                 execution::ModuleCache& modules,
                 const Hash& parent,
                 uint64_t timestamp,
                 std::vector<PendingTx> txs,
                 const Address& coinbase = tagged(0xCB))
{
    BuildParams p;
    p.parent_hash = parent;
    p.timestamp = timestamp;
    p.fee_recipient = coinbase;
    p.parent_beacon_block_root.bytes.fill(0x42);
    auto b = build_block(chain, modules, kChainId, p, {}, std::move(txs));
    INFO((b ? "" : to_string(b.error())));
    REQUIRE(b.has_value());
    return std::move(*b);
}

}  // namespace

TEST_CASE("EIP-1559 base fee from the parent", "[node][builder]")
{
    Header parent;
    parent.gas_limit = 30'000'000;
    parent.base_fee_per_gas = U256{kGwei};
    // At the target (half the limit) the fee stays.
    parent.gas_used = 15'000'000;
    CHECK(next_base_fee(parent) == U256{kGwei});
    // Empty parent: -1/8.
    parent.gas_used = 0;
    CHECK(next_base_fee(parent) == U256{875'000'000});
    // Full parent: +1/8.
    parent.gas_used = 30'000'000;
    CHECK(next_base_fee(parent) == U256{1'125'000'000});
    // 20M used: + 1e9 * 5M / 15M / 8 = 41,666,666 (integer division).
    parent.gas_used = 20'000'000;
    CHECK(next_base_fee(parent) == U256{kGwei + 41'666'666});
    // A tiny base fee still rises by at least 1 wei above the target.
    parent.base_fee_per_gas = U256{7};
    parent.gas_used = 15'000'001;
    CHECK(next_base_fee(parent) == U256{8});
}

TEST_CASE("order by effective tip, then nonce", "[node][builder]")
{
    const U256 base{100};
    // Sender 1: nonce 1 pays more than nonce 0, but nonce 0 must come first.
    std::vector<PendingTx> txs = {
        transfer(1, 1, tagged(1), 1, 1000, 50),
        transfer(1, 0, tagged(1), 1, 1000, 10),
        transfer(2, 0, tagged(1), 1, 1000, 30),
        // Fee cap 120 at base 100: effective tip min(90, 20) = 20.
        transfer(3, 0, tagged(1), 1, 120, 90),
        // Fee cap below the base fee: cannot be included (EIP-1559).
        transfer(4, 0, tagged(1), 1, 99, 99),
    };
    CHECK(*effective_tip(txs[3].tx, base) == U256{20});
    CHECK_FALSE(effective_tip(txs[4].tx, base).has_value());
    const auto ordered = order_by_tip(txs, base);
    REQUIRE(ordered.size() == 4);
    CHECK(ordered[0].hash == txs[2].hash);  // tip 30
    CHECK(ordered[1].hash == txs[3].hash);  // tip 20
    CHECK(ordered[2].hash == txs[1].hash);  // tip 10 (sender 1, nonce 0)
    CHECK(ordered[3].hash == txs[0].hash);  // then sender 1's nonce 1
}

TEST_CASE("chain store: build, commit, read back, reopen, genesis mismatch", "[node][chain]")
{
    TempDir dir("blend-chain-store");
    const auto genesis = small_genesis();
    execution::ModuleCache modules;
    const Address to = tagged(0x70);
    const Address coinbase = tagged(0xCB);
    Hash h1;
    StoredBlock b1;
    {
        auto chain = open_store(dir, genesis);
        CHECK(chain->head_number() == 0);
        CHECK(chain->head_hash() == genesis.hash);
        REQUIRE(chain->canonical_hash(0).has_value());
        CHECK(*chain->canonical_hash(0) == std::optional<Hash>{genesis.hash});
        CHECK(chain->head_header() == genesis.header);

        // Base fee of block 1: the genesis used no gas, so 1 gwei - 1/8 = 0.875 gwei.
        const U256 base{875'000'000};
        std::vector<PendingTx> txs = {
            transfer(1, 0, to, 1000, 10 * kGwei, 1 * kGwei),
            transfer(1, 1, to, 2000, 10 * kGwei, 5 * kGwei),
            transfer(2, 0, to, 3000, 10 * kGwei, 3 * kGwei),
            // Nonce 1 without nonce 0: skipped (nonce too high), though it pays the most.
            transfer(3, 1, to, 4000, 10 * kGwei, 9 * kGwei),
            // Fee cap below the base fee: not taken at all.
            transfer(4, 0, to, 5000, 800'000'000, 1),
        };
        auto built =
            build(*chain, modules, genesis.hash, genesis.header.timestamp + 12, txs, coinbase);
        REQUIRE(built.skipped.size() == 1);
        CHECK(built.skipped[0].hash == txs[3].hash);
        CHECK(built.skipped[0].error == execution::TxValidationError::kNonceTooHigh);
        const StoredBlock& b = built.block;
        REQUIRE(b.transactions.size() == 3);
        CHECK(transaction_hash(b.transactions[0]) == txs[2].hash);  // tip 3 gwei
        CHECK(transaction_hash(b.transactions[1]) == txs[0].hash);  // tip 1 gwei, nonce 0
        CHECK(transaction_hash(b.transactions[2]) == txs[1].hash);  // nonce 1 after nonce 0
        CHECK(b.senders == std::vector<Address>{address_of(2), address_of(1), address_of(1)});

        const Header& h = b.header;
        CHECK(h.number == 1);
        CHECK(h.parent_hash == genesis.hash);
        CHECK(h.base_fee_per_gas == std::optional<U256>{base});
        CHECK(h.gas_used == 63'000);
        CHECK(h.gas_limit == genesis.header.gas_limit);
        CHECK(h.coinbase == coinbase);
        CHECK(h.requests_hash == std::optional<Hash>{kEmptyRequestsHash});
        CHECK(h.withdrawals_root == std::optional<Hash>{kEmptyTrieRoot});
        CHECK(h.blob_gas_used == std::optional<uint64_t>{0});
        CHECK(h.excess_blob_gas == std::optional<uint64_t>{0});
        CHECK(h.parent_beacon_block_root->bytes[0] == 0x42);
        CHECK(h.ommers_hash == kEmptyOmmersHash);
        CHECK(h.transactions_root != kEmptyTrieRoot);
        CHECK(*block_hash(h) == b.hash);
        REQUIRE(b.receipts.size() == 3);
        CHECK(b.receipts[0].cumulative_gas_used == 21'000);
        CHECK(b.receipts[2].cumulative_gas_used == 63'000);
        CHECK(b.receipts[1].status);
        CHECK(b.receipt_extras[1].gas_used == 21'000);
        CHECK_FALSE(b.receipt_extras[1].contract_address.has_value());

        h1 = b.hash;
        b1 = b;
        REQUIRE(chain->commit(std::move(built.block), built.diff).has_value());
        CHECK(chain->head_number() == 1);
        CHECK(chain->head_hash() == h1);
        CHECK(chain->persisted_number() == 1);
        CHECK(*chain->canonical_hash(1) == std::optional<Hash>{h1});
        CHECK_FALSE(chain->canonical_hash(2)->has_value());

        // Balances by hand: each sender pays 21000 × (base + its tip) plus the value.
        const U256 gas{21'000};
        const U256 a_paid =
            gas * (base + U256{kGwei}) + gas * (base + U256{5 * kGwei}) + U256{3000};
        const U256 b_paid = gas * (base + U256{3 * kGwei}) + U256{3000};
        CHECK(balance(*chain, address_of(1), h1) == kFunding - a_paid);
        CHECK(balance(*chain, address_of(2), h1) == kFunding - b_paid);
        CHECK(balance(*chain, address_of(3), h1) == kFunding);
        CHECK(balance(*chain, to, h1) == U256{6000});
        CHECK(balance(*chain, coinbase, h1) == gas * U256{9 * kGwei});
    }
    {
        auto chain = open_store(dir, genesis);
        CHECK(chain->head_number() == 1);
        CHECK(chain->head_hash() == h1);
        const auto back = chain->block(h1);
        REQUIRE(back.has_value());
        REQUIRE(back->has_value());
        const StoredBlock& b = **back;
        CHECK(b.header == b1.header);
        CHECK(b.transactions == b1.transactions);
        CHECK(b.senders == b1.senders);
        CHECK(b.receipts == b1.receipts);
        CHECK(b.receipt_extras == b1.receipt_extras);
        const auto loc = chain->tx_location(transaction_hash(b1.transactions[2]));
        REQUIRE(loc.has_value());
        CHECK(*loc == std::optional<TxLocation>{TxLocation{1, h1, 2}});
        CHECK_FALSE(chain->tx_location(Hash{})->has_value());
        // The chain continues: sender 1's next nonce is 2 in the persisted state.
        auto built = build(*chain, modules, h1, b1.header.timestamp + 1,
                           {transfer(1, 2, to, 1, 10 * kGwei, kGwei)});
        CHECK(built.skipped.empty());
        CHECK(built.block.transactions.size() == 1);
        REQUIRE(chain->commit(std::move(built.block), built.diff).has_value());
        CHECK(chain->head_number() == 2);
    }
    {
        ChainOptions options;
        options.state.threads = 1;
        auto other = ChainStore::open(dir.path.string(), small_genesis(4, 1), options);
        REQUIRE_FALSE(other.has_value());
        CHECK(other.error() == ChainError::kGenesisMismatch);
    }
}

TEST_CASE("chain store: side forks, fork choice, persisting by depth", "[node][chain]")
{
    TempDir dir("blend-chain-forks");
    const auto genesis = small_genesis();
    execution::ModuleCache modules;
    auto chain = open_store(dir, genesis);
    const uint64_t t0 = genesis.header.timestamp;

    auto a =
        build(*chain, modules, genesis.hash, t0 + 1, {transfer(1, 0, tagged(1), 5, 10 * kGwei, 1)});
    auto b =
        build(*chain, modules, genesis.hash, t0 + 2, {transfer(2, 0, tagged(2), 7, 10 * kGwei, 1)});
    const Hash ha = a.block.hash;
    const Hash hb = b.block.hash;
    const Hash tx_a = transaction_hash(a.block.transactions[0]);
    const Hash tx_b = transaction_hash(b.block.transactions[0]);
    REQUIRE(ha != hb);
    REQUIRE(chain->insert(a.block, a.diff).has_value());
    REQUIRE(chain->insert(b.block, b.diff).has_value());
    CHECK(chain->insert(a.block, a.diff).error() == ChainError::kDuplicateBlock);
    // Known but not canonical yet.
    CHECK(chain->header(ha)->has_value());
    CHECK_FALSE(chain->canonical_hash(1)->has_value());

    REQUIRE(chain->set_head(ha).has_value());
    CHECK(*chain->canonical_hash(1) == std::optional<Hash>{ha});
    CHECK(chain->tx_location(tx_a)->has_value());
    CHECK_FALSE(chain->tx_location(tx_b)->has_value());
    CHECK(balance(*chain, tagged(1), ha) == U256{5});

    REQUIRE(chain->set_head(hb).has_value());
    CHECK(*chain->canonical_hash(1) == std::optional<Hash>{hb});
    CHECK_FALSE(chain->tx_location(tx_a)->has_value());
    CHECK(chain->tx_location(tx_b)->value().block_hash == hb);
    const auto latest = chain->state().account(tagged(2), trie::At::latest());
    REQUIRE(latest.has_value());
    REQUIRE(latest->has_value());
    CHECK(u256_from_hash((*latest)->balance) == U256{7});

    // A child of b; persisting one block deep writes b only.
    auto c = build(*chain, modules, hb, t0 + 3, {});
    const Hash hc = c.block.hash;
    REQUIRE(chain->insert(c.block, c.diff).has_value());
    REQUIRE(chain->set_head(hc).has_value());
    REQUIRE(chain->set_finalized(hb).has_value());
    auto written = chain->persist(1);
    REQUIRE(written.has_value());
    CHECK(*written == 1);
    CHECK(chain->persisted_number() == 1);
    CHECK(*chain->canonical_hash(2) == std::optional<Hash>{hc});
    // The sibling a forked below the persisted tip: gone.
    CHECK(chain->set_head(ha).error() == ChainError::kReorgTooDeep);
    CHECK_FALSE(chain->header(ha)->has_value());
    REQUIRE(chain->persist(0).has_value());
    CHECK(chain->persisted_number() == 2);
    chain.reset();

    auto again = open_store(dir, genesis);
    CHECK(again->head_hash() == hc);
    CHECK(again->finalized_hash() == std::optional<Hash>{hb});
    CHECK(again->tx_location(tx_b)->value() == TxLocation{1, hb, 0});
}

TEST_CASE("chain records: codecs and corruption", "[node][chain]")
{
    const TxLocation loc{0x0102030405060708ull, Hash{}, 77};
    const auto enc = encode_tx_location(loc);
    CHECK(enc.size() == 44);
    CHECK(enc[0] == 0x01);
    CHECK(enc[7] == 0x08);
    CHECK(*decode_tx_location(enc) == loc);
    CHECK(decode_tx_location(BytesView(enc).first(43)).error() == ChainError::kCorrupt);

    StoredBlock b;
    b.transactions = {transfer(1, 0, tagged(1), 1, 10, 1).tx,
                      transfer(2, 3, tagged(2), 2, 10, 1).tx};
    b.senders = {address_of(1), address_of(2)};
    b.withdrawals = {Withdrawal{1, 2, tagged(9), 3}};
    Receipt r;
    r.type = 2;
    r.status = true;
    r.cumulative_gas_used = 21'000;
    b.receipts = {r, r};
    b.receipt_extras = {ReceiptExtra{tagged(5), 21'000}, ReceiptExtra{std::nullopt, 0}};
    const Bytes body = encode_body(b);
    StoredBlock back;
    REQUIRE(decode_body(body, back).has_value());
    CHECK(back.transactions == b.transactions);
    CHECK(back.senders == b.senders);
    CHECK(back.withdrawals == b.withdrawals);
    const Bytes receipts = encode_receipts(b);
    REQUIRE(decode_receipts(receipts, back).has_value());
    CHECK(back.receipts == b.receipts);
    CHECK(back.receipt_extras == b.receipt_extras);
    // Truncations and a sender list that does not match are corruption, not a crash.
    for (size_t n = 0; n < body.size(); n += 7)
        CHECK_FALSE(decode_body(BytesView(body).first(n), back).has_value());
    StoredBlock one_sender = b;
    one_sender.senders.pop_back();
    CHECK(decode_body(encode_body(one_sender), back).error() == ChainError::kCorrupt);
    for (size_t n = 0; n < receipts.size(); n += 5)
        CHECK_FALSE(decode_receipts(BytesView(receipts).first(n), back).has_value());
}
