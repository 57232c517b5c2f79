// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace blend {

using Bytes = std::vector<uint8_t>;
using BytesView = std::span<const uint8_t>;

/// A fixed-size byte string (hashes, addresses, bloom filters), zero-initialized.
template <size_t N>
struct FixedBytes {
    static constexpr size_t kSize = N;
    std::array<uint8_t, N> bytes{};

    [[nodiscard]] constexpr uint8_t* data() noexcept { return bytes.data(); }
    [[nodiscard]] constexpr const uint8_t* data() const noexcept { return bytes.data(); }
    [[nodiscard]] static constexpr size_t size() noexcept { return N; }
    [[nodiscard]] constexpr uint8_t& operator[](size_t i) noexcept { return bytes[i]; }
    [[nodiscard]] constexpr const uint8_t& operator[](size_t i) const noexcept { return bytes[i]; }
    [[nodiscard]] BytesView view() const noexcept { return {bytes.data(), N}; }
    [[nodiscard]] bool is_zero() const noexcept
    {
        for (const uint8_t b : bytes)
            if (b != 0)
                return false;
        return true;
    }

    /// Copies exactly N bytes; the caller guarantees `source.size() == N`.
    [[nodiscard]] static FixedBytes from_view(BytesView source) noexcept
    {
        FixedBytes out;
        if (source.size() == N)
            std::memcpy(out.bytes.data(), source.data(), N);
        return out;
    }

    friend constexpr bool operator==(const FixedBytes&, const FixedBytes&) = default;
    friend constexpr auto operator<=>(const FixedBytes&, const FixedBytes&) = default;
};

/// A 20-byte account address.
struct Address : FixedBytes<20> {};
/// A 32-byte hash (keccak-256 unless said otherwise).
struct Hash : FixedBytes<32> {};
/// The 256-byte logs bloom of a receipt or header (Yellow Paper §4.3.1).
struct Bloom : FixedBytes<256> {};

inline Address to_address(BytesView v) noexcept
{
    return Address{FixedBytes<20>::from_view(v)};
}
inline Hash to_hash(BytesView v) noexcept
{
    return Hash{FixedBytes<32>::from_view(v)};
}

inline Bytes to_bytes(BytesView v)
{
    return {v.begin(), v.end()};
}

}  // namespace blend
