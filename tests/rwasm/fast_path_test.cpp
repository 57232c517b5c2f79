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

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <tuple>

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

namespace {

/// How many times `needle` occurs in `text` (fused instructions in a disassembly).
size_t occurrences(const std::string& text, const std::string& needle)
{
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

/// What a run shows: status, trap, first result (0 unless it finished) and fuel used.
using RunOutcome = std::tuple<RunStatus, TrapCode, uint64_t, uint64_t>;

/// Runs export `f` of `m` in `engine` with `args` under the fuel `limit` (none: unlimited).
RunOutcome run_outcome(const RwasmModule& m,
                       Engine engine,
                       uint32_t f,
                       std::span<const uint64_t> args,
                       std::optional<uint64_t> limit)
{
    NoHost host;
    Vm vm(m);
    vm.set_engine(engine);
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    vm.set_fuel_limit(limit);
    const RunResult r = vm.invoke(f, args, host);
    const uint64_t result = r.status == RunStatus::kFinished ? vm.results()[0] : 0;
    return {r.status, r.trap, result, vm.fuel_used()};
}

/// Runs export `f` of `m` with one argument in `engine`; the result, or the trap.
std::pair<TrapCode, uint64_t> run_one(const RwasmModule& m, Engine engine, uint32_t f, uint64_t arg)
{
    NoHost host;
    Vm vm(m);
    vm.set_engine(engine);
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const uint64_t args[] = {arg};
    const RunResult r = vm.invoke(f, args, host);
    if (r.status != RunStatus::kFinished)
        return {r.trap, 0};
    return {TrapCode::kNone, vm.results()[0]};
}

}  // namespace

TEST_CASE("fast path: an i32.add of a constant fuses into the load it addresses", "[rwasm][fast]")
{
    // mem[16..24) = 0x1122334455667788; return i64.load offset=8 (p + -32): the add wraps
    // around 2^32 (Wasm core spec §4.4.7: the address is an i32, the offset is added after).
    ModuleBuilder b;
    b.memory(1);
    const uint32_t t = b.type({I32}, {I64});
    const uint32_t f =
        b.function(t, {},
                   cat({i32_const(16), i64_const(0x1122334455667788), Bytes{0x37, 0x03, 0x00},
                        local_get(0), i32_const(-32), Bytes{0x6A}, Bytes{0x29, 0x03, 0x08}}));
    b.export_function("f", f);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find("I64Load_PS") != std::string::npos);
    CHECK(text.find("I32Add") == std::string::npos);
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        // 40 - 32 + 8 = 16: the stored word.
        CHECK(run_one(m, engine, f, 40) ==
              std::pair{TrapCode::kNone, uint64_t{0x1122334455667788}});
        // 41: one byte later, the top byte reads zero memory.
        CHECK(run_one(m, engine, f, 41) ==
              std::pair{TrapCode::kNone, uint64_t{0x0011223344556677}});
        // 16 - 32 wraps to 2^32 - 16; + 8 is far outside the one page: a trap, not address -8.
        CHECK(run_one(m, engine, f, 16).first == TrapCode::kMemoryOutOfBounds);
        // 65,528 + 32 - 32 + 8 = 65,536: one past the page.
        CHECK(run_one(m, engine, f, 65'560).first == TrapCode::kMemoryOutOfBounds);
        CHECK(run_one(m, engine, f, 65'552).first == TrapCode::kNone);
    }
}

TEST_CASE("fast path: an argument's i32.add of a constant fuses into the call", "[rwasm][fast]")
{
    // sum(n) = n == 0 ? 0 : n + sum(n - 1): the argument `n + -1` from a slot (CallAddK_S).
    // tri(n) = twice(n * 3 + 1): the add's operand is the accumulator (CallAddK_A).
    // deep(n) = deep(n + 1): no base case, so the call depth limit traps (kStackOverflow).
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const uint32_t sum = 0, twice = 2, deep = 3;
    b.function(
        t, {},
        cat({Bytes{0x02, 0x40}, local_get(0), Bytes{0x45}, br_if(0), local_get(0), local_get(0),
             i32_const(-1), Bytes{0x6A}, call(sum), Bytes{0x6A}, Bytes{0x0F, 0x0B}, i32_const(0)}));
    const uint32_t tri = b.function(
        t, {},
        cat({local_get(0), i32_const(3), Bytes{0x6C}, i32_const(1), Bytes{0x6A}, call(twice)}));
    b.function(t, {}, cat({local_get(0), local_get(0), Bytes{0x6A}}));
    b.function(t, {}, cat({local_get(0), i32_const(1), Bytes{0x6A}, call(deep)}));
    b.export_function("sum", sum);
    b.export_function("tri", tri);
    b.export_function("deep", deep);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find("CallAddK_S") != std::string::npos);
    CHECK(text.find("CallAddK_A") != std::string::npos);
    // Same status, trap, result and fuel in both loops, with and without a fuel limit.
    const auto outcome = [&](Engine engine, const char* name, uint64_t arg,
                             std::optional<uint64_t> limit) {
        const uint64_t args[] = {arg};
        return run_outcome(m, engine, export_index(m, name), args, limit);
    };
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        CHECK(std::get<2>(outcome(engine, "sum", 100, std::nullopt)) == 5050);
        CHECK(std::get<2>(outcome(engine, "sum", 0, std::nullopt)) == 0);
        // (3 * 5 + 1) * 2 = 32; 3 * 0x55555555 + 1 wraps to 0 in i32.
        CHECK(std::get<2>(outcome(engine, "tri", 5, std::nullopt)) == 32);
        CHECK(std::get<2>(outcome(engine, "tri", 0x55555555, std::nullopt)) == 0);
        CHECK(std::get<1>(outcome(engine, "deep", 7, std::nullopt)) == TrapCode::kStackOverflow);
    }
    for (const char* name : {"sum", "tri", "deep"})
        for (const std::optional<uint64_t> limit :
             {std::optional<uint64_t>{}, std::optional<uint64_t>{500},
              std::optional<uint64_t>{5000}})
            CHECK(outcome(Engine::kCanonical, name, 60, limit) ==
                  outcome(Engine::kFast, name, 60, limit));
}

TEST_CASE("fast path: a constant set before a loop charges the loop's fuel", "[rwasm][fast]")
{
    // s = 0; do { s += 3; n -= 1 } while (n != 0); return s. The `s = 0` falls into the loop
    // header's ConsumeFuel: one SetConstFuel does both; the back edge still pays the header.
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const uint32_t f =
        b.function(t, {I32},
                   cat({i32_const(0), local_set(1), Bytes{0x03, 0x40}, local_get(1), i32_const(3),
                        Bytes{0x6A}, local_set(1), local_get(0), i32_const(-1), Bytes{0x6A},
                        local_set(0), local_get(0), br_if(0), Bytes{0x0B}, local_get(1)}));
    b.export_function("f", f);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find("SetConstFuel") != std::string::npos);
    const auto outcome = [&](Engine engine, std::optional<uint64_t> limit) {
        const uint64_t args[] = {5};
        return run_outcome(m, engine, f, args, limit);
    };
    CHECK(std::get<2>(outcome(Engine::kFast, std::nullopt)) == 15);
    const uint64_t total = std::get<3>(outcome(Engine::kCanonical, std::nullopt));
    // Every limit up to the whole run: out of fuel at each block start, same in both loops.
    for (uint64_t limit = 0; limit <= total; ++limit)
        CHECK(outcome(Engine::kCanonical, limit) == outcome(Engine::kFast, limit));
}

