// SPDX-License-Identifier: Apache-2.0
// `blend rwasm compile|validate|disasm|run`: the rWasm toolchain on the command line.
// Everything the library reports comes back as a Result; this file turns it into one message on
// stderr and an exit code (commands.hpp). Nothing here may crash on bad input.
#include "core/bytes.hpp"
#include "execution/abi_resolver.hpp"
#include "node/commands/commands.hpp"
#include "rwasm/compile.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/module.hpp"
#include "rwasm/null_host.hpp"
#include "rwasm/u256_builtins.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <bit>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blend::cli {
namespace {

using rwasm::ValType;

/// A failure already explained to the user; the command returns kExitBadInput.
struct Failure {};

template <typename... Args>
Failure fail(fmt::format_string<Args...> format, Args&&... args)
{
    fmt::print(stderr, "blend: error: {}\n", fmt::format(format, std::forward<Args>(args)...));
    return Failure{};
}

template <typename T>
using CliResult = Result<T, Failure>;

enum class InputKind : uint8_t { kWasm, kRwasm };

struct Input {
    InputKind kind = InputKind::kWasm;
    Bytes bytes;
};

/// Wasm binary magic (Wasm core spec §5.5.16: 00 61 73 6D).
bool has_wasm_magic(BytesView b)
{
    return b.size() >= 4 && b[0] == 0x00 && b[1] == 0x61 && b[2] == 0x73 && b[3] == 0x6D;
}

/// rWasm module magic EF 52 (docs/rwasm-format.md).
bool has_rwasm_magic(BytesView b)
{
    return b.size() >= 2 && b[0] == rwasm::kMagic0 && b[1] == rwasm::kMagic1;
}

/// Reads a file of at most `limit` bytes, refusing larger ones before reading them.
CliResult<Bytes> read_file(const std::string& path, uint64_t limit)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        return Unexpected{fail("{}: no such file", path)};
    if (!std::filesystem::is_regular_file(status))
        return Unexpected{fail("{}: not a regular file", path)};
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec)
        return Unexpected{fail("{}: cannot read: {}", path, ec.message())};
    if (size > limit)
        return Unexpected{fail("{}: {} bytes is larger than the {}-byte limit", path, size, limit)};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Unexpected{fail("{}: cannot open", path)};
    Bytes bytes(static_cast<size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (static_cast<uint64_t>(in.gcount()) != size)
        return Unexpected{fail("{}: read error", path)};
    return bytes;
}

/// Reads a Wasm binary or, when `accept_rwasm`, an encoded rWasm module, told apart by magic.
/// Each kind has its own size limit (rwasm/limits.hpp).
CliResult<Input> read_input(const std::string& path, bool accept_rwasm)
{
    const uint64_t limit = accept_rwasm ? rwasm::kMaxRwasmSize : rwasm::kMaxWasmSize;
    BLEND_TRY(auto bytes, read_file(path, limit));
    if (has_wasm_magic(bytes)) {
        if (bytes.size() > rwasm::kMaxWasmSize)
            return Unexpected{fail("{}: {} bytes is larger than the {}-byte Wasm limit", path,
                                   bytes.size(), rwasm::kMaxWasmSize)};
        return Input{InputKind::kWasm, std::move(bytes)};
    }
    if (has_rwasm_magic(bytes)) {
        if (accept_rwasm)
            return Input{InputKind::kRwasm, std::move(bytes)};
        return Unexpected{
            fail("{}: this is already an rWasm module (EF 52), not a Wasm binary", path)};
    }
    if (accept_rwasm)
        return Unexpected{
            fail("{}: neither a Wasm binary (00 61 73 6D) nor an rWasm module (EF 52)", path)};
    return Unexpected{fail("{}: not a Wasm binary (no 00 61 73 6D magic)", path)};
}

