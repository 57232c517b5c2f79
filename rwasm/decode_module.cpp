// SPDX-License-Identifier: Apache-2.0
// Strict decoder of the stored rWasm form: every count is bounded by limits.hpp and checked
// against the bytes left before anything is allocated; no trailing bytes; canonical flags only.
#include "rwasm/limits.hpp"
#include "rwasm/module.hpp"

namespace blend::rwasm {

namespace {

class Reader {
public:
    explicit Reader(BytesView b) : b_(b) {}
    [[nodiscard]] size_t remaining() const { return b_.size() - pos_; }

    Result<uint8_t, DecodeError> u8()
    {
        if (remaining() < 1)
            return Unexpected{DecodeError::kUnexpectedEnd};
        return b_[pos_++];
    }
    Result<uint32_t, DecodeError> u32()
    {
        if (remaining() < 4)
            return Unexpected{DecodeError::kUnexpectedEnd};
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<uint32_t>(b_[pos_ + i]) << (8 * i);
        pos_ += 4;
        return v;
    }
    Result<uint64_t, DecodeError> u64()
    {
        BLEND_TRY(const uint32_t lo, u32());
        BLEND_TRY(const uint32_t hi, u32());
        return (uint64_t{hi} << 32) | lo;
    }
    /// A count of items each at least `min_item_size` bytes long, within `limit`.
    Result<uint32_t, DecodeError> count(uint32_t limit, size_t min_item_size)
    {
        BLEND_TRY(const uint32_t n, u32());
        if (n > limit)
            return Unexpected{DecodeError::kLimitExceeded};
        if (min_item_size != 0 && n > remaining() / min_item_size)
            return Unexpected{DecodeError::kUnexpectedEnd};
        return n;
    }
    Result<Bytes, DecodeError> bytes(uint32_t limit)
    {
        BLEND_TRY(const uint32_t n, count(limit, 1));
        Bytes out(b_.begin() + static_cast<ptrdiff_t>(pos_),
                  b_.begin() + static_cast<ptrdiff_t>(pos_ + n));
        pos_ += n;
        return out;
    }
    Result<bool, DecodeError> flag()
    {
        BLEND_TRY(const uint8_t v, u8());
        if (v > 1)
            return Unexpected{DecodeError::kBadValueType};
        return v == 1;
    }
    Result<ValType, DecodeError> val_type()
    {
        BLEND_TRY(const uint8_t v, u8());
        switch (v) {
        case 0x7F:
        case 0x7E:
        case 0x7D:
        case 0x7C:
        case 0x70:
        case 0x6F:
            return static_cast<ValType>(v);
        default:
            return Unexpected{DecodeError::kBadValueType};
        }
    }
    Result<Limits, DecodeError> limits()
    {
        Limits l;
        BLEND_TRY(const bool has_max, flag());
        BLEND_TRY(l.min, u32());
        if (has_max) {
            BLEND_TRY(const uint32_t max, u32());
            l.max = max;
        }
        return l;
    }

private:
    BytesView b_;
    size_t pos_ = 0;
};

Result<void, DecodeError> decode_code(Reader& r, std::vector<Instr>& code)
{
    BLEND_TRY(const uint32_t n, r.count(kMaxCodeLength, 1));
    code.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        BLEND_TRY(const uint8_t op, r.u8());
        if (op >= kOpcodeCount)
            return Unexpected{DecodeError::kBadOpcode};
        Instr in;
        in.op = static_cast<Opcode>(op);
        switch (info(in.op).imm) {
        case ImmKind::kNone:
            break;
        case ImmKind::kU32: {
            BLEND_TRY(in.a, r.u32());
            break;
        }
        case ImmKind::kU64: {
            BLEND_TRY(in.b, r.u64());
            break;
        }
        case ImmKind::kU32x2: {
            BLEND_TRY(in.a, r.u32());
            BLEND_TRY(const uint32_t b, r.u32());
            in.b = b;
            break;
        }
        case ImmKind::kBranch:
        case ImmKind::kEnter: {
            BLEND_TRY(in.a, r.u32());
            BLEND_TRY(const uint32_t hi, r.u32());
            BLEND_TRY(const uint32_t lo, r.u32());
            in.b = (uint64_t{hi} << 32) | lo;
            break;
        }
        }
        code.push_back(in);
    }
    return {};
}

}  // namespace

