// SPDX-License-Identifier: Apache-2.0
#include "trie/node.hpp"

#include "core/keccak.hpp"

#include <cstring>

namespace blend::trie {
namespace {

/// 16 big-endian bytes as a field element (always < 2^128 < r).
Fr from_be16(const uint8_t* p) noexcept
{
    field::Limbs<4> v{};
    for (size_t i = 0; i < 16; ++i)
        v[(15 - i) / 8] |= static_cast<uint64_t>(p[i]) << (8 * ((15 - i) % 8));
    return Fr::from_canonical_unchecked(v);
}

Result<Fr, NodeError> read_field(BytesView bytes, size_t offset) noexcept
{
    const auto f = field::fr_from_bytes(bytes.subspan(offset, 32));
    if (!f)
        return Unexpected{NodeError::kNonCanonicalField};
    return *f;
}

void append(Bytes& out, const FixedBytes<32>& v)
{
    out.insert(out.end(), v.bytes.begin(), v.bytes.end());
}

}  // namespace

const char* to_string(NodeError e) noexcept
{
    switch (e) {
    case NodeError::kEmptyInput:
        return "empty node encoding";
    case NodeError::kUnknownType:
        return "unknown node type";
    case NodeError::kBadLength:
        return "node encoding has the wrong length";
    case NodeError::kNonCanonicalField:
        return "node field element is not below the modulus";
    case NodeError::kBadFlags:
        return "leaf compressed flags out of range";
    case NodeError::kNoWords:
        return "leaf value has no words";
    }
    return "unknown node error";
}

poseidon::T3Input compress_word_input(const Hash& word) noexcept
{
    return {Fr::from_u64(kDomainWord), from_be16(word.data()), from_be16(word.data() + 16)};
}

std::optional<Fr> compress_word_cached(const Hash& word) noexcept
{
    // Every account without code (all EOAs) carries keccak("") as its code hash, so C of it is
    // one hash per account write that never changes: computed once (trie.md §5.8 "code hash ->
    // C(code hash)" cache; the 32-byte compare costs nothing next to a Poseidon permutation).
    static const Fr kEmptyCodeCompressed = [] {
        const poseidon::T3Input in = compress_word_input(kEmptyCodeHash);
        return poseidon::hash2(in.capacity, in.a, in.b);
    }();
    if (word == kEmptyCodeHash)
        return kEmptyCodeCompressed;
    return std::nullopt;
}

Fr compress_word(const Hash& word) noexcept
{
    if (const auto cached = compress_word_cached(word))
        return *cached;
    const poseidon::T3Input in = compress_word_input(word);
    return poseidon::hash2(in.capacity, in.a, in.b);
}

Fr account_key(const Address& address) noexcept
{
    Hash padded;
    std::memcpy(padded.data(), address.data(), Address::size());
    return compress_word(padded);
}

Fr hash_elems(uint64_t domain, std::span<const Fr> elems) noexcept
{
    BLEND_ASSERT(elems.size() >= 2);
    const Fr domain_fr = Fr::from_u64(domain);
    Fr base = poseidon::hash2(domain_fr, elems[0], elems[1]);
    std::vector<Fr> rest(elems.begin() + 2, elems.end());
    while (!rest.empty()) {
        if (rest.size() == 1)
            return poseidon::hash2(domain_fr, base, rest[0]);
        std::vector<Fr> paired;
        for (size_t i = 0; i < rest.size(); i += 2)
            paired.push_back(i + 1 < rest.size() ? poseidon::hash2(domain_fr, rest[i], rest[i + 1])
                                                 : rest[i]);
        base = poseidon::hash2(domain_fr, base, paired[0]);
        rest.assign(paired.begin() + 1, paired.end());
    }
    return base;
}

Result<Fr, NodeError> leaf_value_hash(std::span<const Hash> words,
                                      uint32_t compressed_flags) noexcept
{
    if (words.empty())
        return Unexpected{NodeError::kNoWords};
    if (words.size() > kMaxWords || (compressed_flags >> kMaxCompressedFlagBits) != 0 ||
        (words.size() < 32 && (compressed_flags >> words.size()) != 0))
        return Unexpected{NodeError::kBadFlags};
    std::vector<Fr> elems;
    elems.reserve(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
        if (i < kMaxCompressedFlagBits && ((compressed_flags >> i) & 1) != 0) {
            elems.push_back(compress_word(words[i]));
        } else {
            const auto f = field::fr_from_hash(words[i]);
            if (!f)
                return Unexpected{NodeError::kNonCanonicalField};
            elems.push_back(*f);
        }
    }
    if (elems.size() == 1)
        return elems[0];
    return hash_elems(kDomainElemsPerWord * elems.size(), elems);
}

bool path_bit(const Fr& key, size_t depth) noexcept
{
    BLEND_ASSERT(depth < kMaxDepth);
    const auto limbs = key.to_canonical();
    return ((limbs[depth / 64] >> (depth % 64)) & 1) != 0;
}

Result<Node, NodeError> decode_node(BytesView bytes) noexcept
{
    if (bytes.empty())
        return Unexpected{NodeError::kEmptyInput};
    Node node;
    const uint8_t type = bytes[0];
    if (type == static_cast<uint8_t>(NodeType::kEmpty)) {
        if (bytes.size() != 1)
            return Unexpected{NodeError::kBadLength};
        node.type = NodeType::kEmpty;
        return node;
    }
    if (type >= static_cast<uint8_t>(NodeType::kBranchTerminalTerminal) &&
        type <= static_cast<uint8_t>(NodeType::kBranchBranchBranch)) {
        if (bytes.size() != 65)
            return Unexpected{NodeError::kBadLength};
        node.type = static_cast<NodeType>(type);
        BLEND_TRY(node.left, read_field(bytes, 1));
        BLEND_TRY(node.right, read_field(bytes, 33));
        return node;
    }
    if (type != static_cast<uint8_t>(NodeType::kLeaf))
        return Unexpected{NodeError::kUnknownType};
    // 0x04 ‖ key(32) ‖ mark(4) ‖ words(32 * len) ‖ preimage_len(1) ‖ preimage
    if (bytes.size() < 1 + 32 + 4 + 1)
        return Unexpected{NodeError::kBadLength};
    node.type = NodeType::kLeaf;
    BLEND_TRY(node.key, read_field(bytes, 1));
    const uint32_t mark = static_cast<uint32_t>(bytes[33]) | static_cast<uint32_t>(bytes[34]) << 8 |
                          static_cast<uint32_t>(bytes[35]) << 16 |
                          static_cast<uint32_t>(bytes[36]) << 24;
    const size_t len = mark & 0xff;
    node.compressed_flags = mark >> 8;
    if (len == 0)
        return Unexpected{NodeError::kNoWords};
    size_t pos = 37;
    if (bytes.size() < pos + 32 * len + 1)
        return Unexpected{NodeError::kBadLength};
    for (size_t i = 0; i < len; ++i, pos += 32)
        node.words.push_back(to_hash(bytes.subspan(pos, 32)));
    const size_t preimage_len = bytes[pos++];
    if (bytes.size() != pos + preimage_len)
        return Unexpected{NodeError::kBadLength};
    node.key_preimage.assign(bytes.begin() + static_cast<std::ptrdiff_t>(pos), bytes.end());
    if (len < 32 && (node.compressed_flags >> len) != 0)
        return Unexpected{NodeError::kBadFlags};
    return node;
}

Bytes encode_node(const Node& node)
{
    Bytes out;
    out.push_back(static_cast<uint8_t>(node.type));
    if (node.type == NodeType::kEmpty)
        return out;
    if (is_branch(node.type)) {
        append(out, node.left.to_bytes_be());
        append(out, node.right.to_bytes_be());
        return out;
    }
    BLEND_ASSERT(node.type == NodeType::kLeaf);
    BLEND_ASSERT(!node.words.empty() && node.words.size() <= kMaxWords);
    BLEND_ASSERT(node.key_preimage.size() <= 255);
    append(out, node.key.to_bytes_be());
    const uint32_t mark = static_cast<uint32_t>(node.words.size()) | (node.compressed_flags << 8);
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<uint8_t>(mark >> (8 * i)));
    for (const Hash& w : node.words)
        append(out, w);
    out.push_back(static_cast<uint8_t>(node.key_preimage.size()));
    out.insert(out.end(), node.key_preimage.begin(), node.key_preimage.end());
    return out;
}

Result<Fr, NodeError> node_hash(const Node& node) noexcept
{
    switch (node.type) {
    case NodeType::kEmpty:
        return Fr::zero();
    case NodeType::kLeaf: {
        BLEND_TRY(const Fr value, leaf_value_hash(node.words, node.compressed_flags));
        return leaf_hash(node.key, value);
    }
    case NodeType::kBranchTerminalTerminal:
    case NodeType::kBranchTerminalBranch:
    case NodeType::kBranchBranchTerminal:
    case NodeType::kBranchBranchBranch:
        return branch_hash(node.type, node.left, node.right);
    }
    return Unexpected{NodeError::kUnknownType};
}

}  // namespace blend::trie
