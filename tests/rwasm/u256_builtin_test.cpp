// SPDX-License-Identifier: Apache-2.0
// The 256-bit builtins (rwasm/u256_builtins.hpp, docs/rwasm-format.md §U256) against
// Boost.Multiprecision, an independent implementation, on edge and seeded random operands, in
// both interpreter loops; reached by a direct call (lowered to the op), through call_indirect and
// as an export (the import's wrapper body). Also: aliasing operands, out-of-bounds addresses
// trap, pages are committed and charged like any access, the fuel charged is the table's,
// import names and signatures are checked at compile time, and the op survives the encoder,
// decoder, verifier and disassembler.
#include "core/freestanding/u256.hpp"
#include "rwasm/u256_builtins.hpp"
#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <array>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

namespace mp = boost::multiprecision;
using Ref = mp::uint256_t;     // wraps modulo 2^256, like an EVM word
using Ref512 = mp::uint512_t;  // exact sums and products of two words
using SRef = mp::int512_t;     // every signed 256-bit value and its negation

Ref to_ref(const U256& x)
{
    Ref r;
    mp::import_bits(r, std::begin(x.words), std::end(x.words), 64, false);
    return r;
}

template <typename Big>
U256 from_ref(const Big& value)
{
    const Big low = value & Big(Ref(~Ref(0)));
    uint64_t chunks[8] = {};
    mp::export_bits(low, chunks, 64, false);
    return U256::from_words(chunks[0], chunks[1], chunks[2], chunks[3]);
}

SRef to_signed(const U256& x)
{
    const SRef v(to_ref(x));
    return x.is_negative() ? v - (SRef(1) << 256) : v;
}

U256 from_signed(const SRef& v)
{
    const SRef two256 = SRef(1) << 256;
    SRef m = v % two256;
    if (m < 0)
        m += two256;
    return from_ref(Ref(m));
}

/// The EVM's definition of each op (Yellow Paper Appendix H.2), on Boost integers.
U256 reference(Opcode op, const U256& a, const U256& b, const U256& m)
{
    switch (op) {
    case Opcode::kU256Mul:
        return from_ref(to_ref(a) * to_ref(b));
    case Opcode::kU256Div:
        return b.is_zero() ? U256{} : from_ref(to_ref(a) / to_ref(b));
    case Opcode::kU256Mod:
        return b.is_zero() ? U256{} : from_ref(to_ref(a) % to_ref(b));
    case Opcode::kU256SDiv:
        return b.is_zero() ? U256{} : from_signed(to_signed(a) / to_signed(b));
    case Opcode::kU256SMod:
        return b.is_zero() ? U256{} : from_signed(to_signed(a) % to_signed(b));
    case Opcode::kU256AddMod:
        return m.is_zero() ? U256{} : from_ref((Ref512(to_ref(a)) + to_ref(b)) % to_ref(m));
    case Opcode::kU256MulMod:
        return m.is_zero() ? U256{} : from_ref((Ref512(to_ref(a)) * to_ref(b)) % to_ref(m));
    default:
        FAIL("not a builtin");
        return U256{};
    }
}

std::string hex(const U256& x)
{
    char buf[70];
    std::snprintf(
        buf, sizeof(buf), "%016llx%016llx%016llx%016llx",
        static_cast<unsigned long long>(x.words[3]), static_cast<unsigned long long>(x.words[2]),
        static_cast<unsigned long long>(x.words[1]), static_cast<unsigned long long>(x.words[0]));
    return buf;
}

/// Edge operands: 0, 1, 2, word boundaries, 2^255 (the most negative), 2^255 - 1, 2^256 - 1 (-1),
/// -2.
std::vector<U256> edges()
{
    const uint64_t f = ~uint64_t{0};
    return {U256{},
            U256{1},
            U256{2},
            U256{f},
            U256::from_words(0, 1, 0, 0),
            U256::from_words(0, 0, 1, 0),
            U256::from_words(f, f, 0, 0),
            U256::from_words(0, 0, 0, 1),
            U256::from_words(0, 0, 0, uint64_t{1} << 63),
            U256::from_words(f, f, f, f >> 1),
            U256::max(),
            U256::from_words(f - 1, f, f, f),
            U256::from_words(0x1234'5678'9abc'def0, 0, 0, 0x8000'0000'0000'0001)};
}

