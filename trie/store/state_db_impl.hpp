// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to trie/store: the StateDb implementation and the DB layout (trie.md §5.5, documented in
// docs/state.md "DB layout").

#include "trie/store/commit_trie.hpp"
#include "trie/store/node_cache.hpp"
#include "trie/store/state_db.hpp"
#include "trie/store/thread_pool.hpp"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace blend::trie {

/// Column families of trie.md §5.5.
enum Cf : size_t {
    kCfTrieNode,
    kCfTrieStale,
    kCfTrieRoot,
    kCfAcct,
    kCfSlot,
    kCfAcctHist,
    kCfSlotHist,
    kCfChanges,
    kCfCode,
    kCfMeta,
    kCfCount,
};
inline constexpr const char* kCfNames[kCfCount] = {
    "trie_node", "trie_stale", "trie_root", "acct", "slot",
    "acct_hist", "slot_hist",  "changes",   "code", "meta",
};

inline constexpr size_t kAccountRecordSize = 8 + 32 + 32 + 8;
inline constexpr size_t kSlotKeySize = 20 + 32;
inline constexpr size_t kRootRecordSize = 32 + 8 + 32;
inline constexpr uint8_t kChangeAccount = 0;
inline constexpr uint8_t kChangeSlot = 1;

inline constexpr std::string_view kMetaSchema = "schema";
inline constexpr std::string_view kMetaTip = "tip";  // number u64 BE ‖ block hash
inline constexpr std::string_view kMetaFinalized = "finalized";
inline constexpr std::string_view kMetaTrieHorizon = "trie_horizon";
inline constexpr std::string_view kMetaHistoryHorizon = "history_horizon";

