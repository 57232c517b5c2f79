// SPDX-License-Identifier: Apache-2.0
#include "rpc/methods.hpp"

#include <algorithm>
#include <array>

namespace blend::rpc {

namespace {

#define BLEND_RPC_METHOD_ROW(name, ns, max_params, flags, handler) \
    Method{name, Namespace::ns, max_params, flags, &handlers::handler},
constexpr Method kMethods[] = {BLEND_RPC_METHODS(BLEND_RPC_METHOD_ROW)};
#undef BLEND_RPC_METHOD_ROW

constexpr size_t kMethodCount = sizeof(kMethods) / sizeof(kMethods[0]);

/// The table sorted by name, built once, for binary search.
const std::array<const Method*, kMethodCount>& sorted_methods()
{
    static const auto sorted = [] {
        std::array<const Method*, kMethodCount> out{};
        for (size_t i = 0; i < kMethodCount; ++i)
            out[i] = &kMethods[i];
        std::sort(out.begin(), out.end(),
                  [](const Method* a, const Method* b) { return a->name < b->name; });
        return out;
    }();
    return sorted;
}

/// Each method's namespace is its name's prefix: checked once at compile time.
constexpr bool prefixes_match()
{
    constexpr std::string_view kPrefixes[] = {"eth_", "net_", "web3_", "debug_", "engine_", "rpc_"};
    for (const auto& m : kMethods) {
        const auto prefix = kPrefixes[static_cast<size_t>(m.ns)];
        if (m.name.substr(0, prefix.size()) != prefix)
            return false;
    }
    return true;
}
static_assert(prefixes_match(), "a method's namespace must match its name's prefix");

}  // namespace

const char* to_string(Namespace ns) noexcept
{
    switch (ns) {
    case Namespace::kEth:
        return "eth";
    case Namespace::kNet:
        return "net";
    case Namespace::kWeb3:
        return "web3";
    case Namespace::kDebug:
        return "debug";
    case Namespace::kEngine:
        return "engine";
    case Namespace::kRpc:
        return "rpc";
    }
    return "?";
}

std::optional<Namespace> namespace_from_string(std::string_view name) noexcept
{
    for (const auto ns : {Namespace::kEth, Namespace::kNet, Namespace::kWeb3, Namespace::kDebug,
                          Namespace::kEngine, Namespace::kRpc})
        if (name == to_string(ns))
            return ns;
    return std::nullopt;
}

std::span<const Method> methods() noexcept
{
    return {kMethods, kMethodCount};
}

const Method* find_method(std::string_view name) noexcept
{
    const auto& sorted = sorted_methods();
    const auto it =
        std::lower_bound(sorted.begin(), sorted.end(), name,
                         [](const Method* m, std::string_view n) { return m->name < n; });
    if (it == sorted.end() || (*it)->name != name)
        return nullptr;
    return *it;
}

std::vector<std::string> engine_capabilities()
{
    std::vector<std::string> out;
    for (const auto& m : kMethods)
        if (m.ns == Namespace::kEngine && m.name != "engine_exchangeCapabilities")
            out.emplace_back(m.name);
    return out;
}

}  // namespace blend::rpc
