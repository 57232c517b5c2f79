// SPDX-License-Identifier: Apache-2.0
// The state interface the STF reads through, and the write set a block produces. The STF never
// depends on how state is stored: the trie's RocksDB store, an in-memory map for tests and the
// genesis builder all sit behind StateReader, and all of them take a StateDiff.
#pragma once

#include "core/bytes.hpp"
#include "core/keccak.hpp"
#include "core/u256.hpp"

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

namespace blend::execution {

/// An account as the STF sees it (the fields of trie::AccountLeaf, with the balance as a number).
struct Account {
    uint64_t nonce = 0;
    U256 balance;
    Hash code_hash = kEmptyCodeHash;
    uint64_t code_size = 0;

    /// EIP-161: no nonce, no balance, no code.
    [[nodiscard]] bool is_empty() const noexcept
    {
        return nonce == 0 && balance.is_zero() && code_hash == kEmptyCodeHash;
    }
    friend bool operator==(const Account&, const Account&) = default;
};

/// Code is immutable once stored and shared between the state, the journal and the module cache.
using CodePtr = std::shared_ptr<const Bytes>;

/// Read access to the state at the start of a block. Implementations must be deterministic: the
/// same call returns the same answer for the whole block.
class StateReader {
public:
    virtual ~StateReader() = default;
    /// nullopt when the account does not exist.
    [[nodiscard]] virtual std::optional<Account> account(const Address& address) const = 0;
    /// The slot's value; zero for an absent slot.
    [[nodiscard]] virtual Hash storage(const Address& address, const Hash& slot) const = 0;
    /// Whether the account has any non-zero slot (EIP-7610: CREATE into such an address fails).
    [[nodiscard]] virtual bool has_storage(const Address& address) const = 0;
    /// The code whose keccak-256 is `code_hash`, or nullptr when unknown.
    [[nodiscard]] virtual CodePtr code(const Hash& code_hash) const = 0;
    /// The hash of block `number`, or zero when unknown (BLOCK_HASH serves the last 256 only).
    [[nodiscard]] virtual Hash block_hash(uint64_t number) const = 0;
};

/// (address, slot) as a map key.
struct SlotKey {
    Address address;
    Hash slot;
    friend bool operator==(const SlotKey&, const SlotKey&) = default;
    friend auto operator<=>(const SlotKey&, const SlotKey&) = default;
};

struct AddressHasher {
    size_t operator()(const Address& a) const noexcept
    {
        uint64_t x = 0;
        std::memcpy(&x, a.data() + 12, sizeof(x));
        return static_cast<size_t>(x * 0x9E3779B97F4A7C15ull);
    }
};

struct SlotKeyHasher {
    size_t operator()(const SlotKey& k) const noexcept
    {
        uint64_t s = 0;
        std::memcpy(&s, k.slot.data() + 24, sizeof(s));
        return AddressHasher{}(k.address) ^ static_cast<size_t>(s * 0xC2B2AE3D27D4EB4Full);
    }
};

/// The write set of a block: what changed between the state the block read and the state after
/// it. Ordered maps so that every consumer sees the same order on every machine.
struct StateDiff {
    /// Final account; nullopt = the account is deleted (EIP-6780 self-destruct, EIP-161 empty).
    std::map<Address, std::optional<Account>> accounts;
    /// Final slot values; a zero value deletes the slot (a deleted account's slots are listed).
    std::map<SlotKey, Hash> storage;
    /// Code first stored in this block, by hash.
    std::map<Hash, CodePtr> code;
};

}  // namespace blend::execution
