// SPDX-License-Identifier: Apache-2.0
// blend-bench-rwasm: the same C programs compiled to wasm32 (clang -O2, at build time) and run in
// the rWasm interpreter, and compiled natively (-O2). Prints per program
//   <name> rwasm_ms=<x> native_ms=<y> ratio=<x/y> fuel=<f> fuel_per_ns=<f/ns>
// (best of --repeat runs, default 3; thread CPU time, so other jobs on the machine count less),
// then the Wasm→rWasm compile speed for the four programs and for a generated ~1 MiB module
// (compile_us_per_kb=...). Results of both sides are compared; a mismatch fails the run.
//   --ops     instead: ns per instruction class (fuel calibration, docs/rwasm-format.md §Fuel)
//   --u256    instead: ns of each 256-bit builtin on its slowest operands found (fuel calibration
//             of the U256 rows, docs/rwasm-format.md §8)
//   --engine canonical|fast  the interpreter loop (default fast)
//   --only NAME  one program, no compile-speed figures
//   --dump NAME  print that program's internal fast-loop code (disassemble_fast) and exit
#include "rwasm/compile.hpp"
#include "rwasm/fast_code.hpp"
#include "rwasm/null_host.hpp"
#include "rwasm/u256_builtins.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"
#include "tests/rwasm/random_program.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
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

struct Options {
    int repeat = 3;
    Engine engine = Engine::kFast;
};

struct Program {
    const char* name;
    const char* export_name;
    uint64_t arg;
    std::function<uint64_t()> native;
};

std::optional<RwasmModule> compile(const Bytes& wasm, const ImportResolver& resolver)
{
    auto parsed = parse_module(wasm);
    if (!parsed || !validate_module(*parsed))
        return std::nullopt;
    auto compiled = compile_module(*parsed, resolver);
    if (!compiled)
        return std::nullopt;
    return std::move(*compiled);
}

uint32_t export_index(const RwasmModule& m, const std::string& name)
{
    for (const RwasmExport& e : m.exports)
        if (e.name == name)
            return e.index;
    std::fprintf(stderr, "no export %s\n", name.c_str());
    std::exit(1);
}

