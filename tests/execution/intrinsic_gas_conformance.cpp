// SPDX-License-Identifier: Apache-2.0
// Intrinsic gas against the Ethereum state tests: every post entry of the listed files expects
// either INTRINSIC_GAS_TOO_LOW or no exception; ours must agree on each (data, gas) pair. The
// official fill is Cancun (no EIP-7623 floor, no EIP-7702), so the check compares the gas limit
// with intrinsic_gas().intrinsic only. Reads BLEND_CONFORMANCE_DIR; fails when the data is absent.
#include "core/hex.hpp"
#include "execution/intrinsic_gas.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace blend;
using namespace blend::execution;

namespace {

uint64_t quantity(const nlohmann::json& j)
{
    return std::stoull(j.get<std::string>(), nullptr, 16);
}

Bytes hex_bytes(const std::string& s)
{
    auto b = from_hex(s);
    REQUIRE(b.has_value());
    return *b;
}

}  // namespace

TEST_CASE("intrinsic gas agrees with the Ethereum state tests", "[stf][conformance]")
{
    const char* env = std::getenv("BLEND_CONFORMANCE_DIR");
    const std::string root = env != nullptr ? env : "../shared/conformance";
    const char* files[] = {
        "/ethereum-state/GeneralStateTests/stEIP1559/intrinsic.json",
        "/ethereum-state/GeneralStateTests/stEIP1559/lowGasLimit.json",
        "/ethereum-state/GeneralStateTests/stExample/invalidTr.json",
    };
    size_t checked = 0;
    size_t too_low = 0;
    for (const char* name : files) {
        const std::string path = root + name;
        std::ifstream in(path);
        INFO("conformance file " << path << " (BLEND_CONFORMANCE_DIR)");
        REQUIRE(in.good());  // absent data is a failure, never a skip
        const nlohmann::json doc = nlohmann::json::parse(in);
        for (const auto& [test_name, test] : doc.items()) {
            const nlohmann::json& t = test["transaction"];
            for (const nlohmann::json& post : test["post"]["Cancun"]) {
                const auto& idx = post["indexes"];
                Transaction tx;
                tx.type = t.contains("maxFeePerGas") ? TxType::kDynamicFee : TxType::kLegacy;
                const std::string to = t["to"].get<std::string>();
                if (!to.empty())
                    tx.to = *address_from_hex(to);
                const size_t d = idx["data"].get<size_t>();
                tx.data = hex_bytes(t["data"][d].get<std::string>());
                if (t.contains("accessLists") && !t["accessLists"][d].is_null()) {
                    tx.type =
                        t.contains("maxFeePerGas") ? TxType::kDynamicFee : TxType::kAccessList;
                    for (const auto& e : t["accessLists"][d]) {
                        AccessListEntry entry;
                        entry.address = *address_from_hex(e["address"].get<std::string>());
                        for (const auto& k : e["storageKeys"])
                            entry.storage_keys.push_back(*hash_from_hex(k.get<std::string>()));
                        tx.access_list.push_back(std::move(entry));
                    }
                }
                tx.gas_limit = quantity(t["gasLimit"][idx["gas"].get<size_t>()]);
                const std::string exception = post.value("expectException", "");
                const bool expect_low =
                    exception.find("INTRINSIC_GAS_TOO_LOW") != std::string::npos;
                if (!exception.empty() && !expect_low)
                    continue;  // another rule (balance, nonce ...) is under test
                INFO(test_name << " data " << d << " gas " << tx.gas_limit);
                const auto g = intrinsic_gas(tx);
                REQUIRE(g.has_value());
                CHECK((tx.gas_limit < g->intrinsic) == expect_low);
                ++checked;
                too_low += expect_low ? 1 : 0;
            }
        }
    }
    std::printf("intrinsic_gas_conformance: %zu cases checked (%zu intrinsic gas too low)\n",
                checked, too_low);
    CHECK(checked > 1'000);
}
