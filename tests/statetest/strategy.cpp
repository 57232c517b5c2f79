// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/strategy.hpp"

namespace blend::statetest {

bool strategy_available(Strategy strategy) noexcept
{
    // TODO(issue 7 item 2): the executor has no strategy switch yet; every system runtime runs in
    // the rWasm interpreter until the native strategy lands, so only that one is honest to claim.
    return strategy == Strategy::kInterpreter;
}

execution::ExecutorLimits executor_limits(Strategy /*strategy*/)
{
    return {};
}

}  // namespace blend::statetest
