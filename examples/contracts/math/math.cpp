// SPDX-License-Identifier: Apache-2.0
// Math: a Wasm contract with the Solidity ABI, called by Solidity contracts like any other
// (examples/contracts/solidity/MathUser.sol; docs/sdk.md, "Composability").
//   function square(uint256 x) returns (uint256)        reverts Error("math: overflow") if x*x
//                                                       does not fit in 256 bits
//   function sum(uint256[] xs) returns (uint256)         reverts Panic(0x11) on overflow
//   function checkedSub(uint256 a, uint256 b) returns (uint256)
//       counts the call in ops() and emits Subtracted(address indexed by, uint256 a, uint256 b)
//       *before* checking, then reverts Error("math: underflow") if a < b: a revert must take
//       the count and the log back with it
//   function ops() returns (uint256)                     successful checkedSub calls
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr StorageU256 kOps{slot_number(0)};
constexpr Bytes32 kSubtracted = sol::event_topic("Subtracted(address,uint256,uint256)");

/// x*x fits in 256 bits exactly when x < 2^128.
constexpr unsigned kSquareFreeBits = 128;

U256 square(U256 x)
{
    if (!(x >> kSquareFreeBits).is_zero())
        revert(sol::error_string(view_of("math: overflow")));
    return x * x;
}

U256 sum(sol::Array<U256> xs)
{
    U256 total{0};
    for (size_t i = 0; i < xs.count; ++i) {
        const U256 next = total + xs.items[i];
        if (next < total)
            revert(panic_data(kPanicArithmetic));
        total = next;
    }
    return total;
}

U256 checked_sub(U256 a, U256 b)
{
    kOps.set(kOps.get() + U256{1});
    const Bytes32 topics[] = {kSubtracted, sol::topic(caller())};
    emit_log(topics, sol::encode(a, b));
    if (a < b)
        revert(sol::error_string(view_of("math: underflow")));
    return a - b;
}

U256 ops()
{
    return kOps.get();
}

using Math = Router<Method<"square(uint256)", square>,
                    Method<"sum(uint256[])", sum>,
                    Method<"checkedSub(uint256,uint256)", checked_sub>,
                    Method<"ops()", ops>>;

}  // namespace

BLEND_CONTRACT_MAIN()
{
    Math::serve();
}
