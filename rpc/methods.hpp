// SPDX-License-Identifier: Apache-2.0
// The one table of JSON-RPC methods. Dispatch, the --http.api namespace filter, rpc_modules and
// engine_exchangeCapabilities are all generated from BLEND_RPC_METHODS; adding a method is one
// row here plus its handler (docs/CONVENTIONS.md "How to add an RPC method").
#pragma once

#include "rpc/codec.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blend::rpc {

/// The namespace of a method: the prefix before the first '_'.
enum class Namespace : uint8_t { kEth, kNet, kWeb3, kDebug, kEngine, kRpc };

[[nodiscard]] const char* to_string(Namespace ns) noexcept;
/// "eth" → kEth; nullopt for an unknown name.
[[nodiscard]] std::optional<Namespace> namespace_from_string(std::string_view name) noexcept;

class FilterManager;
class SubscriptionHub;
class NotificationTarget;

/// What a handler may use. Pointers are null when the server does not provide the service
/// (no engine backend on the public port, no subscriptions over HTTP).
struct CallContext {
    EthBackend* eth = nullptr;
    EngineBackend* engine = nullptr;
    FilterManager* filters = nullptr;
    SubscriptionHub* subscriptions = nullptr;
    /// The WebSocket connection the call came on; null over HTTP.
    std::shared_ptr<NotificationTarget> connection;
    /// The namespaces this server serves (rpc_modules).
    std::span<const Namespace> namespaces;
    /// web3_clientVersion.
    std::string_view client_version;
};

using Handler = RpcResult<Json> (*)(CallContext& context, const Params& params);

/// Where a method is served beyond its namespace.
enum MethodFlags : uint8_t {
    kPublicOnly = 0,
    /// Also on the authenticated Engine port (api-surface §2.5: the nine eth_ methods).
    kEnginePortToo = 1,
};

struct Method {
    std::string_view name;
    Namespace ns;
    uint8_t max_params;  ///< more positional params → -32602 "too many arguments"
    uint8_t flags;
    Handler handler;
};

