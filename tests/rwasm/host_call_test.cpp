// SPDX-License-Identifier: Apache-2.0
#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <memory>

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

constexpr uint32_t kAddId = 7;
constexpr uint32_t kAskId = 9;

/// env.add(i64, i64) -> i64 and env.ask(i32) -> i32.
class Resolver final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        if (module != "env")
            return std::nullopt;
        if (name == "add")
            return ResolvedFunction{kAddId, {{ValType::kI64, ValType::kI64}, {ValType::kI64}}};
        if (name == "ask")
            return ResolvedFunction{kAskId, {{ValType::kI32}, {ValType::kI32}}};
        return std::nullopt;
    }
};

/// `add` returns at once; `ask` suspends the VM (the answer comes through resume).
class Host final : public HostHandler {
public:
    uint32_t last_question = 0;
    uint32_t suspensions = 0;
    HostStatus call(Vm&,
                    uint32_t id,
                    std::span<const uint64_t> params,
                    std::span<uint64_t> results) override
    {
        if (id == kAddId) {
            results[0] = params[0] + params[1];
            return HostStatus::kReturn;
        }
        if (id == kAskId) {
            last_question = static_cast<uint32_t>(params[0]);
            ++suspensions;
            return HostStatus::kSuspend;
        }
        return HostStatus::kTrap;
    }
};

/// f(x) = add(x, 1000) * 2; g(x) = ask(x) + ask(x + 1) * 10 (two suspensions).
Bytes host_module(const std::string& add_name = "add", std::vector<uint8_t> add_params = {I64, I64})
{
    ModuleBuilder b;
    const uint32_t add_t = b.type(std::move(add_params), {I64});
    const uint32_t ask_t = b.type({I32}, {I32});
    const uint32_t f_t = b.type({I64}, {I64});
    const uint32_t add = b.import_function("env", add_name, add_t);
    const uint32_t ask = b.import_function("env", "ask", ask_t);
    b.export_function(
        "f",
        b.function(f_t, {}, cat({local_get(0), i64_const(1000), call(add), i64_const(2), {0x7E}})));
    b.export_function("g", b.function(ask_t, {},
                                      cat({local_get(0),
                                           call(ask),
                                           local_get(0),
                                           i32_const(1),
                                           {0x6A},
                                           call(ask),
                                           i32_const(10),
                                           {0x6C},
                                           {0x6A}})));
    return b.build();
}

}  // namespace

TEST_CASE("host: imports resolve by name to ids at compile time", "[rwasm][host]")
{
    const RwasmModule m = compile_ok(host_module(), Resolver{});
    REQUIRE(m.host_imports.size() == 2);
    CHECK(m.host_imports[0].host_id == kAddId);
    CHECK(m.host_imports[1].host_id == kAskId);

    auto parsed = parse_module(host_module("sub"));
    REQUIRE(parsed.has_value());
    auto unknown = compile_module(*parsed, Resolver{});
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error() == CompileError::kUnknownImport);

    auto wrong = parse_module(host_module("add", {I64, I32}));
    REQUIRE(wrong.has_value());
    auto mismatch = compile_module(*wrong, Resolver{});
    REQUIRE_FALSE(mismatch.has_value());
    CHECK(mismatch.error() == CompileError::kImportSignature);
}

TEST_CASE("host: a call returns results", "[rwasm][host]")
{
    const RwasmModule m = compile_ok(host_module(), Resolver{});
    Vm vm(m);
    Host host;
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const std::vector<uint64_t> args{5};
    const RunResult r = vm.invoke(export_index(m, "f"), args, host);
    REQUIRE(r.status == RunStatus::kFinished);
    CHECK(vm.results()[0] == 2010);
}

TEST_CASE("host: suspend and resume", "[rwasm][host][suspend]")
{
    const RwasmModule m = compile_ok(host_module(), Resolver{});
    Vm vm(m);
    Host host;
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const std::vector<uint64_t> args{40};
    RunResult r = vm.invoke(export_index(m, "g"), args, host);
    REQUIRE(r.status == RunStatus::kSuspended);
    CHECK(vm.suspended());
    CHECK(host.last_question == 40);
    // Resuming with the wrong number of results is refused and changes nothing.
    CHECK(vm.resume({}, host).status == RunStatus::kTrapped);
    const std::vector<uint64_t> first{3};
    r = vm.resume(first, host);
    REQUIRE(r.status == RunStatus::kSuspended);
    CHECK(host.last_question == 41);
    const std::vector<uint64_t> second{4};
    r = vm.resume(second, host);
    REQUIRE(r.status == RunStatus::kFinished);
    CHECK(vm.results()[0] == 3 + 4 * 10);
}

