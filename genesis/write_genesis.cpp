// SPDX-License-Identifier: Apache-2.0
// Genesis → canonical geth-format JSON, and the dev genesis.
#include "core/hex.hpp"
#include "core/u256.hpp"
#include "genesis/genesis.hpp"
#include "genesis/hd_key.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace blend::genesis {

namespace {

std::string quantity(uint64_t v)
{
    return fmt::format("0x{:x}", v);
}

}  // namespace

std::string genesis_to_json(const Genesis& g)
{
    // nlohmann's default object is a std::map: keys come out sorted, so the text is canonical.
    nlohmann::json config = nlohmann::json::object();
    config["chainId"] = g.config.chain_id;
    for (const char* fork :
         {"homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
          "constantinopleBlock", "petersburgBlock", "istanbulBlock", "berlinBlock", "londonBlock"})
        config[fork] = 0;
    config["shanghaiTime"] = g.config.shanghai_time;
    config["cancunTime"] = g.config.cancun_time;
    config["pragueTime"] = g.config.prague_time;
    config["terminalTotalDifficulty"] = 0;

    nlohmann::json alloc = nlohmann::json::object();
    for (const auto& [address, account] : g.alloc) {
        nlohmann::json entry = nlohmann::json::object();
        entry["balance"] = to_hex(account.balance);
        if (account.nonce != 0)
            entry["nonce"] = quantity(account.nonce);
        if (!account.code.empty())
            entry["code"] = to_hex(account.code);
        if (!account.storage.empty()) {
            nlohmann::json storage = nlohmann::json::object();
            for (const auto& [slot, value] : account.storage)
                storage[to_hex(slot)] = to_hex(value);
            entry["storage"] = std::move(storage);
        }
        alloc[to_hex(address)] = std::move(entry);
    }

    nlohmann::json doc = nlohmann::json::object();
    doc["config"] = std::move(config);
    doc["nonce"] = quantity(g.nonce);
    doc["timestamp"] = quantity(g.timestamp);
    doc["extraData"] = to_hex(g.extra_data);
    doc["gasLimit"] = quantity(g.gas_limit);
    doc["difficulty"] = to_hex(g.difficulty);
    doc["mixHash"] = to_hex(g.mix_hash);
    doc["coinbase"] = to_hex(g.coinbase);
    doc["baseFeePerGas"] = to_hex(g.base_fee_per_gas);
    doc["number"] = "0x0";
    doc["gasUsed"] = "0x0";
    doc["parentHash"] = to_hex(Hash{});
    doc["alloc"] = std::move(alloc);
    return doc.dump(2) + "\n";
}

Genesis dev_genesis()
{
    Genesis g;
    g.config.chain_id = kDevChainId;
    g.gas_limit = kDevGasLimit;
    g.base_fee_per_gas = kDefaultBaseFee;
    for (const DevAccount& account : dev_accounts())
        g.alloc[account.address].balance = kDevAccountBalance;
    return g;
}

}  // namespace blend::genesis
