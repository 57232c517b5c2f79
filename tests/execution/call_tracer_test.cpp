// SPDX-License-Identifier: Apache-2.0
// The call observer and CallTracer (debug_traceTransaction's callTracer): every message the
// executor runs becomes a frame — nested CALL, DELEGATECALL, STATICCALL into a precompile, a
// child that reverts while its parent goes on, CREATE — with geth's from/to/value rules, errors
// worded as geth words them, Error(string) decoded, and gas per frame that adds up.
//
// The EVM programs are hand-assembled; every expected gas figure is computed in the comments from
// the Yellow Paper (Appendix G) and the EIPs it cites, not taken from a run of our code.
#include "execution/call_tracer.hpp"

#include "core/hex.hpp"
#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/native_runtime.hpp"
#include "tests/execution/stf_test_support.hpp"

#include <cstdint>
#include <numeric>

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

Bytes push20(const Address& a)
{
    Bytes out{0x73};
    append(out, a.view());
    return out;
}

/// MSTORE(0, 42); RETURN(0, 32). Gas: PUSH1 3, PUSH1 3, MSTORE 3 + 1 word of memory 3,
/// PUSH1 3, PUSH1 3, RETURN 0 = 18.
Bytes answer_runtime()
{
    return hex("0x602a60005260206000f3");
}
constexpr uint64_t kAnswerGas = 18;

/// SSTORE(5, 1); STOP. Gas: PUSH1 3, PUSH1 3, SSTORE of a cold slot from 0 to 1:
/// 2,100 (EIP-2929) + 20,000 (EIP-2200 SSTORE_SET) = 22,106.
Bytes store_runtime()
{
    return hex("0x600160055500");
}
constexpr uint64_t kStoreGas = 22'106;

/// REVERT with Error("nope"): selector ‖ offset 32 ‖ length 4 ‖ "nope" padded, 100 bytes.
/// Gas: PUSH4 PUSH1 SHL PUSH1 MSTORE(0) = 15 + memory 1 word 3 = 18;
/// PUSH1 PUSH1 MSTORE(4) = 9 + memory to 2 words 3 = 12; PUSH1 PUSH1 MSTORE(36) = 9 + 3 = 12;
/// PUSH4 PUSH1 SHL PUSH1 MSTORE(68) = 15 + 3 = 18; PUSH1 PUSH1 REVERT = 6. Total 66.
Bytes revert_runtime()
{
    return hex(
        "0x6308c379a060e01b600052"  // MSTORE(0, selector << 224)
        "6020600452"                // MSTORE(4, 32)
        "6004602452"                // MSTORE(36, 4)
        "636e6f706560e01b604452"    // MSTORE(68, "nope" << 224)
        "60646000fd");              // REVERT(0, 100)
}
constexpr uint64_t kRevertGas = 66;
Bytes revert_data()
{
    Bytes out = hex("0x08c379a0");
    append(out, word_bytes(32));
    append(out, word_bytes(4));
    Bytes text = hex("0x6e6f7065");
    text.resize(32);
    append(out, text);
    return out;
}

/// Init code that returns `runtime` (CODECOPY it to memory 0, RETURN it): 12 bytes of prefix.
/// Gas for a 10-byte runtime: PUSH1 ×3 9, CODECOPY 3 + 1 word copied 3 + memory 1 word 3,
/// PUSH1 ×2 6, RETURN 0 = 24, then the code deposit 200 × 10 = 2,000 (Yellow Paper §7.1).
Bytes deployer(BytesView runtime)
{
    const auto n = static_cast<uint8_t>(runtime.size());
    Bytes out{0x60, n, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3};
    append(out, runtime);
    return out;
}
constexpr uint64_t kDeployGas = 24 + 2'000;

