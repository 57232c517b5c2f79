// SPDX-License-Identifier: Apache-2.0
// The interpreter strategy is not linked into this build of blend-bench-evm (interp_hook.hpp).
#include "tests/runtimes/evm/bench/interp_hook.hpp"

namespace blend::evm::bench {

std::optional<InterpMeasurement> measure_interp(const BenchCase&, int, double)
{
    return std::nullopt;
}

}  // namespace blend::evm::bench
