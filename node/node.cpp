// SPDX-License-Identifier: Apache-2.0
#include "node/node.hpp"

#include "core/hex.hpp"
#include "execution/apply_transaction.hpp"
#include "node/eth_backend.hpp"
#include "rpc/methods.hpp"
#include "rpc/server.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <system_error>

namespace blend::node {

namespace {

rpc::ServerConfig server_config(const config::Config& c, const config::Endpoint& e, bool ws)
{
    rpc::ServerConfig sc;
    sc.address = e.addr;
    sc.port = e.port;
    sc.http = !ws;
    sc.websocket = ws;
    sc.cors_domains = e.cors_domain;
    sc.max_request_bytes = c.rpc_max_request_bytes;
    sc.dispatch.namespaces.clear();
    for (const std::string& name : e.api)
        if (const auto ns = rpc::namespace_from_string(name))
            sc.dispatch.namespaces.push_back(*ns);
    sc.dispatch.max_batch_size = c.rpc_batch_limit;
    sc.dispatch.max_response_bytes = c.rpc_max_response_bytes;
    return sc;
}

}  // namespace

const char* to_string(NodeError e) noexcept
{
    switch (e) {
    case NodeError::kGenesis:
        return "genesis";
    case NodeError::kDatadir:
        return "data directory";
    case NodeError::kChain:
        return "chain store";
    case NodeError::kNoSequencer:
        return "no block producer";
    case NodeError::kRpc:
        return "JSON-RPC server";
    }
    return "node error";
}

std::string NodeFailure::message() const
{
    return detail.empty() ? std::string(to_string(code))
                          : fmt::format("{}: {}", to_string(code), detail);
}

execution::ExecutorLimits executor_limits(const config::Config& config)
{
    execution::ExecutorLimits limits;
    limits.runtime_strategy = config.runtime == config::RuntimeStrategy::kInterpreter
                                  ? execution::RuntimeStrategy::kInterpreter
                                  : execution::RuntimeStrategy::kNative;
    return limits;
}

Result<std::unique_ptr<Node>, NodeFailure> Node::start(const config::Config& config)
{
    std::unique_ptr<Node> node(new Node());
    node->config_ = config;
    node->limits_ = executor_limits(config);
    spdlog::info("executor runtime_strategy={}",
                 execution::to_string(node->limits_.runtime_strategy));

    genesis::Genesis g;
    if (!config.genesis.empty()) {
        auto loaded = genesis::load_genesis_file(config.genesis);
        if (!loaded)
            return Unexpected{NodeFailure{NodeError::kGenesis, loaded.error().message()}};
        g = std::move(*loaded);
    } else if (config.dev) {
        g = genesis::dev_genesis();
    } else {
        return Unexpected{NodeFailure{NodeError::kGenesis, "give --genesis FILE or --dev"}};
    }
    auto built = genesis::build_genesis(g);
    if (!built)
        return Unexpected{NodeFailure{NodeError::kGenesis, built.error().message()}};
    node->genesis_ = std::move(*built);
    node->chain_id_ = g.config.chain_id;

    const std::filesystem::path dir = std::filesystem::path(config.datadir) / kChainDataDir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Unexpected{
            NodeFailure{NodeError::kDatadir, fmt::format("{}: {}", dir.string(), ec.message())}};
    auto chain = ChainStore::open(dir.string(), node->genesis_);
    if (!chain)
        return Unexpected{NodeFailure{
            NodeError::kChain, fmt::format("{}: {}", dir.string(), to_string(chain.error()))}};
    node->chain_ = std::move(*chain);
    // Loads the tip's top trie levels at once rather than one read at a time during the first
    // blocks (trie.md §5.8); only a speed-up, so a failure is logged and the node goes on.
    if (auto warmed = node->chain_->state().warm_node_cache(); warmed)
        spdlog::info("state node cache warmed nodes={}", *warmed);
    else
        spdlog::warn("state node cache not warmed error=\"{}\"", trie::to_string(warmed.error()));
    spdlog::info("chain opened datadir={} genesis={} chain_id={} head={} head_hash={}",
                 config.datadir, to_hex(node->genesis_.hash), node->chain_id_,
                 node->chain_->head_number(), to_hex(node->chain_->head_hash()));

    node->eth_ = std::make_unique<NodeEthBackend>(*node, config.rpc_gas_cap);
    if (config.dev) {
        DevSequencerOptions options;
        options.chain_id = node->chain_id_;
        options.period = config.dev_period;
        options.limits = node->limits_;
        NodeEthBackend* eth = node->eth_.get();
        auto listener = [eth](const StoredBlock& b, std::span<const SkippedTx> skipped) {
            spdlog::info("sealed block number={} hash={} txs={} gas_used={} base_fee={}",
                         b.header.number, to_hex(b.hash), b.transactions.size(), b.header.gas_used,
                         to_hex(*b.header.base_fee_per_gas));
            for (const SkippedTx& s : skipped)
                spdlog::warn("skipped transaction hash={} reason=\"{}\"", to_hex(s.hash),
                             execution::to_string(s.error));
            eth->publish_block(b);
        };
        node->sequencer_ =
            std::make_unique<DevSequencer>(*node->chain_, node->modules_, node->exec_mutex_,
                                           node->source_, options, std::move(listener));
        node->sequencer_->start();
        spdlog::info("dev sequencer started mode={} period={}",
                     config.dev_period == 0 ? "instant" : "periodic", config.dev_period);
    }
    if (config.http.enabled) {
        auto server = rpc::Server::start(server_config(config, config.http, false),
                                         node->eth_.get(), nullptr);
        if (!server)
            return Unexpected{NodeFailure{
                NodeError::kRpc, fmt::format("http {}:{}: {}", config.http.addr, config.http.port,
                                             rpc::to_string(server.error()))}};
        node->http_ = std::move(*server);
        spdlog::info("HTTP JSON-RPC listening addr={} port={}", config.http.addr,
                     node->http_->port());
    }
    if (config.ws.enabled) {
        auto server =
            rpc::Server::start(server_config(config, config.ws, true), node->eth_.get(), nullptr);
        if (!server)
            return Unexpected{NodeFailure{
                NodeError::kRpc, fmt::format("ws {}:{}: {}", config.ws.addr, config.ws.port,
                                             rpc::to_string(server.error()))}};
        node->ws_ = std::move(*server);
        spdlog::info("WebSocket JSON-RPC listening addr={} port={}", config.ws.addr,
                     node->ws_->port());
    }
    // The Engine API (authrpc) needs node/engine's EngineBackend, which is not wired yet.
    spdlog::info("Engine API not served yet (authrpc addr={} port={})", config.authrpc.addr,
                 config.authrpc.port);
    return node;
}

Node::~Node()
{
    stop();
}

void Node::stop()
{
    // Servers first, so no request reaches a node that is shutting down; then the sequencer
    // finishes the block in progress.
    if (http_)
        http_->stop();
    if (ws_)
        ws_->stop();
    if (sequencer_)
        sequencer_->stop();
}

uint16_t Node::http_port() const noexcept
{
    return http_ ? http_->port() : 0;
}

uint16_t Node::ws_port() const noexcept
{
    return ws_ ? ws_->port() : 0;
}

void Node::notify_new_transactions()
{
    if (sequencer_)
        sequencer_->notify();
}

}  // namespace blend::node
