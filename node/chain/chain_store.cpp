// SPDX-License-Identifier: Apache-2.0
#include "node/chain/chain_store.hpp"

#include "node/chain/chain_codec.hpp"

#include <utility>

namespace blend::node {

namespace {

BytesView text_key(std::string_view k)
{
    return {reinterpret_cast<const uint8_t*>(k.data()), k.size()};
}

trie::WriteSet to_state_writes(const genesis::GenesisWriteSet& ws)
{
    trie::WriteSet out;
    out.accounts.reserve(ws.accounts.size());
    for (const auto& a : ws.accounts)
        out.accounts.push_back({a.address, a.leaf});
    out.slots.reserve(ws.slots.size());
    for (const auto& s : ws.slots)
        out.slots.push_back({s.address, s.slot, s.value});
    out.codes = ws.codes;
    return out;
}

}  // namespace

ChainStore::~ChainStore() = default;

ChainError ChainStore::fail(trie::StateError e) const
{
    std::lock_guard lock(error_mutex_);
    last_error_ = trie::to_string(e);
    if (e == trie::StateError::kDb)
        last_error_ += ": " + state_->last_db_error();
    return ChainError::kState;
}

std::string ChainStore::last_error() const
{
    std::lock_guard lock(error_mutex_);
    return last_error_;
}

ChainResult<std::optional<Bytes>> ChainStore::get(std::string_view cf, BytesView key) const
{
    auto v = state_->get_extra(cf, key);
    if (!v)
        return Unexpected{fail(v.error())};
    return std::move(*v);
}

ChainResult<std::unique_ptr<ChainStore>> ChainStore::open(const std::string& dir,
                                                          const genesis::GenesisBlock& genesis,
                                                          ChainOptions options)
{
    for (std::string_view cf : {kCfHeader, kCfBody, kCfReceipts, kCfCanonical, kCfTxIndex, kCfMeta})
        options.state.extra_column_families.emplace_back(cf);
    auto db = trie::StateDb::open(dir, options.state);
    if (!db)
        return Unexpected{ChainError::kState};
    std::unique_ptr<ChainStore> store(new ChainStore());
    store->state_ = std::move(*db);
    store->genesis_hash_ = genesis.hash;

    if (!store->state_->initialized()) {
        StoredBlock block;
        block.header = genesis.header;
        block.hash = genesis.hash;
        const ChainStore& self = *store;
        auto committed = store->state_->commit_genesis(
            genesis.hash, to_state_writes(genesis.write_set),
            [&](uint64_t, trie::BatchWriter& w) { return self.write_block(block, w); });
        if (!committed)
            return Unexpected{store->fail(committed.error())};
    } else {
        BLEND_TRY(const auto stored, store->get(kCfCanonical, number_key(0)));
        if (!stored)
            return Unexpected{ChainError::kCorrupt};
        if (*stored != to_bytes(genesis.hash.view()))
            return Unexpected{ChainError::kGenesisMismatch};
    }
    BLEND_TRY_VOID(store->load_head());
    return store;
}

ChainResult<void> ChainStore::load_head()
{
    const trie::BlockInfo tip = state_->persisted_tip();
    BLEND_TRY(const auto head, get(kCfMeta, text_key(kMetaHead)));
    // The head record is written in the same batch as the state's tip: they always agree.
    if (!head || *head != to_bytes(tip.hash.view()))
        return Unexpected{ChainError::kCorrupt};
    BLEND_TRY(const auto header_rlp, get(kCfHeader, tip.hash.view()));
    if (!header_rlp)
        return Unexpected{ChainError::kCorrupt};
    auto header = decode_header(*header_rlp);
    if (!header || header->number != tip.number)
        return Unexpected{ChainError::kCorrupt};
    BLEND_TRY(const auto safe, get(kCfMeta, text_key(kMetaSafe)));
    BLEND_TRY(const auto finalized, get(kCfMeta, text_key(kMetaFinalized)));
    std::unique_lock lock(mutex_);
    head_header_ = *header;
    head_hash_ = tip.hash;
    persisted_ = tip.number;
    persisted_hash_ = tip.hash;
    if (safe && safe->size() == 32)
        safe_ = to_hash(*safe);
    if (finalized && finalized->size() == 32)
        finalized_ = to_hash(*finalized);
    finalized_number_ = state_->finalized();
    return {};
}

Result<void, trie::StateError> ChainStore::write_block(const StoredBlock& block,
                                                       trie::BatchWriter& w) const
{
    auto header = encode_header(block.header);
    if (!header)
        return Unexpected{trie::StateError::kCorrupt};
    const BytesView hash = block.hash.view();
    BLEND_TRY_VOID(w.put(kCfHeader, hash, *header));
    BLEND_TRY_VOID(w.put(kCfBody, hash, encode_body(block)));
    BLEND_TRY_VOID(w.put(kCfReceipts, hash, encode_receipts(block)));
    BLEND_TRY_VOID(w.put(kCfCanonical, number_key(block.header.number), hash));
    for (size_t i = 0; i < block.transactions.size(); ++i) {
        const TxLocation loc{block.header.number, block.hash, static_cast<uint32_t>(i)};
        BLEND_TRY_VOID(w.put(kCfTxIndex, transaction_hash(block.transactions[i]).view(),
                             encode_tx_location(loc)));
    }
    BLEND_TRY_VOID(w.put(kCfMeta, text_key(kMetaHead), hash));
    if (safe_)
        BLEND_TRY_VOID(w.put(kCfMeta, text_key(kMetaSafe), safe_->view()));
    if (finalized_)
        BLEND_TRY_VOID(w.put(kCfMeta, text_key(kMetaFinalized), finalized_->view()));
    return {};
}

ChainResult<void> ChainStore::insert(StoredBlock block, const trie::BlockDiffPtr& diff)
{
    if (block.senders.size() != block.transactions.size() ||
        block.receipts.size() != block.transactions.size() ||
        block.receipt_extras.size() != block.receipts.size())
        return Unexpected{ChainError::kMismatch};
    BLEND_TRY(const auto parent, header(block.header.parent_hash));
    if (!parent)
        return Unexpected{ChainError::kUnknownParent};
    if (block.header.number != parent->number + 1)
        return Unexpected{ChainError::kWrongNumber};
    {
        std::shared_lock lock(mutex_);
        if (pending_.contains(block.hash))
            return Unexpected{ChainError::kDuplicateBlock};
    }
    if (auto r = state_->insert(diff, block.hash); !r)
        return Unexpected{r.error() == trie::StateError::kDuplicateBlock
                              ? ChainError::kDuplicateBlock
                              : fail(r.error())};
    const Hash hash = block.hash;
    auto stored = std::make_shared<const StoredBlock>(std::move(block));
    std::unique_lock lock(mutex_);
    pending_.emplace(hash, std::move(stored));
    return {};
}

ChainResult<void> ChainStore::rebuild_overlay(const Hash& head)
{
    // Walk back from the head through the in-memory blocks to the persisted tip.
    std::vector<std::shared_ptr<const StoredBlock>> chain;
    {
        std::shared_lock lock(mutex_);
        Hash at = head;
        while (at != persisted_hash_) {
            const auto it = pending_.find(at);
            if (it == pending_.end())
                return Unexpected{ChainError::kReorgTooDeep};
            chain.push_back(it->second);
            at = it->second->header.parent_hash;
        }
    }
    if (auto r = state_->set_head(head); !r)
        return Unexpected{fail(r.error())};
    std::vector<Hash> overlay;
    std::map<Hash, TxLocation> txs;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const StoredBlock& b = **it;
        overlay.push_back(b.hash);
        for (size_t i = 0; i < b.transactions.size(); ++i)
            txs[transaction_hash(b.transactions[i])] =
                TxLocation{b.header.number, b.hash, static_cast<uint32_t>(i)};
    }
    std::unique_lock lock(mutex_);
    head_header_ = chain.empty() ? head_header_ : chain.front()->header;
    head_hash_ = head;
    overlay_ = std::move(overlay);
    overlay_txs_ = std::move(txs);
    return {};
}

