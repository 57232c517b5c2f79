// SPDX-License-Identifier: Apache-2.0
// The in-memory test host with SLOAD and SSTORE priced as Ethereum (Cancun/Prague) prices them,
// for blend-bench-evm: its gas must then equal the STF's for the same message, since storage is
// the only state the evm-benchmarks programs touch besides the frame itself. TestHost prices every
// state action at a fixed amount (0 in the benchmark), which made snailtracer's gas 150,366,168
// against the STF's 165,962,868 in both strategies (docs/evm.md "blend-bench-evm").
//
// The rules are written from the EIPs, not from the STF: EIP-2929 (cold/warm slot access),
// EIP-2200 with EIP-2929's repricing (SSTORE by original/current/new value) and EIP-3529 (no
// SSTORE_CLEARS_SCHEDULE change to the charge, only to refunds, which a message's gas used does
// not include: refunds are applied once per transaction). Every slot starts cold, as in a
// transaction whose access list is empty.
#pragma once

#include "tests/runtimes/evm/test_host.hpp"

#include <cstddef>
#include <vector>

namespace blend::evm::test {

/// EIP-2929: COLD_SLOAD_COST, charged on the first access of a slot in a transaction.
inline constexpr uint64_t kColdSloadCost = 2100;
/// EIP-2929: WARM_STORAGE_READ_COST (SLOAD of a warm slot; SSTORE no-op and dirty writes).
inline constexpr uint64_t kWarmStorageReadCost = 100;
/// EIP-2200 SSTORE_SET_GAS: a clean slot written from zero to non-zero.
inline constexpr uint64_t kSstoreSetGas = 20000;
/// EIP-2929 SSTORE_RESET_GAS: EIP-2200's 5000 minus COLD_SLOAD_COST (a clean non-zero slot).
inline constexpr uint64_t kSstoreResetGas = 5000 - kColdSloadCost;
/// EIP-2200: SSTORE fails (out of gas) when the gas left is at most the call stipend.
inline constexpr uint64_t kSstoreSentryGas = 2300;

/// Storage lives in the host's own open-addressing table (key, current, original, the
/// transaction that last warmed it): one probe per SLOAD/SSTORE instead of the three hash-map
/// lookups and node allocations of a set of warm keys plus maps of originals and values, which
/// were a fifth of snailtracer's time in blend-bench-evm. `TestHost::storage` is not used.
class StoragePricedHost : public TestHost {
public:
    StoragePricedHost() : table_(kInitialSlots) {}

    /// Forgets warm slots and original values: a new transaction.
    void reset_transaction() { ++transaction_; }

    /// Empties storage (and starts a new transaction): O(1), the table is reused.
    void reset_storage()
    {
        ++generation_;
        used_ = 0;
        reset_transaction();
    }

    WordResult sload(const U256& key, uint64_t gas_left)
    {
        Slot& slot = find(key);
        const uint64_t cost = access(slot);
        if (cost > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        return {slot.current, ExitCode::kOk, cost};
    }

    ActionResult sstore(const U256& key, const U256& value, uint64_t gas_left)
    {
        if (gas_left <= kSstoreSentryGas)
            return {ExitCode::kOutOfFuel, gas_left};
        Slot& slot = find(key);
        uint64_t cost = access(slot) == kColdSloadCost ? kColdSloadCost : 0;
        if (slot.current == value || slot.original != slot.current)
            cost += kWarmStorageReadCost;  // a no-op, or a slot already dirty in this tx
        else
            cost += slot.original.is_zero() ? kSstoreSetGas : kSstoreResetGas;
        if (cost > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        slot.current = value;
        return {ExitCode::kOk, cost};
    }

private:
    struct Slot {
        U256 key;
        U256 current;
        U256 original;
        uint64_t generation = 0;  ///< == generation_ when the entry is in use
        uint64_t warm_in = 0;     ///< the transaction that last accessed the slot
    };
    static constexpr size_t kInitialSlots = 1024;  // a power of two

    /// The slot of `key`, inserted with value 0 when absent.
    Slot& find(const U256& key)
    {
        if (2 * (used_ + 1) > table_.size())
            grow();
        const size_t mask = table_.size() - 1;
        for (size_t i = index(key) & mask;; i = (i + 1) & mask) {
            Slot& slot = table_[i];
            if (slot.generation != generation_) {
                slot = Slot{key, U256{}, U256{}, generation_, 0};
                ++used_;
                return slot;
            }
            if (slot.key == key)
                return slot;
        }
    }

    /// WordHash with its high bits folded into the low ones the table indexes by.
    static size_t index(const U256& key)
    {
        const size_t h = WordHash{}(key);
        return h ^ (h >> 32);
    }

    void grow()
    {
        std::vector<Slot> old(table_.size() * 2);
        old.swap(table_);
        const size_t mask = table_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.generation != generation_)
                continue;
            size_t i = index(slot.key) & mask;
            while (table_[i].generation == generation_)
                i = (i + 1) & mask;
            table_[i] = slot;
        }
    }

    /// Warms the slot and returns the access cost; the first access in a transaction records the
    /// original value (EIP-2200: the value at the start of the transaction, which is the current
    /// value until the transaction first writes the slot).
    uint64_t access(Slot& slot)
    {
        if (slot.warm_in != transaction_) {
            slot.warm_in = transaction_;
            slot.original = slot.current;
            return kColdSloadCost;
        }
        return kWarmStorageReadCost;
    }

    std::vector<Slot> table_;
    size_t used_ = 0;
    uint64_t generation_ = 1;
    uint64_t transaction_ = 1;
};

static_assert(Host<StoragePricedHost>);

}  // namespace blend::evm::test
