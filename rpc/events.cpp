// SPDX-License-Identifier: Apache-2.0
#include "rpc/events.hpp"

#include "core/hex.hpp"

#include <random>

namespace blend::rpc {

std::string new_id()
{
    static std::mutex mutex;
    static std::mt19937_64 engine{std::random_device{}()};
    std::lock_guard lock(mutex);
    FixedBytes<16> bytes;
    for (size_t i = 0; i < bytes.size(); i += 8) {
        const uint64_t r = engine();
        for (size_t j = 0; j < 8; ++j)
            bytes[i + j] = static_cast<uint8_t>(r >> (8 * j));
    }
    return to_hex(bytes);
}

namespace {

/// The numeric bounds of a filter's range; tags are open (the head moves with them).
bool in_range(const LogFilter& filter, const LogInfo& log)
{
    if (filter.block_hash)
        return *filter.block_hash == log.block_hash;
    if (const auto* from = std::get_if<uint64_t>(&filter.from_block.value))
        if (log.block_number < *from)
            return false;
    if (const auto* to = std::get_if<uint64_t>(&filter.to_block.value))
        if (log.block_number > *to)
            return false;
    return true;
}

template <typename T>
void push_bounded(std::deque<T>& queue, const T& value)
{
    if (queue.size() >= kMaxFilterBuffer)
        queue.pop_front();
    queue.push_back(value);
}

RpcError filter_not_found()
{
    return RpcError::server("filter not found");  // geth's wording (eth/filters/api.go)
}

}  // namespace

// ---- SubscriptionHub ----

RpcResult<std::string> SubscriptionHub::subscribe(
    const std::shared_ptr<NotificationTarget>& connection,
    SubscriptionKind kind,
    LogFilter filter)
{
    std::lock_guard lock(mutex_);
    size_t count = 0;
    for (const auto& [id, s] : subscriptions_)
        count += s.owner == connection.get() ? 1 : 0;
    if (count >= kMaxSubscriptionsPerConnection)
        return Unexpected{RpcError::server("too many subscriptions on this connection")};
    std::string id = new_id();
    subscriptions_.emplace(id, Subscription{kind, std::move(filter), connection.get(), connection});
    return id;
}

bool SubscriptionHub::unsubscribe(const NotificationTarget* connection, std::string_view id)
{
    std::lock_guard lock(mutex_);
    const auto it = subscriptions_.find(id);
    if (it == subscriptions_.end() || it->second.owner != connection)
        return false;
    subscriptions_.erase(it);
    return true;
}

void SubscriptionHub::remove_connection(const NotificationTarget* connection)
{
    std::lock_guard lock(mutex_);
    std::erase_if(subscriptions_,
                  [&](const auto& entry) { return entry.second.owner == connection; });
}

size_t SubscriptionHub::size() const
{
    std::lock_guard lock(mutex_);
    return subscriptions_.size();
}

void SubscriptionHub::queue(Outgoing& out,
                            const std::string& id,
                            const Subscription& s,
                            const Json& result)
{
    auto connection = s.connection.lock();
    if (!connection)
        return;
    const Json message = {{"jsonrpc", "2.0"},
                          {"method", "eth_subscription"},
                          {"params", {{"subscription", id}, {"result", result}}}};
    out.emplace_back(std::move(connection),
                     message.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void SubscriptionHub::deliver(Outgoing& out)
{
    for (auto& [connection, message] : out)
        connection->send(std::move(message));
    out.clear();
}

void SubscriptionHub::on_new_head(const Block& block)
{
    Outgoing out;
    {
        std::lock_guard lock(mutex_);
        std::optional<Json> header;
        for (const auto& [id, s] : subscriptions_) {
            if (s.kind != SubscriptionKind::kNewHeads)
                continue;
            if (!header)
                header = header_to_json(block.header, block.hash);
            queue(out, id, s, *header);
        }
    }
    deliver(out);
}

void SubscriptionHub::on_logs(std::span<const LogInfo> logs)
{
    Outgoing out;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subscriptions_) {
            if (s.kind != SubscriptionKind::kLogs)
                continue;
            // One notification per log, as geth sends them.
            for (const auto& log : logs)
                if (log_matches(s.filter, log.log))
                    queue(out, id, s, to_json(log));
        }
    }
    deliver(out);
}

void SubscriptionHub::on_pending_transaction(const Hash& hash)
{
    Outgoing out;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subscriptions_)
            if (s.kind == SubscriptionKind::kNewPendingTransactions)
                queue(out, id, s, hex_data(hash));
    }
    deliver(out);
}

// ---- FilterManager ----

FilterManager::FilterManager(Clock clock) : clock_(std::move(clock)) {}

void FilterManager::expire_locked()
{
    const auto now = clock_();
    std::erase_if(filters_,
                  [&](const auto& entry) { return now - entry.second.last_poll > kFilterTimeout; });
}

RpcResult<std::string> FilterManager::install(FilterKind kind, LogFilter filter)
{
    std::lock_guard lock(mutex_);
    expire_locked();
    if (filters_.size() >= kMaxFilters)
        return Unexpected{RpcError::server("too many filters")};
    std::string id = new_id();
    filters_.emplace(id, Filter{kind, std::move(filter), {}, {}, clock_()});
    return id;
}

RpcResult<Json> FilterManager::changes(std::string_view id)
{
    std::lock_guard lock(mutex_);
    expire_locked();
    const auto it = filters_.find(id);
    if (it == filters_.end())
        return Unexpected{filter_not_found()};
    Filter& f = it->second;
    f.last_poll = clock_();
    Json out = Json::array();
    for (const auto& hash : f.hashes)
        out.push_back(hex_data(hash));
    for (const auto& log : f.logs)
        out.push_back(to_json(log));
    f.hashes.clear();
    f.logs.clear();
    return out;
}

RpcResult<LogFilter> FilterManager::log_filter(std::string_view id)
{
    std::lock_guard lock(mutex_);
    expire_locked();
    const auto it = filters_.find(id);
    if (it == filters_.end() || it->second.kind != FilterKind::kLogs)
        return Unexpected{filter_not_found()};
    it->second.last_poll = clock_();
    return it->second.criteria;
}

bool FilterManager::uninstall(std::string_view id)
{
    std::lock_guard lock(mutex_);
    expire_locked();
    const auto it = filters_.find(id);
    if (it == filters_.end())
        return false;
    filters_.erase(it);
    return true;
}

size_t FilterManager::size()
{
    std::lock_guard lock(mutex_);
    expire_locked();
    return filters_.size();
}

void FilterManager::on_new_head(const Block& block)
{
    std::lock_guard lock(mutex_);
    for (auto& [id, f] : filters_)
        if (f.kind == FilterKind::kBlocks)
            push_bounded(f.hashes, block.hash);
}

void FilterManager::on_logs(std::span<const LogInfo> logs)
{
    std::lock_guard lock(mutex_);
    for (auto& [id, f] : filters_) {
        if (f.kind != FilterKind::kLogs)
            continue;
        for (const auto& log : logs)
            if (in_range(f.criteria, log) && log_matches(f.criteria, log.log))
                push_bounded(f.logs, log);
    }
}

void FilterManager::on_pending_transaction(const Hash& hash)
{
    std::lock_guard lock(mutex_);
    for (auto& [id, f] : filters_)
        if (f.kind == FilterKind::kPendingTransactions)
            push_bounded(f.hashes, hash);
}

}  // namespace blend::rpc