ChainResult<void> ChainStore::set_head(const Hash& hash)
{
    {
        std::shared_lock lock(mutex_);
        if (hash == head_hash_)
            return {};
    }
    if (hash == persisted_hash_) {
        // Back to the persisted tip: reload its header.
        BLEND_TRY(const auto h, header(hash));
        if (!h)
            return Unexpected{ChainError::kCorrupt};
        if (auto r = state_->set_head(hash); !r)
            return Unexpected{fail(r.error())};
        std::unique_lock lock(mutex_);
        head_header_ = *h;
        head_hash_ = hash;
        overlay_.clear();
        overlay_txs_.clear();
        return {};
    }
    return rebuild_overlay(hash);
}

ChainResult<void> ChainStore::set_safe(const Hash& hash)
{
    BLEND_TRY(const auto h, header(hash));
    if (!h)
        return Unexpected{ChainError::kUnknownBlock};
    std::unique_lock lock(mutex_);
    safe_ = hash;
    return {};
}

ChainResult<void> ChainStore::set_finalized(const Hash& hash)
{
    BLEND_TRY(const auto h, header(hash));
    if (!h)
        return Unexpected{ChainError::kUnknownBlock};
    // The state store finalizes persisted blocks only; a finalized block above the persisted tip
    // is handed to it when persist() writes it.
    if (h->number <= persisted_number()) {
        if (auto r = state_->set_finalized(h->number); !r)
            return Unexpected{fail(r.error())};
    }
    std::unique_lock lock(mutex_);
    finalized_ = hash;
    finalized_number_ = h->number;
    return {};
}

