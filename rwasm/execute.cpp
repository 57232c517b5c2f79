// SPDX-License-Identifier: Apache-2.0
// The interpreter loop: computed-goto dispatch over the opcode list of opcodes.hpp (GCC
// labels-as-values). Registers (ip, sp, fp, memory base, fuel) live in locals and are written
// back to the Vm on every exit, so a suspended run is plain data.
#include "core/assert.hpp"
#include "rwasm/fast_code.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/numeric.hpp"
#include "rwasm/u256_builtins.hpp"
#include "rwasm/vm.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

// Labels-as-values and computed goto are GNU extensions (aesthetics.md §6 rule 4).
#pragma GCC diagnostic ignored "-Wpedantic"

namespace blend::rwasm {

static_assert(std::endian::native == std::endian::little,
              "linear memory is little-endian (Wasm core spec §4.2.8); loads use memcpy");

namespace {

template <typename T>
T load(const uint8_t* p) noexcept
{
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

template <typename T>
void store(uint8_t* p, T v) noexcept
{
    std::memcpy(p, &v, sizeof(T));
}

uint64_t ceil_div(uint64_t n, uint64_t d) noexcept
{
    return (n + d - 1) / d;
}

}  // namespace

template <bool kTrace>
RunResult Vm::run(HostHandler& host)
{
    static const void* const kLabels[] = {
#define BLEND_LABEL(name, ...) &&op_##name,
        BLEND_RWASM_OPS(BLEND_LABEL)
#undef BLEND_LABEL
    };
    static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == kOpcodeCount);

    const Instr* const code = module_.code.data();
    const Instr* ip = code + pc_;
    uint64_t* const stack = stack_.get();
    uint64_t* sp = stack + sp_;
    uint64_t* fp = stack + fp_;
    uint8_t* mem = memory_ ? memory_->data() : nullptr;
    uint64_t mem_size = memory_ ? memory_->committed_size() : 0;  // the committed bound
    const uint64_t own_ref_tag = uint64_t{instance_id_} << 32;
    uint64_t fuel_left = fuel_limit_ - fuel_used_;
    const bool metered = module_.metered;
    TrapCode trap = TrapCode::kNone;
    std::vector<uint64_t> host_results;
    const HostImport* host_import = nullptr;
    uint64_t foreign_ref = 0;

#define BLEND_SAVE()                             \
    do {                                         \
        pc_ = static_cast<uint32_t>(ip - code);  \
        sp_ = static_cast<uint32_t>(sp - stack); \
        fp_ = static_cast<uint32_t>(fp - stack); \
        fuel_used_ = fuel_limit_ - fuel_left;    \
    } while (false)
/* After a host call: memory may have grown and fuel may have been spent by a nested run. */
#define BLEND_RELOAD()                                      \
    do {                                                    \
        mem = memory_ ? memory_->data() : nullptr;          \
        mem_size = memory_ ? memory_->committed_size() : 0; \
        fuel_left = fuel_limit_ - fuel_used_;               \
    } while (false)
#define BLEND_TRAP(code_) \
    do {                  \
        trap = (code_);   \
        goto trapped;     \
    } while (false)
#define BLEND_DISPATCH()                                               \
    do {                                                               \
        if constexpr (kTrace)                                          \
            tracer_->on_step(static_cast<uint32_t>(ip - code), ip->op, \
                             static_cast<uint32_t>(sp - stack));       \
        goto* kLabels[static_cast<uint8_t>(ip->op)];                   \
    } while (false)
#define BLEND_NEXT()      \
    do {                  \
        ++ip;             \
        BLEND_DISPATCH(); \
    } while (false)
#define BLEND_CHARGE(amount)                  \
    do {                                      \
        const uint64_t charge_ = (amount);    \
        if (charge_ > fuel_left)              \
            BLEND_TRAP(TrapCode::kOutOfFuel); \
        fuel_left -= charge_;                 \
    } while (false)
/* Dynamic costs (memory.grow pages, bulk bytes, table elements): none for an unmetered module, */
/* which charges its own gas (docs/abi.md §5), so interpreted and native runs spend the same. */
#define BLEND_CHARGE_DYNAMIC(amount) \
    do {                             \
        if (metered)                 \
            BLEND_CHARGE(amount);    \
    } while (false)
/* Past the committed bound (vm.hpp Memory): commits and charges the pages up to `end`, or traps */
/* above the declared size. Out of line, and fuel_left passed by value so that it stays in a */
/* register: the hot path stays one compare. */
#define BLEND_COMMIT(end)                                                                     \
    do {                                                                                      \
        const CommitResult commit_ = commit_memory(memory_.get(), (end), fuel_left, metered); \
        if (commit_.trap != TrapCode::kNone)                                                  \
            BLEND_TRAP(commit_.trap);                                                         \
        fuel_left -= commit_.fuel;                                                            \
        mem_size = memory_->committed_size();                                                 \
    } while (false)

