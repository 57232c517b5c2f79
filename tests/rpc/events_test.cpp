// SPDX-License-Identifier: Apache-2.0
// Filters (buffering, matching, expiry after kFilterTimeout) and the subscription hub.
#include "rpc/events.hpp"

#include <catch2/catch.hpp>

using namespace blend;
using namespace blend::rpc;

namespace {

struct Recorder final : NotificationTarget {
    std::vector<Json> messages;
    void send(std::string message) override { messages.push_back(Json::parse(message)); }
};

LogInfo log_at(uint64_t block, uint8_t address_byte)
{
    LogInfo l;
    l.block_number = block;
    l.log.address.bytes.fill(address_byte);
    l.log.topics = {Hash{}};
    return l;
}

}  // namespace

TEST_CASE("filters expire when not polled for kFilterTimeout")
{
    auto now = std::chrono::steady_clock::time_point{};
    FilterManager filters([&] { return now; });
    const auto id = filters.install(FilterKind::kBlocks);
    REQUIRE(id);
    now += kFilterTimeout;
    CHECK(filters.changes(*id));  // exactly at the timeout: still there, and polled again
    now += kFilterTimeout + std::chrono::seconds(1);
    CHECK(filters.changes(*id).error().message == "filter not found");
    CHECK(filters.size() == 0);
}

TEST_CASE("log filters keep matching logs in range; pending filters keep hashes; bounded")
{
    FilterManager filters;
    LogFilter criteria;
    criteria.from_block = BlockId::number(5);
    criteria.to_block = BlockId::number(6);
    criteria.addresses = {log_at(0, 1).log.address};
    const auto logs_id = *filters.install(FilterKind::kLogs, criteria);
    const auto pending_id = *filters.install(FilterKind::kPendingTransactions);
    const std::vector<LogInfo> logs = {log_at(4, 1), log_at(5, 1), log_at(5, 2), log_at(6, 1),
                                       log_at(7, 1)};
    filters.on_logs(logs);
    const auto changes = *filters.changes(logs_id);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0]["blockNumber"] == "0x5");
    CHECK(changes[1]["blockNumber"] == "0x6");
    CHECK(filters.changes(pending_id)->empty());

    for (size_t i = 0; i < kMaxFilterBuffer + 5; ++i) {
        Hash h;
        h.bytes[0] = static_cast<uint8_t>(i);
        h.bytes[1] = static_cast<uint8_t>(i >> 8);
        filters.on_pending_transaction(h);
    }
    const auto hashes = *filters.changes(pending_id);
    CHECK(hashes.size() == kMaxFilterBuffer);  // the five oldest were dropped
    CHECK(hashes[0] == "0x0500" + std::string(60, '0'));

    CHECK(filters.log_filter(pending_id).error().code == ErrorCode::kServerError);
    CHECK(filters.log_filter(logs_id)->addresses.size() == 1);
}

TEST_CASE("too many filters")
{
    FilterManager filters;
    for (size_t i = 0; i < kMaxFilters; ++i)
        REQUIRE(filters.install(FilterKind::kBlocks));
    CHECK(filters.install(FilterKind::kBlocks).error().message == "too many filters");
}

TEST_CASE("subscriptions: notifications per kind, filter, owner; unsubscribe; limit")
{
    SubscriptionHub hub;
    auto a = std::make_shared<Recorder>();
    auto b = std::make_shared<Recorder>();
    const auto heads = *hub.subscribe(a, SubscriptionKind::kNewHeads);
    LogFilter only_one;
    only_one.addresses = {log_at(0, 1).log.address};
    const auto logs = *hub.subscribe(b, SubscriptionKind::kLogs, only_one);
    const auto pending = *hub.subscribe(b, SubscriptionKind::kNewPendingTransactions);
    CHECK(heads != logs);

    Block block;
    block.header.number = 3;
    hub.on_new_head(block);
    REQUIRE(a->messages.size() == 1);
    CHECK(a->messages[0]["method"] == "eth_subscription");
    CHECK(a->messages[0]["params"]["subscription"] == heads);
    CHECK(a->messages[0]["params"]["result"]["number"] == "0x3");
    CHECK(b->messages.empty());

    const std::vector<LogInfo> fired = {log_at(3, 1), log_at(3, 2)};
    hub.on_logs(fired);
    REQUIRE(b->messages.size() == 1);
    CHECK(b->messages[0]["params"]["subscription"] == logs);
    hub.on_pending_transaction(Hash{});
    REQUIRE(b->messages.size() == 2);
    CHECK(b->messages[1]["params"]["subscription"] == pending);

    CHECK(!hub.unsubscribe(a.get(), logs));  // not a's subscription
    CHECK(hub.unsubscribe(b.get(), logs));
    CHECK(!hub.unsubscribe(b.get(), logs));
    hub.remove_connection(b.get());
    CHECK(hub.size() == 1);

    for (size_t i = 1; i < kMaxSubscriptionsPerConnection; ++i)
        REQUIRE(hub.subscribe(a, SubscriptionKind::kNewHeads));
    CHECK(!hub.subscribe(a, SubscriptionKind::kNewHeads));
    // A connection that went away is skipped.
    a.reset();
    hub.on_new_head(block);
}
