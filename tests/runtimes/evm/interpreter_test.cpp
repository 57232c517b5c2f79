// SPDX-License-Identifier: Apache-2.0
#include "tests/runtimes/evm/asm.hpp"
#include "tests/runtimes/evm/test_host.hpp"

#include <catch2/catch.hpp>

using namespace blend::evm;
using namespace blend::evm::test;
using blend::U256;

TEST_CASE("evm: ADD then RETURN, gas from the Yellow Paper")
{
    TestHost host;
    Asm a;
    a.push(1).push(2).op(Opcode::kAdd).return_top();
    const auto r = run(host, a.code(), 100);
    REQUIRE(r.result.status == Status::kSuccess);
    REQUIRE(U256::from_be_bytes(r.output.data(), 32) == U256{3});
    // 3 PUSH1 (3 each) + ADD 3 + MSTORE 3 + 1 word of memory (3) + 2 PUSH1 + RETURN 0.
    REQUIRE(r.result.gas_left == 100 - 24);
}

namespace {

constexpr uint64_t kGas = 1'000'000;

/// Runs `a OP b` (a on top of the stack) and returns the result word.
U256 binary(Opcode op, const U256& a, const U256& b)
{
    TestHost host;
    Asm code;
    code.push(b).push(a).op(op).return_top();
    const auto r = run(host, code.code(), kGas);
    REQUIRE(r.result.status == Status::kSuccess);
    REQUIRE(r.output.size() == 32);
    return U256::from_be_bytes(r.output.data(), 32);
}

U256 unary(Opcode op, const U256& a)
{
    TestHost host;
    Asm code;
    code.push(a).op(op).return_top();
    const auto r = run(host, code.code(), kGas);
    REQUIRE(r.result.status == Status::kSuccess);
    return U256::from_be_bytes(r.output.data(), 32);
}

/// Gas used by a run that must succeed.
uint64_t gas_used(TestHost& host, const Asm& code, const std::vector<uint8_t>& input = {})
{
    const auto r = run(host, code.code(), kGas, input);
    REQUIRE(r.result.status == Status::kSuccess);
    return kGas - r.result.gas_left;
}

const U256 kMinusOne = U256::max();
U256 neg(uint64_t v)
{
    return -U256{v};
}
const U256 kMinSigned = U256{1} << 255;

}  // namespace

TEST_CASE("evm: arithmetic edge cases (Yellow Paper Appendix H.2)")
{
    CHECK(binary(Opcode::kSub, U256{1}, U256{2}) == kMinusOne);  // wraps modulo 2^256
    CHECK(binary(Opcode::kAdd, kMinusOne, U256{1}) == U256{});
    CHECK(binary(Opcode::kDiv, U256{7}, U256{0}) == U256{});  // x / 0 = 0
    CHECK(binary(Opcode::kMod, U256{7}, U256{0}) == U256{});
    CHECK(binary(Opcode::kDiv, U256{7}, U256{2}) == U256{3});
    CHECK(binary(Opcode::kSdiv, neg(8), U256{3}) == neg(2));            // rounds toward zero
    CHECK(binary(Opcode::kSdiv, kMinSigned, kMinusOne) == kMinSigned);  // the one overflow
    CHECK(binary(Opcode::kSdiv, neg(8), U256{0}) == U256{});
    CHECK(binary(Opcode::kSmod, neg(8), neg(3)) == neg(2));  // sign of the dividend
    CHECK(binary(Opcode::kSmod, U256{8}, neg(3)) == U256{2});
    CHECK(binary(Opcode::kSignextend, U256{0}, U256{0xff}) == kMinusOne);
    CHECK(binary(Opcode::kSignextend, U256{0}, U256{0x7f}) == U256{0x7f});
    CHECK(binary(Opcode::kSignextend, U256{1}, U256{0xff8000}) == neg(0x8000));
    CHECK(binary(Opcode::kSignextend, U256{31}, U256{0xff}) == U256{0xff});
    CHECK(binary(Opcode::kSignextend, U256{1} << 64, U256{0xff}) == U256{0xff});
}

TEST_CASE("evm: ADDMOD and MULMOD are computed without intermediate wrap")
{
    TestHost host;
    Asm code;
    // ADDMOD(2^256-1, 2^256-1, 7): (2^257 - 2) mod 7. 2^256 mod 7 = 2 (2^3 = 1 mod 7, 256 =
    // 3*85+1), so (2*2 - 2) mod 7 = 2.
    code.push(7).push(kMinusOne).push(kMinusOne).op(Opcode::kAddmod).return_top();
    auto r = run(host, code.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{2});
    // MULMOD(2^256-1, 2^256-1, 7) = ((2-1)^2) mod 7 = 1.
    Asm m;
    m.push(7).push(kMinusOne).push(kMinusOne).op(Opcode::kMulmod).return_top();
    r = run(host, m.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{1});
    Asm z;
    z.push(0).push(5).push(5).op(Opcode::kMulmod).return_top();
    r = run(host, z.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{});
}

TEST_CASE("evm: comparisons, BYTE and signed comparisons")
{
    CHECK(binary(Opcode::kLt, U256{1}, U256{2}) == U256{1});
    CHECK(binary(Opcode::kGt, U256{1}, U256{2}) == U256{0});
    CHECK(binary(Opcode::kSlt, kMinusOne, U256{0}) == U256{1});
    CHECK(binary(Opcode::kSgt, kMinusOne, U256{0}) == U256{0});
    CHECK(binary(Opcode::kEq, U256{5}, U256{5}) == U256{1});
    CHECK(unary(Opcode::kIszero, U256{0}) == U256{1});
    CHECK(unary(Opcode::kNot, U256{0}) == kMinusOne);
    CHECK(binary(Opcode::kByte, U256{31}, U256{0x1234}) == U256{0x34});
    CHECK(binary(Opcode::kByte, U256{30}, U256{0x1234}) == U256{0x12});
    CHECK(binary(Opcode::kByte, U256{0}, kMinSigned) == U256{0x80});
    CHECK(binary(Opcode::kByte, U256{32}, kMinusOne) == U256{});
}

TEST_CASE("evm: shifts follow the EIP-145 test vectors")
{
    // (shift, value, expected) rows from EIP-145 "Test Cases".
    CHECK(binary(Opcode::kShl, U256{1}, U256{1}) == U256{2});
    CHECK(binary(Opcode::kShl, U256{0xff}, U256{1}) == kMinSigned);
    CHECK(binary(Opcode::kShl, U256{0x100}, U256{1}) == U256{});
    CHECK(binary(Opcode::kShl, U256{1}, kMinusOne) == kMinusOne - U256{1});
    CHECK(binary(Opcode::kShr, U256{1}, kMinSigned) == U256{1} << 254);
    CHECK(binary(Opcode::kShr, U256{0xff}, kMinSigned) == U256{1});
    CHECK(binary(Opcode::kShr, U256{0x100}, kMinSigned) == U256{});
    CHECK(binary(Opcode::kShr, U256{0x101}, kMinusOne) == U256{});
    CHECK(binary(Opcode::kSar, U256{1}, kMinSigned) ==
          word("c000000000000000000000000000000000000000000000000000000000000000"));
    CHECK(binary(Opcode::kSar, U256{0xff}, kMinSigned) == kMinusOne);
    CHECK(binary(Opcode::kSar, U256{0x100}, kMinSigned) == kMinusOne);
    CHECK(binary(Opcode::kSar, U256{0x100}, kMinusOne) == kMinusOne);
    CHECK(binary(Opcode::kSar, U256{0xfe}, kMinSigned >> 1) == U256{1});
    CHECK(binary(Opcode::kSar, U256{0x100}, (kMinSigned >> 1)) == U256{});
    CHECK(binary(Opcode::kSar, U256{1} << 64, kMinusOne) == kMinusOne);  // shift >= 2^64
}

