// SPDX-License-Identifier: Apache-2.0
// Strict parameter parsing (api-surface §0): the reasons use geth's hexutil wording, which the
// hive rpc-compat fixtures show ("hex string without 0x prefix").
#include "core/hex.hpp"
#include "core/types/log.hpp"
#include "rpc/codec.hpp"
#include "rpc/limits.hpp"

#include <limits>

namespace blend::rpc {

namespace {

bool has_prefix(std::string_view s)
{
    return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// The digits of a QUANTITY string, checked for prefix, emptiness, leading zeros and digits.
ParseResult<std::string_view> quantity_digits(const Json& value)
{
    if (!value.is_string())
        return Unexpected{std::string("expected a hex quantity string")};
    const auto& s = value.get_ref<const std::string&>();
    if (!has_prefix(s))
        return Unexpected{std::string("hex string without 0x prefix")};
    std::string_view digits = std::string_view(s).substr(2);
    if (digits.empty())
        return Unexpected{std::string("hex string \"0x\"")};
    if (digits.size() > 1 && digits[0] == '0')
        return Unexpected{std::string("hex number with leading zero digits")};
    for (const char c : digits)
        if (hex_digit(c) < 0)
            return Unexpected{std::string("invalid hex string")};
    return digits;
}

template <typename T>
ParseResult<T> field(const Json& object,
                     const char* key,
                     ParseResult<T> (*parse)(const Json&),
                     std::optional<T>& out)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return T{};
    auto parsed = parse(*it);
    if (!parsed)
        return Unexpected{std::string(key) + ": " + parsed.error()};
    out = *parsed;
    return *parsed;
}

ParseResult<Bytes> unbounded_data(const Json& value)
{
    // Bounded by the request body limit (kMaxRequestBytes) already.
    return parse_data(value, std::numeric_limits<size_t>::max());
}

ParseResult<AccessList> parse_access_list(const Json& value)
{
    if (!value.is_array())
        return Unexpected{std::string("access list must be an array")};
    AccessList list;
    for (const auto& entry : value) {
        if (!entry.is_object())
            return Unexpected{std::string("access list entry must be an object")};
        AccessListEntry out;
        const auto address = entry.find("address");
        if (address == entry.end())
            return Unexpected{std::string("access list entry without address")};
        auto parsed = parse_address(*address);
        if (!parsed)
            return Unexpected{parsed.error()};
        out.address = *parsed;
        const auto keys = entry.find("storageKeys");
        if (keys != entry.end() && !keys->is_null()) {
            if (!keys->is_array())
                return Unexpected{std::string("storageKeys must be an array")};
            for (const auto& key : *keys) {
                auto hash = parse_hash(key);
                if (!hash)
                    return Unexpected{hash.error()};
                out.storage_keys.push_back(*hash);
            }
        }
        list.push_back(std::move(out));
    }
    return list;
}

ParseResult<std::vector<Authorization>> parse_authorization_list(const Json& value)
{
    if (!value.is_array())
        return Unexpected{std::string("authorization list must be an array")};
    std::vector<Authorization> list;
    for (const auto& entry : value) {
        if (!entry.is_object())
            return Unexpected{std::string("authorization must be an object")};
        Authorization a;
        for (const char* key : {"chainId", "address", "nonce", "yParity", "r", "s"})
            if (!entry.contains(key))
                return Unexpected{std::string("authorization without ") + key};
        auto chain_id = parse_u256(entry["chainId"]);
        auto address = parse_address(entry["address"]);
        auto nonce = parse_quantity(entry["nonce"]);
        auto y_parity = parse_quantity(entry["yParity"]);
        auto r = parse_u256(entry["r"]);
        auto s = parse_u256(entry["s"]);
        if (!chain_id || !address || !nonce || !y_parity || !r || !s)
            return Unexpected{std::string("invalid authorization")};
        if (*y_parity > 0xff)
            return Unexpected{std::string("authorization yParity above 255")};
        a.chain_id = *chain_id;
        a.address = *address;
        a.nonce = *nonce;
        a.y_parity = static_cast<uint8_t>(*y_parity);
        a.r = *r;
        a.s = *s;
        list.push_back(a);
    }
    return list;
}

ParseResult<std::vector<Hash>> parse_topic_position(const Json& value)
{
    std::vector<Hash> out;
    if (value.is_null())
        return out;  // wildcard
    if (value.is_string()) {
        auto hash = parse_hash(value);
        if (!hash)
            return Unexpected{hash.error()};
        out.push_back(*hash);
        return out;
    }
    if (!value.is_array())
        return Unexpected{std::string("topic must be a hash, null or an array")};
    if (value.size() > kMaxFilterTopicAlternatives)
        return Unexpected{std::string("exceed max topics")};
    for (const auto& alternative : value) {
        // A null inside the list makes the whole position a wildcard (geth).
        if (alternative.is_null())
            return std::vector<Hash>{};
        auto hash = parse_hash(alternative);
        if (!hash)
            return Unexpected{hash.error()};
        out.push_back(*hash);
    }
    return out;
}

}  // namespace

ParseResult<uint64_t> parse_quantity(const Json& value)
{
    auto digits = quantity_digits(value);
    if (!digits)
        return Unexpected{digits.error()};
    if (digits->size() > 16)
        return Unexpected{std::string("hex number > 64 bits")};
    uint64_t out = 0;
    for (const char c : *digits)
        out = (out << 4) | static_cast<uint64_t>(hex_digit(c));
    return out;
}

ParseResult<uint64_t> parse_quantity_or_number(const Json& value)
{
    if (value.is_number_unsigned())
        return value.get<uint64_t>();
    if (value.is_number())
        return Unexpected{std::string("expected a non-negative integer")};
    return parse_quantity(value);
}

ParseResult<U256> parse_u256(const Json& value)
{
    auto digits = quantity_digits(value);
    if (!digits)
        return Unexpected{digits.error()};
    if (digits->size() > 64)
        return Unexpected{std::string("hex number > 256 bits")};
    U256 out;
    for (const char c : *digits)
        out = (out << 4) | U256(static_cast<uint64_t>(hex_digit(c)));
    return out;
}

ParseResult<Bytes> parse_data(const Json& value, size_t max_size)
{
    if (!value.is_string())
        return Unexpected{std::string("expected a hex data string")};
    const auto& s = value.get_ref<const std::string&>();
    if (!has_prefix(s))
        return Unexpected{std::string("hex string without 0x prefix")};
    if (s.size() % 2 != 0)
        return Unexpected{std::string("hex string of odd length")};
    if ((s.size() - 2) / 2 > max_size)
        return Unexpected{std::string("data longer than ") + std::to_string(max_size) + " bytes"};
    auto bytes = from_hex(std::string_view(s).substr(2));
    if (!bytes)
        return Unexpected{std::string("invalid hex string")};
    return std::move(*bytes);
}

ParseResult<Address> parse_address(const Json& value)
{
    auto bytes = parse_data(value, Address::size());
    if (!bytes)
        return Unexpected{bytes.error()};
    if (bytes->size() != Address::size())
        return Unexpected{std::string("hex string has length ") +
                          std::to_string(bytes->size() * 2) + ", want 40 for common.Address"};
    return blend::to_address(*bytes);
}

ParseResult<Hash> parse_hash(const Json& value)
{
    auto bytes = parse_data(value, Hash::size());
    if (!bytes)
        return Unexpected{bytes.error()};
    if (bytes->size() != Hash::size())
        return Unexpected{std::string("hex string has length ") +
                          std::to_string(bytes->size() * 2) + ", want 64 for common.Hash"};
    return blend::to_hash(*bytes);
}

ParseResult<Hash> parse_storage_key(const Json& value)
{
    if (!value.is_string())
        return Unexpected{std::string("expected a hex storage key")};
    const auto& s = value.get_ref<const std::string&>();
    if (!has_prefix(s))
        return Unexpected{std::string("hex string without 0x prefix")};
    std::string digits = s.substr(2);
    if (digits.size() > 64)
        return Unexpected{std::string("hex string too long, want at most 32 bytes")};
    // geth (internal/ethapi decodeHash) accepts an odd number of digits and left-pads.
    if (digits.size() % 2 != 0)
        digits.insert(digits.begin(), '0');
    auto bytes = from_hex(digits);
    if (!bytes)
        return Unexpected{std::string("invalid hex string")};
    Hash out;
    std::copy(bytes->begin(), bytes->end(), out.bytes.end() - static_cast<long>(bytes->size()));
    return out;
}

ParseResult<bool> parse_bool(const Json& value)
{
    if (!value.is_boolean())
        return Unexpected{std::string("expected a boolean")};
    return value.get<bool>();
}

ParseResult<BlockId> parse_block_id(const Json& value, bool allow_hash)
{
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (s == "latest")
            return BlockId::tag(BlockTag::kLatest);
        if (s == "earliest")
            return BlockId::tag(BlockTag::kEarliest);
        if (s == "pending")
            return BlockId::tag(BlockTag::kPending);
        if (s == "safe")
            return BlockId::tag(BlockTag::kSafe);
        if (s == "finalized")
            return BlockId::tag(BlockTag::kFinalized);
        // A 32-byte hex string is a block hash (geth BlockNumberOrHash.UnmarshalJSON).
        if (allow_hash && s.size() == 66) {
            auto hash = parse_hash(value);
            if (!hash)
                return Unexpected{hash.error()};
            return BlockId::hash(*hash);
        }
        auto number = parse_quantity(value);
        if (!number)
            return Unexpected{number.error()};
        return BlockId::number(*number);
    }
    if (value.is_object() && allow_hash) {
        // EIP-1898: {blockHash, requireCanonical?} or {blockNumber}.
        const auto hash = value.find("blockHash");
        const auto number = value.find("blockNumber");
        if (hash != value.end() && number != value.end())
            return Unexpected{std::string("cannot specify both blockHash and blockNumber")};
        if (hash != value.end()) {
            auto h = parse_hash(*hash);
            if (!h)
                return Unexpected{h.error()};
            bool canonical = false;
            const auto req = value.find("requireCanonical");
            if (req != value.end()) {
                if (!req->is_boolean())
                    return Unexpected{std::string("requireCanonical must be a boolean")};
                canonical = req->get<bool>();
            }
            return BlockId::hash(*h, canonical);
        }
        if (number != value.end())
            return parse_block_id(*number, false);
        return Unexpected{std::string("block object needs blockHash or blockNumber")};
    }
    return Unexpected{std::string(allow_hash ? "expected a block number, tag or hash"
                                             : "expected a block number or tag")};
}

