// SPDX-License-Identifier: Apache-2.0
// engine_ handlers over the dispatcher with a fake EngineBackend: payload ⇄ header conversion
// and the block-hash check, the version/fork rules and error codes of api-surface §2.
#include "core/hex.hpp"
#include "core/types/header.hpp"
#include "fake_backend.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/engine_payload.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace blend;
using namespace blend::rpc;
using blend::rpc::test::FakeEngineBackend;
using blend::rpc::test::FakeEthBackend;

namespace {

/// The root of an empty Merkle-Patricia trie, keccak256(rlp("")) (api-surface §4: the empty
/// withdrawalsRoot 0x56e81f17…b421).
const Hash kEmptyTrieRoot =
    *hash_from_hex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

Hash filled(uint8_t b)
{
    Hash h;
    h.bytes.fill(b);
    return h;
}

/// A Prague header with no transactions, no withdrawals and no requests.
Header prague_header()
{
    Header h;
    h.parent_hash = filled(1);
    h.coinbase.bytes.fill(2);
    h.state_root = filled(3);
    h.transactions_root = kEmptyTrieRoot;
    h.receipts_root = kEmptyTrieRoot;
    h.mix_hash = filled(4);
    h.number = 7;
    h.gas_limit = 30'000'000;
    h.timestamp = 1'700'000'000;
    h.extra_data = {0xb1};
    h.base_fee_per_gas = U256(875'000'000);
    h.withdrawals_root = kEmptyTrieRoot;
    h.blob_gas_used = 0;
    h.excess_blob_gas = 0;
    h.parent_beacon_block_root = filled(5);
    h.requests_hash = kEmptyRequestsHash;
    return h;
}

Json payload_json(const Header& h, const Hash& block_hash)
{
    return {{"parentHash", to_hex(h.parent_hash)},
            {"feeRecipient", to_hex(h.coinbase)},
            {"stateRoot", to_hex(h.state_root)},
            {"receiptsRoot", to_hex(h.receipts_root)},
            {"logsBloom", to_hex(h.logs_bloom)},
            {"prevRandao", to_hex(h.mix_hash)},
            {"blockNumber", "0x7"},
            {"gasLimit", "0x1c9c380"},
            {"gasUsed", "0x0"},
            {"timestamp", "0x6553f100"},
            {"extraData", "0xb1"},
            {"baseFeePerGas", "0x342770c0"},
            {"blockHash", to_hex(block_hash)},
            {"transactions", Json::array()},
            {"withdrawals", Json::array()},
            {"blobGasUsed", "0x0"},
            {"excessBlobGas", "0x0"}};
}

struct Fixture {
    FakeEthBackend eth;
    FakeEngineBackend engine;
    DispatcherConfig config;
    Fixture() { config.engine_port = true; }

    Json request(const std::string& method, const Json& params)
    {
        Dispatcher d(config, Services{&eth, &engine, nullptr, nullptr});
        const Json body = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
        return Json::parse(*d.handle(body.dump()));
    }
};

}  // namespace

TEST_CASE("newPayloadV4: the payload becomes the header whose hash it claims")
{
    Fixture f;
    const Header header = prague_header();
    const Hash hash = *block_hash(header);
    const Json params = {payload_json(header, hash), Json::array(), to_hex(filled(5)),
                         Json::array()};
    const Json r = f.request("engine_newPayloadV4", params);
    REQUIRE(r.contains("result"));
    CHECK(r["result"]["status"] == "VALID");
    REQUIRE(f.engine.last_payload);
    CHECK(f.engine.last_payload->header == header);
    CHECK(f.engine.last_payload->block_hash == hash);
    CHECK(f.engine.last_payload->version == EngineVersion::kV4);
}

TEST_CASE("newPayload: a wrong block hash is INVALID (V2+) or INVALID_BLOCK_HASH (V1)")
{
    Fixture f;
    Header header = prague_header();
    const Hash hash = *block_hash(header);
    Json payload = payload_json(header, hash);
    payload["stateRoot"] = to_hex(filled(9));  // the claimed hash no longer matches
    const Json r = f.request("engine_newPayloadV4",
                             {payload, Json::array(), to_hex(filled(5)), Json::array()});
    CHECK(r["result"]["status"] == "INVALID");
    CHECK(r["result"]["latestValidHash"].is_null());
    CHECK(r["result"]["validationError"].is_string());
    CHECK(!f.engine.last_payload);  // never reaches the backend

    // Paris: a V1 payload (no withdrawals, no blob fields) with a wrong hash.
    f.engine.fork = Fork::kParis;
    Json v1 = payload_json(header, filled(0xee));
    v1.erase("withdrawals");
    v1.erase("blobGasUsed");
    v1.erase("excessBlobGas");
    const Json r1 = f.request("engine_newPayloadV1", Json::array({v1}));
    CHECK(r1["result"]["status"] == "INVALID_BLOCK_HASH");
}

