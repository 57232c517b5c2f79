// SPDX-License-Identifier: Apache-2.0
#include "node/node.hpp"

#include "core/hex.hpp"
#include "execution/apply_transaction.hpp"

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
    }
    return "node error";
}

std::string NodeFailure::message() const
{
    return detail.empty() ? std::string(to_string(code))
                          : fmt::format("{}: {}", to_string(code), detail);
}

Result<std::unique_ptr<Node>, NodeFailure> Node::start(const config::Config& config)
{
    std::unique_ptr<Node> node(new Node());
    node->config_ = config;

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
    spdlog::info("chain opened datadir={} genesis={} chain_id={} head={} head_hash={}",
                 config.datadir, to_hex(node->genesis_.hash), node->chain_id_,
                 node->chain_->head_number(), to_hex(node->chain_->head_hash()));

    if (config.dev) {
        DevSequencerOptions options;
        options.chain_id = node->chain_id_;
        options.period = config.dev_period;
        auto listener = [](const StoredBlock& b, std::span<const SkippedTx> skipped) {
            spdlog::info("sealed block number={} hash={} txs={} gas_used={} base_fee={}",
                         b.header.number, to_hex(b.hash), b.transactions.size(), b.header.gas_used,
                         to_hex(*b.header.base_fee_per_gas));
            for (const SkippedTx& s : skipped)
                spdlog::warn("skipped transaction hash={} reason=\"{}\"", to_hex(s.hash),
                             execution::to_string(s.error));
        };
        node->sequencer_ =
            std::make_unique<DevSequencer>(*node->chain_, node->modules_, node->exec_mutex_,
                                           node->source_, options, std::move(listener));
        node->sequencer_->start();
        spdlog::info("dev sequencer started mode={} period={}",
                     config.dev_period == 0 ? "instant" : "periodic", config.dev_period);
    }
    return node;
}

Node::~Node()
{
    stop();
}

void Node::stop()
{
    if (sequencer_)
        sequencer_->stop();
}

void Node::notify_new_transactions()
{
    if (sequencer_)
        sequencer_->notify();
}

}  // namespace blend::node
