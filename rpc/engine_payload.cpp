// SPDX-License-Identifier: Apache-2.0
#include "rpc/engine_payload.hpp"

#include "core/trie/ordered_trie_root.hpp"
#include "core/types/header.hpp"
#include "core/types/transaction.hpp"

namespace blend::rpc {

namespace {

template <typename T, typename Parse>
ParseResult<T> required_field(const Json& object, const char* key, Parse&& parse)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return Unexpected{std::string("missing field ") + key};
    auto parsed = parse(*it);
    if (!parsed)
        return Unexpected{std::string(key) + ": " + parsed.error()};
    return std::move(*parsed);
}

const char* status_name(PayloadStatusKind kind)
{
    switch (kind) {
    case PayloadStatusKind::kValid:
        return "VALID";
    case PayloadStatusKind::kInvalid:
        return "INVALID";
    case PayloadStatusKind::kSyncing:
        return "SYNCING";
    case PayloadStatusKind::kAccepted:
        return "ACCEPTED";
    case PayloadStatusKind::kInvalidBlockHash:
        return "INVALID_BLOCK_HASH";
    }
    return "INVALID";
}

PayloadStatus invalid(std::string reason)
{
    return PayloadStatus{PayloadStatusKind::kInvalid, std::nullopt, std::move(reason)};
}

}  // namespace

ParseResult<ExecutionPayload> parse_execution_payload(const Json& v)
{
    if (!v.is_object())
        return Unexpected{std::string("execution payload object expected")};
    ExecutionPayload p;
#define BLEND_PAYLOAD_FIELD(member, key, parse)                           \
    {                                                                     \
        auto parsed_ = required_field<decltype(p.member)>(v, key, parse); \
        if (!parsed_)                                                     \
            return Unexpected{parsed_.error()};                           \
        p.member = std::move(*parsed_);                                   \
    }
    BLEND_PAYLOAD_FIELD(parent_hash, "parentHash", parse_hash)
    BLEND_PAYLOAD_FIELD(fee_recipient, "feeRecipient", parse_address)
    BLEND_PAYLOAD_FIELD(state_root, "stateRoot", parse_hash)
    BLEND_PAYLOAD_FIELD(receipts_root, "receiptsRoot", parse_hash)
    BLEND_PAYLOAD_FIELD(prev_randao, "prevRandao", parse_hash)
    BLEND_PAYLOAD_FIELD(block_number, "blockNumber", parse_quantity)
    BLEND_PAYLOAD_FIELD(gas_limit, "gasLimit", parse_quantity)
    BLEND_PAYLOAD_FIELD(gas_used, "gasUsed", parse_quantity)
    BLEND_PAYLOAD_FIELD(timestamp, "timestamp", parse_quantity)
    BLEND_PAYLOAD_FIELD(base_fee_per_gas, "baseFeePerGas", parse_u256)
    BLEND_PAYLOAD_FIELD(block_hash, "blockHash", parse_hash)
#undef BLEND_PAYLOAD_FIELD
    {
        auto bloom = required_field<Bytes>(
            v, "logsBloom", [](const Json& j) { return parse_data(j, Bloom::size()); });
        if (!bloom)
            return Unexpected{bloom.error()};
        if (bloom->size() != Bloom::size())
            return Unexpected{std::string("logsBloom: want 256 bytes")};
        p.logs_bloom = Bloom{FixedBytes<256>::from_view(*bloom)};
    }
    {
        // Yellow Paper §4.3.4: extraData is at most 32 bytes.
        auto extra = required_field<Bytes>(
            v, "extraData", [](const Json& j) { return parse_data(j, kMaxExtraDataSize); });
        if (!extra)
            return Unexpected{extra.error()};
        p.extra_data = std::move(*extra);
    }
    {
        const auto txs = v.find("transactions");
        if (txs == v.end() || !txs->is_array())
            return Unexpected{std::string("transactions: array expected")};
        for (const auto& tx : *txs) {
            // Bounded by the request body limit.
            auto raw = parse_data(tx, std::numeric_limits<size_t>::max());
            if (!raw)
                return Unexpected{"transactions: " + raw.error()};
            p.transactions.push_back(std::move(*raw));
        }
    }
    const auto withdrawals = v.find("withdrawals");
    if (withdrawals != v.end() && !withdrawals->is_null()) {
        if (!withdrawals->is_array())
            return Unexpected{std::string("withdrawals: array expected")};
        std::vector<Withdrawal> list;
        for (const auto& w : *withdrawals) {
            auto parsed = parse_withdrawal(w);
            if (!parsed)
                return Unexpected{"withdrawals: " + parsed.error()};
            list.push_back(*parsed);
        }
        p.withdrawals = std::move(list);
    }
    const bool has_blob_used = v.contains("blobGasUsed") && !v["blobGasUsed"].is_null();
    const bool has_excess = v.contains("excessBlobGas") && !v["excessBlobGas"].is_null();
    if (has_blob_used != has_excess)
        return Unexpected{std::string("blobGasUsed and excessBlobGas go together")};
    if (has_blob_used) {
        auto used = parse_quantity(v["blobGasUsed"]);
        auto excess = parse_quantity(v["excessBlobGas"]);
        if (!used)
            return Unexpected{"blobGasUsed: " + used.error()};
        if (!excess)
            return Unexpected{"excessBlobGas: " + excess.error()};
        if (!p.withdrawals)
            return Unexpected{std::string("a V3 payload needs withdrawals")};
        p.blob_gas_used = *used;
        p.excess_blob_gas = *excess;
    }
    return p;
}

