// SPDX-License-Identifier: Apache-2.0
// The dispatcher end to end without a transport: every JSON-RPC error path (-32700, -32600,
// -32601, -32602, batch and size limits), the namespace filter, the Engine port's method set,
// and handlers passing the right arguments to the backend.
#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/types/transaction.hpp"
#include "fake_backend.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/events.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace blend;
using namespace blend::rpc;
using blend::rpc::test::FakeEngineBackend;
using blend::rpc::test::FakeEthBackend;

namespace {

struct Fixture {
    FakeEthBackend eth;
    FakeEngineBackend engine;
    FilterManager filters;
    SubscriptionHub subscriptions;
    DispatcherConfig config;

    Json call(const std::string& body)
    {
        Dispatcher d(config, Services{&eth, &engine, &filters, &subscriptions});
        const auto out = d.handle(body);
        REQUIRE(out);
        return Json::parse(*out);
    }
    Json request(const std::string& method, const std::string& params = "[]")
    {
        return call(R"({"jsonrpc":"2.0","id":1,"method":")" + method + R"(","params":)" + params +
                    "}");
    }
    int error_code(const Json& response)
    {
        REQUIRE(response.contains("error"));
        return response["error"]["code"].get<int>();
    }
};

const std::string kAddress = "\"0x" + std::string(40, '1') + "\"";

}  // namespace

TEST_CASE("parse errors, invalid requests and unknown methods")
{
    Fixture f;
    SECTION("bad JSON is -32700 with a null id")
    {
        const Json r = f.call("{\"jsonrpc\":");
        CHECK(f.error_code(r) == -32700);
        CHECK(r["id"].is_null());
    }
    SECTION("envelope errors are -32600")
    {
        CHECK(f.error_code(f.call(R"({"jsonrpc":"2.0","id":1})")) == -32600);
        CHECK(f.error_code(f.call(R"({"jsonrpc":"1.0","id":1,"method":"eth_chainId"})")) == -32600);
        CHECK(f.error_code(f.call(R"({"id":1,"method":"eth_chainId"})")) == -32600);
        CHECK(f.error_code(f.call(R"({"jsonrpc":"2.0","id":1,"method":7})")) == -32600);
        CHECK(f.error_code(f.call(R"({"jsonrpc":"2.0","id":[1],"method":"eth_chainId"})")) ==
              -32600);
        CHECK(f.error_code(f.call("42")) == -32600);
        CHECK(f.error_code(f.call("[]")) == -32600);
    }
    SECTION("nesting deeper than the limit is refused before parsing")
    {
        const std::string deep =
            std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
        CHECK(f.error_code(f.call(deep)) == -32600);
        // Brackets inside strings do not count.
        const std::string in_string =
            R"({"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":[")" + std::string(200, '[') +
            R"("]})";
        CHECK(f.error_code(f.call(in_string)) == -32602);  // not hex, but parsed
    }
    SECTION("unknown method: -32601 with geth's wording, id echoed")
    {
        const Json r = f.call(R"({"jsonrpc":"2.0","id":"abc","method":"eth_fillTransaction"})");
        CHECK(f.error_code(r) == -32601);
        CHECK(r["error"]["message"] ==
              "the method eth_fillTransaction does not exist/is not available");
        CHECK(r["id"] == "abc");
    }
    SECTION("a notification gets no response")
    {
        Dispatcher d(f.config, Services{&f.eth, nullptr, nullptr, nullptr});
        CHECK(!d.handle(R"({"jsonrpc":"2.0","method":"eth_chainId"})"));
        CHECK(!d.handle(R"({"jsonrpc":"2.0","method":"eth_nope"})"));
    }
}

TEST_CASE("params: positional only, counted, typed")
{
    Fixture f;
    const Json bad = f.request("eth_getBalance", "[\"1111111111111111111111111111111111111111\"]");
    CHECK(f.error_code(bad) == -32602);
    CHECK(bad["error"]["message"] == "invalid argument 0: hex string without 0x prefix");
    CHECK(f.error_code(f.request("eth_getBalance", "[]")) == -32602);
    CHECK(f.request("eth_getBalance", "[]")["error"]["message"] ==
          "missing value for required argument 0");
    CHECK(f.error_code(f.request("eth_getBalance", "{\"address\":" + kAddress + "}")) == -32602);
    CHECK(f.error_code(f.request("eth_chainId", "[1]")) == -32602);
    CHECK(f.error_code(f.request("eth_getBlockByNumber", "[\"latest\"]")) == -32602);
    CHECK(f.error_code(f.request("eth_getBlockByNumber", "[\"latest\", 1]")) == -32602);
    // Params may be omitted entirely for a method without parameters.
    CHECK(f.call(R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})")["result"] == "0x539");
}

