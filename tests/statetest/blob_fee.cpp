// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/blob_fee.hpp"

namespace blend::statetest {

namespace {

// EIP-4844 BLOB_BASE_FEE_UPDATE_FRACTION (Cancun value).
constexpr uint64_t kBlobBaseFeeUpdateFraction = 3'338'477;
// fake_exponential's series converges long before this for any excess a fixture uses; the cap
// only bounds a hostile value.
constexpr uint64_t kMaxExponentialTerms = 1'000;

}  // namespace

U256 blob_base_fee(const U256& excess_blob_gas)
{
    // EIP-4844 fake_exponential(factor, numerator, denominator).
    const U256 denominator{kBlobBaseFeeUpdateFraction};
    U256 output;
    U256 accumulator = U256{kMinBaseFeePerBlobGas} * denominator;
    for (uint64_t i = 1; !accumulator.is_zero() && i < kMaxExponentialTerms; ++i) {
        output += accumulator;
        accumulator = (accumulator * excess_blob_gas) / (denominator * U256{i});
    }
    return output / denominator;
}

}  // namespace blend::statetest
