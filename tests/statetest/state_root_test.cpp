// SPDX-License-Identifier: Apache-2.0
// The secure Merkle-Patricia root (core/trie/state_root.hpp). Expected roots come from
// ethereum/tests TrieTests (trieanyorder_secureTrie.json, hex_encoded_securetrie_test.json) and
// from nodes written out byte by byte from the Yellow Paper (Appendices B, C, D), not from this
// code.
#include "core/trie/state_root.hpp"

#include "core/hex.hpp"
#include "core/keccak.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace blend;

namespace {

Bytes raw(const std::string& s)
{
    if (s.starts_with("0x"))
        return *from_hex(s);
    return {s.begin(), s.end()};
}

std::string secure_root_of(const std::vector<std::pair<std::string, std::string>>& pairs)
{
    std::vector<Bytes> keys;
    std::vector<Bytes> values;
    for (const auto& [k, v] : pairs) {
        keys.push_back(raw(k));
        values.push_back(raw(v));
    }
    std::vector<TrieEntry> entries;
    for (size_t i = 0; i < pairs.size(); ++i)
        entries.push_back({keys[i], values[i]});
    return to_hex(secure_trie_root(entries));
}

Hash h(const char* hex)
{
    return *hash_from_hex(hex);
}

Address addr(const char* hex)
{
    return *address_from_hex(hex);
}

constexpr const char* kEmptyRoot =
    "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
constexpr const char* kEmptyCode =
    "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

}  // namespace

TEST_CASE("an empty state and an empty storage have the empty trie root")
{
    CHECK(to_hex(state_root({})) == kEmptyRoot);
    CHECK(to_hex(storage_root({})) == kEmptyRoot);
    // Zero slots are not stored (Yellow Paper §4.1): a storage of zeros is empty.
    const std::vector<StorageEntry> zeros{{h(kEmptyRoot), U256{}}, {Hash{}, U256{}}};
    CHECK(to_hex(storage_root(zeros)) == kEmptyRoot);
}