bool run_program(const Program& p, const std::string& dir, const Options& opt)
{
    const auto m = compile(read_file(dir + "/" + p.name + ".wasm"), NoImports{});
    if (!m) {
        std::fprintf(stderr, "%s: invalid or uncompilable wasm\n", p.name);
        return false;
    }
    const uint32_t index = export_index(*m, p.export_name);
    double rwasm_ms = 1e300;
    uint64_t rwasm_result = 0, fuel = 0;
    for (int i = 0; i < opt.repeat; ++i) {
        NoHost host;
        Vm vm(*m);
        vm.set_engine(opt.engine);
        if (vm.instantiate(host).status != RunStatus::kFinished)
            return false;
        const std::vector<uint64_t> args{p.arg};
        const double t0 = now_ms();
        const RunResult r = vm.invoke(index, args, host);
        rwasm_ms = std::min(rwasm_ms, now_ms() - t0);
        if (r.status != RunStatus::kFinished) {
            std::fprintf(stderr, "%s: trapped %s\n", p.name, to_string(r.trap));
            return false;
        }
        rwasm_result = vm.results()[0];
        fuel = vm.fuel_used();
    }
    double native_ms = 1e300;
    uint64_t native_result = 0;
    for (int i = 0; i < 5; ++i) {
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
    std::printf("%s rwasm_ms=%.1f native_ms=%.2f ratio=%.1f fuel=%" PRIu64 " fuel_per_ns=%.2f\n",
                p.name, rwasm_ms, native_ms, rwasm_ms / native_ms, fuel,
                static_cast<double>(fuel) / (rwasm_ms * 1e6));
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
        for (const Bytes& m : modules)
            (void)compile(m, NoImports{});
    const double ms = now_ms() - t0;
    const double kb = static_cast<double>(total) * kRounds / 1024.0;
    std::printf("compile_programs compile_us_per_kb=%.1f module_kb=%.1f rounds=%d\n",
                ms * 1000.0 / kb, static_cast<double>(total) / 1024.0, kRounds);
}

/// A generated module of about 1 MiB (random functions: arithmetic, memory, control flow,
/// calls), each stage timed: parse, validate, compile, encode + load (decode + verify), and the
/// fast path's translation.
void compile_speed_large()
{
    constexpr size_t kTarget = 1u << 20;
    uint32_t functions = 256;
    Bytes wasm = test::random_module(42, functions);
    while (wasm.size() < kTarget && functions < 8'000) {
        functions = static_cast<uint32_t>(
            functions * (static_cast<double>(kTarget) / static_cast<double>(wasm.size()) + 0.02));
        wasm = test::random_module(42, functions);
    }
    const double kb = static_cast<double>(wasm.size()) / 1024.0;
    double parse = 1e300, validate = 1e300, comp = 1e300, load = 1e300, translate = 1e300;
    size_t instructions = 0;
    for (int round = 0; round < 3; ++round) {
        double t = now_ms();
        auto parsed = parse_module(wasm);
        parse = std::min(parse, now_ms() - t);
        t = now_ms();
        const bool valid = parsed && validate_module(*parsed).has_value();
        validate = std::min(validate, now_ms() - t);
        if (!valid) {
            std::fprintf(stderr, "generated module does not validate\n");
            std::exit(1);
        }
        t = now_ms();
        auto compiled = compile_module(*parsed, test::RandomProgramResolver{});
        comp = std::min(comp, now_ms() - t);
        if (!compiled) {
            std::fprintf(stderr, "generated module does not compile\n");
            std::exit(1);
        }
        instructions = compiled->code.size();
        t = now_ms();
        auto loaded = load_module(encode_module(*compiled));
        load = std::min(load, now_ms() - t);
        if (!loaded) {
            std::fprintf(stderr, "generated module does not load\n");
            std::exit(1);
        }
        t = now_ms();
        const auto fast = translate_module(*loaded);
        translate = std::min(translate, now_ms() - t);
    }
    const auto per_kb = [&](double ms) { return ms * 1000.0 / kb; };
    std::printf(
        "compile_large module_kb=%.0f functions=%u rwasm_instructions=%zu "
        "compile_us_per_kb=%.2f parse_us_per_kb=%.2f validate_us_per_kb=%.2f "
        "lower_us_per_kb=%.2f load_us_per_kb=%.2f translate_us_per_kb=%.2f\n",
        kb, functions, instructions, per_kb(parse + validate + comp), per_kb(parse),
        per_kb(validate), per_kb(comp), per_kb(load), per_kb(translate));
}

// ---- --ops: ns per instruction class --------------------------------------------------------

using test::cat;
using test::I32;
using test::i32_const;
using test::I64;
using test::i64_const;
using test::local_get;
using test::local_set;

constexpr uint32_t kHostNopId = 1;

/// env.nop(i64) -> i64: the cheapest host function, for the host-call round trip.
class OpsResolver final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        if (module == "env" && name == "nop")
            return ResolvedFunction{kHostNopId, {{ValType::kI64}, {ValType::kI64}}};
        return std::nullopt;
    }
};

class OpsHost final : public HostHandler {
public:
    HostStatus call(Vm&,
                    uint32_t,
                    std::span<const uint64_t> params,
                    std::span<uint64_t> results) override
    {
        results[0] = params[0] + 1;
        return HostStatus::kReturn;
    }
};

struct OpPattern {
    const char* name;
    Bytes unit;          ///< repeated kUnroll times per loop iteration
    uint32_t instrs;     ///< canonical rWasm instructions in one unit (ConsumeFuel excluded)
    const char* charge;  ///< which cost-table rows one unit is charged
};

// Locals of every pattern function (after the i32 parameter n): a b p (i32), x y z (i64),
// u v (f64), c (i32, always 0).
constexpr uint32_t kA = 1, kB = 2, kP = 3, kX = 4, kY = 5, kZ = 6, kU = 7, kV = 8, kC = 9;
constexpr uint8_t F64 = test::F64;

Bytes f64_const(double v)
{
    Bytes out(9, 0x44);
    std::memcpy(out.data() + 1, &v, 8);
    return out;
}
constexpr uint32_t kUnroll = 16;

Bytes mem(uint8_t op, uint32_t offset)
{
    Bytes out{op, 0};
    test::leb_u(out, offset);
    return out;
}

