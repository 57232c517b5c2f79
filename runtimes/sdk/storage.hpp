// SPDX-License-Identifier: Apache-2.0
// Storage laid out the way solc lays out a contract's state (docs.soliditylang.org, "Layout of
// State Variables in Storage"), so explorers, `eth_getStorageAt` users and Solidity tooling read a
// C++ contract's state with the same rules:
//   - a value type occupies its own numbered slot (the SDK does not pack several into one);
//   - mapping(K => V) at slot p: the value for key k is at keccak256(h(k) ‖ p), where h(k) is k
//     padded to 32 bytes for value types and the unpadded bytes for string/bytes keys;
//   - a dynamic array at slot p: its length at p, element i at keccak256(p) + i;
//   - bytes/string at slot p: up to 31 bytes live in p itself (data left-aligned, length·2 in the
//     lowest byte); longer ones store length·2 + 1 at p and the data from keccak256(p) on.
// The slot arithmetic is pure (tested natively); get/set go through the STORAGE syscalls.
#pragma once

#include "runtimes/sdk/host.hpp"
#include "runtimes/sdk/keccak.hpp"
#include "runtimes/sdk/mem.hpp"
#include "runtimes/sdk/types.hpp"

namespace blend::sdk {

/// The slot numbered n (state variable declaration order in Solidity).
constexpr Bytes32 slot_number(uint64_t n) noexcept
{
    return to_word(U256{n});
}

/// keccak256(key ‖ slot) for a key already encoded as its 32-byte word.
inline Bytes32 mapping_slot(const Bytes32& key_word, const Bytes32& slot) noexcept
{
    uint8_t buf[64];
    copy(buf, key_word.bytes, 32);
    copy(buf + 32, slot.bytes, 32);
    return keccak256(buf, 64);
}

inline Bytes32 mapping_slot(const Address& key, const Bytes32& slot) noexcept
{
    return mapping_slot(to_word(key), slot);
}

inline Bytes32 mapping_slot(const U256& key, const Bytes32& slot) noexcept
{
    return mapping_slot(to_word(key), slot);
}

/// For string and bytes keys: keccak256(key bytes ‖ slot), the key not padded.
inline Bytes32 mapping_slot_bytes(ByteView key, const Bytes32& slot) noexcept
{
    uint8_t* buf = alloc(key.size + 32, 1);
    if (key.size != 0)
        copy(buf, key.data, key.size);
    copy(buf + key.size, slot.bytes, 32);
    return keccak256(buf, key.size + 32);
}

/// slot + i, wrapping modulo 2^256 as solc's slot arithmetic does.
constexpr Bytes32 slot_offset(const Bytes32& slot, const U256& i) noexcept
{
    return to_word(to_u256(slot) + i);
}

/// Where element i of the dynamic array at `slot` lives: keccak256(slot) + i (one slot per
/// element; the SDK does not pack elements smaller than 32 bytes).
inline Bytes32 array_element_slot(const Bytes32& slot, const U256& i) noexcept
{
    return slot_offset(keccak256(slot.bytes, 32), i);
}

/// A U256 state variable.
struct StorageU256 {
    Bytes32 slot;

    [[nodiscard]] U256 get() const noexcept { return to_u256(storage_read(slot)); }
    void set(const U256& v) const noexcept { storage_write(slot, to_word(v)); }
};

/// An address state variable (right-aligned in its slot).
struct StorageAddress {
    Bytes32 slot;

    [[nodiscard]] Address get() const noexcept
    {
        const Bytes32 w = storage_read(slot);
        Address a;
        copy(a.bytes, w.bytes + 12, 20);
        return a;
    }
    void set(const Address& a) const noexcept { storage_write(slot, to_word(a)); }
};

/// mapping(K => V) rooted at `slot`: at(key) is the slot of the value (another Mapping for
/// nested mappings: Mapping<Address, Mapping<Address, StorageU256>>).
template <typename K, typename V>
struct Mapping {
    Bytes32 slot;

    [[nodiscard]] V at(const K& key) const noexcept { return V{mapping_slot(key, slot)}; }
};

namespace storage_detail {

/// Length of a string stored with solc's short/long encoding, from the word in its slot.
constexpr size_t string_length(const Bytes32& w) noexcept
{
    const uint8_t low = w.bytes[31];
    if ((low & 1) == 0)
        return low / 2;  // short form: length·2 in the lowest byte
    const U256 doubled = to_u256(w) - U256{1};
    // A corrupt length larger than any syscall output reads as "too long" (caught by get()).
    if (!doubled.fits_u64())
        return ~size_t{0};
    return static_cast<size_t>(doubled.low_u64() / 2);
}

}  // namespace storage_detail

/// A string or bytes state variable in solc's layout (see the header comment).
struct StorageBytes {
    Bytes32 slot;

    /// Longest value accepted by set(): bounded so that the slot count stays small and a read
    /// can never be asked to allocate more than one syscall output.
    static constexpr size_t kMaxLength = abi::kMaxOutputSize;

    /// The stored bytes, copied into the arena.
    [[nodiscard]] ByteView get() const noexcept
    {
        const Bytes32 head = storage_read(slot);
        const size_t n = storage_detail::string_length(head);
        if (n > kMaxLength)
            fail(abi::ExitCode::kOutOfMemory);
        uint8_t* out = alloc(n == 0 ? 1 : n, 1);
        if ((head.bytes[31] & 1) == 0) {
            copy(out, head.bytes, n);
            return {out, n};
        }
        const Bytes32 data = keccak256(slot.bytes, 32);
        for (size_t i = 0; i * 32 < n; ++i) {
            const Bytes32 w = storage_read(slot_offset(data, U256{i}));
            const size_t take = n - i * 32 < 32 ? n - i * 32 : 32;
            copy(out + i * 32, w.bytes, take);
        }
        return {out, n};
    }

    /// Stores `value`. Slots of a longer previous value past the new length are left as they are
    /// (solc clears them; that refund is not worth the writes here).
    void set(ByteView value) const noexcept
    {
        if (value.size > kMaxLength)
            fail(abi::ExitCode::kOutOfMemory);
        if (value.size < 32) {
            Bytes32 w;
            if (value.size != 0)
                copy(w.bytes, value.data, value.size);
            w.bytes[31] = static_cast<uint8_t>(value.size * 2);
            storage_write(slot, w);
            return;
        }
        storage_write(slot, to_word(U256{value.size} * U256{2} + U256{1}));
        const Bytes32 data = keccak256(slot.bytes, 32);
        for (size_t i = 0; i * 32 < value.size; ++i) {
            Bytes32 w;
            const size_t take = value.size - i * 32 < 32 ? value.size - i * 32 : 32;
            copy(w.bytes, value.data + i * 32, take);
            storage_write(slot_offset(data, U256{i}), w);
        }
    }
};

}  // namespace blend::sdk
