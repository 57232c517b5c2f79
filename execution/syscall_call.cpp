// SPDX-License-Identifier: Apache-2.0
// CALL, STATIC_CALL, CALL_CODE, DELEGATE_CALL, CREATE, CREATE2 (docs/abi.md §3): charge the
// action, size the child's gas (EIP-150), and start the child message. A child that cannot start
// (depth, balance, precompile, empty account) completes at once; otherwise the frame waits for it.
#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/syscall_support.hpp"
#include "rwasm/limits.hpp"

namespace blend::execution {

using abi::ExitCode;
using abi::Syscall;

namespace {

/// EIP-150: all but one 64th of `available` gas, capped by the action's fuel limit if it has one,
/// which for calls and creates bounds the child's gas only (docs/abi.md §2; the EVM's CALL gas
/// operand).
uint64_t child_gas(uint64_t available, const Frame& frame)
{
    const uint64_t gas = available - available / gas::kCallGasFraction;
    const PendingAction& p = frame.pending;
    return p.fuel_ptr != 0 ? std::min(gas, p.fuel_limit / frame.fuel_per_gas) : gas;
}

}  // namespace

SyscallOutcome Executor::syscall_call(Frame& frame)
{
    SyscallContext s{frame, state_};
    const PendingAction& p = frame.pending;
    const BytesView in = p.input;
    const bool has_value = p.syscall == Syscall::kCall || p.syscall == Syscall::kCallCode;
    const size_t header = has_value ? 52 : 20;
    if (in.size() < header)
        return s.end(ExitCode::kMalformedBuiltinParams);
    const Address target = to_address(in.subspan(0, 20));
    const U256 value = has_value ? U256::from_be_bytes(in.data() + 20, 32) : U256{};
    if (p.syscall == Syscall::kCall && frame.msg.is_static && !value.is_zero())
        return s.end(ExitCode::kStateChangeDuringStaticCall);

    uint64_t cost = s.access_cost(target);
    const CodePtr code = state_.code(target);
    if (classify_code(*code) == CodeKind::kDelegation)
        cost += s.access_cost(delegation_target(*code));  // EIP-7702: the delegate is accessed
    uint64_t stipend = 0;
    if (!value.is_zero()) {
        cost += gas::kCallValue;
        stipend = gas::kCallStipend;
        const Account* a = state_.find(target);
        if (p.syscall == Syscall::kCall && (a == nullptr || a->is_empty()))
            cost += gas::kNewAccount;
    }
    // The whole cost must be affordable; the stipend part is then given to the child instead of
    // being burnt, which is what the EVM's "charge 9000, add 2300 to the callee" amounts to.
    if (cost > frame.gas_remaining()) {
        (void)frame.charge_gas(cost);
        return s.end(ExitCode::kOutOfFuel);
    }
    // The call's own costs are checked against the frame's fuel above, not against the action's
    // limit (it caps the child's gas only).
    (void)frame.charge_gas(cost - stipend);
    frame.pending.add_charged_gas(cost - stipend, frame.fuel_per_gas);
    const uint64_t gas = child_gas(frame.gas_remaining() - stipend, frame) + stipend;

    Message m;
    m.depth = frame.msg.depth + 1;
    m.is_static = frame.msg.is_static || p.syscall == Syscall::kStaticCall;
    m.caller = frame.msg.recipient;
    m.recipient = target;
    m.code_address = target;
    m.value = value;
    m.transfer = !value.is_zero();
    switch (p.syscall) {
    case Syscall::kCall:
        m.kind = CallKind::kCall;
        break;
    case Syscall::kStaticCall:
        m.kind = CallKind::kStaticCall;
        break;
    case Syscall::kCallCode:
        m.kind = CallKind::kCallCode;
        m.recipient = frame.msg.recipient;
        break;
    default:
        m.kind = CallKind::kDelegateCall;
        m.caller = frame.msg.caller;
        m.recipient = frame.msg.recipient;
        m.value = frame.msg.value;
        m.transfer = false;
        break;
    }
    // The calldata moves out of the syscall input (dead once the child starts) rather than being
    // copied: one host copy per frame in flight, not two (kInFlightBytesPerGas counts on it).
    m.input = std::move(frame.pending.input);
    frame.pending.input.clear();
    m.input.erase(m.input.begin(), m.input.begin() + static_cast<std::ptrdiff_t>(header));
    m.gas = gas;
    if (auto immediate = begin(std::move(m))) {
        deliver(std::move(*immediate));
        return SyscallOutcome::kResume;
    }
    return SyscallOutcome::kChild;
}

SyscallOutcome Executor::syscall_create(Frame& frame)
{
    SyscallContext s{frame, state_};
    const PendingAction& p = frame.pending;
    const BytesView in = p.input;
    const bool is_create2 = p.syscall == Syscall::kCreate2;
    if (frame.msg.is_static)
        return s.end(ExitCode::kStateChangeDuringStaticCall);
    const size_t header = is_create2 ? 64 : 32;
    if (in.size() < header)
        return s.end(ExitCode::kMalformedBuiltinParams);
    const U256 value = U256::from_be_bytes(in.data(), 32);
    const BytesView init = in.subspan(header);
    // EIP-3860 for EVM init code; Wasm init code has the compiler's own bound (docs/abi.md §7).
    const uint64_t max_init =
        route_init_code(init) == InitCodeRoute::kWasm ? rwasm::kMaxWasmSize : gas::kMaxInitCodeSize;
    if (init.size() > max_init)
        return s.end(ExitCode::kCreateContractSizeLimit);
    const uint64_t words = gas::words(init.size());
    uint64_t cost = gas::kCreate + gas::kInitCodeWord * words;
    if (is_create2)
        cost += gas::kKeccakWord * words;  // EIP-1014: hashing the init code
    if (!s.charge(cost))
        return s.result();

    const Address& self = frame.msg.recipient;
    const uint64_t nonce = state_.get(self).nonce;
    const Address address =
        is_create2 ? create2_address(self, to_hash(in.subspan(32, 32)), keccak256(init))
                   : create_address(self, nonce);
    // EIP-2929: the new address is warm in the creating frame from here on, whether or not the
    // create starts or succeeds (only a revert of this frame undoes it), as the execution specs'
    // generic_create warms it before the depth, balance and nonce checks.
    state_.access_address(address);
    if (frame.msg.depth + 1 > kMaxCallDepth)
        return s.done(ExitCode::kCallDepthOverflow, {});
    if (state_.get(self).balance < value)
        return s.done(ExitCode::kInsufficientBalance, {});
    if (nonce == ~uint64_t{0})  // EIP-2681
        return s.done(ExitCode::kCreateContractCollision, {});
    state_.set_nonce(self, nonce + 1);

    Message m;
    m.kind = is_create2 ? CallKind::kCreate2 : CallKind::kCreate;
    m.depth = frame.msg.depth + 1;
    m.caller = self;
    m.recipient = address;
    m.code_address = m.recipient;
    m.value = value;
    m.transfer = true;
    m.input.assign(init.begin(), init.end());
    m.gas = child_gas(frame.gas_remaining(), frame);
    if (auto immediate = begin(std::move(m))) {
        deliver(std::move(*immediate));
        return SyscallOutcome::kResume;
    }
    return SyscallOutcome::kChild;
}

}  // namespace blend::execution