std::string be64(uint64_t v);
uint64_t read_be64(std::string_view s);
std::string as_key(BytesView b);
inline std::string as_key(const Address& a)
{
    return as_key(a.view());
}
std::string slot_key(const Address& a, const Hash& slot);
std::string encode_account_record(const AccountLeaf& a);
std::optional<AccountLeaf> decode_account_record(std::string_view s);
inline rocksdb::Slice slice(std::string_view s)
{
    return {s.data(), s.size()};
}
inline rocksdb::Slice slice(BytesView b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

class StateDb::Impl {
public:
    StateOptions options;
    std::unique_ptr<rocksdb::DB> db;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;  // owned; index = Cf, then extra, others
    std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> extra_cfs;
    mutable NodeCache cache;
    std::unique_ptr<ThreadPool> pool;
    mutable std::mutex db_error_mutex;
    std::string db_error;

    // Diff tree and persisted chain position, guarded by `mutex`.
    mutable std::mutex mutex;
    std::unordered_map<std::string, BlockDiffPtr> diffs;  // by block hash
    BlockInfo tip;
    bool has_tip = false;
    Hash head;
    uint64_t finalized_number = 0;
    std::atomic<uint64_t> trie_horizon{0};
    mutable std::atomic<uint64_t> batched_reads{0};  // trie nodes read by ChainLoader::load_many
    std::atomic<uint64_t> history_horizon{0};
    std::mutex prune_mutex;  // one prune run at a time

    explicit Impl(const StateOptions& o) : options(o), cache(o.node_cache_entries, o.pinned_depth)
    {}
    ~Impl();

    rocksdb::ColumnFamilyHandle* cf(Cf c) const { return handles[c]; }
    StateError fail(const rocksdb::Status& s);
    Result<void, StateError> write(rocksdb::WriteBatch& batch);
    Result<std::optional<std::string>, StateError> get(Cf c, std::string_view key) const;

    /// The diffs from `hash` down to the persisted tip (newest first), or kUnknownBlock.
    Result<std::vector<BlockDiffPtr>, StateError> chain_of(const Hash& hash) const;
    struct Resolved {
        std::vector<BlockDiffPtr> chain;  // newest first; empty for a persisted block
        uint64_t number = 0;              // the block's number
        uint64_t base = 0;                // the persisted block under the chain
    };
    Result<Resolved, StateError> resolve(const At& at) const;
    Result<ChildRef, StateError> persisted_root(uint64_t number) const;

    Result<StoredNodePtr, StateError> load_persisted(const ChildRef& ref,
                                                     size_t depth,
                                                     const Path& path) const;
    Result<std::optional<std::string>, StateError> history_at(Cf hist,
                                                              std::string_view key,
                                                              uint64_t number) const;

    Result<void, StateError> write_block(const BlockDiff& diff,
                                         const Hash& hash,
                                         const ExtraWrites& extra);
    Result<BlockDiffPtr, StateError> build_diff(uint64_t number,
                                                const Hash& parent,
                                                BlockDiffPtr parent_diff,
                                                ChildRef parent_root,
                                                std::vector<BlockDiffPtr> chain,
                                                WriteSet writes);
    /// Maps a failure while reading block `number` to kPruned when the pruner has passed it.
    StateError pruned_or(uint64_t number, uint64_t horizon_of_kind, StateError e) const;

    static const AccountWrite* find_account(const BlockDiff& d, const Address& a);
    static const SlotWrite* find_slot(const BlockDiff& d, const std::string& key);
    /// The diff's new record at (depth, path) (its version is the diff's number), or null.
    static StoredNodePtr find_node(const BlockDiff& d, size_t depth, const Path& path);
    /// Builds d.node_index_ (on two threads when `pool` is given and the diff is large).
    static void index_nodes(BlockDiff& d, ThreadPool* pool);
    static uint64_t number_of(const BlockDiff& d) { return d.number_; }
    static const ChildRef& root_of(const BlockDiff& d) { return d.root_; }
};

/// Loads nodes through a chain of diffs (newest first), then the DB.
class ChainLoader final : public NodeLoader {
public:
    ChainLoader(const StateDb::Impl& impl, const std::vector<BlockDiffPtr>& chain)
        : impl_(impl), chain_(chain)
    {}
    [[nodiscard]] Result<StoredNodePtr, StateError> load(const ChildRef& ref,
                                                         size_t depth,
                                                         const Path& path) const override;
    /// Diffs and caches first; the rest in one sorted MultiGet (two halves on the pool when
    /// large). The nodes read go into the node cache for later blocks; the commit's read-ahead
    /// keeps what it read itself (commit_trie.cpp, Prefetched), so it does not depend on the
    /// LRU's capacity.
    [[nodiscard]] Result<std::vector<StoredNodePtr>, StateError> load_many(
        std::span<const NodeAddress> addresses) const override;

private:
    /// A node of the chain's diffs: found (non-null), absent from the chain (null, ok), or an
    /// error when the diff of that version lacks it.
    [[nodiscard]] Result<StoredNodePtr, StateError> from_chain(const ChildRef& ref,
                                                               size_t depth,
                                                               const Path& path) const;
    /// Reads keys[i] (sorted) into out[i], checking each against hashes[i]; caches them.
    Result<void, StateError> multi_get(std::span<const std::string> keys,
                                       std::span<const Fr> hashes,
                                       std::span<StoredNodePtr> out) const;

    const StateDb::Impl& impl_;
    const std::vector<BlockDiffPtr>& chain_;
};

/// Batch writer over a rocksdb::WriteBatch for the extra column families.
class ExtraBatchWriter final : public BatchWriter {
public:
    ExtraBatchWriter(const StateDb::Impl& impl, rocksdb::WriteBatch& batch)
        : impl_(impl), batch_(batch)
    {}
    [[nodiscard]] Result<void, StateError> put(std::string_view column_family,
                                               BytesView key,
                                               BytesView value) override;
    [[nodiscard]] Result<void, StateError> erase(std::string_view column_family,
                                                 BytesView key) override;

private:
    const StateDb::Impl& impl_;
    rocksdb::WriteBatch& batch_;
};

}  // namespace blend::trie
