// SPDX-License-Identifier: Apache-2.0
#pragma once

// Trie nodes as the state store keeps them (trie.md §5.3 "DB encoding", §5.5 `trie_node`):
// versioned and addressed by (version, depth, path), so a node is loaded lazily from its parent's
// child reference and a block's trie is complete on disk without any node in memory.

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "trie/node.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace blend::trie {

/// A key's path bits (LSB first), or a prefix of them with the bits at and above the depth clear.
using Path = field::Limbs<4>;

/// A parent's reference to a child: its hash (0 = empty) and the version (block number) of the
/// record that holds it. Whether the child is a branch is in the parent's type.
struct ChildRef {
    Fr hash;
    uint64_t version = 0;
    friend bool operator==(const ChildRef&, const ChildRef&) = default;
};

/// An immutable node in memory. Branches know their children by reference only; leaves keep their
/// canonical encoding (with the key preimage), which is both the DB record and the proof node.
struct StoredNode {
    NodeType type = NodeType::kEmpty;
    Fr hash;
    ChildRef left;   ///< branch
    ChildRef right;  ///< branch
    Fr key;          ///< leaf
    Bytes leaf;      ///< leaf: canonical encoding
};
using StoredNodePtr = std::shared_ptr<const StoredNode>;

/// Where a record is stored: (ref.version, depth, path).
struct NodeAddress {
    ChildRef ref;
    size_t depth = 0;
    Path path{};
};

/// Bit `depth` of a path.
[[nodiscard]] inline bool bit_at(const Path& p, size_t depth) noexcept
{
    return ((p[depth / 64] >> (depth % 64)) & 1) != 0;
}

/// The first `depth` bits of `p`, the rest cleared.
[[nodiscard]] Path path_prefix(const Path& p, size_t depth) noexcept;

/// `p` with bit `depth` set.
[[nodiscard]] Path with_bit(const Path& p, size_t depth) noexcept;

/// `trie_node` key: version u64 BE ‖ depth u8 ‖ the path's first ceil(depth/8) bytes, bits packed
/// LSB first (trie.md §5.5). Version first groups a block's nodes, so unwinding a block is one
/// DeleteRange.
inline constexpr size_t kMaxNodeKeySize = 8 + 1 + 31;
[[nodiscard]] std::string node_db_key(uint64_t version, size_t depth, const Path& path);

/// The inverse of node_db_key: false when `key` is not shaped like one (wrong length for its
/// depth, depth > kMaxDepth).
struct NodeKeyParts {
    uint64_t version = 0;
    size_t depth = 0;
    Path path{};
};
[[nodiscard]] bool parse_node_db_key(std::string_view key, NodeKeyParts& out) noexcept;

/// DB encoding: a branch is `type ‖ L.hash ‖ L.version u64 BE ‖ R.hash ‖ R.version` (81 bytes); a
/// leaf is its canonical encoding (trie.md §5.3).
inline constexpr size_t kBranchRecordSize = 1 + 2 * (32 + 8);
[[nodiscard]] Bytes encode_stored_node(const StoredNode& node);

/// Decodes a record; `hash` is the hash the parent holds for it (not recomputed).
[[nodiscard]] Result<StoredNodePtr, NodeError> decode_stored_node(BytesView record, const Fr& hash);

/// The canonical (proof) encoding of a node: branch `type ‖ L ‖ R`, leaf as stored.
[[nodiscard]] Bytes proof_encoding(const StoredNode& node);

}  // namespace blend::trie
