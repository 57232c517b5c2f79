// SPDX-License-Identifier: Apache-2.0
#include "rwasm/limits.hpp"
#include "rwasm/numeric.hpp"
#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <cstring>
#include <tuple>

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

/// fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), over i64, recursive.
Bytes fib_module()
{
    ModuleBuilder b;
    const uint32_t t = b.type({I64}, {I64});
    // if (n < 2) return n; return fib(n-1) + fib(n-2)
    const Bytes body = cat({
        local_get(0),
        i64_const(2),
        {0x53},  // i64.lt_s
        {0x04, 0x40},
        local_get(0),
        {0x0F},
        {0x0B},  // if return end
        local_get(0),
        i64_const(1),
        {0x7D},
        call(0),  // fib(n-1)
        local_get(0),
        i64_const(2),
        {0x7D},
        call(0),  // fib(n-2)
        {0x7C},   // i64.add
    });
    b.export_function("fib", b.function(t, {}, body));
    return b.build();
}

/// loop(n): counts n down to zero in a loop, returns the number of iterations.
Bytes loop_module()
{
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const Bytes body = cat({
        {0x02, 0x40},  // block
        {0x03, 0x40},  // loop
        local_get(0),
        {0x45},
        br_if(1),  // if n == 0 break
        local_get(0),
        i32_const(1),
        {0x6B},
        local_set(0),  // n -= 1
        local_get(1),
        i32_const(1),
        {0x6A},
        local_set(1),  // count += 1
        br(0),
        {0x0B},
        {0x0B},  // continue; end loop; end block
        local_get(1),
    });
    b.export_function("loop", b.function(t, {I32}, body));
    return b.build();
}

uint64_t run_one(const RwasmModule& m,
                 const std::string& name,
                 std::vector<uint64_t> args,
                 std::optional<uint64_t> fuel = std::nullopt,
                 RunResult* result = nullptr,
                 uint64_t* fuel_used = nullptr)
{
    Vm vm(m);
    NoHost host;
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    vm.set_fuel_limit(fuel);
    const RunResult r = vm.invoke(export_index(m, name), args, host);
    if (result != nullptr)
        *result = r;
    if (fuel_used != nullptr)
        *fuel_used = vm.fuel_used();
    if (r.status != RunStatus::kFinished)
        return ~uint64_t{0};
    REQUIRE(vm.results().size() == 1);
    return vm.results()[0];
}

}  // namespace

TEST_CASE("execute: recursive i64 fib", "[rwasm][execute]")
{
    const RwasmModule m = compile_ok(fib_module());
    CHECK(run_one(m, "fib", {0}) == 0);
    CHECK(run_one(m, "fib", {1}) == 1);
    CHECK(run_one(m, "fib", {10}) == 55);
    CHECK(run_one(m, "fib", {20}) == 6765);
}

TEST_CASE("execute: loops and branches", "[rwasm][execute]")
{
    const RwasmModule m = compile_ok(loop_module());
    CHECK(run_one(m, "loop", {0}) == 0);
    CHECK(run_one(m, "loop", {7}) == 7);
    CHECK(run_one(m, "loop", {100000}) == 100000);
}

TEST_CASE("execute: fuel is charged per block, deterministic, and bounded", "[rwasm][fuel]")
{
    const RwasmModule m = compile_ok(loop_module());
    uint64_t used10 = 0, used10_again = 0, used20 = 0;
    run_one(m, "loop", {10}, std::nullopt, nullptr, &used10);
    run_one(m, "loop", {10}, std::nullopt, nullptr, &used10_again);
    run_one(m, "loop", {20}, std::nullopt, nullptr, &used20);
    CHECK(used10 > 0);
    CHECK(used10 == used10_again);
    // Each iteration re-charges the loop body: ten more iterations cost ten bodies more.
    CHECK(used20 > used10);
    CHECK((used20 - used10) % 10 == 0);
    // A limit of exactly what the run needs passes; one less traps with kOutOfFuel.
    RunResult r;
    CHECK(run_one(m, "loop", {10}, used10, &r) == 10);
    CHECK(r.status == RunStatus::kFinished);
    run_one(m, "loop", {10}, used10 - 1, &r);
    CHECK(r.status == RunStatus::kTrapped);
    CHECK(r.trap == TrapCode::kOutOfFuel);
    // An unmetered compile runs the same program without charging anything.
    CompileOptions no_fuel;
    no_fuel.meter_fuel = false;
    const RwasmModule unmetered = compile_ok(loop_module(), NoImports{}, no_fuel);
    uint64_t used = 1;
    CHECK(run_one(unmetered, "loop", {10}, std::nullopt, nullptr, &used) == 10);
    CHECK(used == 0);
}

