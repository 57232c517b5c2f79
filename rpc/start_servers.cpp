// SPDX-License-Identifier: Apache-2.0
#include "rpc/start_servers.hpp"

#include <filesystem>

namespace blend::rpc {

namespace {

ServerConfig base_config(const config::Config& config,
                         const config::Endpoint& endpoint,
                         const std::string& client_version)
{
    ServerConfig out;
    out.address = endpoint.addr;
    out.port = endpoint.port;
    out.cors_domains = endpoint.cors_domain;
    out.max_request_bytes = static_cast<size_t>(config.rpc_max_request_bytes);
    out.dispatch.namespaces = namespaces_from_names(endpoint.api, nullptr);
    out.dispatch.max_batch_size = static_cast<size_t>(config.rpc_batch_limit);
    out.dispatch.max_response_bytes = static_cast<size_t>(config.rpc_max_response_bytes);
    out.dispatch.client_version = client_version;
    return out;
}

std::string describe(const char* endpoint, const ServerConfig& c, ServerError e)
{
    return std::string(endpoint) + ": " + to_string(e) + " (" + c.address + ":" +
           std::to_string(c.port) + ")";
}

}  // namespace

void RpcServers::stop()
{
    if (http)
        http->stop();
    if (ws)
        ws->stop();
    if (engine)
        engine->stop();
}

std::vector<Namespace> namespaces_from_names(const std::vector<std::string>& names,
                                             std::vector<std::string>* skipped)
{
    std::vector<Namespace> out;
    for (const auto& name : names) {
        const auto ns = namespace_from_string(name);
        // The Engine namespace is only ever served on the authenticated port.
        if (!ns || *ns == Namespace::kEngine) {
            if (skipped)
                skipped->push_back(name);
            continue;
        }
        if (std::find(out.begin(), out.end(), *ns) == out.end())
            out.push_back(*ns);
    }
    return out;
}

Result<RpcServers, std::string> start_servers(const config::Config& config,
                                              EthBackend& eth,
                                              EngineBackend* engine,
                                              const std::string& client_version)
{
    RpcServers servers;
    const bool shared_port = config.http.enabled && config.ws.enabled &&
                             config.http.addr == config.ws.addr &&
                             config.http.port == config.ws.port;
    if (config.http.enabled) {
        auto c = base_config(config, config.http, client_version);
        c.websocket = shared_port;
        auto server = Server::start(c, &eth, nullptr);
        if (!server)
            return Unexpected{describe("http", c, server.error())};
        servers.http = std::move(*server);
    }
    if (config.ws.enabled && !shared_port) {
        auto c = base_config(config, config.ws, client_version);
        c.http = false;
        c.websocket = true;
        auto server = Server::start(c, &eth, nullptr);
        if (!server) {
            servers.stop();
            return Unexpected{describe("ws", c, server.error())};
        }
        servers.ws = std::move(*server);
    }
    if (config.authrpc.enabled && engine != nullptr) {
        // authentication.md: a secret file given on the command line must be readable and
        // valid (else do not open the port); without one, generate <datadir>/jwt.hex.
        auto secret = config.jwt_secret.empty()
                          ? load_or_create_jwt_secret(
                                (std::filesystem::path(config.datadir) / "jwt.hex").string())
                          : read_jwt_secret(config.jwt_secret);
        if (!secret) {
            servers.stop();
            return Unexpected{std::string("authrpc: ") + to_string(secret.error())};
        }
        auto c = base_config(config, config.authrpc, client_version);
        c.websocket = true;
        c.jwt_secret = *secret;
        c.cors_domains.clear();
        c.dispatch.engine_port = true;
        auto server = Server::start(c, &eth, engine);
        if (!server) {
            servers.stop();
            return Unexpected{describe("authrpc", c, server.error())};
        }
        servers.engine = std::move(*server);
    }
    return servers;
}

}  // namespace blend::rpc