int payload_shape(const ExecutionPayload& payload) noexcept
{
    if (payload.blob_gas_used)
        return 3;
    return payload.withdrawals ? 2 : 1;
}

ParseResult<std::vector<Bytes>> parse_execution_requests(const Json& value)
{
    if (!value.is_array())
        return Unexpected{std::string("executionRequests: array expected")};
    std::vector<Bytes> out;
    for (const auto& item : value) {
        auto request = parse_data(item, std::numeric_limits<size_t>::max());
        if (!request)
            return Unexpected{"executionRequests: " + request.error()};
        // EIP-7685 / prague.md: each element is type ‖ non-empty data, types strictly ascending.
        if (request->size() <= 1)
            return Unexpected{std::string("executionRequests: empty request data")};
        if (!out.empty() && (*request)[0] <= out.back()[0])
            return Unexpected{std::string("executionRequests: types not strictly ascending")};
        out.push_back(std::move(*request));
    }
    return out;
}

Header payload_header(const ExecutionPayload& p,
                      const std::optional<Hash>& parent_beacon_block_root,
                      const std::optional<std::vector<Bytes>>& execution_requests)
{
    Header h;
    h.parent_hash = p.parent_hash;
    h.ommers_hash = kEmptyOmmersHash;  // EIP-3675: no ommers after the merge
    h.coinbase = p.fee_recipient;
    h.state_root = p.state_root;
    h.transactions_root = ordered_trie_root(std::span<const Bytes>(p.transactions));
    h.receipts_root = p.receipts_root;
    h.logs_bloom = p.logs_bloom;
    h.difficulty = U256(0);  // EIP-3675
    h.number = p.block_number;
    h.gas_limit = p.gas_limit;
    h.gas_used = p.gas_used;
    h.timestamp = p.timestamp;
    h.extra_data = p.extra_data;
    h.mix_hash = p.prev_randao;  // EIP-4399
    h.base_fee_per_gas = p.base_fee_per_gas;
    if (p.withdrawals)
        h.withdrawals_root = withdrawals_root(*p.withdrawals);
    if (p.blob_gas_used) {
        h.blob_gas_used = p.blob_gas_used;
        h.excess_blob_gas = p.excess_blob_gas;
    }
    if (parent_beacon_block_root)
        h.parent_beacon_block_root = parent_beacon_block_root;
    if (execution_requests)
        h.requests_hash = requests_hash(*execution_requests);
    return h;
}