TEST_CASE("newPayload: the V1 payload header round trip (Paris shape) hashes right")
{
    Fixture f;
    f.engine.fork = Fork::kParis;
    Header header = prague_header();
    header.withdrawals_root.reset();
    header.blob_gas_used.reset();
    header.excess_blob_gas.reset();
    header.parent_beacon_block_root.reset();
    header.requests_hash.reset();
    Json v1 = payload_json(header, *block_hash(header));
    v1.erase("withdrawals");
    v1.erase("blobGasUsed");
    v1.erase("excessBlobGas");
    CHECK(f.request("engine_newPayloadV1", Json::array({v1}))["result"]["status"] == "VALID");
    CHECK(f.engine.last_payload->header == header);
}

TEST_CASE("newPayload: structure, fork gates, empty transactions, execution requests")
{
    Fixture f;
    const Header header = prague_header();
    const Hash hash = *block_hash(header);
    const Json payload = payload_json(header, hash);
    const Json root = to_hex(filled(5));
    auto code = [](const Json& r) { return r["error"]["code"].get<int>(); };

    // V3 is Cancun only; this payload's timestamp is Prague.
    CHECK(code(f.request("engine_newPayloadV3", {payload, Json::array(), root})) == -38005);
    // V4: every parameter present.
    CHECK(code(f.request("engine_newPayloadV4", {payload, Json::array(), root})) == -32602);
    CHECK(code(f.request("engine_newPayloadV4", {payload, Json::array(), root, nullptr})) ==
          -32602);
    // executionRequests: no empty data, strictly ascending types (EIP-7685).
    CHECK(code(f.request("engine_newPayloadV4", {payload, Json::array(), root, {"0x01"}})) ==
          -32602);
    CHECK(code(f.request("engine_newPayloadV4",
                         {payload, Json::array(), root, {"0x01aa", "0x00bb"}})) == -32602);
    // V4 needs a V3-shaped payload.
    Json v2 = payload;
    v2.erase("blobGasUsed");
    v2.erase("excessBlobGas");
    CHECK(code(f.request("engine_newPayloadV4", {v2, Json::array(), root, Json::array()})) ==
          -32602);
    // A zero-length transaction: INVALID, latestValidHash null (paris.md).
    Json empty_tx = payload;
    empty_tx["transactions"] = {"0x"};
    const Json r = f.request("engine_newPayloadV4", {empty_tx, Json::array(), root, Json::array()});
    CHECK(r["result"]["status"] == "INVALID");
    CHECK(r["result"]["latestValidHash"].is_null());
    // Blend has no blob transactions: expecting a versioned hash is INVALID.
    const Json blobs =
        f.request("engine_newPayloadV4", {payload, {to_hex(filled(1))}, root, Json::array()});
    CHECK(blobs["result"]["status"] == "INVALID");
    // extraData above 32 bytes (Yellow Paper §4.3.4) is a malformed payload.
    Json long_extra = payload;
    long_extra["extraData"] = "0x" + std::string(66, '0');
    CHECK(code(f.request("engine_newPayloadV4",
                         {long_extra, Json::array(), root, Json::array()})) == -32602);
    // newPayloadV2 on a Prague timestamp is an unsupported fork.
    CHECK(code(f.request("engine_newPayloadV2", Json::array({v2}))) == -38005);
}

TEST_CASE("forkchoiceUpdated: attributes checked after the forkchoice is applied")
{
    Fixture f;
    const Json state = {{"headBlockHash", to_hex(filled(1))},
                        {"safeBlockHash", to_hex(filled(0))},
                        {"finalizedBlockHash", to_hex(filled(0))}};
    Json attributes = {{"timestamp", "0x6553f10c"},
                       {"prevRandao", to_hex(filled(2))},
                       {"suggestedFeeRecipient", "0x" + std::string(40, '3')},
                       {"withdrawals", Json::array()},
                       {"parentBeaconBlockRoot", to_hex(filled(4))}};

    const Json ok = f.request("engine_forkchoiceUpdatedV3", {state, attributes});
    CHECK(ok["result"]["payloadStatus"]["status"] == "VALID");
    CHECK(ok["result"]["payloadId"] == "0x0102030405060708");
    REQUIRE(f.engine.last_attributes);
    CHECK(f.engine.last_attributes->parent_beacon_block_root == filled(4));

    const Json no_attrs = f.request("engine_forkchoiceUpdatedV3", {state, nullptr});
    CHECK(no_attrs["result"]["payloadId"].is_null());

    // Missing parentBeaconBlockRoot in V3: -38003, but the forkchoice was still applied
    // (backend called without attributes).
    Json broken = attributes;
    broken.erase("parentBeaconBlockRoot");
    const int calls = f.engine.forkchoice_calls;
    const Json bad = f.request("engine_forkchoiceUpdatedV3", {state, broken});
    CHECK(bad["error"]["code"] == -38003);
    CHECK(f.engine.forkchoice_calls == calls + 1);
    CHECK(!f.engine.last_attributes);

    // V2 with Prague attributes: unsupported fork. V3 before Cancun: unsupported fork.
    Json v2 = attributes;
    v2.erase("parentBeaconBlockRoot");
    CHECK(f.request("engine_forkchoiceUpdatedV2", {state, v2})["error"]["code"] == -38005);
    f.engine.fork = Fork::kShanghai;
    CHECK(f.request("engine_forkchoiceUpdatedV3", {state, attributes})["error"]["code"] == -38005);
    // L2 attributes pass through.
    f.engine.fork = Fork::kPrague;
    attributes["transactions"] = {"0x02c0"};
    attributes["noTxPool"] = true;
    attributes["gasLimit"] = "0x1c9c380";
    f.request("engine_forkchoiceUpdatedV3", {state, attributes});
    REQUIRE(f.engine.last_attributes);
    CHECK(f.engine.last_attributes->no_tx_pool);
    CHECK(*f.engine.last_attributes->gas_limit == 30'000'000);
    CHECK(f.engine.last_attributes->transactions.size() == 1);
    // Malformed state: -32602.
    CHECK(f.request("engine_forkchoiceUpdatedV3", {Json::object(), nullptr})["error"]["code"] ==
          -32602);
}

