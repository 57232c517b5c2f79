// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "execution/apply_transaction.hpp"
#include "execution/intrinsic_gas.hpp"

namespace blend::execution {

/// The checks of apply_transaction, in evmone's order (reference/api-surface.md "Validation
/// order"), without changing anything. Returns the intrinsic gas on success.
[[nodiscard]] Result<IntrinsicGas, TxValidationError> validate_transaction(
    JournaledState& state,
    const BlockContext& block,
    const Transaction& tx,
    const Address& sender,
    uint64_t block_gas_left);

/// min(max fee, base fee + max priority fee) (EIP-1559); the gas price for legacy and type 1.
[[nodiscard]] U256 effective_gas_price(const Transaction& tx, const U256& base_fee) noexcept;

}  // namespace blend::execution
