// SPDX-License-Identifier: Apache-2.0
// `blend node`: the node's flags (config/config.hpp's table, the same as `blend config show`),
// an optional --config TOML file, structured logs on stderr (spdlog), the dev accounts printed at
// start in dev mode, then the node runs until SIGINT or SIGTERM and shuts down cleanly.
#include "core/hex.hpp"
#include "core/u256.hpp"
#include "genesis/hd_key.hpp"
#include "node/commands/commands.hpp"
#include "node/node.hpp"

#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <memory>

namespace blend::cli {

namespace {

spdlog::level::level_enum spdlog_level(config::LogLevel l)
{
    switch (l) {
    case config::LogLevel::kError:
        return spdlog::level::err;
    case config::LogLevel::kWarn:
        return spdlog::level::warn;
    case config::LogLevel::kInfo:
        return spdlog::level::info;
    case config::LogLevel::kDebug:
        return spdlog::level::debug;
    case config::LogLevel::kTrace:
        return spdlog::level::trace;
    }
    return spdlog::level::info;
}

/// Logs go to stderr as one line per event: UTC time, level, message with key=value fields.
void setup_logging(config::LogLevel level)
{
    auto logger = spdlog::stderr_color_mt("blend");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog_level(level));
    spdlog::set_default_logger(logger);
}

/// Like anvil and hardhat: the funded dev accounts and their keys, on stdout.
void print_dev_accounts()
{
    const auto accounts = genesis::dev_accounts();
    fmt::print("Dev accounts (mnemonic \"{}\", path {}/i), {} ETH each:\n", genesis::kDevMnemonic,
               genesis::kEthereumPathPrefix, "10000");
    for (const auto& a : accounts)
        fmt::print("({:2}) {} key {}\n", a.index, to_checksum_hex(a.address), to_hex(a.key));
    std::fflush(stdout);
}

int run_node(const config::Config& config)
{
    setup_logging(config.log_level);
    // Signals are taken by sigwait on this thread; every thread the node starts inherits the mask,
    // so none of them is interrupted by SIGINT/SIGTERM.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    if (config.dev)
        print_dev_accounts();
    auto node = node::Node::start(config);
    if (!node) {
        spdlog::error("startup failed: {}", node.error().message());
        return kExitBadInput;
    }
    spdlog::info("node running; stop with SIGINT or SIGTERM");
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("shutting down signal={}", sig == SIGINT ? "SIGINT" : "SIGTERM");
    (*node)->stop();
    const uint64_t head = (*node)->chain().head_number();
    node->reset();
    spdlog::info("stopped head={}", head);
    return kExitOk;
}

}  // namespace

void add_node_command(CLI::App& app, int& exit_code)
{
    auto flags = std::make_shared<ConfigFlags>();
    CLI::App* node = app.add_subcommand(
        "node", "Run the node: chain store, dev sequencer (--dev), JSON-RPC and Engine API");
    add_config_flags(*node, *flags);
    node->footer(
        "Examples:\n"
        "  blend node --dev                         dev chain in ./blend-data, a block per tx\n"
        "  blend node --dev --dev.period 2          a block every 2 seconds\n"
        "  blend node --datadir d --genesis g.json  another chain\n"
        "Restarting on the same datadir continues the chain.");
    node->callback([flags, &exit_code] {
        auto c = config::load_config(collect_flags(*flags), flags->file);
        if (!c) {
            fmt::print(stderr, "blend: error: {}\n", c.error().message());
            exit_code = kExitBadInput;
            return;
        }
        exit_code = run_node(*c);
    });
}

}  // namespace blend::cli