TEST_CASE("host: a thousand suspended instances resume independently", "[rwasm][host][suspend]")
{
    const RwasmModule m = compile_ok(host_module(), Resolver{});
    Host host;
    constexpr uint32_t kInstances = 1000;
    std::vector<std::unique_ptr<Vm>> vms;
    for (uint32_t i = 0; i < kInstances; ++i) {
        vms.push_back(std::make_unique<Vm>(m));
        REQUIRE(vms.back()->instantiate(host).status == RunStatus::kFinished);
        const std::vector<uint64_t> args{i};
        REQUIRE(vms.back()->invoke(export_index(m, "g"), args, host).status ==
                RunStatus::kSuspended);
    }
    CHECK(host.suspensions == kInstances);
    // Resume in reverse order, each with answers derived from its index.
    for (uint32_t i = kInstances; i-- > 0;) {
        const std::vector<uint64_t> a{i * 3};
        REQUIRE(vms[i]->resume(a, host).status == RunStatus::kSuspended);
    }
    for (uint32_t i = 0; i < kInstances; ++i) {
        const std::vector<uint64_t> b{i + 1};
        REQUIRE(vms[i]->resume(b, host).status == RunStatus::kFinished);
        CHECK(vms[i]->results()[0] == i * 3 + (i + 1) * 10);
    }
}

TEST_CASE("host: a host call may re-enter the same VM", "[rwasm][host]")
{
    // env.add is served by calling back into the VM's own export "twice" (x -> 2x), nested
    // inside f's activation; f's frame must survive: f(x) = add(x, 1000) * 2.
    class ReenteringHost final : public HostHandler {
    public:
        uint32_t twice = 0;
        uint32_t depth = 0;
        HostStatus call(Vm& vm,
                        uint32_t id,
                        std::span<const uint64_t> params,
                        std::span<uint64_t> results) override
        {
            if (id != kAddId)
                return HostStatus::kTrap;
            ++depth;
            const std::vector<uint64_t> args{params[0] + params[1]};
            const RunResult r = vm.invoke(twice, args, *this);
            if (r.status != RunStatus::kFinished)
                return HostStatus::kTrap;
            results[0] = vm.results()[0];
            return HostStatus::kReturn;
        }
    };
    ModuleBuilder b;
    const uint32_t add_t = b.type({I64, I64}, {I64});
    const uint32_t f_t = b.type({I64}, {I64});
    const uint32_t add = b.import_function("env", "add", add_t);
    b.export_function(
        "f",
        b.function(f_t, {}, cat({local_get(0), i64_const(1000), call(add), i64_const(2), {0x7E}})));
    b.export_function("twice", b.function(f_t, {}, cat({local_get(0), local_get(0), {0x7C}})));
    const RwasmModule m = compile_ok(b.build(), Resolver{});
    Vm vm(m);
    ReenteringHost host;
    host.twice = export_index(m, "twice");
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const std::vector<uint64_t> args{5};
    REQUIRE(vm.invoke(export_index(m, "f"), args, host).status == RunStatus::kFinished);
    CHECK(vm.results()[0] == (5 + 1000) * 2 * 2);
    CHECK(host.depth == 1);
}

TEST_CASE("host: host functions charge fuel through the VM", "[rwasm][host][fuel]")
{
    // env.add charges 500 fuel per call; f calls it once.
    class ChargingHost final : public HostHandler {
    public:
        HostStatus call(Vm& vm,
                        uint32_t,
                        std::span<const uint64_t> params,
                        std::span<uint64_t> results) override
        {
            if (!vm.charge_fuel(500))
                return HostStatus::kTrap;
            results[0] = params[0] + params[1];
            return HostStatus::kReturn;
        }
    };
    const RwasmModule m = compile_ok(host_module(), Resolver{});
    ChargingHost host;
    const std::vector<uint64_t> args{1};
    uint64_t unlimited_used = 0;
    {
        Vm vm(m);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        vm.set_fuel_limit(std::nullopt);
        REQUIRE(vm.invoke(export_index(m, "f"), args, host).status == RunStatus::kFinished);
        unlimited_used = vm.fuel_used();
        CHECK(unlimited_used > 500);
    }
    {
        Vm vm(m);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        vm.set_fuel_limit(unlimited_used);
        CHECK(vm.invoke(export_index(m, "f"), args, host).status == RunStatus::kFinished);
        CHECK(vm.fuel_used() == unlimited_used);
    }
    {
        Vm vm(m);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        vm.set_fuel_limit(unlimited_used - 1);
        const RunResult r = vm.invoke(export_index(m, "f"), args, host);
        CHECK(r.status == RunStatus::kTrapped);
        CHECK(r.trap == TrapCode::kOutOfFuel);
    }
}
