// SPDX-License-Identifier: Apache-2.0
// The Engine API backend (issue 8 item 6; reference/api-surface.md §2): rpc::EngineBackend on
// the chain store, the block builder and the transaction pool. A consensus client drives the chain
// with it: forkchoiceUpdated moves head / safe / finalized (a reorg to a known side block is a
// pointer change over the state store's in-memory diff layers) and starts building a payload,
// getPayload hands the built block out, newPayload validates a block by executing it on its
// parent's state (which may be a side fork's diff). docs/node.md "Engine API".
#pragma once

#include "execution/executor.hpp"
#include "execution/module_cache.hpp"
#include "node/chain/chain_store.hpp"
#include "node/txpool/tx_pool.hpp"
#include "rpc/backend.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace blend::engine {

/// Built payloads kept for getPayload: a consensus client asks for the last one or two; geth
/// keeps 10 (miner/payload_building.go). Oldest dropped first.
inline constexpr size_t kMaxPayloads = 16;
/// INVALID blocks remembered so that their descendants and a forkchoice onto them answer INVALID
/// without work (api-surface §2.3: validity is idempotent). Oldest forgotten first.
inline constexpr size_t kMaxInvalidBlocks = 512;
/// engine_getPayloadBodiesByRange/ByHash: the spec lets a client refuse more than 32 (-38004);
/// rpc refuses above its own bound, this is the backend's.
inline constexpr uint64_t kMaxPayloadBodies = 1024;
/// Canonical blocks kept in memory above the persisted tip, so that a reorg of up to this many
/// blocks is a pointer change; deeper ones answer -38006 (ChainStore refuses them).
inline constexpr uint64_t kDefaultPersistDepth = 64;
/// BLOCKHASH serves the last 256 blocks (Yellow Paper §9.4.4; EIP-2935 keeps the same window).
inline constexpr uint64_t kBlockHashWindow = 256;

struct EngineConfig {
    uint64_t chain_id = 1;
    /// Fork times from the genesis config (genesis::ChainConfig). A Blend chain has every fork
    /// up to Prague at 0; the Engine API's fork gates read them through fork_at.
    uint64_t shanghai_time = 0;
    uint64_t cancun_time = 0;
    uint64_t prague_time = 0;
    uint64_t persist_depth = kDefaultPersistDepth;
    /// The executor settings payloads are built and validated with (--runtime-strategy:
    /// node::executor_limits), the same as the dev sequencer's and eth_call's.
    execution::ExecutorLimits limits;
};

/// Called under the engine's lock when forkchoiceUpdated moves the head: on a reorg first with
/// each block it takes out of the canonical chain (removed = true, oldest first, as geth sends
/// removed logs), then with each block that becomes canonical (removed = false, oldest first:
/// the new branch's blocks above the common ancestor).
using HeadListener = std::function<void(const node::StoredBlock&, bool removed)>;

class EngineApi final : public rpc::EngineBackend {
public:
    /// `pool` may be null (a follower without a pool): payloads then hold only the forced
    /// transactions. The chain store and module cache must outlive this object; every chain
    /// write of the node must go through it while it is in use (the store has one writer).
    /// `exec_mutex`, when given, is held around every use of `modules` (the node shares the
    /// cache with eth_call under it); without one the engine uses a lock of its own.
    EngineApi(node::ChainStore& chain,
              execution::ModuleCache& modules,
              txpool::TxPool* pool,
              EngineConfig config,
              std::mutex* exec_mutex = nullptr);

    /// Set before serving: told about every block forkchoiceUpdated makes canonical or takes out
    /// of the canonical chain (the node publishes newHeads and logs, removed logs on a reorg).
    void set_head_listener(HeadListener listener) { head_listener_ = std::move(listener); }

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
    struct Payload {
        rpc::PayloadId id;
        node::StoredBlock block;
        trie::BlockDiffPtr diff;
        U256 block_value;
    };

    [[nodiscard]] rpc::RpcResult<rpc::PayloadId> build_payload(const Header& parent,
                                                               const Hash& parent_hash,
                                                               const rpc::PayloadAttributes& a,
                                                               rpc::EngineVersion version);
    [[nodiscard]] rpc::RpcResult<rpc::PayloadStatus> validate_and_insert(
        const rpc::NewPayload& payload,
        const Header& parent);
    /// Whether `ancestor` is `descendant` or one of its ancestors (walks parent links).
    [[nodiscard]] rpc::RpcResult<bool> is_ancestor(const Hash& ancestor, const Hash& descendant);
    /// Tells head_listener_ the blocks of the chain ending at `new_head` that `old_head`'s chain
    /// does not hold, oldest first.
    void publish_new_branch(const Hash& old_head, const Hash& new_head);
    /// Points the pool at the new head's state (re-validation, included transactions dropped).
    void update_pool(const Header& head);
    void remember_invalid(const Hash& block, const std::optional<Hash>& latest_valid);
    [[nodiscard]] const Payload* find_payload(const rpc::PayloadId& id) const;
    [[nodiscard]] const Payload* find_payload(const Hash& block_hash) const;

    node::ChainStore& chain_;
    execution::ModuleCache& modules_;
    txpool::TxPool* pool_;
    EngineConfig config_;
    std::mutex own_exec_mutex_;
    std::mutex& exec_mutex_;
    HeadListener head_listener_;

    /// Engine calls are processed one at a time, in arrival order (api-surface §2.3 rule 8).
    std::mutex mutex_;
    std::deque<Payload> payloads_;
    /// INVALID block → its latest valid ancestor (nullopt if unknown).
    std::map<Hash, std::optional<Hash>> invalid_;
    std::deque<Hash> invalid_order_;
};

/// The payload id of a build: the first 8 bytes of keccak256 over the parent, the version and
/// every attribute, so identical attributes map to the same build (api-surface §2.3 rule 7).
[[nodiscard]] rpc::PayloadId payload_id(const Hash& parent,
                                        rpc::EngineVersion version,
                                        const rpc::PayloadAttributes& attributes);

/// Σ over the block's transactions of gas used × effective tip (api-surface §2.3: blockValue is
/// what the fee recipient earns in priority fees).
[[nodiscard]] U256 block_value(const node::StoredBlock& block);

}  // namespace blend::engine
