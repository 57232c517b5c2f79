// SPDX-License-Identifier: Apache-2.0
#pragma once

// The dev sequencer (issue 8 item 1; docs/node.md "Dev sequencer"): builds blocks on the head
// and commits each one (block + state in one WriteBatch) — in instant mode a block whenever
// transactions arrive (one block per batch of what the source holds), or every `period` seconds
// (empty blocks too, as geth --dev.period does).

#include "execution/module_cache.hpp"
#include "node/builder/block_builder.hpp"
#include "node/builder/tx_source.hpp"
#include "node/chain/chain_store.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace blend::node {

struct DevSequencerOptions {
    uint64_t chain_id = 0;
    /// Seconds between blocks; 0 = instant mode.
    uint64_t period = 0;
    Address fee_recipient;
    /// The executor settings blocks are built with (--runtime-strategy: node::executor_limits).
    execution::ExecutorLimits limits;
};

/// Called on the sequencer's thread after each committed block.
using BlockListener = std::function<void(const StoredBlock&, std::span<const SkippedTx>)>;

class DevSequencer {
public:
    /// `exec_mutex` serialises use of `modules` with other executors (eth_call).
    DevSequencer(ChainStore& chain,
                 execution::ModuleCache& modules,
                 std::mutex& exec_mutex,
                 TxSource& source,
                 DevSequencerOptions options,
                 BlockListener listener = {});
    ~DevSequencer();
    DevSequencer(const DevSequencer&) = delete;
    DevSequencer& operator=(const DevSequencer&) = delete;

    /// Starts the sequencer thread.
    void start();
    /// Stops it after the block in progress (if any) is committed.
    void stop();
    /// New transactions in the source (wakes the thread in instant mode).
    void notify();

    /// Builds and commits one block on the head now, from the source (the thread uses this;
    /// tests call it directly without start()).
    [[nodiscard]] Result<StoredBlock, BuildError> seal_block();

private:
    void run();

    ChainStore& chain_;
    execution::ModuleCache& modules_;
    std::mutex& exec_mutex_;
    TxSource& source_;
    DevSequencerOptions options_;
    BlockListener listener_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool pending_ = false;
    std::thread thread_;
};

}  // namespace blend::node
