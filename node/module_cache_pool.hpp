// SPDX-License-Identifier: Apache-2.0
#pragma once

// Module caches for read-only executions (eth_call, eth_estimateGas, debug_traceTransaction;
// docs/node.md "JSON-RPC backend"). execution::ModuleCache is not thread-safe, and the one the
// block builder uses is guarded by Node::exec_mutex; calls used to take that lock too, so every
// eth_call waited for the others and for block building. Here each concurrent call leases a cache
// of its own: the executor keeps no other shared mutable state (native runtime stacks are
// thread_local, state reads go through the state store, which takes readers on any thread), so
// calls run in parallel with each other and with the sequencer.

#include "execution/module_cache.hpp"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace blend::node {

/// At most this many read-only executions run at once; the next one waits for a lease. The RPC
/// servers run backend calls on 2 I/O threads each (rpc::ServerConfig::threads) and HTTP and
/// WebSocket may be separate servers, so 4 never makes a server thread wait on another's call.
inline constexpr size_t kMaxConcurrentCalls = 4;
/// The capacity of each call's cache: 64 MiB holds five of the largest modules (12 MiB, the
/// rWasm module limit), and the four caches together hold as much as the block builder's
/// (ModuleCache::kDefaultCapacityBytes, 256 MiB), which bounds what hostile deployments can pin.
inline constexpr uint64_t kCallModuleCacheBytes = 64u << 20;

class ModuleCachePool {
public:
    explicit ModuleCachePool(size_t max_caches = kMaxConcurrentCalls,
                             uint64_t capacity_bytes = kCallModuleCacheBytes);
    ModuleCachePool(const ModuleCachePool&) = delete;
    ModuleCachePool& operator=(const ModuleCachePool&) = delete;

    /// A cache held by one execution; given back to the pool when the lease is destroyed.
    class Lease {
    public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        [[nodiscard]] execution::ModuleCache& cache() noexcept { return *cache_; }

    private:
        friend class ModuleCachePool;
        Lease(ModuleCachePool& pool, std::unique_ptr<execution::ModuleCache> cache) noexcept;
        ModuleCachePool* pool_;
        std::unique_ptr<execution::ModuleCache> cache_;
    };

    /// A cache no other execution holds; waits while `max_caches` are leased.
    [[nodiscard]] Lease acquire();

    /// Caches created so far (at most `max_caches`; they are made on demand).
    [[nodiscard]] size_t created() const;

private:
    void give_back(std::unique_ptr<execution::ModuleCache> cache);

    const size_t max_caches_;
    const uint64_t capacity_bytes_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<execution::ModuleCache>> idle_;
    size_t created_ = 0;
};

}  // namespace blend::node