std::vector<OpPattern> op_patterns()
{
    return {
        {"base", {}, 0, "loop overhead only"},
        {"local", cat({local_get(kX), local_set(kY)}), 2, "local.get + local.set"},
        {"const", cat({i64_const(77), local_set(kY)}), 2, "const + local.set"},
        {"i32_add", cat({local_get(kA), local_get(kB), Bytes{0x6A}, local_set(kA)}), 4,
         "2 local.get + i32.add + local.set"},
        {"i64_xor", cat({local_get(kX), local_get(kY), Bytes{0x85}, local_set(kX)}), 4,
         "2 local.get + i64.xor + local.set"},
        {"i64_shl_const", cat({local_get(kX), i64_const(13), Bytes{0x86}, local_set(kX)}), 4,
         "local.get + const + i64.shl + local.set"},
        {"i64_mul", cat({local_get(kX), local_get(kY), Bytes{0x7E}, local_set(kX)}), 4,
         "2 local.get + i64.mul + local.set"},
        {"i32_div_u", cat({local_get(kA), local_get(kB), Bytes{0x6E}, local_set(kA)}), 4,
         "2 local.get + i32.div_u + local.set"},
        {"i64_div_u", cat({local_get(kX), local_get(kY), Bytes{0x80}, local_set(kZ)}), 4,
         "2 local.get + i64.div_u + local.set"},
        {"i64_rem_s", cat({local_get(kX), local_get(kY), Bytes{0x81}, local_set(kZ)}), 4,
         "2 local.get + i64.rem_s + local.set"},
        {"i32_load", cat({local_get(kP), mem(0x28, 8), local_set(kA)}), 3,
         "local.get + i32.load + local.set"},
        {"i64_load", cat({local_get(kP), mem(0x29, 16), local_set(kX)}), 3,
         "local.get + i64.load + local.set"},
        {"i32_store", cat({local_get(kP), local_get(kA), mem(0x36, 8)}), 3,
         "2 local.get + i32.store"},
        {"i64_store", cat({local_get(kP), local_get(kX), mem(0x37, 16)}), 3,
         "2 local.get + i64.store"},
        {"f64_add", cat({local_get(kU), local_get(kV), Bytes{0xA0}, local_set(kU)}), 4,
         "2 local.get + f64.add + local.set"},
        {"f64_mul", cat({local_get(kU), local_get(kV), Bytes{0xA2}, local_set(kU)}), 4,
         "2 local.get + f64.mul + local.set"},
        {"f64_div", cat({local_get(kU), local_get(kV), Bytes{0xA3}, local_set(kU)}), 4,
         "2 local.get + f64.div + local.set"},
        {"f64_sqrt", cat({local_get(kV), Bytes{0x9F}, local_set(kU)}), 3,
         "local.get + f64.sqrt + local.set"},
        {"i64_trunc_f64", cat({local_get(kV), Bytes{0xB0}, local_set(kZ)}), 3,
         "local.get + i64.trunc_f64_s + local.set"},
        {"select", cat({local_get(kX), local_get(kY), local_get(kA), Bytes{0x1B}, local_set(kZ)}),
         5, "3 local.get + select + local.set"},
        {"br_if", cat({Bytes{0x02, 0x40}, local_get(kA), test::br_if(0), Bytes{0x0B}}), 2,
         "local.get + br_if (taken) + the target block's ConsumeFuel"},
        {"br_if_not_taken", cat({Bytes{0x02, 0x40}, local_get(kC), test::br_if(0), Bytes{0x0B}}), 2,
         "local.get + br_if (not taken) + the next block's ConsumeFuel"},
        {"br", cat({Bytes{0x02, 0x40}, test::br(0), Bytes{0x0B}}), 1,
         "br + the target block's ConsumeFuel"},
        {"call", test::call(2), 3, "call + the callee's Enter + return"},
        {"call_args", cat({local_get(kX), local_get(kA), test::call(3), local_set(kX)}), 6,
         "2 local.get + call + Enter + (2 local.get + i64.add in callee) + return + local.set"},
        {"call_indirect", cat({i32_const(0), Bytes{0x11, 0x01, 0x00}}), 4,
         "const + call_indirect + Enter + return"},
        {"host_call", cat({local_get(kX), test::call(0), local_set(kX)}), 3,
         "local.get + call (host) + local.set"},
    };
}

