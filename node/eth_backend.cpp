// SPDX-License-Identifier: Apache-2.0
#include "node/eth_backend.hpp"

#include "core/rlp/rlp.hpp"
#include "core/types/bloom.hpp"
#include "execution/account_code.hpp"
#include "execution/call_tracer.hpp"
#include "execution/gas.hpp"
#include "execution/journal.hpp"
#include "execution/state_db_reader.hpp"
#include "execution/validate_transaction.hpp"
#include "node/builder/base_fee.hpp"
#include "node/trace_transaction.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace blend::node {

namespace {

using rpc::RpcError;
using rpc::RpcResult;

/// geth's answer when a block parameter names no known block (api-surface §1.2).
RpcError header_not_found()
{
    return RpcError::server("header not found");
}

RpcError chain_failure(const ChainStore& chain, ChainError e)
{
    return RpcError::internal(std::string(to_string(e)) + ": " + chain.last_error());
}

RpcError state_failure(trie::StateError e)
{
    if (e == trie::StateError::kPruned)
        return RpcError::server("missing trie node (state pruned)");
    if (e == trie::StateError::kUnknownBlock)
        return header_not_found();
    return RpcError::internal(trie::to_string(e));
}

trie::At at_of(const NodeEthBackend::Resolved& r)
{
    // At::hash knows diffs and the persisted tip only (docs/state.md); canonical blocks are read
    // by number, which reaches every retained block of the head chain.
    return r.canonical ? trie::At::number(r.header.number) : trie::At::hash(r.hash);
}

uint64_t block_size(const StoredBlock& b)
{
    Bytes payload = *encode_header(b.header);
    Bytes txs;
    for (const Transaction& tx : b.transactions)
        encode_for_block_body(txs, tx);
    rlp::encode_list(payload, txs);
    rlp::encode_list(payload, {});
    Bytes withdrawals;
    for (const Withdrawal& w : b.withdrawals)
        encode_withdrawal(withdrawals, w);
    rlp::encode_list(payload, withdrawals);
    return rlp::header_size(payload.size()) + payload.size();
}

rpc::TransactionInfo tx_info(const StoredBlock& b, size_t i)
{
    rpc::TransactionInfo info;
    info.tx = {b.transactions[i], transaction_hash(b.transactions[i]), b.senders[i]};
    rpc::TransactionLocation loc;
    loc.block_hash = b.hash;
    loc.block_number = b.header.number;
    loc.block_timestamp = b.header.timestamp;
    loc.index = i;
    loc.base_fee_per_gas = b.header.base_fee_per_gas;
    info.location = loc;
    return info;
}

/// The logs of `b` that pass `filter`, with their block-wide positions.
void collect_logs(const StoredBlock& b,
                  const rpc::LogFilter& filter,
                  std::vector<rpc::LogInfo>& out)
{
    uint64_t log_index = 0;
    for (size_t i = 0; i < b.receipts.size(); ++i) {
        const Hash tx_hash = transaction_hash(b.transactions[i]);
        for (const Log& log : b.receipts[i].logs) {
            if (rpc::log_matches(filter, log)) {
                rpc::LogInfo li;
                li.log = log;
                li.block_hash = b.hash;
                li.block_number = b.header.number;
                li.block_timestamp = b.header.timestamp;
                li.transaction_hash = tx_hash;
                li.transaction_index = i;
                li.log_index = log_index;
                out.push_back(std::move(li));
            }
            ++log_index;
        }
    }
}

/// Whether the header's bloom may hold a log that passes `filter` (Yellow Paper §4.3.1).
bool bloom_may_match(const Bloom& bloom, const rpc::LogFilter& filter)
{
    if (!filter.addresses.empty() &&
        std::none_of(filter.addresses.begin(), filter.addresses.end(),
                     [&](const Address& a) { return bloom_may_contain(bloom, a.view()); }))
        return false;
    for (const auto& alternatives : filter.topics) {
        if (alternatives.empty())
            continue;
        if (std::none_of(alternatives.begin(), alternatives.end(),
                         [&](const Hash& t) { return bloom_may_contain(bloom, t.view()); }))
            return false;
    }
    return true;
}

}  // namespace

