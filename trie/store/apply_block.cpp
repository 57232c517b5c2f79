// SPDX-License-Identifier: Apache-2.0
// Building a block's diff on top of its parent (trie.md §5.6): the write set becomes trie leaves
// (keys and leaf hashes computed on both cores), the trie is committed over the parent's chain of
// diffs and the DB, and the diff goes into the diff tree on insert().

#include "core/keccak.hpp"
#include "trie/store/state_db_impl.hpp"

#include <algorithm>

namespace blend::trie {
namespace {

TrieWrite account_trie_write(const AccountWrite& w)
{
    TrieWrite out;
    out.key = account_key(w.address);
    if (w.account) {
        Node leaf;
        leaf.type = NodeType::kLeaf;
        leaf.key = out.key;
        const auto words = account_words(*w.account);
        leaf.words.assign(words.begin(), words.end());
        leaf.compressed_flags = kAccountCompressedFlags;
        leaf.key_preimage.assign(w.address.data(), w.address.data() + 20);
        out.leaf =
            TrieWrite::Leaf{leaf_hash(out.key, account_value_hash(*w.account)), encode_node(leaf)};
    }
    return out;
}

bool is_zero(const Hash& h) noexcept
{
    return std::all_of(h.bytes.begin(), h.bytes.end(), [](uint8_t b) { return b == 0; });
}

TrieWrite slot_trie_write(const SlotWrite& w)
{
    TrieWrite out;
    out.key = storage_key(w.address, w.slot);
    if (!is_zero(w.value)) {
        Node leaf;
        leaf.type = NodeType::kLeaf;
        leaf.key = out.key;
        leaf.words = {w.value};
        leaf.compressed_flags = kStorageCompressedFlags;
        leaf.key_preimage.assign(w.address.data(), w.address.data() + 20);
        leaf.key_preimage.insert(leaf.key_preimage.end(), w.slot.data(), w.slot.data() + 32);
        out.leaf =
            TrieWrite::Leaf{leaf_hash(out.key, storage_value_hash(w.value)), encode_node(leaf)};
    }
    return out;
}

/// Keys and leaf hashes cost 2-6 Poseidon hashes per write: split them over the pool too.
std::vector<TrieWrite> trie_writes(const WriteSet& ws, ThreadPool* pool)
{
    const size_t n_acct = ws.accounts.size();
    std::vector<TrieWrite> out(n_acct + ws.slots.size());
    auto run = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i)
            out[i] = i < n_acct ? account_trie_write(ws.accounts[i])
                                : slot_trie_write(ws.slots[i - n_acct]);
    };
    if (pool == nullptr || out.size() < 64) {
        run(0, out.size());
        return out;
    }
    const size_t parts = pool->workers() + 1;
    std::vector<ThreadPool::JobPtr> jobs;
    for (size_t p = 1; p < parts; ++p)
        jobs.push_back(
            pool->submit([&, p] { run(out.size() * p / parts, out.size() * (p + 1) / parts); }));
    run(0, out.size() / parts);
    for (const auto& j : jobs)
        pool->wait(j);
    return out;
}

}  // namespace

const AccountWrite* StateDb::Impl::find_account(const BlockDiff& d, const Address& a)
{
    const auto it = std::lower_bound(d.account_index_.begin(), d.account_index_.end(), a,
                                     [](const std::pair<Address, size_t>& e, const Address& x) {
                                         return e.first.bytes < x.bytes;
                                     });
    if (it == d.account_index_.end() || it->first.bytes != a.bytes)
        return nullptr;
    return &d.accounts_[it->second];
}

const SlotWrite* StateDb::Impl::find_slot(const BlockDiff& d, const std::string& key)
{
    const auto it = std::lower_bound(
        d.slot_index_.begin(), d.slot_index_.end(), key,
        [](const std::pair<std::string, size_t>& e, const std::string& x) { return e.first < x; });
    if (it == d.slot_index_.end() || it->first != key)
        return nullptr;
    return &d.slots_[it->second];
}

StoredNodePtr StateDb::Impl::find_node(const BlockDiff& d, const std::string& key)
{
    const auto it = std::lower_bound(
        d.node_index_.begin(), d.node_index_.end(), key,
        [](const std::pair<std::string, size_t>& e, const std::string& x) { return e.first < x; });
    if (it == d.node_index_.end() || it->first != key)
        return nullptr;
    return d.nodes_[it->second].second;
}

Result<StoredNodePtr, StateError> StateDb::Impl::load_persisted(const ChildRef& ref,
                                                                size_t depth,
                                                                const Path& path) const
{
    const std::string key = node_db_key(ref.version, depth, path);
    if (StoredNodePtr hit = cache.get(key))
        return hit;
    BLEND_TRY(const auto record, get(kCfTrieNode, key));
    if (!record)
        return Unexpected{StateError::kCorrupt};
    const BytesView view(reinterpret_cast<const uint8_t*>(record->data()), record->size());
    auto node = decode_stored_node(view, ref.hash);
    if (!node)
        return Unexpected{StateError::kCorrupt};
    cache.put(key, *node);
    return std::move(*node);
}

