// SPDX-License-Identifier: Apache-2.0
// The SDK's pure parts, compiled natively: Keccak-256, selectors, the Solidity ABI encoder and
// decoder, and mapping slots against ethers v6 (abi_vectors.mjs, run at test time on random
// values); the decoder's strictness against hand-built malformed inputs from the ABI spec.
#include "runtimes/sdk/sdk.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using namespace blend::sdk;

// ---- hex and the ethers vectors ---------------------------------------------------------------

std::vector<uint8_t> from_hex(const std::string& text)
{
    if (text == "-")
        return {};
    REQUIRE(text.size() % 2 == 0);
    std::vector<uint8_t> out(text.size() / 2);
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<uint8_t>(std::stoul(text.substr(2 * i, 2), nullptr, 16));
    return out;
}

std::string to_hex(ByteView v)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < v.size; ++i) {
        s += kDigits[v.data[i] >> 4];
        s += kDigits[v.data[i] & 15];
    }
    return s;
}

template <size_t N, typename Tag>
std::string to_hex(const FixedBytes<N, Tag>& b)
{
    return to_hex(view_of(b));
}

/// Runs abi_vectors.mjs once per process and splits its output into lines of tokens.
const std::vector<std::vector<std::string>>& ethers_vectors()
{
    static const std::vector<std::vector<std::string>> lines = [] {
        const char* seed_env = std::getenv("BLEND_SDK_ABI_SEED");
        const std::string seed = seed_env != nullptr ? seed_env : "20261122";
        const std::string command = std::string(BLEND_NODE_EXECUTABLE) + " " + BLEND_TESTS_DIR +
                                    "/runtimes/abi_vectors.mjs " + seed + " 60";
        INFO("running " << command << " (ethers v6 from tests/node_modules)");
        FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::string text;
        char buf[65536];
        size_t n = 0;
        while ((n = fread(buf, 1, sizeof buf, pipe)) > 0)
            text.append(buf, n);
        const int status = pclose(pipe);
        // No node or no ethers is a failure, never a skip: the SDK would go unchecked.
        REQUIRE(status == 0);
        std::vector<std::vector<std::string>> out;
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream words(line);
            std::vector<std::string> tokens;
            std::string w;
            while (words >> w)
                tokens.push_back(w);
            if (!tokens.empty())
                out.push_back(std::move(tokens));
        }
        REQUIRE(out.size() > 100);
        return out;
    }();
    return lines;
}

std::vector<const std::vector<std::string>*> vectors_of(const std::string& kind)
{
    std::vector<const std::vector<std::string>*> out;
    for (const auto& line : ethers_vectors()) {
        if (line[0] == kind)
            out.push_back(&line);
    }
    return out;
}

// ---- typed values from the vector text --------------------------------------------------------

/// Owns the memory behind the views of parsed values for the length of one test case.
struct Pool {
    std::deque<std::vector<uint8_t>> bytes;
    std::deque<std::shared_ptr<void>> arrays;
};

U256 word_of(const std::string& hex)
{
    const auto b = from_hex(hex);
    REQUIRE(b.size() == 32);
    return U256::from_be_bytes(b.data(), 32);
}

template <typename T>
struct Parse;

