// SPDX-License-Identifier: Apache-2.0
// Gas near the u64 limit (docs/abi.md §5, docs/execution.md §Fuel): Ethereum's gas is a u64, so a
// frame may be given up to 2^64 − 1 gas (ethereum/tests' static_LoopCallsDepthThenRevert2/3 use a
// transaction gas limit of 0x7fe0000000000001). A self-metered frame (the EVM runtime) counts its
// fuel in gas; a metered frame's gas × kFuelPerGas fuel may exceed a u64 and is held exactly as
// its counter plus a gas reserve (execution/frame.hpp). Every expected figure below follows from
// the Yellow Paper / EIP-150 arithmetic written next to it, not from running our code.
#include "core/hex.hpp"
#include "execution/account_code.hpp"
#include "execution/frame.hpp"
#include "execution/gas.hpp"
#include "execution/native_runtime.hpp"
#include "tests/execution/stf_test_support.hpp"

#include <limits>

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

/// GAS PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns the gas left after GAS.
/// Gas: GAS 2, PUSH1 3, MSTORE 3 + memory 3 (one word), PUSH1 3, PUSH1 3, RETURN 0 = 17.
Bytes gas_runtime()
{
    return hex("0x5a60005260206000f3");
}
constexpr uint64_t kGasRuntimeGas = 17;

/// CALL(GAS, target, 0, 0, 0, 0, 32); POP; RETURN(0, 32): returns the callee's 32-byte answer.
Bytes call_all_runtime(const Address& target)
{
    Bytes code =
        hex("0x60206000600060006000"  // retSize 32, retOffset 0, argsSize 0, argsOffset 0,
            "73");                    // value 0, PUSH20 target
    append(code, target.view());
    append(code, hex("0x5af1"         // GAS CALL
                     "50"             // POP
                     "60206000f3"));  // RETURN(0, 32)
    return code;
}

/// EIP-150: all but one 64th.
constexpr uint64_t all_but_64th(uint64_t g)
{
    return g - g / 64;
}

struct GasEnv {
    Env env;
    explicit GasEnv(RuntimeStrategy s)
    {
        const BytesView artifact = evm_runtime_artifact();
        REQUIRE_FALSE(artifact.empty());
        env.pre.set_code(kEvmRuntimeAddress, Bytes(artifact.begin(), artifact.end()));
        env.limits.runtime_strategy = s;
    }
};

/// A frame over wat/host.wat's module (any module: only the fuel counter is used).
struct TestFrame {
    ModulePtr module;
    Frame frame;
    explicit TestFrame(bool self_metered)
    {
        auto compiled = compile_wasm_contract(read_wasm("host"));
        REQUIRE(compiled.has_value());
        module = compiled->module;
        frame.vm = std::make_unique<rwasm::Vm>(module->module);
        frame.self_metered = self_metered;
    }
};

}  // namespace

TEST_CASE("gas_to_fuel and fuel_to_gas at the u64 edges", "[stf][gas][fuel]")
{
    static_assert(kFuelPerGas == 4);
    CHECK(gas_to_fuel(0) == 0);
    CHECK(gas_to_fuel(1) == 4);
    // The largest gas whose fuel fits: ⌊(2^64 − 1) / 4⌋ = 2^62 − 1 → 2^64 − 4.
    CHECK(gas_to_fuel((uint64_t{1} << 62) - 1) == kMax - 3);
    // Beyond it the conversion saturates (the frame keeps the rest as a gas reserve instead).
    CHECK(gas_to_fuel(uint64_t{1} << 62) == kMax);
    CHECK(gas_to_fuel(kMax) == kMax);
    // fuel_to_gas rounds up: a started gas unit is used.
    CHECK(fuel_to_gas(0) == 0);
    CHECK(fuel_to_gas(1) == 1);
    CHECK(fuel_to_gas(4) == 1);
    CHECK(fuel_to_gas(5) == 2);
    CHECK(fuel_to_gas(kMax - 3) == (uint64_t{1} << 62) - 1);
    CHECK(fuel_to_gas(kMax) == uint64_t{1} << 62);  // ⌈(2^64 − 1) / 4⌉, no overflow
}

