// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/fixture.hpp"

#include "core/hex.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace blend::statetest {

namespace {

using Json = nlohmann::json;

// nlohmann/json and our checks throw this inside the parser only; load_fixture_file turns it
// into a LoadError, so nothing throws past this file (docs/CONVENTIONS.md, "Errors").
struct ShapeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const std::string& text(const Json& j, const char* what)
{
    if (!j.is_string())
        throw ShapeError(std::string(what) + ": not a string");
    return j.get_ref<const std::string&>();
}

const Json& field(const Json& object, const char* name)
{
    if (!object.is_object())
        throw ShapeError(std::string(name) + ": parent is not an object");
    const auto it = object.find(name);
    if (it == object.end())
        throw ShapeError(std::string("missing field ") + name);
    return *it;
}

U256 number(const Json& j, const char* what)
{
    const std::string& s = text(j, what);
    // A bare "0x" is how a few fillers write zero.
    if (s == "0x" || s == "0X")
        return U256{};
    const auto value = u256_from_string(s);
    if (!value)
        throw ShapeError(std::string(what) + ": " + to_string(value.error()) + " in '" + s + "'");
    return *value;
}

// A transaction field: retesteth writes values that do not fit 256 bits on purpose as
// "0x:bigint 0x..."; those come back as nullopt (the case must then be refused).
std::optional<U256> tx_number(const Json& j, const char* what)
{
    constexpr std::string_view kBigint = "0x:bigint ";
    const std::string& s = text(j, what);
    if (!s.starts_with(kBigint))
        return number(j, what);
    const auto value = u256_from_string(std::string_view(s).substr(kBigint.size()));
    if (!value) {
        if (value.error() == U256Error::kOverflow)
            return std::nullopt;
        throw ShapeError(std::string(what) + ": " + to_string(value.error()) + " in '" + s + "'");
    }
    return *value;
}

uint64_t number64(const Json& j, const char* what)
{
    const U256 value = number(j, what);
    if (!value.fits_u64())
        throw ShapeError(std::string(what) + ": above 2^64-1");
    return value.low_u64();
}

Bytes hex_bytes(const Json& j, const char* what)
{
    const auto bytes = from_hex(text(j, what));
    if (!bytes)
        throw ShapeError(std::string(what) + ": " + to_string(bytes.error()));
    return *bytes;
}

Address address(const Json& j, const char* what)
{
    const auto a = address_from_hex(text(j, what));
    if (!a)
        throw ShapeError(std::string(what) + ": " + to_string(a.error()));
    return *a;
}

Hash hash(const Json& j, const char* what)
{
    const auto h = hash_from_hex(text(j, what));
    if (!h)
        throw ShapeError(std::string(what) + ": " + to_string(h.error()));
    return *h;
}

// A fixed-width integer written as hex of any length (storage keys and values, secretKey).
Hash word(const Json& j, const char* what)
{
    return to_hash(number(j, what));
}

size_t index_of(const Json& indexes, const char* name, size_t bound)
{
    const Json& j = field(indexes, name);
    if (!j.is_number_unsigned())
        throw ShapeError(std::string("indexes.") + name + ": not an unsigned number");
    const auto i = j.get<uint64_t>();
    if (i >= bound)
        throw ShapeError(std::string("indexes.") + name + " out of range");
    return static_cast<size_t>(i);
}

const Json& array(const Json& j, const char* what)
{
    if (!j.is_array())
        throw ShapeError(std::string(what) + ": not an array");
    if (j.size() > kMaxMatrixEntries)
        throw ShapeError(std::string(what) + ": more than kMaxMatrixEntries entries");
    return j;
}

Env parse_env(const Json& j)
{
    Env env;
    env.coinbase = address(field(j, "currentCoinbase"), "currentCoinbase");
    env.gas_limit = number(field(j, "currentGasLimit"), "currentGasLimit");
    env.number = number64(field(j, "currentNumber"), "currentNumber");
    env.timestamp = number64(field(j, "currentTimestamp"), "currentTimestamp");
    env.difficulty = number(field(j, "currentDifficulty"), "currentDifficulty");
    if (j.contains("currentBaseFee"))
        env.base_fee = number(j["currentBaseFee"], "currentBaseFee");
    if (j.contains("currentRandom"))
        env.random = word(j["currentRandom"], "currentRandom");
    if (j.contains("currentExcessBlobGas"))
        env.excess_blob_gas = number(j["currentExcessBlobGas"], "currentExcessBlobGas");
    return env;
}

std::map<Address, PreAccount> parse_pre(const Json& j)
{
    if (!j.is_object())
        throw ShapeError("pre: not an object");
    std::map<Address, PreAccount> pre;
    for (const auto& [key, value] : j.items()) {
        PreAccount account;
        account.nonce = number64(field(value, "nonce"), "pre.nonce");
        account.balance = number(field(value, "balance"), "pre.balance");
        account.code = hex_bytes(field(value, "code"), "pre.code");
        const Json& storage = field(value, "storage");
        if (!storage.is_object())
            throw ShapeError("pre.storage: not an object");
        for (const auto& [slot, slot_value] : storage.items()) {
            const U256 v = number(slot_value, "pre.storage value");
            if (!v.is_zero())
                account.storage[word(Json(slot), "pre.storage key")] = v;
        }
        if (!pre.emplace(address(Json(key), "pre address"), std::move(account)).second)
            throw ShapeError("pre: duplicate address " + key);
    }
    return pre;
}

TxMatrix parse_tx(const Json& j)
{
    TxMatrix tx;
    for (const Json& d : array(field(j, "data"), "data"))
        tx.data.push_back(hex_bytes(d, "data"));
    for (const Json& g : array(field(j, "gasLimit"), "gasLimit")) {
        const auto gas = tx_number(g, "gasLimit");
        tx.gas_limit.push_back(gas.value_or(U256{}));
        tx.gas_limit_too_wide.push_back(!gas.has_value());
    }
    for (const Json& v : array(field(j, "value"), "value")) {
        const auto value = tx_number(v, "value");
        tx.value.push_back(value.value_or(U256{}));
        tx.value_too_wide.push_back(!value.has_value());
    }
    if (j.contains("accessLists")) {
        tx.has_access_lists = true;
        for (const Json& list : array(j["accessLists"], "accessLists")) {
            if (list.is_null()) {
                tx.access_lists.emplace_back(std::nullopt);  // this data index: no list
                continue;
            }
            std::vector<std::pair<Address, std::vector<Hash>>> entries;
            for (const Json& entry : array(list, "accessLists[i]")) {
                std::vector<Hash> keys;
                for (const Json& key : array(field(entry, "storageKeys"), "storageKeys"))
                    keys.push_back(word(key, "storageKeys"));
                entries.emplace_back(address(field(entry, "address"), "accessList address"),
                                     std::move(keys));
            }
            tx.access_lists.emplace_back(std::move(entries));
        }
        if (tx.access_lists.size() != tx.data.size())
            throw ShapeError("accessLists: not parallel to data");
    }
    auto scalar = [&tx](const Json& value, const char* what) {
        const auto n = tx_number(value, what);
        tx.scalar_too_wide = tx.scalar_too_wide || !n.has_value();
        return n.value_or(U256{});
    };
    tx.nonce = scalar(field(j, "nonce"), "nonce");
    if (j.contains("gasPrice"))
        tx.gas_price = scalar(j["gasPrice"], "gasPrice");
    if (j.contains("maxFeePerGas"))
        tx.max_fee_per_gas = scalar(j["maxFeePerGas"], "maxFeePerGas");
    if (j.contains("maxPriorityFeePerGas"))
        tx.max_priority_fee_per_gas = scalar(j["maxPriorityFeePerGas"], "maxPriorityFeePerGas");
    if (tx.gas_price.has_value() == tx.max_fee_per_gas.has_value())
        throw ShapeError("transaction: needs exactly one of gasPrice and maxFeePerGas");
    if (tx.max_fee_per_gas.has_value() != tx.max_priority_fee_per_gas.has_value())
        throw ShapeError("transaction: maxFeePerGas without maxPriorityFeePerGas");
    tx.has_blob_fields = j.contains("blobVersionedHashes") || j.contains("maxFeePerBlobGas");
    const std::string& to = text(field(j, "to"), "to");
    if (!to.empty())
        tx.to = address(j["to"], "to");
    tx.sender = address(field(j, "sender"), "sender");
    tx.secret_key = hash(field(j, "secretKey"), "secretKey");
    return tx;
}

std::vector<PostCase> parse_post(const Json& j, const TxMatrix& tx)
{
    if (!j.is_object())
        throw ShapeError("post: not an object");
    std::vector<PostCase> out;
    for (const auto& [fork, entries] : j.items()) {
        size_t index = 0;
        for (const Json& entry : array(entries, "post[fork]")) {
            PostCase c;
            c.fork = fork;
            c.index = index++;
            const Json& indexes = field(entry, "indexes");
            c.data = index_of(indexes, "data", tx.data.size());
            c.gas = index_of(indexes, "gas", tx.gas_limit.size());
            c.value = index_of(indexes, "value", tx.value.size());
            c.state_root = hash(field(entry, "hash"), "hash");
            c.logs_hash = hash(field(entry, "logs"), "logs");
            if (entry.contains("txbytes"))
                c.tx_bytes = hex_bytes(entry["txbytes"], "txbytes");
            if (entry.contains("expectException"))
                c.expect_exception = text(entry["expectException"], "expectException");
            out.push_back(std::move(c));
        }
    }
    return out;
}

}  // namespace