template <typename T>
requires(__is_same(T, uint8_t) || __is_same(T, uint16_t) || __is_same(T, uint32_t) ||
         __is_same(T, uint64_t) || __is_same(T, int8_t) || __is_same(T, int16_t) ||
         __is_same(T, int32_t) || __is_same(T, int64_t)) struct Parse<T> {
    static T from(const std::string& s, Pool&) { return static_cast<T>(word_of(s).low_u64()); }
    static bool equal(T a, T b) { return a == b; }
};
template <>
struct Parse<bool> {
    static bool from(const std::string& s, Pool&) { return s == "1"; }
    static bool equal(bool a, bool b) { return a == b; }
};
template <>
struct Parse<U256> {
    static U256 from(const std::string& s, Pool&) { return word_of(s); }
    static bool equal(const U256& a, const U256& b) { return a == b; }
};
template <unsigned Bits>
struct Parse<sol::Uint<Bits>> {
    static sol::Uint<Bits> from(const std::string& s, Pool&) { return {word_of(s)}; }
    static bool equal(const sol::Uint<Bits>& a, const sol::Uint<Bits>& b) { return a == b; }
};
template <unsigned Bits>
struct Parse<sol::Int<Bits>> {
    static sol::Int<Bits> from(const std::string& s, Pool&) { return {word_of(s)}; }
    static bool equal(const sol::Int<Bits>& a, const sol::Int<Bits>& b) { return a == b; }
};
template <size_t N, typename Tag>
struct Parse<FixedBytes<N, Tag>> {
    static FixedBytes<N, Tag> from(const std::string& s, Pool&)
    {
        const auto b = from_hex(s);
        REQUIRE(b.size() == N);
        FixedBytes<N, Tag> out;
        std::copy(b.begin(), b.end(), out.bytes);
        return out;
    }
    static bool equal(const FixedBytes<N, Tag>& a, const FixedBytes<N, Tag>& b) { return a == b; }
};
template <typename T>
requires(__is_same(T, sol::Bytes) || __is_same(T, sol::String)) struct Parse<T> {
    static T from(const std::string& s, Pool& pool)
    {
        auto& b = pool.bytes.emplace_back(from_hex(s));
        return T{ByteView{b.data(), b.size()}};
    }
    static bool equal(const T& a, const T& b) { return a.view == b.view; }
};
template <typename T>
struct Parse<sol::Array<T>> {
    /// "[a,b,[c,d]]": splits on commas at bracket depth 1.
    static sol::Array<T> from(const std::string& s, Pool& pool)
    {
        REQUIRE(s.size() >= 2);
        REQUIRE(s.front() == '[');
        REQUIRE(s.back() == ']');
        auto items = std::make_shared<std::vector<T>>();
        std::string inner = s.substr(1, s.size() - 2);
        int depth = 0;
        std::string cur;
        for (char c : inner) {
            if (c == ',' && depth == 0) {
                items->push_back(Parse<T>::from(cur, pool));
                cur.clear();
                continue;
            }
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            cur += c;
        }
        if (!cur.empty())
            items->push_back(Parse<T>::from(cur, pool));
        pool.arrays.push_back(items);
        return {items->data(), items->size()};
    }
    static bool equal(const sol::Array<T>& a, const sol::Array<T>& b)
    {
        if (a.count != b.count)
            return false;
        for (size_t i = 0; i < a.count; ++i) {
            if (!Parse<T>::equal(a.items[i], b.items[i]))
                return false;
        }
        return true;
    }
};

/// One case: every vector of `name` is parsed into (Ts...), encoded by the SDK and compared with
/// ethers' encoding, and ethers' encoding is decoded by the SDK and compared with the values.
template <typename... Ts>
void check_case(const std::string& name)
{
    const auto vectors = vectors_of("abi");
    size_t checked = 0;
    for (const auto* line : vectors) {
        if ((*line)[1] != name)
            continue;
        const auto& t = *line;
        REQUIRE(t.size() == 2 + sizeof...(Ts) + 2);
        REQUIRE(t[2 + sizeof...(Ts)] == "=");
        const std::string& expected = t.back();
        Pool pool;
        const size_t mark = arena_mark();
        const auto parse_all = [&]<size_t... I>(std::index_sequence<I...>)
        {
            return std::tuple<Ts...>{Parse<Ts>::from(t[2 + I], pool)...};
        };
        const std::tuple<Ts...> values = parse_all(std::index_sequence_for<Ts...>{});
        INFO(name << " values: " << [&] {
            std::string s;
            for (size_t i = 2; i < 2 + sizeof...(Ts); ++i)
                s += t[i] + " ";
            return s;
        }());
        const ByteView encoded =
            std::apply([](const auto&... v) { return sol::encode(v...); }, values);
        CHECK(to_hex(encoded) == expected);

        const auto bytes = from_hex(expected);
        sol::Decoder dec(bytes.data(), bytes.size());
        std::tuple<Ts...> decoded{dec.next<Ts>()...};
        REQUIRE(dec.ok());
        std::apply(
            [&](const auto&... d) {
                std::apply([&](const auto&... v) { CHECK((Parse<Ts>::equal(d, v) && ...)); },
                           values);
            },
            decoded);
        arena_release(mark);
        ++checked;
    }
    CHECK(checked >= 50);
}

// ---- ethers vectors ---------------------------------------------------------------------------

TEST_CASE("keccak256 matches ethers on random inputs around the rate", "[sdk][keccak]")
{
    const auto vectors = vectors_of("keccak");
    REQUIRE(vectors.size() >= 50);
    for (const auto* line : vectors) {
        const auto input = from_hex((*line)[1]);
        INFO("input of " << input.size() << " bytes");
        CHECK(to_hex(keccak256_constexpr(input.data(), input.size())) == (*line)[2]);
        CHECK(to_hex(keccak256(input.data(), input.size())) == (*line)[2]);
    }
}

void noop() {}

