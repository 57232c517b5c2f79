// SPDX-License-Identifier: Apache-2.0
// The fast (register-style) loop against the canonical one: random valid programs (arithmetic,
// locals, tee, select, loads/stores, bulk memory, blocks, if/else, bounded loops, br_if with
// values, br_table, calls, host calls that return or suspend, traps) must give the same status,
// trap code, results, fuel used, memory and host-call sequence in both, with and without fuel
// limits. The canonical loop is the reference: it interprets the stored module as is.
#include "rwasm/fast_code.hpp"
#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <climits>

#include <cstdint>
#include <random>

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

constexpr uint32_t kAskId = 1;  ///< env.ask(i64) -> i64: suspends
constexpr uint32_t kAddId = 2;  ///< env.add(i64, i64) -> i64: returns at once

class Resolver final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        if (module == "env" && name == "ask")
            return ResolvedFunction{kAskId, {{ValType::kI64}, {ValType::kI64}}};
        if (module == "env" && name == "add")
            return ResolvedFunction{kAddId, {{ValType::kI64, ValType::kI64}, {ValType::kI64}}};
        return std::nullopt;
    }
};

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

// Function indices: imports ask=0, add=1; then helper=2, run=3.
constexpr uint32_t kAsk = 0, kAdd = 1, kHelper = 2;
// run(i64 p0, i32 p1): i32 locals 1..4, i64 locals 0 and 5..7; 8..10 are loop counters.
constexpr uint32_t kI32Locals[] = {1, 2, 3, 4};
constexpr uint32_t kI64Locals[] = {0, 5, 6, 7};
constexpr uint32_t kCounterBase = 8;
constexpr uint32_t kMaxLoopNesting = 3;

enum class T { k32, k64 };

void append(Bytes& out, const Bytes& more)
{
    out.insert(out.end(), more.begin(), more.end());
}

class Generator {
public:
    explicit Generator(uint64_t seed) : rng_(seed) {}

    Bytes program()
    {
        Bytes body;
        const int statements = 3 + pick(8);
        for (int i = 0; i < statements; ++i)
            stmt(body, 3);
        // Result: every local folded into one i64.
        append(body, local_get(kI64Locals[0]));
        for (uint32_t i = 1; i < 4; ++i)
            append(body, cat({local_get(kI64Locals[i]), Bytes{0x85}}));
        for (const uint32_t l : kI32Locals)
            append(body, cat({local_get(l), Bytes{0xAD, 0x85}}));
        return body;
    }

private:
    int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

    uint32_t local(T t) { return t == T::k32 ? kI32Locals[pick(4)] : kI64Locals[pick(4)]; }

    void constant(Bytes& out, T t)
    {
        static constexpr int64_t kInteresting[] = {
            0, 1, 2, -1, 7, 31, 32, 63, 64, 0x7FFFFFFF, INT32_MIN, 0xFFF, INT64_MIN, INT64_MAX};
        const int64_t v = pick(3) == 0
                              ? static_cast<int64_t>(rng_())
                              : kInteresting[pick(static_cast<int>(std::size(kInteresting)))];
        append(out, t == T::k32 ? i32_const(static_cast<int32_t>(v)) : i64_const(v));
    }

    /// An i32 address, usually masked into the first page (loads/stores then mostly succeed).
    void address(Bytes& out, int depth)
    {
        expr(out, T::k32, depth);
        if (pick(16) != 0)
            append(out, cat({i32_const(0xFF8), Bytes{0x71}}));
    }

    static Bytes memarg(uint8_t op, uint32_t align, uint32_t offset)
    {
        Bytes out{op};
        leb_u(out, align);
        leb_u(out, offset);
        return out;
    }

