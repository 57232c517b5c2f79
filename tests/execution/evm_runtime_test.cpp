// SPDX-License-Identifier: Apache-2.0
// The EVM runtime as a system runtime of the STF (issue 7): deploy routing of EVM init code, the
// metadata layout (code ‖ jumpdest bitmap), storage, logs, revert data, nested EVM→EVM calls,
// CREATE addresses, EVM→Wasm and Wasm→EVM calls, both strategies (native and the rWasm
// interpreter) giving identical output, gas and state, and the fallback to the interpreter when
// the runtime's code hash differs from the native build's.
//
// The EVM programs are hand-assembled; every expected value below follows from the Yellow Paper
// and the EIPs (gas figures are computed in the comments), not from running our code.
#include "contracts/caller_wasm.hpp"
#include "contracts/counter_wasm.hpp"
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/types/transaction.hpp"
#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/native_runtime.hpp"
#include "tests/execution/stf_test_support.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

constexpr uint64_t kEther = 1'000'000'000'000'000'000ull;

/// Init code that returns `runtime` (CODECOPY it to memory 0, RETURN it): 12 bytes of prefix.
Bytes deployer(BytesView runtime)
{
    REQUIRE(runtime.size() < 256);
    const auto n = static_cast<uint8_t>(runtime.size());
    // PUSH1 n PUSH1 12 PUSH1 0 CODECOPY PUSH1 n PUSH1 0 RETURN
    Bytes out{0x60, n, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3};
    out.insert(out.end(), runtime.begin(), runtime.end());
    return out;
}

Hash topic()
{
    return keccak256(BytesView(reinterpret_cast<const uint8_t*>("Stored"), 6));
}

/// Stores calldata word 0 at slot 0, emits LOG1(topic, word) and returns the word.
Bytes store_runtime()
{
    Bytes code =
        hex("0x600035"  // PUSH1 0 CALLDATALOAD
            "80"        // DUP1
            "600055"    // PUSH1 0 SSTORE      (slot 0 = word)
            "600052"    // PUSH1 0 MSTORE      (memory[0..32] = word)
            "7f");      // PUSH32 topic
    append(code, topic().view());
    append(code, hex("0x60206000a1"   // PUSH1 32 PUSH1 0 LOG1
                     "60206000f3"));  // PUSH1 32 PUSH1 0 RETURN
    return code;
}

/// REVERT with the word 42 as data.
Bytes revert_runtime()
{
    return hex("0x602a60005260206000fd");
}

/// Increments slot 0 and returns the new value (answers any calldata: the `increment()` of the
/// Wasm caller example).
Bytes counter_runtime()
{
    return hex(
        "0x600054"      // PUSH1 0 SLOAD
        "600101"        // PUSH1 1 ADD
        "80"            // DUP1
        "600055"        // PUSH1 0 SSTORE
        "600052"        // PUSH1 0 MSTORE
        "60206000f3");  // RETURN(0, 32)
}

/// MSTORE(0, 7); success = CALL(GAS, target, 0, 0, 32, 0, 32); SSTORE(1, success);
/// RETURN(0, 32) — the callee's answer, copied over memory[0..32].
Bytes call_runtime(const Address& target, uint32_t args_size = 32, uint64_t word = 7)
{
    Bytes code{0x60, static_cast<uint8_t>(word), 0x60, 0x00, 0x52};
    append(code, Bytes{0x60, 0x20, 0x60, 0x00, 0x60, static_cast<uint8_t>(args_size), 0x60, 0x00,
                       0x60, 0x00, 0x73});
    append(code, target.view());
    append(code, hex("0x5af1"         // GAS CALL
                     "600155"         // PUSH1 1 SSTORE
                     "60206000f3"));  // RETURN(0, 32)
    return code;
}

/// Calls `target` with the 4-byte selector of `increment()` and returns its 32-byte answer.
Bytes call_selector_runtime(const Address& target, uint32_t selector)
{
    Bytes code{0x63};  // PUSH4 selector
    for (int i = 3; i >= 0; --i)
        code.push_back(static_cast<uint8_t>(selector >> (8 * i)));
    append(code, hex("0x60e01b"                   // PUSH1 224 SHL
                     "600052"                     // PUSH1 0 MSTORE
                     "6020600060046000600073"));  // retSize 32, retOff 0, argsSize 4, argsOff 0,
                                                  // value 0, PUSH20
    append(code, target.view());
    append(code, hex("0x5af1"         // GAS CALL
                     "600155"         // SSTORE(1, success)
                     "60206000f3"));  // RETURN(0, 32)
    return code;
}

