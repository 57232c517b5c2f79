// SPDX-License-Identifier: Apache-2.0
// Hook for the interpreter-strategy figure of blend-bench-evm: the EVM runtime compiled to
// wasm32 -> rWasm and run by the rWasm interpreter (issue 7 item 6, `interp_mgas_s=`). The
// integration engineer provides an implementation (selected in tests/runtimes/evm/CMakeLists.txt);
// until then interp_hook_none.cpp answers "not available" and the column is not printed.
#pragma once

#include "tests/runtimes/evm/bench/bench_cases.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace blend::evm::bench {

struct InterpMeasurement {
    double mgas_per_s = 0;  ///< best of `trials`
    uint64_t gas_used = 0;  ///< must equal the native run's
    std::vector<uint8_t> output;
};

/// Runs `c` through the interpreter strategy `trials` times for at least `min_seconds` each;
/// std::nullopt when the strategy is not built into this benchmark.
std::optional<InterpMeasurement> measure_interp(const BenchCase& c, int trials, double min_seconds);

}  // namespace blend::evm::bench
