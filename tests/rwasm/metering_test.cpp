// SPDX-License-Identifier: Apache-2.0
// The verifier proves metering (docs/rwasm-format.md §2): hand-made modules that skip or
// understate fuel are refused with a named error, every compiled module verifies, and unmetered
// modules (system runtimes, docs/abi.md §5) load only when the caller allows them and then run
// without instruction or dynamic fuel while a host's charge_fuel still counts.
#include "rwasm/fast_code.hpp"
#include "rwasm/module.hpp"
#include "tests/rwasm/random_program.hpp"
#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

Instr instr(Opcode op, uint32_t a = 0, uint64_t b = 0)
{
    Instr in;
    in.op = op;
    in.a = a;
    in.b = b;
    return in;
}

Instr enter(uint32_t params, uint32_t locals, uint32_t max_height)
{
    return instr(Opcode::kEnter, params, (uint64_t{locals} << 32) | max_height);
}

Instr branch(Opcode op, int32_t offset)
{
    return instr(op, static_cast<uint32_t>(offset), 0);
}

/// A hand-made module: an empty entry segment at pc 0, then one exported function `f`
/// (i32) -> () whose code (from its Enter on) is `body`.
RwasmModule hand_made(std::vector<Instr> body)
{
    RwasmModule m;
    m.types.push_back({{ValType::kI32}, {}});
    m.types.push_back({{}, {}});
    m.code = {enter(0, 0, 0), instr(Opcode::kReturn, 0)};
    m.functions.push_back({0, false, static_cast<uint32_t>(m.code.size())});
    m.code.insert(m.code.end(), body.begin(), body.end());
    m.exports.push_back({"f", ExternKind::kFunction, 0});
    return m;
}

/// A counting loop `while (x != 0) {}` written by hand, with the fuel its blocks need. The
/// leader of the loop body is pc 1 of the function (its ConsumeFuel, 1 + 8 = 9 fuel).
std::vector<Instr> spin_body(int32_t back_edge = -2, uint32_t loop_fuel = 9)
{
    return {
        enter(1, 0, 2),
        instr(Opcode::kConsumeFuel, loop_fuel),  // leader: pays LocalGet (1) + BrIfNez (8)
        instr(Opcode::kLocalGet, 0),
        branch(Opcode::kBrIfNez, back_edge),  // back to the ConsumeFuel
        instr(Opcode::kConsumeFuel, 0),       // the fall-through block: Return costs 0
        instr(Opcode::kReturn, 0),
    };
}

}  // namespace

