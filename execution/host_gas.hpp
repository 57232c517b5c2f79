// SPDX-License-Identifier: Apache-2.0
// Gas of the host functions (docs/abi.md §1, docs/execution.md §Host function gas). Charged as
// gas × kFuelPerGas fuel on top of the 10 fuel of the CallHost instruction itself.
#pragma once

#include <cstdint>

namespace blend::execution::host_gas {

/// Copies (`_read`, `_write`, `_read_output`, `_read_context`, `_forward_output`,
/// `_preimage_copy`, `_debug_log`, `_exec`'s input): the EVM's CALLDATACOPY price, 3 gas
/// (G_verylow) plus 3 per word (G_copy).
inline constexpr uint64_t kCopyBase = 3;
/// `_ecrecover`: the price of the ECRECOVER precompile (Yellow Paper App. E).
inline constexpr uint64_t kEcrecover = 3'000;
/// `_poseidon` / `_poseidon_hash`: per element of the permutation width t. Measured: t = 3 takes
/// 11.6 µs (docs/state.md); at ~1.4 ns per gas (docs/execution.md §Fuel) that is ~8000 gas, and
/// the permutation's cost grows about linearly in t for t ≤ 7.
inline constexpr uint64_t kPoseidonPerElement = 2'700;
/// `_preimage_size` / `_preimage_copy`: a code lookup by hash, priced as a cold account read
/// (EIP-2929).
inline constexpr uint64_t kPreimageLookup = 2'600;

}  // namespace blend::execution::host_gas