/// The feature behind an out-of-scope refusal, or nullptr when the error is something else.
const char* refused_feature(rwasm::WasmError e)
{
    using rwasm::WasmError;
    switch (e) {
    case WasmError::kUnsupportedSimd:
        return "SIMD";
    case WasmError::kUnsupportedThreads:
        return "threads";
    case WasmError::kUnsupportedExceptions:
        return "exception handling";
    case WasmError::kUnsupportedMemory64:
        return "memory64";
    case WasmError::kUnsupportedMultiMemory:
        return "multi-memory";
    case WasmError::kUnsupportedGc:
        return "GC";
    case WasmError::kUnsupportedTailCall:
        return "tail calls";
    default:
        return nullptr;
    }
}

Failure wasm_failure(const std::string& path, const char* stage, rwasm::WasmError e)
{
    if (const char* feature = refused_feature(e))
        return fail("{}: refused feature: {} ({})", path, feature, rwasm::to_string(e));
    if (e == rwasm::WasmError::kLimitExceeded || e == rwasm::WasmError::kTooManyLocals)
        return fail("{}: over a module size limit: {}", path, rwasm::to_string(e));
    return fail("{}: {}: {}", path, stage, rwasm::to_string(e));
}

/// parse_module + validate_module.
CliResult<rwasm::WasmModule> parse_and_validate(const std::string& path, BytesView bytes)
{
    auto parsed = rwasm::parse_module(bytes);
    if (!parsed)
        return Unexpected{wasm_failure(path, "malformed", parsed.error())};
    auto valid = rwasm::validate_module(*parsed);
    if (!valid)
        return Unexpected{wasm_failure(path, "invalid", valid.error())};
    return std::move(*parsed);
}

const char* extern_kind_name(rwasm::ExternKind k)
{
    switch (k) {
    case rwasm::ExternKind::kFunction:
        return "function";
    case rwasm::ExternKind::kTable:
        return "table";
    case rwasm::ExternKind::kMemory:
        return "memory";
    case rwasm::ExternKind::kGlobal:
        return "global";
    }
    return "?";
}

std::string signature_text(const rwasm::FuncType& t)
{
    std::string s = "(";
    for (size_t i = 0; i < t.params.size(); ++i)
        s += fmt::format("{}{}", i ? " " : "", rwasm::to_string(t.params[i]));
    s += ") -> (";
    for (size_t i = 0; i < t.results.size(); ++i)
        s += fmt::format("{}{}", i ? " " : "", rwasm::to_string(t.results[i]));
    return s + ")";
}

/// The first import the contract ABI does not provide (docs/abi.md §1): an unknown
/// (module, name) pair, a non-function import, or a function whose signature differs. Functions
/// of rWasm's own `blend_u256` module are ops, not host functions: the compiler checks those.
std::optional<std::string> unresolved_import(const rwasm::WasmModule& wasm,
                                             const rwasm::ImportResolver& resolver)
{
    for (const rwasm::Import& import : wasm.imports) {
        const std::string name =
            fmt::format("{} `{}.{}`", extern_kind_name(import.kind), import.module, import.name);
        if (import.kind != rwasm::ExternKind::kFunction)
            return name + " (contracts import functions only)";
        if (import.module == rwasm::kU256ImportModule)
            continue;
        const auto resolved = resolver.function(import.module, import.name);
        if (!resolved)
            return name + " (not a host function of the contract ABI)";
        if (import.type_index < wasm.types.size() &&
            resolved->type != wasm.types[import.type_index])
            return fmt::format("{} with signature {} (the ABI's is {})", name,
                               signature_text(wasm.types[import.type_index]),
                               signature_text(resolved->type));
    }
    return std::nullopt;
}

