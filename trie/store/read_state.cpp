// SPDX-License-Identifier: Apache-2.0
// Reads at a block (trie.md §5.6): walk the block's diffs down to the persisted tip, then the flat
// state (the tip) or one SeekForPrev(key ‖ N) in the history (older blocks). Proofs walk the trie
// from the block's root through the same diffs, then the DB (§5.7).

#include "trie/store/state_db_impl.hpp"

#include <memory>

namespace blend::trie {

Result<StateDb::Impl::Resolved, StateError> StateDb::Impl::resolve(const At& at) const
{
    const std::lock_guard lock(mutex);
    if (!has_tip)
        return Unexpected{StateError::kNotInitialized};
    Resolved r;
    r.base = tip.number;
    switch (at.kind()) {
    case At::Kind::kLatest: {
        BLEND_TRY(r.chain, chain_of(head));
        break;
    }
    case At::Kind::kHash: {
        BLEND_TRY(r.chain, chain_of(at.block_hash()));
        break;
    }
    case At::Kind::kNumber: {
        if (at.block_number() <= tip.number) {
            r.base = at.block_number();
            break;
        }
        BLEND_TRY(auto chain, chain_of(head));
        while (!chain.empty() && chain.front()->number_ > at.block_number())
            chain.erase(chain.begin());
        if (chain.empty() || chain.front()->number_ != at.block_number())
            return Unexpected{StateError::kUnknownBlock};
        r.chain = std::move(chain);
        break;
    }
    }
    r.number = r.chain.empty() ? r.base : r.chain.front()->number_;
    return r;
}

Result<std::optional<std::string>, StateError> StateDb::Impl::history_at(Cf hist,
                                                                         std::string_view key,
                                                                         uint64_t number) const
{
    if (number < history_horizon.load())
        return Unexpected{StateError::kPruned};
    std::string target(key);
    target += be64(number);
    rocksdb::ReadOptions ro;
    ro.prefix_same_as_start = true;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf(hist)));
    it->SeekForPrev(slice(target));
    if (!it->status().ok())
        return Unexpected{const_cast<Impl*>(this)->fail(it->status())};
    std::optional<std::string> out;
    if (it->Valid()) {
        const rocksdb::Slice k = it->key();
        if (k.size() == key.size() + 8 && std::string_view(k.data(), key.size()) == key)
            out = it->value().ToString();
    }
    // The pruner may have passed `number` while we read: then the answer may be wrong.
    if (number < history_horizon.load())
        return Unexpected{StateError::kPruned};
    return out;
}

Result<std::optional<AccountLeaf>, StateError> StateDb::account(const Address& a,
                                                                const At& at) const
{
    BLEND_TRY(const auto r, impl_->resolve(at));
    for (const BlockDiffPtr& d : r.chain)
        if (const AccountWrite* w = Impl::find_account(*d, a))
            return w->account;
    std::optional<std::string> record;
    if (r.base == persisted_tip().number) {
        BLEND_TRY(record, impl_->get(kCfAcct, as_key(a)));
    } else {
        BLEND_TRY(record, impl_->history_at(kCfAcctHist, as_key(a), r.base));
    }
    if (!record || record->empty())
        return std::optional<AccountLeaf>{};
    auto account = decode_account_record(*record);
    if (!account)
        return Unexpected{StateError::kCorrupt};
    return account;
}

Result<Hash, StateError> StateDb::storage(const Address& a, const Hash& slot, const At& at) const
{
    BLEND_TRY(const auto r, impl_->resolve(at));
    const std::string key = slot_key(a, slot);
    for (const BlockDiffPtr& d : r.chain)
        if (const SlotWrite* w = Impl::find_slot(*d, key))
            return w->value;
    std::optional<std::string> value;
    if (r.base == persisted_tip().number) {
        BLEND_TRY(value, impl_->get(kCfSlot, key));
    } else {
        BLEND_TRY(value, impl_->history_at(kCfSlotHist, key, r.base));
    }
    if (!value || value->empty())
        return Hash{};
    if (value->size() != 32)
        return Unexpected{StateError::kCorrupt};
    return to_hash(BytesView(reinterpret_cast<const uint8_t*>(value->data()), 32));
}