TEST_CASE("evm: EXP charges 50 gas per exponent byte (EIP-160)")
{
    CHECK(binary(Opcode::kExp, U256{2}, U256{256}) == U256{});
    CHECK(binary(Opcode::kExp, U256{3}, U256{0}) == U256{1});
    CHECK(binary(Opcode::kExp, U256{0}, U256{0}) == U256{1});
    CHECK(binary(Opcode::kExp, U256{2}, U256{255}) == kMinSigned);
    TestHost host;
    Asm a;
    a.push(256).push(2).op(Opcode::kExp).op(Opcode::kStop);  // exponent 0x0100: 2 bytes
    CHECK(gas_used(host, a) == 3 + 3 + 10 + 2 * 50);
    Asm b;
    b.push(0).push(2).op(Opcode::kExp).op(Opcode::kStop);  // exponent 0: no byte cost
    CHECK(gas_used(host, b) == 3 + 3 + 10);
    Asm c;
    c.push(kMinusOne).push(2).op(Opcode::kExp).op(Opcode::kStop);
    CHECK(gas_used(host, c) == 3 + 3 + 10 + 32 * 50);
}

TEST_CASE("evm: stack underflow and overflow are exceptional halts (Yellow Paper §9.4.2)")
{
    TestHost host;
    Asm under;
    under.push(1).op(Opcode::kAdd);
    auto r = run(host, under.code(), kGas);
    CHECK(r.result.status == Status::kStackUnderflow);
    CHECK(r.result.gas_left == 0);

    Asm full;
    for (int i = 0; i < 1024; ++i)
        full.op(Opcode::kPush0);
    r = run(host, full.code(), kGas);
    CHECK(r.result.status == Status::kSuccess);
    CHECK(r.result.gas_left == kGas - 2 * 1024);

    Asm over = full;
    over.op(Opcode::kPush0);
    r = run(host, over.code(), kGas);
    CHECK(r.result.status == Status::kStackOverflow);
    CHECK(r.result.gas_left == 0);

    Asm dup = full;  // DUP1 on a full stack overflows too
    dup.op(Opcode::kDup1);
    CHECK(run(host, dup.code(), kGas).result.status == Status::kStackOverflow);

    Asm swap;  // SWAP16 needs 17 items
    for (int i = 0; i < 16; ++i)
        swap.op(Opcode::kPush0);
    swap.op(Opcode::kSwap16);
    CHECK(run(host, swap.code(), kGas).result.status == Status::kStackUnderflow);
    Asm dup16;
    for (int i = 0; i < 15; ++i)
        dup16.op(Opcode::kPush0);
    dup16.op(Opcode::kDup16);
    CHECK(run(host, dup16.code(), kGas).result.status == Status::kStackUnderflow);
}

TEST_CASE("evm: DUP and SWAP pick the right items")
{
    TestHost host;
    Asm a;
    for (unsigned i = 1; i <= 17; ++i)
        a.push(i);                       // 17 on top
    a.op(Opcode::kSwap16).return_top();  // swaps 17 and 1
    auto r = run(host, a.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{1});
    Asm b;
    for (unsigned i = 1; i <= 16; ++i)
        b.push(i);
    b.op(Opcode::kDup16).return_top();
    r = run(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{1});
}

TEST_CASE("evm: jump destinations exclude PUSH data (Yellow Paper §9.4.3)")
{
    SECTION("analysis")
    {
        // PUSH1 0x5b | JUMPDEST | PUSH32 truncated with a 0x5b inside
        const std::vector<uint8_t> code = {0x60, 0x5b, 0x5b, 0x7f, 0x5b, 0x5b};
        std::vector<uint8_t> bitmap(jumpdest_bitmap_size(code.size()));
        analyze(code.data(), code.size(), bitmap.data());
        CHECK_FALSE(is_jumpdest(bitmap.data(), code.size(), 0));
        CHECK_FALSE(is_jumpdest(bitmap.data(), code.size(), 1));
        CHECK(is_jumpdest(bitmap.data(), code.size(), 2));
        CHECK_FALSE(is_jumpdest(bitmap.data(), code.size(), 4));
        CHECK_FALSE(is_jumpdest(bitmap.data(), code.size(), 5));
        CHECK_FALSE(is_jumpdest(bitmap.data(), code.size(), 6));  // past the end
        CHECK_FALSE(is_jumpdest(bitmap.data(), code.size(), ~uint64_t{0}));
    }
    TestHost host;
    SECTION("into PUSH data")
    {
        // PUSH1 0x5b; PUSH1 1; JUMP  -> byte 1 is 0x5b but it is data
        const auto r = run(host, {0x60, 0x5b, 0x60, 0x01, 0x56}, kGas);
        CHECK(r.result.status == Status::kBadJumpDestination);
        CHECK(r.result.gas_left == 0);
    }
    SECTION("to a JUMPDEST")
    {
        // PUSH1 4; JUMP; INVALID; JUMPDEST; STOP
        const auto r = run(host, {0x60, 0x04, 0x56, 0xfe, 0x5b, 0x00}, kGas);
        CHECK(r.result.status == Status::kSuccess);
        CHECK(r.result.gas_left == kGas - (3 + 8 + 1));
    }
    SECTION("past the end and beyond 64 bits")
    {
        CHECK(run(host, {0x60, 0x10, 0x56}, kGas).result.status == Status::kBadJumpDestination);
        Asm a;
        a.push(U256{1} << 64).op(Opcode::kJump);
        CHECK(run(host, a.code(), kGas).result.status == Status::kBadJumpDestination);
    }
    SECTION("JUMPI")
    {
        // PUSH1 0 (cond); PUSH1 0x20 (bad dest); JUMPI; STOP: not taken, dest not checked.
        auto r = run(host, {0x60, 0x00, 0x60, 0x20, 0x57, 0x00}, kGas);
        CHECK(r.result.status == Status::kSuccess);
        CHECK(r.result.gas_left == kGas - (3 + 3 + 10));
        // Taken to a bad destination.
        r = run(host, {0x60, 0x01, 0x60, 0x20, 0x57, 0x00}, kGas);
        CHECK(r.result.status == Status::kBadJumpDestination);
        // Taken to JUMPDEST at 7: PUSH1 1; PUSH1 7; JUMPI; INVALID; JUMPDEST; STOP
        r = run(host, {0x60, 0x01, 0x60, 0x07, 0x57, 0xfe, 0xfe, 0x5b, 0x00}, kGas);
        CHECK(r.result.status == Status::kSuccess);
        CHECK(r.result.gas_left == kGas - (3 + 3 + 10 + 1));
    }
    SECTION("a truncated PUSH at the end pads with zeros, then STOP")
    {
        // PUSH2 with one byte: the value is 0x1200 (Yellow Paper §9.4.1); nothing follows.
        const auto r = run(host, {0x61, 0x12}, kGas);
        CHECK(r.result.status == Status::kSuccess);
        CHECK(r.result.gas_left == kGas - 3);
        CHECK(load_push<2>(std::vector<uint8_t>{0x12, 0x00}.data()) == U256{0x1200});
    }
}

