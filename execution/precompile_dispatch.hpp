// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "execution/executor.hpp"
#include "execution/precompiles/precompiles.hpp"

namespace blend::execution {

/// Under Prague, the precompile range 0x01–0x11 (EIP-2537 ends at 0x11) and P256VERIFY at 0x100
/// (RIP-7212 / EIP-7951); under Cancun, 0x01–0x0a (EIP-4844 added 0x0a). Warm in every
/// transaction (EIP-2929) and never run as code.
[[nodiscard]] bool is_precompile_address(const Address& address,
                                         Fork fork = Fork::kPrague) noexcept;

/// All precompile addresses of `fork`, for pre-warming.
[[nodiscard]] std::span<const uint16_t> precompile_addresses(Fork fork = Fork::kPrague) noexcept;

/// Runs a precompile with `gas`: success → exit 0 and its output; failure or out-of-gas →
/// PrecompileError with all `gas` consumed and no output (precompiles.hpp).
[[nodiscard]] MessageResult run_precompile(const precompiles::Precompile& precompile,
                                           BytesView input,
                                           uint64_t gas);

}  // namespace blend::execution