    BLEND_DISPATCH();

op_Unreachable:
    BLEND_TRAP(TrapCode::kUnreachable);
op_ConsumeFuel:
    BLEND_CHARGE(ip->a);
    BLEND_NEXT();
op_Enter : {
    fp = sp - ip->a;
    const auto locals = static_cast<uint32_t>(ip->b >> 32);
    const auto max_height = static_cast<uint32_t>(ip->b);
    if (static_cast<uint64_t>(fp - stack) + max_height > kMaxStackSlots)
        BLEND_TRAP(TrapCode::kStackOverflow);
    for (uint32_t i = 0; i < locals; ++i)  // usually a handful: cheaper than a memset call
        *sp++ = 0;
    BLEND_NEXT();
}
op_Return : {
    const uint32_t n = ip->a;
    const uint64_t* results = sp - n;
    for (uint32_t i = 0; i < n; ++i)  // fp <= results: a forward copy is a correct memmove
        fp[i] = results[i];
    sp = fp + n;
    if (depth_ == frame_base_) {
        results_.assign(fp, fp + n);
        BLEND_SAVE();
        return {RunStatus::kFinished, TrapCode::kNone};
    }
    const Frame f = frames_[--depth_];
    ip = code + f.return_pc;
    fp = stack + f.fp;
    BLEND_DISPATCH();
}
#define BLEND_ADJUST()                                                            \
    do {                                                                          \
        const auto drop = static_cast<uint32_t>(ip->b >> 32);                     \
        if (drop != 0) {                                                          \
            const auto keep = static_cast<uint32_t>(ip->b);                       \
            const uint64_t* src_ = sp - keep;                                     \
            uint64_t* dst_ = sp - keep - drop;                                    \
            for (uint32_t k_ = 0; k_ < keep; ++k_) /* forward copy: moves down */ \
                dst_[k_] = src_[k_];                                              \
            sp -= drop;                                                           \
        }                                                                         \
    } while (false)
op_Br:
    BLEND_ADJUST();
    ip += static_cast<int32_t>(ip->a);
    BLEND_DISPATCH();
op_BrIfNez:
    if (static_cast<uint32_t>(*--sp) != 0) {
        BLEND_ADJUST();
        ip += static_cast<int32_t>(ip->a);
        BLEND_DISPATCH();
    }
    BLEND_NEXT();
op_BrIfEqz:
    if (static_cast<uint32_t>(*--sp) == 0) {
        ip += static_cast<int32_t>(ip->a);
        BLEND_DISPATCH();
    }
    BLEND_NEXT();
op_BrTable : {
    const auto index = static_cast<uint32_t>(*--sp);
    ip += 1 + std::min(index, ip->a - 1);
    BLEND_DISPATCH();
}
op_Call:
    if (depth_ >= kMaxCallDepth)
        BLEND_TRAP(TrapCode::kStackOverflow);
    frames_[depth_++] = {static_cast<uint32_t>(ip + 1 - code), static_cast<uint32_t>(fp - stack)};
    ip = code + ip->a;
    BLEND_DISPATCH();
op_CallIndirect : {
    const auto index = static_cast<uint32_t>(*--sp);
    const std::vector<uint64_t>& table = tables_[ip->b]->elements;
    if (index >= table.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    const uint64_t ref = table[index];
    if (ref == kNullRef)
        BLEND_TRAP(TrapCode::kIndirectCallToNull);
    if ((ref & ~uint64_t{0xFFFFFFFF}) != own_ref_tag) {
        foreign_ref = ref;
        goto foreign_call;
    }
    const FunctionEntry& callee = module_.functions[(ref & 0xFFFFFFFF) - 1];
    if (callee.type != ip->a)
        BLEND_TRAP(TrapCode::kBadSignature);
    if (!callee.is_host) {
        if (depth_ >= kMaxCallDepth)
            BLEND_TRAP(TrapCode::kStackOverflow);
        frames_[depth_++] = {static_cast<uint32_t>(ip + 1 - code),
                             static_cast<uint32_t>(fp - stack)};
        ip = code + callee.target;
        BLEND_DISPATCH();
    }
    host_import = &module_.host_imports[callee.target];
    goto host_call;
}
op_CallHost:
    host_import = &module_.host_imports[ip->a];
    goto host_call;
host_call : {
    const FuncType& type = module_.types[host_import->type];
    const auto np = static_cast<uint32_t>(type.params.size());
    const auto nr = static_cast<uint32_t>(type.results.size());
    host_results.assign(nr, 0);
    ++ip;
    BLEND_SAVE();  // sp_ above the params: a host that re-enters this VM runs above them
    sp -= np;
    const HostStatus status = host.call(*this, host_import->host_id, {sp, np}, host_results);
    BLEND_RELOAD();
    if (status == HostStatus::kTrap)
        BLEND_TRAP(fuel_exhausted_ ? TrapCode::kOutOfFuel : TrapCode::kHostError);
    if (status == HostStatus::kSuspend) {
        sp_ = static_cast<uint32_t>(sp - stack);
        suspended_ = true;
        pending_host_results_ = nr;
        return {RunStatus::kSuspended, TrapCode::kNone};
    }
    std::copy(host_results.begin(), host_results.end(), sp);
    sp += nr;
    BLEND_DISPATCH();
}
foreign_call : {
    const FuncType& type = module_.types[ip->a];
    const auto np = static_cast<uint32_t>(type.params.size());
    const auto nr = static_cast<uint32_t>(type.results.size());
    host_results.assign(nr, 0);
    ++ip;
    BLEND_SAVE();
    sp -= np;
    TrapCode foreign_trap = TrapCode::kNone;
    const HostStatus status =
        host.call_foreign(*this, foreign_ref, type, {sp, np}, host_results, foreign_trap);
    BLEND_RELOAD();
    if (status != HostStatus::kReturn)
        BLEND_TRAP(foreign_trap == TrapCode::kNone ? TrapCode::kHostError : foreign_trap);
    std::copy(host_results.begin(), host_results.end(), sp);
    sp += nr;
    BLEND_DISPATCH();
}
op_Const:
    *sp++ = ip->b;
    BLEND_NEXT();
op_Drop:
    --sp;
    BLEND_NEXT();
op_Select : {
    const uint64_t c = *--sp;
    const uint64_t b = *--sp;
    if (static_cast<uint32_t>(c) == 0)
        sp[-1] = b;
    BLEND_NEXT();
}
op_LocalGet:
    *sp++ = fp[ip->a];
    BLEND_NEXT();
op_LocalSet:
    fp[ip->a] = *--sp;
    BLEND_NEXT();
op_LocalTee:
    fp[ip->a] = sp[-1];
    BLEND_NEXT();
op_GlobalGet:
    *sp++ = *globals_[ip->a];
    BLEND_NEXT();
op_GlobalSet:
    *globals_[ip->a] = *--sp;
    BLEND_NEXT();
op_RefFunc:
    *sp++ = own_ref_tag | (uint64_t{ip->a} + 1);
    BLEND_NEXT();
op_TableGet : {
    const std::vector<uint64_t>& t = tables_[ip->a]->elements;
    const auto i = static_cast<uint32_t>(sp[-1]);
    if (i >= t.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    sp[-1] = t[i];
    BLEND_NEXT();
}
op_TableSet : {
    std::vector<uint64_t>& t = tables_[ip->a]->elements;
    const uint64_t v = *--sp;
    const auto i = static_cast<uint32_t>(*--sp);
    if (i >= t.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    t[i] = v;
    BLEND_NEXT();
}
op_TableSize:
    *sp++ = tables_[ip->a]->elements.size();
    BLEND_NEXT();
op_TableGrow : {
    std::vector<uint64_t>& t = tables_[ip->a]->elements;
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const uint64_t init = sp[-1];
    const uint64_t max = tables_[ip->a]->max;
    const uint64_t old = t.size();
    if (old + n > max) {
        sp[-1] = 0xFFFFFFFFu;
        BLEND_NEXT();
    }
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kElemsPerFuel));
    t.resize(old + n, init);
    sp[-1] = old;
    BLEND_NEXT();
}
op_TableFill : {
    std::vector<uint64_t>& t = tables_[ip->a]->elements;
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const uint64_t v = *--sp;
    const uint64_t i = static_cast<uint32_t>(*--sp);
    if (i + n > t.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kElemsPerFuel));
    std::fill_n(t.begin() + static_cast<ptrdiff_t>(i), n, v);
    BLEND_NEXT();
}
op_TableCopy : {
    std::vector<uint64_t>& dst = tables_[ip->a]->elements;
    const std::vector<uint64_t>& src = tables_[ip->b]->elements;
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const uint64_t s = static_cast<uint32_t>(*--sp);
    const uint64_t d = static_cast<uint32_t>(*--sp);
    if (s + n > src.size() || d + n > dst.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kElemsPerFuel));
    if (n != 0)
        std::memmove(dst.data() + d, src.data() + s, n * sizeof(uint64_t));
    BLEND_NEXT();
}
op_TableInit : {
    std::vector<uint64_t>& t = tables_[ip->b]->elements;
    const RwasmElem& seg = module_.elems[ip->a];
    const uint64_t seg_len = elem_dropped_[ip->a] ? 0 : seg.functions.size();
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const uint64_t s = static_cast<uint32_t>(*--sp);
    const uint64_t d = static_cast<uint32_t>(*--sp);
    if (s + n > seg_len || d + n > t.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kElemsPerFuel));
    for (uint64_t k = 0; k < n; ++k) {
        const uint32_t f = seg.functions[s + k];
        t[d + k] = f == kNullFunction ? kNullRef : own_ref_tag | (uint64_t{f} + 1);
    }
    BLEND_NEXT();
}
op_ElemDrop:
    elem_dropped_[ip->a] = true;
    BLEND_NEXT();
