// SPDX-License-Identifier: Apache-2.0
// The option table, text/TOML → typed values, validation. toml++ throws on malformed input; that
// exception is caught in resolve_config and never leaves this file.
#include "config/config.hpp"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace blend::config {

const char* to_string(ConfigError e) noexcept
{
    switch (e) {
    case ConfigError::kFileUnreadable:
        return "cannot read the config file";
    case ConfigError::kFileTooLarge:
        return "config file too large";
    case ConfigError::kMalformedFile:
        return "not valid TOML";
    case ConfigError::kUnknownKey:
        return "unknown option";
    case ConfigError::kWrongType:
        return "wrong type";
    case ConfigError::kBadValue:
        return "invalid value";
    case ConfigError::kOutOfRange:
        return "out of range";
    case ConfigError::kNotAChoice:
        return "not an allowed value";
    case ConfigError::kConflict:
        return "conflicting options";
    case ConfigError::kMissing:
        return "required option missing";
    }
    return "unknown config error";
}

std::string ConfigFailure::message() const
{
    std::string out = key + ": " + to_string(code);
    if (!detail.empty())
        out += ": " + detail;
    return out;
}

std::string_view to_string(RuntimeStrategy s) noexcept
{
    return s == RuntimeStrategy::kNative ? "native" : "interpreter";
}

std::string_view to_string(LogLevel l) noexcept
{
    switch (l) {
    case LogLevel::kError:
        return "error";
    case LogLevel::kWarn:
        return "warn";
    case LogLevel::kInfo:
        return "info";
    case LogLevel::kDebug:
        return "debug";
    case LogLevel::kTrace:
        return "trace";
    }
    return "info";
}