TEST_CASE("execute: traps are documented codes", "[rwasm][trap]")
{
    ModuleBuilder b;
    const uint32_t binop = b.type({I32, I32}, {I32});
    const uint32_t unop = b.type({I32}, {I32});
    const uint32_t none = b.type({}, {});
    b.export_function("div", b.function(binop, {}, cat({local_get(0), local_get(1), {0x6D}})));
    b.export_function("load", b.function(unop, {}, cat({local_get(0), {0x28, 0x02, 0x00}})));
    b.export_function("unreachable", b.function(none, {}, {0x00}));
    const uint32_t self = 3;
    b.export_function("recurse", b.function(none, {}, call(self)));
    b.memory(1);
    const RwasmModule m = compile_ok(b.build());
    RunResult r;
    CHECK(run_one(m, "div", {7, 2}) == 3);
    run_one(m, "div", {7, 0}, std::nullopt, &r);
    CHECK(r.trap == TrapCode::kIntegerDivisionByZero);
    run_one(m, "div", {0x80000000u, 0xFFFFFFFFu}, std::nullopt, &r);
    CHECK(r.trap == TrapCode::kIntegerOverflow);
    CHECK(run_one(m, "load", {kPageSize - 4}) == 0);
    run_one(m, "load", {kPageSize - 3}, std::nullopt, &r);
    CHECK(r.trap == TrapCode::kMemoryOutOfBounds);
    run_one(m, "load", {0xFFFFFFFFu}, std::nullopt, &r);  // address + 4 overflows 32 bits
    CHECK(r.trap == TrapCode::kMemoryOutOfBounds);

    Vm vm(m);
    NoHost host;
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    r = vm.invoke(export_index(m, "unreachable"), {}, host);
    CHECK(r.trap == TrapCode::kUnreachable);
    // Unbounded recursion stops at the call-depth limit, and the VM stays usable.
    r = vm.invoke(export_index(m, "recurse"), {}, host);
    CHECK(r.status == RunStatus::kTrapped);
    CHECK(r.trap == TrapCode::kStackOverflow);
    const std::vector<uint64_t> args{9, 3};
    r = vm.invoke(export_index(m, "div"), args, host);
    CHECK(r.status == RunStatus::kFinished);
    CHECK(vm.results()[0] == 3);
}

TEST_CASE("execute: float results are canonical NaNs, sign ops keep payloads", "[rwasm][float]")
{
    using num::kCanonicalNan32;
    using num::kCanonicalNan64;
    const uint64_t zero32 = 0, negative_payload_nan32 = 0xFFA00001u;
    CHECK(num::F32Div(zero32, zero32) == kCanonicalNan32);
    CHECK(num::F32Add(negative_payload_nan32, zero32) == kCanonicalNan32);
    CHECK(num::F32Neg(negative_payload_nan32) == 0x7FA00001u);
    CHECK(num::F32Abs(negative_payload_nan32) == 0x7FA00001u);
    CHECK(num::F64Sqrt(0xBFF0000000000000ull) == kCanonicalNan64);  // sqrt(-1)
    CHECK(num::F64PromoteF32(negative_payload_nan32) == kCanonicalNan64);
    // min/max of signed zeros (spec 4.3.3 fmin/fmax).
    CHECK(num::F32Min(0x80000000u, 0) == 0x80000000u);
    CHECK(num::F32Max(0x80000000u, 0) == 0u);
    // nearest rounds ties to even: 2.5 -> 2, 3.5 -> 4, -0.5 -> -0.
    const auto f64 = [](double d) { return std::bit_cast<uint64_t>(d); };
    CHECK(num::F64Nearest(f64(2.5)) == f64(2.0));
    CHECK(num::F64Nearest(f64(3.5)) == f64(4.0));
    CHECK(num::F64Nearest(f64(-0.5)) == f64(-0.0));
    // Truncation traps: NaN is an invalid conversion, out of range is an overflow.
    TrapCode t = TrapCode::kNone;
    (void)num::I32TruncF64S(kCanonicalNan64, t);
    CHECK(t == TrapCode::kBadConversionToInteger);
    t = TrapCode::kNone;
    (void)num::I32TruncF64S(f64(2147483648.0), t);
    CHECK(t == TrapCode::kIntegerOverflow);
    t = TrapCode::kNone;
    CHECK(num::I32TruncF64S(f64(-2147483648.9), t) == 0x80000000u);
    CHECK(t == TrapCode::kNone);
    CHECK(num::I32TruncSatF64U(f64(-5.0)) == 0);
    CHECK(num::I32TruncSatF64U(f64(1e10)) == 0xFFFFFFFFu);
}

