// SPDX-License-Identifier: Apache-2.0
// libFuzzer target over the whole pipeline. Input starting with the Wasm magic: parse → validate
// → compile → encode → load (decode + verify) → instantiate → run every export with a fuel
// limit. Input starting with 'G' seeds the random program generator
// (tests/rwasm/random_program.hpp: valid modules with control flow, memory, host calls and the
// 256-bit builtins) and takes the same path. Any other input is taken as a stored rWasm module:
// load → instantiate → run. The properties: nothing crashes, a compiled module always verifies,
// decode(encode(m)) == m, every run ends (fuel-bounded) with a result, a trap or a suspension, and
// the fast loop and the canonical loop agree on every run (status, trap, results, fuel used, final
// memory).
#include "rwasm/compile.hpp"
#include "rwasm/module.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"
#include "tests/rwasm/random_program.hpp"

#include <cstdlib>
#include <vector>

using namespace blend;
using namespace blend::rwasm;

namespace {

constexpr uint64_t kFuelPerExport = 200'000;

/// Every function import resolves (to id = its position), with the signature it declares.
class AnyImport final : public ImportResolver {
public:
    explicit AnyImport(const WasmModule& m) : m_(m) {}
    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        uint32_t id = 0;
        for (const Import& im : m_.imports) {
            if (im.kind == ExternKind::kFunction && im.module == module && im.name == name)
                return ResolvedFunction{id, m_.types[im.type_index]};
            ++id;
        }
        return std::nullopt;
    }

private:
    const WasmModule& m_;
};

/// Host functions return zeros; every third call suspends (and is resumed with zeros).
class ZeroHost final : public HostHandler {
public:
    HostStatus call(Vm&, uint32_t, std::span<const uint64_t>, std::span<uint64_t> results) override
    {
        for (uint64_t& r : results)
            r = 0;
        return ++calls_ % 3 == 0 ? HostStatus::kSuspend : HostStatus::kReturn;
    }

private:
    uint64_t calls_ = 0;
};

void check(bool ok)
{
    if (!ok)
        std::abort();
}

/// What one engine observably did with a module: per instantiation/export and resume, status,
/// trap, results and fuel used; then a hash of the final memory.
std::vector<uint64_t> run_module(const RwasmModule& m, Engine engine)
{
    std::vector<uint64_t> seen;
    const auto record = [&](const Vm& vm, const RunResult& r) {
        seen.push_back(static_cast<uint64_t>(r.status));
        seen.push_back(static_cast<uint64_t>(r.trap));
        seen.push_back(vm.fuel_used());
        if (r.status == RunStatus::kFinished)
            seen.insert(seen.end(), vm.results().begin(), vm.results().end());
    };
    ZeroHost host;
    Vm vm(m);
    vm.set_engine(engine);
    vm.set_fuel_limit(kFuelPerExport);
    RunResult r = vm.instantiate(host);
    record(vm, r);
    if (r.status != RunStatus::kFinished)
        return seen;  // trapped, or a suspended entry segment: nothing more to run
    for (const RwasmExport& e : m.exports) {
        if (e.kind != ExternKind::kFunction)
            continue;
        const FuncType& t = m.types[m.functions[e.index].type];
        const std::vector<uint64_t> args(t.params.size(), 1);
        vm.set_fuel_limit(kFuelPerExport);
        r = vm.invoke(e.index, args, host);
        record(vm, r);
        for (int resumes = 0; r.status == RunStatus::kSuspended && resumes < 100; ++resumes) {
            // The suspended call's result count is what resume accepts; try 0..2 values.
            for (size_t n = 0; n <= 2; ++n) {
                const std::vector<uint64_t> zeros(n, 0);
                r = vm.resume(zeros, host);
                if (r.status != RunStatus::kTrapped || r.trap != TrapCode::kHostError ||
                    vm.suspended() == false)
                    break;
            }
            record(vm, r);
        }
    }
    uint64_t hash = 0xCBF29CE484222325ull;  // FNV-1a over the final memory
    for (const uint8_t b : vm.memory())
        hash = (hash ^ b) * 0x100000001B3ull;
    seen.push_back(hash);
    return seen;
}

void run_both(const RwasmModule& m)
{
    check(run_module(m, Engine::kFast) == run_module(m, Engine::kCanonical));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    BytesView input(data, size);
    Bytes generated;
    if (size >= 10 && data[0] == 'G') {
        uint64_t seed = 0;
        for (size_t i = 1; i < 9; ++i)
            seed = (seed << 8) | data[i];
        generated = test::random_module(seed, 1 + data[9] % 3);
        input = generated;
    }
    if (input.size() >= 4 && input[0] == 0 && input[1] == 'a' && input[2] == 's' &&
        input[3] == 'm') {
        auto parsed = parse_module(input);
        if (!parsed || !validate_module(*parsed))
            return 0;
        auto compiled = compile_module(*parsed, AnyImport(*parsed));
        if (!compiled)
            return 0;
        check(verify_module(*compiled).has_value());
        const Bytes encoded = encode_module(*compiled);
        auto loaded = load_module(encoded);
        check(loaded.has_value());
        check(*loaded == *compiled);
        run_both(*loaded);
        return 0;
    }
    auto loaded = load_module(input);
    if (loaded)
        run_both(*loaded);
    return 0;
}