rpc::Block to_rpc_block(const StoredBlock& b, bool full)
{
    rpc::Block out;
    out.header = b.header;
    out.hash = b.hash;
    out.size = block_size(b);
    for (size_t i = 0; i < b.transactions.size(); ++i) {
        const Hash h = transaction_hash(b.transactions[i]);
        out.transaction_hashes.push_back(h);
        if (full)
            out.transactions.push_back({b.transactions[i], h, b.senders[i]});
    }
    out.withdrawals = b.withdrawals;
    return out;
}

std::vector<rpc::ReceiptInfo> to_receipt_infos(const StoredBlock& b)
{
    std::vector<rpc::ReceiptInfo> out;
    uint64_t log_index = 0;
    const U256 base = b.header.base_fee_per_gas.value_or(U256{});
    for (size_t i = 0; i < b.receipts.size(); ++i) {
        rpc::ReceiptInfo r;
        r.receipt = b.receipts[i];
        r.transaction_hash = transaction_hash(b.transactions[i]);
        r.transaction_index = i;
        r.block_hash = b.hash;
        r.block_number = b.header.number;
        r.block_timestamp = b.header.timestamp;
        r.from = b.senders[i];
        r.to = b.transactions[i].to;
        r.contract_address = b.receipt_extras[i].contract_address;
        r.gas_used = b.receipt_extras[i].gas_used;
        r.effective_gas_price = execution::effective_gas_price(b.transactions[i], base);
        r.first_log_index = log_index;
        log_index += b.receipts[i].logs.size();
        out.push_back(std::move(r));
    }
    return out;
}

NodeEthBackend::NodeEthBackend(Node& node, uint64_t gas_cap) : node_(node), gas_cap_(gas_cap) {}

NodeEthBackend::~NodeEthBackend() = default;

uint64_t NodeEthBackend::chain_id() const
{
    return node_.chain_id();
}

RpcResult<uint64_t> NodeEthBackend::block_number()
{
    return node_.chain().head_number();
}

RpcResult<std::optional<rpc::SyncStatus>> NodeEthBackend::syncing()
{
    return std::optional<rpc::SyncStatus>{};
}

RpcResult<Address> NodeEthBackend::coinbase()
{
    return Address{};
}

RpcResult<std::optional<NodeEthBackend::Resolved>> NodeEthBackend::resolve(const rpc::BlockId& id)
{
    ChainStore& chain = node_.chain();
    std::optional<Hash> hash;
    bool by_hash = false;
    if (const auto* tag = std::get_if<rpc::BlockTag>(&id.value)) {
        switch (*tag) {
        case rpc::BlockTag::kLatest:
        case rpc::BlockTag::kPending:
            hash = chain.head_hash();
            break;
        case rpc::BlockTag::kEarliest:
            hash = chain.genesis_hash();
            break;
        case rpc::BlockTag::kSafe:
            // A dev chain has no consensus client: its head is as safe as anything.
            hash = chain.safe_hash().value_or(chain.head_hash());
            break;
        case rpc::BlockTag::kFinalized:
            hash = chain.finalized_hash().value_or(chain.head_hash());
            break;
        }
    } else if (const auto* n = std::get_if<uint64_t>(&id.value)) {
        auto h = chain.canonical_hash(*n);
        if (!h)
            return Unexpected{chain_failure(chain, h.error())};
        hash = *h;
    } else {
        hash = std::get<Hash>(id.value);
        by_hash = true;
    }
    if (!hash)
        return std::optional<Resolved>{};
    auto header = chain.header(*hash);
    if (!header)
        return Unexpected{chain_failure(chain, header.error())};
    if (!*header)
        return std::optional<Resolved>{};
    Resolved r{**header, *hash, true};
    if (by_hash) {
        auto canon = chain.canonical_hash(r.header.number);
        if (!canon)
            return Unexpected{chain_failure(chain, canon.error())};
        r.canonical = *canon == std::optional<Hash>{*hash};
        if (id.require_canonical && !r.canonical)
            return Unexpected{RpcError::server("hash is not currently canonical")};
    }
    return std::optional<Resolved>{r};
}