TEST_CASE("evm: INVALID, undefined bytes and running off the end")
{
    TestHost host;
    auto r = run(host, {0x60, 0x01, 0xfe}, kGas);
    CHECK(r.result.status == Status::kInvalidInstruction);
    CHECK(r.result.gas_left == 0);
    for (uint8_t b : {0x0c, 0x1e, 0x21, 0x4b, 0xa5, 0xef, 0xf6, 0xfb}) {
        r = run(host, {b}, kGas);
        CHECK(r.result.status == Status::kUndefinedInstruction);
        CHECK(r.result.gas_left == 0);
    }
    r = run(host, {}, kGas);
    CHECK(r.result.status == Status::kSuccess);
    CHECK(r.result.gas_left == kGas);
    // Empty code needs no buffer at all.
    Message empty;
    empty.gas = 77;
    const Result e = execute(host, empty);
    CHECK(e.status == Status::kSuccess);
    CHECK(e.gas_left == 77);
}

TEST_CASE("evm: each exceptional halt has its own exit code (docs/abi.md §6)")
{
    TestHost host;
    const auto code_of = [&](const std::vector<uint8_t>& code) {
        return static_cast<int32_t>(run(host, code, kGas).result.exit_code);
    };
    // Stack underflow: -10000 - 100 × required - items held (geth's "stack underflow (1 <=> 2)").
    CHECK(code_of({0x60, 0x01, 0x01}) == -10201);  // PUSH1 1; ADD
    CHECK(code_of({0xf1}) == -10700);              // CALL takes 7, the stack is empty
    CHECK(code_of({0x50}) == -10100);              // POP
    std::vector<uint8_t> swap16(16, 0x5f);         // 16 × PUSH0; SWAP16 takes 17
    swap16.push_back(0x9f);
    CHECK(code_of(swap16) == -11716);
    std::vector<uint8_t> dup16(15, 0x5f);  // 15 × PUSH0; DUP16 takes 16
    dup16.push_back(0x8f);
    CHECK(code_of(dup16) == -11615);
    // Stack limit: -3002, whichever opcode pushes the 1025th item.
    std::vector<uint8_t> full(1024, 0x5f);
    full.push_back(0x80);  // DUP1
    CHECK(code_of(full) == -3002);
    full.back() = 0x5f;  // PUSH0
    CHECK(code_of(full) == -3002);
    // Bad jump: -3001 (was -1006 UnknownError, shared with host failures).
    CHECK(code_of({0x60, 0x5b, 0x60, 0x01, 0x56}) == -3001);
    CHECK(code_of({0x60, 0x01, 0x60, 0x20, 0x57, 0x00}) == -3001);
    // Undefined byte b: -3100 - b; the designated INVALID keeps -2001.
    CHECK(code_of({0x0c}) == -3112);
    CHECK(code_of({0xfb}) == -3351);
    CHECK(code_of({0xef}) == -3339);
    CHECK(code_of({0x60, 0x01, 0xfe}) == -2001);
}

TEST_CASE("evm: out of gas consumes everything; exact gas suffices")
{
    TestHost host;
    Asm a;
    a.push(1).push(2).op(Opcode::kAdd).op(Opcode::kStop);  // 9 gas
    auto r = run(host, a.code(), 9);
    CHECK(r.result.status == Status::kSuccess);
    CHECK(r.result.gas_left == 0);
    r = run(host, a.code(), 8);
    CHECK(r.result.status == Status::kOutOfGas);
    CHECK(r.result.gas_left == 0);
}

TEST_CASE("evm: memory expansion is 3 per word + words^2/512 (Yellow Paper §9.8)")
{
    TestHost host;
    // MSTORE at 0x1000: 129 words -> 3*129 + 129*129/512 = 387 + 32 = 419.
    Asm a;
    a.push(1).push(0x1000).op(Opcode::kMstore).op(Opcode::kStop);
    CHECK(gas_used(host, a) == 3 + 3 + 3 + 419);
    // A second store inside the same memory costs no expansion; MSIZE reports 129 words.
    Asm b;
    b.push(1).push(0x1000).op(Opcode::kMstore).push(1).push(0).op(Opcode::kMstore);
    b.op(Opcode::kMsize).return_top();
    auto r = run(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{129 * 32});
    // MSTORE8 at 31 grows to one word.
    Asm c;
    c.push(0xab).push(31).op(Opcode::kMstore8).op(Opcode::kMsize).return_top();
    r = run(host, c.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{32});
    // MLOAD of untouched memory reads zero and expands.
    Asm d;
    d.push(64).op(Opcode::kMload).return_top();
    r = run(host, d.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{});
    CHECK(kGas - r.result.gas_left == 3 + 3 + (3 * 3) + 3 + 3 + 3 + 3 + 0);
}

TEST_CASE("evm: memory beyond the limits halts")
{
    TestHost host;
    Asm a;
    a.push(U256{1} << 64).op(Opcode::kMload);
    auto r = run(host, a.code(), kGas);
    CHECK(r.result.status == Status::kOutOfGas);
    Asm b;
    b.push(1).push(U256{1} << 32).op(Opcode::kMstore);
    CHECK(run(host, b.code(), ~uint64_t{0}).result.status == Status::kOutOfGas);
    // RETURN with a huge size but zero... size 0 with a huge offset does not touch memory.
    Asm c;
    c.push(0).push(kMinusOne).op(Opcode::kReturn);
    r = run(host, c.code(), kGas);
    CHECK(r.result.status == Status::kSuccess);
    CHECK(r.output.empty());
    // The host refusing memory is kOutOfMemory, all gas consumed.
    host.memory_limit = 1024;
    Asm d;
    d.push(1).push(2048).op(Opcode::kMstore);
    r = run(host, d.code(), 10'000'000);
    CHECK(r.result.status == Status::kOutOfMemory);
    CHECK(r.result.exit_code == blend::abi::ExitCode::kOutOfMemory);
    CHECK(r.result.gas_left == 0);
    // A host that refuses the interpreter's doubled capacity still gets asked for exactly the
    // size paid for: 4128 bytes fit under a 4200-byte cap although 8192 do not.
    host.memory_limit = 4200;
    Asm e;
    e.push(1).push(4096).op(Opcode::kMstore).op(Opcode::kMsize).return_top();
    r = run(host, e.code(), 10'000'000);
    REQUIRE(r.result.status == Status::kSuccess);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{4128});
}

TEST_CASE("evm: KECCAK256 of known inputs and its word cost")
{
    TestHost host;
    Asm a;
    a.push(0).push(0).op(Opcode::kKeccak256).return_top();
    auto r = run(host, a.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) ==
          word("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    Asm b;
    b.push(32).push(0).op(Opcode::kKeccak256).op(Opcode::kStop);
    CHECK(gas_used(host, b) == 3 + 3 + 30 + 6 + 3);
    Asm c;
    c.push(32).push(0).op(Opcode::kKeccak256).return_top();
    r = run(host, c.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) ==
          word("290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563"));
    Asm d;  // 33 bytes: 2 words
    d.push(33).push(0).op(Opcode::kKeccak256).op(Opcode::kStop);
    CHECK(gas_used(host, d) == 3 + 3 + 30 + 12 + 6);
}

