// SPDX-License-Identifier: Apache-2.0
#include "execution/native_runtime.hpp"

#include "core/assert.hpp"
#include "runtimes/sdk/abi.hpp"
#include "runtimes/sdk/sys.hpp"

#include <boost/context/detail/fcontext.hpp>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace blend::execution {

namespace bctx = boost::context::detail;
using abi::HostFunction;
using rwasm::HostStatus;
using rwasm::RunResult;
using rwasm::RunStatus;
using rwasm::TrapCode;

namespace {

/// The native frame running on this thread (set by NativeFrame::run while it is inside the
/// fiber); the host functions below act on it. Glue state of the host, not of a runtime: a
/// runtime's own per-call state lives on its fiber stack.
thread_local NativeFrame* t_current = nullptr;

size_t page_size()
{
    static const auto kPage = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    return kPage;
}

size_t mapping_size()
{
    return kNativeStackSize + page_size();
}

/// Fiber stacks are reused: mapping and unmapping 256 KiB per call would cost more than a short
/// call. At most kMaxPooledStacks per thread stay mapped.
constexpr size_t kMaxPooledStacks = 16;

struct StackPool {
    std::vector<void*> free;
    StackPool() = default;
    StackPool(const StackPool&) = delete;
    StackPool& operator=(const StackPool&) = delete;
    ~StackPool()
    {
        for (void* s : free)
            ::munmap(s, mapping_size());
    }
};

thread_local StackPool t_stacks;

void* allocate_stack()
{
    if (!t_stacks.free.empty()) {
        void* s = t_stacks.free.back();
        t_stacks.free.pop_back();
        return s;
    }
    void* s = ::mmap(nullptr, mapping_size(), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (s == MAP_FAILED)
        return nullptr;
    // The guard page: the stack grows down towards it.
    if (::mprotect(s, page_size(), PROT_NONE) != 0) {
        ::munmap(s, mapping_size());
        return nullptr;
    }
    return s;
}

void release_stack(void* s)
{
    if (t_stacks.free.size() < kMaxPooledStacks)
        t_stacks.free.push_back(s);
    else
        ::munmap(s, mapping_size());
}

// AddressSanitizer must be told of every stack switch (or it takes the fiber's frames for
// overflows of the executor's stack); these are no-ops in other builds.
#if defined(__SANITIZE_ADDRESS__)
struct AsanSwitch {
    const void* bottom = nullptr;
    size_t size = 0;
};
void asan_start(void** fake, const void* bottom, size_t size)
{
    __sanitizer_start_switch_fiber(fake, bottom, size);
}
void asan_finish(void* fake, AsanSwitch* from)
{
    __sanitizer_finish_switch_fiber(fake, from ? &from->bottom : nullptr,
                                    from ? &from->size : nullptr);
}
thread_local AsanSwitch t_executor_stack;
#endif

}  // namespace

/// The switches between the executor and a fiber (a friend in all but name: a nested type).
struct NativeFrame::Switch {
    [[noreturn]] static void fiber_main(bctx::transfer_t t)
    {
#if defined(__SANITIZE_ADDRESS__)
        asan_finish(nullptr, &t_executor_stack);
#endif
        auto* self = static_cast<NativeFrame*>(t.data);
        self->caller_ = t.fctx;
        self->entry_();
        self->status_ = RunStatus::kFinished;
#if defined(__SANITIZE_ADDRESS__)
        asan_start(nullptr, t_executor_stack.bottom, t_executor_stack.size);  // never comes back
#endif
        (void)bctx::jump_fcontext(self->caller_, nullptr);
        BLEND_ASSERT(false && "a finished native frame was resumed");
        __builtin_unreachable();
    }

    static NativeFrame& current()
    {
        BLEND_ASSERT(t_current != nullptr && "native runtime code running outside a native frame");
        return *t_current;
    }

    /// From inside the fiber: back to the executor until it resumes this frame.
    static void to_executor(NativeFrame& self)
    {
#if defined(__SANITIZE_ADDRESS__)
        void* fake = nullptr;
        asan_start(&fake, t_executor_stack.bottom, t_executor_stack.size);
#endif
        const bctx::transfer_t t = bctx::jump_fcontext(self.caller_, nullptr);
        self.caller_ = t.fctx;
#if defined(__SANITIZE_ADDRESS__)
        asan_finish(fake, &t_executor_stack);
#endif
    }

