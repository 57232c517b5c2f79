// SPDX-License-Identifier: Apache-2.0
// The one place that knows how the executor is told which strategy runs the system runtimes,
// so that the runner follows the integration's API in a single file (issue 7 item 2).
#pragma once

#include "execution/executor.hpp"
#include "tests/statetest/runner.hpp"

namespace blend::statetest {

/// Whether this build can run the system runtimes with `strategy`.
[[nodiscard]] bool strategy_available(Strategy strategy) noexcept;

/// The executor limits (and strategy switch) for `strategy`.
[[nodiscard]] execution::ExecutorLimits executor_limits(Strategy strategy);

}  // namespace blend::statetest
