// SPDX-License-Identifier: Apache-2.0
// One suspended or running call frame (private to the executor).
#pragma once

#include "execution/executor.hpp"
#include "execution/native_runtime.hpp"
#include "runtimes/sdk/abi.hpp"

#include <array>
#include <optional>

namespace blend::execution {

/// What a frame is waiting for while a child runs.
struct PendingAction {
    abi::Syscall syscall = abi::Syscall::kStorageRead;
    Bytes input;                ///< copied out of guest memory at the interruption
    uint64_t fuel_ptr = 0;      ///< 0, or where to write (consumed, refunded)
    uint64_t fuel_limit = 0;    ///< the action's fuel limit (all remaining when fuel_ptr = 0)
    uint64_t charged_fuel = 0;  ///< fuel already charged to this frame for the action
};

struct Frame {
    Message msg;
    ModulePtr module;  ///< keeps the module alive while the Vm refers to it
    /// What runs the frame: the rWasm interpreter, or (native strategy) a native system runtime.
    /// Exactly one is set; the accessors below hide which.
    std::unique_ptr<rwasm::Vm> vm;
    std::unique_ptr<NativeFrame> native;
    /// A system runtime that meters itself (unmetered module, docs/abi.md §5): host functions
    /// charge it nothing; only `_charge_fuel` and the gas of `_exec` actions spend its fuel.
    bool self_metered = false;
    std::array<uint8_t, abi::kContextSize> context{};
    size_t checkpoint = 0;
    /// The runtime this frame runs as: the owner of an ownable account, else the code address.
    Address runtime;
    bool is_deploy = false;
    std::optional<uint32_t> entry;  ///< function index of `main` / `deploy`, if exported
    /// Gas charged before the VM started (Wasm compile at deploy), added to the gas used.
    uint64_t extra_gas = 0;
    enum class Phase : uint8_t { kNew, kInstantiating, kRunning } phase = Phase::kNew;
    Bytes output;
    Bytes return_data;  ///< output of the last `_exec`
    /// Set by `_exit` or by a host function that ends the frame.
    std::optional<int32_t> exit_code;
    PendingAction pending;
    /// `_exec`'s result when the frame is resumed.
    int32_t resume_value = 0;

    [[nodiscard]] bool charge_fuel(uint64_t amount) noexcept
    {
        return native ? native->charge_fuel(amount) : vm->charge_fuel(amount);
    }
    [[nodiscard]] uint64_t fuel_remaining() const noexcept
    {
        return native ? native->fuel_remaining() : vm->fuel_remaining();
    }
    [[nodiscard]] uint64_t fuel_used() const noexcept
    {
        return native ? native->fuel_used() : vm->fuel_used();
    }
    /// A host-call pointer parameter: an i32 offset into linear memory for rWasm (the upper bits
    /// of the slot ignored), a native address for a native frame.
    [[nodiscard]] uint64_t pointer(uint64_t param) const noexcept
    {
        return native ? param : static_cast<uint32_t>(param);
    }
    /// [ptr, ptr + len) of the frame's memory, or nullopt when it does not fit (64-bit
    /// arithmetic: no wrap).
    [[nodiscard]] std::optional<std::span<uint8_t>> guest(uint64_t ptr, uint64_t len)
    {
        if (native)
            return NativeFrame::guest(ptr, len);
        const std::span<uint8_t> mem = vm->memory();
        if (ptr > mem.size() || len > mem.size() - ptr)
            return std::nullopt;
        return mem.subspan(ptr, len);
    }
    /// Host memory the frame's code holds (linear memory, or native stack and heap).
    [[nodiscard]] uint64_t memory_bytes() const noexcept
    {
        return native ? native->memory_bytes() : vm->memory().size();
    }
};

}  // namespace blend::execution