// Block costs below are computed by hand from the fuel column of docs/rwasm-format.md §6.
TEST_CASE("metering: a hand-made module that pays its blocks verifies and runs out of fuel",
          "[rwasm][verify][fuel]")
{
    const RwasmModule m = hand_made(spin_body());
    REQUIRE(verify_module(m).has_value());
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        NoHost host;
        Vm vm(m);
        vm.set_engine(engine);
        vm.set_fuel_limit(1'000);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        const uint64_t zero[] = {0};
        RunResult r = vm.invoke(0, zero, host);
        CHECK(r.status == RunStatus::kFinished);
        CHECK(vm.fuel_used() == 9);  // one pass of the loop block, then the free Return
        vm.set_fuel_limit(1'000);
        const uint64_t one[] = {1};
        r = vm.invoke(0, one, host);  // spins: 9 fuel per iteration until the limit
        CHECK(r.status == RunStatus::kTrapped);
        CHECK(r.trap == TrapCode::kOutOfFuel);
    }
}

TEST_CASE("metering: crafted modules that skip fuel are refused by name", "[rwasm][verify][fuel]")
{
    SECTION("a loop whose block has no ConsumeFuel (Br to itself)")
    {
        const RwasmModule m = hand_made({enter(1, 0, 1), branch(Opcode::kBr, 0)});
        CHECK(verify_module(m).error() == DecodeError::kMissingFuel);
    }
    SECTION("a loop that pays nothing per iteration (ConsumeFuel 0)")
    {
        const RwasmModule m =
            hand_made({enter(1, 0, 1), instr(Opcode::kConsumeFuel, 0), branch(Opcode::kBr, -1)});
        CHECK(verify_module(m).error() == DecodeError::kFuelTooLow);
    }
    SECTION("an understated ConsumeFuel (one below the block's 9)")
    {
        CHECK(verify_module(hand_made(spin_body(-2, 8))).error() == DecodeError::kFuelTooLow);
        CHECK(verify_module(hand_made(spin_body(-2, 9))).has_value());
    }
    SECTION("a branch into the middle of a block (past its ConsumeFuel)")
    {
        CHECK(verify_module(hand_made(spin_body(-1))).error() == DecodeError::kMissingFuel);
    }
    SECTION("a function entry without ConsumeFuel")
    {
        const RwasmModule m = hand_made({enter(1, 0, 2), instr(Opcode::kConst, 0, 7),
                                         instr(Opcode::kDrop), instr(Opcode::kReturn, 0)});
        CHECK(verify_module(m).error() == DecodeError::kMissingFuel);
    }
    SECTION("the fall-through of a conditional branch without ConsumeFuel")
    {
        const RwasmModule m =
            hand_made({enter(1, 0, 2), instr(Opcode::kConsumeFuel, 9), instr(Opcode::kLocalGet, 0),
                       branch(Opcode::kBrIfNez, -2), instr(Opcode::kConst, 0, 7),
                       instr(Opcode::kDrop), instr(Opcode::kReturn, 0)});
        CHECK(verify_module(m).error() == DecodeError::kMissingFuel);
    }
    SECTION("zeroing 1000 locals paid by nobody")
    {
        const RwasmModule m = hand_made(
            {enter(1, 1000, 1001), instr(Opcode::kConsumeFuel, 999), instr(Opcode::kReturn, 0)});
        CHECK(verify_module(m).error() == DecodeError::kFuelTooLow);
        RwasmModule paid = m;
        paid.code[paid.code.size() - 2].a = 1000;
        CHECK(verify_module(paid).has_value());
    }
    SECTION("a block costs its calls: LocalGet 1 + Call 45 + Return 0")
    {
        RwasmModule m =
            hand_made({enter(1, 0, 2), instr(Opcode::kConsumeFuel, 45), instr(Opcode::kLocalGet, 0),
                       instr(Opcode::kCall, 0), instr(Opcode::kReturn, 0)});
        m.code[m.code.size() - 2].a = m.functions[0].target;  // calls itself
        CHECK(verify_module(m).error() == DecodeError::kFuelTooLow);
        m.code[m.code.size() - 4].a = 46;
        CHECK(verify_module(m).has_value());
    }
    SECTION("a loaded module is verified the same way")
    {
        const Bytes bytes = encode_module(
            hand_made({enter(1, 0, 1), instr(Opcode::kConsumeFuel, 7), branch(Opcode::kBr, -1)}));
        CHECK(load_module(bytes).error() == DecodeError::kFuelTooLow);
    }
}

TEST_CASE("metering: every compiled ConsumeFuel is exactly what the verifier recomputes",
          "[rwasm][verify][fuel]")
{
    // Lowering one amount by one makes the verifier refuse: the compiler's amounts and the
    // verifier's recomputation agree block by block (a lax verifier, e.g. one that forgot a
    // branch's cost, would accept some of these).
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        const RwasmModule m = compile_ok(random_module(seed, 2), RandomProgramResolver{});
        REQUIRE(verify_module(m).has_value());
        const auto heights = verify_module_heights(m);
        REQUIRE(heights.has_value());
        uint32_t lowered = 0;
        for (size_t pc = 0; pc < m.code.size(); ++pc) {
            if (m.code[pc].op != Opcode::kConsumeFuel || m.code[pc].a == 0 ||
                (*heights)[pc] == kUnreachablePc)
                continue;
            RwasmModule low = m;
            --low.code[pc].a;
            INFO("seed " << seed << " pc " << pc);
            CHECK(verify_module(low).error() == DecodeError::kFuelTooLow);
            ++lowered;
        }
        CHECK(lowered > 0);
    }
}

TEST_CASE("metering: compiled modules verify (random programs, several functions)",
          "[rwasm][verify][fuel]")
{
    for (uint64_t seed = 1; seed <= 300; ++seed) {
        const RwasmModule m =
            compile_ok(random_module(seed, 1 + seed % 4), RandomProgramResolver{});
        INFO("seed " << seed);
        CHECK(verify_module(m).has_value());
        auto loaded = load_module(encode_module(m));
        REQUIRE(loaded.has_value());
        CHECK(*loaded == m);
    }
}