/// Wasm → rWasm, with host imports resolved exactly as a deploy resolves them
/// (execution::AbiResolver: module `fluentbase_v1preview`, the names and signatures of
/// docs/abi.md; rWasm's 256-bit builtins, module `blend_u256`, are lowered to ops by the compiler
/// whatever the resolver), so what compiles here deploys.
CliResult<rwasm::RwasmModule> compile_wasm(const std::string& path, BytesView bytes)
{
    BLEND_TRY(auto wasm, parse_and_validate(path, bytes));
    const execution::AbiResolver resolver;
    if (const auto bad = unresolved_import(wasm, resolver))
        return Unexpected{fail("{}: cannot compile: the module imports {}", path, *bad)};
    auto compiled = rwasm::compile_module(wasm, resolver);
    if (!compiled)
        return Unexpected{fail("{}: cannot compile: {}", path, rwasm::to_string(compiled.error()))};
    return std::move(*compiled);
}

constexpr const char* kNoHost = "no host is attached to `blend rwasm run`";

/// A Wasm binary is compiled, an rWasm module is decoded and verified.
CliResult<rwasm::RwasmModule> load_any(const std::string& path)
{
    BLEND_TRY(auto input, read_input(path, /*accept_rwasm=*/true));
    if (input.kind == InputKind::kWasm)
        return compile_wasm(path, input.bytes);
    auto loaded = rwasm::load_module(input.bytes);
    if (!loaded)
        return Unexpected{
            fail("{}: not a valid rWasm module: {}", path, rwasm::to_string(loaded.error()))};
    return std::move(*loaded);
}

// ---- argument and result values ----------------------------------------------------------------

/// Integer argument: decimal (signed or unsigned range of the width) or 0x-hex (unsigned range).
std::optional<uint64_t> parse_int(std::string_view s, unsigned bits)
{
    const uint64_t umax = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    const char* end = s.data() + s.size();
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        uint64_t v = 0;
        auto [p, ec] = std::from_chars(s.data() + 2, end, v, 16);
        if (ec != std::errc() || p != end || v > umax)
            return std::nullopt;
        return v;
    }
    if (!s.empty() && s[0] == '-') {
        int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), end, v, 10);
        const int64_t smin = bits == 64 ? INT64_MIN : -(int64_t{1} << (bits - 1));
        if (ec != std::errc() || p != end || v < smin)
            return std::nullopt;
        return static_cast<uint64_t>(v) & umax;
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), end, v, 10);
    if (s.empty() || ec != std::errc() || p != end || v > umax)
        return std::nullopt;
    return v;
}

/// An argument in the VM's 64-bit slot encoding (i32/f32 in the low 32 bits, high bits zero).
std::optional<uint64_t> parse_arg(std::string_view s, ValType type)
{
    switch (type) {
    case ValType::kI32:
        return parse_int(s, 32);
    case ValType::kI64:
        return parse_int(s, 64);
    case ValType::kF32: {
        float v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc() || p != s.data() + s.size())
            return std::nullopt;
        return std::bit_cast<uint32_t>(v);
    }
    case ValType::kF64: {
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc() || p != s.data() + s.size())
            return std::nullopt;
        return std::bit_cast<uint64_t>(v);
    }
    case ValType::kFuncRef:
    case ValType::kExternRef:
        return std::nullopt;
    }
    return std::nullopt;
}

/// "i32 -1 (0xffffffff)"; floats print their shortest round-trip form, NaNs their bits.
std::string format_value(uint64_t slot, ValType type)
{
    switch (type) {
    case ValType::kI32: {
        const auto u = static_cast<uint32_t>(slot);
        return fmt::format("i32 {} ({:#x})", static_cast<int32_t>(u), u);
    }
    case ValType::kI64:
        return fmt::format("i64 {} ({:#x})", static_cast<int64_t>(slot), slot);
    case ValType::kF32: {
        const auto bits = static_cast<uint32_t>(slot);
        const float f = std::bit_cast<float>(bits);
        return f != f ? fmt::format("f32 nan ({:#010x})", bits) : fmt::format("f32 {}", f);
    }
    case ValType::kF64: {
        const double d = std::bit_cast<double>(slot);
        return d != d ? fmt::format("f64 nan ({:#018x})", slot) : fmt::format("f64 {}", d);
    }
    case ValType::kFuncRef:
    case ValType::kExternRef: {
        // rwasm/vm.hpp: 0 is null, else instance_id << 32 | (function index + 1).
        const char* name = rwasm::to_string(type);
        if (slot == rwasm::kNullRef)
            return fmt::format("{} null", name);
        return fmt::format("{} {:#x}", name, slot);
    }
    }
    return "?";
}