TEST_CASE("evm: calldata opcodes pad with zeros")
{
    TestHost host;
    std::vector<uint8_t> input(40);
    for (size_t i = 0; i < input.size(); ++i)
        input[i] = static_cast<uint8_t>(i + 1);
    Asm a;
    a.push(30).op(Opcode::kCalldataload).return_top();
    auto r = run(host, a.code(), kGas, input);
    // bytes 31..40 then 22 zeros
    uint8_t expected[32] = {};
    for (int i = 0; i < 10; ++i)
        expected[i] = static_cast<uint8_t>(31 + i);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256::from_be_bytes(expected, 32));
    Asm b;
    b.push(kMinusOne).op(Opcode::kCalldataload).return_top();
    r = run(host, b.code(), kGas, input);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{});
    Asm c;
    c.op(Opcode::kCalldatasize).return_top();
    r = run(host, c.code(), kGas, input);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{40});
    // CALLDATACOPY 64 bytes from 8: 3 + 3*2 words + memory 2 words (6).
    Asm d;
    d.push(64).push(8).push(0).op(Opcode::kCalldatacopy).push(64).push(0).op(Opcode::kReturn);
    r = run(host, d.code(), kGas, input);
    REQUIRE(r.output.size() == 64);
    for (size_t i = 0; i < 64; ++i)
        CHECK(r.output[i] == (i + 8 < input.size() ? input[i + 8] : 0));
    CHECK(kGas - r.result.gas_left == 3 * 3 + 3 + 6 + 6 + 3 + 3);
}

TEST_CASE("evm: CODECOPY, CODESIZE, PC, GAS")
{
    TestHost host;
    Asm a;
    a.push(4).push(0).push(0).op(Opcode::kCodecopy).push(32).push(0).op(Opcode::kReturn);
    auto r = run(host, a.code(), kGas);
    REQUIRE(r.output.size() == 32);
    CHECK(r.output[0] == 0x60);
    CHECK(r.output[1] == 4);
    CHECK(r.output[4] == 0);  // only 4 bytes copied, the rest untouched (zero)
    Asm b;
    b.op(Opcode::kCodesize).return_top();
    r = run(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{b.size()});
    Asm c;
    c.op(Opcode::kPush0).op(Opcode::kPop).op(Opcode::kPc).return_top();
    r = run(host, c.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{2});
    Asm d;
    d.op(Opcode::kGas).return_top();  // GAS pushes the gas left after its own 2
    r = run(host, d.code(), 1000);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{998});
}

TEST_CASE("evm: MCOPY (EIP-5656)")
{
    TestHost host;
    // memory[32..64) = 0x00..1f, then MCOPY(dst 0, src 32, len 32)
    Asm a;
    a.push(word("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")).push(32);
    a.op(Opcode::kMstore);
    a.push(32).push(32).push(0).op(Opcode::kMcopy).push(64).push(0).op(Opcode::kReturn);
    auto r = run(host, a.code(), kGas);
    REQUIRE(r.output.size() == 64);
    for (int i = 0; i < 32; ++i) {
        CHECK(r.output[i] == i);
        CHECK(r.output[32 + i] == i);
    }
    // Gas of MCOPY alone with memory already at 2 words: 3 + 3 (the EIP's first example: 6).
    Asm g;
    g.push(1).push(32).op(Opcode::kMstore).push(32).push(32).push(0).op(Opcode::kMcopy);
    g.op(Opcode::kStop);
    CHECK(gas_used(host, g) == 3 + 3 + 3 + 6 + 3 * 3 + 6);
    // Overlap: copy [0, 33) to 1 moves bytes up (memmove semantics).
    Asm o;
    o.push(0x0102).push(0).op(Opcode::kMstore);  // bytes 30,31 = 01 02
    o.push(32).push(0).push(1).op(Opcode::kMcopy).push(64).push(0).op(Opcode::kReturn);
    r = run(host, o.code(), kGas);
    CHECK(r.output[31] == 0x01);
    CHECK(r.output[32] == 0x02);
    // Size 0 with huge offsets touches nothing.
    Asm z;
    z.push(0).push(kMinusOne).push(kMinusOne).op(Opcode::kMcopy).op(Opcode::kStop);
    CHECK(gas_used(host, z) == 3 * 3 + 3);
}

TEST_CASE("evm: RETURNDATASIZE/RETURNDATACOPY bounds (EIP-211)")
{
    TestHost host;
    host.set_return_data({1, 2, 3, 4});
    Asm a;
    a.op(Opcode::kReturndatasize).return_top();
    auto r = run(host, a.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{4});
    Asm b;
    b.push(3).push(1).push(0).op(Opcode::kReturndatacopy).push(3).push(0).op(Opcode::kReturn);
    r = run(host, b.code(), kGas);
    CHECK(r.output == std::vector<uint8_t>{2, 3, 4});
    Asm c;
    c.push(4).push(1).push(0).op(Opcode::kReturndatacopy);
    r = run(host, c.code(), kGas);
    CHECK(r.result.status == Status::kReturnDataOutOfBounds);
    CHECK(r.result.gas_left == 0);
    Asm d;  // size 0 but offset past the end still halts
    d.push(0).push(5).push(0).op(Opcode::kReturndatacopy);
    CHECK(run(host, d.code(), kGas).result.status == Status::kReturnDataOutOfBounds);
    Asm e;  // size 0 at the end is fine
    e.push(0).push(4).push(0).op(Opcode::kReturndatacopy).op(Opcode::kStop);
    CHECK(run(host, e.code(), kGas).result.status == Status::kSuccess);
}

TEST_CASE("evm: context opcodes read the host's context; blobs are absent on Blend")
{
    TestHost host;
    host.ctx.address.bytes[19] = 0xaa;
    host.ctx.address.bytes[0] = 0x11;
    host.ctx.caller.bytes[19] = 0xcc;
    host.ctx.chain_id = 1337;
    host.ctx.timestamp = 99;
    host.ctx.block_number = 7;
    host.ctx.base_fee = U256{1000};
    host.ctx.call_value = U256{5};
    auto top = [&](Opcode op) {
        Asm a;
        a.op(op).return_top();
        const auto r = run(host, a.code(), kGas);
        REQUIRE(r.result.status == Status::kSuccess);
        return U256::from_be_bytes(r.output.data(), 32);
    };
    CHECK(top(Opcode::kAddress) == (U256{0x11} << 152 | U256{0xaa}));
    CHECK(top(Opcode::kCaller) == U256{0xcc});
    CHECK(top(Opcode::kChainid) == U256{1337});
    CHECK(top(Opcode::kTimestamp) == U256{99});
    CHECK(top(Opcode::kNumber) == U256{7});
    CHECK(top(Opcode::kBasefee) == U256{1000});
    CHECK(top(Opcode::kCallvalue) == U256{5});
    CHECK(top(Opcode::kBlobbasefee) == U256{1});
    CHECK(unary(Opcode::kBlobhash, U256{0}) == U256{});
    Asm g;
    g.op(Opcode::kCoinbase).op(Opcode::kBlobbasefee).push(0).op(Opcode::kBlobhash);
    g.op(Opcode::kStop);
    CHECK(gas_used(host, g) == 2 + 2 + 3 + 3);
}

