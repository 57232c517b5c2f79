// SPDX-License-Identifier: Apache-2.0
// Node codec and the Scroll-compatible key/value hashing (known answers from circomlibjs,
// recorded in reference/trie.md §3.4).
#include "trie/node.hpp"

#include "core/keccak.hpp"
#include "tests/trie/test_util.hpp"

using blend::Hash;
using blend::field::Fr;
using blend::trie_test::fr_from_string;
namespace trie = blend::trie;

namespace {

Hash word_from_hex(const std::string& hex)
{
    const auto h = blend::hash_from_hex(hex);
    REQUIRE(h.has_value());
    return *h;
}

}  // namespace

TEST_CASE("word compression and keys match Scroll", "[trie][node]")
{
    CHECK(trie::compress_word(Hash{}) ==
          fr_from_string("0x1d3c5f8c36e5da873d45bfa1d2399a572ac77493ec089cbf88a37b9e94428422"));
    CHECK(trie::compress_word(blend::kEmptyCodeHash) ==
          fr_from_string("0x2c20bbbfb9189e9b7d24c0564daffe5ef0f91ec2b117a0ba44597605b34cd897"));
    const auto address = blend::address_from_hex("0x1C5A77d9FA7eF466951B2F01F724BCa3A5820b63");
    REQUIRE(address.has_value());
    CHECK(trie::account_key(*address) ==
          fr_from_string("0x1822829dca763241624d1f8dd4cf59018fc5f69931d579f8e8a4c3addd6633e6"));
    // Scroll's per-account storage key of slot 5: C(slot as 32 bytes BE).
    Hash slot5;
    slot5[31] = 5;
    const Fr slot_key = trie::compress_word(slot5);
    CHECK(slot_key ==
          fr_from_string("0x1aed9d52b6e3489c0ea97983a6dc4fbad57507090547dc83b8830c2ddb885777"));
    // Scroll's storage leaf at slot 5 (one word, flag 1): H_4(key, C(value)).
    const Hash value = word_from_hex(
        "0x00000000000000000000"
        "1c5a77d9fa7ef466951b2f01f724bca3a5820b630012");
    const std::array<Hash, 1> words{value};
    const auto vh = trie::leaf_value_hash(words, 1);
    REQUIRE(vh.has_value());
    CHECK(*vh == trie::compress_word(value));
    CHECK(trie::leaf_hash(slot_key, *vh) ==
          fr_from_string("0x1323d7866288f9d670672215af41d0d610303b7e5f6ba97b5e54080960974580"));
}

TEST_CASE("hash_elems pairs the way Scroll's HashElems does", "[trie][node]")
{
    std::vector<Fr> e;
    for (uint64_t i = 1; i <= 5; ++i)
        e.push_back(Fr::from_u64(i * 1000 + 7));
    const auto h = [](uint64_t d, const Fr& a, const Fr& b) {
        return blend::poseidon::hash_domain(d, a, b);
    };
    CHECK(trie::hash_elems(512, std::span(e).first(2)) == h(512, e[0], e[1]));
    CHECK(trie::hash_elems(768, std::span(e).first(3)) == h(768, h(768, e[0], e[1]), e[2]));
    CHECK(trie::hash_elems(1024, std::span(e).first(4)) ==
          h(1024, h(1024, e[0], e[1]), h(1024, e[2], e[3])));
    CHECK(trie::hash_elems(1280, e) ==
          h(1280, h(1280, h(1280, e[0], e[1]), h(1280, e[2], e[3])), e[4]));
}

TEST_CASE("leaf value hashing rejects bad words and flags", "[trie][node]")
{
    Hash too_big;
    too_big.bytes.fill(0xff);
    const std::array<Hash, 1> words{too_big};
    CHECK(trie::leaf_value_hash(words, 0).error() == trie::NodeError::kNonCanonicalField);
    CHECK(trie::leaf_value_hash(words, 1).has_value());  // compressed: any 32 bytes are fine
    CHECK(trie::leaf_value_hash(words, 2).error() == trie::NodeError::kBadFlags);
    CHECK(trie::leaf_value_hash(std::span<const Hash>{}, 0).error() == trie::NodeError::kNoWords);
}

TEST_CASE("node encodings round-trip and reject malformed input", "[trie][node]")
{
    trie::Node leaf;
    leaf.type = trie::NodeType::kLeaf;
    leaf.key = Fr::from_u64(0x1234);
    leaf.words = {
        word_from_hex("0x0000000000000000000000000000000000000000000000010000000000000002"),
        blend::kEmptyCodeHash};
    leaf.compressed_flags = 0b10;
    leaf.key_preimage = {1, 2, 3};
    const auto bytes = trie::encode_node(leaf);
    REQUIRE(bytes.size() == 1 + 32 + 4 + 64 + 1 + 3);
    CHECK(bytes[33] == 2);  // len
    CHECK(bytes[34] == 2);  // flags, little-endian u32
    const auto back = trie::decode_node(bytes);
    REQUIRE(back.has_value());
    CHECK(back->key == leaf.key);
    CHECK(back->words == leaf.words);
    CHECK(back->compressed_flags == leaf.compressed_flags);
    CHECK(back->key_preimage == leaf.key_preimage);
    CHECK(trie::encode_node(*back) == bytes);

    trie::Node branch;
    branch.type = trie::NodeType::kBranchBranchTerminal;
    branch.left = Fr::from_u64(7);
    const auto bb = trie::encode_node(branch);
    REQUIRE(bb.size() == 65);
    const auto bback = trie::decode_node(bb);
    REQUIRE(bback.has_value());
    CHECK(bback->type == branch.type);
    CHECK(bback->left == branch.left);
    CHECK(bback->right.is_zero());

    CHECK(trie::decode_node({}).error() == trie::NodeError::kEmptyInput);
    const blend::Bytes deprecated{0x00};
    CHECK(trie::decode_node(deprecated).error() == trie::NodeError::kUnknownType);
    blend::Bytes truncated = bytes;
    truncated.pop_back();
    CHECK(trie::decode_node(truncated).error() == trie::NodeError::kBadLength);
    blend::Bytes bad_branch = bb;
    for (size_t i = 1; i < 33; ++i)
        bad_branch[i] = 0xff;  // left child >= r
    CHECK(trie::decode_node(bad_branch).error() == trie::NodeError::kNonCanonicalField);
    const blend::Bytes empty{0x05};
    const auto e = trie::decode_node(empty);
    REQUIRE(e.has_value());
    CHECK(trie::node_hash(*e)->is_zero());
}

TEST_CASE("path bits are the key's bits, least significant first", "[trie][node]")
{
    const Fr key = Fr::from_u64(0b1011);
    CHECK(trie::path_bit(key, 0));
    CHECK(trie::path_bit(key, 1));
    CHECK_FALSE(trie::path_bit(key, 2));
    CHECK(trie::path_bit(key, 3));
    CHECK_FALSE(trie::path_bit(key, 4));
    const Fr high =
        fr_from_string("0x0080000000000000000000000000000000000000000000000000000000000000");
    CHECK(trie::path_bit(high, 247));
    CHECK_FALSE(trie::path_bit(high, 246));
}
