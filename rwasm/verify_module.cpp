// SPDX-License-Identifier: Apache-2.0
// The verifier: after it passes, the interpreter may trust the module. It checks every index
// against its table, that each function is a region starting with Enter, that branches stay in
// their function, and — by abstract interpretation of stack heights over all paths — that no
// instruction pops below the frame's locals, heights agree where paths merge, and the declared
// maximum height is never exceeded (so the one check in Enter bounds the whole frame). Then it
// proves metering: every reachable basic block starts with a ConsumeFuel that pays at least the
// cost-table sum of the block, so no path runs an instruction it has not paid for.
#include "rwasm/fast_code.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/module.hpp"

#include <algorithm>
#include <map>

namespace blend::rwasm {

namespace {

constexpr uint32_t kUnvisited = 0xFFFFFFFF;

struct Region {
    uint32_t begin = 0;
    uint32_t end = 0;
    uint32_t results = 0;
    bool is_entry = false;
    uint32_t type = 0;
};

/// Instructions after which control never falls through to pc + 1 (BrTable continues at one of
/// its Br entries, which are jump-table slots, not fall-through).
bool is_terminator(Opcode op) noexcept
{
    return op == Opcode::kBr || op == Opcode::kReturn || op == Opcode::kBrTable ||
           op == Opcode::kUnreachable;
}

class Verifier {
public:
    /// `check_fuel`: prove metering (verify_module); off for verify_module_heights, which only
    /// recomputes heights of a module that was verified (or compiled) before.
    Verifier(const RwasmModule& m, bool check_fuel, bool allow_unmetered)
        : m_(m), check_fuel_(check_fuel), allow_unmetered_(allow_unmetered)
    {}

    Result<void, DecodeError> run()
    {
        if (check_fuel_ && !m_.metered && !allow_unmetered_)
            return Unexpected{DecodeError::kUnmetered};
        BLEND_TRY_VOID(check_tables());
        // Regions: the entry segment and every internal function, in pc order.
        std::map<uint32_t, Region> regions;
        if (m_.entry_pc >= m_.code.size())
            return Unexpected{DecodeError::kBadFunction};
        regions[m_.entry_pc] = {m_.entry_pc, 0, 0, true, 0};
        for (const FunctionEntry& f : m_.functions) {
            if (f.is_host)
                continue;
            if (f.target >= m_.code.size() || f.target == m_.entry_pc)
                return Unexpected{DecodeError::kBadFunction};
            const auto results = static_cast<uint32_t>(m_.types[f.type].results.size());
            const auto [it, inserted] =
                regions.try_emplace(f.target, Region{f.target, 0, results, false, f.type});
            if (!inserted && it->second.type != f.type)
                return Unexpected{DecodeError::kBadFunction};
            const Instr& enter = m_.code[f.target];
            if (enter.op != Opcode::kEnter || enter.a != m_.types[f.type].params.size())
                return Unexpected{DecodeError::kBadFunction};
        }
        for (auto it = regions.begin(); it != regions.end(); ++it) {
            const auto next = std::next(it);
            it->second.end =
                next == regions.end() ? static_cast<uint32_t>(m_.code.size()) : next->first;
        }
        if (regions.begin()->first != 0)
            return Unexpected{DecodeError::kBadFunction};  // no code outside a region
        function_starts_ = &regions;
        heights_.assign(m_.code.size(), kUnvisited);
        for (const auto& [pc, region] : regions)
            BLEND_TRY_VOID(verify_region(region));
        return {};
    }

    /// After run(): the height before each pc, kUnvisited where no path reaches.
    std::vector<uint32_t> take_heights() { return std::move(heights_); }

private:
    Result<void, DecodeError> check_tables() const
    {
        for (const HostImport& h : m_.host_imports)
            if (h.type >= m_.types.size())
                return Unexpected{DecodeError::kBadIndex};
        for (const FunctionEntry& f : m_.functions) {
            if (f.type >= m_.types.size())
                return Unexpected{DecodeError::kBadIndex};
            if (f.is_host &&
                (f.target >= m_.host_imports.size() || m_.host_imports[f.target].type != f.type))
                return Unexpected{DecodeError::kBadIndex};
        }
        for (const TableType& t : m_.tables)
            if (t.elem != ValType::kFuncRef && t.elem != ValType::kExternRef)
                return Unexpected{DecodeError::kBadValueType};
        for (const RwasmExport& e : m_.exports) {
            size_t bound = 0;
            switch (e.kind) {
            case ExternKind::kFunction:
                bound = m_.functions.size();
                break;
            case ExternKind::kTable:
                bound = m_.tables.size();
                break;
            case ExternKind::kMemory:
                bound = m_.has_memory ? 1 : 0;
                break;
            case ExternKind::kGlobal:
                bound = m_.globals.size();
                break;
            }
            if (e.index >= bound)
                return Unexpected{DecodeError::kBadIndex};
        }
        for (const RwasmElem& e : m_.elems)
            for (const uint32_t f : e.functions)
                if (f != kNullFunction && f >= m_.functions.size())
                    return Unexpected{DecodeError::kBadIndex};
        return {};
    }

