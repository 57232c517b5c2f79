// SPDX-License-Identifier: Apache-2.0
#include "node/engine/dev_engine_guard.hpp"

namespace blend::engine {

namespace {

rpc::RpcError refusal()
{
    rpc::RpcError e = rpc::RpcError::server(kDevModeRefusal);
    e.detail = kDevModeRefusal;
    return e;
}

}  // namespace

rpc::Fork DevEngineGuard::fork_at(uint64_t timestamp) const
{
    return inner_.fork_at(timestamp);
}

rpc::RpcResult<rpc::ForkchoiceUpdatedResult> DevEngineGuard::forkchoice_updated(
    rpc::EngineVersion,
    const rpc::ForkchoiceState&,
    const std::optional<rpc::PayloadAttributes>&)
{
    return Unexpected{refusal()};
}

rpc::RpcResult<rpc::BuiltPayload> DevEngineGuard::get_payload(rpc::EngineVersion version,
                                                              const rpc::PayloadId& id)
{
    return inner_.get_payload(version, id);
}

rpc::RpcResult<rpc::PayloadStatus> DevEngineGuard::new_payload(const rpc::NewPayload&)
{
    return Unexpected{refusal()};
}

rpc::RpcResult<std::vector<std::optional<rpc::PayloadBody>>> DevEngineGuard::payload_bodies_by_hash(
    std::span<const Hash> hashes)
{
    return inner_.payload_bodies_by_hash(hashes);
}

rpc::RpcResult<std::vector<std::optional<rpc::PayloadBody>>>
DevEngineGuard::payload_bodies_by_range(uint64_t start, uint64_t count)
{
    return inner_.payload_bodies_by_range(start, count);
}

}  // namespace blend::engine
