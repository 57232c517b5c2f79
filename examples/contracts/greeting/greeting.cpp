// SPDX-License-Identifier: Apache-2.0
// Greeting: a string in storage, read and replaced through the Solidity ABI.
//   constructor(string initial)          (optional: without input the greeting is "Hello, Blend!")
//   function greet() returns (string)
//   function setGreeting(string greeting)
// The string lives at slot 0 in solc's layout, so `eth_getStorageAt(addr, 0)` shows it.
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr StorageBytes kGreeting{slot_number(0)};

sol::String greet()
{
    return {kGreeting.get()};
}

void set_greeting(sol::String greeting)
{
    kGreeting.set(greeting.view);
}

using Greeting = Router<Method<"greet()", greet>, Method<"setGreeting(string)", set_greeting>>;

}  // namespace

BLEND_CONTRACT_MAIN()
{
    Greeting::serve();
}

BLEND_CONTRACT_DEPLOY()
{
    const ByteView args = input();
    if (args.empty()) {
        kGreeting.set(view_of("Hello, Blend!"));
        return;
    }
    sol::Decoder dec(args);
    const auto initial = dec.next<sol::String>();
    if (!dec.ok())
        revert(sol::error_string(view_of(sol::to_string(dec.error()))));
    kGreeting.set(initial.view);
}
