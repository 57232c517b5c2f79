// SPDX-License-Identifier: Apache-2.0
#include "rpc/dispatcher.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace blend::rpc {

namespace {

constexpr auto kDumpErrors = Json::error_handler_t::replace;

std::string dump(const Json& value)
{
    return value.dump(-1, ' ', false, kDumpErrors);
}

/// The deepest nesting of arrays and objects in `body`, outside strings. Checked before
/// parsing so that no parser or destructor recursion depends on a client's input.
size_t nesting_depth(std::string_view body)
{
    size_t depth = 0;
    size_t deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : body) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

Json success_response(const Json& id, Json result)
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

}  // namespace

Json error_response(const Json& id, const RpcError& error)
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", to_json(error)}};
}

Dispatcher::Dispatcher(DispatcherConfig config, Services services)
    : config_(std::move(config)), services_(services)
{}

bool Dispatcher::serves(const Method& method) const noexcept
{
    if (config_.engine_port)
        return method.ns == Namespace::kEngine || (method.flags & kEnginePortToo) != 0;
    if (method.ns == Namespace::kEngine)
        return false;  // never on an unauthenticated port
    if (method.ns == Namespace::kRpc)
        return true;
    return std::find(config_.namespaces.begin(), config_.namespaces.end(), method.ns) !=
           config_.namespaces.end();
}

Json Dispatcher::handle_one(const Json& request, CallContext& context) const
{
    // JSON-RPC 2.0 §4: a request is an object with "jsonrpc": "2.0" and a string "method";
    // "id" is a string, a number or null, and its absence makes a notification.
    if (!request.is_object())
        return error_response(
            nullptr,
            RpcError{ErrorCode::kInvalidRequest, "invalid request: not an object", {}, {}});
    const auto id_it = request.find("id");
    const bool notification = id_it == request.end();
    Json id = notification ? Json(nullptr) : *id_it;
    if (!id.is_null() && !id.is_string() && !id.is_number())
        return error_response(
            nullptr, RpcError{ErrorCode::kInvalidRequest, "invalid request: bad id", {}, {}});
    const auto version = request.find("jsonrpc");
    if (version == request.end() || !version->is_string() || *version != "2.0")
        return error_response(
            id,
            RpcError{
                ErrorCode::kInvalidRequest, "invalid request: jsonrpc must be \"2.0\"", {}, {}});
    const auto method_it = request.find("method");
    if (method_it == request.end() || !method_it->is_string())
        return error_response(
            id, RpcError{ErrorCode::kInvalidRequest, "invalid request: no method", {}, {}});
    const auto& name = method_it->get_ref<const std::string&>();
    const Method* method = find_method(name);
    if (method == nullptr || !serves(*method)) {
        // geth's wording, which viem and ethers recognise (api-surface §1.2).
        Json response =
            error_response(id, RpcError{ErrorCode::kMethodNotFound,
                                        "the method " + name + " does not exist/is not available",
                                        {},
                                        {}});
        return notification ? Json(nullptr) : response;
    }
    const auto params_it = request.find("params");
    static const Json kNoParams = nullptr;
    auto params =
        Params::from(params_it == request.end() ? kNoParams : *params_it, method->max_params);
    Json response;
    if (!params) {
        response = error_response(id, params.error());
    } else {
        try {
            auto result = method->handler(context, *params);
            response = result ? success_response(id, std::move(*result))
                              : error_response(id, result.error());
        } catch (const std::exception& e) {
            // Only a bug gets here (handlers check types before reading); report, do not die.
            response = error_response(id, RpcError::internal(e.what()));
        }
    }
    return notification ? Json(nullptr) : response;
}

std::optional<std::string> Dispatcher::handle(
    std::string_view body,
    const std::shared_ptr<NotificationTarget>& connection) const
{
    if (nesting_depth(body) > kMaxJsonDepth)
        return dump(error_response(
            nullptr, RpcError{ErrorCode::kInvalidRequest, "request nested too deep", {}, {}}));
    Json request = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded())
        return dump(
            error_response(nullptr, RpcError{ErrorCode::kParseError, "parse error", {}, {}}));

    CallContext context;
    context.eth = services_.eth;
    context.engine = services_.engine;
    context.filters = services_.filters;
    context.subscriptions = services_.subscriptions;
    context.connection = connection;
    context.namespaces = config_.namespaces;
    context.client_version = config_.client_version;

    if (!request.is_array()) {
        Json response = handle_one(request, context);
        if (response.is_null())
            return std::nullopt;
        std::string out = dump(response);
        if (out.size() > config_.max_response_bytes)
            out = dump(error_response(response["id"], RpcError::of(ErrorCode::kResponseTooLarge)));
        return out;
    }

    if (request.empty())
        return dump(
            error_response(nullptr, RpcError{ErrorCode::kInvalidRequest, "empty batch", {}, {}}));
    if (request.size() > config_.max_batch_size) {
        // geth answers one error (not an array) carrying the first call's id.
        const Json& first = request.front();
        Json id = first.is_object() && first.contains("id") ? first["id"] : Json(nullptr);
        if (!id.is_null() && !id.is_string() && !id.is_number())
            id = nullptr;
        return dump(
            error_response(id, RpcError{ErrorCode::kInvalidRequest, "batch too large", {}, {}}));
    }
    // Responses are serialized one by one so the running size is known; once the limit is
    // reached, the remaining calls are answered "response too large" without running them
    // (geth rpc/handler.go handleBatch).
    std::string out = "[";
    size_t count = 0;
    bool over = false;
    for (const auto& call : request) {
        std::string piece;
        if (over) {
            Json id = call.is_object() && call.contains("id") ? call["id"] : Json(nullptr);
            if (call.is_object() && !call.contains("id"))
                continue;  // a notification gets no answer
            if (!id.is_null() && !id.is_string() && !id.is_number())
                id = nullptr;
            piece = dump(error_response(id, RpcError::of(ErrorCode::kResponseTooLarge)));
        } else {
            Json response = handle_one(call, context);
            if (response.is_null())
                continue;
            piece = dump(response);
            if (out.size() + piece.size() > config_.max_response_bytes) {
                over = true;
                piece = dump(
                    error_response(response["id"], RpcError::of(ErrorCode::kResponseTooLarge)));
            }
        }
        if (count++ > 0)
            out += ',';
        out += piece;
    }
    if (count == 0)
        return std::nullopt;
    out += ']';
    return out;
}

}  // namespace blend::rpc
