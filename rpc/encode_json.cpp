// SPDX-License-Identifier: Apache-2.0
// Core objects → JSON, key for key as api-surface §1.1 lists them (from the execution-apis
// rpc-compat fixtures).
#include "core/hex.hpp"
#include "core/u256.hpp"
#include "rpc/codec.hpp"

#include <cstdio>

namespace blend::rpc {

std::string quantity(uint64_t value)
{
    char buffer[2 + 16 + 1];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string quantity(const U256& value)
{
    return to_hex(value);
}

std::string hex_data(BytesView bytes)
{
    return to_hex(bytes);
}

namespace {

Json access_list_json(const AccessList& list)
{
    Json out = Json::array();
    for (const auto& entry : list) {
        Json keys = Json::array();
        for (const auto& key : entry.storage_keys)
            keys.push_back(hex_data(key));
        out.push_back({{"address", hex_data(entry.address)}, {"storageKeys", std::move(keys)}});
    }
    return out;
}

Json authorization_list_json(const std::vector<Authorization>& list)
{
    Json out = Json::array();
    for (const auto& a : list)
        out.push_back({{"chainId", quantity(a.chain_id)},
                       {"address", hex_data(a.address)},
                       {"nonce", quantity(a.nonce)},
                       {"yParity", quantity(uint64_t{a.y_parity})},
                       {"r", quantity(a.r)},
                       {"s", quantity(a.s)}});
    return out;
}

}  // namespace

Json header_to_json(const Header& h, const Hash& hash)
{
    Json out = {
        {"parentHash", hex_data(h.parent_hash)},
        {"sha3Uncles", hex_data(h.ommers_hash)},
        {"miner", hex_data(h.coinbase)},
        {"stateRoot", hex_data(h.state_root)},
        {"transactionsRoot", hex_data(h.transactions_root)},
        {"receiptsRoot", hex_data(h.receipts_root)},
        {"logsBloom", hex_data(h.logs_bloom)},
        {"difficulty", quantity(h.difficulty)},
        {"number", quantity(h.number)},
        {"gasLimit", quantity(h.gas_limit)},
        {"gasUsed", quantity(h.gas_used)},
        {"timestamp", quantity(h.timestamp)},
        {"extraData", hex_data(h.extra_data)},
        {"mixHash", hex_data(h.mix_hash)},
        {"nonce", hex_data(h.nonce)},
        {"hash", hex_data(hash)},
    };
    // Fork fields appear exactly when the header has them (a Prague header has all six).
    if (h.base_fee_per_gas)
        out["baseFeePerGas"] = quantity(*h.base_fee_per_gas);
    if (h.withdrawals_root)
        out["withdrawalsRoot"] = hex_data(*h.withdrawals_root);
    if (h.blob_gas_used)
        out["blobGasUsed"] = quantity(*h.blob_gas_used);
    if (h.excess_blob_gas)
        out["excessBlobGas"] = quantity(*h.excess_blob_gas);
    if (h.parent_beacon_block_root)
        out["parentBeaconBlockRoot"] = hex_data(*h.parent_beacon_block_root);
    if (h.requests_hash)
        out["requestsHash"] = hex_data(*h.requests_hash);
    return out;
}

Json to_json(const Withdrawal& w)
{
    return {{"index", quantity(w.index)},
            {"validatorIndex", quantity(w.validator_index)},
            {"address", hex_data(w.address)},
            {"amount", quantity(w.amount_gwei)}};
}

Json to_json(const Block& block, bool full_transactions)
{
    Json out = header_to_json(block.header, block.hash);
    out["size"] = quantity(block.size);
    out["uncles"] = Json::array();
    Json txs = Json::array();
    if (full_transactions) {
        TransactionLocation location{block.hash, block.header.number, block.header.timestamp, 0,
                                     block.header.base_fee_per_gas};
        for (size_t i = 0; i < block.transactions.size(); ++i) {
            location.index = i;
            txs.push_back(to_json(TransactionInfo{block.transactions[i], location}));
        }
    } else {
        for (const auto& hash : block.transaction_hashes)
            txs.push_back(hex_data(hash));
    }
    out["transactions"] = std::move(txs);
    if (block.withdrawals) {
        Json withdrawals = Json::array();
        for (const auto& w : *block.withdrawals)
            withdrawals.push_back(to_json(w));
        out["withdrawals"] = std::move(withdrawals);
    }
    return out;
}

Json to_json(const TransactionInfo& info)
{
    const Transaction& tx = info.tx.tx;
    const auto type = static_cast<uint8_t>(tx.type);
    Json out = {
        {"from", hex_data(info.tx.sender)},
        {"gas", quantity(tx.gas_limit)},
        {"hash", hex_data(info.tx.hash)},
        {"input", hex_data(tx.data)},
        {"nonce", quantity(tx.nonce)},
        {"r", quantity(tx.r)},
        {"s", quantity(tx.s)},
        {"to", tx.to ? Json(hex_data(*tx.to)) : Json(nullptr)},
        {"type", quantity(uint64_t{type})},
        {"value", quantity(tx.value)},
    };
    if (info.location) {
        out["blockHash"] = hex_data(info.location->block_hash);
        out["blockNumber"] = quantity(info.location->block_number);
        out["blockTimestamp"] = quantity(info.location->block_timestamp);
        out["transactionIndex"] = quantity(info.location->index);
    } else {
        out["blockHash"] = nullptr;
        out["blockNumber"] = nullptr;
        out["blockTimestamp"] = nullptr;
        out["transactionIndex"] = nullptr;
    }
    // gasPrice: the price paid. For a mined EIP-1559 transaction it is the effective price
    // min(maxFee, baseFee + tip) (EIP-1559 "effective_gas_price"); while pending, the fee cap.
    if (tx.has_dynamic_fee()) {
        U256 price = tx.max_fee_per_gas;
        if (info.location && info.location->base_fee_per_gas) {
            const U256 with_tip = *info.location->base_fee_per_gas + tx.max_priority_fee_per_gas;
            if (with_tip < price)
                price = with_tip;
        }
        out["gasPrice"] = quantity(price);
        out["maxFeePerGas"] = quantity(tx.max_fee_per_gas);
        out["maxPriorityFeePerGas"] = quantity(tx.max_priority_fee_per_gas);
    } else {
        out["gasPrice"] = quantity(tx.gas_price);
    }
    if (tx.type == TxType::kLegacy) {
        // v = 27/28, or chainId*2 + 35/36 with EIP-155 (which then also shows the chain id).
        out["v"] = quantity(tx.legacy_v());
        if (tx.chain_id)
            out["chainId"] = quantity(*tx.chain_id);
    } else {
        out["v"] = quantity(uint64_t{tx.y_parity});
        out["yParity"] = quantity(uint64_t{tx.y_parity});
        out["chainId"] = quantity(tx.chain_id.value_or(0));
        out["accessList"] = access_list_json(tx.access_list);
        if (tx.type == TxType::kSetCode)
            out["authorizationList"] = authorization_list_json(tx.authorization_list);
    }
    return out;
}

Json to_json(const LogInfo& log)
{
    Json topics = Json::array();
    for (const auto& topic : log.log.topics)
        topics.push_back(hex_data(topic));
    return {{"address", hex_data(log.log.address)},
            {"blockHash", hex_data(log.block_hash)},
            {"blockNumber", quantity(log.block_number)},
            {"blockTimestamp", quantity(log.block_timestamp)},
            {"data", hex_data(log.log.data)},
            {"logIndex", quantity(log.log_index)},
            {"removed", log.removed},
            {"topics", std::move(topics)},
            {"transactionHash", hex_data(log.transaction_hash)},
            {"transactionIndex", quantity(log.transaction_index)}};
}

Json to_json(const ReceiptInfo& info)
{
    Json logs = Json::array();
    for (size_t i = 0; i < info.receipt.logs.size(); ++i)
        logs.push_back(to_json(LogInfo{info.receipt.logs[i], info.block_hash, info.block_number,
                                       info.block_timestamp, info.transaction_hash,
                                       info.transaction_index, info.first_log_index + i, false}));
    return {
        {"blockHash", hex_data(info.block_hash)},
        {"blockNumber", quantity(info.block_number)},
        {"contractAddress",
         info.contract_address ? Json(hex_data(*info.contract_address)) : Json(nullptr)},
        {"cumulativeGasUsed", quantity(info.receipt.cumulative_gas_used)},
        {"effectiveGasPrice", quantity(info.effective_gas_price)},
        {"from", hex_data(info.from)},
        {"gasUsed", quantity(info.gas_used)},
        {"logs", std::move(logs)},
        {"logsBloom", hex_data(info.receipt.logs_bloom)},
        // EIP-658: 0x1 success, 0x0 failure.
        {"status", info.receipt.status ? "0x1" : "0x0"},
        {"to", info.to ? Json(hex_data(*info.to)) : Json(nullptr)},
        {"transactionHash", hex_data(info.transaction_hash)},
        {"transactionIndex", quantity(info.transaction_index)},
        {"type", quantity(uint64_t{info.receipt.type})},
    };
}

Json to_json(const FeeHistory& history)
{
    Json base_fees = Json::array();
    for (const auto& fee : history.base_fee_per_gas)
        base_fees.push_back(quantity(fee));
    Json out = {{"oldestBlock", quantity(history.oldest_block)},
                {"baseFeePerGas", std::move(base_fees)},
                {"gasUsedRatio", history.gas_used_ratio}};
    if (!history.reward.empty()) {
        Json reward = Json::array();
        for (const auto& row : history.reward) {
            Json r = Json::array();
            for (const auto& v : row)
                r.push_back(quantity(v));
            reward.push_back(std::move(r));
        }
        out["reward"] = std::move(reward);
    }
    return out;
}

Json to_json(const AccountProof& proof)
{
    auto nodes = [](const std::vector<Bytes>& list) {
        Json out = Json::array();
        for (const auto& node : list)
            out.push_back(hex_data(node));
        return out;
    };
    Json storage = Json::array();
    for (const auto& s : proof.storage_proof)
        storage.push_back(
            {{"key", hex_data(s.key)}, {"value", quantity(s.value)}, {"proof", nodes(s.proof)}});
    return {{"address", hex_data(proof.address)}, {"accountProof", nodes(proof.account_proof)},
            {"balance", quantity(proof.balance)}, {"codeHash", hex_data(proof.code_hash)},
            {"nonce", quantity(proof.nonce)},     {"storageHash", hex_data(proof.storage_hash)},
            {"storageProof", std::move(storage)}};
}

Json to_json(const CallFrame& frame)
{
    // geth's callTracer (eth/tracers/native/call.go): output, error, revertReason and calls are
    // omitted when empty; value is absent for STATICCALL and DELEGATECALL.
    Json out = {{"type", frame.type},
                {"from", hex_data(frame.from)},
                {"gas", quantity(frame.gas)},
                {"gasUsed", quantity(frame.gas_used)},
                {"input", hex_data(frame.input)}};
    if (frame.to)
        out["to"] = hex_data(*frame.to);
    if (frame.value)
        out["value"] = quantity(*frame.value);
    if (!frame.output.empty())
        out["output"] = hex_data(frame.output);
    if (frame.error)
        out["error"] = *frame.error;
    if (frame.revert_reason)
        out["revertReason"] = *frame.revert_reason;
    if (!frame.calls.empty()) {
        Json calls = Json::array();
        for (const auto& call : frame.calls)
            calls.push_back(to_json(call));
        out["calls"] = std::move(calls);
    }
    return out;
}

Json to_json(const RpcError& error)
{
    Json out = {{"code", static_cast<int32_t>(error.code)}, {"message", error.message}};
    const auto code = static_cast<int32_t>(error.code);
    if (error.revert_data)
        out["data"] = hex_data(*error.revert_data);
    else if (error.detail)
        out["data"] = {{"err", *error.detail}};
    else if (code <= static_cast<int32_t>(ErrorCode::kUnknownPayload) &&
             code >= static_cast<int32_t>(ErrorCode::kTooDeepReorg))
        out["data"] = nullptr;  // Engine API errors carry data: null (api-surface §2.4)
    return out;
}

}  // namespace blend::rpc
