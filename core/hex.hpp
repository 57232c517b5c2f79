// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace blend {

enum class HexError : uint8_t {
    kOddLength = 1,  ///< an odd number of hex digits where bytes were expected
    kInvalidDigit,   ///< a character outside [0-9a-fA-F]
    kWrongLength,    ///< a fixed-size value (address, hash) of the wrong size
    kMissingPrefix,  ///< a JSON-RPC quantity or data without "0x"
    kLeadingZero,    ///< a JSON-RPC quantity with leading zeros ("0x01")
    kEmptyQuantity,  ///< "0x" where a quantity needs at least one digit
    kOverflow,       ///< a quantity that does not fit the target integer
};

[[nodiscard]] const char* to_string(HexError e) noexcept;

/// Lower-case hex with a "0x" prefix.
[[nodiscard]] std::string to_hex(BytesView bytes, bool with_prefix = true);
template <size_t N>
[[nodiscard]] std::string to_hex(const FixedBytes<N>& value, bool with_prefix = true)
{
    return to_hex(value.view(), with_prefix);
}

/// Decodes hex with an optional "0x" prefix; an odd number of digits is an error.
[[nodiscard]] Result<Bytes, HexError> from_hex(std::string_view text);

/// Decodes exactly N bytes of hex (optional "0x").
template <size_t N>
[[nodiscard]] Result<FixedBytes<N>, HexError> fixed_from_hex(std::string_view text)
{
    auto decoded = from_hex(text);
    if (!decoded)
        return Unexpected{decoded.error()};
    if (decoded->size() != N)
        return Unexpected{HexError::kWrongLength};
    return FixedBytes<N>::from_view(*decoded);
}

[[nodiscard]] inline Result<Address, HexError> address_from_hex(std::string_view text)
{
    auto v = fixed_from_hex<20>(text);
    if (!v)
        return Unexpected{v.error()};
    return Address{*v};
}
[[nodiscard]] inline Result<Hash, HexError> hash_from_hex(std::string_view text)
{
    auto v = fixed_from_hex<32>(text);
    if (!v)
        return Unexpected{v.error()};
    return Hash{*v};
}

/// EIP-55 mixed-case checksum encoding of an address, with "0x".
[[nodiscard]] std::string to_checksum_hex(const Address& address);

}  // namespace blend
