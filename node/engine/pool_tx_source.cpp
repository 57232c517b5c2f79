// SPDX-License-Identifier: Apache-2.0
#include "node/engine/pool_tx_source.hpp"

#include "execution/state_db_reader.hpp"
#include "node/builder/base_fee.hpp"

#include <memory>

namespace blend::engine {

void move_pool_to_head(txpool::TxPool& pool, node::ChainStore& chain, const Header& head)
{
    pool.set_head(std::make_shared<execution::StateDbReader>(chain.reader(trie::At::latest())),
                  txpool::PoolHead{head.number, head.gas_limit, node::next_base_fee(head)});
}

bool refused_for_good(execution::TxValidationError e) noexcept
{
    using V = execution::TxValidationError;
    switch (e) {
    case V::kNonceTooLow:
    case V::kNonceTooHigh:
    case V::kGasLimitReached:
    case V::kFeeCapTooLow:
    case V::kInsufficientFunds:
        return false;
    default:
        return true;
    }
}

std::vector<node::PendingTx> PoolTxSource::pending_txs()
{
    std::vector<node::PendingTx> out;
    auto best = pool_.best();
    while (const auto p = best.peek()) {
        if (out.size() >= kMaxSourceTransactions)
            break;
        out.push_back(node::PendingTx{p->tx, p->sender, p->hash});
        best.shift();
    }
    return out;
}

void PoolTxSource::on_block(const node::StoredBlock& block,
                            std::span<const node::SkippedTx> skipped)
{
    std::vector<Hash> refused;
    for (const node::SkippedTx& s : skipped)
        if (refused_for_good(s.error))
            refused.push_back(s.hash);
    pool_.remove(refused);
    move_pool_to_head(pool_, chain_, block.header);
}

}  // namespace blend::engine