    Result<void, DecodeError> verify_region(const Region& region)
    {
        const Instr& enter = m_.code[region.begin];
        if (enter.op != Opcode::kEnter)
            return Unexpected{DecodeError::kBadFunction};
        const auto locals = static_cast<uint32_t>(enter.b >> 32);
        const auto max = static_cast<uint32_t>(enter.b);
        const uint64_t base = uint64_t{enter.a} + locals;
        if (max > kMaxFunctionStackHeight || base > max)
            return Unexpected{DecodeError::kBadStack};
        region_ = &region;
        base_ = static_cast<uint32_t>(base);
        max_ = max;
        work_.clear();
        BLEND_TRY_VOID(reach(region.begin + 1, base_));
        while (!work_.empty()) {
            const uint32_t pc = work_.back();
            work_.pop_back();
            BLEND_TRY_VOID(step(pc, heights_[pc]));
        }
        if (!check_fuel_)
            return {};
        if (!m_.metered)
            return verify_no_fuel(region);
        return verify_fuel(region, locals);
    }

    /// An unmetered module has no ConsumeFuel at all: the loops never charge it, and a module
    /// cannot be half metered.
    Result<void, DecodeError> verify_no_fuel(const Region& region) const
    {
        for (uint32_t pc = region.begin; pc < region.end; ++pc)
            if (m_.code[pc].op == Opcode::kConsumeFuel)
                return Unexpected{DecodeError::kFuelInUnmetered};
        return {};
    }

    /// Metering (docs/rwasm-format.md §2). Block leaders are the instruction after Enter, every
    /// branch target, the fall-through of a conditional branch, and every ConsumeFuel. Control
    /// reaches any other reachable instruction only by falling through from the one before it, so a
    /// block — a leader and the instructions up to a terminator or the next leader — runs only
    /// after its leader ran. A leader must therefore be a ConsumeFuel of at least the block's cost
    /// (plus one per declared local at function entry, for zeroing them), unless the block costs
    /// nothing (a Return or Unreachable target, as `br_if` to the function's end compiles).
    /// Calls return into their block, which paid for the rest of itself on entry; the callee's
    /// blocks pay for the callee. BrTable's Br entries are its jump table: BrTable's own cost
    /// covers the jump, and the entries' targets are leaders. Dynamic costs (memory.grow pages,
    /// bulk memory and table bytes) are charged by the interpreter itself at the operation, so
    /// no module can skip them. Linear: every reachable pc is summed in one block only.
    Result<void, DecodeError> verify_fuel(const Region& region, uint32_t locals)
    {
        leaders_.clear();
        leaders_.push_back(region.begin + 1);
        for (uint32_t pc = region.begin + 1; pc < region.end; ++pc) {
            if (heights_[pc] == kUnvisited)
                continue;
            const Instr& in = m_.code[pc];
            if (in.op == Opcode::kConsumeFuel) {
                // Every ConsumeFuel starts a block, also one reached only by falling through
                // (the compiler puts one at each `end` of an if/else): it pays what follows it.
                leaders_.push_back(pc);
                continue;
            }
            if (in.op != Opcode::kBr && in.op != Opcode::kBrIfNez && in.op != Opcode::kBrIfEqz)
                continue;
            // In range: the stack pass checked every reachable branch target.
            leaders_.push_back(static_cast<uint32_t>(int64_t{pc} + static_cast<int32_t>(in.a)));
            if (in.op != Opcode::kBr)
                leaders_.push_back(pc + 1);
        }
        std::sort(leaders_.begin(), leaders_.end());
        leaders_.erase(std::unique(leaders_.begin(), leaders_.end()), leaders_.end());
        for (size_t i = 0; i < leaders_.size(); ++i) {
            const uint32_t leader = leaders_[i];
            const uint32_t next_leader = i + 1 < leaders_.size() ? leaders_[i + 1] : region.end;
            uint64_t cost = leader == region.begin + 1 ? locals : 0;
            for (uint32_t pc = leader; pc < next_leader; ++pc) {
                const Opcode op = m_.code[pc].op;
                cost += info(op).fuel;
                if (is_terminator(op))
                    break;
            }
            if (cost == 0)
                continue;
            const Instr& head = m_.code[leader];
            if (head.op != Opcode::kConsumeFuel)
                return Unexpected{DecodeError::kMissingFuel};
            if (head.a < cost)
                return Unexpected{DecodeError::kFuelTooLow};
        }
        return {};
    }