/// The traced contract: CALL answer (its 32-byte answer to memory 0), DELEGATECALL store,
/// STATICCALL identity (0x04) on memory[0..32] into memory[32..64], CALL reverter, CREATE a copy
/// of the answer contract, RETURN memory[32..64]. Its own gas, with `answer`, `store` and
/// `reverter` cold and the precompile warm (EIP-2929):
///   CALL answer: PUSH1 ×5 15, PUSH20 3, GAS 2, CALL cold 2,600 + memory 1 word 3, POP 2 = 2,625
///   DELEGATECALL store: PUSH1 ×4 12, PUSH20 3, GAS 2, cold 2,600, POP 2 = 2,619
///   STATICCALL 0x04: PUSH1 ×5 15, GAS 2, warm 100 + memory to 2 words 3, POP 2 = 122
///   CALL reverter: PUSH1 ×5 15, PUSH20 3, GAS 2, cold 2,600, POP 2 = 2,622
///   CODECOPY init (22 bytes) to 64: PUSH1 ×3 9, 3 + 1 word 3 + memory to 3 words 3 = 18;
///   CREATE: PUSH1 ×3 9, 32,000 + EIP-3860 2 per init word 2, POP 2 = 32,013
///   RETURN: PUSH1 ×2 6
/// = 40,025.
Bytes traced_runtime(const Address& answer, const Address& store, const Address& reverter)
{
    Bytes code = hex("0x60206000600060006000");  // retSize 32, retOff 0, args 0 0, value 0
    append(code, push20(answer));
    append(code, hex("0x5af150"));            // GAS CALL POP
    append(code, hex("0x6000600060006000"));  // retSize 0, retOff 0, args 0 0
    append(code, push20(store));
    append(code, hex("0x5af450"));                // GAS DELEGATECALL POP
    append(code, hex("0x60206020602060006004"));  // retSize 32, retOff 32, argsSize 32, off 0, 0x04
    append(code, hex("0x5afa50"));                // GAS STATICCALL POP
    append(code, hex("0x60006000600060006000"));  // retSize 0, retOff 0, args 0 0, value 0
    append(code, push20(reverter));
    append(code, hex("0x5af150"));  // GAS CALL POP
    const Bytes init = deployer(answer_runtime());
    const auto n = static_cast<uint8_t>(init.size());
    const size_t create_and_return = 15 + 5;
    const auto init_offset = static_cast<uint8_t>(code.size() + create_and_return);
    append(code, Bytes{0x60, n, 0x60, init_offset, 0x60, 0x40, 0x39});  // CODECOPY(64, off, n)
    append(code, Bytes{0x60, n, 0x60, 0x40, 0x60, 0x00, 0xf0, 0x50});   // CREATE(0, 64, n) POP
    append(code, hex("0x60206020f3"));                                  // RETURN(32, 32)
    REQUIRE(code.size() == init_offset);
    append(code, init);
    return code;
}
constexpr uint64_t kTracedOwnGas = 2'625 + 2'619 + 122 + 2'622 + 18 + 32'013 + 6;
/// Identity (0x04): 15 + 3 per word (Yellow Paper Appendix E), one word.
constexpr uint64_t kIdentityGas = 18;

/// CALL(GAS, target, 0, 0, 0, 0, 32); RETURN(0, 32).
Bytes call_runtime(const Address& target)
{
    Bytes code = hex("0x60206000600060006000");
    append(code, push20(target));
    append(code, hex("0x5af15060206000f3"));
    return code;
}

struct TraceEnv {
    Env env;
    Address sender = addr(0x5E);
    Address traced = addr(0x30);
    Address answer = addr(0x31);
    Address store = addr(0x32);
    Address reverter = addr(0x33);

    explicit TraceEnv(RuntimeStrategy s)
    {
        const BytesView artifact = evm_runtime_artifact();
        REQUIRE_FALSE(artifact.empty());
        env.pre.set_code(kEvmRuntimeAddress, Bytes(artifact.begin(), artifact.end()));
        env.limits.runtime_strategy = s;
        env.pre.set_code(answer, evm_contract_code(answer_runtime()));
        env.pre.set_code(store, evm_contract_code(store_runtime()));
        env.pre.set_code(reverter, evm_contract_code(revert_runtime()));
        env.pre.set_code(traced, evm_contract_code(traced_runtime(answer, store, reverter)));
        Account a = *env.pre.account(traced);
        a.nonce = 1;  // EIP-161: a contract starts at nonce 1
        env.pre.set_account(traced, a);
    }

