// SPDX-License-Identifier: Apache-2.0
// The Solidity contract ABI (docs.soliditylang.org, "Contract ABI Specification", §"Formal
// Specification of the Encoding"): 32-byte big-endian words, a head of one word per value, the
// dynamic values (bytes, string, T[]) in a tail reached through byte offsets measured from the
// start of the enclosing tuple. Decoding is strict the way solc's ABI coder v2 is: a value with
// bits outside its type (uint8 > 255, a bool other than 0/1, an address with high bytes) and any
// offset or length that points outside the input are errors, never silently truncated.
//
// C++ type -> ABI type: bool, uint8_t..uint64_t (uint8..uint64), int8_t..int64_t (int8..int64),
// U256 (uint256), Uint<N> / Int<N> (any size 8..256), Address (address), FixedBytes<N>
// (bytesN, N <= 32; Bytes32 is bytes32), Bytes (bytes), String (string), Array<T> (T[]).
#pragma once

#include "runtimes/sdk/keccak.hpp"
#include "runtimes/sdk/mem.hpp"
#include "runtimes/sdk/types.hpp"

namespace blend::sdk::sol {

inline constexpr size_t kWord = 32;

enum class AbiError : uint8_t {
    kNone = 0,
    kShortInput,  ///< a head word lies past the end of the input
    kBadOffset,   ///< an offset points outside its tuple or is not below 2^32
    kBadLength,   ///< a length or element count does not fit in the rest of the input
    kDirtyValue,  ///< bits outside the type (spec: "higher-order bits ... must be zero/sign")
};

constexpr const char* to_string(AbiError e) noexcept
{
    switch (e) {
    case AbiError::kNone:
        return "no error";
    case AbiError::kShortInput:
        return "abi: input too short for the head";
    case AbiError::kBadOffset:
        return "abi: offset out of bounds";
    case AbiError::kBadLength:
        return "abi: length out of bounds";
    case AbiError::kDirtyValue:
        return "abi: value out of range for its type";
    }
    return "abi: unknown error";
}

/// uintN for N in 8..256, a multiple of 8 (held in a U256, always < 2^N when valid).
template <unsigned Bits>
struct Uint {
    static_assert(Bits >= 8 && Bits <= 256 && Bits % 8 == 0, "uintN: N in 8..256, multiple of 8");
    U256 value;
    friend constexpr bool operator==(const Uint&, const Uint&) noexcept = default;
};

/// intN for N in 8..256: two's complement, held sign-extended to 256 bits.
template <unsigned Bits>
struct Int {
    static_assert(Bits >= 8 && Bits <= 256 && Bits % 8 == 0, "intN: N in 8..256, multiple of 8");
    U256 value;
    friend constexpr bool operator==(const Int&, const Int&) noexcept = default;
};

/// `bytes`: a view of the content (into the input when decoded, into the arena or the caller's
/// memory when encoded).
struct Bytes {
    ByteView view;
};

/// `string`: UTF-8 bytes; like solc, the decoder does not validate the UTF-8.
struct String {
    ByteView view;
};

/// `T[]`: `count` elements at `items`. A decoded array's elements are copied into the arena.
template <typename T>
struct Array {
    const T* items = nullptr;
    size_t count = 0;
};

template <typename T>
struct AbiType;  // specialised per supported C++ type below

/// True for the types whose encoding lives in the tail.
template <typename T>
inline constexpr bool kIsDynamic = AbiType<T>::kDynamic;

namespace detail {

/// Checks that the word holds an N-bit unsigned value (the high 256-N bits are zero).
constexpr bool fits_unsigned(const uint8_t* word, unsigned bits) noexcept
{
    for (unsigned i = 0; i < (256 - bits) / 8; ++i) {
        if (word[i] != 0)
            return false;
    }
    return true;
}

/// Checks that the word is the sign extension of its low N bits.
constexpr bool fits_signed(const uint8_t* word, unsigned bits) noexcept
{
    const unsigned pad = (256 - bits) / 8;
    const uint8_t fill = (word[pad] & 0x80) != 0 ? 0xff : 0x00;
    for (unsigned i = 0; i < pad; ++i) {
        if (word[i] != fill)
            return false;
    }
    return true;
}

constexpr size_t padded(size_t n) noexcept
{
    return (n + kWord - 1) / kWord * kWord;
}

constexpr void put_u64_word(uint8_t* word, uint64_t v) noexcept
{
    for (size_t i = 0; i < 24; ++i)
        word[i] = 0;
    store_be64(word + 24, v);
}

/// Reads a word that must be a uint below 2^32 (offsets and lengths; anything larger cannot
/// address an input of at most kMaxSyscallInputSize bytes).
constexpr bool get_small(const uint8_t* word, size_t& out) noexcept
{
    for (size_t i = 0; i < 28; ++i) {
        if (word[i] != 0)
            return false;
    }
    out = load_be32(word + 28);
    return true;
}

}  // namespace detail

/// A view of an ABI-encoded tuple that is read value by value in order. The first error sticks:
/// later reads return zero values, and ok()/error() tell the caller once at the end.
class Decoder {
public:
    constexpr Decoder(const uint8_t* data, size_t size) noexcept : data_(data), size_(size) {}
    constexpr explicit Decoder(ByteView v) noexcept : data_(v.data), size_(v.size) {}

