// SPDX-License-Identifier: Apache-2.0
#pragma once

// The block builder (issue 8 item 4; docs/node.md "Block builder"): takes transactions in order
// of effective tip (then nonce within a sender), applies each through the STF on the parent's
// state, skips those that fail validation, and seals a Prague header: EIP-1559 base fee from the
// parent, no withdrawals unless given, no blobs, the requests hash of no requests (EIP-7685) and
// the parent beacon root (EIP-4788).

#include "core/result.hpp"
#include "core/types/transaction.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/executor.hpp"
#include "execution/module_cache.hpp"
#include "execution/state_db_reader.hpp"
#include "node/chain/chain_store.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace blend::node {

/// A transaction with its recovered sender (the pool recovers once, at admission).
struct PendingTx {
    Transaction tx;
    Address sender;
    Hash hash;
};

/// What the caller chooses for a block (the dev sequencer, or Engine API payload attributes).
struct BuildParams {
    Hash parent_hash;
    uint64_t timestamp = 0;
    Address fee_recipient;
    Hash prev_randao;
    Hash parent_beacon_block_root;
    /// The block gas limit; nullopt keeps the parent's.
    std::optional<uint64_t> gas_limit;
    std::vector<Withdrawal> withdrawals;
    Bytes extra_data;
};

/// A transaction the builder left out, and why.
struct SkippedTx {
    Hash hash;
    execution::TxValidationError error = execution::TxValidationError::kInvalidSender;
};

struct BuiltBlock {
    StoredBlock block;
    trie::BlockDiffPtr diff;
    std::vector<SkippedTx> skipped;
};

enum class BuildError : uint8_t {
    kUnknownParent = 1,  ///< the parent is not in the chain store
    kStateRead,          ///< the state store failed while the block read state
    kStateApply,         ///< the state store refused the write set
    kBadTimestamp,       ///< timestamp not above the parent's (Yellow Paper §4.3.4)
    kBadExtraData,       ///< extra data above 32 bytes (Yellow Paper §4.3.4)
    kChain,              ///< the chain store failed
    kForcedTxInvalid,    ///< a forced transaction (Engine API attributes) was refused
};

[[nodiscard]] const char* to_string(BuildError e) noexcept;

/// Orders `txs` as a block takes them: each sender's transactions by nonce; among senders, the
/// one whose next transaction pays the highest effective tip at `base_fee` first (ties: earlier
/// in `txs` first). Transactions whose fee cap is below the base fee are kept out (they cannot be
/// included: EIP-1559).
[[nodiscard]] std::vector<PendingTx> order_by_tip(std::vector<PendingTx> txs, const U256& base_fee);

/// The effective tip per gas at `base_fee`: min(max priority fee, max fee - base fee) (EIP-1559),
/// or nullopt when the fee cap is below the base fee.
[[nodiscard]] std::optional<U256> effective_tip(const Transaction& tx, const U256& base_fee);

/// Builds a block on `params.parent_hash` from `forced` (applied first, in order, all of which must
/// be valid) and then `candidates` (ordered with order_by_tip; invalid ones are skipped). The block
/// is not inserted into `chain`; its state diff is applied in the state store (nothing readable
/// under its hash until ChainStore::insert). `limits` are the node's executor settings (the
/// --runtime-strategy among them: node::executor_limits).
[[nodiscard]] Result<BuiltBlock, BuildError> build_block(
    ChainStore& chain,
    execution::ModuleCache& modules,
    uint64_t chain_id,
    const BuildParams& params,
    std::span<const PendingTx> forced,
    std::vector<PendingTx> candidates,
    const execution::ExecutorLimits& limits = {});

}  // namespace blend::node
