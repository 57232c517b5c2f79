// SPDX-License-Identifier: Apache-2.0
// The JSON codec against api-surface §0 (wire conventions) and §1.1 (the exact key sets of the
// rpc-compat fixtures). Expected key lists and formats are copied from that reference, not from
// our output.
#include "rpc/codec.hpp"

#include "core/hex.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace blend;
using namespace blend::rpc;

namespace {

std::set<std::string> keys(const Json& object)
{
    std::set<std::string> out;
    for (const auto& [key, value] : object.items())
        out.insert(key);
    return out;
}

std::set<std::string> words(const std::string& text)
{
    std::set<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t j = text.find(' ', i);
        out.insert(text.substr(i, j - i));
        if (j == std::string::npos)
            break;
        i = j + 1;
    }
    return out;
}

Hash hash_of(uint8_t b)
{
    Hash h;
    h.bytes.fill(b);
    return h;
}

Address address_of(uint8_t b)
{
    Address a;
    a.bytes.fill(b);
    return a;
}

Header prague_header()
{
    Header h;
    h.parent_hash = hash_of(1);
    h.coinbase = address_of(2);
    h.state_root = hash_of(3);
    h.number = 0x1b4;
    h.gas_limit = 30'000'000;
    h.gas_used = 21'000;
    h.timestamp = 0x6500;
    h.base_fee_per_gas = U256(7);
    h.withdrawals_root = hash_of(4);
    h.blob_gas_used = 0;
    h.excess_blob_gas = 0;
    h.parent_beacon_block_root = hash_of(5);
    h.requests_hash = kEmptyRequestsHash;
    return h;
}

SignedTransaction dynamic_fee_tx(U256 max_fee, U256 tip)
{
    Transaction tx;
    tx.type = TxType::kDynamicFee;
    tx.chain_id = 1337;
    tx.nonce = 5;
    tx.max_fee_per_gas = max_fee;
    tx.max_priority_fee_per_gas = tip;
    tx.gas_limit = 21000;
    tx.to = address_of(9);
    tx.value = U256(1);
    tx.y_parity = 1;
    tx.r = U256(11);
    tx.s = U256(12);
    return SignedTransaction{tx, hash_of(0xaa), address_of(0xbb)};
}

Json parse(const std::string& text)
{
    return Json::parse(text);
}

}  // namespace

TEST_CASE("quantities are minimal lower-case hex and data is even hex (api-surface §0)")
{
    CHECK(quantity(uint64_t{0}) == "0x0");
    CHECK(quantity(uint64_t{255}) == "0xff");
    CHECK(quantity(uint64_t{0x400}) == "0x400");
    CHECK(quantity(~uint64_t{0}) == "0xffffffffffffffff");
    CHECK(quantity(U256::max()) == "0x" + std::string(64, 'f'));
    CHECK(quantity(U256(0)) == "0x0");
    CHECK(hex_data(Bytes{}) == "0x");
    CHECK(hex_data(Bytes{0x00, 0xAB}) == "0x00ab");
}

