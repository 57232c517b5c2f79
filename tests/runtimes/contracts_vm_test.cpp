// SPDX-License-Identifier: Apache-2.0
// The example contracts (examples/contracts), built to wasm32 by the build, compiled to rWasm and
// run in the rWasm interpreter against FakeChain, a test double of the STF's host functions
// (fake_chain.hpp). Expected values come from the rules the contracts follow (Solidity ABI,
// solc's storage layout, EIP-20 events) computed with core's Keccak; results are decoded with
// the SDK decoder, itself checked against ethers in sdk_abi_test.
#include "contracts/caller_wasm.hpp"
#include "contracts/counter_wasm.hpp"
#include "contracts/erc20_wasm.hpp"
#include "contracts/greeting_wasm.hpp"
#include "core/keccak.hpp"
#include "runtimes/sdk/sdk.hpp"
#include "tests/runtimes/fake_chain.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>

namespace {

namespace sdk = blend::sdk;
namespace sol = blend::sdk::sol;
using blend::Bytes;
using blend::BytesView;
using blend::sdk_test::FakeChain;
using blend::sdk_test::Word;

blend::Address make_address(uint8_t tag)
{
    blend::Address a;
    for (auto& b : a.bytes)
        b = tag;
    return a;
}

sdk::Address to_sdk(const blend::Address& a)
{
    sdk::Address out;
    std::memcpy(out.bytes, a.data(), 20);
    return out;
}

Word word_of(const blend::Address& a)
{
    Word w;
    std::memcpy(w.data() + 12, a.data(), 20);
    return w;
}

Word word_of(uint64_t v)
{
    Word w;
    for (int i = 0; i < 8; ++i)
        w[31 - i] = static_cast<uint8_t>(v >> (8 * i));
    return w;
}

Word word_of(const sdk::U256& v)
{
    Word w;
    v.to_be_bytes(w.data());
    return w;
}

Bytes bytes_of(const Word& w)
{
    return {w.bytes.begin(), w.bytes.end()};
}

Word topic_of(const std::string& signature)
{
    return blend::keccak256(
        BytesView(reinterpret_cast<const uint8_t*>(signature.data()), signature.size()));
}

BytesView view(sdk::ByteView v)
{
    return {v.data, v.size};
}

template <typename T>
T decode_one(const Bytes& out)
{
    sol::Decoder dec(out.data(), out.size());
    T v = dec.next<T>();
    REQUIRE(dec.ok());
    REQUIRE(dec.position() == 32);
    return v;
}

std::string decode_string(const Bytes& out)
{
    const auto s = decode_one<sol::String>(out);
    return {reinterpret_cast<const char*>(s.view.data), s.view.size};
}

Bytes call_data(sdk::ByteView v)
{
    return {v.data, v.data + v.size};
}

const blend::Address kAlice = make_address(0xa1);
const blend::Address kBob = make_address(0xb0);
const blend::Address kCarol = make_address(0xc0);

TEST_CASE("greeting: set and get a string in solc's storage layout", "[contracts][greeting]")
{
    FakeChain chain;
    const auto deployed = chain.deploy(blend::contracts::greeting_wasm(), kAlice);
    REQUIRE(deployed.exit_code == 0);
    const auto greet = call_data(sol::encode_call(sol::selector("greet()")));

    auto out = chain.call(kBob, deployed.address, greet);
    REQUIRE(out.exit_code == 0);
    CHECK(decode_string(out.output) == "Hello, Blend!");
    // Short string: the bytes left-aligned in slot 0 and length*2 in the last byte.
    const Word slot0 = chain.storage(deployed.address, word_of(uint64_t{0}));
    CHECK(std::string(reinterpret_cast<const char*>(slot0.data()), 13) == "Hello, Blend!");
    CHECK(slot0[31] == 26);

    const std::string long_text =
        "A greeting longer than thirty-one bytes, so solc's long layout applies: é€😀";
    out = chain.call(
        kBob, deployed.address,
        call_data(sol::encode_call(
            sol::selector("setGreeting(string)"),
            sol::String{{reinterpret_cast<const uint8_t*>(long_text.data()), long_text.size()}})));
    REQUIRE(out.exit_code == 0);
    CHECK(out.output.empty());
    out = chain.call(kCarol, deployed.address, greet);
    REQUIRE(out.exit_code == 0);
    CHECK(decode_string(out.output) == long_text);
    // Long string: slot 0 holds length*2+1; the data starts at keccak256(slot 0).
    CHECK(chain.storage(deployed.address, word_of(uint64_t{0})) ==
          word_of(uint64_t{long_text.size() * 2 + 1}));
    const Word data_slot = blend::keccak256(word_of(uint64_t{0}).view());
    const Word first = chain.storage(deployed.address, data_slot);
    CHECK(std::string(reinterpret_cast<const char*>(first.data()), 32) == long_text.substr(0, 32));

    // Calldata that does not decode reverts with empty data, as solc's dispatcher does.
    const auto bad = chain.call(kBob, deployed.address,
                                Bytes{0xa4, 0x13, 0x68, 0x62});  // setGreeting, no arguments
    CHECK(bad.exit_code == -1);
    CHECK(bad.output.empty());
    const auto unknown = chain.call(kBob, deployed.address, Bytes{1, 2, 3, 4});
    CHECK(unknown.exit_code == -1);
}

TEST_CASE("greeting: constructor input sets the first greeting", "[contracts][greeting]")
{
    FakeChain chain;
    const auto args = call_data(sol::encode(sol::String{sdk::view_of("gm")}));
    const auto deployed = chain.deploy(blend::contracts::greeting_wasm(), kAlice, args);
    REQUIRE(deployed.exit_code == 0);
    const auto out =
        chain.call(kBob, deployed.address, call_data(sol::encode_call(sol::selector("greet()"))));
    REQUIRE(out.exit_code == 0);
    CHECK(decode_string(out.output) == "gm");
}

TEST_CASE("counter: increment returns the new value and emits Incremented", "[contracts][counter]")
{
    FakeChain chain;
    const auto deployed = chain.deploy(blend::contracts::counter_wasm(), kAlice);
    REQUIRE(deployed.exit_code == 0);
    const auto increment = call_data(sol::encode_call(sol::selector("increment()")));
    const auto get = call_data(sol::encode_call(sol::selector("get()")));

    auto out = chain.call(kAlice, deployed.address, get);
    REQUIRE(out.exit_code == 0);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{0});
    for (uint64_t i = 1; i <= 3; ++i) {
        out = chain.call(kBob, deployed.address, increment);
        REQUIRE(out.exit_code == 0);
        CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{i});
    }
    out = chain.call(kAlice, deployed.address, get);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{3});
    CHECK(chain.storage(deployed.address, word_of(uint64_t{0})) == word_of(uint64_t{3}));

    REQUIRE(chain.logs().size() == 3);
    const auto& log = chain.logs().back();
    CHECK(log.address == deployed.address);
    REQUIRE(log.topics.size() == 2);
    CHECK(log.topics[0] == topic_of("Incremented(address,uint256)"));
    CHECK(log.topics[1] == word_of(kBob));
    CHECK(log.data == bytes_of(word_of(uint64_t{3})));
}

