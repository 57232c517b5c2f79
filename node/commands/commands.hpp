// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/config.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

/// The subcommand groups of the `blend` binary. Each group adds its subcommand to the app and
/// stores its exit code in `exit_code` when it runs (CLI11 callbacks return nothing).
namespace blend::cli {

/// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
/// Bad input: arguments, files, modules that cannot be used.
inline constexpr int kExitBadInput = 1;
/// The program ran and trapped (blend rwasm run).
inline constexpr int kExitTrap = 2;

/// `blend rwasm compile|validate|disasm|run`.
void add_rwasm_command(CLI::App& app, int& exit_code);

/// `blend config show`.
void add_config_command(CLI::App& app, int& exit_code);

/// `blend genesis dev|hash|validate|accounts`.
void add_genesis_command(CLI::App& app, int& exit_code);

/// The node's flags as registered on a CLI11 app: one CLI option per config option.
struct ConfigFlags {
    std::string file;  ///< --config
    std::vector<std::pair<std::string, CLI::Option*>> options;
};

/// Registers every config option (config::options()) as `--<flag>` on `app`, and --config.
void add_config_flags(CLI::App& app, ConfigFlags& flags);

/// The values given on the command line after parsing, for config::load_config.
[[nodiscard]] config::FlagValues collect_flags(const ConfigFlags& flags);

/// `blend node`: runs the node until SIGINT/SIGTERM.
void add_node_command(CLI::App& app, int& exit_code);

}  // namespace blend::cli
