// SPDX-License-Identifier: Apache-2.0
// Value types shared by every part of the SDK. Freestanding: no C++ library exists in a contract
// (clang --target=wasm32 -nostdlib), so views and fixed byte arrays are defined here.
#pragma once

#include "core/freestanding/u256.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::sdk {

using blend::U256;

/// Tag that makes Address a type of its own (the ABI encodes address and bytes20 differently).
struct AddressTag {};

/// Fixed-size bytes, compared bytewise. `Tag` only distinguishes types of equal size.
template <size_t N, typename Tag = void>
struct FixedBytes {
    uint8_t bytes[N] = {};

    static constexpr size_t kSize = N;

    [[nodiscard]] constexpr bool is_zero() const noexcept
    {
        for (size_t i = 0; i < N; ++i) {
            if (bytes[i] != 0)
                return false;
        }
        return true;
    }
    friend constexpr bool operator==(const FixedBytes&, const FixedBytes&) noexcept = default;
};

/// A 20-byte account address.
using Address = FixedBytes<20, AddressTag>;
/// A 32-byte word: hashes, storage slots and values, Solidity bytes32.
using Bytes32 = FixedBytes<32>;

/// A read-only view of bytes (the SDK's std::span<const uint8_t>).
struct ByteView {
    const uint8_t* data = nullptr;
    size_t size = 0;

    [[nodiscard]] constexpr bool empty() const noexcept { return size == 0; }
    [[nodiscard]] constexpr uint8_t operator[](size_t i) const noexcept { return data[i]; }
    friend constexpr bool operator==(ByteView a, ByteView b) noexcept
    {
        if (a.size != b.size)
            return false;
        for (size_t i = 0; i < a.size; ++i) {
            if (a.data[i] != b.data[i])
                return false;
        }
        return true;
    }
};

/// The bytes of a NUL-terminated string, without the NUL.
inline ByteView view_of(const char* text) noexcept
{
    size_t n = 0;
    while (text[n] != '\0')
        ++n;
    return {reinterpret_cast<const uint8_t*>(text), n};
}

template <size_t N, typename Tag>
constexpr ByteView view_of(const FixedBytes<N, Tag>& b) noexcept
{
    return {b.bytes, N};
}

/// Big-endian word of a U256 (the EVM's and the Solidity ABI's order).
constexpr Bytes32 to_word(const U256& v) noexcept
{
    Bytes32 w;
    v.to_be_bytes(w.bytes);
    return w;
}

constexpr U256 to_u256(const Bytes32& w) noexcept
{
    return U256::from_be_bytes(w.bytes, 32);
}

/// An address right-aligned in a word, as the Solidity ABI and storage hold it.
constexpr Bytes32 to_word(const Address& a) noexcept
{
    Bytes32 w;
    for (size_t i = 0; i < 20; ++i)
        w.bytes[12 + i] = a.bytes[i];
    return w;
}

/// Big-endian integer helpers for the syscall payloads (docs/abi.md: one byte order).
constexpr void store_be64(uint8_t* out, uint64_t v) noexcept
{
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

constexpr uint64_t load_be64(const uint8_t* in) noexcept
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | in[i];
    return v;
}

constexpr uint32_t load_be32(const uint8_t* in) noexcept
{
    return (static_cast<uint32_t>(in[0]) << 24) | (static_cast<uint32_t>(in[1]) << 16) |
           (static_cast<uint32_t>(in[2]) << 8) | in[3];
}

}  // namespace blend::sdk
