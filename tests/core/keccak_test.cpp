// SPDX-License-Identifier: Apache-2.0
#include "core/keccak.hpp"

#include "core/hex.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace blend;

namespace {

Hash keccak_of(const std::string& s)
{
    return keccak256({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

}  // namespace

TEST_CASE("keccak256 standard vectors")
{
    CHECK(to_hex(keccak_of("")) ==
          "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    CHECK(to_hex(keccak_of("abc")) ==
          "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    CHECK(to_hex(keccak_of("The quick brown fox jumps over the lazy dog")) ==
          "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
    // 200 bytes of 0xa3: crosses the 136-byte rate boundary (Keccak team's KAT style).
    const std::string long_input(200, '\xa3');
    CHECK(to_hex(keccak_of(long_input)) ==
          "0x3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a");
    CHECK(to_hex(kEmptyCodeHash) == to_hex(keccak_of("")));
}

TEST_CASE("keccak256 incremental equals one-shot at every split")
{
    Bytes data(400);
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<uint8_t>(i * 7 + 3);
    for (const size_t total : {0u, 1u, 135u, 136u, 137u, 272u, 400u}) {
        const BytesView input{data.data(), total};
        const Hash expected = keccak256(input);
        for (size_t split = 0; split <= total; split += 17) {
            Keccak256Hasher hasher;
            hasher.update(input.data(), split);
            hasher.update(input.data() + split, total - split);
            Hash got;
            hasher.finish(got.data());
            CHECK(got == expected);
        }
    }
}
