// SPDX-License-Identifier: Apache-2.0
// blend-wasm-spec DIR: runs the WebAssembly spec suite as converted by wast2json (one folder
// per .wast holding <name>.json and its modules) through parse → validate → compile →
// encode → load (decode + verify) → instantiate → invoke, and prints
//   wasm-spec: passed P of T (S skipped)
// Every command counts. Text-format modules (assert_malformed/invalid in .wat form) cannot be
// run by a binary engine and are skipped; so are the entries of the --exclude list.
// --engine fast (default) | canonical selects the interpreter loop; --engine both runs the suite
// in each and compares every instantiation and action (status, trap, results, fuel used).
#include "rwasm/compile.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/module.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace blend;
using namespace blend::rwasm;

namespace {

struct Instance {
    RwasmModule module;
    std::unique_ptr<Vm> vm;
};

/// Host ids: 0..6 are the spectest print functions; from kForwardBase on, functions exported by
/// a registered instance (the call is forwarded to that instance's VM).
constexpr uint32_t kForwardBase = 1000;

struct Forward {
    Instance* instance = nullptr;
    uint32_t function = 0;
};

std::optional<const RwasmExport*> find_export(const Instance& inst,
                                              const std::string& name,
                                              ExternKind kind)
{
    for (const RwasmExport& e : inst.module.exports)
        if (e.name == name && e.kind == kind)
            return &e;
    return std::nullopt;
}

class SpecHost final : public HostHandler, public ImportResolver {
public:
    std::map<std::string, Instance*> registered;
    std::vector<Forward> forwards;

    HostStatus call(Vm&,
                    uint32_t host_id,
                    std::span<const uint64_t> params,
                    std::span<uint64_t> results) override
    {
        if (host_id < kForwardBase)
            return HostStatus::kReturn;  // spectest print*: no results
        const Forward& f = forwards[host_id - kForwardBase];
        const RunResult r = f.instance->vm->invoke(f.function, params, *this);
        if (r.status != RunStatus::kFinished) {
            last_trap = r.trap;
            return HostStatus::kTrap;
        }
        const auto out = f.instance->vm->results();
        std::copy(out.begin(), out.end(), results.begin());
        return HostStatus::kReturn;
    }

    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        using V = ValType;
        if (module == "spectest") {
            static const std::map<std::string_view, FuncType> kPrints = {
                {"print", {}},
                {"print_i32", {{V::kI32}, {}}},
                {"print_i64", {{V::kI64}, {}}},
                {"print_f32", {{V::kF32}, {}}},
                {"print_f64", {{V::kF64}, {}}},
                {"print_i32_f32", {{V::kI32, V::kF32}, {}}},
                {"print_f64_f64", {{V::kF64, V::kF64}, {}}},
            };
            const auto it = kPrints.find(name);
            if (it == kPrints.end())
                return std::nullopt;
            return ResolvedFunction{static_cast<uint32_t>(std::distance(kPrints.begin(), it)),
                                    it->second};
        }
        const auto reg = registered.find(std::string(module));
        if (reg == registered.end())
            return std::nullopt;
        const auto ex = find_export(*reg->second, std::string(name), ExternKind::kFunction);
        if (!ex)
            return std::nullopt;
        const RwasmModule& m = reg->second->module;
        auto& self = const_cast<SpecHost&>(*this);
        self.forwards.push_back({reg->second, (*ex)->index});
        return ResolvedFunction{kForwardBase + static_cast<uint32_t>(forwards.size() - 1),
                                m.types[m.functions[(*ex)->index].type]};
    }

    std::optional<GlobalType> global(std::string_view module, std::string_view name) const override
    {
        if (module == "spectest") {
            const auto it = spectest_globals.find(std::string(name));
            if (it == spectest_globals.end())
                return std::nullopt;
            return GlobalType{it->second.first, false};
        }
        const auto reg = registered.find(std::string(module));
        if (reg == registered.end())
            return std::nullopt;
        const auto ex = find_export(*reg->second, std::string(name), ExternKind::kGlobal);
        if (!ex)
            return std::nullopt;
        const RwasmGlobal& g = reg->second->module.globals[(*ex)->index];
        return GlobalType{g.type, g.mutable_};
    }