op_MemorySize:
    *sp++ = memory_->pages();  // declared, not committed
    BLEND_NEXT();
op_MemoryGrow : {
    const uint64_t delta = static_cast<uint32_t>(sp[-1]);
    const uint64_t old_pages = memory_->pages();
    if (old_pages + delta > memory_->max_pages()) {
        sp[-1] = 0xFFFFFFFFu;  // spec §4.4.7.7: failure returns -1
        BLEND_NEXT();
    }
    // The new pages are charged when committed; growing only declares them (vm.hpp kFuelPerGrow).
    if (delta != 0)
        BLEND_CHARGE_DYNAMIC(kFuelPerGrow);
    const bool grown = memory_->grow(static_cast<uint32_t>(delta));
    BLEND_ASSERT(grown);  // the maximum was checked above
    sp[-1] = old_pages;
    BLEND_NEXT();
}
op_MemoryFill : {
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const auto v = static_cast<uint8_t>(*--sp);
    const uint64_t d = static_cast<uint32_t>(*--sp);
    if (d + n > mem_size)
        BLEND_COMMIT(d + n);
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kBytesPerFuel));
    std::memset(mem + d, v, n);
    BLEND_NEXT();
}
op_MemoryCopy : {
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const uint64_t s = static_cast<uint32_t>(*--sp);
    const uint64_t d = static_cast<uint32_t>(*--sp);
    if (s + n > mem_size || d + n > mem_size)
        BLEND_COMMIT(std::max(s, d) + n);
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kBytesPerFuel));
    std::memmove(mem + d, mem + s, n);
    BLEND_NEXT();
}
op_MemoryInit : {
    const Bytes& seg = module_.data[ip->a];
    const uint64_t seg_len = data_dropped_[ip->a] ? 0 : seg.size();
    const uint64_t n = static_cast<uint32_t>(*--sp);
    const uint64_t s = static_cast<uint32_t>(*--sp);
    const uint64_t d = static_cast<uint32_t>(*--sp);
    if (s + n > seg_len)
        BLEND_TRAP(TrapCode::kMemoryOutOfBounds);
    if (d + n > mem_size)
        BLEND_COMMIT(d + n);
    BLEND_CHARGE_DYNAMIC(ceil_div(n, kBytesPerFuel));
    if (n != 0)
        std::memcpy(mem + d, seg.data() + s, n);
    BLEND_NEXT();
}
op_DataDrop:
    data_dropped_[ip->a] = true;
    BLEND_NEXT();

