// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"

namespace blend::rlp {

namespace {

size_t byte_length(uint64_t value) noexcept
{
    size_t n = 0;
    while (value != 0) {
        ++n;
        value >>= 8;
    }
    return n;
}

void append_big_endian(Bytes& out, uint64_t value, size_t size)
{
    for (size_t i = size; i > 0; --i)
        out.push_back(static_cast<uint8_t>(value >> (8 * (i - 1))));
}

// Short form below 56 bytes, long form (length of length, then length) from 56 on.
void encode_header(Bytes& out, size_t payload_size, uint8_t short_base, uint8_t long_base)
{
    if (payload_size < 56) {
        out.push_back(static_cast<uint8_t>(short_base + payload_size));
        return;
    }
    const size_t size_of_size = byte_length(payload_size);
    out.push_back(static_cast<uint8_t>(long_base + size_of_size));
    append_big_endian(out, payload_size, size_of_size);
}

}  // namespace

size_t header_size(size_t payload_size) noexcept
{
    return payload_size < 56 ? 1 : 1 + byte_length(payload_size);
}

void encode_string(Bytes& out, BytesView payload)
{
    if (payload.size() == 1 && payload[0] < 0x80) {
        out.push_back(payload[0]);
        return;
    }
    encode_header(out, payload.size(), 0x80, 0xb7);
    out.insert(out.end(), payload.begin(), payload.end());
}

void encode_uint64(Bytes& out, uint64_t value)
{
    if (value != 0 && value < 0x80) {
        out.push_back(static_cast<uint8_t>(value));
        return;
    }
    const size_t size = byte_length(value);
    out.push_back(static_cast<uint8_t>(0x80 + size));
    append_big_endian(out, value, size);
}

void encode_uint_bytes(Bytes& out, BytesView big_endian)
{
    size_t first = 0;
    while (first < big_endian.size() && big_endian[first] == 0)
        ++first;
    encode_string(out, big_endian.subspan(first));
}

void encode_address(Bytes& out, const Address& address)
{
    encode_string(out, address.view());
}

void encode_hash(Bytes& out, const Hash& hash)
{
    encode_string(out, hash.view());
}

void encode_list_header(Bytes& out, size_t payload_size)
{
    encode_header(out, payload_size, 0xc0, 0xf7);
}

void encode_list(Bytes& out, BytesView payload)
{
    encode_list_header(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
}

Bytes wrap_list(BytesView payload)
{
    Bytes out;
    out.reserve(header_size(payload.size()) + payload.size());
    encode_list(out, payload);
    return out;
}

}  // namespace blend::rlp