/// A random operand with 1-4 significant words (divisions take different paths per size), at
/// times negative or with a short top word.
U256 random_word(std::mt19937_64& rng)
{
    U256 x;
    const unsigned words = 1 + static_cast<unsigned>(rng() % 4);
    for (unsigned i = 0; i < words; ++i)
        x.words[i] = rng();
    if (rng() % 4 == 0)
        x.words[words - 1] >>= rng() % 64;
    if (rng() % 8 == 0)
        x = U256{} - x;
    return x;
}

constexpr uint32_t kR = 0, kA = 32, kB = 64, kM = 96;  // operand addresses in page 0

/// A module that imports every builtin and exports, per builtin `name`: `name` (a function that
/// calls the import: the lowered op), `name_indirect` (call_indirect through a table holding the
/// import: its wrapper body), and `name_export` (the import itself, exported).
Bytes builtin_module()
{
    ModuleBuilder b;
    const uint32_t t3 = b.type({I32, I32, I32}, {});
    const uint32_t t4 = b.type({I32, I32, I32, I32}, {});
    std::vector<uint32_t> imports;
    for (const U256Builtin& bi : kU256Builtins)
        imports.push_back(b.import_function(std::string(kU256ImportModule), std::string(bi.name),
                                            bi.params == 3 ? t3 : t4));
    for (size_t i = 0; i < kU256Builtins.size(); ++i) {
        const U256Builtin& bi = kU256Builtins[i];
        Bytes args;
        for (uint32_t p = 0; p < bi.params; ++p) {
            const Bytes g = local_get(p);
            args.insert(args.end(), g.begin(), g.end());
        }
        const uint32_t type = bi.params == 3 ? t3 : t4;
        const std::string name(bi.name);
        b.export_function(name, b.function(type, {}, cat({args, call(imports[i])})));
        // call_indirect type, table 0; the table holds the imports at 0..6.
        b.export_function(name + "_indirect",
                          b.function(type, {},
                                     cat({args, i32_const(static_cast<int32_t>(i)),
                                          Bytes{0x11, static_cast<uint8_t>(type), 0x00}})));
        b.export_function(name + "_export", imports[i]);
    }
    b.table(imports);
    b.memory(2);
    return b.build();
}

/// Runs builtin `bi` through export `suffix` on (a, b, m) with the result written at `r`.
struct Runner {
    const RwasmModule& m;
    NoHost host;
    Vm vm;

    Runner(const RwasmModule& module, Engine engine) : m(module), vm(module)
    {
        vm.set_engine(engine);
        REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    }

    void put(uint32_t at, const U256& x)
    {
        const auto span = vm.guest_memory(at, 32);
        REQUIRE(span.has_value());
        std::memcpy(span->data(), x.words, 32);
    }
    U256 get(uint32_t at)
    {
        const auto span = vm.guest_memory(at, 32);
        REQUIRE(span.has_value());
        U256 x;
        std::memcpy(x.words, span->data(), 32);
        return x;
    }
    RunResult call(const U256Builtin& bi,
                   const std::string& suffix,
                   uint32_t r,
                   uint32_t a,
                   uint32_t b,
                   uint32_t mod)
    {
        std::vector<uint64_t> args{r, a, b};
        if (bi.params == 4)
            args.push_back(mod);
        return vm.invoke(export_index(m, std::string(bi.name) + suffix), args, host);
    }
};

void check_all(const RwasmModule& module,
               Engine engine,
               const std::vector<U256>& a_values,
               const std::vector<U256>& b_values,
               const std::vector<U256>& m_values)
{
    Runner run(module, engine);
    size_t mismatches = 0;
    for (const U256Builtin& bi : kU256Builtins) {
        for (size_t i = 0; i < a_values.size(); ++i) {
            const U256& a = a_values[i];
            const U256& b = b_values[i];
            const U256& m = m_values[i];
            const U256 want = reference(bi.op, a, b, m);
            const char* suffix = i % 3 == 0 ? "" : i % 3 == 1 ? "_indirect" : "_export";
            run.put(kA, a);
            run.put(kB, b);
            run.put(kM, m);
            run.put(kR, U256{7});
            REQUIRE(run.call(bi, suffix, kR, kA, kB, kM).status == RunStatus::kFinished);
            const U256 got = run.get(kR);
            if (got != want && ++mismatches <= 5)
                FAIL_CHECK(bi.name << suffix << "(" << hex(a) << ", " << hex(b) << ", " << hex(m)
                                   << ") = " << hex(got) << ", want " << hex(want));
            // The operands are read before the result is written: r may be an operand.
            run.put(kA, a);
            REQUIRE(run.call(bi, "", kA, kA, kB, kM).status == RunStatus::kFinished);
            CHECK(run.get(kA) == want);
            CHECK(run.get(kB) == b);  // and nothing else is written
        }
    }
    CHECK(mismatches == 0);
}

