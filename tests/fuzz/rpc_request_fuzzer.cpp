// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the JSON-RPC request path (an outsider's bytes): envelope checks, batch
// handling, every method's parameter parsing and the JSON encoders, against the scripted fake
// backend. The first byte picks the public or the Engine port's method set. Property checked:
// whatever the input, the answer is nothing (notifications only) or valid JSON — one response
// object or an array of them — and nothing aborts.
#include "core/assert.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/events.hpp"
#include "tests/rpc/fake_backend.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace blend::rpc;
    if (size == 0)
        return 0;
    static test::FakeEthBackend eth;
    static test::FakeEngineBackend engine;
    static FilterManager filters;
    static SubscriptionHub subscriptions;
    DispatcherConfig config;
    config.engine_port = (data[0] & 1) != 0;
    config.namespaces = {Namespace::kEth, Namespace::kNet, Namespace::kWeb3, Namespace::kDebug};
    config.max_batch_size = 64;
    const Dispatcher dispatcher(config, Services{&eth, &engine, &filters, &subscriptions});
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto response = dispatcher.handle(body);
    if (!response)
        return 0;
    const Json parsed = Json::parse(*response, nullptr, false);
    BLEND_ASSERT(!parsed.is_discarded());
    if (parsed.is_array()) {
        BLEND_ASSERT(!parsed.empty());
        for (const auto& r : parsed)
            BLEND_ASSERT(r.is_object() && r.contains("jsonrpc"));
    } else {
        BLEND_ASSERT(parsed.is_object() && parsed.contains("jsonrpc"));
        BLEND_ASSERT(parsed.contains("result") != parsed.contains("error"));
    }
    return 0;
}
