// SPDX-License-Identifier: Apache-2.0
// Linear memory as reserved address space (docs/rwasm-format.md §3 Memory): the whole reachable
// size is mapped once without access, and growing opens the next pages in place, so growth
// copies nothing and never moves the base. Reservations are pooled per thread: a memory given
// back keeps its touched pages mapped and zeroes only its committed range, because a kernel
// first-touch fault (16 per 64 KiB page) costs several times the memset (blend-bench-memory).
#include "core/assert.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/vm.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

namespace blend::rwasm {
namespace {

constexpr size_t kReservedBytes = size_t{kMaxMemoryPages} * kPageSize;

struct Reservation {
    uint8_t* base = nullptr;
    uint32_t open = 0;  ///< pages [0, open) are readable and writable
};

/// Free reservations of this thread, all zero. Trivially destructible, so it stays usable while
/// other thread-local and static objects are destroyed; PoolDrain empties it at thread exit and
/// marks it closed, after which memories are unmapped directly.
struct Pool {
    Reservation free[kMaxPooledMemories];
    uint32_t count = 0;
    bool closed = false;
};
thread_local Pool t_pool;

void unmap(uint8_t* base)
{
    ::munmap(base, kReservedBytes);
}

struct PoolDrain {
    PoolDrain() = default;
    PoolDrain(const PoolDrain&) = delete;
    PoolDrain& operator=(const PoolDrain&) = delete;
    ~PoolDrain()
    {
        for (uint32_t i = 0; i < t_pool.count; ++i)
            unmap(t_pool.free[i].base);
        t_pool.count = 0;
        t_pool.closed = true;
    }
};
thread_local PoolDrain t_pool_drain;

Reservation take_reservation()
{
    if (t_pool.count != 0)
        return t_pool.free[--t_pool.count];
    void* base = ::mmap(nullptr, kReservedBytes, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    // Address space (64 MiB per memory) runs out only on a broken host: not a consensus outcome,
    // so the node stops rather than answer differently from its peers.
    BLEND_ASSERT(base != MAP_FAILED);
    return {static_cast<uint8_t*>(base), 0};
}

/// `committed` pages were the only ones written (Memory's invariant): zero them and keep the
/// reservation, or unmap it when the pool is full or this thread's pool is gone.
void give_back(Reservation r, uint32_t committed)
{
    (void)&t_pool_drain;  // constructs the drain on first use in this thread
    if (t_pool.closed || t_pool.count == kMaxPooledMemories) {
        unmap(r.base);
        return;
    }
    const uint32_t kept = std::min(committed, kPoolRetainedPages);
    std::memset(r.base, 0, size_t{kept} * kPageSize);
    if (committed > kept) {
        // Private anonymous pages read back as zero after MADV_DONTNEED (madvise(2)).
        const int rc = ::madvise(r.base + size_t{kept} * kPageSize,
                                 size_t{committed - kept} * kPageSize, MADV_DONTNEED);
        BLEND_ASSERT(rc == 0);
    }
    t_pool.free[t_pool.count++] = r;
}

}  // namespace

std::shared_ptr<Memory> Memory::create(uint32_t pages, uint32_t max_pages)
{
    BLEND_ASSERT(pages <= max_pages && max_pages <= kMaxMemoryPages);
    const Reservation r = take_reservation();
    std::shared_ptr<Memory> memory(new Memory());
    memory->base_ = r.base;
    memory->open_ = r.open;
    memory->max_pages_ = max_pages;
    const bool opened = memory->grow(pages);
    BLEND_ASSERT(opened);
    return memory;
}

Memory::~Memory()
{
    if (base_ != nullptr)
        give_back({base_, open_}, committed_);
}

bool Memory::grow(uint32_t delta) noexcept
{
    if (delta > max_pages_ - pages_)
        return false;
    const uint32_t pages = pages_ + delta;
    if (pages > open_) {
        uint8_t* const from = base_ + uint64_t{open_} * kPageSize;
        // Fails only when the host cannot back the pages (ENOMEM): like running out of RAM, a
        // node problem rather than a consensus outcome, so stop instead of answering -1 where
        // peers don't.
        const int rc =
            ::mprotect(from, uint64_t{pages - open_} * kPageSize, PROT_READ | PROT_WRITE);
        BLEND_ASSERT(rc == 0);
        open_ = pages;
    }
    pages_ = pages;
    return true;
}

uint64_t Memory::commit_fuel(uint64_t end) const noexcept
{
    BLEND_ASSERT(end <= size());
    const uint64_t to = (end + kPageSize - 1) / kPageSize;
    if (to <= committed_)
        return 0;
    const uint64_t retained_to = std::min<uint64_t>(to, kPoolRetainedPages);
    const uint64_t retained =
        retained_to > committed_ ? retained_to - committed_ : 0;  // pages below the limit
    return retained * kFuelPerCommittedPage + (to - committed_ - retained) * kFuelPerPage;
}

void Memory::commit(uint64_t end) noexcept
{
    BLEND_ASSERT(end <= size());
    const auto to = static_cast<uint32_t>((end + kPageSize - 1) / kPageSize);
    committed_ = std::max(committed_, to);
}

CommitResult commit_memory(Memory* memory, uint64_t end, uint64_t fuel_left, bool metered) noexcept
{
    if (memory == nullptr || end > memory->size())
        return {TrapCode::kMemoryOutOfBounds, 0};
    const uint64_t fuel = metered ? memory->commit_fuel(end) : 0;
    if (fuel > fuel_left)
        return {TrapCode::kOutOfFuel, 0};
    memory->commit(end);
    return {TrapCode::kNone, fuel};
}

std::optional<std::span<uint8_t>> Vm::guest_memory(uint64_t ptr, uint64_t len)
{
    const uint64_t size = memory_size();
    if (ptr > size || len > size - ptr)
        return std::nullopt;
    if (len == 0)
        return std::span<uint8_t>();
    if (ptr + len > memory_->committed_size()) {
        if (module_.metered && !charge_fuel(memory_->commit_fuel(ptr + len)))
            return std::nullopt;
        memory_->commit(ptr + len);
    }
    return std::span<uint8_t>(memory_->data() + ptr, len);
}

}  // namespace blend::rwasm