TEST_CASE("evm: state actions subtract exactly what the host reports")
{
    TestHost host;
    host.sload_gas = 2100;
    host.sstore_gas = 20000;
    host.storage[U256{1}] = U256{42};
    Asm a;
    a.push(1).op(Opcode::kSload).return_top();
    auto r = run(host, a.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{42});
    CHECK(kGas - r.result.gas_left == 3 + 2100 + 3 + 3 + 3 + 3 + 3);
    Asm b;
    b.push(7).push(2).op(Opcode::kSstore).op(Opcode::kStop);
    CHECK(gas_used(host, b) == 3 + 3 + 20000);
    CHECK(host.storage[U256{2}] == U256{7});
    // The host gets the gas left after the interpreter's own charges, and its out-of-fuel
    // answer is an out-of-gas halt.
    r = run(host, a.code(), 3 + 2099);
    CHECK(r.result.status == Status::kOutOfGas);
    CHECK(r.result.gas_left == 0);
    // TLOAD/TSTORE (EIP-1153).
    host.transient_gas = 100;
    Asm t;
    t.push(9).push(3).op(Opcode::kTstore).push(3).op(Opcode::kTload).return_top();
    r = run(host, t.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{9});
    CHECK(kGas - r.result.gas_left == 3 + 3 + 100 + 3 + 100 + 15);
    // BALANCE masks the address to 160 bits (Yellow Paper §9.4.2).
    host.account_gas = 2600;
    Address who;
    who.bytes[19] = 0x42;
    host.balances[who] = U256{12345};
    Asm bal;
    bal.push((U256{0xff} << 160) | U256{0x42}).op(Opcode::kBalance).return_top();
    r = run(host, bal.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{12345});
    CHECK(kGas - r.result.gas_left == 3 + 2600 + 15);
}

TEST_CASE("evm: a host failure code halts the frame and is passed through")
{
    struct FailingHost : TestHost {
        WordResult sload(const U256&, uint64_t)
        {
            return {U256{}, ExitCode::kMalformedBuiltinParams, 0};
        }
    };
    FailingHost host;
    Asm a;
    a.push(1).op(Opcode::kSload);
    const PreparedCode code(a.code());
    Message msg;
    msg.code = code.padded.data();
    msg.code_size = code.size;
    msg.jumpdest_bitmap = code.bitmap.data();
    msg.gas = kGas;
    const Result r = execute(host, msg);
    CHECK(r.status == Status::kHostFailure);
    CHECK(r.exit_code == ExitCode::kMalformedBuiltinParams);
    CHECK(r.gas_left == 0);
}

TEST_CASE("evm: state changes in a static context halt (EIP-214)")
{
    TestHost host;
    host.ctx.is_static = true;
    const std::vector<std::vector<uint8_t>> programs = {
        Asm{}.push(1).push(1).op(Opcode::kSstore).code(),
        Asm{}.push(1).push(1).op(Opcode::kTstore).code(),
        Asm{}.push(0).push(0).op(Opcode::kLog0).code(),
        Asm{}.push(0).push(0).push(0).op(Opcode::kCreate).code(),
        Asm{}.push(0).push(0).push(0).push(0).op(Opcode::kCreate2).code(),
        Asm{}.push(0).op(Opcode::kSelfdestruct).code(),
        // CALL with value 1
        Asm{}
            .push(0)
            .push(0)
            .push(0)
            .push(0)
            .push(1)
            .push(0x99)
            .push(1000)
            .op(Opcode::kCall)
            .code(),
    };
    for (const auto& p : programs) {
        const auto r = run(host, p, kGas);
        CHECK(r.result.status == Status::kStaticStateChange);
        CHECK(r.result.exit_code == ExitCode::kStateChangeDuringStaticCall);
        CHECK(r.result.gas_left == 0);
    }
    CHECK(host.storage.empty());
    CHECK(host.logs.empty());
    // CALL without value and STATICCALL are allowed.
    Asm ok;
    ok.push(0).push(0).push(0).push(0).push(0).push(0x99).push(1000).op(Opcode::kCall);
    ok.op(Opcode::kStop);
    CHECK(run(host, ok.code(), kGas).result.status == Status::kSuccess);
}

TEST_CASE("evm: CALL passes its operands, charges memory, copies return data")
{
    TestHost host;
    host.call_gas = 700;
    host.reply_output = {9, 8, 7};
    std::vector<uint8_t> input(40, 0x11);
    // Store 0xdeadbeef in memory[0..32), then CALL(gas 5000, to 0x99, value 3, args [28, 32),
    // ret [64, 66)): memory grows to 66 bytes = 3 words.
    Asm a;
    a.push(0xdeadbeef).push(0).op(Opcode::kMstore);
    a.push(2).push(64).push(4).push(28).push(3).push(0x99).push(5000).op(Opcode::kCall);
    a.push(96).push(0).op(Opcode::kReturn);
    const auto r = run(host, a.code(), kGas);
    REQUIRE(r.result.status == Status::kSuccess);
    REQUIRE(host.calls.size() == 1);
    const auto& c = host.calls[0];
    CHECK(c.params.kind == CallKind::kCall);
    CHECK(c.params.target.bytes[19] == 0x99);
    CHECK(c.params.value == U256{3});
    CHECK(c.params.gas_requested == 5000);
    CHECK(c.input == std::vector<uint8_t>{0xde, 0xad, 0xbe, 0xef});
    // Gas before the call: 3+3+3+3(mem 1 word) + 7 pushes (21) + memory growth 1 -> 3 words (6).
    const uint64_t before = 3 + 3 + 3 + 3 + 21 + 6;
    CHECK(c.gas_left == kGas - before);
    CHECK(r.output[64] == 9);
    CHECK(r.output[65] == 8);
    CHECK(r.output[66] == 0);  // ret size 2: the third byte is not copied
    CHECK(kGas - r.result.gas_left == before + 700 + 3 + 3);
    // The pushed result is 1 on success and 0 otherwise; return data stays readable.
    host.reply_child_status = ExitCode::kPanic;
    Asm b;
    b.push(0).push(0).push(0).push(0).push(0x99).push(0).op(Opcode::kStaticcall).return_top();
    const auto r2 = run(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r2.output.data(), 32) == U256{0});
    CHECK(host.calls.back().params.kind == CallKind::kStaticCall);
    CHECK(host.calls.back().params.value == U256{});
    // A gas operand above 2^64 is saturated.
    Asm d;
    d.push(0).push(0).push(0).push(0).push(0x99).push(kMinusOne).op(Opcode::kDelegatecall);
    d.op(Opcode::kStop);
    run(host, d.code(), kGas);
    CHECK(host.calls.back().params.kind == CallKind::kDelegateCall);
    CHECK(host.calls.back().params.gas_requested == ~uint64_t{0});
    // The host's out-of-fuel for the call's own costs halts the caller.
    host.call_gas = kGas * 2;
    CHECK(run(host, b.code(), kGas).result.status == Status::kOutOfGas);
}

TEST_CASE("evm: CREATE and CREATE2 pass init code, value and salt")
{
    TestHost host;
    host.reply_address.bytes[19] = 0x77;
    host.call_gas = 32000;
    Asm a;
    a.push(0x600160005500).push(0).op(Opcode::kMstore);  // 6 bytes at [26, 32)
    a.push(0x1234).push(6).push(26).push(5).op(Opcode::kCreate2).return_top();
    auto r = run(host, a.code(), kGas);
    REQUIRE(r.result.status == Status::kSuccess);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{0x77});
    REQUIRE(host.creates.size() == 1);
    CHECK(host.creates[0].params.is_create2);
    CHECK(host.creates[0].params.salt == U256{0x1234});
    CHECK(host.creates[0].params.value == U256{5});
    CHECK(host.creates[0].init_code == std::vector<uint8_t>{0x60, 0x01, 0x60, 0x00, 0x55, 0x00});
    host.reply_child_status = ExitCode::kPanic;
    host.reply_output = {1, 2};
    Asm b;
    b.push(0).push(0).push(0).op(Opcode::kCreate).op(Opcode::kReturndatasize).return_top();
    r = run(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{2});  // revert data (EIP-211)
    CHECK_FALSE(host.creates.back().params.is_create2);
}