    void expr(Bytes& out, T t, int depth)
    {
        if (depth <= 0 || pick(5) == 0) {
            if (pick(2) == 0)
                constant(out, t);
            else
                append(out, local_get(local(t)));
            return;
        }
        const T u = pick(2) == 0 ? T::k32 : T::k64;
        switch (pick(14)) {
        case 0:
        case 1:
        case 2: {  // binary arithmetic (twice as likely as the rest)
            static constexpr uint8_t k32[] = {0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73,
                                              0x74, 0x75, 0x76, 0x77, 0x78};
            static constexpr uint8_t k64[] = {0x7C, 0x7D, 0x7E, 0x83, 0x84, 0x85,
                                              0x86, 0x87, 0x88, 0x89, 0x8A};
            expr(out, t, depth - 1);
            expr(out, t, depth - 1);
            out.push_back(t == T::k32 ? k32[pick(11)] : k64[pick(11)]);
            return;
        }
        case 3: {  // division: traps on 0 and on INT_MIN / -1
            expr(out, t, depth - 1);
            expr(out, t, depth - 1);
            if (pick(2) == 0)
                append(out, t == T::k32 ? cat({i32_const(1), Bytes{0x72}})
                                        : cat({i64_const(1), Bytes{0x84}}));
            out.push_back(static_cast<uint8_t>((t == T::k32 ? 0x6D : 0x7F) + pick(4)));
            return;
        }
        case 4:
            if (t == T::k32) {  // compare
                expr(out, u, depth - 1);
                expr(out, u, depth - 1);
                out.push_back(static_cast<uint8_t>((u == T::k32 ? 0x46 : 0x51) + pick(10)));
            } else {
                expr(out, T::k32, depth - 1);
                out.push_back(pick(2) == 0 ? 0xAC : 0xAD);  // extend_i32_s/u
            }
            return;
        case 5:
            if (t == T::k32) {  // eqz, or wrap
                expr(out, u, depth - 1);
                out.push_back(u == T::k32 ? 0x45 : (pick(2) == 0 ? 0x50 : 0xA7));
            } else {
                expr(out, t, depth - 1);
                out.push_back(0x79 + pick(3));  // i64 clz/ctz/popcnt
            }
            return;
        case 6: {
            expr(out, t, depth - 1);
            append(out, op_idx(0x22, local(t)));  // local.tee
            return;
        }
        case 7:
            expr(out, t, depth - 1);
            expr(out, t, depth - 1);
            expr(out, T::k32, depth - 1);
            out.push_back(0x1B);  // select
            return;
        case 8:
            address(out, depth - 1);
            if (t == T::k32) {
                static constexpr uint8_t kOps[] = {0x28, 0x2C, 0x2D, 0x2E, 0x2F};
                append(out, memarg(kOps[pick(5)], 0, static_cast<uint32_t>(pick(3) * 4)));
            } else {
                static constexpr uint8_t kOps[] = {0x29, 0x30, 0x33, 0x34, 0x35};
                append(out, memarg(kOps[pick(5)], 0, static_cast<uint32_t>(pick(3) * 4)));
            }
            return;
        case 9:  // call the helper
            expr(out, T::k32, depth - 1);
            expr(out, T::k64, depth - 1);
            append(out, call(kHelper));
            if (t == T::k32)
                out.push_back(0xA7);
            return;
        case 10:  // host calls
            expr(out, T::k64, depth - 1);
            if (pick(2) == 0) {
                append(out, call(kAsk));
            } else {
                expr(out, T::k64, depth - 1);
                append(out, call(kAdd));
            }
            if (t == T::k32)
                out.push_back(0xA7);
            return;
        case 11: {  // block (result t): br_if out with a value, else drop it and compute another
            append(out, Bytes{0x02, static_cast<uint8_t>(t == T::k32 ? I32 : I64)});
            expr(out, t, depth - 1);
            expr(out, T::k32, depth - 1);
            append(out, br_if(0));
            out.push_back(0x1A);
            expr(out, t, depth - 1);
            out.push_back(0x0B);
            return;
        }
        case 12:  // if/else with a result
            expr(out, T::k32, depth - 1);
            append(out, Bytes{0x04, static_cast<uint8_t>(t == T::k32 ? I32 : I64)});
            expr(out, t, depth - 1);
            out.push_back(0x05);
            expr(out, t, depth - 1);
            out.push_back(0x0B);
            return;
        default:
            constant(out, t);
            return;
        }
    }

    void block_body(Bytes& out, int depth)
    {
        const int n = 1 + pick(3);
        for (int i = 0; i < n; ++i)
            stmt(out, depth - 1);
    }

