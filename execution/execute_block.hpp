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

/// The hook for the system calls Prague runs at the start of a block: EIP-4788 (beacon root
/// contract) and EIP-2935 (history contract). Both are EVM contracts, so they need the EVM
/// runtime (issue 7); until then this does nothing. Kept here so block execution already calls
/// it at the right point.
void apply_block_start_system_calls(JournaledState& state,
                                    ModuleCache& modules,
                                    const BlockInput& block);

}  // namespace blend::execution
