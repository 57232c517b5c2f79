// SPDX-License-Identifier: Apache-2.0
// The native strategy for system runtimes (design.md "Key decisions: one VM, two strategies").
// A system runtime is one freestanding C++ program built twice: to wasm32 → rWasm (the artifact in
// genesis, the one a prover would prove) and natively into the node. When an account's runtime
// code hash equals the hash of the artifact this node was built with, the executor runs the native
// build instead of interpreting the artifact.
//
// A native frame runs on its own stack (a fiber, Boost.Context fcontext), so a syscall from
// native code suspends exactly like an rWasm host call: the fiber switches back to the executor,
// which performs the syscall on its explicit frame stack (a nested call is a new frame with a new
// fiber) and later switches back into the fiber with the result. The native stack never holds
// two frames: no host recursion, the same depth limit (1024) and the same in-flight memory cap
// (fiber stacks and native heaps count) as rWasm frames.
//
// The runtime's `blend_sys_*` functions (runtimes/sdk/sys.hpp) get their native definitions in
// native_runtime.cpp: each forwards to the executor's host functions with the pointer as a
// native address (NativeFrame::guest), so both strategies share one implementation of every host
// function and charge identical gas. Per-call state of a runtime must live on its fiber stack or
// in memory from blend_native_grow_heap — never in a static, which frames would share natively.
#pragma once

#include "core/bytes.hpp"
#include "rwasm/vm.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace blend::execution {

/// One native build of a system runtime: the exports of its rWasm artifact as native functions,
/// and the keccak-256 of that artifact (embedded at build time).
struct NativeRuntime {
    const char* name = "";
    Hash code_hash;
    void (*main)() = nullptr;    ///< export `main` (a call)
    void (*deploy)() = nullptr;  ///< export `deploy` (the constructor run)
};

/// The runtimes this node was built with (the EVM runtime when its artifact was built).
[[nodiscard]] std::span<const NativeRuntime> builtin_native_runtimes() noexcept;
/// The EVM runtime's rWasm artifact this node was built with (genesis places it at
/// kEvmRuntimeAddress); empty when the build has none.
[[nodiscard]] BytesView evm_runtime_artifact() noexcept;
[[nodiscard]] const NativeRuntime* find_native_runtime(std::span<const NativeRuntime> runtimes,
                                                       const Hash& code_hash) noexcept;

/// --runtime-strategy: native (the default) runs a system runtime natively when its code hash
/// matches; interpreter always runs the rWasm artifact.
enum class RuntimeStrategy : uint8_t { kNative, kInterpreter };

[[nodiscard]] const char* to_string(RuntimeStrategy strategy) noexcept;

/// Stack of one native frame. The EVM interpreter keeps its 1025-slot stack (32 KiB) there and the
/// executor's host functions run on it (secp256k1 recovery, Poseidon); 256 KiB leaves a wide
/// margin. A guard page below it turns an overflow into a fault rather than silent corruption.
inline constexpr size_t kNativeStackSize = size_t{256} << 10;
/// Heap of one native frame (blend_native_grow_heap): the same bound as an rWasm frame's linear
/// memory (rwasm::kMaxMemoryPages × 64 KiB = 64 MiB), so both strategies fail alike.
inline constexpr size_t kMaxNativeHeapSize = size_t{64} << 20;

/// Where a native frame's host calls go (the executor).
class NativeHost {
public:
    virtual rwasm::HostStatus native_call(uint32_t host_id,
                                          std::span<const uint64_t> params,
                                          std::span<uint64_t> results) = 0;

protected:
    NativeHost() = default;
    ~NativeHost() = default;
    NativeHost(const NativeHost&) = default;
    NativeHost& operator=(const NativeHost&) = default;
};

/// One native frame: a fiber running an entry point, its fuel counter (the same rules as
/// rwasm::Vm's) and its heap.
class NativeFrame {
public:
    explicit NativeFrame(void (*entry)());
    ~NativeFrame();
    NativeFrame(const NativeFrame&) = delete;
    NativeFrame& operator=(const NativeFrame&) = delete;

    /// Whether the fiber stack could be allocated (false: the frame fails with OutOfMemory).
    [[nodiscard]] bool ok() const noexcept { return stack_ != nullptr; }

    /// Runs the entry point (first call) or resumes it after `_exec` with `resume_value`, until it
    /// returns (kFinished), a host function ends the frame (kTrapped, kHostError: the executor
    /// has set the exit code) or `_exec` suspends it (kSuspended).
    rwasm::RunResult run(NativeHost& host, int32_t resume_value);

    void set_fuel_limit(uint64_t limit) noexcept { fuel_limit_ = limit; }
    [[nodiscard]] uint64_t fuel_used() const noexcept { return fuel_used_; }
    [[nodiscard]] uint64_t fuel_remaining() const noexcept { return fuel_limit_ - fuel_used_; }
    /// As rwasm::Vm::charge_fuel: false (and all fuel spent) when `amount` exceeds what is left.
    [[nodiscard]] bool charge_fuel(uint64_t amount) noexcept
    {
        if (amount > fuel_limit_ - fuel_used_) {
            fuel_used_ = fuel_limit_;
            return false;
        }
        fuel_used_ += amount;
        return true;
    }

    /// A native range passed to a host function: its address is the pointer itself. Null with a
    /// non-zero length is the only range refused (MemoryOutOfBounds), as native code is trusted
    /// (it is the build whose artifact hash matched).
    [[nodiscard]] static std::optional<std::span<uint8_t>> guest(uint64_t ptr, uint64_t len)
    {
        if (ptr == 0)
            return len == 0 ? std::optional<std::span<uint8_t>>(std::span<uint8_t>())
                            : std::nullopt;
        return std::span<uint8_t>(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ptr)), len);
    }

    /// Bytes this frame holds: its stack and heap (for the in-flight memory cap).
    [[nodiscard]] uint64_t memory_bytes() const noexcept { return kNativeStackSize + heap_size_; }

    /// Grows the frame's heap to at least `size` bytes, keeping its content (new bytes are zero
    /// the first time they are used; the runtime zeroes what it reuses); nullptr above
    /// kMaxNativeHeapSize. The heap never moves.
    [[nodiscard]] uint8_t* grow_heap(size_t size) noexcept;

    struct Switch;  ///< native_runtime.cpp

private:
    void (*entry_)();
    void* stack_ = nullptr;       ///< the mapping: guard page + stack
    void* context_ = nullptr;     ///< the fiber's saved context (fcontext_t)
    void* caller_ = nullptr;      ///< the executor's context while the fiber runs
    NativeHost* host_ = nullptr;  ///< set while the fiber runs
    rwasm::RunStatus status_ = rwasm::RunStatus::kFinished;
    int32_t resume_value_ = 0;
    bool started_ = false;
    uint64_t fuel_limit_ = 0;
    uint64_t fuel_used_ = 0;
    uint8_t* heap_ = nullptr;  ///< kMaxNativeHeapSize reserved, heap_size_ of it in use
    size_t heap_size_ = 0;
};

}  // namespace blend::execution

/// A native frame's heap (NativeFrame::grow_heap) for the running native runtime: what an rWasm
/// build gets from memory.grow (runtimes/evm/syscall_host.hpp declares it for its native build).
extern "C" uint8_t* blend_native_grow_heap(uint64_t size);
