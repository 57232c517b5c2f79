// SPDX-License-Identifier: Apache-2.0
// Counter: a uint256 at slot 0.
//   function increment() returns (uint256)   emits Incremented(address indexed by, uint256 value)
//   function get() returns (uint256)
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr StorageU256 kCount{slot_number(0)};
constexpr Bytes32 kIncremented = sol::event_topic("Incremented(address,uint256)");

U256 increment()
{
    const U256 value = kCount.get() + U256{1};
    kCount.set(value);
    const Bytes32 topics[] = {kIncremented, sol::topic(caller())};
    emit_log(topics, sol::encode(value));
    return value;
}

U256 get()
{
    return kCount.get();
}

using Counter = Router<Method<"increment()", increment>, Method<"get()", get>>;

}  // namespace

BLEND_CONTRACT_MAIN()
{
    Counter::serve();
}
