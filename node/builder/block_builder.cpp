// SPDX-License-Identifier: Apache-2.0
#include "node/builder/block_builder.hpp"

#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"
#include "execution/execute_block.hpp"
#include "execution/gas.hpp"
#include "node/builder/base_fee.hpp"
#include "trie/field/fr.hpp"

#include <algorithm>
#include <map>
#include <queue>
#include <utility>

namespace blend::node {

namespace {

/// EIP-4895: withdrawal amounts are in Gwei.
constexpr uint64_t kWeiPerGwei = 1'000'000'000;

/// Transactions in block order: per sender by nonce; across senders by the effective tip of each
/// sender's next transaction (geth's "price and nonce" order). The builder tells it what became
/// of the head: shift() moves to the sender's next transaction, pop() drops the sender (a
/// transaction that failed for a reason its successors share).
class TipQueue {
public:
    TipQueue(std::vector<PendingTx> txs, const U256& base_fee) : base_fee_(base_fee)
    {
        std::map<Address, size_t> index;
        for (size_t i = 0; i < txs.size(); ++i) {
            auto [it, inserted] = index.try_emplace(txs[i].sender, senders_.size());
            if (inserted)
                senders_.emplace_back();
            senders_[it->second].push_back({std::move(txs[i]), i});
        }
        for (auto& list : senders_)
            std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
                return a.tx.tx.nonce < b.tx.tx.nonce;
            });
        positions_.assign(senders_.size(), 0);
        for (size_t s = 0; s < senders_.size(); ++s)
            push(s);
    }

    [[nodiscard]] const PendingTx* peek() const
    {
        return heap_.empty() ? nullptr : &senders_[heap_.top().sender][heap_.top().position].tx;
    }
    void shift()
    {
        const size_t s = heap_.top().sender;
        heap_.pop();
        ++positions_[s];
        push(s);
    }
    void pop() { heap_.pop(); }

private:
    struct Entry {
        PendingTx tx;
        size_t arrival;
    };
    struct Head {
        U256 tip;
        size_t arrival;
        size_t sender;
        size_t position;
        // std::priority_queue is a max-heap: higher tip first, then earlier arrival.
        bool operator<(const Head& o) const
        {
            if (tip != o.tip)
                return tip < o.tip;
            return arrival > o.arrival;
        }
    };

    void push(size_t s)
    {
        const size_t p = positions_[s];
        if (p >= senders_[s].size())
            return;
        const auto tip = effective_tip(senders_[s][p].tx.tx, base_fee_);
        // A fee cap below the base fee blocks the sender's later nonces too.
        if (!tip)
            return;
        heap_.push({*tip, senders_[s][p].arrival, s, p});
    }

    U256 base_fee_;
    std::vector<std::vector<Entry>> senders_;
    std::vector<size_t> positions_;
    std::priority_queue<Head> heap_;
};

Receipt make_receipt(const Transaction& tx,
                     const execution::TxOutcome& outcome,
                     uint64_t cumulative)
{
    Receipt r;
    r.type = static_cast<uint8_t>(tx.type);
    r.status = outcome.success;
    r.cumulative_gas_used = cumulative;
    r.logs = outcome.logs;
    return with_computed_bloom(std::move(r));
}

}  // namespace

const char* to_string(BuildError e) noexcept
{
    switch (e) {
    case BuildError::kUnknownParent:
        return "unknown parent block";
    case BuildError::kStateRead:
        return "state read failed";
    case BuildError::kStateApply:
        return "state store refused the block's writes";
    case BuildError::kBadTimestamp:
        return "timestamp not above the parent's";
    case BuildError::kBadExtraData:
        return "extra data above 32 bytes";
    case BuildError::kChain:
        return "chain store error";
    case BuildError::kForcedTxInvalid:
        return "a forced transaction is invalid";
    }
    return "unknown build error";
}

std::optional<U256> effective_tip(const Transaction& tx, const U256& base_fee)
{
    if (tx.max_fee() < base_fee)
        return std::nullopt;
    const U256 room = tx.max_fee() - base_fee;
    return std::min(room, tx.max_priority_fee());
}

std::vector<PendingTx> order_by_tip(std::vector<PendingTx> txs, const U256& base_fee)
{
    TipQueue queue(std::move(txs), base_fee);
    std::vector<PendingTx> out;
    while (const PendingTx* p = queue.peek()) {
        out.push_back(*p);
        queue.shift();
    }
    return out;
}

