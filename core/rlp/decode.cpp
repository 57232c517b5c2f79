// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"

namespace blend::rlp {

const char* to_string(DecodeError e) noexcept
{
    switch (e) {
    case DecodeError::kInputTooShort:
        return "rlp: input too short";
    case DecodeError::kTrailingBytes:
        return "rlp: trailing bytes";
    case DecodeError::kNonCanonicalSize:
        return "rlp: non-canonical size information";
    case DecodeError::kNonCanonicalByte:
        return "rlp: non-canonical single byte";
    case DecodeError::kLeadingZero:
        return "rlp: integer with leading zero bytes";
    case DecodeError::kOverflow:
        return "rlp: value too large";
    case DecodeError::kUnexpectedList:
        return "rlp: expected string, got list";
    case DecodeError::kUnexpectedString:
        return "rlp: expected list, got string";
    case DecodeError::kWrongLength:
        return "rlp: string has wrong length";
    }
    return "rlp: unknown error";
}

namespace {

// Reads a big-endian length of `size` bytes (1..8) for the long forms (prefixes 0xb8.. and 0xf8..).
DecodeResult<size_t> read_long_length(BytesView& in, size_t size)
{
    if (in.size() < size)
        return Unexpected{DecodeError::kInputTooShort};
    if (in[0] == 0)
        return Unexpected{DecodeError::kNonCanonicalSize};
    uint64_t length = 0;
    for (size_t i = 0; i < size; ++i)
        length = (length << 8) | in[i];
    in = in.subspan(size);
    if (length < 56)
        return Unexpected{DecodeError::kNonCanonicalSize};
    if (length > in.size())
        return Unexpected{DecodeError::kInputTooShort};
    return static_cast<size_t>(length);
}

}  // namespace

DecodeResult<Item> read_item(BytesView& in)
{
    if (in.empty())
        return Unexpected{DecodeError::kInputTooShort};
    const uint8_t prefix = in[0];
    BytesView rest = in.subspan(1);
    Item item;
    size_t length = 0;
    if (prefix < 0x80) {
        // A single byte is its own encoding.
        item.payload = in.subspan(0, 1);
        in = rest;
        return item;
    }
    if (prefix <= 0xb7) {
        length = prefix - 0x80u;
        if (length > rest.size())
            return Unexpected{DecodeError::kInputTooShort};
        if (length == 1 && rest[0] < 0x80)
            return Unexpected{DecodeError::kNonCanonicalByte};
    } else if (prefix <= 0xbf) {
        BLEND_TRY(length, read_long_length(rest, prefix - 0xb7u));
    } else if (prefix <= 0xf7) {
        item.is_list = true;
        length = prefix - 0xc0u;
        if (length > rest.size())
            return Unexpected{DecodeError::kInputTooShort};
    } else {
        item.is_list = true;
        BLEND_TRY(length, read_long_length(rest, prefix - 0xf7u));
    }
    item.payload = rest.subspan(0, length);
    in = rest.subspan(length);
    return item;
}

DecodeResult<BytesView> read_string(BytesView& in)
{
    BLEND_TRY(const Item item, read_item(in));
    if (item.is_list)
        return Unexpected{DecodeError::kUnexpectedList};
    return item.payload;
}

DecodeResult<BytesView> read_list(BytesView& in)
{
    BLEND_TRY(const Item item, read_item(in));
    if (!item.is_list)
        return Unexpected{DecodeError::kUnexpectedString};
    return item.payload;
}

DecodeResult<BytesView> read_uint_bytes(BytesView& in, size_t max_size)
{
    BLEND_TRY(const BytesView payload, read_string(in));
    if (!payload.empty() && payload[0] == 0)
        return Unexpected{DecodeError::kLeadingZero};
    if (payload.size() > max_size)
        return Unexpected{DecodeError::kOverflow};
    return payload;
}

DecodeResult<uint64_t> read_uint64(BytesView& in)
{
    BLEND_TRY(const BytesView payload, read_uint_bytes(in, 8));
    uint64_t value = 0;
    for (const uint8_t b : payload)
        value = (value << 8) | b;
    return value;
}

DecodeResult<Address> read_address(BytesView& in)
{
    BLEND_TRY(const BytesView payload, read_string(in));
    if (payload.size() != Address::kSize)
        return Unexpected{DecodeError::kWrongLength};
    return to_address(payload);
}

DecodeResult<Hash> read_hash(BytesView& in)
{
    BLEND_TRY(const BytesView payload, read_string(in));
    if (payload.size() != Hash::kSize)
        return Unexpected{DecodeError::kWrongLength};
    return to_hash(payload);
}

Result<void, DecodeError> expect_end(BytesView in)
{
    if (!in.empty())
        return Unexpected{DecodeError::kTrailingBytes};
    return {};
}

}  // namespace blend::rlp