RpcResult<NodeEthBackend::Resolved> NodeEthBackend::resolve_state(const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve(id));
    if (!r)
        return Unexpected{header_not_found()};
    return *r;
}

RpcResult<std::optional<StoredBlock>> NodeEthBackend::load(const Hash& hash)
{
    auto b = node_.chain().block(hash);
    if (!b)
        return Unexpected{chain_failure(node_.chain(), b.error())};
    return std::move(*b);
}

RpcResult<std::optional<rpc::Block>> NodeEthBackend::block(const rpc::BlockId& id, bool full)
{
    BLEND_TRY(const auto r, resolve(id));
    if (!r)
        return std::optional<rpc::Block>{};
    BLEND_TRY(const auto b, load(r->hash));
    if (!b)
        return std::optional<rpc::Block>{};
    return std::optional<rpc::Block>{to_rpc_block(*b, full)};
}

RpcResult<U256> NodeEthBackend::balance(const Address& a, const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve_state(id));
    auto acct = node_.chain().state().account(a, at_of(r));
    if (!acct)
        return Unexpected{state_failure(acct.error())};
    return *acct ? u256_from_hash((*acct)->balance) : U256{};
}

RpcResult<uint64_t> NodeEthBackend::transaction_count(const Address& a, const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve_state(id));
    auto acct = node_.chain().state().account(a, at_of(r));
    if (!acct)
        return Unexpected{state_failure(acct.error())};
    uint64_t nonce = *acct ? (*acct)->nonce : 0;
    if (const auto* tag = std::get_if<rpc::BlockTag>(&id.value);
        tag && *tag == rpc::BlockTag::kPending) {
        // The pool's pending nonce: the head nonce plus the sender's executable transactions
        // (queued ones behind a gap do not count, as geth). The pool moves to a new head just
        // after the block is committed, so the head state's nonce bounds it from below.
        nonce = std::max(nonce, node_.pool().pending_nonce(a));
    }
    return nonce;
}

RpcResult<Bytes> NodeEthBackend::code(const Address& a, const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve_state(id));
    auto acct = node_.chain().state().account(a, at_of(r));
    if (!acct)
        return Unexpected{state_failure(acct.error())};
    if (!*acct || (*acct)->code_size == 0)
        return Bytes{};
    auto c = node_.chain().state().code((*acct)->code_hash);
    if (!c)
        return Unexpected{state_failure(c.error())};
    if (!*c)
        return Bytes{};
    // An EVM contract's account code is EF 44 00 ‖ runtime ‖ metadata (docs/abi.md §7); the RPC
    // shows what EXTCODECOPY sees, its EVM bytecode.
    const BytesView shown = execution::visible_code(**c);
    return Bytes(shown.begin(), shown.end());
}

RpcResult<Hash> NodeEthBackend::storage_at(const Address& a,
                                           const Hash& slot,
                                           const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve_state(id));
    auto v = node_.chain().state().storage(a, slot, at_of(r));
    if (!v)
        return Unexpected{state_failure(v.error())};
    return *v;
}

RpcResult<Hash> NodeEthBackend::send_raw_transaction(const rpc::SignedTransaction& stx)
{
    // geth treats its own RPC's transactions as local (journaled, never evicted for remote
    // ones); a refusal is -32000 with the pool's geth wording (api-surface §1.2). The pool's
    // subscription announces it as pending and wakes the sequencer (Node::start).
    auto added = node_.pool().add(stx.tx, txpool::Origin::kLocal);
    if (!added)
        return Unexpected{RpcError::server(txpool::to_string(added.error()))};
    return *added;
}

