// SPDX-License-Identifier: Apache-2.0
// blend-bench-tx: transaction decode / encode / hashing and secp256k1 sender recovery, the
// per-transaction costs of eth_sendRawTransaction and of block import.
#include "core/crypto/secp256k1.hpp"
#include "core/types/transaction.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace blend;

crypto::PrivateKey key(uint8_t fill)
{
    crypto::PrivateKey k;
    k.bytes.fill(fill);
    return k;
}

// A typical EIP-1559 ERC-20 transfer (68 bytes of call data, two access-list entries) or an
// EIP-7702 transaction with `authorizations` signed tuples.
Transaction make(TxType type, size_t authorizations)
{
    Transaction tx;
    tx.type = type;
    tx.chain_id = 20993;
    tx.nonce = 17;
    tx.max_priority_fee_per_gas = 1'000'000'000;
    tx.max_fee_per_gas = 40'000'000'000;
    tx.gas_limit = 65000;
    tx.to = Address{};
    tx.to->bytes.fill(0xab);
    tx.value = 0;
    tx.data.assign(68, 0x5a);
    Address warm;
    warm.bytes.fill(0xcd);
    tx.access_list = {{warm, {Hash{}, Hash{}}}, {*tx.to, {}}};
    for (size_t i = 0; i < authorizations; ++i) {
        Authorization auth;
        auth.chain_id = 20993;
        auth.address = warm;
        auth.nonce = i;
        tx.authorization_list.push_back(
            *sign_authorization(auth, key(static_cast<uint8_t>(0x40 + i))));
    }
    return *sign_transaction(tx, key(0x11));
}

void tx_decode_1559(benchmark::State& state)
{
    const Bytes raw = encode_transaction(make(TxType::kDynamicFee, 0));
    for (auto _ : state)
        benchmark::DoNotOptimize(decode_transaction(raw));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(tx_decode_1559);

void tx_encode_1559(benchmark::State& state)
{
    const Transaction tx = make(TxType::kDynamicFee, 0);
    for (auto _ : state)
        benchmark::DoNotOptimize(encode_transaction(tx));
}
BENCHMARK(tx_encode_1559);

void tx_hash_1559(benchmark::State& state)
{
    const Transaction tx = make(TxType::kDynamicFee, 0);
    for (auto _ : state)
        benchmark::DoNotOptimize(transaction_hash(tx));
}
BENCHMARK(tx_hash_1559);

void tx_recover_sender_1559(benchmark::State& state)
{
    const Transaction tx = make(TxType::kDynamicFee, 0);
    for (auto _ : state)
        benchmark::DoNotOptimize(recover_sender(tx));
}
BENCHMARK(tx_recover_sender_1559);

void tx_sign_1559(benchmark::State& state)
{
    const Transaction tx = make(TxType::kDynamicFee, 0);
    const crypto::PrivateKey k = key(0x11);
    for (auto _ : state)
        benchmark::DoNotOptimize(sign_transaction(tx, k));
}
BENCHMARK(tx_sign_1559);

// eth_sendRawTransaction's share: decode, recover the sender and every authority.
void tx_decode_and_recover_7702(benchmark::State& state)
{
    const Bytes raw =
        encode_transaction(make(TxType::kSetCode, static_cast<size_t>(state.range(0))));
    for (auto _ : state) {
        auto tx = decode_transaction(raw);
        benchmark::DoNotOptimize(recover_sender(*tx));
        for (const Authorization& auth : tx->authorization_list)
            benchmark::DoNotOptimize(recover_authority(auth));
    }
}
BENCHMARK(tx_decode_and_recover_7702)->Arg(1)->Arg(3);

}  // namespace

BENCHMARK_MAIN();
