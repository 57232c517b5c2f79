// SPDX-License-Identifier: Apache-2.0
// A scripted EthBackend / EngineBackend for the rpc tests and the request fuzzer: canned
// answers, recorded arguments, and a way to fire chain events.
#pragma once

#include "rpc/backend.hpp"

#include <mutex>
#include <optional>
#include <vector>

namespace blend::rpc::test {

class FakeEthBackend : public EthBackend {
public:
    uint64_t chain_id_value = 0x539;  // 1337
    uint64_t head = 0x10;
    U256 balance_value = U256(1000);
    std::optional<Block> block_value;
    std::optional<TransactionInfo> tx_value;
    std::optional<ReceiptInfo> receipt_value;
    std::vector<LogInfo> logs_value;
    std::optional<RpcError> call_error;  // returned by call() and estimate_gas() when set
    Bytes call_output{0xca, 0xfe};

    // Recorded arguments.
    std::optional<BlockId> last_block_id;
    std::optional<Address> last_address;
    std::optional<Hash> last_slot;
    std::optional<CallRequest> last_call;
    std::optional<SignedTransaction> last_sent;
    std::optional<LogFilter> last_filter;
    std::optional<uint64_t> last_fee_count;
    std::vector<double> last_percentiles;
    std::vector<Hash> last_proof_slots;

