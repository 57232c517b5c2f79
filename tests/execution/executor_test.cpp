// SPDX-License-Identifier: Apache-2.0
// The interruption loop: nested frames, reverts, static calls, depth and memory limits, and
// hostile contracts that must end deterministically with their gas consumed and state untouched.
#include "execution/addresses.hpp"
#include "execution/gas.hpp"
#include "tests/execution/stf_test_support.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;
using abi::ExitCode;
using abi::Syscall;

namespace {

Bytes store_payload(uint64_t slot, uint64_t value)
{
    return cat({word(slot).view(), word(value).view()});
}

/// CALL payload for the proxy: target ‖ value word ‖ calldata.
Bytes call_payload(const Address& to, BytesView calldata, uint64_t value = 0)
{
    return cat({to.view(), word(value).view(), calldata});
}

}  // namespace

TEST_CASE("a frame writes and reads storage through _exec", "[stf][frames]")
{
    Env env;
    env.install(addr(1), "proxy");
    JournaledState state(env.pre);
    const MessageResult w =
        env.call(state, addr(1), proxy_input(Syscall::kStorageWrite, store_payload(7, 42)));
    REQUIRE(w.exit_code == 0);
    CHECK(proxy_exit(w.output) == 0);
    CHECK(state.storage(addr(1), word(7)) == word(42));
    const MessageResult r =
        env.call(state, addr(1), proxy_input(Syscall::kStorageRead, word(7).view()));
    REQUIRE(r.exit_code == 0);
    CHECK(proxy_exit(r.output) == 0);
    const Hash expected = word(42);
    CHECK(proxy_data(r.output) == Bytes(expected.bytes.begin(), expected.bytes.end()));
    // The slot is warm now (EIP-2929), so the second read costs 2000 gas less than a cold one.
    JournaledState fresh(env.pre);
    fresh.set_storage(addr(1), word(7), word(42));
    const MessageResult cold =
        env.call(fresh, addr(1), proxy_input(Syscall::kStorageRead, word(7).view()));
    CHECK(cold.gas_used - r.gas_used == gas::kColdSload - gas::kWarmAccess);
}

TEST_CASE("a reverted child loses exactly its own changes", "[stf][frames]")
{
    Env env;
    env.install(addr(1), "write_then_call");
    env.install(addr(2), "proxy");
    JournaledState state(env.pre);
    // addr(1) writes its slot 1, then calls addr(2), which writes slot 2 and reverts.
    const Bytes child = proxy_input(Syscall::kStorageWrite, store_payload(2, 5), kRevertFlag);
    const MessageResult r = env.call(state, addr(1), cat({addr(2).view(), child}));
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.size() == 4);
    CHECK(proxy_exit(r.output) == code(ExitCode::kPanic));
    CHECK(state.storage(addr(1), word(1)) == word(1));
    CHECK(state.storage(addr(2), word(2)) == Hash{});

    // The same call without the revert keeps both writes.
    JournaledState state2(env.pre);
    const Bytes ok_child = proxy_input(Syscall::kStorageWrite, store_payload(2, 5));
    const MessageResult r2 = env.call(state2, addr(1), cat({addr(2).view(), ok_child}));
    CHECK(proxy_exit(r2.output) == 0);
    CHECK(state2.storage(addr(2), word(2)) == word(5));
}

TEST_CASE("a reverted frame rolls back its grandchildren too", "[stf][frames]")
{
    Env env;
    env.install(addr(1), "proxy");
    env.install(addr(2), "proxy");
    JournaledState state(env.pre);
    // root → 1 (reverts after) → CALL 2 → STORAGE_WRITE.
    const Bytes inner = proxy_input(Syscall::kStorageWrite, store_payload(3, 9));
    const Bytes outer = proxy_input(Syscall::kCall, call_payload(addr(2), inner), kRevertFlag);
    const MessageResult r = env.call(state, addr(1), outer);
    CHECK(r.exit_code == code(ExitCode::kPanic));
    CHECK(proxy_exit(r.output) == 0);  // the child itself succeeded
    CHECK(state.storage(addr(2), word(3)) == Hash{});
    CHECK(r.gas_used < 1'000'000);  // a revert returns the unused gas
}

