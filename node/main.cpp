// SPDX-License-Identifier: Apache-2.0
// The `blend` executable: parses the command line and hands it to one subcommand group.
#include "node/commands/commands.hpp"
#include "rwasm/module.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <string>

int main(int argc, char** argv)
{
    CLI::App app{"Blend: a rollup execution node with one VM, rWasm.", "blend"};
    app.require_subcommand(1);
    app.set_version_flag("--version",
                         fmt::format("blend {} (rWasm module format {})", BLEND_VERSION,
                                     static_cast<unsigned>(blend::rwasm::kFormatVersion)));
    app.footer(
        "Exit codes: 0 success, 1 bad input (arguments, files, modules), 2 the program trapped.\n"
        "Run `blend <command> --help` for the options of a command.");

    int exit_code = blend::cli::kExitOk;
    blend::cli::add_rwasm_command(app, exit_code);
    blend::cli::add_config_command(app, exit_code);
    blend::cli::add_genesis_command(app, exit_code);
    blend::cli::add_node_command(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" with exit code 0; every real parse error is bad input.
        const int rc = app.exit(e);
        return rc == 0 ? blend::cli::kExitOk : blend::cli::kExitBadInput;
    }
    return exit_code;
}
