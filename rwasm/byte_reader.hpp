// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rwasm/errors.hpp"

#include <cstdint>
#include <string>

namespace blend::rwasm {

/// A bounds-checked cursor over a Wasm binary with the LEB128 rules of Wasm core spec §5.2.2:
/// at most ceil(N/7) bytes, and the unused bits of the last byte must be zero (unsigned) or
/// copies of the sign bit (signed).
class ByteReader {
public:
    explicit ByteReader(BytesView bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] bool at_end() const noexcept { return pos_ >= bytes_.size(); }
    [[nodiscard]] size_t position() const noexcept { return pos_; }
    [[nodiscard]] size_t remaining() const noexcept { return bytes_.size() - pos_; }

    Result<uint8_t, WasmError> u8() noexcept
    {
        if (pos_ >= bytes_.size())
            return Unexpected{WasmError::kUnexpectedEnd};
        return bytes_[pos_++];
    }

    Result<uint32_t, WasmError> u32() noexcept
    {
        BLEND_TRY(const uint64_t v, leb(32, false));
        return static_cast<uint32_t>(v);
    }
    Result<int32_t, WasmError> s32() noexcept
    {
        BLEND_TRY(const uint64_t v, leb(32, true));
        return static_cast<int32_t>(static_cast<uint32_t>(v));
    }
    /// Signed 33-bit (block types, spec §5.4.1), returned sign-extended.
    Result<int64_t, WasmError> s33() noexcept
    {
        BLEND_TRY(const uint64_t v, leb(33, true));
        return static_cast<int64_t>(v);
    }
    Result<int64_t, WasmError> s64() noexcept
    {
        BLEND_TRY(const uint64_t v, leb(64, true));
        return static_cast<int64_t>(v);
    }

    /// Little-endian fixed-width bits (float immediates, spec §5.2.3).
    Result<uint64_t, WasmError> fixed(unsigned width) noexcept
    {
        if (remaining() < width)
            return Unexpected{WasmError::kUnexpectedEnd};
        uint64_t v = 0;
        for (unsigned i = 0; i < width; ++i)
            v |= static_cast<uint64_t>(bytes_[pos_ + i]) << (8 * i);
        pos_ += width;
        return v;
    }

    Result<BytesView, WasmError> bytes(size_t n) noexcept
    {
        if (remaining() < n)
            return Unexpected{WasmError::kUnexpectedEnd};
        BytesView v = bytes_.subspan(pos_, n);
        pos_ += n;
        return v;
    }

    /// A length-prefixed UTF-8 name (spec §5.2.4).
    Result<std::string, WasmError> name(uint32_t max_length);

private:
    Result<uint64_t, WasmError> leb(unsigned bits, bool is_signed) noexcept
    {
        uint64_t result = 0;
        unsigned shift = 0;
        const unsigned max_bytes = (bits + 6) / 7;
        for (unsigned i = 0;; ++i) {
            if (i >= max_bytes)
                return Unexpected{WasmError::kIntegerTooLong};
            if (pos_ >= bytes_.size())
                return Unexpected{WasmError::kUnexpectedEnd};
            const uint8_t byte = bytes_[pos_++];
            const bool last = (byte & 0x80) == 0;
            if (i == max_bytes - 1) {
                // The last permitted byte: bits beyond `bits` must be 0 (unsigned) or sign copies.
                if (!last)
                    return Unexpected{WasmError::kIntegerTooLong};
                const unsigned used = bits - shift;  // value bits in this byte (1..7)
                const uint8_t payload = byte & 0x7F;
                if (used < 7) {
                    const uint8_t unused = static_cast<uint8_t>(payload >> used);
                    if (!is_signed) {
                        if (unused != 0)
                            return Unexpected{WasmError::kIntegerTooLarge};
                    } else {
                        const bool sign = (payload >> (used - 1)) & 1;
                        const uint8_t expect =
                            sign ? static_cast<uint8_t>((0x7F >> used)) : uint8_t{0};
                        if (unused != expect)
                            return Unexpected{WasmError::kIntegerTooLarge};
                    }
                }
            }
            result |= static_cast<uint64_t>(byte & 0x7F) << shift;
            shift += 7;
            if (last) {
                if (is_signed && shift < 64 && (byte & 0x40))
                    result |= ~uint64_t{0} << shift;
                if (!is_signed && bits < 64)
                    result &= (uint64_t{1} << bits) - 1;
                return result;
            }
        }
    }

    BytesView bytes_;
    size_t pos_ = 0;
};

}  // namespace blend::rwasm
