// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the syscall handlers (private to the executor).
#pragma once

#include "execution/executor.hpp"
#include "execution/frame.hpp"
#include "execution/gas.hpp"

#include <algorithm>

namespace blend::execution {

[[nodiscard]] inline uint64_t read_u64(const uint8_t* p) noexcept
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = v << 8 | p[i];
    return v;
}

[[nodiscard]] inline uint32_t read_u32(const uint8_t* p) noexcept
{
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | p[3];
}

inline void write_u64(uint8_t* out, uint64_t v) noexcept
{
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

/// The frame's gas limit (the context's frame gas limit, docs/abi.md §4): the `_exec` input and
/// output size limits grow with it (abi::max_syscall_input_size, abi::max_output_size).
[[nodiscard]] inline uint64_t frame_gas_limit(const Frame& frame) noexcept
{
    return frame.msg.gas - frame.extra_gas;
}

/// One syscall being performed for `frame`: charges the action's gas against the frame's fuel
/// and the action's own limit, and records how the frame goes on.
class SyscallContext {
public:
    SyscallContext(Frame& frame, JournaledState& state) : frame_(frame), state_(state) {}

    /// Ends the frame with `code` (malformed input, a state change in a static context, ...).
    SyscallOutcome end(abi::ExitCode code)
    {
        frame_.exit_code = static_cast<int32_t>(code);
        return SyscallOutcome::kEndFrame;
    }

    /// Charges `gas`. false when it cannot: the action's own fuel limit is too small (the action
    /// fails with OutOfFuel and the frame goes on, having paid that limit) or the frame's fuel is
    /// (the frame ends with OutOfFuel); result() then says which.
    bool charge(uint64_t gas)
    {
        PendingAction& p = frame_.pending;
        if (p.fuel_ptr != 0) {
            // gas × fuel_per_gas > limit_left, without the product (it may not fit a u64).
            const uint64_t limit_left = p.fuel_limit - std::min(p.fuel_limit, p.charged_fuel);
            if (gas > limit_left / frame_.fuel_per_gas && frame_.fuel_remaining_above(limit_left)) {
                (void)frame_.charge_fuel(limit_left);
                p.add_charged_fuel(limit_left);
                outcome_ = done(abi::ExitCode::kOutOfFuel, {});
                return false;
            }
        }
        if (!frame_.charge_gas(gas)) {
            outcome_ = end(abi::ExitCode::kOutOfFuel);
            return false;
        }
        p.add_charged_gas(gas, frame_.fuel_per_gas);
        return true;
    }
    [[nodiscard]] SyscallOutcome result() const noexcept { return outcome_; }

    /// The action completed: `_exec` returns `code` and `output` becomes the return data.
    SyscallOutcome done(abi::ExitCode code, BytesView output)
    {
        frame_.resume_value = static_cast<int32_t>(code);
        frame_.return_data.assign(output.begin(), output.end());
        const PendingAction& p = frame_.pending;
        if (p.fuel_ptr != 0) {
            uint8_t* out = frame_.guest(p.fuel_ptr, abi::kFuelBufferSize)->data();
            write_u64(out, p.charged_fuel);
            write_u64(out + 8, 0);
        }
        return SyscallOutcome::kResume;
    }

    /// EIP-2929 account access: warms `address`, returns its price.
    uint64_t access_cost(const Address& address)
    {
        return state_.access_address(address) ? gas::kColdAccountAccess : gas::kWarmAccess;
    }

    Frame& frame() noexcept { return frame_; }
    JournaledState& state() noexcept { return state_; }

private:
    Frame& frame_;
    JournaledState& state_;
    SyscallOutcome outcome_ = SyscallOutcome::kEndFrame;
};

struct SstoreCost {
    uint64_t gas = 0;  ///< without the EIP-2929 cold surcharge
    int64_t refund = 0;
};

/// EIP-2200 with EIP-2929 prices and EIP-3529 refunds.
[[nodiscard]] SstoreCost sstore_cost(const Hash& original, const Hash& current, const Hash& value);

/// CODE_SIZE, CODE_HASH, CODE_COPY (syscall_code.cpp).
SyscallOutcome code_syscall(SyscallContext& s);

}  // namespace blend::execution
