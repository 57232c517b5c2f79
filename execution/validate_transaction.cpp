// SPDX-License-Identifier: Apache-2.0
#include "execution/validate_transaction.hpp"

#include "execution/account_code.hpp"
#include "execution/gas.hpp"
#include "rwasm/limits.hpp"

namespace blend::execution {

const char* to_string(TxValidationError e) noexcept
{
    switch (e) {
    case TxValidationError::kInvalidChainId:
        return "invalid chain id for signer";
    case TxValidationError::kInvalidSender:
        return "invalid sender";
    case TxValidationError::kSetCodeCreation:
        return "EIP-7702 transaction cannot be used to create contract";
    case TxValidationError::kEmptyAuthorizationList:
        return "EIP-7702 transaction with empty auth list";
    case TxValidationError::kTipAboveFeeCap:
        return "max priority fee per gas higher than max fee per gas";
    case TxValidationError::kGasLimitReached:
        return "gas limit reached";
    case TxValidationError::kFeeCapTooLow:
        return "max fee per gas less than block base fee";
    case TxValidationError::kSenderNotEoa:
        return "sender not an eoa";
    case TxValidationError::kNonceMax:
        return "nonce has max value";
    case TxValidationError::kNonceTooHigh:
        return "nonce too high";
    case TxValidationError::kNonceTooLow:
        return "nonce too low";
    case TxValidationError::kMaxInitCodeSize:
        return "max initcode size exceeded";
    case TxValidationError::kInsufficientFunds:
        return "insufficient funds for gas * price + value";
    case TxValidationError::kGasUintOverflow:
        return "gas uint64 overflow";
    case TxValidationError::kIntrinsicGasTooLow:
        return "intrinsic gas too low";
    case TxValidationError::kFloorDataGas:
        return "insufficient gas for floor data gas cost";
    }
    return "invalid transaction";
}

U256 effective_gas_price(const Transaction& tx, const U256& base_fee) noexcept
{
    if (!tx.has_dynamic_fee())
        return tx.gas_price;
    const U256 with_tip = base_fee + tx.max_priority_fee_per_gas;
    return with_tip < tx.max_fee_per_gas ? with_tip : tx.max_fee_per_gas;
}

Result<IntrinsicGas, TxValidationError> validate_transaction(JournaledState& state,
                                                             const BlockContext& block,
                                                             const Transaction& tx,
                                                             const Address& sender,
                                                             uint64_t block_gas_left)
{
    using E = TxValidationError;
    // 1. Type-specific checks.
    if (tx.chain_id && *tx.chain_id != block.chain_id)
        return Unexpected{E::kInvalidChainId};
    if (tx.type == TxType::kSetCode) {
        if (!tx.to)
            return Unexpected{E::kSetCodeCreation};
        if (tx.authorization_list.empty())
            return Unexpected{E::kEmptyAuthorizationList};
    }
    // 2. Fees and the block's gas.
    if (tx.has_dynamic_fee() && tx.max_priority_fee_per_gas > tx.max_fee_per_gas)
        return Unexpected{E::kTipAboveFeeCap};
    if (tx.gas_limit > block_gas_left)
        return Unexpected{E::kGasLimitReached};
    if (tx.max_fee() < block.base_fee)
        return Unexpected{E::kFeeCapTooLow};
    // 3. The sender (EIP-3607: no code but a delegation) and its nonce.
    const Account account = state.get(sender);
    const CodePtr code = state.code(sender);
    const CodeKind kind = classify_code(*code);
    if (kind != CodeKind::kEmpty && kind != CodeKind::kDelegation)
        return Unexpected{E::kSenderNotEoa};
    if (account.nonce == ~uint64_t{0})
        return Unexpected{E::kNonceMax};
    if (tx.nonce > account.nonce)
        return Unexpected{E::kNonceTooHigh};
    if (tx.nonce < account.nonce)
        return Unexpected{E::kNonceTooLow};
    if (!tx.to) {
        const uint64_t max = route_init_code(tx.data) == InitCodeRoute::kWasm
                                 ? rwasm::kMaxWasmSize
                                 : gas::kMaxInitCodeSize;
        if (tx.data.size() > max)
            return Unexpected{E::kMaxInitCodeSize};
    }
    // 4. Funds for the whole gas limit at the fee cap, plus the value; then intrinsic gas.
    const U256 limit{tx.gas_limit};
    const U256& fee = tx.max_fee();
    if (!fee.is_zero() && limit > U256::max() / fee)
        return Unexpected{E::kInsufficientFunds};
    const U256 gas_cost = limit * fee;
    if (gas_cost + tx.value < gas_cost || account.balance < gas_cost + tx.value)
        return Unexpected{E::kInsufficientFunds};
    const auto intrinsic = intrinsic_gas(tx);
    if (!intrinsic)
        return Unexpected{E::kGasUintOverflow};
    if (tx.gas_limit < intrinsic->intrinsic)
        return Unexpected{E::kIntrinsicGasTooLow};
    if (block.fork != Fork::kCancun && tx.gas_limit < intrinsic->floor)
        return Unexpected{E::kFloorDataGas};  // EIP-7623 (Prague)
    return *intrinsic;
}

}  // namespace blend::execution
