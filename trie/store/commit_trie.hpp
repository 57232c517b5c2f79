// SPDX-License-Identifier: Apache-2.0
#pragma once

// One block's batched trie update over lazily loaded, versioned nodes (trie.md §5.4, §5.6): the
// touched paths are loaded through a NodeLoader, rebuilt bottom-up with every new node hashed once,
// and the result is the set of new records (version = the block) plus the records they replace
// (the block's stale entries). The top `split_bits` levels fan out over a ThreadPool.

#include "core/result.hpp"
#include "trie/store/state_types.hpp"
#include "trie/store/stored_node.hpp"
#include "trie/store/thread_pool.hpp"

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace blend::trie {

/// Where the commit reads nodes it did not create: diffs above the persisted tip, then the DB.
class NodeLoader {
public:
    virtual ~NodeLoader() = default;
    /// The node `ref` points to, stored at (ref.version, depth, path).
    [[nodiscard]] virtual Result<StoredNodePtr, StateError> load(const ChildRef& ref,
                                                                 size_t depth,
                                                                 const Path& path) const = 0;
    /// The nodes at `addresses`, in order. This default loads them one by one; a loader backed
    /// by a database reads those it does not hold in memory in one batch. The commit's read-ahead
    /// calls it from two threads at once (and load() only after both are done).
    [[nodiscard]] virtual Result<std::vector<StoredNodePtr>, StateError> load_many(
        std::span<const NodeAddress> addresses) const;
};

/// One leaf change: the new leaf (its hash and canonical encoding), or nullopt to delete the key.
struct TrieWrite {
    Fr key;
    struct Leaf {
        Fr hash;
        Bytes encoding;
    };
    std::optional<Leaf> leaf;
};

struct TrieCommit {
    ChildRef root;                                             ///< hash 0 = empty trie
    std::vector<std::pair<std::string, StoredNodePtr>> nodes;  ///< new records by trie_node key
    std::vector<std::string> stale;  ///< trie_node keys of the records this block replaced
};

/// Applies `writes` to the trie whose root is `root`, writing new nodes with `version`.
/// `pool` may be null (serial). With at least `prefetch_min_writes` writes, the nodes on the
/// writes' paths are first read level by level through NodeLoader::load_many. Fails with
/// kDuplicateKey / kPathCollision / a load error, and then produces nothing.
[[nodiscard]] Result<TrieCommit, StateError> commit_trie(const NodeLoader& loader,
                                                         const ChildRef& root,
                                                         std::vector<TrieWrite> writes,
                                                         uint64_t version,
                                                         ThreadPool* pool,
                                                         unsigned split_bits,
                                                         size_t prefetch_min_writes = SIZE_MAX);

/// The proof for `key` in the trie at `root`: canonical encodings from the root to the terminal
/// node on the key's path (see trie/proof.hpp).
[[nodiscard]] Result<std::vector<Bytes>, StateError> prove_key(const NodeLoader& loader,
                                                               const ChildRef& root,
                                                               const Fr& key);

}  // namespace blend::trie
