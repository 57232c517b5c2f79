// SPDX-License-Identifier: Apache-2.0
// Hosted helpers for the freestanding U256: text forms, Hash conversion and RLP.
#pragma once

#include "core/bytes.hpp"
#include "core/freestanding/u256.hpp"
#include "core/result.hpp"
#include "core/rlp/rlp.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace blend {

enum class U256Error : uint8_t {
    kEmpty = 1,     ///< no digits ("" or a bare "0x")
    kInvalidDigit,  ///< a character that is not a digit of the base
    kOverflow,      ///< the number is 2^256 or more
};

[[nodiscard]] const char* to_string(U256Error e) noexcept;

/// Decimal, without leading zeros ("0" for zero).
[[nodiscard]] std::string to_string(const U256& value);

/// The minimal hex quantity form of JSON-RPC: "0x" and no leading zeros ("0x0" for zero).
[[nodiscard]] std::string to_hex(const U256& value);

/// Parses decimal digits, or hex digits after "0x"/"0X" (either case). Leading zeros are allowed;
/// no sign, no whitespace.
[[nodiscard]] Result<U256, U256Error> u256_from_string(std::string_view text);

/// The 32-byte big-endian form (a storage slot or value as the EVM stores it).
[[nodiscard]] Hash to_hash(const U256& value) noexcept;
/// Reads a 32-byte big-endian value.
[[nodiscard]] U256 u256_from_hash(const Hash& hash) noexcept;

namespace rlp {

/// Appends the canonical RLP of an integer: big-endian without leading zeros (Yellow Paper,
/// Appendix B: integers are encoded as their shortest big-endian byte string, 0 as "").
void encode_u256(Bytes& out, const U256& value);

/// Reads an integer of at most 32 bytes; leading zeros are rejected (kLeadingZero), wider
/// strings are rejected (kOverflow).
[[nodiscard]] DecodeResult<U256> read_u256(BytesView& in);

}  // namespace rlp

}  // namespace blend
