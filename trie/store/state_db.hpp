// SPDX-License-Identifier: Apache-2.0
#pragma once

// The state store (trie.md §5.5-5.7; docs/state.md "State store"): the Poseidon trie and flat
// state on RocksDB, with per-key history, in-memory diff layers above the persisted tip, deep
// unwind, pruning behind a horizon, and proofs. This is the interface the executor uses; it holds
// no execution logic. Values in, values out: every call returns Result<T, StateError>.
//
// Lifecycle of a block: apply(parent, write set) -> a BlockDiff with the new root; insert(diff,
// block hash) once the header is sealed; set_head() on fork choice; persist() each canonical block
// once it is deep enough (one WriteBatch, with the caller's records in it); unwind_to() for a reorg
// below the persisted tip; prune() now and then (any thread).

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "trie/node.hpp"
#include "trie/store/state_types.hpp"
#include "trie/store/stored_node.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blend::trie {

/// On-disk format version, kept in `meta`; open() refuses any other (there is no migration yet).
inline constexpr uint64_t kStateSchemaVersion = 1;

/// A block's state change in memory (trie.md §5.6): the write set, the trie records it created and
/// replaced, and the root. Immutable once built; shared by the diff tree.
class BlockDiff;
using BlockDiffPtr = std::shared_ptr<const BlockDiff>;

/// Lets a caller put its own records into the WriteBatch that persists a block (issue 8: header,
/// body, receipts and head in the same atomic write). Only column families registered in
/// StateOptions::extra_column_families.
class BatchWriter {
public:
    virtual ~BatchWriter() = default;
    [[nodiscard]] virtual Result<void, StateError> put(std::string_view column_family,
                                                       BytesView key,
                                                       BytesView value) = 0;
    [[nodiscard]] virtual Result<void, StateError> erase(std::string_view column_family,
                                                         BytesView key) = 0;
};
/// Called while a block's batch is being built, before it is written.
using ExtraWrites = std::function<Result<void, StateError>(uint64_t block, BatchWriter&)>;

struct BlockInfo {
    uint64_t number = 0;
    Hash hash;
    Fr root;
};

struct PruneStats {
    uint64_t trie_horizon = 0;     ///< lowest block whose trie (proofs) is still complete
    uint64_t history_horizon = 0;  ///< lowest block whose state reads are still exact
    size_t deleted = 0;            ///< records deleted in this run
    bool done = true;              ///< false when the run stopped at its bound with work left
};

class StateDb {
public:
    ~StateDb();
    StateDb(const StateDb&) = delete;
    StateDb& operator=(const StateDb&) = delete;

    /// Opens (creating if missing) the database in `dir`; checks the schema version.
    [[nodiscard]] static Result<std::unique_ptr<StateDb>, StateError> open(
        const std::string& dir,
        const StateOptions& options = {});

    /// True when genesis has been committed.
    [[nodiscard]] bool initialized() const;
    /// Commits block 0 directly to disk (one batch, with the caller's extra records).
    [[nodiscard]] Result<BlockInfo, StateError> commit_genesis(const Hash& block_hash,
                                                               WriteSet writes,
                                                               const ExtraWrites& extra = {});

    // --- block lifecycle -------------------------------------------------------------------
    /// Builds the diff of `writes` on top of `parent` (a diff or the persisted tip); the root is
    /// diff->root(). Nothing is visible until insert().
    [[nodiscard]] Result<BlockDiffPtr, StateError> apply(const Hash& parent, WriteSet writes);
    /// Makes a diff readable under its block hash (a sibling of other diffs is fine).
    [[nodiscard]] Result<void, StateError> insert(const BlockDiffPtr& diff, const Hash& block_hash);
    /// Fork choice: the block `latest` reads refer to. A pointer change when the block is a diff
    /// or the persisted tip.
    [[nodiscard]] Result<void, StateError> set_head(const Hash& block_hash);
    /// The finalized block number (persisted with the next batch); unwind never goes below it.
    [[nodiscard]] Result<void, StateError> set_finalized(uint64_t number);
    /// Persists diff `block_hash`, whose parent must be the persisted tip, as one WriteBatch
    /// together with `extra`; diffs that forked below it are dropped.
    [[nodiscard]] Result<void, StateError> persist(const Hash& block_hash,
                                                   const ExtraWrites& extra = {});
    /// The head chain's diffs at least `depth` blocks below the head, oldest first: what to
    /// persist.
    [[nodiscard]] std::vector<Hash> persistable(uint64_t depth) const;
    /// Rolls the persisted state back to block `number` (>= finalized, < persisted tip), one batch
    /// per block (with `extra`, called with the block being removed); drops every diff.
    [[nodiscard]] Result<void, StateError> unwind_to(uint64_t number,
                                                     const ExtraWrites& extra = {});
    /// Deletes stale trie records and superseded history behind the horizons, at most
    /// `max_records` per call. Safe to call from a background thread while blocks are committed.
    [[nodiscard]] Result<PruneStats, StateError> prune(size_t max_records);
    /// Compacts every column family, so pruned records and their tombstones leave the disk now
    /// rather than at RocksDB's next compaction (operators, benchmarks). Can take minutes.
    [[nodiscard]] Result<void, StateError> compact();

