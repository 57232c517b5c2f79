// SPDX-License-Identifier: Apache-2.0
// blend-chain-crash-helper <datadir>: opens the chain store on the small test genesis and seals
// blocks of transfers forever, printing "<number> <hash>" after each commit returns (the block
// is then reported as included). The crash test SIGKILLs it at random moments.
#include "core/hex.hpp"
#include "node/builder/block_builder.hpp"
#include "node/chain/chain_store.hpp"
#include "node_test_support.hpp"

#include <cstdio>
#include <random>

using namespace blend;
using namespace blend::node;

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: blend-chain-crash-helper <datadir>\n");
        return 1;
    }
    ChainOptions options;
    options.state.threads = 1;
    options.state.block_cache_bytes = size_t{8} << 20;
    auto chain = ChainStore::open(argv[1], test::small_genesis(), options);
    if (!chain) {
        std::fprintf(stderr, "open: %s\n", to_string(chain.error()));
        return 1;
    }
    std::printf("ready %llu\n", static_cast<unsigned long long>((*chain)->head_number()));
    std::fflush(stdout);
    execution::ModuleCache modules;
    std::mt19937_64 rng(std::random_device{}());
    for (;;) {
        const Header head = (*chain)->head_header();
        const Hash head_hash = (*chain)->head_hash();
        std::vector<PendingTx> txs;
        const size_t n = 1 + rng() % 6;
        for (size_t i = 0; i < n; ++i) {
            const uint8_t signer = static_cast<uint8_t>(1 + rng() % 4);
            const auto acct =
                (*chain)->state().account(test::address_of(signer), trie::At::hash(head_hash));
            if (!acct || !*acct)
                return 2;
            uint64_t nonce = (*acct)->nonce;
            for (const PendingTx& p : txs)
                nonce += p.sender == test::address_of(signer) ? 1 : 0;
            txs.push_back(test::transfer(signer, nonce, test::tagged(static_cast<uint8_t>(rng())),
                                         1 + rng() % 1000, 100'000'000'000ull, 1'000'000'000ull));
        }
        BuildParams p;
        p.parent_hash = head_hash;
        p.timestamp = head.timestamp + 1;
        p.fee_recipient = test::tagged(0xCB);
        auto built = build_block(**chain, modules, test::kChainId, p, {}, std::move(txs));
        if (!built || !built->skipped.empty())
            return 3;
        const uint64_t number = built->block.header.number;
        const Hash hash = built->block.hash;
        if (auto r = (*chain)->commit(std::move(built->block), built->diff); !r)
            return 4;
        std::printf("%llu %s\n", static_cast<unsigned long long>(number), to_hex(hash).c_str());
        std::fflush(stdout);
    }
}
