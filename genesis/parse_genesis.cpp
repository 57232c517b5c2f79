// SPDX-License-Identifier: Apache-2.0
// genesis.json → Genesis. nlohmann/json throws; every exception stays in this file (parse_genesis
// catches them), so the module boundary sees only Results.
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/u256.hpp"
#include "execution/module_cache.hpp"
#include "genesis/genesis.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace blend::genesis {

using nlohmann::json;

const char* to_string(GenesisError e) noexcept
{
    switch (e) {
    case GenesisError::kFileUnreadable:
        return "cannot read the file";
    case GenesisError::kFileTooLarge:
        return "file too large";
    case GenesisError::kMalformedJson:
        return "not valid JSON";
    case GenesisError::kTooDeep:
        return "JSON nested too deeply";
    case GenesisError::kDuplicateKey:
        return "duplicate key";
    case GenesisError::kUnknownKey:
        return "unknown key";
    case GenesisError::kMissingField:
        return "required field missing";
    case GenesisError::kWrongType:
        return "wrong JSON type";
    case GenesisError::kBadHex:
        return "invalid hex (0x-prefixed, even number of digits)";
    case GenesisError::kBadNumber:
        return "not an unsigned integer that fits the field";
    case GenesisError::kWrongLength:
        return "wrong length";
    case GenesisError::kExtraDataTooLong:
        return "extraData longer than 32 bytes (Yellow Paper 4.3.4)";
    case GenesisError::kInvalidChainId:
        return "chainId must be in [1, (2^64 - 37) / 2] (EIP-155 v must fit 64 bits)";
    case GenesisError::kInvalidGasLimit:
        return "gasLimit must be in [5000, 2^63 - 1] (Yellow Paper 4.3.4, EIP-1985)";
    case GenesisError::kNotGenesis:
        return "a genesis block has number 0, gasUsed 0 and a zero parentHash";
    case GenesisError::kBlobGas:
        return "blobGasUsed and excessBlobGas must be 0 (Blend has no blob transactions)";
    case GenesisError::kForkNotActive:
        return "Blend executes Prague only: every fork up to Prague must be active at genesis";
    case GenesisError::kUnsupportedFork:
        return "fork not supported: Blend executes Prague only";
    case GenesisError::kTooManyAccounts:
        return "too many alloc accounts";
    case GenesisError::kTooManyStorageEntries:
        return "too many storage entries";
    case GenesisError::kCodeTooLarge:
        return "code too large";
    case GenesisError::kReservedAddress:
        return "address reserved for a system runtime";
    case GenesisError::kRwasmCode:
        return "a raw rWasm module (EF 52) that does not load: it must decode and verify as a "
               "metered module (docs/rwasm-format.md sections 1-2)";
    case GenesisError::kTrieError:
        return "the state trie refused the accounts";
    }
    return "unknown genesis error";
}

std::string GenesisFailure::message() const
{
    std::string out = path.empty() ? std::string("genesis") : path;
    out += ": ";
    out += to_string(code);
    if (!detail.empty()) {
        out += ": ";
        out += detail;
    }
    return out;
}

namespace {

GenesisFailure fail(GenesisError code, std::string path, std::string detail = {})
{
    return GenesisFailure{code, std::move(path), std::move(detail)};
}

/// Thrown from the parser callback (never out of this file).
struct Refusal {
    GenesisFailure failure;
};

std::string join(const std::vector<std::string>& keys)
{
    std::string out = "$";
    for (const std::string& k : keys)
        if (!k.empty())  // an object before its first key
            out += "." + k;
    return out;
}

/// Parses while refusing duplicate keys (nlohmann keeps the last one silently, so one file could
/// mean two things) and nesting beyond kMaxJsonDepth.
json parse_strict(std::string_view text)
{
    struct Frame {
        bool is_object = false;
        std::set<std::string> keys;
    };
    std::vector<Frame> frames;
    std::vector<std::string> path;
    json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            if (frames.size() >= kMaxJsonDepth)
                throw Refusal{fail(GenesisError::kTooDeep, join(path),
                                   fmt::format("more than {} levels", kMaxJsonDepth))};
            frames.push_back(Frame{event == json::parse_event_t::object_start, {}});
            path.emplace_back(event == json::parse_event_t::object_start ? "" : "[]");
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!frames.empty()) {
                frames.pop_back();
                path.pop_back();
            }
            break;
        case json::parse_event_t::key: {
            const auto& key = parsed.get_ref<const std::string&>();
            if (!frames.empty()) {
                path.back() = key;
                if (!frames.back().keys.insert(key).second)
                    throw Refusal{fail(GenesisError::kDuplicateKey, join(path))};
            }
            break;
        }
        case json::parse_event_t::value:
            break;
        }
        return true;
    };
    return json::parse(text.begin(), text.end(), callback);
}