    /// Runs a call from the sender with `tracer` as the observer; the precompiles are warm as in
    /// a transaction (EIP-2929).
    MessageResult run(JournaledState& state, CallTracer& tracer, const Address& to)
    {
        state.access_address(precompile(4));
        env.limits.observer = &tracer;
        return env.call(state, to, {}, 1'000'000, 0, sender);
    }
};

uint64_t children_gas(const CallTrace& t)
{
    return std::accumulate(t.calls.begin(), t.calls.end(), uint64_t{0},
                           [](uint64_t s, const CallTrace& c) { return s + c.gas_used; });
}

}  // namespace

TEST_CASE("call tracer: CALL, DELEGATECALL, STATICCALL to a precompile, a reverting child, CREATE",
          "[stf][trace]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        TraceEnv e(s);
        JournaledState state(e.env.pre);
        CallTracer tracer(state);
        const MessageResult r = e.run(state, tracer, e.traced);
        REQUIRE(r.exit_code == 0);
        REQUIRE(tracer.root().has_value());
        CHECK_FALSE(tracer.overflowed());
        const CallTrace& top = *tracer.root();

        CHECK(top.kind == CallKind::kCall);
        CHECK(top.from == e.sender);
        CHECK(top.to == std::optional<Address>{e.traced});
        CHECK(top.value == std::optional<U256>{U256{}});
        CHECK(top.gas == 1'000'000);
        CHECK(top.output == word_bytes(42));  // the identity's copy of the answer
        CHECK_FALSE(top.error.has_value());
        REQUIRE(top.calls.size() == 5);

        const CallTrace& call = top.calls[0];
        CHECK(call.kind == CallKind::kCall);
        CHECK(call.from == e.traced);
        CHECK(call.to == std::optional<Address>{e.answer});
        CHECK(call.value == std::optional<U256>{U256{}});
        // EIP-150: GAS pushed 1,000,000 − 20; the CALL cost 2,603 leaves 997,377 of which the
        // child gets all but a 64th: 997,377 − 15,584 = 981,793.
        CHECK(call.gas == 981'793);
        CHECK(call.gas_used == kAnswerGas);
        CHECK(call.output == word_bytes(42));
        CHECK(call.calls.empty());

        const CallTrace& delegate = top.calls[1];
        CHECK(delegate.kind == CallKind::kDelegateCall);
        CHECK(delegate.from == e.traced);  // the delegating contract, as geth shows it
        CHECK(delegate.to == std::optional<Address>{e.store});
        CHECK(delegate.value == std::optional<U256>{U256{}});  // inherited from the top call
        CHECK(delegate.gas_used == kStoreGas);
        CHECK(delegate.output.empty());
        CHECK(state.storage(e.traced, word(5)) == word(1));  // the delegating contract's storage

        const CallTrace& pre = top.calls[2];
        CHECK(pre.kind == CallKind::kStaticCall);
        CHECK(pre.from == e.traced);
        CHECK(pre.to == std::optional<Address>{precompile(4)});
        CHECK_FALSE(pre.value.has_value());  // STATICCALL carries no value
        CHECK(pre.input == word_bytes(42));
        CHECK(pre.output == word_bytes(42));
        CHECK(pre.gas_used == kIdentityGas);

        const CallTrace& rev = top.calls[3];
        CHECK(rev.kind == CallKind::kCall);
        CHECK(rev.to == std::optional<Address>{e.reverter});
        CHECK(rev.error == std::optional<std::string>{"execution reverted"});
        CHECK(rev.revert_reason == std::optional<std::string>{"nope"});
        CHECK(rev.output == revert_data());
        CHECK(rev.gas_used == kRevertGas);  // a revert returns the rest of its gas

        const CallTrace& create = top.calls[4];
        CHECK(create.kind == CallKind::kCreate);
        CHECK(create.from == e.traced);
        CHECK(create.to == std::optional<Address>{create_address(e.traced, 1)});
        CHECK(create.input == deployer(answer_runtime()));
        CHECK(create.output == answer_runtime());  // geth shows the deployed code
        CHECK(create.gas_used == kDeployGas);

        // Gas adds up: the top frame's own opcodes plus what each child used.
        CHECK(children_gas(top) == kAnswerGas + kStoreGas + kIdentityGas + kRevertGas + kDeployGas);
        CHECK(top.gas_used == kTracedOwnGas + children_gas(top));
        CHECK(top.gas_used == r.gas_used);
        for (const CallTrace& c : top.calls)
            CHECK(c.gas_used <= c.gas);
    }
}

