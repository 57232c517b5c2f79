// SPDX-License-Identifier: Apache-2.0
// eth_newFilter & co. (polling, any transport) and eth_subscribe / eth_unsubscribe (WebSocket).
#include "rpc/events.hpp"
#include "rpc/methods.hpp"

namespace blend::rpc::handlers {

namespace {

RpcResult<FilterManager*> filter_manager(CallContext& context)
{
    if (context.filters == nullptr)
        return Unexpected{RpcError::server("filters are not available on this endpoint")};
    return context.filters;
}

ParseResult<std::string> parse_id(const Json& value)
{
    // Ids are opaque strings we generated; anything else is simply not found.
    if (!value.is_string())
        return Unexpected{std::string("expected a filter or subscription id string")};
    return value.get<std::string>();
}

}  // namespace

RpcResult<Json> eth_new_filter(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* filters, filter_manager(context));
    BLEND_TRY(auto criteria, params.required(0, parse_log_filter));
    BLEND_TRY(auto id, filters->install(FilterKind::kLogs, std::move(criteria)));
    return Json(std::move(id));
}

RpcResult<Json> eth_new_block_filter(CallContext& context, const Params&)
{
    BLEND_TRY(auto* filters, filter_manager(context));
    BLEND_TRY(auto id, filters->install(FilterKind::kBlocks));
    return Json(std::move(id));
}

RpcResult<Json> eth_new_pending_transaction_filter(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* filters, filter_manager(context));
    BLEND_TRY(const auto full, params.optional(0, parse_bool));
    if (full && *full)
        return Unexpected{Params::invalid(0, "full pending transactions are not supported")};
    BLEND_TRY(auto id, filters->install(FilterKind::kPendingTransactions));
    return Json(std::move(id));
}

RpcResult<Json> eth_get_filter_changes(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* filters, filter_manager(context));
    BLEND_TRY(const auto id, params.required(0, parse_id));
    return filters->changes(id);
}

RpcResult<Json> eth_get_filter_logs(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* filters, filter_manager(context));
    BLEND_TRY(const auto id, params.required(0, parse_id));
    BLEND_TRY(const auto criteria, filters->log_filter(id));
    if (context.eth == nullptr)
        return Unexpected{RpcError::internal("no chain backend")};
    BLEND_TRY(const auto logs, context.eth->logs(criteria));
    Json out = Json::array();
    for (const auto& log : logs)
        out.push_back(to_json(log));
    return out;
}

RpcResult<Json> eth_uninstall_filter(CallContext& context, const Params& params)
{
    BLEND_TRY(auto* filters, filter_manager(context));
    BLEND_TRY(const auto id, params.required(0, parse_id));
    return Json(filters->uninstall(id));
}

RpcResult<Json> eth_subscribe(CallContext& context, const Params& params)
{
    if (context.connection == nullptr || context.subscriptions == nullptr)
        // geth rpc/errors.go ErrNotificationsUnsupported.
        return Unexpected{
            RpcError{ErrorCode::kMethodNotFound, "notifications not supported", {}, {}}};
    BLEND_TRY(const auto kind, params.required(0, [](const Json& v) -> ParseResult<std::string> {
        if (!v.is_string())
            return Unexpected{std::string("expected a subscription name")};
        return v.get<std::string>();
    }));
    if (kind == "newHeads") {
        if (params.size() > 1)
            return Unexpected{Params::invalid(1, "newHeads takes no options")};
        BLEND_TRY(auto id, context.subscriptions->subscribe(context.connection,
                                                            SubscriptionKind::kNewHeads));
        return Json(std::move(id));
    }
    if (kind == "logs") {
        BLEND_TRY(auto filter, params.optional(1, parse_log_filter));
        LogFilter criteria = filter ? std::move(*filter) : LogFilter{};
        if (criteria.block_hash)
            return Unexpected{Params::invalid(1, "a logs subscription takes no blockHash")};
        BLEND_TRY(auto id, context.subscriptions->subscribe(
                               context.connection, SubscriptionKind::kLogs, std::move(criteria)));
        return Json(std::move(id));
    }
    if (kind == "newPendingTransactions") {
        BLEND_TRY(const auto full, params.optional(1, parse_bool));
        if (full && *full)
            return Unexpected{Params::invalid(1, "full pending transactions are not supported")};
        BLEND_TRY(auto id, context.subscriptions->subscribe(
                               context.connection, SubscriptionKind::kNewPendingTransactions));
        return Json(std::move(id));
    }
    return Unexpected{Params::invalid(0, "no \"" + kind + "\" subscription in eth namespace")};
}

RpcResult<Json> eth_unsubscribe(CallContext& context, const Params& params)
{
    if (context.connection == nullptr || context.subscriptions == nullptr)
        return Unexpected{
            RpcError{ErrorCode::kMethodNotFound, "notifications not supported", {}, {}}};
    BLEND_TRY(const auto id, params.required(0, parse_id));
    return Json(context.subscriptions->unsubscribe(context.connection.get(), id));
}

}  // namespace blend::rpc::handlers
