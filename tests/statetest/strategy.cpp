// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/strategy.hpp"

#include "execution/native_runtime.hpp"

namespace blend::statetest {

bool strategy_available(Strategy strategy) noexcept
{
    // Without the EVM runtime's artifact (no wasm32 toolchain at configure time) there is no
    // runtime to run either way; natively, there must also be a native build of it.
    if (execution::evm_runtime_artifact().empty())
        return false;
    return strategy == Strategy::kInterpreter || !execution::builtin_native_runtimes().empty();
}

execution::ExecutorLimits executor_limits(Strategy strategy)
{
    execution::ExecutorLimits limits;
    limits.runtime_strategy = strategy == Strategy::kNative
                                  ? execution::RuntimeStrategy::kNative
                                  : execution::RuntimeStrategy::kInterpreter;
    return limits;
}

}  // namespace blend::statetest
