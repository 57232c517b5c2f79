// SPDX-License-Identifier: Apache-2.0
#pragma once

// rpc::EthBackend on the node (issue 8 item 5; docs/node.md "JSON-RPC backend"): block tags
// resolved against the chain store, state reads at any retained block through the state store,
// eth_call / eth_estimateGas on a scratch journal over the block's state (discarded after),
// receipts and logs from the chain store, fee history with reward percentiles, SMBT proofs,
// and the chain events subscriptions need.

#include "execution/call_tracer.hpp"
#include "node/node.hpp"
#include "rpc/backend.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace blend::node {

/// eth_getLogs bounds (ours; public providers use the same orders of magnitude): a range of at
/// most this many blocks, and at most this many logs in one answer.
inline constexpr uint64_t kMaxLogBlockRange = 10'000;
inline constexpr size_t kMaxLogResults = 10'000;
/// eth_estimateGas stops its search once the interval it still brackets is within this fraction
/// of its upper end (geth's estimateGasErrorRatio, 1.5%, internal/ethapi): the answer is then at
/// most 1.5% above the least gas that succeeds, never below it.
inline constexpr double kEstimateErrorRatio = 0.015;
/// The tip eth_maxPriorityFeePerGas suggests: 1 gwei (ethers v6's own fallback value).
inline constexpr uint64_t kSuggestedTip = 1'000'000'000;

class NodeEthBackend final : public rpc::EthBackend {
public:
    /// `gas_cap`: the most gas eth_call and eth_estimateGas may use (--rpc.gascap).
    NodeEthBackend(Node& node, uint64_t gas_cap);
    ~NodeEthBackend() override;
    NodeEthBackend(const NodeEthBackend&) = delete;
    NodeEthBackend& operator=(const NodeEthBackend&) = delete;

    [[nodiscard]] uint64_t chain_id() const override;
    [[nodiscard]] rpc::RpcResult<uint64_t> block_number() override;
    [[nodiscard]] rpc::RpcResult<std::optional<rpc::SyncStatus>> syncing() override;
    [[nodiscard]] rpc::RpcResult<Address> coinbase() override;
    [[nodiscard]] rpc::RpcResult<std::optional<rpc::Block>> block(const rpc::BlockId& id,
                                                                  bool full) override;
    [[nodiscard]] rpc::RpcResult<U256> balance(const Address& a, const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<uint64_t> transaction_count(const Address& a,
                                                             const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<Bytes> code(const Address& a, const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<Hash> storage_at(const Address& a,
                                                  const Hash& slot,
                                                  const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<Hash> send_raw_transaction(
        const rpc::SignedTransaction& tx) override;
    [[nodiscard]] rpc::RpcResult<Bytes> call(const rpc::CallRequest& request,
                                             const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<uint64_t> estimate_gas(const rpc::CallRequest& request,
                                                        const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<std::optional<rpc::TransactionInfo>> transaction_by_hash(
        const Hash& hash) override;
    [[nodiscard]] rpc::RpcResult<std::optional<rpc::TransactionInfo>>
    transaction_by_block_and_index(const rpc::BlockId& block, uint64_t index) override;
    [[nodiscard]] rpc::RpcResult<std::optional<rpc::ReceiptInfo>> receipt(
        const Hash& tx_hash) override;
    [[nodiscard]] rpc::RpcResult<std::optional<std::vector<rpc::ReceiptInfo>>> block_receipts(
        const rpc::BlockId& block) override;
    [[nodiscard]] rpc::RpcResult<std::vector<rpc::LogInfo>> logs(
        const rpc::LogFilter& filter) override;
    [[nodiscard]] rpc::RpcResult<rpc::FeeHistory> fee_history(
        uint64_t block_count,
        const rpc::BlockId& newest,
        std::span<const double> percentiles) override;
    [[nodiscard]] rpc::RpcResult<U256> gas_price() override;
    [[nodiscard]] rpc::RpcResult<U256> max_priority_fee_per_gas() override;
    [[nodiscard]] rpc::RpcResult<rpc::AccountProof> proof(const Address& address,
                                                          std::span<const Hash> slots,
                                                          const rpc::BlockId& id) override;
    [[nodiscard]] rpc::RpcResult<std::optional<rpc::CallFrame>> trace_transaction(
        const Hash& hash,
        const rpc::TraceOptions& options) override;
    void add_listener(rpc::ChainEventListener* listener) override;
    void remove_listener(rpc::ChainEventListener* listener) override;

    /// Tells the listeners about a new canonical block (the node calls it after each commit).
    void publish_block(const StoredBlock& block);
    /// Tells the listeners the logs of a block a reorg took out of the canonical chain, with
    /// removed = true (eth_subscribe "logs", filters).
    void publish_removed_logs(const StoredBlock& block);
    /// Tells the listeners that a transaction became pending in the pool (newPendingTransactions).
    void publish_pending_transaction(const Hash& hash);

    /// A resolved block: its header and hash, and whether it is on the canonical chain.
    struct Resolved {
        Header header;
        Hash hash;
        bool canonical = true;
    };
    /// nullopt when the block is unknown.
    [[nodiscard]] rpc::RpcResult<std::optional<Resolved>> resolve(const rpc::BlockId& id);

private:
    [[nodiscard]] rpc::RpcResult<Resolved> resolve_state(const rpc::BlockId& id);
    /// One execution of a call: its outcome, what ran the top frame (to word its error as
    /// geth does) and the gas it used before the EIP-3529 refund.
    struct CallRun {
        execution::TxOutcome outcome;
        execution::CodeRunner runner = execution::CodeRunner::kNone;
        uint64_t gas_before_refund = 0;
    };
    [[nodiscard]] rpc::RpcResult<CallRun> run_call(const rpc::CallRequest& request,
                                                   const Resolved& at,
                                                   uint64_t gas);
    [[nodiscard]] rpc::RpcResult<std::optional<StoredBlock>> load(const Hash& hash);

    Node& node_;
    uint64_t gas_cap_;
    std::mutex listeners_mutex_;
    std::vector<rpc::ChainEventListener*> listeners_;
};

/// rpc's Block from a stored block (`full`: with the transactions).
[[nodiscard]] rpc::Block to_rpc_block(const StoredBlock& block, bool full);
/// The receipts of a stored block as eth_getTransactionReceipt returns them.
[[nodiscard]] std::vector<rpc::ReceiptInfo> to_receipt_infos(const StoredBlock& block);

}  // namespace blend::node