/// CREATE(0, init) with `init` placed in memory by CODECOPY from the end of this code; stores the
/// new address at slot 0 and returns it.
Bytes create_runtime(BytesView init)
{
    // PUSH1 n PUSH1 off PUSH1 0 CODECOPY; PUSH1 n PUSH1 0 PUSH1 0 CREATE; DUP1 PUSH1 0 SSTORE;
    // PUSH1 0 MSTORE; PUSH1 32 PUSH1 0 RETURN
    constexpr uint8_t kPrefix = 28;
    REQUIRE(init.size() < 200);
    const auto n = static_cast<uint8_t>(init.size());
    Bytes code{0x60, n,    0x60, kPrefix, 0x60, 0x00, 0x39, 0x60, n,    0x60,
               0x00, 0x60, 0x00, 0xf0,    0x80, 0x60, 0x00, 0x55, 0x60, 0x00,
               0x52, 0x60, 0x20, 0x60,    0x00, 0xf3, 0x00, 0x00};
    REQUIRE(code.size() == kPrefix);
    append(code, init);
    return code;
}

uint32_t selector(std::string_view signature)
{
    const Hash h =
        keccak256(BytesView(reinterpret_cast<const uint8_t*>(signature.data()), signature.size()));
    return static_cast<uint32_t>(h[0]) << 24 | static_cast<uint32_t>(h[1]) << 16 |
           static_cast<uint32_t>(h[2]) << 8 | h[3];
}

/// An in-memory chain with the EVM runtime at its system address, running messages under one
/// strategy and counting how frames ran.
struct EvmEnv {
    Env env;
    RuntimeStrategy strategy;
    uint64_t native_frames = 0;
    uint64_t interpreted_frames = 0;
    Address sender = addr(0x5E);

    explicit EvmEnv(RuntimeStrategy s) : strategy(s)
    {
        const BytesView artifact = evm_runtime_artifact();
        REQUIRE_FALSE(artifact.empty());
        env.pre.set_code(kEvmRuntimeAddress, Bytes(artifact.begin(), artifact.end()));
        env.pre.set_balance(sender, U256{kEther});
        env.limits.runtime_strategy = s;
    }

    MessageResult run(JournaledState& state, Message m)
    {
        Executor executor(state, env.modules, env.block, env.tx, env.limits);
        MessageResult r = executor.run(std::move(m));
        native_frames += executor.native_frames();
        interpreted_frames += executor.interpreted_frames();
        return r;
    }

    MessageResult call(JournaledState& state,
                       const Address& to,
                       Bytes input,
                       uint64_t gas = 1'000'000)
    {
        Message m;
        m.caller = sender;
        m.recipient = to;
        m.code_address = to;
        m.input = std::move(input);
        m.gas = gas;
        return run(state, std::move(m));
    }

    /// Deploys `init` from the sender (a CREATE message at the sender's next address).
    MessageResult create(JournaledState& state, Bytes init, uint64_t gas = 1'000'000)
    {
        const uint64_t nonce = state.get(sender).nonce;
        state.set_nonce(sender, nonce + 1);
        Message m;
        m.kind = CallKind::kCreate;
        m.caller = sender;
        m.recipient = create_address(sender, nonce);
        m.code_address = m.recipient;
        m.transfer = true;
        m.input = std::move(init);
        m.gas = gas;
        return run(state, std::move(m));
    }
};

Address address_of(const MessageResult& r)
{
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.size() == 20);
    return blend::to_address(BytesView(r.output));
}

}  // namespace

