// SPDX-License-Identifier: Apache-2.0
// Every `_exec` syscall of docs/abi.md §3, through the proxy contract (wat/proxy.wat).
#include "core/hex.hpp"
#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/gas.hpp"
#include "tests/execution/stf_test_support.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;
using abi::ExitCode;
using abi::Syscall;

namespace {

Bytes bytes_of(const Hash& h)
{
    return Bytes(h.bytes.begin(), h.bytes.end());
}

Bytes bytes_of(const Address& a)
{
    return Bytes(a.bytes.begin(), a.bytes.end());
}

struct ProxyEnv {
    Env env;
    JournaledState state;
    ProxyEnv() : state(env.pre) {}
    void ready()
    {
        env.install(addr(1), "proxy");
        env.install(addr(2), "proxy");
    }
    MessageResult run(Syscall s, BytesView payload, uint8_t flags = 0, uint64_t gas = 1'000'000)
    {
        return env.call(state, addr(1), proxy_input(s, payload, flags), gas);
    }
};

}  // namespace

TEST_CASE("STORAGE_WRITE charges EIP-2200/2929 gas and keeps EIP-3529 refunds", "[stf][syscalls]")
{
    ProxyEnv p;
    p.env.install(addr(1), "proxy");
    p.env.pre.set_storage(addr(1), word(1), word(1));
    JournaledState& s = p.state;
    const auto write = [&](uint64_t slot, uint64_t value) {
        return p.run(Syscall::kStorageWrite, cat({word(slot).view(), word(value).view()}));
    };
    // Two frames doing the same work except the SSTORE: the difference is the SSTORE's price.
    const MessageResult set = write(2, 5);    // cold, 0 → 5: 2100 + 20000
    const MessageResult reset = write(2, 6);  // warm, dirty: 100
    CHECK(set.gas_used - reset.gas_used == gas::kColdSload + gas::kSstoreSet - gas::kWarmAccess);
    CHECK(s.refund() == 0);
    const MessageResult clear = write(1, 0);  // cold, 1 → 0: 2100 + 2900, refund 4800
    CHECK(clear.gas_used - reset.gas_used ==
          gas::kColdSload + gas::kSstoreReset - gas::kWarmAccess);
    CHECK(s.refund() == 4'800);
    (void)write(1, 1);  // back to the original: -4800 + 2800
    CHECK(s.refund() == 2'800);
    CHECK(s.storage(addr(1), word(1)) == word(1));
    CHECK(s.original_storage(addr(1), word(1)) == word(1));
}

TEST_CASE("the fuel buffer limits an action and reports what it consumed", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    // A cold STORAGE_READ costs 2100 gas; with a limit of 1000 gas it fails inside `_exec`
    // (the frame goes on) and consumes exactly the limit.
    const uint64_t limit = gas_to_fuel(1'000);
    const MessageResult low =
        p.run(Syscall::kStorageRead, cat({u64_be(limit), word(1).view()}), kFuelBufferFlag);
    REQUIRE(low.exit_code == 0);
    CHECK(proxy_exit(low.output) == code(ExitCode::kOutOfFuel));
    REQUIRE(low.output.size() >= 20);
    uint64_t consumed = 0;
    for (int i = 0; i < 8; ++i)
        consumed = consumed << 8 | low.output[4 + i];
    CHECK(consumed == limit);

    JournaledState fresh(p.env.pre);
    const MessageResult ok =
        p.env.call(fresh, addr(1),
                   proxy_input(Syscall::kStorageRead, cat({u64_be(~uint64_t{0}), word(1).view()}),
                               kFuelBufferFlag));
    CHECK(proxy_exit(ok.output) == 0);
    consumed = 0;
    for (int i = 0; i < 8; ++i)
        consumed = consumed << 8 | ok.output[4 + i];
    CHECK(consumed == gas_to_fuel(gas::kColdSload));
}

TEST_CASE("malformed syscall input ends the frame with MalformedBuiltinParams", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    const std::pair<uint8_t, Bytes> cases[] = {
        {0x01, Bytes(31, 0)},  // STORAGE_READ: 31 bytes
        {0x02, Bytes(65, 0)},  // STORAGE_WRITE: 65 bytes
        {0x09, Bytes{5}},      // EMIT_LOG: 5 topics
        {0x09, Bytes{2, 0}},   // EMIT_LOG: topics cut short
        {0x0b, Bytes(19, 0)},  // BALANCE: 19 bytes
        {0x10, Bytes{}},       // reserved number
        {0x44, Bytes{}},       // reserved number
        {0x03, Bytes(51, 0)},  // CALL: header cut short
    };
    for (const auto& [number, payload] : cases) {
        INFO("syscall " << int{number});
        const MessageResult r = p.env.call(p.state, addr(1), proxy_input(number, payload), 100'000);
        CHECK(r.exit_code == code(ExitCode::kMalformedBuiltinParams));
        CHECK(r.gas_used == 100'000);
    }
}

TEST_CASE("TRANSIENT_WRITE / TRANSIENT_READ last for the transaction (EIP-1153)", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    REQUIRE(
        proxy_exit(p.run(Syscall::kTransientWrite, cat({word(3).view(), word(4).view()})).output) ==
        0);
    const MessageResult r = p.run(Syscall::kTransientRead, word(3).view());
    CHECK(proxy_data(r.output) == bytes_of(word(4)));
    (void)p.state.finish_transaction();
    const MessageResult after = p.run(Syscall::kTransientRead, word(3).view());
    CHECK(proxy_data(after.output) == bytes_of(Hash{}));
    CHECK(p.state.storage(addr(1), word(3)) == Hash{});  // never persistent
}

TEST_CASE("BALANCE, SELF_BALANCE, CODE_SIZE, CODE_HASH, CODE_COPY", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    p.env.pre.set_balance(addr(1), 1234);
    p.env.pre.set_balance(addr(7), 99);
    const Bytes code = contract_code("proxy");

    CHECK(proxy_data(p.run(Syscall::kBalance, addr(7).view()).output) == bytes_of(word(99)));
    CHECK(proxy_data(p.run(Syscall::kSelfBalance, {}).output) == bytes_of(word(1234)));
    CHECK(proxy_data(p.run(Syscall::kCodeSize, addr(2).view()).output) == u64_be(code.size()));
    CHECK(proxy_data(p.run(Syscall::kCodeHash, addr(2).view()).output) ==
          bytes_of(keccak256(code)));
    // EIP-1052: zero for an account that does not exist.
    CHECK(proxy_data(p.run(Syscall::kCodeHash, addr(8).view()).output) == bytes_of(Hash{}));
    // EOA with a balance: the empty code's hash.
    CHECK(proxy_data(p.run(Syscall::kCodeHash, addr(7).view()).output) == bytes_of(kEmptyCodeHash));
    const MessageResult copy =
        p.run(Syscall::kCodeCopy, cat({addr(2).view(), u64_be(2), u64_be(10)}));
    CHECK(proxy_data(copy.output) == Bytes(code.begin() + 2, code.begin() + 12));
    const MessageResult padded =
        p.run(Syscall::kCodeCopy, cat({addr(2).view(), u64_be(code.size() - 1), u64_be(3)}));
    CHECK(proxy_data(padded.output) == Bytes{code.back(), 0, 0});
}

TEST_CASE("BALANCE charges EIP-2929 cold then warm", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    const MessageResult cold = p.run(Syscall::kBalance, addr(7).view());
    const MessageResult warm = p.run(Syscall::kBalance, addr(7).view());
    CHECK(cold.gas_used - warm.gas_used == gas::kColdAccountAccess - gas::kWarmAccess);
}

TEST_CASE("BLOCK_HASH serves the last 256 blocks only", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    p.env.pre.set_block_hash(99, word(0x99));
    p.env.pre.set_block_hash(100, word(0x100));
    CHECK(proxy_data(p.run(Syscall::kBlockHash, u64_be(99)).output) == bytes_of(word(0x99)));
    CHECK(proxy_data(p.run(Syscall::kBlockHash, u64_be(100)).output) == bytes_of(Hash{}));
    p.env.block.number = 99 + 257;
    CHECK(proxy_data(p.run(Syscall::kBlockHash, u64_be(99)).output) == bytes_of(Hash{}));
}

TEST_CASE("EMIT_LOG records address, topics and data", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    const Bytes payload = cat({Bytes{2}, word(0xA).view(), word(0xB).view(), Bytes{'h', 'i'}});
    const MessageResult r = p.run(Syscall::kEmitLog, payload);
    REQUIRE(proxy_exit(r.output) == 0);
    REQUIRE(p.state.logs().size() == 1);
    const Log& log = p.state.logs()[0];
    CHECK(log.address == addr(1));
    CHECK(log.topics == std::vector<Hash>{word(0xA), word(0xB)});
    CHECK(log.data == Bytes{'h', 'i'});
    // A reverted frame's logs go with it.
    (void)p.run(Syscall::kEmitLog, payload, kRevertFlag);
    CHECK(p.state.logs().size() == 1);
}

TEST_CASE("CALL with value, CALL_CODE and DELEGATE_CALL run in the right context",
          "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    p.env.pre.set_balance(addr(1), 1'000);
    const Bytes write = proxy_input(Syscall::kStorageWrite, cat({word(4).view(), word(8).view()}));

    // CALL moves value and runs the callee on its own storage.
    const MessageResult call =
        p.run(Syscall::kCall, cat({addr(2).view(), word(300).view(), write}));
    CHECK(proxy_exit(call.output) == 0);
    CHECK(p.state.get(addr(2)).balance == 300);
    CHECK(p.state.get(addr(1)).balance == 700);
    CHECK(p.state.storage(addr(2), word(4)) == word(8));

    // DELEGATE_CALL and CALL_CODE run addr(2)'s code on addr(1)'s storage.
    const Bytes write2 = proxy_input(Syscall::kStorageWrite, cat({word(5).view(), word(9).view()}));
    CHECK(proxy_exit(p.run(Syscall::kDelegateCall, cat({addr(2).view(), write2})).output) == 0);
    CHECK(p.state.storage(addr(1), word(5)) == word(9));
    CHECK(p.state.storage(addr(2), word(5)) == Hash{});
    const Bytes write3 = proxy_input(Syscall::kStorageWrite, cat({word(6).view(), word(1).view()}));
    CHECK(proxy_exit(
              p.run(Syscall::kCallCode, cat({addr(2).view(), word(5).view(), write3})).output) ==
          0);
    CHECK(p.state.storage(addr(1), word(6)) == word(1));
    CHECK(p.state.get(addr(1)).balance == 700);  // CALL_CODE sends the value to itself

    // Not enough balance: the call fails without running, the frame goes on.
    const MessageResult poor =
        p.run(Syscall::kCall, cat({addr(2).view(), word(5'000).view(), write}));
    CHECK(proxy_exit(poor.output) == code(ExitCode::kInsufficientBalance));
}

TEST_CASE("calls to precompiles reach precompiles::call with their gas", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    Address sha256;
    sha256[19] = 0x02;
    const MessageResult r = p.run(Syscall::kStaticCall, cat({sha256.view(), Bytes{'a', 'b', 'c'}}));
    REQUIRE(proxy_exit(r.output) == 0);
    // SHA-256("abc") (FIPS 180-2 example).
    CHECK(proxy_data(r.output) ==
          *from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    Address identity;
    identity[19] = 0x04;
    const MessageResult id = p.run(Syscall::kStaticCall, cat({identity.view(), Bytes{1, 2, 3}}));
    CHECK(proxy_data(id.output) == Bytes{1, 2, 3});
    // ecrecover of garbage: success with empty output; bn254 add of a bad point: failure.
    Address bn_add;
    bn_add[19] = 0x06;
    const MessageResult bad = p.run(Syscall::kStaticCall, cat({bn_add.view(), Bytes(128, 0xFF)}));
    CHECK(proxy_exit(bad.output) == code(ExitCode::kPrecompileError));
}

TEST_CASE("CREATE and CREATE2 deploy Wasm at the EIP addresses", "[stf][syscalls][deploy]")
{
    ProxyEnv p;
    p.ready();
    const Bytes init = read_wasm("proxy");
    const MessageResult c = p.run(Syscall::kCreate, cat({word(0).view(), init}), 0, 5'000'000);
    REQUIRE(proxy_exit(c.output) == 0);
    const Address created = create_address(addr(1), 0);
    CHECK(proxy_data(c.output) == bytes_of(created));
    CHECK(p.state.get(created).nonce == 1);  // EIP-161
    CHECK(classify_code(*p.state.code(created)) == CodeKind::kRwasm);
    CHECK(p.state.get(addr(1)).nonce == 1);

    const Hash salt = word(0x5a17);
    const MessageResult c2 =
        p.run(Syscall::kCreate2, cat({word(0).view(), salt.view(), init}), 0, 5'000'000);
    REQUIRE(proxy_exit(c2.output) == 0);
    CHECK(proxy_data(c2.output) == bytes_of(create2_address(addr(1), salt, keccak256(init))));
    // Same salt and code again: the address is taken.
    const MessageResult again =
        p.run(Syscall::kCreate2, cat({word(0).view(), salt.view(), init}), 0, 5'000'000);
    CHECK(proxy_exit(again.output) == code(ExitCode::kCreateContractCollision));

    // EVM init code is routed to the EVM runtime, which does not exist yet (issue 7).
    const MessageResult evm = p.run(Syscall::kCreate, cat({word(0).view(), Bytes{0x60, 0x00}}));
    CHECK(proxy_exit(evm.output) == code(ExitCode::kNotSupportedBytecode));
}

TEST_CASE("a created contract's constructor runs `deploy` with the custom section `input`",
          "[stf][syscalls][deploy]")
{
    ProxyEnv p;
    p.ready();
    Bytes init = read_wasm("proxy");
    // Custom section (id 0): name "input", then slot 3 ‖ value 77.
    const Bytes content = cat({word(3).view(), word(77).view()});
    const Bytes name{'i', 'n', 'p', 'u', 't'};
    init.push_back(0);
    init.push_back(static_cast<uint8_t>(1 + name.size() + content.size()));
    init.push_back(static_cast<uint8_t>(name.size()));
    append(init, name);
    append(init, content);
    const MessageResult c = p.run(Syscall::kCreate, cat({word(0).view(), init}), 0, 5'000'000);
    REQUIRE(proxy_exit(c.output) == 0);
    CHECK(p.state.storage(create_address(addr(1), 0), word(3)) == word(77));
}

TEST_CASE("DESTROY_ACCOUNT follows EIP-6780", "[stf][syscalls]")
{
    ProxyEnv p;
    p.ready();
    p.env.pre.set_balance(addr(1), 500);
    // An account that existed before the transaction only gives its balance away.
    const MessageResult r = p.run(Syscall::kDestroyAccount, addr(9).view());
    CHECK(proxy_exit(r.output) == 0);
    CHECK(p.state.get(addr(9)).balance == 500);
    CHECK(p.state.get(addr(1)).balance == 0);
    (void)p.state.finish_transaction();
    CHECK(p.state.exists(addr(1)));

    // One created in the same transaction is deleted at its end, storage and all.
    const MessageResult c =
        p.run(Syscall::kCreate, cat({word(0).view(), read_wasm("proxy")}), 0, 5'000'000);
    REQUIRE(proxy_exit(c.output) == 0);
    const Address created = to_address(BytesView(proxy_data(c.output)));
    REQUIRE(proxy_exit(p.env
                           .call(p.state, created,
                                 proxy_input(Syscall::kStorageWrite,
                                             cat({word(1).view(), word(2).view()})))
                           .output) == 0);
    REQUIRE(proxy_exit(
                p.env.call(p.state, created, proxy_input(Syscall::kDestroyAccount, addr(9).view()))
                    .output) == 0);
    (void)p.state.finish_transaction();
    CHECK_FALSE(p.state.exists(created));
    CHECK(p.state.storage(created, word(1)) == Hash{});
    const StateDiff diff = p.state.diff();
    CHECK_FALSE(diff.accounts.contains(created));  // never in the pre-state, gone again
    CHECK_FALSE(diff.storage.contains(SlotKey{created, word(1)}));
}

TEST_CASE("ownable accounts: METADATA_CREATE/SIZE/COPY/WRITE and ACCOUNT_OWNER",
          "[stf][syscalls][ownable]")
{
    ProxyEnv p;
    p.ready();
    const Hash salt = word(1);
    const MessageResult c = p.run(Syscall::kMetadataCreate, cat({salt.view(), Bytes{'h', 'i'}}));
    REQUIRE(proxy_exit(c.output) == 0);
    const Address owned = ownable_address(addr(1), salt);
    CHECK(proxy_data(c.output) == bytes_of(owned));
    CHECK(*p.state.code(owned) == ownable_code(addr(1), Bytes{'h', 'i'}));

    const MessageResult size = p.run(Syscall::kMetadataSize, owned.view());
    CHECK(proxy_data(size.output) == Bytes{0, 0, 0, 2, 1, 0, 0});
    const MessageResult copy =
        p.run(Syscall::kMetadataCopy, cat({owned.view(), Bytes{0, 0, 0, 1}, Bytes{0, 0, 0, 3}}));
    CHECK(proxy_data(copy.output) == Bytes{'i', 0, 0});
    CHECK(proxy_data(p.run(Syscall::kAccountOwner, owned.view()).output) == bytes_of(addr(1)));
    CHECK(proxy_data(p.run(Syscall::kAccountOwner, addr(2).view()).output) == bytes_of(Address{}));

    REQUIRE(proxy_exit(
                p.run(Syscall::kMetadataWrite, cat({owned.view(), Bytes{'b', 'y', 'e'}})).output) ==
            0);
    CHECK(*p.state.code(owned) == ownable_code(addr(1), Bytes{'b', 'y', 'e'}));
    // Another runtime may not rewrite it.
    const MessageResult foreign = p.env.call(
        p.state, addr(2), proxy_input(Syscall::kMetadataWrite, cat({owned.view(), Bytes{'x'}})));
    CHECK(foreign.exit_code == code(ExitCode::kMalformedBuiltinParams));

    // Calling the ownable account runs its owner's code with the account as context.
    const MessageResult run = p.env.call(
        p.state, owned, proxy_input(Syscall::kStorageWrite, cat({word(2).view(), word(3).view()})));
    CHECK(proxy_exit(run.output) == 0);
    CHECK(p.state.storage(owned, word(2)) == word(3));
    CHECK(p.state.storage(addr(1), word(2)) == Hash{});
}
