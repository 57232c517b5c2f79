// SPDX-License-Identifier: Apache-2.0
// debug_traceTransaction on the node (docs/node.md "debug_traceTransaction"): the block's earlier
// transactions re-executed on its parent's state, then the transaction itself under CallTracer.
#pragma once

#include "execution/call_tracer.hpp"
#include "node/node.hpp"
#include "rpc/backend.hpp"

#include <optional>

namespace blend::node {

/// The call tree of a mined transaction in geth's callTracer shape; nullopt when the
/// transaction is not in the canonical chain (a pending one included, as in geth). The work is
/// one block's worth of execution at most: the transactions before it fit the block's gas limit.
[[nodiscard]] rpc::RpcResult<std::optional<rpc::CallFrame>>
trace_transaction(Node& node, const Hash& hash, const rpc::TraceOptions& options);

/// rpc's CallFrame of an execution trace (type names, geth's omissions kept).
[[nodiscard]] rpc::CallFrame to_call_frame(execution::CallTrace trace);

}  // namespace blend::node
