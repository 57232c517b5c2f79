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

#include <unordered_map>
#include <unordered_set>

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

class StoragePricedHost : public TestHost {
public:
    /// Forgets warm slots and original values: a new transaction.
    void reset_transaction()
    {
        warm_.clear();
        original_.clear();
    }

    WordResult sload(const U256& key, uint64_t gas_left)
    {
        const uint64_t cost = access(key);
        if (cost > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        return {current(key), ExitCode::kOk, cost};
    }

    ActionResult sstore(const U256& key, const U256& value, uint64_t gas_left)
    {
        if (gas_left <= kSstoreSentryGas)
            return {ExitCode::kOutOfFuel, gas_left};
        uint64_t cost = access(key) == kColdSloadCost ? kColdSloadCost : 0;
        const U256 now = current(key);
        const U256& original = original_.at(key);
        if (now == value || original != now)
            cost += kWarmStorageReadCost;  // a no-op, or a slot already dirty in this tx
        else
            cost += original.is_zero() ? kSstoreSetGas : kSstoreResetGas;
        if (cost > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        storage[key] = value;
        return {ExitCode::kOk, cost};
    }

private:
    U256 current(const U256& key) const
    {
        const auto it = storage.find(key);
        return it == storage.end() ? U256{} : it->second;
    }

    /// Warms `key` and returns the access cost; the first access records the original value
    /// (EIP-2200: the value at the start of the transaction, which is the current value until
    /// the transaction first writes the slot).
    uint64_t access(const U256& key)
    {
        if (warm_.insert(key).second) {
            original_.emplace(key, current(key));
            return kColdSloadCost;
        }
        return kWarmStorageReadCost;
    }

    std::unordered_set<U256, WordHash> warm_;
    std::unordered_map<U256, U256, WordHash> original_;
};

static_assert(Host<StoragePricedHost>);

}  // namespace blend::evm::test
