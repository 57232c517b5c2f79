// SPDX-License-Identifier: Apache-2.0
// Randomized property test: after every step of a random sequence of adds (valid and invalid,
// local and remote, replacements, gaps), removals and new heads (nonces advanced, balances
// changed, base fee and gas limit moved), the pool's invariants hold as seen from outside:
// pending runs consecutive from the head nonce, queued ones beyond a gap and inside the window,
// each sender's transactions affordable together, limits kept, pending_nonce consistent, the
// builder's iterator a best-first walk over exactly the includable pending transactions, and
// every pending transaction announced.
#include "tests/node/txpool/txpool_test_support.hpp"

#include <map>
#include <random>
#include <set>
#include <vector>

using namespace blend;
using namespace blend::txpool;
using namespace blend::txpool::test;

namespace {

constexpr uint32_t kSenders = 6;

struct Model {
    std::shared_ptr<execution::InMemoryState> state;
    PoolHead head;
};

U256 effective_tip(const Transaction& tx, const U256& base_fee)
{
    const U256 headroom = tx.max_fee() - base_fee;
    return tx.max_priority_fee() < headroom ? tx.max_priority_fee() : headroom;
}

void check_invariants(const TxPool& pool,
                      const PoolConfig& config,
                      const Model& model,
                      const std::set<Hash>& announced)
{
    const auto content = pool.content();
    const auto stats = pool.stats();
    size_t pending = 0;
    size_t queued = 0;
    size_t slots = 0;
    std::map<Address, std::vector<PooledTxPtr>> includable;
    for (const auto& [sender, c] : content) {
        const auto account = model.state->account(sender);
        const uint64_t nonce = account ? account->nonce : 0;
        const U256 balance = account ? account->balance : U256{};
        REQUIRE(c.pending.size() + c.queued.size() <= config.account_slots);
        REQUIRE_FALSE(c.pending.size() + c.queued.size() == 0);
        U256 total;
        for (size_t i = 0; i < c.pending.size(); ++i) {
            REQUIRE(c.pending[i]->tx.nonce == nonce + i);
            REQUIRE(announced.contains(c.pending[i]->hash));
        }
        uint64_t previous = nonce + c.pending.size();
        for (const auto& q : c.queued) {
            REQUIRE(q->tx.nonce > previous);  // a gap before the first, ascending after
            REQUIRE(q->tx.nonce - nonce < config.account_slots);
            previous = q->tx.nonce;
        }
        for (const auto* list : {&c.pending, &c.queued}) {
            for (const auto& t : *list) {
                REQUIRE(t->sender == sender);
                REQUIRE(t->tx.gas_limit <= model.head.gas_limit);
                REQUIRE(pool.get(t->hash) == t);
                total += t->cost;
                REQUIRE(total >= t->cost);  // no overflow
                slots += t->slots();
            }
        }
        REQUIRE(total <= balance);
        REQUIRE(pool.pending_nonce(sender) == nonce + c.pending.size());
        pending += c.pending.size();
        queued += c.queued.size();
        for (const auto& t : c.pending) {
            if (t->tx.max_fee() < model.head.base_fee)
                break;
            includable[sender].push_back(t);
        }
    }
    REQUIRE(stats.pending == pending);
    REQUIRE(stats.queued == queued);
    REQUIRE(stats.slots == slots);
    REQUIRE(stats.senders == content.size());
    REQUIRE(slots <= config.global_slots);
    for (uint32_t i = 0; i < kSenders; ++i) {
        if (content.contains(address_of(i)))
            continue;
        const auto account = model.state->account(address_of(i));
        REQUIRE(pool.pending_nonce(address_of(i)) == (account ? account->nonce : 0));
    }

    // The iterator: at each step the best of the senders' next includable transactions.
    auto best = pool.best();
    std::map<Address, size_t> next;
    size_t yielded = 0;
    while (const auto tx = best.peek()) {
        auto& run = includable[tx->sender];
        const size_t index = next[tx->sender]++;
        REQUIRE(index < run.size());
        REQUIRE(run[index] == tx);
        const U256 tip = effective_tip(tx->tx, model.head.base_fee);
        for (const auto& [sender, other] : includable) {
            const size_t j = sender == tx->sender ? index : next[sender];
            if (sender == tx->sender || j >= other.size())
                continue;
            const U256 their = effective_tip(other[j]->tx, model.head.base_fee);
            REQUIRE((their < tip || (their == tip && other[j]->seq > tx->seq)));
        }
        best.shift();
        ++yielded;
    }
    size_t expected = 0;
    for (const auto& [sender, run] : includable)
        expected += run.size();
    REQUIRE(yielded == expected);
}

}  // namespace