    /// Decodes the next value of the tuple (the type is the C++ type named in the header).
    template <typename T>
    T next() noexcept
    {
        T out{};
        if (error_ == AbiError::kNone) {
            error_ = AbiType<T>::decode(data_, size_, head_, out);
            head_ += kWord;
        }
        return out;
    }

    /// Decodes value number `index` of the tuple (random access; does not touch the sticky error).
    template <typename T>
    AbiError get(size_t index, T& out) const noexcept
    {
        if (index > size_ / kWord)
            return AbiError::kShortInput;
        return AbiType<T>::decode(data_, size_, kWord * index, out);
    }

    [[nodiscard]] constexpr bool ok() const noexcept { return error_ == AbiError::kNone; }
    [[nodiscard]] constexpr AbiError error() const noexcept { return error_; }
    /// Bytes of head consumed so far.
    [[nodiscard]] constexpr size_t position() const noexcept { return head_; }

private:
    const uint8_t* data_;
    size_t size_;
    size_t head_ = 0;
    AbiError error_ = AbiError::kNone;
};

// ---- static types -----------------------------------------------------------------------------

namespace detail {

template <typename T, unsigned Bits, bool Signed>
struct NativeInt {
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const T&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const T& v) noexcept
    {
        // Sign-extend negative values to 256 bits (two's complement words).
        const uint8_t fill = Signed && v < 0 ? 0xff : 0x00;
        for (size_t i = 0; i < 24; ++i)
            word[i] = fill;
        store_be64(word + 24, static_cast<uint64_t>(v));
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, T& out) noexcept
    {
        if (head > size || size - head < kWord)
            return AbiError::kShortInput;
        const uint8_t* w = base + head;
        if (!(Signed ? fits_signed(w, Bits) : fits_unsigned(w, Bits)))
            return AbiError::kDirtyValue;
        out = static_cast<T>(load_be64(w + 24));
        return AbiError::kNone;
    }
};

inline AbiError read_head(const uint8_t* base, size_t size, size_t head, const uint8_t*& w) noexcept
{
    if (head > size || size - head < kWord)
        return AbiError::kShortInput;
    w = base + head;
    return AbiError::kNone;
}

}  // namespace detail

template <>
struct AbiType<uint8_t> : detail::NativeInt<uint8_t, 8, false> {};
template <>
struct AbiType<uint16_t> : detail::NativeInt<uint16_t, 16, false> {};
template <>
struct AbiType<uint32_t> : detail::NativeInt<uint32_t, 32, false> {};
template <>
struct AbiType<uint64_t> : detail::NativeInt<uint64_t, 64, false> {};
template <>
struct AbiType<int8_t> : detail::NativeInt<int8_t, 8, true> {};
template <>
struct AbiType<int16_t> : detail::NativeInt<int16_t, 16, true> {};
template <>
struct AbiType<int32_t> : detail::NativeInt<int32_t, 32, true> {};
template <>
struct AbiType<int64_t> : detail::NativeInt<int64_t, 64, true> {};

template <>
struct AbiType<bool> {
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const bool&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const bool& v) noexcept
    {
        detail::put_u64_word(word, v ? 1 : 0);
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, bool& out) noexcept
    {
        const uint8_t* w = nullptr;
        if (const AbiError e = detail::read_head(base, size, head, w); e != AbiError::kNone)
            return e;
        if (!detail::fits_unsigned(w, 8) || w[31] > 1)
            return AbiError::kDirtyValue;
        out = w[31] == 1;
        return AbiError::kNone;
    }
};

