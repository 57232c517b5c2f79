// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/types/transaction.hpp"

#include <cstdint>
#include <optional>

namespace blend::execution {

struct IntrinsicGas {
    /// Charged before execution: 21000 or 53000 (create), calldata (EIP-2028), access list
    /// (EIP-2930), init code words (EIP-3860), authorizations (EIP-7702).
    uint64_t intrinsic = 0;
    /// EIP-7623: the least a transaction pays in the end, 21000 + 10 per calldata token.
    uint64_t floor = 0;
};

/// Calldata tokens of EIP-7623: zero bytes count 1, other bytes 4.
[[nodiscard]] uint64_t calldata_tokens(BytesView data) noexcept;

/// The intrinsic gas and the floor of `tx`; nullopt if either overflows 64 bits.
[[nodiscard]] std::optional<IntrinsicGas> intrinsic_gas(const Transaction& tx) noexcept;

}  // namespace blend::execution
