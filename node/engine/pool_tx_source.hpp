// SPDX-License-Identifier: Apache-2.0
// The transaction pool as the dev sequencer's transaction source (node::TxSource): the pool's
// pending transactions best first, and after each sealed block the pool moved to the new head
// (included transactions dropped, the rest re-validated) with the permanently refused ones
// removed. docs/node.md "Transaction pool".
#pragma once

#include "node/builder/tx_source.hpp"
#include "node/chain/chain_store.hpp"
#include "node/txpool/tx_pool.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace blend::engine {

/// Most transactions handed to one block build: a 30M-gas block holds at most 1428 transfers
/// (21000 gas each, Yellow Paper G_transaction); the rest wait for the next block.
inline constexpr size_t kMaxSourceTransactions = 4096;

class PoolTxSource final : public node::TxSource {
public:
    /// Both must outlive this object.
    PoolTxSource(txpool::TxPool& pool, node::ChainStore& chain) : pool_(pool), chain_(chain) {}

    [[nodiscard]] std::vector<node::PendingTx> pending_txs() override;
    void on_block(const node::StoredBlock& block,
                  std::span<const node::SkippedTx> skipped) override;

private:
    txpool::TxPool& pool_;
    node::ChainStore& chain_;
};

/// Points `pool` at the chain's head (header `head`, which must be the head the chain store
/// just moved to): the next block's base fee and gas limit, and a fresh StateDbReader used only
/// by the pool. The reader reads the state store's head (At::latest), not the block by hash:
/// between a commit and this call, a pool reading an older block by hash would find it gone
/// once persisted (At::hash knows diffs and the tip only) and take every sender as empty.
void move_pool_to_head(txpool::TxPool& pool, node::ChainStore& chain, const Header& head);

/// Whether the builder's refusal holds for the transaction whatever the head: a stale nonce, a
/// nonce gap, the block's remaining gas and a base fee above the fee cap may change; the rest
/// (funds aside, which set_head re-checks) do not.
[[nodiscard]] bool refused_for_good(execution::TxValidationError e) noexcept;

}  // namespace blend::engine
