// SPDX-License-Identifier: Apache-2.0
// One suspended or running call frame (private to the executor).
#pragma once

#include "execution/executor.hpp"
#include "runtimes/sdk/abi.hpp"

#include <array>
#include <optional>

namespace blend::execution {

/// What a frame is waiting for while a child runs.
struct PendingAction {
    abi::Syscall syscall = abi::Syscall::kStorageRead;
    Bytes input;                ///< copied out of guest memory at the interruption
    uint32_t fuel_ptr = 0;      ///< 0, or where to write (consumed, refunded)
    uint64_t fuel_limit = 0;    ///< the action's fuel limit (all remaining when fuel_ptr = 0)
    uint64_t charged_fuel = 0;  ///< fuel already charged to this frame for the action
};

struct Frame {
    Message msg;
    ModulePtr module;  ///< keeps the module alive while the Vm refers to it
    std::unique_ptr<rwasm::Vm> vm;
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
};

}  // namespace blend::execution
