// SPDX-License-Identifier: Apache-2.0
#include "trie/proof.hpp"

namespace blend::trie {

const char* to_string(ProofError e) noexcept
{
    switch (e) {
    case ProofError::kEmptyProof:
        return "empty proof";
    case ProofError::kMalformedNode:
        return "proof node does not decode";
    case ProofError::kRootMismatch:
        return "proof does not start at the root";
    case ProofError::kChildMismatch:
        return "proof node is not the child on the key's path";
    case ProofError::kTypeMismatch:
        return "branch type disagrees with its child";
    case ProofError::kNotTerminal:
        return "proof does not end at exactly one terminal node";
    case ProofError::kEmptySibling:
        return "leaf with an empty sibling";
    case ProofError::kForeignLeaf:
        return "absence leaf is not on the key's path";
    case ProofError::kTooDeep:
        return "proof deeper than the key's path";
    }
    return "unknown proof error";
}

Result<std::optional<Fr>, ProofError> verify_proof(const Fr& root,
                                                   const Fr& key,
                                                   std::span<const Bytes> proof)
{
    if (proof.empty())
        return Unexpected{ProofError::kEmptyProof};
    if (proof.size() - 1 > kMaxDepth)
        return Unexpected{ProofError::kTooDeep};
    std::vector<Node> nodes;
    nodes.reserve(proof.size());
    for (const Bytes& encoded : proof) {
        auto node = decode_node(encoded);
        if (!node)
            return Unexpected{ProofError::kMalformedNode};
        nodes.push_back(std::move(*node));
    }
    // Every node but the last is a branch; the last is terminal.
    for (size_t i = 0; i < nodes.size(); ++i)
        if (is_branch(nodes[i].type) != (i + 1 < nodes.size()))
            return Unexpected{ProofError::kNotTerminal};

    // Hash bottom-up and check each link against the parent's child on the key's side.
    auto child_hash = node_hash(nodes.back());
    if (!child_hash)
        return Unexpected{ProofError::kMalformedNode};
    Fr hash = *child_hash;
    for (size_t depth = nodes.size() - 1; depth-- > 0;) {
        const Node& parent = nodes[depth];
        const bool right = path_bit(key, depth);
        const Fr& on_path = right ? parent.right : parent.left;
        const Fr& sibling = right ? parent.left : parent.right;
        if (!(on_path == hash))
            return Unexpected{ProofError::kChildMismatch};
        const bool child_is_branch = is_branch(nodes[depth + 1].type);
        if ((right ? right_is_branch(parent.type) : left_is_branch(parent.type)) != child_is_branch)
            return Unexpected{ProofError::kTypeMismatch};
        // Shape invariant (§1.2): a type-6 branch holds two leaves; with an empty child the other
        // leaf would have moved up. (An empty child beside a branch, types 7/8, is normal.)
        if (parent.type == NodeType::kBranchTerminalTerminal &&
            (on_path.is_zero() || sibling.is_zero()))
            return Unexpected{ProofError::kEmptySibling};
        hash = branch_hash(parent.type, parent.left, parent.right);
    }
    if (!(hash == root))
        return Unexpected{ProofError::kRootMismatch};

    const Node& terminal = nodes.back();
    if (terminal.type == NodeType::kEmpty)
        return std::optional<Fr>{};
    if (terminal.key == key) {
        auto value = leaf_value_hash(terminal.words, terminal.compressed_flags);
        if (!value)
            return Unexpected{ProofError::kMalformedNode};
        return std::optional<Fr>{*value};
    }
    // Absence through another leaf: that leaf must sit on the key's path, i.e. share its first
    // `depth` path bits; otherwise the proof shows some other part of the trie.
    const size_t depth = nodes.size() - 1;
    for (size_t i = 0; i < depth; ++i)
        if (path_bit(terminal.key, i) != path_bit(key, i))
            return Unexpected{ProofError::kForeignLeaf};
    return std::optional<Fr>{};
}

}  // namespace blend::trie
