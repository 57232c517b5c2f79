// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/types/header.hpp"
#include "core/u256.hpp"

namespace blend::node {

/// EIP-1559 BASE_FEE_MAX_CHANGE_DENOMINATOR: the base fee moves at most 1/8 per block.
inline constexpr uint64_t kBaseFeeMaxChangeDenominator = 8;
/// EIP-1559 ELASTICITY_MULTIPLIER: the gas target is half the gas limit.
inline constexpr uint64_t kElasticityMultiplier = 2;

/// The base fee of the child of `parent` (EIP-1559 "Specification"). A parent without a base
/// fee cannot occur here (every Blend chain is London from genesis); it yields
/// genesis::kDefaultBaseFee's value, INITIAL_BASE_FEE.
[[nodiscard]] U256 next_base_fee(const Header& parent);

}  // namespace blend::node
