// SPDX-License-Identifier: Apache-2.0
#include "execution/execute_block.hpp"

#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"

namespace blend::execution {

namespace {

/// EIP-4895: withdrawal amounts are in Gwei.
constexpr uint64_t kWeiPerGwei = 1'000'000'000;

}  // namespace

void apply_block_start_system_calls(JournaledState& /*state*/,
                                    ModuleCache& /*modules*/,
                                    const BlockInput& /*block*/)
{
    // ISSUE 7 HOOK: EIP-4788 (store parent_beacon_block_root at 0x000F3df6…Beac02) and
    // EIP-2935 (store parent_hash at 0x0000F908…2935) are calls from SYSTEM_ADDRESS
    // (0xff…fe) into EVM contracts with 30M gas, outside the block's gas. They need the EVM
    // runtime; run them here through Executor::run once it is in genesis.
}

Result<ExecutedBlock, BlockError> execute_block(const StateReader& reader,
                                                ModuleCache& modules,
                                                const BlockInput& block,
                                                const ExecutorLimits& limits)
{
    JournaledState state(reader);
    apply_block_start_system_calls(state, modules, block);
    (void)state.finish_transaction();

    ExecutedBlock out;
    std::vector<Bytes> encoded_txs;
    encoded_txs.reserve(block.transactions.size());
    for (size_t i = 0; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        const auto sender = recover_sender(tx);
        if (!sender)
            return Unexpected{BlockError{i, TxValidationError::kInvalidSender}};
        auto outcome = apply_transaction(state, modules, block.context, tx, *sender,
                                         block.context.gas_limit - out.gas_used, limits);
        if (!outcome) {
            state.discard_transaction();
            return Unexpected{BlockError{i, outcome.error()}};
        }
        out.gas_used += outcome->gas_used;
        Receipt receipt;
        receipt.type = static_cast<uint8_t>(tx.type);
        receipt.status = outcome->success;
        receipt.cumulative_gas_used = out.gas_used;
        receipt.logs = outcome->logs;
        receipt = with_computed_bloom(std::move(receipt));
        out.receipts.push_back(std::move(receipt));
        out.outcomes.push_back(std::move(*outcome));
        encoded_txs.push_back(encode_transaction(tx));
    }
    for (const Withdrawal& w : block.withdrawals)
        state.add_balance(w.address, U256{w.amount_gwei} * U256{kWeiPerGwei});
    (void)state.finish_transaction();

    out.transactions_root = ordered_trie_root(std::span<const Bytes>(encoded_txs));
    out.receipts_root = receipts_root(out.receipts);
    out.withdrawals_root = withdrawals_root(block.withdrawals);
    out.logs_bloom = block_logs_bloom(out.receipts);
    out.diff = state.diff();
    return out;
}

}  // namespace blend::execution