    std::optional<Limits> memory(std::string_view module, std::string_view name) const override
    {
        if (module == "spectest")
            return name == "memory" ? std::optional<Limits>(Limits{1, 2}) : std::nullopt;
        const auto reg = registered.find(std::string(module));
        if (reg == registered.end())
            return std::nullopt;
        if (!find_export(*reg->second, std::string(name), ExternKind::kMemory))
            return std::nullopt;
        Limits l = reg->second->module.memory;
        l.min = static_cast<uint32_t>(reg->second->vm->memory_size() / kPageSize);
        return l;
    }

    std::optional<TableType> table(std::string_view module, std::string_view name) const override
    {
        if (module == "spectest")
            return name == "table"
                       ? std::optional<TableType>(TableType{ValType::kFuncRef, {10, 20}})
                       : std::nullopt;
        const auto reg = registered.find(std::string(module));
        if (reg == registered.end())
            return std::nullopt;
        const auto ex = find_export(*reg->second, std::string(name), ExternKind::kTable);
        if (!ex)
            return std::nullopt;
        TableType t = reg->second->module.tables[(*ex)->index];
        t.limits.min = static_cast<uint32_t>(reg->second->vm->table((*ex)->index).size());
        return t;
    }

    HostStatus call_foreign(Vm&,
                            uint64_t ref,
                            const FuncType& type,
                            std::span<const uint64_t> params,
                            std::span<uint64_t> results,
                            TrapCode& trap) override
    {
        const auto it = by_id.find(static_cast<uint32_t>(ref >> 32));
        if (it == by_id.end()) {
            trap = TrapCode::kIndirectCallToNull;
            return HostStatus::kTrap;
        }
        Instance& callee = *it->second;
        const uint32_t index = static_cast<uint32_t>(ref & 0xFFFFFFFF) - 1;
        if (callee.module.types[callee.module.functions[index].type] != type) {
            trap = TrapCode::kBadSignature;
            return HostStatus::kTrap;
        }
        const RunResult r = callee.vm->invoke(index, params, *this);
        if (r.status != RunStatus::kFinished) {
            trap = r.trap;
            return HostStatus::kTrap;
        }
        const auto out = callee.vm->results();
        std::copy(out.begin(), out.end(), results.begin());
        return HostStatus::kReturn;
    }

    /// The objects an instance of `wasm` imports, looked up like the resolver did.
    std::optional<ExternImports> externs(const WasmModule& wasm)
    {
        ExternImports out;
        for (const Import& im : wasm.imports) {
            if (im.kind == ExternKind::kFunction)
                continue;
            if (im.module == "spectest") {
                if (im.kind == ExternKind::kMemory)
                    out.memory = spectest_memory;
                else if (im.kind == ExternKind::kTable)
                    out.tables.push_back(spectest_table);
                else
                    out.globals.push_back(spectest_globals.at(im.name).second);
                continue;
            }
            const auto reg = registered.find(im.module);
            if (reg == registered.end())
                return std::nullopt;
            const auto ex = find_export(*reg->second, im.name, im.kind);
            if (!ex)
                return std::nullopt;
            const Vm& vm = *reg->second->vm;
            if (im.kind == ExternKind::kMemory)
                out.memory = vm.memory_object();
            else if (im.kind == ExternKind::kTable)
                out.tables.push_back(vm.table_object((*ex)->index));
            else
                out.globals.push_back(vm.global_cell((*ex)->index));
        }
        return out;
    }

    SpecHost()
    {
        // The spectest module (WebAssembly/spec interpreter/host/spectest.ml): memory 1..2
        // pages, a funcref table 10..20, globals 666 / 666.6.
        spectest_memory = Memory::create(1, 2);
        spectest_table = std::make_shared<Table>();
        spectest_table->elements.assign(10, kNullRef);
        spectest_table->max = 20;
        spectest_globals["global_i32"] = {ValType::kI32, std::make_shared<uint64_t>(666)};
        spectest_globals["global_i64"] = {ValType::kI64, std::make_shared<uint64_t>(666)};
        spectest_globals["global_f32"] = {
            ValType::kF32, std::make_shared<uint64_t>(std::bit_cast<uint32_t>(666.6f))};
        spectest_globals["global_f64"] = {
            ValType::kF64, std::make_shared<uint64_t>(std::bit_cast<uint64_t>(666.6))};
    }

    TrapCode last_trap = TrapCode::kNone;
    std::map<uint32_t, Instance*> by_id;
    std::shared_ptr<Memory> spectest_memory;
    std::shared_ptr<Table> spectest_table;
    std::map<std::string, std::pair<ValType, std::shared_ptr<uint64_t>>> spectest_globals;
};

enum class Outcome { kPass, kFail, kSkip };