    /// Records that `pc` is reached with `height`; paths that meet must agree.
    Result<void, DecodeError> reach(uint64_t pc, uint64_t height)
    {
        if (pc <= region_->begin || pc >= region_->end)
            return Unexpected{DecodeError::kBadBranch};
        if (height > max_)
            return Unexpected{DecodeError::kBadStack};
        if (heights_[pc] == kUnvisited) {
            heights_[pc] = static_cast<uint32_t>(height);
            work_.push_back(static_cast<uint32_t>(pc));
            return {};
        }
        if (heights_[pc] != height)
            return Unexpected{DecodeError::kBadStack};
        return {};
    }

    Result<uint32_t, DecodeError> pop(uint32_t h, uint64_t n) const
    {
        if (h < base_ + n)
            return Unexpected{DecodeError::kBadStack};
        return static_cast<uint32_t>(h - n);
    }

    Result<void, DecodeError> branch(uint32_t pc, const Instr& in, uint32_t h)
    {
        const auto drop = static_cast<uint32_t>(in.b >> 32);
        const auto keep = static_cast<uint32_t>(in.b);
        BLEND_TRY_VOID(pop(h, uint64_t{drop} + keep));
        const int64_t target = int64_t{pc} + static_cast<int32_t>(in.a);
        if (target < 0)
            return Unexpected{DecodeError::kBadBranch};
        return reach(static_cast<uint64_t>(target), h - drop);
    }

    Result<void, DecodeError> call_effect(uint32_t pc, uint32_t type, uint32_t h, uint32_t extra)
    {
        const FuncType& t = m_.types[type];
        BLEND_TRY(const uint32_t after, pop(h, uint64_t{extra} + t.params.size()));
        return reach(pc + 1, uint64_t{after} + t.results.size());
    }

    Result<void, DecodeError> need(bool ok) const
    {
        if (!ok)
            return Unexpected{DecodeError::kBadIndex};
        return {};
    }

    Result<void, DecodeError> step(uint32_t pc, uint32_t h);