TEST_CASE("fast path: i32.add of a constant, local.tee, local.set is one instruction",
          "[rwasm][fast]")
{
    // do { s = t = s + 7; u = v = n * s + 1; } while (--n != 0); return s + t + u + v.
    // `s + 7` reads a local (I32AddTee_SK); `n * s + 1` adds to the product just computed
    // (I32AddTee_AK). Both write two locals, so no Copy is left in the loop.
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const uint32_t f = b.function(
        t, {I32, I32, I32, I32},
        cat({Bytes{0x03, 0x40}, local_get(1),    i32_const(7), Bytes{0x6A},  op_idx(0x22, 2),
             local_set(1),      local_get(0),    local_get(1), Bytes{0x6C},  i32_const(1),
             Bytes{0x6A},       op_idx(0x22, 3), local_set(4), local_get(0), i32_const(-1),
             Bytes{0x6A},       op_idx(0x22, 0), br_if(0),     Bytes{0x0B},  local_get(1),
             local_get(2),      Bytes{0x6A},     local_get(3), Bytes{0x6A},  local_get(4),
             Bytes{0x6A}}));
    b.export_function("f", f);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find("I32AddTee_SK") != std::string::npos);
    CHECK(text.find("I32AddTee_AK") != std::string::npos);
    CHECK(text.find("Copy") == std::string::npos);
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        // n = 5..1: s = 7, 14, 21, 28, 35; u = 5*7+1, 4*14+1, 3*21+1, 2*28+1, 1*35+1 = 36.
        CHECK(run_one(m, engine, f, 5) == std::pair{TrapCode::kNone, uint64_t{35 + 35 + 36 + 36}});
        // n = 1: s = t = 7, u = v = 8.
        CHECK(run_one(m, engine, f, 1) == std::pair{TrapCode::kNone, uint64_t{30}});
    }
    const auto outcome = [&](Engine engine, std::optional<uint64_t> limit) {
        const uint64_t args[] = {5};
        return run_outcome(m, engine, f, args, limit);
    };
    const uint64_t total = std::get<3>(outcome(Engine::kCanonical, std::nullopt));
    // Every limit up to the whole run: same outcome and fuel in both loops.
    for (uint64_t limit = 0; limit <= total; ++limit)
        CHECK(outcome(Engine::kCanonical, limit) == outcome(Engine::kFast, limit));
}

