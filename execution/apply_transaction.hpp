// SPDX-License-Identifier: Apache-2.0
// Applying one transaction (Prague rules) on the journaled state.
#pragma once

#include "core/result.hpp"
#include "core/types/log.hpp"
#include "core/types/transaction.hpp"
#include "execution/executor.hpp"

#include <optional>
#include <vector>

namespace blend::execution {

/// Why a transaction is refused before it touches state. to_string gives geth's wording
/// (core/error.go), which wallets and libraries match on (reference/api-surface.md §1.2).
enum class TxValidationError : uint8_t {
    kInvalidChainId = 1,      ///< EIP-155 / EIP-2930: chain id differs from the chain's
    kInvalidSender,           ///< the signature recovers no sender
    kSetCodeCreation,         ///< EIP-7702: a type-4 transaction without `to`
    kEmptyAuthorizationList,  ///< EIP-7702: a type-4 transaction without authorizations
    kTipAboveFeeCap,          ///< EIP-1559: max priority fee > max fee
    kGasLimitReached,         ///< gas limit above what the block has left
    kFeeCapTooLow,            ///< EIP-1559: max fee < base fee
    kSenderNotEoa,            ///< EIP-3607: the sender has code (a 7702 delegation is allowed)
    kNonceMax,                ///< EIP-2681: the sender's nonce is 2^64 - 1
    kNonceTooHigh,
    kNonceTooLow,
    kMaxInitCodeSize,     ///< EIP-3860 (or the Wasm size limit for Wasm init code)
    kInsufficientFunds,   ///< balance < gas × max fee + value
    kGasUintOverflow,     ///< intrinsic gas does not fit in 64 bits
    kIntrinsicGasTooLow,  ///< gas limit < intrinsic gas
    kFloorDataGas,        ///< gas limit < the EIP-7623 floor
};

[[nodiscard]] const char* to_string(TxValidationError e) noexcept;

/// What an applied transaction did (it may have failed or reverted: status false).
struct TxOutcome {
    bool success = false;
    int32_t exit_code = 0;  ///< of the root frame (docs/abi.md §6)
    uint64_t gas_used = 0;  ///< after refunds and the EIP-7623 floor
    std::vector<Log> logs;
    std::optional<Address> contract_address;  ///< creation transactions that succeeded
    Bytes output;                             ///< return or revert data
};

/// Validates `tx` from `sender` against the state and block, then applies it: buys gas, bumps
/// the nonce, processes EIP-7702 authorizations, runs the message, refunds (EIP-3529, at most
/// a fifth of the gas used), applies the EIP-7623 floor, burns the base fee and pays the tip to
/// the coinbase. A refused transaction leaves `state` exactly as it was.
[[nodiscard]] Result<TxOutcome, TxValidationError> apply_transaction(
    JournaledState& state,
    ModuleCache& modules,
    const BlockContext& block,
    const Transaction& tx,
    const Address& sender,
    uint64_t block_gas_left,
    const ExecutorLimits& limits = {});

}  // namespace blend::execution
