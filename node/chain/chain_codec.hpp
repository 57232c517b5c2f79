// SPDX-License-Identifier: Apache-2.0
#pragma once

// The chain store's record encodings and keys (docs/node.md, "DB layout"). Records are RLP, read
// back strictly; a record that does not decode is corruption (ChainError::kCorrupt).

#include "node/chain/chain_types.hpp"

#include <string_view>

namespace blend::node {

/// The column families the chain store registers with the state store (all in the block's batch).
inline constexpr std::string_view kCfHeader = "chain_header";
inline constexpr std::string_view kCfBody = "chain_body";
inline constexpr std::string_view kCfReceipts = "chain_receipts";
inline constexpr std::string_view kCfCanonical = "chain_canonical";
inline constexpr std::string_view kCfTxIndex = "chain_tx";
inline constexpr std::string_view kCfMeta = "chain_meta";

/// `chain_meta` keys.
inline constexpr std::string_view kMetaHead = "head";
inline constexpr std::string_view kMetaSafe = "safe";
inline constexpr std::string_view kMetaFinalized = "finalized";

/// A block number as the canonical index's key: 8 bytes big-endian, so keys sort by number.
[[nodiscard]] Bytes number_key(uint64_t number);

/// rlp([[tx as in a block body]...], [withdrawal...], [sender...]).
[[nodiscard]] Bytes encode_body(const StoredBlock& block);
/// Fills transactions, withdrawals and senders of `block`.
[[nodiscard]] ChainResult<void> decode_body(BytesView in, StoredBlock& block);

/// rlp([[receipt envelope, contract address or "", gas used]...]).
[[nodiscard]] Bytes encode_receipts(const StoredBlock& block);
/// Fills receipts and receipt_extras of `block`.
[[nodiscard]] ChainResult<void> decode_receipts(BytesView in, StoredBlock& block);

/// number u64 BE ‖ block hash ‖ index u32 BE (44 bytes).
[[nodiscard]] Bytes encode_tx_location(const TxLocation& location);
[[nodiscard]] ChainResult<TxLocation> decode_tx_location(BytesView in);

}  // namespace blend::node
