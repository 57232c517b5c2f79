// SPDX-License-Identifier: Apache-2.0
// A selector router for Solidity-ABI contracts: each method is a signature plus a plain C++
// function whose parameter types name the ABI types (see sol_abi.hpp). Selectors are computed at
// compile time, and two methods with one selector do not compile.
//
//   U256 total_supply() { ... }
//   bool transfer(Address to, U256 amount) { ... }
//   using Erc20 = sdk::Router<sdk::Method<"totalSupply()", total_supply>,
//                             sdk::Method<"transfer(address,uint256)", transfer>>;
//   BLEND_CONTRACT_MAIN() { Erc20::serve(); }
#pragma once

#include "runtimes/sdk/host.hpp"
#include "runtimes/sdk/sol_abi.hpp"

namespace blend::sdk {

namespace router_detail {

template <size_t... I>
struct Indices {};

template <size_t N, size_t... I>
struct MakeIndices : MakeIndices<N - 1, N - 1, I...> {};

template <size_t... I>
struct MakeIndices<0, I...> {
    using Type = Indices<I...>;
};

template <typename T>
struct Decay {
    using Type = T;
};
template <typename T>
struct Decay<const T&> {
    using Type = T;
};
template <typename T>
struct Decay<const T> {
    using Type = T;
};

constexpr uint32_t selector_of(const Bytes32& h) noexcept
{
    return (static_cast<uint32_t>(h.bytes[0]) << 24) | (static_cast<uint32_t>(h.bytes[1]) << 16) |
           (static_cast<uint32_t>(h.bytes[2]) << 8) | h.bytes[3];
}

}  // namespace router_detail

/// Why a call could not be routed.
enum class RouteError : uint8_t {
    kNone = 0,
    kNoSelector,  ///< calldata shorter than 4 bytes
    kNoMethod,    ///< no method has this selector
    kBadArguments,
};

constexpr const char* to_string(RouteError e) noexcept
{
    switch (e) {
    case RouteError::kNone:
        return "no error";
    case RouteError::kNoSelector:
        return "router: calldata shorter than a selector";
    case RouteError::kNoMethod:
        return "router: unknown selector";
    case RouteError::kBadArguments:
        return "router: arguments do not decode";
    }
    return "router: unknown error";
}

/// One routed method: its canonical signature and the function that implements it.
template <sol::Signature Sig, auto Fn>
struct Method {
    static constexpr uint32_t kSelector = router_detail::selector_of(Sig.hash());

    /// Decodes the arguments from `args` (calldata after the selector), calls Fn, and encodes its
    /// result (nothing for void) into `out`.
    static RouteError run(ByteView args, ByteView& out) noexcept { return run_fn(Fn, args, out); }

private:
    template <typename R, typename... Args>
    static RouteError run_fn(R (*fn)(Args...), ByteView args, ByteView& out) noexcept
    {
        return run_indexed(fn, args, out,
                           typename router_detail::MakeIndices<sizeof...(Args)>::Type{});
    }

    template <typename R, typename... Args, size_t... I>
    static RouteError run_indexed(R (*fn)(Args...),
                                  ByteView args,
                                  ByteView& out,
                                  router_detail::Indices<I...>) noexcept
    {
        const sol::Decoder dec(args);
        (void)dec;  // unused by methods without parameters
        // The arguments are decoded into the parameters of a lambda (one per Fn parameter, in
        // order), then Fn is called with them; a decode error skips the call.
        auto decode_and_call = [&](typename router_detail::Decay<Args>::Type... values) {
            bool ok = true;
            ((ok = ok && dec.get(I, values) == sol::AbiError::kNone), ...);
            if (!ok)
                return RouteError::kBadArguments;
            if constexpr (__is_same(R, void)) {
                fn(values...);
                out = {};
            } else {
                out = sol::encode(fn(values...));
            }
            return RouteError::kNone;
        };
        return decode_and_call(typename router_detail::Decay<Args>::Type{}...);
    }
};

/// Dispatches on the selector to one of Methods.
template <typename... Methods>
struct Router {
    static_assert(
        [] {
            constexpr uint32_t selectors[] = {Methods::kSelector..., 0};
            for (size_t i = 0; i < sizeof...(Methods); ++i) {
                for (size_t j = i + 1; j < sizeof...(Methods); ++j) {
                    if (selectors[i] == selectors[j])
                        return false;
                }
            }
            return true;
        }(),
        "two methods of one router share a selector");

    /// Routes `calldata`; on success `out` is the encoded result. Pure (no host calls) apart from
    /// what the methods themselves do.
    static RouteError route(ByteView calldata, ByteView& out) noexcept
    {
        if (calldata.size < 4)
            return RouteError::kNoSelector;
        const uint32_t sel = load_be32(calldata.data);
        const ByteView args{calldata.data + 4, calldata.size - 4};
        RouteError result = RouteError::kNoMethod;
        (void)((sel == Methods::kSelector ? (result = Methods::run(args, out), true) : false) ||
               ...);
        return result;
    }

    /// The contract entry: routes the frame's input, returns the result or reverts with empty data
    /// (as solc does for an unknown selector without fallback, and for undecodable arguments).
    static void serve() noexcept
    {
        ByteView out;
        if (route(input(), out) != RouteError::kNone)
            revert();
        finish(out);
    }
};

}  // namespace blend::sdk
