// SPDX-License-Identifier: Apache-2.0
#include "node/module_cache_pool.hpp"

#include "core/assert.hpp"

#include <utility>

namespace blend::node {

ModuleCachePool::ModuleCachePool(size_t max_caches, uint64_t capacity_bytes)
    : max_caches_(max_caches), capacity_bytes_(capacity_bytes)
{
    BLEND_ASSERT(max_caches_ > 0);
}

ModuleCachePool::Lease::Lease(ModuleCachePool& pool,
                              std::unique_ptr<execution::ModuleCache> cache) noexcept
    : pool_(&pool), cache_(std::move(cache))
{}

ModuleCachePool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), cache_(std::move(other.cache_))
{}

ModuleCachePool::Lease::~Lease()
{
    if (cache_)
        pool_->give_back(std::move(cache_));
}

ModuleCachePool::Lease ModuleCachePool::acquire()
{
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty() || created_ < max_caches_; });
    if (!idle_.empty()) {
        // The most recently returned cache first: it is the one most likely to be warm.
        std::unique_ptr<execution::ModuleCache> cache = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(cache));
    }
    ++created_;
    lock.unlock();
    return Lease(*this, std::make_unique<execution::ModuleCache>(capacity_bytes_));
}

size_t ModuleCachePool::created() const
{
    std::lock_guard lock(mutex_);
    return created_;
}

void ModuleCachePool::give_back(std::unique_ptr<execution::ModuleCache> cache)
{
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(cache));
    }
    available_.notify_one();
}

}  // namespace blend::node