struct Erc20 {
    FakeChain& chain;
    blend::Address address;

    blend::sdk_test::Outcome send(const blend::Address& from, sdk::ByteView data)
    {
        return chain.call(from, address, view(data));
    }
    sdk::U256 balance_of(const blend::Address& who)
    {
        const auto out =
            send(kAlice, sol::encode_call(sol::selector("balanceOf(address)"), to_sdk(who)));
        REQUIRE(out.exit_code == 0);
        return decode_one<sdk::U256>(out.output);
    }
    sdk::U256 allowance(const blend::Address& owner, const blend::Address& spender)
    {
        const auto out = send(kAlice, sol::encode_call(sol::selector("allowance(address,address)"),
                                                       to_sdk(owner), to_sdk(spender)));
        REQUIRE(out.exit_code == 0);
        return decode_one<sdk::U256>(out.output);
    }
};

TEST_CASE("erc20: metadata, transfer, approve, transferFrom and their events", "[contracts][erc20]")
{
    FakeChain chain;
    const auto deployed = chain.deploy(blend::contracts::erc20_wasm(), kAlice);
    REQUIRE(deployed.exit_code == 0);
    Erc20 token{chain, deployed.address};
    const sdk::U256 supply = sdk::U256{1'000'000} * sdk::U256{1'000'000'000'000'000'000ull};

    // Metadata.
    auto out = token.send(kBob, sol::encode_call(sol::selector("name()")));
    REQUIRE(out.exit_code == 0);
    CHECK(decode_string(out.output) == "Blend Token");
    out = token.send(kBob, sol::encode_call(sol::selector("symbol()")));
    CHECK(decode_string(out.output) == "BLT");
    out = token.send(kBob, sol::encode_call(sol::selector("decimals()")));
    CHECK(decode_one<uint8_t>(out.output) == 18);
    out = token.send(kBob, sol::encode_call(sol::selector("totalSupply()")));
    CHECK(decode_one<sdk::U256>(out.output) == supply);

    // The constructor minted everything to the deployer: Transfer(0, alice, supply).
    CHECK(token.balance_of(kAlice) == supply);
    REQUIRE(chain.logs().size() == 1);
    CHECK(chain.logs()[0].topics == std::vector<Word>{topic_of("Transfer(address,address,uint256)"),
                                                      Word{}, word_of(kAlice)});
    // OpenZeppelin layout: _balances is mapping(address => uint256) at slot 0.
    const Word alice_slot = blend::keccak256([&] {
        Bytes b(64);
        std::memcpy(b.data(), word_of(kAlice).data(), 32);
        return b;
    }());
    CHECK(chain.storage(deployed.address, alice_slot) == word_of(supply));

    // transfer(bob, 100)
    out = token.send(kAlice, sol::encode_call(sol::selector("transfer(address,uint256)"),
                                              to_sdk(kBob), sdk::U256{100}));
    REQUIRE(out.exit_code == 0);
    CHECK(decode_one<bool>(out.output) == true);
    CHECK(token.balance_of(kBob) == sdk::U256{100});
    CHECK(token.balance_of(kAlice) == supply - sdk::U256{100});
    REQUIRE(chain.logs().size() == 2);
    CHECK(chain.logs()[1].topics == std::vector<Word>{topic_of("Transfer(address,address,uint256)"),
                                                      word_of(kAlice), word_of(kBob)});
    CHECK(chain.logs()[1].data == bytes_of(word_of(uint64_t{100})));

    // Bob cannot send 101: ERC20InsufficientBalance(bob, 100, 101), no state change, no log.
    out = token.send(kBob, sol::encode_call(sol::selector("transfer(address,uint256)"),
                                            to_sdk(kCarol), sdk::U256{101}));
    CHECK(out.exit_code == -1);
    const Word error_selector = topic_of("ERC20InsufficientBalance(address,uint256,uint256)");
    REQUIRE(out.output.size() == 4 + 96);
    CHECK(std::equal(out.output.begin(), out.output.begin() + 4, error_selector.bytes.begin()));
    sol::Decoder err(out.output.data() + 4, out.output.size() - 4);
    CHECK(err.next<sdk::Address>() == to_sdk(kBob));
    CHECK(err.next<sdk::U256>() == sdk::U256{100});
    CHECK(err.next<sdk::U256>() == sdk::U256{101});
    CHECK(token.balance_of(kBob) == sdk::U256{100});
    CHECK(token.balance_of(kCarol) == sdk::U256{0});
    CHECK(chain.logs().size() == 2);

    // approve(carol, 50) by bob: Approval(bob, carol, 50).
    out = token.send(kBob, sol::encode_call(sol::selector("approve(address,uint256)"),
                                            to_sdk(kCarol), sdk::U256{50}));
    REQUIRE(out.exit_code == 0);
    CHECK(token.allowance(kBob, kCarol) == sdk::U256{50});
    REQUIRE(chain.logs().size() == 3);
    CHECK(chain.logs()[2].topics == std::vector<Word>{topic_of("Approval(address,address,uint256)"),
                                                      word_of(kBob), word_of(kCarol)});

    // transferFrom(bob, alice, 30) by carol: allowance 20 left, Transfer(bob, alice, 30).
    out =
        token.send(kCarol, sol::encode_call(sol::selector("transferFrom(address,address,uint256)"),
                                            to_sdk(kBob), to_sdk(kAlice), sdk::U256{30}));
    REQUIRE(out.exit_code == 0);
    CHECK(decode_one<bool>(out.output) == true);
    CHECK(token.allowance(kBob, kCarol) == sdk::U256{20});
    CHECK(token.balance_of(kBob) == sdk::U256{70});
    CHECK(token.balance_of(kAlice) == supply - sdk::U256{70});
    REQUIRE(chain.logs().size() == 4);
    CHECK(chain.logs()[3].topics == std::vector<Word>{topic_of("Transfer(address,address,uint256)"),
                                                      word_of(kBob), word_of(kAlice)});

    // 30 more exceeds the allowance of 20: ERC20InsufficientAllowance, nothing changes.
    out =
        token.send(kCarol, sol::encode_call(sol::selector("transferFrom(address,address,uint256)"),
                                            to_sdk(kBob), to_sdk(kAlice), sdk::U256{30}));
    CHECK(out.exit_code == -1);
    const Word allowance_error = topic_of("ERC20InsufficientAllowance(address,uint256,uint256)");
    REQUIRE(out.output.size() >= 4);
    CHECK(std::equal(out.output.begin(), out.output.begin() + 4, allowance_error.bytes.begin()));
    CHECK(token.allowance(kBob, kCarol) == sdk::U256{20});
    CHECK(token.balance_of(kBob) == sdk::U256{70});

    // Transfers to the zero address are refused (ERC20InvalidReceiver).
    out = token.send(kAlice, sol::encode_call(sol::selector("transfer(address,uint256)"),
                                              sdk::Address{}, sdk::U256{1}));
    CHECK(out.exit_code == -1);
}

