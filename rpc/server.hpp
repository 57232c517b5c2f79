// SPDX-License-Identifier: Apache-2.0
// One JSON-RPC endpoint: HTTP (POST, keep-alive, CORS, 413 above the body limit) and/or
// WebSocket (same dispatch plus eth_subscribe) on one address, on Boost.Asio threads of its own.
// The public port, the WebSocket port and the authenticated Engine port are three Servers with
// different configs. Boost never appears in this header.
#pragma once

#include "core/result.hpp"
#include "rpc/backend.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/jwt.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace blend::rpc {

struct ServerConfig {
    std::string address = "127.0.0.1";
    uint16_t port = 0;  ///< 0: any free port (see Server::port())
    bool http = true;
    bool websocket = false;
    /// Origins allowed by CORS (--http.corsdomain); "*" allows any. Empty: no CORS headers, so
    /// browsers refuse cross-origin pages (geth's default).
    std::vector<std::string> cors_domains;
    /// Set on the Engine port: every HTTP request and every WebSocket upgrade must carry
    /// "Authorization: Bearer <HS256 JWT>" (api-surface §2.5).
    std::optional<JwtSecret> jwt_secret;
    size_t max_request_bytes = kDefaultMaxRequestBytes;
    /// I/O threads. Backend calls run on them, so two keep one slow eth_call from stalling
    /// every other client.
    size_t threads = 2;
    DispatcherConfig dispatch;
};

enum class ServerError : uint8_t {
    kBadAddress = 1,  ///< not an IPv4/IPv6 literal
    kBindFailed,      ///< the port is taken or not ours to bind
    kNothingToServe,  ///< neither HTTP nor WebSocket enabled
};

[[nodiscard]] const char* to_string(ServerError e) noexcept;

class Server {
public:
    /// Binds and starts serving. `eth` and `engine` must outlive the server; either may be null
    /// (their methods then fail). The server registers its filters and subscriptions as
    /// listeners of `eth` and removes them in stop().
    [[nodiscard]] static Result<std::unique_ptr<Server>, ServerError> start(ServerConfig config,
                                                                            EthBackend* eth,
                                                                            EngineBackend* engine);

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    /// Stops (see stop()).
    ~Server();

    /// The bound port (the chosen one when the config asked for 0).
    [[nodiscard]] uint16_t port() const noexcept;
    /// Graceful stop: no new connections, every open connection closed, listeners removed from
    /// the backend, threads joined. Idempotent.
    void stop();
    /// Open connections right now (for tests and metrics).
    [[nodiscard]] size_t connection_count() const noexcept;

    struct Impl;

private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace blend::rpc
