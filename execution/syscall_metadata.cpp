// SPDX-License-Identifier: Apache-2.0
// The ownable-account syscalls (docs/abi.md §3, 0x40–0x46): how a runtime such as the EVM keeps
// its contracts' code (metadata) in accounts it owns.
#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/syscall_support.hpp"

#include <cstring>

namespace blend::execution {

using abi::ExitCode;
using abi::Syscall;

namespace {

/// A self-metered runtime loading the code it runs (the metadata of the frame's bytecode
/// address) pays nothing for it: the EVM charges nothing to load a contract's code beyond the
/// call's account access, which the caller already paid (docs/abi.md §7).
bool reads_own_code(const Frame& frame, const Address& target)
{
    return frame.self_metered && target == frame.msg.code_address;
}

}  // namespace

SyscallOutcome Executor::syscall_metadata(Frame& frame)
{
    SyscallContext s{frame, state_};
    const PendingAction& p = frame.pending;
    const BytesView in = p.input;
    switch (p.syscall) {
    case Syscall::kMetadataWrite: {
        if (frame.msg.is_static)
            return s.end(ExitCode::kStateChangeDuringStaticCall);
        if (in.size() < 20)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Address target = to_address(in.subspan(0, 20));
        const BytesView metadata = in.subspan(20);
        if (!s.charge(s.access_cost(target) + gas::kMetadataWrite +
                      gas::kCopyWord * gas::words(metadata.size())))
            return s.result();
        const CodePtr code = state_.code(target);
        // Only the runtime that owns the account may rewrite it.
        if (classify_code(*code) != CodeKind::kOwnable || ownable_owner(*code) != frame.runtime)
            return s.end(ExitCode::kMalformedBuiltinParams);
        state_.set_code(target, ownable_code(frame.runtime, metadata));
        return s.done(ExitCode::kOk, {});
    }
    case Syscall::kMetadataSize: {
        if (in.size() != 20)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Address target = to_address(in);
        const bool own = reads_own_code(frame, target);
        const bool cold = !own && state_.access_address(target);
        if (!own && !s.charge(cold ? gas::kColdAccountAccess : gas::kWarmAccess))
            return s.result();
        const CodePtr code = state_.code(target);
        const bool ownable = classify_code(*code) == CodeKind::kOwnable;
        const Account* a = state_.find(target);
        uint8_t out[7] = {};
        const auto size = static_cast<uint32_t>(ownable ? ownable_metadata(*code).size() : 0);
        out[0] = static_cast<uint8_t>(size >> 24);
        out[1] = static_cast<uint8_t>(size >> 16);
        out[2] = static_cast<uint8_t>(size >> 8);
        out[3] = static_cast<uint8_t>(size);
        out[4] = ownable && ownable_owner(*code) == frame.runtime ? 1 : 0;
        out[5] = cold ? 1 : 0;
        out[6] = a == nullptr || a->is_empty() ? 1 : 0;
        return s.done(ExitCode::kOk, BytesView(out, 7));
    }
    case Syscall::kMetadataCreate: {
        if (frame.msg.is_static)
            return s.end(ExitCode::kStateChangeDuringStaticCall);
        if (in.size() < 32)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const BytesView metadata = in.subspan(32);
        if (!s.charge(gas::kCreate + gas::kCopyWord * gas::words(metadata.size())))
            return s.result();
        const Address address = ownable_address(frame.runtime, to_hash(in.subspan(0, 32)));
        state_.access_address(address);
        if (!state_.can_create_at(address))
            return s.done(ExitCode::kCreateContractCollision, {});
        state_.set_nonce(address, 1);  // EIP-161: contracts start at nonce 1
        state_.set_code(address, ownable_code(frame.runtime, metadata));
        state_.mark_created(address);
        return s.done(ExitCode::kOk, address.view());
    }
    case Syscall::kMetadataCopy: {
        if (in.size() != 28)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Address target = to_address(in.subspan(0, 20));
        const uint32_t offset = read_u32(in.data() + 20);
        const uint32_t len = read_u32(in.data() + 24);
        if (len > abi::kMaxCodeCopySize)
            return s.end(ExitCode::kMalformedBuiltinParams);
        if (!reads_own_code(frame, target) &&
            !s.charge(s.access_cost(target) + gas::kCopyWord * gas::words(len)))
            return s.result();
        const CodePtr code = state_.code(target);
        const BytesView metadata =
            classify_code(*code) == CodeKind::kOwnable ? ownable_metadata(*code) : BytesView{};
        Bytes out(len, 0);
        if (offset < metadata.size())
            std::memcpy(out.data(), metadata.data() + offset,
                        std::min<size_t>(len, metadata.size() - offset));
        return s.done(ExitCode::kOk, out);
    }
    default: {  // kAccountOwner
        if (in.size() != 20)
            return s.end(ExitCode::kMalformedBuiltinParams);
        const Address target = to_address(in);
        if (!s.charge(s.access_cost(target)))
            return s.result();
        const CodePtr code = state_.code(target);
        const Address owner =
            classify_code(*code) == CodeKind::kOwnable ? ownable_owner(*code) : Address{};
        return s.done(ExitCode::kOk, owner.view());
    }
    }
}

}  // namespace blend::execution
