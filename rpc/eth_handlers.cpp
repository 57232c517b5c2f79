// SPDX-License-Identifier: Apache-2.0
// eth_ (except filters and subscriptions), net_, web3_, debug_ and rpc_ handlers: parse the
// params, call the EthBackend, encode. No chain logic here.
#include "core/keccak.hpp"
#include "core/types/transaction.hpp"
#include "rpc/limits.hpp"
#include "rpc/methods.hpp"

#include <limits>

namespace blend::rpc::handlers {

namespace {

constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();

RpcResult<EthBackend*> eth_backend(CallContext& context)
{
    if (context.eth == nullptr)
        return Unexpected{RpcError::internal("no chain backend")};
    return context.eth;
}

auto block_param(bool allow_hash)
{
    return [allow_hash](const Json& v) { return parse_block_id(v, allow_hash); };
}

auto data_param(size_t max_size)
{
    return [max_size](const Json& v) { return parse_data(v, max_size); };
}

/// The optional trailing block parameter: absent means `latest` (api-surface §0).
RpcResult<BlockId> optional_block(const Params& params, size_t index, bool allow_hash)
{
    BLEND_TRY(auto id, params.optional(index, block_param(allow_hash)));
    return id.value_or(BlockId::latest());
}

template <typename T>
Json optional_json(const std::optional<T>& value)
{
    return value ? to_json(*value) : Json(nullptr);
}

RpcResult<Json> state_overrides_refused(const Params& params, size_t index)
{
    // geth takes state overrides as a further parameter; ignoring them would answer a different
    // question than the one asked, so they are refused until the backend supports them.
    if (params.has(index))
        return Unexpected{Params::invalid(index, "state overrides are not supported")};
    return Json(nullptr);
}

}  // namespace

RpcResult<Json> eth_chain_id(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    return Json(quantity(eth->chain_id()));
}

RpcResult<Json> eth_block_number(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto number, eth->block_number());
    return Json(quantity(number));
}

RpcResult<Json> eth_syncing(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto status, eth->syncing());
    if (!status)
        return Json(false);
    return Json{{"startingBlock", quantity(status->starting_block)},
                {"currentBlock", quantity(status->current_block)},
                {"highestBlock", quantity(status->highest_block)}};
}

RpcResult<Json> eth_coinbase(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto address, eth->coinbase());
    return Json(hex_data(address));
}

RpcResult<Json> eth_accounts(CallContext&, const Params&)
{
    return Json::array();  // the node holds no keys (api-surface §1)
}

RpcResult<Json> eth_get_balance(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto address, params.required(0, parse_address));
    BLEND_TRY(const auto block, optional_block(params, 1, true));
    BLEND_TRY(const auto balance, eth->balance(address, block));
    return Json(quantity(balance));
}

RpcResult<Json> eth_get_transaction_count(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto address, params.required(0, parse_address));
    BLEND_TRY(const auto block, optional_block(params, 1, true));
    BLEND_TRY(const auto count, eth->transaction_count(address, block));
    return Json(quantity(count));
}

RpcResult<Json> eth_get_code(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto address, params.required(0, parse_address));
    BLEND_TRY(const auto block, optional_block(params, 1, true));
    BLEND_TRY(const auto code, eth->code(address, block));
    return Json(hex_data(code));
}

RpcResult<Json> eth_get_storage_at(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto address, params.required(0, parse_address));
    BLEND_TRY(const auto slot, params.required(1, parse_storage_key));
    BLEND_TRY(const auto block, optional_block(params, 2, true));
    BLEND_TRY(const auto value, eth->storage_at(address, slot, block));
    return Json(hex_data(value));
}

RpcResult<Json> eth_get_proof(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto address, params.required(0, parse_address));
    BLEND_TRY(const auto slots,
              params.required(1, [](const Json& v) -> ParseResult<std::vector<Hash>> {
                  if (!v.is_array())
                      return Unexpected{std::string("expected an array of storage keys")};
                  if (v.size() > kMaxProofKeys)
                      return Unexpected{std::string("too many keys, want at most ") +
                                        std::to_string(kMaxProofKeys)};
                  std::vector<Hash> out;
                  for (const auto& key : v) {
                      auto parsed = parse_storage_key(key);
                      if (!parsed)
                          return Unexpected{parsed.error()};
                      out.push_back(*parsed);
                  }
                  return out;
              }));
    BLEND_TRY(const auto block, optional_block(params, 2, true));
    BLEND_TRY(const auto proof, eth->proof(address, slots, block));
    return to_json(proof);
}