PayloadCheck check_payload(EngineVersion version,
                           const ExecutionPayload& payload,
                           const std::optional<std::vector<Hash>>& expected_blob_hashes,
                           const std::optional<Hash>& parent_beacon_block_root,
                           const std::optional<std::vector<Bytes>>& execution_requests)
{
    NewPayload out;
    out.version = version;
    out.block_hash = payload.block_hash;
    out.raw_transactions = payload.transactions;
    out.withdrawals = payload.withdrawals;
    if (execution_requests)
        out.execution_requests = *execution_requests;
    // 1. No zero-length transaction (paris.md: INVALID, latestValidHash null).
    for (size_t i = 0; i < payload.transactions.size(); ++i)
        if (payload.transactions[i].empty())
            return invalid("transaction " + std::to_string(i) + " is empty");
    // 2. The block hash over the header the payload describes.
    out.header = payload_header(payload, parent_beacon_block_root, execution_requests);
    const auto hash = block_hash(out.header);
    if (!hash || *hash != payload.block_hash) {
        std::string reason = "blockhash mismatch: computed " +
                             (hash ? hex_data(*hash) : std::string(to_string(hash.error()))) +
                             ", payload " + hex_data(payload.block_hash);
        // V1 answers INVALID_BLOCK_HASH; later versions INVALID (api-surface §2.3).
        const auto kind = version == EngineVersion::kV1 ? PayloadStatusKind::kInvalidBlockHash
                                                        : PayloadStatusKind::kInvalid;
        return PayloadStatus{kind, std::nullopt, std::move(reason)};
    }
    // 3. Every transaction decodes (a type 3 blob transaction does not on Blend).
    for (size_t i = 0; i < payload.transactions.size(); ++i) {
        auto tx = decode_transaction(payload.transactions[i]);
        if (!tx)
            return invalid("transaction " + std::to_string(i) + ": " + to_string(tx.error()));
        out.transactions.push_back(std::move(*tx));
    }
    // 4. V3+: the blob versioned hashes of the transactions, in order, equal the expected list
    // (cancun.md). Blend carries no blob transactions, so the list must be empty.
    if (expected_blob_hashes && !expected_blob_hashes->empty())
        return invalid("blob versioned hashes mismatch: the payload has no blob transactions");
    return out;
}

Json payload_to_json(const BuiltPayload& payload, int shape)
{
    const Header& h = payload.header;
    Json txs = Json::array();
    for (const auto& tx : payload.transactions)
        txs.push_back(hex_data(tx));
    Json out = {{"parentHash", hex_data(h.parent_hash)},
                {"feeRecipient", hex_data(h.coinbase)},
                {"stateRoot", hex_data(h.state_root)},
                {"receiptsRoot", hex_data(h.receipts_root)},
                {"logsBloom", hex_data(h.logs_bloom)},
                {"prevRandao", hex_data(h.mix_hash)},
                {"blockNumber", quantity(h.number)},
                {"gasLimit", quantity(h.gas_limit)},
                {"gasUsed", quantity(h.gas_used)},
                {"timestamp", quantity(h.timestamp)},
                {"extraData", hex_data(h.extra_data)},
                {"baseFeePerGas", quantity(h.base_fee_per_gas.value_or(U256(0)))},
                {"blockHash", hex_data(payload.block_hash)},
                {"transactions", std::move(txs)}};
    if (shape >= 2) {
        Json withdrawals = Json::array();
        if (payload.withdrawals)
            for (const auto& w : *payload.withdrawals)
                withdrawals.push_back(to_json(w));
        out["withdrawals"] = std::move(withdrawals);
    }
    if (shape >= 3) {
        out["blobGasUsed"] = quantity(h.blob_gas_used.value_or(0));
        out["excessBlobGas"] = quantity(h.excess_blob_gas.value_or(0));
    }
    return out;
}

Json to_json(const PayloadStatus& status)
{
    return {{"status", status_name(status.status)},
            {"latestValidHash",
             status.latest_valid_hash ? Json(hex_data(*status.latest_valid_hash)) : Json(nullptr)},
            {"validationError",
             status.validation_error ? Json(*status.validation_error) : Json(nullptr)}};
}

}  // namespace blend::rpc
