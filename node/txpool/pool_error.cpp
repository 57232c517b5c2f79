// SPDX-License-Identifier: Apache-2.0
#include "node/txpool/pool_error.hpp"

namespace blend::txpool {

const char* to_string(PoolError e) noexcept
{
    // geth's wording, error by error: core/txpool/errors.go (ErrAlreadyKnown, ErrUnderpriced,
    // ErrReplaceUnderpriced, ErrAccountLimitExceeded, ErrGasLimit, ErrOversizedData,
    // ErrTxPoolOverflow), core/error.go (the consensus rules, shared with the STF) and
    // core/types (ErrInvalidChainId, ErrInvalidSig, ErrTxTypeNotSupported), internal/ethapi
    // (unprotected transactions).
    switch (e) {
    case PoolError::kAlreadyKnown:
        return "already known";
    case PoolError::kMalformed:
        return "rlp: invalid transaction encoding";
    case PoolError::kTxTypeNotSupported:
        return "transaction type not supported";
    case PoolError::kOversizedData:
        return "oversized data";
    case PoolError::kInvalidChainId:
        return "invalid chain id for signer";
    case PoolError::kUnprotected:
        return "only replay-protected (EIP-155) transactions allowed over RPC";
    case PoolError::kInvalidSender:
        return "invalid sender";
    case PoolError::kMaxInitCodeSize:
        return "max initcode size exceeded";
    case PoolError::kGasLimitExceeded:
        return "exceeds block gas limit";
    case PoolError::kTipAboveFeeCap:
        return "max priority fee per gas higher than max fee per gas";
    case PoolError::kGasUintOverflow:
        return "gas uint64 overflow";
    case PoolError::kIntrinsicGasTooLow:
        return "intrinsic gas too low";
    case PoolError::kFloorDataGas:
        return "insufficient gas for floor data gas cost";
    case PoolError::kFeeCapTooLow:
        return "max fee per gas less than block base fee";
    case PoolError::kUnderpriced:
        return "transaction underpriced";
    case PoolError::kSenderNotEoa:
        return "sender not an eoa";
    case PoolError::kNonceMax:
        return "nonce has max value";
    case PoolError::kNonceTooLow:
        return "nonce too low";
    case PoolError::kNonceTooHigh:
        return "nonce too high";
    case PoolError::kInsufficientFunds:
        return "insufficient funds for gas * price + value";
    case PoolError::kReplaceUnderpriced:
        return "replacement transaction underpriced";
    case PoolError::kAccountLimit:
        return "account limit exceeded";
    case PoolError::kTxPoolFull:
        return "txpool is full";
    }
    return "invalid transaction";
}

PoolError pool_error_from(TxError e) noexcept
{
    switch (e) {
    case TxError::kUnknownType:
    case TxError::kBlobTransactionNotSupported:
        return PoolError::kTxTypeNotSupported;
    case TxError::kInvalidV:
    case TxError::kInvalidYParity:
    case TxError::kInvalidSignatureValues:
    case TxError::kHighS:
    case TxError::kSignatureRecoveryFailed:
    case TxError::kInvalidPrivateKey:
        return PoolError::kInvalidSender;
    default:
        return PoolError::kMalformed;
    }
}

PoolError pool_error_from(execution::TxValidationError e) noexcept
{
    using V = execution::TxValidationError;
    switch (e) {
    case V::kInvalidChainId:
        return PoolError::kInvalidChainId;
    case V::kInvalidSender:
        return PoolError::kInvalidSender;
    case V::kSetCodeCreation:
    case V::kEmptyAuthorizationList:
        return PoolError::kMalformed;
    case V::kTipAboveFeeCap:
        return PoolError::kTipAboveFeeCap;
    case V::kGasLimitReached:
        return PoolError::kGasLimitExceeded;
    case V::kFeeCapTooLow:
        return PoolError::kFeeCapTooLow;
    case V::kSenderNotEoa:
        return PoolError::kSenderNotEoa;
    case V::kNonceMax:
        return PoolError::kNonceMax;
    case V::kNonceTooHigh:
        return PoolError::kNonceTooHigh;
    case V::kNonceTooLow:
        return PoolError::kNonceTooLow;
    case V::kMaxInitCodeSize:
        return PoolError::kMaxInitCodeSize;
    case V::kInsufficientFunds:
        return PoolError::kInsufficientFunds;
    case V::kGasUintOverflow:
        return PoolError::kGasUintOverflow;
    case V::kIntrinsicGasTooLow:
        return PoolError::kIntrinsicGasTooLow;
    case V::kFloorDataGas:
        return PoolError::kFloorDataGas;
    }
    return PoolError::kMalformed;
}

}  // namespace blend::txpool