RwasmModule compiled(bool metered = true)
{
    CompileOptions options;
    options.meter_fuel = metered;
    return compile_ok(builtin_module(), NoImports{}, options);
}

}  // namespace

TEST_CASE("u256 builtins: edge operands match Boost in both loops", "[rwasm][u256]")
{
    const RwasmModule m = compiled();
    const std::vector<U256> e = edges();
    std::vector<U256> as, bs, ms;
    for (const U256& a : e)
        for (const U256& b : e) {
            as.push_back(a);
            bs.push_back(b);
            ms.push_back(e[(as.size() * 7) % e.size()]);  // every modulus, 0 included
        }
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        INFO("engine " << (engine == Engine::kFast ? "fast" : "canonical"));
        check_all(m, engine, as, bs, ms);
    }
}

TEST_CASE("u256 builtins: random operands match Boost in both loops", "[rwasm][u256]")
{
    const RwasmModule m = compiled();
    std::mt19937_64 rng(0x0256'b117);
    std::vector<U256> as, bs, ms;
    for (int i = 0; i < 1500; ++i) {
        as.push_back(random_word(rng));
        bs.push_back(random_word(rng));
        ms.push_back(random_word(rng));
    }
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        INFO("engine " << (engine == Engine::kFast ? "fast" : "canonical"));
        check_all(m, engine, as, bs, ms);
    }
}

TEST_CASE("u256 builtins: division and modulus by zero give zero (Yellow Paper H.2)",
          "[rwasm][u256]")
{
    const RwasmModule m = compiled();
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        Runner run(m, engine);
        for (const U256Builtin& bi : kU256Builtins) {
            if (bi.op == Opcode::kU256Mul)
                continue;
            run.put(kA, U256::max());
            run.put(kB, bi.params == 3 ? U256{} : U256{5});
            run.put(kM, U256{});
            run.put(kR, U256{9});
            REQUIRE(run.call(bi, "", kR, kA, kB, kM).status == RunStatus::kFinished);
            CHECK(run.get(kR) == U256{});
        }
        // SDIV's one overflow: -2^255 / -1 = -2^255.
        const U256 min = U256::from_words(0, 0, 0, uint64_t{1} << 63);
        run.put(kA, min);
        run.put(kB, U256::max());
        REQUIRE(run.call(kU256Builtins[3], "", kR, kA, kB, 0).status == RunStatus::kFinished);
        CHECK(run.get(kR) == min);
    }
}

TEST_CASE("u256 builtins: an operand past memory traps, nothing is written", "[rwasm][u256]")
{
    const RwasmModule m = compiled();
    const uint32_t last = 2 * 65536 - 32;  // the last whole word of the two-page memory
    for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
        for (const U256Builtin& bi : kU256Builtins) {
            for (unsigned which = 0; which < bi.params; ++which) {
                for (const char* suffix : {"", "_indirect", "_export"}) {
                    Runner run(m, engine);
                    run.put(kA, U256{3});
                    run.put(kB, U256{5});
                    run.put(kM, U256{11});
                    run.put(kR, U256{1});
                    run.put(last, U256{2});
                    std::array<uint32_t, 4> at{kR, kA, kB, kM};
                    // In bounds at the very end of memory...
                    at[which] = last;
                    REQUIRE(run.call(bi, suffix, at[0], at[1], at[2], at[3]).status ==
                            RunStatus::kFinished);
                    // ... and one byte further, or at an address that wraps in 32 bits, traps.
                    for (const uint32_t bad : {last + 1, 0xFFFF'FFF0u}) {
                        Runner again(m, engine);
                        again.put(kR, U256{1});
                        at[which] = bad;
                        const RunResult r = again.call(bi, suffix, at[0], at[1], at[2], at[3]);
                        CHECK(r.status == RunStatus::kTrapped);
                        CHECK(r.trap == TrapCode::kMemoryOutOfBounds);
                        if (which != 0)
                            CHECK(again.get(kR) == U256{1});
                    }
                }
            }
        }
    }
}

