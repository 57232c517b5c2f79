// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"

#include "core/hex.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace blend;

namespace {

Bytes hex(const char* text)
{
    return from_hex(text).value();
}

Bytes encode_str(const std::string& s)
{
    Bytes out;
    rlp::encode_string(out, {reinterpret_cast<const uint8_t*>(s.data()), s.size()});
    return out;
}

}  // namespace

TEST_CASE("rlp encodes the Yellow Paper examples")
{
    CHECK(to_hex(encode_str("dog")) == "0x83646f67");
    CHECK(to_hex(encode_str("")) == "0x80");
    CHECK(to_hex(encode_str(std::string(1, '\x00'))) == "0x00");
    CHECK(to_hex(encode_str(std::string(1, '\x7f'))) == "0x7f");
    CHECK(to_hex(encode_str(std::string(1, '\x80'))) == "0x8180");
    const std::string lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
    CHECK(to_hex(encode_str(lorem)).substr(0, 6) == "0xb838");

    Bytes payload = encode_str("cat");
    const Bytes dog = encode_str("dog");
    payload.insert(payload.end(), dog.begin(), dog.end());
    CHECK(to_hex(rlp::wrap_list(payload)) == "0xc88363617483646f67");
    CHECK(to_hex(rlp::wrap_list({})) == "0xc0");

    Bytes n;
    rlp::encode_uint64(n, 0);
    rlp::encode_uint64(n, 15);
    rlp::encode_uint64(n, 1024);
    rlp::encode_uint64(n, 0xffffffffffffffff);
    CHECK(to_hex(n) ==
          "0x800f820400"
          "88ffffffffffffffff");
}

TEST_CASE("rlp decodes what it encodes")
{
    for (const size_t size : {0u, 1u, 55u, 56u, 255u, 256u, 70000u}) {
        Bytes payload(size, 0xab);
        Bytes encoded;
        rlp::encode_string(encoded, payload);
        BytesView in = encoded;
        const auto decoded = rlp::read_string(in);
        REQUIRE(decoded);
        CHECK(Bytes(decoded->begin(), decoded->end()) == payload);
        CHECK(in.empty());

        const Bytes list = rlp::wrap_list(encoded);
        BytesView list_in = list;
        auto inner = rlp::read_list(list_in);
        REQUIRE(inner);
        CHECK(Bytes(inner->begin(), inner->end()) == encoded);
    }
    for (const uint64_t v : {0ull, 1ull, 127ull, 128ull, 255ull, 256ull, 0xffffffffffffffffull}) {
        Bytes encoded;
        rlp::encode_uint64(encoded, v);
        BytesView in = encoded;
        CHECK(rlp::read_uint64(in).value() == v);
        CHECK(in.empty());
    }
}

TEST_CASE("rlp rejects non-canonical input")
{
    struct Case {
        const char* input;
        rlp::DecodeError error;
    };
    const Case cases[] = {
        {"0x", rlp::DecodeError::kInputTooShort},
        {"0x83646f", rlp::DecodeError::kInputTooShort},
        {"0x8105", rlp::DecodeError::kNonCanonicalByte},
        {"0xb801ff", rlp::DecodeError::kNonCanonicalSize},  // long form for 1 byte
        {"0xb90038"
         "00",
         rlp::DecodeError::kNonCanonicalSize},  // length with leading zero
        {"0xf800", rlp::DecodeError::kNonCanonicalSize},
        {"0xc3"
         "8261",
         rlp::DecodeError::kInputTooShort},
        {"0xbf"
         "ffffffffffffffff",
         rlp::DecodeError::kInputTooShort},
    };
    for (const auto& c : cases) {
        const Bytes input = hex(c.input);
        BytesView in = input;
        const auto item = rlp::read_item(in);
        INFO(c.input);
        REQUIRE_FALSE(item);
        CHECK(item.error() == c.error);
    }

    Bytes zero_led = hex("0x820001");
    BytesView in = zero_led;
    CHECK(rlp::read_uint64(in).error() == rlp::DecodeError::kLeadingZero);
    Bytes too_big = hex("0x89010000000000000000");
    in = too_big;
    CHECK(rlp::read_uint64(in).error() == rlp::DecodeError::kOverflow);
    Bytes list = hex("0xc0");
    in = list;
    CHECK(rlp::read_string(in).error() == rlp::DecodeError::kUnexpectedList);
    Bytes trailing = hex("0x8000");
    in = trailing;
    REQUIRE(rlp::read_string(in));
    CHECK(rlp::expect_end(in).error() == rlp::DecodeError::kTrailingBytes);
    Bytes short_address = hex("0x8401020304");
    in = short_address;
    CHECK(rlp::read_address(in).error() == rlp::DecodeError::kWrongLength);
}
