// SPDX-License-Identifier: Apache-2.0
#include "trie/store/node_cache.hpp"

#include "trie/store/state_types.hpp"

#include <algorithm>

namespace blend::trie {

NodeCache::NodeCache(size_t capacity, size_t pinned_depth)
    : capacity_(capacity),
      pinned_depth_(std::min(pinned_depth, kMaxPinnedDepth)),
      pinned_((size_t{2} << pinned_depth_) - 1)
{}

size_t NodeCache::pinned_index(const std::string& key, uint64_t& version) const noexcept
{
    // node_db_key: version u64 BE ‖ depth u8 ‖ ceil(depth/8) path bytes, bits LSB first.
    if (key.size() < 9)
        return SIZE_MAX;
    const auto* k = reinterpret_cast<const uint8_t*>(key.data());
    const size_t depth = k[8];
    if (depth > pinned_depth_ || key.size() != 9 + (depth + 7) / 8)
        return SIZE_MAX;
    version = 0;
    for (size_t i = 0; i < 8; ++i)
        version = (version << 8) | k[i];
    uint64_t path = 0;
    for (size_t i = 0; i < (depth + 7) / 8; ++i)
        path |= uint64_t{k[9 + i]} << (8 * i);
    return (size_t{1} << depth) - 1 + static_cast<size_t>(path);
}

StoredNodePtr NodeCache::get(const std::string& key)
{
    uint64_t version = 0;
    const size_t slot = pinned_index(key, version);
    const std::lock_guard lock(mutex_);
    if (slot != SIZE_MAX && pinned_[slot].node && pinned_[slot].version == version) {
        ++pinned_hits_;
        return pinned_[slot].node;
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
    uint64_t version = 0;
    const size_t slot = pinned_index(key, version);
    const std::lock_guard lock(mutex_);
    if (slot != SIZE_MAX && (!pinned_[slot].node || pinned_[slot].version <= version)) {
        // The newest record at a position is the one the tip's trie (and the next block) uses.
        pinned_count_ += pinned_[slot].node ? 0 : 1;
        pinned_[slot] = {version, std::move(node)};
        return;
    }
    if (capacity_ == 0)
        return;
    const auto it = index_.find(key);
    if (it != index_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    lru_.emplace_front(key, std::move(node));
    index_.emplace(key, lru_.begin());
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
    std::fill(pinned_.begin(), pinned_.end(), Slot{});
    pinned_count_ = 0;
}

NodeCache::Stats NodeCache::stats() const
{
    const std::lock_guard lock(mutex_);
    return {pinned_hits_, lru_hits_, misses_, pinned_count_};
}

}  // namespace blend::trie
