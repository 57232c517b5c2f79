// SPDX-License-Identifier: Apache-2.0
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/types/withdrawal.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace blend;

namespace {

Bytes str(const std::string& s)
{
    return {s.begin(), s.end()};
}

Hash root_of(const std::vector<std::pair<std::string, std::string>>& pairs)
{
    std::vector<Bytes> keys;
    std::vector<Bytes> values;
    for (const auto& [k, v] : pairs) {
        keys.push_back(str(k));
        values.push_back(str(v));
    }
    std::vector<TrieEntry> entries;
    for (size_t i = 0; i < pairs.size(); ++i)
        entries.push_back({keys[i], values[i]});
    return trie_root(entries);
}

}  // namespace

TEST_CASE("the empty trie root is keccak256(rlp(\"\"))")
{
    CHECK(kEmptyTrieRoot == keccak256(Bytes{0x80}));
    CHECK(to_hex(kEmptyTrieRoot) ==
          "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    CHECK(trie_root({}) == kEmptyTrieRoot);
    CHECK(ordered_trie_root(std::span<const Bytes>{}) == kEmptyTrieRoot);
    CHECK(withdrawals_root({}) == kEmptyTrieRoot);
}

// Vectors from ethereum/tests, TrieTests/trieanyorder.json and trietest.json (raw keys).
TEST_CASE("trie roots match the ethereum/tests TrieTests vectors")
{
    CHECK(to_hex(root_of({{"A", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}})) ==
          "0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab");
    CHECK(to_hex(root_of({{"doe", "reindeer"}, {"dog", "puppy"}, {"dogglesworth", "cat"}})) ==
          "0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
    CHECK(to_hex(root_of(
              {{"do", "verb"}, {"horse", "stallion"}, {"doge", "coin"}, {"dog", "puppy"}})) ==
          "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
    CHECK(to_hex(root_of({{"foo", "bar"}, {"food", "bass"}})) ==
          "0x17beaa1648bafa633cda809c90c04af50fc8aed3cb40d16efbddee6fdf63c4c3");
    CHECK(to_hex(root_of({{"be", "e"}, {"dog", "puppy"}, {"bed", "d"}})) ==
          "0x3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b");
}

TEST_CASE("the root does not depend on the order of the entries")
{
    std::vector<std::pair<std::string, std::string>> pairs = {
        {"do", "verb"}, {"horse", "stallion"}, {"doge", "coin"}, {"dog", "puppy"}};
    const Hash expected = root_of(pairs);
    std::sort(pairs.begin(), pairs.end());
    do {
        CHECK(root_of(pairs) == expected);
    } while (std::next_permutation(pairs.begin(), pairs.end()));
}

TEST_CASE("an empty value is absent, as in every client")
{
    CHECK(root_of({{"doe", "reindeer"}, {"dog", ""}}) == root_of({{"doe", "reindeer"}}));
    CHECK(root_of({{"dog", ""}}) == kEmptyTrieRoot);
    const std::vector<Bytes> with_empty = {Bytes{1}, Bytes{}, Bytes{3}};
    const Bytes k0 = {0x80}, k2 = {0x02};  // rlp(0), rlp(2)
    const Bytes v0 = {1}, v2 = {3};
    const std::vector<TrieEntry> without = {{k0, v0}, {k2, v2}};
    CHECK(ordered_trie_root(with_empty) == trie_root(without));
}

TEST_CASE("a short root node is hashed, and its leaf uses the hex-prefix encoding")
{
    // One item at index 0: key rlp(0) = 0x80 = nibbles [8, 0]; an even leaf path gets the
    // flag byte 0x20 (Yellow Paper, Appendix C), so the leaf is rlp([0x2080, 0x01]).
    const Bytes key = {0x80};
    const Bytes value = {0x01};
    const std::vector<TrieEntry> entries = {{key, value}};
    const Bytes node = trie_root_node(entries);
    CHECK(to_hex(node) == "0xc482208001");
    CHECK(trie_root(entries) == keccak256(node));
    CHECK(ordered_trie_root(std::vector<Bytes>{value}) == keccak256(node));

    // Two keys by hand: 0x01 and 0x02 share the nibble 0 (an extension with the odd path [0]:
    // flag 0x1, byte 0x10), then a branch at nibbles 1 and 2 with leaves of empty path (0x20).
    const Bytes k1 = {0x01}, k2 = {0x02}, v1 = {0x05}, v2 = {0x06};
    const std::vector<TrieEntry> two = {{k1, v1}, {k2, v2}};
    // Leaves: rlp([0x20, 0x05]) = c2 20 05 and c2 20 06, both inlined (< 32 bytes).
    // Branch: [80, c22005, c22006, 80 x 13, 80 (no value)] = 17 items, payload 1+3+3+14 = 21.
    const std::string branch =
        "0xd5"
        "80"
        "c22005"
        "c22006"
        "80808080808080808080808080"
        "80";
    // Extension: rlp([0x10, branch]) with the 22-byte branch inlined: payload 1 + 22 = 23.
    CHECK(to_hex(trie_root_node(two)) == "0xd710" + branch.substr(2));
}

TEST_CASE("ordered roots match @ethereumjs/trie on lists that cross the rlp(127)/rlp(128) keys")
{
    // Items i → (i % 40 + 1) bytes of value i, i in [0, 200): keys 0x80, 0x01..0x7f, 0x8180...
    // Expected roots computed with @ethereumjs/trie 6.2.1 (Trie.put(RLP.encode(i), item)).
    std::vector<Bytes> items;
    for (size_t i = 0; i < 200; ++i)
        items.emplace_back(i % 40 + 1, static_cast<uint8_t>(i));
    CHECK(to_hex(ordered_trie_root(items)) ==
          "0x09f3ef3772261d6fa788bf21d351a88d96c9ca902badf5a0931af21df2bb16cd");
    const std::vector<Bytes> three = {Bytes{1}, Bytes{2}, Bytes{3}};
    CHECK(to_hex(ordered_trie_root(three)) ==
          "0x7212ba90919b517ec43266a4223e445fdb0c0bd5cb45187e7698f771cee150ba");
}

TEST_CASE("withdrawals encode as EIP-4895 lists and decode strictly")
{
    Withdrawal w;
    w.index = 1;
    w.validator_index = 0x0200;
    w.address = address_from_hex("0x1111111111111111111111111111111111111111").value();
    w.amount_gwei = 0;
    // [0x01, 0x820200, 0x94 ‖ 20 bytes, 0x80]: payload 1 + 3 + 21 + 1 = 26 → 0xda.
    CHECK(to_hex(encode_withdrawal(w)) ==
          "0xda01820200941111111111111111111111111111111111111111"
          "80");
    const Bytes encoded = encode_withdrawal(w);
    BytesView in = encoded;
    const auto decoded = read_withdrawal(in);
    REQUIRE(decoded);
    CHECK(*decoded == w);
    CHECK(in.empty());

    // Three fields: reading the amount runs past the list.
    Bytes payload;
    rlp::encode_uint64(payload, 1);
    rlp::encode_uint64(payload, 2);
    rlp::encode_address(payload, w.address);
    Bytes short_list = rlp::wrap_list(payload);
    in = short_list;
    const auto too_short = read_withdrawal(in);
    REQUIRE_FALSE(too_short);
    CHECK(too_short.error() == rlp::DecodeError::kInputTooShort);
    rlp::encode_uint64(payload, 3);
    rlp::encode_uint64(payload, 4);
    Bytes long_list = rlp::wrap_list(payload);
    in = long_list;
    const auto too_long = read_withdrawal(in);
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error() == rlp::DecodeError::kTrailingBytes);
}
