// SPDX-License-Identifier: Apache-2.0
// Why the transaction pool refuses a transaction. The messages are geth's (core/txpool/errors.go,
// core/error.go, core/types/transaction_signing.go): wallets and libraries match on them
// (reference/api-surface.md §1.2), so to_string must keep the exact wording.
#pragma once

#include "core/types/transaction.hpp"
#include "execution/apply_transaction.hpp"

#include <cstdint>

namespace blend::txpool {

enum class PoolError : uint8_t {
    kAlreadyKnown = 1,    ///< a transaction with this hash is already in the pool
    kMalformed,           ///< the raw bytes are not a canonical EIP-2718 transaction
    kTxTypeNotSupported,  ///< EIP-4844 type 3 (no blobs on this chain) or an unknown type
    kOversizedData,       ///< encoded size above PoolConfig::max_tx_size (geth txMaxSize)
    kInvalidChainId,      ///< EIP-155 / EIP-2930 chain id differs from the chain's
    kUnprotected,         ///< a pre-EIP-155 legacy transaction, refused unless allowed
    kInvalidSender,       ///< the signature recovers no sender (or breaks EIP-2 low-s)
    kMaxInitCodeSize,     ///< EIP-3860 (or the Wasm size limit for Wasm init code)
    kGasLimitExceeded,    ///< gas limit above the head block's gas limit
    kTipAboveFeeCap,      ///< EIP-1559: max priority fee > max fee
    kGasUintOverflow,     ///< intrinsic gas does not fit in 64 bits
    kIntrinsicGasTooLow,  ///< gas limit < intrinsic gas
    kFloorDataGas,        ///< gas limit < the EIP-7623 floor
    kFeeCapTooLow,        ///< max fee < the next block's base fee (EIP-1559)
    kUnderpriced,         ///< tip below the pool's minimum, or cheaper than all when full
    kSenderNotEoa,        ///< EIP-3607: the sender has code (a 7702 delegation is allowed)
    kNonceMax,            ///< EIP-2681: the sender's nonce is 2^64 - 1
    kNonceTooLow,         ///< nonce below the sender's nonce at the head
    kNonceTooHigh,        ///< the STF's refusal of a future nonce (the pool queues them)
    kInsufficientFunds,   ///< balance < Σ gas × max fee + value of the sender's transactions
    kReplaceUnderpriced,  ///< same sender and nonce without the price bump on both caps
    kAccountLimit,        ///< the sender's transactions would reach beyond account_slots nonces
    kTxPoolFull,          ///< no room, and nothing cheaper that may be evicted
};

[[nodiscard]] const char* to_string(PoolError e) noexcept;

/// The pool's error for a decoding or signature failure.
[[nodiscard]] PoolError pool_error_from(TxError e) noexcept;
/// The pool's error for a refusal of the STF's validation (same rules, same wording).
[[nodiscard]] PoolError pool_error_from(execution::TxValidationError e) noexcept;

}  // namespace blend::txpool
