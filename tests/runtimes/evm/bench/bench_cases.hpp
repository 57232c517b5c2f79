// SPDX-License-Identifier: Apache-2.0
// The benchmark programs of ../shared/conformance/evm-benchmarks (SOURCE.md there): the
// state-test files of state-tests/main give the code and the inputs; the older evmone files of
// evmone-legacy/main give expected outputs for the inputs they share (same label and calldata).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace blend::evm::bench {

struct BenchCase {
    std::string name;  ///< <file>/<label>, as evmone-bench names them
    std::vector<uint8_t> code;
    std::vector<uint8_t> input;
    /// The expected RETURN data when the legacy fixture gives it.
    std::optional<std::vector<uint8_t>> expected_output;
};

/// Loads every case of state-tests/main under `dir` (the evm-benchmarks directory); an error
/// message in `error` and an empty result when the directory or a file is unreadable.
std::vector<BenchCase> load_cases(const std::string& dir, std::string& error);

/// Expands evmone's "hexx" notation ((Nx<hex>) repeats <hex> N times) and decodes the hex.
std::optional<std::vector<uint8_t>> decode_hexx(const std::string& text);

}  // namespace blend::evm::bench
