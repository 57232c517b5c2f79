// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the pool tests: keys, signed transactions, a pool over an in-memory state.
#pragma once

#include "core/crypto/secp256k1.hpp"
#include "core/types/transaction.hpp"
#include "execution/in_memory_state.hpp"
#include "node/txpool/tx_pool.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

namespace blend::txpool::test {

inline constexpr uint64_t kChainId = 1337;
inline constexpr uint64_t kGwei = 1'000'000'000;
inline constexpr uint64_t kBlockGasLimit = 30'000'000;

inline crypto::PrivateKey key(uint32_t n)
{
    crypto::PrivateKey k;
    k[28] = static_cast<uint8_t>(n >> 24);
    k[29] = static_cast<uint8_t>(n >> 16);
    k[30] = static_cast<uint8_t>(n >> 8);
    k[31] = static_cast<uint8_t>(n + 1);  // never zero
    return k;
}

inline Address address_of(uint32_t n)
{
    const auto a = crypto::address_from_private_key(key(n));
    REQUIRE(a.has_value());
    return *a;
}

inline Address recipient()
{
    Address a;
    a[19] = 0x99;
    return a;
}

/// An unsigned EIP-1559 transfer.
inline Transaction dynamic_tx(uint64_t nonce, uint64_t tip_gwei, uint64_t fee_cap_gwei)
{
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = kChainId;
    t.nonce = nonce;
    t.max_priority_fee_per_gas = U256{tip_gwei} * U256{kGwei};
    t.max_fee_per_gas = U256{fee_cap_gwei} * U256{kGwei};
    t.gas_limit = 21'000;
    t.to = recipient();
    t.value = U256{1};
    return t;
}

inline Transaction sign(const Transaction& t, uint32_t signer)
{
    auto s = sign_transaction(t, key(signer));
    REQUIRE(s.has_value());
    return *s;
}

inline Bytes raw(const Transaction& t, uint32_t signer)
{
    return encode_transaction(sign(t, signer));
}

/// The message a refused add returns, or "ok".
inline std::string outcome(const Result<Hash, PoolError>& r)
{
    return r ? std::string("ok") : std::string(to_string(r.error()));
}

/// A pool over an in-memory head state where signers 0..n-1 hold `balance_eth` ether each.
struct PoolFixture {
    std::shared_ptr<execution::InMemoryState> state = std::make_shared<execution::InMemoryState>();
    PoolConfig config;
    PoolHead head{1, kBlockGasLimit, U256{kGwei}};
    std::unique_ptr<TxPool> pool;

    explicit PoolFixture(uint32_t funded = 8, uint64_t balance_eth = 100)
    {
        config.chain_id = kChainId;
        for (uint32_t i = 0; i < funded; ++i)
            state->set_balance(address_of(i), U256{balance_eth} * U256{kGwei} * U256{kGwei});
    }
    TxPool& make()
    {
        pool = std::make_unique<TxPool>(config, state, head);
        return *pool;
    }
    Result<Hash, PoolError> add(const Transaction& t,
                                uint32_t signer,
                                Origin origin = Origin::kRemote)
    {
        return pool->add_raw(raw(t, signer), origin);
    }
};

}  // namespace blend::txpool::test