const char* to_string(FixtureError e) noexcept
{
    switch (e) {
    case FixtureError::kUnreadable:
        return "cannot read the fixture file";
    case FixtureError::kTooLarge:
        return "fixture file larger than kMaxFixtureFileBytes";
    case FixtureError::kInvalidJson:
        return "fixture file is not valid JSON";
    case FixtureError::kBadShape:
        return "fixture does not have the GeneralStateTests shape";
    }
    return "unknown fixture error";
}

Result<std::vector<StateTest>, LoadError> load_fixture_file(const std::filesystem::path& path,
                                                            const std::string& display_name)
{
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
        return Unexpected{LoadError{FixtureError::kUnreadable, ec.message()}};
    if (size > kMaxFixtureFileBytes)
        return Unexpected{LoadError{FixtureError::kTooLarge, std::to_string(size) + " bytes"}};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Unexpected{LoadError{FixtureError::kUnreadable, "open failed"}};
    std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    Json root;
    try {
        root = Json::parse(contents);
    } catch (const Json::exception& e) {
        return Unexpected{LoadError{FixtureError::kInvalidJson, e.what()}};
    }
    if (!root.is_object())
        return Unexpected{LoadError{FixtureError::kBadShape, "top level is not an object"}};

    std::vector<StateTest> tests;
    for (const auto& [name, body] : root.items()) {
        try {
            StateTest t;
            t.file = display_name;
            t.name = name;
            t.env = parse_env(field(body, "env"));
            t.pre = parse_pre(field(body, "pre"));
            t.tx = parse_tx(field(body, "transaction"));
            t.post = parse_post(field(body, "post"), t.tx);
            tests.push_back(std::move(t));
        } catch (const ShapeError& e) {
            return Unexpected{LoadError{FixtureError::kBadShape, name + ": " + e.what()}};
        } catch (const Json::exception& e) {
            return Unexpected{LoadError{FixtureError::kBadShape, name + ": " + e.what()}};
        }
    }
    return tests;
}

std::vector<std::filesystem::path> list_fixture_files(const std::filesystem::path& root)
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (std::filesystem::is_regular_file(root, ec)) {
        files.push_back(root);
        return files;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        // Only *.json: the suite also holds placeholders such as stShift/.stub (SOURCE.md).
        if (it->is_regular_file(ec) && it->path().extension() == ".json")
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace blend::statetest