Result<StoredNodePtr, StateError> ChainLoader::from_chain(const ChildRef& ref,
                                                          const std::string& key) const
{
    for (const BlockDiffPtr& d : chain_) {
        if (StateDb::Impl::number_of(*d) != ref.version)
            continue;
        if (StoredNodePtr n = StateDb::Impl::find_node(*d, key))
            return n;
        return Unexpected{StateError::kCorrupt};
    }
    return StoredNodePtr{};
}

Result<StoredNodePtr, StateError> ChainLoader::load(const ChildRef& ref,
                                                    size_t depth,
                                                    const Path& path) const
{
    if (!chain_.empty() || !read_.empty()) {
        const std::string key = node_db_key(ref.version, depth, path);
        BLEND_TRY(StoredNodePtr n, from_chain(ref, key));
        if (n)
            return n;
        if (const auto it = read_.find(key); it != read_.end())
            return it->second;
    }
    return impl_.load_persisted(ref, depth, path);
}

Result<void, StateError> ChainLoader::multi_get(std::span<const std::string> keys,
                                                std::span<const Fr> hashes,
                                                std::span<StoredNodePtr> out) const
{
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    impl_.db->MultiGet(rocksdb::ReadOptions(), impl_.cf(kCfTrieNode), slices.size(), slices.data(),
                       values.data(), statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < keys.size(); ++i) {
        if (statuses[i].IsNotFound())
            return Unexpected{StateError::kCorrupt};
        if (!statuses[i].ok())
            return Unexpected{const_cast<StateDb::Impl&>(impl_).fail(statuses[i])};
        const BytesView view(reinterpret_cast<const uint8_t*>(values[i].data()), values[i].size());
        auto node = decode_stored_node(view, hashes[i]);
        if (!node)
            return Unexpected{StateError::kCorrupt};
        impl_.cache.put(keys[i], *node);
        out[i] = std::move(*node);
    }
    return {};
}

Result<std::vector<StoredNodePtr>, StateError> ChainLoader::load_many(
    std::span<const NodeAddress> addresses) const
{
    std::vector<StoredNodePtr> out(addresses.size());
    struct Miss {
        std::string key;
        size_t index;
    };
    std::vector<Miss> misses;
    for (size_t i = 0; i < addresses.size(); ++i) {
        const NodeAddress& a = addresses[i];
        std::string key = node_db_key(a.ref.version, a.depth, a.path);
        BLEND_TRY(StoredNodePtr n, from_chain(a.ref, key));
        if (!n)
            n = impl_.cache.get(key);
        if (n)
            out[i] = std::move(n);
        else
            misses.push_back({std::move(key), i});
    }
    if (misses.empty())
        return out;
    // Sorted keys let MultiGet visit each SST file's blocks in order.
    std::sort(misses.begin(), misses.end(),
              [](const Miss& a, const Miss& b) { return a.key < b.key; });
    std::vector<std::string> keys;
    std::vector<Fr> hashes;
    keys.reserve(misses.size());
    hashes.reserve(misses.size());
    for (Miss& m : misses) {
        hashes.push_back(addresses[m.index].ref.hash);
        keys.push_back(std::move(m.key));
    }
    std::vector<StoredNodePtr> read(keys.size());
    const std::span<const std::string> all_keys(keys);
    const std::span<const Fr> all_hashes(hashes);
    const std::span<StoredNodePtr> all_read(read);
    // Large levels are read in two halves, one on the pool: decoding and the block reads are
    // CPU work (the blocks are usually in the page cache).
    constexpr size_t kParallelReads = 512;
    if (impl_.pool != nullptr && keys.size() >= kParallelReads) {
        const size_t half = keys.size() / 2;
        Result<void, StateError> first{};
        auto job = impl_.pool->submit([&] {
            first = multi_get(all_keys.first(half), all_hashes.first(half), all_read.first(half));
        });
        Result<void, StateError> second =
            multi_get(all_keys.subspan(half), all_hashes.subspan(half), all_read.subspan(half));
        impl_.pool->wait(job);
        BLEND_TRY_VOID(first);
        BLEND_TRY_VOID(second);
    } else {
        BLEND_TRY_VOID(multi_get(all_keys, all_hashes, all_read));
    }
    impl_.batched_reads.fetch_add(keys.size(), std::memory_order_relaxed);
    const std::lock_guard lock(read_mutex_);
    for (size_t j = 0; j < misses.size(); ++j) {
        out[misses[j].index] = read[j];
        read_.emplace(std::move(keys[j]), std::move(read[j]));
    }
    return out;
}

Result<std::vector<BlockDiffPtr>, StateError> StateDb::Impl::chain_of(const Hash& hash) const
{
    std::vector<BlockDiffPtr> chain;
    const auto it = diffs.find(as_key(hash.view()));
    if (it == diffs.end()) {
        if (has_tip && hash.bytes == tip.hash.bytes)
            return chain;
        return Unexpected{StateError::kUnknownBlock};
    }
    for (BlockDiffPtr d = it->second; d != nullptr; d = d->parent_diff_)
        chain.push_back(d);
    return chain;
}

