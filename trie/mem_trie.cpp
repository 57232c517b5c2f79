// SPDX-License-Identifier: Apache-2.0
#include "trie/mem_trie.hpp"

#include "core/bytes.hpp"

#include <algorithm>
#include <span>

namespace blend::trie {
namespace {

using NodePtr = MemTrie::NodePtr;
using MemNode = MemTrie::MemNode;

/// An update with its key's canonical limbs, so path bits are a shift and a mask.
struct Entry {
    field::Limbs<4> bits;
    Fr key;
    std::optional<Fr> value_hash;
    NodePtr existing;  // set when the entry is an untouched leaf being carried along
};

bool bit_of(const field::Limbs<4>& bits, size_t depth) noexcept
{
    return ((bits[depth / 64] >> (depth % 64)) & 1) != 0;
}

bool is_branch_node(const NodePtr& n) noexcept
{
    return n != nullptr && is_branch(n->type);
}

NodePtr make_leaf(const Fr& key, const Fr& value_hash)
{
    auto n = std::make_shared<MemNode>();
    n->type = NodeType::kLeaf;
    n->key = key;
    n->value_hash = value_hash;
    n->hash = leaf_hash(key, value_hash);
    n->leaves = 1;
    return n;
}

/// The node for two (possibly empty) children one level down: empty when both are empty, the
/// leaf itself when the other side is empty (it moves up: a leaf's sibling is never empty),
/// otherwise a branch typed by its children's kinds (trie.md §1.2).
NodePtr join(NodePtr left, NodePtr right)
{
    if (left == nullptr && right == nullptr)
        return nullptr;
    if (left == nullptr && !is_branch_node(right))
        return right;
    if (right == nullptr && !is_branch_node(left))
        return left;
    auto n = std::make_shared<MemNode>();
    n->type = branch_type(is_branch_node(left), is_branch_node(right));
    n->hash =
        branch_hash(n->type, left ? left->hash : Fr::zero(), right ? right->hash : Fr::zero());
    n->leaves = (left ? left->leaves : 0) + (right ? right->leaves : 0);
    n->left = std::move(left);
    n->right = std::move(right);
    return n;
}

/// Builds the subtree at `depth` holding exactly `entries` (deletes already removed).
Result<NodePtr, TrieError> build(std::span<Entry> entries, size_t depth)
{
    if (entries.empty())
        return NodePtr{};
    if (entries.size() == 1) {
        Entry& e = entries[0];
        return e.existing ? e.existing : make_leaf(e.key, *e.value_hash);
    }
    if (depth >= kMaxDepth)
        return Unexpected{TrieError::kPathCollision};
    const auto mid = std::stable_partition(entries.begin(), entries.end(),
                                           [&](const Entry& e) { return !bit_of(e.bits, depth); });
    const size_t split = static_cast<size_t>(mid - entries.begin());
    BLEND_TRY(NodePtr left, build(entries.first(split), depth + 1));
    BLEND_TRY(NodePtr right, build(entries.subspan(split), depth + 1));
    return join(std::move(left), std::move(right));
}

Result<NodePtr, TrieError> apply_at(const NodePtr& node, std::span<Entry> updates, size_t depth)
{
    if (updates.empty())
        return node;
    if (node == nullptr || node->type == NodeType::kLeaf) {
        // Rebuild this subtree from its final leaf set: the updates that write, plus the existing
        // leaf unless an update replaces or deletes it.
        std::vector<Entry> final_set;
        bool leaf_touched = false;
        for (Entry& e : updates) {
            if (node != nullptr && e.key == node->key) {
                leaf_touched = true;
                if (e.value_hash && *e.value_hash == node->value_hash) {
                    final_set.push_back({e.bits, e.key, e.value_hash, node});  // unchanged value
                    continue;
                }
            }
            if (e.value_hash)
                final_set.push_back(e);
        }
        if (node != nullptr && !leaf_touched)
            final_set.push_back({node->key.to_canonical(), node->key, node->value_hash, node});
        return build(final_set, depth);
    }
    if (depth >= kMaxDepth)
        return Unexpected{TrieError::kPathCollision};
    const auto mid = std::stable_partition(updates.begin(), updates.end(),
                                           [&](const Entry& e) { return !bit_of(e.bits, depth); });
    const size_t split = static_cast<size_t>(mid - updates.begin());
    BLEND_TRY(NodePtr left, apply_at(node->left, updates.first(split), depth + 1));
    BLEND_TRY(NodePtr right, apply_at(node->right, updates.subspan(split), depth + 1));
    if (left == node->left && right == node->right)
        return node;  // nothing below changed (e.g. only deletes of absent keys)
    return join(std::move(left), std::move(right));
}

}  // namespace

const char* to_string(TrieError e) noexcept
{
    switch (e) {
    case TrieError::kDuplicateKey:
        return "the same key appears twice in one trie update";
    case TrieError::kPathCollision:
        return "two keys share all 248 path bits";
    }
    return "unknown trie error";
}

Fr MemTrie::root_hash() const noexcept
{
    return root_ ? root_->hash : Fr::zero();
}

size_t MemTrie::size() const noexcept
{
    return root_ ? root_->leaves : 0;
}

std::optional<Fr> MemTrie::get(const Fr& key) const noexcept
{
    const field::Limbs<4> bits = key.to_canonical();
    const MemNode* n = root_.get();
    for (size_t depth = 0; n != nullptr; ++depth) {
        if (n->type == NodeType::kLeaf)
            return n->key == key ? std::optional<Fr>(n->value_hash) : std::nullopt;
        n = bit_of(bits, depth) ? n->right.get() : n->left.get();
    }
    return std::nullopt;
}

std::vector<Bytes> MemTrie::prove(const Fr& key) const
{
    std::vector<Bytes> out;
    const field::Limbs<4> bits = key.to_canonical();
    const MemNode* n = root_.get();
    for (size_t depth = 0;; ++depth) {
        Node encoded;
        if (n == nullptr) {
            encoded.type = NodeType::kEmpty;
        } else if (n->type == NodeType::kLeaf) {
            encoded.type = NodeType::kLeaf;
            encoded.key = n->key;
            encoded.words = {field::fr_to_hash(n->value_hash)};
        } else {
            encoded.type = n->type;
            encoded.left = n->left ? n->left->hash : Fr::zero();
            encoded.right = n->right ? n->right->hash : Fr::zero();
        }
        out.push_back(encode_node(encoded));
        if (n == nullptr || n->type == NodeType::kLeaf)
            return out;
        n = bit_of(bits, depth) ? n->right.get() : n->left.get();
    }
}

Result<void, TrieError> MemTrie::apply(std::vector<LeafUpdate> updates)
{
    std::vector<Entry> entries;
    entries.reserve(updates.size());
    for (LeafUpdate& u : updates)
        entries.push_back({u.key.to_canonical(), u.key, u.value_hash, nullptr});
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.bits < b.bits; });
    for (size_t i = 1; i < entries.size(); ++i)
        if (entries[i].bits == entries[i - 1].bits)
            return Unexpected{TrieError::kDuplicateKey};
    BLEND_TRY(NodePtr root, apply_at(root_, entries, 0));
    root_ = std::move(root);
    return {};
}

}  // namespace blend::trie
