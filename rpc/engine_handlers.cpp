// SPDX-License-Identifier: Apache-2.0
// engine_ handlers (api-surface §2): parameter structure per version (-32602), fork gates
// (-38005), attribute structure (-38003), request size (-38004); the chain decisions are the
// EngineBackend's.
#include "rpc/engine_payload.hpp"
#include "rpc/limits.hpp"
#include "rpc/methods.hpp"

namespace blend::rpc::handlers {

namespace {

RpcResult<EngineBackend*> engine_backend(CallContext& context)
{
    if (context.engine == nullptr)
        return Unexpected{RpcError::internal("no engine backend")};
    return context.engine;
}

RpcError unsupported_fork()
{
    return RpcError::of(ErrorCode::kUnsupportedFork);
}

RpcError invalid_attributes(const std::string& reason)
{
    return RpcError{ErrorCode::kInvalidPayloadAttributes,
                    std::string(to_string(ErrorCode::kInvalidPayloadAttributes)) + ": " + reason,
                    {},
                    {}};
}

ParseResult<std::vector<Hash>> parse_hash_list(const Json& value)
{
    if (!value.is_array())
        return Unexpected{std::string("array of hashes expected")};
    std::vector<Hash> out;
    for (const auto& item : value) {
        auto hash = parse_hash(item);
        if (!hash)
            return Unexpected{hash.error()};
        out.push_back(*hash);
    }
    return out;
}

ParseResult<ForkchoiceState> parse_forkchoice_state(const Json& v)
{
    if (!v.is_object())
        return Unexpected{std::string("forkchoice state object expected")};
    ForkchoiceState out;
    for (const auto& [key, member] : {std::pair{"headBlockHash", &out.head_block_hash},
                                      std::pair{"safeBlockHash", &out.safe_block_hash},
                                      std::pair{"finalizedBlockHash", &out.finalized_block_hash}}) {
        if (!v.contains(key))
            return Unexpected{std::string("missing ") + key};
        auto hash = parse_hash(v[key]);
        if (!hash)
            return Unexpected{std::string(key) + ": " + hash.error()};
        *member = *hash;
    }
    return out;
}

/// PayloadAttributes of any version plus the L2 fields; the version checks come after.
ParseResult<PayloadAttributes> parse_attributes(const Json& v)
{
    if (!v.is_object())
        return Unexpected{std::string("payload attributes object expected")};
    PayloadAttributes out;
    for (const char* key : {"timestamp", "prevRandao", "suggestedFeeRecipient"})
        if (!v.contains(key))
            return Unexpected{std::string("missing ") + key};
    auto timestamp = parse_quantity(v["timestamp"]);
    auto randao = parse_hash(v["prevRandao"]);
    auto recipient = parse_address(v["suggestedFeeRecipient"]);
    if (!timestamp)
        return Unexpected{"timestamp: " + timestamp.error()};
    if (!randao)
        return Unexpected{"prevRandao: " + randao.error()};
    if (!recipient)
        return Unexpected{"suggestedFeeRecipient: " + recipient.error()};
    out.timestamp = *timestamp;
    out.prev_randao = *randao;
    out.suggested_fee_recipient = *recipient;
    if (v.contains("withdrawals") && !v["withdrawals"].is_null()) {
        if (!v["withdrawals"].is_array())
            return Unexpected{std::string("withdrawals: array expected")};
        std::vector<Withdrawal> list;
        for (const auto& w : v["withdrawals"]) {
            auto parsed = parse_withdrawal(w);
            if (!parsed)
                return Unexpected{"withdrawals: " + parsed.error()};
            list.push_back(*parsed);
        }
        out.withdrawals = std::move(list);
    }
    if (v.contains("parentBeaconBlockRoot") && !v["parentBeaconBlockRoot"].is_null()) {
        auto root = parse_hash(v["parentBeaconBlockRoot"]);
        if (!root)
            return Unexpected{"parentBeaconBlockRoot: " + root.error()};
        out.parent_beacon_block_root = *root;
    }
    // L2 fields (op-node's PayloadAttributes): forced transactions, noTxPool, gasLimit.
    if (v.contains("transactions") && !v["transactions"].is_null()) {
        if (!v["transactions"].is_array())
            return Unexpected{std::string("transactions: array expected")};
        for (const auto& tx : v["transactions"]) {
            auto raw = parse_data(tx, std::numeric_limits<size_t>::max());
            if (!raw)
                return Unexpected{"transactions: " + raw.error()};
            if (raw->empty())
                return Unexpected{std::string("transactions: empty transaction")};
            out.transactions.push_back(std::move(*raw));
        }
    }
    if (v.contains("noTxPool") && !v["noTxPool"].is_null()) {
        if (!v["noTxPool"].is_boolean())
            return Unexpected{std::string("noTxPool: boolean expected")};
        out.no_tx_pool = v["noTxPool"].get<bool>();
    }
    if (v.contains("gasLimit") && !v["gasLimit"].is_null()) {
        auto gas = parse_quantity(v["gasLimit"]);
        if (!gas)
            return Unexpected{"gasLimit: " + gas.error()};
        out.gas_limit = *gas;
    }
    return out;
}

/// The attribute rules per version (shanghai.md, cancun.md): the reason for -38003, or the
/// -38005 fork error, or nothing.
std::optional<RpcError> check_attributes(EngineVersion version,
                                         const PayloadAttributes& a,
                                         const EngineBackend& engine)
{
    const Fork fork = engine.fork_at(a.timestamp);
    switch (version) {
    case EngineVersion::kV1:
        if (a.withdrawals || a.parent_beacon_block_root)
            return invalid_attributes("V1 attributes carry no withdrawals or beacon root");
        return std::nullopt;
    case EngineVersion::kV2:
        if (a.parent_beacon_block_root)
            return invalid_attributes("V2 attributes carry no parentBeaconBlockRoot");
        if (fork >= Fork::kCancun)
            return unsupported_fork();
        if ((fork >= Fork::kShanghai) != a.withdrawals.has_value())
            return invalid_attributes(fork >= Fork::kShanghai
                                          ? "withdrawals required from Shanghai on"
                                          : "no withdrawals before Shanghai");
        return std::nullopt;
    default:
        if (!a.withdrawals || !a.parent_beacon_block_root)
            return invalid_attributes("V3 attributes need withdrawals and parentBeaconBlockRoot");
        // Cancun, Prague and Osaka all use forkchoiceUpdatedV3 (api-surface §2.1).
        if (fork < Fork::kCancun)
            return unsupported_fork();
        return std::nullopt;
    }
}

RpcResult<Json> forkchoice_updated(CallContext& context,
                                   const Params& params,
                                   EngineVersion version)
{
    BLEND_TRY(auto* engine, engine_backend(context));
    BLEND_TRY(const auto state, params.required(0, parse_forkchoice_state));
    BLEND_TRY(const auto attributes, params.optional(1, parse_attributes));
    std::optional<RpcError> attribute_error;
    if (attributes)
        attribute_error = check_attributes(version, *attributes, *engine);
    // The forkchoice is applied first; wrong attributes are reported afterwards and do not roll
    // it back (api-surface §2.3 forkchoiceUpdated rule 5).
    BLEND_TRY(const auto result, engine->forkchoice_updated(
                                     version, state, attribute_error ? std::nullopt : attributes));
    if (attribute_error && result.payload_status.status == PayloadStatusKind::kValid)
        return Unexpected{*attribute_error};
    return Json{
        {"payloadStatus", to_json(result.payload_status)},
        {"payloadId", result.payload_id ? Json(hex_data(*result.payload_id)) : Json(nullptr)}};
}

/// The fork gate of newPayload per version (api-surface §2.1).
bool new_payload_fork_ok(EngineVersion version, Fork fork)
{
    switch (version) {
    case EngineVersion::kV1:
        return true;
    case EngineVersion::kV2:
        return fork < Fork::kCancun;
    case EngineVersion::kV3:
        return fork == Fork::kCancun;
    case EngineVersion::kV4:
        return fork >= Fork::kPrague;
    }
    return false;
}

RpcResult<Json> new_payload(CallContext& context, const Params& params, EngineVersion version)
{
    BLEND_TRY(auto* engine, engine_backend(context));
    BLEND_TRY(const auto payload, params.required(0, parse_execution_payload));
    const int shape = payload_shape(payload);
    const Fork fork = engine->fork_at(payload.timestamp);
    std::optional<std::vector<Hash>> blob_hashes;
    std::optional<Hash> beacon_root;
    std::optional<std::vector<Bytes>> requests;
    switch (version) {
    case EngineVersion::kV1:
        if (shape != 1)
            return Unexpected{Params::invalid(0, "newPayloadV1 takes an ExecutionPayloadV1")};
        break;
    case EngineVersion::kV2:
        // V1 shape before Shanghai, V2 from it; the wrong one is -32602 (shanghai.md).
        if (shape == 3 || (fork >= Fork::kShanghai) != (shape == 2)) {
            if (fork >= Fork::kCancun)
                return Unexpected{unsupported_fork()};
            return Unexpected{Params::invalid(0, "wrong ExecutionPayload version for its fork")};
        }
        break;
    case EngineVersion::kV3:
    case EngineVersion::kV4: {
        // Every parameter present, null meaning absent (cancun.md).
        if (shape != 3)
            return Unexpected{Params::invalid(0, "an ExecutionPayloadV3 is required")};
        BLEND_TRY(auto hashes, params.required(1, parse_hash_list));
        BLEND_TRY(auto root, params.required(2, parse_hash));
        blob_hashes = std::move(hashes);
        beacon_root = root;
        if (version == EngineVersion::kV4) {
            BLEND_TRY(auto reqs, params.required(3, parse_execution_requests));
            requests = std::move(reqs);
        }
        break;
    }
    }
    if (!new_payload_fork_ok(version, fork))
        return Unexpected{unsupported_fork()};
    auto checked = check_payload(version, payload, blob_hashes, beacon_root, requests);
    if (const auto* status = std::get_if<PayloadStatus>(&checked))
        return to_json(*status);
    BLEND_TRY(const auto status, engine->new_payload(std::get<NewPayload>(checked)));
    return to_json(status);
}

ParseResult<PayloadId> parse_payload_id(const Json& value)
{
    auto bytes = parse_data(value, PayloadId::size());
    if (!bytes)
        return Unexpected{bytes.error()};
    if (bytes->size() != PayloadId::size())
        return Unexpected{std::string("payload id must be 8 bytes")};
    return PayloadId{FixedBytes<8>::from_view(*bytes)};
}

RpcResult<Json> get_payload(CallContext& context, const Params& params, EngineVersion version)
{
    BLEND_TRY(auto* engine, engine_backend(context));
    BLEND_TRY(const auto id, params.required(0, parse_payload_id));
    BLEND_TRY(const auto payload, engine->get_payload(version, id));
    const Fork fork = engine->fork_at(payload.header.timestamp);
    switch (version) {
    case EngineVersion::kV1:
        if (fork >= Fork::kShanghai)
            return Unexpected{unsupported_fork()};
        return payload_to_json(payload, 1);
    case EngineVersion::kV2:
        if (fork >= Fork::kCancun)
            return Unexpected{unsupported_fork()};
        return Json{{"executionPayload", payload_to_json(payload, fork >= Fork::kShanghai ? 2 : 1)},
                    {"blockValue", quantity(payload.block_value)}};
    case EngineVersion::kV3:
    case EngineVersion::kV4: {
        // getPayloadV3 is Cancun only, V4 Prague only (Osaka moves to V5): api-surface §2.1.
        if ((version == EngineVersion::kV3 && fork != Fork::kCancun) ||
            (version == EngineVersion::kV4 && fork != Fork::kPrague))
            return Unexpected{unsupported_fork()};
        // No blob transactions on Blend: the bundle is always empty (BlobsBundleV1).
        Json out = {
            {"executionPayload", payload_to_json(payload, 3)},
            {"blockValue", quantity(payload.block_value)},
            {"blobsBundle",
             {{"commitments", Json::array()}, {"proofs", Json::array()}, {"blobs", Json::array()}}},
            {"shouldOverrideBuilder", payload.should_override_builder}};
        if (version == EngineVersion::kV4) {
            Json requests = Json::array();
            for (const auto& r : payload.execution_requests)
                requests.push_back(hex_data(r));
            out["executionRequests"] = std::move(requests);
        }
        return out;
    }
    }
    return Unexpected{RpcError::internal("unknown version")};
}

Json bodies_json(const std::vector<std::optional<PayloadBody>>& bodies)
{
    Json out = Json::array();
    for (const auto& body : bodies) {
        if (!body) {
            out.push_back(nullptr);
            continue;
        }
        Json txs = Json::array();
        for (const auto& tx : body->transactions)
            txs.push_back(hex_data(tx));
        Json withdrawals = nullptr;
        if (body->withdrawals) {
            withdrawals = Json::array();
            for (const auto& w : *body->withdrawals)
                withdrawals.push_back(to_json(w));
        }
        out.push_back({{"transactions", std::move(txs)}, {"withdrawals", std::move(withdrawals)}});
    }
    return out;
}

}  // namespace

RpcResult<Json> engine_exchange_capabilities(CallContext&, const Params& params)
{
    // The consensus client's list is informational; ours comes from the method table.
    BLEND_TRY(const auto theirs, params.required(0, [](const Json& v) -> ParseResult<bool> {
        if (!v.is_array())
            return Unexpected{std::string("array of method names expected")};
        for (const auto& name : v)
            if (!name.is_string())
                return Unexpected{std::string("method names must be strings")};
        return true;
    }));
    (void)theirs;
    return Json(engine_capabilities());
}

RpcResult<Json> engine_get_client_version_v1(CallContext& context, const Params& params)
{
    BLEND_TRY(const auto theirs, params.required(0, [](const Json& v) -> ParseResult<bool> {
        if (!v.is_object())
            return Unexpected{std::string("ClientVersionV1 object expected")};
        return true;
    }));
    (void)theirs;
    // ClientVersionV1 {code: two letters, name, version, commit: 4 bytes} (identification.md).
    std::string version(context.client_version);
    return Json::array(
        {{{"code", "BL"}, {"name", "Blend"}, {"version", version}, {"commit", "0x00000000"}}});
}

RpcResult<Json> engine_new_payload_v1(CallContext& c, const Params& p)
{
    return new_payload(c, p, EngineVersion::kV1);
}
RpcResult<Json> engine_new_payload_v2(CallContext& c, const Params& p)
{
    return new_payload(c, p, EngineVersion::kV2);
}
RpcResult<Json> engine_new_payload_v3(CallContext& c, const Params& p)
{
    return new_payload(c, p, EngineVersion::kV3);
}
RpcResult<Json> engine_new_payload_v4(CallContext& c, const Params& p)
{
    return new_payload(c, p, EngineVersion::kV4);
}
RpcResult<Json> engine_forkchoice_updated_v1(CallContext& c, const Params& p)
{
    return forkchoice_updated(c, p, EngineVersion::kV1);
}
RpcResult<Json> engine_forkchoice_updated_v2(CallContext& c, const Params& p)
{
    return forkchoice_updated(c, p, EngineVersion::kV2);
}
RpcResult<Json> engine_forkchoice_updated_v3(CallContext& c, const Params& p)
{
    return forkchoice_updated(c, p, EngineVersion::kV3);
}
RpcResult<Json> engine_get_payload_v1(CallContext& c, const Params& p)
{
    return get_payload(c, p, EngineVersion::kV1);
}
RpcResult<Json> engine_get_payload_v2(CallContext& c, const Params& p)
{
    return get_payload(c, p, EngineVersion::kV2);
}
RpcResult<Json> engine_get_payload_v3(CallContext& c, const Params& p)
{
    return get_payload(c, p, EngineVersion::kV3);
}
RpcResult<Json> engine_get_payload_v4(CallContext& c, const Params& p)
{
    return get_payload(c, p, EngineVersion::kV4);
}

RpcResult<Json> engine_get_payload_bodies_by_hash_v1(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* engine, engine_backend(context));
    BLEND_TRY(const auto hashes, params.required(0, parse_hash_list));
    if (hashes.size() > kMaxPayloadBodiesRequest)
        return Unexpected{RpcError::of(ErrorCode::kTooLargeRequest)};
    BLEND_TRY(const auto bodies, engine->payload_bodies_by_hash(hashes));
    return bodies_json(bodies);
}

RpcResult<Json> engine_get_payload_bodies_by_range_v1(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* engine, engine_backend(context));
    BLEND_TRY(const auto start, params.required(0, parse_quantity));
    BLEND_TRY(const auto count, params.required(1, parse_quantity));
    // shanghai.md: start and count below 1 are -32602; more than we serve is -38004.
    if (start < 1)
        return Unexpected{Params::invalid(0, "start must be at least 1")};
    if (count < 1)
        return Unexpected{Params::invalid(1, "count must be at least 1")};
    if (count > kMaxPayloadBodiesRequest)
        return Unexpected{RpcError::of(ErrorCode::kTooLargeRequest)};
    BLEND_TRY(const auto bodies, engine->payload_bodies_by_range(start, count));
    return bodies_json(bodies);
}

}  // namespace blend::rpc::handlers
