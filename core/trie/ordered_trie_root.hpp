// SPDX-License-Identifier: Apache-2.0
// Roots of Ethereum's hexary Merkle-Patricia trie (Yellow Paper, Appendix D) for the three
// ordered lists a header commits to: transactionsRoot, receiptsRoot and withdrawalsRoot, each a
// trie mapping rlp(index) → item. This is a one-shot builder over a known set of keys, not a
// mutable trie; Blend's state lives in the Poseidon trie of the top-level trie/ module.
#pragma once

#include "core/bytes.hpp"

#include <span>

namespace blend {

/// The root of a trie without entries: keccak256(rlp("")) = keccak256(0x80)
/// (Yellow Paper, Appendix D: the empty trie is the RLP of the empty string).
/// 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421 (a test recomputes it).
inline constexpr Hash kEmptyTrieRoot{
    {{0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45,
      0xe6, 0x92, 0xc0, 0xf8, 0x6e, 0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c,
      0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21}}};

/// One key/value pair for trie_root().
struct TrieEntry {
    BytesView key;
    BytesView value;
};

/// The root of the trie holding `entries`. Keys must be distinct (a duplicate is a broken
/// invariant). An entry with an empty value is absent, as in every Ethereum client: a trie maps
/// keys to non-empty byte strings, and writing an empty value deletes the key.
[[nodiscard]] Hash trie_root(std::span<const TrieEntry> entries);

/// The root of the trie mapping rlp(i) → items[i] for i in [0, items.size()).
/// Items are already encoded (transaction envelopes, receipt envelopes, withdrawals).
[[nodiscard]] Hash ordered_trie_root(std::span<const Bytes> items);
[[nodiscard]] Hash ordered_trie_root(std::span<const BytesView> items);

/// The RLP of the root node before hashing (exposed for tests: a root node shorter than
/// 32 bytes is still hashed, unlike inner nodes, which are inlined).
[[nodiscard]] Bytes trie_root_node(std::span<const TrieEntry> entries);

}  // namespace blend