TEST_CASE("fast path: i64.extend_i32_u of a compare result costs no instruction", "[rwasm][fast]")
{
    // (p <u 7) extended to i64, plus 10: 11 below 7, 10 from 7 on.
    ModuleBuilder b;
    const uint32_t t = b.type({I64}, {I64});
    const uint32_t f = b.function(
        t, {},
        cat({local_get(0), i64_const(7), Bytes{0x54}, Bytes{0xAD}, i64_const(10), Bytes{0x7C}}));
    b.export_function("f", f);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find("I64ExtendI32U") == std::string::npos);
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        CHECK(run_one(m, engine, f, 0) == std::pair{TrapCode::kNone, uint64_t{11}});
        CHECK(run_one(m, engine, f, 6) == std::pair{TrapCode::kNone, uint64_t{11}});
        CHECK(run_one(m, engine, f, 7) == std::pair{TrapCode::kNone, uint64_t{10}});
        CHECK(run_one(m, engine, f, ~uint64_t{0}) == std::pair{TrapCode::kNone, uint64_t{10}});
    }
}

TEST_CASE("fast path: a computed goto's table dispatch is one instruction", "[rwasm][fast]")
{
    // clang's lowering of `goto *table[*ip]` (the EVM runtime's opcode dispatch): a byte at
    // address p (param 1), scaled by 4, indexes a table of i32 at `base`, minus 2 is the
    // br_table's index. Entries 0..2 hold 2..4 (targets 0..2), entry 3 holds param 2 (any target,
    // or the default when below 2 or above 4). The byte at 100 is param 0. Out-of-bounds reads
    // trap at the byte (p) or at the table (a base near the end of the page).
    const auto body = [](int32_t base, uint32_t entries, bool set_const) {
        Bytes out;
        for (uint32_t i = 0; i < entries; ++i) {
            const Bytes value = i == 3 ? local_get(2) : i32_const(static_cast<int32_t>(i + 2));
            Bytes offset;
            leb_u(offset, 4 * i);
            out = cat({out, i32_const(base), value, Bytes{0x36, 0x02}, offset});
        }
        return cat({out,
                    i32_const(100),
                    local_get(0),
                    Bytes{0x3A, 0x00, 0x00},
                    Bytes{0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40},
                    set_const ? cat({i32_const(7), local_set(3)}) : Bytes{},
                    local_get(1),
                    Bytes{0x2D, 0x00, 0x00},
                    i32_const(2),
                    Bytes{0x74},
                    i32_const(base),
                    Bytes{0x6A, 0x28, 0x02, 0x00},
                    i32_const(-2),
                    Bytes{0x6A},
                    Bytes{0x0E, 0x03, 0x00, 0x01, 0x02, 0x03},
                    Bytes{0x0B},
                    local_get(3),
                    i32_const(10),
                    Bytes{0x6A, 0x0F, 0x0B},
                    i32_const(20),
                    Bytes{0x0F, 0x0B},
                    i32_const(30),
                    Bytes{0x0F, 0x0B},
                    i32_const(40)});
    };
    ModuleBuilder b;
    b.memory(1);
    const uint32_t t = b.type({I32, I32, I32}, {I32});
    // in_page sets local 3 to 7 just before the dispatch (a SetConst the dispatch takes along);
    // at_end leaves it 0. Target 0 returns local 3 + 10.
    const uint32_t in_page = b.function(t, {I32}, body(200, 4, true));
    // Entries 2 and up out of bounds.
    const uint32_t at_end = b.function(t, {I32}, body(65528, 2, false));
    b.export_function("in_page", in_page);
    b.export_function("at_end", at_end);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find(": BrTableByte ") != std::string::npos);
    CHECK(text.find(": SetConstBrTableByte ") != std::string::npos);
    CHECK(text.find("BrTableDirect") != std::string::npos);
    const auto outcome = [&](Engine engine, uint32_t f, std::array<uint64_t, 3> args,
                             std::optional<uint64_t> limit) {
        return run_outcome(m, engine, f, args, limit);
    };
    const auto result = [&](Engine engine, uint32_t f, std::array<uint64_t, 3> args) {
        const auto [status, trap, value, fuel] = outcome(engine, f, args, std::nullopt);
        return std::pair{trap, value};
    };
    const uint64_t oob = 0xFFFFFFFF;
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        INFO("engine " << static_cast<int>(engine));
        CHECK(result(engine, in_page, {0, 100, 0}) == std::pair{TrapCode::kNone, uint64_t{17}});
        CHECK(result(engine, at_end, {0, 100, 0}) == std::pair{TrapCode::kNone, uint64_t{10}});
        CHECK(result(engine, in_page, {1, 100, 0}) == std::pair{TrapCode::kNone, uint64_t{20}});
        CHECK(result(engine, in_page, {2, 100, 0}) == std::pair{TrapCode::kNone, uint64_t{30}});
        CHECK(result(engine, in_page, {3, 100, 3}) == std::pair{TrapCode::kNone, uint64_t{20}});
        // 5 - 2 = 3 and 1 - 2 = 2^32 - 1: past the last entry, the default.
        CHECK(result(engine, in_page, {3, 100, 5}) == std::pair{TrapCode::kNone, uint64_t{40}});
        CHECK(result(engine, in_page, {3, 100, 1}) == std::pair{TrapCode::kNone, uint64_t{40}});
        // Byte 4 reads the zero word after the table: 0 - 2, the default.
        CHECK(result(engine, in_page, {4, 100, 0}) == std::pair{TrapCode::kNone, uint64_t{40}});
        // The byte's own address out of bounds (the first load traps).
        CHECK(result(engine, in_page, {0, 65536, 0}) ==
              std::pair{TrapCode::kMemoryOutOfBounds, uint64_t{0}});
        CHECK(result(engine, in_page, {0, oob, 0}) ==
              std::pair{TrapCode::kMemoryOutOfBounds, uint64_t{0}});
        // The table entry out of bounds (the second load traps): 65528 + 4 * 2 = 65536.
        CHECK(result(engine, at_end, {1, 100, 0}) == std::pair{TrapCode::kNone, uint64_t{20}});
        CHECK(result(engine, at_end, {2, 100, 0}) ==
              std::pair{TrapCode::kMemoryOutOfBounds, uint64_t{0}});
        CHECK(result(engine, at_end, {255, 100, 0}) ==
              std::pair{TrapCode::kMemoryOutOfBounds, uint64_t{0}});
    }
    // Every fuel limit up to the whole run: the same outcome and fuel in both loops.
    const std::array<std::pair<uint32_t, std::array<uint64_t, 3>>, 5> cases = {{
        {in_page, {1, 100, 0}},
        {in_page, {3, 100, 4}},
        {in_page, {0, 65536, 0}},
        {at_end, {0, 100, 0}},
        {at_end, {7, 100, 0}},
    }};
    for (const auto& [f, args] : cases) {
        const uint64_t total = std::get<3>(outcome(Engine::kCanonical, f, args, std::nullopt));
        CHECK(total > 0);
        for (uint64_t limit = 0; limit <= total + 1; ++limit)
            CHECK(outcome(Engine::kCanonical, f, args, limit) ==
                  outcome(Engine::kFast, f, args, limit));
    }
}