TEST_CASE("EVM metadata: code ‖ jumpdest bitmap, and the EVM view of an account", "[stf][evm]")
{
    // 5B at 0 is a JUMPDEST; 60 5B is PUSH1 data; 5B at 3 is one; a truncated PUSH2 at the end.
    const Bytes code = hex("0x5b605b5b61");
    const Bytes bitmap = evm_jumpdest_bitmap(code);
    REQUIRE(bitmap.size() == 1);
    CHECK(bitmap[0] == 0b0000'1001);
    const Bytes metadata = evm_metadata(code);
    CHECK(metadata == hex("0x01000000055b605b5b6109"));
    const Bytes account = evm_contract_code(code);
    CHECK(classify_code(account) == CodeKind::kOwnable);
    CHECK(ownable_owner(account) == kEvmRuntimeAddress);
    CHECK(Bytes(visible_code(account).begin(), visible_code(account).end()) == code);
    // Under construction (empty metadata) an EVM contract has empty code.
    CHECK(visible_code(ownable_code(kEvmRuntimeAddress, {})).empty());
    // A malformed layout is not EVM code.
    CHECK_FALSE(evm_code_of_metadata(hex("0x0100000009aa")).has_value());
    CHECK_FALSE(evm_code_of_metadata(hex("0x02000000015b01")).has_value());
}

TEST_CASE("EVM init code deploys an EVM contract; a call stores, logs and returns", "[stf][evm]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        JournaledState state(e.env.pre);
        const Bytes runtime = store_runtime();
        const MessageResult created = e.create(state, deployer(runtime));
        const Address contract = address_of(created);
        CHECK(contract == create_address(e.sender, 0));
        // The account is an EVM contract: EF 44 00 ‖ runtime ‖ 01 ‖ n ‖ code ‖ bitmap.
        const CodePtr stored = state.code(contract);
        CHECK(*stored == evm_contract_code(runtime));
        CHECK(state.get(contract).nonce == 1);

        const MessageResult r = e.call(state, contract, word_bytes(0x1234));
        CHECK(r.exit_code == 0);
        CHECK(r.output == word_bytes(0x1234));
        CHECK(state.storage(contract, word(0)) == word(0x1234));
        REQUIRE(state.logs().size() == 1);
        CHECK(state.logs()[0].address == contract);
        REQUIRE(state.logs()[0].topics.size() == 1);
        CHECK(state.logs()[0].topics[0] == topic());
        CHECK(state.logs()[0].data == word_bytes(0x1234));
        const bool native = s == RuntimeStrategy::kNative;
        CHECK(e.native_frames == (native ? 2u : 0u));
        CHECK(e.interpreted_frames == (native ? 0u : 2u));
    }
}

TEST_CASE("EVM call gas is Ethereum's: a cold SSTORE to a fresh slot", "[stf][evm][gas]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        const Address contract = addr(0x10);
        e.env.pre.set_code(contract, evm_contract_code(store_runtime()));
        JournaledState state(e.env.pre);
        state.access_address(contract);  // the transaction's `to` is warm (EIP-2929)
        const MessageResult r = e.call(state, contract, word_bytes(5));
        REQUIRE(r.exit_code == 0);
        // PUSH1 3, CALLDATALOAD 3, DUP1 3, PUSH1 3, SSTORE cold fresh 2100 + 20000,
        // PUSH1 3, MSTORE 3 + memory 3 (1 word), PUSH32 3, PUSH1 3, PUSH1 3,
        // LOG1 375 + 375 + 8·32 = 1006, PUSH1 3, PUSH1 3, RETURN 0.
        const uint64_t expected = 3 + 3 + 3 + 3 + 22'100 + 3 + 6 + 3 + 3 + 3 + 1'006 + 3 + 3;
        CHECK(r.gas_used == expected);
    }
}

