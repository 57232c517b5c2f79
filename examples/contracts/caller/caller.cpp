// SPDX-License-Identifier: Apache-2.0
// Caller: calls another contract (the counter example) and returns what it answered.
//   function incrementOther(address counter) returns (uint256)  counter.increment(), its result
//   function readOther(address counter) returns (uint256)       counter.get() by STATIC_CALL
// A revert of the counter is re-raised with its revert data, as Solidity does by default.
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr uint32_t kIncrement = sol::selector("increment()");
constexpr uint32_t kGet = sol::selector("get()");

U256 answer_of(const CallResult& r)
{
    if (!r.ok())
        revert(r.data);
    sol::Decoder dec(r.data);
    const U256 value = dec.next<U256>();
    if (!dec.ok())
        revert(sol::error_string(view_of("caller: counter returned a malformed uint256")));
    return value;
}

U256 increment_other(Address counter)
{
    return answer_of(call(counter, U256{0}, sol::encode_call(kIncrement)));
}

U256 read_other(Address counter)
{
    return answer_of(static_call(counter, sol::encode_call(kGet)));
}

using Caller = Router<Method<"incrementOther(address)", increment_other>,
                      Method<"readOther(address)", read_other>>;

}  // namespace

BLEND_CONTRACT_MAIN()
{
    Caller::serve();
}
