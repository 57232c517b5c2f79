// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/opcodes.hpp"
#include "rwasm/wasm_module.hpp"

#include <cstdint>
#include <string>
#include <vector>

/// The rWasm module: the compiler's output, the interpreter's input, and (encoded) what is
/// stored on chain. The format is specified in docs/rwasm-format.md.
namespace blend::rwasm {

/// Magic and version of the encoded form: EF 52 ("R"), then the format version. Version 3 added
/// the header flags byte (docs/rwasm-format.md §1).
inline constexpr uint8_t kMagic0 = 0xEF;
inline constexpr uint8_t kMagic1 = 0x52;
inline constexpr uint8_t kFormatVersion = 0x03;

/// Header flag: the module carries no ConsumeFuel and the VM charges no dynamic costs for it; only
/// a host's charge_fuel (`_charge_fuel`) spends fuel. For genesis system runtimes, which meter
/// their own gas (docs/abi.md §5); a verifier admits it only when its caller allows it.
inline constexpr uint8_t kFlagUnmetered = 0x01;
inline constexpr uint8_t kKnownFlags = kFlagUnmetered;

/// One instruction as executed: 16 bytes, immediates per ImmKind.
struct Instr {
    Opcode op = Opcode::kUnreachable;
    uint8_t reserved[3] = {0, 0, 0};
    uint32_t a = 0;
    uint64_t b = 0;
    friend bool operator==(const Instr&, const Instr&) = default;
};
static_assert(sizeof(Instr) == 16);

/// A function in the function index space: either code at `pc` or a host import.
struct FunctionEntry {
    uint32_t type = 0;
    bool is_host = false;
    uint32_t target = 0;  ///< pc of the Enter instruction, or the host import index
    friend bool operator==(const FunctionEntry&, const FunctionEntry&) = default;
};

/// A host function resolved at compile time: numeric id + signature.
struct HostImport {
    uint32_t host_id = 0;
    uint32_t type = 0;
    friend bool operator==(const HostImport&, const HostImport&) = default;
};

struct RwasmGlobal {
    ValType type = ValType::kI32;
    bool mutable_ = false;
    friend bool operator==(const RwasmGlobal&, const RwasmGlobal&) = default;
};

struct RwasmExport {
    std::string name;
    ExternKind kind = ExternKind::kFunction;
    uint32_t index = 0;
    friend bool operator==(const RwasmExport&, const RwasmExport&) = default;
};

/// Null reference value in a slot or table; function references are function index + 1.
inline constexpr uint64_t kNullRef = 0;
/// An element-segment item that is the null reference.
inline constexpr uint32_t kNullFunction = 0xFFFFFFFF;

struct RwasmElem {
    ValType type = ValType::kFuncRef;
    std::vector<uint32_t> functions;  ///< function index or kNullFunction
    friend bool operator==(const RwasmElem&, const RwasmElem&) = default;
};

struct RwasmModule {
    std::vector<FuncType> types;  ///< deduplicated: equal signatures have one index
    std::vector<FunctionEntry> functions;
    std::vector<HostImport> host_imports;
    std::vector<RwasmGlobal> globals;
    bool has_memory = false;
    /// The memory, the first `imported_tables` tables and the first `imported_globals` globals
    /// may come from the embedder at instantiation (Vm::instantiate's ExternImports) instead of
    /// being created. Contracts import functions only; the spec suite shares the others.
    bool memory_imported = false;
    Limits memory;
    uint32_t imported_tables = 0;
    uint32_t imported_globals = 0;
    std::vector<TableType> tables;
    std::vector<RwasmExport> exports;
    std::vector<Bytes> data;
    std::vector<RwasmElem> elems;
    std::vector<Instr> code;
    /// The entry segment starts at pc 0: it initializes globals, tables and memory from the
    /// segments, runs the start function, and returns.
    uint32_t entry_pc = 0;
    /// False: compiled with CompileOptions::meter_fuel off (header flag kFlagUnmetered). Such a
    /// module runs without instruction or dynamic fuel; see kFlagUnmetered.
    bool metered = true;

    friend bool operator==(const RwasmModule&, const RwasmModule&) = default;
};

/// Encodes a module into its stored form (docs/rwasm-format.md).
[[nodiscard]] Bytes encode_module(const RwasmModule& module);

/// Strictly decodes the stored form: every count bounded, every byte accounted for. The result
/// is not yet trusted; pass it through verify_module.
[[nodiscard]] Result<RwasmModule, DecodeError> decode_module(BytesView bytes);

/// Checks everything the interpreter relies on: indices in range, branch targets inside their
/// function, calls to function entries, stack discipline and declared maximum heights, and that
/// the module pays for what it runs: every basic block (function entry, branch target, fall-through
/// of a conditional branch) starts with a ConsumeFuel of at least the cost-table sum of its
/// instructions (plus one per declared local at function entry). An unmetered module (no
/// ConsumeFuel at all, `metered == false`) passes only with `allow_unmetered`: the caller vouches
/// that the code meters itself (a genesis system runtime, docs/abi.md §5); otherwise kUnmetered.
[[nodiscard]] Result<void, DecodeError> verify_module(const RwasmModule& module,
                                                      bool allow_unmetered = false);

/// decode_module + verify_module.
[[nodiscard]] Result<RwasmModule, DecodeError> load_module(BytesView bytes,
                                                           bool allow_unmetered = false);

/// One line per instruction: "pc: Name immediates".
[[nodiscard]] std::string disassemble(const RwasmModule& module);

}  // namespace blend::rwasm