namespace {

/// Records what ran the top frame of a call and the gas that frame used, the two things a
/// TxOutcome does not carry (execution/call_tracer.hpp: the observer contract).
class TopFrameObserver final : public execution::CallObserver {
public:
    void on_enter(const execution::Message& message) override
    {
        if (open_++ == 0)
            gas_ = message.gas;
    }
    void on_code(execution::CodeRunner runner) override
    {
        if (open_ == 1)
            runner_ = runner;
    }
    void on_exit(const execution::MessageResult& result) override
    {
        if (--open_ == 0)
            gas_used_ = result.gas_used;
    }

    [[nodiscard]] execution::CodeRunner runner() const noexcept { return runner_; }
    [[nodiscard]] uint64_t gas() const noexcept { return gas_; }
    [[nodiscard]] uint64_t gas_used() const noexcept { return gas_used_; }

private:
    uint32_t open_ = 0;
    execution::CodeRunner runner_ = execution::CodeRunner::kNone;
    uint64_t gas_ = 0;
    uint64_t gas_used_ = 0;
};

}  // namespace

RpcResult<NodeEthBackend::CallRun> NodeEthBackend::run_call(const rpc::CallRequest& req,
                                                            const Resolved& at,
                                                            uint64_t gas)
{
    ChainStore& chain = node_.chain();
    const Address from = req.from.value_or(Address{});
    const bool priced = req.gas_price || req.max_fee_per_gas;
    execution::BlockContext ctx;
    ctx.chain_id = node_.chain_id();
    ctx.number = at.header.number;
    ctx.timestamp = at.header.timestamp;
    ctx.gas_limit = std::max(at.header.gas_limit, gas);
    // geth's eth_call without a gas price runs with a zero base fee, so that an account without
    // funds can call (internal/ethapi: NoBaseFee).
    ctx.base_fee = priced ? at.header.base_fee_per_gas.value_or(U256{}) : U256{};
    ctx.prev_randao = at.header.mix_hash;
    ctx.coinbase = at.header.coinbase;

    // The chain's reader shares verified code with block building and every other call.
    const execution::StateDbReader reader = chain.reader(at_of(at));
    execution::JournaledState state(reader);

    Transaction tx;
    tx.chain_id = node_.chain_id();
    // geth runs calls with SkipNonceChecks (internal/ethapi, core.Message): a request's nonce is
    // not checked, and creation addresses use the state's nonce. Wallets pass the *pending* nonce
    // (viem estimates gas with it while the sender's previous transaction is still in the pool),
    // which the head state would refuse as "nonce too high". So the call runs at the state's nonce.
    tx.nonce = state.get(from).nonce;
    tx.gas_limit = gas;
    tx.to = req.to;
    tx.value = req.value.value_or(U256{});
    tx.data = req.input.value_or(Bytes{});
    tx.access_list = req.access_list.value_or(AccessList{});
    if (req.max_fee_per_gas || req.max_priority_fee_per_gas ||
        (req.type && *req.type == TxType::kDynamicFee)) {
        tx.type = TxType::kDynamicFee;
        tx.max_fee_per_gas = req.max_fee_per_gas.value_or(ctx.base_fee);
        tx.max_priority_fee_per_gas = req.max_priority_fee_per_gas.value_or(U256{});
    } else {
        tx.type = req.access_list ? TxType::kAccessList : TxType::kLegacy;
        tx.gas_price = req.gas_price.value_or(U256{});
    }
    if (req.authorization_list) {
        tx.type = TxType::kSetCode;
        tx.authorization_list = *req.authorization_list;
    }
    // A module cache of this call's own (node/module_cache_pool.hpp): calls run in parallel with
    // each other and with block building, which keeps exec_mutex and its own cache.
    ModuleCachePool::Lease lease = node_.call_modules().acquire();
    TopFrameObserver top;
    execution::ExecutorLimits limits = node_.limits();
    limits.observer = &top;
    auto outcome =
        execution::apply_transaction(state, lease.cache(), ctx, tx, from, ctx.gas_limit, limits);
    if (reader.error())
        return Unexpected{state_failure(*reader.error())};
    if (!outcome)
        return Unexpected{RpcError::server(execution::to_string(outcome.error()))};
    CallRun run;
    run.runner = top.runner();
    // Intrinsic gas plus what the top frame used: the gas used before the refund (EIP-3529).
    run.gas_before_refund = std::max(outcome->gas_used, tx.gas_limit - top.gas() + top.gas_used());
    run.outcome = std::move(*outcome);
    return run;
}