/// One module: host import env.nop = 0, pattern functions from 4 on; 2 = empty(), 3 = add(x, a).
RwasmModule ops_module(const std::vector<OpPattern>& patterns)
{
    test::ModuleBuilder b;
    const uint32_t host_t = b.type({I64}, {I64});
    const uint32_t empty_t = b.type({}, {});
    const uint32_t add_t = b.type({I64, I32}, {I64});
    const uint32_t run_t = b.type({I32}, {I64});
    b.import_function("env", "nop", host_t);
    b.function(empty_t, {}, {});                                                  // 1
    b.function(empty_t, {}, {});                                                  // 2
    b.function(add_t, {}, cat({local_get(0), local_get(1), Bytes{0xAD, 0x7C}}));  // 3
    b.memory(2);
    b.table({1});
    for (const OpPattern& p : patterns) {
        Bytes loop_body;
        for (uint32_t i = 0; i < kUnroll; ++i)
            loop_body.insert(loop_body.end(), p.unit.begin(), p.unit.end());
        const Bytes init =
            cat({i32_const(12345), local_set(kA), i32_const(7), local_set(kB), i32_const(64),
                 local_set(kP), i64_const(0x123456789), local_set(kX), i64_const(3), local_set(kY),
                 f64_const(1.5), local_set(kU), f64_const(3.25), local_set(kV)});
        const Bytes body = cat({init, Bytes{0x03, 0x40}, loop_body, local_get(0), i32_const(1),
                                Bytes{0x6B}, Bytes{0x22, 0x00}, test::br_if(0), Bytes{0x0B},
                                local_get(kX), local_get(kZ), Bytes{0x7C}});
        b.export_function(p.name,
                          b.function(run_t, {I32, I32, I32, I64, I64, I64, F64, F64, I32}, body));
    }
    auto m = compile(b.build(), OpsResolver{});
    if (!m) {
        std::fprintf(stderr, "ops module does not compile\n");
        std::exit(1);
    }
    return std::move(*m);
}

double time_export(const RwasmModule& m,
                   const std::string& name,
                   uint32_t n,
                   const Options& opt,
                   uint64_t* fuel)
{
    double best = 1e300;
    for (int i = 0; i < opt.repeat; ++i) {
        OpsHost host;
        Vm vm(m);
        vm.set_engine(opt.engine);
        if (vm.instantiate(host).status != RunStatus::kFinished)
            std::exit(1);
        const std::vector<uint64_t> args{n};
        const double t0 = now_ms();
        const RunResult r = vm.invoke(export_index(m, name), args, host);
        best = std::min(best, now_ms() - t0);
        if (r.status != RunStatus::kFinished) {
            std::fprintf(stderr, "%s trapped: %s\n", name.c_str(), to_string(r.trap));
            std::exit(1);
        }
        if (fuel != nullptr)
            *fuel = vm.fuel_used();
    }
    return best;
}

