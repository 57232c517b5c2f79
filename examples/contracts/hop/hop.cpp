// SPDX-License-Identifier: Apache-2.0
// Hop: one link of a call chain that crosses VMs. The Solidity contract
// examples/contracts/solidity/Hop.sol has the same interface, so a chain may alternate between
// the two (docs/sdk.md, "Composability").
//   function ping(address[] path, uint256 n) returns (uint256)
//       hits += 1, last = n, emits Pinged(address indexed from, uint256 n); then with an empty
//       path returns n, otherwise calls path[0].ping(path[1:], n + 1) (a failure is re-raised
//       with the callee's revert data, as Solidity does) and returns n + 10 * its answer, with
//       Solidity 0.8's checked arithmetic (Panic(0x11) on overflow)
//   function hits() returns (uint256), function last() returns (uint256)
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr StorageU256 kHits{slot_number(0)};
constexpr StorageU256 kLast{slot_number(1)};
constexpr Bytes32 kPinged = sol::event_topic("Pinged(address,uint256)");
constexpr uint32_t kPing = sol::selector("ping(address[],uint256)");

/// The base of the answer: each hop's n is one decimal digit of it when every n is below 10.
constexpr uint64_t kRadix = 10;
/// The largest answer that can be multiplied by kRadix without overflowing 256 bits.
constexpr U256 kMaxInner = ~U256{0} / U256{kRadix};

U256 checked_add(const U256& a, const U256& b)
{
    const U256 r = a + b;
    if (r < a)
        revert(panic_data(kPanicArithmetic));
    return r;
}

U256 ping(sol::Array<Address> path, U256 n)
{
    kHits.set(kHits.get() + U256{1});
    kLast.set(n);
    const Bytes32 topics[] = {kPinged, sol::topic(caller())};
    emit_log(topics, sol::encode(n));
    if (path.count == 0)
        return n;
    const sol::Array<Address> rest{path.items + 1, path.count - 1};
    const U256 inner = sol_call_or_revert<U256>(path.items[0], kPing, rest, checked_add(n, 1));
    if (inner > kMaxInner)
        revert(panic_data(kPanicArithmetic));
    return checked_add(n, inner * U256{kRadix});
}

U256 hits()
{
    return kHits.get();
}

U256 last()
{
    return kLast.get();
}

using Hop =
    Router<Method<"ping(address[],uint256)", ping>, Method<"hits()", hits>, Method<"last()", last>>;

}  // namespace

BLEND_CONTRACT_MAIN()
{
    Hop::serve();
}
