// SPDX-License-Identifier: Apache-2.0
#include "node/builder/base_fee.hpp"

#include "genesis/genesis.hpp"

namespace blend::node {

U256 next_base_fee(const Header& parent)
{
    if (!parent.base_fee_per_gas)
        return U256{genesis::kDefaultBaseFee};
    const U256& base = *parent.base_fee_per_gas;
    const uint64_t target = parent.gas_limit / kElasticityMultiplier;
    if (target == 0 || parent.gas_used == target)
        return base;
    const U256 denominator{kBaseFeeMaxChangeDenominator};
    if (parent.gas_used > target) {
        const U256 delta = base * U256{parent.gas_used - target} / U256{target} / denominator;
        // The increase is at least 1 wei, so a fully used block always raises the fee.
        return base + (delta.is_zero() ? U256{1} : delta);
    }
    const U256 delta = base * U256{target - parent.gas_used} / U256{target} / denominator;
    return base - delta;
}

}  // namespace blend::node
