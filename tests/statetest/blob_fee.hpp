// SPDX-License-Identifier: Apache-2.0
// The EIP-4844 blob base fee, which a skip rule compares with Blend's constant BLOBBASEFEE.
#pragma once

#include "core/u256.hpp"

#include <cstdint>

namespace blend::statetest {

/// EIP-4844 MIN_BASE_FEE_PER_BLOB_GAS: the blob base fee with no excess blob gas, and what
/// BLOBBASEFEE always reads on Blend (no blobs).
inline constexpr uint64_t kMinBaseFeePerBlobGas = 1;

/// The EIP-4844 blob base fee for `excess_blob_gas`:
/// fake_exponential(MIN_BASE_FEE_PER_BLOB_GAS, excess, BLOB_BASE_FEE_UPDATE_FRACTION).
[[nodiscard]] U256 blob_base_fee(const U256& excess_blob_gas);

}  // namespace blend::statetest
