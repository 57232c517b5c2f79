// SPDX-License-Identifier: Apache-2.0
// Building a block's diff on top of its parent (trie.md §5.6): the write set becomes trie leaves
// (keys and leaf hashes computed on both cores), the trie is committed over the parent's chain of
// diffs and the DB, and the diff goes into the diff tree on insert().

#include "core/keccak.hpp"
#include "trie/store/state_db_impl.hpp"

#include <algorithm>
#include <cstring>
#include <span>

namespace blend::trie {
namespace {

bool is_zero(const Hash& h) noexcept
{
    return std::all_of(h.bytes.begin(), h.bytes.end(), [](uint8_t b) { return b == 0; });
}

/// Permutation inputs and where each output goes; run() hashes them through hash2_batch, eight at
/// a time on the IFMA kernel.
class HashRound {
public:
    void add(const poseidon::T3Input& in, Fr* out)
    {
        in_.push_back(in);
        dest_.push_back(out);
    }
    void compress(const Hash& word, Fr* out)
    {
        if (const auto cached = compress_word_cached(word))
            *out = *cached;
        else
            add(compress_word_input(word), out);
    }
    void run()
    {
        out_.resize(in_.size());
        poseidon::hash2_batch(in_, out_);
        for (size_t i = 0; i < in_.size(); ++i)
            *dest_[i] = out_[i];
        in_.clear();
        dest_.clear();
    }

private:
    std::vector<poseidon::T3Input> in_;
    std::vector<Fr*> dest_;
    std::vector<Fr> out_;
};

/// One write's intermediate hashes.
struct LeafWork {
    Fr key;    ///< K_a, or K_s from round 2
    Fr c1;     ///< account: C(balance); slot: C(slot)
    Fr c2;     ///< account: C(code hash); slot: C(value)
    Fr value;  ///< account: H_768(w0, C(balance)) after round 2, the value hash after round 3
    Fr leaf;   ///< the leaf hash H_4(key, value hash)
};

/// The keys and leaf hashes of writes [begin, end) (accounts first, then slots), in four rounds of
/// permutations that are independent of each other within a round. The same functions as
/// account_key, account_value_hash (hash_elems of 3 words, domain 768), storage_key,
/// storage_value_hash and leaf_hash, reordered so that each round is one batch.
void hash_writes(const WriteSet& ws, std::span<TrieWrite> out, size_t begin)
{
    const size_t n_acct = ws.accounts.size();
    const Fr domain_account_value = Fr::from_u64(kDomainElemsPerWord * 3);
    const Fr domain_storage_key = Fr::from_u64(kDomainStorageKey);
    const Fr domain_leaf = Fr::from_u64(kDomainLeaf);
    std::vector<LeafWork> work(out.size());
    HashRound round;
    // Round 1: C of the padded address (K_a), the balance, the code hash; of the slot and value.
    for (size_t i = 0; i < out.size(); ++i) {
        LeafWork& wk = work[i];
        if (begin + i < n_acct) {
            const AccountWrite& w = ws.accounts[begin + i];
            Hash padded;
            std::memcpy(padded.data(), w.address.data(), Address::size());
            round.compress(padded, &wk.key);
            if (w.account) {
                round.compress(w.account->balance, &wk.c1);
                round.compress(w.account->code_hash, &wk.c2);
            }
        } else {
            const SlotWrite& w = ws.slots[begin + i - n_acct];
            round.compress(w.slot, &wk.c1);
            if (!is_zero(w.value))
                round.compress(w.value, &wk.c2);
        }
    }
    round.run();
    // Round 2: H_768(w0, C(balance)); K_s = H_16(address as an integer, C(slot)).
    for (size_t i = 0; i < out.size(); ++i) {
        LeafWork& wk = work[i];
        if (begin + i < n_acct) {
            const AccountWrite& w = ws.accounts[begin + i];
            if (!w.account)
                continue;
            const auto w0 = field::fr_from_hash(account_words(*w.account)[0]);
            BLEND_ASSERT(w0.has_value());  // code size and nonce: < 2^128
            round.add({domain_account_value, *w0, wk.c1}, &wk.value);
        } else {
            const SlotWrite& w = ws.slots[begin + i - n_acct];
            Hash padded;  // 12 zero bytes, then the 20 address bytes
            std::memcpy(padded.data() + 12, w.address.data(), Address::size());
            const auto a = field::fr_from_hash(padded);
            BLEND_ASSERT(a.has_value());  // < 2^160 < r
            round.add({domain_storage_key, *a, wk.c1}, &wk.key);
        }
    }
    round.run();
    // Round 3: the account value hash H_768(H_768(w0, C(balance)), C(code hash)); slot leaves.
    for (size_t i = 0; i < out.size(); ++i) {
        LeafWork& wk = work[i];
        if (begin + i < n_acct) {
            if (ws.accounts[begin + i].account)
                round.add({domain_account_value, wk.value, wk.c2}, &wk.value);
        } else if (!is_zero(ws.slots[begin + i - n_acct].value)) {
            round.add({domain_leaf, wk.key, wk.c2}, &wk.leaf);
        }
    }
    round.run();
    // Round 4: account leaves.
    for (size_t i = 0; i < out.size() && begin + i < n_acct; ++i)
        if (ws.accounts[begin + i].account)
            round.add({domain_leaf, work[i].key, work[i].value}, &work[i].leaf);
    round.run();

    for (size_t i = 0; i < out.size(); ++i) {
        TrieWrite& t = out[i];
        t.key = work[i].key;
        Node leaf;
        leaf.type = NodeType::kLeaf;
        leaf.key = t.key;
        if (begin + i < n_acct) {
            const AccountWrite& w = ws.accounts[begin + i];
            if (!w.account)
                continue;
            const auto words = account_words(*w.account);
            leaf.words.assign(words.begin(), words.end());
            leaf.compressed_flags = kAccountCompressedFlags;
            leaf.key_preimage.assign(w.address.data(), w.address.data() + 20);
        } else {
            const SlotWrite& w = ws.slots[begin + i - n_acct];
            if (is_zero(w.value))
                continue;
            leaf.words = {w.value};
            leaf.compressed_flags = kStorageCompressedFlags;
            leaf.key_preimage.assign(w.address.data(), w.address.data() + 20);
            leaf.key_preimage.insert(leaf.key_preimage.end(), w.slot.data(), w.slot.data() + 32);
        }
        t.leaf = TrieWrite::Leaf{work[i].leaf, encode_node(leaf)};
    }
}

/// Keys and leaf hashes cost 2-6 Poseidon hashes per write: split them over the pool too.
std::vector<TrieWrite> trie_writes(const WriteSet& ws, ThreadPool* pool)
{
    const size_t n_acct = ws.accounts.size();
    std::vector<TrieWrite> out(n_acct + ws.slots.size());
    auto run = [&](size_t begin, size_t end) {
        hash_writes(ws, std::span<TrieWrite>(out).subspan(begin, end - begin), begin);
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

namespace {

bool slot_less(const DiffNodeSlot& a, const DiffNodeSlot& b) noexcept
{
    if (a.depth != b.depth)
        return a.depth < b.depth;
    // Limb by limb, any total order does for the binary search; below depth 64 (every node of
    // a 2 * 10^6-leaf trie) the first limb decides.
    for (size_t i = 0; i < a.path.size(); ++i)
        if (a.path[i] != b.path[i])
            return a.path[i] < b.path[i];
    return false;
}

}  // namespace

StoredNodePtr StateDb::Impl::find_node(const BlockDiff& d, size_t depth, const Path& path)
{
    const DiffNodeSlot want{path_prefix(path, depth), static_cast<uint32_t>(depth), 0};
    const auto it = std::lower_bound(d.node_index_.begin(), d.node_index_.end(), want, slot_less);
    if (it == d.node_index_.end() || it->depth != want.depth || it->path != want.path)
        return nullptr;
    return d.nodes_[it->index].second;
}

void StateDb::Impl::index_nodes(BlockDiff& d, ThreadPool* pool)
{
    std::vector<DiffNodeSlot>& index = d.node_index_;
    index.resize(d.nodes_.size());
    for (size_t i = 0; i < d.nodes_.size(); ++i) {
        NodeKeyParts parts;
        const bool ok = parse_node_db_key(d.nodes_[i].first, parts);
        BLEND_ASSERT(ok && parts.version == d.number_);  // commit_trie writes version = block
        index[i] = {parts.path, static_cast<uint32_t>(parts.depth), static_cast<uint32_t>(i)};
    }
    // Two sorted halves and a merge when a second thread is there: the sort is one of the serial
    // steps between the commit and the block's root being available.
    constexpr size_t kParallelSort = 4096;
    if (pool == nullptr || pool->workers() == 0 || index.size() < kParallelSort) {
        std::sort(index.begin(), index.end(), slot_less);
        return;
    }
    const auto mid = index.begin() + static_cast<std::ptrdiff_t>(index.size() / 2);
    auto job = pool->submit([&] { std::sort(index.begin(), mid, slot_less); });
    std::sort(mid, index.end(), slot_less);
    pool->wait(job);
    std::inplace_merge(index.begin(), mid, index.end(), slot_less);
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
                                                          size_t depth,
                                                          const Path& path) const
{
    for (const BlockDiffPtr& d : chain_) {
        if (StateDb::Impl::number_of(*d) != ref.version)
            continue;
        if (StoredNodePtr n = StateDb::Impl::find_node(*d, depth, path))
            return n;
        return Unexpected{StateError::kCorrupt};
    }
    return StoredNodePtr{};
}

Result<StoredNodePtr, StateError> ChainLoader::load(const ChildRef& ref,
                                                    size_t depth,
                                                    const Path& path) const
{
    if (!chain_.empty()) {
        BLEND_TRY(StoredNodePtr n, from_chain(ref, depth, path));
        if (n)
            return n;
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
        out[i] = std::move(*node);
    }
    impl_.cache.put_many_pinned(keys, out);  // one lock for the batch
    return {};
}

Result<std::vector<StoredNodePtr>, StateError> ChainLoader::load_many(
    std::span<const NodeAddress> addresses) const
{
    std::vector<StoredNodePtr> out(addresses.size());
    if (!chain_.empty()) {
        for (size_t i = 0; i < addresses.size(); ++i) {
            BLEND_TRY(out[i], from_chain(addresses[i].ref, addresses[i].depth, addresses[i].path));
        }
    }
    // The pinned tier by position, then the LRU by key for the rest: record keys are built only
    // for the nodes below the pinned levels.
    impl_.cache.get_many_pinned(addresses, out);
    struct Miss {
        std::string key;
        size_t index;
    };
    std::vector<Miss> misses;
    std::vector<std::string> lru_keys;
    std::vector<size_t> lru_index;
    for (size_t i = 0; i < addresses.size(); ++i) {
        if (out[i])
            continue;
        const NodeAddress& a = addresses[i];
        lru_keys.push_back(node_db_key(a.ref.version, a.depth, a.path));
        lru_index.push_back(i);
    }
    if (lru_keys.empty())
        return out;
    std::vector<StoredNodePtr> lru_out(lru_keys.size());
    impl_.cache.get_many(lru_keys, lru_out);
    for (size_t j = 0; j < lru_keys.size(); ++j) {
        if (lru_out[j])
            out[lru_index[j]] = std::move(lru_out[j]);
        else
            misses.push_back({std::move(lru_keys[j]), lru_index[j]});
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
    for (size_t j = 0; j < misses.size(); ++j)
        out[misses[j].index] = std::move(read[j]);
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
    index_nodes(*diff, pool.get());
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
