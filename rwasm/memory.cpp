// SPDX-License-Identifier: Apache-2.0
// Linear memory as reserved address space (docs/rwasm-format.md §3 Memory): the whole reachable
// size is mapped once without access, and growing opens the next pages in place. The kernel
// supplies them zero-filled on first touch, so growth copies nothing and never moves the base.
#include "core/assert.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/vm.hpp"

#include <sys/mman.h>

#include <algorithm>

namespace blend::rwasm {

std::shared_ptr<Memory> Memory::create(uint32_t pages, uint32_t max_pages)
{
    BLEND_ASSERT(pages <= max_pages && max_pages <= kMaxMemoryPages);
    std::shared_ptr<Memory> memory(new Memory());
    // At least one page of address space, so data() is never null (memset/memcpy of 0 bytes
    // still need a valid pointer).
    memory->reserved_ = size_t{std::max<uint32_t>(max_pages, 1)} * kPageSize;
    void* base = ::mmap(nullptr, memory->reserved_, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    // Address space (at most 64 MiB per memory) runs out only on a broken host: not a
    // consensus outcome, so the node stops rather than answer differently from its peers.
    BLEND_ASSERT(base != MAP_FAILED);
    memory->base_ = static_cast<uint8_t*>(base);
    memory->max_pages_ = max_pages;
    const bool opened = memory->grow(pages);
    BLEND_ASSERT(opened);
    return memory;
}

Memory::~Memory()
{
    if (base_ != nullptr)
        ::munmap(base_, reserved_);
}

bool Memory::grow(uint32_t delta) noexcept
{
    if (delta > max_pages_ - pages_)
        return false;
    if (delta == 0)
        return true;
    uint8_t* const from = base_ + uint64_t{pages_} * kPageSize;
    // Fails only when the host cannot back the pages (ENOMEM): like running out of RAM, a node
    // problem rather than a consensus outcome, so stop instead of answering -1 where peers don't.
    const int rc = ::mprotect(from, uint64_t{delta} * kPageSize, PROT_READ | PROT_WRITE);
    BLEND_ASSERT(rc == 0);
    pages_ += delta;
    return true;
}

}  // namespace blend::rwasm