TEST_CASE("evm: LOG topics in stack order, data from memory")
{
    TestHost host;
    host.log_gas = 375 + 2 * 375 + 8 * 2;
    Asm a;
    a.push(0xabcd).push(0).op(Opcode::kMstore);
    a.push(0x22).push(0x11).push(2).push(30).op(Opcode::kLog2).op(Opcode::kStop);
    CHECK(gas_used(host, a) == 3 + 3 + 3 + 3 + 4 * 3 + host.log_gas);
    REQUIRE(host.logs.size() == 1);
    CHECK(host.logs[0].topics == std::vector<U256>{U256{0x11}, U256{0x22}});
    CHECK(host.logs[0].data == std::vector<uint8_t>{0xab, 0xcd});
}

TEST_CASE("evm: REVERT keeps gas and output; SELFDESTRUCT ends the frame")
{
    TestHost host;
    Asm a;
    a.push(0x55).push(0).op(Opcode::kMstore8).push(1).push(0).op(Opcode::kRevert);
    auto r = run(host, a.code(), kGas);
    CHECK(r.result.status == Status::kRevert);
    CHECK(r.result.exit_code == ExitCode::kPanic);
    CHECK(r.output == std::vector<uint8_t>{0x55});
    CHECK(r.result.gas_left == kGas - (3 + 3 + 3 + 3 + 3 + 3));
    host.selfdestruct_gas = 5000;
    Asm s;
    s.push(0x42).op(Opcode::kSelfdestruct).op(Opcode::kInvalid);
    r = run(host, s.code(), kGas);
    CHECK(r.result.status == Status::kSuccess);
    CHECK(r.result.gas_left == kGas - 3 - 5000);
    REQUIRE(host.selfdestructs.size() == 1);
    CHECK(host.selfdestructs[0].bytes[19] == 0x42);
}

TEST_CASE("evm: EXTCODESIZE/EXTCODECOPY/EXTCODEHASH/BLOCKHASH go to the host")
{
    TestHost host;
    host.account_gas = 100;
    host.block_hash_gas = 20;
    Address a;
    a.bytes[19] = 0x10;
    host.codes[a] = {0x60, 0x01, 0x00};
    host.block_hashes[5] = U256{0xbeef};
    Asm s;
    s.push(0x10).op(Opcode::kExtcodesize).return_top();
    auto r = run(host, s.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{3});
    Asm c;  // EXTCODECOPY(addr, mem 0, code offset 1, size 4): memory 1 word; the host's 100.
    c.push(4).push(1).push(0).push(0x10).op(Opcode::kExtcodecopy).push(4).push(0);
    c.op(Opcode::kReturn);
    r = run(host, c.code(), kGas);
    CHECK(r.output == std::vector<uint8_t>{0x01, 0x00, 0x00, 0x00});
    CHECK(kGas - r.result.gas_left == 4 * 3 + 3 + 100 + 3 + 3);
    Asm h;
    h.push(0x10).op(Opcode::kExtcodehash).return_top();
    r = run(host, h.code(), kGas);
    // keccak256(0x600100)
    uint8_t digest[32];
    const uint8_t code[] = {0x60, 0x01, 0x00};
    blend::keccak256(code, 3, digest);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256::from_be_bytes(digest, 32));
    Asm b;
    b.push(5).op(Opcode::kBlockhash).return_top();
    r = run(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{0xbeef});
    CHECK(kGas - r.result.gas_left == 3 + 20 + 15);
}

TEST_CASE("evm: the opcode table")
{
    CHECK(std::string_view(opcode_name(0x5f)) == "PUSH0");
    CHECK(std::string_view(opcode_name(0x5e)) == "MCOPY");
    CHECK(std::string_view(opcode_name(0x4a)) == "BLOBBASEFEE");
    CHECK(std::string_view(opcode_name(0xff)) == "SELFDESTRUCT");
    CHECK_FALSE(kOpcodeInfo[0xef].defined);  // EOF is not part of Prague
    int defined = 0;
    for (const auto& info : kOpcodeInfo)
        defined += info.defined ? 1 : 0;
    // Cancun: 144 (Shanghai) + TLOAD, TSTORE, MCOPY, BLOBHASH, BLOBBASEFEE = 149.
    CHECK(defined == 149);
}

TEST_CASE("evm: static gas of every pure opcode follows the Yellow Paper's tiers")
{
    // Yellow Paper Appendix G fee tiers (W_base 2, W_verylow 3, W_low 5, W_mid 8, W_high 10) and
    // the EIPs of opcodes added since (EIP-145 shifts: 3, EIP-3855 PUSH0: 2, EIP-3198 BASEFEE: 2,
    // EIP-1344 CHAINID: 2, EIP-4844 BLOBHASH: 3, EIP-7516 BLOBBASEFEE: 2). Each opcode runs on
    // zero operands (PUSH0 x stack-in, then the opcode, then STOP), so no dynamic cost applies.
    struct Row {
        uint8_t op;
        unsigned in;
        uint64_t gas;
    };
    std::vector<Row> rows = {
        {0x01, 2, 3},
        {0x02, 2, 5},
        {0x03, 2, 3},
        {0x04, 2, 5},
        {0x05, 2, 5},
        {0x06, 2, 5},
        {0x07, 2, 5},
        {0x08, 3, 8},
        {0x09, 3, 8},
        {0x0a, 2, 10},
        {0x0b, 2, 5},
        {0x10, 2, 3},
        {0x11, 2, 3},
        {0x12, 2, 3},
        {0x13, 2, 3},
        {0x14, 2, 3},
        {0x15, 1, 3},
        {0x16, 2, 3},
        {0x17, 2, 3},
        {0x18, 2, 3},
        {0x19, 1, 3},
        {0x1a, 2, 3},
        {0x1b, 2, 3},
        {0x1c, 2, 3},
        {0x1d, 2, 3},
        {0x30, 0, 2},
        {0x32, 0, 2},
        {0x33, 0, 2},
        {0x34, 0, 2},
        {0x35, 1, 3},
        {0x36, 0, 2},
        {0x38, 0, 2},
        {0x3a, 0, 2},
        {0x3d, 0, 2},
        {0x41, 0, 2},
        {0x42, 0, 2},
        {0x43, 0, 2},
        {0x44, 0, 2},
        {0x45, 0, 2},
        {0x46, 0, 2},
        {0x48, 0, 2},
        {0x49, 1, 3},
        {0x4a, 0, 2},
        {0x50, 1, 2},
        {0x57, 2, 10},
        {0x58, 0, 2},
        {0x59, 0, 2},
        {0x5a, 0, 2},
        {0x5b, 0, 1},
        {0x5f, 0, 2},
        // Zero-sized copies and hashes: base cost only (Yellow Paper Appendix H).
        {0x20, 2, 30},
        {0x37, 3, 3},
        {0x39, 3, 3},
        {0x3e, 3, 3},
        {0x5e, 3, 3},
    };
    for (unsigned n = 1; n <= 16; ++n) {
        rows.push_back({static_cast<uint8_t>(0x7f + n), n, 3});      // DUPn
        rows.push_back({static_cast<uint8_t>(0x8f + n), n + 1, 3});  // SWAPn
    }
    TestHost host;
    for (const Row& row : rows) {
        INFO("opcode 0x" << std::hex << static_cast<unsigned>(row.op));
        std::vector<uint8_t> code(row.in, static_cast<uint8_t>(Opcode::kPush0));
        code.push_back(row.op);
        code.push_back(0x00);
        const auto r = run(host, code, kGas);
        REQUIRE(r.result.status == Status::kSuccess);
        CHECK(kGas - r.result.gas_left == 2 * row.in + row.gas);
        CHECK(kOpcodeInfo[row.op].stack_in == row.in);
    }
    // PUSH1..PUSH32: W_verylow, one item out.
    for (unsigned n = 1; n <= 32; ++n) {
        std::vector<uint8_t> code(1 + n, 0);
        code[0] = static_cast<uint8_t>(0x5f + n);
        code.push_back(0x00);
        const auto r = run(host, code, kGas);
        REQUIRE(r.result.status == Status::kSuccess);
        CHECK(kGas - r.result.gas_left == 3);
        CHECK(kOpcodeInfo[0x5f + n].immediate == n);
    }
}

