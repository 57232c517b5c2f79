// SPDX-License-Identifier: Apache-2.0
// The JSON codec: core objects → the exact shapes of api-surface §1.1, and strict parsing of
// parameters (api-surface §0 wire conventions). Parsers return a short reason; Params turns it
// into -32602 "invalid argument <i>: <reason>" as geth words it.
//
// nlohmann/json throws on type errors; every parser here checks the type before it reads, so
// nothing throws out of this file except std::bad_alloc.
#pragma once

#include "core/bytes.hpp"
#include "core/freestanding/u256.hpp"
#include "core/result.hpp"
#include "rpc/backend.hpp"
#include "rpc/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace blend::rpc {

using Json = nlohmann::json;

/// A parse failure's reason, e.g. "hex string without 0x prefix".
template <typename T>
using ParseResult = Result<T, std::string>;

// ---- Encoding (api-surface §0: QUANTITY minimal lower-case hex, DATA even lower-case hex) ----

[[nodiscard]] std::string quantity(uint64_t value);
[[nodiscard]] std::string quantity(const U256& value);
[[nodiscard]] std::string hex_data(BytesView bytes);
template <size_t N>
[[nodiscard]] std::string hex_data(const FixedBytes<N>& bytes)
{
    return hex_data(bytes.view());
}

/// Block (Prague): every header field present in `block.header`, `transactions` as hashes or
/// (full) as TransactionInfo objects, `uncles` [], `size`, `withdrawals` when present.
[[nodiscard]] Json to_json(const Block& block, bool full_transactions);
/// The header part of a block (also the `newHeads` subscription payload).
[[nodiscard]] Json header_to_json(const Header& header, const Hash& hash);
[[nodiscard]] Json to_json(const TransactionInfo& info);
[[nodiscard]] Json to_json(const ReceiptInfo& info);
[[nodiscard]] Json to_json(const LogInfo& log);
[[nodiscard]] Json to_json(const FeeHistory& history);
[[nodiscard]] Json to_json(const AccountProof& proof);
[[nodiscard]] Json to_json(const CallFrame& frame);
[[nodiscard]] Json to_json(const Withdrawal& withdrawal);
/// {code, message, data?}: data is the revert bytes (code 3), {"err": detail} (-32000 with a
/// detail), or null for the Engine codes (api-surface §2.4 "every error except -32000 carries
/// data: null").
[[nodiscard]] Json to_json(const RpcError& error);

// ---- Parsing (each takes one JSON value and checks its type first) ----

/// QUANTITY into 64 bits: "0x" prefix, at least one digit, no leading zeros, either case.
[[nodiscard]] ParseResult<uint64_t> parse_quantity(const Json& value);
/// QUANTITY, or a non-negative JSON integer (eth_feeHistory's blockCount, api-surface §1).
[[nodiscard]] ParseResult<uint64_t> parse_quantity_or_number(const Json& value);
[[nodiscard]] ParseResult<U256> parse_u256(const Json& value);
/// DATA: "0x" and an even number of hex digits, at most `max_size` bytes.
[[nodiscard]] ParseResult<Bytes> parse_data(const Json& value, size_t max_size);
[[nodiscard]] ParseResult<Address> parse_address(const Json& value);
[[nodiscard]] ParseResult<Hash> parse_hash(const Json& value);
/// A storage key of at most 32 bytes, left-padded to 32 (geth accepts short keys).
[[nodiscard]] ParseResult<Hash> parse_storage_key(const Json& value);
/// BlockNumberOrTag, or with `allow_hash` BlockNumberOrTagOrHash incl. the EIP-1898 object.
[[nodiscard]] ParseResult<BlockId> parse_block_id(const Json& value, bool allow_hash);
[[nodiscard]] ParseResult<CallRequest> parse_call_request(const Json& value);
/// Filter: {fromBlock?, toBlock?, address?, topics?} or {blockHash, address?, topics?}.
[[nodiscard]] ParseResult<LogFilter> parse_log_filter(const Json& value);
[[nodiscard]] ParseResult<bool> parse_bool(const Json& value);
[[nodiscard]] ParseResult<Withdrawal> parse_withdrawal(const Json& value);

/// The positional parameters of one call. JSON-RPC allows `params` to be absent; geth also
/// refuses by-name (object) params, and so do we.
class Params {
public:
    /// `params` is the request member (null when absent); more than `max_count` is an error
    /// ("too many arguments, want at most N").
    [[nodiscard]] static RpcResult<Params> from(const Json& params, size_t max_count);

    [[nodiscard]] size_t size() const noexcept { return values_ ? values_->size() : 0; }
    /// Present and not null (null means absent, execution-apis).
    [[nodiscard]] bool has(size_t index) const noexcept;
    [[nodiscard]] const Json& at(size_t index) const;

    /// Parses parameter `index` with `parse`; absent → "missing value for required argument i".
    template <typename Parse>
    [[nodiscard]] auto required(size_t index, Parse&& parse) const
        -> RpcResult<typename decltype(parse(std::declval<const Json&>()))::value_type>
    {
        if (!has(index))
            return Unexpected{RpcError::invalid_params("missing value for required argument " +
                                                       std::to_string(index))};
        auto parsed = parse(at(index));
        if (!parsed)
            return Unexpected{invalid(index, parsed.error())};
        return std::move(*parsed);
    }

    /// Parses parameter `index` if present.
    template <typename Parse>
    [[nodiscard]] auto optional(size_t index, Parse&& parse) const -> RpcResult<
        std::optional<typename decltype(parse(std::declval<const Json&>()))::value_type>>
    {
        using T = typename decltype(parse(std::declval<const Json&>()))::value_type;
        if (!has(index))
            return std::optional<T>{};
        auto parsed = parse(at(index));
        if (!parsed)
            return Unexpected{invalid(index, parsed.error())};
        return std::optional<T>{std::move(*parsed)};
    }

    /// -32602 "invalid argument <index>: <reason>".
    [[nodiscard]] static RpcError invalid(size_t index, const std::string& reason);

private:
    const Json* values_ = nullptr;
};

}  // namespace blend::rpc