Result<std::optional<Bytes>, StateError> StateDb::code(const Hash& code_hash) const
{
    {
        const std::lock_guard lock(impl_->mutex);
        for (const auto& [key, d] : impl_->diffs)
            for (const auto& [h, c] : d->codes_)
                if (h.bytes == code_hash.bytes)
                    return std::optional<Bytes>(c);
    }
    BLEND_TRY(const auto value, impl_->get(kCfCode, as_key(code_hash.view())));
    if (!value)
        return std::optional<Bytes>{};
    return std::optional<Bytes>(Bytes(value->begin(), value->end()));
}

Result<BlockInfo, StateError> StateDb::block(const At& at) const
{
    BLEND_TRY(const auto r, impl_->resolve(at));
    if (!r.chain.empty()) {
        BlockInfo info{r.number, {}, r.chain.front()->root_.hash};
        // The hash: the child's parent pointer, or search the tree (diffs are few).
        const std::lock_guard lock(impl_->mutex);
        for (const auto& [key, d] : impl_->diffs)
            if (d == r.chain.front())
                info.hash =
                    to_hash(BytesView(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
        return info;
    }
    BLEND_TRY(const auto record, impl_->get(kCfTrieRoot, be64(r.base)));
    if (!record)
        return Unexpected{
            impl_->pruned_or(r.base, impl_->trie_horizon.load(), StateError::kUnknownBlock)};
    if (record->size() != kRootRecordSize)
        return Unexpected{StateError::kCorrupt};
    const auto* p = reinterpret_cast<const uint8_t*>(record->data());
    const auto root = field::fr_from_bytes(BytesView(p, 32));
    if (!root)
        return Unexpected{StateError::kCorrupt};
    return BlockInfo{r.base, to_hash(BytesView(p + 40, 32)), *root};
}

Result<void, StateError> StateDb::scan_flat_state(
    const std::function<void(const Address&, const AccountLeaf&)>& on_account,
    const std::function<void(const Address&, const Hash&, const Hash&)>& on_slot) const
{
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kCfAcct)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        const auto account = decode_account_record({it->value().data(), it->value().size()});
        if (it->key().size() != 20 || !account)
            return Unexpected{StateError::kCorrupt};
        on_account(to_address({reinterpret_cast<const uint8_t*>(it->key().data()), 20}), *account);
    }
    if (!it->status().ok())
        return Unexpected{impl_->fail(it->status())};
    it.reset(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kCfSlot)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (it->key().size() != kSlotKeySize || it->value().size() != 32)
            return Unexpected{StateError::kCorrupt};
        const auto* k = reinterpret_cast<const uint8_t*>(it->key().data());
        on_slot(to_address({k, 20}), to_hash({k + 20, 32}),
                to_hash({reinterpret_cast<const uint8_t*>(it->value().data()), 32}));
    }
    if (!it->status().ok())
        return Unexpected{impl_->fail(it->status())};
    return {};
}

namespace {

Result<std::vector<Bytes>, StateError> prove_at(const StateDb::Impl& impl,
                                                const At& at,
                                                const Fr& key)
{
    BLEND_TRY(const auto r, impl.resolve(at));
    ChildRef root;
    if (!r.chain.empty()) {
        root = StateDb::Impl::root_of(*r.chain.front());
    } else {
        BLEND_TRY(root, impl.persisted_root(r.base));
    }
    if (r.chain.empty() && r.base < impl.trie_horizon.load())
        return Unexpected{StateError::kPruned};
    const ChainLoader loader(impl, r.chain);
    auto proof = prove_key(loader, root, key);
    if (!proof)
        return Unexpected{impl.pruned_or(r.base, impl.trie_horizon.load(), proof.error())};
    return proof;
}

}  // namespace

Result<std::vector<Bytes>, StateError> StateDb::prove_account(const Address& a, const At& at) const
{
    return prove_at(*impl_, at, account_key(a));
}

Result<std::vector<Bytes>, StateError> StateDb::prove_storage(const Address& a,
                                                              const Hash& slot,
                                                              const At& at) const
{
    return prove_at(*impl_, at, storage_key(a, slot));
}

}  // namespace blend::trie