TEST_CASE("secure trie roots match ethereum/tests trieanyorder_secureTrie.json")
{
    CHECK(secure_root_of({{"A", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}) ==
          "0xe9e2935138352776cad724d31c9fa5266a5c593bb97726dd2a908fe6d53284df");
    CHECK(secure_root_of({{"doe", "reindeer"}, {"dog", "puppy"}, {"dogglesworth", "cat"}}) ==
          "0xd4cd937e4a4368d7931a9cf51686b7e10abb3dce38a39000fd7902a092b64585");
    CHECK(secure_root_of(
              {{"do", "verb"}, {"horse", "stallion"}, {"doge", "coin"}, {"dog", "puppy"}}) ==
          "0x29b235a58c3c25ab83010c327d5932bcf05324b7d6b1185e650798034783ca9d");
    CHECK(secure_root_of({{"foo", "bar"}, {"food", "bass"}}) ==
          "0x1385f23a33021025d9e87cca5c66c00de06178807b96a9acc92b7d651ccde842");
    CHECK(secure_root_of({{"be", "e"}, {"dog", "puppy"}, {"bed", "d"}}) ==
          "0x826a4f9f9054a3e980e54b20da992c24fa20467f1ca635115ef4917be66e746f");
    CHECK(secure_root_of({{"test", "test"}, {"te", "testy"}}) ==
          "0xaea54fb6c80499674248a462864c420c9d9f3b3d38c879c12425bade1ad76552");
    CHECK(secure_root_of({{"0x0045", "0x0123456789"}, {"0x4500", "0x9876543210"}}) ==
          "0xbc11c02c8ab456db0c4d2728b6a2a6210d06f26a2ace4f7d8bdfc72ddf2630ab");
}

// hex_encoded_securetrie_test.json test1..3 are world states: address → account RLP. Each
// account below is the decoded value of the vector; encoding it back must give the vector's
// bytes, and the state root must be the vector's root.
TEST_CASE("account RLP and state roots match ethereum/tests hex_encoded_securetrie_test.json")
{
    SECTION("test1")
    {
        const StateAccount a1{1, U256{0x05f446a7}, h(kEmptyRoot), h(kEmptyCode)};
        CHECK(to_hex(encode_state_account(a1)) ==
              "0xf848018405f446a7a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363"
              "b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        const StateAccount a2{
            1, U256{1}, h(kEmptyRoot),
            h("0x04bccc5d94f4d1f99aab44369a910179931772f2a5c001c3229f57831c102769")};
        CHECK(to_hex(encode_state_account(a2)) ==
              "0xf8440101a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a004"
              "bccc5d94f4d1f99aab44369a910179931772f2a5c001c3229f57831c102769");
        const StateAccount a3{
            1, U256{0}, h("0xba4b47865c55a341a4a78759bb913cd15c3ee8eaf30a62fa8d1c8863113d84e8"),
            h(kEmptyCode)};
        CHECK(to_hex(encode_state_account(a3)) ==
              "0xf8440180a0ba4b47865c55a341a4a78759bb913cd15c3ee8eaf30a62fa8d1c8863113d84e8a0c5"
              "d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        const StateAccount a4{0, U256{0}, h(kEmptyRoot), h(kEmptyCode)};
        const StateAccount a5{0, U256{0x019a59}, h(kEmptyRoot), h(kEmptyCode)};
        const std::vector<StateEntry> state{
            {addr("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"), a1},
            {addr("0x095e7baea6a6c7c4c2dfeb977efac326af552d87"), a2},
            {addr("0xd2571607e241ecf590ed94b12d87c94babe36db6"), a3},
            {addr("0x62c01474f089b07dae603491675dc5b5748f7049"), a4},
            {addr("0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba"), a5},
        };
        CHECK(to_hex(state_root(state)) ==
              "0x730a444e08ab4b8dee147c9b232fc52d34a223d600031c1e9d25bfc985cbd797");
    }
    SECTION("test2")
    {
        const std::vector<StateEntry> state{
            {addr("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"),
             {1, *u256_from_string("0x0de0b6b3a7622746"), h(kEmptyRoot), h(kEmptyCode)}},
            {addr("0x095e7baea6a6c7c4c2dfeb977efac326af552d87"),
             {0, U256{0x0186b7}, h(kEmptyRoot),
              h("0x501653f02840675b1aab0328c6634762af5d51764e78f9641cccd9b27b90db4f")}},
            {addr("0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba"),
             {0, U256{0x521a}, h(kEmptyRoot), h(kEmptyCode)}},
        };
        CHECK(to_hex(encode_state_account(state[0].account)) ==
              "0xf84c01880de0b6b3a7622746a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc00162"
              "2fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        CHECK(to_hex(state_root(state)) ==
              "0xa7c787bf470808896308c215e22c7a580a0087bb6db6e8695fb4759537283a83");
    }
    SECTION("test3")
    {
        const std::vector<StateEntry> state{
            {addr("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"),
             {1, *u256_from_string("0x0de0b6b3a7614bc3"), h(kEmptyRoot), h(kEmptyCode)}},
            {addr("0x095e7baea6a6c7c4c2dfeb977efac326af552d87"),
             {0, U256{0x0132b3a0},
              h("0x65fee2fffd7a68488cf7ef79f35f7979133172ac5727b5e0cf322953d13de492"),
              h("0x6e5d8fec8b6b9bf41c3fb9b61696d5c87b66f6daa98d5f02ba9361b0c6916467")}},
            {addr("0x0000000000000000000000000000000000000001"),
             {0, U256{0}, h(kEmptyRoot), h(kEmptyCode)}},
            {addr("0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba"),
             {0, U256{0x012d9d}, h(kEmptyRoot), h(kEmptyCode)}},
        };
        CHECK(to_hex(encode_state_account(state[1].account)) ==
              "0xf84880840132b3a0a065fee2fffd7a68488cf7ef79f35f7979133172ac5727b5e0cf322953d13de"
              "492a06e5d8fec8b6b9bf41c3fb9b61696d5c87b66f6daa98d5f02ba9361b0c6916467");
        CHECK(to_hex(state_root(state)) ==
              "0x40b37be88a49e2c08b8d33fcb03a0676ffd0481df54dfebd3512b8ec54f40cad");
    }
}

// One account: the trie is a single leaf [HP(64 nibbles of keccak(address), leaf), account RLP].
// HP of an even-length leaf path is 0x20 followed by the path bytes (Yellow Paper Appendix C),
// so the path item is 0xa1 0x20 ‖ keccak(address) (a 33-byte string, Appendix B).
TEST_CASE("a one-account state root is the hash of one leaf node written out by hand")
{
    const Address a = addr("0x1000000000000000000000000000000000000001");
    const StateAccount account{7, U256{1'000'000}, h(kEmptyRoot), h(kEmptyCode)};
    // rlp([7, 1000000, root, code]) = f8 47 07 83 0f4240 a0 ‖ root a0 ‖ code: payload
    // 1 + 4 + 33 + 33 = 71 bytes.
    Bytes value{0xf8, 0x47, 0x07, 0x83, 0x0f, 0x42, 0x40, 0xa0};
    const Hash root = h(kEmptyRoot);
    value.insert(value.end(), root.bytes.begin(), root.bytes.end());
    value.push_back(0xa0);
    const Hash code = h(kEmptyCode);
    value.insert(value.end(), code.bytes.begin(), code.bytes.end());
    REQUIRE(value.size() == 73);
    CHECK(encode_state_account(account) == value);

    // leaf = list(string(0x20 ‖ key), string(value)): payload 34 + 2 + 73 = 109 bytes → f8 6d.
    const Hash key = keccak256(a.view());
    Bytes leaf{0xf8, 0x6d, 0xa1, 0x20};
    leaf.insert(leaf.end(), key.bytes.begin(), key.bytes.end());
    leaf.push_back(0xb8);
    leaf.push_back(73);
    leaf.insert(leaf.end(), value.begin(), value.end());
    REQUIRE(leaf.size() == 2 + 109);
    const std::vector<StateEntry> state{{a, account}};
    CHECK(state_root(state) == keccak256(leaf));
}

// One slot: the storage leaf holds rlp(value) as a string, so a one-byte value v < 0x80 is the
// value string [v] wrapped once more: leaf = list(string(0x20 ‖ keccak(slot)), string([v])).
TEST_CASE("a one-slot storage root is the hash of one leaf node written out by hand")
{
    const Hash slot = to_hash(U256{1});
    const std::vector<StorageEntry> slots{{slot, U256{0x2a}}};
    const Hash key = keccak256(slot.view());
    Bytes leaf{0xe3, 0xa1, 0x20};  // payload 33 + 1 + 1 = 35 = 0x23 → e3
    leaf.insert(leaf.end(), key.bytes.begin(), key.bytes.end());
    leaf.push_back(0x2a);  // rlp(rlp(0x2a)): a single byte below 0x80 is its own encoding
    REQUIRE(leaf.size() == 1 + 35);
    CHECK(storage_root(slots) == keccak256(leaf));
}