TEST_CASE("getPayload: unknown id, V4 shape, fork gate")
{
    Fixture f;
    const Json unknown = f.request("engine_getPayloadV4", {"0x0000000000000001"});
    CHECK(unknown["error"]["code"] == -38001);
    CHECK(unknown["error"]["data"].is_null());
    CHECK(f.request("engine_getPayloadV4", {"0x01"})["error"]["code"] == -32602);

    BuiltPayload built;
    built.header = prague_header();
    built.block_hash = *block_hash(built.header);
    built.withdrawals = std::vector<Withdrawal>{};
    built.block_value = U256(12345);
    f.engine.payload = built;
    const Json r = f.request("engine_getPayloadV4", {"0x0000000000000001"});
    REQUIRE(r.contains("result"));
    std::set<std::string> keys;
    for (const auto& [k, v] : r["result"].items())
        keys.insert(k);
    CHECK(keys == std::set<std::string>{"executionPayload", "blockValue", "blobsBundle",
                                        "shouldOverrideBuilder", "executionRequests"});
    std::set<std::string> payload_keys;
    for (const auto& [k, v] : r["result"]["executionPayload"].items())
        payload_keys.insert(k);
    // ExecutionPayloadV3 (api-surface §2.2).
    CHECK(payload_keys ==
          std::set<std::string>{"parentHash", "feeRecipient", "stateRoot", "receiptsRoot",
                                "logsBloom", "prevRandao", "blockNumber", "gasLimit", "gasUsed",
                                "timestamp", "extraData", "baseFeePerGas", "blockHash",
                                "transactions", "withdrawals", "blobGasUsed", "excessBlobGas"});
    CHECK(r["result"]["blockValue"] == "0x3039");
    CHECK(r["result"]["executionRequests"] == Json::array());
    CHECK(r["result"]["shouldOverrideBuilder"] == false);
    // What getPayload returns, newPayload accepts (same header, same hash).
    const Json back = f.request(
        "engine_newPayloadV4",
        {r["result"]["executionPayload"], Json::array(), to_hex(filled(5)), Json::array()});
    CHECK(back["result"]["status"] == "VALID");
    // getPayloadV3 is Cancun only.
    CHECK(f.request("engine_getPayloadV3", {"0x0000000000000001"})["error"]["code"] == -38005);
}

TEST_CASE("payload bodies: limits and codes")
{
    Fixture f;
    f.engine.bodies = {PayloadBody{{Bytes{0x01}}, std::vector<Withdrawal>{}}, std::nullopt};
    const Json r = f.request("engine_getPayloadBodiesByRangeV1", {"0x1", "0x2"});
    REQUIRE(r["result"].size() == 2);
    CHECK(r["result"][0]["transactions"] == Json::array({"0x01"}));
    CHECK(r["result"][0]["withdrawals"] == Json::array());
    CHECK(r["result"][1].is_null());
    CHECK(f.request("engine_getPayloadBodiesByRangeV1", {"0x0", "0x2"})["error"]["code"] == -32602);
    CHECK(f.request("engine_getPayloadBodiesByRangeV1", {"0x1", "0x0"})["error"]["code"] == -32602);
    CHECK(f.request("engine_getPayloadBodiesByRangeV1", {"0x1", "0x401"})["error"]["code"] ==
          -38004);
    Json many = Json::array();
    for (size_t i = 0; i <= kMaxPayloadBodiesRequest; ++i)
        many.push_back(to_hex(filled(1)));
    CHECK(f.request("engine_getPayloadBodiesByHashV1", Json::array({many}))["error"]["code"] ==
          -38004);
}

TEST_CASE("engine_getClientVersionV1 answers ClientVersionV1")
{
    Fixture f;
    const Json r = f.request(
        "engine_getClientVersionV1",
        {{{"code", "LH"}, {"name", "Lighthouse"}, {"version", "v5"}, {"commit", "0x01020304"}}});
    REQUIRE(r["result"].size() == 1);
    CHECK(r["result"][0]["code"].get<std::string>().size() == 2);
    CHECK(r["result"][0]["commit"].get<std::string>().size() == 2 + 8);  // 4 bytes
}
