// SPDX-License-Identifier: Apache-2.0
#include "core/hex.hpp"

#include "core/keccak.hpp"

namespace blend {

namespace {

constexpr char kDigits[] = "0123456789abcdef";

int digit_value(char c) noexcept
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace

const char* to_string(HexError e) noexcept
{
    switch (e) {
    case HexError::kOddLength:
        return "hex string has odd length";
    case HexError::kInvalidDigit:
        return "invalid hex digit";
    case HexError::kWrongLength:
        return "hex string has wrong length";
    case HexError::kMissingPrefix:
        return "hex string without 0x prefix";
    case HexError::kLeadingZero:
        return "hex number with leading zero digits";
    case HexError::kEmptyQuantity:
        return "hex string \"0x\"";
    case HexError::kOverflow:
        return "hex number too large";
    }
    return "unknown hex error";
}

std::string to_hex(BytesView bytes, bool with_prefix)
{
    std::string out;
    out.reserve(bytes.size() * 2 + 2);
    if (with_prefix)
        out += "0x";
    for (const uint8_t b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0x0f];
    }
    return out;
}

Result<Bytes, HexError> from_hex(std::string_view text)
{
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text.remove_prefix(2);
    if (text.size() % 2 != 0)
        return Unexpected{HexError::kOddLength};
    Bytes out(text.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        const int hi = digit_value(text[2 * i]);
        const int lo = digit_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return Unexpected{HexError::kInvalidDigit};
        out[i] = static_cast<uint8_t>((hi << 4) | lo);
    }
    return out;
}

std::string to_checksum_hex(const Address& address)
{
    // EIP-55: the i-th hex letter is upper case when the i-th nibble of
    // keccak256(lowercase hex address, no prefix) is >= 8.
    const std::string lower = to_hex(address.view(), false);
    const Hash digest = keccak256({reinterpret_cast<const uint8_t*>(lower.data()), lower.size()});
    std::string out = "0x";
    for (size_t i = 0; i < lower.size(); ++i) {
        const uint8_t nibble = (i % 2 == 0) ? (digest[i / 2] >> 4) : (digest[i / 2] & 0x0f);
        const char c = lower[i];
        out += (c >= 'a' && nibble >= 8) ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

}  // namespace blend