TEST_CASE("caller: a contract calls the counter and returns its answer", "[contracts][caller]")
{
    FakeChain chain;
    const auto counter = chain.deploy(blend::contracts::counter_wasm(), kAlice);
    const auto caller = chain.deploy(blend::contracts::caller_wasm(), kAlice);
    REQUIRE(counter.exit_code == 0);
    REQUIRE(caller.exit_code == 0);
    const auto increment_other = [&] {
        return chain.call(kBob, caller.address,
                          view(sol::encode_call(sol::selector("incrementOther(address)"),
                                                to_sdk(counter.address))));
    };
    auto out = increment_other();
    REQUIRE(out.exit_code == 0);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{1});
    out = increment_other();
    REQUIRE(out.exit_code == 0);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{2});
    // The counter saw the caller contract as msg.sender, and the log is the counter's.
    REQUIRE(chain.logs().size() == 2);
    CHECK(chain.logs()[1].address == counter.address);
    CHECK(chain.logs()[1].topics[1] == word_of(caller.address));

    out = chain.call(
        kBob, caller.address,
        view(sol::encode_call(sol::selector("readOther(address)"), to_sdk(counter.address))));
    REQUIRE(out.exit_code == 0);
    CHECK(decode_one<sdk::U256>(out.output) == sdk::U256{2});

    // A callee that reverts (greeting has no increment()) makes the caller revert too, with the
    // callee's revert data (empty here), and nothing of the failed call remains.
    const auto greeting = chain.deploy(blend::contracts::greeting_wasm(), kAlice);
    REQUIRE(greeting.exit_code == 0);
    out = chain.call(
        kBob, caller.address,
        view(sol::encode_call(sol::selector("incrementOther(address)"), to_sdk(greeting.address))));
    CHECK(out.exit_code == -1);
    CHECK(out.output.empty());
    CHECK(chain.logs().size() == 2);
}

}  // namespace