TEST_CASE("reentrancy: a contract called back by its callee sees its own storage", "[stf][frames]")
{
    Env env;
    env.install(addr(1), "proxy");
    env.install(addr(2), "proxy");
    JournaledState state(env.pre);
    // root → 1: CALL 2 → 2: CALL 1 → 1: STORAGE_WRITE slot 5 = 7 (in 1's storage).
    const Bytes write = proxy_input(Syscall::kStorageWrite, store_payload(5, 7));
    const Bytes back = proxy_input(Syscall::kCall, call_payload(addr(1), write));
    const Bytes first = proxy_input(Syscall::kCall, call_payload(addr(2), back));
    const MessageResult r = env.call(state, addr(1), first);
    REQUIRE(r.exit_code == 0);
    CHECK(proxy_exit(r.output) == 0);
    CHECK(state.storage(addr(1), word(5)) == word(7));
    CHECK(state.storage(addr(2), word(5)) == Hash{});
}

TEST_CASE("writes under a static call end the callee with StateChangeDuringStaticCall",
          "[stf][frames]")
{
    Env env;
    env.install(addr(1), "proxy");
    env.install(addr(2), "proxy");
    const std::pair<Syscall, Bytes> writes[] = {
        {Syscall::kStorageWrite, store_payload(1, 1)},
        {Syscall::kTransientWrite, store_payload(1, 1)},
        {Syscall::kEmitLog, Bytes{0}},
        {Syscall::kDestroyAccount, to_bytes(addr(3).view())},
        {Syscall::kCreate, Bytes(32, 0)},
        {Syscall::kCall, call_payload(addr(3), {}, 1)},
    };
    for (const auto& [syscall, payload] : writes) {
        INFO("syscall " << static_cast<int>(syscall));
        JournaledState state(env.pre);
        const Bytes inner = proxy_input(syscall, payload);
        const Bytes outer = cat({addr(2).view(), inner});
        const MessageResult r = env.call(state, addr(1), proxy_input(Syscall::kStaticCall, outer));
        REQUIRE(r.exit_code == 0);
        CHECK(proxy_exit(r.output) == code(ExitCode::kStateChangeDuringStaticCall));
        CHECK(state.storage(addr(2), word(1)) == Hash{});
        CHECK(state.transient(addr(2), word(1)) == Hash{});
        CHECK(state.logs().empty());
    }
}

TEST_CASE("a call chain ends with CallDepthOverflow at the 1026th frame (depth 1025)",
          "[stf][frames][limits]")
{
    Env env;
    env.install(addr(1), "chain");
    JournaledState state(env.pre);
    Message m;
    m.caller = addr(0xEE);
    m.recipient = addr(1);
    m.code_address = addr(1);
    // Enough gas that all-but-one-64th still leaves the deepest frame plenty (63/64^1024 ≈ 1e-7).
    m.gas = uint64_t{1} << 44;
    Executor executor(state, env.modules, env.block, env.tx);
    const MessageResult r = executor.run(std::move(m));
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.size() == 4);
    CHECK(proxy_exit(r.output) == code(ExitCode::kCallDepthOverflow));
    CHECK(executor.peak_depth() == kMaxCallDepth + 1);  // depths 0..1024
}

TEST_CASE("the in-flight memory cap stops new frames with OutOfMemory", "[stf][frames][limits]")
{
    Env env;
    env.install(addr(1), "chain");  // one 64 KiB page per frame
    env.limits.max_in_flight_memory = 10 * 65'536 + 4'096;
    env.limits.in_flight_bytes_per_gas = 0;  // the floor is the cap
    JournaledState state(env.pre);
    const MessageResult r = env.call(state, addr(1), {}, 50'000'000);
    REQUIRE(r.exit_code == 0);
    CHECK(proxy_exit(r.output) == code(ExitCode::kOutOfMemory));
    Message m;
    m.caller = addr(0xEE);
    m.recipient = addr(1);
    m.code_address = addr(1);
    m.gas = 50'000'000;
    Executor executor(state, env.modules, env.block, env.tx, env.limits);
    (void)executor.run(std::move(m));
    CHECK(executor.peak_depth() == 10);
    CHECK(executor.peak_in_flight_memory() <= env.limits.max_in_flight_memory);
}

