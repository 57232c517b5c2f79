// SPDX-License-Identifier: Apache-2.0
// blend-bench-rwasm: the same C programs compiled to wasm32 (clang -O2, at build time) and run in
// the rWasm interpreter, and compiled natively (-O2). Prints per program
//   <name> rwasm_ms=<x> native_ms=<y> ratio=<x/y>
// and the Wasm→rWasm compile speed. The interpreter runs the canonical, fuel-metered module
// without a fuel limit. Results of both sides are compared; a mismatch fails the run.
#include "rwasm/compile.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"

#include <algorithm>
#include <ctime>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

extern "C" {
int fib_run(int n);
uint64_t xorshift_run(uint64_t steps);
uint32_t sha256_run(uint32_t length);
uint32_t quicksort_run(uint32_t n);
}

using namespace blend;
using namespace blend::rwasm;

namespace {

class NoImports final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view, std::string_view) const override
    {
        return std::nullopt;
    }
};

class NoHost final : public HostHandler {
public:
    HostStatus call(Vm&, uint32_t, std::span<const uint64_t>, std::span<uint64_t>) override
    {
        return HostStatus::kTrap;
    }
};

/// Thread CPU time: the machine is shared, and wall time would count other jobs' slices.
double now_ms()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

Bytes read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Program {
    const char* name;
    const char* export_name;
    uint64_t arg;
    std::function<uint64_t()> native;
};

bool run_program(const Program& p, const std::string& dir)
{
    const Bytes wasm = read_file(dir + "/" + p.name + ".wasm");
    auto parsed = parse_module(wasm);
    if (!parsed || !validate_module(*parsed)) {
        std::fprintf(stderr, "%s: invalid wasm\n", p.name);
        return false;
    }
    auto compiled = compile_module(*parsed, NoImports{});
    if (!compiled) {
        std::fprintf(stderr, "%s: compile error %s\n", p.name, to_string(compiled.error()));
        return false;
    }
    uint32_t index = 0;
    for (const RwasmExport& e : compiled->exports)
        if (e.name == p.export_name)
            index = e.index;
    NoHost host;
    Vm vm(*compiled);
    if (vm.instantiate(host).status != RunStatus::kFinished)
        return false;
    const std::vector<uint64_t> args{p.arg};
    const double t0 = now_ms();
    const RunResult r = vm.invoke(index, args, host);
    const double rwasm_ms = now_ms() - t0;
    if (r.status != RunStatus::kFinished) {
        std::fprintf(stderr, "%s: trapped %s\n", p.name, to_string(r.trap));
        return false;
    }
    const uint64_t rwasm_result = vm.results()[0];
    double native_ms = 1e300;
    uint64_t native_result = 0;
    for (int i = 0; i < 3; ++i) {
        const double n0 = now_ms();
        native_result = p.native();
        native_ms = std::min(native_ms, now_ms() - n0);
    }
    // i32 results live in the low half of a slot.
    const uint64_t mask = std::string(p.name) == "xorshift" ? ~uint64_t{0} : 0xFFFFFFFFu;
    if ((rwasm_result & mask) != (native_result & mask)) {
        std::fprintf(stderr, "%s: result mismatch rwasm=%" PRIu64 " native=%" PRIu64 "\n", p.name,
                     rwasm_result, native_result);
        return false;
    }
    std::printf("%s rwasm_ms=%.1f native_ms=%.2f ratio=%.1f fuel=%" PRIu64 "\n", p.name, rwasm_ms,
                native_ms, rwasm_ms / native_ms, vm.fuel_used());
    return true;
}

void compile_speed(const std::vector<std::string>& paths)
{
    std::vector<Bytes> modules;
    size_t total = 0;
    for (const std::string& p : paths) {
        modules.push_back(read_file(p));
        total += modules.back().size();
    }
    constexpr int kRounds = 2000;
    const double t0 = now_ms();
    for (int i = 0; i < kRounds; ++i)
        for (const Bytes& m : modules) {
            auto parsed = parse_module(m);
            if (parsed && validate_module(*parsed))
                (void)compile_module(*parsed, NoImports{});
        }
    const double ms = now_ms() - t0;
    const double kb = static_cast<double>(total) * kRounds / 1024.0;
    std::printf("compile parse+validate+compile us_per_kb=%.1f (%.1f KB x %d)\n", ms * 1000.0 / kb,
                static_cast<double>(total) / 1024.0, kRounds);
}

}  // namespace

int main(int argc, char** argv)
{
    const std::string dir = argc > 1 ? argv[1] : BLEND_BENCH_WASM_DIR;
    volatile int fib_n = 30;
    volatile uint64_t steps = 100'000'000;
    volatile uint32_t sha_len = 1u << 20;
    volatile uint32_t sort_n = 1u << 20;
    const std::vector<Program> programs = {
        {"fib", "fib_run", 30, [&] { return static_cast<uint64_t>(fib_run(fib_n)); }},
        {"sha256", "sha256_run", 1u << 20, [&] { return uint64_t{sha256_run(sha_len)}; }},
        {"xorshift", "xorshift_run", 100'000'000, [&] { return xorshift_run(steps); }},
        {"quicksort", "quicksort_run", 1u << 20, [&] { return uint64_t{quicksort_run(sort_n)}; }},
    };
    bool ok = true;
    for (const Program& p : programs)
        ok = run_program(p, dir) && ok;
    compile_speed(
        {dir + "/fib.wasm", dir + "/sha256.wasm", dir + "/xorshift.wasm", dir + "/quicksort.wasm"});
    return ok ? 0 : 1;
}