namespace {

/// A memory.grow loop and a host import that charges fuel itself (`_charge_fuel`'s shape).
Bytes unmetered_program()
{
    ModuleBuilder b;
    const uint32_t charge_t = b.type({I64}, {});
    const uint32_t run_t = b.type({I32}, {I32});
    b.import_function("env", "charge", charge_t);
    b.memory(1);
    // run(n): n times { memory.grow(1); charge(100) }; return memory.size
    b.export_function(
        "run", b.function(run_t, {},
                          cat({Bytes{0x02, 0x40, 0x03, 0x40}, local_get(0), Bytes{0x45}, br_if(1),
                               i32_const(1), Bytes{0x40, 0x00, 0x1A}, i64_const(100), call(0),
                               local_get(0), i32_const(1), Bytes{0x6B}, local_set(0), br(0),
                               Bytes{0x0B, 0x0B}, Bytes{0x3F, 0x00}})));
    return b.build();
}

class ChargeResolver final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        if (module == "env" && name == "charge")
            return ResolvedFunction{7, FuncType{{ValType::kI64}, {}}};
        return std::nullopt;
    }
};

class ChargingHost final : public HostHandler {
public:
    HostStatus call(Vm& vm,
                    uint32_t id,
                    std::span<const uint64_t> params,
                    std::span<uint64_t>) override
    {
        REQUIRE(id == 7);
        return vm.charge_fuel(params[0]) ? HostStatus::kReturn : HostStatus::kTrap;
    }
};

}  // namespace

TEST_CASE("unmetered: the header flag, the verifier's consent and a run without fuel",
          "[rwasm][verify][fuel][unmetered]")
{
    CompileOptions off;
    off.meter_fuel = false;
    const RwasmModule m = compile_ok(unmetered_program(), ChargeResolver{}, off);
    const RwasmModule metered = compile_ok(unmetered_program(), ChargeResolver{});
    CHECK_FALSE(m.metered);
    CHECK(metered.metered);
    for (const Instr& in : m.code)
        CHECK(in.op != Opcode::kConsumeFuel);

    // The flag is in the header (byte 3), round-trips, and is refused unless allowed.
    const Bytes bytes = encode_module(m);
    REQUIRE(bytes.size() > 4);
    CHECK(bytes[2] == kFormatVersion);
    CHECK(bytes[3] == kFlagUnmetered);
    CHECK(encode_module(metered)[3] == 0);
    CHECK(load_module(bytes).error() == DecodeError::kUnmetered);
    CHECK(verify_module(m).error() == DecodeError::kUnmetered);
    auto loaded = load_module(bytes, /*allow_unmetered=*/true);
    REQUIRE(loaded.has_value());
    CHECK(*loaded == m);
    CHECK(load_module(encode_module(metered), /*allow_unmetered=*/true).has_value());

    // Unknown flag bits, and ConsumeFuel inside a module that says it is unmetered.
    Bytes bad_flags = bytes;
    bad_flags[3] = 0x02;
    CHECK(decode_module(bad_flags).error() == DecodeError::kBadFlags);
    RwasmModule stripped = metered;  // a metered body under the unmetered flag
    stripped.metered = false;
    CHECK(verify_module(stripped, true).error() == DecodeError::kFuelInUnmetered);

    // Run: 3 memory.grow(1) and 3 host charges of 100. Unmetered, only the host's 300 count
    // (no instruction fuel, no kFuelPerGrow); metered, grows and blocks are charged on top (the
    // grown pages are never touched, so no page is committed or charged).
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        ChargingHost host;
        Vm vm(*loaded);
        vm.set_engine(engine);
        vm.set_fuel_limit(1'000);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
        CHECK(vm.fuel_used() == 0);
        const uint64_t three[] = {3};
        RunResult r = vm.invoke(export_index(m, "run"), three, host);
        REQUIRE(r.status == RunStatus::kFinished);
        CHECK(vm.results()[0] == 4);
        CHECK(vm.fuel_used() == 300);
        // The host's charge still bounds the run: 250 fuel cannot pay the third charge.
        vm.set_fuel_limit(250);
        r = vm.invoke(export_index(m, "run"), three, host);
        CHECK(r.status == RunStatus::kTrapped);
        CHECK(r.trap == TrapCode::kOutOfFuel);
        CHECK(vm.fuel_used() == 250);

        Vm vm_metered(metered);
        vm_metered.set_engine(engine);
        REQUIRE(vm_metered.instantiate(host).status == RunStatus::kFinished);
        r = vm_metered.invoke(export_index(metered, "run"), three, host);
        REQUIRE(r.status == RunStatus::kFinished);
        CHECK(vm_metered.fuel_used() > 300 + 3 * kFuelPerGrow);
    }
}
