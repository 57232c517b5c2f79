// SPDX-License-Identifier: Apache-2.0
// blend-bench-evm: pure interpretation speed of the EVM interpreter over the in-memory test host,
// on the evm-benchmarks programs (../shared/conformance/evm-benchmarks). One line per case:
//   <file>/<label> native_mgas_s=<x> gas=<gas used> [output=checked|unchecked]
// plus stf_gas=agrees interp_mgas_s=<y> when the STF is linked in (interp_hook.hpp): the same
// message through the executor in both strategies, whose gas and output must equal the test host
// run's (the test host prices SLOAD/SSTORE as Ethereum does: storage_priced_host.hpp).
// Mgas/s = gas used by the interpreter / thread CPU time, best of --trials trials of at least
// --min-time seconds each (CPU time, so that other processes on the machine distort less).
// A case that does not succeed, or whose output differs from the fixture's, prints FAILED and
// makes the exit status 1: a wrong answer is not a figure.
#include "tests/runtimes/evm/bench/bench_cases.hpp"
#include "tests/runtimes/evm/bench/interp_hook.hpp"
#include "tests/runtimes/evm/bench/storage_priced_host.hpp"
#include "tests/runtimes/evm/test_host.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace {

using namespace blend::evm;

double thread_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Gas given to every run: evmone's legacy harness used INT64_MAX; any value above what the
/// programs use gives the same gas used.
constexpr uint64_t kBenchGas = uint64_t{1} << 40;

std::string default_dir()
{
    if (const char* env = std::getenv("BLEND_CONFORMANCE_DIR"))
        return std::string(env) + "/evm-benchmarks";
    return std::string(BLEND_SOURCE_DIR) + "/../shared/conformance/evm-benchmarks";
}

}  // namespace

int main(int argc, char** argv)
{
    std::string dir = default_dir();
    int trials = 5;
    double min_time = 0.2;
    std::string filter;
    // The node feeds no block table to the runtime yet (docs/evm.md "Basic blocks"), so the
    // default measures what it runs: every opcode checked. --blocks measures the table mode.
    bool with_blocks = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--trials" && i + 1 < argc)
            trials = std::atoi(argv[++i]);
        else if (arg == "--min-time" && i + 1 < argc)
            min_time = std::atof(argv[++i]);
        else if (arg == "--filter" && i + 1 < argc)
            filter = argv[++i];
        else if (arg == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (arg == "--blocks")
            with_blocks = true;
        else {
            std::fprintf(stderr,
                         "usage: blend-bench-evm [--dir EVM_BENCHMARKS_DIR] [--trials N] "
                         "[--min-time SECONDS] [--filter SUBSTRING] [--blocks]\n");
            return 2;
        }
    }
    std::string error;
    const auto cases = bench::load_cases(dir, error);
    if (cases.empty()) {
        std::fprintf(stderr, "blend-bench-evm: benchmark data absent or unreadable: %s\n",
                     error.c_str());
        return 2;
    }
    int failures = 0;
    for (const auto& c : cases) {
        if (!filter.empty() && c.name.find(filter) == std::string::npos)
            continue;
        const test::PreparedCode code(c.code, with_blocks);
        // SLOAD/SSTORE priced as Ethereum prices them, so that `gas` is the gas the STF charges
        // for the same message (storage_priced_host.hpp).
        test::StoragePricedHost host;
        host.ctx.address.bytes[0] = 0xbe;  // transaction.to of the fixtures: 0xbe7c43a58...01
        host.ctx.address.bytes[19] = 0x01;
        Message msg;
        code.fill(msg);
        msg.input = c.input.data();
        msg.input_size = c.input.size();
        msg.gas = kBenchGas;
        auto run_once = [&] {
            host.reset_memory();
            host.reset_storage();
            host.logs.clear();
            return execute(host, msg);
        };
        const Result first = run_once();
        const uint64_t gas_used = kBenchGas - first.gas_left;
        if (first.status != Status::kSuccess) {
            std::printf("%s FAILED status=%s\n", c.name.c_str(), to_string(first.status));
            ++failures;
            continue;
        }
        const char* checked = "unchecked";
        if (c.expected_output) {
            const std::vector<uint8_t> out(first.output, first.output + first.output_size);
            if (out != *c.expected_output) {
                std::printf("%s FAILED output differs from the fixture\n", c.name.c_str());
                ++failures;
                continue;
            }
            checked = "checked";
        }
        // Runs per clock reading: CLOCK_THREAD_CPUTIME_ID is a system call, so short programs
        // are timed in batches of at least ~1 ms.
        uint64_t batch = 1;
        for (;;) {
            const double start = thread_seconds();
            for (uint64_t i = 0; i < batch; ++i)
                run_once();
            if (thread_seconds() - start >= 1e-3 || batch >= (uint64_t{1} << 30))
                break;
            batch *= 2;
        }
        double best = 0;
        for (int t = 0; t < trials; ++t) {
            uint64_t runs = 0;
            const double start = thread_seconds();
            double elapsed = 0;
            do {
                for (uint64_t i = 0; i < batch; ++i) {
                    const Result r = run_once();
                    if (r.gas_left != first.gas_left) {
                        std::printf("%s FAILED gas differs between runs\n", c.name.c_str());
                        return 1;
                    }
                }
                runs += batch;
                elapsed = thread_seconds() - start;
            } while (elapsed < min_time);
            const double rate =
                static_cast<double>(gas_used) * static_cast<double>(runs) / elapsed / 1e6;
            if (rate > best)
                best = rate;
        }
        std::printf("%s native_mgas_s=%.0f gas=%llu output=%s", c.name.c_str(), best,
                    static_cast<unsigned long long>(gas_used), checked);
        if (const auto stf = bench::measure_interp(c, trials, min_time)) {
            // Three runs of one message: the interpreter over the storage-priced test host, and
            // the STF in the native and the interpreter strategy. Gas and output must agree.
            const unsigned long long native_gas = stf->native_gas_used;
            const unsigned long long interp_gas = stf->gas_used;
            if (stf->native_exit_code != 0 || stf->exit_code != 0) {
                std::printf(" FAILED stf exit native=%d interp=%d\n", stf->native_exit_code,
                            stf->exit_code);
                ++failures;
                continue;
            }
            if (interp_gas != native_gas || native_gas != gas_used) {
                std::printf(" FAILED stf gas native=%llu interp=%llu\n", native_gas, interp_gas);
                ++failures;
                continue;
            }
            const std::vector<uint8_t> out(first.output, first.output + first.output_size);
            if (stf->native_output != out || stf->output != out) {
                std::printf(" FAILED stf output differs from the test host's\n");
                ++failures;
                continue;
            }
            std::printf(" stf_gas=agrees interp_mgas_s=%.0f", stf->mgas_per_s);
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    return failures == 0 ? 0 : 1;
}
