// SPDX-License-Identifier: Apache-2.0
#pragma once

// Code blobs already checked against their keccak-256, shared by every reader of one state store
// (block building, newPayload, eth_call, the pool, traces). Code is content-addressed — its key
// is its hash — so a blob verified once is valid at every block and on every fork, and the EVM
// runtime (≈ 244 KB, read by every block that runs EVM code) is neither read from RocksDB nor
// re-hashed per block. docs/execution.md "Executing on the state store".

#include "core/bytes.hpp"
#include "execution/state.hpp"

#include <cstdint>
#include <list>
#include <mutex>
#include <unordered_map>

namespace blend::execution {

/// What the node keeps by default: every deployed contract is ≤ 24 KiB (EIP-170) plus Blend's
/// metadata, and the system runtimes are a few hundred KB, so 64 MiB holds thousands of hot
/// contracts while bounding what senders of many distinct contracts can make the node hold.
inline constexpr uint64_t kDefaultVerifiedCodeBytes = 64u << 20;

/// A byte-bounded least-recently-used map code hash → verified code. Thread-safe. It only stores
/// what a caller has verified (StateDbReader hashes every blob it reads from the store first).
class VerifiedCodeCache {
public:
    explicit VerifiedCodeCache(uint64_t max_bytes = kDefaultVerifiedCodeBytes) noexcept
        : max_bytes_(max_bytes)
    {}
    VerifiedCodeCache(const VerifiedCodeCache&) = delete;
    VerifiedCodeCache& operator=(const VerifiedCodeCache&) = delete;

    /// The code under `code_hash`, or nullptr; a hit becomes the most recently used entry.
    [[nodiscard]] CodePtr find(const Hash& code_hash);
    /// Keeps `code` (already checked to hash to `code_hash`), evicting the least recently used
    /// entries until the total fits. A blob larger than the whole budget is not kept.
    void add(const Hash& code_hash, CodePtr code);

    [[nodiscard]] uint64_t bytes() const;
    [[nodiscard]] size_t size() const;

private:
    struct HashOfHash {
        size_t operator()(const Hash& h) const noexcept;
    };
    using Order = std::list<Hash>;  // front: most recently used
    struct Entry {
        CodePtr code;
        Order::iterator position;
    };

    const uint64_t max_bytes_;
    mutable std::mutex mutex_;
    Order order_;
    std::unordered_map<Hash, Entry, HashOfHash> entries_;
    uint64_t bytes_ = 0;
};

}  // namespace blend::execution
