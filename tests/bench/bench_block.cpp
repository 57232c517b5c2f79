// SPDX-License-Identifier: Apache-2.0
// Ordered trie roots, header hashing and receipt decoding at block scale. A block of 1000
// transactions of ~150 bytes is a busy L1 block; the root of its transactions and receipts is
// computed once per block built or imported.
#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"
#include "core/types/header.hpp"
#include "core/types/receipt.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

std::vector<blend::Bytes> random_items(size_t count, size_t min_size, size_t max_size)
{
    std::mt19937_64 rng(42);
    std::vector<blend::Bytes> items(count);
    for (auto& item : items) {
        item.resize(min_size + rng() % (max_size - min_size + 1));
        for (auto& b : item)
            b = static_cast<uint8_t>(rng());
    }
    return items;
}

void BM_OrderedTrieRoot(benchmark::State& state)
{
    const auto items = random_items(static_cast<size_t>(state.range(0)), 100, 200);
    for (auto _ : state)
        benchmark::DoNotOptimize(blend::ordered_trie_root(items));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_OrderedTrieRoot)->Arg(16)->Arg(200)->Arg(1000)->Arg(10000);

blend::Receipt sample_receipt(std::mt19937_64& rng)
{
    blend::Receipt r;
    r.type = 2;
    r.status = true;
    r.cumulative_gas_used = rng() % 30000000;
    for (int i = 0; i < 3; ++i) {
        blend::Log log;
        log.address[0] = static_cast<uint8_t>(rng());
        for (int t = 0; t < 3; ++t) {
            blend::Hash topic;
            topic[0] = static_cast<uint8_t>(rng());
            log.topics.push_back(topic);
        }
        log.data.assign(64, static_cast<uint8_t>(rng()));
        r.logs.push_back(log);
    }
    return blend::with_computed_bloom(r);
}

void BM_ReceiptsRoot1000(benchmark::State& state)
{
    std::mt19937_64 rng(7);
    std::vector<blend::Receipt> receipts;
    for (int i = 0; i < 1000; ++i)
        receipts.push_back(sample_receipt(rng));
    for (auto _ : state)
        benchmark::DoNotOptimize(blend::receipts_root(receipts));
}
BENCHMARK(BM_ReceiptsRoot1000);

void BM_DecodeReceipt(benchmark::State& state)
{
    std::mt19937_64 rng(9);
    const blend::Bytes encoded = blend::encode_receipt(sample_receipt(rng));
    for (auto _ : state)
        benchmark::DoNotOptimize(blend::decode_receipt(encoded));
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(encoded.size()));
}
BENCHMARK(BM_DecodeReceipt);

void BM_PragueBlockHash(benchmark::State& state)
{
    blend::Header h;
    h.number = 24630100;
    h.gas_limit = 60000000;
    h.extra_data.assign(19, 0x42);
    h.base_fee_per_gas = blend::U256(38203891);
    h.withdrawals_root = blend::kEmptyTrieRoot;
    h.blob_gas_used = 262144;
    h.excess_blob_gas = 170553870;
    h.parent_beacon_block_root = blend::Hash{};
    h.requests_hash = blend::kEmptyRequestsHash;
    for (auto _ : state)
        benchmark::DoNotOptimize(blend::block_hash(h));
}
BENCHMARK(BM_PragueBlockHash);

}  // namespace

BENCHMARK_MAIN();