TEST_CASE("state reads pass address and block to the backend; omitted block is latest")
{
    Fixture f;
    CHECK(f.request("eth_getBalance", "[" + kAddress + "]")["result"] == "0x3e8");
    CHECK(f.eth.last_block_id->value == BlockId::latest().value);
    CHECK(f.eth.last_address->bytes[0] == 0x11);
    CHECK(f.request("eth_getTransactionCount", "[" + kAddress + ",\"pending\"]")["result"] ==
          "0x7");
    CHECK(f.eth.last_block_id->value == BlockId::tag(BlockTag::kPending).value);
    const std::string hash = "\"0x" + std::string(64, 'c') + "\"";
    f.request("eth_getCode",
              "[" + kAddress + ",{\"blockHash\":" + hash + ",\"requireCanonical\":true}]");
    CHECK(std::holds_alternative<Hash>(f.eth.last_block_id->value));
    CHECK(f.eth.last_block_id->require_canonical);
    const Json storage = f.request("eth_getStorageAt", "[" + kAddress + ",\"0x2\",\"0x5\"]");
    CHECK(storage["result"] == "0x" + std::string(64, '0'));
    CHECK(f.eth.last_slot->bytes[31] == 2);
    CHECK(std::get<uint64_t>(f.eth.last_block_id->value) == 5);
    CHECK(f.error_code(f.request("eth_getStorageAt", "[" + kAddress + ",\"0x" +
                                                         std::string(66, '1') + "\"]")) == -32602);
}

TEST_CASE("eth_call and eth_estimateGas: reverts are code 3 with data")
{
    Fixture f;
    CHECK(f.request("eth_call", "[{\"to\":" + kAddress + "}]")["result"] == "0xcafe");
    f.eth.call_error = RpcError::reverted(Bytes{0x08, 0xc3, 0x79, 0xa0}, "boom");
    const Json r = f.request("eth_call", "[{\"to\":" + kAddress + "},\"latest\"]");
    CHECK(r["error"]["code"] == 3);
    CHECK(r["error"]["message"] == "execution reverted: boom");
    CHECK(r["error"]["data"] == "0x08c379a0");
    CHECK(f.request("eth_estimateGas", "[{}]")["error"]["code"] == 3);
    // State overrides are refused rather than ignored.
    CHECK(f.error_code(f.request("eth_call", "[{},\"latest\",{}]")) == -32602);
}