TEST_CASE("a metered frame holds more than 2^62 gas exactly (counter + gas reserve)",
          "[stf][gas][fuel]")
{
    TestFrame t(false);
    Frame& f = t.frame;
    f.set_gas(kMax);
    CHECK(f.fuel_per_gas == kFuelPerGas);
    // The counter holds 2^62 − 1 gas as 2^64 − 4 fuel; the rest, 2^64 − 2^62 = 3 · 2^62, waits.
    CHECK(f.reserve_gas == 3 * (uint64_t{1} << 62));
    CHECK(f.gas_remaining() == kMax);
    CHECK(f.fuel_remaining() == kMax);         // 4 · (2^64 − 1) saturates in a u64
    CHECK(f.fuel_remaining_above(kMax - 1));   // but the comparison is exact
    CHECK(f.fuel_remaining_above(kMax));       // 4 · (2^64 − 1) > 2^64 − 1
    REQUIRE(f.charge_gas(uint64_t{1} << 63));  // comes out of the reserve first
    CHECK(f.gas_remaining() == (uint64_t{1} << 63) - 1);
    CHECK(f.reserve_gas == uint64_t{1} << 62);
    // 6 fuel: one whole gas from the reserve, 2 fuel from the counter. Fuel left:
    // 4 · (2^63 − 1) − 6 = 4 · (2^63 − 3) + 2 → 2^63 − 3 whole gas.
    REQUIRE(f.charge_fuel(6));
    CHECK(f.gas_remaining() == (uint64_t{1} << 63) - 3);
    CHECK(f.reserve_gas == (uint64_t{1} << 62) - 1);
    // One more gas than is left: everything is spent.
    CHECK_FALSE(f.charge_gas(f.gas_remaining() + 1));
    CHECK(f.gas_remaining() == 0);
    CHECK(f.fuel_remaining() == 0);
    CHECK(f.reserve_gas == 0);
}

TEST_CASE(
    "a metered frame's raw fuel charge borrows a gas from the reserve when the counter is low",
    "[stf][gas][fuel]")
{
    TestFrame t(false);
    Frame& f = t.frame;
    f.set_gas((uint64_t{1} << 62) + 5);  // counter 2^64 − 4 fuel, reserve 6 gas
    REQUIRE(f.reserve_gas == 6);
    // Instructions drain the counter (the VM charges it directly) down to 1 fuel.
    REQUIRE(f.vm->charge_fuel(kMax - 4));
    CHECK(f.gas_remaining() == 6);  // 6 + ⌊1 / 4⌋
    // 3 fuel: none is a whole gas, the counter has 1: one gas moves in (5 fuel), 3 are taken.
    // Fuel left 1 + 24 − 3 = 22 = 4 · 5 + 2 → 5 gas.
    REQUIRE(f.charge_fuel(3));
    CHECK(f.reserve_gas == 5);
    CHECK(f.gas_remaining() == 5);
    CHECK(f.fuel_remaining() == 22);
    CHECK(f.fuel_remaining_above(21));
    CHECK_FALSE(f.fuel_remaining_above(22));
    // 23 fuel is more than the 22 left: all spent, false.
    CHECK_FALSE(f.charge_fuel(23));
    CHECK(f.fuel_remaining() == 0);
}

TEST_CASE("a self-metered frame's fuel is its gas, up to 2^64 - 1", "[stf][gas][fuel]")
{
    TestFrame t(true);
    Frame& f = t.frame;
    f.set_gas(kMax);
    CHECK(f.fuel_per_gas == 1);
    CHECK(f.reserve_gas == 0);
    CHECK(f.gas_remaining() == kMax);
    CHECK(f.fuel_remaining() == kMax);
    REQUIRE(f.charge_fuel(kMax - 10));
    CHECK(f.gas_remaining() == 10);
    CHECK_FALSE(f.charge_gas(11));
    CHECK(f.gas_remaining() == 0);
}

