// SPDX-License-Identifier: Apache-2.0
#pragma once

// The chain store's value types (docs/node.md "Chain store"): a block as the node keeps it, where
// a transaction sits, and the store's errors.

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/types/header.hpp"
#include "core/types/receipt.hpp"
#include "core/types/transaction.hpp"
#include "core/types/withdrawal.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace blend::node {

enum class ChainError : uint8_t {
    kState = 1,        ///< the state store failed (ChainStore::last_error says why)
    kCorrupt,          ///< a stored record does not decode or a referenced record is missing
    kNotInitialized,   ///< no genesis has been committed
    kGenesisMismatch,  ///< the datadir holds another chain than the genesis given
    kUnknownBlock,     ///< no block with this hash or number
    kUnknownParent,    ///< a block whose parent the store does not know
    kWrongNumber,      ///< a block whose number is not its parent's + 1
    kDuplicateBlock,   ///< a block hash inserted twice
    kReorgTooDeep,     ///< fork choice onto a chain that leaves the persisted canonical chain
    kBadHeader,        ///< the header does not encode (a field gap, extra data too long)
    kMismatch,         ///< senders / receipts / outcomes not one per transaction
};

[[nodiscard]] const char* to_string(ChainError e) noexcept;

template <typename T>
using ChainResult = Result<T, ChainError>;

/// What a receipt needs beyond its consensus encoding to answer eth_getTransactionReceipt without
/// re-executing: the created contract (Yellow Paper §7: only known after execution) and the gas
/// the transaction used (also derivable from cumulative gas, kept for clarity).
struct ReceiptExtra {
    std::optional<Address> contract_address;
    uint64_t gas_used = 0;

    friend bool operator==(const ReceiptExtra&, const ReceiptExtra&) = default;
};

/// A sealed block with everything the node serves about it. `senders[i]` is the recovered sender
/// of `transactions[i]` (kept so that RPC reads never recover signatures again).
struct StoredBlock {
    Header header;
    Hash hash;
    std::vector<Transaction> transactions;
    std::vector<Address> senders;
    std::vector<Withdrawal> withdrawals;
    std::vector<Receipt> receipts;
    std::vector<ReceiptExtra> receipt_extras;
};

/// Where a transaction is: its block and position.
struct TxLocation {
    uint64_t block_number = 0;
    Hash block_hash;
    uint32_t index = 0;

    friend bool operator==(const TxLocation&, const TxLocation&) = default;
};

}  // namespace blend::node