TEST_CASE("eth_sendRawTransaction decodes, recovers the sender and hands it to the backend")
{
    Fixture f;
    // Hardhat's account #0: a well-known key/address pair.
    crypto::PrivateKey key;
    key.bytes =
        fixed_from_hex<32>("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
            ->bytes;
    Transaction tx;
    tx.type = TxType::kDynamicFee;
    tx.chain_id = 1337;
    tx.max_fee_per_gas = U256(2'000'000'000);
    tx.max_priority_fee_per_gas = U256(1);
    tx.gas_limit = 21000;
    tx.to = Address{};
    auto signed_tx = sign_transaction(tx, key);
    REQUIRE(signed_tx);
    const Bytes raw = encode_transaction(*signed_tx);
    const Json r = f.request("eth_sendRawTransaction", "[\"" + to_hex(raw) + "\"]");
    REQUIRE(r.contains("result"));
    CHECK(r["result"] == to_hex(keccak256(raw)));
    REQUIRE(f.eth.last_sent);
    CHECK(to_checksum_hex(f.eth.last_sent->sender) == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    // Type 3 is refused with geth's wording (api-surface §1.2).
    const Json blob = f.request("eth_sendRawTransaction", "[\"0x03c0\"]");
    CHECK(blob["error"]["code"] == -32000);
    CHECK(blob["error"]["message"] == "transaction type not supported");
    CHECK(f.error_code(f.request("eth_sendRawTransaction", "[\"0xc0\"]")) == -32000);
}

TEST_CASE("eth_feeHistory: blockCount as hex or number, percentiles checked, count clamped")
{
    Fixture f;
    const Json r = f.request("eth_feeHistory", "[\"0x1\",\"latest\",[0.5]]");
    CHECK(r["result"]["baseFeePerGas"].size() == 2);
    CHECK(r["result"]["reward"].size() == 1);
    CHECK(f.eth.last_percentiles == std::vector<double>{0.5});
    CHECK(f.request("eth_feeHistory", "[4,\"latest\"]")["result"]["gasUsedRatio"].size() == 4);
    CHECK(!f.request("eth_feeHistory", "[4,\"latest\"]")["result"].contains("reward"));
    CHECK(f.error_code(f.request("eth_feeHistory", "[\"0x1\",\"latest\",[50,10]]")) == -32602);
    CHECK(f.error_code(f.request("eth_feeHistory", "[\"0x1\",\"latest\",[101]]")) == -32602);
    CHECK(f.error_code(f.request("eth_feeHistory", "[\"0x0\",\"latest\"]")) == -32602);
    f.request("eth_feeHistory", "[\"0x1388\",\"latest\"]");
    CHECK(*f.eth.last_fee_count == kMaxFeeHistoryBlocks);
}

TEST_CASE("batches")
{
    Fixture f;
    SECTION("responses for calls, none for notifications, errors per call")
    {
        const Json r = f.call(R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
                                  {"jsonrpc":"2.0","method":"eth_chainId"},
                                  {"jsonrpc":"2.0","id":2,"method":"nope_x"},
                                  5])");
        REQUIRE(r.is_array());
        REQUIRE(r.size() == 3);
        CHECK(r[0]["id"] == 1);
        CHECK(r[0]["result"] == "0x539");
        CHECK(r[1]["error"]["code"] == -32601);
        CHECK(r[2]["error"]["code"] == -32600);
    }
    SECTION("only notifications: no response")
    {
        Dispatcher d(f.config, Services{&f.eth, nullptr, nullptr, nullptr});
        CHECK(!d.handle(R"([{"jsonrpc":"2.0","method":"eth_chainId"}])"));
    }
    SECTION("over the batch limit: one -32600 error carrying the first id")
    {
        f.config.max_batch_size = 2;
        const Json r = f.call(R"([{"jsonrpc":"2.0","id":9,"method":"eth_chainId"},
                                  {"jsonrpc":"2.0","id":10,"method":"eth_chainId"},
                                  {"jsonrpc":"2.0","id":11,"method":"eth_chainId"}])");
        REQUIRE(r.is_object());
        CHECK(r["error"]["code"] == -32600);
        CHECK(r["error"]["message"] == "batch too large");
        CHECK(r["id"] == 9);
    }
    SECTION("over the response limit: -32003 for the call that crossed it and those after")
    {
        f.config.max_response_bytes = 80;
        const Json r = f.call(R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
                                  {"jsonrpc":"2.0","id":2,"method":"web3_clientVersion"},
                                  {"jsonrpc":"2.0","id":3,"method":"eth_chainId"}])");
        REQUIRE(r.size() == 3);
        CHECK(r[0]["result"] == "0x539");
        CHECK(r[1]["error"]["code"] == -32003);
        CHECK(r[2]["error"]["code"] == -32003);
    }
}

TEST_CASE("a single response over the limit becomes -32003")
{
    Fixture f;
    f.config.max_response_bytes = 200;
    f.eth.logs_value.resize(10);
    const Json r = f.request("eth_getLogs", "[{}]");
    CHECK(f.error_code(r) == -32003);
    CHECK(r["id"] == 1);
}