namespace {

/// docs/abi.md §6: exit code -1 is a revert (output is the revert data).
constexpr int32_t kExitRevert = -1;
/// docs/abi.md §6: out of fuel, which is out of gas for every runner (the EVM runtime reports
/// its out-of-gas halt with it: runtimes/evm/interpreter.hpp exit_code_of).
constexpr int32_t kExitOutOfGas = -2010;
/// The gas a CALL with value hands its callee for free (Yellow Paper Appendix G, G_callstipend):
/// geth adds it to the first estimate, as a callee can need it on top of the gas used.
constexpr uint64_t kCallStipend = 2'300;

/// The error of a call that did not succeed, as geth answers eth_call: a revert is code 3 with
/// its data and "execution reverted[: <reason>]" (Error(string) / Panic(uint256) decoded,
/// accounts/abi UnpackRevert); any other failure is -32000 with the VM error's text ("out of
/// gas", "invalid opcode: INVALID", ...: execution::call_error_text, the words the call tracer
/// uses too).
RpcError failed_call(const execution::TxOutcome& o, execution::CodeRunner runner)
{
    if (o.exit_code == kExitRevert)
        return RpcError::reverted(o.output, execution::decode_revert_reason(o.output).value_or(""));
    return RpcError::server(execution::call_error_text(o.exit_code, runner));
}

}  // namespace

RpcResult<Bytes> NodeEthBackend::call(const rpc::CallRequest& request, const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve_state(id));
    const uint64_t gas = std::min(request.gas.value_or(gas_cap_), gas_cap_);
    BLEND_TRY(auto run, run_call(request, r, gas));
    if (!run.outcome.success)
        return Unexpected{failed_call(run.outcome, run.runner)};
    return std::move(run.outcome.output);
}

RpcResult<uint64_t> NodeEthBackend::estimate_gas(const rpc::CallRequest& request,
                                                 const rpc::BlockId& id)
{
    // geth's estimator (eth/gasestimator): one run at the cap, a first guess from the gas it
    // used, then a bisection only when the guess fails, stopped at kEstimateErrorRatio.
    BLEND_TRY(const auto r, resolve_state(id));
    uint64_t hi = std::min({request.gas.value_or(gas_cap_), gas_cap_, r.header.gas_limit});
    size_t executions = 0;
    const auto succeeds = [&](uint64_t gas) -> RpcResult<bool> {
        ++executions;
        BLEND_TRY(const auto run, run_call(request, r, gas));
        return run.outcome.success;
    };
    const auto done = [&](uint64_t gas) {
        spdlog::debug("eth_estimateGas gas={} executions={}", gas, executions);
        return gas;
    };

    // A plain transfer to an account without code costs exactly G_transaction (21,000): one
    // run confirms it (geth does the same before anything else).
    const bool plain =
        request.to && request.input.value_or(Bytes{}).empty() && hi >= execution::gas::kTx;
    if (plain) {
        auto acct = node_.chain().state().account(*request.to, at_of(r));
        if (!acct)
            return Unexpected{state_failure(acct.error())};
        const bool no_code = !*acct || (*acct)->code_hash == kEmptyCodeHash;
        if (no_code) {
            auto ok = succeeds(execution::gas::kTx);
            if (ok && *ok)
                return done(execution::gas::kTx);
        }
    }

    // First at the cap, so that a call that fails with all the gas reports its error: a revert
    // with its data (code 3); out of gas as geth words it.
    ++executions;
    BLEND_TRY(const auto top, run_call(request, r, hi));
    if (!top.outcome.success) {
        if (top.outcome.exit_code == kExitOutOfGas)
            return Unexpected{
                RpcError::server("gas required exceeds allowance (" + std::to_string(hi) + ")")};
        return Unexpected{failed_call(top.outcome, top.runner)};
    }
    // Below what it used it cannot succeed (refunds only lower what is charged at the end).
    uint64_t lo = top.outcome.gas_used > 0 ? top.outcome.gas_used - 1 : 0;
    // The first guess: the gas used before refunds plus a call stipend, and 64/63 of it, as an
    // EIP-150 call keeps back 1/64 of the gas it has (geth's optimisticGasLimit).
    const uint64_t guess = (top.gas_before_refund + kCallStipend) * 64 / 63;
    if (guess < hi) {
        BLEND_TRY(const bool ok, succeeds(guess));
        if (ok)
            hi = guess;
        else
            lo = guess;
    }
    while (lo + 1 < hi) {
        if (static_cast<double>(hi - lo) / static_cast<double>(hi) < kEstimateErrorRatio)
            break;
        uint64_t mid = lo + (hi - lo) / 2;
        // Most calls need little more than they used: look near the low end first (geth).
        if (lo <= (~uint64_t{0}) / 2 && mid > lo * 2)
            mid = lo * 2;
        // A refusal below (e.g. intrinsic gas) counts as a failure at that gas, as in the search.
        auto ok = succeeds(mid);
        if (ok && *ok)
            hi = mid;
        else
            lo = mid;
    }
    return done(hi);
}