template <unsigned Bits>
struct AbiType<Uint<Bits>> {
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const Uint<Bits>&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const Uint<Bits>& v) noexcept
    {
        v.value.to_be_bytes(word);
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, Uint<Bits>& out) noexcept
    {
        const uint8_t* w = nullptr;
        if (const AbiError e = detail::read_head(base, size, head, w); e != AbiError::kNone)
            return e;
        if (!detail::fits_unsigned(w, Bits))
            return AbiError::kDirtyValue;
        out.value = U256::from_be_bytes(w, kWord);
        return AbiError::kNone;
    }
};

template <unsigned Bits>
struct AbiType<Int<Bits>> {
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const Int<Bits>&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const Int<Bits>& v) noexcept
    {
        v.value.to_be_bytes(word);
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, Int<Bits>& out) noexcept
    {
        const uint8_t* w = nullptr;
        if (const AbiError e = detail::read_head(base, size, head, w); e != AbiError::kNone)
            return e;
        if (!detail::fits_signed(w, Bits))
            return AbiError::kDirtyValue;
        out.value = U256::from_be_bytes(w, kWord);
        return AbiError::kNone;
    }
};

template <>
struct AbiType<U256> {
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const U256&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const U256& v) noexcept
    {
        v.to_be_bytes(word);
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, U256& out) noexcept
    {
        const uint8_t* w = nullptr;
        if (const AbiError e = detail::read_head(base, size, head, w); e != AbiError::kNone)
            return e;
        out = U256::from_be_bytes(w, kWord);
        return AbiError::kNone;
    }
};

template <>
struct AbiType<Address> {
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const Address&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const Address& v) noexcept
    {
        for (size_t i = 0; i < 12; ++i)
            word[i] = 0;
        for (size_t i = 0; i < 20; ++i)
            word[12 + i] = v.bytes[i];
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, Address& out) noexcept
    {
        const uint8_t* w = nullptr;
        if (const AbiError e = detail::read_head(base, size, head, w); e != AbiError::kNone)
            return e;
        if (!detail::fits_unsigned(w, 160))
            return AbiError::kDirtyValue;
        for (size_t i = 0; i < 20; ++i)
            out.bytes[i] = w[12 + i];
        return AbiError::kNone;
    }
};

/// bytesN is left-aligned: the content first, then zero bytes (spec: "padded on the right").
template <size_t N>
struct AbiType<FixedBytes<N>> {
    static_assert(N >= 1 && N <= 32, "bytesN: N in 1..32");
    static constexpr bool kDynamic = false;
    static constexpr size_t tail_size(const FixedBytes<N>&) noexcept { return 0; }
    static constexpr void encode_head(uint8_t* word, const FixedBytes<N>& v) noexcept
    {
        for (size_t i = 0; i < kWord; ++i)
            word[i] = i < N ? v.bytes[i] : 0;
    }
    static AbiError decode(const uint8_t* base,
                           size_t size,
                           size_t head,
                           FixedBytes<N>& out) noexcept
    {
        const uint8_t* w = nullptr;
        if (const AbiError e = detail::read_head(base, size, head, w); e != AbiError::kNone)
            return e;
        for (size_t i = N; i < kWord; ++i) {
            if (w[i] != 0)
                return AbiError::kDirtyValue;
        }
        for (size_t i = 0; i < N; ++i)
            out.bytes[i] = w[i];
        return AbiError::kNone;
    }
};

// ---- dynamic types ----------------------------------------------------------------------------

