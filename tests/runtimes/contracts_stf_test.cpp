// SPDX-License-Identifier: Apache-2.0
// The example contracts end to end through the STF: each is deployed by a creation transaction
// carrying its Wasm (docs/abi.md §7) and called by transactions, through apply_transaction, the
// path every block takes. Expected values follow the rules the contracts implement (Solidity ABI,
// solc's storage layout, EIP-20 events), computed with core's Keccak; outputs are decoded with the
// SDK decoder, itself checked against ethers in sdk_abi_test.
#include "contracts/caller_wasm.hpp"
#include "contracts/counter_wasm.hpp"
#include "contracts/erc20_wasm.hpp"
#include "contracts/greeting_wasm.hpp"
#include "core/keccak.hpp"
#include "core/types/transaction.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/in_memory_state.hpp"
#include "execution/journal.hpp"
#include "runtimes/sdk/sdk.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace {

namespace sdk = blend::sdk;
namespace sol = blend::sdk::sol;
namespace execution = blend::execution;
using blend::Address;
using blend::Bytes;
using blend::BytesView;
using blend::Hash;

Address make_address(uint8_t tag)
{
    Address a;
    a[0] = 0xAA;  // outside the precompile range
    a[19] = tag;
    return a;
}

sdk::Address to_sdk(const Address& a)
{
    sdk::Address out;
    std::memcpy(out.bytes, a.data(), 20);
    return out;
}

Hash word_of(const Address& a)
{
    Hash w;
    std::memcpy(w.data() + 12, a.data(), 20);
    return w;
}

Hash word_of(uint64_t v)
{
    Hash w;
    for (int i = 0; i < 8; ++i)
        w[31 - i] = static_cast<uint8_t>(v >> (8 * i));
    return w;
}

Bytes bytes_of(const Hash& w)
{
    return {w.bytes.begin(), w.bytes.end()};
}

Hash topic_of(const std::string& signature)
{
    return blend::keccak256(
        BytesView(reinterpret_cast<const uint8_t*>(signature.data()), signature.size()));
}

Bytes bytes_of(sdk::ByteView v)
{
    return {v.data, v.data + v.size};
}

template <typename T>
T decode_one(const Bytes& out)
{
    sol::Decoder dec(out.data(), out.size());
    T v = dec.next<T>();
    REQUIRE(dec.ok());
    return v;
}

std::string decode_string(const Bytes& out)
{
    const auto s = decode_one<sol::String>(out);
    return {reinterpret_cast<const char*>(s.view.data), s.view.size};
}