TEST_CASE("txpool: invariants hold under random add/remove/new-head sequences",
          "[txpool][property]")
{
    for (const uint64_t seed : {1ull, 2ull, 3ull, 42ull, 2026ull}) {
        CAPTURE(seed);
        std::mt19937_64 rng(seed);
        auto pick = [&](uint64_t n) { return rng() % n; };

        Model model;
        model.state = std::make_shared<execution::InMemoryState>();
        model.head = PoolHead{1, kBlockGasLimit, U256{kGwei}};
        for (uint32_t i = 0; i < kSenders; ++i)
            model.state->set_balance(address_of(i),
                                     U256{pick(3) + 1} * U256{kGwei} * U256{1'000'000});
        PoolConfig config;
        config.chain_id = kChainId;
        config.account_slots = 6;
        config.global_slots = 14;
        TxPool pool(config, model.state, model.head);
        std::set<Hash> announced;
        pool.subscribe([&](const PooledTxPtr& tx) { announced.insert(tx->hash); });
        std::vector<Hash> seen;
        std::map<std::string, size_t> outcomes;

        for (int step = 0; step < 300; ++step) {
            CAPTURE(step);
            const uint64_t op = pick(10);
            if (op < 7) {
                const auto signer = static_cast<uint32_t>(pick(kSenders + 1));  // one unfunded
                const auto account = model.state->account(address_of(signer));
                const uint64_t base = account ? account->nonce : 0;
                Transaction t = dynamic_tx(base + pick(8) - (pick(5) == 0 ? 1 : 0), pick(6), 0);
                t.max_fee_per_gas = t.max_priority_fee_per_gas + U256{pick(4)} * U256{kGwei};
                if (pick(4) == 0)
                    t.max_fee_per_gas = U256{pick(2) * kGwei};  // at or below the base fee
                if (t.max_priority_fee_per_gas > t.max_fee_per_gas)
                    t.max_priority_fee_per_gas = t.max_fee_per_gas;
                t.value = U256{pick(3) == 0 ? pick(kGwei) * kGwei : pick(1000)};
                if (pick(8) == 0)
                    t.gas_limit = 100'000 + pick(200'000);
                if (pick(10) == 0)
                    t.data.assign(pick(70'000), 0);  // more than one 32 KiB slot
                t.gas_limit += 10 * t.data.size();   // EIP-7623 floor: 10 per zero byte
                const Origin origin = pick(3) == 0 ? Origin::kLocal : Origin::kRemote;
                const auto r = pool.add_raw(raw(t, signer), origin);
                ++outcomes[outcome(r)];
                if (r) {
                    REQUIRE(pool.contains(*r));
                    seen.push_back(*r);
                }
            } else if (op == 7 && !seen.empty()) {
                const std::vector<Hash> gone{seen[pick(seen.size())]};
                pool.remove(gone);
                REQUIRE_FALSE(pool.contains(gone[0]));
            } else {
                // A new head: some senders' transactions were included (nonce up), balances
                // moved, the base fee and gas limit changed.
                auto next = std::make_shared<execution::InMemoryState>(*model.state);
                for (uint32_t i = 0; i < kSenders; ++i) {
                    const Address a = address_of(i);
                    const auto account = next->account(a);
                    execution::Account acc = account ? *account : execution::Account{};
                    if (pick(2) == 0)
                        acc.nonce += pick(3);
                    if (pick(3) == 0)
                        acc.balance = U256{pick(3)} * U256{kGwei} * U256{1'000'000} +
                                      U256{pick(kGwei)} * U256{100'000};
                    next->set_account(a, acc);
                }
                model.state = next;
                model.head.number += 1;
                model.head.base_fee = U256{pick(3) * kGwei};
                model.head.gas_limit = pick(6) == 0 ? 150'000 : kBlockGasLimit;
                pool.set_head(model.state, model.head);
            }
            check_invariants(pool, config, model, announced);
        }
        // The sequence exercised acceptance and the main refusals.
        CHECK(outcomes["ok"] > 20);
        CHECK(outcomes["nonce too low"] > 0);
        CHECK(outcomes["insufficient funds for gas * price + value"] > 0);
        CHECK(outcomes["max fee per gas less than block base fee"] > 0);
        CHECK(outcomes["replacement transaction underpriced"] + outcomes["already known"] > 0);
        CHECK(outcomes["account limit exceeded"] > 0);
    }
}