TEST_CASE("the in-flight memory cap grows with the root message's gas above its floor",
          "[stf][frames][limits]")
{
    Env env;
    env.install(addr(1), "chain");  // one 64 KiB page per frame
    env.limits.max_in_flight_memory = 10 * 65'536 + 4'096;
    env.limits.in_flight_bytes_per_gas = 1;
    JournaledState state(env.pre);
    Message m;
    m.caller = addr(0xEE);
    m.recipient = addr(1);
    m.code_address = addr(1);
    m.gas = 50'000'000;
    Executor executor(state, env.modules, env.block, env.tx, env.limits);
    (void)executor.run(std::move(m));
    // 1 byte per gas of 50 M gas: 50 MB, far above the 10-frame floor.
    CHECK(executor.in_flight_memory_cap() == 50'000'000);
    CHECK(executor.peak_depth() > 10);
    CHECK(executor.peak_in_flight_memory() <= 50'000'000);

    // With little gas the floor is the cap.
    Message small;
    small.caller = addr(0xEE);
    small.recipient = addr(1);
    small.code_address = addr(1);
    small.gas = 100'000;
    Executor floor_only(state, env.modules, env.block, env.tx, env.limits);
    (void)floor_only.run(std::move(small));
    CHECK(floor_only.in_flight_memory_cap() == env.limits.max_in_flight_memory);
}

TEST_CASE("an infinite loop ends with OutOfFuel, all gas consumed, state untouched",
          "[stf][hostile]")
{
    Env env;
    env.install(addr(1), "loop");
    env.pre.set_balance(addr(0xEE), 100);
    JournaledState state(env.pre);
    const MessageResult r = env.call(state, addr(1), {}, 200'000, 5);
    CHECK(r.exit_code == code(ExitCode::kOutOfFuel));
    CHECK(r.gas_used == 200'000);
    CHECK(state.get(addr(1)).balance == 0);  // the value transfer is rolled back
}

TEST_CASE("unbounded memory growth ends with OutOfFuel and its storage write undone",
          "[stf][hostile]")
{
    Env env;
    env.install(addr(1), "grow");
    JournaledState state(env.pre);
    const MessageResult r = env.call(state, addr(1), {}, 3'000'000);
    CHECK(r.exit_code == code(ExitCode::kOutOfFuel));
    CHECK(r.gas_used == 3'000'000);
    CHECK(state.storage(addr(1), word(0)) == Hash{});
    CHECK(state.diff().storage.empty());
}

TEST_CASE(
    "a module importing an unknown function, or a known one with another signature, "
    "cannot be deployed",
    "[stf][hostile][deploy]")
{
    for (const char* name : {"unknown_import", "wrong_signature"}) {
        INFO(name);
        const auto compiled = compile_wasm_contract(read_wasm(name));
        REQUIRE_FALSE(compiled.has_value());
        CHECK(compiled.error() == ExitCode::kUnknownExternalFunction);

        Env env;
        env.install(addr(1), "proxy");
        env.pre.set_balance(addr(1), 0);
        JournaledState state(env.pre);
        const Bytes init = read_wasm(name);
        const MessageResult r =
            env.call(state, addr(1), proxy_input(Syscall::kCreate, cat({word(0).view(), init})));
        REQUIRE(r.exit_code == 0);
        CHECK(proxy_exit(r.output) == code(ExitCode::kUnknownExternalFunction));
        CHECK_FALSE(state.exists(create_address(addr(1), 0)));
    }
}

TEST_CASE("oversized output ends the frame with OutputTooLarge", "[stf][hostile]")
{
    Env env;
    env.install(addr(1), "host");
    JournaledState state(env.pre);
    const MessageResult r = env.call(state, addr(1), Bytes{15}, 5'000'000);
    CHECK(r.exit_code == code(ExitCode::kOutputTooLarge));
    CHECK(r.gas_used == 5'000'000);
    CHECK(r.output.empty());
}

TEST_CASE("calling an account without code succeeds and moves the value", "[stf][frames]")
{
    Env env;
    env.pre.set_balance(addr(0xEE), 100);
    JournaledState state(env.pre);
    const MessageResult r = env.call(state, addr(9), {}, 50'000, 40);
    CHECK(r.exit_code == 0);
    CHECK(r.gas_used == 0);
    CHECK(state.get(addr(9)).balance == 40);
    CHECK(state.get(addr(0xEE)).balance == 60);
    const MessageResult poor = env.call(state, addr(9), {}, 50'000, 1'000);
    CHECK(poor.exit_code == code(ExitCode::kInsufficientBalance));
    CHECK(state.get(addr(9)).balance == 40);
}
