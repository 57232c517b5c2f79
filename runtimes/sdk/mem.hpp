// SPDX-License-Identifier: Apache-2.0
// Memory for contracts: byte copies, the C functions the compiler may call on its own, and a bump
// allocator over a static arena. A contract frame is short-lived (one call), so nothing is ever
// freed: the arena is reset when the frame ends, because the frame's memory is discarded.
#pragma once

#include "runtimes/sdk/abi.hpp"
#include "runtimes/sdk/sys.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

/// Bytes of the static arena behind sdk::alloc. The arena is zero-initialised .bss: it costs no
/// deploy bytes and no fuel (rWasm charges pages only for memory.grow), but its pages count for
/// as long as the frame lives, suspended frames included, against the STF's cap on in-flight
/// memory (execution/executor.hpp). 64 KiB is ample for the examples; a contract that needs more
/// defines it before including the SDK.
#ifndef BLEND_SDK_ARENA_SIZE
#define BLEND_SDK_ARENA_SIZE (64u * 1024u)
#endif

#if defined(__wasm__)
// clang may emit calls to these for struct copies and loops even with -ffreestanding (the C
// standard requires a freestanding environment to provide them). Weak, so that a contract made of
// several translation units links one copy. LLVM does not turn the body of a function named
// memcpy or memset into a call to itself.
extern "C" {
__attribute__((weak)) void* memcpy(void* dst, const void* src, size_t n)
{
    auto* d = static_cast<uint8_t*>(dst);
    const auto* s = static_cast<const uint8_t*>(src);
    for (size_t i = 0; i < n; ++i)
        d[i] = s[i];
    return dst;
}
__attribute__((weak)) void* memset(void* dst, int value, size_t n)
{
    auto* d = static_cast<uint8_t*>(dst);
    for (size_t i = 0; i < n; ++i)
        d[i] = static_cast<uint8_t>(value);
    return dst;
}
__attribute__((weak)) void* memmove(void* dst, const void* src, size_t n)
{
    auto* d = static_cast<volatile uint8_t*>(dst);  // volatile: keep the loop a loop
    const auto* s = static_cast<const uint8_t*>(src);
    if (d < s) {
        for (size_t i = 0; i < n; ++i)
            d[i] = s[i];
    } else {
        for (size_t i = n; i > 0; --i)
            d[i - 1] = s[i - 1];
    }
    return dst;
}
__attribute__((weak)) int memcmp(const void* a, const void* b, size_t n)
{
    const auto* x = static_cast<const uint8_t*>(a);
    const auto* y = static_cast<const uint8_t*>(b);
    for (size_t i = 0; i < n; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}
}
#endif

namespace blend::sdk {

/// Ends the frame with a failure exit code (docs/abi.md §6). Natively (tests of the pure parts)
/// there is no frame to end, so it traps.
[[noreturn]] inline void fail(abi::ExitCode code) noexcept
{
#if defined(__wasm__)
    blend_sys_exit(static_cast<int32_t>(code));
#else
    (void)code;
    __builtin_trap();
#endif
}

inline void copy(void* dst, const void* src, size_t n) noexcept
{
    __builtin_memcpy(dst, src, n);
}

inline void fill(void* dst, uint8_t value, size_t n) noexcept
{
    __builtin_memset(dst, value, n);
}

namespace arena_detail {
alignas(16) inline uint8_t g_arena[BLEND_SDK_ARENA_SIZE];
inline size_t g_used = 0;
}  // namespace arena_detail

/// Bump allocation of `size` bytes aligned to `align` (a power of two ≤ 16) from the static arena.
/// Running out ends the frame with OutOfMemory (-1014): a contract that needs more sets
/// BLEND_SDK_ARENA_SIZE. Never returns null.
inline uint8_t* alloc(size_t size, size_t align = 8) noexcept
{
    const size_t start = (arena_detail::g_used + (align - 1)) & ~(align - 1);
    if (start > BLEND_SDK_ARENA_SIZE || size > BLEND_SDK_ARENA_SIZE - start)
        fail(abi::ExitCode::kOutOfMemory);
    arena_detail::g_used = start + size;
    return arena_detail::g_arena + start;
}

/// Bytes still free in the arena (ignoring alignment).
inline size_t arena_remaining() noexcept
{
    return BLEND_SDK_ARENA_SIZE - arena_detail::g_used;
}

/// Releases everything allocated after `mark` (a value of arena_mark()). Host-side tests use it
/// to run many cases in one process; contracts rarely need it.
inline size_t arena_mark() noexcept
{
    return arena_detail::g_used;
}
inline void arena_release(size_t mark) noexcept
{
    arena_detail::g_used = mark;
}

}  // namespace blend::sdk