Result<RwasmModule, DecodeError> decode_module(BytesView bytes)
{
    if (bytes.size() > kMaxRwasmSize)
        return Unexpected{DecodeError::kLimitExceeded};
    Reader r(bytes);
    BLEND_TRY(const uint8_t m0, r.u8());
    BLEND_TRY(const uint8_t m1, r.u8());
    if (m0 != kMagic0 || m1 != kMagic1)
        return Unexpected{DecodeError::kBadMagic};
    BLEND_TRY(const uint8_t version, r.u8());
    if (version != kFormatVersion)
        return Unexpected{DecodeError::kBadVersion};
    BLEND_TRY(const uint8_t flags, r.u8());
    if ((flags & ~kKnownFlags) != 0)
        return Unexpected{DecodeError::kBadFlags};

    RwasmModule m;
    m.metered = (flags & kFlagUnmetered) == 0;
    BLEND_TRY(const uint32_t types, r.count(kMaxTypes, 8));
    for (uint32_t i = 0; i < types; ++i) {
        FuncType t;
        BLEND_TRY(const uint32_t np, r.count(kMaxTypeArity, 1));
        for (uint32_t k = 0; k < np; ++k) {
            BLEND_TRY(const ValType v, r.val_type());
            t.params.push_back(v);
        }
        BLEND_TRY(const uint32_t nr, r.count(kMaxTypeArity, 1));
        for (uint32_t k = 0; k < nr; ++k) {
            BLEND_TRY(const ValType v, r.val_type());
            t.results.push_back(v);
        }
        m.types.push_back(std::move(t));
    }
    BLEND_TRY(const uint32_t imports, r.count(kMaxImports, 8));
    for (uint32_t i = 0; i < imports; ++i) {
        HostImport h;
        BLEND_TRY(h.host_id, r.u32());
        BLEND_TRY(h.type, r.u32());
        m.host_imports.push_back(h);
    }
    BLEND_TRY(const uint32_t functions, r.count(kMaxFunctions + kMaxImports, 9));
    for (uint32_t i = 0; i < functions; ++i) {
        FunctionEntry f;
        BLEND_TRY(f.type, r.u32());
        BLEND_TRY(f.is_host, r.flag());
        BLEND_TRY(f.target, r.u32());
        m.functions.push_back(f);
    }
    BLEND_TRY(const uint32_t globals, r.count(kMaxGlobals, 2));
    for (uint32_t i = 0; i < globals; ++i) {
        RwasmGlobal g;
        BLEND_TRY(g.type, r.val_type());
        BLEND_TRY(g.mutable_, r.flag());
        m.globals.push_back(g);
    }
    BLEND_TRY(m.imported_globals, r.u32());
    if (m.imported_globals > m.globals.size())
        return Unexpected{DecodeError::kBadIndex};
    BLEND_TRY(m.has_memory, r.flag());
    if (m.has_memory) {
        BLEND_TRY(m.memory_imported, r.flag());
        BLEND_TRY(m.memory, r.limits());
    }
    BLEND_TRY(m.imported_tables, r.u32());
    BLEND_TRY(const uint32_t tables, r.count(kMaxTables, 6));
    for (uint32_t i = 0; i < tables; ++i) {
        TableType t;
        BLEND_TRY(t.elem, r.val_type());
        BLEND_TRY(t.limits, r.limits());
        m.tables.push_back(t);
    }
    if (m.imported_tables > m.tables.size())
        return Unexpected{DecodeError::kBadIndex};
    BLEND_TRY(const uint32_t exports, r.count(kMaxExports, 9));
    for (uint32_t i = 0; i < exports; ++i) {
        RwasmExport e;
        BLEND_TRY(const Bytes name, r.bytes(kMaxNameLength));
        e.name.assign(name.begin(), name.end());
        BLEND_TRY(const uint8_t kind, r.u8());
        if (kind > 3)
            return Unexpected{DecodeError::kBadIndex};
        e.kind = static_cast<ExternKind>(kind);
        BLEND_TRY(e.index, r.u32());
        m.exports.push_back(std::move(e));
    }
    BLEND_TRY(const uint32_t datas, r.count(kMaxDataSegments, 4));
    for (uint32_t i = 0; i < datas; ++i) {
        BLEND_TRY(Bytes d, r.bytes(kMaxRwasmSize));
        m.data.push_back(std::move(d));
    }
    BLEND_TRY(const uint32_t elems, r.count(kMaxElemSegments, 5));
    for (uint32_t i = 0; i < elems; ++i) {
        RwasmElem e;
        BLEND_TRY(e.type, r.val_type());
        BLEND_TRY(const uint32_t n, r.count(kMaxTableSize, 4));
        for (uint32_t k = 0; k < n; ++k) {
            BLEND_TRY(const uint32_t f, r.u32());
            e.functions.push_back(f);
        }
        m.elems.push_back(std::move(e));
    }
    BLEND_TRY(m.entry_pc, r.u32());
    BLEND_TRY_VOID(decode_code(r, m.code));
    if (r.remaining() != 0)
        return Unexpected{DecodeError::kTrailingBytes};
    return m;
}

Result<RwasmModule, DecodeError> load_module(BytesView bytes, bool allow_unmetered)
{
    BLEND_TRY(RwasmModule m, decode_module(bytes));
    BLEND_TRY_VOID(verify_module(m, allow_unmetered));
    return m;
}

}  // namespace blend::rwasm