Result<BuiltBlock, BuildError> build_block(ChainStore& chain,
                                           execution::ModuleCache& modules,
                                           uint64_t chain_id,
                                           const BuildParams& params,
                                           std::span<const PendingTx> forced,
                                           std::vector<PendingTx> candidates,
                                           const execution::ExecutorLimits& limits)
{
    const auto parent = chain.header(params.parent_hash);
    if (!parent)
        return Unexpected{BuildError::kChain};
    if (!*parent)
        return Unexpected{BuildError::kUnknownParent};
    if (params.timestamp <= (*parent)->timestamp)
        return Unexpected{BuildError::kBadTimestamp};
    if (params.extra_data.size() > kMaxExtraDataSize)
        return Unexpected{BuildError::kBadExtraData};

    execution::BlockInput input;
    input.context.chain_id = chain_id;
    input.context.number = (*parent)->number + 1;
    input.context.timestamp = params.timestamp;
    input.context.gas_limit = params.gas_limit.value_or((*parent)->gas_limit);
    input.context.base_fee = next_base_fee(**parent);
    input.context.prev_randao = params.prev_randao;
    input.context.coinbase = params.fee_recipient;
    input.parent_beacon_block_root = params.parent_beacon_block_root;
    input.parent_hash = params.parent_hash;
    input.withdrawals = params.withdrawals;
    const auto& ctx = input.context;

    const trie::At at = trie::At::hash(params.parent_hash);
    const execution::StateDbReader reader = chain.reader(at);
    execution::JournaledState state(reader);
    (void)execution::apply_block_start_system_calls(state, modules, input, limits);
    (void)state.finish_transaction();

    BuiltBlock out;
    StoredBlock& block = out.block;
    uint64_t gas_used = 0;
    auto include = [&](const PendingTx& p, const execution::TxOutcome& outcome) {
        gas_used += outcome.gas_used;
        block.receipts.push_back(make_receipt(p.tx, outcome, gas_used));
        block.receipt_extras.push_back({outcome.contract_address, outcome.gas_used});
        block.transactions.push_back(p.tx);
        block.senders.push_back(p.sender);
    };
    for (const PendingTx& p : forced) {
        auto r = execution::apply_transaction(state, modules, ctx, p.tx, p.sender,
                                              ctx.gas_limit - gas_used, limits);
        if (!r) {
            state.discard_transaction();
            if (reader.error())
                return Unexpected{BuildError::kStateRead};
            return Unexpected{BuildError::kForcedTxInvalid};
        }
        include(p, *r);
    }
    TipQueue queue(std::move(candidates), ctx.base_fee);
    while (const PendingTx* p = queue.peek()) {
        // Yellow Paper G_transaction: nothing fits in less than a plain transfer's gas.
        if (ctx.gas_limit - gas_used < execution::gas::kTx)
            break;
        auto r = execution::apply_transaction(state, modules, ctx, p->tx, p->sender,
                                              ctx.gas_limit - gas_used, limits);
        if (!r) {
            state.discard_transaction();
            out.skipped.push_back({p->hash, r.error()});
            // A stale nonce leaves the sender's next transactions valid; any other refusal
            // (gap, funds, gas) holds for them too.
            if (r.error() == execution::TxValidationError::kNonceTooLow)
                queue.shift();
            else
                queue.pop();
            continue;
        }
        include(*p, *r);
        queue.shift();
    }
    for (const Withdrawal& w : input.withdrawals)
        state.add_balance(w.address, U256{w.amount_gwei} * U256{kWeiPerGwei});
    (void)state.finish_transaction();
    if (reader.error())
        return Unexpected{BuildError::kStateRead};

    auto writes = execution::to_write_set(state.diff(), chain.state(), at);
    if (!writes)
        return Unexpected{writes.error() == trie::StateError::kWriteSetTooLarge
                              ? BuildError::kStateApply
                              : BuildError::kStateRead};
    auto diff = chain.state().apply(params.parent_hash, std::move(*writes));
    if (!diff)
        return Unexpected{BuildError::kStateApply};

    std::vector<Bytes> encoded;
    encoded.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        encoded.push_back(encode_transaction(tx));

    Header& h = block.header;
    h.parent_hash = params.parent_hash;
    h.coinbase = params.fee_recipient;
    h.state_root = field::fr_to_hash((*diff)->root());
    h.transactions_root = ordered_trie_root(std::span<const Bytes>(encoded));
    h.receipts_root = receipts_root(block.receipts);
    h.logs_bloom = block_logs_bloom(block.receipts);
    h.number = ctx.number;
    h.gas_limit = ctx.gas_limit;
    h.gas_used = gas_used;
    h.timestamp = params.timestamp;
    h.extra_data = params.extra_data;
    h.mix_hash = params.prev_randao;  // EIP-4399: prevRandao in the mixHash field
    h.base_fee_per_gas = ctx.base_fee;
    h.withdrawals_root = withdrawals_root(input.withdrawals);  // EIP-4895
    h.blob_gas_used = 0;                                       // EIP-4844: no blobs on L2
    h.excess_blob_gas = 0;
    h.parent_beacon_block_root = params.parent_beacon_block_root;  // EIP-4788
    h.requests_hash = kEmptyRequestsHash;                          // EIP-7685: no requests
    block.withdrawals = input.withdrawals;
    const auto hash = block_hash(h);
    if (!hash)
        return Unexpected{BuildError::kBadExtraData};
    block.hash = *hash;
    out.diff = std::move(*diff);
    return out;
}

}  // namespace blend::node