TEST_CASE("fast path: a copy or an add of a constant before a br takes the branch itself",
          "[rwasm][fast]")
{
    // while (n != 0) { ...; last; br loop }, with `last` an i32 add of a constant (I32AddBr_SK),
    // an i64 add of a constant (I64AddBr_SK) or a local copied into another (CopyBr). Locals:
    // 0 n (i32), 1 s (i64), 2 c (i64), 3 d (i64). Returns s + c + d.
    const Bytes head = cat({Bytes{0x02, 0x40, 0x03, 0x40}, local_get(0), Bytes{0x45}, br_if(1)});
    const Bytes dec_n = cat({local_get(0), i32_const(-1), Bytes{0x6A}, local_set(0)});
    const Bytes add_s = cat({local_get(1), i64_const(5), Bytes{0x7C}, local_set(1)});
    const Bytes mul_c = cat({local_get(2), local_get(1), Bytes{0x7C}, local_set(2)});
    const Bytes copy_d = cat({local_get(2), local_set(3)});
    const Bytes tail = cat({br(0), Bytes{0x0B, 0x0B}, local_get(1), local_get(2), Bytes{0x7C},
                            local_get(3), Bytes{0x7C}});
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I64});
    const std::vector<uint8_t> locals = {I64, I64, I64};
    const uint32_t i32_last = b.function(t, locals, cat({head, add_s, mul_c, copy_d, dec_n, tail}));
    const uint32_t i64_last = b.function(t, locals, cat({head, mul_c, copy_d, dec_n, add_s, tail}));
    const uint32_t copy_last =
        b.function(t, locals, cat({head, dec_n, add_s, mul_c, copy_d, tail}));
    b.export_function("i32_last", i32_last);
    b.export_function("i64_last", i64_last);
    b.export_function("copy_last", copy_last);
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(text.find(": I32AddBr_SK ") != std::string::npos);
    CHECK(text.find(": I64AddBr_SK ") != std::string::npos);
    CHECK(text.find(": CopyBr ") != std::string::npos);
    // n = 3: s = 5, 10, 15; c = 5, 15, 30 (c += s after s's add) or 0, 5, 15 (before it); d = c
    // of the same iteration.
    const std::array<std::pair<uint32_t, uint64_t>, 3> expected = {{
        {i32_last, 15 + 30 + 30},
        {i64_last, 15 + 15 + 15},
        {copy_last, 15 + 30 + 30},
    }};
    for (const Engine engine : {Engine::kCanonical, Engine::kFast})
        for (const auto& [f, value] : expected)
            CHECK(run_one(m, engine, f, 3) == std::pair{TrapCode::kNone, value});
    const auto outcome = [&](Engine engine, uint32_t f, std::optional<uint64_t> limit) {
        const uint64_t args[] = {3};
        return run_outcome(m, engine, f, args, limit);
    };
    // Every fuel limit up to the whole run: the taken branch charges the loop head's fuel at the
    // same point in both loops.
    for (const auto& [f, value] : expected) {
        const uint64_t total = std::get<3>(outcome(Engine::kCanonical, f, std::nullopt));
        CHECK(total > 0);
        for (uint64_t limit = 0; limit <= total; ++limit)
            CHECK(outcome(Engine::kCanonical, f, limit) == outcome(Engine::kFast, f, limit));
    }
}