TEST_CASE("the method table drives the namespace filter and the Engine port")
{
    Fixture f;
    SECTION("debug_ is off by default and on when enabled")
    {
        const std::string hash = "[\"0x" + std::string(64, 'a') + "\"]";
        CHECK(f.error_code(f.request("debug_traceTransaction", hash)) == -32601);
        f.config.namespaces.push_back(Namespace::kDebug);
        // Reaches the handler: the fake backend does not know the transaction.
        const std::string with_tracer =
            "[\"0x" + std::string(64, 'a') + "\",{\"tracer\":\"callTracer\"}]";
        const Json r = f.request("debug_traceTransaction", with_tracer);
        CHECK(f.error_code(r) == -32000);
        CHECK(r["error"]["message"] == "transaction not found");  // geth's errTxNotFound
        // geth's default struct logger is not provided: asked for without a tracer, -32602.
        CHECK(f.error_code(f.request("debug_traceTransaction", hash)) == -32602);
        CHECK(f.error_code(f.request("debug_traceTransaction",
                                     "[\"0x" + std::string(64, 'a') +
                                         "\",{\"tracer\":\"prestateTracer\"}]")) == -32602);
        CHECK(f.error_code(f.request("debug_traceTransaction",
                                     "[\"0x" + std::string(64, 'a') +
                                         "\",{\"tracer\":\"callTracer\",\"tracerConfig\":1}]")) ==
              -32602);
        CHECK(f.error_code(f.request(
                  "debug_traceTransaction",
                  "[\"0x" + std::string(64, 'a') +
                      "\",{\"tracer\":\"callTracer\",\"tracerConfig\":{\"onlyTopCall\":true}}]")) ==
              -32000);
    }
    SECTION("engine_ is never served on the public port")
    {
        f.config.namespaces.push_back(Namespace::kEngine);
        CHECK(f.error_code(f.request("engine_exchangeCapabilities", "[[]]")) == -32601);
    }
    SECTION("rpc_modules lists the enabled namespaces")
    {
        const Json r = f.request("rpc_modules");
        CHECK(r["result"] == Json({{"eth", "1.0"}, {"net", "1.0"}, {"web3", "1.0"}}));
        f.config.namespaces = {Namespace::kEth};
        CHECK(f.error_code(f.request("net_version")) == -32601);
        CHECK(f.error_code(f.request("web3_clientVersion")) == -32601);
    }
    SECTION("the Engine port serves engine_ and exactly the nine eth_ methods of api-surface §2.5")
    {
        f.config.engine_port = true;
        std::set<std::string> eth_served;
        Dispatcher d(f.config, Services{});
        for (const auto& m : methods())
            if (d.serves(m) && m.ns != Namespace::kEngine)
                eth_served.insert(std::string(m.name));
        CHECK(eth_served == std::set<std::string>{"eth_blockNumber", "eth_call", "eth_chainId",
                                                  "eth_getCode", "eth_getBlockByHash",
                                                  "eth_getBlockByNumber", "eth_getLogs",
                                                  "eth_sendRawTransaction", "eth_syncing"});
        CHECK(f.error_code(f.request("eth_getBalance", "[" + kAddress + "]")) == -32601);
        CHECK(f.request("eth_chainId")["result"] == "0x539");
    }
    SECTION("net_version is decimal; web3_sha3 is keccak256")
    {
        CHECK(f.request("net_version")["result"] == "1337");
        // keccak256("") (Yellow Paper; the empty code hash).
        CHECK(f.request("web3_sha3", "[\"0x\"]")["result"] ==
              "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        CHECK(f.request("eth_accounts")["result"] == Json::array());
        CHECK(f.request("eth_syncing")["result"] == false);
    }
}

TEST_CASE("engine_exchangeCapabilities is generated from the table and excludes itself")
{
    Fixture f;
    f.config.engine_port = true;
    const Json r = f.request("engine_exchangeCapabilities", "[[\"engine_newPayloadV4\"]]");
    std::set<std::string> got;
    for (const auto& m : r["result"])
        got.insert(m.get<std::string>());
    // The api-surface §2.1 methods Blend serves (no blobs: no getBlobs; no Osaka: no V5).
    CHECK(got == std::set<std::string>{
                     "engine_getClientVersionV1", "engine_newPayloadV1", "engine_newPayloadV2",
                     "engine_newPayloadV3", "engine_newPayloadV4", "engine_forkchoiceUpdatedV1",
                     "engine_forkchoiceUpdatedV2", "engine_forkchoiceUpdatedV3",
                     "engine_getPayloadV1", "engine_getPayloadV2", "engine_getPayloadV3",
                     "engine_getPayloadV4", "engine_getPayloadBodiesByHashV1",
                     "engine_getPayloadBodiesByRangeV1"});
    CHECK(f.error_code(f.request("engine_exchangeCapabilities", "[\"x\"]")) == -32602);
}

TEST_CASE("polling filters over the dispatcher")
{
    Fixture f;
    f.eth.add_listener(&f.filters);
    const Json id = f.request("eth_newBlockFilter")["result"];
    REQUIRE(id.is_string());
    Block block;
    block.hash.bytes.fill(0x42);
    f.eth.fire_new_head(block);
    const std::string params = "[" + id.dump() + "]";
    std::string expected = "0x";
    for (int i = 0; i < 32; ++i)
        expected += "42";
    CHECK(f.request("eth_getFilterChanges", params)["result"] == Json::array({expected}));
    CHECK(f.request("eth_getFilterChanges", params)["result"] == Json::array());
    CHECK(f.request("eth_uninstallFilter", params)["result"] == true);
    CHECK(f.request("eth_uninstallFilter", params)["result"] == false);
    const Json gone = f.request("eth_getFilterChanges", params);
    CHECK(f.error_code(gone) == -32000);
    CHECK(gone["error"]["message"] == "filter not found");

    // A log filter's eth_getFilterLogs re-runs its criteria on the backend.
    const Json log_id = f.request("eth_newFilter", "[{\"address\":" + kAddress + "}]")["result"];
    CHECK(f.request("eth_getFilterLogs", "[" + log_id.dump() + "]")["result"] == Json::array());
    REQUIRE(f.eth.last_filter);
    CHECK(f.eth.last_filter->addresses.size() == 1);
    // A block filter has no log criteria.
    const Json block_id = f.request("eth_newBlockFilter")["result"];
    CHECK(f.error_code(f.request("eth_getFilterLogs", "[" + block_id.dump() + "]")) == -32000);
    // Subscriptions need a WebSocket.
    const Json sub = f.request("eth_subscribe", "[\"newHeads\"]");
    CHECK(f.error_code(sub) == -32601);
    CHECK(sub["error"]["message"] == "notifications not supported");
}
