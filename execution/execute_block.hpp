// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "core/types/receipt.hpp"
#include "core/types/transaction.hpp"
#include "core/types/withdrawal.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/state.hpp"

#include <optional>
#include <span>
#include <vector>

namespace blend::execution {

/// A block's inputs beyond its transactions.
struct BlockInput {
    BlockContext context;
    std::vector<Transaction> transactions;
    std::vector<Withdrawal> withdrawals;
    std::optional<Hash> parent_beacon_block_root;  ///< EIP-4788
    Hash parent_hash;                              ///< EIP-2935
};

struct ExecutedBlock {
    std::vector<Receipt> receipts;
    std::vector<TxOutcome> outcomes;
    uint64_t gas_used = 0;
    Hash transactions_root;
    Hash receipts_root;
    Hash withdrawals_root;
    Bloom logs_bloom;
    StateDiff diff;  ///< the write set, for the state store (→ state root)
};

/// Why a block is invalid: transaction `index` was refused.
struct BlockError {
    size_t index = 0;
    TxValidationError error = TxValidationError::kInvalidSender;
};

/// Applies the block's transactions in order on `state`, then its withdrawals (EIP-4895), and
/// returns receipts, roots, gas used and the write set. Deterministic: the same inputs give the
/// same outputs on every machine. `state` is not modified; the caller applies `diff`.
[[nodiscard]] Result<ExecutedBlock, BlockError> execute_block(const StateReader& state,
                                                              ModuleCache& modules,
                                                              const BlockInput& block,
                                                              const ExecutorLimits& limits = {});

// ---- Block-start system calls: EIP-4788 (Cancun) and EIP-2935 (Prague) -------------------------

/// EIP-4788 / EIP-2935 SYSTEM_ADDRESS: the caller of the block-start system calls. No key
/// signs for it; the contracts store only when CALLER is this address.
inline constexpr Address kSystemAddress{
    {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}}};
/// EIP-4788 BEACON_ROOTS_ADDRESS 0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02 (the CREATE address
/// of the EIP's keyless deployment transaction).
inline constexpr Address kBeaconRootsAddress{
    {{0x00, 0x0f, 0x3d, 0xf6, 0xd7, 0x32, 0x80, 0x7e, 0xf1, 0x31,
      0x9f, 0xb7, 0xb8, 0xbb, 0x85, 0x22, 0xd0, 0xbe, 0xac, 0x02}}};
/// EIP-2935 HISTORY_STORAGE_ADDRESS 0x0000F90827F1C53a10cb7A02335B175320002935 (likewise).
inline constexpr Address kHistoryStorageAddress{
    {{0x00, 0x00, 0xf9, 0x08, 0x27, 0xf1, 0xc5, 0x3a, 0x10, 0xcb,
      0x7a, 0x02, 0x33, 0x5b, 0x17, 0x53, 0x20, 0x00, 0x29, 0x35}}};
/// EIP-4788 / EIP-2935 "Block processing": each system call runs with a gas limit of 30,000,000,
/// outside the block's gas, with no fee and no value.
inline constexpr uint64_t kSystemCallGas = 30'000'000;
/// EIP-4788 HISTORY_BUFFER_LENGTH: the beacon-roots ring buffer (timestamps at t % 8191, roots at
/// t % 8191 + 8191).
inline constexpr uint64_t kBeaconRootsBufferLength = 8191;
/// EIP-2935 HISTORY_SERVE_WINDOW: the history contract keeps block n's hash at slot n % 8191 and
/// serves [number - 8191, number - 1]. BLOCKHASH keeps its 256-block window (EIP-2935 "EVM
/// Changes").
inline constexpr uint64_t kHistoryServeWindow = 8191;

/// The deployed EVM bytecode of the EIP-4788 beacon-roots contract (EIP-4788 "Bytecode"; the
/// runtime part of the input of its deployment transaction, after the 9-byte constructor).
[[nodiscard]] BytesView beacon_roots_code() noexcept;
/// The deployed EVM bytecode of the EIP-2935 history contract (EIP-2935 "Bytecode", likewise).
[[nodiscard]] BytesView history_storage_code() noexcept;

/// What apply_block_start_system_calls did.
struct SystemCallsOutcome {
    /// Exit code of each call made (docs/abi.md §6); nullopt = not made (fork, no code, no root).
    std::optional<int32_t> beacon_root;
    std::optional<int32_t> history;
};

/// The system calls at the start of a block, before its transactions: EIP-4788 (Cancun and
/// Prague; input parent_beacon_block_root, skipped when the block has none) then EIP-2935
/// (Prague; input parent_hash). Each is a call from kSystemAddress with kSystemCallGas gas and
/// zero value that is not charged to anyone, does not count against the block's gas, bumps no
/// nonce and is skipped silently when the contract has no code ("the call must fail silently").
/// Each ends like a transaction (state.finish_transaction): its warm sets do not carry into the
/// block (EIP-2935 "Gas costs": the system call does not warm the contract for later callers).
SystemCallsOutcome apply_block_start_system_calls(JournaledState& state,
                                                  ModuleCache& modules,
                                                  const BlockInput& block,
                                                  const ExecutorLimits& limits = {});

}  // namespace blend::execution