ParseResult<CallRequest> parse_call_request(const Json& value)
{
    if (!value.is_object())
        return Unexpected{std::string("transaction call object expected")};
    CallRequest out;
    // Each failure reads "<key>: <reason>".
    auto check = [](auto parsed) -> std::optional<std::string> {
        if (!parsed)
            return parsed.error();
        return std::nullopt;
    };
    std::optional<std::string> err;
    if ((err = check(field(value, "from", &parse_address, out.from))) ||
        (err = check(field(value, "to", &parse_address, out.to))) ||
        (err = check(field(value, "gas", &parse_quantity, out.gas))) ||
        (err = check(field(value, "gasPrice", &parse_u256, out.gas_price))) ||
        (err = check(field(value, "maxFeePerGas", &parse_u256, out.max_fee_per_gas))) ||
        (err = check(
             field(value, "maxPriorityFeePerGas", &parse_u256, out.max_priority_fee_per_gas))) ||
        (err = check(field(value, "value", &parse_u256, out.value))) ||
        (err = check(field(value, "nonce", &parse_quantity, out.nonce))) ||
        (err = check(field(value, "chainId", &parse_quantity, out.chain_id))) ||
        (err = check(field(value, "accessList", &parse_access_list, out.access_list))) ||
        (err = check(
             field(value, "authorizationList", &parse_authorization_list, out.authorization_list))))
        return Unexpected{*err};
    std::optional<Bytes> input;
    std::optional<Bytes> data_field;
    if ((err = check(field(value, "input", &unbounded_data, input))) ||
        (err = check(field(value, "data", &unbounded_data, data_field))))
        return Unexpected{*err};
    if (input && data_field && *input != *data_field)
        return Unexpected{std::string(
            "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass "
            "transaction call data")};
    out.input = input ? std::move(input) : std::move(data_field);
    std::optional<uint64_t> type;
    if ((err = check(field(value, "type", &parse_quantity, type))))
        return Unexpected{*err};
    if (type) {
        if (*type > static_cast<uint64_t>(TxType::kSetCode))
            return Unexpected{std::string("transaction type not supported")};
        out.type = static_cast<TxType>(*type);
    }
    return out;
}

