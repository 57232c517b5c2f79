// SPDX-License-Identifier: Apache-2.0
// Gas constants of the Prague schedule the STF charges, each with the rule it comes from, and
// the gas↔fuel conversion (docs/execution.md §Fuel).
#pragma once

#include <cstdint>

namespace blend::execution {

/// Fuel per unit of gas: a frame with g gas runs with g × kFuelPerGas fuel, and uses
/// ceil(fuel / kFuelPerGas) gas. Chosen from the measured time per fuel unit of our interpreter
/// against the time an EVM spends per gas (docs/execution.md §Fuel has the measurement).
inline constexpr uint64_t kFuelPerGas = 4;

[[nodiscard]] constexpr uint64_t gas_to_fuel(uint64_t gas) noexcept
{
    return gas > ~uint64_t{0} / kFuelPerGas ? ~uint64_t{0} : gas * kFuelPerGas;
}
[[nodiscard]] constexpr uint64_t fuel_to_gas(uint64_t fuel) noexcept
{
    return fuel / kFuelPerGas + (fuel % kFuelPerGas != 0 ? 1 : 0);
}

namespace gas {
// Transactions (Yellow Paper App. G; EIP-2028; EIP-2930; EIP-3860; EIP-7623; EIP-7702).
inline constexpr uint64_t kTx = 21'000;
inline constexpr uint64_t kTxCreate = 53'000;  ///< 21000 + 32000 (EIP-2)
inline constexpr uint64_t kTxDataZero = 4;
inline constexpr uint64_t kTxDataNonZero = 16;            ///< EIP-2028
inline constexpr uint64_t kTokensPerNonZeroByte = 4;      ///< EIP-7623
inline constexpr uint64_t kTotalCostFloorPerToken = 10;   ///< EIP-7623
inline constexpr uint64_t kAccessListAddress = 2'400;     ///< EIP-2930
inline constexpr uint64_t kAccessListStorageKey = 1'900;  ///< EIP-2930
inline constexpr uint64_t kInitCodeWord = 2;              ///< EIP-3860
inline constexpr uint64_t kPerEmptyAccount = 25'000;      ///< EIP-7702 PER_EMPTY_ACCOUNT_COST
inline constexpr uint64_t kPerAuthBase = 12'500;          ///< EIP-7702 PER_AUTH_BASE_COST
inline constexpr uint64_t kMaxRefundQuotient = 5;         ///< EIP-3529
inline constexpr uint64_t kMaxInitCodeSize = 49'152;      ///< EIP-3860 (2 × EIP-170's 24576)

// State access (EIP-2929, EIP-2200, EIP-3529, EIP-1153, EIP-1884).
inline constexpr uint64_t kColdSload = 2'100;
inline constexpr uint64_t kColdAccountAccess = 2'600;
inline constexpr uint64_t kWarmAccess = 100;
inline constexpr uint64_t kSstoreSet = 20'000;
inline constexpr uint64_t kSstoreReset = 5'000 - kColdSload;  ///< 2900 (EIP-2929)
inline constexpr uint64_t kSstoreClearsRefund = 4'800;        ///< EIP-3529
inline constexpr uint64_t kSstoreStipend = 2'300;             ///< EIP-2200: fails at or below
inline constexpr uint64_t kTransient = 100;                   ///< EIP-1153
inline constexpr uint64_t kSelfBalance = 5;                   ///< EIP-1884
inline constexpr uint64_t kBlockHash = 20;

// Calls and creates (Yellow Paper App. G, EIP-150, EIP-1014, EIP-3860, EIP-6780).
inline constexpr uint64_t kCallValue = 9'000;
inline constexpr uint64_t kCallStipend = 2'300;
inline constexpr uint64_t kNewAccount = 25'000;
inline constexpr uint64_t kCreate = 32'000;
inline constexpr uint64_t kKeccakWord = 6;
inline constexpr uint64_t kKeccak = 30;
inline constexpr uint64_t kSelfDestruct = 5'000;
inline constexpr uint64_t kLog = 375;
inline constexpr uint64_t kLogTopic = 375;
inline constexpr uint64_t kLogData = 8;
inline constexpr uint64_t kCopyWord = 3;           ///< G_copy
inline constexpr uint64_t kMetadataWrite = 5'000;  ///< ours: an SSTORE reset for the code slot
/// EIP-150: a call passes at most all but one 64th of the gas left.
inline constexpr uint64_t kCallGasFraction = 64;
/// Block hashes BLOCK_HASH serves (Yellow Paper: the last 256).
inline constexpr uint64_t kBlockHashWindow = 256;

[[nodiscard]] constexpr uint64_t words(uint64_t bytes) noexcept
{
    return bytes / 32 + (bytes % 32 != 0 ? 1 : 0);
}
}  // namespace gas

/// Gas per byte of Wasm init code, charged before the Wasm→rWasm compiler runs: our compiler
/// takes ~? ns per input byte (docs/execution.md §Deploy); fluent charges 50 (fluent.md §2.9).
inline constexpr uint64_t kWasmDeployGasPerByte = 50;

}  // namespace blend::execution