RpcResult<Json> eth_call(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto request, params.required(0, parse_call_request));
    BLEND_TRY(const auto block, optional_block(params, 1, true));
    BLEND_TRY(const auto unused, state_overrides_refused(params, 2));
    (void)unused;
    BLEND_TRY(const auto output, eth->call(request, block));
    return Json(hex_data(output));
}

RpcResult<Json> eth_estimate_gas(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto request, params.required(0, parse_call_request));
    BLEND_TRY(const auto block, optional_block(params, 1, true));
    BLEND_TRY(const auto unused, state_overrides_refused(params, 2));
    (void)unused;
    BLEND_TRY(const auto gas, eth->estimate_gas(request, block));
    return Json(quantity(gas));
}

RpcResult<Json> eth_gas_price(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto price, eth->gas_price());
    return Json(quantity(price));
}

RpcResult<Json> eth_max_priority_fee_per_gas(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto tip, eth->max_priority_fee_per_gas());
    return Json(quantity(tip));
}

RpcResult<Json> eth_fee_history(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(auto count, params.required(0, parse_quantity_or_number));
    BLEND_TRY(const auto newest, params.required(1, block_param(false)));
    BLEND_TRY(
        const auto percentiles,
        params.optional(2, [](const Json& v) -> ParseResult<std::vector<double>> {
            if (!v.is_array())
                return Unexpected{std::string("expected an array of percentiles")};
            if (v.size() > kMaxRewardPercentiles)
                return Unexpected{std::string("too many reward percentiles, want at most ") +
                                  std::to_string(kMaxRewardPercentiles)};
            std::vector<double> out;
            for (const auto& p : v) {
                if (!p.is_number())
                    return Unexpected{std::string("percentile is not a number")};
                const double x = p.get<double>();
                // geth (eth/gasprice/feehistory.go): each in [0, 100], ascending.
                if (!(x >= 0.0 && x <= 100.0))
                    return Unexpected{"invalid reward percentile: " + p.dump()};
                if (!out.empty() && x < out.back())
                    return Unexpected{"invalid reward percentile: " + p.dump() + " < previous"};
                out.push_back(x);
            }
            return out;
        }));
    if (count == 0)
        return Unexpected{Params::invalid(0, "blockCount must be at least 1")};
    // geth clamps rather than refuses (eth/gasprice/feehistory.go maxBlockCount).
    count = std::min(count, kMaxFeeHistoryBlocks);
    const std::vector<double> empty;
    BLEND_TRY(const auto history,
              eth->fee_history(count, newest, percentiles ? *percentiles : empty));
    return to_json(history);
}

RpcResult<Json> eth_get_block_by_number(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto block_id, params.required(0, block_param(false)));
    BLEND_TRY(const auto full, params.required(1, parse_bool));
    BLEND_TRY(const auto block, eth->block(block_id, full));
    return block ? to_json(*block, full) : Json(nullptr);
}

RpcResult<Json> eth_get_block_by_hash(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto hash, params.required(0, parse_hash));
    BLEND_TRY(const auto full, params.required(1, parse_bool));
    BLEND_TRY(const auto block, eth->block(BlockId::hash(hash), full));
    return block ? to_json(*block, full) : Json(nullptr);
}

RpcResult<Json> eth_block_tx_count_by_hash(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto hash, params.required(0, parse_hash));
    BLEND_TRY(const auto block, eth->block(BlockId::hash(hash), false));
    return block ? Json(quantity(block->transaction_hashes.size())) : Json(nullptr);
}

RpcResult<Json> eth_block_tx_count_by_number(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto id, params.required(0, block_param(false)));
    BLEND_TRY(const auto block, eth->block(id, false));
    return block ? Json(quantity(block->transaction_hashes.size())) : Json(nullptr);
}

RpcResult<Json> eth_get_block_receipts(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto id, params.required(0, block_param(true)));
    BLEND_TRY(const auto receipts, eth->block_receipts(id));
    if (!receipts)
        return Json(nullptr);
    Json out = Json::array();
    for (const auto& r : *receipts)
        out.push_back(to_json(r));
    return out;
}

RpcResult<Json> eth_send_raw_transaction(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    // The request body limit bounds the size; the pool applies the transaction size rule.
    BLEND_TRY(const auto raw, params.required(0, data_param(kUnbounded)));
    auto tx = decode_transaction(raw);
    if (!tx) {
        switch (tx.error()) {
        case TxError::kUnknownType:
        case TxError::kBlobTransactionNotSupported:
            // geth's wording (core/types ErrTxTypeNotSupported), api-surface §1.2.
            return Unexpected{RpcError::server("transaction type not supported")};
        default:
            return Unexpected{
                RpcError::server(std::string("invalid transaction: ") + to_string(tx.error()))};
        }
    }
    auto sender = recover_sender(*tx);
    if (!sender)
        return Unexpected{RpcError::server("invalid sender")};  // geth txpool ErrInvalidSender
    SignedTransaction signed_tx{std::move(*tx), Hash{}, *sender};
    signed_tx.hash = keccak256(raw);
    BLEND_TRY(const auto hash, eth->send_raw_transaction(signed_tx));
    return Json(hex_data(hash));
}

