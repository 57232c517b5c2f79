// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the node tests: a temporary datadir, keys, a small genesis, signed transfers.

#include "core/crypto/secp256k1.hpp"
#include "core/types/transaction.hpp"
#include "core/u256.hpp"
#include "genesis/genesis.hpp"
#include "node/builder/block_builder.hpp"

#include <filesystem>
#include <optional>
#include <random>
#include <string>

namespace blend::node::test {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag = "blend-node")
    {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               (tag + "-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::remove_all(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

inline constexpr uint64_t kChainId = 1337;
/// 10^21 wei (1000 ETH) per funded account.
inline const U256 kFunding = U256{1'000'000'000'000'000'000ull} * U256{1000};

inline crypto::PrivateKey key(uint8_t n)
{
    crypto::PrivateKey k;
    k[31] = n;
    return k;
}

inline Address address_of(uint8_t n)
{
    return *crypto::address_from_private_key(key(n));
}

inline Address tagged(uint8_t n)
{
    Address a;
    a[0] = 0xAA;  // outside the precompile range
    a[19] = n;
    return a;
}

/// Keys 1..`funded` hold kFunding each; chain id 1337, gas limit 30M, base fee 1 gwei, time 1000.
inline genesis::GenesisBlock small_genesis(uint8_t funded = 4, uint64_t extra_tag = 0)
{
    genesis::Genesis g;
    g.config.chain_id = kChainId;
    g.gas_limit = 30'000'000;
    g.timestamp = 1000 + extra_tag;
    for (uint8_t i = 1; i <= funded; ++i)
        g.alloc[address_of(i)].balance = kFunding;
    auto b = genesis::build_genesis(g);
    BLEND_ASSERT(b.has_value());
    return std::move(*b);
}

/// A signed EIP-1559 transaction.
inline PendingTx transfer(uint8_t signer,
                          uint64_t nonce,
                          const Address& to,
                          uint64_t value,
                          uint64_t max_fee,
                          uint64_t tip,
                          uint64_t gas = 21'000,
                          Bytes data = {})
{
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = kChainId;
    t.nonce = nonce;
    t.max_fee_per_gas = max_fee;
    t.max_priority_fee_per_gas = tip;
    t.gas_limit = gas;
    t.to = to;
    t.value = value;
    t.data = std::move(data);
    auto s = sign_transaction(t, key(signer));
    BLEND_ASSERT(s.has_value());
    return PendingTx{*s, address_of(signer), transaction_hash(*s)};
}

}  // namespace blend::node::test
