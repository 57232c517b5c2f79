// SPDX-License-Identifier: Apache-2.0
// The one error type of the rpc module: a JSON-RPC error code with its message and optional data.
// Backends return it directly (they know the code a wallet expects, e.g. 3 for a revert); the
// codec maps it to the wire `{code, message, data?}` in one place (rpc/codec).
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace blend::rpc {

/// JSON-RPC 2.0 error codes (jsonrpc.org/specification §5.1), the execution-apis codes for
/// eth_call/eth_estimateGas reverts (3), and the Engine API codes (execution-apis
/// src/engine/common.md "Errors", -38001..-38006).
enum class ErrorCode : int32_t {
    kParseError = -32700,        ///< invalid JSON
    kInvalidRequest = -32600,    ///< not a JSON-RPC 2.0 request object
    kMethodNotFound = -32601,    ///< unknown or disabled method (viem falls back on it)
    kInvalidParams = -32602,     ///< a parameter of the wrong shape or out of range
    kInternalError = -32603,     ///< a bug or an unexpected backend failure
    kServerError = -32000,       ///< geth's generic error (txpool rejections, unknown block, ...)
    kResponseTooLarge = -32003,  ///< geth rpc/errors.go errcodeResponseTooLarge
    kExecutionReverted = 3,      ///< eth_call / eth_estimateGas revert; data = revert bytes
    kUnknownPayload = -38001,
    kInvalidForkchoiceState = -38002,
    kInvalidPayloadAttributes = -38003,
    kTooLargeRequest = -38004,
    kUnsupportedFork = -38005,
    kTooDeepReorg = -38006,
};

/// The standard message of a code ("Parse error", "Unknown payload", ...).
[[nodiscard]] const char* to_string(ErrorCode code) noexcept;

/// A JSON-RPC error as it goes on the wire. `message` keeps geth's wording where wallets match
/// on it (api-surface §1.2), e.g. "nonce too low", "execution reverted: <reason>".
struct RpcError {
    ErrorCode code = ErrorCode::kInternalError;
    std::string message;
    /// kExecutionReverted: the revert bytes, sent as `data` (DATA hex).
    std::optional<Bytes> revert_data;
    /// kServerError on the Engine API: sent as `data: {"err": detail}` (api-surface §2.4).
    std::optional<std::string> detail;

    /// An error with the standard message of its code.
    [[nodiscard]] static RpcError of(ErrorCode code);
    [[nodiscard]] static RpcError invalid_params(std::string message);
    [[nodiscard]] static RpcError internal(std::string message);
    /// -32000 with a geth message (txpool errors, "header not found", ...).
    [[nodiscard]] static RpcError server(std::string message);
    /// Code 3 "execution reverted[: reason]" with the ABI revert bytes as data.
    [[nodiscard]] static RpcError reverted(Bytes data, const std::string& reason = {});

    friend bool operator==(const RpcError&, const RpcError&) = default;
};

template <typename T>
using RpcResult = Result<T, RpcError>;

}  // namespace blend::rpc
