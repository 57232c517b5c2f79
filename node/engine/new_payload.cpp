// SPDX-License-Identifier: Apache-2.0
// engine_newPayload: a block from the consensus client is validated by executing it on its
// parent's state. The parent may be the persisted tip or any in-memory diff (a side fork), so a
// side block is validated exactly like a canonical one; nothing becomes canonical here (that is
// forkchoiceUpdated's job). rpc has already checked the structure, the zero-length transactions,
// the block hash against the header and the versioned hashes (api-surface §2.3).
#include "core/keccak.hpp"
#include "execution/state_db_reader.hpp"
#include "node/builder/base_fee.hpp"
#include "node/engine/engine_api.hpp"

#include <string>
#include <vector>

namespace blend::engine {

namespace {

using K = rpc::PayloadStatusKind;

/// Hashes of the last kBlockHashWindow ancestors of a block, along its own chain (a side fork's
/// BLOCKHASH must see its own ancestors, not the canonical ones), read lazily.
class AncestorHashes {
public:
    AncestorHashes(const node::ChainStore& chain, const Hash& parent, uint64_t parent_number)
        : chain_(chain), cursor_(parent), parent_number_(parent_number)
    {}

    Hash operator()(uint64_t number)
    {
        if (number > parent_number_)
            return {};
        const uint64_t depth = parent_number_ - number;
        if (depth >= kBlockHashWindow)
            return {};
        while (hashes_.size() <= depth && !done_) {
            hashes_.push_back(cursor_);
            if (parent_number_ == hashes_.size() - 1) {  // reached genesis
                done_ = true;
                break;
            }
            const auto h = chain_.header(cursor_);
            if (!h || !*h) {
                done_ = true;
                break;
            }
            cursor_ = (*h)->parent_hash;
        }
        return depth < hashes_.size() ? hashes_[depth] : Hash{};
    }

private:
    const node::ChainStore& chain_;
    Hash cursor_;  ///< the next ancestor's hash to record
    uint64_t parent_number_;
    std::vector<Hash> hashes_;  ///< hashes_[i]: block parent_number_ - i
    bool done_ = false;
};

std::string mismatch(const char* what)
{
    return std::string("invalid block: ") + what + " mismatch";
}

}  // namespace

rpc::RpcResult<rpc::PayloadStatus> EngineApi::new_payload(const rpc::NewPayload& payload)
{
    const std::lock_guard lock{mutex_};
    const Hash& hash = payload.block_hash;
    if (const auto bad = invalid_.find(hash); bad != invalid_.end())
        return rpc::PayloadStatus{K::kInvalid, bad->second, "block was found invalid before"};

    const auto known = chain_.header(hash);
    if (!known)
        return Unexpected{rpc::RpcError::internal(node::to_string(known.error()))};
    if (*known)
        return rpc::PayloadStatus{K::kValid, hash, std::nullopt};  // idempotent

    const Hash& parent_hash = payload.header.parent_hash;
    if (const auto bad = invalid_.find(parent_hash); bad != invalid_.end()) {
        remember_invalid(hash, bad->second);
        return rpc::PayloadStatus{K::kInvalid, bad->second, "links to an invalid block"};
    }
    const auto parent = chain_.header(parent_hash);
    if (!parent)
        return Unexpected{rpc::RpcError::internal(node::to_string(parent.error()))};
    if (!*parent)
        return rpc::PayloadStatus{K::kSyncing, std::nullopt, std::nullopt};

    // A block we built ourselves (forkchoiceUpdated + getPayload): its state is already applied.
    if (const Payload* built = find_payload(hash)) {
        const auto inserted = chain_.insert(built->block, built->diff);
        if (!inserted && inserted.error() != node::ChainError::kDuplicateBlock)
            return Unexpected{rpc::RpcError::internal(node::to_string(inserted.error()))};
        return rpc::PayloadStatus{K::kValid, hash, std::nullopt};
    }
    return validate_and_insert(payload, **parent);
}

rpc::RpcResult<rpc::PayloadStatus> EngineApi::validate_and_insert(const rpc::NewPayload& payload,
                                                                  const Header& parent)
{
    const Header& h = payload.header;
    const Hash& hash = payload.block_hash;
    const Hash& parent_hash = h.parent_hash;
    auto invalid = [&](std::string why) -> rpc::PayloadStatus {
        remember_invalid(hash, parent_hash);
        return rpc::PayloadStatus{K::kInvalid, parent_hash, std::move(why)};
    };

    // The header against its parent (Yellow Paper §4.3.4, EIP-1559, EIP-4844 with no blobs).
    if (h.number != parent.number + 1)
        return invalid("invalid block number");
    if (h.timestamp <= parent.timestamp)
        return invalid("invalid timestamp: not above the parent's");
    if (h.gas_used > h.gas_limit)
        return invalid("invalid gas used: above the gas limit");
    if (h.base_fee_per_gas != node::next_base_fee(parent))
        return invalid("invalid base fee");
    if (h.blob_gas_used.value_or(0) != 0 || h.excess_blob_gas.value_or(0) != 0)
        return invalid("blob gas on a chain without blobs");
    if (h.extra_data.size() > kMaxExtraDataSize)
        return invalid("extra data too long");
    if (payload.transactions.size() != payload.raw_transactions.size())
        return Unexpected{rpc::RpcError::internal("payload transactions and envelopes differ")};

    execution::BlockInput input;
    input.context.chain_id = config_.chain_id;
    input.context.number = h.number;
    input.context.timestamp = h.timestamp;
    input.context.gas_limit = h.gas_limit;
    input.context.base_fee = *h.base_fee_per_gas;
    input.context.prev_randao = h.mix_hash;
    input.context.coinbase = h.coinbase;
    input.transactions = payload.transactions;
    input.withdrawals = payload.withdrawals.value_or(std::vector<Withdrawal>{});
    input.parent_beacon_block_root = h.parent_beacon_block_root;
    input.parent_hash = parent_hash;

    std::vector<Address> senders;
    senders.reserve(payload.transactions.size());
    for (size_t i = 0; i < payload.transactions.size(); ++i) {
        const auto sender = recover_sender(payload.transactions[i]);
        if (!sender)
            return invalid("transaction " + std::to_string(i) + ": invalid sender");
        senders.push_back(*sender);
    }

    AncestorHashes ancestors(chain_, parent_hash, parent.number);
    const execution::BlockHashes hashes = [&ancestors](uint64_t n) { return ancestors(n); };
    auto executed = [&] {
        const std::lock_guard exec_lock{exec_mutex_};
        return execution::execute_block_on_state(chain_.state(), modules_, input, hashes,
                                                 config_.limits, &chain_.codes());
    }();
    if (!executed) {
        const auto& f = executed.error();
        switch (f.kind) {
        case execution::StateBlockError::kInvalidBlock:
            return invalid("transaction " + std::to_string(f.block.index) + ": " +
                           execution::to_string(f.block.error));
        case execution::StateBlockError::kUnknownParent:
            // The parent's header is known but its state is not (pruned, or not persisted after
            // a restart): we cannot validate it now.
            return rpc::PayloadStatus{K::kSyncing, std::nullopt, std::nullopt};
        case execution::StateBlockError::kWrongNumber:
            return invalid("invalid block number");
        default:
            return Unexpected{rpc::RpcError::internal(std::string("execution: ") +
                                                      execution::to_string(f.kind) + " " +
                                                      chain_.state().last_db_error())};
        }
    }
    const execution::ExecutedBlock& e = executed->executed;
    if (e.gas_used != h.gas_used)
        return invalid(mismatch("gas used"));
    if (e.transactions_root != h.transactions_root)
        return invalid(mismatch("transactions root"));
    if (e.receipts_root != h.receipts_root)
        return invalid(mismatch("receipts root"));
    if (e.logs_bloom != h.logs_bloom)
        return invalid(mismatch("logs bloom"));
    if (h.withdrawals_root && e.withdrawals_root != *h.withdrawals_root)
        return invalid(mismatch("withdrawals root"));
    if (executed->state_root != h.state_root)
        return invalid(mismatch("state root"));

    node::StoredBlock block;
    block.header = h;
    block.hash = hash;
    block.transactions = payload.transactions;
    block.senders = std::move(senders);
    block.withdrawals = input.withdrawals;
    block.receipts = e.receipts;
    block.receipt_extras.reserve(e.outcomes.size());
    for (const execution::TxOutcome& o : e.outcomes)
        block.receipt_extras.push_back(node::ReceiptExtra{o.contract_address, o.gas_used});
    const auto inserted = chain_.insert(std::move(block), executed->diff);
    if (!inserted && inserted.error() != node::ChainError::kDuplicateBlock)
        return Unexpected{rpc::RpcError::internal(std::string("chain store: ") +
                                                  node::to_string(inserted.error()))};
    return rpc::PayloadStatus{K::kValid, hash, std::nullopt};
}

}  // namespace blend::engine
