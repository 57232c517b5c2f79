// SPDX-License-Identifier: Apache-2.0
// The pool's rules, one by one: every refusal with geth's message (core/txpool/errors.go,
// core/error.go; reference/api-surface.md §1.2), nonce gaps and promotion, the replacement bump,
// limits and eviction order, re-validation at a new head, the builder's order, pending events.
#include "core/crypto/secp256k1.hpp"
#include "execution/account_code.hpp"
#include "tests/node/txpool/txpool_test_support.hpp"

#include <algorithm>
#include <vector>

using namespace blend;
using namespace blend::txpool;
using namespace blend::txpool::test;

namespace {

U256 gwei(uint64_t n)
{
    return U256{n} * U256{kGwei};
}

std::vector<Hash> hashes_of(const std::vector<PooledTxPtr>& txs)
{
    std::vector<Hash> out;
    for (const auto& t : txs)
        out.push_back(t->hash);
    return out;
}

/// Drains a best-first iterator, taking every transaction.
std::vector<PooledTxPtr> drain(BestTransactions best)
{
    std::vector<PooledTxPtr> out;
    while (const auto tx = best.peek()) {
        out.push_back(tx);
        best.shift();
    }
    return out;
}

}  // namespace

TEST_CASE("txpool: every refusal carries geth's message", "[txpool]")
{
    PoolFixture f;
    TxPool& pool = f.make();

    SECTION("already known")
    {
        const auto t = dynamic_tx(0, 1, 10);
        REQUIRE(outcome(f.add(t, 0)) == "ok");
        CHECK(outcome(f.add(t, 0)) == "already known");
    }
    SECTION("nonce too low")
    {
        f.state->set_account(address_of(0), execution::Account{5, gwei(kGwei), kEmptyCodeHash, 0});
        CHECK(outcome(f.add(dynamic_tx(4, 1, 10), 0)) == "nonce too low");
        CHECK(outcome(f.add(dynamic_tx(5, 1, 10), 0)) == "ok");
    }
    SECTION("replacement transaction underpriced")
    {
        REQUIRE(outcome(f.add(dynamic_tx(0, 1, 10), 0)) == "ok");
        CHECK(outcome(f.add(dynamic_tx(0, 1, 11), 0)) == "replacement transaction underpriced");
    }
    SECTION("insufficient funds for gas * price + value")
    {
        auto t = dynamic_tx(0, 1, 10);
        t.value = gwei(kGwei) * U256{100};  // the whole balance, so gas cannot be paid
        CHECK(outcome(f.add(t, 0)) == "insufficient funds for gas * price + value");
        // An unfunded sender.
        CHECK(outcome(f.add(dynamic_tx(0, 1, 10), 100)) ==
              "insufficient funds for gas * price + value");
        // gas × fee cap beyond 2^256.
        auto huge = dynamic_tx(0, 1, 10);
        huge.max_fee_per_gas = U256::max();
        huge.max_priority_fee_per_gas = U256{1};
        CHECK(outcome(f.add(huge, 0)) == "insufficient funds for gas * price + value");
    }
    SECTION("the sender's transactions together must be affordable")
    {
        // 100 ether; each transaction costs 21000 × 10 gwei + 40 ether.
        auto t = dynamic_tx(0, 1, 10);
        t.value = gwei(kGwei) * U256{40};
        REQUIRE(outcome(f.add(t, 0)) == "ok");
        t.nonce = 1;
        REQUIRE(outcome(f.add(t, 0)) == "ok");
        t.nonce = 2;
        CHECK(outcome(f.add(t, 0)) == "insufficient funds for gas * price + value");
    }
    SECTION("intrinsic gas too low")
    {
        auto t = dynamic_tx(0, 1, 10);
        t.gas_limit = 20'999;  // a transfer costs 21000 (Yellow Paper G_transaction)
        CHECK(outcome(f.add(t, 0)) == "intrinsic gas too low");
    }
    SECTION("insufficient gas for floor data gas cost (EIP-7623)")
    {
        auto t = dynamic_tx(0, 1, 10);
        t.data.assign(1000, 0x01);  // intrinsic 21000 + 16 × 1000; floor 21000 + 10 × 4 × 1000
        t.gas_limit = 40'000;
        CHECK(outcome(f.add(t, 0)) == "insufficient gas for floor data gas cost");
        t.gas_limit = 61'000;
        CHECK(outcome(f.add(t, 0)) == "ok");
    }
    SECTION("exceeds block gas limit")
    {
        auto t = dynamic_tx(0, 1, 10);
        t.gas_limit = kBlockGasLimit + 1;
        CHECK(outcome(f.add(t, 0)) == "exceeds block gas limit");
    }
    SECTION("max fee per gas less than block base fee")
    {
        auto t = dynamic_tx(0, 0, 1);
        t.max_fee_per_gas = gwei(1) - U256{1};
        CHECK(outcome(f.add(t, 0)) == "max fee per gas less than block base fee");
    }
    SECTION("max priority fee per gas higher than max fee per gas")
    {
        CHECK(outcome(f.add(dynamic_tx(0, 11, 10), 0)) ==
              "max priority fee per gas higher than max fee per gas");
    }
    SECTION("oversized data")
    {
        f.config.max_tx_size = 1000;
        TxPool& small = f.make();
        auto t = dynamic_tx(0, 1, 10);
        t.data.assign(1000, 0);
        t.gas_limit = 100'000;
        CHECK(outcome(small.add_raw(raw(t, 0), Origin::kRemote)) == "oversized data");
        CHECK(outcome(small.add(sign(t, 0), Origin::kRemote)) == "oversized data");
    }
    SECTION("transaction type not supported: EIP-4844 blobs")
    {
        // 0x03 ‖ an RLP list: a blob transaction, refused before its fields are read.
        const Bytes blob = {0x03, 0xc1, 0x80};
        CHECK(outcome(pool.add_raw(blob, Origin::kRemote)) == "transaction type not supported");
        Transaction t = dynamic_tx(0, 1, 10);
        t.type = TxType::kBlob;
        CHECK(outcome(pool.add(t, Origin::kRemote)) == "transaction type not supported");
    }
    SECTION("invalid sender: a high-s signature (EIP-2)")
    {
        Transaction t = sign(dynamic_tx(0, 1, 10), 0);
        const auto n = u256_from_string(
            "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");  // secp256k1 n
        REQUIRE(n.has_value());
        t.s = *n - t.s;
        t.y_parity ^= 1;
        CHECK(outcome(pool.add_raw(encode_transaction(t), Origin::kRemote)) == "invalid sender");
    }
    SECTION("invalid chain id for signer")
    {
        auto t = dynamic_tx(0, 1, 10);
        t.chain_id = kChainId + 1;
        CHECK(outcome(f.add(t, 0)) == "invalid chain id for signer");
    }
    SECTION("unprotected legacy transactions are refused unless allowed")
    {
        Transaction t;
        t.type = TxType::kLegacy;
        t.nonce = 0;
        t.gas_price = gwei(2);
        t.gas_limit = 21'000;
        t.to = recipient();
        CHECK(outcome(f.add(t, 0)) ==
              "only replay-protected (EIP-155) transactions allowed over RPC");
        f.config.allow_unprotected = true;
        CHECK(outcome(f.make().add_raw(raw(t, 0), Origin::kRemote)) == "ok");
    }
    SECTION("txpool is full")
    {
        f.config.global_slots = 2;
        TxPool& p = f.make();
        REQUIRE(outcome(p.add_raw(raw(dynamic_tx(0, 1, 10), 0), Origin::kLocal)) == "ok");
        REQUIRE(outcome(p.add_raw(raw(dynamic_tx(0, 1, 10), 1), Origin::kLocal)) == "ok");
        // Only local transactions: nothing may be evicted, however much the newcomer pays.
        CHECK(outcome(p.add_raw(raw(dynamic_tx(0, 50, 100), 2), Origin::kRemote)) ==
              "txpool is full");
        CHECK(outcome(p.add_raw(raw(dynamic_tx(0, 50, 100), 2), Origin::kLocal)) ==
              "txpool is full");
    }
    SECTION("transaction underpriced: below the minimum tip, or no better than the cheapest")
    {
        f.config.min_tip = gwei(2);
        f.config.global_slots = 2;
        TxPool& p = f.make();
        CHECK(outcome(p.add_raw(raw(dynamic_tx(0, 1, 10), 0), Origin::kRemote)) ==
              "transaction underpriced");
        // Local transactions skip the minimum tip (geth: locals bypass the price limit).
        CHECK(outcome(p.add_raw(raw(dynamic_tx(0, 1, 10), 0), Origin::kLocal)) == "ok");
        REQUIRE(outcome(p.add_raw(raw(dynamic_tx(0, 3, 10), 1), Origin::kRemote)) == "ok");
        // Full: a remote one must outbid the cheapest remote (tip 3 at base fee 1 gwei).
        CHECK(outcome(p.add_raw(raw(dynamic_tx(0, 3, 10), 2), Origin::kRemote)) ==
              "transaction underpriced");
    }
    SECTION("sender not an eoa (EIP-3607), a 7702 delegation allowed")
    {
        f.state->set_code(address_of(0), Bytes{0x60, 0x00, 0x60, 0x00});
        CHECK(outcome(f.add(dynamic_tx(0, 1, 10), 0)) == "sender not an eoa");
        f.state->set_code(address_of(1), execution::delegation_code(recipient()));
        CHECK(outcome(f.add(dynamic_tx(0, 1, 10), 1)) == "ok");
    }
    SECTION("nonce has max value (EIP-2681)")
    {
        f.state->set_account(address_of(0),
                             execution::Account{~uint64_t{0}, gwei(kGwei), kEmptyCodeHash, 0});
        auto t = dynamic_tx(~uint64_t{0}, 1, 10);
        CHECK(outcome(f.add(t, 0)) == "nonce has max value");
    }
    SECTION("max initcode size exceeded (EIP-3860)")
    {
        auto t = dynamic_tx(0, 1, 10);
        t.to.reset();
        t.data.assign(49'153, 0x01);  // one byte over 2 × 24576
        t.gas_limit = 5'000'000;
        CHECK(outcome(f.add(t, 0)) == "max initcode size exceeded");
        t.data.pop_back();
        CHECK(outcome(f.add(t, 0)) == "ok");
    }
    SECTION("account limit exceeded")
    {
        f.config.account_slots = 4;
        TxPool& p = f.make();
        for (uint64_t n = 0; n < 4; ++n)
            REQUIRE(outcome(p.add_raw(raw(dynamic_tx(n, 1, 10), 0), Origin::kRemote)) == "ok");
        CHECK(outcome(p.add_raw(raw(dynamic_tx(4, 1, 10), 0), Origin::kRemote)) ==
              "account limit exceeded");
        // A far nonce is refused even with room: it could never become pending.
        CHECK(outcome(p.add_raw(raw(dynamic_tx(4, 1, 10), 1), Origin::kLocal)) ==
              "account limit exceeded");
    }
    SECTION("malformed bytes")
    {
        CHECK(pool.add_raw(Bytes{}, Origin::kRemote).error() == PoolError::kMalformed);
        CHECK(pool.add_raw(Bytes{0xc0}, Origin::kRemote).error() == PoolError::kMalformed);
        CHECK(pool.add_raw(Bytes{0x7e, 0xc0}, Origin::kRemote).error() ==
              PoolError::kTxTypeNotSupported);
    }
}

TEST_CASE("txpool: a nonce gap is queued and promoted when filled", "[txpool]")
{
    PoolFixture f;
    TxPool& pool = f.make();
    std::vector<Hash> announced;
    pool.subscribe([&](const PooledTxPtr& tx) { announced.push_back(tx->hash); });

    const Address a = address_of(0);
    CHECK(pool.pending_nonce(a) == 0);
    const auto h0 = f.add(dynamic_tx(0, 1, 10), 0);
    const auto h2 = f.add(dynamic_tx(2, 1, 10), 0);
    const auto h3 = f.add(dynamic_tx(3, 1, 10), 0);
    REQUIRE((h0 && h2 && h3));
    CHECK(pool.stats().pending == 1);
    CHECK(pool.stats().queued == 2);
    CHECK(pool.pending_nonce(a) == 1);
    CHECK(announced == std::vector<Hash>{*h0});
    CHECK(hashes_of(drain(pool.best())) == std::vector<Hash>{*h0});

    const auto h1 = f.add(dynamic_tx(1, 1, 10), 0);
    REQUIRE(h1);
    CHECK(pool.stats().pending == 4);
    CHECK(pool.stats().queued == 0);
    CHECK(pool.pending_nonce(a) == 4);
    CHECK(announced == std::vector<Hash>{*h0, *h1, *h2, *h3});
    CHECK(hashes_of(drain(pool.best())) == std::vector<Hash>{*h0, *h1, *h2, *h3});

    const auto content = pool.content();
    REQUIRE(content.size() == 1);
    CHECK(content.at(a).pending.size() == 4);
    CHECK(content.at(a).queued.empty());

    // Removing the middle one queues what follows it.
    const std::vector<Hash> gone{*h1};
    CHECK(pool.remove(gone) == 1);
    CHECK(pool.stats().pending == 1);
    CHECK(pool.stats().queued == 2);
    CHECK(pool.pending_nonce(a) == 1);
    CHECK_FALSE(pool.contains(*h1));
}

TEST_CASE("txpool: replacement needs 10% more on both caps", "[txpool]")
{
    PoolFixture f;
    TxPool& pool = f.make();
    std::vector<Hash> announced;
    pool.subscribe([&](const PooledTxPtr& tx) { announced.push_back(tx->hash); });
    // fee cap 100 gwei, tip 10 gwei.
    const auto old = f.add(dynamic_tx(0, 10, 100), 0);
    REQUIRE(old);

    auto t = dynamic_tx(0, 10, 100);
    // 9%: both caps.
    t.max_fee_per_gas = gwei(109);
    t.max_priority_fee_per_gas = gwei(10) + gwei(9) / U256{10};
    CHECK(outcome(f.add(t, 0)) == "replacement transaction underpriced");
    // 10% on the fee cap only.
    t.max_fee_per_gas = gwei(110);
    CHECK(outcome(f.add(t, 0)) == "replacement transaction underpriced");
    // 10% on the tip only.
    t.max_fee_per_gas = gwei(109);
    t.max_priority_fee_per_gas = gwei(11);
    CHECK(outcome(f.add(t, 0)) == "replacement transaction underpriced");
    // One wei under 10% on the tip.
    t.max_fee_per_gas = gwei(110);
    t.max_priority_fee_per_gas = gwei(11) - U256{1};
    CHECK(outcome(f.add(t, 0)) == "replacement transaction underpriced");
    // Exactly 10% on both.
    t.max_priority_fee_per_gas = gwei(11);
    const auto replacement = f.add(t, 0);
    REQUIRE(replacement);
    CHECK_FALSE(pool.contains(*old));
    CHECK(pool.contains(*replacement));
    CHECK(pool.stats().pending == 1);
    CHECK(pool.pending_nonce(address_of(0)) == 1);
    CHECK(announced == std::vector<Hash>{*old, *replacement});

    SECTION("a queued transaction is replaced the same way")
    {
        const auto q = f.add(dynamic_tx(5, 10, 100), 0);
        REQUIRE(q);
        CHECK(outcome(f.add(dynamic_tx(5, 10, 109), 0)) == "replacement transaction underpriced");
        CHECK(outcome(f.add(dynamic_tx(5, 11, 110), 0)) == "ok");
        CHECK(pool.stats().queued == 1);
    }
    SECTION("a replacement's cost counts instead of the old one's")
    {
        // 100 ether. The pooled one costs 21000 × 110 gwei + 1 wei; this replacement costs
        // 100 ether − 1e15 wei, which fits only if the old cost is released, not added.
        auto big = dynamic_tx(0, 13, 121);
        big.value = gwei(kGwei) * U256{100} - gwei(1'000'000) - U256{21'000} * gwei(121);
        CHECK(outcome(f.add(big, 0)) == "ok");
        CHECK(pool.stats().pending == 1);
    }
    SECTION("the bump threshold rounds down as geth's does: 15 wei is replaced by 16")
    {
        PoolFixture g;
        g.head.base_fee = U256{0};
        TxPool& p = g.make();
        Transaction l;
        l.type = TxType::kLegacy;
        l.chain_id = kChainId;
        l.gas_price = U256{15};
        l.gas_limit = 21'000;
        l.to = recipient();
        REQUIRE(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
        l.gas_price = U256{16};  // 15 × 110 / 100 = 16.5, rounded down to 16
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
        l.gas_price = U256{17};  // 16 × 110 / 100 = 17.6 → 17
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
        l.gas_price = U256{18};  // 17 × 1.1 = 18.7 → 18
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
        l.gas_price = U256{19};  // 18 × 1.1 = 19.8 → 19
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
        l.gas_price = U256{20};  // 19 × 1.1 = 20.9 → 20
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
        l.gas_price = U256{21};  // 20 × 1.1 = 22 exactly: 21 is short
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) ==
              "replacement transaction underpriced");
        l.gas_price = U256{22};
        CHECK(outcome(p.add_raw(raw(l, 0), Origin::kRemote)) == "ok");
    }
}

TEST_CASE("txpool: global limit evicts the cheapest remote transactions first", "[txpool]")
{
    PoolFixture f;
    f.config.global_slots = 3;
    TxPool& pool = f.make();
    // Effective tips at base fee 1 gwei: 3, 1, 2.
    const auto a = f.add(dynamic_tx(0, 3, 10), 0);
    const auto b = f.add(dynamic_tx(0, 1, 10), 1);
    const auto c = f.add(dynamic_tx(0, 2, 10), 2);
    REQUIRE((a && b && c));
    CHECK(pool.stats().slots == 3);

    // A remote newcomer paying more than the cheapest (b) takes its place.
    const auto d = f.add(dynamic_tx(0, 4, 10), 3);
    REQUIRE(d);
    CHECK_FALSE(pool.contains(*b));
    CHECK(pool.stats().slots == 3);
    // A local one evicts the cheapest remote even when it pays less (c, tip 2).
    const auto e = f.add(dynamic_tx(0, 0, 10), 4, Origin::kLocal);
    REQUIRE(e);
    CHECK_FALSE(pool.contains(*c));
    // Local transactions are never evicted; remote ones still are.
    const auto g = f.add(dynamic_tx(0, 5, 10), 5);
    REQUIRE(g);
    CHECK_FALSE(pool.contains(*a));
    CHECK(pool.contains(*e));
    CHECK(pool.contains(*d));

    SECTION("effective tip decides, not the tip cap: a fee cap near the base fee pays less")
    {
        // tip cap 2 but fee cap 2 gwei: effective tip 1 gwei at base fee 1 gwei.
        const auto h = f.add(dynamic_tx(0, 2, 2), 6);
        CHECK(outcome(h) == "transaction underpriced");  // d pays 4, g pays 5
    }
}

TEST_CASE("txpool: eviction inside a sender's run queues its later nonces", "[txpool]")
{
    PoolFixture f;
    f.config.global_slots = 3;
    TxPool& pool = f.make();
    const auto a0 = f.add(dynamic_tx(0, 1, 10), 0);  // cheapest
    const auto a1 = f.add(dynamic_tx(1, 9, 10), 0);
    const auto b0 = f.add(dynamic_tx(0, 5, 10), 1);
    REQUIRE((a0 && a1 && b0));
    CHECK(pool.stats().pending == 3);
    const auto c0 = f.add(dynamic_tx(0, 2, 10), 2);
    REQUIRE(c0);
    CHECK_FALSE(pool.contains(*a0));
    CHECK(pool.contains(*a1));
    CHECK(pool.stats().pending == 2);
    CHECK(pool.stats().queued == 1);
    CHECK(pool.pending_nonce(address_of(0)) == 0);
    // The builder never sees the gapped one.
    const auto order = hashes_of(drain(pool.best()));
    CHECK(order == std::vector<Hash>{*b0, *c0});
}

TEST_CASE("txpool: re-validation at a new head", "[txpool]")
{
    PoolFixture f;
    TxPool& pool = f.make();
    std::vector<Hash> announced;
    pool.subscribe([&](const PooledTxPtr& tx) { announced.push_back(tx->hash); });
    const Address a = address_of(0);
    const Address b = address_of(1);
    std::vector<Hash> ha;
    for (uint64_t n = 0; n < 3; ++n)
        ha.push_back(*f.add(dynamic_tx(n, 1, 10), 0));
    const auto queued = f.add(dynamic_tx(4, 1, 10), 0);
    const auto hb = f.add(dynamic_tx(0, 1, 10), 1);
    auto big = dynamic_tx(0, 1, 10);
    big.gas_limit = 1'000'000;
    const auto hc = f.add(big, 2);
    REQUIRE((queued && hb && hc));
    announced.clear();

    // A block included a's nonces 0 and 1 and emptied b; the gas limit fell below c's gas.
    auto next = std::make_shared<execution::InMemoryState>(*f.state);
    next->set_account(a, execution::Account{2, gwei(kGwei), kEmptyCodeHash, 0});
    next->set_balance(b, U256{21'000} * gwei(10));  // one wei short of gas × fee cap + value
    PoolHead head{2, 900'000, gwei(1)};
    pool.set_head(next, head);

    CHECK_FALSE(pool.contains(ha[0]));
    CHECK_FALSE(pool.contains(ha[1]));
    CHECK(pool.contains(ha[2]));
    CHECK(pool.contains(*queued));
    CHECK_FALSE(pool.contains(*hb));
    CHECK_FALSE(pool.contains(*hc));
    CHECK(pool.pending_nonce(a) == 3);
    CHECK(pool.pending_nonce(b) == 0);
    CHECK(pool.stats().pending == 1);
    CHECK(pool.stats().queued == 1);
    CHECK(announced.empty());  // nothing newly executable

    // Nonce 3 fills the gap: both become pending, and are announced.
    const auto h3 = f.add(dynamic_tx(3, 1, 10), 0);
    REQUIRE(h3);
    CHECK(announced == std::vector<Hash>{*h3, *queued});
    CHECK(pool.pending_nonce(a) == 5);

    SECTION("the balance covers only the first transactions: the rest go")
    {
        auto poorer = std::make_shared<execution::InMemoryState>(*next);
        // Enough for two transfers of 21000 × 10 gwei + 1 wei.
        poorer->set_balance(a, (U256{21'000} * gwei(10) + U256{1}) * U256{2});
        pool.set_head(poorer, head);
        CHECK(pool.contains(ha[2]));
        CHECK(pool.contains(*h3));
        CHECK_FALSE(pool.contains(*queued));
        CHECK(pool.pending_nonce(a) == 4);
    }
    SECTION("a base fee above a fee cap keeps the transaction but the builder skips it")
    {
        pool.set_head(next, PoolHead{3, 900'000, gwei(11)});
        CHECK(pool.contains(ha[2]));
        CHECK(drain(pool.best()).empty());
        CHECK(drain(pool.best(gwei(10))).size() == 3);
    }
    SECTION("a reorg back to an older state brings a gap: later nonces become queued")
    {
        pool.set_head(f.state, head);  // a's nonce back to 0; 0 and 1 are gone from the pool
        CHECK(pool.stats().pending == 0);
        CHECK(pool.stats().queued == 3);
        CHECK(pool.pending_nonce(a) == 0);
    }
}

TEST_CASE("txpool: the builder's order is effective tip, then nonce, then arrival", "[txpool]")
{
    PoolFixture f;
    TxPool& pool = f.make();
    // Sender 0: tips 1 then 9 (nonce order wins over the tip). Sender 1: tip 5.
    // Sender 2: tip 5, later arrival. Sender 3: tip cap 9 but fee cap 3 (effective tip 2).
    const auto a0 = *f.add(dynamic_tx(0, 1, 10), 0);
    const auto a1 = *f.add(dynamic_tx(1, 9, 10), 0);
    const auto b0 = *f.add(dynamic_tx(0, 5, 10), 1);
    const auto c0 = *f.add(dynamic_tx(0, 5, 10), 2);
    const auto d0 = *f.add(dynamic_tx(0, 3, 3), 3);
    CHECK(hashes_of(drain(pool.best())) == std::vector<Hash>{b0, c0, d0, a0, a1});

    SECTION("at a higher base fee the order changes")
    {
        // Base fee 2 gwei: d pays 1, a0 pays 1 (a0 came first), b and c pay 5.
        CHECK(hashes_of(drain(pool.best(gwei(2)))) == std::vector<Hash>{b0, c0, a0, a1, d0});
    }
    SECTION("pop drops the rest of a sender's run")
    {
        auto best = pool.best(gwei(2));
        std::vector<Hash> taken;
        while (const auto tx = best.peek()) {
            if (tx->hash == a0) {
                best.pop();
                continue;
            }
            taken.push_back(tx->hash);
            best.shift();
        }
        CHECK(taken == std::vector<Hash>{b0, c0, d0});
    }
    SECTION("the iterator is a snapshot")
    {
        auto best = pool.best();
        const std::vector<Hash> all{a0, a1, b0, c0, d0};
        pool.remove(all);
        CHECK(pool.stats().pending == 0);
        CHECK(best.peek()->hash == b0);
    }
}

TEST_CASE("txpool: decoded transactions, legacy and access-list types", "[txpool]")
{
    PoolFixture f;
    TxPool& pool = f.make();
    Transaction legacy;
    legacy.type = TxType::kLegacy;
    legacy.chain_id = kChainId;
    legacy.gas_price = gwei(3);
    legacy.gas_limit = 21'000;
    legacy.to = recipient();
    const auto h = pool.add(sign(legacy, 0), Origin::kRemote);
    REQUIRE(h);
    CHECK(*h == transaction_hash(sign(legacy, 0)));
    const auto got = pool.get(*h);
    REQUIRE(got);
    CHECK(got->sender == address_of(0));
    CHECK(got->raw == encode_transaction(sign(legacy, 0)));
    CHECK(got->cost == U256{21'000} * gwei(3));

    Transaction al = legacy;
    al.type = TxType::kAccessList;
    al.nonce = 1;
    al.access_list = {AccessListEntry{recipient(), {Hash{}}}};
    al.gas_limit = 21'000 + 2'400 + 1'900;  // EIP-2930 address and key costs
    CHECK(outcome(pool.add(sign(al, 0), Origin::kRemote)) == "ok");
    al.nonce = 2;
    al.gas_limit -= 1;
    CHECK(outcome(pool.add(sign(al, 0), Origin::kRemote)) == "intrinsic gas too low");
    CHECK(pool.pending_nonce(address_of(0)) == 2);
    // The legacy gas price is both caps: effective tip = 3 − 1 gwei.
    CHECK(drain(pool.best()).size() == 2);
}
