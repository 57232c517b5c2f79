// SPDX-License-Identifier: Apache-2.0
// Warming the pinned top levels of the node cache (trie.md §5.8) from the persisted tip's trie:
// breadth-first, one batched RocksDB read (MultiGet) per level, so start-up pays a few sorted batch
// reads instead of the first blocks paying ~2^pinned_depth single reads between them.

#include "trie/store/state_db_impl.hpp"

#include <algorithm>

namespace blend::trie {

Result<uint64_t, StateError> StateDb::warm_node_cache()
{
    ChildRef root;
    {
        const std::lock_guard lock(impl_->mutex);
        if (!impl_->has_tip)
            return Unexpected{StateError::kNotInitialized};
        BLEND_TRY(root, impl_->persisted_root(impl_->tip.number));
    }
    struct Pending {
        ChildRef ref;
        Path path;
    };
    std::vector<Pending> level;
    if (!root.hash.is_zero())
        level.push_back({root, Path{}});
    uint64_t loaded = 0;
    const size_t last_depth = impl_->cache.pinned_depth();
    for (size_t depth = 0; depth <= last_depth && !level.empty(); ++depth) {
        std::vector<std::string> keys;
        keys.reserve(level.size());
        for (const Pending& p : level)
            keys.push_back(node_db_key(p.ref.version, depth, p.path));
        // Sorted keys let MultiGet walk each SST file once.
        std::vector<size_t> order(level.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return keys[a] < keys[b]; });
        std::vector<rocksdb::Slice> slices;
        slices.reserve(order.size());
        for (size_t i : order)
            slices.emplace_back(keys[i]);
        std::vector<rocksdb::PinnableSlice> values(order.size());
        std::vector<rocksdb::Status> statuses(order.size());
        impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->cf(kCfTrieNode), slices.size(),
                            slices.data(), values.data(), statuses.data(), /*sorted_input=*/true);
        std::vector<Pending> next;
        for (size_t j = 0; j < order.size(); ++j) {
            const size_t i = order[j];
            if (statuses[j].IsNotFound())
                return Unexpected{StateError::kCorrupt};
            if (!statuses[j].ok())
                return Unexpected{impl_->fail(statuses[j])};
            const BytesView view(reinterpret_cast<const uint8_t*>(values[j].data()),
                                 values[j].size());
            auto node = decode_stored_node(view, level[i].ref.hash);
            if (!node)
                return Unexpected{StateError::kCorrupt};
            impl_->cache.put(keys[i], *node);
            ++loaded;
            const StoredNode& n = **node;
            if (n.type == NodeType::kLeaf || depth == last_depth)
                continue;
            // Empty children are not stored; terminal children are leaves, loaded like branches.
            if (!n.left.hash.is_zero())
                next.push_back({n.left, level[i].path});
            if (!n.right.hash.is_zero())
                next.push_back({n.right, with_bit(level[i].path, depth)});
        }
        level = std::move(next);
    }
    return loaded;
}

StateDb::NodeCacheStats StateDb::node_cache_stats() const
{
    const NodeCache::Stats s = impl_->cache.stats();
    return {s.pinned_hits, s.lru_hits, s.misses, s.pinned_nodes,
            impl_->batched_reads.load(std::memory_order_relaxed)};
}

}  // namespace blend::trie
