// SPDX-License-Identifier: Apache-2.0
// Linear memory is charged by its committed high-water mark (rwasm/vm.hpp Memory): the first
// touch of a page, by a load, a store, a bulk op, the entry segment's data copy or the host,
// commits every page below it and pays kFuelPerCommittedPage each below kPoolRetainedPages and
// kFuelPerPage above. Expected fuel comes from those constants and the page arithmetic, never
// from a previous run's output; instruction fuel cancels out by differences between runs.
#include "test_support.hpp"
#include "wasm_builder.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <optional>

namespace blend::rwasm::test {
namespace {

constexpr std::array<Engine, 2> kEngines = {Engine::kCanonical, Engine::kFast};

/// Fuel to commit pages [from, to) by the rule in vm.hpp, written out independently of
/// Memory::commit_fuel: page p costs kFuelPerCommittedPage if p < kPoolRetainedPages.
uint64_t commit_cost(uint64_t from, uint64_t to)
{
    uint64_t fuel = 0;
    for (uint64_t p = from; p < to; ++p)
        fuel += p < kPoolRetainedPages ? kFuelPerCommittedPage : kFuelPerPage;
    return fuel;
}

Bytes store8_at_local0()
{
    return cat({local_get(0), i32_const(7), Bytes{0x3A, 0x00, 0x00}});  // i32.store8 0 0
}

/// A module with `pages` initial pages (max: kMaxMemoryPages) and the exports:
/// touch(k): store a byte at the start of each page 0..k-1; load(a) -> i32: load8_u at a;
/// store(a): store8 at a; size() -> memory.size; grow(d) -> memory.grow d;
/// fill(d, n): memory.fill(d, 0x55, n); copy(d, s, n): memory.copy.
/// `data_at`: an active data segment of 4 bytes at that address (the entry segment copies it).
RwasmModule memory_module(uint32_t pages, std::optional<uint32_t> data_at = std::nullopt)
{
    ModuleBuilder b;
    const uint32_t v_i = b.type({I32}, {});
    const uint32_t i_i = b.type({I32}, {I32});
    const uint32_t v_v = b.type({}, {I32});
    const uint32_t ii_v = b.type({I32, I32}, {});
    const uint32_t iii_v = b.type({I32, I32, I32}, {});
    b.memory(pages);
    // for (i = 0; i < k; ++i) store8(i * 65536, 1)
    b.export_function(
        "touch", b.function(v_i, {I32},
                            cat({Bytes{0x02, 0x40, 0x03, 0x40}, local_get(1), local_get(0),
                                 Bytes{0x4F}, br_if(1), local_get(1), i32_const(65536), Bytes{0x6C},
                                 i32_const(1), Bytes{0x3A, 0x00, 0x00}, local_get(1), i32_const(1),
                                 Bytes{0x6A}, local_set(1), br(0), Bytes{0x0B, 0x0B}})));
    b.export_function("load", b.function(i_i, {}, cat({local_get(0), Bytes{0x2D, 0x00, 0x00}})));
    b.export_function("store", b.function(v_i, {}, store8_at_local0()));
    b.export_function("size", b.function(v_v, {}, Bytes{0x3F, 0x00}));
    b.export_function("grow", b.function(i_i, {}, cat({local_get(0), Bytes{0x40, 0x00}})));
    b.export_function(
        "fill",
        b.function(ii_v, {},
                   cat({local_get(0), i32_const(0x55), local_get(1), Bytes{0xFC, 0x0B, 0x00}})));
    b.export_function(
        "copy",
        b.function(iii_v, {},
                   cat({local_get(0), local_get(1), local_get(2), Bytes{0xFC, 0x0A, 0x00, 0x00}})));
    Bytes wasm = b.build();
    if (data_at) {
        // Data section (Wasm core spec §5.5.14): one active segment for memory 0 at i32.const.
        Bytes s{0x01, 0x00};
        const Bytes offset = i32_const(static_cast<int32_t>(*data_at));
        s.insert(s.end(), offset.begin(), offset.end());
        s.insert(s.end(), {0x0B, 0x04, 0xDE, 0xAD, 0xBE, 0xEF});
        wasm.push_back(11);
        leb_u(wasm, s.size());
        wasm.insert(wasm.end(), s.begin(), s.end());
    }
    return compile_ok(wasm);
}

struct Run {
    RunResult result;
    uint64_t fuel = 0;
    uint64_t committed = 0;  ///< bytes
    uint64_t value = 0;      ///< the first result, if any
};

/// A fresh instance (from the pool), instantiated without a fuel limit; then `name(args)` with
/// `limit`.
Run run_fresh(const RwasmModule& m,
              Engine engine,
              const std::string& name,
              std::vector<uint64_t> args,
              std::optional<uint64_t> limit = std::nullopt)
{
    NoHost host;
    Vm vm(m);
    vm.set_engine(engine);
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    vm.set_fuel_limit(limit);
    Run r;
    r.result = vm.invoke(export_index(m, name), args, host);
    r.fuel = vm.fuel_used();
    r.committed = vm.memory().size();
    if (r.result.status == RunStatus::kFinished && !vm.results().empty())
        r.value = vm.results()[0];
    return r;
}

}  // namespace

TEST_CASE("memory commit: a hostile module pays per page it touches", "[rwasm][memory]")
{
    const RwasmModule m = memory_module(kMaxMemoryPages);
    for (const Engine engine : kEngines) {
        INFO((engine == Engine::kFast ? "fast" : "canonical"));
        // Each more page touched costs one loop iteration plus that page's commit: linear in the
        // pages, with the step set by where the page is.
        std::vector<uint64_t> fuel;
        for (uint64_t k = 0; k <= 20; ++k) {
            const Run r = run_fresh(m, engine, "touch", {k});
            REQUIRE(r.result.status == RunStatus::kFinished);
            CHECK(r.committed == k * kPageSize);
            fuel.push_back(r.fuel);
        }
        const uint64_t iteration = fuel[2] - fuel[1] - kFuelPerCommittedPage;
        CHECK(iteration < 100);  // a handful of instructions
        for (uint64_t k = 1; k < 20; ++k) {
            INFO("page " << k);
            CHECK(fuel[k + 1] - fuel[k] == iteration + commit_cost(k, k + 1));
        }
        CHECK(fuel[20] - fuel[0] == 20 * iteration + commit_cost(0, 20));

        // Touching all 1024 pages costs commit_cost(0, 1024) = 16 × 10,000 + 1008 × 120,000 fuel
        // (about 30 M gas) plus the loop; with fuel for 40 pages' commits and less than one
        // cheap page of slack (40 iterations cost far less), it stops out of fuel at page 40.
        const uint64_t limit = commit_cost(0, 40) + kFuelPerCommittedPage / 2;
        const Run capped = run_fresh(m, engine, "touch", {kMaxMemoryPages}, limit);
        CHECK(capped.result.status == RunStatus::kTrapped);
        CHECK(capped.result.trap == TrapCode::kOutOfFuel);
        CHECK(capped.fuel == limit);
        CHECK(capped.committed == 40 * kPageSize);
        const Run all = run_fresh(m, engine, "touch", {kMaxMemoryPages});
        REQUIRE(all.result.status == RunStatus::kFinished);
        CHECK(all.fuel == fuel[0] + kMaxMemoryPages * iteration + commit_cost(0, kMaxMemoryPages));
    }
}

TEST_CASE("memory commit: a module that touches only its first page pays for one",
          "[rwasm][memory]")
{
    for (const Engine engine : kEngines) {
        for (const uint32_t pages : {1u, 2u, 64u, kMaxMemoryPages}) {
            INFO(pages << " pages declared");
            NoHost host;
            const RwasmModule m = memory_module(pages);
            Vm vm(m);
            vm.set_engine(engine);
            REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
            CHECK(vm.memory().empty());  // nothing touched yet: nothing charged
            const uint64_t args[] = {100};
            vm.set_fuel_limit(std::nullopt);
            REQUIRE(vm.invoke(export_index(m, "store"), args, host).status == RunStatus::kFinished);
            const uint64_t first = vm.fuel_used();
            vm.set_fuel_limit(std::nullopt);
            REQUIRE(vm.invoke(export_index(m, "store"), args, host).status == RunStatus::kFinished);
            CHECK(first - vm.fuel_used() == kFuelPerCommittedPage);
            CHECK(vm.memory().size() == kPageSize);
        }
    }
}

TEST_CASE("memory commit: a load past the bound commits and charges like a store",
          "[rwasm][memory]")
{
    const RwasmModule m = memory_module(64);
    for (const Engine engine : kEngines) {
        // Page 5: pages 0..5 are committed by either access.
        const uint64_t address = 5 * kPageSize + 123;
        const Run load = run_fresh(m, engine, "load", {address});
        const Run store = run_fresh(m, engine, "store", {address});
        REQUIRE(load.result.status == RunStatus::kFinished);
        REQUIRE(store.result.status == RunStatus::kFinished);
        CHECK(load.value == 0);  // never written: zero
        CHECK(load.committed == 6 * kPageSize);
        CHECK(store.committed == 6 * kPageSize);
        // The same access on an instance where the page is already committed costs the
        // instructions only: the difference is the commit, the same for both.
        NoHost host;
        Vm vm(m);
        vm.set_engine(engine);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        const uint64_t args[] = {address};
        REQUIRE(vm.invoke(export_index(m, "store"), args, host).status == RunStatus::kFinished);
        vm.set_fuel_limit(std::nullopt);
        REQUIRE(vm.invoke(export_index(m, "load"), args, host).status == RunStatus::kFinished);
        const uint64_t load_warm = vm.fuel_used();
        vm.set_fuel_limit(std::nullopt);
        REQUIRE(vm.invoke(export_index(m, "store"), args, host).status == RunStatus::kFinished);
        const uint64_t store_warm = vm.fuel_used();
        CHECK(load.fuel - load_warm == commit_cost(0, 6));
        CHECK(store.fuel - store_warm == commit_cost(0, 6));
        // Out of fuel inside the commit: the access does not happen and nothing is committed.
        const Run short_load = run_fresh(m, engine, "load", {address}, load.fuel - 1);
        CHECK(short_load.result.trap == TrapCode::kOutOfFuel);
        CHECK(short_load.committed == 0);
        // Past the declared size it still traps, and commits nothing.
        const Run oob = run_fresh(m, engine, "load", {64 * kPageSize});
        CHECK(oob.result.trap == TrapCode::kMemoryOutOfBounds);
        CHECK(oob.committed == 0);
        const Run last = run_fresh(m, engine, "load", {64 * kPageSize - 1});
        CHECK(last.result.status == RunStatus::kFinished);
        CHECK(last.committed == 64 * kPageSize);
    }
}

TEST_CASE("memory commit: bulk ops and the data segments commit what they reach", "[rwasm][memory]")
{
    for (const Engine engine : kEngines) {
        const RwasmModule m = memory_module(32);
        const Run fill = run_fresh(m, engine, "fill", {3 * kPageSize - 10, 20});
        CHECK(fill.committed == 4 * kPageSize);
        // memory.copy commits up to the end of the higher range (source reads commit too).
        const Run copy = run_fresh(m, engine, "copy", {0, 7 * kPageSize, 1});
        CHECK(copy.committed == 8 * kPageSize);
        // A zero-length fill past the declared size still traps (spec §4.4.7.8).
        const Run bad = run_fresh(m, engine, "fill", {32 * kPageSize + 1, 0});
        CHECK(bad.result.trap == TrapCode::kMemoryOutOfBounds);

        // The entry segment's copy of a data segment at page 3 commits pages 0..3, charged
        // during instantiation.
        const RwasmModule with_data = memory_module(8, 3 * kPageSize + 8);
        const RwasmModule without = memory_module(8);
        NoHost host;
        Vm a(with_data), b(without);
        a.set_engine(engine);
        b.set_engine(engine);
        REQUIRE(a.instantiate(host).status == RunStatus::kFinished);
        REQUIRE(b.instantiate(host).status == RunStatus::kFinished);
        CHECK(a.memory().size() == 4 * kPageSize);
        CHECK(b.memory().empty());
        CHECK(a.fuel_used() >= b.fuel_used() + commit_cost(0, 4));
        CHECK(a.memory()[3 * kPageSize + 8] == 0xDE);
        // Instantiation with too little fuel for the commit fails out of fuel.
        Vm c(with_data);
        c.set_engine(engine);
        c.set_fuel_limit(commit_cost(0, 4) - 1);
        CHECK(c.instantiate(host).trap == TrapCode::kOutOfFuel);
    }
}

TEST_CASE("memory commit: memory.size reports the declared pages", "[rwasm][memory]")
{
    const RwasmModule m = memory_module(8);
    for (const Engine engine : kEngines) {
        NoHost host;
        Vm vm(m);
        vm.set_engine(engine);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        REQUIRE(vm.invoke(export_index(m, "size"), {}, host).status == RunStatus::kFinished);
        CHECK(vm.results()[0] == 8);
        const uint64_t page0[] = {0};
        REQUIRE(vm.invoke(export_index(m, "store"), page0, host).status == RunStatus::kFinished);
        REQUIRE(vm.invoke(export_index(m, "size"), {}, host).status == RunStatus::kFinished);
        CHECK(vm.results()[0] == 8);
        CHECK(vm.memory_size() == 8 * kPageSize);
        // Growing declares pages without committing (or charging) them.
        const uint64_t two[] = {2};
        vm.set_fuel_limit(std::nullopt);
        REQUIRE(vm.invoke(export_index(m, "grow"), two, host).status == RunStatus::kFinished);
        CHECK(vm.results()[0] == 8);
        CHECK(vm.fuel_used() < kFuelPerCommittedPage);
        REQUIRE(vm.invoke(export_index(m, "size"), {}, host).status == RunStatus::kFinished);
        CHECK(vm.results()[0] == 10);
        CHECK(vm.memory().size() == kPageSize);
        // The grown pages are reachable, and committing them charges them.
        const uint64_t page9[] = {9 * kPageSize};
        vm.set_fuel_limit(std::nullopt);
        REQUIRE(vm.invoke(export_index(m, "store"), page9, host).status == RunStatus::kFinished);
        CHECK(vm.fuel_used() >= commit_cost(1, 10));
        CHECK(vm.memory().size() == 10 * kPageSize);
    }
}

TEST_CASE("memory commit: same module, same input, same fuel; pooled memories come back zeroed",
          "[rwasm][memory]")
{
    const RwasmModule m = memory_module(kMaxMemoryPages);
    // 40 pages: past kPoolRetainedPages, so release both memsets and hands pages back.
    const Run reference = run_fresh(m, Engine::kCanonical, "touch", {40});
    for (int round = 0; round < 3; ++round) {
        for (const Engine engine : kEngines) {
            const Run r = run_fresh(m, engine, "touch", {40});
            CHECK(r.fuel == reference.fuel);
            CHECK(r.committed == reference.committed);
        }
    }
    // Memories go back to this thread's pool and are reused: every byte an earlier instance
    // wrote reads as zero in the next one (fill 0x55 over 40 pages, then load every 4 KiB).
    for (int round = 0; round < 3; ++round) {
        {
            const Run dirty = run_fresh(m, Engine::kFast, "fill", {0, 40 * kPageSize});
            REQUIRE(dirty.result.status == RunStatus::kFinished);
        }
        NoHost host;
        Vm vm(m);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        bool all_zero = true;
        for (uint64_t a = 0; a < 40 * kPageSize; a += 4096) {
            const uint64_t args[] = {a + 17};
            REQUIRE(vm.invoke(export_index(m, "load"), args, host).status == RunStatus::kFinished);
            all_zero = all_zero && vm.results()[0] == 0;
        }
        CHECK(all_zero);
    }
}

TEST_CASE("memory commit: the host commits what it reaches through guest_memory", "[rwasm][memory]")
{
    const RwasmModule m = memory_module(16);
    NoHost host;
    Vm vm(m);
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    vm.set_fuel_limit(commit_cost(0, 3));
    CHECK_FALSE(vm.guest_memory(16 * kPageSize, 1).has_value());  // past the declared size
    CHECK(vm.memory().empty());
    const auto empty = vm.guest_memory(5 * kPageSize, 0);  // nothing reached: nothing committed
    REQUIRE(empty.has_value());
    CHECK(vm.memory().empty());
    const auto span = vm.guest_memory(2 * kPageSize + 5, 10);
    REQUIRE(span.has_value());
    CHECK(span->size() == 10);
    CHECK(vm.memory().size() == 3 * kPageSize);
    CHECK(vm.fuel_used() == commit_cost(0, 3));
    CHECK_FALSE(vm.guest_memory(3 * kPageSize, 1).has_value());  // cannot pay: out of fuel
    CHECK(vm.fuel_remaining() == 0);
    CHECK(vm.memory().size() == 3 * kPageSize);
}

}  // namespace blend::rwasm::test
