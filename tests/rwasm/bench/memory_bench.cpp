// SPDX-License-Identifier: Apache-2.0
// blend-bench-memory: what a 64 KiB page of linear memory costs the host per call, the figure
// behind kFuelPerCommittedPage and kFuelPerPage (rwasm/vm.hpp). Prints `name=value` lines, best
// of kRounds (the machine is shared: take the minimum, and note the load).
//   fresh_page_ns         mmap a reservation, open and touch N pages (one write per 4 KiB, what
//                         the kernel faults in), munmap: the memory before the pool.
//   pooled_page_ns        the same through Memory::create from the warm per-thread pool: touch
//                         the (already mapped) pages, then release (memset of the committed range).
//   pooled_reset_page_ns  the release alone.
//   fresh_call_us / pooled_call_us  the same whole cycles for 3 pages (the SDK ERC-20's memory).
#include "rwasm/limits.hpp"
#include "rwasm/vm.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

namespace {

using blend::rwasm::kMaxMemoryPages;
using blend::rwasm::kPageSize;
using blend::rwasm::Memory;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 15;
constexpr uint32_t kPages = 16;  // all within kPoolRetainedPages: the pooled price's range

double ns_since(Clock::time_point t0)
{
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

void touch(uint8_t* base, uint32_t pages)
{
    for (size_t i = 0; i < size_t{pages} * kPageSize; i += 4096)
        base[i] = 1;
    asm volatile("" : : "r"(base) : "memory");
}

double fresh_cycle_ns(uint32_t pages)
{
    const size_t reserved = size_t{kMaxMemoryPages} * kPageSize;
    const auto t0 = Clock::now();
    void* p =
        ::mmap(nullptr, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    auto* base = static_cast<uint8_t*>(p);
    ::mprotect(base, size_t{pages} * kPageSize, PROT_READ | PROT_WRITE);
    touch(base, pages);
    ::munmap(base, reserved);
    return ns_since(t0);
}

double pooled_cycle_ns(uint32_t pages, double* reset_ns)
{
    const auto t0 = Clock::now();
    std::shared_ptr<Memory> m = Memory::create(pages, kMaxMemoryPages);
    m->commit(uint64_t{pages} * kPageSize);  // writes only below the committed bound
    touch(m->data(), pages);
    const auto t1 = Clock::now();
    m.reset();  // back to the pool: memset of the committed range
    if (reset_ns != nullptr)
        *reset_ns = ns_since(t1);
    return ns_since(t0);
}

}  // namespace

int main()
{
    double fresh = 1e18, pooled = 1e18, reset = 1e18, fresh_call = 1e18, pooled_call = 1e18;
    pooled_cycle_ns(kPages, nullptr);  // warm the pool
    for (int r = 0; r < kRounds; ++r) {
        fresh = std::min(fresh, fresh_cycle_ns(kPages) / kPages);
        double reset_ns = 0;
        pooled = std::min(pooled, pooled_cycle_ns(kPages, &reset_ns) / kPages);
        reset = std::min(reset, reset_ns / kPages);
        fresh_call = std::min(fresh_call, fresh_cycle_ns(3) / 1000);
        pooled_call = std::min(pooled_call, pooled_cycle_ns(3, nullptr) / 1000);
    }
    std::printf("fresh_page_ns=%.0f\n", fresh);
    std::printf("pooled_page_ns=%.0f\n", pooled);
    std::printf("pooled_reset_page_ns=%.0f\n", reset);
    std::printf("fresh_call_us=%.2f\n", fresh_call);
    std::printf("pooled_call_us=%.2f\n", pooled_call);
    return 0;
}
