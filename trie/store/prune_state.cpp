// SPDX-License-Identifier: Apache-2.0
// Pruning behind the horizons (trie.md §5.6): trie records stale since a block <= H_t and roots
// below H_t; history entries superseded by a change at a block <= H_h. Both horizons stay at or
// below the finalized block, so a permitted unwind never needs what was pruned. The horizon moves
// (in memory, then in meta) before anything is deleted, so a concurrent read below it fails with
// kPruned instead of seeing a half-pruned state.

#include "trie/store/state_db_impl.hpp"

#include <algorithm>
#include <memory>

namespace blend::trie {
namespace {

uint64_t horizon(uint64_t tip, uint64_t window, uint64_t finalized)
{
    const uint64_t behind = window >= tip ? 0 : tip - window;
    return std::min(behind, finalized);
}

void raise(std::atomic<uint64_t>& h, uint64_t v)
{
    uint64_t cur = h.load();
    while (cur < v && !h.compare_exchange_weak(cur, v)) {
    }
}

}  // namespace

Result<PruneStats, StateError> StateDb::prune(size_t max_records)
{
    const std::lock_guard prune_lock(impl_->prune_mutex);
    Impl& impl = *impl_;
    uint64_t tip = 0;
    uint64_t fin = 0;
    {
        const std::lock_guard lock(impl.mutex);
        if (!impl.has_tip)
            return Unexpected{StateError::kNotInitialized};
        tip = impl.tip.number;
        fin = impl.finalized_number;
    }
    const uint64_t h_trie = horizon(tip, impl.options.proof_window, fin);
    const uint64_t h_hist = horizon(tip, impl.options.history_window, fin);
    raise(impl.trie_horizon, h_trie);
    raise(impl.history_horizon, h_hist);
    PruneStats stats;
    stats.trie_horizon = impl.trie_horizon.load();
    stats.history_horizon = impl.history_horizon.load();

    rocksdb::WriteBatch batch;
    batch.Put(impl.cf(kCfMeta), slice(kMetaTrieHorizon), be64(stats.trie_horizon));
    batch.Put(impl.cf(kCfMeta), slice(kMetaHistoryHorizon), be64(stats.history_horizon));
    const rocksdb::ReadOptions ro;
    // Trie records that went stale at a block <= H_t: no retained root reaches them.
    std::unique_ptr<rocksdb::Iterator> it(impl.db->NewIterator(ro, impl.cf(kCfTrieStale)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        if (k.size() < 9 || read_be64({k.data(), 8}) > stats.trie_horizon)
            break;
        if (stats.deleted >= max_records) {
            stats.done = false;
            break;
        }
        batch.Delete(impl.cf(kCfTrieNode), rocksdb::Slice(k.data() + 8, k.size() - 8));
        batch.Delete(impl.cf(kCfTrieStale), k);
        stats.deleted += 2;
    }
    if (!it->status().ok())
        return Unexpected{impl.fail(it->status())};
    it.reset(impl.db->NewIterator(ro, impl.cf(kCfTrieRoot)));
    for (it->SeekToFirst(); it->Valid() && stats.done; it->Next()) {
        if (read_be64({it->key().data(), it->key().size()}) >= stats.trie_horizon)
            break;
        if (stats.deleted >= max_records) {
            stats.done = false;
            break;
        }
        batch.Delete(impl.cf(kCfTrieRoot), it->key());
        ++stats.deleted;
    }
    if (!it->status().ok())
        return Unexpected{impl.fail(it->status())};
    // History: a change at v <= H_h supersedes the key's entry at its previous change block.
    it.reset(impl.db->NewIterator(ro, impl.cf(kCfChanges)));
    for (it->SeekToFirst(); it->Valid() && stats.done; it->Next()) {
        const std::string_view k(it->key().data(), it->key().size());
        if (k.size() < 9 || read_be64(k) > stats.history_horizon)
            break;
        if (stats.deleted >= max_records) {
            stats.done = false;
            break;
        }
        const rocksdb::Slice prev = it->value();
        if (prev.size() == 8) {
            const Cf hist = static_cast<uint8_t>(k[8]) == kChangeSlot ? kCfSlotHist : kCfAcctHist;
            batch.Delete(impl.cf(hist), std::string(k.substr(9)) + std::string(prev.data(), 8));
            ++stats.deleted;
        }
        batch.Delete(impl.cf(kCfChanges), it->key());
        ++stats.deleted;
    }
    if (!it->status().ok())
        return Unexpected{impl.fail(it->status())};
    BLEND_TRY_VOID(impl.write(batch));
    return stats;
}

Result<void, StateError> StateDb::compact()
{
    rocksdb::CompactRangeOptions o;
    o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    for (size_t c = 0; c < kCfCount; ++c) {
        const rocksdb::Status s =
            impl_->db->CompactRange(o, impl_->cf(static_cast<Cf>(c)), nullptr, nullptr);
        if (!s.ok())
            return Unexpected{impl_->fail(s)};
    }
    return {};
}

}  // namespace blend::trie