using Path = std::string;

Path sub(const Path& path, std::string_view key)
{
    return path + "." + std::string(key);
}

GenesisResult<std::string_view> as_string(const json& v, const Path& path)
{
    if (!v.is_string())
        return Unexpected{fail(GenesisError::kWrongType, path, "expected a string")};
    return std::string_view(v.get_ref<const std::string&>());
}

bool has_hex_prefix(std::string_view s)
{
    return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

/// An unsigned 64-bit quantity as geth's math.HexOrDecimal64 reads it: a JSON number, a decimal
/// string, or a 0x-hex string.
GenesisResult<uint64_t> read_u64(const json& v, const Path& path)
{
    if (v.is_number_unsigned())
        return v.get<uint64_t>();
    if (v.is_number())
        return Unexpected{
            fail(GenesisError::kBadNumber, path, "negative, fractional or too large")};
    BLEND_TRY(const std::string_view s, as_string(v, path));
    const bool hex = has_hex_prefix(s);
    const std::string_view digits = hex ? s.substr(2) : s;
    // Leading zeros are allowed (geth's strconv.ParseUint accepts them), but not without bound.
    if (digits.empty() || digits.size() > 64)
        return Unexpected{fail(GenesisError::kBadNumber, path, fmt::format("\"{}\"", s))};
    uint64_t value = 0;
    const auto [ptr, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (ec != std::errc{} || ptr != digits.data() + digits.size())
        return Unexpected{fail(GenesisError::kBadNumber, path, fmt::format("\"{}\"", s))};
    return value;
}

/// A 256-bit quantity (math.HexOrDecimal256): a JSON number, decimal or 0x-hex string.
GenesisResult<U256> read_u256(const json& v, const Path& path)
{
    if (v.is_number_unsigned())
        return U256(v.get<uint64_t>());
    if (v.is_number())
        return Unexpected{fail(GenesisError::kBadNumber, path,
                               "negative, fractional, or a JSON number above 2^64 - 1 "
                               "(write large values as strings)")};
    BLEND_TRY(const std::string_view s, as_string(v, path));
    if (s.size() > 80)  // 78 decimal digits or 0x + 64 hex digits, plus a few leading zeros
        return Unexpected{fail(GenesisError::kBadNumber, path, "too many digits")};
    auto parsed = u256_from_string(s);
    if (!parsed)
        return Unexpected{fail(GenesisError::kBadNumber, path,
                               fmt::format("\"{}\": {}", s, to_string(parsed.error())))};
    return *parsed;
}

/// 0x-prefixed hex bytes of at most `max_size` bytes; a longer string is `too_long`.
GenesisResult<Bytes> read_bytes(const json& v,
                                const Path& path,
                                size_t max_size,
                                GenesisError too_long)
{
    BLEND_TRY(const std::string_view s, as_string(v, path));
    if (!has_hex_prefix(s))
        return Unexpected{fail(GenesisError::kBadHex, path, "missing 0x")};
    if ((s.size() - 2) / 2 > max_size)
        return Unexpected{fail(too_long, path,
                               fmt::format("{} bytes, at most {}", (s.size() - 2) / 2, max_size))};
    auto bytes = from_hex(s);
    if (!bytes)
        return Unexpected{fail(GenesisError::kBadHex, path, to_string(bytes.error()))};
    return std::move(*bytes);
}

/// Exactly N bytes of 0x-hex (hashes, addresses).
template <size_t N>
GenesisResult<FixedBytes<N>> read_fixed(std::string_view s, const Path& path, bool need_prefix)
{
    if (need_prefix && !has_hex_prefix(s))
        return Unexpected{fail(GenesisError::kBadHex, path, "missing 0x")};
    const std::string_view digits = has_hex_prefix(s) ? s.substr(2) : s;
    if (digits.size() != 2 * N)
        return Unexpected{fail(GenesisError::kWrongLength, path,
                               fmt::format("{} hex digits, expected {}", digits.size(), 2 * N))};
    auto v = fixed_from_hex<N>(digits);
    if (!v)
        return Unexpected{fail(GenesisError::kBadHex, path, to_string(v.error()))};
    return *v;
}

/// A storage key or value: 0x and 1 to 64 hex digits, a big-endian word left-padded with zeros
/// (geth writes full 32-byte words; shorter forms are common in hand-written files).
GenesisResult<Hash> read_word(std::string_view s, const Path& path)
{
    if (!has_hex_prefix(s))
        return Unexpected{fail(GenesisError::kBadHex, path, "missing 0x")};
    if (s.size() - 2 > 64)
        return Unexpected{fail(GenesisError::kWrongLength, path, "more than 32 bytes")};
    if (s.size() == 2)
        return Unexpected{fail(GenesisError::kBadHex, path, "no digits")};
    auto v = u256_from_string(s);
    if (!v)
        return Unexpected{fail(GenesisError::kBadHex, path, to_string(v.error()))};
    return to_hash(*v);
}

GenesisResult<void> check_keys(const json& object,
                               const Path& path,
                               std::initializer_list<std::string_view> allowed)
{
    if (!object.is_object())
        return Unexpected{fail(GenesisError::kWrongType, path, "expected an object")};
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return Unexpected{fail(GenesisError::kUnknownKey, sub(path, key))};
    }
    return {};
}

const json* find(const json& object, std::string_view key)
{
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

bool ends_with(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Forks by block number, in order up to London; all must be 0 (Prague semantics from block 0).
constexpr std::array<std::string_view, 10> kBlockForks = {
    "homesteadBlock",      "eip150Block",     "eip155Block",   "eip158Block", "byzantiumBlock",
    "constantinopleBlock", "petersburgBlock", "istanbulBlock", "berlinBlock", "londonBlock"};
// Difficulty-bomb delays and the merge's fork-id marker: no effect on execution after the merge.
constexpr std::array<std::string_view, 4> kNoEffectForks = {
    "muirGlacierBlock", "arrowGlacierBlock", "grayGlacierBlock", "mergeNetsplitBlock"};

GenesisResult<ChainConfig> parse_config(const json& config,
                                        const Path& path,
                                        uint64_t timestamp,
                                        const U256& difficulty)
{
    if (!config.is_object())
        return Unexpected{fail(GenesisError::kWrongType, path, "expected an object")};
    ChainConfig out;
    const json* chain_id = find(config, "chainId");
    if (chain_id == nullptr)
        return Unexpected{fail(GenesisError::kMissingField, sub(path, "chainId"))};
    BLEND_TRY(out.chain_id, read_u64(*chain_id, sub(path, "chainId")));
    if (out.chain_id == 0 || out.chain_id > kMaxChainId)
        return Unexpected{fail(GenesisError::kInvalidChainId, sub(path, "chainId"),
                               std::to_string(out.chain_id))};

    for (const std::string_view fork : kBlockForks) {
        const json* v = find(config, fork);
        if (v == nullptr)
            return Unexpected{
                fail(GenesisError::kForkNotActive, sub(path, fork), "missing; set 0")};
        BLEND_TRY(const uint64_t block, read_u64(*v, sub(path, fork)));
        if (block != 0)
            return Unexpected{fail(GenesisError::kForkNotActive, sub(path, fork),
                                   fmt::format("block {}, must be 0", block))};
    }
    struct TimeFork {
        std::string_view key;
        uint64_t* target;
    };
    for (const TimeFork fork :
         {TimeFork{"shanghaiTime", &out.shanghai_time}, TimeFork{"cancunTime", &out.cancun_time},
          TimeFork{"pragueTime", &out.prague_time}}) {
        const json* v = find(config, fork.key);
        if (v == nullptr)
            return Unexpected{
                fail(GenesisError::kForkNotActive, sub(path, fork.key), "missing; set 0")};
        BLEND_TRY(*fork.target, read_u64(*v, sub(path, fork.key)));
        if (*fork.target > timestamp)
            return Unexpected{fail(
                GenesisError::kForkNotActive, sub(path, fork.key),
                fmt::format("time {} is after the genesis timestamp {}", *fork.target, timestamp))};
    }

    const json* dao_support = find(config, "daoForkSupport");
    for (const auto& [key, value] : config.items()) {
        const Path key_path = sub(path, key);
        const bool known =
            key == "chainId" || key == "shanghaiTime" || key == "cancunTime" ||
            key == "pragueTime" ||
            std::find(kBlockForks.begin(), kBlockForks.end(), key) != kBlockForks.end();
        if (known)
            continue;
        if (std::find(kNoEffectForks.begin(), kNoEffectForks.end(), key) != kNoEffectForks.end()) {
            BLEND_TRY([[maybe_unused]] const uint64_t ignored, read_u64(value, key_path));
            continue;
        }
        if (key == "daoForkBlock") {
            // The DAO fork rewrites balances at its block; Blend does not implement it.
            if (dao_support != nullptr && dao_support->is_boolean() && dao_support->get<bool>())
                return Unexpected{fail(GenesisError::kUnsupportedFork, key_path,
                                       "the DAO fork (daoForkSupport)")};
            out.ignored_keys.push_back(key);
            continue;
        }
        if (key == "terminalTotalDifficulty") {
            // Blend's chain is post-merge from genesis (EIP-3675): TTD must already be reached.
            BLEND_TRY(const U256 ttd, read_u256(value, key_path));
            if (difficulty < ttd)
                return Unexpected{fail(GenesisError::kForkNotActive, key_path,
                                       "the merge: terminalTotalDifficulty above the genesis "
                                       "difficulty")};
            continue;
        }
        // A fork we do not know (osakaTime, bpo1Time, verkleTime, ...) would change execution
        // at its activation; refusing it is the only honest answer.
        if (ends_with(key, "Block") || ends_with(key, "Time"))
            return Unexpected{fail(GenesisError::kUnsupportedFork, key_path,
                                   "remove it (forks after Prague are not implemented)")};
        out.ignored_keys.push_back(key);
    }
    return out;
}

GenesisResult<GenesisAccount> parse_account(const json& entry,
                                            const Path& path,
                                            const GenesisLimits& limits,
                                            size_t& storage_entries)
{
    // secretKey: geth test allocs may carry the account's key; it does not affect state.
    BLEND_TRY_VOID(check_keys(entry, path, {"balance", "nonce", "code", "storage", "secretKey"}));
    GenesisAccount account;
    const json* balance = find(entry, "balance");
    if (balance == nullptr)
        return Unexpected{fail(GenesisError::kMissingField, sub(path, "balance"))};
    BLEND_TRY(account.balance, read_u256(*balance, sub(path, "balance")));
    if (const json* nonce = find(entry, "nonce")) {
        BLEND_TRY(account.nonce, read_u64(*nonce, sub(path, "nonce")));
    }
    if (const json* code = find(entry, "code")) {
        BLEND_TRY(account.code, read_bytes(*code, sub(path, "code"), limits.max_code_size,
                                           GenesisError::kCodeTooLarge));
        // Raw rWasm code is accepted when it loads the way the executor loads it (its module
        // cache: decode + verify, metering required), so a genesis cannot hold a module that
        // fails at its first call or, hand-made, loops without paying fuel (the verifier proves
        // every block pays, docs/rwasm-format.md §2). Unmetered modules are only the node's own
        // system runtimes, which genesis injects itself.
        if (account.code.size() >= 2 && account.code[0] == 0xEF && account.code[1] == 0x52) {
            execution::ModuleCache loader;
            if (loader.get(keccak256(account.code), account.code) == nullptr)
                return Unexpected{fail(GenesisError::kRwasmCode, sub(path, "code"))};
        }
    }
    if (const json* storage = find(entry, "storage")) {
        const Path storage_path = sub(path, "storage");
        if (!storage->is_object())
            return Unexpected{fail(GenesisError::kWrongType, storage_path, "expected an object")};
        if (storage->size() > limits.max_storage_entries - storage_entries)
            return Unexpected{fail(GenesisError::kTooManyStorageEntries, storage_path,
                                   fmt::format("at most {} in total", limits.max_storage_entries))};
        storage_entries += storage->size();
        for (const auto& [key, value] : storage->items()) {
            const Path slot_path = sub(storage_path, key);
            BLEND_TRY(const Hash slot, read_word(key, slot_path));
            BLEND_TRY(const std::string_view text, as_string(value, slot_path));
            BLEND_TRY(const Hash word, read_word(text, slot_path));
            if (!account.storage.emplace(slot, word).second)
                return Unexpected{fail(GenesisError::kDuplicateKey, slot_path,
                                       "another spelling of the same slot")};
        }
    }
    return account;
}

GenesisResult<Genesis> parse_document(const json& doc, const GenesisLimits& limits)
{
    const Path root = "$";
    BLEND_TRY_VOID(check_keys(doc, root,
                              {"config", "nonce", "timestamp", "extraData", "gasLimit",
                               "difficulty", "mixHash", "coinbase", "alloc", "number", "gasUsed",
                               "parentHash", "baseFeePerGas", "excessBlobGas", "blobGasUsed"}));
    Genesis g;
    if (const json* v = find(doc, "nonce")) {
        BLEND_TRY(g.nonce, read_u64(*v, "$.nonce"));
    }
    if (const json* v = find(doc, "timestamp")) {
        BLEND_TRY(g.timestamp, read_u64(*v, "$.timestamp"));
    }
    if (const json* v = find(doc, "extraData")) {
        BLEND_TRY(g.extra_data, read_bytes(*v, "$.extraData", kMaxExtraDataSize,
                                           GenesisError::kExtraDataTooLong));
    }
    const json* gas_limit = find(doc, "gasLimit");
    if (gas_limit == nullptr)
        return Unexpected{fail(GenesisError::kMissingField, "$.gasLimit")};
    BLEND_TRY(g.gas_limit, read_u64(*gas_limit, "$.gasLimit"));
    if (g.gas_limit < kMinGasLimit || g.gas_limit > kMaxGasLimit)
        return Unexpected{
            fail(GenesisError::kInvalidGasLimit, "$.gasLimit", std::to_string(g.gas_limit))};
    if (const json* v = find(doc, "difficulty")) {
        BLEND_TRY(g.difficulty, read_u256(*v, "$.difficulty"));
    }
    if (const json* v = find(doc, "mixHash")) {
        BLEND_TRY(const std::string_view s, as_string(*v, "$.mixHash"));
        BLEND_TRY(const FixedBytes<32> h, read_fixed<32>(s, "$.mixHash", true));
        g.mix_hash = Hash{h};
    }
    if (const json* v = find(doc, "coinbase")) {
        BLEND_TRY(const std::string_view s, as_string(*v, "$.coinbase"));
        BLEND_TRY(const FixedBytes<20> a, read_fixed<20>(s, "$.coinbase", true));
        g.coinbase = Address{a};
    }
    if (const json* v = find(doc, "baseFeePerGas")) {
        BLEND_TRY(g.base_fee_per_gas, read_u256(*v, "$.baseFeePerGas"));
    }
    for (const char* key : {"number", "gasUsed"}) {
        if (const json* v = find(doc, key)) {
            const Path p = sub(root, key);
            BLEND_TRY(const uint64_t n, read_u64(*v, p));
            if (n != 0)
                return Unexpected{fail(GenesisError::kNotGenesis, p, std::to_string(n))};
        }
    }
    if (const json* v = find(doc, "parentHash")) {
        BLEND_TRY(const std::string_view s, as_string(*v, "$.parentHash"));
        BLEND_TRY(const FixedBytes<32> h, read_fixed<32>(s, "$.parentHash", true));
        if (!h.is_zero())
            return Unexpected{fail(GenesisError::kNotGenesis, "$.parentHash")};
    }
    for (const char* key : {"excessBlobGas", "blobGasUsed"}) {
        if (const json* v = find(doc, key)) {
            const Path p = sub(root, key);
            BLEND_TRY(const uint64_t n, read_u64(*v, p));
            if (n != 0)
                return Unexpected{fail(GenesisError::kBlobGas, p, std::to_string(n))};
        }
    }

    const json* config = find(doc, "config");
    if (config == nullptr)
        return Unexpected{fail(GenesisError::kMissingField, "$.config")};
    BLEND_TRY(g.config, parse_config(*config, "$.config", g.timestamp, g.difficulty));

    if (const json* alloc = find(doc, "alloc")) {
        if (!alloc->is_object())
            return Unexpected{fail(GenesisError::kWrongType, "$.alloc", "expected an object")};
        if (alloc->size() > limits.max_accounts)
            return Unexpected{
                fail(GenesisError::kTooManyAccounts, "$.alloc",
                     fmt::format("{} entries, at most {}", alloc->size(), limits.max_accounts))};
        size_t storage_entries = 0;
        for (const auto& [key, entry] : alloc->items()) {
            const Path p = sub("$.alloc", key);
            // geth accepts addresses with or without 0x, in any case.
            BLEND_TRY(const FixedBytes<20> a, read_fixed<20>(key, p, false));
            BLEND_TRY(GenesisAccount account, parse_account(entry, p, limits, storage_entries));
            if (!g.alloc.emplace(Address{a}, std::move(account)).second)
                return Unexpected{
                    fail(GenesisError::kDuplicateKey, p, "another spelling of the same address")};
        }
    }
    return g;
}

}  // namespace

GenesisResult<Genesis> parse_genesis(std::string_view text, const GenesisLimits& limits)
{
    if (text.size() > limits.max_file_size)
        return Unexpected{
            fail(GenesisError::kFileTooLarge, "",
                 fmt::format("{} bytes, at most {}", text.size(), limits.max_file_size))};
    json doc;
    try {
        doc = parse_strict(text);
    } catch (const Refusal& refusal) {
        return Unexpected{refusal.failure};
    } catch (const json::exception& e) {
        return Unexpected{fail(GenesisError::kMalformedJson, "", e.what())};
    }
    try {
        return parse_document(doc, limits);
    } catch (const json::exception& e) {
        // Not expected (every access is type-checked first); kept so that no exception leaves.
        return Unexpected{fail(GenesisError::kMalformedJson, "", e.what())};
    }
}

GenesisResult<Genesis> load_genesis_file(const std::string& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::is_regular_file(status))
        return Unexpected{fail(GenesisError::kFileUnreadable, path, "no such regular file")};
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec)
        return Unexpected{fail(GenesisError::kFileUnreadable, path, ec.message())};
    if (size > kMaxGenesisFileSize)
        return Unexpected{fail(GenesisError::kFileTooLarge, path,
                               fmt::format("{} bytes, at most {}", size, kMaxGenesisFileSize))};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Unexpected{fail(GenesisError::kFileUnreadable, path, "cannot open")};
    std::string text(static_cast<size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size))
        return Unexpected{fail(GenesisError::kFileUnreadable, path, "short read")};
    return parse_genesis(text);
}

}  // namespace blend::genesis
