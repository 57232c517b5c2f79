// SPDX-License-Identifier: Apache-2.0
// Typed calls to Solidity-ABI contracts in any VM (an EVM contract compiled by solc, another Wasm
// contract with a Router) and Solidity's way of re-raising a failed call. The callee's VM does not
// matter to the caller: every call is the CALL / STATIC_CALL syscall of docs/abi.md §3, and its
// answer is ABI-encoded return data (or revert data) either way.
//
//   const auto bal = sol_static_call<U256>(token, kBalanceOf, contract_address());
//   if (!bal.ok()) bubble(bal.raw);           // revert with the token's revert data
//   bool sent = sol_call_or_revert<bool>(token, kTransfer, to, amount);
#pragma once

#include "runtimes/sdk/host.hpp"
#include "runtimes/sdk/sol_abi.hpp"

namespace blend::sdk {

/// What a typed call returned: the raw result, and the decoded value when the call succeeded and
/// its return data decoded as R.
template <typename R>
struct SolReturn {
    CallResult raw;
    R value{};
    /// kNone when the call failed (nothing to decode) or the return data decoded.
    sol::AbiError decode_error = sol::AbiError::kNone;

    /// The call succeeded and its return data is a well-formed R.
    [[nodiscard]] bool ok() const noexcept
    {
        return raw.ok() && decode_error == sol::AbiError::kNone;
    }
};

namespace extcall_detail {

template <typename R>
SolReturn<R> decode_return(const CallResult& r) noexcept
{
    SolReturn<R> out;
    out.raw = r;
    if (r.ok()) {
        sol::Decoder dec(r.data);
        out.value = dec.next<R>();
        out.decode_error = dec.error();
    }
    return out;
}

}  // namespace extcall_detail

/// Re-raises a failed call the way solc-generated code does: revert with the callee's return data
/// (its revert data after a revert, whatever the STF returned after another failure), so that
/// the callee's error reaches the outermost caller unchanged. Returns when `r` succeeded.
inline void bubble(const CallResult& r) noexcept
{
    if (!r.ok())
        revert(r.data);
}

/// CALL `to` with `selector(args...)` and no value; decodes the answer as R.
template <typename R, typename... Args>
SolReturn<R> sol_call(const Address& to, uint32_t selector, const Args&... args) noexcept
{
    return extcall_detail::decode_return<R>(call(to, U256{0}, sol::encode_call(selector, args...)));
}

/// STATIC_CALL `to` with `selector(args...)` (a Solidity `view` function); decodes the answer as R.
template <typename R, typename... Args>
SolReturn<R> sol_static_call(const Address& to, uint32_t selector, const Args&... args) noexcept
{
    return extcall_detail::decode_return<R>(static_call(to, sol::encode_call(selector, args...)));
}

/// What Solidity's `to.f(args)` does: the decoded answer, or the callee's revert data re-raised;
/// return data that does not decode as R reverts with empty data (solc's ABI decoder does too).
template <typename R, typename... Args>
R sol_call_or_revert(const Address& to, uint32_t selector, const Args&... args) noexcept
{
    const SolReturn<R> r = sol_call<R>(to, selector, args...);
    bubble(r.raw);
    if (r.decode_error != sol::AbiError::kNone)
        revert();
    return r.value;
}

/// The `view` variant of sol_call_or_revert (STATIC_CALL).
template <typename R, typename... Args>
R sol_static_call_or_revert(const Address& to, uint32_t selector, const Args&... args) noexcept
{
    const SolReturn<R> r = sol_static_call<R>(to, selector, args...);
    bubble(r.raw);
    if (r.decode_error != sol::AbiError::kNone)
        revert();
    return r.value;
}

/// Solidity's `Panic(uint256)` revert data (solc: 0x11 arithmetic overflow or underflow, 0x12
/// division by zero, 0x32 array index out of bounds; "Panic via assert and Error via require").
inline ByteView panic_data(uint64_t code) noexcept
{
    constexpr uint32_t kPanicSelector = sol::selector("Panic(uint256)");
    return sol::encode_call(kPanicSelector, U256{code});
}

/// Solidity 0.8's panic code for checked arithmetic that overflows or underflows.
inline constexpr uint64_t kPanicArithmetic = 0x11;

}  // namespace blend::sdk
