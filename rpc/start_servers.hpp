// SPDX-License-Identifier: Apache-2.0
// The node's three endpoints from its typed Config (geth's flags): the public HTTP port
// (--http.*), the WebSocket port (--ws.*; one server when it equals the HTTP address and port)
// and the authenticated Engine port (--authrpc.*, JWT from --authrpc.jwtsecret or
// <datadir>/jwt.hex, generated 0600 if absent).
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "rpc/server.hpp"

#include <memory>
#include <string>

namespace blend::rpc {

struct RpcServers {
    std::unique_ptr<Server> http;    ///< null when --http is off (or merged into ws)
    std::unique_ptr<Server> ws;      ///< null when --ws is off or shares the HTTP port
    std::unique_ptr<Server> engine;  ///< null when --authrpc is off or there is no engine
    /// Graceful stop of all three (engine last, so a consensus client sees the node go last).
    void stop();
};

/// `--http.api` names → namespaces. Names of namespaces Blend does not serve yet ("txpool")
/// are skipped; the caller may log `skipped`.
[[nodiscard]] std::vector<Namespace> namespaces_from_names(const std::vector<std::string>& names,
                                                           std::vector<std::string>* skipped);

/// Starts the endpoints `config` enables. `engine` may be null (no Engine port then). The
/// error text names the endpoint and the reason ("authrpc: jwt secret file unreadable").
[[nodiscard]] Result<RpcServers, std::string> start_servers(const config::Config& config,
                                                            EthBackend& eth,
                                                            EngineBackend* engine,
                                                            const std::string& client_version);

}  // namespace blend::rpc
