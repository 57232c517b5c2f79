// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

/// A tiny Wasm binary builder for tests (binary format of the Wasm core spec §5): enough to
/// assemble types, imports, functions, one memory, exports and code bodies by hand.
namespace blend::rwasm::test {

inline constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

inline void leb_u(Bytes& out, uint64_t v)
{
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        if (v != 0)
            b |= 0x80;
        out.push_back(b);
    } while (v != 0);
}

inline void leb_s(Bytes& out, int64_t v)
{
    for (;;) {
        const uint8_t b = v & 0x7F;
        v >>= 7;
        if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
            out.push_back(b);
            return;
        }
        out.push_back(b | 0x80);
    }
}

/// Instruction byte helpers.
inline Bytes i32_const(int32_t v)
{
    Bytes out{0x41};
    leb_s(out, v);
    return out;
}
inline Bytes i64_const(int64_t v)
{
    Bytes out{0x42};
    leb_s(out, v);
    return out;
}
inline Bytes op_idx(uint8_t op, uint32_t index)
{
    Bytes out{op};
    leb_u(out, index);
    return out;
}
inline Bytes local_get(uint32_t i)
{
    return op_idx(0x20, i);
}
inline Bytes local_set(uint32_t i)
{
    return op_idx(0x21, i);
}
inline Bytes call(uint32_t f)
{
    return op_idx(0x10, f);
}
inline Bytes br_if(uint32_t depth)
{
    return op_idx(0x0D, depth);
}
inline Bytes br(uint32_t depth)
{
    return op_idx(0x0C, depth);
}

inline Bytes cat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const Bytes& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

class ModuleBuilder {
public:
    uint32_t type(std::vector<uint8_t> params, std::vector<uint8_t> results)
    {
        types_.push_back({std::move(params), std::move(results)});
        return static_cast<uint32_t>(types_.size() - 1);
    }
    uint32_t import_function(const std::string& module, const std::string& name, uint32_t type)
    {
        imports_.push_back({module, name, type});
        return static_cast<uint32_t>(imports_.size() - 1);
    }
    /// Returns the function index (imports first).
    uint32_t function(uint32_t type, std::vector<uint8_t> locals, Bytes body)
    {
        functions_.push_back({type, std::move(locals), std::move(body)});
        return static_cast<uint32_t>(imports_.size() + functions_.size() - 1);
    }
    void memory(uint32_t min_pages) { memory_ = min_pages; }
    /// One funcref table holding `functions` from index 0 (an active element segment).
    void table(std::vector<uint32_t> functions) { table_ = std::move(functions); }
    void export_function(const std::string& name, uint32_t index)
    {
        exports_.push_back({name, index});
    }

    Bytes build() const
    {
        Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
        Bytes s;
        leb_u(s, types_.size());
        for (const auto& t : types_) {
            s.push_back(0x60);
            leb_u(s, t.params.size());
            s.insert(s.end(), t.params.begin(), t.params.end());
            leb_u(s, t.results.size());
            s.insert(s.end(), t.results.begin(), t.results.end());
        }
        section(out, 1, s);
        if (!imports_.empty()) {
            s.clear();
            leb_u(s, imports_.size());
            for (const auto& im : imports_) {
                name(s, im.module);
                name(s, im.name);
                s.push_back(0x00);
                leb_u(s, im.type);
            }
            section(out, 2, s);
        }
        s.clear();
        leb_u(s, functions_.size());
        for (const auto& f : functions_)
            leb_u(s, f.type);
        section(out, 3, s);
        if (!table_.empty()) {
            s.clear();
            s.push_back(1);
            s.push_back(0x70);  // funcref
            s.push_back(0);     // limits: min only
            leb_u(s, table_.size());
            section(out, 4, s);
        }
        if (memory_ >= 0) {
            s.clear();
            s.push_back(1);
            s.push_back(0);
            leb_u(s, static_cast<uint64_t>(memory_));
            section(out, 5, s);
        }
        s.clear();
        leb_u(s, exports_.size());
        for (const auto& e : exports_) {
            name(s, e.name);
            s.push_back(0x00);
            leb_u(s, e.index);
        }
        section(out, 7, s);
        if (!table_.empty()) {
            s.clear();
            s.push_back(1);
            s.push_back(0);  // active, table 0, offset expression follows
            s.insert(s.end(), {0x41, 0x00, 0x0B});
            leb_u(s, table_.size());
            for (const uint32_t f : table_)
                leb_u(s, f);
            section(out, 9, s);
        }
        s.clear();
        leb_u(s, functions_.size());
        for (const auto& f : functions_) {
            Bytes body;
            leb_u(body, f.locals.size());
            for (const uint8_t t : f.locals) {
                body.push_back(1);
                body.push_back(t);
            }
            body.insert(body.end(), f.body.begin(), f.body.end());
            body.push_back(0x0B);
            leb_u(s, body.size());
            s.insert(s.end(), body.begin(), body.end());
        }
        section(out, 10, s);
        return out;
    }

private:
    static void name(Bytes& out, const std::string& n)
    {
        leb_u(out, n.size());
        out.insert(out.end(), n.begin(), n.end());
    }
    static void section(Bytes& out, uint8_t id, const Bytes& content)
    {
        out.push_back(id);
        leb_u(out, content.size());
        out.insert(out.end(), content.begin(), content.end());
    }

    struct Type {
        std::vector<uint8_t> params, results;
    };
    struct ImportEntry {
        std::string module, name;
        uint32_t type;
    };
    struct Function {
        uint32_t type;
        std::vector<uint8_t> locals;
        Bytes body;
    };
    struct ExportEntry {
        std::string name;
        uint32_t index;
    };
    std::vector<Type> types_;
    std::vector<ImportEntry> imports_;
    std::vector<Function> functions_;
    std::vector<ExportEntry> exports_;
    int64_t memory_ = -1;
    std::vector<uint32_t> table_;
};

}  // namespace blend::rwasm::test