struct Stats {
    uint64_t passed = 0;
    uint64_t total = 0;
    uint64_t skipped = 0;
};

uint64_t parse_value(const json& v)
{
    const std::string type = v.at("type");
    if (!v.contains("value"))
        return 0;
    const std::string text = v.at("value");
    if (text == "null")
        return kNullRef;
    const uint64_t n = std::stoull(text);
    if (type == "externref")
        return n + 1;  // host references are value + 1 so that 0 stays null
    return n;
}

bool value_matches(const json& expected, uint64_t got)
{
    const std::string type = expected.at("type");
    if (type == "funcref" && !expected.contains("value"))
        return got != kNullRef;
    const std::string text = expected.contains("value") ? std::string(expected.at("value")) : "";
    if (text == "nan:canonical" || text == "nan:arithmetic") {
        if (type == "f32") {
            const auto bits = static_cast<uint32_t>(got);
            if ((bits & 0x7F800000u) != 0x7F800000u || (bits & 0x007FFFFFu) == 0)
                return false;
            return text == "nan:canonical" ? (bits & 0x7FFFFFFFu) == 0x7FC00000u
                                           : (bits & 0x00400000u) != 0;
        }
        const uint64_t exp = 0x7FF0000000000000ull;
        if ((got & exp) != exp || (got & 0x000FFFFFFFFFFFFFull) == 0)
            return false;
        return text == "nan:canonical" ? (got & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull
                                       : (got & 0x0008000000000000ull) != 0;
    }
    uint64_t want = parse_value(expected);
    if (type == "i32" || type == "f32") {
        want &= 0xFFFFFFFFu;
        got &= 0xFFFFFFFFu;
    }
    return want == got;
}

/// The trap codes a spec failure message stands for (every message of the suite is mapped;
/// an unknown one matches nothing, so it fails loudly).
std::vector<TrapCode> traps_for(const std::string& text)
{
    auto starts = [&](const char* p) { return text.rfind(p, 0) == 0; };
    if (starts("out of bounds memory access"))
        return {TrapCode::kMemoryOutOfBounds};
    if (starts("out of bounds table access") || starts("undefined element"))
        return {TrapCode::kTableOutOfBounds};
    if (starts("uninitialized element"))
        return {TrapCode::kIndirectCallToNull};
    if (starts("indirect call type mismatch"))
        return {TrapCode::kBadSignature};
    if (starts("integer divide by zero"))
        return {TrapCode::kIntegerDivisionByZero};
    if (starts("integer overflow"))
        return {TrapCode::kIntegerOverflow};
    if (starts("invalid conversion to integer"))
        return {TrapCode::kBadConversionToInteger};
    if (starts("unreachable"))
        return {TrapCode::kUnreachable};
    if (starts("call stack exhausted"))
        return {TrapCode::kStackOverflow};
    return {};
}

class Runner {
public:
    Runner(fs::path dir, bool verbose, Engine engine)
        : dir_(std::move(dir)), verbose_(verbose), engine_(engine)
    {}

    Stats stats;
    /// One line per instantiation and action: "file:line status trap results fuel".
    std::vector<std::string> log;
    std::set<std::string> excluded_files;
    std::set<std::string> excluded_commands;  // "file:line"

    void run_file(const std::string& name)
    {
        const fs::path json_path = dir_ / name / (name + ".json");
        std::ifstream in(json_path);
        if (!in) {
            std::fprintf(stderr, "wasm-spec: cannot read %s\n", json_path.c_str());
            ++stats.total;
            return;
        }
        const json doc = json::parse(in);
        host_ = std::make_unique<SpecHost>();
        alive_.clear();
        named_.clear();
        current_ = nullptr;
        file_ = name;
        uint64_t file_passed = 0, file_total = 0;
        for (const json& cmd : doc.at("commands")) {
            ++stats.total;
            ++file_total;
            const std::string key = name + ":" + std::to_string(cmd.value("line", 0));
            key_ = key;
            Outcome o = Outcome::kSkip;
            if (excluded_files.count(name) == 0 && excluded_commands.count(key) == 0) {
                try {
                    o = run_command(name, cmd);
                } catch (const std::exception& e) {
                    o = Outcome::kFail;
                    note(cmd, std::string("runner exception: ") + e.what());
                }
            }
            if (o == Outcome::kPass) {
                ++stats.passed;
                ++file_passed;
            } else if (o == Outcome::kSkip) {
                ++stats.skipped;
            }
        }
        if (verbose_)
            std::printf("%-28s %llu/%llu\n", name.c_str(),
                        static_cast<unsigned long long>(file_passed),
                        static_cast<unsigned long long>(file_total));
    }

private:
    void note(const json& cmd, const std::string& what)
    {
        if (verbose_)
            std::printf("  FAIL %s:%d %s: %s\n", file_.c_str(), cmd.value("line", 0),
                        std::string(cmd.value("type", "")).c_str(), what.c_str());
    }

    std::optional<Bytes> read_module(const std::string& filename)
    {
        std::ifstream in(dir_ / file_ / filename, std::ios::binary);
        if (!in)
            return std::nullopt;
        return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }

    enum class Stage { kMalformedOrInvalid, kUnlinkable, kUninstantiable, kInternal, kOk };

    /// The whole pipeline; `out` is set on success (and on an instantiation trap).
    Stage load(const std::string& filename, std::unique_ptr<Instance>& out, std::string& why)
    {
        const auto bytes = read_module(filename);
        if (!bytes) {
            why = "missing module file";
            return Stage::kInternal;
        }
        auto parsed = parse_module(*bytes);
        if (!parsed) {
            why = to_string(parsed.error());
            return Stage::kMalformedOrInvalid;
        }
        if (auto valid = validate_module(*parsed); !valid) {
            why = to_string(valid.error());
            return Stage::kMalformedOrInvalid;
        }
        auto compiled = compile_module(*parsed, *host_);
        if (!compiled) {
            why = to_string(compiled.error());
            const CompileError e = compiled.error();
            return e == CompileError::kUnknownImport || e == CompileError::kImportSignature
                       ? Stage::kUnlinkable
                       : Stage::kInternal;
        }
        // Round trip through the stored form: what runs is what a node would load from state.
        const Bytes encoded = encode_module(*compiled);
        auto loaded = load_module(encoded);
        if (!loaded) {
            why = std::string("load_module: ") + to_string(loaded.error());
            return Stage::kInternal;
        }
        if (!(*loaded == *compiled)) {
            why = "decode(encode(m)) != m";
            return Stage::kInternal;
        }
        const auto externs = host_->externs(*parsed);
        if (!externs) {
            why = "imports vanished between compile and instantiate";
            return Stage::kInternal;
        }
        auto inst = std::make_unique<Instance>();
        inst->module = std::move(*loaded);
        inst->vm = std::make_unique<Vm>(inst->module, next_id_);
        inst->vm->set_engine(engine_);
        host_->by_id[next_id_++] = inst.get();
        const RunResult r = inst->vm->instantiate(*host_, *externs);
        record(r, *inst->vm, {});
        // Kept alive even when instantiation traps: its functions may already sit in a
        // shared table (spec §4.5.4: segments written before the trap stay written).
        alive_.push_back(std::move(inst));
        out = nullptr;
        last_loaded_ = alive_.back().get();
        last_instantiation_trap_ = r.trap;
        if (r.status != RunStatus::kFinished) {
            why = to_string(r.trap);
            return Stage::kUninstantiable;
        }
        return Stage::kOk;
    }

    Instance* target(const json& action)
    {
        if (action.contains("module")) {
            const auto it = named_.find(action.at("module"));
            return it == named_.end() ? nullptr : it->second;
        }
        return current_;
    }

    /// Runs an action; returns the run result and fills `results`.
    RunResult perform(const json& action, std::vector<uint64_t>& results, std::string& why)
    {
        Instance* inst = target(action);
        if (inst == nullptr) {
            why = "no module";
            return {RunStatus::kTrapped, TrapCode::kHostError};
        }
        const std::string field = action.at("field");
        if (action.at("type") == "get") {
            const auto ex = find_export(*inst, field, ExternKind::kGlobal);
            if (!ex) {
                why = "no such global export";
                return {RunStatus::kTrapped, TrapCode::kHostError};
            }
            results = {inst->vm->global((*ex)->index)};
            return {};
        }
        const auto ex = find_export(*inst, field, ExternKind::kFunction);
        if (!ex) {
            why = "no such function export";
            return {RunStatus::kTrapped, TrapCode::kHostError};
        }
        std::vector<uint64_t> args;
        for (const json& a : action.at("args"))
            args.push_back(parse_value(a));
        host_->last_trap = TrapCode::kNone;
        RunResult r = inst->vm->invoke((*ex)->index, args, *host_);
        if (r.status == RunStatus::kTrapped && r.trap == TrapCode::kHostError &&
            host_->last_trap != TrapCode::kNone)
            r.trap = host_->last_trap;  // a trap inside a forwarded cross-instance call
        if (r.status == RunStatus::kFinished) {
            const auto out = inst->vm->results();
            results.assign(out.begin(), out.end());
        } else {
            why = to_string(r.trap);
        }
        record(r, *inst->vm, results);
        return r;
    }

    void record(const RunResult& r, const Vm& vm, const std::vector<uint64_t>& results)
    {
        std::string line =
            key_ + " " + std::to_string(static_cast<int>(r.status)) + " " + to_string(r.trap);
        for (const uint64_t v : results)
            line += " " + std::to_string(v);
        line += " fuel=" + std::to_string(vm.fuel_used());
        log.push_back(std::move(line));
    }

    void adopt(const json& cmd)
    {
        current_ = last_loaded_;
        if (cmd.contains("name"))
            named_[cmd.at("name")] = current_;
    }

    Outcome run_command(const std::string&, const json& cmd)
    {
        const std::string type = cmd.at("type");
        std::string why;
        if (type == "module") {
            std::unique_ptr<Instance> inst;
            const Stage s = load(cmd.at("filename"), inst, why);
            if (s != Stage::kOk) {
                note(cmd, why);
                current_ = nullptr;
                return Outcome::kFail;
            }
            adopt(cmd);
            return Outcome::kPass;
        }
        if (type == "register") {
            Instance* inst = current_;
            if (cmd.contains("name")) {
                const auto it = named_.find(cmd.at("name"));
                inst = it == named_.end() ? nullptr : it->second;
            }
            if (inst == nullptr) {
                note(cmd, "nothing to register");
                return Outcome::kFail;
            }
            host_->registered[cmd.at("as")] = inst;
            return Outcome::kPass;
        }
        if (type == "assert_malformed" || type == "assert_invalid") {
            if (cmd.value("module_type", "binary") == "text")
                return Outcome::kSkip;
            std::unique_ptr<Instance> inst;
            const Stage s = load(cmd.at("filename"), inst, why);
            if (s == Stage::kMalformedOrInvalid)
                return Outcome::kPass;
            note(cmd,
                 "accepted a module the spec rejects (" + std::string(cmd.value("text", "")) + ")");
            return Outcome::kFail;
        }
        if (type == "assert_unlinkable") {
            std::unique_ptr<Instance> inst;
            const Stage s = load(cmd.at("filename"), inst, why);
            if (s == Stage::kUnlinkable)
                return Outcome::kPass;
            note(cmd, "expected unlinkable: " + why);
            return Outcome::kFail;
        }
        if (type == "assert_uninstantiable") {
            std::unique_ptr<Instance> inst;
            const Stage s = load(cmd.at("filename"), inst, why);
            const std::vector<TrapCode> allowed = traps_for(cmd.value("text", ""));
            if (s == Stage::kUninstantiable && std::find(allowed.begin(), allowed.end(),
                                                         last_instantiation_trap_) != allowed.end())
                return Outcome::kPass;
            note(cmd, "expected an instantiation trap (" + std::string(cmd.value("text", "")) +
                          "): " + why);
            return Outcome::kFail;
        }
        if (type == "action") {
            std::vector<uint64_t> results;
            const RunResult r = perform(cmd.at("action"), results, why);
            if (r.status == RunStatus::kFinished)
                return Outcome::kPass;
            note(cmd, why);
            return Outcome::kFail;
        }
        if (type == "assert_return") {
            std::vector<uint64_t> results;
            const RunResult r = perform(cmd.at("action"), results, why);
            if (r.status != RunStatus::kFinished) {
                note(cmd, "trapped: " + why);
                return Outcome::kFail;
            }
            const json& expected = cmd.at("expected");
            if (expected.size() != results.size()) {
                note(cmd, "wrong result count");
                return Outcome::kFail;
            }
            for (size_t i = 0; i < results.size(); ++i) {
                if (!value_matches(expected[i], results[i])) {
                    note(cmd, "result " + std::to_string(i) + " = " + std::to_string(results[i]) +
                                  ", expected " + expected[i].dump());
                    return Outcome::kFail;
                }
            }
            return Outcome::kPass;
        }
        if (type == "assert_trap" || type == "assert_exhaustion") {
            std::vector<uint64_t> results;
            const RunResult r = perform(cmd.at("action"), results, why);
            if (r.status != RunStatus::kTrapped) {
                note(cmd, "did not trap");
                return Outcome::kFail;
            }
            const std::vector<TrapCode> allowed = type == "assert_exhaustion"
                                                      ? std::vector{TrapCode::kStackOverflow}
                                                      : traps_for(cmd.value("text", ""));
            if (std::find(allowed.begin(), allowed.end(), r.trap) == allowed.end()) {
                note(cmd, std::string("wrong trap: ") + to_string(r.trap) + ", expected " +
                              std::string(cmd.value("text", "")));
                return Outcome::kFail;
            }
            return Outcome::kPass;
        }
        note(cmd, "unknown command type");
        return Outcome::kFail;
    }

    fs::path dir_;
    bool verbose_;
    Engine engine_;
    std::string key_;
    std::string file_;
    std::unique_ptr<SpecHost> host_;
    std::vector<std::unique_ptr<Instance>> alive_;
    Instance* last_loaded_ = nullptr;
    TrapCode last_instantiation_trap_ = TrapCode::kNone;
    uint32_t next_id_ = 1;
    std::map<std::string, Instance*> named_;
    Instance* current_ = nullptr;
};

void read_exclusions(const std::string& path, Runner& runner)
{
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "wasm-spec: cannot read exclusion list %s\n", path.c_str());
        std::exit(2);
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string entry, reason;
        fields >> entry;
        std::getline(fields, reason);
        if (reason.find_first_not_of(" \t") == std::string::npos) {
            std::fprintf(stderr, "wasm-spec: exclusion '%s' has no reason\n", entry.c_str());
            std::exit(2);
        }
        if (entry.find(':') == std::string::npos)
            runner.excluded_files.insert(entry);
        else
            runner.excluded_commands.insert(entry);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    std::string dir, exclude, only;
    long long min_passed = -1;
    bool verbose = false;
    std::string engine = "fast";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--exclude" && i + 1 < argc)
            exclude = argv[++i];
        else if (arg == "--min-passed" && i + 1 < argc)
            min_passed = std::stoll(argv[++i]);
        else if (arg == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (arg == "--engine" && i + 1 < argc)
            engine = argv[++i];
        else if (arg == "-v" || arg == "--verbose")
            verbose = true;
        else
            dir = arg;
    }
    if (dir.empty() || (engine != "fast" && engine != "canonical" && engine != "both")) {
        std::fprintf(stderr,
                     "usage: blend-wasm-spec DIR [--exclude FILE] [--min-passed N] [--only NAME] "
                     "[--engine fast|canonical|both] [-v]\n");
        return 2;
    }
    if (!fs::is_directory(dir)) {
        std::fprintf(stderr,
                     "wasm-spec: conformance data absent: %s is not a directory (set "
                     "BLEND_CONFORMANCE_DIR)\n",
                     dir.c_str());
        return 1;
    }
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_directory() && (only.empty() || entry.path().filename() == only))
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    const auto run_suite = [&](Engine e) {
        Runner runner(dir, verbose, e);
        if (!exclude.empty())
            read_exclusions(exclude, runner);
        for (const std::string& name : names)
            runner.run_file(name);
        const Stats& s = runner.stats;
        std::printf("wasm-spec: passed %llu of %llu (%llu skipped)\n",
                    static_cast<unsigned long long>(s.passed),
                    static_cast<unsigned long long>(s.total),
                    static_cast<unsigned long long>(s.skipped));
        if (min_passed >= 0 && static_cast<long long>(s.passed) < min_passed) {
            std::fprintf(stderr, "wasm-spec: %llu passed is below the recorded floor %lld\n",
                         static_cast<unsigned long long>(s.passed), min_passed);
            std::exit(1);
        }
        return std::move(runner.log);
    };
    if (engine != "both") {
        run_suite(engine == "fast" ? Engine::kFast : Engine::kCanonical);
        return 0;
    }
    const std::vector<std::string> fast = run_suite(Engine::kFast);
    const std::vector<std::string> canonical = run_suite(Engine::kCanonical);
    size_t mismatches = fast.size() == canonical.size() ? 0 : 1;
    for (size_t i = 0; i < std::min(fast.size(), canonical.size()); ++i) {
        if (fast[i] == canonical[i])
            continue;
        if (++mismatches <= 20)
            std::fprintf(stderr, "  fast:      %s\n  canonical: %s\n", fast[i].c_str(),
                         canonical[i].c_str());
    }
    std::printf(
        "wasm-spec engines: %zu runs compared (fast vs canonical: status, trap, results, "
        "fuel), %zu mismatches\n",
        fast.size(), mismatches);
    return mismatches == 0 ? 0 : 1;
}
