// SPDX-License-Identifier: Apache-2.0
// The compact ABI: a little-endian, 4-byte-aligned encoding for Wasm-to-Wasm calls where the
// Solidity ABI's 32-byte words are waste (the idea of Fluent's "CompactABI", reference/fluent.md
// §2.16; the byte layout below is Blend's own, written in docs/sdk.md "Compact ABI").
//
// A tuple is its heads in order, then the bodies of its dynamic values in order.
//   bool, uint8..uint32, int8..int32  4-byte head, little-endian, zero/sign-extended
//   uint64, int64                      8-byte head, little-endian
//   U256                               32-byte head, little-endian
//   Address                            20-byte head, the bytes as they are
//   FixedBytes<N>                      N bytes, zero-padded to a multiple of 4
//   Bytes, String, Array<T>            12-byte head {count u32, offset u32, size u32}, all LE:
//                                      count = bytes or elements, offset = where the body starts
//                                      counted from the start of the enclosing tuple, size = the
//                                      body's byte length (unpadded). The body starts 4-aligned and
//                                      is zero-padded to a multiple of 4. An array's body is the
//                                      tuple of its elements (offsets inside it counted from the
//                                      body's start).
// Heads have fixed sizes, so field k of a tuple is read without touching fields before it.
#pragma once

#include "runtimes/sdk/mem.hpp"
#include "runtimes/sdk/sol_abi.hpp"
#include "runtimes/sdk/types.hpp"

