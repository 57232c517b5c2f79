// SPDX-License-Identifier: Apache-2.0
#pragma once

// An in-memory Poseidon sparse Merkle binary trie with Scroll's shape rules (reference/trie.md
// §1.5, §5.4): leaves sit at the shallowest depth where their path is unique, a branch's type
// says which children are branches, and deleting collapses branches, so the shape — and the root —
// depend only on the final key set. Nodes are immutable and shared, so a copy of a MemTrie is a
// cheap snapshot (the basis for in-memory diff layers later).

#include "core/result.hpp"
#include "trie/node.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace blend::trie {

enum class TrieError : uint8_t {
    kDuplicateKey =
        1,           ///< the same key twice in one batch (a write set has one final value per key)
    kPathCollision,  ///< two keys agree on all 248 path bits (Scroll fails the update the same way)
};

[[nodiscard]] const char* to_string(TrieError e) noexcept;

/// One change of a block's write set: set the leaf's value hash, or delete the leaf (nullopt).
/// Deleting an absent key changes nothing (a write set may clear a slot that was never set).
struct LeafUpdate {
    Fr key;
    std::optional<Fr> value_hash;
};

class MemTrie {
public:
    struct MemNode;
    using NodePtr = std::shared_ptr<const MemNode>;

    /// The root hash; 0 for the empty trie.
    [[nodiscard]] Fr root_hash() const noexcept;

    /// The value hash stored under `key`, if any.
    [[nodiscard]] std::optional<Fr> get(const Fr& key) const noexcept;

    /// Applies a whole write set in one pass: the changed paths are rebuilt bottom-up and every
    /// new node is hashed exactly once; untouched subtrees and moved leaves keep their hashes. On
    /// error nothing changes.
    [[nodiscard]] Result<void, TrieError> apply(std::vector<LeafUpdate> updates);

    /// The proof for `key` (see trie/proof.hpp): encoded nodes from the root to the terminal node
    /// on the key's path. The trie keeps value hashes, not the words behind them, so a leaf is
    /// encoded with one uncompressed word holding its value hash, which hashes identically
    /// (a one-word value is its own hash); the storage layer will supply the real words.
    [[nodiscard]] std::vector<Bytes> prove(const Fr& key) const;

    /// Number of leaves.
    [[nodiscard]] size_t size() const noexcept;

private:
    NodePtr root_;
};

/// A node of the in-memory trie: a leaf (key, value hash) or a branch (two children, either may be
/// null = empty, never both). Public so that proofs and storage can walk it.
struct MemTrie::MemNode {
    NodeType type = NodeType::kEmpty;
    Fr hash;
    Fr key;         // leaf
    Fr value_hash;  // leaf
    NodePtr left;   // branch
    NodePtr right;  // branch
    size_t leaves = 0;
};

}  // namespace blend::trie