/// ns per page grown and per byte filled/copied, from modules that do only that.
void dynamic_costs(const Options& opt)
{
    test::ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I64});
    const auto loop = [](const Bytes& body) {
        return cat({Bytes{0x03, 0x40}, body, local_get(0), i32_const(1), Bytes{0x6B},
                    Bytes{0x22, 0x00}, test::br_if(0), Bytes{0x0B}, i64_const(0)});
    };
    b.memory(1);
    b.export_function("grow1",
                      b.function(t, {}, loop(cat({i32_const(1), Bytes{0x40, 0x00, 0x1A}}))));
    b.export_function("grow0",
                      b.function(t, {}, loop(cat({i32_const(0), Bytes{0x40, 0x00, 0x1A}}))));
    // grow(1), then write one byte into each 4 KiB OS page of the new Wasm page: the first
    // touch is when a lazily committed page costs (fault + zeroing), and later loads and stores
    // do not pay for it, so memory.grow must.
    Bytes touch = cat({i32_const(1), Bytes{0x40, 0x00}, i32_const(16), Bytes{0x74}, local_set(1)});
    for (uint32_t k = 0; k < kPageSize / 4096; ++k) {
        touch = cat({touch, local_get(1), i32_const(1), Bytes{0x3A, 0x00}});
        test::leb_u(touch, k * 4096);  // i32.store8 offset=k*4096
    }
    b.export_function("grow1_touch", b.function(t, {I32}, loop(touch)));
    Bytes touch_old = cat({i32_const(0), Bytes{0x40, 0x00, 0x1A}, i32_const(0), local_set(1)});
    for (uint32_t k = 0; k < kPageSize / 4096; ++k) {
        touch_old = cat({touch_old, local_get(1), i32_const(1), Bytes{0x3A, 0x00}});
        test::leb_u(touch_old, k * 4096);
    }
    b.export_function("grow0_touch", b.function(t, {I32}, loop(touch_old)));
    b.export_function("fill", b.function(t, {},
                                         loop(cat({i32_const(0), i32_const(7), i32_const(65536),
                                                   Bytes{0xFC, 0x0B, 0x00}}))));
    b.export_function("copy", b.function(t, {},
                                         loop(cat({i32_const(0), i32_const(32768), i32_const(32768),
                                                   Bytes{0xFC, 0x0A, 0x00, 0x00}}))));
    b.export_function("nop", b.function(t, {}, loop(cat({i32_const(0), Bytes{0x1A}}))));
    const auto m = compile(b.build(), NoImports{});
    if (!m)
        std::exit(1);
    constexpr uint32_t kPages = 1000;  // from 1 page to 1001 (below kMaxMemoryPages)
    const double grow1 = time_export(*m, "grow1", kPages, opt, nullptr);
    const double grow0 = time_export(*m, "grow0", kPages, opt, nullptr);
    const double grow1_touch = time_export(*m, "grow1_touch", kPages, opt, nullptr);
    const double grow0_touch = time_export(*m, "grow0_touch", kPages, opt, nullptr);
    std::printf(
        "memory_grow_ns_per_page=%.0f memory_grow_op_ns=%.1f "
        "memory_grow_touched_ns_per_page=%.0f\n",
        (grow1 - grow0) * 1e6 / kPages, grow0 * 1e6 / kPages,
        (grow1_touch - grow0_touch) * 1e6 / kPages);
    constexpr uint32_t kRounds = 20'000;
    const double nop = time_export(*m, "nop", kRounds, opt, nullptr);
    const double fill = time_export(*m, "fill", kRounds, opt, nullptr);
    const double copy = time_export(*m, "copy", kRounds, opt, nullptr);
    std::printf("memory_fill_ns_per_byte=%.4f memory_copy_ns_per_byte=%.4f\n",
                (fill - nop) * 1e6 / (kRounds * 65536.0), (copy - nop) * 1e6 / (kRounds * 32768.0));
}

void ops(const Options& opt)
{
    const std::vector<OpPattern> patterns = op_patterns();
    const RwasmModule m = ops_module(patterns);
    constexpr uint32_t kIterations = 400'000;
    uint64_t base_fuel = 0;
    const double base_ms = time_export(m, "base", kIterations, opt, &base_fuel);
    std::printf("ops engine=%s iterations=%u unroll=%u base_loop_ns=%.2f\n",
                opt.engine == Engine::kFast ? "fast" : "canonical", kIterations, kUnroll,
                base_ms * 1e6 / kIterations);
    for (const OpPattern& p : patterns) {
        if (p.instrs == 0)
            continue;
        uint64_t fuel = 0;
        const double ms = time_export(m, p.name, kIterations, opt, &fuel);
        const double units = static_cast<double>(kIterations) * kUnroll;
        const double ns = (ms - base_ms) * 1e6 / units;
        const double unit_fuel = static_cast<double>(fuel - base_fuel) / units;
        std::printf("op_%s_ns=%.2f instrs=%u ns_per_instr=%.2f fuel=%.1f ns_per_fuel=%.2f  # %s\n",
                    p.name, ns, p.instrs, ns / p.instrs, unit_fuel,
                    unit_fuel > 0 ? ns / unit_fuel : 0.0, p.charge);
    }
    dynamic_costs(opt);
}

// ---- --u256: the builtins' worst cases ----------------------------------------------------------

/// ns per call of `fn` (best of 9 rounds of 20,000 calls), operands at 32, 64, 96, result at 0.
double builtin_ns(uint8_t* mem, const std::function<void()>& fn)
{
    constexpr int kCalls = 20'000;
    double best = 1e18;
    for (int round = 0; round < 9; ++round) {
        const double t0 = now_ms();
        for (int i = 0; i < kCalls; ++i) {
            fn();
            asm volatile("" : : "r"(mem) : "memory");  // keep every call
        }
        best = std::min(best, (now_ms() - t0) * 1e6 / kCalls);
    }
    return best;
}

