// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

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

/// `blend node`: a placeholder until the node issue lands; always fails with exit code 1.
void add_node_command(CLI::App& app, int& exit_code);

}  // namespace blend::cli
