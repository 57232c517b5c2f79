// SPDX-License-Identifier: Apache-2.0
#include "trie/store/node_cache.hpp"

#include "core/assert.hpp"
#include "trie/store/state_types.hpp"

#include <algorithm>

namespace blend::trie {

NodeCache::NodeCache(size_t capacity, size_t pinned_depth)
    : capacity_(capacity),
      pinned_depth_(std::min(pinned_depth, kMaxPinnedDepth)),
      pinned_(pinned_depth_ + 1)
{}

NodeCache::Position NodeCache::pinned_position(const std::string& key) const noexcept
{
    Position pos;
    NodeKeyParts parts;
    if (!parse_node_db_key(key, parts) || parts.depth > pinned_depth_)
        return pos;
    pos.version = parts.version;
    pos.depth = parts.depth;
    // Pinned levels are at most kMaxPinnedDepth (< 64) deep, so the path is its first limb;
    // node_db_key clears the bits at and above depth.
    static_assert(kMaxPinnedDepth < 64);
    pos.index = static_cast<size_t>(parts.path[0]);
    return pos;
}

StoredNodePtr NodeCache::get(const std::string& key)
{
    const std::lock_guard lock(mutex_);
    return get_locked(key);
}

void NodeCache::get_many(std::span<const std::string> keys, std::span<StoredNodePtr> out)
{
    BLEND_ASSERT(keys.size() == out.size());
    const std::lock_guard lock(mutex_);
    for (size_t i = 0; i < keys.size(); ++i)
        if (!out[i])
            out[i] = get_locked(keys[i]);
}

static_assert(kMaxPinnedDepth < 64, "a pinned position's index is the path's first limb");

void NodeCache::get_many_pinned(std::span<const NodeAddress> addresses,
                                std::span<StoredNodePtr> out)
{
    BLEND_ASSERT(addresses.size() == out.size());
    uint64_t hits = 0;
    const std::shared_lock lock(mutex_);
    for (size_t i = 0; i < addresses.size(); ++i) {
        const NodeAddress& a = addresses[i];
        if (out[i] || a.depth > pinned_depth_ || pinned_[a.depth].empty())
            continue;
        // The index as pinned_position reads it from the key: the path's first `depth` bits
        // (depth <= kMaxPinnedDepth < 64: one limb).
        const uint64_t mask = (uint64_t{1} << a.depth) - 1;
        const Slot& slot = pinned_[a.depth][static_cast<size_t>(a.path[0] & mask)];
        if (slot.node && slot.version == a.ref.version) {
            out[i] = slot.node;
            ++hits;
        }
    }
    pinned_hits_.fetch_add(hits, std::memory_order_relaxed);
}

StoredNodePtr NodeCache::get_locked(const std::string& key)
{
    const Position pos = pinned_position(key);
    if (pos.depth != SIZE_MAX && !pinned_[pos.depth].empty()) {
        const Slot& slot = pinned_[pos.depth][pos.index];
        if (slot.node && slot.version == pos.version) {
            pinned_hits_.fetch_add(1, std::memory_order_relaxed);
            return slot.node;
        }
    }
    const auto it = index_.find(key);
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    ++lru_hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
}

void NodeCache::put(const std::string& key, StoredNodePtr node)
{
    const std::lock_guard lock(mutex_);
    put_locked(key, std::move(node), true);
}

void NodeCache::put_many_pinned(std::span<const std::string> keys,
                                std::span<const StoredNodePtr> nodes)
{
    BLEND_ASSERT(keys.size() == nodes.size());
    const std::lock_guard lock(mutex_);
    for (size_t i = 0; i < keys.size(); ++i)
        put_locked(keys[i], nodes[i], false);
}

void NodeCache::put_locked(const std::string& key, StoredNodePtr node, bool lru)
{
    const Position pos = pinned_position(key);
    if (pos.depth != SIZE_MAX) {
        std::vector<Slot>& level = pinned_[pos.depth];
        if (level.empty())
            level.resize(size_t{1} << pos.depth);
        Slot& slot = level[pos.index];
        if (!slot.node || slot.version <= pos.version) {
            // The newest record at a position is the one the tip's trie (and the next block) uses.
            pinned_count_ += slot.node ? 0 : 1;
            slot = {pos.version, std::move(node)};
            return;
        }
    }
    if (capacity_ == 0 || !lru)
        return;
    // One probe for both cases (present: refresh; absent: insert), not a find and an emplace.
    const auto [it, inserted] = index_.try_emplace(key);
    if (!inserted) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    lru_.emplace_front(key, std::move(node));
    it->second = lru_.begin();
    if (lru_.size() > capacity_) {
        index_.erase(lru_.back().first);
        lru_.pop_back();
    }
}

void NodeCache::clear()
{
    const std::lock_guard lock(mutex_);
    index_.clear();
    lru_.clear();
    for (std::vector<Slot>& level : pinned_)
        std::vector<Slot>().swap(level);
    pinned_count_ = 0;
}

NodeCache::Stats NodeCache::stats() const
{
    const std::lock_guard lock(mutex_);
    return {pinned_hits_.load(std::memory_order_relaxed), lru_hits_, misses_, pinned_count_};
}

}  // namespace blend::trie
