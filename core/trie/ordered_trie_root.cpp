// SPDX-License-Identifier: Apache-2.0
#include "core/trie/ordered_trie_root.hpp"

#include "core/assert.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace blend {

namespace {

// A key split into nibbles (high half of each byte first), with its value.
struct NibbleEntry {
    std::vector<uint8_t> nibbles;
    BytesView value;
};

using Entries = std::span<const NibbleEntry>;

// Hex-prefix encoding (Yellow Paper, Appendix C): the first nibble holds flags, 2 for a leaf
// (terminator) plus 1 for an odd number of nibbles; an odd path puts its first nibble in the
// low half of the first byte, an even path pads it with a zero nibble.
Bytes hex_prefix(std::span<const uint8_t> path, bool leaf)
{
    const bool odd = (path.size() % 2) != 0;
    const auto flags = static_cast<uint8_t>((leaf ? 2 : 0) + (odd ? 1 : 0));
    Bytes out;
    out.reserve(path.size() / 2 + 1);
    size_t i = 0;
    if (odd) {
        out.push_back(static_cast<uint8_t>(flags << 4 | path[0]));
        i = 1;
    } else {
        out.push_back(static_cast<uint8_t>(flags << 4));
    }
    for (; i < path.size(); i += 2)
        out.push_back(static_cast<uint8_t>(path[i] << 4 | path[i + 1]));
    return out;
}

// How a node is referenced from its parent (Yellow Paper, Appendix D, c(J, i)): a node whose RLP
// is shorter than 32 bytes is embedded as is, any other by the keccak-256 of its RLP.
void append_reference(Bytes& out, const Bytes& node)
{
    if (node.size() < 32)
        out.insert(out.end(), node.begin(), node.end());
    else
        rlp::encode_hash(out, keccak256(node));
}

// The RLP of the node holding `entries` (sorted, distinct, non-empty) whose first `depth` nibbles
// are consumed by the path above it.
Bytes encode_node(Entries entries, size_t depth)
{
    BLEND_ASSERT(!entries.empty());
    Bytes payload;
    if (entries.size() == 1) {
        // Leaf: [hex_prefix(rest of the key, leaf), value].
        const auto& only = entries.front();
        rlp::encode_string(payload, hex_prefix(std::span(only.nibbles).subspan(depth), true));
        rlp::encode_string(payload, only.value);
        return rlp::wrap_list(payload);
    }

    // Entries are sorted, so the prefix the first and the last share is shared by all.
    const auto& first = entries.front().nibbles;
    const auto& last = entries.back().nibbles;
    size_t shared = 0;
    while (depth + shared < first.size() && depth + shared < last.size() &&
           first[depth + shared] == last[depth + shared])
        ++shared;
    if (shared > 0) {
        // Extension: [hex_prefix(shared path, not leaf), reference to the branch below].
        rlp::encode_string(payload, hex_prefix(std::span(first).subspan(depth, shared), false));
        append_reference(payload, encode_node(entries, depth + shared));
        return rlp::wrap_list(payload);
    }

    // Branch: 16 children by the next nibble, then the value of a key that ends here (the
    // shortest key sorts first). Keys are distinct, so at most one ends at this depth.
    BytesView value_here;
    size_t begin = 0;
    if (first.size() == depth) {
        value_here = entries.front().value;
        begin = 1;
    }
    for (uint8_t nibble = 0; nibble < 16; ++nibble) {
        size_t end = begin;
        while (end < entries.size() && entries[end].nibbles[depth] == nibble)
            ++end;
        if (end == begin)
            payload.push_back(0x80);  // empty child: rlp("")
        else
            append_reference(payload, encode_node(entries.subspan(begin, end - begin), depth + 1));
        begin = end;
    }
    BLEND_ASSERT(begin == entries.size());
    rlp::encode_string(payload, value_here);
    return rlp::wrap_list(payload);
}

Bytes rlp_index(size_t index)
{
    Bytes key;
    rlp::encode_uint64(key, index);
    return key;
}

}  // namespace

Bytes trie_root_node(std::span<const TrieEntry> entries)
{
    std::vector<NibbleEntry> sorted;
    sorted.reserve(entries.size());
    for (const auto& entry : entries) {
        if (entry.value.empty())
            continue;  // absent: see the header
        NibbleEntry nibble_entry;
        nibble_entry.nibbles.reserve(entry.key.size() * 2);
        for (const uint8_t b : entry.key) {
            nibble_entry.nibbles.push_back(b >> 4);
            nibble_entry.nibbles.push_back(b & 0x0f);
        }
        nibble_entry.value = entry.value;
        sorted.push_back(std::move(nibble_entry));
    }
    // Byte-wise order written out: GCC 12 at -O3 reports a false -Wstringop-overread inside
    // std::vector's operator<=> (a memcmp bound it cannot prove small), which -Werror turns
    // into a failed Release build.
    std::sort(sorted.begin(), sorted.end(), [](const NibbleEntry& a, const NibbleEntry& b) {
        const size_t common = std::min(a.nibbles.size(), b.nibbles.size());
        const int order = common == 0 ? 0 : std::memcmp(a.nibbles.data(), b.nibbles.data(), common);
        return order != 0 ? order < 0 : a.nibbles.size() < b.nibbles.size();
    });
    for (size_t i = 1; i < sorted.size(); ++i)
        BLEND_ASSERT(sorted[i - 1].nibbles != sorted[i].nibbles);  // keys must be distinct

    if (sorted.empty())
        return Bytes{0x80};
    return encode_node(sorted, 0);
}

Hash trie_root(std::span<const TrieEntry> entries)
{
    // The root is always hashed, even when its RLP is shorter than 32 bytes.
    return keccak256(trie_root_node(entries));
}

Hash ordered_trie_root(std::span<const BytesView> items)
{
    std::vector<Bytes> keys;
    keys.reserve(items.size());
    std::vector<TrieEntry> entries;
    entries.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        keys.push_back(rlp_index(i));
    for (size_t i = 0; i < items.size(); ++i)
        entries.push_back({keys[i], items[i]});
    return trie_root(entries);
}

Hash ordered_trie_root(std::span<const Bytes> items)
{
    std::vector<BytesView> views(items.begin(), items.end());
    return ordered_trie_root(std::span<const BytesView>(views));
}

}  // namespace blend
