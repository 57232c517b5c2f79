// SPDX-License-Identifier: Apache-2.0
// Config resolution: defaults (geth's values, cited in config.hpp), a TOML file over them, flags
// over both; every refusal names its key.
#include "config/config.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

using namespace blend::config;

namespace {

ConfigFailure refusal(const FlagValues& flags, std::optional<std::string_view> toml = {})
{
    auto c = resolve_config(flags, toml);
    REQUIRE_FALSE(c.has_value());
    return c.error();
}

}  // namespace

TEST_CASE("config: defaults", "[config]")
{
    auto c = resolve_config({{"dev", "true"}}, std::nullopt);
    REQUIRE(c.has_value());
    CHECK(c->dev);
    CHECK(c->dev_period == 0);
    CHECK(c->http.enabled);
    CHECK(c->http.addr == "127.0.0.1");
    CHECK(c->http.port == 8545);
    CHECK(c->ws.port == 8546);
    CHECK(c->authrpc.port == 8551);
    CHECK(c->runtime == RuntimeStrategy::kNative);
    CHECK(c->log_level == LogLevel::kInfo);
    CHECK(c->rpc_batch_limit == 1000);
    CHECK(c->txpool_price_bump == 10);
}

TEST_CASE("config: flags over file over defaults", "[config]")
{
    const std::string_view file = R"(
datadir = "/var/lib/blend"
runtime = "interpreter"
[dev]
enabled = true
period = 2
[http]
port = 9000
api = ["eth", "debug"]
[log]
level = "debug"
)";
    auto from_file = resolve_config({}, file);
    REQUIRE(from_file.has_value());
    CHECK(from_file->datadir == "/var/lib/blend");
    CHECK(from_file->dev);
    CHECK(from_file->dev_period == 2);
    CHECK(from_file->http.port == 9000);
    CHECK(from_file->http.api == std::vector<std::string>{"eth", "debug"});
    CHECK(from_file->runtime == RuntimeStrategy::kInterpreter);
    CHECK(from_file->log_level == LogLevel::kDebug);
    CHECK(from_file->ws.port == 8546);  // untouched: the default

    auto both = resolve_config(
        {{"http.port", "9100"}, {"dev.period", "0"}, {"http.api", "eth,net,web3,txpool"}}, file);
    REQUIRE(both.has_value());
    CHECK(both->http.port == 9100);
    CHECK(both->dev_period == 0);
    CHECK(both->http.api == std::vector<std::string>{"eth", "net", "web3", "txpool"});
    CHECK(both->datadir == "/var/lib/blend");  // from the file
}

TEST_CASE("config: written back as TOML, read back equal", "[config]")
{
    auto c = resolve_config({{"genesis", "g.json"},
                             {"ws", "true"},
                             {"ws.port", "7000"},
                             {"http.corsdomain", "*"},
                             {"log.level", "trace"}},
                            std::nullopt);
    REQUIRE(c.has_value());
    const std::string text = config_to_toml(*c);
    auto back = resolve_config({}, text);
    INFO(text);
    REQUIRE(back.has_value());
    CHECK(config_to_toml(*back) == text);
    CHECK(back->ws.enabled);
    CHECK(back->ws.port == 7000);
    CHECK(back->http.cors_domain == std::vector<std::string>{"*"});
    CHECK(back->log_level == LogLevel::kTrace);
}