namespace detail {

/// Follows the offset in the head word at `head` to a tail inside [0, size) of the tuple at
/// `base`, and reads the length word there. On success `body` is the first byte after it.
inline AbiError follow(const uint8_t* base,
                       size_t size,
                       size_t head,
                       size_t& length,
                       const uint8_t*& body,
                       size_t& body_room) noexcept
{
    const uint8_t* w = nullptr;
    if (const AbiError e = read_head(base, size, head, w); e != AbiError::kNone)
        return e;
    size_t offset = 0;
    if (!get_small(w, offset) || offset > size || size - offset < kWord)
        return AbiError::kBadOffset;
    if (!get_small(base + offset, length))
        return AbiError::kBadLength;
    body = base + offset + kWord;
    body_room = size - offset - kWord;
    return AbiError::kNone;
}

/// The tail of bytes/string: the length word, then the content padded to a word.
inline size_t encode_byte_tail(uint8_t* out, ByteView v) noexcept
{
    put_u64_word(out, v.size);
    if (v.size != 0)
        copy(out + kWord, v.data, v.size);
    const size_t padded_size = padded(v.size);
    fill(out + kWord + v.size, 0, padded_size - v.size);
    return kWord + padded_size;
}

inline AbiError decode_byte_tail(const uint8_t* base, size_t size, size_t head, ByteView& out)
{
    size_t length = 0;
    const uint8_t* body = nullptr;
    size_t room = 0;
    if (const AbiError e = follow(base, size, head, length, body, room); e != AbiError::kNone)
        return e;
    // Like solc, the content must be inside the input; its zero padding need not be.
    if (length > room)
        return AbiError::kBadLength;
    out = {body, length};
    return AbiError::kNone;
}

}  // namespace detail

template <>
struct AbiType<Bytes> {
    static constexpr bool kDynamic = true;
    static constexpr size_t tail_size(const Bytes& v) noexcept
    {
        return kWord + detail::padded(v.view.size);
    }
    static size_t encode_tail(uint8_t* out, const Bytes& v) noexcept
    {
        return detail::encode_byte_tail(out, v.view);
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, Bytes& out) noexcept
    {
        return detail::decode_byte_tail(base, size, head, out.view);
    }
};

template <>
struct AbiType<String> {
    static constexpr bool kDynamic = true;
    static constexpr size_t tail_size(const String& v) noexcept
    {
        return kWord + detail::padded(v.view.size);
    }
    static size_t encode_tail(uint8_t* out, const String& v) noexcept
    {
        return detail::encode_byte_tail(out, v.view);
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, String& out) noexcept
    {
        return detail::decode_byte_tail(base, size, head, out.view);
    }
};

/// Bytes a value takes in a tuple: its head word plus, if dynamic, its tail.
template <typename T>
constexpr size_t encoded_size_of(const T& v) noexcept
{
    return kWord + AbiType<T>::tail_size(v);
}

/// Writes the value at head position `head` of the tuple starting at `base`; a dynamic value's
/// tail goes at `tail` (relative to `base`), which advances past it.
template <typename T>
void encode_value(uint8_t* base, size_t head, size_t& tail, const T& v) noexcept
{
    if constexpr (kIsDynamic<T>) {
        detail::put_u64_word(base + head, tail);
        tail += AbiType<T>::encode_tail(base + tail, v);
    } else {
        AbiType<T>::encode_head(base + head, v);
    }
}

template <typename T>
struct AbiType<Array<T>> {
    static_assert(__is_trivially_copyable(T), "array elements are copied into the arena");
    static constexpr bool kDynamic = true;
    static constexpr size_t tail_size(const Array<T>& v) noexcept
    {
        size_t n = kWord;  // the element count
        for (size_t i = 0; i < v.count; ++i)
            n += sol::encoded_size_of(v.items[i]);
        return n;
    }
    /// The count word, then the elements as a tuple (offsets relative to the first element's head).
    static size_t encode_tail(uint8_t* out, const Array<T>& v) noexcept
    {
        detail::put_u64_word(out, v.count);
        uint8_t* tuple = out + kWord;
        size_t tail = kWord * v.count;
        for (size_t i = 0; i < v.count; ++i)
            sol::encode_value(tuple, kWord * i, tail, v.items[i]);
        return kWord + tail;
    }
    static AbiError decode(const uint8_t* base, size_t size, size_t head, Array<T>& out) noexcept
    {
        size_t count = 0;
        const uint8_t* body = nullptr;
        size_t room = 0;
        if (const AbiError e = detail::follow(base, size, head, count, body, room);
            e != AbiError::kNone)
            return e;
        // Every element has a 32-byte head, so the count is bounded by the input: the arena
        // allocation below can never be larger than (input size / 32) elements.
        if (count > room / kWord)
            return AbiError::kBadLength;
        T* items =
            count == 0 ? nullptr : reinterpret_cast<T*>(alloc(sizeof(T) * count, alignof(T)));
        for (size_t i = 0; i < count; ++i) {
            items[i] = T{};  // every ABI value type is trivially copyable (asserted below)
            if (const AbiError e = AbiType<T>::decode(body, room, kWord * i, items[i]);
                e != AbiError::kNone)
                return e;
        }
        out = {items, count};
        return AbiError::kNone;
    }
};

