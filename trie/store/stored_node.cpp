// SPDX-License-Identifier: Apache-2.0
#include "trie/store/stored_node.hpp"

#include <cstring>

namespace blend::trie {
namespace {

void put_u64_be(uint8_t* out, uint64_t v) noexcept
{
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

uint64_t get_u64_be(const uint8_t* in) noexcept
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | in[i];
    return v;
}

}  // namespace

Path path_prefix(const Path& p, size_t depth) noexcept
{
    Path out{};
    for (size_t i = 0; i < 4; ++i) {
        const size_t lo = i * 64;
        if (depth >= lo + 64)
            out[i] = p[i];
        else if (depth > lo)
            out[i] = p[i] & ((uint64_t{1} << (depth - lo)) - 1);
    }
    return out;
}

Path with_bit(const Path& p, size_t depth) noexcept
{
    Path out = p;
    out[depth / 64] |= uint64_t{1} << (depth % 64);
    return out;
}

std::string node_db_key(uint64_t version, size_t depth, const Path& path)
{
    const size_t path_bytes = (depth + 7) / 8;
    std::string key(9 + path_bytes, '\0');
    auto* out = reinterpret_cast<uint8_t*>(key.data());
    put_u64_be(out, version);
    out[8] = static_cast<uint8_t>(depth);
    const Path prefix = path_prefix(path, depth);
    for (size_t i = 0; i < path_bytes; ++i)
        out[9 + i] = static_cast<uint8_t>(prefix[i / 8] >> (8 * (i % 8)));
    return key;
}

bool parse_node_db_key(std::string_view key, NodeKeyParts& out) noexcept
{
    if (key.size() < 9)
        return false;
    const auto* k = reinterpret_cast<const uint8_t*>(key.data());
    const size_t depth = k[8];
    if (depth > kMaxDepth || key.size() != 9 + (depth + 7) / 8)
        return false;
    out.version = get_u64_be(k);
    out.depth = depth;
    out.path = Path{};
    for (size_t i = 0; i < (depth + 7) / 8; ++i)
        out.path[i / 8] |= uint64_t{k[9 + i]} << (8 * (i % 8));
    return true;
}

Bytes encode_stored_node(const StoredNode& node)
{
    if (node.type == NodeType::kLeaf)
        return node.leaf;
    Bytes out(kBranchRecordSize);
    out[0] = static_cast<uint8_t>(node.type);
    const Hash l = field::fr_to_hash(node.left.hash);
    const Hash r = field::fr_to_hash(node.right.hash);
    std::memcpy(out.data() + 1, l.data(), 32);
    put_u64_be(out.data() + 33, node.left.version);
    std::memcpy(out.data() + 41, r.data(), 32);
    put_u64_be(out.data() + 73, node.right.version);
    return out;
}

Result<StoredNodePtr, NodeError> decode_stored_node(BytesView record, const Fr& hash)
{
    if (record.empty())
        return Unexpected{NodeError::kEmptyInput};
    auto node = std::make_shared<StoredNode>();
    node->hash = hash;
    const auto type = static_cast<NodeType>(record[0]);
    if (type == NodeType::kLeaf) {
        BLEND_TRY(Node decoded, decode_node(record));
        node->type = NodeType::kLeaf;
        node->key = decoded.key;
        node->leaf.assign(record.begin(), record.end());
        return StoredNodePtr(std::move(node));
    }
    if (!is_branch(type))
        return Unexpected{NodeError::kUnknownType};
    if (record.size() != kBranchRecordSize)
        return Unexpected{NodeError::kBadLength};
    node->type = type;
    const auto l = field::fr_from_bytes(record.subspan(1, 32));
    const auto r = field::fr_from_bytes(record.subspan(41, 32));
    if (!l || !r)
        return Unexpected{NodeError::kNonCanonicalField};
    node->left = {*l, get_u64_be(record.data() + 33)};
    node->right = {*r, get_u64_be(record.data() + 73)};
    return StoredNodePtr(std::move(node));
}

Bytes proof_encoding(const StoredNode& node)
{
    if (node.type == NodeType::kLeaf)
        return node.leaf;
    Node n;
    n.type = node.type;
    n.left = node.left.hash;
    n.right = node.right.hash;
    return encode_node(n);
}

}  // namespace blend::trie
