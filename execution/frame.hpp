// SPDX-License-Identifier: Apache-2.0
// One suspended or running call frame (private to the executor).
#pragma once

#include "execution/executor.hpp"
#include "execution/gas.hpp"
#include "execution/native_runtime.hpp"
#include "runtimes/sdk/abi.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace blend::execution {

/// What a frame is waiting for while a child runs.
struct PendingAction {
    abi::Syscall syscall = abi::Syscall::kStorageRead;
    Bytes input;            ///< copied out of guest memory at the interruption
    uint64_t fuel_ptr = 0;  ///< 0, or where to write (consumed, refunded)
    /// The action's fuel limit; used only when fuel_ptr != 0 (0: all the frame's fuel, however
    /// much that is, docs/abi.md §2).
    uint64_t fuel_limit = 0;
    /// Fuel already charged to this frame for the action, saturating at 2^64 − 1 (only a metered
    /// frame with more than 2^62 gas can reach it: the buffer's u64 cannot say more).
    uint64_t charged_fuel = 0;

    void add_charged_fuel(uint64_t fuel) noexcept
    {
        charged_fuel = fuel > ~uint64_t{0} - charged_fuel ? ~uint64_t{0} : charged_fuel + fuel;
    }
    void add_charged_gas(uint64_t gas, uint64_t fuel_per_gas) noexcept
    {
        add_charged_fuel(gas > ~uint64_t{0} / fuel_per_gas ? ~uint64_t{0} : gas * fuel_per_gas);
    }
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

    // ---- Fuel (docs/abi.md §5, docs/execution.md §Fuel) ---------------------------------------
    // The frame's budget is its gas, exact for any u64 (Ethereum's gas is a u64): the VM's (or
    // native frame's) u64 fuel counter plus `reserve_gas`. Gas left = reserve_gas +
    // ⌊counter / fuel_per_gas⌋; gas used = the frame's gas − gas left.

    /// Fuel per gas in this frame: kFuelPerGas for metered code (the rWasm fuel table), 1 for a
    /// self-metered system runtime, whose fuel is EVM gas: it runs no metered instruction, so
    /// there is nothing finer than gas to count, and every u64 gas fits its counter unscaled.
    uint64_t fuel_per_gas = kFuelPerGas;
    /// Gas not in the counter: a metered frame with more gas than the counter can hold as fuel
    /// (2^64 − 1 / kFuelPerGas) gets the counter filled and the rest here. Charges made by the
    /// host take from here first, so only instructions drain the counter while this is non-zero:
    /// 2^64 − 4 fuel of instructions (~146 years at 0.25 ns per fuel) before it could matter.
    uint64_t reserve_gas = 0;

    /// Gives the frame `gas` before it first runs (self_metered already set).
    void set_gas(uint64_t gas) noexcept
    {
        fuel_per_gas = self_metered ? 1 : kFuelPerGas;
        const uint64_t loaded = std::min(gas, ~uint64_t{0} / fuel_per_gas);
        reserve_gas = gas - loaded;
        set_counter(loaded * fuel_per_gas);
    }
    /// Whole gas left (for a self-metered frame, its fuel).
    [[nodiscard]] uint64_t gas_remaining() const noexcept
    {
        return reserve_gas + counter() / fuel_per_gas;
    }
    /// Charges `gas` (gas × fuel_per_gas fuel); false, with all fuel spent, when less is left.
    [[nodiscard]] bool charge_gas(uint64_t gas) noexcept
    {
        if (gas > gas_remaining())
            return exhaust();
        const uint64_t from_reserve = std::min(gas, reserve_gas);
        reserve_gas -= from_reserve;
        return counter_charge((gas - from_reserve) * fuel_per_gas);  // ≤ counter: no overflow
    }
    /// Charges raw fuel (`_charge_fuel`, an action's fuel limit); false, with all fuel spent,
    /// when less is left.
    [[nodiscard]] bool charge_fuel(uint64_t fuel) noexcept
    {
        if (reserve_gas != 0) {
            const uint64_t whole = std::min(fuel / fuel_per_gas, reserve_gas);
            reserve_gas -= whole;
            fuel -= whole * fuel_per_gas;
            // What is left is less than one gas (or the reserve is empty): borrow one if needed.
            if (fuel > counter() && reserve_gas != 0) {
                --reserve_gas;
                set_counter(counter() + fuel_per_gas);  // counter < fuel < fuel_per_gas here
            }
        }
        if (fuel > counter())
            return exhaust();
        return counter_charge(fuel);
    }
    /// Fuel left, saturating at 2^64 − 1 (`_fuel`'s i64; only a metered frame with more than
    /// 2^62 gas has more).
    [[nodiscard]] uint64_t fuel_remaining() const noexcept
    {
        const uint64_t c = counter();
        return reserve_gas > (~uint64_t{0} - c) / fuel_per_gas ? ~uint64_t{0}
                                                               : c + reserve_gas * fuel_per_gas;
    }
    /// Whether more than `fuel` is left (exact where fuel_remaining() saturates).
    [[nodiscard]] bool fuel_remaining_above(uint64_t fuel) const noexcept
    {
        const uint64_t c = counter();
        return c > fuel || reserve_gas > (fuel - c) / fuel_per_gas;
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
        // The host reaches linear memory like a load or store: the pages it touches are
        // committed and charged (rwasm::Memory; none for an unmetered runtime, which meters its
        // own memory). A charge the frame cannot pay spends all its fuel and fails the access.
        const uint64_t size = vm->memory_size();
        if (ptr > size || len > size - ptr)
            return std::nullopt;
        if (len == 0)
            return std::span<uint8_t>();
        if (ptr + len > vm->memory().size()) {
            rwasm::Memory& memory = *vm->memory_object();
            if (vm->module().metered && !charge_fuel(memory.commit_fuel(ptr + len)))
                return std::nullopt;
            memory.commit(ptr + len);
        }
        return vm->memory().subspan(ptr, len);
    }
    /// Host memory the frame's code holds (linear memory, or native stack and heap).
    [[nodiscard]] uint64_t memory_bytes() const noexcept
    {
        return native ? native->memory_bytes() : vm->memory_size();  // declared
    }

private:
    [[nodiscard]] uint64_t counter() const noexcept
    {
        return native ? native->fuel_remaining() : vm->fuel_remaining();
    }
    [[nodiscard]] bool counter_charge(uint64_t fuel) noexcept
    {
        return native ? native->charge_fuel(fuel) : vm->charge_fuel(fuel);
    }
    /// Sets the fuel left (the counter's "used" restarts at 0: only gas_remaining() counts).
    void set_counter(uint64_t fuel) noexcept
    {
        if (native)
            native->set_fuel_limit(native->fuel_used() + fuel);  // only before it runs: used = 0
        else
            vm->set_fuel_limit(fuel);
    }
    /// Spends all fuel, the reserve included; false (an OutOfFuel trap for the VM).
    bool exhaust() noexcept
    {
        reserve_gas = 0;
        (void)counter_charge(counter());
        return counter_charge(1);
    }
};

}  // namespace blend::execution
