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

/// One message through the STF in both strategies; the interpreter strategy timed.
struct InterpMeasurement {
    double mgas_per_s = 0;  ///< best of `trials`; 0 when not timed (the runs disagree or fail)
    int32_t exit_code = 0;  ///< interpreter strategy (docs/abi.md §6)
    uint64_t gas_used = 0;  ///< interpreter strategy; must equal native_gas_used
    std::vector<uint8_t> output;
    int32_t native_exit_code = 0;  ///< native strategy
    uint64_t native_gas_used = 0;
    std::vector<uint8_t> native_output;
};

/// Runs `c` through the STF once in the native strategy and once in the interpreter strategy,
/// then, when both succeed with the same gas, times the interpreter strategy `trials` times for
/// at least `min_seconds` each; std::nullopt when the STF is not built into this benchmark.
std::optional<InterpMeasurement> measure_interp(const BenchCase& c, int trials, double min_seconds);

}  // namespace blend::evm::bench