TEST_CASE("call tracer: nesting below a child, and onlyTopCall", "[stf][trace]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        TraceEnv e(s);
        const Address outer = addr(0x40);
        e.env.pre.set_code(outer, evm_contract_code(call_runtime(e.traced)));
        uint64_t full_gas = 0;
        {
            JournaledState state(e.env.pre);
            CallTracer tracer(state);
            const MessageResult r = e.run(state, tracer, outer);
            REQUIRE(r.exit_code == 0);
            REQUIRE(tracer.root().has_value());
            const CallTrace& top = *tracer.root();
            CHECK(top.to == std::optional<Address>{outer});
            REQUIRE(top.calls.size() == 1);
            const CallTrace& mid = top.calls[0];
            CHECK(mid.from == outer);
            CHECK(mid.to == std::optional<Address>{e.traced});
            REQUIRE(mid.calls.size() == 5);
            CHECK(mid.calls[3].error == std::optional<std::string>{"execution reverted"});
            CHECK(mid.gas_used == kTracedOwnGas + children_gas(mid));
            CHECK(top.gas_used > mid.gas_used);
            full_gas = top.gas_used;
        }
        JournaledState state(e.env.pre);
        CallTracer tracer(state, /*only_top_call=*/true);
        const MessageResult r = e.run(state, tracer, outer);
        REQUIRE(r.exit_code == 0);
        REQUIRE(tracer.root().has_value());
        CHECK(tracer.root()->calls.empty());
        CHECK(tracer.root()->gas_used == full_gas);
        CHECK(tracer.root()->output == word_bytes(42));
        CHECK_FALSE(tracer.overflowed());
    }
}

TEST_CASE("call tracer: exceptional halts are worded as geth words them", "[stf][trace]")
{
    for (const RuntimeStrategy s : kBoth) {
        INFO("strategy " << to_string(s));
        TraceEnv e(s);
        const Address invalid = addr(0x50);
        e.env.pre.set_code(invalid, evm_contract_code(hex("0xfe")));  // INVALID (EIP-141)
        const Address writer = addr(0x51);
        e.env.pre.set_code(writer, evm_contract_code(store_runtime()));
        // STATICCALL(GAS, writer, 0, 0, 0, 0); then CALL(GAS, invalid, 0, 0, 0, 0, 0); STOP.
        Bytes code = hex("0x6000600060006000");
        append(code, push20(writer));
        append(code, hex("0x5afa50600060006000600060006000"));
        append(code, push20(invalid));
        append(code, hex("0x5af15000"));
        const Address parent = addr(0x52);
        e.env.pre.set_code(parent, evm_contract_code(code));

        JournaledState state(e.env.pre);
        CallTracer tracer(state);
        const MessageResult r = e.run(state, tracer, parent);
        REQUIRE(r.exit_code == 0);
        REQUIRE(tracer.root().has_value());
        const CallTrace& top = *tracer.root();
        REQUIRE(top.calls.size() == 2);
        CHECK(top.calls[0].kind == CallKind::kStaticCall);
        CHECK(top.calls[0].error == std::optional<std::string>{"write protection"});
        CHECK(top.calls[1].error == std::optional<std::string>{"invalid opcode: INVALID"});
        for (const CallTrace& c : top.calls) {
            CHECK(c.gas_used == c.gas);  // an exceptional halt consumes all its gas
            CHECK(c.output.empty());
            CHECK_FALSE(c.revert_reason.has_value());
        }
        CHECK(top.gas_used == r.gas_used);
    }
}