    // --- reads -----------------------------------------------------------------------------
    [[nodiscard]] Result<std::optional<AccountLeaf>, StateError> account(const Address& a,
                                                                         const At& at) const;
    /// Zero when the slot is unset.
    [[nodiscard]] Result<Hash, StateError> storage(const Address& a,
                                                   const Hash& slot,
                                                   const At& at) const;
    /// Code by keccak hash (code is content-addressed, so no block is needed).
    [[nodiscard]] Result<std::optional<Bytes>, StateError> code(const Hash& code_hash) const;
    [[nodiscard]] Result<BlockInfo, StateError> block(const At& at) const;
    [[nodiscard]] BlockInfo persisted_tip() const;
    [[nodiscard]] uint64_t finalized() const;
    /// A caller record in an extra column family.
    [[nodiscard]] Result<std::optional<Bytes>, StateError> get_extra(std::string_view column_family,
                                                                     BytesView key) const;

    /// Visits every account and every non-zero slot of the flat state at the persisted tip
    /// (snapshots, consistency checks: the crash test rebuilds the root from these).
    [[nodiscard]] Result<void, StateError> scan_flat_state(
        const std::function<void(const Address&, const AccountLeaf&)>& on_account,
        const std::function<void(const Address&, const Hash&, const Hash&)>& on_slot) const;

    /// Visits the non-zero slots of account `a` at block `at`, in ascending slot order, until
    /// `visit` returns false. One global trie holds all storage, so this is how a caller finds the
    /// slots to clear when an account is deleted, and whether an account has storage (EIP-7610).
    [[nodiscard]] Result<void, StateError> visit_slots(
        const Address& a,
        const At& at,
        const std::function<bool(const Hash& slot, const Hash& value)>& visit) const;

    // --- proofs (trie.md §5.7) ---------------------------------------------------------------
    /// Canonical nodes from the state root at `at` to the terminal node of the account's key.
    [[nodiscard]] Result<std::vector<Bytes>, StateError> prove_account(const Address& a,
                                                                       const At& at) const;
    [[nodiscard]] Result<std::vector<Bytes>, StateError> prove_storage(const Address& a,
                                                                       const Hash& slot,
                                                                       const At& at) const;

    // --- node cache (trie.md §5.8) -------------------------------------------------------------
    /// Loads the persisted tip's trie levels 0..StateOptions::pinned_depth into the pinned cache
    /// (batched reads, level by level), so the first blocks after start-up do not read them one
    /// by one. Returns the number of nodes loaded. Optional: the cache also fills as blocks load
    /// and persist nodes.
    [[nodiscard]] Result<uint64_t, StateError> warm_node_cache();
    struct NodeCacheStats {
        uint64_t pinned_hits = 0;   ///< loads served by the pinned top levels
        uint64_t lru_hits = 0;      ///< loads served by the LRU
        uint64_t misses = 0;        ///< lookups that missed both tiers (went to RocksDB)
        uint64_t pinned_nodes = 0;  ///< occupied pinned slots
        /// Of the misses, nodes read in batches (a commit's level-by-level read-ahead, one
        /// MultiGet per level); the others were single reads.
        uint64_t batched_reads = 0;
    };
    /// Counters since open (for benchmarks and operators).
    [[nodiscard]] NodeCacheStats node_cache_stats() const;

    /// The message of the last RocksDB error (for logs).
    [[nodiscard]] std::string last_db_error() const;

    class Impl;

private:
    explicit StateDb(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// An entry of a diff's node index: where one of its new records sits. Integers rather than the
/// `trie_node` key strings: a block of 1,000 transfers has ~46k new records, and sorting their
/// string keys was a serial ~15-30 ms step of every commit.
struct DiffNodeSlot {
    Path path{};  ///< prefix, bits at and above depth clear
    uint32_t depth = 0;
    uint32_t index = 0;  ///< into the diff's records
};

class BlockDiff {
public:
    [[nodiscard]] uint64_t number() const noexcept { return number_; }
    [[nodiscard]] const Fr& root() const noexcept { return root_.hash; }

private:
    friend class StateDb;
    friend class StateDb::Impl;
    uint64_t number_ = 0;
    Hash parent_;  // parent block hash
    ChildRef root_;
    // The parent diff; null once the parent is persisted. Guarded by the diff tree's mutex.
    mutable BlockDiffPtr parent_diff_;
    // Final values of the block, keyed by address / address ‖ slot.
    std::vector<AccountWrite> accounts_;
    std::vector<SlotWrite> slots_;
    std::vector<std::pair<Hash, Bytes>> codes_;
    std::vector<std::pair<std::string, StoredNodePtr>> nodes_;
    std::vector<std::string> stale_;
    // Lookup indexes (sorted) for reads through the diff.
    std::vector<std::pair<Address, size_t>> account_index_;
    std::vector<std::pair<std::string, size_t>> slot_index_;
    // nodes_ by position (every record of a diff has version number_), sorted by depth, path.
    std::vector<DiffNodeSlot> node_index_;
};

}  // namespace blend::trie
