// SPDX-License-Identifier: Apache-2.0
// `blend genesis dev|hash|validate|accounts`: the genesis file and the dev accounts on the command
// line. Library errors come back as Results; this file turns each into one line on stderr
// ("blend: error: <JSON path>: <rule>: <detail>") and exit code 1.
#include "core/hex.hpp"
#include "core/u256.hpp"
#include "genesis/genesis.hpp"
#include "genesis/hd_key.hpp"
#include "genesis/mnemonic.hpp"
#include "node/commands/commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

namespace blend::cli {
namespace {

struct GenesisOptions {
    std::string out;
    std::string file;
    bool quiet = false;
    std::string mnemonic{genesis::kDevMnemonic};
    std::string passphrase;
    uint32_t count = genesis::kDevAccountCount;
};

int error(const std::string& message)
{
    fmt::print(stderr, "blend: error: {}\n", message);
    return kExitBadInput;
}

/// Loads and builds; on failure prints the error and returns nullopt.
std::optional<std::pair<genesis::Genesis, genesis::GenesisBlock>> load(const std::string& path)
{
    auto g = genesis::load_genesis_file(path);
    if (!g) {
        error(g.error().message());
        return std::nullopt;
    }
    auto block = genesis::build_genesis(*g);
    if (!block) {
        error(block.error().message());
        return std::nullopt;
    }
    return std::make_pair(std::move(*g), std::move(*block));
}

int run_dev(const GenesisOptions& o)
{
    const genesis::Genesis g = genesis::dev_genesis();
    const std::string text = genesis::genesis_to_json(g);
    if (o.out.empty() || o.out == "-") {
        fmt::print("{}", text);
        return kExitOk;
    }
    std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
    if (!out)
        return error(fmt::format("{}: cannot open for writing", o.out));
    out << text;
    out.close();
    if (!out)
        return error(fmt::format("{}: write failed", o.out));
    const auto block = genesis::build_genesis(g);
    BLEND_ASSERT(block.has_value());  // the dev genesis is valid by construction
    fmt::print("wrote {} (chain id {}, {} accounts, genesis hash {})\n", o.out, g.config.chain_id,
               g.alloc.size(), to_hex(block->hash));
    return kExitOk;
}

int run_hash(const GenesisOptions& o)
{
    const auto loaded = load(o.file);
    if (!loaded)
        return kExitBadInput;
    fmt::print("stateRoot={}\nhash={}\n", to_hex(loaded->second.state_root),
               to_hex(loaded->second.hash));
    return kExitOk;
}

int run_validate(const GenesisOptions& o)
{
    const auto loaded = load(o.file);
    if (!loaded)
        return kExitBadInput;
    const auto& [g, block] = *loaded;
    for (const std::string& key : g.config.ignored_keys)
        fmt::print(stderr, "blend: warning: $.config.{}: ignored (no effect in Blend)\n", key);
    fmt::print(
        "{}: valid: chain id {}, {} accounts, {} storage slots, {} code blobs, "
        "genesis hash {}\n",
        o.file, g.config.chain_id, block.write_set.accounts.size(), block.write_set.slots.size(),
        block.write_set.codes.size(), to_hex(block.hash));
    return kExitOk;
}

int run_accounts(const GenesisOptions& o)
{
    if (auto valid = genesis::validate_mnemonic(o.mnemonic); !valid) {
        if (valid.error() != genesis::MnemonicError::kWordListUnavailable)
            return error(fmt::format("--mnemonic: {}", genesis::to_string(valid.error())));
        fmt::print(stderr, "blend: warning: --mnemonic: {}\n", genesis::to_string(valid.error()));
    }
    const auto accounts = genesis::derive_accounts(o.mnemonic, o.passphrase, o.count);
    if (!accounts)
        return error(genesis::to_string(accounts.error()));
    for (const genesis::DevAccount& a : *accounts)
        fmt::print("{} {} {}\n", a.index, to_checksum_hex(a.address), to_hex(a.key.view()));
    return kExitOk;
}

}  // namespace

void add_genesis_command(CLI::App& app, int& exit_code)
{
    auto options = std::make_shared<GenesisOptions>();
    CLI::App* cmd = app.add_subcommand("genesis", "Genesis files and the dev accounts");
    cmd->require_subcommand(1);

    CLI::App* dev = cmd->add_subcommand(
        "dev",
        "Write the dev genesis (chain id 1337, 20 accounts of the test mnemonic with "
        "10,000 ETH each, gas limit 30M, every fork up to Prague at 0)");
    dev->add_option("--out,-o", options->out, "Output file (default: stdout)");
    dev->callback([options, &exit_code] { exit_code = run_dev(*options); });

    CLI::App* hash = cmd->add_subcommand("hash", "Print the state root and genesis block hash");
    hash->add_option("FILE", options->file, "A geth-format genesis.json")->required();
    hash->callback([options, &exit_code] { exit_code = run_hash(*options); });

    CLI::App* validate =
        cmd->add_subcommand("validate", "Check a genesis file; errors name the JSON path");
    validate->add_option("FILE", options->file, "A geth-format genesis.json")->required();
    validate->callback([options, &exit_code] { exit_code = run_validate(*options); });

    CLI::App* accounts = cmd->add_subcommand(
        "accounts", "Print index, address and private key of m/44'/60'/0'/0/i (BIP-39/BIP-32)");
    accounts->add_option("--mnemonic", options->mnemonic, "BIP-39 sentence (default: the dev one)");
    accounts->add_option("--passphrase", options->passphrase, "BIP-39 passphrase (default: none)");
    accounts->add_option("--count,-n", options->count, "How many accounts (default 20)")
        ->check(CLI::Range(uint32_t{1}, genesis::kMaxDevAccounts));
    accounts->callback([options, &exit_code] { exit_code = run_accounts(*options); });
}

}  // namespace blend::cli