/// Short stable names for the trap codes (the numbers are docs/rwasm-format.md §Traps).
const char* trap_name(rwasm::TrapCode t)
{
    using rwasm::TrapCode;
    switch (t) {
    case TrapCode::kNone:
        return "none";
    case TrapCode::kUnreachable:
        return "unreachable";
    case TrapCode::kMemoryOutOfBounds:
        return "memory_out_of_bounds";
    case TrapCode::kTableOutOfBounds:
        return "table_out_of_bounds";
    case TrapCode::kIndirectCallToNull:
        return "indirect_call_to_null";
    case TrapCode::kBadSignature:
        return "bad_signature";
    case TrapCode::kIntegerDivisionByZero:
        return "integer_division_by_zero";
    case TrapCode::kIntegerOverflow:
        return "integer_overflow";
    case TrapCode::kBadConversionToInteger:
        return "bad_conversion_to_integer";
    case TrapCode::kStackOverflow:
        return "stack_overflow";
    case TrapCode::kOutOfFuel:
        return "out_of_fuel";
    case TrapCode::kHostError:
        return "host_error";
    }
    return "unknown";
}

std::string function_exports(const rwasm::RwasmModule& m)
{
    std::string names;
    for (const rwasm::RwasmExport& e : m.exports)
        if (e.kind == rwasm::ExternKind::kFunction)
            names += (names.empty() ? "" : ", ") + e.name;
    return names.empty() ? "none" : names;
}

// ---- the subcommands ---------------------------------------------------------------------------

int cmd_validate(const std::string& path)
{
    auto input = read_input(path, /*accept_rwasm=*/false);
    if (!input)
        return kExitBadInput;
    if (!parse_and_validate(path, input->bytes))
        return kExitBadInput;
    fmt::print("valid\n");
    return kExitOk;
}

int cmd_compile(const std::string& path, const std::string& out_path)
{
    auto input = read_input(path, /*accept_rwasm=*/false);
    if (!input)
        return kExitBadInput;
    const auto start = std::chrono::steady_clock::now();
    auto module = compile_wasm(path, input->bytes);
    if (!module)
        return kExitBadInput;
    const Bytes encoded = rwasm::encode_module(*module);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (encoded.size() > rwasm::kMaxRwasmSize) {
        fail("{}: the rWasm module would be {} bytes, above the {}-byte limit", path,
             encoded.size(), rwasm::kMaxRwasmSize);
        return kExitBadInput;
    }
    {
        std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
        if (out)
            out.write(reinterpret_cast<const char*>(encoded.data()),
                      static_cast<std::streamsize>(encoded.size()));
        if (!out) {
            fail("{}: cannot write", out_path);
            return kExitBadInput;
        }
    }
    const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    fmt::print("wrote {}: {} bytes (from {} bytes of Wasm, {} instructions)\n", out_path,
               encoded.size(), input->bytes.size(), module->code.size());
    fmt::print("compile time: {:.3f} ms (parse, validate, compile, encode)\n", ms);
    return kExitOk;
}