/// Size of the encoding of the tuple (values...).
template <typename... Ts>
constexpr size_t encoded_size(const Ts&... values) noexcept
{
    return (size_t{0} + ... + sol::encoded_size_of(values));
}

/// Encodes the tuple (values...) into `out`, which must hold sol::encoded_size(values...) bytes;
/// returns the bytes written.
template <typename... Ts>
size_t encode_to(uint8_t* out, const Ts&... values) noexcept
{
    size_t head = 0;
    size_t tail = kWord * sizeof...(Ts);
    (void)out;  // an empty tuple writes nothing
    ((sol::encode_value(out, head, tail, values), head += kWord), ...);
    return tail;
}

/// Encodes the tuple into the arena.
template <typename... Ts>
ByteView encode(const Ts&... values) noexcept
{
    const size_t n = sol::encoded_size(values...);
    uint8_t* out = alloc(n == 0 ? 1 : n);
    sol::encode_to(out, values...);
    return {out, n};
}

/// Encodes the 4-byte selector then the tuple (a call's calldata), into the arena.
template <typename... Ts>
ByteView encode_call(uint32_t selector, const Ts&... values) noexcept
{
    const size_t n = 4 + sol::encoded_size(values...);
    uint8_t* out = alloc(n);
    out[0] = static_cast<uint8_t>(selector >> 24);
    out[1] = static_cast<uint8_t>(selector >> 16);
    out[2] = static_cast<uint8_t>(selector >> 8);
    out[3] = static_cast<uint8_t>(selector);
    sol::encode_to(out + 4, values...);
    return {out, n};
}

// ---- selectors, signatures and topics ---------------------------------------------------------

/// A signature as a template argument: `Sig<"transfer(address,uint256)">`.
template <size_t N>
struct Signature {
    char text[N] = {};
    consteval Signature(const char (&s)[N]) noexcept  // NOLINT(google-explicit-constructor)
    {
        for (size_t i = 0; i < N; ++i)
            text[i] = s[i];
    }
    [[nodiscard]] constexpr Bytes32 hash() const noexcept
    {
        uint8_t bytes[N] = {};
        for (size_t i = 0; i + 1 < N; ++i)
            bytes[i] = static_cast<uint8_t>(text[i]);
        return keccak256_constexpr(bytes, N - 1);
    }
};

// Signatures are hashed by constexpr (not consteval) functions: clang 14 rejects consteval calls
// that pass a reference parameter on. Use them in constant expressions (a `constexpr` variable,
// a case label) to be sure they are computed at compile time.

/// The function selector: the first four bytes of keccak256(signature), big-endian (spec,
/// "Function Selector"). The signature is canonical: no spaces, uint256 not uint.
template <size_t N>
constexpr uint32_t selector(const char (&signature)[N]) noexcept
{
    const Bytes32 h = keccak256_literal(signature);
    return (static_cast<uint32_t>(h.bytes[0]) << 24) | (static_cast<uint32_t>(h.bytes[1]) << 16) |
           (static_cast<uint32_t>(h.bytes[2]) << 8) | h.bytes[3];
}

/// topic[0] of a non-anonymous event: keccak256 of its signature (spec, "Events").
template <size_t N>
constexpr Bytes32 event_topic(const char (&signature)[N]) noexcept
{
    return keccak256_literal(signature);
}

/// The topic of an indexed static argument: its ABI word.
template <typename T>
Bytes32 topic(const T& v) noexcept
{
    static_assert(!kIsDynamic<T>, "indexed bytes/string/arrays: use topic_of_dynamic");
    Bytes32 w;
    AbiType<T>::encode_head(w.bytes, v);
    return w;
}

/// The topic of an indexed string or bytes argument: keccak256 of its content (spec, "Events":
/// dynamic indexed values are stored as their hash).
inline Bytes32 topic_of_dynamic(ByteView content) noexcept
{
    return keccak256(content);
}

/// The revert data of Solidity's `Error(string)` (selector 0x08c379a0).
inline ByteView error_string(ByteView message) noexcept
{
    constexpr uint32_t kErrorSelector = selector("Error(string)");
    return encode_call(kErrorSelector, String{message});
}

}  // namespace blend::sdk::sol
