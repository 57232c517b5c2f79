// SPDX-License-Identifier: Apache-2.0
// `blend node` does not exist yet. The subcommand is registered so that `blend --help` shows where
// it will be, and so that every invocation, `--help` included, fails: scripts/start.sh probes
// `blend node --help` to decide whether there is a node to start.
#include "node/commands/commands.hpp"

#include <fmt/core.h>

#include <cstdio>

namespace blend::cli {

void add_node_command(CLI::App& app, int& exit_code)
{
    CLI::App* node =
        app.add_subcommand("node", "Run the node (not implemented yet: the node issue)");
    // Every argument after `node` (even --help) is left to this callback, which refuses them all.
    node->prefix_command();
    node->set_help_flag();
    node->callback([&exit_code] {
        fmt::print(stderr, "blend: error: `blend node` is not implemented yet (the node issue)\n");
        exit_code = kExitBadInput;
    });
}

}  // namespace blend::cli
