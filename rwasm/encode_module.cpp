// SPDX-License-Identifier: Apache-2.0
// The stored form of an rWasm module (docs/rwasm-format.md): fixed-width little-endian fields,
// u32 counts, one byte per opcode followed by its immediates.
#include "rwasm/module.hpp"

namespace blend::rwasm {

namespace {

class Writer {
public:
    void u8(uint8_t v) { out_.push_back(v); }
    void u32(uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    void u64(uint64_t v)
    {
        for (int i = 0; i < 8; ++i)
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    void bytes(BytesView b)
    {
        u32(static_cast<uint32_t>(b.size()));
        out_.insert(out_.end(), b.begin(), b.end());
    }
    void limits(const Limits& l)
    {
        u8(l.max ? 1 : 0);
        u32(l.min);
        if (l.max)
            u32(*l.max);
    }
    Bytes take() { return std::move(out_); }

private:
    Bytes out_;
};

}  // namespace

Bytes encode_module(const RwasmModule& m)
{
    Writer w;
    w.u8(kMagic0);
    w.u8(kMagic1);
    w.u8(kFormatVersion);
    w.u8(m.metered ? 0 : kFlagUnmetered);
    w.u32(static_cast<uint32_t>(m.types.size()));
    for (const FuncType& t : m.types) {
        w.u32(static_cast<uint32_t>(t.params.size()));
        for (const ValType v : t.params)
            w.u8(static_cast<uint8_t>(v));
        w.u32(static_cast<uint32_t>(t.results.size()));
        for (const ValType v : t.results)
            w.u8(static_cast<uint8_t>(v));
    }
    w.u32(static_cast<uint32_t>(m.host_imports.size()));
    for (const HostImport& h : m.host_imports) {
        w.u32(h.host_id);
        w.u32(h.type);
    }
    w.u32(static_cast<uint32_t>(m.functions.size()));
    for (const FunctionEntry& f : m.functions) {
        w.u32(f.type);
        w.u8(f.is_host ? 1 : 0);
        w.u32(f.target);
    }
    w.u32(static_cast<uint32_t>(m.globals.size()));
    for (const RwasmGlobal& g : m.globals) {
        w.u8(static_cast<uint8_t>(g.type));
        w.u8(g.mutable_ ? 1 : 0);
    }
    w.u32(m.imported_globals);
    w.u8(m.has_memory ? 1 : 0);
    if (m.has_memory) {
        w.u8(m.memory_imported ? 1 : 0);
        w.limits(m.memory);
    }
    w.u32(m.imported_tables);
    w.u32(static_cast<uint32_t>(m.tables.size()));
    for (const TableType& t : m.tables) {
        w.u8(static_cast<uint8_t>(t.elem));
        w.limits(t.limits);
    }
    w.u32(static_cast<uint32_t>(m.exports.size()));
    for (const RwasmExport& e : m.exports) {
        w.bytes({reinterpret_cast<const uint8_t*>(e.name.data()), e.name.size()});
        w.u8(static_cast<uint8_t>(e.kind));
        w.u32(e.index);
    }
    w.u32(static_cast<uint32_t>(m.data.size()));
    for (const Bytes& d : m.data)
        w.bytes(d);
    w.u32(static_cast<uint32_t>(m.elems.size()));
    for (const RwasmElem& e : m.elems) {
        w.u8(static_cast<uint8_t>(e.type));
        w.u32(static_cast<uint32_t>(e.functions.size()));
        for (const uint32_t f : e.functions)
            w.u32(f);
    }
    w.u32(m.entry_pc);
    w.u32(static_cast<uint32_t>(m.code.size()));
    for (const Instr& in : m.code) {
        w.u8(static_cast<uint8_t>(in.op));
        switch (info(in.op).imm) {
        case ImmKind::kNone:
            break;
        case ImmKind::kU32:
            w.u32(in.a);
            break;
        case ImmKind::kU64:
            w.u64(in.b);
            break;
        case ImmKind::kU32x2:
            w.u32(in.a);
            w.u32(static_cast<uint32_t>(in.b));
            break;
        case ImmKind::kBranch:
        case ImmKind::kEnter:
            w.u32(in.a);
            w.u32(static_cast<uint32_t>(in.b >> 32));
            w.u32(static_cast<uint32_t>(in.b));
            break;
        }
    }
    return w.take();
}

}  // namespace blend::rwasm
