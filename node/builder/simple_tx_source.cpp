// SPDX-License-Identifier: Apache-2.0
#include "node/builder/tx_source.hpp"

#include <algorithm>
#include <set>

namespace blend::node {

bool SimpleTxSource::add(PendingTx tx)
{
    std::lock_guard lock(mutex_);
    if (txs_.size() >= kMaxSimpleSourceSize)
        return false;
    txs_.push_back(std::move(tx));
    return true;
}

size_t SimpleTxSource::size() const
{
    std::lock_guard lock(mutex_);
    return txs_.size();
}

std::vector<PendingTx> SimpleTxSource::pending_txs()
{
    std::lock_guard lock(mutex_);
    return txs_;
}

void SimpleTxSource::on_block(const StoredBlock& block, std::span<const SkippedTx> skipped)
{
    std::set<Hash> done;
    for (const Transaction& tx : block.transactions)
        done.insert(transaction_hash(tx));
    // A nonce above the sender's is waiting for the gap to fill (it arrived before its
    // predecessor); every other refusal is final.
    for (const SkippedTx& s : skipped)
        if (s.error != execution::TxValidationError::kNonceTooHigh)
            done.insert(s.hash);
    std::lock_guard lock(mutex_);
    std::erase_if(txs_, [&](const PendingTx& p) { return done.contains(p.hash); });
}

}  // namespace blend::node