#define BLEND_LOAD(name, T, convert)                                         \
    op_##name:                                                               \
    {                                                                        \
        const uint64_t ea = static_cast<uint32_t>(sp[-1]) + uint64_t{ip->a}; \
        if (ea + sizeof(T) > mem_size)                                       \
            BLEND_COMMIT(ea + sizeof(T));                                    \
        if constexpr (kTrace)                                                \
            tracer_->on_memory(ea, sizeof(T), false);                        \
        sp[-1] = convert(load<T>(mem + ea));                                 \
        BLEND_NEXT();                                                        \
    }
#define BLEND_STORE(name, T)                                                \
    op_##name:                                                              \
    {                                                                       \
        const uint64_t v = *--sp;                                           \
        const uint64_t ea = static_cast<uint32_t>(*--sp) + uint64_t{ip->a}; \
        if (ea + sizeof(T) > mem_size)                                      \
            BLEND_COMMIT(ea + sizeof(T));                                   \
        if constexpr (kTrace)                                               \
            tracer_->on_memory(ea, sizeof(T), true);                        \
        store<T>(mem + ea, static_cast<T>(v));                              \
        BLEND_NEXT();                                                       \
    }
#define BLEND_ZX(v) static_cast<uint64_t>(v)
#define BLEND_SX32(v) static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>(v)))
#define BLEND_SX64(v) static_cast<uint64_t>(static_cast<int64_t>(v))
    BLEND_LOAD(I32Load, uint32_t, BLEND_ZX)
    BLEND_LOAD(I64Load, uint64_t, BLEND_ZX)
    BLEND_LOAD(F32Load, uint32_t, BLEND_ZX)
    BLEND_LOAD(F64Load, uint64_t, BLEND_ZX)
    BLEND_LOAD(I32Load8S, int8_t, BLEND_SX32)
    BLEND_LOAD(I32Load8U, uint8_t, BLEND_ZX)
    BLEND_LOAD(I32Load16S, int16_t, BLEND_SX32)
    BLEND_LOAD(I32Load16U, uint16_t, BLEND_ZX)
    BLEND_LOAD(I64Load8S, int8_t, BLEND_SX64)
    BLEND_LOAD(I64Load8U, uint8_t, BLEND_ZX)
    BLEND_LOAD(I64Load16S, int16_t, BLEND_SX64)
    BLEND_LOAD(I64Load16U, uint16_t, BLEND_ZX)
    BLEND_LOAD(I64Load32S, int32_t, BLEND_SX64)
    BLEND_LOAD(I64Load32U, uint32_t, BLEND_ZX)
    BLEND_STORE(I32Store, uint32_t)
    BLEND_STORE(I64Store, uint64_t)
    BLEND_STORE(F32Store, uint32_t)
    BLEND_STORE(F64Store, uint64_t)
    BLEND_STORE(I32Store8, uint8_t)
    BLEND_STORE(I64Store8, uint8_t)
    BLEND_STORE(I32Store16, uint16_t)
    BLEND_STORE(I64Store16, uint16_t)
    BLEND_STORE(I64Store32, uint32_t)

