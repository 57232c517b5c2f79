// SPDX-License-Identifier: Apache-2.0
#include "core/types/header.hpp"

#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "core/trie/ordered_trie_root.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace blend;

namespace {

Hash h(const char* text)
{
    return hash_from_hex(text).value();
}

Bytes hex(const char* text)
{
    return from_hex(text).value();
}

// Mainnet block 24,630,100 (0x177d354), a Prague block: the fields and hash as returned by
// eth_getBlockByNumber (hash 0x6c4c6ea0...3c82); all 21 header fields are given there.
Header mainnet_24630100()
{
    Header x;
    x.parent_hash = h("0x63ce16602b2afe4089fa8e0a2c16be1a2dea1c4d30b65bd717d9398ddd5fba23");
    x.ommers_hash = h("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
    x.coinbase = address_from_hex("0xdadb0d80178819f2319190d340ce9a924f783711").value();
    x.state_root = h("0x41ebb402f36d0ce15799e98d1aca83bbb5d4b08d1b6572e73b388e4ece192916");
    x.transactions_root = h("0x3b889eb9fa0713d2e1d9e90725d45fd04ec4a550a7a390639c243c5f3b2c6215");
    x.receipts_root = h("0x52fc280ab6b1db61781dae4cc5f81b7ddd484eae78320bdd8161d5b2fe8e7719");
    x.logs_bloom = Bloom{
        fixed_from_hex<256>(
            "0xfffffef97ffdf7dfb75fbbfeffffdfffffbeefffffbbffff6ffffdffbffffaf9df7fff7f7fff6ffbffff"
            "dfdffbffffff76fffffcbf7ffbfffffeefffffff7df7bffffffdefffff8fdfdf7f7ceffdffff7ff77affe7"
            "ef5ff5fbfff57ff7eeadfffffffabfff7bdffbbfbffcfffdefffeffefffffffff5fffefdffdffbffffdfdf"
            "fbffe7fffffffffdffebf7e37fdfe977f7fbdfefdffddffffffffff5f97ffffdfbffdf7fffffbff9feff77"
            "afffefffeef77ffff7fff6fffeffd77ffffeefefdb7bffffff7f7ffdfbff7ffffffffefdffdffddffffffe"
            "fffffffefdfbf7fdffef7fffff3bdf7fff6cefffdfffdf7ffffeffbfbffffdafffdfbf7efdbeffff7fff")
            .value()};
    x.difficulty = U256(0);
    x.number = 0x177d354;
    x.gas_limit = 0x3938700;
    x.gas_used = 0x1a4ed69;
    x.timestamp = 0x69b09d6b;
    x.extra_data = hex("0x4275696c6465724e6574202842656176657229");  // "BuilderNet (Beaver)"
    x.mix_hash = h("0xf824cbc0bffaa4862fffafa96c2cce90898dda8b97fc3eaa6a85ac38075991e5");
    x.nonce = fixed_from_hex<8>("0x0000000000000000").value();
    x.base_fee_per_gas = U256(0x246edf3);
    x.withdrawals_root = h("0x76abcbef0846a5bd065d0207581dacc3cf8df4ec2ba0a8e4d4fbbe97864b82ee");
    x.blob_gas_used = 0x40000;
    x.excess_blob_gas = 0xa2a720e;
    x.parent_beacon_block_root =
        h("0xd9b957562f8477151f61eddc77bcad7451ef62eab8f4fe470402073a794e8bba");
    x.requests_hash = h("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    return x;
}

// The mainnet genesis block (a Frontier header, 15 fields): hash 0xd4e56740...8fa3.
Header mainnet_genesis()
{
    Header x;
    x.state_root = h("0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544");
    x.transactions_root = kEmptyTrieRoot;
    x.receipts_root = kEmptyTrieRoot;
    x.difficulty = U256(17179869184u);  // 0x400000000
    x.gas_limit = 5000;
    x.extra_data = hex("0x11bbe8db4e347b4e8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa");
    x.nonce = fixed_from_hex<8>("0x0000000000000042").value();
    return x;
}

// The encodings of the items of a list, in order.
std::vector<Bytes> split_list(const Bytes& encoded)
{
    BytesView in = encoded;
    BytesView payload = rlp::read_list(in).value();
    std::vector<Bytes> items;
    while (!payload.empty()) {
        const BytesView before = payload;
        REQUIRE(rlp::read_item(payload));
        items.push_back(to_bytes(before.subspan(0, before.size() - payload.size())));
    }
    return items;
}

Bytes join_list(const std::vector<Bytes>& items)
{
    Bytes payload;
    for (const Bytes& item : items)
        payload.insert(payload.end(), item.begin(), item.end());
    return rlp::wrap_list(payload);
}

Bytes rlp_string(const Bytes& payload)
{
    Bytes out;
    rlp::encode_string(out, payload);
    return out;
}

HeaderError decode_error(const Bytes& encoded)
{
    const auto r = decode_header(encoded);
    REQUIRE_FALSE(r);
    return r.error();
}

}  // namespace

TEST_CASE("header constants are what the EIPs define")
{
    // EIP-3675 / Yellow Paper: keccak256(rlp([])).
    CHECK(kEmptyOmmersHash == keccak256(Bytes{0xc0}));
    // EIP-7685: no requests → sha256 of the empty string (FIPS 180-4 test value).
    CHECK(to_hex(kEmptyRequestsHash) ==
          "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(requests_hash({}) == kEmptyRequestsHash);
}

TEST_CASE("requests hash follows EIP-7685")
{
    // Requests with only a type byte (empty data) are left out.
    const std::vector<Bytes> empty_data = {Bytes{0x00}, Bytes{0x01}, Bytes{0x02}};
    CHECK(requests_hash(empty_data) == kEmptyRequestsHash);
    // One request "abc": sha256(sha256("abc")); sha256("abc") = ba7816bf... (FIPS 180-4), and
    // the outer value was computed with Python's hashlib.
    const std::vector<Bytes> abc = {Bytes{'a', 'b', 'c'}};
    CHECK(to_hex(requests_hash(abc)) ==
          "0x4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358");
    // Two requests (types 0 and 1), in order, plus an empty one that is skipped (hashlib).
    const std::vector<Bytes> two = {hex("0x00010203040506070809"), Bytes{0x02},
                                    hex("0x01aaaaaaaaaa")};
    CHECK(to_hex(requests_hash(two)) ==
          "0x1d127eaded99a5287c9f422a84cd9195854cf155b04a8682d41e0d5f6e04ff3e");
}

TEST_CASE("a mainnet Prague header hashes to its block hash and round-trips")
{
    const Header header = mainnet_24630100();
    CHECK(header_field_count(header).value() == kPragueHeaderFields);
    CHECK(to_hex(block_hash(header).value()) ==
          "0x6c4c6ea047f0ca4bcb0b0fbbcc2e50061d8dd24ba1ab8a22a6d3583a497c3c82");
    const Bytes encoded = encode_header(header).value();
    CHECK(split_list(encoded).size() == 21);
    const auto decoded = decode_header(encoded);
    REQUIRE(decoded);
    CHECK(*decoded == header);
}

TEST_CASE("the mainnet genesis header hashes to the genesis hash")
{
    const Header header = mainnet_genesis();
    CHECK(header_field_count(header).value() == kFrontierHeaderFields);
    CHECK(to_hex(block_hash(header).value()) ==
          "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
    const auto decoded = decode_header(encode_header(header).value());
    REQUIRE(decoded);
    CHECK(*decoded == header);
    CHECK_FALSE(decoded->base_fee_per_gas.has_value());
}

TEST_CASE("every header shape encodes only its fields and round-trips")
{
    Header prague = mainnet_24630100();
    Header cancun = prague;
    cancun.requests_hash.reset();
    Header shanghai = cancun;
    shanghai.blob_gas_used.reset();
    shanghai.excess_blob_gas.reset();
    shanghai.parent_beacon_block_root.reset();
    Header london = shanghai;
    london.withdrawals_root.reset();
    Header frontier = london;
    frontier.base_fee_per_gas.reset();

    const std::pair<const Header*, size_t> shapes[] = {
        {&frontier, 15}, {&london, 16}, {&shanghai, 17}, {&cancun, 20}, {&prague, 21}};
    for (const auto& [header, fields] : shapes) {
        const Bytes encoded = encode_header(*header).value();
        CHECK(split_list(encoded).size() == fields);
        const auto decoded = decode_header(encoded);
        REQUIRE(decoded);
        CHECK(*decoded == *header);
    }
    // Each shape is a prefix of the next one.
    const auto p = split_list(encode_header(prague).value());
    const auto l = split_list(encode_header(london).value());
    CHECK(std::equal(l.begin(), l.end(), p.begin()));
}

TEST_CASE("large integer fields use all 256 bits")
{
    Header header = mainnet_genesis();
    uint8_t max[32];
    for (auto& b : max)
        b = 0xff;
    header.difficulty = U256::from_be_bytes(max, 32);
    header.base_fee_per_gas = U256::from_be_bytes(max, 32);
    header.number = UINT64_MAX;
    const auto decoded = decode_header(encode_header(header).value());
    REQUIRE(decoded);
    CHECK(*decoded == header);
}

TEST_CASE("encoding refuses headers no fork produces")
{
    Header gap = mainnet_genesis();
    gap.withdrawals_root = kEmptyTrieRoot;  // Shanghai field without London's base fee
    CHECK(encode_header(gap).error() == HeaderError::kFieldGap);
    CHECK(block_hash(gap).error() == HeaderError::kFieldGap);

    Header partial_cancun = mainnet_24630100();
    partial_cancun.requests_hash.reset();
    partial_cancun.parent_beacon_block_root.reset();  // 4844 fields without EIP-4788's
    CHECK(encode_header(partial_cancun).error() == HeaderError::kFieldGap);

    Header prague_without_cancun = mainnet_24630100();
    prague_without_cancun.blob_gas_used.reset();
    prague_without_cancun.excess_blob_gas.reset();
    prague_without_cancun.parent_beacon_block_root.reset();
    CHECK(encode_header(prague_without_cancun).error() == HeaderError::kFieldGap);

    Header long_extra = mainnet_genesis();
    long_extra.extra_data = Bytes(33, 0x01);
    CHECK(encode_header(long_extra).error() == HeaderError::kExtraDataTooLong);
    long_extra.extra_data = Bytes(32, 0x01);
    CHECK(encode_header(long_extra));
}

TEST_CASE("decoding rejects every malformed header")
{
    const Bytes good = encode_header(mainnet_24630100()).value();
    const std::vector<Bytes> fields = split_list(good);
    REQUIRE(fields.size() == 21);

    SECTION("truncated input")
    {
        const Bytes cut(good.begin(), good.end() - 1);
        CHECK(decode_error(cut) == HeaderError::kMalformedRlp);
    }
    SECTION("bytes after the list")
    {
        Bytes extra = good;
        extra.push_back(0x00);
        CHECK(decode_error(extra) == HeaderError::kTrailingBytes);
    }
    SECTION("not a list")
    {
        CHECK(decode_error(rlp_string(Bytes(40, 1))) == HeaderError::kUnexpectedString);
        CHECK(decode_error(Bytes{}) == HeaderError::kMalformedRlp);
    }
    SECTION("field counts no fork produces")
    {
        for (const size_t n : {0u, 1u, 14u, 18u, 19u}) {
            const std::vector<Bytes> prefix(fields.begin(), fields.begin() + n);
            CHECK(decode_error(join_list(prefix)) == HeaderError::kWrongFieldCount);
        }
        std::vector<Bytes> longer = fields;
        longer.push_back(rlp_string(Bytes(32, 0)));
        CHECK(decode_error(join_list(longer)) == HeaderError::kWrongFieldCount);
        for (const size_t n : {15u, 16u, 17u, 20u, 21u}) {
            const std::vector<Bytes> prefix(fields.begin(), fields.begin() + n);
            CHECK(decode_header(join_list(prefix)));
        }
    }
    SECTION("a list where a field belongs")
    {
        std::vector<Bytes> bad = fields;
        bad[0] = rlp::wrap_list(Bytes{});
        CHECK(decode_error(join_list(bad)) == HeaderError::kUnexpectedList);
    }
    SECTION("fixed-size fields of the wrong size")
    {
        const std::pair<size_t, size_t> cases[] = {
            {0, 31},   // parentHash
            {2, 21},   // coinbase
            {6, 255},  // logsBloom
            {13, 33},  // mixHash
            {14, 7},   // nonce
            {14, 9},   // nonce
            {16, 0},   // withdrawalsRoot
            {19, 31},  // parentBeaconBlockRoot
            {20, 33},  // requestsHash
        };
        for (const auto& [index, size] : cases) {
            std::vector<Bytes> bad = fields;
            bad[index] = rlp_string(Bytes(size, 0x11));
            INFO("field " << index << " size " << size);
            CHECK(decode_error(join_list(bad)) == HeaderError::kWrongLength);
        }
    }
    SECTION("integers with leading zeros or too wide")
    {
        for (const size_t index : {7u, 8u, 9u, 10u, 11u, 15u, 17u, 18u}) {
            std::vector<Bytes> bad = fields;
            bad[index] = rlp_string(Bytes{0x00, 0x01});
            INFO("field " << index);
            CHECK(decode_error(join_list(bad)) == HeaderError::kLeadingZero);
        }
        for (const size_t index : {8u, 9u, 10u, 11u, 17u, 18u}) {
            std::vector<Bytes> bad = fields;
            bad[index] = rlp_string(Bytes(9, 0x01));  // 72 bits in a uint64 field
            INFO("field " << index);
            CHECK(decode_error(join_list(bad)) == HeaderError::kOverflow);
        }
        for (const size_t index : {7u, 15u}) {
            std::vector<Bytes> bad = fields;
            bad[index] = rlp_string(Bytes(33, 0x01));  // 264 bits in a uint256 field
            INFO("field " << index);
            CHECK(decode_error(join_list(bad)) == HeaderError::kOverflow);
        }
    }
    SECTION("a non-canonical single byte inside the list")
    {
        std::vector<Bytes> bad = fields;
        bad[8] = Bytes{0x81, 0x05};  // number 5 must be the byte 0x05 itself
        CHECK(decode_error(join_list(bad)) == HeaderError::kMalformedRlp);
    }
    SECTION("extraData longer than 32 bytes")
    {
        std::vector<Bytes> bad = fields;
        bad[12] = rlp_string(Bytes(33, 0x61));
        CHECK(decode_error(join_list(bad)) == HeaderError::kExtraDataTooLong);
        bad[12] = rlp_string(Bytes(32, 0x61));
        CHECK(decode_header(join_list(bad)));
    }
}

TEST_CASE("header errors have messages")
{
    CHECK(std::string(to_string(HeaderError::kFieldGap)).find("header") == 0);
    CHECK(std::string(to_string(HeaderError::kExtraDataTooLong)).find("32") != std::string::npos);
}
