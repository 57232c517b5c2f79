// SPDX-License-Identifier: Apache-2.0
#pragma once

// Trie node caches by `trie_node` key (trie.md §5.8). Records never change once written, so a
// cached node is valid for as long as its record exists; unwinding clears the caches.
//
// Two tiers:
// - the *pinned* tier: one slot per trie position (depth, path) for depth <= pinned_depth, holding
//   the newest persisted record seen at that position. The upper levels are on the path of almost
//   every update, so they are never evicted (an LRU of 2^18 nodes lost levels 13-18 between blocks:
//   a block of 4,000 writes loads ~50k nodes). A level's 2^depth slots are allocated when its first
//   node arrives, so a small trie pays for the levels it has; bounded by 2^(pinned_depth+1) - 1.
// - an LRU below it (and for older versions of pinned positions: proofs at older blocks).

#include "trie/store/stored_node.hpp"

#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace blend::trie {

class NodeCache {
public:
    /// `pinned_depth` is clamped to kMaxPinnedDepth (state_types.hpp); 0 pins only the root.
    NodeCache(size_t capacity, size_t pinned_depth);

    [[nodiscard]] StoredNodePtr get(const std::string& key);
    /// For every i with out[i] null: the pinned slot's node when it holds addresses[i]'s version.
    /// No key strings, and under a shared lock, so both read-ahead threads look up a level at
    /// once (the pinned tier is ~36k of a block's ~45k lookups at pinned depth 20). Misses are not
    /// counted here: the caller looks them up with get_many next.
    void get_many_pinned(std::span<const NodeAddress> addresses, std::span<StoredNodePtr> out);
    /// For every i with out[i] null: out[i] = get(keys[i]), under one lock (the commit's
    /// read-ahead looks up a whole trie level from two threads; a lock per node made them take
    /// turns thousands of times per level).
    void get_many(std::span<const std::string> keys, std::span<StoredNodePtr> out);
    void put(const std::string& key, StoredNodePtr node);
    /// The pinned-tier part of put(keys[i], nodes[i]) for every i, under one lock: a batched
    /// read's nodes. Nodes below the pinned levels skip the LRU: the commit's read-ahead keeps
    /// its own, and the next block's writes take other paths (in the 10^6 + 10^6 bench, 253 LRU
    /// hits per block against 16,820 nodes inserted; each insert was three probes of a 2^18-entry
    /// table plus an eviction). New records still enter the LRU when persisted.
    void put_many_pinned(std::span<const std::string> keys, std::span<const StoredNodePtr> nodes);
    void clear();

    struct Stats {
        uint64_t pinned_hits = 0;
        uint64_t lru_hits = 0;
        uint64_t misses = 0;
        uint64_t pinned_nodes = 0;  ///< occupied pinned slots
    };
    [[nodiscard]] Stats stats() const;
    [[nodiscard]] size_t pinned_depth() const noexcept { return pinned_depth_; }

private:
    struct Slot {
        uint64_t version = 0;
        StoredNodePtr node;
    };
    struct Position {
        size_t depth = SIZE_MAX;  ///< SIZE_MAX: not a pinned position
        size_t index = 0;         ///< the path's bits as an integer, < 2^depth
        uint64_t version = 0;
    };
    /// Where a `trie_node` key sits among the pinned levels.
    [[nodiscard]] Position pinned_position(const std::string& key) const noexcept;
    void put_locked(const std::string& key, StoredNodePtr node, bool lru);  // mutex_ held
    [[nodiscard]] StoredNodePtr get_locked(const std::string& key);         // mutex_ held

    using Lru = std::list<std::pair<std::string, StoredNodePtr>>;
    size_t capacity_;
    size_t pinned_depth_;
    // Exclusive for the LRU and for writes; shared for get_many_pinned.
    mutable std::shared_mutex mutex_;
    Lru lru_;  // most recent first
    std::unordered_map<std::string, Lru::iterator> index_;
    std::vector<std::vector<Slot>> pinned_;  // pinned_[d][p]: depth d, path p; empty until used
    uint64_t pinned_count_ = 0;
    std::atomic<uint64_t> pinned_hits_{0};  // counted under the shared lock too
    uint64_t lru_hits_ = 0;
    uint64_t misses_ = 0;
};

}  // namespace blend::trie