TEST_CASE("fast path: stores of constants, stores at slot + constant, i64 limb copies",
          "[rwasm][fast]")
{
    // run(p: i32, v: i64): the store forms the EVM runtime's handlers use, at address p.
    const auto store = [](uint8_t op, uint32_t align, uint32_t offset) {
        Bytes out{op};
        leb_u(out, align);
        leb_u(out, offset);
        return out;
    };
    const Bytes body =
        cat({// I64Store_K: mem[p + 8] = 7; I32Store8_K: mem[p + 3] = 0x1FF (stores 0xFF).
             local_get(0), i64_const(7), store(0x37, 3, 8), local_get(0), i32_const(0x1FF),
             store(0x3A, 0, 3),
             // I64Store_PK: mem[u32(p + 16) + 4] = 9.
             local_get(0), i32_const(16), Bytes{0x6A}, i64_const(9), store(0x37, 3, 4),
             // I64Store_PS: mem[u32(p + 24) + 8] = v; I32Store16_PS: mem[u32(p + 64)] = p's low
             // half.
             local_get(0), i32_const(24), Bytes{0x6A}, local_get(1), store(0x37, 3, 8),
             local_get(0), i32_const(64), Bytes{0x6A}, local_get(0), store(0x3B, 1, 0),
             // I64LoadStore: mem[p + 48] = mem[p + 8]; mem[u32(p + 40) + 16] = mem[p + 32] (the
             // store's address computed into a temporary first).
             local_get(0), local_get(0), Bytes{0x29, 0x03, 0x08}, store(0x37, 3, 48), local_get(0),
             i32_const(40), Bytes{0x6A}, local_get(0), Bytes{0x29, 0x03, 0x20}, store(0x37, 3, 16),
             // The result: mem[p + 56] (the last copy's word).
             local_get(0), Bytes{0x29, 0x03, 0x38}});
    ModuleBuilder b;
    b.memory(1);
    const uint32_t t = b.type({I32, I64}, {I64});
    b.export_function("run", b.function(t, {}, body));
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    for (const char* form : {": I64Store_K ", ": I32Store8_K ", ": I64Store_PK ", ": I64Store_PS ",
                             ": I32Store16_PS ", ": I64LoadStore "})
        CHECK(text.find(form) != std::string::npos);
    const uint64_t v = 0x1122334455667788;
    {
        const uint64_t args[] = {100, v};
        const Outcome fast = execute(m, Engine::kFast, std::nullopt, args);
        REQUIRE(fast.status == RunStatus::kFinished);
        const auto word = [&](size_t at) {
            uint64_t w = 0;
            for (size_t i = 0; i < 8; ++i)
                w |= uint64_t{fast.memory[at + i]} << (8 * i);
            return w;
        };
        CHECK(fast.memory[103] == 0xFF);
        CHECK(word(108) == 7);
        CHECK(word(120) == 9);
        CHECK(word(132) == v);
        CHECK(fast.memory[164] == 100);  // p as an i16 at p + 64
        CHECK(fast.memory[165] == 0);
        CHECK(word(148) == 7);  // mem[p + 48] = mem[p + 8]
        CHECK(word(156) == v);  // mem[p + 56] = mem[p + 32] = v (written at p + 24 + 8)
        CHECK(fast.results == std::vector<uint64_t>{v});
    }
    // Both loops: in bounds, each store or load the first out of bounds in turn near the end of
    // the page, and p + constant wrapping around 2^32.
    for (const uint64_t p :
         {uint64_t{0}, uint64_t{100}, uint64_t{65536 - 64}, uint64_t{65536 - 52},
          uint64_t{65536 - 40}, uint64_t{65536 - 30}, uint64_t{65536 - 12}, uint64_t{65536 - 10},
          uint64_t{65536 - 3}, uint64_t{0xFFFFFFF0}, uint64_t{0xFFFFFFE8}, uint64_t{0xFFFFFFFE}}) {
        INFO("p " << p);
        const uint64_t args[] = {p, v};
        const Outcome canonical = execute(m, Engine::kCanonical, std::nullopt, args);
        CHECK(execute(m, Engine::kFast, std::nullopt, args) == canonical);
        for (uint64_t limit = 0; limit <= canonical.fuel; ++limit)
            CHECK(execute(m, Engine::kFast, limit, args) ==
                  execute(m, Engine::kCanonical, limit, args));
    }
}

