// SPDX-License-Identifier: Apache-2.0
// Module-level validation (Wasm core spec §3.4); function bodies are in validate_function.cpp.
#include "rwasm/decode_instruction.hpp"
#include "rwasm/validate.hpp"
#include "rwasm/wasm.hpp"

#include <set>
#include <string_view>

namespace blend::rwasm {

uint32_t total_functions(const WasmModule& m) noexcept
{
    return m.imported_functions + static_cast<uint32_t>(m.functions.size());
}
uint32_t total_tables(const WasmModule& m) noexcept
{
    return m.imported_tables + static_cast<uint32_t>(m.tables.size());
}
uint32_t total_memories(const WasmModule& m) noexcept
{
    return m.imported_memories + static_cast<uint32_t>(m.memories.size());
}
uint32_t total_globals(const WasmModule& m) noexcept
{
    return m.imported_globals + static_cast<uint32_t>(m.globals.size());
}

namespace {

template <typename Pred>
const Import& nth_import(const WasmModule& m, ExternKind kind, uint32_t n, Pred) noexcept
{
    for (const Import& im : m.imports)
        if (im.kind == kind && n-- == 0)
            return im;
    BLEND_ASSERT(false);
    return m.imports.front();
}

}  // namespace

const FuncType& function_type(const WasmModule& m, uint32_t index) noexcept
{
    if (index < m.imported_functions)
        return m.types[nth_import(m, ExternKind::kFunction, index, 0).type_index];
    return m.types[m.functions[index - m.imported_functions]];
}

TableType table_type(const WasmModule& m, uint32_t index) noexcept
{
    if (index < m.imported_tables)
        return nth_import(m, ExternKind::kTable, index, 0).table;
    return m.tables[index - m.imported_tables];
}

GlobalType global_type(const WasmModule& m, uint32_t index) noexcept
{
    if (index < m.imported_globals)
        return nth_import(m, ExternKind::kGlobal, index, 0).global;
    return m.globals[index - m.imported_globals].type;
}

namespace {

/// Spec §3.2.1-3.2.4: limits within range k.
Result<void, WasmError> check_limits(const Limits& l, uint64_t k)
{
    if (l.min > k || (l.max && (*l.max > k || *l.max < l.min)))
        return Unexpected{WasmError::kInvalidLimits};
    return {};
}

/// The type of a constant expression (spec §3.3.10). In Wasm 2.0 `global.get` may name only
/// imported, immutable globals.
Result<ValType, WasmError> const_expr_type(const WasmModule& m, const ConstExpr& e)
{
    switch (e.kind) {
    case ConstExpr::Kind::kI32:
        return ValType::kI32;
    case ConstExpr::Kind::kI64:
        return ValType::kI64;
    case ConstExpr::Kind::kF32:
        return ValType::kF32;
    case ConstExpr::Kind::kF64:
        return ValType::kF64;
    case ConstExpr::Kind::kRefNull:
        return e.ref_type;
    case ConstExpr::Kind::kRefFunc:
        if (e.value >= total_functions(m))
            return Unexpected{WasmError::kUnknownFunction};
        return ValType::kFuncRef;
    case ConstExpr::Kind::kGlobalGet: {
        if (e.value >= m.imported_globals)
            return Unexpected{WasmError::kUnknownGlobal};
        const GlobalType g = global_type(m, static_cast<uint32_t>(e.value));
        if (g.mutable_)
            return Unexpected{WasmError::kConstantExpression};
        return g.type;
    }
    }
    return Unexpected{WasmError::kConstantExpression};
}

Result<void, WasmError> expect_const(const WasmModule& m, const ConstExpr& e, ValType want)
{
    BLEND_TRY(const ValType got, const_expr_type(m, e));
    if (got != want)
        return Unexpected{WasmError::kTypeMismatch};
    return {};
}

}  // namespace

Result<void, WasmError> validate_module(const WasmModule& m)
{
    const auto types = static_cast<uint32_t>(m.types.size());
    for (const Import& im : m.imports) {
        switch (im.kind) {
        case ExternKind::kFunction:
            if (im.type_index >= types)
                return Unexpected{WasmError::kUnknownType};
            break;
        case ExternKind::kTable:
            BLEND_TRY_VOID(check_limits(im.table.limits, 0xFFFFFFFFull));
            break;
        case ExternKind::kMemory:
            BLEND_TRY_VOID(check_limits(im.memory, 65'536));  // spec §3.2.4: 2^16 pages
            break;
        case ExternKind::kGlobal:
            break;
        }
    }
    for (const uint32_t t : m.functions)
        if (t >= types)
            return Unexpected{WasmError::kUnknownType};
    for (const TableType& t : m.tables)
        BLEND_TRY_VOID(check_limits(t.limits, 0xFFFFFFFFull));
    for (const Limits& l : m.memories)
        BLEND_TRY_VOID(check_limits(l, 65'536));
    if (total_memories(m) > 1)
        return Unexpected{WasmError::kMultipleMemories};
    for (const Global& g : m.globals)
        BLEND_TRY_VOID(expect_const(m, g.init, g.type.type));

    ValidationContext ctx;
    ctx.module = &m;
    ctx.declared_refs.assign(total_functions(m), false);
    auto declare = [&](const ConstExpr& e) {
        if (e.kind == ConstExpr::Kind::kRefFunc && e.value < ctx.declared_refs.size())
            ctx.declared_refs[e.value] = true;
    };
    for (const Global& g : m.globals)
        declare(g.init);

    std::set<std::string_view> names;
    for (const Export& ex : m.exports) {
        if (!names.insert(ex.name).second)
            return Unexpected{WasmError::kDuplicateExport};
        switch (ex.kind) {
        case ExternKind::kFunction:
            if (ex.index >= total_functions(m))
                return Unexpected{WasmError::kUnknownFunction};
            ctx.declared_refs[ex.index] = true;
            break;
        case ExternKind::kTable:
            if (ex.index >= total_tables(m))
                return Unexpected{WasmError::kUnknownTable};
            break;
        case ExternKind::kMemory:
            if (ex.index >= total_memories(m))
                return Unexpected{WasmError::kUnknownMemory};
            break;
        case ExternKind::kGlobal:
            if (ex.index >= total_globals(m))
                return Unexpected{WasmError::kUnknownGlobal};
            break;
        }
    }
    if (m.start) {
        if (*m.start >= total_functions(m))
            return Unexpected{WasmError::kUnknownFunction};
        const FuncType& ft = function_type(m, *m.start);
        if (!ft.params.empty() || !ft.results.empty())
            return Unexpected{WasmError::kInvalidStart};
    }
    for (const ElemSegment& seg : m.elems) {
        for (const ConstExpr& item : seg.items) {
            BLEND_TRY_VOID(expect_const(m, item, seg.type));
            declare(item);
        }
        if (seg.mode == SegmentMode::kActive) {
            if (seg.table >= total_tables(m))
                return Unexpected{WasmError::kUnknownTable};
            if (table_type(m, seg.table).elem != seg.type)
                return Unexpected{WasmError::kTypeMismatch};
            BLEND_TRY_VOID(expect_const(m, seg.offset, ValType::kI32));
        }
    }
    for (const DataSegment& seg : m.datas) {
        if (seg.mode == SegmentMode::kActive) {
            if (seg.memory >= total_memories(m))
                return Unexpected{WasmError::kUnknownMemory};
            BLEND_TRY_VOID(expect_const(m, seg.offset, ValType::kI32));
        }
    }
    for (uint32_t i = 0; i < m.functions.size(); ++i)
        BLEND_TRY_VOID(validate_function(ctx, i));
    return {};
}

}  // namespace blend::rwasm
