// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace blend::trie_bench {

/// Prints the RocksDB state store lines of blend-bench-trie (bench_state.cpp); false on failure.
bool bench_state_store();

}  // namespace blend::trie_bench