// ---- Basic blocks (docs/evm.md "Basic blocks") ------------------------------------------------
// Every run below is made with the block table (the default of run()) and without it (every
// opcode checked, as version-1 metadata runs); both must agree with the figures worked out by
// hand from the Yellow Paper's gas and stack columns.

namespace {

/// Runs `code` in both modes; requires that they agree on everything observable and returns the
/// block-mode result.
RunResult run_both(TestHost& host, const std::vector<uint8_t>& code, uint64_t gas)
{
    TestHost checked_host = host;
    const RunResult checked = run(checked_host, code, gas, {}, false);
    const RunResult blocks = run(host, code, gas, {}, true);
    CHECK(blocks.result.status == checked.result.status);
    CHECK(blocks.result.exit_code == checked.result.exit_code);
    CHECK(blocks.result.gas_left == checked.result.gas_left);
    CHECK(blocks.output == checked.output);
    REQUIRE(host.calls.size() == checked_host.calls.size());
    for (size_t i = 0; i < host.calls.size(); ++i)
        CHECK(host.calls[i].gas_left == checked_host.calls[i].gas_left);
    CHECK(host.storage == checked_host.storage);
    return blocks;
}

}  // namespace

TEST_CASE("evm blocks: analysis splits at JUMPDEST, after JUMPI, terminators and host actions")
{
    // 0: PUSH1 1  2: PUSH1 2  4: ADD | 5: JUMPDEST  6: POP  7: PUSH1 0  9: JUMPI | 10: STOP |
    // 11: SLOAD | 12: GAS | 13: JUMPDEST
    const std::vector<uint8_t> code = {0x60, 1, 0x60, 2,    0x01, 0x5b, 0x50,
                                       0x60, 0, 0x57, 0x00, 0x54, 0x5a, 0x5b};
    REQUIRE(count_blocks(code.data(), code.size()) == 7);  // sentinel + 6
    std::vector<uint16_t> index(code.size() + 1, 0xAAAA);
    std::vector<BlockInfo> blocks(7);
    REQUIRE(analyze_blocks(code.data(), code.size(), index.data(), blocks.data()));
    const std::vector<uint16_t> want_index = {1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 4, 5, 6, 0};
    CHECK(index == want_index);
    CHECK(blocks[0].min_height == kBlockNeverUnchecked);
    // PUSH1 PUSH1 ADD: 9 gas, needs nothing, grows by 2 at most.
    CHECK(blocks[1].gas == 9);
    CHECK(blocks[1].min_height == 0);
    CHECK(blocks[1].span == 1024 - 2);
    // JUMPDEST POP PUSH1 JUMPI: 1 + 2 + 3 + 10; POP needs 1, JUMPI 2 after POP and PUSH1.
    CHECK(blocks[2].gas == 16);
    CHECK(blocks[2].min_height == 2);
    CHECK(blocks[2].span == 1024 - 0 - 2);
    CHECK(blocks[3].gas == 0);  // STOP
    CHECK(blocks[4].gas == 0);  // SLOAD (the host charges it): needs 1, grows 0
    CHECK(blocks[4].min_height == 1);
    CHECK(blocks[5].gas == 2);  // GAS
    CHECK(blocks[5].span == 1024 - 1);
    CHECK(blocks[6].gas == 1);  // the last JUMPDEST
    // What an unchecked block precharged for the instructions after pc.
    CHECK(remaining_block_gas(code.data(), code.size(), 0) == 6);
    CHECK(remaining_block_gas(code.data(), code.size(), 4) == 0);
    CHECK(remaining_block_gas(code.data(), code.size(), 5) == 15);
    CHECK(remaining_block_gas(code.data(), code.size(), 9) == 0);
    // A block that needs more than 1024 items can never run unchecked.
    std::vector<uint8_t> pops(1025, 0x50);
    std::vector<uint16_t> index2(pops.size() + 1);
    std::vector<BlockInfo> blocks2(count_blocks(pops.data(), pops.size()));
    REQUIRE(blocks2.size() == 2);
    REQUIRE(analyze_blocks(pops.data(), pops.size(), index2.data(), blocks2.data()));
    CHECK(blocks2[1].min_height == kBlockNeverUnchecked);
}

TEST_CASE("evm blocks: gas running out in a block's middle halts where it does per opcode")
{
    // PUSH1 0 MLOAD (3 + 3, memory 3) PUSH1 0 PUSH1 1 PUSH1 0 RETURNDATACOPY (3; offset 1 past
    // no return data: EIP-211 halt) PUSH1 0 PUSH1 0 ADD STOP. Static gas 27, the memory 3.
    Asm a;
    a.push(0).op(Opcode::kMload).op(Opcode::kPop);
    a.push(0).push(1).push(0).op(Opcode::kReturndatacopy);
    a.push(0).push(0).op(Opcode::kAdd).op(Opcode::kStop);
    // Static gas: 3 + 3 + 2 (POP) + 9 + 3 + 9 = 29; RETURNDATACOPY's check is reached with
    // 3 + 3 + 3 (memory) + 2 + 9 + 3 = 23. With 29..31 the block is entered unchecked but the
    // memory charge exceeds what the precharge left: the rest of the block must come back and
    // the frame halt at RETURNDATACOPY, not out of gas at MLOAD.
    for (uint64_t gas = 20; gas <= 40; ++gas) {
        TestHost host;
        const auto r = run_both(host, a.code(), gas);
        if (gas < 23)
            CHECK(r.result.status == Status::kOutOfGas);
        else
            CHECK(r.result.status == Status::kReturnDataOutOfBounds);
        CHECK(r.result.gas_left == 0);
    }
    // The same without the halt: exact gas (29 + 3) succeeds, one less is out of gas.
    Asm b;
    b.push(0).op(Opcode::kMload).op(Opcode::kPop);
    b.push(0).push(0).push(0).op(Opcode::kReturndatacopy);
    b.push(0).push(0).op(Opcode::kAdd).op(Opcode::kStop);
    TestHost host;
    CHECK(run_both(host, b.code(), 32).result.status == Status::kSuccess);
    CHECK(run_both(host, b.code(), 31).result.status == Status::kOutOfGas);
    // EXP's byte gas (EIP-160) and KECCAK256's word gas in a block's middle, every gas around
    // the edge.
    Asm c;
    c.push(0x0102).push(3).op(Opcode::kExp).push(32).push(0).op(Opcode::kKeccak256);
    c.op(Opcode::kAdd).push(1).op(Opcode::kPop).op(Opcode::kStop);
    // 3 + 3 + 10 + 100 (2 bytes) + 3 + 3 + 30 + 6 + 3 (memory) + 3 + 3 + 2 = 169.
    for (uint64_t gas = 150; gas <= 175; ++gas) {
        TestHost h;
        const auto r = run_both(h, c.code(), gas);
        CHECK(r.result.status == (gas >= 169 ? Status::kSuccess : Status::kOutOfGas));
        if (gas >= 169)
            CHECK(r.result.gas_left == gas - 169);
    }
}

