// SPDX-License-Identifier: Apache-2.0
#pragma once

// The typed configuration of `blend node`: defaults, overridden by an optional TOML file,
// overridden by command-line flags. Every value is validated; an error names the key.
// The options (flag name, TOML key, help, kind, bounds) are one table (options()), from which
// the command line is built (node/) and the file is read, so the two cannot drift apart.

#include "core/result.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace blend::config {

/// How system runtimes run (design.md "One VM, two strategies").
enum class RuntimeStrategy : uint8_t { kNative, kInterpreter };
enum class LogLevel : uint8_t { kError, kWarn, kInfo, kDebug, kTrace };

// ---- Defaults: geth's, so that tools and habits carry over. ----
inline constexpr uint16_t kDefaultHttpPort = 8545;
inline constexpr uint16_t kDefaultWsPort = 8546;
inline constexpr uint16_t kDefaultAuthRpcPort = 8551;  // Engine API port of the execution APIs
/// geth's HTTP body limit (rpc/http.go defaultBodyLimit = 5 MiB).
inline constexpr uint64_t kDefaultMaxRequestBytes = uint64_t{5} << 20;
/// geth --rpc.batch-response-max-size (25,000,000 bytes).
inline constexpr uint64_t kDefaultMaxResponseBytes = 25'000'000;
/// geth --rpc.batch-request-limit.
inline constexpr uint64_t kDefaultBatchLimit = 1000;
/// geth --rpc.gascap: the gas eth_call and eth_estimateGas may use.
inline constexpr uint64_t kDefaultRpcGasCap = 50'000'000;
/// geth txpool defaults (--txpool.accountslots, globalslots, accountqueue, globalqueue,
/// pricebump in percent, lifetime 3 h).
inline constexpr uint64_t kDefaultTxpoolAccountSlots = 16;
inline constexpr uint64_t kDefaultTxpoolGlobalSlots = 5120;
inline constexpr uint64_t kDefaultTxpoolAccountQueue = 64;
inline constexpr uint64_t kDefaultTxpoolGlobalQueue = 1024;
inline constexpr uint64_t kDefaultTxpoolPriceBump = 10;
inline constexpr uint64_t kDefaultTxpoolLifetime = 3 * 3600;

// ---- Bounds (ours unless said). ----
/// A config file is a few hundred bytes; 1 MiB bounds what we read.
inline constexpr uint64_t kMaxConfigFileSize = uint64_t{1} << 20;
/// Linux PATH_MAX.
inline constexpr size_t kMaxPathLength = 4096;
/// A dev block interval above a day is a mistake, not a setting.
inline constexpr uint64_t kMaxDevPeriod = 86'400;
/// Requests above 128 MiB would let one client hold that much memory per connection.
inline constexpr uint64_t kMaxRequestBytesLimit = uint64_t{128} << 20;
inline constexpr uint64_t kMaxResponseBytesLimit = uint64_t{1} << 30;
inline constexpr uint64_t kMaxBatchLimit = 100'000;
/// The intrinsic gas of a transaction (Yellow Paper G_transaction): a cap below cannot run a call.
inline constexpr uint64_t kMinRpcGasCap = 21'000;
/// Pool sizes: the pool keeps transactions in memory; a million is already ~GBs.
inline constexpr uint64_t kMaxTxpoolSlots = 1'000'000;
inline constexpr uint64_t kMaxListEntries = 64;

struct Endpoint {
    bool enabled = false;
    std::string addr = "127.0.0.1";
    uint16_t port = 0;
    std::vector<std::string> api;          ///< namespaces: eth, net, web3, debug, txpool
    std::vector<std::string> cors_domain;  ///< allowed Origin values ("*" for any)
};

