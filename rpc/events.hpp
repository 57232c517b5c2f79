// SPDX-License-Identifier: Apache-2.0
// The two ChainEventListeners of the rpc module: WebSocket subscriptions (eth_subscribe) and
// polling filters (eth_newFilter & co.). Both only buffer or queue: a listener call never waits
// on a client.
#pragma once

#include "rpc/backend.hpp"
#include "rpc/codec.hpp"
#include "rpc/limits.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace blend::rpc {

/// A WebSocket connection as the hub sees it.
class NotificationTarget {
public:
    virtual ~NotificationTarget() = default;
    /// Queues `message`; thread-safe and never blocks. A connection whose queue is over its
    /// bound (kMaxSendQueueMessages / kMaxSendQueueBytes) closes itself instead.
    virtual void send(std::string message) = 0;
};

/// Random 128-bit id as "0x" + 32 hex digits (geth's subscription and filter ids are 128-bit).
[[nodiscard]] std::string new_id();

enum class SubscriptionKind : uint8_t { kNewHeads, kLogs, kNewPendingTransactions };

/// eth_subscribe's registry; register it with EthBackend::add_listener.
class SubscriptionHub final : public ChainEventListener {
public:
    /// The new subscription's id, or -32000 above kMaxSubscriptionsPerConnection.
    [[nodiscard]] RpcResult<std::string> subscribe(
        const std::shared_ptr<NotificationTarget>& connection,
        SubscriptionKind kind,
        LogFilter filter = {});
    /// Whether `id` was a subscription of `connection` (and is now gone).
    bool unsubscribe(const NotificationTarget* connection, std::string_view id);
    /// Drops every subscription of a closed connection.
    void remove_connection(const NotificationTarget* connection);
    [[nodiscard]] size_t size() const;

    void on_new_head(const Block& block) override;
    void on_logs(std::span<const LogInfo> logs) override;
    void on_pending_transaction(const Hash& hash) override;

private:
    struct Subscription {
        SubscriptionKind kind;
        LogFilter filter;
        const NotificationTarget* owner;
        std::weak_ptr<NotificationTarget> connection;
    };
    /// A notification ready to send: sent after the lock is released, because dropping the
    /// last reference to a closed connection runs its destructor, which calls
    /// remove_connection (and would deadlock on mutex_).
    using Outgoing = std::vector<std::pair<std::shared_ptr<NotificationTarget>, std::string>>;
    static void queue(Outgoing& out,
                      const std::string& id,
                      const Subscription& s,
                      const Json& result);
    static void deliver(Outgoing& out);

    mutable std::mutex mutex_;
    std::map<std::string, Subscription, std::less<>> subscriptions_;
};

enum class FilterKind : uint8_t { kLogs, kBlocks, kPendingTransactions };

/// The polling filters of one server. Filters not polled for kFilterTimeout are removed
/// (checked on every call); each buffers at most kMaxFilterBuffer entries, dropping the oldest.
class FilterManager final : public ChainEventListener {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    explicit FilterManager(Clock clock = &std::chrono::steady_clock::now);

    /// The filter id, or -32000 "too many filters" above kMaxFilters.
    [[nodiscard]] RpcResult<std::string> install(FilterKind kind, LogFilter filter = {});
    /// What arrived since the last poll: block hashes, transaction hashes, or logs.
    /// -32000 "filter not found" for an unknown or expired id.
    [[nodiscard]] RpcResult<Json> changes(std::string_view id);
    /// The criteria of a log filter (eth_getFilterLogs); "filter not found" otherwise.
    [[nodiscard]] RpcResult<LogFilter> log_filter(std::string_view id);
    bool uninstall(std::string_view id);
    [[nodiscard]] size_t size();

    void on_new_head(const Block& block) override;
    void on_logs(std::span<const LogInfo> logs) override;
    void on_pending_transaction(const Hash& hash) override;

private:
    struct Filter {
        FilterKind kind;
        LogFilter criteria;
        std::deque<Hash> hashes;
        std::deque<LogInfo> logs;
        std::chrono::steady_clock::time_point last_poll;
    };
    void expire_locked();

    Clock clock_;
    std::mutex mutex_;
    std::map<std::string, Filter, std::less<>> filters_;
};

}  // namespace blend::rpc