TEST_CASE("call tracer: a failed top-level create has no address; out of gas", "[stf][trace]")
{
    TraceEnv e(RuntimeStrategy::kNative);
    JournaledState state(e.env.pre);
    CallTracer tracer(state);
    e.env.limits.observer = &tracer;
    // Init code that loops forever: JUMPDEST PUSH1 0 JUMP.
    Message m;
    m.kind = CallKind::kCreate;
    m.caller = e.sender;
    m.recipient = create_address(e.sender, 0);
    m.code_address = m.recipient;
    m.transfer = true;
    m.input = hex("0x5b600056");
    m.gas = 50'000;
    Executor executor(state, e.env.modules, e.env.block, e.env.tx, e.env.limits);
    const MessageResult r = executor.run(std::move(m));
    CHECK(r.exit_code != 0);
    REQUIRE(tracer.root().has_value());
    CHECK(tracer.root()->kind == CallKind::kCreate);
    CHECK_FALSE(tracer.root()->to.has_value());
    CHECK(tracer.root()->error == std::optional<std::string>{"out of gas"});
    CHECK(tracer.root()->gas_used == 50'000);
    CHECK(tracer.root()->input == hex("0x5b600056"));
}

TEST_CASE("call tracer: the byte budget stops recording and says so", "[stf][trace]")
{
    TraceEnv e(RuntimeStrategy::kNative);
    JournaledState state(e.env.pre);
    // Room for the top frame and two children only.
    CallTracer tracer(state, false, 3 * kCallTraceFrameOverhead + 100);
    const MessageResult r = e.run(state, tracer, e.traced);
    CHECK(r.exit_code == 0);  // tracing never changes execution
    CHECK(tracer.overflowed());
    REQUIRE(tracer.root().has_value());
    CHECK(tracer.root()->calls.size() < 5);
}

TEST_CASE("revert reasons: Error(string) and Panic(uint256) as geth decodes them", "[trace]")
{
    CHECK(decode_revert_reason(revert_data()) == std::optional<std::string>{"nope"});
    // Panic(0x11): arithmetic overflow (Solidity's panic codes).
    Bytes panic = hex("0x4e487b71");
    append(panic, word_bytes(0x11));
    CHECK(decode_revert_reason(panic) ==
          std::optional<std::string>{"arithmetic underflow or overflow"});
    Bytes unknown = hex("0x4e487b71");
    append(unknown, word_bytes(0x99));
    CHECK(decode_revert_reason(unknown) == std::optional<std::string>{"unknown panic code: 0x99"});
    // Not an ABI revert, truncated, or pointing outside the data: nothing.
    CHECK_FALSE(decode_revert_reason(word_bytes(42)).has_value());
    CHECK_FALSE(decode_revert_reason(hex("0x08c379a0")).has_value());
    Bytes short_string = revert_data();
    short_string.resize(4 + 64 + 2);  // length 4, only 2 bytes present
    CHECK_FALSE(decode_revert_reason(short_string).has_value());
    Bytes far = hex("0x08c379a0");
    append(far, word_bytes(1'000));
    CHECK_FALSE(decode_revert_reason(far).has_value());
    // Bytes that are not UTF-8 become U+FFFD, one per byte (Go's encoding/json).
    Bytes bad = hex("0x08c379a0");
    append(bad, word_bytes(32));
    append(bad, word_bytes(3));
    Bytes text = hex("0x41ff42");
    text.resize(32);
    append(bad, text);
    CHECK(decode_revert_reason(bad) == std::optional<std::string>{"A\xEF\xBF\xBD"
                                                                  "B"});
}

TEST_CASE("call error words", "[trace]")
{
    const auto w = [](abi::ExitCode c, CodeRunner r) {
        return call_error_text(static_cast<int32_t>(c), r);
    };
    CHECK(w(abi::ExitCode::kPanic, CodeRunner::kEvm) == "execution reverted");
    CHECK(w(abi::ExitCode::kOutOfFuel, CodeRunner::kEvm) == "out of gas");
    CHECK(w(abi::ExitCode::kCallDepthOverflow, CodeRunner::kNone) == "max call depth exceeded");
    CHECK(w(abi::ExitCode::kInsufficientBalance, CodeRunner::kNone) ==
          "insufficient balance for transfer");
    CHECK(w(abi::ExitCode::kCreateContractCollision, CodeRunner::kNone) ==
          "contract address collision");
    // The same exit code is an EVM INVALID or a Wasm `unreachable` trap.
    CHECK(w(abi::ExitCode::kUnreachableCodeReached, CodeRunner::kEvm) == "invalid opcode: INVALID");
    CHECK(w(abi::ExitCode::kUnreachableCodeReached, CodeRunner::kWasm) == "wasm trap: unreachable");
    CHECK(call_error_text(-777, CodeRunner::kWasm) == "exit code -777");
    CHECK(std::string(call_type_name(CallKind::kCreate2)) == "CREATE2");
    CHECK(std::string(call_type_name(CallKind::kDelegateCall)) == "DELEGATECALL");
}

TEST_CASE("EVM halts in geth's words (core/vm/errors.go)", "[trace]")
{
    const auto evm = [](int32_t code) { return call_error_text(code, CodeRunner::kEvm); };
    // Codes written out as docs/abi.md §6 defines them, not through the helpers under test.
    CHECK(evm(-3001) == "invalid jump destination");
    CHECK(evm(-3002) == "stack limit reached 1024 (1023)");
    CHECK(evm(-1010) == "write protection");  // EIP-214
    CHECK(evm(-2010) == "out of gas");
    CHECK(evm(-2001) == "invalid opcode: INVALID");
    CHECK(evm(-1007) == "return data out of bounds");
    // Stack underflow: -10000 - 100 × required - items held.
    CHECK(evm(-10201) == "stack underflow (1 <=> 2)");
    CHECK(evm(-10100) == "stack underflow (0 <=> 1)");
    CHECK(evm(-10700) == "stack underflow (0 <=> 7)");
    CHECK(evm(-11716) == "stack underflow (16 <=> 17)");
    // Outside the band, or held >= required: not an underflow.
    CHECK(evm(-10202) == "exit code -10202");
    CHECK(evm(-11800) == "exit code -11800");
    CHECK(evm(-10099) == "exit code -10099");
    // Undefined opcodes: -3100 - byte, named as Go's %#x prints it.
    CHECK(evm(-3112) == "invalid opcode: opcode 0xc not defined");
    CHECK(evm(-3100) == "invalid opcode: opcode 0x0 not defined");
    CHECK(evm(-3351) == "invalid opcode: opcode 0xfb not defined");
    CHECK(evm(-3355) == "invalid opcode: opcode 0xff not defined");
    CHECK(evm(-3356) == "exit code -3356");
    // Any i32 is safe to map.
    CHECK(evm(INT32_MIN) == "exit code -2147483648");
    CHECK(evm(INT32_MAX) == "exit code 2147483647");
    // The helpers the runtime uses agree with the table.
    CHECK(abi::evm_stack_underflow_code(1, 2) == -10201);
    CHECK(abi::evm_undefined_opcode_code(0x0c) == -3112);
    // The same exit codes from a Wasm contract are not EVM halts.
    CHECK(call_error_text(-3112, CodeRunner::kWasm) == "exit code -3112");
}