namespace {

constexpr std::array<std::string_view, 2> kRuntimeChoices = {"native", "interpreter"};
constexpr std::array<std::string_view, 5> kLogChoices = {"error", "warn", "info", "debug", "trace"};
constexpr std::array<std::string_view, 5> kApiChoices = {"eth", "net", "web3", "debug", "txpool"};
constexpr std::array<std::string_view, 2> kEngineApiChoices = {"engine", "eth"};
constexpr std::array<std::string_view, 0> kAnyString = {};

constexpr uint64_t kMaxPort = 65535;

// clang-format off
const Option kOptions[] = {
    {"datadir", "datadir", "Data directory (RocksDB, jwt.hex)", Kind::kPath, 0, 0, {}},
    {"genesis", "genesis", "Genesis file (geth format); default with --dev: the dev genesis", Kind::kPath, 0, 0, {}},
    {"dev", "dev.enabled", "Dev mode: the dev genesis and a local sequencer", Kind::kBool, 0, 0, {}},
    {"dev.period", "dev.period", "Seconds between dev blocks (0: a block per transaction)", Kind::kUint, 0, kMaxDevPeriod, {}},
    {"http", "http.enabled", "Serve JSON-RPC over HTTP", Kind::kBool, 0, 0, {}},
    {"http.addr", "http.addr", "HTTP listen address (IPv4 or IPv6)", Kind::kHost, 0, 0, {}},
    {"http.port", "http.port", "HTTP listen port", Kind::kUint, 1, kMaxPort, {}},
    {"http.api", "http.api", "APIs offered over HTTP", Kind::kList, 0, 0, kApiChoices},
    {"http.corsdomain", "http.corsdomain", "Allowed CORS origins (* for any)", Kind::kList, 0, 0, kAnyString},
    {"ws", "ws.enabled", "Serve JSON-RPC over WebSocket", Kind::kBool, 0, 0, {}},
    {"ws.addr", "ws.addr", "WebSocket listen address", Kind::kHost, 0, 0, {}},
    {"ws.port", "ws.port", "WebSocket listen port", Kind::kUint, 1, kMaxPort, {}},
    {"ws.api", "ws.api", "APIs offered over WebSocket", Kind::kList, 0, 0, kApiChoices},
    {"authrpc.addr", "authrpc.addr", "Engine API listen address", Kind::kHost, 0, 0, {}},
    {"authrpc.port", "authrpc.port", "Engine API listen port", Kind::kUint, 1, kMaxPort, {}},
    {"authrpc.jwtsecret", "authrpc.jwtsecret", "JWT secret file (default: <datadir>/jwt.hex, generated)", Kind::kPath, 0, 0, {}},
    {"runtime", "runtime", "System runtimes: native or interpreter", Kind::kChoice, 0, 0, kRuntimeChoices},
    // Issue 7's name of the same setting (execution/native_runtime.hpp: native runs a system
    // runtime natively only when its code hash matches the node's build, else interprets it).
    {"runtime-strategy", "runtime-strategy", "Same as --runtime: native or interpreter", Kind::kChoice, 0, 0, kRuntimeChoices},
    {"log.level", "log.level", "Log level", Kind::kChoice, 0, 0, kLogChoices},
    {"rpc.maxrequest", "rpc.maxrequest", "Largest JSON-RPC request body, bytes", Kind::kUint, 1024, kMaxRequestBytesLimit, {}},
    {"rpc.maxresponse", "rpc.maxresponse", "Largest JSON-RPC response, bytes", Kind::kUint, 1024, kMaxResponseBytesLimit, {}},
    {"rpc.batchlimit", "rpc.batchlimit", "Most requests in one batch", Kind::kUint, 1, kMaxBatchLimit, {}},
    {"rpc.gascap", "rpc.gascap", "Gas cap of eth_call and eth_estimateGas", Kind::kUint, kMinRpcGasCap, UINT64_MAX, {}},
    {"txpool.accountslots", "txpool.accountslots", "Executable transactions per account", Kind::kUint, 1, kMaxTxpoolSlots, {}},
    {"txpool.globalslots", "txpool.globalslots", "Executable transactions in total", Kind::kUint, 1, kMaxTxpoolSlots, {}},
    {"txpool.accountqueue", "txpool.accountqueue", "Queued (nonce-gapped) transactions per account", Kind::kUint, 1, kMaxTxpoolSlots, {}},
    {"txpool.globalqueue", "txpool.globalqueue", "Queued transactions in total", Kind::kUint, 1, kMaxTxpoolSlots, {}},
    {"txpool.pricebump", "txpool.pricebump", "Price bump to replace a transaction, percent", Kind::kUint, 1, 1000, {}},
    {"txpool.lifetime", "txpool.lifetime", "Seconds a queued transaction may wait", Kind::kUint, 1, 30 * 86'400, {}},
};
// clang-format on

using Value = std::variant<bool, uint64_t, std::string, std::vector<std::string>>;

ConfigFailure fail(ConfigError code, std::string_view key, std::string detail = {})
{
    return ConfigFailure{code, std::string(key), std::move(detail)};
}

uint16_t port(uint64_t v)
{
    return static_cast<uint16_t>(v);  // bounded by kMaxPort before set() runs
}

template <typename E>
E choice_index(const std::string& s, std::span<const std::string_view> choices)
{
    for (size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == s)
            return static_cast<E>(i);
    return static_cast<E>(0);  // validated before set() runs
}

void set(Config& c, std::string_view key, const Value& v)
{
    const auto b = [&] { return std::get<bool>(v); };
    const auto u = [&] { return std::get<uint64_t>(v); };
    const auto s = [&] { return std::get<std::string>(v); };
    const auto l = [&] { return std::get<std::vector<std::string>>(v); };
    // clang-format off
    if (key == "datadir") c.datadir = s();
    else if (key == "genesis") c.genesis = s();
    else if (key == "dev") c.dev = b();
    else if (key == "dev.period") c.dev_period = u();
    else if (key == "http") c.http.enabled = b();
    else if (key == "http.addr") c.http.addr = s();
    else if (key == "http.port") c.http.port = port(u());
    else if (key == "http.api") c.http.api = l();
    else if (key == "http.corsdomain") c.http.cors_domain = l();
    else if (key == "ws") c.ws.enabled = b();
    else if (key == "ws.addr") c.ws.addr = s();
    else if (key == "ws.port") c.ws.port = port(u());
    else if (key == "ws.api") c.ws.api = l();
    else if (key == "authrpc.addr") c.authrpc.addr = s();
    else if (key == "authrpc.port") c.authrpc.port = port(u());
    else if (key == "authrpc.jwtsecret") c.jwt_secret = s();
    else if (key == "runtime") c.runtime = choice_index<RuntimeStrategy>(s(), kRuntimeChoices);
    else if (key == "runtime-strategy") c.runtime = choice_index<RuntimeStrategy>(s(), kRuntimeChoices);
    else if (key == "log.level") c.log_level = choice_index<LogLevel>(s(), kLogChoices);
    else if (key == "rpc.maxrequest") c.rpc_max_request_bytes = u();
    else if (key == "rpc.maxresponse") c.rpc_max_response_bytes = u();
    else if (key == "rpc.batchlimit") c.rpc_batch_limit = u();
    else if (key == "rpc.gascap") c.rpc_gas_cap = u();
    else if (key == "txpool.accountslots") c.txpool_account_slots = u();
    else if (key == "txpool.globalslots") c.txpool_global_slots = u();
    else if (key == "txpool.accountqueue") c.txpool_account_queue = u();
    else if (key == "txpool.globalqueue") c.txpool_global_queue = u();
    else if (key == "txpool.pricebump") c.txpool_price_bump = u();
    else if (key == "txpool.lifetime") c.txpool_lifetime = u();
    else BLEND_ASSERT(false && "an option without a setter");
    // clang-format on
}

Value get(const Config& c, std::string_view key)
{
    // clang-format off
    if (key == "datadir") return c.datadir;
    if (key == "genesis") return c.genesis;
    if (key == "dev") return c.dev;
    if (key == "dev.period") return c.dev_period;
    if (key == "http") return c.http.enabled;
    if (key == "http.addr") return c.http.addr;
    if (key == "http.port") return uint64_t{c.http.port};
    if (key == "http.api") return c.http.api;
    if (key == "http.corsdomain") return c.http.cors_domain;
    if (key == "ws") return c.ws.enabled;
    if (key == "ws.addr") return c.ws.addr;
    if (key == "ws.port") return uint64_t{c.ws.port};
    if (key == "ws.api") return c.ws.api;
    if (key == "authrpc.addr") return c.authrpc.addr;
    if (key == "authrpc.port") return uint64_t{c.authrpc.port};
    if (key == "authrpc.jwtsecret") return c.jwt_secret;
    if (key == "runtime") return std::string(to_string(c.runtime));
    if (key == "runtime-strategy") return std::string(to_string(c.runtime));
    if (key == "log.level") return std::string(to_string(c.log_level));
    if (key == "rpc.maxrequest") return c.rpc_max_request_bytes;
    if (key == "rpc.maxresponse") return c.rpc_max_response_bytes;
    if (key == "rpc.batchlimit") return c.rpc_batch_limit;
    if (key == "rpc.gascap") return c.rpc_gas_cap;
    if (key == "txpool.accountslots") return c.txpool_account_slots;
    if (key == "txpool.globalslots") return c.txpool_global_slots;
    if (key == "txpool.accountqueue") return c.txpool_account_queue;
    if (key == "txpool.globalqueue") return c.txpool_global_queue;
    if (key == "txpool.pricebump") return c.txpool_price_bump;
    if (key == "txpool.lifetime") return c.txpool_lifetime;
    // clang-format on
    BLEND_ASSERT(false && "an option without a getter");
    return false;
}

bool is_choice(std::string_view s, std::span<const std::string_view> choices)
{
    for (const std::string_view c : choices)
        if (c == s)
            return true;
    return false;
}

/// Bounds, choices and formats of one value (whichever source it came from).
ConfigResult<Value> check(const Option& o, std::string_view key, Value v)
{
    switch (o.kind) {
    case Kind::kBool:
        break;
    case Kind::kUint: {
        const uint64_t n = std::get<uint64_t>(v);
        if (n < o.min || n > o.max)
            return Unexpected{fail(ConfigError::kOutOfRange, key,
                                   fmt::format("{} is outside [{}, {}]", n, o.min, o.max))};
        break;
    }
    case Kind::kString:
    case Kind::kPath: {
        const std::string& s = std::get<std::string>(v);
        if (s.size() > kMaxPathLength)
            return Unexpected{fail(ConfigError::kOutOfRange, key,
                                   fmt::format("longer than {} characters", kMaxPathLength))};
        if (s.find('\0') != std::string::npos)
            return Unexpected{fail(ConfigError::kBadValue, key, "contains a NUL character")};
        break;
    }
    case Kind::kHost: {
        const std::string& s = std::get<std::string>(v);
        unsigned char buffer[16];
        if (s.size() > 64 || (inet_pton(AF_INET, s.c_str(), buffer) != 1 &&
                              inet_pton(AF_INET6, s.c_str(), buffer) != 1))
            return Unexpected{fail(ConfigError::kBadValue, key,
                                   fmt::format("\"{}\" is not an IPv4 or IPv6 address", s))};
        break;
    }
    case Kind::kChoice: {
        const std::string& s = std::get<std::string>(v);
        if (!is_choice(s, o.choices)) {
            std::string all;
            for (const std::string_view c : o.choices)
                all += (all.empty() ? "" : ", ") + std::string(c);
            return Unexpected{
                fail(ConfigError::kNotAChoice, key, fmt::format("\"{}\" (one of: {})", s, all))};
        }
        break;
    }
    case Kind::kList: {
        const auto& list = std::get<std::vector<std::string>>(v);
        if (list.size() > kMaxListEntries)
            return Unexpected{fail(ConfigError::kOutOfRange, key,
                                   fmt::format("more than {} entries", kMaxListEntries))};
        for (const std::string& item : list) {
            if (item.empty() || item.size() > 256)
                return Unexpected{fail(ConfigError::kBadValue, key, "an empty or overlong entry")};
            if (!o.choices.empty() && !is_choice(item, o.choices)) {
                std::string all;
                for (const std::string_view c : o.choices)
                    all += (all.empty() ? "" : ", ") + std::string(c);
                return Unexpected{fail(ConfigError::kNotAChoice, key,
                                       fmt::format("\"{}\" (one of: {})", item, all))};
            }
        }
        break;
    }
    }
    return v;
}

/// A flag's text → its typed value.
ConfigResult<Value> from_text(const Option& o, std::string_view text)
{
    const std::string_view key = o.flag;
    switch (o.kind) {
    case Kind::kBool:
        if (text == "true" || text == "1")
            return Value{true};
        if (text == "false" || text == "0")
            return Value{false};
        return Unexpected{
            fail(ConfigError::kBadValue, key, fmt::format("\"{}\" is not true or false", text))};
    case Kind::kUint: {
        uint64_t n = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size())
            return Unexpected{fail(ConfigError::kBadValue, key,
                                   fmt::format("\"{}\" is not an unsigned integer", text))};
        return Value{n};
    }
    case Kind::kList: {
        std::vector<std::string> items;
        size_t start = 0;
        while (start <= text.size() && !text.empty()) {
            const size_t comma = text.find(',', start);
            const size_t end = comma == std::string_view::npos ? text.size() : comma;
            items.emplace_back(text.substr(start, end - start));
            if (comma == std::string_view::npos)
                break;
            start = comma + 1;
        }
        return Value{std::move(items)};
    }
    default:
        return Value{std::string(text)};
    }
}

/// A TOML node → the typed value, type-checked.
ConfigResult<Value> from_toml(const Option& o, const toml::node& node)
{
    const std::string_view key = o.toml;
    switch (o.kind) {
    case Kind::kBool:
        if (const auto* b = node.as_boolean())
            return Value{b->get()};
        return Unexpected{fail(ConfigError::kWrongType, key, "expected true or false")};
    case Kind::kUint:
        if (const auto* i = node.as_integer()) {
            if (i->get() < 0)
                return Unexpected{fail(ConfigError::kOutOfRange, key, "negative")};
            return Value{static_cast<uint64_t>(i->get())};
        }
        return Unexpected{fail(ConfigError::kWrongType, key, "expected an integer")};
    case Kind::kList: {
        const auto* array = node.as_array();
        if (array == nullptr)
            return Unexpected{fail(ConfigError::kWrongType, key, "expected an array of strings")};
        std::vector<std::string> items;
        for (const toml::node& item : *array) {
            const auto* s = item.as_string();
            if (s == nullptr)
                return Unexpected{
                    fail(ConfigError::kWrongType, key, "expected an array of strings")};
            items.push_back(s->get());
        }
        return Value{std::move(items)};
    }
    default:
        if (const auto* s = node.as_string())
            return Value{s->get()};
        return Unexpected{fail(ConfigError::kWrongType, key, "expected a string")};
    }
}

const Option* by_flag(std::string_view flag)
{
    for (const Option& o : kOptions)
        if (o.flag == flag)
            return &o;
    return nullptr;
}

const Option* by_toml(std::string_view key)
{
    for (const Option& o : kOptions)
        if (o.toml == key)
            return &o;
    return nullptr;
}

/// Walks the TOML tree; every leaf must be an option's key.
ConfigResult<void> apply_table(Config& c, const toml::table& table, const std::string& prefix)
{
    for (const auto& [k, node] : table) {
        const std::string key =
            prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        const Option* o = by_toml(key);
        if (o == nullptr) {
            if (const auto* sub = node.as_table()) {
                BLEND_TRY_VOID(apply_table(c, *sub, key));
                continue;
            }
            return Unexpected{fail(ConfigError::kUnknownKey, key)};
        }
        BLEND_TRY(Value v, from_toml(*o, node));
        BLEND_TRY(const Value checked, check(*o, key, std::move(v)));
        set(c, o->flag, checked);
    }
    return {};
}

/// Rules between options.
ConfigResult<void> cross_check(const Config& c)
{
    if (!c.dev && c.genesis.empty())
        return Unexpected{fail(ConfigError::kMissing, "genesis", "required unless --dev")};
    if (c.datadir.empty())
        return Unexpected{fail(ConfigError::kBadValue, "datadir", "empty")};
    struct Listener {
        std::string_view name;
        const Endpoint* endpoint;
    };
    const Listener listeners[] = {
        {"http.port", &c.http}, {"ws.port", &c.ws}, {"authrpc.port", &c.authrpc}};
    for (size_t i = 0; i < std::size(listeners); ++i) {
        for (size_t j = i + 1; j < std::size(listeners); ++j) {
            const Endpoint& a = *listeners[i].endpoint;
            const Endpoint& b = *listeners[j].endpoint;
            if (a.enabled && b.enabled && a.port == b.port && a.addr == b.addr)
                return Unexpected{fail(ConfigError::kConflict, listeners[j].name,
                                       fmt::format("{} is also {}", a.port, listeners[i].name))};
        }
    }
    if (c.txpool_account_slots > c.txpool_global_slots)
        return Unexpected{
            fail(ConfigError::kConflict, "txpool.accountslots", "above txpool.globalslots")};
    if (c.txpool_account_queue > c.txpool_global_queue)
        return Unexpected{
            fail(ConfigError::kConflict, "txpool.accountqueue", "above txpool.globalqueue")};
    return {};
}

std::string toml_value(const Value& v)
{
    if (const bool* b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (const uint64_t* n = std::get_if<uint64_t>(&v))
        return std::to_string(*n);
    if (const std::string* s = std::get_if<std::string>(&v)) {
        std::ostringstream out;
        out << toml::value<std::string>(*s);
        return out.str();
    }
    std::ostringstream out;
    toml::array array;
    for (const std::string& item : std::get<std::vector<std::string>>(v))
        array.push_back(item);
    out << array;
    return out.str();
}

}  // namespace

std::span<const Option> options()
{
    return kOptions;
}

ConfigResult<Config> resolve_config(const FlagValues& flags,
                                    std::optional<std::string_view> toml_text,
                                    std::string_view source)
{
    Config c;
    if (toml_text) {
        if (toml_text->size() > kMaxConfigFileSize)
            return Unexpected{fail(ConfigError::kFileTooLarge, source)};
        toml::table table;
        try {
            table = toml::parse(*toml_text, source);
        } catch (const toml::parse_error& e) {
            const auto& where = e.source().begin;
            return Unexpected{fail(
                ConfigError::kMalformedFile, source,
                fmt::format("line {}, column {}: {}", where.line, where.column, e.description()))};
        }
        BLEND_TRY_VOID(apply_table(c, table, ""));
    }
    for (const auto& [flag, text] : flags) {
        const Option* o = by_flag(flag);
        if (o == nullptr)
            return Unexpected{fail(ConfigError::kUnknownKey, flag)};
        BLEND_TRY(Value v, from_text(*o, text));
        BLEND_TRY(const Value checked, check(*o, flag, std::move(v)));
        set(c, o->flag, checked);
    }
    BLEND_TRY_VOID(cross_check(c));
    return c;
}

ConfigResult<Config> load_config(const FlagValues& flags, const std::string& path)
{
    if (path.empty())
        return resolve_config(flags, std::nullopt);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return Unexpected{fail(ConfigError::kFileUnreadable, path, "no such regular file")};
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec)
        return Unexpected{fail(ConfigError::kFileUnreadable, path, ec.message())};
    if (size > kMaxConfigFileSize)
        return Unexpected{fail(ConfigError::kFileTooLarge, path,
                               fmt::format("{} bytes, at most {}", size, kMaxConfigFileSize))};
    std::ifstream in(path, std::ios::binary);
    std::string text(static_cast<size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (!in)
        return Unexpected{fail(ConfigError::kFileUnreadable, path, "read failed")};
    return resolve_config(flags, text, path);
}

std::string config_to_toml(const Config& c)
{
    // Top-level keys first, then one [table] per prefix, in table order.
    std::string top;
    std::map<std::string, std::string> tables;
    std::vector<std::string> order;
    for (const Option& o : kOptions) {
        const std::string line = fmt::format("{} = {}\n", o.toml.substr(o.toml.find('.') + 1),
                                             toml_value(get(c, o.flag)));
        const size_t dot = o.toml.find('.');
        if (dot == std::string_view::npos) {
            top += fmt::format("{} = {}\n", o.toml, toml_value(get(c, o.flag)));
            continue;
        }
        const std::string table(o.toml.substr(0, dot));
        if (tables.count(table) == 0)
            order.push_back(table);
        tables[table] += line;
    }
    std::string out = top;
    for (const std::string& t : order)
        out += fmt::format("\n[{}]\n{}", t, tables[t]);
    return out;
}

}  // namespace blend::config
