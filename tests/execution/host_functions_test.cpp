// SPDX-License-Identifier: Apache-2.0
// The host functions of docs/abi.md §1, through wat/host.wat (one op per input byte 0).
#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "execution/gas.hpp"
#include "tests/execution/stf_test_support.hpp"
#include "trie/poseidon/poseidon.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;
using abi::ExitCode;

namespace {

struct HostEnv {
    Env env;
    HostEnv() { env.install(addr(1), "host"); }
    MessageResult run(Bytes input, uint64_t gas = 1'000'000)
    {
        JournaledState state(env.pre);
        return env.call(state, addr(1), std::move(input), gas);
    }
};

uint64_t be64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = v << 8 | p[i];
    return v;
}

}  // namespace

TEST_CASE("_state, _input_size and _read_context describe the frame", "[stf][host]")
{
    HostEnv h;
    const MessageResult s = h.run({0});
    REQUIRE(s.exit_code == 0);
    CHECK(proxy_exit(s.output) == abi::kStateMain);
    const MessageResult n = h.run({19, 1, 2, 3});
    CHECK(proxy_exit(n.output) == 4);

    const MessageResult c = h.run({1}, 123'456);
    REQUIRE(c.exit_code == 0);
    REQUIRE(c.output.size() == abi::kContextSize);
    const uint8_t* ctx = c.output.data();
    namespace k = abi::context;
    CHECK(ctx[k::kVersion] == abi::kAbiVersion);
    CHECK(ctx[k::kFlags] == 0);
    CHECK(be64(ctx + k::kChainId) == 1337);
    CHECK(be64(ctx + k::kBlockNumber) == 100);
    CHECK(be64(ctx + k::kBlockTimestamp) == 1'700'000'000);
    CHECK(be64(ctx + k::kBlockGasLimit) == 30'000'000);
    CHECK(U256::from_be_bytes(ctx + k::kBaseFee, 32) == 7);
    CHECK(to_address(BytesView(ctx + k::kCoinbase, 20)) == addr(0xCB));
    CHECK(to_address(BytesView(ctx + k::kTxOrigin, 20)) == addr(0xEE));
    CHECK(U256::from_be_bytes(ctx + k::kGasPrice, 32) == 9);
    CHECK(to_address(BytesView(ctx + k::kContractAddress, 20)) == addr(1));
    CHECK(to_address(BytesView(ctx + k::kBytecodeAddress, 20)) == addr(1));
    CHECK(to_address(BytesView(ctx + k::kCaller, 20)) == addr(0xEE));
    CHECK(be64(ctx + k::kFrameGasLimit) == 123'456);
    CHECK(be64(ctx + k::kTxGasLimit) == 1'000'000);
}

TEST_CASE("_keccak256 hashes guest memory", "[stf][host]")
{
    HostEnv h;
    const MessageResult r = h.run({2, 'a', 'b', 'c'});
    REQUIRE(r.exit_code == 0);
    // keccak256("abc"), the Keccak team's test vector.
    CHECK(r.output == hex("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"));
}

TEST_CASE("_fuel reports the fuel left, which falls as the frame runs", "[stf][host]")
{
    HostEnv h;
    const MessageResult r = h.run({3}, 10'000);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.size() == 8);
    uint64_t fuel = 0;
    std::memcpy(&fuel, r.output.data(), 8);
    CHECK(fuel < gas_to_fuel(10'000));
    CHECK(fuel > gas_to_fuel(10'000) / 2);
}

TEST_CASE("host function failures end the frame with their exit codes", "[stf][host]")
{
    HostEnv h;
    const std::pair<uint8_t, ExitCode> cases[] = {
        {4, ExitCode::kNonNegativeExitCode},      // _exit(5)
        {5, ExitCode::kInputOutputOutOfBounds},   // _read past the input
        {6, ExitCode::kMemoryOutOfBounds},        // _write from outside memory
        {7, ExitCode::kRootCallOnly},             // _resume
        {8, ExitCode::kOutOfFuel},                // _charge_fuel beyond the limit
        {17, ExitCode::kUnreachableCodeReached},  // unreachable
        {18, ExitCode::kMalformedBuiltinParams},  // _exec with an unknown ABI version
        {20, ExitCode::kInputOutputOutOfBounds},  // _read_output past the return data
        {21, ExitCode::kInputOutputOutOfBounds},  // _read_context past its end
        {99, ExitCode::kMalformedBuiltinParams},  // the contract's own _exit(-1003)
    };
    for (const auto& [op, expected] : cases) {
        INFO("op " << int{op});
        const MessageResult r = h.run({op}, 100'000);
        CHECK(r.exit_code == static_cast<int32_t>(expected));
        CHECK(r.gas_used == 100'000);  // every failure but a revert burns the frame's gas
        CHECK(r.output.empty());
    }
}

TEST_CASE("_exit(-1) reverts with output and returns the unused gas", "[stf][host]")
{
    HostEnv h;
    const MessageResult r = h.run({16, 'n', 'o'}, 100'000);
    CHECK(r.exit_code == static_cast<int32_t>(ExitCode::kPanic));
    CHECK(r.output == Bytes{'n', 'o'});
    CHECK(r.gas_used < 10'000);
}

TEST_CASE("_poseidon matches circomlib and _poseidon_hash the trie's H_d", "[stf][host]")
{
    HostEnv h;
    // circomlib poseidon([1, 2]) (circomlibjs test vector).
    const MessageResult r = h.run(cat({Bytes{9}, word(1).view(), word(2).view()}));
    REQUIRE(r.exit_code == 0);
    CHECK(r.output == hex("115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"));
    // A non-canonical element (≥ r) is refused.
    Hash big;
    big.bytes.fill(0xFF);
    CHECK(h.run(cat({Bytes{9}, big.view()})).exit_code ==
          static_cast<int32_t>(ExitCode::kMalformedBuiltinParams));
    CHECK(h.run(cat({Bytes{9}, Bytes(33, 0)})).exit_code ==
          static_cast<int32_t>(ExitCode::kMalformedBuiltinParams));

    const MessageResult d = h.run(cat({Bytes{10}, word(1).view(), word(2).view(), word(3).view()}));
    REQUIRE(d.exit_code == 0);
    using field::Fr;
    const Hash expected =
        field::fr_to_hash(poseidon::hash2(Fr::from_u64(3), Fr::from_u64(1), Fr::from_u64(2)));
    CHECK(d.output == Bytes(expected.bytes.begin(), expected.bytes.end()));
}

TEST_CASE("_ecrecover returns the signer's public key", "[stf][host]")
{
    HostEnv h;
    crypto::PrivateKey key;
    key[31] = 0x2a;
    const Hash digest = keccak256(Bytes{'m', 's', 'g'});
    const auto sig = crypto::sign_recoverable(digest, key);
    REQUIRE(sig.has_value());
    const Bytes input =
        cat({Bytes{11}, digest.view(), sig->r.view(), sig->s.view(), Bytes{sig->y_parity}});
    const MessageResult r = h.run(input);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.size() == 69);
    CHECK(proxy_exit(r.output) == 0);
    CHECK(r.output[4] == 0x04);  // uncompressed point
    const Hash key_hash = keccak256(BytesView(r.output.data() + 5, 64));
    const auto expected = crypto::address_from_private_key(key);
    REQUIRE(expected.has_value());
    CHECK(to_address(BytesView(key_hash.data() + 12, 20)) == *expected);

    Bytes bad = input;
    bad[97] = 7;  // recovery id other than 0/1
    CHECK(h.run(bad).exit_code == static_cast<int32_t>(ExitCode::kMalformedBuiltinParams));
}

TEST_CASE("_preimage_size and _preimage_copy find code by hash", "[stf][host]")
{
    HostEnv h;
    const Bytes code = contract_code("host");
    const Hash hash = keccak256(code);
    const MessageResult size = h.run(cat({Bytes{12}, hash.view()}));
    CHECK(proxy_exit(size.output) == static_cast<int32_t>(code.size()));
    const MessageResult copy = h.run(cat({Bytes{13}, hash.view()}));
    CHECK(copy.output == code);
    const MessageResult none = h.run(cat({Bytes{12}, word(1).view()}));
    CHECK(proxy_exit(none.output) == 0);
}

TEST_CASE("_debug_log is charged by length", "[stf][host]")
{
    HostEnv h;
    const MessageResult short_log = h.run(cat({Bytes{14}, Bytes(10, 'x')}));
    const MessageResult long_log = h.run(cat({Bytes{14}, Bytes(3'200, 'x')}));
    REQUIRE(short_log.exit_code == 0);
    REQUIRE(long_log.exit_code == 0);
    // 99 more words of copy cost (3 gas each), plus the longer input's own _read copy.
    CHECK(long_log.gas_used - short_log.gas_used >= 99 * 3);
}