TEST_CASE("EVM revert returns its data and rolls back; exceptional halts burn the gas",
          "[stf][evm]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        const Address reverter = addr(0x11);
        e.env.pre.set_code(reverter, evm_contract_code(revert_runtime()));
        const Address bad_jump = addr(0x13);
        e.env.pre.set_code(bad_jump, evm_contract_code(hex("0x600356")));  // JUMP to 3 (none)
        JournaledState state(e.env.pre);
        const MessageResult r = e.call(state, reverter, {}, 100'000);
        CHECK(r.exit_code == code(abi::ExitCode::kPanic));
        CHECK(r.output == word_bytes(42));
        // PUSH1 PUSH1 MSTORE(+3 memory) PUSH1 PUSH1 REVERT: 3+3+3+3+3+3 = 18.
        CHECK(r.gas_used == 18);

        const MessageResult j = e.call(state, bad_jump, {}, 100'000);
        CHECK(j.exit_code < -1);
        CHECK(j.gas_used == 100'000);
        CHECK(j.output.empty());
    }
}

TEST_CASE("EVM contract calls EVM contract (nested frames) and CREATE gives an Ethereum address",
          "[stf][evm]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        const Address callee = addr(0x20);
        const Address caller = addr(0x21);
        e.env.pre.set_code(callee, evm_contract_code(store_runtime()));
        e.env.pre.set_code(caller, evm_contract_code(call_runtime(callee)));
        JournaledState state(e.env.pre);
        const MessageResult r = e.call(state, caller, {});
        REQUIRE(r.exit_code == 0);
        CHECK(r.output == word_bytes(7));
        CHECK(state.storage(callee, word(0)) == word(7));  // the callee's storage
        CHECK(state.storage(caller, word(1)) == word(1));  // CALL pushed 1
        REQUIRE(state.logs().size() == 1);
        CHECK(state.logs()[0].address == callee);

        // A caller of the reverting contract: CALL pushes 0, the revert data is its answer.
        const Address caller2 = addr(0x22);
        const Address reverter = addr(0x23);
        e.env.pre.set_code(reverter, evm_contract_code(revert_runtime()));
        e.env.pre.set_code(caller2, evm_contract_code(call_runtime(reverter)));
        JournaledState state2(e.env.pre);
        state2.set_storage(caller2, word(1), word(9));
        const MessageResult r2 = e.call(state2, caller2, {});
        REQUIRE(r2.exit_code == 0);
        CHECK(r2.output == word_bytes(42));
        CHECK(state2.storage(caller2, word(1)) == word(0));

        // CREATE from EVM code: the address is keccak(rlp([creator, nonce]))[12:], and the
        // creator's nonce (1 for a contract) is the one used.
        const Address factory = addr(0x24);
        e.env.pre.set_code(factory, evm_contract_code(create_runtime(deployer(store_runtime()))));
        Account factory_account = *e.env.pre.account(factory);
        factory_account.nonce = 1;  // a contract's nonce starts at 1 (EIP-161)
        e.env.pre.set_account(factory, factory_account);
        JournaledState state3(e.env.pre);
        const MessageResult r3 = e.call(state3, factory, {});
        REQUIRE(r3.exit_code == 0);
        const Address child = create_address(factory, 1);
        CHECK(r3.output == cat({Bytes(12, 0), child.view()}));
        CHECK(*state3.code(child) == evm_contract_code(store_runtime()));
        CHECK(state3.get(factory).nonce == 2);
    }
}

TEST_CASE("EVM code calls a Wasm contract and a Wasm contract calls EVM code", "[stf][evm]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        // EVM -> Wasm: the SDK's counter example answers increment() with its new value.
        const Address wasm_counter = addr(0x30);
        const auto compiled = compile_wasm_contract(blend::contracts::counter_wasm());
        REQUIRE(compiled.has_value());
        e.env.pre.set_code(wasm_counter, compiled->code);
        const Address evm_caller = addr(0x31);
        e.env.pre.set_code(evm_caller, evm_contract_code(call_selector_runtime(
                                           wasm_counter, selector("increment()"))));
        // Wasm -> EVM: the caller example calls counter.increment() on an EVM counter.
        const Address wasm_caller = addr(0x32);
        const auto caller = compile_wasm_contract(blend::contracts::caller_wasm());
        REQUIRE(caller.has_value());
        e.env.pre.set_code(wasm_caller, caller->code);
        const Address evm_counter = addr(0x33);
        e.env.pre.set_code(evm_counter, evm_contract_code(counter_runtime()));

        JournaledState state(e.env.pre);
        const MessageResult r = e.call(state, evm_caller, {});
        REQUIRE(r.exit_code == 0);
        CHECK(r.output == word_bytes(1));
        CHECK(state.storage(evm_caller, word(1)) == word(1));

        Bytes input;
        const uint32_t sel = selector("incrementOther(address)");
        for (int i = 3; i >= 0; --i)
            input.push_back(static_cast<uint8_t>(sel >> (8 * i)));
        append(input, Bytes(12, 0));
        append(input, evm_counter.view());
        for (uint64_t round = 1; round <= 2; ++round) {
            const MessageResult w = e.call(state, wasm_caller, input);
            REQUIRE(w.exit_code == 0);
            CHECK(w.output == word_bytes(round));
            CHECK(state.storage(evm_counter, word(0)) == word(round));
        }
    }
}

