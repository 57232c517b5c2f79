// SPDX-License-Identifier: Apache-2.0
#include "trie/store/thread_pool.hpp"

namespace blend::trie {

class ThreadPool::Job {
public:
    explicit Job(std::function<void()> fn) : fn_(std::move(fn)) {}

    /// Runs the job if nobody has claimed it; true when this call ran it.
    bool try_run()
    {
        bool expected = false;
        if (!claimed_.compare_exchange_strong(expected, true))
            return false;
        fn_();
        {
            const std::lock_guard lock(mutex_);
            done_ = true;
        }
        done_cv_.notify_all();
        return true;
    }

    void wait_done()
    {
        std::unique_lock lock(mutex_);
        done_cv_.wait(lock, [&] { return done_; });
    }

private:
    std::function<void()> fn_;
    std::atomic<bool> claimed_{false};
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
};

ThreadPool::ThreadPool(unsigned workers)
{
    threads_.reserve(workers);
    for (unsigned i = 0; i < workers; ++i)
        threads_.emplace_back([this] { run_worker(); });
}

ThreadPool::~ThreadPool()
{
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_)
        t.join();
}

ThreadPool::JobPtr ThreadPool::submit(std::function<void()> fn)
{
    auto job = std::make_shared<Job>(std::move(fn));
    if (threads_.empty())
        return job;
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(job);
    }
    wake_.notify_one();
    return job;
}

void ThreadPool::wait(const JobPtr& job)
{
    if (!job->try_run())
        job->wait_done();
}

void ThreadPool::run_worker()
{
    for (;;) {
        JobPtr job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty())
                return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job->try_run();
    }
}

}  // namespace blend::trie
