// SPDX-License-Identifier: Apache-2.0
// The interpreter strategy for blend-bench-evm (interp_hook.hpp): the benchmark contract as an EVM
// contract in an in-memory state with the EVM runtime's rWasm artifact at its system address, one
// call message through the executor with RuntimeStrategy::kInterpreter — the EVM interpreter
// compiled to wasm32 → rWasm, run by the rWasm interpreter, every state action an `_exec`
// interruption. Mgas/s = the message's gas used / thread CPU time, best of `trials`.
#include "execution/account_code.hpp"
#include "execution/executor.hpp"
#include "execution/in_memory_state.hpp"
#include "execution/journal.hpp"
#include "execution/native_runtime.hpp"
#include "tests/runtimes/evm/bench/interp_hook.hpp"

#include <ctime>

namespace blend::evm::bench {

namespace {

double thread_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// The fixtures' gas limit (SOURCE.md: 1,000,000,000 for every file).
constexpr uint64_t kBenchGas = 1'000'000'000;

}  // namespace

std::optional<InterpMeasurement> measure_interp(const BenchCase& c, int trials, double min_seconds)
{
    using namespace blend::execution;
    const BytesView artifact = evm_runtime_artifact();
    if (artifact.empty())
        return std::nullopt;
    InMemoryState pre;
    pre.set_code(kEvmRuntimeAddress, Bytes(artifact.begin(), artifact.end()));
    Address contract;
    contract[19] = 0xBE;
    pre.set_code(contract, evm_contract_code(c.code));
    Address sender;
    sender[19] = 0x5E;
    ModuleCache modules;
    BlockContext block;
    TxContext tx;
    tx.origin = sender;
    tx.gas_limit = kBenchGas;
    ExecutorLimits limits;
    limits.runtime_strategy = RuntimeStrategy::kInterpreter;

    InterpMeasurement m;
    auto run_once = [&](RuntimeStrategy strategy = RuntimeStrategy::kInterpreter) {
        limits.runtime_strategy = strategy;
        JournaledState state(pre);
        state.access_address(contract);  // a transaction's `to` is warm (EIP-2929)
        state.access_address(sender);
        Message msg;
        msg.caller = sender;
        msg.recipient = contract;
        msg.code_address = contract;
        msg.input = c.input;
        msg.gas = kBenchGas;
        Executor executor(state, modules, block, tx, limits);
        return executor.run(std::move(msg));
    };
    // The same message in the native strategy first: both strategies must charge the same gas
    // (docs/evm.md "Two strategies"), which is what this hook checks before timing anything.
    const MessageResult native = run_once(RuntimeStrategy::kNative);
    m.native_exit_code = native.exit_code;
    m.native_gas_used = native.gas_used;
    m.native_output = native.output;
    const MessageResult first = run_once();
    m.exit_code = first.exit_code;
    m.gas_used = first.gas_used;
    m.output = first.output;
    if (first.exit_code != 0 || native.exit_code != 0 || first.gas_used != native.gas_used)
        return m;
    for (int t = 0; t < trials; ++t) {
        uint64_t runs = 0;
        const double start = thread_seconds();
        double elapsed = 0;
        do {
            (void)run_once();
            ++runs;
            elapsed = thread_seconds() - start;
        } while (elapsed < min_seconds);
        const double rate =
            static_cast<double>(m.gas_used) * static_cast<double>(runs) / elapsed / 1e6;
        if (rate > m.mgas_per_s)
            m.mgas_per_s = rate;
    }
    return m;
}

}  // namespace blend::evm::bench
