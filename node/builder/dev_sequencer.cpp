// SPDX-License-Identifier: Apache-2.0
#include "node/builder/dev_sequencer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace blend::node {

namespace {

uint64_t unix_now()
{
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

}  // namespace

DevSequencer::DevSequencer(ChainStore& chain,
                           execution::ModuleCache& modules,
                           std::mutex& exec_mutex,
                           TxSource& source,
                           DevSequencerOptions options,
                           BlockListener listener)
    : chain_(chain),
      modules_(modules),
      exec_mutex_(exec_mutex),
      source_(source),
      options_(options),
      listener_(std::move(listener))
{}

DevSequencer::~DevSequencer()
{
    stop();
}

void DevSequencer::start()
{
    std::lock_guard lock(mutex_);
    if (thread_.joinable())
        return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void DevSequencer::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void DevSequencer::notify()
{
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wake_.notify_all();
}

Result<StoredBlock, BuildError> DevSequencer::seal_block()
{
    const Header parent = chain_.head_header();
    BuildParams params;
    params.parent_hash = chain_.head_hash();
    // Yellow Paper §4.3.4: a block's timestamp is above its parent's; instant mode can seal
    // several blocks in one second, so they take the next second.
    params.timestamp = std::max(unix_now(), parent.timestamp + 1);
    params.fee_recipient = options_.fee_recipient;
    auto txs = source_.pending_txs();
    Result<BuiltBlock, BuildError> built = Unexpected{BuildError::kChain};
    {
        std::lock_guard lock(exec_mutex_);
        built = build_block(chain_, modules_, options_.chain_id, params, {}, std::move(txs),
                            options_.limits);
    }
    if (!built)
        return Unexpected{built.error()};
    const StoredBlock block = built->block;
    if (auto r = chain_.commit(std::move(built->block), built->diff); !r) {
        spdlog::error("dev sequencer: committing block {} failed: {} ({})", block.header.number,
                      to_string(r.error()), chain_.last_error());
        return Unexpected{BuildError::kChain};
    }
    source_.on_block(block, built->skipped);
    if (listener_)
        listener_(block, built->skipped);
    return block;
}

void DevSequencer::run()
{
    using Clock = std::chrono::steady_clock;
    auto next = Clock::now() + std::chrono::seconds(options_.period);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (options_.period == 0)
            wake_.wait(lock, [this] { return stopping_ || pending_; });
        else
            wake_.wait_until(lock, next, [this] { return stopping_; });
        if (stopping_)
            break;
        pending_ = false;
        lock.unlock();
        if (options_.period == 0) {
            // One block per batch: seal while the source still has transactions a block took.
            while (!source_.pending_txs().empty()) {
                auto sealed = seal_block();
                if (!sealed) {
                    spdlog::error("dev sequencer: sealing failed: {}", to_string(sealed.error()));
                    break;
                }
                if (sealed->transactions.empty())
                    break;  // nothing includable now; wait for the next notification
            }
        } else {
            if (auto sealed = seal_block(); !sealed)
                spdlog::error("dev sequencer: sealing failed: {}", to_string(sealed.error()));
            next += std::chrono::seconds(options_.period);
            if (next < Clock::now())
                next = Clock::now() + std::chrono::seconds(options_.period);
        }
        lock.lock();
    }
}

}  // namespace blend::node
