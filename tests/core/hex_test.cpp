// SPDX-License-Identifier: Apache-2.0
#include "core/hex.hpp"

#include <catch2/catch.hpp>

using namespace blend;

TEST_CASE("hex round trip and errors")
{
    const Bytes data{0x00, 0x01, 0xab, 0xff};
    CHECK(to_hex(data) == "0x0001abff");
    CHECK(to_hex(data, false) == "0001abff");
    CHECK(*from_hex("0x0001ABff") == data);
    CHECK(*from_hex("0001abff") == data);
    CHECK(from_hex("0x").value().empty());
    CHECK(from_hex("0x123").error() == HexError::kOddLength);
    CHECK(from_hex("0xzz").error() == HexError::kInvalidDigit);
    CHECK(address_from_hex("0x1234").error() == HexError::kWrongLength);
}

TEST_CASE("EIP-55 checksum addresses")
{
    // The test vectors listed in EIP-55.
    for (const char* expected : {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                                 "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                                 "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                                 "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
        const auto address = address_from_hex(expected);
        REQUIRE(address);
        CHECK(to_checksum_hex(*address) == expected);
    }
}