TEST_CASE("execute: the trace hook sees every step and changes nothing", "[rwasm][trace]")
{
    class CountingTracer final : public Tracer {
    public:
        uint64_t steps = 0;
        uint64_t calls = 0;
        void on_step(uint32_t, Opcode op, uint32_t) override
        {
            ++steps;
            calls += op == Opcode::kCall ? 1 : 0;
        }
    };
    const RwasmModule m = compile_ok(fib_module());
    NoHost host;
    Vm plain(m);
    Vm traced(m);
    CountingTracer tracer;
    traced.set_tracer(&tracer);
    REQUIRE(plain.instantiate(host).status == RunStatus::kFinished);
    REQUIRE(traced.instantiate(host).status == RunStatus::kFinished);
    const std::vector<uint64_t> args{10};
    REQUIRE(plain.invoke(export_index(m, "fib"), args, host).status == RunStatus::kFinished);
    REQUIRE(traced.invoke(export_index(m, "fib"), args, host).status == RunStatus::kFinished);
    CHECK(plain.results()[0] == traced.results()[0]);
    CHECK(plain.fuel_used() == traced.fuel_used());
    // fib(10) makes 176 recursive calls (2*fib(11) - 2).
    CHECK(tracer.calls == 176);
    CHECK(tracer.steps > tracer.calls);
}

TEST_CASE("compile: limits are named constants", "[rwasm][limits]")
{
    // An initial memory above kMaxMemoryPages is refused at compile time.
    ModuleBuilder b;
    b.type({}, {});
    b.memory(kMaxMemoryPages + 1);
    auto parsed = parse_module(b.build());
    REQUIRE(parsed.has_value());
    REQUIRE(validate_module(*parsed).has_value());
    auto compiled = compile_module(*parsed, NoImports{});
    REQUIRE_FALSE(compiled.has_value());
    CHECK(compiled.error() == CompileError::kLimitExceeded);
    // memory.grow beyond the limit returns -1 (spec: failure) instead of growing.
    ModuleBuilder g;
    const uint32_t t = g.type({I32}, {I32});
    g.memory(1);
    g.export_function("grow", g.function(t, {}, cat({local_get(0), {0x40, 0x00}})));
    const RwasmModule m = compile_ok(g.build());
    CHECK(run_one(m, "grow", {kMaxMemoryPages}) == 0xFFFFFFFFu);
    CHECK(run_one(m, "grow", {kMaxMemoryPages - 1}) == 1);
    // Growing charges kFuelPerGrow per grow, whatever the pages: they are charged when first
    // touched (committed), and growing by 0 is free.
    uint64_t used_none = 0, used_small = 0, used_big = 0;
    run_one(m, "grow", {0}, std::nullopt, nullptr, &used_none);
    run_one(m, "grow", {1}, std::nullopt, nullptr, &used_small);
    run_one(m, "grow", {3}, std::nullopt, nullptr, &used_big);
    CHECK(used_small - used_none == kFuelPerGrow);
    CHECK(used_big == used_small);
}

TEST_CASE("execute: the trace hook reports memory accesses", "[rwasm][trace]")
{
    class MemoryTracer final : public Tracer {
    public:
        std::vector<std::tuple<uint64_t, uint32_t, bool>> accesses;
        void on_step(uint32_t, Opcode, uint32_t) override {}
        void on_memory(uint64_t address, uint32_t size, bool is_store) override
        {
            accesses.emplace_back(address, size, is_store);
        }
    };
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    b.memory(1);
    // store8 x at 40+2, then load i64 from 40: returns x (little-endian, byte 2) >> 16.
    b.export_function("f", b.function(t, {},
                                      cat({i32_const(40),
                                           local_get(0),
                                           {0x3A, 0x00, 0x02},  // i32.store8 offset=2
                                           i32_const(40),
                                           {0x29, 0x03, 0x00},  // i64.load
                                           {0xA7}})));          // i32.wrap_i64
    const RwasmModule m = compile_ok(b.build());
    Vm vm(m);
    MemoryTracer tracer;
    vm.set_tracer(&tracer);
    NoHost host;
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const std::vector<uint64_t> args{0x1FF};
    REQUIRE(vm.invoke(export_index(m, "f"), args, host).status == RunStatus::kFinished);
    CHECK(vm.results()[0] == 0xFF0000);
    REQUIRE(tracer.accesses.size() == 2);
    CHECK(tracer.accesses[0] == std::make_tuple(uint64_t{42}, 1u, true));
    CHECK(tracer.accesses[1] == std::make_tuple(uint64_t{40}, 8u, false));
}
