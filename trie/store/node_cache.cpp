// SPDX-License-Identifier: Apache-2.0
#include "trie/store/node_cache.hpp"

namespace blend::trie {

StoredNodePtr NodeCache::get(const std::string& key)
{
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end())
        return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
}

void NodeCache::put(const std::string& key, StoredNodePtr node)
{
    if (capacity_ == 0)
        return;
    const std::lock_guard lock(mutex_);
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
}

}  // namespace blend::trie