TEST_CASE("u256 builtins: fuel is the table's, pages are committed and charged like an access",
          "[rwasm][u256]")
{
    const RwasmModule m = compiled();
    for (const U256Builtin& bi : kU256Builtins) {
        std::vector<uint64_t> fuel;
        for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
            Runner run(m, engine);
            run.put(kA, U256::max());
            run.put(kB, U256::max());
            run.put(kM, U256{3});
            const uint64_t before = run.vm.fuel_used();
            REQUIRE(run.call(bi, "", kR, kA, kB, kM).status == RunStatus::kFinished);
            // The function's one block: n local.gets and the op (Enter and Return cost 0).
            CHECK(run.vm.fuel_used() - before == bi.params * fuel::kSimple + info(bi.op).fuel);
            // A result in the uncommitted second page: the commit's page charge comes on top.
            const uint64_t before_far = run.vm.fuel_used();
            const RunResult r = run.call(bi, "", 70'000, kA, kB, kM);
            REQUIRE(r.status == RunStatus::kFinished);
            const uint64_t far = run.vm.fuel_used() - before_far;
            CHECK(far > bi.params * fuel::kSimple + info(bi.op).fuel);
            fuel.push_back(far);
            CHECK(run.vm.memory().size() >= 70'000 + 32);
        }
        CHECK(fuel[0] == fuel[1]);
        // Out of fuel: the limit below the block's cost traps before the op runs.
        for (const Engine engine : {Engine::kCanonical, Engine::kFast}) {
            Runner run(m, engine);
            run.put(kA, U256{6});
            run.put(kB, U256{7});
            run.put(kM, U256{5});
            run.put(kR, U256{1});
            run.vm.set_fuel_limit(bi.params * fuel::kSimple + info(bi.op).fuel - 1);
            const RunResult r = run.call(bi, "", kR, kA, kB, kM);
            CHECK(r.status == RunStatus::kTrapped);
            CHECK(r.trap == TrapCode::kOutOfFuel);
            run.vm.set_fuel_limit(std::nullopt);
            CHECK(run.get(kR) == U256{1});
        }
    }
}

TEST_CASE("u256 builtins: a direct call is the op; the wrapper body verifies, encodes, decodes",
          "[rwasm][u256]")
{
    for (const bool metered : {true, false}) {
        const RwasmModule m = compiled(metered);
        size_t ops = 0;
        for (const Instr& in : m.code)
            for (const U256Builtin& bi : kU256Builtins)
                ops += in.op == bi.op ? 1 : 0;
        // Seven calling functions and seven wrapper bodies; no host import.
        CHECK(ops == 2 * kU256Builtins.size());
        CHECK(m.host_imports.empty());
        for (const Instr& in : m.code)
            CHECK(in.op != Opcode::kCallHost);
        REQUIRE(verify_module(m, /*allow_unmetered=*/!metered).has_value());
        const auto decoded = load_module(encode_module(m), /*allow_unmetered=*/!metered);
        REQUIRE(decoded.has_value());
        CHECK(*decoded == m);
        const std::string text = disassemble(m);
        CHECK(text.find("U256MulMod") != std::string::npos);
        CHECK(text.find("U256SDiv") != std::string::npos);
    }
    // A module without memory cannot hold the op (the verifier's memory rule).
    RwasmModule m = compiled();
    m.has_memory = false;
    CHECK_FALSE(verify_module(m).has_value());
}

TEST_CASE("u256 builtins: unknown names and wrong signatures are compile errors", "[rwasm][u256]")
{
    const auto compile = [](const std::string& name, std::vector<uint8_t> params,
                            std::vector<uint8_t> results) {
        ModuleBuilder b;
        const uint32_t t = b.type(std::move(params), std::move(results));
        b.import_function(std::string(kU256ImportModule), name, t);
        b.memory(1);
        auto parsed = parse_module(b.build());
        REQUIRE(parsed.has_value());
        REQUIRE(validate_module(*parsed).has_value());
        return compile_module(*parsed, NoImports{});
    };
    CHECK(compile("mul", {I32, I32, I32}, {}).has_value());
    CHECK(compile("mulmod", {I32, I32, I32, I32}, {}).has_value());
    CHECK(compile("exp", {I32, I32, I32}, {}).error() == CompileError::kUnknownImport);
    CHECK(compile("MUL", {I32, I32, I32}, {}).error() == CompileError::kUnknownImport);
    CHECK(compile("mul", {I32, I32}, {}).error() == CompileError::kImportSignature);
    CHECK(compile("mul", {I32, I32, I32, I32}, {}).error() == CompileError::kImportSignature);
    CHECK(compile("mul", {I32, I32, I64}, {}).error() == CompileError::kImportSignature);
    CHECK(compile("mul", {I32, I32, I32}, {I32}).error() == CompileError::kImportSignature);
    CHECK(compile("addmod", {I32, I32, I32}, {}).error() == CompileError::kImportSignature);
}
