// SPDX-License-Identifier: Apache-2.0
#pragma once

// Trie node encodings and hashes, byte-compatible with Scroll's zkTrie (reference/trie.md §1.2-1.4,
// §5.3): node types 4 (leaf), 5 (empty), 6-9 (branches, the type says which children are
// branches), leaf values as 32-byte words with a compressed-flags bitmap, hashes H_d(a, b).

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "trie/field/fr.hpp"
#include "trie/poseidon/poseidon.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace blend::trie {

using field::Fr;

/// Node type bytes; for branches the type is also the hash domain, so a parent commits to whether
/// each child is terminal (leaf/empty) or a branch.
enum class NodeType : uint8_t {
    kLeaf = 4,
    kEmpty = 5,
    kBranchTerminalTerminal = 6,  ///< both children terminal
    kBranchTerminalBranch = 7,    ///< left terminal, right a branch
    kBranchBranchTerminal = 8,    ///< left a branch, right terminal
    kBranchBranchBranch = 9,      ///< both children branches
};

/// Hash domains (capacity element of Poseidon t=3).
inline constexpr uint64_t kDomainLeaf = 4;
inline constexpr uint64_t kDomainWord = 512;          ///< word compression C(w) and account keys
inline constexpr uint64_t kDomainElemsPerWord = 256;  ///< an n-word value uses 256 * n
inline constexpr uint64_t kDomainStorageKey = 16;     ///< ours (trie.md §5.2), not in Scroll

/// Path bits: only the low 248 bits of a key are used (Scroll NodeKeyValidBytes = 31), so every
/// path bit is an unambiguous bit of a field element in a circuit.
inline constexpr size_t kMaxDepth = 248;

/// Leaf values hold at most 255 words (length in 8 bits); flags cover the first 24.
inline constexpr size_t kMaxWords = 255;
inline constexpr size_t kMaxCompressedFlagBits = 24;

enum class NodeError : uint8_t {
    kEmptyInput = 1,     ///< no bytes
    kUnknownType,        ///< a type byte other than 4..9 (0-3 are deprecated/root records)
    kBadLength,          ///< the encoding is shorter or longer than its header says
    kNonCanonicalField,  ///< a 32-byte field element (hash, key, uncompressed word) >= r
    kBadFlags,           ///< compressed flags beyond the 24 usable bits or beyond the word count
    kNoWords,            ///< a leaf value without words
};

[[nodiscard]] const char* to_string(NodeError e) noexcept;

[[nodiscard]] constexpr bool is_branch(NodeType t) noexcept
{
    return t >= NodeType::kBranchTerminalTerminal && t <= NodeType::kBranchBranchBranch;
}

/// The branch type for children of the given kinds.
[[nodiscard]] constexpr NodeType branch_type(bool left_is_branch, bool right_is_branch) noexcept
{
    if (left_is_branch)
        return right_is_branch ? NodeType::kBranchBranchBranch : NodeType::kBranchBranchTerminal;
    return right_is_branch ? NodeType::kBranchTerminalBranch : NodeType::kBranchTerminalTerminal;
}

[[nodiscard]] constexpr bool left_is_branch(NodeType t) noexcept
{
    return t == NodeType::kBranchBranchTerminal || t == NodeType::kBranchBranchBranch;
}
[[nodiscard]] constexpr bool right_is_branch(NodeType t) noexcept
{
    return t == NodeType::kBranchTerminalBranch || t == NodeType::kBranchBranchBranch;
}

/// C(w) = H_512(w[0:16], w[16:32]): a 32-byte word as one field element (two 128-bit BE halves).
[[nodiscard]] Fr compress_word(const Hash& word) noexcept;

/// C(w) in two steps, for callers that batch permutations (poseidon::hash2_batch): the value
/// compress_word keeps precomputed (C(keccak(""))) when `word` is that word, else nothing ...
[[nodiscard]] std::optional<Fr> compress_word_cached(const Hash& word) noexcept;
/// ... and the permutation input [kDomainWord, w[0:16], w[16:32]] whose output is C(w).
[[nodiscard]] poseidon::T3Input compress_word_input(const Hash& word) noexcept;

/// Account key K_a(A) = H_512(A[0:16], A[16:20] * 2^96): the address right-padded to 32 bytes, then
/// C (Scroll-identical).
[[nodiscard]] Fr account_key(const Address& address) noexcept;

/// Scroll's HashElems with a fixed domain: hash (e0, e1) into a base; pair up the rest left to
/// right (an odd last one carried); repeat with the base in front until one element is left. Needs
/// at least 2 elements.
[[nodiscard]] Fr hash_elems(uint64_t domain, std::span<const Fr> elems) noexcept;

/// Value hash of a leaf: each word is C(w) if its flag bit is set, else the word as a field element
/// (must be < r); one word is its own hash, n >= 2 words use hash_elems with domain 256 * n.
[[nodiscard]] Result<Fr, NodeError> leaf_value_hash(std::span<const Hash> words,
                                                    uint32_t compressed_flags) noexcept;

[[nodiscard]] inline Fr leaf_hash(const Fr& key, const Fr& value_hash) noexcept
{
    return poseidon::hash_domain(kDomainLeaf, key, value_hash);
}

[[nodiscard]] inline Fr branch_hash(NodeType type, const Fr& left, const Fr& right) noexcept
{
    return poseidon::hash_domain(static_cast<uint64_t>(type), left, right);
}

/// Path bit `depth` of a key: bit `depth` of its integer value, LSB first; false = left.
[[nodiscard]] bool path_bit(const Fr& key, size_t depth) noexcept;

/// A decoded node in the canonical (Scroll / proof) encoding.
struct Node {
    NodeType type = NodeType::kEmpty;
    // Branch children (hash 0 = empty).
    Fr left;
    Fr right;
    // Leaf.
    Fr key;
    std::vector<Hash> words;
    uint32_t compressed_flags = 0;
    Bytes key_preimage;  ///< empty in the DB form; the address (or address ‖ slot) in proofs
};

/// Canonical encodings: branch `type ‖ L ‖ R` (65 bytes); leaf `0x04 ‖ key ‖ u32le(len | flags <<
/// 8) ‖ words ‖ preimage_len(1) ‖ preimage`; empty `0x05`. All 32-byte values big-endian.
[[nodiscard]] Result<Node, NodeError> decode_node(BytesView bytes) noexcept;
[[nodiscard]] Bytes encode_node(const Node& node);

/// The node's hash: 0 for empty, H_type(L, R) for branches, H_4(key, valueHash) for leaves.
[[nodiscard]] Result<Fr, NodeError> node_hash(const Node& node) noexcept;

}  // namespace blend::trie