RpcResult<std::optional<rpc::TransactionInfo>> NodeEthBackend::transaction_by_hash(const Hash& hash)
{
    auto loc = node_.chain().tx_location(hash);
    if (!loc)
        return Unexpected{chain_failure(node_.chain(), loc.error())};
    if (!*loc) {
        // Still in the pool: no block yet (blockHash, blockNumber, transactionIndex null).
        if (const txpool::PooledTxPtr p = node_.pool().get(hash))
            return std::optional<rpc::TransactionInfo>{
                rpc::TransactionInfo{{p->tx, p->hash, p->sender}, std::nullopt}};
        return std::optional<rpc::TransactionInfo>{};
    }
    BLEND_TRY(const auto b, load((*loc)->block_hash));
    if (!b || (*loc)->index >= b->transactions.size())
        return std::optional<rpc::TransactionInfo>{};
    return std::optional<rpc::TransactionInfo>{tx_info(*b, (*loc)->index)};
}

RpcResult<std::optional<rpc::TransactionInfo>> NodeEthBackend::transaction_by_block_and_index(
    const rpc::BlockId& block,
    uint64_t index)
{
    BLEND_TRY(const auto r, resolve(block));
    if (!r)
        return std::optional<rpc::TransactionInfo>{};
    BLEND_TRY(const auto b, load(r->hash));
    if (!b || index >= b->transactions.size())
        return std::optional<rpc::TransactionInfo>{};
    return std::optional<rpc::TransactionInfo>{tx_info(*b, index)};
}

RpcResult<std::optional<rpc::ReceiptInfo>> NodeEthBackend::receipt(const Hash& tx_hash)
{
    auto loc = node_.chain().tx_location(tx_hash);
    if (!loc)
        return Unexpected{chain_failure(node_.chain(), loc.error())};
    if (!*loc)
        return std::optional<rpc::ReceiptInfo>{};
    BLEND_TRY(const auto b, load((*loc)->block_hash));
    if (!b || (*loc)->index >= b->receipts.size())
        return std::optional<rpc::ReceiptInfo>{};
    auto all = to_receipt_infos(*b);
    return std::optional<rpc::ReceiptInfo>{std::move(all[(*loc)->index])};
}