#define BLEND_NUM_U(name)                   \
    op_##name : sp[-1] = num::name(sp[-1]); \
    BLEND_NEXT();
#define BLEND_NUM_B(name)              \
    op_##name : --sp;                  \
    sp[-1] = num::name(sp[-1], sp[0]); \
    BLEND_NEXT();
#define BLEND_NUM_UT(name)                        \
    op_##name : sp[-1] = num::name(sp[-1], trap); \
    if (trap != TrapCode::kNone)                  \
        goto trapped;                             \
    BLEND_NEXT();
#define BLEND_NUM_BT(name)                   \
    op_##name : --sp;                        \
    sp[-1] = num::name(sp[-1], sp[0], trap); \
    if (trap != TrapCode::kNone)             \
        goto trapped;                        \
    BLEND_NEXT();
#define BLEND_NUM(X, name, code_, shape, a, b, r) BLEND_NUM_##shape(name)
    BLEND_WASM_NUMERIC_OPS_WITH(BLEND_NUM, _)

/* The 256-bit builtins (u256_builtins.hpp): the addresses are popped, the result's first in the */
/* list. One check of the highest operand end commits (and charges) pages like any access. */
#define BLEND_U256_3(name, fn)                                               \
    op_##name:                                                               \
    {                                                                        \
        const auto b_ = static_cast<uint32_t>(*--sp);                        \
        const auto a_ = static_cast<uint32_t>(*--sp);                        \
        const auto r_ = static_cast<uint32_t>(*--sp);                        \
        const uint64_t end_ = uint64_t{std::max({r_, a_, b_})} + kU256Bytes; \
        if (end_ > mem_size)                                                 \
            BLEND_COMMIT(end_);                                              \
        fn(mem, r_, a_, b_);                                                 \
        BLEND_NEXT();                                                        \
    }