int cmd_disasm(const std::string& path)
{
    auto module = load_any(path);
    if (!module)
        return kExitBadInput;
    fmt::print("; {} instructions, {} functions ({} host), entry pc {}\n", module->code.size(),
               module->functions.size(), module->host_imports.size(), module->entry_pc);
    for (const rwasm::RwasmExport& e : module->exports) {
        if (e.kind == rwasm::ExternKind::kFunction && e.index < module->functions.size()) {
            const rwasm::FunctionEntry& f = module->functions[e.index];
            fmt::print("; export \"{}\": function {} {} {} {}\n", e.name, e.index,
                       signature_text(module->types[f.type]), f.is_host ? "host" : "pc", f.target);
        } else {
            fmt::print("; export \"{}\": {} {}\n", e.name, extern_kind_name(e.kind), e.index);
        }
    }
    fmt::print("{}", rwasm::disassemble(*module));
    return kExitOk;
}

int cmd_run(const std::string& path,
            const std::string& export_name,
            const std::vector<std::string>& args,
            std::optional<uint64_t> fuel)
{
    auto module = load_any(path);
    if (!module)
        return kExitBadInput;
    if (!module->host_imports.empty()) {
        fail("{}: the module imports {} host function(s); {}", path, module->host_imports.size(),
             kNoHost);
        return kExitBadInput;
    }
    const rwasm::RwasmExport* found = nullptr;
    for (const rwasm::RwasmExport& e : module->exports)
        if (e.name == export_name && e.kind == rwasm::ExternKind::kFunction)
            found = &e;
    if (found == nullptr) {
        fail("{}: no exported function \"{}\" (exported functions: {})", path, export_name,
             function_exports(*module));
        return kExitBadInput;
    }
    const rwasm::FuncType& type = module->types[module->functions[found->index].type];
    if (args.size() != type.params.size()) {
        fail("\"{}\" {} takes {} argument(s), {} given", export_name, signature_text(type),
             type.params.size(), args.size());
        return kExitBadInput;
    }
    std::vector<uint64_t> slots;
    for (size_t i = 0; i < args.size(); ++i) {
        const ValType t = type.params[i];
        if (rwasm::is_ref_type(t)) {
            fail("argument {}: parameters of type {} cannot be given on the command line", i + 1,
                 rwasm::to_string(t));
            return kExitBadInput;
        }
        const auto v = parse_arg(args[i], t);
        if (!v) {
            fail("argument {}: \"{}\" is not a valid {} ({})", i + 1, args[i], rwasm::to_string(t),
                 t == ValType::kI32 || t == ValType::kI64 ? "decimal or 0x-hex" : "decimal");
            return kExitBadInput;
        }
        slots.push_back(*v);
    }

    // One budget covers instantiation (the entry segment and any start function) and the call;
    // each part's use is reported separately.
    rwasm::NoHost host;
    rwasm::Vm vm(*module);
    vm.set_fuel_limit(fuel);
    const rwasm::RunResult init = vm.instantiate(host);
    const uint64_t init_fuel = vm.fuel_used();
    if (init.status != rwasm::RunStatus::kFinished) {
        fmt::print("trap during instantiation: {} (code {}): {}\n", trap_name(init.trap),
                   static_cast<unsigned>(init.trap), rwasm::to_string(init.trap));
        fmt::print("instantiation fuel: {}\n", init_fuel);
        return kExitTrap;
    }
    vm.set_fuel_limit(fuel ? std::optional<uint64_t>(*fuel - init_fuel) : std::nullopt);
    const rwasm::RunResult r = vm.invoke(found->index, slots, host);
    if (r.status == rwasm::RunStatus::kFinished) {
        const auto results = vm.results();
        for (size_t i = 0; i < results.size() && i < type.results.size(); ++i)
            fmt::print("result: {}\n", format_value(results[i], type.results[i]));
    } else {
        // A suspension needs a host call, and modules with host imports never get here.
        fmt::print("trap: {} (code {}): {}\n", trap_name(r.trap), static_cast<unsigned>(r.trap),
                   rwasm::to_string(r.trap));
    }
    fmt::print("fuel used: {}\n", vm.fuel_used());
    fmt::print("instantiation fuel: {}\n", init_fuel);
    return r.status == rwasm::RunStatus::kFinished ? kExitOk : kExitTrap;
}

}  // namespace