RpcResult<std::optional<std::vector<rpc::ReceiptInfo>>> NodeEthBackend::block_receipts(
    const rpc::BlockId& block)
{
    BLEND_TRY(const auto r, resolve(block));
    if (!r)
        return std::optional<std::vector<rpc::ReceiptInfo>>{};
    BLEND_TRY(const auto b, load(r->hash));
    if (!b)
        return std::optional<std::vector<rpc::ReceiptInfo>>{};
    return std::optional<std::vector<rpc::ReceiptInfo>>{to_receipt_infos(*b)};
}

RpcResult<std::vector<rpc::LogInfo>> NodeEthBackend::logs(const rpc::LogFilter& filter)
{
    std::vector<rpc::LogInfo> out;
    if (filter.block_hash) {
        BLEND_TRY(const auto b, load(*filter.block_hash));
        if (!b)
            return Unexpected{RpcError::server("unknown block")};
        collect_logs(*b, filter, out);
        return out;
    }
    BLEND_TRY(const auto from, resolve(filter.from_block));
    BLEND_TRY(const auto to, resolve(filter.to_block));
    if (!from || !to)
        return Unexpected{header_not_found()};
    if (from->header.number > to->header.number)
        return Unexpected{RpcError::invalid_params("invalid block range params")};
    if (to->header.number - from->header.number >= kMaxLogBlockRange)
        return Unexpected{RpcError::server("block range too large (max " +
                                           std::to_string(kMaxLogBlockRange) + " blocks)")};
    for (uint64_t n = from->header.number; n <= to->header.number; ++n) {
        auto h = node_.chain().canonical_hash(n);
        if (!h)
            return Unexpected{chain_failure(node_.chain(), h.error())};
        if (!*h)
            break;
        auto header = node_.chain().header(**h);
        if (!header || !*header)
            continue;
        if (!bloom_may_match((*header)->logs_bloom, filter))
            continue;
        BLEND_TRY(const auto b, load(**h));
        if (b)
            collect_logs(*b, filter, out);
        if (out.size() > kMaxLogResults)
            return Unexpected{RpcError::server("query returned more than " +
                                               std::to_string(kMaxLogResults) + " results")};
    }
    return out;
}

RpcResult<rpc::FeeHistory> NodeEthBackend::fee_history(uint64_t block_count,
                                                       const rpc::BlockId& newest,
                                                       std::span<const double> percentiles)
{
    BLEND_TRY(const auto last, resolve_state(newest));
    const uint64_t count = std::min(block_count, last.header.number + 1);
    rpc::FeeHistory out;
    out.oldest_block = last.header.number + 1 - count;
    for (uint64_t n = out.oldest_block; n <= last.header.number; ++n) {
        auto h = node_.chain().canonical_hash(n);
        if (!h || !*h)
            return Unexpected{header_not_found()};
        BLEND_TRY(const auto b, load(**h));
        if (!b)
            return Unexpected{header_not_found()};
        const Header& header = b->header;
        const U256 base = header.base_fee_per_gas.value_or(U256{});
        out.base_fee_per_gas.push_back(base);
        out.gas_used_ratio.push_back(header.gas_limit == 0
                                         ? 0.0
                                         : static_cast<double>(header.gas_used) /
                                               static_cast<double>(header.gas_limit));
        if (n == last.header.number)
            out.base_fee_per_gas.push_back(next_base_fee(header));
        if (percentiles.empty())
            continue;
        // geth's oracle: transactions sorted by effective tip, each weighted by the gas it used;
        // percentile p is the tip of the transaction where the cumulative gas reaches p% of the
        // block's gas used. An empty block rewards zero.
        std::vector<std::pair<U256, uint64_t>> tips;
        for (size_t i = 0; i < b->transactions.size(); ++i)
            tips.emplace_back(execution::effective_gas_price(b->transactions[i], base) - base,
                              b->receipt_extras[i].gas_used);
        std::sort(tips.begin(), tips.end(),
                  [](const auto& x, const auto& y) { return x.first < y.first; });
        std::vector<U256> rewards;
        size_t i = 0;
        uint64_t cumulative = tips.empty() ? 0 : tips[0].second;
        for (const double p : percentiles) {
            if (tips.empty()) {
                rewards.push_back(U256{});
                continue;
            }
            const double threshold = static_cast<double>(header.gas_used) * p / 100.0;
            while (static_cast<double>(cumulative) < threshold && i + 1 < tips.size()) {
                ++i;
                cumulative += tips[i].second;
            }
            rewards.push_back(tips[i].first);
        }
        out.reward.push_back(std::move(rewards));
    }
    return out;
}

