// SPDX-License-Identifier: Apache-2.0
// ExecutionPayload V1–V3 ⇄ core header and transactions, and the checks on a payload that need
// no chain (execution-apis src/engine/{paris,shanghai,cancun,prague}.md; api-surface §2.2–2.3).
#pragma once

#include "rpc/backend.hpp"
#include "rpc/codec.hpp"

#include <optional>
#include <string>
#include <vector>

namespace blend::rpc {

/// ExecutionPayloadV1..V3 as received, fields checked for type and size only.
struct ExecutionPayload {
    Hash parent_hash;
    Address fee_recipient;
    Hash state_root;
    Hash receipts_root;
    Bloom logs_bloom;
    Hash prev_randao;
    uint64_t block_number = 0;
    uint64_t gas_limit = 0;
    uint64_t gas_used = 0;
    uint64_t timestamp = 0;
    Bytes extra_data;  ///< at most kMaxExtraDataSize (Yellow Paper §4.3.4)
    U256 base_fee_per_gas;
    Hash block_hash;
    std::vector<Bytes> transactions;
    std::optional<std::vector<Withdrawal>> withdrawals;  ///< V2+
    std::optional<uint64_t> blob_gas_used;               ///< V3+
    std::optional<uint64_t> excess_blob_gas;             ///< V3+
};

/// Which payload shape a JSON object is: V1 (no withdrawals), V2 (+ withdrawals), V3 (+ blob
/// fields). The reason is for -32602.
[[nodiscard]] ParseResult<ExecutionPayload> parse_execution_payload(const Json& value);
/// The payload's shape version: 1, 2 or 3.
[[nodiscard]] int payload_shape(const ExecutionPayload& payload) noexcept;

/// V4 executionRequests: each `type ‖ data` with data non-empty, types strictly ascending
/// (EIP-7685; execution-apis prague.md). The reason is for -32602.
[[nodiscard]] ParseResult<std::vector<Bytes>> parse_execution_requests(const Json& value);

/// The header the payload describes: the Engine fields, the post-merge constants (ommers hash
/// of no ommers, difficulty 0, nonce 0 — EIP-3675), transactionsRoot over the envelopes,
/// withdrawalsRoot when there are withdrawals, `parent_beacon_block_root` (V3+) and the
/// requests hash (V4, EIP-7685).
[[nodiscard]] Header payload_header(const ExecutionPayload& payload,
                                    const std::optional<Hash>& parent_beacon_block_root,
                                    const std::optional<std::vector<Bytes>>& execution_requests);

/// The pure newPayload checks of api-surface §2.3, in order: no empty transaction, every
/// transaction decodes, blockHash == keccak(rlp(header)), the blob versioned hashes match
/// `expected_blob_hashes` (V3+). A failure is a PayloadStatus (not a JSON-RPC error); success
/// is the NewPayload the backend gets.
using PayloadCheck = std::variant<NewPayload, PayloadStatus>;
[[nodiscard]] PayloadCheck check_payload(
    EngineVersion version,
    const ExecutionPayload& payload,
    const std::optional<std::vector<Hash>>& expected_blob_hashes,
    const std::optional<Hash>& parent_beacon_block_root,
    const std::optional<std::vector<Bytes>>& execution_requests);

/// ExecutionPayloadV1/V2/V3 JSON of a built payload: `shape` 1, 2 or 3 picks the key set.
[[nodiscard]] Json payload_to_json(const BuiltPayload& payload, int shape);

[[nodiscard]] Json to_json(const PayloadStatus& status);

}  // namespace blend::rpc
