// SPDX-License-Identifier: Apache-2.0
// The Engine port of a `--dev` node. The dev sequencer is then the chain's one writer (the chain
// store has a single writer: docs/node.md "Engine API"), so a consensus client may read through
// the Engine API (capabilities, payload bodies, payloads) but forkchoiceUpdated and newPayload
// are refused with a clear -32000 rather than racing the sequencer for the head.
#pragma once

#include "rpc/backend.hpp"

namespace blend::engine {

/// The message of the refusal (data.err carries the same text).
inline constexpr const char* kDevModeRefusal =
    "engine API chain writes are disabled with --dev: the dev sequencer builds this chain "
    "(start the node without --dev to drive it from a consensus client)";

class DevEngineGuard final : public rpc::EngineBackend {
public:
    /// `inner` must outlive this object; reads are forwarded to it.
    explicit DevEngineGuard(rpc::EngineBackend& inner) : inner_(inner) {}

    [[nodiscard]] rpc::Fork fork_at(uint64_t timestamp) const override;
    [[nodiscard]] rpc::RpcResult<rpc::ForkchoiceUpdatedResult> forkchoice_updated(
        rpc::EngineVersion version,
        const rpc::ForkchoiceState& state,
        const std::optional<rpc::PayloadAttributes>& attributes) override;
    [[nodiscard]] rpc::RpcResult<rpc::BuiltPayload> get_payload(rpc::EngineVersion version,
                                                                const rpc::PayloadId& id) override;
    [[nodiscard]] rpc::RpcResult<rpc::PayloadStatus> new_payload(
        const rpc::NewPayload& payload) override;
    [[nodiscard]] rpc::RpcResult<std::vector<std::optional<rpc::PayloadBody>>>
    payload_bodies_by_hash(std::span<const Hash> hashes) override;
    [[nodiscard]] rpc::RpcResult<std::vector<std::optional<rpc::PayloadBody>>>
    payload_bodies_by_range(uint64_t start, uint64_t count) override;

private:
    rpc::EngineBackend& inner_;
};

}  // namespace blend::engine