TEST_CASE("evm blocks: stack underflow and overflow in a block's middle keep their codes")
{
    TestHost host;
    // PUSH1 1 PUSH1 2 ADD ADD: the second ADD finds 1 item and needs 2 (exit code of the
    // underflow carries both: docs/abi.md §6).
    Asm under;
    under.push(1).push(2).op(Opcode::kAdd).op(Opcode::kAdd).op(Opcode::kStop);
    auto r = run_both(host, under.code(), kGas);
    CHECK(r.result.status == Status::kStackUnderflow);
    CHECK(static_cast<int32_t>(r.result.exit_code) == -10000 - 100 * 2 - 1);
    // The same after a JUMPDEST reached by a jump, with 1 item held: POP POP underflows at the
    // second POP (needs 1, holds 0).
    // 0: PUSH1 7  2: PUSH1 5  4: JUMP  5: JUMPDEST  6: POP  7: POP  8: STOP
    const std::vector<uint8_t> code = {0x60, 7, 0x60, 5, 0x56, 0x5b, 0x50, 0x50, 0x00};
    r = run_both(host, code, kGas);
    CHECK(r.result.status == Status::kStackUnderflow);
    CHECK(static_cast<int32_t>(r.result.exit_code) == -10000 - 100 * 1 - 0);
    // 1023 items, then a block of PUSH0 PUSH0: the second PUSH0 overflows.
    Asm over;
    for (int i = 0; i < 1023; ++i)
        over.op(Opcode::kPush0);
    over.op(Opcode::kJumpdest).op(Opcode::kPush0).op(Opcode::kPush0).op(Opcode::kStop);
    r = run_both(host, over.code(), kGas);
    CHECK(r.result.status == Status::kStackOverflow);
    CHECK(r.result.exit_code == ExitCode::kEvmStackLimitReached);
    // Per opcode the stack check comes before the gas: with 1023 PUSH0 (2046), JUMPDEST (1) and
    // one PUSH0 (2) paid, the second PUSH0 overflows; with one gas less the first runs out.
    r = run_both(host, over.code(), 2049);
    CHECK(r.result.status == Status::kStackOverflow);
    r = run_both(host, over.code(), 2048);
    CHECK(r.result.status == Status::kOutOfGas);
}

TEST_CASE("evm blocks: GAS and CALL see the gas as charged per opcode")
{
    // PUSH1 1 PUSH1 2 ADD POP GAS, then more work in the straight line after it.
    Asm a;
    a.push(1).push(2).op(Opcode::kAdd).op(Opcode::kPop).op(Opcode::kGas);
    a.push(5).op(Opcode::kMul).push(1).op(Opcode::kPop).return_top();
    TestHost host;
    auto r = run_both(host, a.code(), kGas);
    REQUIRE(r.result.status == Status::kSuccess);
    // 3 + 3 + 3 + 2 + GAS 2 before GAS pushes.
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{(kGas - 13) * 5});

    // CALL with ops after it in the same straight line: the host gets the frame's gas as it is
    // per opcode (EIP-150 63/64 is computed from it).
    host.call_gas = 700;
    Asm b;
    b.push(1).push(2).op(Opcode::kAdd).op(Opcode::kPop);
    b.push(0).push(0).push(0).push(0).push(0).push(0x99).push(5000).op(Opcode::kCall);
    b.push(3).op(Opcode::kAdd).push(4).op(Opcode::kMul).op(Opcode::kPop);
    b.op(Opcode::kGas).return_top();
    r = run_both(host, b.code(), kGas);
    REQUIRE(r.result.status == Status::kSuccess);
    REQUIRE(host.calls.size() == 1);
    const uint64_t before = 3 + 3 + 3 + 2 + 7 * 3;
    CHECK(host.calls[0].gas_left == kGas - before);
    CHECK(U256::from_be_bytes(r.output.data(), 32) ==
          U256{kGas - before - 700 - (3 + 3 + 3 + 5 + 2 + 2)});

    // SSTORE's EIP-2200 sentry reads gas_left: the host sees it per opcode here too.
    host.sstore_gas = 5;
    Asm c;
    c.push(7).push(1).op(Opcode::kSstore).push(1).push(1).op(Opcode::kAdd).op(Opcode::kStop);
    run_both(host, c.code(), 100);
}

TEST_CASE("evm blocks: a JUMP into the middle of a straight line starts a block there")
{
    // 0: PUSH1 3  2: PUSH1 10  4: JUMP  5: PUSH1 1  7: PUSH1 2  9: ADD  10: JUMPDEST
    // 11: PUSH1 1  13: ADD  14: (return the top)
    // Jumping over 5..9 into 10: the JUMPDEST's block must not include what precedes it.
    Asm a;
    a.raw({0x60, 3, 0x60, 10, 0x56, 0x60, 1, 0x60, 2, 0x01, 0x5b, 0x60, 1, 0x01});
    a.return_top();
    TestHost host;
    // Gas: 3 + 3 + 8 (JUMP) + 1 (JUMPDEST) + 3 + 3 + return_top (3 + 3 + 3 memory + 3 + 3).
    const uint64_t used = 3 + 3 + 8 + 1 + 3 + 3 + 15;
    for (uint64_t gas = used - 3; gas <= used + 1; ++gas) {
        const auto r = run_both(host, a.code(), gas);
        CHECK(r.result.status == (gas >= used ? Status::kSuccess : Status::kOutOfGas));
        if (gas >= used) {
            CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{4});
            CHECK(r.result.gas_left == gas - used);
        }
    }
    // Without the jump the straight line runs through the JUMPDEST: 3 + 3 + 3 more + ADD 3.
    Asm b;
    b.raw({0x60, 1, 0x60, 2, 0x01, 0x5b, 0x60, 1, 0x01});
    b.return_top();
    const auto r = run_both(host, b.code(), kGas);
    CHECK(U256::from_be_bytes(r.output.data(), 32) == U256{4});
    CHECK(r.result.gas_left == kGas - (3 + 3 + 3 + 1 + 3 + 3 + 15));
    // The byte after a JUMPI starts a block but is no jump destination.
    // 0: PUSH1 0  2: PUSH1 0  4: JUMPI  5: PUSH1 5  7: JUMP
    const std::vector<uint8_t> bad = {0x60, 0, 0x60, 0, 0x57, 0x60, 5, 0x56};
    CHECK(run_both(host, bad, kGas).result.status == Status::kBadJumpDestination);
    // A loop: the JUMPDEST is reached by falling through once and by JUMPI four times.
    // 0: PUSH1 5  2: JUMPDEST  3: PUSH1 1  5: SWAP1  6: SUB  7: DUP1  8: PUSH1 2  10: JUMPI
    // 11: return the top (0).
    Asm loop;
    loop.raw({0x60, 5, 0x5b, 0x60, 1, 0x90, 0x03, 0x80, 0x60, 2, 0x57});
    loop.return_top();
    const auto lr = run_both(host, loop.code(), kGas);
    CHECK(U256::from_be_bytes(lr.output.data(), 32) == U256{0});
    CHECK(lr.result.gas_left == kGas - (3 + 5 * (1 + 3 + 3 + 3 + 3 + 3 + 10) + 15));
}