TEST_CASE("EVM runtime: both strategies give identical output, gas and state", "[stf][evm]")
{
    struct Outcome {
        std::vector<MessageResult> results;
        StateDiff diff;
    };
    auto run = [](RuntimeStrategy s) {
        EvmEnv e(s);
        const Address callee = addr(0x40);
        const Address caller = addr(0x41);
        e.env.pre.set_code(callee, evm_contract_code(store_runtime()));
        e.env.pre.set_code(caller, evm_contract_code(call_runtime(callee)));
        JournaledState state(e.env.pre);
        Outcome o;
        o.results.push_back(e.create(state, deployer(counter_runtime())));
        o.results.push_back(e.call(state, caller, {}));
        o.results.push_back(e.call(state, callee, word_bytes(99), 2'000));  // SSTORE: <= 2300
        o.results.push_back(e.call(state, blend::to_address(BytesView(o.results[0].output)), {}));
        (void)state.finish_transaction();
        o.diff = state.diff();
        return o;
    };
    const Outcome native = run(RuntimeStrategy::kNative);
    const Outcome interp = run(RuntimeStrategy::kInterpreter);
    REQUIRE(native.results.size() == interp.results.size());
    for (size_t i = 0; i < native.results.size(); ++i) {
        INFO("message " << i);
        CHECK(native.results[i].exit_code == interp.results[i].exit_code);
        CHECK(native.results[i].gas_used == interp.results[i].gas_used);
        CHECK(native.results[i].output == interp.results[i].output);
    }
    CHECK(native.results[2].exit_code < -1);  // EIP-2200: SSTORE with <= 2300 gas left fails
    CHECK(native.diff.accounts == interp.diff.accounts);
    CHECK(native.diff.storage == interp.diff.storage);
}

TEST_CASE("native strategy falls back to the interpreter when the code hash differs",
          "[stf][evm][strategy]")
{
    const auto builtin = builtin_native_runtimes();
    REQUIRE(builtin.size() == 1);
    // The same native build registered under another hash: as if the chain's EVM runtime were
    // another build than the node's.
    NativeRuntime other = builtin[0];
    other.code_hash = keccak256(BytesView(reinterpret_cast<const uint8_t*>("another build"), 13));
    const NativeRuntime table[] = {other};

    auto run = [](std::span<const NativeRuntime> runtimes, uint64_t& native, uint64_t& interp) {
        EvmEnv e(RuntimeStrategy::kNative);
        e.env.limits.native_runtimes = runtimes;
        const Address contract = addr(0x50);
        e.env.pre.set_code(contract, evm_contract_code(store_runtime()));
        JournaledState state(e.env.pre);
        const MessageResult r = e.call(state, contract, word_bytes(3));
        native = e.native_frames;
        interp = e.interpreted_frames;
        return r;
    };
    uint64_t native = 0;
    uint64_t interp = 0;
    const MessageResult matched = run(builtin, native, interp);
    CHECK(native == 1);
    CHECK(interp == 0);
    const MessageResult fallback = run(table, native, interp);
    CHECK(native == 0);
    CHECK(interp == 1);
    CHECK(fallback.exit_code == 0);
    CHECK(fallback.output == matched.output);
    CHECK(fallback.gas_used == matched.gas_used);
    // The node's table is keyed by the hash of the artifact genesis places.
    CHECK(builtin[0].code_hash == keccak256(evm_runtime_artifact()));
}

TEST_CASE("system runtimes: unmetered code only at their address, never called directly",
          "[stf][evm][strategy]")
{
    EvmEnv e(RuntimeStrategy::kInterpreter);
    JournaledState state(e.env.pre);
    // A direct call to the runtime (not through an EVM contract it owns) is refused.
    const MessageResult direct = e.call(state, kEvmRuntimeAddress, {}, 50'000);
    CHECK(direct.exit_code == code(abi::ExitCode::kNotSupportedBytecode));
    // The unmetered artifact at a user address does not run (it would not pay for its
    // instructions).
    const BytesView artifact = evm_runtime_artifact();
    e.env.pre.set_code(addr(0x60), Bytes(artifact.begin(), artifact.end()));
    e.env.pre.set_code(addr(0x61), ownable_code(addr(0x60), evm_metadata(store_runtime())));
    JournaledState state2(e.env.pre);
    CHECK(e.call(state2, addr(0x60), {}, 50'000).exit_code ==
          code(abi::ExitCode::kNotSupportedBytecode));
    CHECK(e.call(state2, addr(0x61), word_bytes(1), 50'000).exit_code ==
          code(abi::ExitCode::kNotSupportedBytecode));
}

TEST_CASE("EVM deploy checks: EIP-3541, EIP-170 and the code deposit", "[stf][evm]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        JournaledState state(e.env.pre);
        // Returns one byte 0xEF: PUSH1 0xEF PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN.
        const MessageResult ef = e.create(state, hex("0x60ef60005360016000f3"), 100'000);
        CHECK(ef.exit_code == code(abi::ExitCode::kCreateContractStartingWithEF));
        CHECK(ef.gas_used == 100'000);
        // Returns 24,577 zero bytes: PUSH2 0x6001 PUSH1 0 RETURN.
        const MessageResult big = e.create(state, hex("0x6160016000f3"), 10'000'000);
        CHECK(big.exit_code == code(abi::ExitCode::kCreateContractSizeLimit));
        // 10 bytes of code: the deposit is 200 per byte (Yellow Paper G_codedeposit).
        // PUSH1 10 PUSH1 0 RETURN: 3 + 3 + memory 3 = 9; + 2000.
        const MessageResult ok = e.create(state, hex("0x600a6000f3"), 100'000);
        CHECK(ok.exit_code == 0);
        CHECK(ok.gas_used == 9 + 2'000);
        const MessageResult poor = e.create(state, hex("0x600a6000f3"), 2'008);
        CHECK(poor.exit_code == code(abi::ExitCode::kOutOfFuel));
        CHECK(poor.gas_used == 2'008);
    }
}

TEST_CASE("a type-2 transaction deploys an EVM contract and another calls it", "[stf][evm][tx]")
{
    EvmEnv e(RuntimeStrategy::kNative);
    JournaledState state(e.env.pre);
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = 1337;
    t.max_fee_per_gas = 10;
    t.max_priority_fee_per_gas = 2;
    t.gas_limit = 200'000;
    t.data = deployer(store_runtime());
    auto deployed = apply_transaction(state, e.env.modules, e.env.block, t, e.sender,
                                      e.env.block.gas_limit, e.env.limits);
    REQUIRE(deployed.has_value());
    CHECK(deployed->success);
    REQUIRE(deployed->contract_address.has_value());
    const Address contract = *deployed->contract_address;
    CHECK(contract == create_address(e.sender, 0));

    t.nonce = 1;
    t.to = contract;
    t.data = word_bytes(77);
    auto called = apply_transaction(state, e.env.modules, e.env.block, t, e.sender,
                                    e.env.block.gas_limit, e.env.limits);
    REQUIRE(called.has_value());
    CHECK(called->success);
    CHECK(called->output == word_bytes(77));
    REQUIRE(called->logs.size() == 1);
    CHECK(called->logs[0].topics[0] == topic());
    CHECK(state.storage(contract, word(0)) == word(77));
}

TEST_CASE("EIP-2929: the address of a failed CREATE stays warm in the creating frame",
          "[stf][evm][gas]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        EvmEnv e(s);
        const Address factory = addr(0x25);
        // The factory's nonce is 1 (EIP-161), so CREATE would make create_address(factory, 1).
        const Address child = create_address(factory, 1);
        // MSTORE(0, 0x600080fd << 224): the init code REVERT(0, 0) at memory[0..4];
        // CREATE(0, 0, 4) fails (pushes 0); POP; then the gas of BALANCE(child) is measured
        // between two GAS readings and stored at slot 0.
        Bytes program =
            hex("0x63600080fd60e01b600052"  // PUSH4 init PUSH1 224 SHL PUSH1 0 MSTORE
                "600460006000f050"          // PUSH1 4 PUSH1 0 PUSH1 0 CREATE POP
                "5a73");                    // GAS PUSH20
        append(program, child.view());
        append(program, hex("0x31505a"         // BALANCE POP GAS
                            "900360005500"));  // SWAP1 SUB PUSH1 0 SSTORE STOP
        e.env.pre.set_code(factory, evm_contract_code(program));
        Account factory_account = *e.env.pre.account(factory);
        factory_account.nonce = 1;
        e.env.pre.set_account(factory, factory_account);
        JournaledState state(e.env.pre);
        const MessageResult r = e.call(state, factory, {});
        REQUIRE(r.exit_code == 0);
        CHECK(state.get(factory).nonce == 2);  // the failed create still used the nonce
        CHECK_FALSE(state.exists(child));
        // Between the GAS readings: PUSH20 3 + BALANCE warm 100 + POP 2 + GAS 2 = 107; a cold
        // BALANCE would make it 2607 (EIP-2929 COLD_ACCOUNT_ACCESS_COST 2600).
        CHECK(state.storage(factory, word(0)) == word(107));
    }
}
