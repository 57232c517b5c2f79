// SPDX-License-Identifier: Apache-2.0
// The builder's view of the pool: a max-heap over each sender's lowest remaining nonce, keyed by
// the effective tip at the block's base fee (EIP-1559), as geth's miner orders transactions
// (transactionsByPriceAndNonce): highest tip first, earlier arrival on a tie, nonces in order.
#include "node/txpool/tx_pool.hpp"

#include <algorithm>

namespace blend::txpool {

namespace {

/// The tip per gas the block producer gets at `base_fee`; the caller ensures max fee >= base fee.
U256 effective_tip(const Transaction& tx, const U256& base_fee) noexcept
{
    const U256 headroom = tx.max_fee() - base_fee;
    const U256& cap = tx.max_priority_fee();
    return cap < headroom ? cap : headroom;
}

}  // namespace

BestTransactions::BestTransactions(std::vector<std::vector<PooledTxPtr>> runs, const U256& base_fee)
    : runs_(std::move(runs)), next_(runs_.size(), 0), base_fee_(base_fee)
{
    heap_.reserve(runs_.size());
    for (size_t i = 0; i < runs_.size(); ++i)
        push_head_of(i);
}

void BestTransactions::push_head_of(size_t run)
{
    const auto& txs = runs_[run];
    const size_t index = next_[run];
    if (index >= txs.size())
        return;
    const PooledTransaction& p = *txs[index];
    // A fee cap below the base fee cannot be included; the sender's later nonces wait for it.
    if (p.tx.max_fee() < base_fee_)
        return;
    heap_.push_back(Entry{effective_tip(p.tx, base_fee_), p.seq, run});
    std::push_heap(heap_.begin(), heap_.end(), [](const Entry& a, const Entry& b) {
        // "a is worse than b": lower tip, or the same tip and later arrival.
        if (a.tip != b.tip)
            return a.tip < b.tip;
        return a.seq > b.seq;
    });
}

PooledTxPtr BestTransactions::peek() const
{
    if (heap_.empty())
        return nullptr;
    const Entry& top = heap_.front();
    return runs_[top.run][next_[top.run]];
}

void BestTransactions::shift()
{
    if (heap_.empty())
        return;
    const size_t run = heap_.front().run;
    pop();
    ++next_[run];
    push_head_of(run);
}

void BestTransactions::pop()
{
    if (heap_.empty())
        return;
    std::pop_heap(heap_.begin(), heap_.end(), [](const Entry& a, const Entry& b) {
        if (a.tip != b.tip)
            return a.tip < b.tip;
        return a.seq > b.seq;
    });
    heap_.pop_back();
}

}  // namespace blend::txpool
