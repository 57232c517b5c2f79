// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/exceptions.hpp"

#include "tests/statetest/blob_fee.hpp"

#include <catch2/catch.hpp>

using namespace blend;
using namespace blend::statetest;
using E = execution::TxValidationError;

TEST_CASE("expectException names and alternatives")
{
    CHECK(exception_matches(E::kIntrinsicGasTooLow, "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    CHECK_FALSE(
        exception_matches(E::kInsufficientFunds, "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    CHECK(exception_matches(E::kInsufficientFunds,
                            "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS|"
                            "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    CHECK(exception_matches(E::kIntrinsicGasTooLow,
                            "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS|"
                            "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    CHECK(exception_matches(E::kSenderNotEoa, "TransactionException.SENDER_NOT_EOA"));
    CHECK(exception_matches(E::kNonceMax, "TransactionException.NONCE_IS_MAX"));
    CHECK_FALSE(exception_matches(E::kNonceTooLow, "TransactionException.NONCE_IS_MAX"));
    CHECK(exception_matches(Refusal{}, "TransactionException.RLP_INVALID_VALUE"));
    CHECK_FALSE(exception_matches(Refusal{}, "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    CHECK_FALSE(exception_matches(E::kIntrinsicGasTooLow, ""));
}

// EIP-4844 get_base_fee_per_blob_gas = fake_exponential(1, excess, 3338477): 1 while
// e^(excess / 3338477) < 2, i.e. up to excess ≈ 3338477 · ln 2 ≈ 2,314,058.
TEST_CASE("blob base fee from excess blob gas (EIP-4844 fake_exponential)")
{
    CHECK(blob_base_fee(U256{0}) == U256{1});
    CHECK(blob_base_fee(U256{2'314'000}) == U256{1});
    CHECK(blob_base_fee(U256{2'315'000}) == U256{2});
    // e^10 = 22026.47 (the series truncates each term, so the result may be a little lower).
    const U256 at_ten = blob_base_fee(U256{33'384'770});
    CHECK(at_ten >= U256{22'000});
    CHECK(at_ten <= U256{22'026});
}
