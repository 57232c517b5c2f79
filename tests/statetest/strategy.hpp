// SPDX-License-Identifier: Apache-2.0
// The one place that knows how the executor is told which strategy runs the system runtimes
// (execution::ExecutorLimits::runtime_strategy, issue 7 item 2), so the runner follows that API
// in a single file.
#pragma once

#include "execution/executor.hpp"
#include "tests/statetest/runner.hpp"

namespace blend::statetest {

/// Whether this build can run the system runtimes with `strategy`.
[[nodiscard]] bool strategy_available(Strategy strategy) noexcept;

/// The executor limits (and strategy switch) for `strategy`.
[[nodiscard]] execution::ExecutorLimits executor_limits(Strategy strategy);

}  // namespace blend::statetest