TEST_CASE("Block (Prague) has exactly the rpc-compat key set")
{
    Block block;
    block.header = prague_header();
    block.hash = hash_of(0x77);
    block.size = 0x2a0;
    block.transaction_hashes = {hash_of(0xaa)};
    block.transactions = {dynamic_fee_tx(U256(100), U256(2))};
    block.withdrawals = std::vector<Withdrawal>{};

    const auto expected = words(
        "baseFeePerGas blobGasUsed difficulty excessBlobGas extraData gasLimit gasUsed hash "
        "logsBloom miner mixHash nonce number parentBeaconBlockRoot parentHash receiptsRoot "
        "requestsHash sha3Uncles size stateRoot timestamp transactions transactionsRoot uncles "
        "withdrawals withdrawalsRoot");
    const Json hashes = to_json(block, false);
    CHECK(keys(hashes) == expected);
    CHECK(hashes["transactions"] == Json::array({"0x" + std::string(64, 'a')}));
    CHECK(hashes["uncles"] == Json::array());
    CHECK(hashes["difficulty"] == "0x0");
    CHECK(hashes["nonce"] == "0x0000000000000000");
    CHECK(hashes["number"] == "0x1b4");
    CHECK(hashes["size"] == "0x2a0");
    CHECK(hashes["sha3Uncles"] ==
          "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
    CHECK(hashes["requestsHash"] ==
          "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hashes["logsBloom"].get<std::string>().size() == 2 + 512);
    CHECK(!hashes.contains("totalDifficulty"));

    const Json full = to_json(block, true);
    CHECK(keys(full) == expected);
    REQUIRE(full["transactions"].size() == 1);
    CHECK(full["transactions"][0]["blockHash"] == hashes["hash"]);
    CHECK(full["transactions"][0]["transactionIndex"] == "0x0");
}

TEST_CASE("a London header shows no later fork fields")
{
    Header h;
    h.base_fee_per_gas = U256(1);
    const Json j = header_to_json(h, Hash{});
    CHECK(j.contains("baseFeePerGas"));
    for (const char* key : {"withdrawalsRoot", "blobGasUsed", "excessBlobGas",
                            "parentBeaconBlockRoot", "requestsHash"})
        CHECK(!j.contains(key));
}

TEST_CASE("TransactionInfo key sets per type (api-surface §1.1)")
{
    const auto common = words(
        "blockHash blockNumber blockTimestamp from gas gasPrice hash input nonce r s to "
        "transactionIndex type v value");
    TransactionLocation where{hash_of(0x10), 3, 0x6500, 0, U256(7)};

    SECTION("type 2 adds chainId accessList yParity maxFeePerGas maxPriorityFeePerGas")
    {
        auto expected = common;
        for (const auto& k : words("chainId accessList yParity maxFeePerGas maxPriorityFeePerGas"))
            expected.insert(k);
        const Json j = to_json(TransactionInfo{dynamic_fee_tx(U256(100), U256(2)), where});
        CHECK(keys(j) == expected);
        CHECK(j["type"] == "0x2");
        CHECK(j["v"] == "0x1");  // typed: v = yParity
        CHECK(j["yParity"] == "0x1");
        CHECK(j["chainId"] == "0x539");
        // Mined: effective price min(maxFee, baseFee + tip) = min(100, 7 + 2) (EIP-1559).
        CHECK(j["gasPrice"] == "0x9");
    }
    SECTION("a fee cap below baseFee + tip is the price paid")
    {
        const Json j = to_json(TransactionInfo{dynamic_fee_tx(U256(8), U256(2)), where});
        CHECK(j["gasPrice"] == "0x8");
    }
    SECTION("pending: block fields null, gasPrice is the fee cap")
    {
        const Json j = to_json(TransactionInfo{dynamic_fee_tx(U256(100), U256(2)), std::nullopt});
        CHECK(j["blockHash"].is_null());
        CHECK(j["blockNumber"].is_null());
        CHECK(j["transactionIndex"].is_null());
        CHECK(j["gasPrice"] == "0x64");
    }
    SECTION("type 4 adds authorizationList entries {chainId,address,nonce,yParity,r,s}")
    {
        auto tx = dynamic_fee_tx(U256(100), U256(2));
        tx.tx.type = TxType::kSetCode;
        tx.tx.authorization_list = {
            Authorization{U256(1337), address_of(3), 4, 0, U256(5), U256(6)}};
        const Json j = to_json(TransactionInfo{tx, where});
        CHECK(j.contains("authorizationList"));
        REQUIRE(j["authorizationList"].size() == 1);
        CHECK(keys(j["authorizationList"][0]) == words("chainId address nonce yParity r s"));
        CHECK(j["type"] == "0x4");
    }
    SECTION("legacy EIP-155: v = chainId*2 + 35 + parity and chainId shown; no yParity")
    {
        Transaction tx;
        tx.chain_id = 1;
        tx.gas_price = U256(20);
        tx.y_parity = 1;
        tx.to = address_of(1);
        const Json j = to_json(TransactionInfo{SignedTransaction{tx, Hash{}, Address{}}, where});
        auto expected = common;
        expected.insert("chainId");
        CHECK(keys(j) == expected);
        CHECK(j["v"] == "0x26");  // 1*2 + 35 + 1 = 38
        CHECK(j["gasPrice"] == "0x14");
        CHECK(j["type"] == "0x0");
    }
    SECTION("legacy without EIP-155: v = 27 + parity, no chainId")
    {
        Transaction tx;
        tx.y_parity = 0;
        const Json j = to_json(TransactionInfo{SignedTransaction{tx, Hash{}, Address{}}, where});
        CHECK(keys(j) == common);
        CHECK(j["v"] == "0x1b");
        CHECK(j["to"].is_null());  // a create
    }
}

TEST_CASE("ReceiptInfo and Log key sets (api-surface §1.1)")
{
    ReceiptInfo r;
    r.receipt.type = 2;
    r.receipt.status = true;
    r.receipt.cumulative_gas_used = 42000;
    r.receipt.logs = {Log{address_of(1), {hash_of(2)}, Bytes{1, 2}},
                      Log{address_of(3), {}, Bytes{}}};
    r.block_number = 9;
    r.first_log_index = 4;
    r.to = address_of(5);
    r.gas_used = 21000;
    r.effective_gas_price = U256(9);
    const Json j = to_json(r);
    CHECK(keys(j) == words("blockHash blockNumber contractAddress cumulativeGasUsed "
                           "effectiveGasPrice from gasUsed logs logsBloom status to "
                           "transactionHash transactionIndex type"));
    CHECK(j["status"] == "0x1");
    CHECK(j["contractAddress"].is_null());
    CHECK(j["type"] == "0x2");
    REQUIRE(j["logs"].size() == 2);
    CHECK(keys(j["logs"][0]) == words("address blockHash blockNumber blockTimestamp data logIndex "
                                      "removed topics transactionHash transactionIndex"));
    // logIndex is block-wide: the receipt's first log index plus the position.
    CHECK(j["logs"][0]["logIndex"] == "0x4");
    CHECK(j["logs"][1]["logIndex"] == "0x5");
    CHECK(j["logs"][0]["removed"] == false);

    r.receipt.status = false;
    r.to.reset();
    r.contract_address = address_of(6);
    const Json failed = to_json(r);
    CHECK(failed["status"] == "0x0");
    CHECK(failed["to"].is_null());
    std::string six = "0x";
    for (int i = 0; i < 20; ++i)
        six += "06";
    CHECK(failed["contractAddress"] == six);
}

TEST_CASE("errors: revert data, engine data null, -32000 detail")
{
    const Json revert = to_json(RpcError::reverted(Bytes{0x08, 0xc3}, "boom"));
    CHECK(revert["code"] == 3);
    CHECK(revert["message"] == "execution reverted: boom");
    CHECK(revert["data"] == "0x08c3");
    const Json engine = to_json(RpcError::of(ErrorCode::kUnknownPayload));
    CHECK(engine["code"] == -38001);
    CHECK(engine["message"] == "Unknown payload");
    CHECK(engine.contains("data"));
    CHECK(engine["data"].is_null());
    const Json plain = to_json(RpcError::invalid_params("x"));
    CHECK(!plain.contains("data"));
}

TEST_CASE("QUANTITY parsing is strict (api-surface §0, geth hexutil wording)")
{
    CHECK(*parse_quantity(parse("\"0x0\"")) == 0);
    CHECK(*parse_quantity(parse("\"0xFF\"")) == 255);  // upper case accepted on input
    CHECK(*parse_quantity(parse("\"0xffffffffffffffff\"")) == ~uint64_t{0});
    CHECK(parse_quantity(parse("\"ff\"")).error() == "hex string without 0x prefix");
    CHECK(parse_quantity(parse("\"0x\"")).error() == "hex string \"0x\"");
    CHECK(parse_quantity(parse("\"0x01\"")).error() == "hex number with leading zero digits");
    CHECK(parse_quantity(parse("\"0x10000000000000000\"")).error() == "hex number > 64 bits");
    CHECK(!parse_quantity(parse("\"0xg\"")));
    CHECK(!parse_quantity(parse("5")));
    CHECK(*parse_quantity_or_number(parse("5")) == 5);
    CHECK(!parse_quantity_or_number(parse("-5")));
    CHECK(!parse_quantity_or_number(parse("1.5")));
    CHECK(parse_u256(parse("\"0x" + std::string(64, 'f') + "\""))->words[3] == ~uint64_t{0});
    CHECK(!parse_u256(parse("\"0x1" + std::string(64, '0') + "\"")));
}

TEST_CASE("DATA, address and hash parsing")
{
    CHECK(parse_data(parse("\"0x\""), 10)->empty());
    CHECK(parse_data(parse("\"0xABcd\""), 10).value() == Bytes{0xab, 0xcd});
    CHECK(parse_data(parse("\"0xabc\""), 10).error() == "hex string of odd length");
    CHECK(parse_data(parse("\"abcd\""), 10).error() == "hex string without 0x prefix");
    CHECK(!parse_data(parse("\"0xabcd\""), 1));
    CHECK(!parse_address(parse("\"0x" + std::string(38, '1') + "\"")));
    CHECK(parse_address(parse("\"0x" + std::string(40, '1') + "\""))->bytes[19] == 0x11);
    CHECK(!parse_hash(parse("\"0x" + std::string(62, '1') + "\"")));
    // Storage keys: up to 32 bytes, left-padded; longer is -32602 (rpc-compat error cases).
    const auto key = parse_storage_key(parse("\"0x1\""));
    REQUIRE(key);
    CHECK(key->bytes[31] == 1);
    CHECK(key->bytes[0] == 0);
    CHECK(!parse_storage_key(parse("\"0x" + std::string(66, '1') + "\"")));
}

TEST_CASE("block parameters: tags, numbers, hashes, EIP-1898 objects")
{
    CHECK(parse_block_id(parse("\"latest\""), false)->value ==
          BlockId::tag(BlockTag::kLatest).value);
    CHECK(parse_block_id(parse("\"pending\""), false)->value ==
          BlockId::tag(BlockTag::kPending).value);
    CHECK(parse_block_id(parse("\"safe\""), false)->value == BlockId::tag(BlockTag::kSafe).value);
    CHECK(parse_block_id(parse("\"finalized\""), false)->value ==
          BlockId::tag(BlockTag::kFinalized).value);
    CHECK(parse_block_id(parse("\"earliest\""), false)->value ==
          BlockId::tag(BlockTag::kEarliest).value);
    CHECK(std::get<uint64_t>(parse_block_id(parse("\"0x1b4\""), false)->value) == 0x1b4);
    const std::string hash = "\"0x" + std::string(64, 'a') + "\"";
    CHECK(std::holds_alternative<Hash>(parse_block_id(parse(hash), true)->value));
    CHECK(!parse_block_id(parse(hash), false));  // BlockNumberOrTag takes no hash
    const auto eip1898 =
        parse_block_id(parse("{\"blockHash\":" + hash + ",\"requireCanonical\":true}"), true);
    REQUIRE(eip1898);
    CHECK(eip1898->require_canonical);
    CHECK(std::get<uint64_t>(parse_block_id(parse("{\"blockNumber\":\"0x5\"}"), true)->value) == 5);
    CHECK(!parse_block_id(parse("\"newest\""), false));
    CHECK(!parse_block_id(parse("12"), false));
}

TEST_CASE("call requests")
{
    const auto call = parse_call_request(parse(
        R"({"from":"0x1111111111111111111111111111111111111111","to":null,"gas":"0x5208",
            "maxFeePerGas":"0x10","value":"0x1","input":"0x6000","type":"0x2",
            "accessList":[{"address":"0x2222222222222222222222222222222222222222",
                           "storageKeys":["0x)" +
        std::string(64, '0') + R"("]}]})"));
    REQUIRE(call);
    CHECK(!call->to);
    CHECK(*call->gas == 21000);
    CHECK(*call->input == Bytes{0x60, 0x00});
    CHECK(*call->type == TxType::kDynamicFee);
    CHECK(call->access_list->size() == 1);
    CHECK(parse_call_request(parse(R"({"data":"0x01","input":"0x01"})")));
    // geth refuses differing data and input.
    CHECK(!parse_call_request(parse(R"({"data":"0x01","input":"0x02"})")));
    CHECK(parse_call_request(parse(R"({"gas":"0x01"})")).error().starts_with("gas:"));
    CHECK(!parse_call_request(parse("[]")));
}

TEST_CASE("log filters")
{
    const std::string h = "\"0x" + std::string(64, 'a') + "\"";
    const std::string a = "\"0x" + std::string(40, 'b') + "\"";
    const auto f =
        parse_log_filter(parse("{\"fromBlock\":\"0x1\",\"toBlock\":\"latest\","
                               "\"address\":[" +
                               a + "],\"topics\":[null,[" + h + "," + h + "]]}"));
    REQUIRE(f);
    CHECK(std::get<uint64_t>(f->from_block.value) == 1);
    CHECK(f->addresses.size() == 1);
    REQUIRE(f->topics.size() == 2);
    CHECK(f->topics[0].empty());
    CHECK(f->topics[1].size() == 2);
    CHECK(parse_log_filter(parse("{\"address\":" + a + "}"))->addresses.size() == 1);
    CHECK(!parse_log_filter(parse("{\"blockHash\":" + h + ",\"fromBlock\":\"0x1\"}")));
    CHECK(parse_log_filter(parse("{\"topics\":[null,null,null,null,null]}")).error() ==
          "exceed max topics");
    CHECK(!parse_log_filter(parse("{\"topics\":[\"0x12\"]}")));
}

TEST_CASE("log_matches follows geth's topic rules")
{
    const Log log{address_of(1), {hash_of(2), hash_of(3)}, {}};
    LogFilter f;
    CHECK(log_matches(f, log));
    f.addresses = {address_of(9)};
    CHECK(!log_matches(f, log));
    f.addresses = {address_of(9), address_of(1)};
    CHECK(log_matches(f, log));
    f.topics = {{}, {hash_of(3)}};
    CHECK(log_matches(f, log));
    f.topics = {{hash_of(3)}};
    CHECK(!log_matches(f, log));
    // More positions than the log has topics: no match, even for wildcards (geth filterLogs).
    f.topics = {{}, {}, {}};
    CHECK(!log_matches(f, log));
}
