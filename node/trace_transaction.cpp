// SPDX-License-Identifier: Apache-2.0
#include "node/trace_transaction.hpp"

#include "execution/apply_transaction.hpp"
#include "execution/call_tracer.hpp"
#include "execution/execute_block.hpp"
#include "execution/journal.hpp"
#include "execution/state_db_reader.hpp"

#include <mutex>
#include <string>
#include <utility>

namespace blend::node {

namespace {

using rpc::RpcError;
using rpc::RpcResult;

/// The one tracer served (geth's native call tracer, eth/tracers/native/call.go).
constexpr std::string_view kCallTracerName = "callTracer";

RpcError chain_failure(const ChainStore& chain, ChainError e)
{
    return RpcError::internal(std::string(to_string(e)) + ": " + chain.last_error());
}

RpcError state_failure(trie::StateError e)
{
    // geth's words when the state to re-execute on is gone.
    if (e == trie::StateError::kPruned)
        return RpcError::server("missing trie node (state pruned)");
    return RpcError::internal(trie::to_string(e));
}

}  // namespace

rpc::CallFrame to_call_frame(execution::CallTrace trace)
{
    rpc::CallFrame out;
    out.type = execution::call_type_name(trace.kind);
    out.from = trace.from;
    out.to = trace.to;
    out.value = trace.value;
    out.gas = trace.gas;
    out.gas_used = trace.gas_used;
    out.input = std::move(trace.input);
    out.output = std::move(trace.output);
    out.error = std::move(trace.error);
    out.revert_reason = std::move(trace.revert_reason);
    out.calls.reserve(trace.calls.size());
    for (execution::CallTrace& child : trace.calls)
        out.calls.push_back(to_call_frame(std::move(child)));
    return out;
}

RpcResult<std::optional<rpc::CallFrame>> trace_transaction(Node& node,
                                                           const Hash& hash,
                                                           const rpc::TraceOptions& options)
{
    if (options.tracer != kCallTracerName)
        return Unexpected{RpcError::invalid_params("unknown tracer \"" + options.tracer +
                                                   "\" (only callTracer is supported)")};
    ChainStore& chain = node.chain();
    const auto loc = chain.tx_location(hash);
    if (!loc)
        return Unexpected{chain_failure(chain, loc.error())};
    if (!*loc)
        return std::optional<rpc::CallFrame>{};
    auto stored = chain.block((*loc)->block_hash);
    if (!stored)
        return Unexpected{chain_failure(chain, stored.error())};
    if (!*stored || (*loc)->index >= (*stored)->transactions.size())
        return std::optional<rpc::CallFrame>{};
    const StoredBlock& block = **stored;
    const size_t index = (*loc)->index;
    const Header& h = block.header;
    if (h.number == 0)
        return Unexpected{RpcError::server("genesis is not traceable")};

    // The block's own context, as the builder and newPayload execute it (block_builder.cpp).
    execution::BlockInput input;
    input.context.chain_id = node.chain_id();
    input.context.number = h.number;
    input.context.timestamp = h.timestamp;
    input.context.gas_limit = h.gas_limit;
    input.context.base_fee = h.base_fee_per_gas.value_or(U256{});
    input.context.prev_randao = h.mix_hash;
    input.context.coinbase = h.coinbase;
    input.parent_beacon_block_root = h.parent_beacon_block_root;
    input.parent_hash = h.parent_hash;
    const execution::BlockContext& ctx = input.context;

    // The parent's state: by number on the canonical chain (every retained block), else by hash.
    const auto canonical_parent = chain.canonical_hash(h.number - 1);
    const trie::At at = canonical_parent && *canonical_parent == std::optional<Hash>{h.parent_hash}
                            ? trie::At::number(h.number - 1)
                            : trie::At::hash(h.parent_hash);
    const execution::StateDbReader reader = chain.reader(at);
    execution::JournaledState state(reader);

    // A module cache of this replay's own (node/module_cache_pool.hpp): block building goes on
    // meanwhile. The work is bounded by the block: its transactions fit its gas limit.
    ModuleCachePool::Lease lease = node.call_modules().acquire();
    execution::ModuleCache& modules = lease.cache();
    execution::ExecutorLimits limits = node.limits();
    (void)execution::apply_block_start_system_calls(state, modules, input, limits);
    (void)state.finish_transaction();
    uint64_t gas_used = 0;
    for (size_t i = 0; i < index; ++i) {
        auto outcome =
            execution::apply_transaction(state, modules, ctx, block.transactions[i],
                                         block.senders[i], ctx.gas_limit - gas_used, limits);
        if (reader.error())
            return Unexpected{state_failure(*reader.error())};
        if (!outcome)
            return Unexpected{RpcError::internal(
                "re-executing transaction " + std::to_string(i) +
                " of the block failed: " + execution::to_string(outcome.error()))};
        gas_used += outcome->gas_used;
    }

    execution::CallTracer tracer(state, options.only_top_call);
    limits.observer = &tracer;
    const Transaction& tx = block.transactions[index];
    auto outcome = execution::apply_transaction(state, modules, ctx, tx, block.senders[index],
                                                ctx.gas_limit - gas_used, limits);
    if (reader.error())
        return Unexpected{state_failure(*reader.error())};
    if (!outcome)
        return Unexpected{RpcError::internal("re-executing the transaction failed: " +
                                             std::string(execution::to_string(outcome.error())))};
    // The replay must agree with what the block recorded; a difference is a node bug, and the
    // trace would describe a different execution.
    if (index < block.receipt_extras.size() &&
        outcome->gas_used != block.receipt_extras[index].gas_used)
        return Unexpected{RpcError::internal("re-execution diverged from the block: gas used " +
                                             std::to_string(outcome->gas_used) + ", receipt " +
                                             std::to_string(block.receipt_extras[index].gas_used))};
    if (tracer.overflowed())
        return Unexpected{RpcError::server("trace too large: more than " +
                                           std::to_string(execution::kMaxCallTraceBytes >> 20) +
                                           " MiB of call data (use tracerConfig.onlyTopCall)")};
    auto root = tracer.take_root();
    if (!root)
        return Unexpected{RpcError::internal("the tracer saw no top-level call")};
    // geth reports the transaction's gas limit and its receipt's gas used on the top frame
    // (intrinsic gas and refunds included), not the message's.
    root->gas = tx.gas_limit;
    root->gas_used = outcome->gas_used;
    return std::optional<rpc::CallFrame>{to_call_frame(std::move(*root))};
}

}  // namespace blend::node
