// SPDX-License-Identifier: Apache-2.0
// Every bound the rpc module puts on what a client controls, in one place. Each cites where its
// value comes from; the configurable ones are defaults that config/ (--rpc.*) can override.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace blend::rpc {

/// Request body limit: geth's rpc/http.go defaultBodyLimit (5 MiB); above it HTTP answers 413.
/// Same value as config::kDefaultMaxRequestBytes.
inline constexpr size_t kDefaultMaxRequestBytes = size_t{5} << 20;
/// Response limit: geth --rpc.batch-response-max-size default (25,000,000 bytes).
inline constexpr size_t kDefaultMaxResponseBytes = 25'000'000;
/// Batch size limit: geth --rpc.batch-request-limit default (1000).
inline constexpr size_t kDefaultMaxBatchSize = 1000;
/// JSON nesting depth: no request is deeper than a filter's topics (4 levels); 64 leaves room
/// and stops a "[[[[...]]]]" body from recursing the parser deep.
inline constexpr size_t kMaxJsonDepth = 64;

/// eth_feeHistory: MetaMask asks ≤1024 blocks per call (api-surface §1); geth's maxBlockCount
/// (eth/gasprice/feehistory.go) is also 1024.
inline constexpr uint64_t kMaxFeeHistoryBlocks = 1024;
/// eth_feeHistory percentiles: geth caps rewardPercentiles at 100 entries
/// (eth/gasprice/feehistory.go maxQueryLimit).
inline constexpr size_t kMaxRewardPercentiles = 100;
/// eth_getProof: geth limits storage keys per request to 1024 (internal/ethapi, "too many keys").
inline constexpr size_t kMaxProofKeys = 1024;
/// eth_getLogs / eth_newFilter: geth's maxAddresses (eth/filters/api.go) = 1000.
inline constexpr size_t kMaxFilterAddresses = 1000;
/// Alternatives per topic position: geth's maxSubTopics (eth/filters/api.go) = 1000.
inline constexpr size_t kMaxFilterTopicAlternatives = 1000;

/// Polling filters: geth's default filter timeout (eth/filters, --rpc.filter-timeout... 5 min).
inline constexpr std::chrono::seconds kFilterTimeout{300};
/// Installed filters per server: ours; each filter holds a bounded buffer (below), so this caps
/// their memory at about kMaxFilters × kMaxFilterBuffer entries.
inline constexpr size_t kMaxFilters = 1000;
/// Entries a polling filter buffers between two eth_getFilterChanges: ours; older entries are
/// dropped first (a client that stops polling loses the oldest, not the server its memory).
inline constexpr size_t kMaxFilterBuffer = 10'000;

/// WebSocket subscriptions per connection: ours (geth has none; a wallet uses a handful).
inline constexpr size_t kMaxSubscriptionsPerConnection = 128;
/// Messages queued for one WebSocket connection: above it the client is too slow and is
/// dropped (geth closes such a connection too; the bound is ours).
inline constexpr size_t kMaxSendQueueMessages = 4096;
/// Bytes queued for one WebSocket connection, the same rule in bytes.
inline constexpr size_t kMaxSendQueueBytes = size_t{64} << 20;

/// Open connections per server: ours; bounds file descriptors and per-connection buffers.
inline constexpr size_t kMaxConnections = 1024;
/// An HTTP connection idle this long is closed (geth rpc/http.go idleTimeout = 120 s).
inline constexpr std::chrono::seconds kHttpIdleTimeout{120};

/// Engine API: payload bodies per request; the spec requires ≥32 supported, else -38004
/// (execution-apis src/engine/shanghai.md). geth allows 1024.
inline constexpr size_t kMaxPayloadBodiesRequest = 1024;
/// JWT: `iat` must be within ±60 s of now (execution-apis src/engine/authentication.md).
inline constexpr std::chrono::seconds kJwtMaxClockSkew{60};
/// JWT: a token is three base64url parts; 8 KiB is far above any real one (ours).
inline constexpr size_t kMaxJwtBytes = 8192;

}  // namespace blend::rpc