    const RwasmModule& m_;
    const bool check_fuel_;
    const bool allow_unmetered_;
    std::vector<uint32_t> leaders_;
    const std::map<uint32_t, Region>* function_starts_ = nullptr;
    const Region* region_ = nullptr;
    uint32_t base_ = 0;
    uint32_t max_ = 0;
    std::vector<uint32_t> heights_;
    std::vector<uint32_t> work_;
};

Result<void, DecodeError> Verifier::step(uint32_t pc, uint32_t h)
{
    const Instr& in = m_.code[pc];
    const OpcodeInfo& oi = info(in.op);
    switch (in.op) {
    case Opcode::kUnreachable:
        return {};
    case Opcode::kEnter:
        return Unexpected{DecodeError::kBadFunction};
    case Opcode::kReturn:
        if (in.a != region_->results)
            return Unexpected{DecodeError::kBadStack};
        BLEND_TRY_VOID(pop(h, in.a));
        return {};
    case Opcode::kBr:
        return branch(pc, in, h);
    case Opcode::kBrIfNez: {
        BLEND_TRY(const uint32_t after, pop(h, 1));
        BLEND_TRY_VOID(branch(pc, in, after));
        return reach(pc + 1, after);
    }
    case Opcode::kBrIfEqz: {
        if (in.b != 0)
            return Unexpected{DecodeError::kBadBranch};
        BLEND_TRY(const uint32_t after, pop(h, 1));
        BLEND_TRY_VOID(branch(pc, in, after));
        return reach(pc + 1, after);
    }
    case Opcode::kBrTable: {
        BLEND_TRY(const uint32_t after, pop(h, 1));
        if (in.a == 0 || uint64_t{pc} + in.a >= region_->end)
            return Unexpected{DecodeError::kBadBranch};
        for (uint32_t i = 1; i <= in.a; ++i) {
            if (m_.code[pc + i].op != Opcode::kBr)
                return Unexpected{DecodeError::kBadBranch};
            BLEND_TRY_VOID(reach(pc + i, after));
        }
        return {};
    }
    case Opcode::kCall: {
        const auto it = function_starts_->find(in.a);
        if (it == function_starts_->end() || it->second.is_entry)
            return Unexpected{DecodeError::kBadIndex};
        return call_effect(pc, it->second.type, h, 0);
    }
    case Opcode::kCallHost:
        BLEND_TRY_VOID(need(in.a < m_.host_imports.size()));
        return call_effect(pc, m_.host_imports[in.a].type, h, 0);
    case Opcode::kCallIndirect:
        BLEND_TRY_VOID(need(in.a < m_.types.size() && in.b < m_.tables.size()));
        return call_effect(pc, in.a, h, 1);
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
        BLEND_TRY_VOID(need(in.a < base_));
        break;
    case Opcode::kGlobalGet:
        BLEND_TRY_VOID(need(in.a < m_.globals.size()));
        break;
    case Opcode::kGlobalSet:
        BLEND_TRY_VOID(
            need(in.a < m_.globals.size() && (m_.globals[in.a].mutable_ || region_->is_entry)));
        break;
    case Opcode::kRefFunc:
        BLEND_TRY_VOID(need(in.a < m_.functions.size()));
        break;
    case Opcode::kTableGet:
    case Opcode::kTableSet:
    case Opcode::kTableSize:
    case Opcode::kTableGrow:
    case Opcode::kTableFill:
        BLEND_TRY_VOID(need(in.a < m_.tables.size()));
        break;
    case Opcode::kTableCopy:
        BLEND_TRY_VOID(need(in.a < m_.tables.size() && in.b < m_.tables.size()));
        break;
    case Opcode::kTableInit:
        BLEND_TRY_VOID(need(in.a < m_.elems.size() && in.b < m_.tables.size()));
        break;
    case Opcode::kElemDrop:
        BLEND_TRY_VOID(need(in.a < m_.elems.size()));
        break;
    case Opcode::kMemoryInit:
        BLEND_TRY_VOID(need(m_.has_memory && in.a < m_.data.size()));
        break;
    case Opcode::kDataDrop:
        BLEND_TRY_VOID(need(in.a < m_.data.size()));
        break;
    case Opcode::kMemorySize:
    case Opcode::kMemoryGrow:
    case Opcode::kMemoryFill:
    case Opcode::kMemoryCopy:
    case Opcode::kU256Mul:
    case Opcode::kU256Div:
    case Opcode::kU256Mod:
    case Opcode::kU256SDiv:
    case Opcode::kU256SMod:
    case Opcode::kU256AddMod:
    case Opcode::kU256MulMod:
        BLEND_TRY_VOID(need(m_.has_memory));
        break;
    default:
        if (in.op >= Opcode::kI32Load && in.op <= Opcode::kI64Store32)
            BLEND_TRY_VOID(need(m_.has_memory));
        break;
    }
    if (oi.pops < 0 || oi.pushes < 0)
        return Unexpected{DecodeError::kBadOpcode};
    BLEND_TRY(const uint32_t after, pop(h, static_cast<uint32_t>(oi.pops)));
    return reach(pc + 1, uint64_t{after} + static_cast<uint32_t>(oi.pushes));
}

}  // namespace

Result<void, DecodeError> verify_module(const RwasmModule& module, bool allow_unmetered)
{
    Verifier v(module, /*check_fuel=*/true, allow_unmetered);
    return v.run();
}

Result<std::vector<uint32_t>, DecodeError> verify_module_heights(const RwasmModule& module)
{
    static_assert(kUnvisited == kUnreachablePc);
    Verifier v(module, /*check_fuel=*/false, /*allow_unmetered=*/true);
    BLEND_TRY_VOID(v.run());
    return v.take_heights();
}

}  // namespace blend::rwasm
