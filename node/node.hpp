// SPDX-License-Identifier: Apache-2.0
#pragma once

// The running node (issue 8; docs/node.md "Wiring"): the chain store on <datadir>/chaindata, the
// transaction pool (journal in <datadir>/txpool), the chain's one writer — the dev sequencer fed
// by the pool (--dev) or the Engine API driven by a consensus client (otherwise) — and the
// JSON-RPC servers (HTTP, WebSocket, authenticated Engine port). `blend node` parses the
// configuration, starts a Node and waits for SIGINT/SIGTERM.

#include "config/config.hpp"
#include "core/result.hpp"
#include "execution/executor.hpp"
#include "execution/module_cache.hpp"
#include "genesis/genesis.hpp"
#include "node/builder/dev_sequencer.hpp"
#include "node/chain/chain_store.hpp"
#include "node/module_cache_pool.hpp"
#include "node/txpool/tx_pool.hpp"
#include "rpc/methods.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace blend::rpc {
struct RpcServers;
class EngineBackend;
}  // namespace blend::rpc

namespace blend::engine {
class EngineApi;
class PoolTxSource;
}  // namespace blend::engine

namespace blend::node {

enum class NodeError : uint8_t {
    kGenesis = 1,  ///< the genesis file is unreadable or invalid
    kDatadir,      ///< the data directory cannot be created
    kChain,        ///< the chain store cannot be opened (or holds another chain)
    kNoSequencer,  ///< neither --dev nor an Engine API consensus client: nothing builds blocks
    kRpc,          ///< a JSON-RPC server could not start (address, port taken)
};

[[nodiscard]] const char* to_string(NodeError e) noexcept;

struct NodeFailure {
    NodeError code = NodeError::kChain;
    std::string detail;
    [[nodiscard]] std::string message() const;
};

/// The subdirectory of the datadir holding the RocksDB database (geth's "chaindata").
inline constexpr std::string_view kChainDataDir = "chaindata";
/// The local-transaction journal, relative to the datadir (geth keeps transactions.rlp in its
/// datadir; docs/node.md "Transaction journal").
inline constexpr std::string_view kTxJournalPath = "txpool/transactions.journal";

class NodeEthBackend;

/// The executor settings of `config` (the one place config::RuntimeStrategy becomes
/// execution::RuntimeStrategy): block building and eth_call / eth_estimateGas use them.
[[nodiscard]] execution::ExecutorLimits executor_limits(const config::Config& config);

class Node {
public:
    /// Loads the genesis (the file, or the dev genesis), opens or creates the chain, the pool
    /// (re-adding the journal's transactions), starts the dev sequencer when config.dev, and the
    /// JSON-RPC servers the config enables (the Engine port with --authrpc). `client_version`
    /// is what web3_clientVersion answers.
    [[nodiscard]] static Result<std::unique_ptr<Node>, NodeFailure> start(
        const config::Config& config,
        const std::string& client_version = std::string(rpc::kDefaultClientVersion));
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    /// Stops the sequencer after the block in progress; the chain store closes with the Node.
    void stop();

    [[nodiscard]] ChainStore& chain() noexcept { return *chain_; }
    [[nodiscard]] const genesis::GenesisBlock& genesis() const noexcept { return genesis_; }
    [[nodiscard]] uint64_t chain_id() const noexcept { return chain_id_; }
    /// The transaction pool (eth_sendRawTransaction adds to it; the sequencer or the Engine API
    /// builds from it).
    [[nodiscard]] txpool::TxPool& pool() noexcept { return *pool_; }
    /// Whether the dev sequencer writes the chain (--dev); otherwise the Engine API does.
    [[nodiscard]] bool dev() const noexcept { return sequencer_ != nullptr; }
    /// Chain-writing executions (dev sequencer, Engine API builds and newPayload) share the
    /// block builder's module cache under this lock.
    [[nodiscard]] std::mutex& exec_mutex() noexcept { return exec_mutex_; }
    [[nodiscard]] execution::ModuleCache& modules() noexcept { return modules_; }
    /// Read-only executions (eth_call, eth_estimateGas, debug_traceTransaction) lease a module
    /// cache of their own from this pool instead, so they run without exec_mutex.
    [[nodiscard]] ModuleCachePool& call_modules() noexcept { return call_modules_; }
    /// executor_limits(config) of the config the node started with.
    [[nodiscard]] const execution::ExecutorLimits& limits() const noexcept { return limits_; }
    /// The bound HTTP / WebSocket ports (0 when that server is off); a port of 0 in the config
    /// binds a free one.
    [[nodiscard]] uint16_t http_port() const noexcept;
    [[nodiscard]] uint16_t ws_port() const noexcept;
    /// The bound Engine API port (0 when it is off).
    [[nodiscard]] uint16_t authrpc_port() const noexcept;

private:
    Node() = default;

    config::Config config_;
    execution::ExecutorLimits limits_;
    genesis::GenesisBlock genesis_;
    uint64_t chain_id_ = 0;
    std::unique_ptr<ChainStore> chain_;
    execution::ModuleCache modules_;
    std::mutex exec_mutex_;
    ModuleCachePool call_modules_;
    std::unique_ptr<txpool::TxPool> pool_;
    uint64_t pool_subscription_ = 0;
    std::unique_ptr<engine::PoolTxSource> source_;
    std::unique_ptr<DevSequencer> sequencer_;
    std::unique_ptr<engine::EngineApi> engine_;
    /// What the Engine port serves: engine_ itself, or in --dev a guard refusing chain writes.
    std::unique_ptr<rpc::EngineBackend> engine_port_;
    std::unique_ptr<NodeEthBackend> eth_;
    std::unique_ptr<rpc::RpcServers> servers_;
};

}  // namespace blend::node
