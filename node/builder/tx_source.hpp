// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where the dev sequencer takes transactions from. The transaction pool (node/txpool/) implements
// this; SimpleTxSource is a plain list for tests and for running without a pool.

#include "node/builder/block_builder.hpp"

#include <mutex>
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

/// Keeps every added transaction until a block includes it or skips it for a reason other than a
/// nonce gap. No validation, no limits
/// beyond kMaxSimpleSourceSize: it is a test double, not a pool.
class SimpleTxSource final : public TxSource {
public:
    /// A bound so that a runaway test cannot grow it without end.
    static constexpr size_t kMaxSimpleSourceSize = 100'000;

    /// false when full.
    bool add(PendingTx tx);
    [[nodiscard]] size_t size() const;
    [[nodiscard]] std::vector<PendingTx> pending_txs() override;
    void on_block(const StoredBlock& block, std::span<const SkippedTx> skipped) override;

private:
    mutable std::mutex mutex_;
    std::vector<PendingTx> txs_;
};

}  // namespace blend::node