    void stmt(Bytes& out, int depth)
    {
        const T t = pick(2) == 0 ? T::k32 : T::k64;
        const int choice = depth <= 0 ? pick(3) : pick(9);
        switch (choice) {
        case 0:
            expr(out, t, 3);
            append(out, local_set(local(t)));
            return;
        case 1: {
            address(out, 2);
            expr(out, t, 3);
            static constexpr uint8_t k32[] = {0x36, 0x3A, 0x3B};
            static constexpr uint8_t k64[] = {0x37, 0x3C, 0x3D, 0x3E};
            const uint8_t op = t == T::k32 ? k32[pick(3)] : k64[pick(4)];
            Bytes m{op};
            leb_u(m, 0);
            leb_u(m, static_cast<uint64_t>(pick(3) * 4));
            append(out, m);
            return;
        }
        case 2:
            expr(out, t, 3);
            out.push_back(0x1A);  // drop
            return;
        case 3:
            expr(out, T::k32, 2);
            append(out, Bytes{0x04, 0x40});
            block_body(out, depth);
            out.push_back(0x05);
            block_body(out, depth);
            out.push_back(0x0B);
            return;
        case 4: {  // bounded loop on a reserved counter
            if (loops_ >= kMaxLoopNesting)
                return;
            const uint32_t c = kCounterBase + loops_++;
            append(out, cat({i32_const(1 + pick(4)), local_set(c), Bytes{0x03, 0x40}}));
            block_body(out, depth);
            append(out, cat({local_get(c), i32_const(1), Bytes{0x6B}, op_idx(0x22, c), br_if(0),
                             Bytes{0x0B}}));
            --loops_;
            return;
        }
        case 5:  // block left early by br_if
            append(out, Bytes{0x02, 0x40});
            block_body(out, depth);
            expr(out, T::k32, 2);
            append(out, br_if(0));
            block_body(out, depth);
            out.push_back(0x0B);
            return;
        case 6: {  // br_table over three nested blocks
            append(out, Bytes{0x02, 0x40, 0x02, 0x40, 0x02, 0x40});
            expr(out, T::k32, 2);
            append(out, Bytes{0x0E, 0x02, 0x00, 0x01, 0x02, 0x0B});
            block_body(out, depth);
            out.push_back(0x0B);
            block_body(out, depth);
            out.push_back(0x0B);
            return;
        }
        case 7:  // memory.fill / memory.copy: the stack-form ops
            append(out, cat({i32_const(pick(4096)), i32_const(pick(256)), i32_const(pick(200))}));
            if (pick(2) == 0)
                append(out, Bytes{0xFC, 0x0B, 0x00});
            else
                append(out, Bytes{0xFC, 0x0A, 0x00, 0x00});
            return;
        default:
            if (pick(8) == 0) {
                append(out, cat({i32_const(1), Bytes{0x40, 0x00, 0x1A}}));  // memory.grow
                return;
            }
            expr(out, t, 4);
            append(out, local_set(local(t)));
            return;
        }
    }

    std::mt19937_64 rng_;
    uint32_t loops_ = 0;
};

Bytes random_module(uint64_t seed)
{
    ModuleBuilder b;
    const uint32_t ask_t = b.type({I64}, {I64});
    const uint32_t add_t = b.type({I64, I64}, {I64});
    const uint32_t helper_t = b.type({I32, I64}, {I64});
    const uint32_t run_t = b.type({I64, I32}, {I64});
    b.import_function("env", "ask", ask_t);
    b.import_function("env", "add", add_t);
    b.memory(1);
    // helper(x, y) = loop x&7 times: y = y * 31 + x; return y.
    b.function(
        helper_t, {I32},
        cat({local_get(0),      i32_const(7), Bytes{0x71},  local_set(2),      Bytes{0x02, 0x40},
             Bytes{0x03, 0x40}, local_get(2), Bytes{0x45},  br_if(1),          local_get(1),
             i64_const(31),     Bytes{0x7E},  local_get(0), Bytes{0xAC, 0x7C}, local_set(1),
             local_get(2),      i32_const(1), Bytes{0x6B},  local_set(2),      br(0),
             Bytes{0x0B},       Bytes{0x0B},  local_get(1)}));
    Generator g(seed);
    const uint32_t run =
        b.function(run_t, {I32, I32, I32, I64, I64, I64, I32, I32, I32}, g.program());
    b.export_function("run", run);
    return b.build();
}

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
        const RwasmModule m = compile_ok(wasm, Resolver{});
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
