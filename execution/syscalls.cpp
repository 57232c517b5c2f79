// SPDX-License-Identifier: Apache-2.0
// `_exec` (docs/abi.md §2) and the syscalls that complete at once (§3). Calls and creates are in
// syscall_call.cpp, the ownable-account syscalls in syscall_metadata.cpp.
#include "execution/executor.hpp"
#include "execution/frame.hpp"
#include "execution/gas.hpp"
#include "execution/host_gas.hpp"
#include "execution/syscall_support.hpp"
#include "rwasm/limits.hpp"

#include <cstring>

namespace blend::execution {

using abi::ExitCode;
using abi::Syscall;
using rwasm::HostStatus;

// The ABI's ceiling on a copy out of guest memory is a frame's largest linear memory.
static_assert(abi::kMaxFrameMemoryBytes == uint64_t{rwasm::kMaxMemoryPages} * rwasm::kPageSize);

namespace {

bool known_syscall(uint8_t number)
{
    switch (number) {
#define BLEND_ABI_CASE(name, num, is_state_change) case num:
        BLEND_ABI_SYSCALLS(BLEND_ABI_CASE)
#undef BLEND_ABI_CASE
        return true;
    default:
        return false;
    }
}

}  // namespace

HostStatus Executor::exec_host(Frame& frame, std::span<const uint64_t> params)
{
    const uint64_t id_ptr = frame.pointer(params[0]);
    const uint64_t in_ptr = frame.pointer(params[1]);
    const auto in_len = static_cast<uint32_t>(params[2]);
    const uint64_t fuel_ptr = frame.pointer(params[3]);
    const auto state = static_cast<uint32_t>(params[4]);
    auto end = [&frame](ExitCode code) {
        frame.exit_code = static_cast<int32_t>(code);
        return HostStatus::kTrap;
    };
    // The input limit grows with the frame's gas (docs/abi.md §2, "Size limits"): a LOG or CALL
    // of any size the EVM's memory gas allows is accepted, and the copy is bounded by gas paid.
    if (state != 0 || in_len > abi::max_syscall_input_size(frame_gas_limit(frame)))
        return end(ExitCode::kMalformedBuiltinParams);
    // The copy out of guest memory is paid before it happens (by user code: a self-metered
    // system runtime pays only the action's gas, docs/abi.md §5).
    if (!frame.self_metered &&
        !frame.charge_gas(host_gas::kCopyBase + gas::kCopyWord * gas::words(in_len)))
        return HostStatus::kTrap;
    const auto id_range = frame.guest(id_ptr, abi::kSyscallIdSize);
    const auto in_range = frame.guest(in_ptr, in_len);
    const auto fuel_range = fuel_ptr != 0 ? frame.guest(fuel_ptr, abi::kFuelBufferSize)
                                          : std::optional<std::span<uint8_t>>(std::span<uint8_t>());
    if (!id_range || !in_range || !fuel_range)
        return end(ExitCode::kMemoryOutOfBounds);
    const uint8_t* id = id_range->data();
    for (size_t i = 0; i + 2 < abi::kSyscallIdSize; ++i)
        if (id[i] != 0)
            return end(ExitCode::kMalformedBuiltinParams);
    if (id[30] != abi::kAbiVersion || !known_syscall(id[31]))
        return end(ExitCode::kMalformedBuiltinParams);

    PendingAction& p = frame.pending;
    p.syscall = static_cast<Syscall>(id[31]);
    p.input.assign(in_range->begin(), in_range->end());
    p.fuel_ptr = fuel_ptr;
    p.fuel_limit = fuel_ptr != 0 ? read_u64(fuel_range->data()) : ~uint64_t{0};
    p.charged_fuel = 0;
    return HostStatus::kSuspend;
}

SyscallOutcome Executor::syscall(Frame& frame)
{
    PendingAction& p = frame.pending;
    SyscallContext s{frame, state_};
    const BytesView in = p.input;
    const Address& self = frame.msg.recipient;
    switch (p.syscall) {
    case Syscall::kStorageRead: {
        if (in.size() != 32)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Hash slot = to_hash(in);
        const bool cold = state_.access_slot(self, slot);
        if (!s.charge(cold ? gas::kColdSload : gas::kWarmAccess))
            return s.result();
        const Hash value = state_.storage(self, slot);
        return s.done(ExitCode::kOk, value.view());
    }
    case Syscall::kStorageWrite: {
        if (frame.msg.is_static)
            return s.end(ExitCode::kStateChangeDuringStaticCall);
        if (in.size() != 64)
            return s.end(ExitCode::kMalformedBuiltinParams);
        // EIP-2200: SSTORE fails when no more than the call stipend is left.
        if (!frame.fuel_remaining_above(gas::kSstoreStipend * frame.fuel_per_gas))
            return s.end(ExitCode::kOutOfFuel);
        const Hash slot = to_hash(in.subspan(0, 32));
        const Hash value = to_hash(in.subspan(32, 32));
        const bool cold = state_.access_slot(self, slot);
        const Hash original = state_.original_storage(self, slot);
        const Hash current = state_.storage(self, slot);
        const SstoreCost cost = sstore_cost(original, current, value);
        if (!s.charge(cost.gas + (cold ? gas::kColdSload : 0)))
            return s.result();
        if (cost.refund != 0)
            state_.add_refund(cost.refund);
        if (current != value)
            state_.set_storage(self, slot, value);
        return s.done(ExitCode::kOk, {});
    }
    case Syscall::kCall:
    case Syscall::kStaticCall:
    case Syscall::kCallCode:
    case Syscall::kDelegateCall:
        return syscall_call(frame);
    case Syscall::kCreate:
    case Syscall::kCreate2:
        return syscall_create(frame);
    case Syscall::kEmitLog: {
        if (frame.msg.is_static)
            return s.end(ExitCode::kStateChangeDuringStaticCall);
        if (in.empty() || in[0] > kMaxLogTopics || in.size() < 1 + 32u * in[0])
            return s.end(ExitCode::kMalformedBuiltinParams);
        const size_t n = in[0];
        const BytesView data = in.subspan(1 + 32 * n);
        if (!s.charge(gas::kLog + gas::kLogTopic * n + gas::kLogData * data.size()))
            return s.result();
        Log log;
        log.address = self;
        for (size_t i = 0; i < n; ++i)
            log.topics.push_back(to_hash(in.subspan(1 + 32 * i, 32)));
        log.data.assign(data.begin(), data.end());
        state_.add_log(std::move(log));
        return s.done(ExitCode::kOk, {});
    }
    case Syscall::kDestroyAccount: {
        if (frame.msg.is_static)
            return s.end(ExitCode::kStateChangeDuringStaticCall);
        if (in.size() != 20)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Address beneficiary = to_address(in);
        const bool cold = state_.access_address(beneficiary);
        const U256 balance = state_.get(self).balance;
        uint64_t cost = gas::kSelfDestruct + (cold ? gas::kColdAccountAccess : 0);
        const Account* b = state_.find(beneficiary);
        if (!balance.is_zero() && (b == nullptr || b->is_empty()))
            cost += gas::kNewAccount;
        if (!s.charge(cost))
            return s.result();
        // EIP-6780: the balance always moves; the account is deleted only when it was created
        // in this transaction (then a self-beneficiary burns the balance).
        if (beneficiary != self)
            (void)state_.transfer(self, beneficiary, balance);
        if (state_.created_in_tx(self)) {
            state_.set_balance(self, 0);
            state_.mark_destroyed(self);
        }
        return s.done(ExitCode::kOk, {});
    }
    case Syscall::kBalance: {
        if (in.size() != 20)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Address who = to_address(in);
        if (!s.charge(s.access_cost(who)))
            return s.result();
        return s.done(ExitCode::kOk, to_hash(state_.get(who).balance).view());
    }
    case Syscall::kSelfBalance:
        if (!in.empty())
            return s.end(ExitCode::kMalformedBuiltinParams);
        if (!s.charge(gas::kSelfBalance))
            return s.result();
        return s.done(ExitCode::kOk, to_hash(state_.get(self).balance).view());
    case Syscall::kCodeSize:
    case Syscall::kCodeHash:
    case Syscall::kCodeCopy:
        return code_syscall(s);
    case Syscall::kTransientRead: {
        if (in.size() != 32)
            return s.end(ExitCode::kMalformedBuiltinParams);
        if (!s.charge(gas::kTransient))
            return s.result();
        return s.done(ExitCode::kOk, state_.transient(self, to_hash(in)).view());
    }
    case Syscall::kTransientWrite: {
        if (frame.msg.is_static)
            return s.end(ExitCode::kStateChangeDuringStaticCall);
        if (in.size() != 64)
            return s.end(ExitCode::kMalformedBuiltinParams);
        if (!s.charge(gas::kTransient))
            return s.result();
        state_.set_transient(self, to_hash(in.subspan(0, 32)), to_hash(in.subspan(32, 32)));
        return s.done(ExitCode::kOk, {});
    }
    case Syscall::kBlockHash: {
        if (in.size() != 8)
            return s.end(ExitCode::kMalformedBuiltinParams);
        if (!s.charge(gas::kBlockHash))
            return s.result();
        const uint64_t number = read_u64(in.data());
        Hash h;
        if (number < block_.number && block_.number - number <= gas::kBlockHashWindow)
            h = state_.block_hash_of(number);
        return s.done(ExitCode::kOk, h.view());
    }
    case Syscall::kMetadataWrite:
    case Syscall::kMetadataSize:
    case Syscall::kMetadataCreate:
    case Syscall::kMetadataCopy:
    case Syscall::kAccountOwner:
        return syscall_metadata(frame);
    }
    return s.end(ExitCode::kMalformedBuiltinParams);
}

}  // namespace blend::execution