namespace blend::sdk::compact {

using sol::Array;
using sol::Bytes;
using sol::String;

/// Header of a dynamic value: count, offset, size (u32 each).
inline constexpr size_t kDynamicHeadSize = 12;
inline constexpr size_t kAlign = 4;

enum class CompactError : uint8_t {
    kNone = 0,
    kShortInput,  ///< a head lies past the end of the input
    kBadOffset,   ///< a body offset is unaligned or points outside the input
    kBadLength,   ///< count and size disagree, or the body does not fit
    kDirtyValue,  ///< bits outside the type (bool other than 0/1, uint8 > 255, ...)
};

constexpr const char* to_string(CompactError e) noexcept
{
    switch (e) {
    case CompactError::kNone:
        return "no error";
    case CompactError::kShortInput:
        return "compact abi: input too short for the head";
    case CompactError::kBadOffset:
        return "compact abi: body offset unaligned or out of bounds";
    case CompactError::kBadLength:
        return "compact abi: body length out of bounds";
    case CompactError::kDirtyValue:
        return "compact abi: value out of range for its type";
    }
    return "compact abi: unknown error";
}

namespace detail {

constexpr size_t align4(size_t n) noexcept
{
    return (n + kAlign - 1) / kAlign * kAlign;
}

constexpr void put_le(uint8_t* out, uint64_t v, size_t n) noexcept
{
    for (size_t i = 0; i < n; ++i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

constexpr uint64_t get_le(const uint8_t* in, size_t n) noexcept
{
    uint64_t v = 0;
    for (size_t i = n; i > 0; --i)
        v = (v << 8) | in[i - 1];
    return v;
}

constexpr bool has_room(size_t size, size_t at, size_t n) noexcept
{
    return at <= size && size - at >= n;
}

}  // namespace detail

template <typename T>
struct CompactType;

/// Integers of at most 64 bits: 4 bytes for up to 32 bits, else 8.
template <typename T, bool Signed>
struct CompactInt {
    static constexpr bool kDynamic = false;
    static constexpr size_t kHeadSize = sizeof(T) <= 4 ? 4 : 8;
    static constexpr size_t tail_size(const T&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* out, const T& v) noexcept
    {
        // Casting a signed value to uint64_t sign-extends it, as the layout requires.
        detail::put_le(out, static_cast<uint64_t>(v), kHeadSize);
    }
    static constexpr CompactError decode(const uint8_t* base, size_t size, size_t head, T& out)
    {
        if (!detail::has_room(size, head, kHeadSize))
            return CompactError::kShortInput;
        const uint64_t raw = detail::get_le(base + head, kHeadSize);
        const T v = static_cast<T>(raw);
        uint64_t back = static_cast<uint64_t>(v);
        if (kHeadSize == 4)
            back &= 0xffffffffu;
        if (back != raw)
            return CompactError::kDirtyValue;
        out = v;
        return CompactError::kNone;
    }
};

template <>
struct CompactType<uint8_t> : CompactInt<uint8_t, false> {};
template <>
struct CompactType<uint16_t> : CompactInt<uint16_t, false> {};
template <>
struct CompactType<uint32_t> : CompactInt<uint32_t, false> {};
template <>
struct CompactType<uint64_t> : CompactInt<uint64_t, false> {};
template <>
struct CompactType<int8_t> : CompactInt<int8_t, true> {};
template <>
struct CompactType<int16_t> : CompactInt<int16_t, true> {};
template <>
struct CompactType<int32_t> : CompactInt<int32_t, true> {};
template <>
struct CompactType<int64_t> : CompactInt<int64_t, true> {};

template <>
struct CompactType<bool> {
    static constexpr bool kDynamic = false;
    static constexpr size_t kHeadSize = 4;
    static constexpr size_t tail_size(const bool&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* out, const bool& v) noexcept
    {
        detail::put_le(out, v ? 1 : 0, 4);
    }
    static constexpr CompactError decode(const uint8_t* base, size_t size, size_t head, bool& out)
    {
        if (!detail::has_room(size, head, 4))
            return CompactError::kShortInput;
        const uint64_t raw = detail::get_le(base + head, 4);
        if (raw > 1)
            return CompactError::kDirtyValue;
        out = raw == 1;
        return CompactError::kNone;
    }
};

template <>
struct CompactType<U256> {
    static constexpr bool kDynamic = false;
    static constexpr size_t kHeadSize = 32;
    static constexpr size_t tail_size(const U256&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* out, const U256& v) noexcept
    {
        for (size_t w = 0; w < 4; ++w)
            detail::put_le(out + 8 * w, v.words[w], 8);
    }
    static constexpr CompactError decode(const uint8_t* base, size_t size, size_t head, U256& out)
    {
        if (!detail::has_room(size, head, 32))
            return CompactError::kShortInput;
        out = U256::from_words(detail::get_le(base + head, 8), detail::get_le(base + head + 8, 8),
                               detail::get_le(base + head + 16, 8),
                               detail::get_le(base + head + 24, 8));
        return CompactError::kNone;
    }
};

/// FixedBytes of any tag: Address (20 bytes) and bytesN have the same compact layout.
template <size_t N, typename Tag>
struct CompactType<FixedBytes<N, Tag>> {
    static constexpr bool kDynamic = false;
    static constexpr size_t kHeadSize = detail::align4(N);
    static constexpr size_t tail_size(const FixedBytes<N, Tag>&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* out, const FixedBytes<N, Tag>& v) noexcept
    {
        for (size_t i = 0; i < kHeadSize; ++i)
            out[i] = i < N ? v.bytes[i] : 0;
    }
    static constexpr CompactError decode(const uint8_t* base,
                                         size_t size,
                                         size_t head,
                                         FixedBytes<N, Tag>& out)
    {
        if (!detail::has_room(size, head, kHeadSize))
            return CompactError::kShortInput;
        for (size_t i = N; i < kHeadSize; ++i) {
            if (base[head + i] != 0)
                return CompactError::kDirtyValue;
        }
        for (size_t i = 0; i < N; ++i)
            out.bytes[i] = base[head + i];
        return CompactError::kNone;
    }
};

/// Bytes a value takes: head plus (dynamic) its aligned body.
template <typename T>
constexpr size_t encoded_size_of(const T& v) noexcept
{
    return CompactType<T>::kHeadSize + CompactType<T>::tail_size(v);
}

namespace detail {

/// Writes a dynamic value's header at `head` and reserves its body at `tail`.
constexpr void put_dynamic_head(uint8_t* base,
                                size_t head,
                                size_t count,
                                size_t offset,
                                size_t body) noexcept
{
    put_le(base + head, count, 4);
    put_le(base + head + 4, offset, 4);
    put_le(base + head + 8, body, 4);
}

/// Reads and checks a dynamic value's header; `offset`/`body` locate its body in [0, size).
constexpr CompactError get_dynamic_head(const uint8_t* base,
                                        size_t size,
                                        size_t head,
                                        size_t& count,
                                        size_t& offset,
                                        size_t& body) noexcept
{
    if (!has_room(size, head, kDynamicHeadSize))
        return CompactError::kShortInput;
    count = static_cast<size_t>(get_le(base + head, 4));
    offset = static_cast<size_t>(get_le(base + head + 4, 4));
    body = static_cast<size_t>(get_le(base + head + 8, 4));
    if (offset % kAlign != 0 || offset > size)
        return CompactError::kBadOffset;
    if (body > size - offset)
        return CompactError::kBadLength;
    return CompactError::kNone;
}

template <typename T>
struct CompactByteString {
    static constexpr bool kDynamic = true;
    static constexpr size_t kHeadSize = kDynamicHeadSize;
    static constexpr size_t tail_size(const T& v) noexcept { return align4(v.view.size); }
    static size_t encode_body(uint8_t* out, const T& v) noexcept
    {
        if (v.view.size != 0)
            copy(out, v.view.data, v.view.size);
        fill(out + v.view.size, 0, align4(v.view.size) - v.view.size);
        return align4(v.view.size);
    }
    static constexpr size_t count(const T& v) noexcept { return v.view.size; }
    static constexpr size_t body_size(const T& v) noexcept { return v.view.size; }
    static CompactError decode(const uint8_t* base, size_t size, size_t head, T& out) noexcept
    {
        size_t n = 0;
        size_t offset = 0;
        size_t body = 0;
        if (const CompactError e = get_dynamic_head(base, size, head, n, offset, body);
            e != CompactError::kNone)
            return e;
        if (n != body)
            return CompactError::kBadLength;
        out.view = {base + offset, n};
        return CompactError::kNone;
    }
};

}  // namespace detail

template <>
struct CompactType<Bytes> : detail::CompactByteString<Bytes> {};
template <>
struct CompactType<String> : detail::CompactByteString<String> {};

/// Writes value v at `head` of the tuple at `base`; a dynamic value's body goes at `tail`,
/// which advances (4-aligned).
template <typename T>
void encode_value(uint8_t* base, size_t head, size_t& tail, const T& v) noexcept
{
    using C = CompactType<T>;
    if constexpr (C::kDynamic) {
        detail::put_dynamic_head(base, head, C::count(v), tail, C::body_size(v));
        tail += C::encode_body(base + tail, v);
    } else {
        C::encode_head(base + head, v);
    }
}

/// Heads of a tuple of n values of type T.
template <typename T>
struct CompactType<Array<T>> {
    static_assert(__is_trivially_copyable(T), "array elements are copied into the arena");
    static constexpr bool kDynamic = true;
    static constexpr size_t kHeadSize = kDynamicHeadSize;
    static constexpr size_t body_size(const Array<T>& v) noexcept
    {
        size_t n = 0;
        for (size_t i = 0; i < v.count; ++i)
            n += compact::encoded_size_of(v.items[i]);
        return n;
    }
    static constexpr size_t tail_size(const Array<T>& v) noexcept
    {
        return detail::align4(body_size(v));
    }
    static constexpr size_t count(const Array<T>& v) noexcept { return v.count; }
    static size_t encode_body(uint8_t* out, const Array<T>& v) noexcept
    {
        size_t tail = CompactType<T>::kHeadSize * v.count;
        for (size_t i = 0; i < v.count; ++i)
            compact::encode_value(out, CompactType<T>::kHeadSize * i, tail, v.items[i]);
        return tail;  // every head and body is a multiple of 4, so the tuple is too
    }
    static CompactError decode(const uint8_t* base,
                               size_t size,
                               size_t head,
                               Array<T>& out) noexcept
    {
        size_t n = 0;
        size_t offset = 0;
        size_t body = 0;
        if (const CompactError e = detail::get_dynamic_head(base, size, head, n, offset, body);
            e != CompactError::kNone)
            return e;
        // The heads alone must fit in the body: this bounds the arena allocation by the input.
        if (n > body / CompactType<T>::kHeadSize)
            return CompactError::kBadLength;
        T* items = n == 0 ? nullptr : reinterpret_cast<T*>(alloc(sizeof(T) * n, alignof(T)));
        for (size_t i = 0; i < n; ++i) {
            items[i] = T{};
            if (const CompactError e = CompactType<T>::decode(
                    base + offset, body, CompactType<T>::kHeadSize * i, items[i]);
                e != CompactError::kNone)
                return e;
        }
        out = {items, n};
        return CompactError::kNone;
    }
};

/// Size of the encoding of the tuple (values...).
template <typename... Ts>
constexpr size_t encoded_size(const Ts&... values) noexcept
{
    return (size_t{0} + ... + compact::encoded_size_of(values));
}

/// Offset of the head of field `index` in a tuple of Ts (fixed: random access).
template <typename... Ts>
constexpr size_t head_offset(size_t index) noexcept
{
    const size_t sizes[] = {CompactType<Ts>::kHeadSize..., 0};
    size_t at = 0;
    for (size_t i = 0; i < index; ++i)
        at += sizes[i];
    return at;
}

/// Encodes (values...) into `out` (encoded_size bytes); returns the bytes written.
template <typename... Ts>
size_t encode_to(uint8_t* out, const Ts&... values) noexcept
{
    size_t head = 0;
    size_t tail = (size_t{0} + ... + CompactType<Ts>::kHeadSize);
    (void)out;  // an empty tuple writes nothing
    ((compact::encode_value(out, head, tail, values), head += CompactType<Ts>::kHeadSize), ...);
    return tail;
}

template <typename... Ts>
ByteView encode(const Ts&... values) noexcept
{
    const size_t n = compact::encoded_size(values...);
    uint8_t* out = alloc(n == 0 ? 1 : n, kAlign);
    compact::encode_to(out, values...);
    return {out, n};
}

/// Reads field `index` of a tuple whose field types are Ts..., without decoding the others.
template <typename... Ts>
struct TupleView {
    ByteView data;

    template <size_t Index, typename T>
    CompactError get(T& out) const noexcept
    {
        return CompactType<T>::decode(data.data, data.size, head_offset<Ts...>(Index), out);
    }
};

}  // namespace blend::sdk::compact