ParseResult<LogFilter> parse_log_filter(const Json& value)
{
    if (!value.is_object())
        return Unexpected{std::string("filter object expected")};
    LogFilter out;
    const auto hash = value.find("blockHash");
    const bool has_range = (value.contains("fromBlock") && !value["fromBlock"].is_null()) ||
                           (value.contains("toBlock") && !value["toBlock"].is_null());
    if (hash != value.end() && !hash->is_null()) {
        // EIP-234: blockHash excludes a range (geth's wording).
        if (has_range)
            return Unexpected{
                std::string("cannot specify both BlockHash and FromBlock/ToBlock, choose one or "
                            "the other")};
        auto h = parse_hash(*hash);
        if (!h)
            return Unexpected{"blockHash: " + h.error()};
        out.block_hash = *h;
    }
    for (const auto& [key, member] :
         {std::pair{"fromBlock", &out.from_block}, std::pair{"toBlock", &out.to_block}}) {
        const auto it = value.find(key);
        if (it == value.end() || it->is_null())
            continue;
        auto id = parse_block_id(*it, false);
        if (!id)
            return Unexpected{std::string(key) + ": " + id.error()};
        *member = *id;
    }
    const auto address = value.find("address");
    if (address != value.end() && !address->is_null()) {
        if (address->is_array()) {
            if (address->size() > kMaxFilterAddresses)
                return Unexpected{std::string("exceed max addresses")};
            for (const auto& a : *address) {
                auto parsed = parse_address(a);
                if (!parsed)
                    return Unexpected{"address: " + parsed.error()};
                out.addresses.push_back(*parsed);
            }
        } else {
            auto parsed = parse_address(*address);
            if (!parsed)
                return Unexpected{"address: " + parsed.error()};
            out.addresses.push_back(*parsed);
        }
    }
    const auto topics = value.find("topics");
    if (topics != value.end() && !topics->is_null()) {
        if (!topics->is_array())
            return Unexpected{std::string("topics must be an array")};
        // A log has at most four topics (LOG0..LOG4); geth refuses more positions.
        if (topics->size() > kMaxLogTopics)
            return Unexpected{std::string("exceed max topics")};
        for (const auto& position : *topics) {
            auto parsed = parse_topic_position(position);
            if (!parsed)
                return Unexpected{"topics: " + parsed.error()};
            out.topics.push_back(std::move(*parsed));
        }
    }
    return out;
}