void add_rwasm_command(CLI::App& app, int& exit_code)
{
    CLI::App* rw = app.add_subcommand(
        "rwasm", "The rWasm toolchain: validate and compile Wasm, disassemble and run modules");
    // Not require_subcommand(1): with it CLI11 reports "a subcommand is required" even for a
    // misspelt one; this way the misspelt word is named (as an unexpected argument).
    rw->require_subcommand(0, 1);
    rw->callback([rw, &exit_code] {
        if (rw->get_subcommands().empty()) {
            fmt::print(stderr,
                       "blend: error: `blend rwasm` needs a subcommand: validate, compile, "
                       "disasm or run (see blend rwasm --help)\n");
            exit_code = kExitBadInput;
        }
    });
    rw->footer(
        "Inputs: Wasm binaries (00 61 73 6D) up to 2 MiB; rWasm modules (EF 52) up to 12 MiB.\n"
        "Modules that import anything are refused: no host functions are attached here.");

    // Options live in shared_ptrs owned by the callbacks, so they outlive this function.
    auto file = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto export_name = std::make_shared<std::string>();
    auto args = std::make_shared<std::vector<std::string>>();
    auto fuel = std::make_shared<std::string>();

    CLI::App* validate = rw->add_subcommand(
        "validate", "Parse and validate a Wasm binary; prints \"valid\" or the reason (exit 1)");
    validate->add_option("FILE", *file, "Wasm binary (.wasm)")->required();
    validate->callback([&exit_code, file] { exit_code = cmd_validate(*file); });

    CLI::App* compile = rw->add_subcommand(
        "compile", "Compile a Wasm binary to an rWasm module (EF 52); prints size and time");
    compile->add_option("FILE", *file, "Wasm binary (.wasm)")->required();
    compile->add_option("-o,--output", *out, "Where to write the rWasm module")->required();
    compile->callback([&exit_code, file, out] { exit_code = cmd_compile(*file, *out); });

    CLI::App* disasm = rw->add_subcommand(
        "disasm", "Disassemble a module: an rWasm module, or a Wasm binary (compiled first)");
    disasm->add_option("FILE", *file, "Wasm binary or rWasm module (told apart by magic)")
        ->required();
    disasm->callback([&exit_code, file] { exit_code = cmd_disasm(*file); });

    CLI::App* run = rw->add_subcommand(
        "run",
        "Invoke an exported function; prints its results, the fuel used, and the trap if any.\n"
        "Exit code 0 on success, 2 on a trap, 1 on bad input.");
    run->add_option("FILE", *file, "Wasm binary (compiled first) or rWasm module")->required();
    run->add_option("EXPORT", *export_name, "Name of the exported function")->required();
    run->add_option("ARGS", *args,
                    "Arguments, typed by the function's signature: i32/i64 in decimal "
                    "(signed or unsigned) or 0x-hex, f32/f64 in decimal (also inf, nan). "
                    "Put `--` before the first argument if it is negative.");
    CLI::Option* fuel_opt =
        run->add_option("--fuel", *fuel,
                        "Fuel limit for instantiation and the call together; running out is the "
                        "trap out_of_fuel (default: no limit); decimal or 0x-hex")
            ->type_name("UINT");
    run->callback([&exit_code, file, export_name, args, fuel, fuel_opt] {
        std::optional<uint64_t> limit;
        if (fuel_opt->count() != 0) {
            // The 64-bit parser refuses a sign, so "-5" cannot wrap to a huge budget.
            limit = (*fuel)[0] == '-' ? std::nullopt : parse_int(*fuel, 64);
            if (!limit) {
                fail("--fuel: \"{}\" is not a fuel amount (an unsigned 64-bit integer)", *fuel);
                exit_code = kExitBadInput;
                return;
            }
        }
        exit_code = cmd_run(*file, *export_name, *args, limit);
    });
}

}  // namespace blend::cli
