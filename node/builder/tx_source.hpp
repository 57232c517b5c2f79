// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where the dev sequencer takes transactions from. The transaction pool implements it through
// engine::PoolTxSource (node/engine/pool_tx_source.hpp).

#include "node/builder/block_builder.hpp"

#include <span>
#include <vector>

namespace blend::node {

class TxSource {
public:
    virtual ~TxSource() = default;
    /// Transactions a block may take now (any order; the builder orders them by tip and nonce).
    [[nodiscard]] virtual std::vector<PendingTx> pending_txs() = 0;
    /// A block was sealed: `block` holds the included transactions, `skipped` those refused.
    virtual void on_block(const StoredBlock& block, std::span<const SkippedTx> skipped) = 0;
};

}  // namespace blend::node
