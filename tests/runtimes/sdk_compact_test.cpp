// SPDX-License-Identifier: Apache-2.0
// The compact ABI (runtimes/sdk/compact_abi.hpp): the byte layout written in docs/sdk.md,
// checked on hand-assembled encodings, round trips of random values, and the decoder's bounds.
#include "runtimes/sdk/compact_abi.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

namespace {

using namespace blend::sdk;
namespace compact = blend::sdk::compact;

std::vector<uint8_t> bytes_of(ByteView v)
{
    return {v.data, v.data + v.size};
}

TEST_CASE("compact ABI: static values are little-endian, 4-byte aligned", "[sdk][compact]")
{
    // uint8 7, int16 -2, bool true, uint64 0x0102030405060708 (docs/sdk.md "Compact ABI").
    const auto enc =
        bytes_of(compact::encode(uint8_t{7}, int16_t{-2}, true, uint64_t{0x0102030405060708}));
    const std::vector<uint8_t> expected = {
        7,    0,    0,    0,                 // uint8 widened to 4 bytes
        0xfe, 0xff, 0xff, 0xff,              // int16 -2 sign-extended to 4 bytes
        1,    0,    0,    0,                 // bool
        8,    7,    6,    5,    4, 3, 2, 1,  // uint64 little-endian
    };
    CHECK(enc == expected);

    // U256 is 32 bytes, least significant first; an address is its 20 bytes as they are.
    Address a;
    for (uint8_t i = 0; i < 20; ++i)
        a.bytes[i] = static_cast<uint8_t>(i + 1);
    const auto enc2 = bytes_of(compact::encode(U256{0x1234}, a, FixedBytes<3>{{9, 8, 7}}));
    std::vector<uint8_t> expected2(32, 0);
    expected2[0] = 0x34;
    expected2[1] = 0x12;
    for (uint8_t i = 0; i < 20; ++i)
        expected2.push_back(static_cast<uint8_t>(i + 1));
    expected2.insert(expected2.end(), {9, 8, 7, 0});  // bytes3 padded to 4
    CHECK(enc2 == expected2);
}

TEST_CASE("compact ABI: dynamic values are a 12-byte header and an aligned body", "[sdk][compact]")
{
    // (uint32 5, bytes "abcde", string "xy"): heads 4 + 12 + 12 = 28 bytes; "abcde" at offset 28
    // (5 bytes padded to 8), "xy" at 36 (padded to 4); total 40.
    const auto enc = bytes_of(compact::encode(uint32_t{5}, compact::Bytes{view_of("abcde")},
                                              compact::String{view_of("xy")}));
    const std::vector<uint8_t> expected = {
        5,   0,   0,   0,                              // uint32
        5,   0,   0,   0,   28,  0, 0, 0, 5, 0, 0, 0,  // bytes: count 5, offset 28, size 5
        2,   0,   0,   0,   36,  0, 0, 0, 2, 0, 0, 0,  // string: count 2, offset 36, size 2
        'a', 'b', 'c', 'd', 'e', 0, 0, 0,              // body of bytes, padded to 8
        'x', 'y', 0,   0,                              // body of string, padded to 4
    };
    CHECK(enc == expected);

    // uint32[] {1, 2}: header {2, 12, 8}, body = two 4-byte heads.
    const uint32_t items[] = {1, 2};
    const auto enc2 = bytes_of(compact::encode(compact::Array<uint32_t>{items, 2}));
    const std::vector<uint8_t> expected2 = {2, 0, 0, 0, 12, 0, 0, 0, 8, 0,
                                            0, 0, 1, 0, 0,  0, 2, 0, 0, 0};
    CHECK(enc2 == expected2);

    // Random access: field 2 (the string) read without decoding fields 0 and 1.
    compact::TupleView<uint32_t, compact::Bytes, compact::String> view{{enc.data(), enc.size()}};
    compact::String s;
    REQUIRE(view.get<2>(s) == compact::CompactError::kNone);
    CHECK(s.view == view_of("xy"));
    uint32_t first = 0;
    REQUIRE(view.get<0>(first) == compact::CompactError::kNone);
    CHECK(first == 5);
}

TEST_CASE("compact ABI: random values round trip", "[sdk][compact]")
{
    std::mt19937_64 rng(20261122);
    for (int iter = 0; iter < 500; ++iter) {
        const size_t mark = arena_mark();
        const auto i8 = static_cast<int8_t>(rng());
        const auto u64 = static_cast<uint64_t>(rng());
        const U256 big = U256::from_words(rng(), rng(), rng(), rng());
        std::string text(rng() % 50, 'x');
        for (auto& c : text)
            c = static_cast<char>(rng());
        std::vector<compact::String> strings(rng() % 4);
        std::vector<std::string> backing(strings.size());
        for (size_t i = 0; i < strings.size(); ++i) {
            backing[i] = std::string(rng() % 9, static_cast<char>('a' + i));
            strings[i] = {{reinterpret_cast<const uint8_t*>(backing[i].data()), backing[i].size()}};
        }
        const ByteView enc = compact::encode(
            i8, compact::String{{reinterpret_cast<const uint8_t*>(text.data()), text.size()}}, u64,
            compact::Array<compact::String>{strings.data(), strings.size()}, big, iter % 2 == 0);
        CHECK(enc.size % 4 == 0);

        using View = compact::TupleView<int8_t, compact::String, uint64_t,
                                        compact::Array<compact::String>, U256, bool>;
        View view{enc};
        int8_t d_i8 = 0;
        compact::String d_text;
        uint64_t d_u64 = 0;
        compact::Array<compact::String> d_strings;
        U256 d_big;
        bool d_flag = false;
        REQUIRE(view.get<0>(d_i8) == compact::CompactError::kNone);
        REQUIRE(view.get<1>(d_text) == compact::CompactError::kNone);
        REQUIRE(view.get<2>(d_u64) == compact::CompactError::kNone);
        REQUIRE(view.get<3>(d_strings) == compact::CompactError::kNone);
        REQUIRE(view.get<4>(d_big) == compact::CompactError::kNone);
        REQUIRE(view.get<5>(d_flag) == compact::CompactError::kNone);
        CHECK(d_i8 == i8);
        CHECK(std::string(reinterpret_cast<const char*>(d_text.view.data), d_text.view.size) ==
              text);
        CHECK(d_u64 == u64);
        REQUIRE(d_strings.count == strings.size());
        for (size_t i = 0; i < strings.size(); ++i)
            CHECK(d_strings.items[i].view == strings[i].view);
        CHECK(d_big == big);
        CHECK(d_flag == (iter % 2 == 0));
        arena_release(mark);
    }
}

TEST_CASE("compact ABI: the decoder refuses bad headers and dirty values", "[sdk][compact]")
{
    using compact::CompactError;
    const auto decode_bytes = [](std::vector<uint8_t> enc) {
        compact::Bytes b;
        return compact::TupleView<compact::Bytes>{{enc.data(), enc.size()}}.get<0>(b);
    };
    // header {count, offset, size} for a 4-byte body at offset 12
    CHECK(decode_bytes({4, 0, 0, 0, 12, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4}) == CompactError::kNone);
    CHECK(decode_bytes({4, 0, 0, 0, 13, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4}) ==
          CompactError::kBadOffset);  // unaligned
    CHECK(decode_bytes({4, 0, 0, 0, 20, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4}) ==
          CompactError::kBadOffset);  // past the end
    CHECK(decode_bytes({4, 0, 0, 0, 12, 0, 0, 0, 8, 0, 0, 0, 1, 2, 3, 4}) ==
          CompactError::kBadLength);  // body past the end
    CHECK(decode_bytes({3, 0, 0, 0, 12, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4}) ==
          CompactError::kBadLength);  // count != size for bytes
    CHECK(decode_bytes({4, 0, 0, 0, 12, 0, 0}) == CompactError::kShortInput);

    const auto decode_u32_array = [](std::vector<uint8_t> enc) {
        compact::Array<uint32_t> a;
        return compact::TupleView<compact::Array<uint32_t>>{{enc.data(), enc.size()}}.get<0>(a);
    };
    // 0xffffffff elements claimed in a 4-byte body: refused before allocating.
    CHECK(decode_u32_array({0xff, 0xff, 0xff, 0xff, 12, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0}) ==
          CompactError::kBadLength);

    const auto decode_bool = [](std::vector<uint8_t> enc) {
        bool b = false;
        return compact::TupleView<bool>{{enc.data(), enc.size()}}.get<0>(b);
    };
    CHECK(decode_bool({2, 0, 0, 0}) == CompactError::kDirtyValue);
    const auto decode_u8 = [](std::vector<uint8_t> enc) {
        uint8_t v = 0;
        return compact::TupleView<uint8_t>{{enc.data(), enc.size()}}.get<0>(v);
    };
    CHECK(decode_u8({0, 1, 0, 0}) == CompactError::kDirtyValue);
    const auto decode_i16 = [](std::vector<uint8_t> enc) {
        int16_t v = 0;
        return compact::TupleView<int16_t>{{enc.data(), enc.size()}}.get<0>(v);
    };
    CHECK(decode_i16({0xfe, 0xff, 0xff, 0xff}) == CompactError::kNone);
    CHECK(decode_i16({0xfe, 0xff, 0, 0}) == CompactError::kDirtyValue);  // not sign-extended
}

}  // namespace