    uint64_t chain_id() const override { return chain_id_value; }
    RpcResult<uint64_t> block_number() override { return head; }
    RpcResult<std::optional<SyncStatus>> syncing() override { return std::optional<SyncStatus>{}; }
    RpcResult<Address> coinbase() override { return Address{}; }
    RpcResult<std::optional<Block>> block(const BlockId& id, bool) override
    {
        last_block_id = id;
        return block_value;
    }
    RpcResult<U256> balance(const Address& address, const BlockId& id) override
    {
        last_address = address;
        last_block_id = id;
        return balance_value;
    }
    RpcResult<uint64_t> transaction_count(const Address& address, const BlockId& id) override
    {
        last_address = address;
        last_block_id = id;
        return uint64_t{7};
    }
    RpcResult<Bytes> code(const Address& address, const BlockId& id) override
    {
        last_address = address;
        last_block_id = id;
        return Bytes{0x60, 0x00};
    }
    RpcResult<Hash> storage_at(const Address& address, const Hash& slot, const BlockId& id) override
    {
        last_address = address;
        last_slot = slot;
        last_block_id = id;
        return Hash{};
    }
    RpcResult<Hash> send_raw_transaction(const SignedTransaction& tx) override
    {
        last_sent = tx;
        return tx.hash;
    }
    RpcResult<Bytes> call(const CallRequest& request, const BlockId& id) override
    {
        last_call = request;
        last_block_id = id;
        if (call_error)
            return Unexpected{*call_error};
        return call_output;
    }
    RpcResult<uint64_t> estimate_gas(const CallRequest& request, const BlockId& id) override
    {
        last_call = request;
        last_block_id = id;
        if (call_error)
            return Unexpected{*call_error};
        return uint64_t{21000};
    }
    RpcResult<std::optional<TransactionInfo>> transaction_by_hash(const Hash&) override
    {
        return tx_value;
    }
    RpcResult<std::optional<TransactionInfo>> transaction_by_block_and_index(const BlockId& id,
                                                                             uint64_t) override
    {
        last_block_id = id;
        return tx_value;
    }
    RpcResult<std::optional<ReceiptInfo>> receipt(const Hash&) override { return receipt_value; }
    RpcResult<std::optional<std::vector<ReceiptInfo>>> block_receipts(const BlockId& id) override
    {
        last_block_id = id;
        if (!receipt_value)
            return std::optional<std::vector<ReceiptInfo>>{};
        return std::optional<std::vector<ReceiptInfo>>{std::vector<ReceiptInfo>{*receipt_value}};
    }
    RpcResult<std::vector<LogInfo>> logs(const LogFilter& filter) override
    {
        last_filter = filter;
        return logs_value;
    }
    RpcResult<FeeHistory> fee_history(uint64_t count,
                                      const BlockId& newest,
                                      std::span<const double> percentiles) override
    {
        last_fee_count = count;
        last_block_id = newest;
        last_percentiles.assign(percentiles.begin(), percentiles.end());
        FeeHistory h;
        h.oldest_block = head + 1 - count;
        h.base_fee_per_gas.assign(count + 1, U256(7));
        h.gas_used_ratio.assign(count, 0.5);
        if (!percentiles.empty())
            h.reward.assign(count, std::vector<U256>(percentiles.size(), U256(1)));
        return h;
    }
    RpcResult<U256> gas_price() override { return U256(1'000'000'007); }
    RpcResult<U256> max_priority_fee_per_gas() override { return U256(1'000'000'000); }
    RpcResult<AccountProof> proof(const Address& address,
                                  std::span<const Hash> slots,
                                  const BlockId& id) override
    {
        last_address = address;
        last_block_id = id;
        last_proof_slots.assign(slots.begin(), slots.end());
        AccountProof p;
        p.address = address;
        for (const auto& slot : slots)
            p.storage_proof.push_back(StorageProof{slot, U256(0), {}});
        return p;
    }
    RpcResult<std::optional<CallFrame>> trace_transaction(const Hash&, const TraceOptions&) override
    {
        return std::optional<CallFrame>{};
    }

    void add_listener(ChainEventListener* listener) override
    {
        std::lock_guard lock(mutex_);
        listeners_.push_back(listener);
    }
    void remove_listener(ChainEventListener* listener) override
    {
        std::lock_guard lock(mutex_);
        std::erase(listeners_, listener);
    }
    [[nodiscard]] size_t listener_count()
    {
        std::lock_guard lock(mutex_);
        return listeners_.size();
    }
    void fire_new_head(const Block& block)
    {
        std::lock_guard lock(mutex_);
        for (auto* l : listeners_)
            l->on_new_head(block);
    }
    void fire_logs(std::span<const LogInfo> logs)
    {
        std::lock_guard lock(mutex_);
        for (auto* l : listeners_)
            l->on_logs(logs);
    }
    void fire_pending(const Hash& hash)
    {
        std::lock_guard lock(mutex_);
        for (auto* l : listeners_)
            l->on_pending_transaction(hash);
    }

private:
    std::mutex mutex_;
    std::vector<ChainEventListener*> listeners_;
};

class FakeEngineBackend : public EngineBackend {
public:
    Fork fork = Fork::kPrague;
    std::optional<BuiltPayload> payload;  // get_payload answers -38001 while empty
    PayloadStatus status{PayloadStatusKind::kValid, std::nullopt, std::nullopt};
    std::vector<std::optional<PayloadBody>> bodies;

    // Recorded.
    int forkchoice_calls = 0;
    std::optional<ForkchoiceState> last_state;
    std::optional<PayloadAttributes> last_attributes;
    std::optional<NewPayload> last_payload;
    std::optional<EngineVersion> last_version;
    std::optional<std::pair<uint64_t, uint64_t>> last_range;

    Fork fork_at(uint64_t) const override { return fork; }
    RpcResult<ForkchoiceUpdatedResult> forkchoice_updated(
        EngineVersion version,
        const ForkchoiceState& state,
        const std::optional<PayloadAttributes>& attributes) override
    {
        ++forkchoice_calls;
        last_version = version;
        last_state = state;
        last_attributes = attributes;
        ForkchoiceUpdatedResult r;
        r.payload_status = PayloadStatus{PayloadStatusKind::kValid, state.head_block_hash, {}};
        if (attributes)
            r.payload_id = PayloadId{{{1, 2, 3, 4, 5, 6, 7, 8}}};
        return r;
    }
    RpcResult<BuiltPayload> get_payload(EngineVersion version, const PayloadId&) override
    {
        last_version = version;
        if (!payload)
            return Unexpected{RpcError::of(ErrorCode::kUnknownPayload)};
        return *payload;
    }
    RpcResult<PayloadStatus> new_payload(const NewPayload& p) override
    {
        last_payload = p;
        return status;
    }
    RpcResult<std::vector<std::optional<PayloadBody>>> payload_bodies_by_hash(
        std::span<const Hash>) override
    {
        return bodies;
    }
    RpcResult<std::vector<std::optional<PayloadBody>>> payload_bodies_by_range(
        uint64_t start,
        uint64_t count) override
    {
        last_range = {start, count};
        return bodies;
    }
};

}  // namespace blend::rpc::test