ChainResult<size_t> ChainStore::persist(uint64_t depth)
{
    size_t written = 0;
    for (const Hash& hash : state_->persistable(depth)) {
        std::shared_ptr<const StoredBlock> block;
        {
            std::shared_lock lock(mutex_);
            const auto it = pending_.find(hash);
            if (it == pending_.end())
                return Unexpected{ChainError::kCorrupt};
            block = it->second;
        }
        auto r = state_->persist(
            hash, [&](uint64_t, trie::BatchWriter& w) { return write_block(*block, w); });
        if (!r)
            return Unexpected{fail(r.error())};
        ++written;
        const uint64_t number = block->header.number;
        std::optional<uint64_t> finalized;
        {
            std::shared_lock lock(mutex_);
            if (finalized_ && finalized_number_ == number)
                finalized = number;
        }
        if (finalized) {
            if (auto f = state_->set_finalized(*finalized); !f)
                return Unexpected{fail(f.error())};
        }
        std::unique_lock lock(mutex_);
        persisted_ = block->header.number;
        persisted_hash_ = hash;
        // Blocks at or below the persisted number are now on disk or on dead forks.
        std::erase_if(pending_,
                      [&](const auto& entry) { return entry.second->header.number <= persisted_; });
        if (!overlay_.empty() && overlay_.front() == hash)
            overlay_.erase(overlay_.begin());
        std::erase_if(overlay_txs_,
                      [&](const auto& entry) { return entry.second.block_hash == hash; });
    }
    return written;
}

ChainResult<void> ChainStore::commit(StoredBlock block, const trie::BlockDiffPtr& diff)
{
    const Hash hash = block.hash;
    BLEND_TRY_VOID(insert(std::move(block), diff));
    BLEND_TRY_VOID(set_head(hash));
    BLEND_TRY_VOID(persist(0));
    return {};
}

