// SPDX-License-Identifier: Apache-2.0
// Persisting a block (trie.md §5.5, §5.6): trie records, stale entries, root, flat state, history,
// change list, code, the caller's records and meta.tip go into ONE WriteBatch, so a crash leaves
// the whole block or none of it.

#include "trie/store/state_db_impl.hpp"

#include <memory>

namespace blend::trie {
namespace {

/// The block of the key's latest history entry before `number`, if any (history keys are
/// key ‖ block u64 BE, so SeekForPrev lands on it). `it` is reused across keys: creating an
/// iterator per key cost more than the seek.
Result<std::optional<uint64_t>, StateError> previous_change(StateDb::Impl& impl,
                                                            rocksdb::Iterator& it,
                                                            const std::string& key,
                                                            uint64_t number)
{
    if (number == 0)
        return std::optional<uint64_t>{};
    const std::string target = key + be64(number - 1);
    it.SeekForPrev(slice(target));
    if (!it.status().ok())
        return Unexpected{impl.fail(it.status())};
    if (!it.Valid())
        return std::optional<uint64_t>{};
    const rocksdb::Slice k = it.key();
    if (k.size() != key.size() + 8 || std::string_view(k.data(), key.size()) != key)
        return std::optional<uint64_t>{};
    return std::optional<uint64_t>(read_be64(std::string_view(k.data() + key.size(), 8)));
}

}  // namespace

Result<ChildRef, StateError> StateDb::Impl::persisted_root(uint64_t number) const
{
    BLEND_TRY(const auto record, get(kCfTrieRoot, be64(number)));
    if (!record)
        return Unexpected{pruned_or(number, trie_horizon.load(), StateError::kUnknownBlock)};
    if (record->size() != kRootRecordSize)
        return Unexpected{StateError::kCorrupt};
    const auto h =
        field::fr_from_bytes(BytesView(reinterpret_cast<const uint8_t*>(record->data()), 32));
    if (!h)
        return Unexpected{StateError::kCorrupt};
    return ChildRef{*h, read_be64(std::string_view(*record).substr(32, 8))};
}

Result<void, StateError> StateDb::Impl::write_block(const BlockDiff& d,
                                                    const Hash& hash,
                                                    const ExtraWrites& extra)
{
    const uint64_t n = d.number_;
    const std::string block = be64(n);
    rocksdb::WriteBatch batch;
    // Total order: one iterator serves every key of the block (the prefix bloom cannot help a
    // SeekForPrev that may land on another key, and a per-key iterator costs more than the seek).
    rocksdb::ReadOptions ro;
    ro.total_order_seek = true;
    std::unique_ptr<rocksdb::Iterator> acct_it(db->NewIterator(ro, cf(kCfAcctHist)));
    std::unique_ptr<rocksdb::Iterator> slot_it(db->NewIterator(ro, cf(kCfSlotHist)));
    for (const AccountWrite& w : d.accounts_) {
        const std::string key = as_key(w.address);
        BLEND_TRY(const auto prev, previous_change(*this, *acct_it, key, n));
        const std::string record = w.account ? encode_account_record(*w.account) : std::string();
        if (w.account)
            batch.Put(cf(kCfAcct), key, record);
        else
            batch.Delete(cf(kCfAcct), key);
        batch.Put(cf(kCfAcctHist), key + block, record);
        batch.Put(cf(kCfChanges), block + char(kChangeAccount) + key,
                  prev ? be64(*prev) : std::string());
    }
    for (const SlotWrite& w : d.slots_) {
        const std::string key = slot_key(w.address, w.slot);
        BLEND_TRY(const auto prev, previous_change(*this, *slot_it, key, n));
        bool zero = true;
        for (uint8_t b : w.value.bytes)
            zero = zero && b == 0;
        const std::string value = zero ? std::string() : as_key(w.value.view());
        if (zero)
            batch.Delete(cf(kCfSlot), key);
        else
            batch.Put(cf(kCfSlot), key, value);
        batch.Put(cf(kCfSlotHist), key + block, value);
        batch.Put(cf(kCfChanges), block + char(kChangeSlot) + key,
                  prev ? be64(*prev) : std::string());
    }
    for (const auto& [code_hash, code] : d.codes_)
        batch.Put(cf(kCfCode), slice(code_hash.view()), slice(BytesView(code)));
    for (const auto& [key, node] : d.nodes_) {
        const Bytes record = encode_stored_node(*node);
        batch.Put(cf(kCfTrieNode), key, slice(BytesView(record)));
    }
    for (const std::string& key : d.stale_)
        batch.Put(cf(kCfTrieStale), block + key, rocksdb::Slice());
    std::string root = as_key(field::fr_to_hash(d.root_.hash).view());
    root += be64(d.root_.version);
    root += as_key(hash.view());
    batch.Put(cf(kCfTrieRoot), block, root);
    batch.Put(cf(kCfMeta), slice(kMetaTip), block + as_key(hash.view()));
    batch.Put(cf(kCfMeta), slice(kMetaFinalized), be64(finalized_number));
    if (extra) {
        ExtraBatchWriter writer(*this, batch);
        BLEND_TRY_VOID(extra(n, writer));
    }
    BLEND_TRY_VOID(write(batch));
    for (const auto& [key, node] : d.nodes_)
        cache.put(key, node);
    return {};
}

Result<BlockInfo, StateError> StateDb::commit_genesis(const Hash& block_hash,
                                                      WriteSet writes,
                                                      const ExtraWrites& extra)
{
    const std::lock_guard lock(impl_->mutex);
    if (impl_->has_tip)
        return Unexpected{StateError::kAlreadyInitialized};
    BLEND_TRY(const BlockDiffPtr diff,
              impl_->build_diff(0, Hash{}, nullptr, ChildRef{}, {}, std::move(writes)));
    BLEND_TRY_VOID(impl_->write_block(*diff, block_hash, extra));
    impl_->has_tip = true;
    impl_->tip = {0, block_hash, diff->root_.hash};
    impl_->head = block_hash;
    return impl_->tip;
}

Result<void, StateError> StateDb::persist(const Hash& block_hash, const ExtraWrites& extra)
{
    const std::lock_guard lock(impl_->mutex);
    const auto it = impl_->diffs.find(as_key(block_hash.view()));
    if (it == impl_->diffs.end())
        return Unexpected{StateError::kUnknownBlock};
    const BlockDiffPtr diff = it->second;
    if (diff->parent_.bytes != impl_->tip.hash.bytes)
        return Unexpected{StateError::kNotPersistable};
    BLEND_TRY_VOID(impl_->write_block(*diff, block_hash, extra));
    impl_->tip = {diff->number_, block_hash, diff->root_.hash};

    // Keep only the persisted block's descendants: everything else forked below it.
    std::vector<std::string> dead;
    for (const auto& [key, d] : impl_->diffs) {
        if (d->number_ <= diff->number_) {
            dead.push_back(key);
            continue;
        }
        const BlockDiff* x = d.get();
        while (x->number_ > diff->number_ + 1)
            x = x->parent_diff_.get();
        if (x->parent_.bytes != block_hash.bytes)
            dead.push_back(key);
    }
    for (const std::string& key : dead)
        impl_->diffs.erase(key);
    for (const auto& [key, d] : impl_->diffs)
        if (d->parent_diff_ == diff)
            d->parent_diff_ = nullptr;  // its nodes are on disk (and in the node cache) now
    if (!impl_->diffs.contains(as_key(impl_->head.view())))
        impl_->head = block_hash;
    return {};
}

Result<void, StateError> StateDb::set_finalized(uint64_t number)
{
    const std::lock_guard lock(impl_->mutex);
    if (number < impl_->finalized_number || number > impl_->tip.number)
        return Unexpected{StateError::kUnknownBlock};
    impl_->finalized_number = number;
    rocksdb::WriteBatch batch;
    batch.Put(impl_->cf(kCfMeta), slice(kMetaFinalized), be64(number));
    return impl_->write(batch);
}

std::vector<Hash> StateDb::persistable(uint64_t depth) const
{
    const std::lock_guard lock(impl_->mutex);
    std::vector<Hash> out;
    auto chain = impl_->chain_of(impl_->head);
    if (!chain || chain->empty())
        return out;
    const uint64_t head_number = chain->front()->number_;
    Hash h = impl_->head;
    std::vector<Hash> hashes;  // newest first, parallel to the chain
    for (const BlockDiffPtr& d : *chain) {
        hashes.push_back(h);
        h = d->parent_;
    }
    for (size_t i = chain->size(); i-- > 0;)
        if (head_number - (*chain)[i]->number_ >= depth)
            out.push_back(hashes[i]);
    return out;
}

}  // namespace blend::trie
