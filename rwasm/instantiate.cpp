// SPDX-License-Identifier: Apache-2.0
// VM construction, instantiation (memory and tables created, then the entry segment run) and
// the entry points invoke/resume hand to the interpreter loop.
#include "rwasm/fast_code.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/vm.hpp"

#include <algorithm>

namespace blend::rwasm {

/// Extra slots above kMaxStackSlots: invoke's arguments are placed before the first Enter check.
static constexpr uint32_t kStackHeadroom = kMaxTypeArity + 16;

Vm::Vm(const RwasmModule& module, uint32_t instance_id)
    : module_(module),
      stack_(new uint64_t[kMaxStackSlots + kStackHeadroom]),
      frames_(new Frame[kMaxCallDepth]),
      instance_id_(instance_id)
{}

void Vm::set_fuel_limit(std::optional<uint64_t> limit) noexcept
{
    fuel_limit_ = limit ? *limit : ~uint64_t{0};
    fuel_used_ = 0;
}

void Vm::reset_after_trap() noexcept
{
    sp_ = 0;
    fp_ = 0;
    depth_ = 0;
    suspended_ = false;
}

RunResult Vm::instantiate(HostHandler& host, const ExternImports& imports)
{
    constexpr RunResult kBadImports{RunStatus::kTrapped, TrapCode::kHostError};
    if (instantiated_)
        return kBadImports;
    instantiated_ = true;
    if (module_.has_memory) {
        if (module_.memory_imported) {
            if (!imports.memory)
                return kBadImports;
            memory_ = imports.memory;
        } else {
            const uint32_t max_pages =
                std::min(module_.memory.max.value_or(kMaxMemoryPages), kMaxMemoryPages);
            // Compiled modules have min <= max (validation); a hand-made one may not.
            if (module_.memory.min > max_pages)
                return {RunStatus::kTrapped, TrapCode::kMemoryOutOfBounds};
            memory_ = Memory::create(module_.memory.min, max_pages);
        }
    }
    if (imports.tables.size() != module_.imported_tables ||
        imports.globals.size() != module_.imported_globals)
        return kBadImports;
    for (uint32_t i = 0; i < module_.tables.size(); ++i) {
        if (i < module_.imported_tables) {
            if (!imports.tables[i])
                return kBadImports;
            tables_.push_back(imports.tables[i]);
            continue;
        }
        const TableType& t = module_.tables[i];
        if (t.limits.min > kMaxTableSize)
            return {RunStatus::kTrapped, TrapCode::kTableOutOfBounds};
        auto table = std::make_shared<Table>();
        table->elements.assign(t.limits.min, kNullRef);
        table->max = std::min<uint64_t>(t.limits.max.value_or(0xFFFFFFFFu), kMaxTableSize);
        tables_.push_back(std::move(table));
    }
    for (uint32_t i = 0; i < module_.globals.size(); ++i) {
        if (i < module_.imported_globals) {
            if (!imports.globals[i])
                return kBadImports;
            global_cells_.push_back(imports.globals[i]);
        } else {
            global_cells_.push_back(std::make_shared<uint64_t>(0));
        }
        globals_.push_back(global_cells_.back().get());
    }
    allocated_ = true;  // spec §4.5.4: the instance exists even if its entry segment traps
    data_dropped_.assign(module_.data.size(), false);
    elem_dropped_.assign(module_.elems.size(), false);
    sp_ = 0;
    fp_ = 0;
    depth_ = 0;
    return start(module_.entry_pc, host);
}

RunResult Vm::invoke(uint32_t index, std::span<const uint64_t> args, HostHandler& host)
{
    if (!allocated_ || index >= module_.functions.size() || suspended_)
        return {RunStatus::kTrapped, TrapCode::kHostError};
    const FunctionEntry& f = module_.functions[index];
    const FuncType& type = module_.types[f.type];
    if (args.size() != type.params.size())
        return {RunStatus::kTrapped, TrapCode::kHostError};
    if (f.is_host) {
        const HostImport& import = module_.host_imports[f.target];
        results_.assign(type.results.size(), 0);
        const HostStatus status = host.call(*this, import.host_id, args, results_);
        if (status != HostStatus::kReturn)
            return {RunStatus::kTrapped, TrapCode::kHostError};
        return {RunStatus::kFinished, TrapCode::kNone};
    }
    if (running_)
        return invoke_nested(f, args, host);
    sp_ = 0;
    fp_ = 0;
    depth_ = 0;
    std::copy(args.begin(), args.end(), stack_.get());
    sp_ = static_cast<uint32_t>(args.size());
    return start(f.target, host);
}

/// A host call re-entered this VM (the spec suite's cross-instance calls do). The nested run
/// uses the stack above the outer one and a sentinel frame, so it counts toward the call depth,
/// and everything outer is restored afterwards. A nested run may not suspend.
RunResult Vm::invoke_nested(const FunctionEntry& f,
                            std::span<const uint64_t> args,
                            HostHandler& host)
{
    if (depth_ >= kMaxCallDepth || uint64_t{sp_} + args.size() > kMaxStackSlots)
        return {RunStatus::kTrapped, TrapCode::kStackOverflow};
    const uint32_t saved_pc = pc_, saved_sp = sp_, saved_fp = fp_, saved_base = frame_base_;
    const uint32_t saved_depth = depth_;
    frames_[depth_++] = {saved_pc, saved_fp};
    frame_base_ = depth_;
    std::copy(args.begin(), args.end(), stack_.get() + sp_);
    sp_ += static_cast<uint32_t>(args.size());
    pc_ = fast_run_ ? fast_->pc_map[f.target] : f.target;
    RunResult r = run_current(host);
    if (r.status == RunStatus::kSuspended)
        r = {RunStatus::kTrapped, TrapCode::kHostError};
    depth_ = saved_depth;
    pc_ = saved_pc;
    sp_ = saved_sp;
    fp_ = saved_fp;
    frame_base_ = saved_base;
    suspended_ = false;
    return r;
}

}  // namespace blend::rwasm