Header ChainStore::head_header() const
{
    std::shared_lock lock(mutex_);
    return head_header_;
}

Hash ChainStore::head_hash() const
{
    std::shared_lock lock(mutex_);
    return head_hash_;
}

uint64_t ChainStore::head_number() const
{
    std::shared_lock lock(mutex_);
    return head_header_.number;
}

std::optional<Hash> ChainStore::safe_hash() const
{
    std::shared_lock lock(mutex_);
    return safe_;
}

std::optional<Hash> ChainStore::finalized_hash() const
{
    std::shared_lock lock(mutex_);
    return finalized_;
}

uint64_t ChainStore::persisted_number() const
{
    std::shared_lock lock(mutex_);
    return persisted_;
}

ChainResult<std::optional<Hash>> ChainStore::canonical_hash(uint64_t number) const
{
    {
        std::shared_lock lock(mutex_);
        if (number > persisted_) {
            const uint64_t i = number - persisted_ - 1;
            if (i < overlay_.size())
                return std::optional<Hash>{overlay_[i]};
            return std::optional<Hash>{};
        }
    }
    BLEND_TRY(const auto v, get(kCfCanonical, number_key(number)));
    if (!v)
        return std::optional<Hash>{};
    if (v->size() != 32)
        return Unexpected{ChainError::kCorrupt};
    return std::optional<Hash>{to_hash(*v)};
}

execution::BlockHashes ChainStore::canonical_hashes() const
{
    return [this](uint64_t n) {
        const auto h = canonical_hash(n);
        return h && *h ? **h : Hash{};
    };
}

execution::StateDbReader ChainStore::reader(const trie::At& at) const
{
    return execution::StateDbReader(*state_, at, canonical_hashes(), &codes_);
}

ChainResult<std::optional<Header>> ChainStore::header(const Hash& hash) const
{
    {
        std::shared_lock lock(mutex_);
        if (const auto it = pending_.find(hash); it != pending_.end())
            return std::optional<Header>{it->second->header};
    }
    BLEND_TRY(const auto v, get(kCfHeader, hash.view()));
    if (!v)
        return std::optional<Header>{};
    auto h = decode_header(*v);
    if (!h)
        return Unexpected{ChainError::kCorrupt};
    return std::optional<Header>{std::move(*h)};
}

ChainResult<std::optional<StoredBlock>> ChainStore::block(const Hash& hash) const
{
    {
        std::shared_lock lock(mutex_);
        if (const auto it = pending_.find(hash); it != pending_.end())
            return std::optional<StoredBlock>{*it->second};
    }
    BLEND_TRY(const auto h, header(hash));
    if (!h)
        return std::optional<StoredBlock>{};
    StoredBlock b;
    b.header = *h;
    b.hash = hash;
    BLEND_TRY(const auto body, get(kCfBody, hash.view()));
    BLEND_TRY(const auto receipts, get(kCfReceipts, hash.view()));
    if (!body || !receipts)
        return Unexpected{ChainError::kCorrupt};
    BLEND_TRY_VOID(decode_body(*body, b));
    BLEND_TRY_VOID(decode_receipts(*receipts, b));
    if (b.receipts.size() != b.transactions.size())
        return Unexpected{ChainError::kCorrupt};
    return std::optional<StoredBlock>{std::move(b)};
}

ChainResult<std::optional<TxLocation>> ChainStore::tx_location(const Hash& tx_hash) const
{
    {
        std::shared_lock lock(mutex_);
        if (const auto it = overlay_txs_.find(tx_hash); it != overlay_txs_.end())
            return std::optional<TxLocation>{it->second};
    }
    BLEND_TRY(const auto v, get(kCfTxIndex, tx_hash.view()));
    if (!v)
        return std::optional<TxLocation>{};
    BLEND_TRY(const auto loc, decode_tx_location(*v));
    return std::optional<TxLocation>{loc};
}

}  // namespace blend::node
