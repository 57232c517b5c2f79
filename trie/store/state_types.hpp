// SPDX-License-Identifier: Apache-2.0
#pragma once

// The value types of the state store's interface (docs/state.md, "State store"): errors, a block's
// write set, block selectors for reads, and open options.

#include "core/bytes.hpp"
#include "trie/state_keys.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace blend::trie {

enum class StateError : uint8_t {
    kDb = 1,          ///< RocksDB reported an I/O or corruption error (see StateDb::last_db_error)
    kSchemaMismatch,  ///< the database was written with another schema version (meta.schema)
    kCorrupt,         ///< a stored record does not decode, or a referenced record is missing
    kNotInitialized,  ///< no genesis has been committed yet
    kAlreadyInitialized,  ///< genesis committed twice
    kUnknownBlock,        ///< no retained block with this hash or number
    kUnknownParent,       ///< apply on top of a block that is neither a diff nor the persisted tip
    kDuplicateBlock,      ///< insert of a block hash that is already known
    kNotPersistable,      ///< persist of a block whose parent is not the persisted tip
    kBelowFinalized,      ///< unwind below the finalized block (never allowed, trie.md §5.6)
    kNothingToUnwind,     ///< unwind to a block at or above the persisted tip
    kPruned,              ///< the block is behind the pruning horizon: its trie or history is gone
    kDuplicateKey,        ///< an account or slot twice in one write set (one final value per key)
    kPathCollision,     ///< two keys share all 248 path bits (trie.md §5.2; Scroll fails the same)
    kWriteSetTooLarge,  ///< more entries than kMaxWriteSetEntries
    kCodeTooLarge,      ///< a code larger than kMaxStoredCodeSize
    kUnknownColumnFamily,  ///< an extra write to a column family not registered at open
};

[[nodiscard]] const char* to_string(StateError e) noexcept;

/// Bounds on one block's write set. A block is gas-limited long before these; they exist so that
/// a malformed caller cannot make one commit allocate without bound. 2^20 writes is ~50x what a
/// 30M-gas block can produce with 20k-gas SSTOREs (EIP-2200) and still fits one WriteBatch.
inline constexpr size_t kMaxWriteSetEntries = size_t{1} << 20;
/// Largest code stored by hash. EIP-170 caps EVM code at 24,576 bytes; rWasm modules translated
/// from Wasm are larger, and rwasm/ enforces its own module limit before this. 16 MiB bounds the
/// RocksDB value (its per-value limit is far higher) without constraining either.
inline constexpr size_t kMaxStoredCodeSize = size_t{16} << 20;

/// One account write: the account after the block, or nullopt when it is deleted (EIP-161 empty,
/// or destroyed). Storage of a deleted account is cleared by the caller with slot writes.
struct AccountWrite {
    Address address;
    std::optional<AccountLeaf> account;
};

/// One storage write: the slot's value after the block; zero deletes the slot (trie.md §5.3).
struct SlotWrite {
    Address address;
    Hash slot;
    Hash value;
};

/// A block's write set: final values only, each account and slot at most once. `codes` are new
/// code blobs, stored under their keccak-256 hash.
struct WriteSet {
    std::vector<AccountWrite> accounts;
    std::vector<SlotWrite> slots;
    std::vector<Bytes> codes;
};

/// Which block a read or proof refers to.
class At {
public:
    /// The head set by StateDb::set_head (initially the persisted tip).
    static At latest() noexcept { return At{Kind::kLatest, 0, {}}; }
    /// A block on the head's chain (a diff above the persisted tip, or a persisted block).
    static At number(uint64_t n) noexcept { return At{Kind::kNumber, n, {}}; }
    /// A block by hash: any diff (side forks too) or the persisted tip.
    static At hash(const Hash& h) noexcept { return At{Kind::kHash, 0, h}; }

    enum class Kind : uint8_t { kLatest, kNumber, kHash };
    [[nodiscard]] Kind kind() const noexcept { return kind_; }
    [[nodiscard]] uint64_t block_number() const noexcept { return number_; }
    [[nodiscard]] const Hash& block_hash() const noexcept { return hash_; }

private:
    At(Kind k, uint64_t n, const Hash& h) : kind_(k), number_(n), hash_(h) {}
    Kind kind_;
    uint64_t number_;
    Hash hash_;
};

