// SPDX-License-Identifier: Apache-2.0
#include "execution/execute_block.hpp"

#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"

namespace blend::execution {

namespace {

/// EIP-4895: withdrawal amounts are in Gwei.
constexpr uint64_t kWeiPerGwei = 1'000'000'000;

}  // namespace

BytesView beacon_roots_code() noexcept
{
    // EIP-4788 "Bytecode": caller == SYSTEM_ADDRESS ? set : get, the two ring buffers of
    // HISTORY_BUFFER_LENGTH = 0x1fff slots. 97 bytes.
    static constexpr uint8_t kCode[] = {
        0x33, 0x73, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x14, 0x60, 0x4d, 0x57, 0x60, 0x20,
        0x36, 0x14, 0x60, 0x24, 0x57, 0x5f, 0x5f, 0xfd, 0x5b, 0x5f, 0x35, 0x80, 0x15, 0x60,
        0x49, 0x57, 0x62, 0x00, 0x1f, 0xff, 0x81, 0x06, 0x90, 0x81, 0x54, 0x14, 0x60, 0x3c,
        0x57, 0x5f, 0x5f, 0xfd, 0x5b, 0x62, 0x00, 0x1f, 0xff, 0x01, 0x54, 0x5f, 0x52, 0x60,
        0x20, 0x5f, 0xf3, 0x5b, 0x5f, 0x5f, 0xfd, 0x5b, 0x62, 0x00, 0x1f, 0xff, 0x42, 0x06,
        0x42, 0x81, 0x55, 0x5f, 0x35, 0x90, 0x62, 0x00, 0x1f, 0xff, 0x01, 0x55, 0x00};
    return BytesView(kCode, sizeof kCode);
}

BytesView history_storage_code() noexcept
{
    // EIP-2935 "Bytecode": caller == SYSTEM_ADDRESS ? set : get over HISTORY_SERVE_WINDOW =
    // 0x1fff slots. 83 bytes.
    static constexpr uint8_t kCode[] = {
        0x33, 0x73, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x14, 0x60, 0x46, 0x57, 0x60, 0x20,
        0x36, 0x03, 0x60, 0x42, 0x57, 0x5f, 0x35, 0x60, 0x01, 0x43, 0x03, 0x81, 0x11, 0x60,
        0x42, 0x57, 0x61, 0x1f, 0xff, 0x81, 0x43, 0x03, 0x11, 0x60, 0x42, 0x57, 0x61, 0x1f,
        0xff, 0x90, 0x06, 0x54, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3, 0x5b, 0x5f, 0x5f, 0xfd,
        0x5b, 0x5f, 0x35, 0x61, 0x1f, 0xff, 0x60, 0x01, 0x43, 0x03, 0x06, 0x55, 0x00};
    return BytesView(kCode, sizeof kCode);
}

namespace {

/// One system call (EIP-4788 "Block processing"): from SYSTEM_ADDRESS, kSystemCallGas gas, zero
/// value, a 32-byte input. Nothing pays for it and no nonce moves: it is a message, not a
/// transaction. nullopt when `contract` has no code (the call "must fail silently").
std::optional<int32_t> system_call(JournaledState& state,
                                   ModuleCache& modules,
                                   const BlockContext& context,
                                   const Address& contract,
                                   const Hash& input,
                                   const ExecutorLimits& limits)
{
    if (state.code(contract)->empty())
        return std::nullopt;
    const TxContext tx{kSystemAddress, U256{0}, kSystemCallGas};
    Message m;
    m.kind = CallKind::kCall;
    m.caller = kSystemAddress;
    m.recipient = contract;
    m.code_address = contract;
    m.input.assign(input.bytes.begin(), input.bytes.end());
    m.gas = kSystemCallGas;
    Executor executor(state, modules, context, tx, limits);
    const MessageResult result = executor.run(std::move(m));
    // Like a transaction's end: the contract's warm account and slots do not carry over to the
    // block's transactions (EIP-2935 "Gas costs"), and the storage writes become originals.
    (void)state.finish_transaction();
    return result.exit_code;
}

}  // namespace

SystemCallsOutcome apply_block_start_system_calls(JournaledState& state,
                                                  ModuleCache& modules,
                                                  const BlockInput& block,
                                                  const ExecutorLimits& limits)
{
    SystemCallsOutcome out;
    // EIP-4788 is active from Cancun; a block without a parent beacon root (none is given by a
    // pre-Cancun payload) has nothing to store.
    if (block.parent_beacon_block_root)
        out.beacon_root = system_call(state, modules, block.context, kBeaconRootsAddress,
                                      *block.parent_beacon_block_root, limits);
    // EIP-2935 is active from Prague.
    if (block.context.fork == Fork::kPrague)
        out.history = system_call(state, modules, block.context, kHistoryStorageAddress,
                                  block.parent_hash, limits);
    return out;
}

Result<ExecutedBlock, BlockError> execute_block(const StateReader& reader,
                                                ModuleCache& modules,
                                                const BlockInput& block,
                                                const ExecutorLimits& limits)
{
    JournaledState state(reader);
    (void)apply_block_start_system_calls(state, modules, block, limits);

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