/// Appends a custom section `input` holding the constructor arguments (docs/abi.md §7; Wasm core
/// spec §5.5.3: id 0, u32 LEB128 size, the name as a LEB128-length vector, then the bytes).
Bytes with_constructor_input(std::span<const uint8_t> wasm, const Bytes& input)
{
    const auto leb = [](Bytes& out, uint64_t v) {
        do {
            uint8_t b = v & 0x7f;
            v >>= 7;
            out.push_back(static_cast<uint8_t>(b | (v != 0 ? 0x80 : 0)));
        } while (v != 0);
    };
    Bytes content;
    leb(content, 5);
    content.insert(content.end(), {'i', 'n', 'p', 'u', 't'});
    content.insert(content.end(), input.begin(), input.end());
    Bytes out(wasm.begin(), wasm.end());
    out.push_back(0);
    leb(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

const Address kAlice = make_address(0xa1);
const Address kBob = make_address(0xb0);
const Address kCarol = make_address(0xc0);

/// One chain: a pre-state with funded accounts and a journaled state that transactions apply to
/// one after another, as execute_block does.
struct Chain {
    execution::InMemoryState pre;
    execution::ModuleCache modules;
    execution::BlockContext block;
    std::unique_ptr<execution::JournaledState> state;
    std::map<Address, uint64_t> nonces;

    Chain()
    {
        block.chain_id = 1337;
        block.number = 1;
        block.timestamp = 1'700'000'000;
        block.gas_limit = 30'000'000;
        block.base_fee = 7;
        block.coinbase = make_address(0xcb);
        for (const Address& a : {kAlice, kBob, kCarol})
            pre.set_balance(a, blend::U256{1'000'000'000'000'000'000ull});
        state = std::make_unique<execution::JournaledState>(pre);
    }

    execution::TxOutcome send(const Address& from, std::optional<Address> to, Bytes data)
    {
        blend::Transaction tx;
        tx.type = blend::TxType::kDynamicFee;
        tx.chain_id = block.chain_id;
        tx.nonce = nonces[from];
        tx.max_fee_per_gas = 10;
        tx.max_priority_fee_per_gas = 1;
        tx.gas_limit = 10'000'000;
        tx.to = to;
        tx.data = std::move(data);
        auto outcome =
            execution::apply_transaction(*state, modules, block, tx, from, block.gas_limit);
        INFO("refused: " << (outcome ? "" : execution::to_string(outcome.error())));
        REQUIRE(outcome.has_value());
        ++nonces[from];
        return std::move(*outcome);
    }

    Address deploy(std::span<const uint8_t> wasm, const Address& from, const Bytes& args = {})
    {
        Bytes code =
            args.empty() ? Bytes(wasm.begin(), wasm.end()) : with_constructor_input(wasm, args);
        const auto outcome = send(from, std::nullopt, std::move(code));
        INFO("deploy exit code " << outcome.exit_code);
        REQUIRE(outcome.success);
        REQUIRE(outcome.contract_address.has_value());
        return *outcome.contract_address;
    }

    execution::TxOutcome call(const Address& from, const Address& to, sdk::ByteView calldata)
    {
        return send(from, to, bytes_of(calldata));
    }

    Hash storage(const Address& a, const Hash& slot) { return state->storage(a, slot); }
};

TEST_CASE("STF: greeting round trip, constructor input, solc string layout", "[contracts][stf]")
{
    Chain chain;
    const Address greeting = chain.deploy(blend::contracts::greeting_wasm(), kAlice);
    auto out = chain.call(kBob, greeting, sol::encode_call(sol::selector("greet()")));
    REQUIRE(out.success);
    CHECK(decode_string(out.output) == "Hello, Blend!");

    const std::string text = "Greetings from a Wasm contract through the root STF, 2026";
    out =
        chain.call(kBob, greeting,
                   sol::encode_call(
                       sol::selector("setGreeting(string)"),
                       sol::String{{reinterpret_cast<const uint8_t*>(text.data()), text.size()}}));
    REQUIRE(out.success);
    out = chain.call(kCarol, greeting, sol::encode_call(sol::selector("greet()")));
    REQUIRE(out.success);
    CHECK(decode_string(out.output) == text);
    CHECK(chain.storage(greeting, word_of(uint64_t{0})) == word_of(uint64_t{text.size() * 2 + 1}));

    const Address gm = chain.deploy(blend::contracts::greeting_wasm(), kAlice,
                                    bytes_of(sol::encode(sol::String{sdk::view_of("gm")})));
    out = chain.call(kBob, gm, sol::encode_call(sol::selector("greet()")));
    REQUIRE(out.success);
    CHECK(decode_string(out.output) == "gm");

    // Undecodable calldata reverts (status 0 in the receipt, exit code -1, no output).
    out = chain.send(kBob, greeting, Bytes{1, 2, 3, 4});
    CHECK_FALSE(out.success);
    CHECK(out.exit_code == -1);
}

TEST_CASE("STF: counter increments and its event reaches the receipt", "[contracts][stf]")
{
    Chain chain;
    const Address counter = chain.deploy(blend::contracts::counter_wasm(), kAlice);
    for (uint64_t i = 1; i <= 2; ++i) {
        const auto out = chain.call(kBob, counter, sol::encode_call(sol::selector("increment()")));
        REQUIRE(out.success);
        CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{i});
        REQUIRE(out.logs.size() == 1);
        CHECK(out.logs[0].address == counter);
        CHECK(out.logs[0].topics ==
              std::vector<Hash>{topic_of("Incremented(address,uint256)"), word_of(kBob)});
        CHECK(out.logs[0].data == bytes_of(word_of(i)));
    }
    const auto out = chain.call(kCarol, counter, sol::encode_call(sol::selector("get()")));
    REQUIRE(out.success);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{2});
    CHECK(chain.storage(counter, word_of(uint64_t{0})) == word_of(uint64_t{2}));
}