void u256_costs()
{
    alignas(32) static uint8_t mem[128];
    const auto put = [&](uint32_t at, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3) {
        const uint64_t w[4] = {w0, w1, w2, w3};
        std::memcpy(mem + at, w, 32);
    };
    const uint64_t f = ~uint64_t{0};
    const uint64_t x = 0x9e37'79b9'7f4a'7c15;  // arbitrary full words
    const uint64_t y = 0xc2b2'ae3d'27d4'eb4f;
    // Divisors (and moduli) of 1..4 significant words: each takes a different kernel; the
    // printed figure per op is the slowest. Dividends (and products) are full width.
    const uint64_t divisors[4][4] = {{y, 0, 0, 0}, {y, x, 0, 0}, {y, x, y, 0}, {y, x, y, x >> 1}};
    struct Row {
        const char* name;
        Opcode op;
        double worst = 0;
    };
    Row rows[] = {{"mul", Opcode::kU256Mul},      {"div", Opcode::kU256Div},
                  {"mod", Opcode::kU256Mod},      {"sdiv", Opcode::kU256SDiv},
                  {"smod", Opcode::kU256SMod},    {"addmod", Opcode::kU256AddMod},
                  {"mulmod", Opcode::kU256MulMod}};
    for (const uint64_t* d : divisors) {
        put(32, f, x, f, y);  // a: full width (negative for sdiv/smod)
        put(64, d[0], d[1], d[2], d[3]);
        put(96, d[0], d[1], d[2], d[3]);
        for (Row& row : rows) {
            std::function<void()> fn;
            switch (row.op) {
            case Opcode::kU256Mul:
                put(64, f, x, f, y);
                fn = [&] { u256_mul(mem, 0, 32, 64); };
                break;
            case Opcode::kU256Div:
                fn = [&] { u256_div(mem, 0, 32, 64); };
                break;
            case Opcode::kU256Mod:
                fn = [&] { u256_mod(mem, 0, 32, 64); };
                break;
            case Opcode::kU256SDiv:
                fn = [&] { u256_sdiv(mem, 0, 32, 64); };
                break;
            case Opcode::kU256SMod:
                fn = [&] { u256_smod(mem, 0, 32, 64); };
                break;
            case Opcode::kU256AddMod:
                put(64, f, y, f, x);  // a, b >= m: the general path (a division of the sum)
                fn = [&] { u256_addmod(mem, 0, 32, 64, 96); };
                break;
            default:
                put(64, f, y, f, x);  // a 512-bit product over the modulus
                fn = [&] { u256_mulmod(mem, 0, 32, 64, 96); };
                break;
            }
            row.worst = std::max(row.worst, builtin_ns(mem, fn));
            put(64, d[0], d[1], d[2], d[3]);
        }
    }
    for (const Row& row : rows)
        std::printf("u256_%s_worst_ns=%.1f fuel=%u fuel_per_ns=%.2f\n", row.name, row.worst,
                    unsigned{info(row.op).fuel}, info(row.op).fuel / row.worst);
}

}  // namespace

int main(int argc, char** argv)
{
    std::string dir = BLEND_BENCH_WASM_DIR;
    Options opt;
    bool run_ops = false;
    std::string only;
    std::string dump;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--ops")
            run_ops = true;
        else if (arg == "--u256") {
            u256_costs();
            return 0;
        } else if (arg == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (arg == "--dump" && i + 1 < argc)
            dump = argv[++i];
        else if (arg == "--repeat" && i + 1 < argc)
            opt.repeat = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--engine" && i + 1 < argc)
            opt.engine =
                std::strcmp(argv[++i], "canonical") == 0 ? Engine::kCanonical : Engine::kFast;
        else
            dir = arg;
    }
    if (run_ops) {
        ops(opt);
        return 0;
    }
    if (!dump.empty()) {
        const auto m = compile(read_file(dir + "/" + dump + ".wasm"), NoImports{});
        if (!m) {
            std::fprintf(stderr, "%s: invalid or uncompilable wasm\n", dump.c_str());
            return 1;
        }
        std::fputs(disassemble_fast(*translate_module(*m)).c_str(), stdout);
        return 0;
    }
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
        if (only.empty() || only == p.name)
            ok = run_program(p, dir, opt) && ok;
    if (!only.empty())
        return ok ? 0 : 1;
    compile_speed(
        {dir + "/fib.wasm", dir + "/sha256.wasm", dir + "/xorshift.wasm", dir + "/quicksort.wasm"});
    compile_speed_large();
    return ok ? 0 : 1;
}
