// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/module.hpp"
#include "rwasm/wasm_module.hpp"

#include <optional>
#include <string_view>

/// The Wasm→rWasm compiler.
namespace blend::rwasm {

/// A host function as the resolver knows it: the numeric id baked into CallHost and the exact
/// signature the import must declare.
struct ResolvedFunction {
    uint32_t host_id = 0;
    FuncType type;
};

/// Resolves imports by (module, name) at compile time. An import it does not know is a compile
/// error (CompileError::kUnknownImport). Contracts see only functions; the spec runner also
/// resolves globals, memories and tables (checked here, supplied to Vm::instantiate).
class ImportResolver {
public:
    virtual ~ImportResolver() = default;
    [[nodiscard]] virtual std::optional<ResolvedFunction> function(std::string_view module,
                                                                   std::string_view name) const = 0;
    /// The type of an importable global; its cell is supplied at instantiation.
    [[nodiscard]] virtual std::optional<GlobalType> global(std::string_view, std::string_view) const
    {
        return std::nullopt;
    }
    /// The limits of the memory the exporter provides (current size as min); the memory itself
    /// is supplied at instantiation.
    [[nodiscard]] virtual std::optional<Limits> memory(std::string_view, std::string_view) const
    {
        return std::nullopt;
    }
    [[nodiscard]] virtual std::optional<TableType> table(std::string_view, std::string_view) const
    {
        return std::nullopt;
    }
};

struct CompileOptions {
    /// Emit ConsumeFuel at the head of every basic block. Off: an unmetered module (header flag
    /// kFlagUnmetered) for a system runtime that charges its own gas through `_charge_fuel`
    /// (docs/abi.md §5); it loads only with load_module(bytes, /*allow_unmetered=*/true).
    bool meter_fuel = true;
};

/// Compiles a validated Wasm module. The module must have passed validate_module.
[[nodiscard]] Result<RwasmModule, CompileError> compile_module(const WasmModule& wasm,
                                                               const ImportResolver& resolver,
                                                               const CompileOptions& options = {});

/// Everything a function compiler needs from the module being compiled.
struct CompileContext {
    const WasmModule* wasm = nullptr;
    RwasmModule* out = nullptr;
    std::vector<uint32_t> type_map;  ///< Wasm type index → deduplicated rWasm type index
    /// Per imported function (Wasm function index): the 256-bit builtin it names (an import of
    /// kU256ImportModule, u256_builtins.hpp), whose direct calls compile to the op itself.
    std::vector<std::optional<Opcode>> import_builtins;
    CompileOptions options;
};

/// Appends the code of defined function `defined_index` to ctx.out->code and sets its entry.
/// Call instructions carry the callee's function index; compile_module rewrites them to pcs.
[[nodiscard]] Result<void, CompileError> compile_function(CompileContext& ctx,
                                                          uint32_t defined_index);

}  // namespace blend::rwasm