TEST_CASE("selectors and event topics match ethers id()", "[sdk][selector]")
{
    std::map<std::string, std::string> ids;
    for (const auto* line : vectors_of("id"))
        ids[(*line)[1]] = (*line)[2];
    REQUIRE(ids.size() >= 10);
    // Computed at compile time (constexpr variables) and compared with ethers at run time.
    constexpr uint32_t kTransfer = sol::selector("transfer(address,uint256)");
    constexpr uint32_t kBalanceOf = sol::selector("balanceOf(address)");
    constexpr uint32_t kError = sol::selector("Error(string)");
    constexpr Bytes32 kTransferEvent = sol::event_topic("Transfer(address,address,uint256)");
    constexpr Bytes32 kApprovalEvent = sol::event_topic("Approval(address,address,uint256)");
    const auto sel = [&](const std::string& sig) { return ids.at(sig).substr(0, 8); };
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", kTransfer);
    CHECK(std::string(buf) == sel("transfer(address,uint256)"));
    std::snprintf(buf, sizeof buf, "%08x", kBalanceOf);
    CHECK(std::string(buf) == sel("balanceOf(address)"));
    std::snprintf(buf, sizeof buf, "%08x", kError);
    CHECK(std::string(buf) == sel("Error(string)"));
    CHECK(to_hex(kTransferEvent) == ids.at("Transfer(address,address,uint256)"));
    CHECK(to_hex(kApprovalEvent) == ids.at("Approval(address,address,uint256)"));
    // Every signature through the router's Method (the path contracts use).
    CHECK(Method<"totalSupply()", noop>::kSelector ==
          std::stoul(sel("totalSupply()"), nullptr, 16));
    for (const auto& [sig, hash] : ids) {
        const auto h = keccak256(reinterpret_cast<const uint8_t*>(sig.data()), sig.size());
        CHECK(to_hex(h) == hash);
    }
}

TEST_CASE("Solidity ABI encoding and decoding match ethers AbiCoder", "[sdk][abi]")
{
    check_case<U256, Address, bool>("basic");
    check_case<uint8_t, int8_t, uint16_t, int16_t, uint32_t, int32_t, uint64_t, int64_t>("ints");
    check_case<sol::Uint<24>, sol::Int<40>, sol::Uint<128>, sol::Int<256>, sol::Uint<160>>(
        "odd_ints");
    check_case<Bytes32, sol::Bytes, sol::String, FixedBytes<4>>("bytes");
    check_case<sol::Array<U256>, sol::Array<Address>, sol::Array<sol::String>, bool>("arrays");
    check_case<sol::Bytes, sol::Array<uint64_t>, int16_t, sol::String>("mixed");
    check_case<sol::Array<sol::Array<U256>>, sol::Array<sol::Bytes>>("nested");
}

TEST_CASE("mapping slots follow solc's layout as computed by ethers", "[sdk][storage]")
{
    const auto single = vectors_of("slot");
    REQUIRE(single.size() >= 50);
    for (const auto* line : single) {
        Pool pool;
        const auto key = Parse<Address>::from((*line)[1], pool);
        const Bytes32 slot = slot_number(std::stoull((*line)[2]));
        CHECK(to_hex(mapping_slot(key, slot)) == (*line)[3]);
        CHECK(to_hex(Mapping<Address, StorageU256>{slot}.at(key).slot) == (*line)[3]);
    }
    const auto nested = vectors_of("slot2");
    REQUIRE(nested.size() >= 50);
    for (const auto* line : nested) {
        Pool pool;
        const auto key = Parse<Address>::from((*line)[1], pool);
        const auto key2 = Parse<Address>::from((*line)[2], pool);
        const Bytes32 slot = slot_number(std::stoull((*line)[3]));
        const Mapping<Address, Mapping<Address, StorageU256>> allowances{slot};
        CHECK(to_hex(allowances.at(key).at(key2).slot) == (*line)[4]);
    }
}

// ---- strictness (ABI spec, "Formal Specification of the Encoding") ------------------------------