TEST_CASE("config: refusals name the key", "[config]")
{
    struct Case {
        FlagValues flags;
        std::optional<std::string_view> toml;
        ConfigError code;
        std::string key;
    };
    const Case cases[] = {
        {{}, std::nullopt, ConfigError::kMissing, "genesis"},
        {{{"dev", "yes"}}, std::nullopt, ConfigError::kBadValue, "dev"},
        {{{"dev", "1"}, {"http.port", "0"}}, std::nullopt, ConfigError::kOutOfRange, "http.port"},
        {{{"dev", "1"}, {"http.port", "65536"}},
         std::nullopt,
         ConfigError::kOutOfRange,
         "http.port"},
        {{{"dev", "1"}, {"http.port", "-1"}}, std::nullopt, ConfigError::kBadValue, "http.port"},
        {{{"dev", "1"}, {"http.port", "80x"}}, std::nullopt, ConfigError::kBadValue, "http.port"},
        {{{"dev", "1"}, {"http.port", "99999999999999999999999"}},
         std::nullopt,
         ConfigError::kBadValue,
         "http.port"},
        {{{"dev", "1"}, {"dev.period", "86401"}},
         std::nullopt,
         ConfigError::kOutOfRange,
         "dev.period"},
        {{{"dev", "1"}, {"http.addr", "localhost:80"}},
         std::nullopt,
         ConfigError::kBadValue,
         "http.addr"},
        {{{"dev", "1"}, {"http.api", "eth,admin"}},
         std::nullopt,
         ConfigError::kNotAChoice,
         "http.api"},
        {{{"dev", "1"}, {"http.api", "eth,,net"}},
         std::nullopt,
         ConfigError::kBadValue,
         "http.api"},
        {{{"dev", "1"}, {"runtime", "jit"}}, std::nullopt, ConfigError::kNotAChoice, "runtime"},
        {{{"dev", "1"}, {"log.level", "verbose"}},
         std::nullopt,
         ConfigError::kNotAChoice,
         "log.level"},
        {{{"dev", "1"}, {"rpc.gascap", "20999"}},
         std::nullopt,
         ConfigError::kOutOfRange,
         "rpc.gascap"},
        {{{"dev", "1"}, {"nope", "1"}}, std::nullopt, ConfigError::kUnknownKey, "nope"},
        {{{"dev", "1"}, {"authrpc.port", "8545"}},
         std::nullopt,
         ConfigError::kConflict,
         "authrpc.port"},
        {{{"dev", "1"}, {"txpool.accountslots", "6000"}},
         std::nullopt,
         ConfigError::kConflict,
         "txpool.accountslots"},
        {{{"dev", "1"}}, "[http]\nprot = 1\n", ConfigError::kUnknownKey, "http.prot"},
        {{{"dev", "1"}}, "[http]\nport = \"8545\"\n", ConfigError::kWrongType, "http.port"},
        {{{"dev", "1"}}, "[http]\nport = -5\n", ConfigError::kOutOfRange, "http.port"},
        {{{"dev", "1"}}, "[http]\napi = [\"eth\", 1]\n", ConfigError::kWrongType, "http.api"},
        // `dev` heads a table in the file: the switch is dev.enabled.
        {{{"dev", "1"}}, "dev = true\n", ConfigError::kUnknownKey, "dev"},
        {{{"dev", "1"}}, "[dev\n", ConfigError::kMalformedFile, "config"},
    };
    for (const Case& c : cases) {
        const ConfigFailure f = refusal(c.flags, c.toml);
        INFO(f.message());
        CHECK(f.code == c.code);
        CHECK(f.key == c.key);
    }
}

TEST_CASE("config: files", "[config]")
{
    CHECK(load_config({{"dev", "1"}}, "/nonexistent/blend.toml").error().code ==
          ConfigError::kFileUnreadable);
    const std::string path = "config_test_blend.toml";
    {
        std::ofstream out(path);
        out << "[dev]\nenabled = true\nperiod = 5\n";
    }
    auto c = load_config({}, path);
    REQUIRE(c.has_value());
    CHECK(c->dev_period == 5);
    std::remove(path.c_str());
    CHECK(load_config({{"dev", "1"}}, "").has_value());
}

TEST_CASE("config: every option has a flag, a key and help", "[config]")
{
    const Config defaults;
    for (const Option& o : options()) {
        INFO(o.flag);
        CHECK(!o.help.empty());
        // The flag and the file key name the same value: setting one through each source must
        // land in the same place (checked through the TOML writer, which reads the Config).
        CHECK((o.toml == o.flag || o.toml == std::string(o.flag) + ".enabled"));
    }
    Config dev = defaults;
    dev.dev = true;
    auto back = resolve_config({}, config_to_toml(dev));
    REQUIRE(back.has_value());
    CHECK(config_to_toml(*back) == config_to_toml(dev));
}
