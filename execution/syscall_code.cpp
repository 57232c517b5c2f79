// SPDX-License-Identifier: Apache-2.0
// SSTORE pricing and the code-inspection syscalls.
#include "execution/account_code.hpp"
#include "execution/syscall_support.hpp"

#include <cstring>

namespace blend::execution {

using abi::ExitCode;
using abi::Syscall;

SstoreCost sstore_cost(const Hash& original, const Hash& current, const Hash& value)
{
    constexpr auto kClears = static_cast<int64_t>(gas::kSstoreClearsRefund);
    SstoreCost c;
    if (current == value) {
        c.gas = gas::kWarmAccess;  // EIP-2200 no-op
        return c;
    }
    if (original == current) {
        c.gas = original.is_zero() ? gas::kSstoreSet : gas::kSstoreReset;
        if (!original.is_zero() && value.is_zero())
            c.refund = kClears;
        return c;
    }
    c.gas = gas::kWarmAccess;  // dirty slot
    if (!original.is_zero()) {
        if (current.is_zero())
            c.refund -= kClears;
        else if (value.is_zero())
            c.refund += kClears;
    }
    if (original == value) {
        c.refund += original.is_zero() ? static_cast<int64_t>(gas::kSstoreSet - gas::kWarmAccess)
                                       : static_cast<int64_t>(gas::kSstoreReset - gas::kWarmAccess);
    }
    return c;
}

SyscallOutcome code_syscall(SyscallContext& s)
{
    const PendingAction& p = s.frame().pending;
    const BytesView in = p.input;
    const size_t expected = p.syscall == Syscall::kCodeCopy ? 36 : 20;
    if (in.size() != expected)
        return s.end(ExitCode::kMalformedBuiltinParams);
    const Address who = to_address(in.subspan(0, 20));
    uint64_t offset = 0;
    uint64_t len = 0;
    uint64_t cost = s.access_cost(who);
    if (p.syscall == Syscall::kCodeCopy) {
        offset = read_u64(in.data() + 20);
        len = read_u64(in.data() + 28);
        if (len > abi::kMaxCodeCopySize)
            return s.end(ExitCode::kMalformedBuiltinParams);
        cost += gas::kCopyWord * gas::words(len);
    }
    if (!s.charge(cost))
        return s.result();
    JournaledState& state = s.state();
    const CodePtr code = state.code(who);
    // An ownable account presents its metadata, an EVM contract its EVM code, as EXTCODE*
    // would see it (docs/abi.md §3, §7).
    const BytesView view = visible_code(*code);
    switch (p.syscall) {
    case Syscall::kCodeSize: {
        uint8_t out[8];
        write_u64(out, view.size());
        return s.done(ExitCode::kOk, BytesView(out, 8));
    }
    case Syscall::kCodeHash: {
        // EIP-1052: zero for an account that does not exist or is empty (EIP-161).
        const Account* a = state.find(who);
        if (a == nullptr || a->is_empty())
            return s.done(ExitCode::kOk, Hash{}.view());
        return s.done(ExitCode::kOk, keccak256(view).view());
    }
    default: {
        Bytes out(len, 0);
        if (offset < view.size()) {
            const uint64_t n = std::min<uint64_t>(len, view.size() - offset);
            std::memcpy(out.data(), view.data() + offset, n);
        }
        return s.done(ExitCode::kOk, out);
    }
    }
}

}  // namespace blend::execution