TEST_CASE("fast path: clang's i64 byte swap is one instruction", "[rwasm][fast]")
{
    // The shifts, masks and ors clang emits for __builtin_bswap64 on wasm32 (no bswap in Wasm),
    // in its order: x << 56 | (x << 40 & m1) | (x << 24 & m2) | (x << 8 & m3) | (x >> 8 & m4) |
    // ... | x >> 56. `near` differs in one mask and must not be fused.
    const auto part = [](uint8_t shift_op, int64_t shift, std::optional<int64_t> mask) {
        Bytes out = cat({local_get(0), i64_const(shift), Bytes{shift_op}});
        if (mask)
            out = cat({out, i64_const(*mask), Bytes{0x83}});
        return out;
    };
    const Bytes bor{0x84};
    const auto swap = [&](int64_t last_mask, bool into_local) {
        return cat({part(0x86, 56, {}), part(0x86, 40, 0x00FF000000000000), bor,
                    part(0x86, 24, 0x0000FF0000000000), part(0x86, 8, 0x000000FF00000000), bor, bor,
                    part(0x88, 8, 0xFF000000), part(0x88, 24, 0xFF0000), bor,
                    part(0x88, 40, last_mask), part(0x88, 56, {}), bor, bor, bor,
                    into_local ? cat({local_set(1), local_get(1)}) : Bytes{}});
    };
    ModuleBuilder b;
    const uint32_t t = b.type({I64}, {I64});
    const uint32_t plain = b.function(t, {I64}, swap(0xFF00, false));
    const uint32_t local = b.function(t, {I64}, swap(0xFF00, true));
    const uint32_t near = b.function(t, {I64}, swap(0xFF01, false));
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(occurrences(text, ": I64Bswap ") == 2);  // plain and local, not near
    const auto bswap = [](uint64_t x) {
        uint64_t r = 0;
        for (int i = 0; i < 8; ++i)
            r |= ((x >> (8 * i)) & 0xFF) << (8 * (7 - i));
        return r;
    };
    for (const uint64_t x : {uint64_t{0}, uint64_t{0x0102030405060708}, ~uint64_t{0},
                             uint64_t{0x8000000000000001}, uint64_t{0xDEADBEEFCAFEF00D}}) {
        INFO("x " << x);
        for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
            CHECK(run_one(m, engine, plain, x) == std::pair{TrapCode::kNone, bswap(x)});
            CHECK(run_one(m, engine, local, x) == std::pair{TrapCode::kNone, bswap(x)});
            // near: byte 6 of x (x >> 40 & 0xFF01) also keeps bit 0 of x >> 40.
            CHECK(run_one(m, engine, near, x) ==
                  std::pair{TrapCode::kNone, bswap(x) | ((x >> 40) & 1)});
        }
    }
    const auto outcome = [&](Engine engine, uint32_t f, std::optional<uint64_t> limit) {
        const uint64_t args[] = {0x0102030405060708};
        return run_outcome(m, engine, f, args, limit);
    };
    for (const uint32_t f : {plain, local, near}) {
        const uint64_t total = std::get<3>(outcome(Engine::kCanonical, f, std::nullopt));
        CHECK(total > 0);
        for (uint64_t limit = 0; limit <= total; ++limit)
            CHECK(outcome(Engine::kCanonical, f, limit) == outcome(Engine::kFast, f, limit));
    }
}