ParseResult<Withdrawal> parse_withdrawal(const Json& value)
{
    if (!value.is_object())
        return Unexpected{std::string("withdrawal object expected")};
    for (const char* key : {"index", "validatorIndex", "address", "amount"})
        if (!value.contains(key))
            return Unexpected{std::string("withdrawal without ") + key};
    auto index = parse_quantity(value["index"]);
    auto validator = parse_quantity(value["validatorIndex"]);
    auto address = parse_address(value["address"]);
    auto amount = parse_quantity(value["amount"]);
    if (!index || !validator || !address || !amount)
        return Unexpected{std::string("invalid withdrawal field")};
    return Withdrawal{*index, *validator, *address, *amount};
}

// ---- Params ----

RpcResult<Params> Params::from(const Json& params, size_t max_count)
{
    Params out;
    if (params.is_null())
        return out;
    if (!params.is_array())
        return Unexpected{RpcError::invalid_params("non-array args")};
    if (params.size() > max_count)
        return Unexpected{RpcError::invalid_params("too many arguments, want at most " +
                                                   std::to_string(max_count))};
    out.values_ = &params;
    return out;
}

bool Params::has(size_t index) const noexcept
{
    return values_ != nullptr && index < values_->size() && !(*values_)[index].is_null();
}

const Json& Params::at(size_t index) const
{
    BLEND_ASSERT(has(index));
    return (*values_)[index];
}

RpcError Params::invalid(size_t index, const std::string& reason)
{
    return RpcError::invalid_params("invalid argument " + std::to_string(index) + ": " + reason);
}

}  // namespace blend::rpc