// clang-format off
/// X(name, namespace, max params, flags, handler). Methods absent here answer -32601 on
/// purpose (api-surface §1 "✗": eth_sendTransaction, eth_sign, eth_fillTransaction, ...).
#define BLEND_RPC_METHODS(X)                                                                    \
    X("eth_chainId", kEth, 0, kEnginePortToo, eth_chain_id)                                    \
    X("eth_blockNumber", kEth, 0, kEnginePortToo, eth_block_number)                            \
    X("eth_syncing", kEth, 0, kEnginePortToo, eth_syncing)                                     \
    X("eth_coinbase", kEth, 0, kPublicOnly, eth_coinbase)                                      \
    X("eth_accounts", kEth, 0, kPublicOnly, eth_accounts)                                      \
    X("eth_getBalance", kEth, 2, kPublicOnly, eth_get_balance)                                 \
    X("eth_getTransactionCount", kEth, 2, kPublicOnly, eth_get_transaction_count)              \
    X("eth_getCode", kEth, 2, kEnginePortToo, eth_get_code)                                    \
    X("eth_getStorageAt", kEth, 3, kPublicOnly, eth_get_storage_at)                            \
    X("eth_getProof", kEth, 3, kPublicOnly, eth_get_proof)                                     \
    X("eth_call", kEth, 2, kEnginePortToo, eth_call)                                           \
    X("eth_estimateGas", kEth, 2, kPublicOnly, eth_estimate_gas)                               \
    X("eth_gasPrice", kEth, 0, kPublicOnly, eth_gas_price)                                     \
    X("eth_maxPriorityFeePerGas", kEth, 0, kPublicOnly, eth_max_priority_fee_per_gas)          \
    X("eth_feeHistory", kEth, 3, kPublicOnly, eth_fee_history)                                 \
    X("eth_getBlockByNumber", kEth, 2, kEnginePortToo, eth_get_block_by_number)                \
    X("eth_getBlockByHash", kEth, 2, kEnginePortToo, eth_get_block_by_hash)                    \
    X("eth_getBlockTransactionCountByHash", kEth, 1, kPublicOnly, eth_block_tx_count_by_hash)  \
    X("eth_getBlockTransactionCountByNumber", kEth, 1, kPublicOnly,                            \
      eth_block_tx_count_by_number)                                                            \
    X("eth_getBlockReceipts", kEth, 1, kPublicOnly, eth_get_block_receipts)                    \
    X("eth_sendRawTransaction", kEth, 1, kEnginePortToo, eth_send_raw_transaction)             \
    X("eth_getTransactionByHash", kEth, 1, kPublicOnly, eth_get_transaction_by_hash)           \
    X("eth_getTransactionByBlockHashAndIndex", kEth, 2, kPublicOnly,                           \
      eth_get_transaction_by_block_hash_and_index)                                             \
    X("eth_getTransactionByBlockNumberAndIndex", kEth, 2, kPublicOnly,                         \
      eth_get_transaction_by_block_number_and_index)                                           \
    X("eth_getTransactionReceipt", kEth, 1, kPublicOnly, eth_get_transaction_receipt)          \
    X("eth_getLogs", kEth, 1, kEnginePortToo, eth_get_logs)                                    \
    X("eth_newFilter", kEth, 1, kPublicOnly, eth_new_filter)                                   \
    X("eth_newBlockFilter", kEth, 0, kPublicOnly, eth_new_block_filter)                        \
    X("eth_newPendingTransactionFilter", kEth, 1, kPublicOnly,                                 \
      eth_new_pending_transaction_filter)                                                      \
    X("eth_getFilterChanges", kEth, 1, kPublicOnly, eth_get_filter_changes)                    \
    X("eth_getFilterLogs", kEth, 1, kPublicOnly, eth_get_filter_logs)                          \
    X("eth_uninstallFilter", kEth, 1, kPublicOnly, eth_uninstall_filter)                       \
    X("eth_subscribe", kEth, 2, kPublicOnly, eth_subscribe)                                    \
    X("eth_unsubscribe", kEth, 1, kPublicOnly, eth_unsubscribe)                                \
    X("net_version", kNet, 0, kPublicOnly, net_version)                                        \
    X("net_listening", kNet, 0, kPublicOnly, net_listening)                                    \
    X("net_peerCount", kNet, 0, kPublicOnly, net_peer_count)                                   \
    X("web3_clientVersion", kWeb3, 0, kPublicOnly, web3_client_version)                        \
    X("web3_sha3", kWeb3, 1, kPublicOnly, web3_sha3)                                           \
    X("debug_traceTransaction", kDebug, 2, kPublicOnly, debug_trace_transaction)               \
    X("rpc_modules", kRpc, 0, kPublicOnly, rpc_modules)                                        \
    X("engine_exchangeCapabilities", kEngine, 1, kPublicOnly, engine_exchange_capabilities)    \
    X("engine_getClientVersionV1", kEngine, 1, kPublicOnly, engine_get_client_version_v1)      \
    X("engine_newPayloadV1", kEngine, 1, kPublicOnly, engine_new_payload_v1)                   \
    X("engine_newPayloadV2", kEngine, 1, kPublicOnly, engine_new_payload_v2)                   \
    X("engine_newPayloadV3", kEngine, 3, kPublicOnly, engine_new_payload_v3)                   \
    X("engine_newPayloadV4", kEngine, 4, kPublicOnly, engine_new_payload_v4)                   \
    X("engine_forkchoiceUpdatedV1", kEngine, 2, kPublicOnly, engine_forkchoice_updated_v1)     \
    X("engine_forkchoiceUpdatedV2", kEngine, 2, kPublicOnly, engine_forkchoice_updated_v2)     \
    X("engine_forkchoiceUpdatedV3", kEngine, 2, kPublicOnly, engine_forkchoice_updated_v3)     \
    X("engine_getPayloadV1", kEngine, 1, kPublicOnly, engine_get_payload_v1)                   \
    X("engine_getPayloadV2", kEngine, 1, kPublicOnly, engine_get_payload_v2)                   \
    X("engine_getPayloadV3", kEngine, 1, kPublicOnly, engine_get_payload_v3)                   \
    X("engine_getPayloadV4", kEngine, 1, kPublicOnly, engine_get_payload_v4)                   \
    X("engine_getPayloadBodiesByHashV1", kEngine, 1, kPublicOnly,                              \
      engine_get_payload_bodies_by_hash_v1)                                                    \
    X("engine_getPayloadBodiesByRangeV1", kEngine, 2, kPublicOnly,                             \
      engine_get_payload_bodies_by_range_v1)
// clang-format on

namespace handlers {
#define BLEND_RPC_DECLARE_HANDLER(name, ns, max_params, flags, handler) \
    RpcResult<Json> handler(CallContext& context, const Params& params);
BLEND_RPC_METHODS(BLEND_RPC_DECLARE_HANDLER)
#undef BLEND_RPC_DECLARE_HANDLER
}  // namespace handlers

/// Every method, in table order.
[[nodiscard]] std::span<const Method> methods() noexcept;
/// The method called `name`, or null.
[[nodiscard]] const Method* find_method(std::string_view name) noexcept;
/// engine_exchangeCapabilities' answer: every engine_ method of the table except itself
/// (execution-apis src/engine/common.md "Capabilities").
[[nodiscard]] std::vector<std::string> engine_capabilities();

/// "Blend/v<version>/linux-amd64/g++": web3_clientVersion's shape follows geth's.
inline constexpr std::string_view kDefaultClientVersion = "Blend/v0.1.0-dev/linux-amd64/g++";

}  // namespace blend::rpc
