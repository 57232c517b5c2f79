// SPDX-License-Identifier: Apache-2.0
// forkchoiceUpdated, getPayload and the payload bodies; newPayload is in new_payload.cpp.
#include "node/engine/engine_api.hpp"

#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "node/builder/base_fee.hpp"
#include "node/builder/block_builder.hpp"
#include "node/engine/pool_tx_source.hpp"

#include <algorithm>

namespace blend::engine {

namespace {

using rpc::ErrorCode;
using rpc::RpcError;

rpc::PayloadStatus status(rpc::PayloadStatusKind kind,
                          std::optional<Hash> latest_valid = std::nullopt,
                          std::optional<std::string> error = std::nullopt)
{
    return rpc::PayloadStatus{kind, latest_valid, std::move(error)};
}

RpcError chain_failure(const node::ChainStore& chain, node::ChainError e)
{
    return RpcError::internal(std::string("chain store: ") + node::to_string(e) + " " +
                              chain.last_error());
}

rpc::PayloadBody body_of(const node::StoredBlock& block)
{
    rpc::PayloadBody body;
    body.transactions.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        body.transactions.push_back(encode_transaction(tx));
    // Every Blend block is Shanghai or later: a (possibly empty) withdrawals list.
    body.withdrawals = block.withdrawals;
    return body;
}

}  // namespace

rpc::PayloadId payload_id(const Hash& parent,
                          rpc::EngineVersion version,
                          const rpc::PayloadAttributes& a)
{
    // An RLP list of every input, hashed: any difference gives another id.
    Bytes items;
    rlp::encode_hash(items, parent);
    rlp::encode_uint64(items, static_cast<uint64_t>(version));
    rlp::encode_uint64(items, a.timestamp);
    rlp::encode_hash(items, a.prev_randao);
    rlp::encode_address(items, a.suggested_fee_recipient);
    Bytes withdrawals;
    if (a.withdrawals)
        for (const Withdrawal& w : *a.withdrawals)
            encode_withdrawal(withdrawals, w);
    rlp::encode_uint64(items, a.withdrawals ? 1 : 0);
    items.insert(items.end(), withdrawals.begin(), withdrawals.end());
    rlp::encode_uint64(items, a.parent_beacon_block_root ? 1 : 0);
    rlp::encode_hash(items, a.parent_beacon_block_root.value_or(Hash{}));
    rlp::encode_uint64(items, a.transactions.size());
    for (const Bytes& tx : a.transactions)
        rlp::encode_string(items, tx);
    rlp::encode_uint64(items, a.no_tx_pool ? 1 : 0);
    rlp::encode_uint64(items, a.gas_limit ? 1 : 0);
    rlp::encode_uint64(items, a.gas_limit.value_or(0));
    const Hash digest = keccak256(rlp::wrap_list(items));
    rpc::PayloadId id;
    std::copy_n(digest.data(), id.size(), id.data());
    return id;
}

U256 block_value(const node::StoredBlock& block)
{
    U256 value;
    const U256 base_fee = block.header.base_fee_per_gas.value_or(U256{});
    for (size_t i = 0; i < block.transactions.size() && i < block.receipt_extras.size(); ++i) {
        const auto tip = node::effective_tip(block.transactions[i], base_fee);
        if (tip)
            value += *tip * U256{block.receipt_extras[i].gas_used};
    }
    return value;
}

EngineApi::EngineApi(node::ChainStore& chain,
                     execution::ModuleCache& modules,
                     txpool::TxPool* pool,
                     EngineConfig config,
                     std::mutex* exec_mutex)
    : chain_(chain),
      modules_(modules),
      pool_(pool),
      config_(config),
      exec_mutex_(exec_mutex ? *exec_mutex : own_exec_mutex_)
{}

rpc::Fork EngineApi::fork_at(uint64_t timestamp) const
{
    if (timestamp >= config_.prague_time)
        return rpc::Fork::kPrague;
    if (timestamp >= config_.cancun_time)
        return rpc::Fork::kCancun;
    if (timestamp >= config_.shanghai_time)
        return rpc::Fork::kShanghai;
    return rpc::Fork::kParis;
}

rpc::RpcResult<bool> EngineApi::is_ancestor(const Hash& ancestor, const Hash& descendant)
{
    const auto target = chain_.header(ancestor);
    if (!target)
        return Unexpected{chain_failure(chain_, target.error())};
    if (!*target)
        return false;
    Hash cursor = descendant;
    while (true) {
        if (cursor == ancestor)
            return true;
        const auto h = chain_.header(cursor);
        if (!h)
            return Unexpected{chain_failure(chain_, h.error())};
        if (!*h || (*h)->number <= (*target)->number)
            return false;
        cursor = (*h)->parent_hash;
    }
}

void EngineApi::publish_new_branch(const Hash& old_head, const Hash& new_head)
{
    // The blocks from the new head down to the first one the old head's chain holds (at most
    // persist_depth: deeper moves are refused by the chain store), told oldest first.
    std::vector<node::StoredBlock> branch;
    for (Hash cursor = new_head; branch.size() < config_.persist_depth;) {
        const auto shared = is_ancestor(cursor, old_head);
        if (!shared || *shared)
            break;
        auto block = chain_.block(cursor);
        if (!block || !*block)
            break;
        cursor = (*block)->header.parent_hash;
        branch.push_back(std::move(**block));
    }
    for (auto it = branch.rbegin(); it != branch.rend(); ++it)
        head_listener_(*it, false);
}

void EngineApi::update_pool(const Header& head)
{
    if (pool_)
        move_pool_to_head(*pool_, chain_, head);
}

void EngineApi::remember_invalid(const Hash& block, const std::optional<Hash>& latest_valid)
{
    if (invalid_.emplace(block, latest_valid).second) {
        invalid_order_.push_back(block);
        if (invalid_order_.size() > kMaxInvalidBlocks) {
            invalid_.erase(invalid_order_.front());
            invalid_order_.pop_front();
        }
    }
}

const EngineApi::Payload* EngineApi::find_payload(const rpc::PayloadId& id) const
{
    for (const Payload& p : payloads_)
        if (p.id == id)
            return &p;
    return nullptr;
}

const EngineApi::Payload* EngineApi::find_payload(const Hash& block_hash) const
{
    for (const Payload& p : payloads_)
        if (p.block.hash == block_hash)
            return &p;
    return nullptr;
}

rpc::RpcResult<rpc::ForkchoiceUpdatedResult> EngineApi::forkchoice_updated(
    rpc::EngineVersion version,
    const rpc::ForkchoiceState& state,
    const std::optional<rpc::PayloadAttributes>& attributes)
{
    const std::lock_guard lock{mutex_};
    using K = rpc::PayloadStatusKind;
    rpc::ForkchoiceUpdatedResult result;

    if (const auto bad = invalid_.find(state.head_block_hash); bad != invalid_.end()) {
        result.payload_status = status(K::kInvalid, bad->second, "links to an invalid block");
        return result;
    }
    const auto head = chain_.header(state.head_block_hash);
    if (!head)
        return Unexpected{chain_failure(chain_, head.error())};
    if (!*head) {
        // Rule 2: an unknown head: we cannot sync from peers here, so it stays SYNCING until a
        // newPayload brings the block.
        result.payload_status = status(K::kSyncing);
        return result;
    }
    const Hash zero{};
    // Rule 3: a head that is an ancestor of the finalized block is not applied.
    if (const auto finalized = chain_.finalized_hash();
        finalized && *finalized != state.head_block_hash) {
        BLEND_TRY(const bool behind, is_ancestor(state.head_block_hash, *finalized));
        if (behind) {
            result.payload_status = status(K::kValid, state.head_block_hash);
            return result;
        }
    }
    // Rule 4: safe and finalized, when given, must be on the head's chain.
    for (const Hash* h : {&state.safe_block_hash, &state.finalized_block_hash}) {
        if (*h == zero)
            continue;
        BLEND_TRY(const bool on_chain, is_ancestor(*h, state.head_block_hash));
        if (!on_chain)
            return Unexpected{RpcError::of(ErrorCode::kInvalidForkchoiceState)};
    }

    // Apply the forkchoice (not rolled back if the attributes turn out invalid: rule 5).
    if (const Hash old_head = chain_.head_hash(); old_head != state.head_block_hash) {
        // The blocks a reorg takes out of the canonical chain, newest first: their transactions
        // go back to the pool (as geth does), or they would be lost to every user, and their
        // logs are published again with removed = true.
        std::vector<std::shared_ptr<const node::StoredBlock>> dropped;
        const bool want_dropped = pool_ != nullptr || static_cast<bool>(head_listener_);
        for (Hash cursor = old_head; want_dropped && dropped.size() < config_.persist_depth;) {
            BLEND_TRY(const bool shared, is_ancestor(cursor, state.head_block_hash));
            if (shared)
                break;
            auto block = chain_.block(cursor);
            if (!block || !*block)
                break;
            cursor = (*block)->header.parent_hash;
            dropped.push_back(std::make_shared<const node::StoredBlock>(std::move(**block)));
        }
        const auto moved = chain_.set_head(state.head_block_hash);
        if (!moved) {
            if (moved.error() == node::ChainError::kReorgTooDeep)
                return Unexpected{RpcError::of(ErrorCode::kTooDeepReorg)};
            return Unexpected{chain_failure(chain_, moved.error())};
        }
        if (head_listener_) {
            for (auto it = dropped.rbegin(); it != dropped.rend(); ++it)
                head_listener_(**it, true);
            publish_new_branch(old_head, state.head_block_hash);
        }
        update_pool(**head);
        // Oldest block first, so each sender's nonces arrive in order; those the new branch
        // also included are refused as "nonce too low".
        for (auto it = dropped.rbegin(); it != dropped.rend(); ++it)
            for (const Transaction& tx : (*it)->transactions)
                (void)pool_->add(tx, txpool::Origin::kRemote);
    }
    if (state.safe_block_hash != zero) {
        if (const auto r = chain_.set_safe(state.safe_block_hash); !r)
            return Unexpected{chain_failure(chain_, r.error())};
    }
    if (state.finalized_block_hash != zero) {
        if (const auto r = chain_.set_finalized(state.finalized_block_hash); !r)
            return Unexpected{chain_failure(chain_, r.error())};
    }
    if (const auto r = chain_.persist(config_.persist_depth); !r)
        return Unexpected{chain_failure(chain_, r.error())};
    result.payload_status = status(K::kValid, state.head_block_hash);

    if (attributes) {
        // Rule 5: the new block must come after the head.
        if (attributes->timestamp <= (*head)->timestamp)
            return Unexpected{RpcError::of(ErrorCode::kInvalidPayloadAttributes)};
        BLEND_TRY(const rpc::PayloadId id,
                  build_payload(**head, state.head_block_hash, *attributes, version));
        result.payload_id = id;
    }
    return result;
}

rpc::RpcResult<rpc::PayloadId> EngineApi::build_payload(const Header& parent,
                                                        const Hash& parent_hash,
                                                        const rpc::PayloadAttributes& a,
                                                        rpc::EngineVersion version)
{
    const rpc::PayloadId id = payload_id(parent_hash, version, a);
    if (find_payload(id))
        return id;  // rule 7: identical attributes reuse the build

    // L2 attributes: the forced transactions, decoded and their senders recovered, in order.
    std::vector<node::PendingTx> forced;
    forced.reserve(a.transactions.size());
    for (const Bytes& raw : a.transactions) {
        auto tx = decode_transaction(raw);
        if (!tx)
            return Unexpected{RpcError::of(ErrorCode::kInvalidPayloadAttributes)};
        auto sender = recover_sender(*tx);
        if (!sender)
            return Unexpected{RpcError::of(ErrorCode::kInvalidPayloadAttributes)};
        forced.push_back(node::PendingTx{std::move(*tx), *sender, keccak256(raw)});
    }
    std::vector<node::PendingTx> candidates;
    if (pool_ && !a.no_tx_pool) {
        auto best = pool_->best(node::next_base_fee(parent));
        while (const auto p = best.peek()) {
            candidates.push_back(node::PendingTx{p->tx, p->sender, p->hash});
            best.shift();
        }
    }

    node::BuildParams params;
    params.parent_hash = parent_hash;
    params.timestamp = a.timestamp;
    params.fee_recipient = a.suggested_fee_recipient;
    params.prev_randao = a.prev_randao;
    params.parent_beacon_block_root = a.parent_beacon_block_root.value_or(Hash{});
    params.gas_limit = a.gas_limit;
    if (a.withdrawals)
        params.withdrawals = *a.withdrawals;
    Result<node::BuiltBlock, node::BuildError> built = Unexpected{node::BuildError::kChain};
    {
        const std::lock_guard exec_lock{exec_mutex_};
        built = node::build_block(chain_, modules_, config_.chain_id, params, forced,
                                  std::move(candidates), config_.limits);
    }
    if (!built) {
        switch (built.error()) {
        case node::BuildError::kForcedTxInvalid:
        case node::BuildError::kBadTimestamp:
        case node::BuildError::kBadExtraData:
            return Unexpected{RpcError::of(ErrorCode::kInvalidPayloadAttributes)};
        default:
            return Unexpected{
                RpcError::internal(std::string("build: ") + node::to_string(built.error()))};
        }
    }
    // Pool transactions refused for good would be refused again: drop them.
    if (pool_) {
        std::vector<Hash> refused;
        for (const node::SkippedTx& s : built->skipped)
            if (refused_for_good(s.error))
                refused.push_back(s.hash);
        pool_->remove(refused);
    }
    Payload payload;
    payload.id = id;
    payload.block_value = block_value(built->block);
    payload.block = std::move(built->block);
    payload.diff = std::move(built->diff);
    payloads_.push_back(std::move(payload));
    if (payloads_.size() > kMaxPayloads)
        payloads_.pop_front();
    return id;
}

rpc::RpcResult<rpc::BuiltPayload> EngineApi::get_payload(rpc::EngineVersion /*version*/,
                                                         const rpc::PayloadId& id)
{
    const std::lock_guard lock{mutex_};
    const Payload* p = find_payload(id);
    if (!p)
        return Unexpected{RpcError::of(ErrorCode::kUnknownPayload)};
    rpc::BuiltPayload out;
    out.header = p->block.header;
    out.block_hash = p->block.hash;
    out.transactions = body_of(p->block).transactions;
    out.withdrawals = p->block.withdrawals;
    out.block_value = p->block_value;
    out.execution_requests = {};  // EIP-7685: Blend runs no request contracts
    out.should_override_builder = false;
    return out;
}

rpc::RpcResult<std::vector<std::optional<rpc::PayloadBody>>> EngineApi::payload_bodies_by_hash(
    std::span<const Hash> hashes)
{
    if (hashes.size() > kMaxPayloadBodies)
        return Unexpected{RpcError::of(ErrorCode::kTooLargeRequest)};
    std::vector<std::optional<rpc::PayloadBody>> out;
    out.reserve(hashes.size());
    for (const Hash& h : hashes) {
        const auto block = chain_.block(h);
        if (!block)
            return Unexpected{chain_failure(chain_, block.error())};
        out.push_back(*block ? std::optional{body_of(**block)} : std::nullopt);
    }
    return out;
}

rpc::RpcResult<std::vector<std::optional<rpc::PayloadBody>>> EngineApi::payload_bodies_by_range(
    uint64_t start,
    uint64_t count)
{
    if (count > kMaxPayloadBodies)
        return Unexpected{RpcError::of(ErrorCode::kTooLargeRequest)};
    if (start == 0 || count == 0)
        return Unexpected{RpcError::invalid_params("start and count must be at least 1")};
    std::vector<std::optional<rpc::PayloadBody>> out;
    const uint64_t head = chain_.head_number();
    for (uint64_t n = start; n - start < count && n <= head; ++n) {
        const auto hash = chain_.canonical_hash(n);
        if (!hash)
            return Unexpected{chain_failure(chain_, hash.error())};
        if (!*hash) {
            out.emplace_back(std::nullopt);
            continue;
        }
        const auto block = chain_.block(**hash);
        if (!block)
            return Unexpected{chain_failure(chain_, block.error())};
        out.push_back(*block ? std::optional{body_of(**block)} : std::nullopt);
    }
    return out;
}

}  // namespace blend::engine
