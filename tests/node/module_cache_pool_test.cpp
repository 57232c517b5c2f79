// SPDX-License-Identifier: Apache-2.0
// node::ModuleCachePool (node/module_cache_pool.hpp): the module caches read-only executions
// (eth_call, eth_estimateGas, debug_traceTransaction) lease so that they run without the block
// builder's lock. Each lease is exclusive, at most max_caches are out at once, a returned cache is
// handed out again (it stays warm), and a caller beyond the limit waits for a return.

#include "node/module_cache_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

using blend::execution::ModuleCache;
using blend::node::ModuleCachePool;

TEST_CASE("module cache pool: exclusive leases, reuse, bounded count", "[node][module_cache_pool]")
{
    ModuleCachePool pool(2, 1u << 20);
    std::optional<ModuleCachePool::Lease> a(pool.acquire());
    std::optional<ModuleCachePool::Lease> b(pool.acquire());
    ModuleCache* const first = &a->cache();
    CHECK(first != &b->cache());
    CHECK(pool.created() == 2);

    // A returned cache is the next one handed out: no third cache is made.
    a.reset();
    a.emplace(pool.acquire());
    CHECK(&a->cache() == first);
    CHECK(pool.created() == 2);

    // Both out: a third caller waits until one comes back, then gets that one.
    std::atomic<ModuleCache*> got{nullptr};
    std::thread waiter([&] {
        ModuleCachePool::Lease c = pool.acquire();
        got = &c.cache();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(got.load() == nullptr);  // a correct pool cannot hand out a third lease here
    ModuleCache* const returned = &b->cache();
    b.reset();
    waiter.join();
    CHECK(got.load() == returned);
    CHECK(pool.created() == 2);
}

TEST_CASE("module cache pool: never more leases out than caches under contention",
          "[node][module_cache_pool]")
{
    constexpr size_t kCaches = 3;
    ModuleCachePool pool(kCaches, 1u << 20);
    std::atomic<size_t> out{0};
    std::atomic<size_t> most{0};
    std::vector<std::thread> threads;
    std::mutex seen_mutex;
    std::set<ModuleCache*> seen;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                ModuleCachePool::Lease lease = pool.acquire();
                const size_t now = ++out;
                size_t prev = most.load();
                while (now > prev && !most.compare_exchange_weak(prev, now)) {
                }
                {
                    std::lock_guard lock(seen_mutex);
                    seen.insert(&lease.cache());
                }
                std::this_thread::yield();
                --out;
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    CHECK(most.load() <= kCaches);
    CHECK(most.load() >= 1);
    CHECK(pool.created() <= kCaches);
    CHECK(seen.size() == pool.created());
}
