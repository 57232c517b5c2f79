// SPDX-License-Identifier: Apache-2.0
// The fast (register-style) loop against the canonical one: random valid programs (arithmetic,
// locals, tee, select, loads/stores, bulk memory, blocks, if/else, bounded loops, br_if with
// values, br_table, calls, host calls that return or suspend, traps) must give the same status,
// trap code, results, fuel used, memory and host-call sequence in both, with and without fuel
// limits. The canonical loop is the reference: it interprets the stored module as is.
#include "rwasm/fast_code.hpp"
#include "tests/rwasm/random_program.hpp"
#include "tests/rwasm/test_support.hpp"

#include <climits>

#include <cstdint>
#include <random>

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

class Host final : public HostHandler {
public:
    std::vector<uint64_t> log;
    HostStatus call(Vm&,
                    uint32_t id,
                    std::span<const uint64_t> params,
                    std::span<uint64_t> results) override
    {
        log.push_back(params[0]);
        if (id == kAskId)
            return HostStatus::kSuspend;
        results[0] = params[0] + params[1] * 3;
        return HostStatus::kReturn;
    }
};

struct Outcome {
    RunStatus status = RunStatus::kFinished;
    TrapCode trap = TrapCode::kNone;
    std::vector<uint64_t> results;
    uint64_t fuel = 0;
    Bytes memory;
    std::vector<uint64_t> host_log;
    bool operator==(const Outcome&) const = default;
};

Outcome execute(const RwasmModule& m,
                Engine engine,
                std::optional<uint64_t> limit,
                std::span<const uint64_t> args)
{
    Host host;
    Vm vm(m);
    vm.set_engine(engine);
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    vm.set_fuel_limit(limit);
    RunResult r = vm.invoke(export_index(m, "run"), args, host);
    for (int guard = 0; r.status == RunStatus::kSuspended && guard < 10'000; ++guard) {
        const uint64_t answer[] = {host.log.back() * 5 + 3};
        r = vm.resume(answer, host);
    }
    Outcome o;
    o.status = r.status;
    o.trap = r.trap;
    if (r.status == RunStatus::kFinished)
        o.results.assign(vm.results().begin(), vm.results().end());
    o.fuel = vm.fuel_used();
    o.memory.assign(vm.memory().begin(), vm.memory().end());
    o.host_log = std::move(host.log);
    return o;
}

}  // namespace

TEST_CASE("fast path agrees with the canonical loop on random programs", "[rwasm][fast]")
{
    constexpr uint64_t kPrograms = 400;
    uint64_t finished = 0, trapped = 0, out_of_fuel = 0, suspended_runs = 0;
    for (uint64_t seed = 1; seed <= kPrograms; ++seed) {
        const Bytes wasm = random_module(seed);
        const RwasmModule m = compile_ok(wasm, RandomProgramResolver{});
        const uint64_t args[] = {seed * 0x9E3779B97F4A7C15ull, static_cast<uint32_t>(seed * 7)};
        const Outcome canonical = execute(m, Engine::kCanonical, std::nullopt, args);
        const Outcome fast = execute(m, Engine::kFast, std::nullopt, args);
        INFO("seed " << seed << "\n" << disassemble(m));
        CHECK(fast.status == canonical.status);
        CHECK(fast.trap == canonical.trap);
        CHECK(fast.results == canonical.results);
        CHECK(fast.fuel == canonical.fuel);
        CHECK(fast.memory == canonical.memory);
        CHECK(fast.host_log == canonical.host_log);
        finished += canonical.status == RunStatus::kFinished ? 1 : 0;
        trapped += canonical.status == RunStatus::kTrapped ? 1 : 0;
        suspended_runs += !canonical.host_log.empty() ? 1 : 0;
        // The same program under fuel limits below what it needs: out of fuel at the same
        // block, with the same fuel used and the same memory written before it.
        for (const uint64_t div : {2u, 3u, 7u}) {
            const uint64_t limit = canonical.fuel / div;
            const Outcome c = execute(m, Engine::kCanonical, limit, args);
            const Outcome f = execute(m, Engine::kFast, limit, args);
            INFO("fuel limit " << limit);
            CHECK(f == c);
            out_of_fuel += c.trap == TrapCode::kOutOfFuel ? 1 : 0;
        }
    }
    // The generator must actually reach each kind of outcome for the comparison to mean much.
    CHECK(finished > kPrograms / 4);
    CHECK(trapped > 0);
    CHECK(out_of_fuel > kPrograms / 2);
    CHECK(suspended_runs > kPrograms / 4);
}

TEST_CASE("fast path: call depth and stack overflow as in the canonical loop", "[rwasm][fast]")
{
    // rec(n) = rec(n + 1): runs into the call-depth limit; deep(n) with 2,000 locals per frame
    // runs into the value-stack limit first.
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const uint32_t rec = b.function(t, {}, cat({local_get(0), i32_const(1), Bytes{0x6A}, call(0)}));
    b.export_function("rec", rec);
    const uint32_t deep = b.function(t, std::vector<uint8_t>(2'000, I64),
                                     cat({local_get(0), i32_const(1), Bytes{0x6A}, call(1)}));
    b.export_function("deep", deep);
    const RwasmModule m = compile_ok(b.build());
    for (const char* name : {"rec", "deep"}) {
        uint64_t fuel[2] = {0, 0};
        for (const Engine e : {Engine::kCanonical, Engine::kFast}) {
            NoHost host;
            Vm vm(m);
            vm.set_engine(e);
            REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
            const uint64_t args[] = {0};
            const RunResult r = vm.invoke(export_index(m, name), args, host);
            CHECK(r.status == RunStatus::kTrapped);
            CHECK(r.trap == TrapCode::kStackOverflow);
            fuel[e == Engine::kFast] = vm.fuel_used();
        }
        INFO(name);
        CHECK(fuel[0] == fuel[1]);
        CHECK(fuel[0] > 0);
    }
}

TEST_CASE("fast path: translation folds local.get, constants and compare+branch", "[rwasm][fast]")
{
    // loop: i = i + 1; br_if (i < 100): the add writes the local directly (no copy into it), the
    // constant is an operand, and the compare and branch are one instruction.
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const uint32_t f = b.function(
        t, {},
        cat({Bytes{0x03, 0x40}, local_get(0), i32_const(1), Bytes{0x6A}, local_set(0), local_get(0),
             i32_const(100), Bytes{0x48}, br_if(0), Bytes{0x0B}, local_get(0)}));
    b.export_function("f", f);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find("I32Add_SK d=0 a=0") != std::string::npos);
    // ... and reads the add's result from the accumulator (_A) rather than from its slot.
    CHECK(text.find("BrNez_I32LtS_AK") != std::string::npos);
    CHECK(text.find("Copy d=0") == std::string::npos);
    NoHost host;
    Vm vm(m);
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const uint64_t args[] = {5};
    REQUIRE(vm.invoke(f, args, host).status == RunStatus::kFinished);
    CHECK(vm.results()[0] == 100);
}