TEST_CASE("fast path: an i64.or with an i64.load just made is one instruction", "[rwasm][fast]")
{
    // run(p, x) = x | mem[p + 8] | (mem[p] | mem[p + 16]) | mem[p + 24]: the first or's other
    // operand a local, the second's a load's temporary, the last one's an or's result. The four
    // words are stored first: 0x100, 0x2000, 0x40000, 0x800000 at p, p + 8, p + 16, p + 24.
    Bytes stores;
    for (uint32_t i = 0; i < 4; ++i)
        stores = cat({stores, local_get(0), i64_const(int64_t{0x100} << (5 * i)),
                      Bytes{0x37, 0x03, static_cast<uint8_t>(8 * i)}});
    const Bytes body =
        cat({stores, local_get(1), local_get(0), Bytes{0x29, 0x03, 0x08}, Bytes{0x84}, local_get(0),
             Bytes{0x29, 0x03, 0x00}, local_get(0), Bytes{0x29, 0x03, 0x10}, Bytes{0x84},
             Bytes{0x84}, local_get(0), Bytes{0x29, 0x03, 0x18}, Bytes{0x84}});
    ModuleBuilder b;
    b.memory(1);
    const uint32_t t = b.type({I32, I64}, {I64});
    b.export_function("run", b.function(t, {}, body));
    const RwasmModule m = compile_ok(b.build());
    const std::string text = disassemble_fast(*translate_module(m));
    INFO(text);
    CHECK(occurrences(text, ": I64OrLoad ") == 3);
    // The result, or the trap of the first store out of bounds.
    for (const uint64_t p :
         {uint64_t{0}, uint64_t{65536 - 32}, uint64_t{65536 - 31}, uint64_t{65536 - 16},
          uint64_t{65536 - 12}, uint64_t{65536 - 8}, uint64_t{0xFFFFFFF8}}) {
        INFO("p " << p);
        const uint64_t args[] = {p, 0x0F0F0000000000F1};
        const Outcome canonical = execute(m, Engine::kCanonical, std::nullopt, args);
        CHECK(execute(m, Engine::kFast, std::nullopt, args) == canonical);
        if (p == 0)
            CHECK(canonical.results ==
                  std::vector<uint64_t>{0x0F0F0000000000F1 | 0x100 | 0x2000 | 0x40000 | 0x800000});
        else if (p > 65536 - 32)
            CHECK(canonical.trap == TrapCode::kMemoryOutOfBounds);
        for (uint64_t limit = 0; limit <= canonical.fuel; ++limit)
            CHECK(execute(m, Engine::kFast, limit, args) ==
                  execute(m, Engine::kCanonical, limit, args));
    }
}

