// SPDX-License-Identifier: Apache-2.0
#include "core/u256.hpp"

#include <algorithm>

namespace blend {

namespace {

// The largest power of ten that fits a word: decimal conversion works 19 digits at a time.
constexpr uint64_t kTenPow19 = 10'000'000'000'000'000'000ULL;
constexpr int kTenPow19Digits = 19;

constexpr char kHexDigits[] = "0123456789abcdef";

int digit_value(char c, unsigned base) noexcept
{
    int v = -1;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v >= 0 && static_cast<unsigned>(v) < base ? v : -1;
}

Result<U256, U256Error> parse_hex(std::string_view digits)
{
    if (digits.empty())
        return Unexpected{U256Error::kEmpty};
    U256 value;
    unsigned significant = 0;  // hex digits after the leading zeros
    for (const char c : digits) {
        const int d = digit_value(c, 16);
        if (d < 0)
            return Unexpected{U256Error::kInvalidDigit};
        if (significant == 0 && d == 0)
            continue;
        if (++significant > 64)
            return Unexpected{U256Error::kOverflow};
        value = (value << 4) | U256{static_cast<uint64_t>(d)};
    }
    return value;
}

Result<U256, U256Error> parse_decimal(std::string_view digits)
{
    if (digits.empty())
        return Unexpected{U256Error::kEmpty};
    // value * 10 + d overflows exactly when value > kLimit, or value == kLimit and d > kLastDigit.
    constexpr U256 kLimit = U256::max() / U256{10};
    constexpr uint64_t kLastDigit = (U256::max() % U256{10}).low_u64();
    U256 value;
    for (const char c : digits) {
        const int d = digit_value(c, 10);
        if (d < 0)
            return Unexpected{U256Error::kInvalidDigit};
        if (value > kLimit || (value == kLimit && static_cast<uint64_t>(d) > kLastDigit))
            return Unexpected{U256Error::kOverflow};
        value = value * U256{10} + U256{static_cast<uint64_t>(d)};
    }
    return value;
}

}  // namespace

const char* to_string(U256Error e) noexcept
{
    switch (e) {
    case U256Error::kEmpty:
        return "empty number";
    case U256Error::kInvalidDigit:
        return "invalid digit";
    case U256Error::kOverflow:
        return "number exceeds 256 bits";
    }
    return "unknown U256 error";
}

std::string to_string(const U256& value)
{
    if (value.is_zero())
        return "0";
    // Peel off 19-digit chunks, least significant first.
    uint64_t chunks[5] = {};  // 2^256 < 10^78 needs at most five 19-digit chunks
    int n = 0;
    U256 rest = value;
    const U256 divisor{kTenPow19};
    while (!rest.is_zero()) {
        const U256DivMod qr = udivrem(rest, divisor);
        chunks[n++] = qr.rem.low_u64();
        rest = qr.quot;
    }
    std::string out = std::to_string(chunks[n - 1]);
    for (int i = n - 2; i >= 0; --i) {
        std::string part = std::to_string(chunks[i]);
        out.append(static_cast<size_t>(kTenPow19Digits) - part.size(), '0');
        out += part;
    }
    return out;
}

std::string to_hex(const U256& value)
{
    std::string out = "0x";
    const unsigned nibbles = std::max(1U, (count_significant_bits(value) + 3) / 4);
    for (unsigned i = nibbles; i-- > 0;) {
        const uint64_t word = value.words[i / 16];
        out += kHexDigits[(word >> (4 * (i % 16))) & 0xf];
    }
    return out;
}

Result<U256, U256Error> u256_from_string(std::string_view text)
{
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        return parse_hex(text.substr(2));
    return parse_decimal(text);
}

Hash to_hash(const U256& value) noexcept
{
    Hash out;
    value.to_be_bytes(out.data());
    return out;
}

U256 u256_from_hash(const Hash& hash) noexcept
{
    return U256::from_be_bytes(hash.data(), Hash::size());
}

namespace rlp {

void encode_u256(Bytes& out, const U256& value)
{
    uint8_t be[32];
    value.to_be_bytes(be);
    encode_uint_bytes(out, BytesView{be, sizeof(be)});
}

DecodeResult<U256> read_u256(BytesView& in)
{
    auto bytes = read_uint_bytes(in, 32);
    if (!bytes)
        return Unexpected{bytes.error()};
    return U256::from_be_bytes(bytes->data(), bytes->size());
}

}  // namespace rlp

}  // namespace blend
