// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// The parsed (not yet validated) form of a Wasm 2.0 binary module (Wasm core spec §2.5).
namespace blend::rwasm {

/// Value types; the byte values are the binary encoding (spec §5.3.1).
enum class ValType : uint8_t {
    kI32 = 0x7F,
    kI64 = 0x7E,
    kF32 = 0x7D,
    kF64 = 0x7C,
    kFuncRef = 0x70,
    kExternRef = 0x6F,
};

[[nodiscard]] bool is_ref_type(ValType t) noexcept;
[[nodiscard]] const char* to_string(ValType t) noexcept;

struct FuncType {
    std::vector<ValType> params;
    std::vector<ValType> results;
    friend bool operator==(const FuncType&, const FuncType&) = default;
};

struct Limits {
    uint32_t min = 0;
    std::optional<uint32_t> max;
    friend bool operator==(const Limits&, const Limits&) = default;
};

struct TableType {
    ValType elem = ValType::kFuncRef;
    Limits limits;
    friend bool operator==(const TableType&, const TableType&) = default;
};

struct GlobalType {
    ValType type = ValType::kI32;
    bool mutable_ = false;
};

enum class ExternKind : uint8_t { kFunction = 0, kTable = 1, kMemory = 2, kGlobal = 3 };

/// A constant expression (spec §3.3.10): one instruction in Wasm 2.0 core.
struct ConstExpr {
    enum class Kind : uint8_t { kI32, kI64, kF32, kF64, kRefNull, kRefFunc, kGlobalGet };
    Kind kind = Kind::kI32;
    uint64_t value = 0;                    ///< constant bits, function index or global index
    ValType ref_type = ValType::kFuncRef;  ///< for kRefNull
};

struct Import {
    std::string module;
    std::string name;
    ExternKind kind = ExternKind::kFunction;
    uint32_t type_index = 0;  ///< functions
    TableType table;
    Limits memory;
    GlobalType global;
};

struct Export {
    std::string name;
    ExternKind kind = ExternKind::kFunction;
    uint32_t index = 0;
};

struct Global {
    GlobalType type;
    ConstExpr init;
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

struct ElemSegment {
    SegmentMode mode = SegmentMode::kActive;
    ValType type = ValType::kFuncRef;
    uint32_t table = 0;
    ConstExpr offset;
    std::vector<ConstExpr> items;
};

struct DataSegment {
    SegmentMode mode = SegmentMode::kActive;
    uint32_t memory = 0;
    ConstExpr offset;
    Bytes bytes;
};

/// One run of same-typed locals (spec §5.5.13).
struct LocalRun {
    uint32_t count = 0;
    ValType type = ValType::kI32;
};

struct FunctionBody {
    std::vector<ValType> locals;  ///< declared locals (params excluded), expanded
    Bytes code;                   ///< the instruction bytes, including the final `end`
};

struct WasmModule {
    std::vector<FuncType> types;
    std::vector<Import> imports;
    std::vector<uint32_t> functions;  ///< type index of each defined function
    std::vector<TableType> tables;    ///< defined tables
    std::vector<Limits> memories;     ///< defined memories
    std::vector<Global> globals;      ///< defined globals
    std::vector<Export> exports;
    std::optional<uint32_t> start;
    std::vector<ElemSegment> elems;
    std::optional<uint32_t> data_count;
    std::vector<FunctionBody> bodies;
    std::vector<DataSegment> datas;

    // Index spaces (imports first), filled by the parser.
    uint32_t imported_functions = 0;
    uint32_t imported_tables = 0;
    uint32_t imported_memories = 0;
    uint32_t imported_globals = 0;
};

}  // namespace blend::rwasm