    /// A host call from the running native frame: returns the host function's result, switches
    /// out at `_exec` until the executor resumes the frame (returning `_exec`'s exit code), and
    /// never returns when the host function ends the frame.
    static uint64_t call(HostFunction id, std::span<const uint64_t> params)
    {
        NativeFrame* self = t_current;
        BLEND_ASSERT(self != nullptr && "a blend_sys_* function called outside a native frame");
        uint64_t result = 0;
        switch (self->host_->native_call(static_cast<uint32_t>(id), params, {&result, 1})) {
        case HostStatus::kReturn:
            return result;
        case HostStatus::kSuspend:
            self->status_ = RunStatus::kSuspended;
            to_executor(*self);
            return static_cast<uint32_t>(self->resume_value_);
        case HostStatus::kTrap:
        default:
            self->status_ = RunStatus::kTrapped;
            to_executor(*self);
            BLEND_ASSERT(false && "an ended native frame was resumed");
            __builtin_unreachable();
        }
    }
};

NativeFrame::NativeFrame(void (*entry)()) : entry_(entry), stack_(allocate_stack())
{
    if (stack_ != nullptr) {
#if defined(__SANITIZE_ADDRESS__)
        // A pooled stack may hold the redzones of a fiber that was dropped without unwinding.
        __asan_unpoison_memory_region(static_cast<uint8_t*>(stack_) + page_size(),
                                      kNativeStackSize);
#endif
        void* top = static_cast<uint8_t*>(stack_) + mapping_size();
        context_ = bctx::make_fcontext(top, kNativeStackSize, &Switch::fiber_main);
    }
}

NativeFrame::~NativeFrame()
{
    // A frame that ended inside a host call is dropped without unwinding its stack: the runtime
    // is freestanding code whose stack holds nothing that owns a resource.
    if (stack_ != nullptr)
        release_stack(stack_);
    if (heap_ != nullptr)
        ::munmap(heap_, kMaxNativeHeapSize);
}

RunResult NativeFrame::run(NativeHost& host, int32_t resume_value)
{
    BLEND_ASSERT(stack_ != nullptr);
    host_ = &host;
    resume_value_ = resume_value;
    NativeFrame* const outer = t_current;
    t_current = this;
#if defined(__SANITIZE_ADDRESS__)
    void* fake = nullptr;
    asan_start(&fake, static_cast<uint8_t*>(stack_) + page_size(), kNativeStackSize);
#endif
    const bctx::transfer_t t = bctx::jump_fcontext(context_, this);
#if defined(__SANITIZE_ADDRESS__)
    asan_finish(fake, nullptr);
#endif
    context_ = t.fctx;
    t_current = outer;
    started_ = true;
    switch (status_) {
    case RunStatus::kFinished:
        return {RunStatus::kFinished, TrapCode::kNone};
    case RunStatus::kSuspended:
        return {RunStatus::kSuspended, TrapCode::kNone};
    case RunStatus::kTrapped:
        break;
    }
    return {RunStatus::kTrapped, TrapCode::kHostError};
}

uint8_t* NativeFrame::grow_heap(size_t size) noexcept
{
    if (size > kMaxNativeHeapSize)
        return nullptr;
    // The whole bound is reserved at once (address space only, MAP_NORESERVE; pages are committed
    // when touched), so the heap never moves: the runtime keeps pointers into it (the EVM's code
    // and memory) across growth, as it does into an rWasm linear memory.
    if (heap_ == nullptr) {
        void* p = ::mmap(nullptr, kMaxNativeHeapSize, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return nullptr;
        heap_ = static_cast<uint8_t*>(p);
    }
    if (size > heap_size_)
        heap_size_ = size;
    return heap_;
}

const char* to_string(RuntimeStrategy strategy) noexcept
{
    switch (strategy) {
    case RuntimeStrategy::kNative:
        return "native";
    case RuntimeStrategy::kInterpreter:
        return "interpreter";
    }
    return "unknown";
}

const NativeRuntime* find_native_runtime(std::span<const NativeRuntime> runtimes,
                                         const Hash& code_hash) noexcept
{
    for (const NativeRuntime& r : runtimes)
        if (r.code_hash == code_hash)
            return &r;
    return nullptr;
}

}  // namespace blend::execution

// ---- The native definitions of the SDK's host functions (runtimes/sdk/sys.hpp) ---------------
// Pointers travel as native addresses in the same uint64 parameter slots an rWasm host call uses;
// the executor reads them through NativeFrame::guest.

namespace {

using blend::execution::NativeFrame;
using HostFn = blend::abi::HostFunction;

uint64_t ptr(const void* p)
{
    return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p));
}

