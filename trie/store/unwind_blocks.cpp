// SPDX-License-Identifier: Apache-2.0
// Deep unwind below the persisted tip (trie.md §5.6): for each block from the tip down, restore
// every key in its change list from history, delete the block's history entries, trie records,
// stale entries and root. One batch per block, so a crash mid-unwind leaves a consistent block.

#include "trie/store/state_db_impl.hpp"

#include <memory>

namespace blend::trie {
namespace {

Result<void, StateError> unwind_one(StateDb::Impl& impl, uint64_t v, const ExtraWrites& extra)
{
    const std::string block = be64(v);
    const std::string next = be64(v + 1);
    rocksdb::WriteBatch batch;
    std::unique_ptr<rocksdb::Iterator> it(
        impl.db->NewIterator(rocksdb::ReadOptions(), impl.cf(kCfChanges)));
    for (it->Seek(slice(block)); it->Valid() && it->key().starts_with(slice(block)); it->Next()) {
        const std::string_view k(it->key().data(), it->key().size());
        if (k.size() < 9)
            return Unexpected{StateError::kCorrupt};
        const bool is_slot = static_cast<uint8_t>(k[8]) == kChangeSlot;
        const std::string key(k.substr(9));
        if (key.size() != (is_slot ? kSlotKeySize : 20))
            return Unexpected{StateError::kCorrupt};
        const Cf flat = is_slot ? kCfSlot : kCfAcct;
        const Cf hist = is_slot ? kCfSlotHist : kCfAcctHist;
        batch.Delete(impl.cf(hist), key + block);
        const rocksdb::Slice prev = it->value();
        std::optional<std::string> restored;
        if (prev.size() == 8) {
            BLEND_TRY(const auto old, impl.get(hist, key + std::string(prev.data(), 8)));
            if (!old)
                return Unexpected{StateError::kCorrupt};
            restored = *old;
        }
        if (restored && !restored->empty())
            batch.Put(impl.cf(flat), key, *restored);
        else
            batch.Delete(impl.cf(flat), key);
        batch.Delete(impl.cf(kCfChanges), it->key());
    }
    if (!it->status().ok())
        return Unexpected{impl.fail(it->status())};
    batch.DeleteRange(impl.cf(kCfTrieNode), block, next);
    batch.DeleteRange(impl.cf(kCfTrieStale), block, next);
    batch.Delete(impl.cf(kCfTrieRoot), block);
    BLEND_TRY(const auto parent, impl.get(kCfTrieRoot, be64(v - 1)));
    if (!parent || parent->size() != kRootRecordSize)
        return Unexpected{StateError::kCorrupt};
    batch.Put(impl.cf(kCfMeta), slice(kMetaTip), be64(v - 1) + parent->substr(40, 32));
    if (extra) {
        ExtraBatchWriter writer(impl, batch);
        BLEND_TRY_VOID(extra(v, writer));
    }
    BLEND_TRY_VOID(impl.write(batch));
    const auto* p = reinterpret_cast<const uint8_t*>(parent->data());
    const auto root = field::fr_from_bytes(BytesView(p, 32));
    if (!root)
        return Unexpected{StateError::kCorrupt};
    impl.tip = {v - 1, to_hash(BytesView(p + 40, 32)), *root};
    return {};
}

}  // namespace

Result<void, StateError> StateDb::unwind_to(uint64_t number, const ExtraWrites& extra)
{
    const std::lock_guard lock(impl_->mutex);
    if (!impl_->has_tip)
        return Unexpected{StateError::kNotInitialized};
    if (number >= impl_->tip.number)
        return Unexpected{StateError::kNothingToUnwind};
    if (number < impl_->finalized_number)
        return Unexpected{StateError::kBelowFinalized};
    // Every diff sits on top of blocks being removed.
    impl_->diffs.clear();
    impl_->cache.clear();
    while (impl_->tip.number > number) {
        auto r = unwind_one(*impl_, impl_->tip.number, extra);
        if (!r) {
            impl_->head = impl_->tip.hash;
            return r;
        }
    }
    impl_->head = impl_->tip.hash;
    return {};
}

}  // namespace blend::trie