std::vector<uint8_t> words(std::initializer_list<std::string> hex_words)
{
    std::vector<uint8_t> out;
    for (const auto& w : hex_words) {
        std::string padded = std::string(64 - w.size(), '0') + w;
        const auto b = from_hex(padded);
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

template <typename T>
sol::AbiError decode_error(const std::vector<uint8_t>& bytes)
{
    sol::Decoder dec(bytes.data(), bytes.size());
    (void)dec.next<T>();
    return dec.error();
}

TEST_CASE("the decoder refuses values outside their type", "[sdk][abi]")
{
    using sol::AbiError;
    CHECK(decode_error<bool>(words({"2"})) == AbiError::kDirtyValue);
    CHECK(decode_error<bool>(words({"100"})) == AbiError::kDirtyValue);
    CHECK(decode_error<bool>(words({"1"})) == AbiError::kNone);
    CHECK(decode_error<uint8_t>(words({"100"})) == AbiError::kDirtyValue);
    CHECK(decode_error<uint8_t>(words({"ff"})) == AbiError::kNone);
    CHECK(decode_error<sol::Uint<24>>(words({"1000000"})) == AbiError::kDirtyValue);
    CHECK(decode_error<Address>(words({"1" + std::string(40, '0')})) == AbiError::kDirtyValue);
    // int8 -1 is all ones; 0xff alone (255) is not a sign-extended int8.
    CHECK(decode_error<int8_t>(words({"ff"})) == AbiError::kDirtyValue);
    CHECK(decode_error<int8_t>(words({std::string(64, 'f')})) == AbiError::kNone);
    CHECK(decode_error<int8_t>(words({std::string(62, 'f') + "7f"})) == AbiError::kDirtyValue);
    CHECK(decode_error<FixedBytes<4>>(words({"ab000000" + std::string(54, '0') + "01"})) ==
          AbiError::kDirtyValue);
    CHECK(decode_error<U256>({}) == AbiError::kShortInput);
    CHECK(decode_error<U256>(std::vector<uint8_t>(31)) == AbiError::kShortInput);
}

TEST_CASE("the decoder refuses offsets and lengths outside the input", "[sdk][abi]")
{
    using sol::AbiError;
    // A valid `bytes` of 3: offset 0x20, length 3, content.
    CHECK(decode_error<sol::Bytes>(words({"20", "3", "abcdef" + std::string(58, '0')})) ==
          AbiError::kNone);
    // Offset past the end, offset at the end (no room for the length), offset >= 2^32.
    CHECK(decode_error<sol::Bytes>(words({"60", "3", "ab"})) == AbiError::kBadOffset);
    CHECK(decode_error<sol::Bytes>(words({"40", "3"})) == AbiError::kBadOffset);
    CHECK(decode_error<sol::Bytes>(words({"100000020", "3", "ab"})) == AbiError::kBadOffset);
    // Length larger than what follows.
    CHECK(decode_error<sol::String>(words({"20", "21", "ab"})) == AbiError::kBadLength);
    CHECK(decode_error<sol::String>(words({"20", std::string(64, 'f')})) == AbiError::kBadLength);
    // An array whose count claims more elements than the input can hold heads for: refused
    // before any allocation.
    CHECK(decode_error<sol::Array<U256>>(words({"20", "2", "1"})) == AbiError::kBadLength);
    CHECK(decode_error<sol::Array<U256>>(words({"20", "ffffffff"})) == AbiError::kBadLength);
    CHECK(decode_error<sol::Array<U256>>(words({"20", "1", "7"})) == AbiError::kNone);
    // An element of an array is checked like a top-level value.
    CHECK(decode_error<sol::Array<bool>>(words({"20", "1", "2"})) == AbiError::kDirtyValue);
}

TEST_CASE("the decoder's first error sticks", "[sdk][abi]")
{
    const auto bytes = words({"2", "5"});
    sol::Decoder dec(bytes.data(), bytes.size());
    CHECK(dec.next<bool>() == false);
    CHECK(dec.next<U256>() == U256{});  // not 5: after an error every read is a zero value
    CHECK(dec.error() == sol::AbiError::kDirtyValue);
}

// ---- router -----------------------------------------------------------------------------------

U256 add(U256 a, U256 b)
{
    return a + b;
}

sol::String echo(sol::String s)
{
    return s;
}

int g_pings = 0;
void ping()
{
    ++g_pings;
}

using TestRouter = Router<Method<"add(uint256,uint256)", add>,
                          Method<"echo(string)", echo>,
                          Method<"ping()", ping>>;

TEST_CASE("the router dispatches on ethers' selectors and encodes results", "[sdk][router]")
{
    constexpr uint32_t kAdd = sol::selector("add(uint256,uint256)");
    ByteView out;
    const ByteView call = sol::encode_call(kAdd, U256{40}, U256{2});
    REQUIRE(TestRouter::route(call, out) == RouteError::kNone);
    CHECK(to_hex(out) == to_hex(sol::encode(U256{42})));

    const ByteView echo_call =
        sol::encode_call(sol::selector("echo(string)"), sol::String{view_of("héllo")});
    REQUIRE(TestRouter::route(echo_call, out) == RouteError::kNone);
    // The result is the ABI tuple (string): offset 0x20, length 6, "héllo" padded.
    CHECK(to_hex(out) ==
          to_hex(ByteView{words({"20", "6", "68c3a96c6c6f" + std::string(52, '0')}).data(), 96}));

    const int before = g_pings;
    REQUIRE(TestRouter::route(sol::encode_call(sol::selector("ping()")), out) == RouteError::kNone);
    CHECK(g_pings == before + 1);
    CHECK(out.size == 0);

    CHECK(TestRouter::route(sol::encode_call(0xdeadbeef), out) == RouteError::kNoMethod);
    CHECK(TestRouter::route(ByteView{call.data, 3}, out) == RouteError::kNoSelector);
    // Arguments cut short: the second uint256 is missing.
    CHECK(TestRouter::route(ByteView{call.data, 4 + 32}, out) == RouteError::kBadArguments);
}

}  // namespace
