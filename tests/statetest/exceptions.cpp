// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/exceptions.hpp"

namespace blend::statetest {

namespace {

constexpr std::string_view kPrefix = "TransactionException.";

// A few refusals have two names in the fixtures, depending on which check the filler's client ran
// first; the second name is accepted as well.
std::string_view alternative_name(const Refusal& refusal) noexcept
{
    using E = execution::TxValidationError;
    if (!refusal)
        return "GASLIMIT_PRICE_PRODUCT_OVERFLOW";
    switch (*refusal) {
    case E::kGasUintOverflow:
        return "INSUFFICIENT_ACCOUNT_FUNDS";
    case E::kInsufficientFunds:
        return "GASLIMIT_PRICE_PRODUCT_OVERFLOW";
    case E::kFloorDataGas:  // EIP-7623 (Prague): the floor is a kind of intrinsic gas
        return "INTRINSIC_GAS_TOO_LOW";
    default:
        return {};
    }
}

}  // namespace

std::string_view exception_name(const Refusal& refusal) noexcept
{
    using E = execution::TxValidationError;
    if (!refusal)
        return "RLP_INVALID_VALUE";  // a field wider than the transaction format allows
    switch (*refusal) {
    case E::kInvalidChainId:
        return "INVALID_CHAINID";
    case E::kInvalidSender:
        return "INVALID_SIGNATURE_VRS";
    case E::kSetCodeCreation:
        return "TYPE_4_TX_CONTRACT_CREATION";
    case E::kEmptyAuthorizationList:
        return "TYPE_4_EMPTY_AUTHORIZATION_LIST";
    case E::kTipAboveFeeCap:
        return "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS";
    case E::kGasLimitReached:
        return "GAS_ALLOWANCE_EXCEEDED";
    case E::kFeeCapTooLow:
        return "INSUFFICIENT_MAX_FEE_PER_GAS";
    case E::kSenderNotEoa:
        return "SENDER_NOT_EOA";
    case E::kNonceMax:
        return "NONCE_IS_MAX";
    case E::kNonceTooHigh:
        return "NONCE_MISMATCH_TOO_HIGH";
    case E::kNonceTooLow:
        return "NONCE_MISMATCH_TOO_LOW";
    case E::kMaxInitCodeSize:
        return "INITCODE_SIZE_EXCEEDED";
    case E::kInsufficientFunds:
        return "INSUFFICIENT_ACCOUNT_FUNDS";
    case E::kGasUintOverflow:
        return "GASLIMIT_PRICE_PRODUCT_OVERFLOW";
    case E::kIntrinsicGasTooLow:
        return "INTRINSIC_GAS_TOO_LOW";
    case E::kFloorDataGas:
        return "INTRINSIC_GAS_BELOW_FLOOR_GAS_COST";
    }
    return "UNKNOWN";
}

bool exception_matches(const Refusal& refusal, std::string_view expected)
{
    const std::string_view ours = exception_name(refusal);
    const std::string_view other = alternative_name(refusal);
    while (!expected.empty()) {
        const size_t bar = expected.find('|');
        std::string_view one = expected.substr(0, bar);
        if (one.starts_with(kPrefix))
            one.remove_prefix(kPrefix.size());
        if (one == ours || (!other.empty() && one == other))
            return true;
        if (bar == std::string_view::npos)
            break;
        expected.remove_prefix(bar + 1);
    }
    return false;
}

}  // namespace blend::statetest
