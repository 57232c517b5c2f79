// SPDX-License-Identifier: Apache-2.0
// blend-state-crash-helper <dir> <seed>: commits blocks of random writes to the state store in a
// loop, forever, and prints each block number to stdout (flushed) once it is persisted. The crash
// test kills it with SIGKILL at random points. Block n's write set depends only on (seed, n), so
// the test can replay the expected state of any block.

#include "state_model.hpp"
#include "trie/store/state_db.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

blend::Hash crash_block_hash(uint64_t n)
{
    return blend::trie_test::test_word(n + 0xc0ffee);
}

}  // namespace

int main(int argc, char** argv)
{
    using namespace blend;
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <dir> <seed>\n", argv[0]);
        return 2;
    }
    const uint64_t seed = std::strtoull(argv[2], nullptr, 10);
    auto db = trie::StateDb::open(argv[1]);
    if (!db) {
        std::fprintf(stderr, "open: %s\n", trie::to_string(db.error()));
        return 1;
    }
    if (!(*db)->initialized()) {
        const auto g =
            (*db)->commit_genesis(crash_block_hash(0), trie_test::crash_write_set(seed, 0));
        if (!g) {
            std::fprintf(stderr, "genesis: %s\n", trie::to_string(g.error()));
            return 1;
        }
        std::printf("0\n");
        std::fflush(stdout);
    }
    for (;;) {
        const uint64_t n = (*db)->persisted_tip().number + 1;
        auto diff = (*db)->apply(crash_block_hash(n - 1), trie_test::crash_write_set(seed, n));
        if (!diff || !(*db)->insert(*diff, crash_block_hash(n)) ||
            !(*db)->persist(crash_block_hash(n))) {
            std::fprintf(stderr, "block %llu failed\n", static_cast<unsigned long long>(n));
            return 1;
        }
        std::printf("%llu\n", static_cast<unsigned long long>(n));
        std::fflush(stdout);
    }
}
