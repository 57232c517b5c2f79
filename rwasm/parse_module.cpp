// SPDX-License-Identifier: Apache-2.0
// The Wasm binary format parser (Wasm core spec §5.5). Everything a module declares is counted
// against a limit of limits.hpp before it is allocated.
#include "rwasm/decode_instruction.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/wasm.hpp"

namespace blend::rwasm {

Result<std::string, WasmError> ByteReader::name(uint32_t max_length)
{
    BLEND_TRY(const uint32_t length, u32());
    if (length > remaining())
        return Unexpected{WasmError::kUnexpectedEnd};
    if (length > max_length)
        return Unexpected{WasmError::kLimitExceeded};
    BLEND_TRY(const BytesView raw, bytes(length));
    // UTF-8 (spec §5.2.4 refers to Unicode §3.9): shortest form, no surrogates, <= U+10FFFF.
    for (size_t i = 0; i < raw.size();) {
        const uint8_t b = raw[i];
        size_t n = 0;
        uint32_t cp = 0;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if ((b & 0xE0) == 0xC0) {
            n = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            n = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            n = 3;
            cp = b & 0x07;
        } else {
            return Unexpected{WasmError::kMalformedUtf8};
        }
        if (i + n >= raw.size())
            return Unexpected{WasmError::kMalformedUtf8};
        for (size_t k = 1; k <= n; ++k) {
            const uint8_t c = raw[i + k];
            if ((c & 0xC0) != 0x80)
                return Unexpected{WasmError::kMalformedUtf8};
            cp = (cp << 6) | (c & 0x3F);
        }
        static constexpr uint32_t kMinForLength[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return Unexpected{WasmError::kMalformedUtf8};
        i += n + 1;
    }
    return std::string(raw.begin(), raw.end());
}

bool is_ref_type(ValType t) noexcept
{
    return t == ValType::kFuncRef || t == ValType::kExternRef;
}

const char* to_string(ValType t) noexcept
{
    switch (t) {
    case ValType::kI32:
        return "i32";
    case ValType::kI64:
        return "i64";
    case ValType::kF32:
        return "f32";
    case ValType::kF64:
        return "f64";
    case ValType::kFuncRef:
        return "funcref";
    case ValType::kExternRef:
        return "externref";
    }
    return "?";
}

namespace {

Result<Limits, WasmError> read_limits(ByteReader& r, bool is_memory)
{
    BLEND_TRY(const uint8_t flag, r.u8());
    if (is_memory && (flag == 2 || flag == 3))
        return Unexpected{WasmError::kUnsupportedThreads};  // shared memory
    if (is_memory && flag >= 4 && flag <= 7)
        return Unexpected{WasmError::kUnsupportedMemory64};
    if (flag > 1)
        return Unexpected{WasmError::kMalformedLimits};
    Limits limits;
    BLEND_TRY(limits.min, r.u32());
    if (flag == 1) {
        BLEND_TRY(const uint32_t max, r.u32());
        limits.max = max;
    }
    return limits;
}

Result<TableType, WasmError> read_table_type(ByteReader& r)
{
    TableType t;
    BLEND_TRY(t.elem, read_ref_type(r));
    BLEND_TRY(t.limits, read_limits(r, false));
    return t;
}

Result<GlobalType, WasmError> read_global_type(ByteReader& r)
{
    GlobalType g;
    BLEND_TRY(g.type, read_value_type(r));
    BLEND_TRY(const uint8_t m, r.u8());
    if (m > 1)
        return Unexpected{WasmError::kMalformedMutability};
    g.mutable_ = m == 1;
    return g;
}

/// A constant expression: exactly one constant instruction, then `end` (spec §3.3.10).
Result<ConstExpr, WasmError> read_const_expr(ByteReader& r)
{
    WasmInstr instr;
    ConstExpr expr;
    unsigned count = 0;
    bool non_constant = false;
    for (;;) {
        BLEND_TRY_VOID(decode_instruction(r, instr));
        if (instr.code == op::kEnd)
            break;
        ++count;
        switch (instr.code) {
        case op::kI32Const:
            expr.kind = ConstExpr::Kind::kI32;
            expr.value = instr.value;
            break;
        case op::kI64Const:
            expr.kind = ConstExpr::Kind::kI64;
            expr.value = instr.value;
            break;
        case op::kF32Const:
            expr.kind = ConstExpr::Kind::kF32;
            expr.value = instr.value;
            break;
        case op::kF64Const:
            expr.kind = ConstExpr::Kind::kF64;
            expr.value = instr.value;
            break;
        case op::kRefNull:
            expr.kind = ConstExpr::Kind::kRefNull;
            expr.ref_type = instr.ref_type;
            break;
        case op::kRefFunc:
            expr.kind = ConstExpr::Kind::kRefFunc;
            expr.value = instr.index;
            break;
        case op::kGlobalGet:
            expr.kind = ConstExpr::Kind::kGlobalGet;
            expr.value = instr.index;
            break;
        default:
            non_constant = true;
            break;
        }
    }
    if (non_constant)
        return Unexpected{WasmError::kConstantExpression};
    if (count != 1)
        return Unexpected{WasmError::kTypeMismatch};
    return expr;
}

template <typename T, typename F>
Result<void, WasmError> read_vector(ByteReader& r, uint32_t limit, std::vector<T>& out, F read_one)
{
    BLEND_TRY(const uint32_t n, r.u32());
    if (n > limit)
        return Unexpected{WasmError::kLimitExceeded};
    if (n > r.remaining())  // every item takes at least one byte
        return Unexpected{WasmError::kUnexpectedEnd};
    out.reserve(out.size() + n);
    for (uint32_t i = 0; i < n; ++i) {
        BLEND_TRY(T item, read_one(r));
        out.push_back(std::move(item));
    }
    return {};
}

Result<FuncType, WasmError> read_func_type(ByteReader& r)
{
    BLEND_TRY(const uint8_t form, r.u8());
    if (form != 0x60)
        return Unexpected{form == 0x5E || form == 0x5F || form == 0x50 || form == 0x4E
                              ? WasmError::kUnsupportedGc
                              : WasmError::kMalformedType};
    FuncType t;
    BLEND_TRY_VOID(read_vector(r, kMaxTypeArity, t.params, read_value_type));
    BLEND_TRY_VOID(read_vector(r, kMaxTypeArity, t.results, read_value_type));
    return t;
}

Result<Import, WasmError> read_import(ByteReader& r)
{
    Import im;
    BLEND_TRY(im.module, r.name(kMaxNameLength));
    BLEND_TRY(im.name, r.name(kMaxNameLength));
    BLEND_TRY(const uint8_t kind, r.u8());
    switch (kind) {
    case 0: {
        im.kind = ExternKind::kFunction;
        BLEND_TRY(im.type_index, r.u32());
        break;
    }
    case 1: {
        im.kind = ExternKind::kTable;
        BLEND_TRY(im.table, read_table_type(r));
        break;
    }
    case 2: {
        im.kind = ExternKind::kMemory;
        BLEND_TRY(im.memory, read_limits(r, true));
        break;
    }
    case 3: {
        im.kind = ExternKind::kGlobal;
        BLEND_TRY(im.global, read_global_type(r));
        break;
    }
    case 4:
        return Unexpected{WasmError::kUnsupportedExceptions};  // tag import
    default:
        return Unexpected{WasmError::kMalformedImportKind};
    }
    return im;
}

Result<Export, WasmError> read_export(ByteReader& r)
{
    Export ex;
    BLEND_TRY(ex.name, r.name(kMaxNameLength));
    BLEND_TRY(const uint8_t kind, r.u8());
    if (kind == 4)
        return Unexpected{WasmError::kUnsupportedExceptions};
    if (kind > 3)
        return Unexpected{WasmError::kMalformedImportKind};
    ex.kind = static_cast<ExternKind>(kind);
    BLEND_TRY(ex.index, r.u32());
    return ex;
}

Result<ElemSegment, WasmError> read_elem(ByteReader& r)
{
    BLEND_TRY(const uint32_t flags, r.u32());
    if (flags > 7)
        return Unexpected{WasmError::kMalformedElemKind};
    ElemSegment seg;
    const bool passive_or_declarative = (flags & 1) != 0;
    const bool explicit_table = (flags & 2) != 0;
    const bool uses_exprs = (flags & 4) != 0;
    if (passive_or_declarative)
        seg.mode = explicit_table ? SegmentMode::kDeclarative : SegmentMode::kPassive;
    else {
        seg.mode = SegmentMode::kActive;
        if (explicit_table) {
            BLEND_TRY(seg.table, r.u32());
        }
        BLEND_TRY(seg.offset, read_const_expr(r));
    }
    if (passive_or_declarative || explicit_table) {
        if (uses_exprs) {
            BLEND_TRY(seg.type, read_ref_type(r));
        } else {
            BLEND_TRY(const uint8_t kind, r.u8());
            if (kind != 0)
                return Unexpected{WasmError::kMalformedElemKind};
            seg.type = ValType::kFuncRef;
        }
    }
    if (uses_exprs) {
        BLEND_TRY_VOID(read_vector(r, kMaxTableSize, seg.items, read_const_expr));
    } else {
        BLEND_TRY_VOID(read_vector(r, kMaxTableSize, seg.items,
                                   [](ByteReader& rr) -> Result<ConstExpr, WasmError> {
                                       BLEND_TRY(const uint32_t f, rr.u32());
                                       ConstExpr e;
                                       e.kind = ConstExpr::Kind::kRefFunc;
                                       e.value = f;
                                       return e;
                                   }));
    }
    return seg;
}

Result<DataSegment, WasmError> read_data(ByteReader& r)
{
    BLEND_TRY(const uint32_t flags, r.u32());
    DataSegment seg;
    switch (flags) {
    case 0: {
        BLEND_TRY(seg.offset, read_const_expr(r));
        break;
    }
    case 1:
        seg.mode = SegmentMode::kPassive;
        break;
    case 2: {
        BLEND_TRY(seg.memory, r.u32());
        BLEND_TRY(seg.offset, read_const_expr(r));
        break;
    }
    default:
        return Unexpected{WasmError::kMalformedDataFlags};
    }
    BLEND_TRY(const uint32_t n, r.u32());
    BLEND_TRY(const BytesView bytes, r.bytes(n));
    seg.bytes.assign(bytes.begin(), bytes.end());
    return seg;
}

Result<FunctionBody, WasmError> read_body(ByteReader& r)
{
    BLEND_TRY(const uint32_t size, r.u32());
    BLEND_TRY(const BytesView raw, r.bytes(size));
    ByteReader body(raw);
    FunctionBody out;
    BLEND_TRY(const uint32_t runs, body.u32());
    uint64_t total = 0;
    std::vector<LocalRun> decls;
    for (uint32_t i = 0; i < runs; ++i) {
        LocalRun run;
        BLEND_TRY(run.count, body.u32());
        BLEND_TRY(run.type, read_value_type(body));
        total += run.count;
        if (total > kMaxLocals)
            return Unexpected{WasmError::kTooManyLocals};
        decls.push_back(run);
    }
    for (const LocalRun& run : decls)
        out.locals.insert(out.locals.end(), run.count, run.type);
    BLEND_TRY(const BytesView code, body.bytes(body.remaining()));
    out.code.assign(code.begin(), code.end());
    return out;
}

/// The position of each section id in the required order (spec §5.5.2); custom sections (0)
/// may appear anywhere. The data count section (12) sits between element (9) and code (10).
int section_rank(uint8_t id) noexcept
{
    static constexpr int kRank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
    return id < 13 ? kRank[id] : -1;
}

Result<void, WasmError> parse_section(uint8_t id, ByteReader& r, WasmModule& m)
{
    switch (id) {
    case 0:
        BLEND_TRY_VOID(r.name(~uint32_t{0}));
        (void)r.bytes(r.remaining());
        return {};
    case 1:
        return read_vector(r, kMaxTypes, m.types, read_func_type);
    case 2:
        return read_vector(r, kMaxImports, m.imports, read_import);
    case 3:
        return read_vector(r, kMaxFunctions, m.functions, [](ByteReader& rr) { return rr.u32(); });
    case 4:
        return read_vector(r, kMaxTables, m.tables, read_table_type);
    case 5:
        return read_vector(r, 1'000, m.memories,
                           [](ByteReader& rr) { return read_limits(rr, true); });
    case 6:
        return read_vector(r, kMaxGlobals, m.globals,
                           [](ByteReader& rr) -> Result<Global, WasmError> {
                               Global g;
                               BLEND_TRY(g.type, read_global_type(rr));
                               BLEND_TRY(g.init, read_const_expr(rr));
                               return g;
                           });
    case 7:
        return read_vector(r, kMaxExports, m.exports, read_export);
    case 8: {
        BLEND_TRY(const uint32_t start, r.u32());
        m.start = start;
        return {};
    }
    case 9:
        return read_vector(r, kMaxElemSegments, m.elems, read_elem);
    case 10:
        return read_vector(r, kMaxFunctions, m.bodies, read_body);
    case 11:
        return read_vector(r, kMaxDataSegments, m.datas, read_data);
    case 12: {
        BLEND_TRY(const uint32_t n, r.u32());
        if (n > kMaxDataSegments)
            return Unexpected{WasmError::kLimitExceeded};
        m.data_count = n;
        return {};
    }
    default:
        return Unexpected{WasmError::kMalformedSectionId};
    }
}

}  // namespace

Result<WasmModule, WasmError> parse_module(BytesView wasm)
{
    if (wasm.size() > kMaxWasmSize)
        return Unexpected{WasmError::kLimitExceeded};
    ByteReader r(wasm);
    BLEND_TRY(const uint64_t magic, r.fixed(4));
    if (magic != 0x6D736100)  // "\0asm" read little-endian
        return Unexpected{WasmError::kBadMagic};
    BLEND_TRY(const uint64_t version, r.fixed(4));
    if (version != 1)
        return Unexpected{WasmError::kBadVersion};

    WasmModule m;
    int last_rank = 0;
    bool saw_code = false;
    while (!r.at_end()) {
        BLEND_TRY(const uint8_t id, r.u8());
        if (id == 13)
            return Unexpected{WasmError::kUnsupportedExceptions};  // tag section
        const int rank = section_rank(id);
        if (rank < 0)
            return Unexpected{WasmError::kMalformedSectionId};
        BLEND_TRY(const uint32_t size, r.u32());
        BLEND_TRY(const BytesView content, r.bytes(size));
        if (id != 0) {
            if (rank <= last_rank)
                return Unexpected{WasmError::kSectionOrder};
            last_rank = rank;
        }
        saw_code = saw_code || id == 10;
        ByteReader section(content);
        auto parsed = parse_section(id, section, m);
        if (!parsed) {
            // Running off the end of a section is a size mismatch, not the end of the module.
            if (parsed.error() == WasmError::kUnexpectedEnd)
                return Unexpected{WasmError::kSectionSizeMismatch};
            return Unexpected{parsed.error()};
        }
        if (!section.at_end())
            return Unexpected{WasmError::kSectionSizeMismatch};
    }
    if (m.functions.size() != m.bodies.size())
        return Unexpected{WasmError::kFunctionCodeMismatch};
    if (m.data_count && *m.data_count != m.datas.size())
        return Unexpected{WasmError::kDataCountMismatch};
    (void)saw_code;

    for (const Import& im : m.imports) {
        switch (im.kind) {
        case ExternKind::kFunction:
            ++m.imported_functions;
            break;
        case ExternKind::kTable:
            ++m.imported_tables;
            break;
        case ExternKind::kMemory:
            ++m.imported_memories;
            break;
        case ExternKind::kGlobal:
            ++m.imported_globals;
            break;
        }
    }
    if (m.imported_functions + m.functions.size() > kMaxFunctions ||
        m.imported_globals + m.globals.size() > kMaxGlobals ||
        m.imported_tables + m.tables.size() > kMaxTables)
        return Unexpected{WasmError::kLimitExceeded};
    return m;
}

}  // namespace blend::rwasm
