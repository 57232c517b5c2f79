// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small fork-join pool for the parallel trie commit (trie.md §5.4). wait() runs a job itself
// when no worker has started it yet, so nested fork-join never deadlocks, even with one worker.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace blend::trie {

class ThreadPool {
public:
    class Job;
    using JobPtr = std::shared_ptr<Job>;

    /// `workers` background threads (0 = every job runs inside wait()).
    explicit ThreadPool(unsigned workers);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    [[nodiscard]] JobPtr submit(std::function<void()> fn);
    /// Returns once `job` has run (on a worker, or here if none had started it).
    void wait(const JobPtr& job);

    [[nodiscard]] unsigned workers() const noexcept
    {
        return static_cast<unsigned>(threads_.size());
    }

private:
    void run_worker();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<JobPtr> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace blend::trie