RpcResult<U256> NodeEthBackend::gas_price()
{
    return next_base_fee(node_.chain().head_header()) + U256{kSuggestedTip};
}

RpcResult<U256> NodeEthBackend::max_priority_fee_per_gas()
{
    return U256{kSuggestedTip};
}

RpcResult<rpc::AccountProof> NodeEthBackend::proof(const Address& address,
                                                   std::span<const Hash> slots,
                                                   const rpc::BlockId& id)
{
    BLEND_TRY(const auto r, resolve_state(id));
    const trie::At at = at_of(r);
    const trie::StateDb& db = node_.chain().state();
    rpc::AccountProof out;
    out.address = address;
    auto nodes = db.prove_account(address, at);
    if (!nodes)
        return Unexpected{state_failure(nodes.error())};
    out.account_proof = std::move(*nodes);
    auto acct = db.account(address, at);
    if (!acct)
        return Unexpected{state_failure(acct.error())};
    out.code_hash = kEmptyCodeHash;
    if (*acct) {
        out.balance = u256_from_hash((*acct)->balance);
        out.nonce = (*acct)->nonce;
        out.code_hash = (*acct)->code_hash;
    }
    // One global trie holds all storage (docs/state.md): an account has no storage root, so
    // storageHash is zero and each storage proof runs from the state root.
    for (const Hash& slot : slots) {
        auto value = db.storage(address, slot, at);
        if (!value)
            return Unexpected{state_failure(value.error())};
        auto p = db.prove_storage(address, slot, at);
        if (!p)
            return Unexpected{state_failure(p.error())};
        out.storage_proof.push_back({slot, u256_from_hash(*value), std::move(*p)});
    }
    return out;
}

RpcResult<std::optional<rpc::CallFrame>> NodeEthBackend::trace_transaction(
    const Hash& hash,
    const rpc::TraceOptions& options)
{
    return node::trace_transaction(node_, hash, options);  // node/trace_transaction.cpp
}

void NodeEthBackend::add_listener(rpc::ChainEventListener* listener)
{
    std::lock_guard lock(listeners_mutex_);
    listeners_.push_back(listener);
}

void NodeEthBackend::remove_listener(rpc::ChainEventListener* listener)
{
    std::lock_guard lock(listeners_mutex_);
    std::erase(listeners_, listener);
}

void NodeEthBackend::publish_pending_transaction(const Hash& hash)
{
    std::lock_guard lock(listeners_mutex_);
    for (rpc::ChainEventListener* l : listeners_)
        l->on_pending_transaction(hash);
}

void NodeEthBackend::publish_block(const StoredBlock& block)
{
    std::lock_guard lock(listeners_mutex_);
    if (listeners_.empty())
        return;
    const rpc::Block head = to_rpc_block(block, false);
    std::vector<rpc::LogInfo> logs;
    collect_logs(block, rpc::LogFilter{}, logs);
    for (rpc::ChainEventListener* l : listeners_) {
        l->on_new_head(head);
        if (!logs.empty())
            l->on_logs(logs);
    }
}

void NodeEthBackend::publish_removed_logs(const StoredBlock& block)
{
    std::lock_guard lock(listeners_mutex_);
    if (listeners_.empty())
        return;
    std::vector<rpc::LogInfo> logs;
    collect_logs(block, rpc::LogFilter{}, logs);
    if (logs.empty())
        return;
    for (rpc::LogInfo& li : logs)
        li.removed = true;
    for (rpc::ChainEventListener* l : listeners_)
        l->on_logs(logs);
}

}  // namespace blend::node