Result<BlockDiffPtr, StateError> StateDb::Impl::build_diff(uint64_t number,
                                                           const Hash& parent,
                                                           BlockDiffPtr parent_diff,
                                                           ChildRef parent_root,
                                                           std::vector<BlockDiffPtr> chain,
                                                           WriteSet writes)
{
    if (writes.accounts.size() + writes.slots.size() + writes.codes.size() > kMaxWriteSetEntries)
        return Unexpected{StateError::kWriteSetTooLarge};
    for (const Bytes& c : writes.codes)
        if (c.size() > kMaxStoredCodeSize)
            return Unexpected{StateError::kCodeTooLarge};
    auto diff = std::make_shared<BlockDiff>();
    diff->number_ = number;
    diff->parent_ = parent;
    diff->parent_diff_ = std::move(parent_diff);
    for (size_t i = 0; i < writes.accounts.size(); ++i)
        diff->account_index_.emplace_back(writes.accounts[i].address, i);
    std::sort(diff->account_index_.begin(), diff->account_index_.end(),
              [](const auto& a, const auto& b) { return a.first.bytes < b.first.bytes; });
    for (size_t i = 1; i < diff->account_index_.size(); ++i)
        if (diff->account_index_[i].first.bytes == diff->account_index_[i - 1].first.bytes)
            return Unexpected{StateError::kDuplicateKey};
    for (size_t i = 0; i < writes.slots.size(); ++i)
        diff->slot_index_.emplace_back(slot_key(writes.slots[i].address, writes.slots[i].slot), i);
    std::sort(diff->slot_index_.begin(), diff->slot_index_.end());
    for (size_t i = 1; i < diff->slot_index_.size(); ++i)
        if (diff->slot_index_[i].first == diff->slot_index_[i - 1].first)
            return Unexpected{StateError::kDuplicateKey};

    const ChainLoader loader(*this, chain);
    BLEND_TRY(TrieCommit commit,
              commit_trie(loader, parent_root, trie_writes(writes, pool.get()), number, pool.get(),
                          options.split_bits, options.prefetch_min_writes));
    diff->root_ = commit.root;
    diff->nodes_ = std::move(commit.nodes);
    diff->stale_ = std::move(commit.stale);
    for (size_t i = 0; i < diff->nodes_.size(); ++i)
        diff->node_index_.emplace_back(diff->nodes_[i].first, i);
    std::sort(diff->node_index_.begin(), diff->node_index_.end());
    for (Bytes& c : writes.codes) {
        const Hash h = keccak256(c);
        diff->codes_.emplace_back(h, std::move(c));
    }
    diff->accounts_ = std::move(writes.accounts);
    diff->slots_ = std::move(writes.slots);
    return BlockDiffPtr(std::move(diff));
}

Result<BlockDiffPtr, StateError> StateDb::apply(const Hash& parent, WriteSet writes)
{
    std::vector<BlockDiffPtr> chain;
    ChildRef parent_root;
    uint64_t number = 0;
    {
        const std::lock_guard lock(impl_->mutex);
        if (!impl_->has_tip)
            return Unexpected{StateError::kNotInitialized};
        auto c = impl_->chain_of(parent);
        if (!c)
            return Unexpected{StateError::kUnknownParent};
        chain = std::move(*c);
        if (chain.empty()) {
            number = impl_->tip.number + 1;
            BLEND_TRY(parent_root, impl_->persisted_root(impl_->tip.number));
        } else {
            number = chain.front()->number_ + 1;
            parent_root = chain.front()->root_;
        }
    }
    BlockDiffPtr parent_diff = chain.empty() ? nullptr : chain.front();
    return impl_->build_diff(number, parent, std::move(parent_diff), parent_root, std::move(chain),
                             std::move(writes));
}

Result<void, StateError> StateDb::insert(const BlockDiffPtr& diff, const Hash& block_hash)
{
    const std::lock_guard lock(impl_->mutex);
    const std::string key = as_key(block_hash.view());
    if (impl_->diffs.contains(key) || impl_->tip.hash.bytes == block_hash.bytes)
        return Unexpected{StateError::kDuplicateBlock};
    // The parent must still be there: a diff built on a fork that was dropped meanwhile is stale.
    if (diff->parent_diff_ == nullptr ? diff->parent_.bytes != impl_->tip.hash.bytes
                                      : !impl_->diffs.contains(as_key(diff->parent_.view())))
        return Unexpected{StateError::kUnknownParent};
    impl_->diffs.emplace(key, diff);
    return {};
}

Result<void, StateError> StateDb::set_head(const Hash& block_hash)
{
    const std::lock_guard lock(impl_->mutex);
    if (!impl_->diffs.contains(as_key(block_hash.view())) &&
        impl_->tip.hash.bytes != block_hash.bytes)
        return Unexpected{StateError::kUnknownBlock};
    impl_->head = block_hash;
    return {};
}

}  // namespace blend::trie