struct Config {
    std::string datadir = "blend-data";
    std::string genesis;  ///< a genesis.json; empty with dev = the dev genesis
    bool dev = false;
    uint64_t dev_period = 0;  ///< seconds between dev blocks; 0 = one block per transaction
    Endpoint http{true, "127.0.0.1", kDefaultHttpPort, {"eth", "net", "web3"}, {}};
    Endpoint ws{false, "127.0.0.1", kDefaultWsPort, {"eth", "net", "web3"}, {}};
    Endpoint authrpc{true, "127.0.0.1", kDefaultAuthRpcPort, {"engine", "eth"}, {}};
    std::string jwt_secret;  ///< a file with the hex secret; empty = <datadir>/jwt.hex
    RuntimeStrategy runtime = RuntimeStrategy::kNative;
    LogLevel log_level = LogLevel::kInfo;
    uint64_t rpc_max_request_bytes = kDefaultMaxRequestBytes;
    uint64_t rpc_max_response_bytes = kDefaultMaxResponseBytes;
    uint64_t rpc_batch_limit = kDefaultBatchLimit;
    uint64_t rpc_gas_cap = kDefaultRpcGasCap;
    uint64_t txpool_account_slots = kDefaultTxpoolAccountSlots;
    uint64_t txpool_global_slots = kDefaultTxpoolGlobalSlots;
    uint64_t txpool_account_queue = kDefaultTxpoolAccountQueue;
    uint64_t txpool_global_queue = kDefaultTxpoolGlobalQueue;
    uint64_t txpool_price_bump = kDefaultTxpoolPriceBump;
    uint64_t txpool_lifetime = kDefaultTxpoolLifetime;
};

enum class ConfigError : uint8_t {
    kFileUnreadable = 1,  ///< the config file is missing or unreadable
    kFileTooLarge,        ///< above kMaxConfigFileSize
    kMalformedFile,       ///< not TOML
    kUnknownKey,          ///< a key no option has (a typo would otherwise be silently ignored)
    kWrongType,           ///< e.g. a string where a number belongs
    kBadValue,            ///< not parseable as the option's kind
    kOutOfRange,          ///< outside the option's bounds
    kNotAChoice,          ///< not one of the option's values
    kConflict,            ///< two options that cannot hold together (e.g. one port twice)
    kMissing,             ///< a value required by another (genesis without --dev)
};

[[nodiscard]] const char* to_string(ConfigError e) noexcept;

struct ConfigFailure {
    ConfigError code = ConfigError::kBadValue;
    std::string key;  ///< the flag/TOML key, e.g. "http.port"
    std::string detail;
    /// "<key>: <what>[: <detail>]".
    [[nodiscard]] std::string message() const;
};

template <typename T>
using ConfigResult = Result<T, ConfigFailure>;

/// The kinds of option values.
enum class Kind : uint8_t { kBool, kUint, kString, kPath, kHost, kList, kChoice };

/// One option: `--<flag>` on the command line, `<toml>` (dots = tables) in the TOML file. The two
/// differ only for switches that head a table: `--http` is `http.enabled` in the file.
struct Option {
    std::string_view flag;
    std::string_view toml;
    std::string_view help;
    Kind kind;
    uint64_t min = 0;  ///< kUint bounds, inclusive
    uint64_t max = 0;
    std::span<const std::string_view> choices;  ///< kChoice, and the allowed kList entries
};

/// Every option, in help order.
[[nodiscard]] std::span<const Option> options();

/// Command-line values by flag name (without --), as text: a bool flag given without value is
/// "true"; a list is comma-separated (geth's --http.api eth,net,web3).
using FlagValues = std::map<std::string, std::string, std::less<>>;

/// defaults ← `toml_text` (if any; `source` names it in errors) ← flags; then validated.
[[nodiscard]] ConfigResult<Config> resolve_config(const FlagValues& flags,
                                                  std::optional<std::string_view> toml_text,
                                                  std::string_view source = "config");

/// resolve_config with the file at `path` (read with the kMaxConfigFileSize bound); an empty
/// path means no file.
[[nodiscard]] ConfigResult<Config> load_config(const FlagValues& flags, const std::string& path);

/// The configuration as a TOML document that resolve_config reads back to the same Config.
[[nodiscard]] std::string config_to_toml(const Config& config);

[[nodiscard]] std::string_view to_string(RuntimeStrategy s) noexcept;
[[nodiscard]] std::string_view to_string(LogLevel l) noexcept;

}  // namespace blend::config
