// SPDX-License-Identifier: Apache-2.0
// Transaction receipts as they are stored in the receipts trie (Yellow Paper §4.3.1, EIP-658
// status, EIP-2718 typed envelopes).
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/types/log.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace blend {

/// The highest receipt type this decoder knows: 0x01 EIP-2930, 0x02 EIP-1559, 0x03 EIP-4844,
/// 0x04 EIP-7702. Type 0 (legacy) has no type byte (EIP-2718).
inline constexpr uint8_t kMaxReceiptType = 0x04;

/// A post-Byzantium receipt. `type` is the transaction type: 0 for legacy, which is encoded
/// as a bare RLP list; any other as `type ‖ rlp(list)` (EIP-2718).
struct Receipt {
    uint8_t type = 0;
    /// EIP-658: 1 for success, 0 for failure (replaces the intermediate state root).
    bool status = false;
    uint64_t cumulative_gas_used = 0;
    Bloom logs_bloom;
    std::vector<Log> logs;

    friend bool operator==(const Receipt&, const Receipt&) = default;
};

enum class ReceiptError : uint8_t {
    kEmptyInput = 1,    ///< no bytes at all
    kUnsupportedType,   ///< a first byte that is neither a known type (1..4) nor a list
    kMalformedRlp,      ///< truncated input or non-canonical RLP lengths
    kTrailingBytes,     ///< bytes after the receipt, or after the last field of a list
    kUnexpectedList,    ///< a list where a string field belongs
    kUnexpectedString,  ///< a string where a list belongs (receipt, logs, log, topics)
    kWrongFieldCount,   ///< a receipt without 4 fields or a log without 3
    kInvalidStatus,     ///< status neither empty (0) nor 0x01 (1): e.g. a pre-Byzantium root
    kLeadingZero,       ///< cumulative gas with leading zero bytes
    kOverflow,          ///< cumulative gas wider than 64 bits
    kWrongLength,       ///< a bloom, address or topic of the wrong size
    kTooManyTopics,     ///< a log with more than kMaxLogTopics topics
    kBloomMismatch,     ///< the bloom is not the bloom of the receipt's logs
};

[[nodiscard]] const char* to_string(ReceiptError e) noexcept;

/// Appends the receipt as it appears as a value in the receipts trie:
/// legacy `rlp([status, cumulativeGasUsed, logsBloom, logs])`, typed `type ‖ rlp([...])`.
/// The bloom is written as stored in the receipt; see with_computed_bloom().
void encode_receipt(Bytes& out, const Receipt& receipt);
[[nodiscard]] Bytes encode_receipt(const Receipt& receipt);

/// Decodes exactly one receipt envelope, rejecting any non-canonical or inconsistent input
/// (including a bloom that does not match the logs).
[[nodiscard]] Result<Receipt, ReceiptError> decode_receipt(BytesView encoded);

/// Sets `receipt.logs_bloom` to the bloom of its logs and returns it.
[[nodiscard]] Receipt with_computed_bloom(Receipt receipt);

/// The receiptsRoot: the ordered trie root over the receipts' encodings.
[[nodiscard]] Hash receipts_root(std::span<const Receipt> receipts);

/// A block's logsBloom: the OR of its receipts' blooms.
[[nodiscard]] Bloom block_logs_bloom(std::span<const Receipt> receipts);

}  // namespace blend
