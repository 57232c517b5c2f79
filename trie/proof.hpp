// SPDX-License-Identifier: Apache-2.0
#pragma once

// Merkle proofs for the Poseidon SMBT (reference/trie.md §1.7, §5.7): the canonical encodings of
// the nodes from the root down to the terminal node on the key's path, root first. The terminal
// node is the key's leaf (existence), or an empty node or a leaf with another key (absence).

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "trie/node.hpp"

#include <optional>
#include <span>
#include <vector>

namespace blend::trie {

enum class ProofError : uint8_t {
    kEmptyProof = 1,  ///< no nodes
    kMalformedNode,   ///< a node that does not decode (see NodeError)
    kRootMismatch,    ///< the first node does not hash to the root
    kChildMismatch,   ///< a node does not hash to the child its parent holds on the key's side
    kTypeMismatch,    ///< a parent's type flag disagrees with the child's kind (§1.2)
    kNotTerminal,     ///< the last node is a branch, or a terminal node is not last
    kEmptySibling,    ///< a leaf below a branch whose other child is empty (never in a valid trie)
    kForeignLeaf,     ///< an absence leaf whose key does not share the path that leads to it
    kTooDeep,         ///< more than 248 branches
};

[[nodiscard]] const char* to_string(ProofError e) noexcept;

/// Checks `proof` against `root` for `key`. Returns the leaf's value hash when the key exists,
/// nullopt when the proof shows it absent, or an error when the proof is invalid.
[[nodiscard]] Result<std::optional<Fr>, ProofError> verify_proof(const Fr& root,
                                                                 const Fr& key,
                                                                 std::span<const Bytes> proof);

}  // namespace blend::trie