/// Defaults for StateOptions.
inline constexpr size_t kDefaultNodeCacheEntries = size_t{1} << 18;
inline constexpr size_t kDefaultBlockCacheBytes = size_t{512} << 20;
/// trie.md §5.8: a path-keyed cache of the top levels, never evicted. Depth 20 is 2^21 - 1 slots
/// (48 MiB of slots, allocated per level as nodes arrive) and ~400 MiB of nodes once full, which
/// a trie of 2^21 leaves reaches (the 10^6 + 10^6 bench: peak RSS 601 -> 995 MB against depth
/// 18): of the ~22 levels of a 2 * 10^6-leaf trie, the 21 on every path are in memory and ~2 per
/// path are read from RocksDB. Against depth 18 a block of 1,000 transfers reads 9.0k nodes
/// instead of 16.9k and its commit takes ~12 % less CPU ("Commit speed: seventh session" in
/// docs/state.md); warming the levels at start-up takes ~4 s instead of ~1 s.
inline constexpr size_t kDefaultPinnedDepth = 20;
/// Bound on StateOptions::pinned_depth: 2^25 slots (800 MiB of slots alone) is far past useful.
inline constexpr size_t kMaxPinnedDepth = 24;
/// trie.md §5.4 suggests k = 3-4 split bits: 2^k subtrees keep both cores busy even when the
/// write set is uneven, and the <= 2^k - 1 nodes above them are hashed serially.
inline constexpr unsigned kDefaultSplitBits = 3;
/// Blocks with at least this many writes have their paths read level by level (one load_many
/// per trie level) before the commit walks them: a block of 4,000 writes on a 2 * 10^6-leaf
/// trie reads ~17k nodes below the pinned levels, and one batched read per level costs about
/// 60 % of the CPU of single reads (measured with RocksDB 7.8: 3.9 vs 6.5 us per node). The
/// threshold itself is not tuned: a small block reads few nodes, and its read-ahead walk would
/// repeat every cached lookup of the commit for little gain.
inline constexpr size_t kDefaultPrefetchMinWrites = 64;
/// trie.md §5.6: proofs for the last 128 blocks; history for ~90k blocks (about a day at 1 s).
inline constexpr uint64_t kDefaultProofWindow = 128;
inline constexpr uint64_t kDefaultHistoryWindow = 90'000;

struct StateOptions {
    size_t node_cache_entries = kDefaultNodeCacheEntries;
    size_t block_cache_bytes = kDefaultBlockCacheBytes;
    /// Trie levels 0..pinned_depth are cached by position, never evicted (node_cache.hpp);
    /// clamped to kMaxPinnedDepth.
    size_t pinned_depth = kDefaultPinnedDepth;
    unsigned threads = 2;  ///< threads used by a commit (the caller's included); 1 = serial
    unsigned split_bits = kDefaultSplitBits;
    /// Commits of at least this many writes read their paths ahead in per-level batches
    /// (commit_trie.hpp); SIZE_MAX never does.
    size_t prefetch_min_writes = kDefaultPrefetchMinWrites;
    uint64_t proof_window = kDefaultProofWindow;      ///< UINT64_MAX keeps every trie (archive)
    uint64_t history_window = kDefaultHistoryWindow;  ///< UINT64_MAX keeps all history
    /// Column families the caller writes in the same batch as a block (the chain store: headers,
    /// bodies, receipts, head; issue 8). Names must not clash with the state's own.
    std::vector<std::string> extra_column_families;
    bool sync_writes =
        false;  ///< fsync each batch (power-loss safety; a process crash is safe either way)
    /// RocksDB's compaction threads run at the lowest CPU priority (nice 19), so that they yield
    /// to the commit's threads; flushes keep normal priority (open_state_db.cpp). Process-wide
    /// once set.
    bool low_priority_background = true;
};

}  // namespace blend::trie
