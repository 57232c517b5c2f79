// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the transaction pool's add(), the path eth_sendRawTransaction takes with a
// stranger's bytes. The first input byte picks the mode: even, the rest is an envelope given to
// add_raw as is; odd, the rest is decoded and, if it decodes, re-signed with a funded key (so the
// fuzzer gets past signature recovery into nonce, fee, balance, replacement and eviction logic),
// then added. Every 64th input moves the head. Properties: no crash, no abort; an accepted
// transaction is in the pool; the pool's counts stay consistent and within its limits; a refusal
// always has a message.
#include "core/assert.hpp"
#include "core/crypto/secp256k1.hpp"
#include "execution/in_memory_state.hpp"
#include "node/txpool/tx_pool.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace {

using namespace blend;

constexpr uint64_t kChainId = 1337;

crypto::PrivateKey fuzz_key(uint8_t i)
{
    crypto::PrivateKey k;
    k[31] = static_cast<uint8_t>(i + 1);
    return k;
}

struct Harness {
    std::shared_ptr<execution::InMemoryState> state = std::make_shared<execution::InMemoryState>();
    txpool::PoolConfig config;
    std::unique_ptr<txpool::TxPool> pool;
    uint64_t inputs = 0;

    Harness()
    {
        config.chain_id = kChainId;
        config.account_slots = 8;
        config.global_slots = 32;  // small, so eviction runs and memory stays bounded
        config.warn = [](std::string_view) {};
        for (uint8_t i = 0; i < 4; ++i) {
            const auto a = crypto::address_from_private_key(fuzz_key(i));
            BLEND_ASSERT(a.has_value());
            state->set_balance(*a, U256{1} << 80);
        }
        pool = std::make_unique<txpool::TxPool>(config, state,
                                                txpool::PoolHead{1, 30'000'000, U256{7}});
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static Harness h;
    if (size == 0)
        return 0;
    const uint8_t mode = data[0];
    const BytesView rest{data + 1, size - 1};
    const auto origin = (mode & 2) ? txpool::Origin::kLocal : txpool::Origin::kRemote;

    Result<Hash, txpool::PoolError> added = Unexpected{txpool::PoolError::kMalformed};
    if ((mode & 1) == 0) {
        added = h.pool->add_raw(rest, origin);
    } else {
        auto tx = decode_transaction(rest);
        if (!tx)
            return 0;
        if (tx->type != TxType::kLegacy)
            tx->chain_id = kChainId;
        auto signed_tx = sign_transaction(*tx, fuzz_key(static_cast<uint8_t>((mode >> 2) & 3)));
        if (!signed_tx)
            return 0;
        added = h.pool->add(*signed_tx, origin);
    }
    if (added)
        BLEND_ASSERT(h.pool->contains(*added));
    else
        BLEND_ASSERT(std::strlen(txpool::to_string(added.error())) > 0);

    const auto stats = h.pool->stats();
    BLEND_ASSERT(stats.slots <= h.config.global_slots);
    size_t counted = 0;
    for (const auto& [sender, content] : h.pool->content()) {
        BLEND_ASSERT(content.pending.size() + content.queued.size() <= h.config.account_slots);
        BLEND_ASSERT(h.pool->pending_nonce(sender) >= content.pending.size());
        counted += content.pending.size() + content.queued.size();
    }
    BLEND_ASSERT(counted == stats.pending + stats.queued);

    if (++h.inputs % 64 == 0) {
        // A new head: every funded sender's nonce moves on by one; the base fee from the input.
        auto next = std::make_shared<execution::InMemoryState>(*h.state);
        for (uint8_t i = 0; i < 4; ++i) {
            const auto a = crypto::address_from_private_key(fuzz_key(i));
            auto account = next->account(*a).value_or(execution::Account{});
            ++account.nonce;
            next->set_account(*a, account);
        }
        h.state = next;
        h.pool->set_head(next, txpool::PoolHead{h.inputs, 30'000'000, U256{mode}});
    }
    return 0;
}
