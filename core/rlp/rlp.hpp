// SPDX-License-Identifier: Apache-2.0
// Recursive Length Prefix (Yellow Paper, Appendix B). Encoding always produces the canonical
// form; decoding accepts only the canonical form (Ethereum clients reject anything else, so
// accepting more would let two byte strings denote one transaction).
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>

namespace blend::rlp {

enum class DecodeError : uint8_t {
    kInputTooShort = 1,  ///< a header or payload runs past the end of the input
    kTrailingBytes,      ///< bytes left after the top-level item or inside a list
    kNonCanonicalSize,   ///< long form used for a length < 56, or a length with leading zeros
    kNonCanonicalByte,   ///< a single byte < 0x80 encoded as a one-byte string
    kLeadingZero,        ///< an integer with leading zero bytes
    kOverflow,           ///< an integer or length wider than its target
    kUnexpectedList,     ///< a list where a string was expected
    kUnexpectedString,   ///< a string where a list was expected
    kWrongLength,        ///< a fixed-size string (address, hash) of another length
};

[[nodiscard]] const char* to_string(DecodeError e) noexcept;

template <typename T>
using DecodeResult = Result<T, DecodeError>;

/// The header of one item: whether it is a list, and its payload (inside the input).
struct Item {
    bool is_list = false;
    BytesView payload;
};

// ---- Decoding: each reader consumes one item from the front of `in`. ----

/// Reads the next item's header and payload, checking canonical length encoding.
[[nodiscard]] DecodeResult<Item> read_item(BytesView& in);
/// Reads a string item and returns its payload.
[[nodiscard]] DecodeResult<BytesView> read_string(BytesView& in);
/// Reads a list item and returns its payload (the concatenated encodings of its elements).
[[nodiscard]] DecodeResult<BytesView> read_list(BytesView& in);
/// Reads an unsigned integer: a big-endian string without leading zeros, at most 8 bytes.
[[nodiscard]] DecodeResult<uint64_t> read_uint64(BytesView& in);
/// Reads a string of exactly N bytes.
[[nodiscard]] DecodeResult<Address> read_address(BytesView& in);
[[nodiscard]] DecodeResult<Hash> read_hash(BytesView& in);
/// Reads a big-endian integer string of at most `max_size` bytes without leading zeros.
[[nodiscard]] DecodeResult<BytesView> read_uint_bytes(BytesView& in, size_t max_size);

/// Succeeds only when `in` has been consumed entirely.
[[nodiscard]] Result<void, DecodeError> expect_end(BytesView in);

// ---- Encoding: append the canonical encoding to `out`. ----

void encode_string(Bytes& out, BytesView payload);
void encode_uint64(Bytes& out, uint64_t value);
/// Encodes a big-endian integer given as bytes, dropping its leading zeros.
void encode_uint_bytes(Bytes& out, BytesView big_endian);
void encode_address(Bytes& out, const Address& address);
void encode_hash(Bytes& out, const Hash& hash);
/// Appends a list header for a payload of `payload_size` bytes.
void encode_list_header(Bytes& out, size_t payload_size);
/// Appends a list wrapping the already encoded `payload`.
void encode_list(Bytes& out, BytesView payload);
/// Returns the encoding of a list whose elements are encoded in `payload`.
[[nodiscard]] Bytes wrap_list(BytesView payload);

/// The size of a header for a payload of `payload_size` bytes (1 or 1 + length of length).
[[nodiscard]] size_t header_size(size_t payload_size) noexcept;

}  // namespace blend::rlp