template <size_t N>
uint64_t host(HostFn id, const uint64_t (&params)[N])
{
    return NativeFrame::Switch::call(id, std::span<const uint64_t>(params, N));
}

uint64_t host(HostFn id)
{
    return NativeFrame::Switch::call(id, std::span<const uint64_t>());
}

}  // namespace

/// The native frame's heap (NativeFrame::grow_heap), for runtimes that need memory beyond their
/// stack (the EVM's memory). Natively only: on wasm32 a runtime grows its linear memory.
extern "C" uint8_t* blend_native_grow_heap(uint64_t size)
{
    return NativeFrame::Switch::current().grow_heap(static_cast<size_t>(size));
}

extern "C" {

void blend_sys_exit(int32_t code)
{
    (void)host(HostFn::kExit, {static_cast<uint64_t>(static_cast<uint32_t>(code))});
    __builtin_unreachable();  // Switch::call never returns from a host call that ends the frame
}

int32_t blend_sys_state()
{
    return static_cast<int32_t>(host(HostFn::kState));
}

void blend_sys_read(void* dst, uint32_t offset, uint32_t len)
{
    (void)host(HostFn::kRead, {ptr(dst), offset, len});
}

uint32_t blend_sys_input_size()
{
    return static_cast<uint32_t>(host(HostFn::kInputSize));
}

void blend_sys_write(const void* p, uint32_t len)
{
    (void)host(HostFn::kWrite, {ptr(p), len});
}

uint32_t blend_sys_output_size()
{
    return static_cast<uint32_t>(host(HostFn::kOutputSize));
}

void blend_sys_read_output(void* dst, uint32_t offset, uint32_t len)
{
    (void)host(HostFn::kReadOutput, {ptr(dst), offset, len});
}

void blend_sys_read_context(void* dst, uint32_t offset, uint32_t len)
{
    (void)host(HostFn::kReadContext, {ptr(dst), offset, len});
}

int32_t blend_sys_exec(const void* id, const void* input, uint32_t len, void* fuel, uint32_t state)
{
    return static_cast<int32_t>(host(HostFn::kExec, {ptr(id), ptr(input), len, ptr(fuel), state}));
}

int32_t blend_sys_resume(uint32_t call_id,
                         const void* ret,
                         uint32_t ret_len,
                         int32_t exit_code,
                         void* fuel)
{
    return static_cast<int32_t>(host(
        HostFn::kResume, {call_id, ptr(ret), ret_len,
                          static_cast<uint64_t>(static_cast<uint32_t>(exit_code)), ptr(fuel)}));
}

void blend_sys_forward_output(uint32_t offset, uint32_t len)
{
    (void)host(HostFn::kForwardOutput, {offset, len});
}

int64_t blend_sys_fuel()
{
    return static_cast<int64_t>(host(HostFn::kFuel));
}

uint32_t blend_sys_preimage_size(const void* hash)
{
    return static_cast<uint32_t>(host(HostFn::kPreimageSize, {ptr(hash)}));
}

void blend_sys_preimage_copy(const void* hash, void* dst)
{
    (void)host(HostFn::kPreimageCopy, {ptr(hash), ptr(dst)});
}

void blend_sys_debug_log(const void* p, uint32_t len)
{
    (void)host(HostFn::kDebugLog, {ptr(p), len});
}

void blend_sys_charge_fuel(int64_t amount)
{
    (void)host(HostFn::kChargeFuel, {static_cast<uint64_t>(amount)});
}

void blend_sys_keccak256(const void* p, uint32_t len, void* out)
{
    (void)host(HostFn::kKeccak256, {ptr(p), len, ptr(out)});
}

void blend_sys_poseidon(const void* p, uint32_t len, void* out)
{
    (void)host(HostFn::kPoseidon, {ptr(p), len, ptr(out)});
}

void blend_sys_poseidon_hash(const void* a, const void* b, const void* d, void* out)
{
    (void)host(HostFn::kPoseidonHash, {ptr(a), ptr(b), ptr(d), ptr(out)});
}

int32_t blend_sys_ecrecover(const void* digest, const void* sig, void* out, uint32_t rec_id)
{
    return static_cast<int32_t>(
        host(HostFn::kEcrecover, {ptr(digest), ptr(sig), ptr(out), rec_id}));
}

}  // extern "C"