TEST_CASE("fuel: the calibrated schedule, computed by hand", "[rwasm][fuel]")
{
    // Expected figures are sums of the table in docs/rwasm-format.md §Fuel, written out here
    // by hand so that a change of the schedule has to change this test deliberately:
    // const/local/integer op 1, i32 div 13, i64 div 10, f64 sqrt 6, f64 div 22, br_if 8,
    // call 45 (Enter and Return 0), memory.fill 3 + 1 per 8 bytes (rounded up), a declared
    // local 1 (zeroed at Enter).
    ModuleBuilder b;
    const uint32_t i32_t = b.type({I32}, {I32});
    const uint32_t i64_t = b.type({I64}, {I64});
    const uint32_t f64_t = b.type({F64}, {F64});
    b.memory(1);
    // 0: x * 3 + 1 = get 1 + const 1 + mul 1 + const 1 + add 1 = 5
    const uint32_t lin = b.function(
        i32_t, {}, cat({local_get(0), i32_const(3), Bytes{0x6C}, i32_const(1), Bytes{0x6A}}));
    // 1: x / 7 (i32.div_u) = 1 + 1 + 13 = 15
    const uint32_t div32 = b.function(i32_t, {}, cat({local_get(0), i32_const(7), Bytes{0x6E}}));
    // 2: x / 7 (i64.div_s) = 1 + 1 + 10 = 12
    const uint32_t div64 = b.function(i64_t, {}, cat({local_get(0), i64_const(7), Bytes{0x7F}}));
    // 3: sqrt(x) / x = 1 + 6 + 1 + 22 = 30
    const uint32_t fdiv =
        b.function(f64_t, {}, cat({local_get(0), Bytes{0x9F}, local_get(0), Bytes{0xA3}}));
    // 4: lin(x) = get 1 + call 45, plus lin's 5 = 51
    const uint32_t calls = b.function(i32_t, {}, cat({local_get(0), call(lin)}));
    // 5: do { x = x - 1 } while (x != 0); x — per iteration get, const, sub, tee 1 each + br_if 8
    //    = 12; after the loop get 1; the entry block is empty (0). x = 3: 3 * 12 + 1 = 37.
    const uint32_t loop =
        b.function(i32_t, {},
                   cat({Bytes{0x03, 0x40}, local_get(0), i32_const(1), Bytes{0x6B}, op_idx(0x22, 0),
                        br_if(0), Bytes{0x0B}, local_get(0)}));
    // 6: two declared locals (2) + get 1 = 3
    const uint32_t locals = b.function(i32_t, {I32, I64}, local_get(0));
    // 7: memory.fill(0, 9, 100); x = 3 consts + fill 3 + ceil(100 / 8) 13 + get 1 = 20, and the
    // fill is the first touch of page 0: + kFuelPerCommittedPage
    const uint32_t fill = b.function(
        i32_t, {},
        cat({i32_const(0), i32_const(9), i32_const(100), Bytes{0xFC, 0x0B, 0x00}, local_get(0)}));
    for (const uint32_t f : {lin, div32, div64, fdiv, calls, loop, locals, fill})
        b.export_function("f" + std::to_string(f), f);
    const RwasmModule m = compile_ok(b.build());
    const std::vector<std::pair<uint32_t, uint64_t>> expected = {
        {lin, 5},    {div32, 15}, {div64, 12}, {fdiv, 30},
        {calls, 51}, {loop, 37},  {locals, 3}, {fill, 20 + kFuelPerCommittedPage},
    };
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        for (const auto& [f, fuel] : expected) {
            NoHost host;
            Vm vm(m);
            vm.set_engine(engine);
            REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
            vm.set_fuel_limit(std::nullopt);
            const uint64_t arg = f == fdiv ? std::bit_cast<uint64_t>(2.0) : 3;
            const uint64_t args[] = {arg};
            REQUIRE(vm.invoke(f, args, host).status == RunStatus::kFinished);
            INFO("function " << f << (engine == Engine::kFast ? " fast" : " canonical"));
            CHECK(vm.fuel_used() == fuel);
            // One fuel less than that is out of fuel, at the same point in both loops.
            Vm short_vm(m);
            short_vm.set_engine(engine);
            REQUIRE(short_vm.instantiate(host).status == RunStatus::kFinished);
            short_vm.set_fuel_limit(fuel - 1);
            CHECK(short_vm.invoke(f, args, host).trap == TrapCode::kOutOfFuel);
        }
    }
}