TEST_CASE("STF: ERC-20 transfer, approve, transferFrom with events", "[contracts][stf]")
{
    Chain chain;
    const sdk::U256 supply{1'000'000};
    const Address token =
        chain.deploy(blend::contracts::erc20_wasm(), kAlice, bytes_of(sol::encode(supply)));
    const auto balance_of = [&](const Address& who) {
        const auto out = chain.call(
            kAlice, token, sol::encode_call(sol::selector("balanceOf(address)"), to_sdk(who)));
        REQUIRE(out.success);
        return decode_one<sdk::U256>(out.output);
    };
    CHECK(balance_of(kAlice) == supply);

    auto out = chain.call(
        kAlice, token,
        sol::encode_call(sol::selector("transfer(address,uint256)"), to_sdk(kBob), sdk::U256{250}));
    REQUIRE(out.success);
    CHECK(decode_one<bool>(out.output));
    REQUIRE(out.logs.size() == 1);
    CHECK(out.logs[0].topics == std::vector<Hash>{topic_of("Transfer(address,address,uint256)"),
                                                  word_of(kAlice), word_of(kBob)});
    CHECK(out.logs[0].data == bytes_of(word_of(uint64_t{250})));
    CHECK(balance_of(kBob) == sdk::U256{250});
    CHECK(balance_of(kAlice) == supply - sdk::U256{250});

    // Too much: reverted, ERC20InsufficientBalance, no log, balances unchanged.
    out = chain.call(kBob, token,
                     sol::encode_call(sol::selector("transfer(address,uint256)"), to_sdk(kCarol),
                                      sdk::U256{251}));
    CHECK_FALSE(out.success);
    CHECK(out.logs.empty());
    const Hash insufficient = topic_of("ERC20InsufficientBalance(address,uint256,uint256)");
    REQUIRE(out.output.size() >= 4);
    CHECK(std::equal(out.output.begin(), out.output.begin() + 4, insufficient.bytes.begin()));
    CHECK(balance_of(kBob) == sdk::U256{250});

    out = chain.call(kBob, token,
                     sol::encode_call(sol::selector("approve(address,uint256)"), to_sdk(kCarol),
                                      sdk::U256{100}));
    REQUIRE(out.success);
    REQUIRE(out.logs.size() == 1);
    CHECK(out.logs[0].topics == std::vector<Hash>{topic_of("Approval(address,address,uint256)"),
                                                  word_of(kBob), word_of(kCarol)});

    out = chain.call(kCarol, token,
                     sol::encode_call(sol::selector("transferFrom(address,address,uint256)"),
                                      to_sdk(kBob), to_sdk(kCarol), sdk::U256{60}));
    REQUIRE(out.success);
    REQUIRE(out.logs.size() == 1);
    CHECK(out.logs[0].topics == std::vector<Hash>{topic_of("Transfer(address,address,uint256)"),
                                                  word_of(kBob), word_of(kCarol)});
    CHECK(balance_of(kCarol) == sdk::U256{60});
    CHECK(balance_of(kBob) == sdk::U256{190});
    out = chain.call(kAlice, token,
                     sol::encode_call(sol::selector("allowance(address,address)"), to_sdk(kBob),
                                      to_sdk(kCarol)));
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{40});

    out = chain.call(kCarol, token,
                     sol::encode_call(sol::selector("transferFrom(address,address,uint256)"),
                                      to_sdk(kBob), to_sdk(kCarol), sdk::U256{41}));
    CHECK_FALSE(out.success);
    CHECK(balance_of(kCarol) == sdk::U256{60});
}

TEST_CASE("STF: a contract calls the counter and returns its result", "[contracts][stf]")
{
    Chain chain;
    const Address counter = chain.deploy(blend::contracts::counter_wasm(), kAlice);
    const Address caller = chain.deploy(blend::contracts::caller_wasm(), kAlice);
    auto out = chain.call(
        kBob, caller, sol::encode_call(sol::selector("incrementOther(address)"), to_sdk(counter)));
    INFO("exit code " << out.exit_code);
    REQUIRE(out.success);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{1});
    REQUIRE(out.logs.size() == 1);
    CHECK(out.logs[0].address == counter);
    CHECK(out.logs[0].topics[1] == word_of(caller));  // msg.sender of the counter is the caller

    out = chain.call(kBob, caller,
                     sol::encode_call(sol::selector("readOther(address)"), to_sdk(counter)));
    REQUIRE(out.success);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{1});

    // The greeting has no increment(): its revert propagates and nothing remains of the call.
    const Address greeting = chain.deploy(blend::contracts::greeting_wasm(), kAlice);
    out = chain.call(kBob, caller,
                     sol::encode_call(sol::selector("incrementOther(address)"), to_sdk(greeting)));
    CHECK_FALSE(out.success);
    CHECK(out.exit_code == -1);
    CHECK(out.logs.empty());
}

}  // namespace
