// SPDX-License-Identifier: Apache-2.0
// `blend config show`: the node's options (config/config.hpp's table) on the command line,
// resolved with an optional --config TOML file and printed as TOML. `blend node` will register
// the same flags through add_config_flags.
#include "config/config.hpp"
#include "node/commands/commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <string>

namespace blend::cli {

void add_config_flags(CLI::App& app, ConfigFlags& flags)
{
    app.add_option("--config", flags.file, "A TOML config file (flags override it)");
    for (const config::Option& o : config::options()) {
        const std::string name = "--" + std::string(o.flag);
        const std::string help = fmt::format("{} (file: {})", o.help, o.toml);
        CLI::Option* option = app.add_option(name, help);
        // A switch alone means true; `--dev=false` or `--dev false` also work (geth style).
        if (o.kind == config::Kind::kBool)
            option->expected(0, 1);
        flags.options.emplace_back(std::string(o.flag), option);
    }
}

config::FlagValues collect_flags(const ConfigFlags& flags)
{
    config::FlagValues values;
    for (const auto& [key, option] : flags.options) {
        if (option->count() == 0)
            continue;
        const auto& results = option->results();
        // The last occurrence wins, as in geth; a switch without a value is "true".
        values[key] =
            results.empty() || results.back().empty() ? std::string("true") : results.back();
    }
    return values;
}

void add_config_command(CLI::App& app, int& exit_code)
{
    auto flags = std::make_shared<ConfigFlags>();
    CLI::App* cmd = app.add_subcommand("config", "The node configuration");
    cmd->require_subcommand(1);
    CLI::App* show = cmd->add_subcommand(
        "show", "Resolve defaults, --config FILE and flags; print the result as TOML");
    add_config_flags(*show, *flags);
    show->callback([flags, &exit_code] {
        auto c = config::load_config(collect_flags(*flags), flags->file);
        if (!c) {
            fmt::print(stderr, "blend: error: {}\n", c.error().message());
            exit_code = kExitBadInput;
            return;
        }
        fmt::print("{}", config::config_to_toml(*c));
        exit_code = kExitOk;
    });
}

}  // namespace blend::cli
