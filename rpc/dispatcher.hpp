// SPDX-License-Identifier: Apache-2.0
// JSON-RPC 2.0 request handling, independent of the transport: a body in, a body out. Parses
// (-32700), checks the envelope (-32600), finds the method in the table and checks that this
// server serves it (-32601), runs it, and bounds batches and response sizes.
#pragma once

#include "rpc/limits.hpp"
#include "rpc/methods.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blend::rpc {

struct DispatcherConfig {
    /// The namespaces served (--http.api); `rpc_modules` is always served on a public port.
    std::vector<Namespace> namespaces{Namespace::kEth, Namespace::kNet, Namespace::kWeb3};
    /// The authenticated Engine port: serves engine_ and the kEnginePortToo eth_ methods only
    /// (api-surface §2.5), whatever `namespaces` says.
    bool engine_port = false;
    size_t max_batch_size = kDefaultMaxBatchSize;
    size_t max_response_bytes = kDefaultMaxResponseBytes;
    std::string client_version{kDefaultClientVersion};
};

/// The services handlers call; any may be null (its methods then answer -32601 or an error).
struct Services {
    EthBackend* eth = nullptr;
    EngineBackend* engine = nullptr;
    FilterManager* filters = nullptr;
    SubscriptionHub* subscriptions = nullptr;
};

class Dispatcher {
public:
    Dispatcher(DispatcherConfig config, Services services);

    /// Handles one HTTP body or WebSocket message. nullopt: nothing to send (only
    /// notifications). `connection` is the WebSocket connection (null over HTTP).
    [[nodiscard]] std::optional<std::string> handle(
        std::string_view body,
        const std::shared_ptr<NotificationTarget>& connection = nullptr) const;

    /// Whether this server serves `method` (namespace filter and port).
    [[nodiscard]] bool serves(const Method& method) const noexcept;

    [[nodiscard]] const DispatcherConfig& config() const noexcept { return config_; }

private:
    /// One request object → its response object, or null for a notification.
    [[nodiscard]] Json handle_one(const Json& request, CallContext& context) const;

    DispatcherConfig config_;
    Services services_;
};

/// A response object {"jsonrpc":"2.0","id":id,"error":{...}}.
[[nodiscard]] Json error_response(const Json& id, const RpcError& error);

}  // namespace blend::rpc
