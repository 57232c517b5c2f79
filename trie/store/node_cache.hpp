// SPDX-License-Identifier: Apache-2.0
#pragma once

// An LRU of trie nodes by `trie_node` key (trie.md §5.8). Records never change once written, so a
// cached node is valid for as long as its record exists; unwinding clears the cache.

#include "trie/store/stored_node.hpp"

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace blend::trie {

class NodeCache {
public:
    explicit NodeCache(size_t capacity) : capacity_(capacity) {}

    [[nodiscard]] StoredNodePtr get(const std::string& key);
    void put(const std::string& key, StoredNodePtr node);
    void clear();

private:
    using Lru = std::list<std::pair<std::string, StoredNodePtr>>;
    size_t capacity_;
    std::mutex mutex_;
    Lru lru_;  // most recent first
    std::unordered_map<std::string, Lru::iterator> index_;
};

}  // namespace blend::trie