TEST_CASE("an EVM frame given 0x7fe0000000000001 gas sees all of it, its child all but a 64th",
          "[stf][gas][evm]")
{
    // The transaction gas limit of stStaticCall/static_LoopCallsDepthThenRevert2/3: above 2^62
    // (where gas × 4 overflowed a u64 fuel counter), below the interpreter's 2^63 − 1.
    constexpr uint64_t kGas = 0x7fe0000000000001;
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        GasEnv e(s);
        const Address callee = addr(0x40);
        const Address caller = addr(0x41);
        e.env.pre.set_code(callee, evm_contract_code(gas_runtime()));
        e.env.pre.set_code(caller, evm_contract_code(call_all_runtime(callee)));

        JournaledState state(e.env.pre);
        const MessageResult direct = e.env.call(state, callee, {}, kGas);
        REQUIRE(direct.exit_code == 0);
        CHECK(direct.output == word_bytes(kGas - 2));  // GAS reads what is left after its 2
        CHECK(direct.gas_used == kGasRuntimeGas);

        // The caller: 5 PUSH1 (15) + PUSH20 (3) + GAS (2) = 20 before CALL; CALL: memory for
        // the 32-byte return area 3, cold callee 2600 (EIP-2929). The callee gets
        // min(GAS operand, all but a 64th of the rest) (EIP-150).
        const uint64_t child = std::min(kGas - 20, all_but_64th(kGas - 20 - 3 - 2'600));
        JournaledState state2(e.env.pre);
        const MessageResult nested = e.env.call(state2, caller, {}, kGas);
        REQUIRE(nested.exit_code == 0);
        CHECK(nested.output == word_bytes(child - 2));
        // 20 + 3 + 2600 + the callee's 17 + POP 2 + PUSH1 3 + PUSH1 3 + RETURN 0.
        CHECK(nested.gas_used == 20 + 3 + 2'600 + kGasRuntimeGas + 2 + 3 + 3);
    }
}

TEST_CASE("an EVM frame given 2^64 - 1 gas: exact gas used, GAS sees at most 2^63 - 1",
          "[stf][gas][evm]")
{
    // The EVM interpreter counts gas in an int64_t (evm::kMaxInterpreterGas, as EVMC): a frame
    // with more runs with 2^63 − 1 and gets the rest back unused (docs/evm.md "Gas split").
    constexpr uint64_t kCounter = (uint64_t{1} << 63) - 1;
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        GasEnv e(s);
        const Address callee = addr(0x40);
        const Address caller = addr(0x41);
        e.env.pre.set_code(callee, evm_contract_code(gas_runtime()));
        e.env.pre.set_code(caller, evm_contract_code(call_all_runtime(callee)));

        JournaledState state(e.env.pre);
        const MessageResult direct = e.env.call(state, callee, {}, kMax);
        REQUIRE(direct.exit_code == 0);
        CHECK(direct.output == word_bytes(kCounter - 2));
        CHECK(direct.gas_used == kGasRuntimeGas);

        // The CALL's fuel limit is the interpreter's gas left after its own charges (2^63 − 1 −
        // 23), below all but a 64th of the frame's real 2^64 − 1 − 2623.
        JournaledState state2(e.env.pre);
        const MessageResult nested = e.env.call(state2, caller, {}, kMax);
        REQUIRE(nested.exit_code == 0);
        CHECK(nested.output == word_bytes(kCounter - 23 - 2));
        CHECK(nested.gas_used == 20 + 3 + 2'600 + kGasRuntimeGas + 2 + 3 + 3);
    }
}

TEST_CASE("a Wasm frame given 2^64 - 1 gas: _fuel saturates, a call passes the exact gas",
          "[stf][gas][wasm]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        GasEnv e(s);
        e.env.install(addr(1), "host");
        e.env.install(addr(2), "proxy");
        const Address callee = addr(0x40);
        e.env.pre.set_code(callee, evm_contract_code(gas_runtime()));

        // wat/host.wat op 3 writes `_fuel` (little-endian): 4 · (2^64 − 1) fuel minus the few
        // instructions run so far is still above 2^64 − 1, so it reads 2^64 − 1 (docs/abi.md §1).
        JournaledState state(e.env.pre);
        const MessageResult fuel = e.env.call(state, addr(1), {3}, kMax);
        REQUIRE(fuel.exit_code == 0);
        REQUIRE(fuel.output.size() == 8);
        uint64_t reported = 0;
        std::memcpy(&reported, fuel.output.data(), 8);
        CHECK(reported == kMax);
        CHECK(fuel.gas_used < 10'000);

        // The proxy calls wat/host.wat (op 1: its context) with all its fuel (no buffer): the
        // callee's frame gas limit is all but a 64th of what the proxy has after the cold access
        // (2600), which is 2^64 − 1 minus the proxy's own small use so far (its instructions and
        // input copy, < 10,000 gas here).
        const Address host = addr(1);
        Bytes to_host(host.view().begin(), host.view().end());
        append(to_host, word(0).view());
        to_host.push_back(1);
        JournaledState state2(e.env.pre);
        const MessageResult all =
            e.env.call(state2, addr(2), proxy_input(abi::Syscall::kCall, to_host), kMax);
        REQUIRE(all.exit_code == 0);
        REQUIRE(proxy_exit(all.output) == 0);
        const Bytes context = proxy_data(all.output);
        REQUIRE(context.size() == abi::kContextSize);
        uint64_t seen = 0;
        for (size_t i = 0; i < 8; ++i)
            seen = seen << 8 | context[abi::context::kFrameGasLimit + i];
        CHECK(seen <= all_but_64th(kMax - 2'600));
        CHECK(seen >= all_but_64th(kMax - 2'600 - 10'000));
        CHECK(seen > (uint64_t{1} << 63));  // far above what gas × 4 in a u64 could give

        // With a fuel buffer the limit is in the proxy's fuel (4 per gas): 2^64 − 1 fuel caps the
        // child at ⌊(2^64 − 1) / 4⌋ = 2^62 − 1 gas, below all but a 64th. Consumed: the access
        // (2600) and the child's 17 gas, as fuel.
        Bytes limited = u64_be(kMax);
        append(limited, callee.view());
        append(limited, word(0).view());
        JournaledState state3(e.env.pre);
        const MessageResult capped = e.env.call(
            state3, addr(2), proxy_input(abi::Syscall::kCall, limited, kFuelBufferFlag), kMax);
        REQUIRE(capped.exit_code == 0);
        REQUIRE(proxy_exit(capped.output) == 0);
        const Bytes rest = proxy_data(capped.output);
        REQUIRE(rest.size() == 16 + 32);
        uint64_t consumed = 0;
        for (int i = 0; i < 8; ++i)
            consumed = consumed << 8 | rest[i];
        CHECK(consumed == (2'600 + kGasRuntimeGas) * kFuelPerGas);
        CHECK(U256::from_be_bytes(rest.data() + 16, 32) == U256{(uint64_t{1} << 62) - 1 - 2});
    }
}