RpcResult<Json> eth_get_transaction_by_hash(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto hash, params.required(0, parse_hash));
    BLEND_TRY(const auto info, eth->transaction_by_hash(hash));
    return optional_json(info);
}

RpcResult<Json> eth_get_transaction_by_block_hash_and_index(CallContext& context,
                                                            const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto hash, params.required(0, parse_hash));
    BLEND_TRY(const auto index, params.required(1, parse_quantity));
    BLEND_TRY(const auto info, eth->transaction_by_block_and_index(BlockId::hash(hash), index));
    return optional_json(info);
}

RpcResult<Json> eth_get_transaction_by_block_number_and_index(CallContext& context,
                                                              const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto id, params.required(0, block_param(false)));
    BLEND_TRY(const auto index, params.required(1, parse_quantity));
    BLEND_TRY(const auto info, eth->transaction_by_block_and_index(id, index));
    return optional_json(info);
}

RpcResult<Json> eth_get_transaction_receipt(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto hash, params.required(0, parse_hash));
    BLEND_TRY(const auto receipt, eth->receipt(hash));
    return optional_json(receipt);
}

RpcResult<Json> eth_get_logs(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto filter, params.required(0, parse_log_filter));
    BLEND_TRY(const auto logs, eth->logs(filter));
    Json out = Json::array();
    for (const auto& log : logs)
        out.push_back(to_json(log));
    return out;
}

RpcResult<Json> net_version(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    return Json(std::to_string(eth->chain_id()));  // decimal (api-surface §0)
}

RpcResult<Json> net_listening(CallContext&, const Params&)
{
    return Json(true);
}

RpcResult<Json> net_peer_count(CallContext& context, const Params&)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    return Json(quantity(eth->peer_count()));
}

RpcResult<Json> web3_client_version(CallContext& context, const Params&)
{
    return Json(std::string(context.client_version));
}

RpcResult<Json> web3_sha3(CallContext&, const Params& params)
{
    BLEND_TRY(const auto input, params.required(0, data_param(kUnbounded)));
    return Json(hex_data(keccak256(input)));
}

RpcResult<Json> debug_trace_transaction(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* eth, eth_backend(context));
    BLEND_TRY(const auto hash, params.required(0, parse_hash));
    BLEND_TRY(
        const auto options, params.optional(1, [](const Json& v) -> ParseResult<TraceOptions> {
            if (!v.is_object())
                return Unexpected{std::string("expected a tracer config object")};
            TraceOptions out;
            const auto tracer = v.find("tracer");
            if (tracer == v.end() || !tracer->is_string())
                return Unexpected{std::string("only {\"tracer\": \"callTracer\"} is supported")};
            if (*tracer != "callTracer")
                return Unexpected{"tracer \"" + tracer->get<std::string>().substr(0, 64) +
                                  "\" is not supported (only callTracer)"};
            const auto config = v.find("tracerConfig");
            if (config != v.end() && !config->is_object() && !config->is_null())
                return Unexpected{std::string("tracerConfig must be an object")};
            if (config != v.end() && config->is_object()) {
                const auto top = config->find("onlyTopCall");
                if (top != config->end()) {
                    if (!top->is_boolean())
                        return Unexpected{std::string("onlyTopCall must be a boolean")};
                    out.only_top_call = top->get<bool>();
                }
            }
            return out;
        }));
    if (!options)
        return Unexpected{Params::invalid(
            1, "only {\"tracer\": \"callTracer\"} is supported (no struct logger)")};
    BLEND_TRY(const auto frame, eth->trace_transaction(hash, *options));
    // geth's answer for a hash it has not mined (eth/tracers/api.go errTxNotFound).
    if (!frame)
        return Unexpected{RpcError::server("transaction not found")};
    return to_json(*frame);
}

RpcResult<Json> rpc_modules(CallContext& context, const Params&)
{
    Json out = Json::object();
    for (const auto ns : context.namespaces)
        if (ns != Namespace::kEngine)
            out[to_string(ns)] = "1.0";
    return out;
}

}  // namespace blend::rpc::handlers
