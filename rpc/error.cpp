// SPDX-License-Identifier: Apache-2.0
#include "rpc/error.hpp"

#include <utility>

namespace blend::rpc {

const char* to_string(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::kParseError:
        return "Parse error";
    case ErrorCode::kInvalidRequest:
        return "Invalid Request";
    case ErrorCode::kMethodNotFound:
        return "Method not found";
    case ErrorCode::kInvalidParams:
        return "Invalid params";
    case ErrorCode::kInternalError:
        return "Internal error";
    case ErrorCode::kServerError:
        return "Server error";
    case ErrorCode::kResponseTooLarge:
        return "response too large";
    case ErrorCode::kExecutionReverted:
        return "execution reverted";
    case ErrorCode::kUnknownPayload:
        return "Unknown payload";
    case ErrorCode::kInvalidForkchoiceState:
        return "Invalid forkchoice state";
    case ErrorCode::kInvalidPayloadAttributes:
        return "Invalid payload attributes";
    case ErrorCode::kTooLargeRequest:
        return "Too large request";
    case ErrorCode::kUnsupportedFork:
        return "Unsupported fork";
    case ErrorCode::kTooDeepReorg:
        return "Too deep reorg";
    }
    return "unknown error";
}

RpcError RpcError::of(ErrorCode code)
{
    return RpcError{code, to_string(code), std::nullopt, std::nullopt};
}

RpcError RpcError::invalid_params(std::string message)
{
    return RpcError{ErrorCode::kInvalidParams, std::move(message), std::nullopt, std::nullopt};
}

RpcError RpcError::internal(std::string message)
{
    return RpcError{ErrorCode::kInternalError, std::move(message), std::nullopt, std::nullopt};
}

RpcError RpcError::server(std::string message)
{
    return RpcError{ErrorCode::kServerError, std::move(message), std::nullopt, std::nullopt};
}

RpcError RpcError::reverted(Bytes data, const std::string& reason)
{
    // geth: "execution reverted" alone when the revert carries no decodable Error(string).
    std::string message = "execution reverted";
    if (!reason.empty())
        message += ": " + reason;
    return RpcError{ErrorCode::kExecutionReverted, std::move(message), std::move(data),
                    std::nullopt};
}

}  // namespace blend::rpc
