// SPDX-License-Identifier: Apache-2.0
// Module-level compilation: deduplicated types, imports resolved to host ids, the entry segment
// (globals, element and data segments, start function) at pc 0, then every function body.
#include "rwasm/compile.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/u256_builtins.hpp"
#include "rwasm/wasm.hpp"

namespace blend::rwasm {

namespace {

uint32_t intern_type(RwasmModule& out, const FuncType& t)
{
    for (uint32_t i = 0; i < out.types.size(); ++i)
        if (out.types[i] == t)
            return i;
    out.types.push_back(t);
    return static_cast<uint32_t>(out.types.size() - 1);
}

/// Import matching (Wasm core spec §4.5.4 "external typing" and §4.5.3 limits subtyping).
bool limits_match(const Limits& provided, const Limits& wanted)
{
    if (provided.min < wanted.min)
        return false;
    if (wanted.max)
        return provided.max && *provided.max <= *wanted.max;
    return true;
}

Result<void, CompileError> resolve_imports(CompileContext& ctx, const ImportResolver& resolver)
{
    const WasmModule& m = *ctx.wasm;
    RwasmModule& out = *ctx.out;
    uint32_t builtin_imports = 0;
    for (const Import& im : m.imports) {
        switch (im.kind) {
        case ExternKind::kFunction: {
            if (im.module == kU256ImportModule) {
                // A builtin, not a host function (u256_builtins.hpp): its signature is fixed.
                const U256Builtin* builtin = find_u256_builtin(im.name);
                if (builtin == nullptr)
                    return Unexpected{CompileError::kUnknownImport};
                const FuncType& t = m.types[im.type_index];
                if (t.params != std::vector<ValType>(builtin->params, ValType::kI32) ||
                    !t.results.empty())
                    return Unexpected{CompileError::kImportSignature};
                if (++builtin_imports > kMaxImports)
                    return Unexpected{CompileError::kLimitExceeded};
                // A body is emitted after the defined functions (emit_builtin_bodies).
                out.functions.push_back({ctx.type_map[im.type_index], false, 0});
                ctx.import_builtins.emplace_back(builtin->op);
                break;
            }
            const auto found = resolver.function(im.module, im.name);
            if (!found)
                return Unexpected{CompileError::kUnknownImport};
            if (found->type != m.types[im.type_index])
                return Unexpected{CompileError::kImportSignature};
            if (out.host_imports.size() >= kMaxImports)
                return Unexpected{CompileError::kLimitExceeded};
            out.host_imports.push_back({found->host_id, ctx.type_map[im.type_index]});
            out.functions.push_back({ctx.type_map[im.type_index], true,
                                     static_cast<uint32_t>(out.host_imports.size() - 1)});
            ctx.import_builtins.emplace_back();
            break;
        }
        case ExternKind::kGlobal: {
            const auto found = resolver.global(im.module, im.name);
            if (!found)
                return Unexpected{CompileError::kUnknownImport};
            if (found->type != im.global.type || found->mutable_ != im.global.mutable_)
                return Unexpected{CompileError::kImportSignature};
            out.globals.push_back({im.global.type, im.global.mutable_});
            ++out.imported_globals;
            break;
        }
        case ExternKind::kMemory: {
            const auto found = resolver.memory(im.module, im.name);
            if (!found)
                return Unexpected{CompileError::kUnknownImport};
            if (!limits_match(*found, im.memory))
                return Unexpected{CompileError::kImportSignature};
            out.has_memory = true;
            out.memory_imported = true;
            out.memory = im.memory;
            break;
        }
        case ExternKind::kTable: {
            const auto found = resolver.table(im.module, im.name);
            if (!found)
                return Unexpected{CompileError::kUnknownImport};
            if (found->elem != im.table.elem || !limits_match(found->limits, im.table.limits))
                return Unexpected{CompileError::kImportSignature};
            out.tables.push_back(im.table);
            ++out.imported_tables;
            break;
        }
        }
    }
    return {};
}

/// Emits the code that leaves a constant expression's value on the stack.
Result<void, CompileError> emit_const(std::vector<Instr>& code, const ConstExpr& e)
{
    Instr in;
    switch (e.kind) {
    case ConstExpr::Kind::kI32:
    case ConstExpr::Kind::kI64:
    case ConstExpr::Kind::kF32:
    case ConstExpr::Kind::kF64:
        in.op = Opcode::kConst;
        in.b = e.value;
        break;
    case ConstExpr::Kind::kRefNull:
        in.op = Opcode::kConst;
        in.b = kNullRef;
        break;
    case ConstExpr::Kind::kRefFunc:
        in.op = Opcode::kRefFunc;
        in.a = static_cast<uint32_t>(e.value);
        break;
    case ConstExpr::Kind::kGlobalGet:
        in.op = Opcode::kGlobalGet;
        in.a = static_cast<uint32_t>(e.value);
        break;
    }
    code.push_back(in);
    return {};
}

void emit(std::vector<Instr>& code, Opcode op, uint32_t a = 0, uint64_t b = 0)
{
    Instr in;
    in.op = op;
    in.a = a;
    in.b = b;
    code.push_back(in);
}

/// Sets the ConsumeFuel at `fuel_pc` to the fuel of everything after it: the code from there to
/// the end is straight-line (the entry and the builtin bodies), so one charge covers it.
void charge_straight_line(std::vector<Instr>& code, size_t fuel_pc)
{
    uint32_t fuel = 0;
    for (size_t pc = fuel_pc + 1; pc < code.size(); ++pc)
        fuel += info(code[pc].op).fuel;
    code[fuel_pc].a = fuel;
}

/// The entry segment (pc 0): Wasm instantiation steps 7-15 of spec §4.5.4 in their order —
/// globals, then element segments (active ones through table.init, then elem.drop), then data
/// segments (memory.init, data.drop), then the start function.
Result<void, CompileError> emit_entry(CompileContext& ctx)
{
    const WasmModule& m = *ctx.wasm;
    std::vector<Instr>& code = ctx.out->code;
    emit(code, Opcode::kEnter, 0, 4);  // no params/locals; at most 3 operands (table.init)
    const size_t fuel_pc = code.size();
    if (ctx.options.meter_fuel)
        emit(code, Opcode::kConsumeFuel);
    for (uint32_t i = 0; i < m.globals.size(); ++i) {
        BLEND_TRY_VOID(emit_const(code, m.globals[i].init));
        emit(code, Opcode::kGlobalSet, m.imported_globals + i);
    }
    for (uint32_t i = 0; i < m.elems.size(); ++i) {
        const ElemSegment& seg = m.elems[i];
        if (seg.mode == SegmentMode::kActive) {
            BLEND_TRY_VOID(emit_const(code, seg.offset));
            emit(code, Opcode::kConst, 0, 0);
            emit(code, Opcode::kConst, 0, seg.items.size());
            emit(code, Opcode::kTableInit, i, seg.table);
        }
        if (seg.mode != SegmentMode::kPassive)
            emit(code, Opcode::kElemDrop, i);
    }
    for (uint32_t i = 0; i < m.datas.size(); ++i) {
        const DataSegment& seg = m.datas[i];
        if (seg.mode != SegmentMode::kActive)
            continue;
        BLEND_TRY_VOID(emit_const(code, seg.offset));
        emit(code, Opcode::kConst, 0, 0);
        emit(code, Opcode::kConst, 0, seg.bytes.size());
        emit(code, Opcode::kMemoryInit, i);
        emit(code, Opcode::kDataDrop, i);
    }
    if (m.start) {
        const FunctionEntry& f = ctx.out->functions[*m.start];
        if (f.is_host)
            emit(code, Opcode::kCallHost, f.target);
        else
            emit(code, Opcode::kCall, *m.start);
    }
    emit(code, Opcode::kReturn, 0);
    if (ctx.options.meter_fuel)
        charge_straight_line(code, fuel_pc);
    return {};
}

/// The body of each 256-bit builtin import, for what cannot inline the op: call_indirect through
/// a table, an export, the start function. `Enter; [ConsumeFuel]; local.get 0..n-1; op; return`.
void emit_builtin_bodies(CompileContext& ctx)
{
    std::vector<Instr>& code = ctx.out->code;
    for (uint32_t f = 0; f < ctx.import_builtins.size(); ++f) {
        if (!ctx.import_builtins[f])
            continue;
        const Opcode op = *ctx.import_builtins[f];
        const uint32_t params =
            static_cast<uint32_t>(ctx.out->types[ctx.out->functions[f].type].params.size());
        ctx.out->functions[f].target = static_cast<uint32_t>(code.size());
        // No locals; the operand stack holds the n copied parameters at most.
        emit(code, Opcode::kEnter, params, 2 * uint64_t{params});
        const auto fuel_pc = code.size();
        if (ctx.options.meter_fuel)
            emit(code, Opcode::kConsumeFuel, 0);
        for (uint32_t i = 0; i < params; ++i)
            emit(code, Opcode::kLocalGet, i);
        emit(code, op);
        emit(code, Opcode::kReturn, 0);
        if (ctx.options.meter_fuel)
            charge_straight_line(code, fuel_pc);
    }
}

Result<void, CompileError> convert_elems(CompileContext& ctx)
{
    for (const ElemSegment& seg : ctx.wasm->elems) {
        RwasmElem out;
        out.type = seg.type;
        for (const ConstExpr& item : seg.items) {
            if (item.kind == ConstExpr::Kind::kRefFunc)
                out.functions.push_back(static_cast<uint32_t>(item.value));
            else if (item.kind == ConstExpr::Kind::kRefNull)
                out.functions.push_back(kNullFunction);
            else
                return Unexpected{CompileError::kUnsupportedConstExpr};
        }
        ctx.out->elems.push_back(std::move(out));
    }
    return {};
}

}  // namespace

Result<RwasmModule, CompileError> compile_module(const WasmModule& wasm,
                                                 const ImportResolver& resolver,
                                                 const CompileOptions& options)
{
    RwasmModule out;
    CompileContext ctx;
    ctx.wasm = &wasm;
    ctx.out = &out;
    ctx.options = options;
    for (const FuncType& t : wasm.types)
        ctx.type_map.push_back(intern_type(out, t));

    BLEND_TRY_VOID(resolve_imports(ctx, resolver));
    for (const uint32_t t : wasm.functions)
        out.functions.push_back({ctx.type_map[t], false, 0});
    for (const TableType& t : wasm.tables)
        out.tables.push_back(t);
    for (const TableType& t : wasm.tables)
        if (t.limits.min > kMaxTableSize)
            return Unexpected{CompileError::kLimitExceeded};
    if (!wasm.memories.empty() && !out.has_memory) {
        out.has_memory = true;
        out.memory = wasm.memories.front();
    }
    if (out.has_memory && !out.memory_imported && out.memory.min > kMaxMemoryPages)
        return Unexpected{CompileError::kLimitExceeded};
    for (const Global& g : wasm.globals)
        out.globals.push_back({g.type.type, g.type.mutable_});
    for (const Export& ex : wasm.exports)
        out.exports.push_back({ex.name, ex.kind, ex.index});
    for (const DataSegment& seg : wasm.datas)
        out.data.push_back(seg.bytes);
    BLEND_TRY_VOID(convert_elems(ctx));

    out.entry_pc = 0;
    out.metered = options.meter_fuel;
    BLEND_TRY_VOID(emit_entry(ctx));
    for (uint32_t i = 0; i < wasm.functions.size(); ++i)
        BLEND_TRY_VOID(compile_function(ctx, i));
    emit_builtin_bodies(ctx);
    if (out.code.size() > kMaxCodeLength)
        return Unexpected{CompileError::kLimitExceeded};
    // Direct calls were emitted with the callee's function index; now every pc is known.
    for (Instr& in : out.code)
        if (in.op == Opcode::kCall)
            in.a = out.functions[in.a].target;
    return out;
}

}  // namespace blend::rwasm
