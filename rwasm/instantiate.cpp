// SPDX-License-Identifier: Apache-2.0
// VM construction, instantiation (memory and tables created, then the entry segment run) and
// the entry points invoke/resume hand to the interpreter loop.
#include "rwasm/limits.hpp"
#include "rwasm/vm.hpp"

#include <algorithm>

namespace blend::rwasm {

/// Extra slots above kMaxStackSlots: invoke's arguments are placed before the first Enter check.
static constexpr uint32_t kStackHeadroom = kMaxTypeArity + 16;

Vm::Vm(const RwasmModule& module)
    : module_(module), stack_(new uint64_t[kMaxStackSlots + kStackHeadroom])
{
    frames_.reserve(64);
}

void Vm::set_fuel_limit(std::optional<uint64_t> limit) noexcept
{
    fuel_limit_ = limit ? *limit : ~uint64_t{0};
    fuel_used_ = 0;
}

void Vm::reset_after_trap() noexcept
{
    sp_ = 0;
    fp_ = 0;
    frames_.clear();
    suspended_ = false;
}

RunResult Vm::instantiate(HostHandler& host)
{
    if (instantiated_)
        return {RunStatus::kTrapped, TrapCode::kHostError};
    instantiated_ = true;
    if (module_.has_memory) {
        if (module_.memory.min > kMaxMemoryPages)
            return {RunStatus::kTrapped, TrapCode::kMemoryOutOfBounds};
        memory_.assign(uint64_t{module_.memory.min} * kPageSize, 0);
        memory_max_pages_ = std::min(module_.memory.max.value_or(kMaxMemoryPages), kMaxMemoryPages);
    }
    for (const TableType& t : module_.tables) {
        if (t.limits.min > kMaxTableSize)
            return {RunStatus::kTrapped, TrapCode::kTableOutOfBounds};
        tables_.emplace_back(t.limits.min, kNullRef);
    }
    globals_.assign(module_.globals.size(), 0);
    data_dropped_.assign(module_.data.size(), false);
    elem_dropped_.assign(module_.elems.size(), false);
    sp_ = 0;
    fp_ = 0;
    frames_.clear();
    return start(module_.entry_pc, host);
}

RunResult Vm::invoke(uint32_t index, std::span<const uint64_t> args, HostHandler& host)
{
    if (index >= module_.functions.size() || suspended_)
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
    sp_ = 0;
    fp_ = 0;
    frames_.clear();
    std::copy(args.begin(), args.end(), stack_.get());
    sp_ = static_cast<uint32_t>(args.size());
    return start(f.target, host);
}

}  // namespace blend::rwasm
