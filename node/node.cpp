// SPDX-License-Identifier: Apache-2.0
#include "node/node.hpp"

#include "core/hex.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/state_db_reader.hpp"
#include "node/builder/base_fee.hpp"
#include "node/engine/dev_engine_guard.hpp"
#include "node/engine/engine_api.hpp"
#include "node/engine/pool_tx_source.hpp"
#include "node/eth_backend.hpp"
#include "rpc/start_servers.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <system_error>

namespace blend::node {

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

Result<std::unique_ptr<Node>, NodeFailure> Node::start(const config::Config& config,
                                                       const std::string& client_version)
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

    // The pool validates against the head; its reader is used by the pool alone (under its
    // lock) and replaced at every new head (engine::move_pool_to_head).
    txpool::PoolConfig pool_config;
    pool_config.chain_id = node->chain_id_;
    pool_config.journal_path = std::filesystem::path(config.datadir) / kTxJournalPath;
    pool_config.warn = [](std::string_view w) { spdlog::warn("txpool: {}", w); };
    std::filesystem::create_directories(pool_config.journal_path.parent_path(), ec);
    if (ec)
        return Unexpected{NodeFailure{
            NodeError::kDatadir,
            fmt::format("{}: {}", pool_config.journal_path.parent_path().string(), ec.message())}};
    {
        const Header head = node->chain_->head_header();
        node->pool_ = std::make_unique<txpool::TxPool>(
            std::move(pool_config),
            std::make_shared<execution::StateDbReader>(node->chain_->reader(trie::At::latest())),
            txpool::PoolHead{head.number, head.gas_limit, next_base_fee(head)});
    }

    node->eth_ = std::make_unique<NodeEthBackend>(*node, config.rpc_gas_cap);
    // Each transaction that becomes pending (sent, promoted when a nonce gap filled, a
    // replacement) goes to newPendingTransactions and, in instant mode, wakes the sequencer.
    {
        Node* self = node.get();
        node->pool_subscription_ = node->pool_->subscribe([self](const txpool::PooledTxPtr& tx) {
            self->eth_->publish_pending_transaction(tx->hash);
            if (self->sequencer_)
                self->sequencer_->notify();
        });
    }

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
        node->source_ = std::make_unique<engine::PoolTxSource>(*node->pool_, *node->chain_);
        node->sequencer_ =
            std::make_unique<DevSequencer>(*node->chain_, node->modules_, node->exec_mutex_,
                                           *node->source_, options, std::move(listener));
    }

    // The Engine API: the chain's writer when a consensus client drives it (no --dev). With
    // --dev the dev sequencer is the one writer, so the Engine port only answers reads
    // (engine::DevEngineGuard refuses forkchoiceUpdated and newPayload).
    engine::EngineConfig engine_config;
    engine_config.chain_id = node->chain_id_;
    engine_config.shanghai_time = g.config.shanghai_time;
    engine_config.cancun_time = g.config.cancun_time;
    engine_config.prague_time = g.config.prague_time;
    engine_config.limits = node->limits_;
    node->engine_ = std::make_unique<engine::EngineApi>(
        *node->chain_, node->modules_, node->pool_.get(), engine_config, &node->exec_mutex_);
    if (!config.dev) {
        NodeEthBackend* eth = node->eth_.get();
        node->engine_->set_head_listener([eth](const StoredBlock& b, bool removed) {
            if (removed)
                eth->publish_removed_logs(b);
            else
                eth->publish_block(b);
        });
    }
    if (config.dev)
        node->engine_port_ = std::make_unique<engine::DevEngineGuard>(*node->engine_);

    // Transactions journaled by an earlier run come back as local ones (executable ones wake
    // the sequencer through the subscription above).
    if (auto loaded = node->pool_->load_journal(); loaded)
        spdlog::info("txpool journal loaded={} dropped={} corrupted={}", loaded->loaded,
                     loaded->dropped, loaded->corrupted);
    else
        spdlog::warn("txpool journal not loaded error=\"{}\"", txpool::to_string(loaded.error()));

    if (node->sequencer_) {
        node->sequencer_->start();
        node->sequencer_->notify();
        spdlog::info("dev sequencer started mode={} period={}",
                     config.dev_period == 0 ? "instant" : "periodic", config.dev_period);
    } else {
        spdlog::info("no --dev: blocks come from a consensus client over the Engine API");
    }

    rpc::EngineBackend* engine_backend =
        node->engine_port_ ? node->engine_port_.get()
                           : static_cast<rpc::EngineBackend*>(node->engine_.get());
    auto servers = rpc::start_servers(config, *node->eth_, engine_backend, client_version);
    if (!servers)
        return Unexpected{NodeFailure{NodeError::kRpc, servers.error()}};
    node->servers_ = std::make_unique<rpc::RpcServers>(std::move(*servers));
    if (node->servers_->http)
        spdlog::info("HTTP JSON-RPC listening addr={} port={}", config.http.addr,
                     node->servers_->http->port());
    if (node->servers_->ws)
        spdlog::info("WebSocket JSON-RPC listening addr={} port={}", config.ws.addr,
                     node->servers_->ws->port());
    if (node->servers_->engine)
        spdlog::info("Engine API listening addr={} port={} jwtsecret={} writes={}",
                     config.authrpc.addr, node->servers_->engine->port(),
                     config.jwt_secret.empty()
                         ? (std::filesystem::path(config.datadir) / "jwt.hex").string()
                         : config.jwt_secret,
                     config.dev ? "refused (--dev)" : "on");
    return node;
}

Node::~Node()
{
    stop();
}

void Node::stop()
{
    // Servers first, so no request reaches a node that is shutting down; then the sequencer
    // finishes the block in progress; the pool stops calling into the node last.
    if (servers_)
        servers_->stop();
    if (sequencer_)
        sequencer_->stop();
    if (pool_ && pool_subscription_ != 0) {
        pool_->unsubscribe(pool_subscription_);
        pool_subscription_ = 0;
    }
}

uint16_t Node::http_port() const noexcept
{
    if (!servers_)
        return 0;
    // With the WebSocket on the HTTP address and port, one server serves both.
    return servers_->http ? servers_->http->port() : 0;
}

uint16_t Node::ws_port() const noexcept
{
    if (!servers_)
        return 0;
    if (servers_->ws)
        return servers_->ws->port();
    return config_.ws.enabled && servers_->http ? servers_->http->port() : 0;
}

uint16_t Node::authrpc_port() const noexcept
{
    return servers_ && servers_->engine ? servers_->engine->port() : 0;
}

}  // namespace blend::node