#define BLEND_U256_4(name, fn)                                                   \
    op_##name:                                                                   \
    {                                                                            \
        const auto m_ = static_cast<uint32_t>(*--sp);                            \
        const auto b_ = static_cast<uint32_t>(*--sp);                            \
        const auto a_ = static_cast<uint32_t>(*--sp);                            \
        const auto r_ = static_cast<uint32_t>(*--sp);                            \
        const uint64_t end_ = uint64_t{std::max({r_, a_, b_, m_})} + kU256Bytes; \
        if (end_ > mem_size)                                                     \
            BLEND_COMMIT(end_);                                                  \
        fn(mem, r_, a_, b_, m_);                                                 \
        BLEND_NEXT();                                                            \
    }
#define BLEND_U256_OP(name, import_name, fn, params) BLEND_U256_##params(name, fn)
    BLEND_RWASM_U256_BUILTINS(BLEND_U256_OP)
#undef BLEND_U256_OP
#undef BLEND_U256_3
#undef BLEND_U256_4

trapped:
    BLEND_SAVE();
    // Running out of fuel spends the whole budget, as a host's charge_fuel does (and as an EVM
    // out-of-gas consumes all gas): the block that could not be paid is not partly refunded.
    if (trap == TrapCode::kOutOfFuel)
        fuel_used_ = fuel_limit_;
    fuel_exhausted_ = false;
    if (frame_base_ == 0)
        reset_after_trap();  // a nested activation is unwound by invoke_nested instead
    return {RunStatus::kTrapped, trap};

#undef BLEND_SAVE
#undef BLEND_TRAP
#undef BLEND_DISPATCH
#undef BLEND_NEXT
#undef BLEND_CHARGE
#undef BLEND_CHARGE_DYNAMIC
#undef BLEND_RELOAD
#undef BLEND_ADJUST
}

// Both loops are used from instantiate.cpp too (nested activations).
template RunResult Vm::run<true>(HostHandler& host);
template RunResult Vm::run<false>(HostHandler& host);

RunResult Vm::run_current(HostHandler& host)
{
    if (fast_run_)
        return run_fast(host);
    return tracer_ != nullptr ? run<true>(host) : run<false>(host);
}

RunResult Vm::start(uint32_t pc, HostHandler& host)
{
    fast_run_ = engine_ == Engine::kFast && tracer_ == nullptr;
    if (fast_run_) {
        if (!fast_)
            fast_ = translate_module(module_);
        pc = fast_->pc_map[pc];
    }
    pc_ = pc;
    suspended_ = false;
    running_ = true;
    const RunResult r = run_current(host);
    running_ = false;
    return r;
}

RunResult Vm::resume(std::span<const uint64_t> results, HostHandler& host)
{
    if (!suspended_ || running_ || results.size() != pending_host_results_)
        return {RunStatus::kTrapped, TrapCode::kHostError};
    suspended_ = false;
    std::copy(results.begin(), results.end(), stack_.get() + sp_);
    sp_ += static_cast<uint32_t>(results.size());
    running_ = true;
    const RunResult r = run_current(host);
    running_ = false;
    return r;
}

}  // namespace blend::rwasm
