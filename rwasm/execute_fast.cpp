// SPDX-License-Identifier: Apache-2.0
// The interpreter loop over the internal register-style form (fast_code.hpp): computed-goto
// dispatch, operands addressed as frame slots. Same VM state and exits as the canonical loop
// in execute.cpp (pc_ is then an internal pc): a suspended run is plain data, traps and fuel are
// the canonical module's. Never traces: with a tracer set, Vm runs the canonical loop.
#include "core/assert.hpp"
#include "rwasm/fast_code.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/numeric.hpp"
#include "rwasm/u256_builtins.hpp"
#include "rwasm/vm.hpp"

#include <algorithm>
#include <cstring>

// Labels-as-values and computed goto are GNU extensions (aesthetics.md §6 rule 4).
#pragma GCC diagnostic ignored "-Wpedantic"

namespace blend::rwasm {

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

/// Enter zeroes this many slots at once when a function has at most that many locals
/// (kStackHeadroom in instantiate.cpp keeps the extra stores inside the stack).
constexpr uint32_t kZeroedAtOnce = 4;

/// A byte offset for a fast-loop frame: code is at most kMaxCodeLength instructions and the stack
/// kMaxStackSlots slots, so both fit 32 bits.
template <typename T>
uint32_t frame_offset(const T* p, const T* base) noexcept
{
    return static_cast<uint32_t>(reinterpret_cast<const uint8_t*>(p) -
                                 reinterpret_cast<const uint8_t*>(base));
}

uint64_t ceil_div(uint64_t n, uint64_t d) noexcept
{
    return (n + d - 1) / d;
}

}  // namespace

RunResult Vm::run_fast(HostHandler& host)
{
    static const void* const kLabels[] = {
#define BLEND_LABEL(name) &&op_##name,
        BLEND_FAST_OPS(BLEND_LABEL)
#undef BLEND_LABEL
    };

    static_assert(sizeof(kLabels) / sizeof(kLabels[0]) ==
                  static_cast<size_t>(FastOp::kBrEqz_I64GeU_AK) + 1);

    const FastCode& fast = *fast_;
    std::call_once(fast.threaded_once, [&fast] {
        for (FastInstr& fi : fast.code)
            fi.handler = kLabels[static_cast<uint16_t>(fi.op)];
    });
    const FastInstr* const code = fast.code.data();
    // Frames pushed here hold byte offsets from code and stack (no scaling on call and return);
    // only this loop reads them back (BLEND_LEAVE stops at frames_base, below which an outer
    // activation's frames keep their own meaning).
    const auto* const code_bytes = reinterpret_cast<const uint8_t*>(code);
    // The call stack as a pointer to its next free frame (one hot register instead of an
    // index and a base); depth_ is fsp - frames.
    Frame* const frames = frames_.get();
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    // GCC 12 allocates the loop's registers as a whole and left fsp on the stack: every call
    // stored it and every return did a read-modify-write of it, so the call/return chain went
    // through store forwarding. Pinned to a callee-saved register (GCC's explicit register
    // variable: only a placement hint, the semantics stay those of a plain local) fib(30) took
    // 17.5 -> 15.0 ms, best of 7 interleaved (docs/rwasm-format.md §7).
    register Frame* fsp asm("r12") = frames + depth_;
#else
    Frame* fsp = frames + depth_;
#endif
    const Frame* const frames_end = frames + kMaxCallDepth;
    const Frame* const frames_base = frames + frame_base_;
    const FastInstr* ip = code + pc_;
    uint64_t* const stack = stack_.get();
    uint64_t* sp = stack + sp_;
    uint64_t* fp = stack + fp_;
    // Enter's check as a pointer compare (the canonical `fp - stack + max_height > limit`).
    const uint64_t* const stack_end = stack + kMaxStackSlots;
    uint8_t* mem = memory_ ? memory_->data() : nullptr;
    uint64_t mem_size = memory_ ? memory_->committed_size() : 0;  // the committed bound
    const uint64_t own_ref_tag = uint64_t{instance_id_} << 32;
    uint64_t fuel_left = fuel_limit_ - fuel_used_;
    const bool metered = module_.metered;
    TrapCode trap = TrapCode::kNone;
    std::vector<uint64_t> host_results;
    const HostImport* host_import = nullptr;
    uint64_t foreign_ref = 0;
    uint32_t foreign_type = 0;
    // The last producer's result (the `_A` forms in fast_code.hpp). A call's single result is
    // one too; after a suspension the host's result sits on top of the stack.
    uint64_t acc = sp_ > 0 ? stack[sp_ - 1] : 0;

#define BLEND_SAVE()                                  \
    do {                                              \
        depth_ = static_cast<uint32_t>(fsp - frames); \
        pc_ = static_cast<uint32_t>(ip - code);       \
        sp_ = static_cast<uint32_t>(sp - stack);      \
        fp_ = static_cast<uint32_t>(fp - stack);      \
        fuel_used_ = fuel_limit_ - fuel_left;         \
    } while (false)
#define BLEND_RELOAD()                                      \
    do {                                                    \
        mem = memory_ ? memory_->data() : nullptr;          \
        mem_size = memory_ ? memory_->committed_size() : 0; \
        fuel_left = fuel_limit_ - fuel_used_;               \
        fsp = frames + depth_;                              \
    } while (false)
#define BLEND_TRAP(code_) \
    do {                  \
        trap = (code_);   \
        goto trapped;     \
    } while (false)
#define BLEND_DISPATCH() goto * ip->handler
#define BLEND_NEXT()      \
    do {                  \
        ++ip;             \
        BLEND_DISPATCH(); \
    } while (false)
#define BLEND_JUMP(target)    \
    do {                      \
        ip = code + (target); \
        BLEND_DISPATCH();     \
    } while (false)
#define BLEND_CHARGE(amount)                  \
    do {                                      \
        const uint64_t charge_ = (amount);    \
        if (charge_ > fuel_left) [[unlikely]] \
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
#define BLEND_COPY_DOWN(dst, src, n)                                  \
    do {                                                              \
        for (uint32_t k_ = 0; k_ < (n); ++k_) /* dst <= src: moves */ \
            fp[(dst) + k_] = fp[(src) + k_];                          \
    } while (false)

    BLEND_DISPATCH();

op_Trap:
    BLEND_TRAP(TrapCode::kUnreachable);
op_ConsumeFuel:
    BLEND_CHARGE(ip->k);
    BLEND_NEXT();
    // Enter (d = max height, a = params, b = locals, k = the entry block's fuel): the canonical
    // Enter's stack check on the same fp, zeroed locals, then the entry block's ConsumeFuel.
#define BLEND_ENTER(e)                                                      \
    do {                                                                    \
        if (fp + (e)->d > stack_end) [[unlikely]]                           \
            BLEND_TRAP(TrapCode::kStackOverflow);                           \
        uint64_t* locals_ = fp + (e)->a;                                    \
        const uint32_t n_ = (e)->b;                                         \
        if (n_ <= kZeroedAtOnce) {                                          \
            /* Most functions have few locals: four stores, no loop. The */ \
            /* slots above the locals are the callee's dead temporaries, */ \
            /* and the stack's headroom covers them at its very top. */     \
            locals_[0] = 0;                                                 \
            locals_[1] = 0;                                                 \
            locals_[2] = 0;                                                 \
            locals_[3] = 0;                                                 \
        } else {                                                            \
            uint64_t* const end_ = locals_ + n_;                            \
            while (locals_ < end_) {                                        \
                *locals_++ = 0;                                             \
                /* An opaque pointer keeps this a few stores: as a */       \
                /* memset call (and its spills) it cost 10% of fib. */      \
                __asm__("" : "+r"(locals_));                                \
            }                                                               \
        }                                                                   \
        BLEND_CHARGE((e)->k);                                               \
    } while (false)
op_Enter:
    fp = sp - ip->a;
    BLEND_ENTER(ip);
    BLEND_NEXT();
    // Return: results fp[a .. a + b) move to fp[0 ..); Return1 moves one slot, Return1_A the
    // accumulator.
#define BLEND_LEAVE(n)                                                               \
    do {                                                                             \
        if (fsp == frames_base) [[unlikely]] {                                       \
            results_.assign(fp, fp + (n));                                           \
            sp = fp + (n);                                                           \
            BLEND_SAVE();                                                            \
            return {RunStatus::kFinished, TrapCode::kNone};                          \
        }                                                                            \
        const Frame f_ = *--fsp;                                                     \
        ip = reinterpret_cast<const FastInstr*>(code_bytes + f_.return_pc);          \
        fp = reinterpret_cast<uint64_t*>(reinterpret_cast<uint8_t*>(stack) + f_.fp); \
        BLEND_DISPATCH();                                                            \
    } while (false)
op_Return : {
    const uint32_t n = ip->b;
    BLEND_COPY_DOWN(0, ip->a, n);
    BLEND_LEAVE(n);
}
op_Return1:
    acc = fp[ip->a];  // the caller's next instruction may read the result as its accumulator
    fp[0] = acc;
    BLEND_LEAVE(1);
op_Return1_A:
    fp[0] = acc;
    BLEND_LEAVE(1);
// Taken branches charge the target block's fuel (`fuel`) and land after its ConsumeFuel;
// conditional branches charge a fall-through block's fuel (`fall`) when its ConsumeFuel was
// folded into them. Same amounts at the same points as the canonical ConsumeFuel.
#define BLEND_TAKE(target)      \
    do {                        \
        BLEND_CHARGE(ip->fuel); \
        BLEND_JUMP(target);     \
    } while (false)
#define BLEND_COND(cond, target, fall) \
    do {                               \
        if (cond)                      \
            BLEND_TAKE(target);        \
        BLEND_CHARGE(fall);            \
        BLEND_NEXT();                  \
    } while (false)
op_Br:
    BLEND_TAKE(ip->k);
op_BrAdjust:
    BLEND_COPY_DOWN(ip->d, ip->a, ip->b);
    BLEND_TAKE(ip->k);
op_BrIfNez:
    BLEND_COND(static_cast<uint32_t>(fp[ip->a]) != 0, ip->k, ip->b);
op_BrIfEqz:
    BLEND_COND(static_cast<uint32_t>(fp[ip->a]) == 0, ip->k, ip->b);
op_BrIfNez_A:
    BLEND_COND(static_cast<uint32_t>(acc) != 0, ip->k, ip->b);
op_BrIfEqz_A:
    BLEND_COND(static_cast<uint32_t>(acc) == 0, ip->k, ip->b);
op_BrIfNezAdjust:
    if (static_cast<uint32_t>(fp[ip->a]) != 0) {
        BLEND_COPY_DOWN(ip->d, ip->b, static_cast<uint32_t>(ip->k >> 32));
        BLEND_TAKE(static_cast<uint32_t>(ip->k));
    }
    BLEND_NEXT();
op_BrTable : {
    const auto index = static_cast<uint32_t>(fp[ip->a]);
    ip += 1 + std::min(index, ip->b - 1);
    BLEND_DISPATCH();
}
// All entries plain Br (translate.cpp fuse_br_tables): the chosen entry's fuel and target
// without dispatching to it.
#define BLEND_TAKE_ENTRY(entries, index, n)                               \
    do {                                                                  \
        const FastInstr* const e_ = (entries) + std::min((index), (n)-1); \
        BLEND_CHARGE(e_->fuel);                                           \
        BLEND_JUMP(e_->k);                                                \
    } while (false)
op_BrTableDirect:
    BLEND_TAKE_ENTRY(ip + 1, static_cast<uint32_t>(fp[ip->a]), ip->b);
    // A SetConst, then straight into the BrTableByte after it (translate.cpp).
op_SetConstBrTableByte:
    acc = ip->k;
    fp[ip->d] = acc;
    ++ip;
    goto op_BrTableByte;
    // `i32.load8_u; i32.shl; i32.load (_PA); i32.add; br_table` (a computed goto's dispatch) in
    // one step: the operands are those of ip[0..4], the same loads, bounds and commits in the
    // same order, the index left in its slot, then BrTableDirect's jump.
op_BrTableByte : {
    const uint64_t ea0 = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip->a])) + ip->k;
    if (ea0 + 1 > mem_size)
        BLEND_COMMIT(ea0 + 1);
    const uint64_t scaled = num::I32Shl(uint64_t{mem[ea0]}, ip[1].k);
    const uint64_t ea1 = static_cast<uint64_t>(static_cast<uint32_t>(scaled + ip[2].b)) + ip[2].k;
    if (ea1 + 4 > mem_size)
        BLEND_COMMIT(ea1 + 4);
    const uint64_t index = num::I32Add(uint64_t{load<uint32_t>(mem + ea1)}, ip[3].k);
    fp[ip[4].a] = index;
    BLEND_TAKE_ENTRY(ip + 5, static_cast<uint32_t>(index), ip[4].b);
}
// Call and the callee's Enter in one step (same checks, same order); d is the callee's
// frame offset (translate.cpp), `target` its Enter.
#define BLEND_CALL(target)                                                           \
    do {                                                                             \
        if (fsp == frames_end) [[unlikely]]                                          \
            BLEND_TRAP(TrapCode::kStackOverflow);                                    \
        *fsp++ = {frame_offset(ip + 1, code), frame_offset(fp, stack)};              \
        const FastInstr* enter_ = code + (target);                                   \
        fp += ip->d;                                                                 \
        ip = enter_;         /* a trap in BLEND_ENTER reports the callee's Enter, */ \
        BLEND_ENTER(enter_); /* as the canonical loop does */                        \
        BLEND_NEXT();                                                                \
    } while (false)
op_Call:
    BLEND_CALL(ip->k);
    // The last argument's i32.add of a constant (low half of k), then the call (high half).
op_CallAddK_S:
    fp[ip->b] = num::I32Add(fp[ip->a], ip->k);
    BLEND_CALL(ip->k >> 32);
op_CallAddK_A:
    fp[ip->b] = num::I32Add(acc, ip->k);
    BLEND_CALL(ip->k >> 32);
op_CallIndirect : {
    sp = fp + ip->d;
    const auto index = static_cast<uint32_t>(*--sp);
    const std::vector<uint64_t>& table = tables_[ip->k]->elements;
    if (index >= table.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    const uint64_t ref = table[index];
    if (ref == kNullRef)
        BLEND_TRAP(TrapCode::kIndirectCallToNull);
    if ((ref & ~uint64_t{0xFFFFFFFF}) != own_ref_tag) {
        foreign_ref = ref;
        foreign_type = ip->a;
        goto foreign_call;
    }
    const uint32_t func = static_cast<uint32_t>(ref & 0xFFFFFFFF) - 1;
    const FunctionEntry& callee = module_.functions[func];
    if (callee.type != ip->a)
        BLEND_TRAP(TrapCode::kBadSignature);
    if (!callee.is_host) {
        if (fsp == frames_end)
            BLEND_TRAP(TrapCode::kStackOverflow);
        *fsp++ = {frame_offset(ip + 1, code), frame_offset(fp, stack)};
        const FastInstr* enter = code + fast.function_pc[func];
        fp = sp - enter->a;
        ip = enter;
        BLEND_ENTER(enter);
        BLEND_NEXT();
    }
    host_import = &module_.host_imports[callee.target];
    goto host_call;
}
op_CallHost:
    sp = fp + ip->d;
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
    if (nr != 0)
        acc = host_results[nr - 1];
    BLEND_DISPATCH();
}
foreign_call : {
    const FuncType& type = module_.types[foreign_type];
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
    if (nr != 0)
        acc = host_results[nr - 1];
    BLEND_DISPATCH();
}
// Producers write their slot d and the accumulator.
#define BLEND_PRODUCE(value) \
    do {                     \
        acc = (value);       \
        fp[ip->d] = acc;     \
        BLEND_NEXT();        \
    } while (false)
op_Copy:
    BLEND_PRODUCE(fp[ip->a]);
op_SetConst:
    BLEND_PRODUCE(ip->k);
    // The same, then the following ConsumeFuel's charge (b / a) and past it (translate.cpp).
op_CopyFuel:
    acc = fp[ip->a];
    fp[ip->d] = acc;
    BLEND_CHARGE(ip->b);
    ip += 2;
    BLEND_DISPATCH();
op_SetConstFuel:
    acc = ip->k;
    fp[ip->d] = acc;
    BLEND_CHARGE(ip->a);
    ip += 2;
    BLEND_DISPATCH();
    // `x + k; local.tee d; local.set b` (a loop's induction step): both locals in one step.
op_I32AddTee_SK:
    acc = num::I32Add(fp[ip->a], ip->k);
    fp[ip->d] = acc;
    fp[ip->b] = acc;
    BLEND_NEXT();
op_I32AddTee_AK:
    acc = num::I32Add(acc, ip->k);
    fp[ip->d] = acc;
    fp[ip->b] = acc;
    BLEND_NEXT();
    // The same, then the Br after it (b the target, `fuel` its block's; translate.cpp).
op_CopyBr:
    acc = fp[ip->a];
    fp[ip->d] = acc;
    BLEND_TAKE(ip->b);
op_I32AddBr_SK:
    acc = num::I32Add(fp[ip->a], ip->k);
    fp[ip->d] = acc;
    BLEND_TAKE(ip->b);
op_I64AddBr_SK:
    acc = num::I64Add(fp[ip->a], ip->k);
    fp[ip->d] = acc;
    BLEND_TAKE(ip->b);
    // clang's byte swap of an i64 (translate.cpp fuse_bswaps): its result, then past the b
    // instructions it stands for.
op_I64Bswap:
    acc = __builtin_bswap64(fp[ip->a]);
    fp[ip->d] = acc;
    ip += ip->b;
    BLEND_DISPATCH();
op_Select:
    BLEND_PRODUCE(static_cast<uint32_t>(fp[ip->k]) != 0 ? fp[ip->a] : fp[ip->b]);
op_GlobalGet:
    BLEND_PRODUCE(*globals_[ip->a]);
op_GlobalSet:
    *globals_[ip->a] = fp[ip->b];
    BLEND_NEXT();

    // Table, memory-bulk and reference ops keep the canonical stack form: sp is set from the
    // static height d, then the canonical handler's code runs (canonical `a` in a, `b` in k).
op_RefFunc:
    fp[ip->d] = own_ref_tag | (uint64_t{ip->a} + 1);
    BLEND_NEXT();
op_TableGet : {
    sp = fp + ip->d;
    const std::vector<uint64_t>& t = tables_[ip->a]->elements;
    const auto i = static_cast<uint32_t>(sp[-1]);
    if (i >= t.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    sp[-1] = t[i];
    BLEND_NEXT();
}
op_TableSet : {
    sp = fp + ip->d;
    std::vector<uint64_t>& t = tables_[ip->a]->elements;
    const uint64_t v = *--sp;
    const auto i = static_cast<uint32_t>(*--sp);
    if (i >= t.size())
        BLEND_TRAP(TrapCode::kTableOutOfBounds);
    t[i] = v;
    BLEND_NEXT();
}
op_TableSize:
    fp[ip->d] = tables_[ip->a]->elements.size();
    BLEND_NEXT();
op_TableGrow : {
    sp = fp + ip->d;
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
    sp = fp + ip->d;
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
    sp = fp + ip->d;
    std::vector<uint64_t>& dst = tables_[ip->a]->elements;
    const std::vector<uint64_t>& src = tables_[ip->k]->elements;
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
    sp = fp + ip->d;
    std::vector<uint64_t>& t = tables_[ip->k]->elements;
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
    fp[ip->d] = memory_->pages();  // declared, not committed
    BLEND_NEXT();
op_MemoryGrow : {
    uint64_t& slot = fp[ip->d - 1];
    const uint64_t delta = static_cast<uint32_t>(slot);
    const uint64_t old_pages = memory_->pages();
    if (old_pages + delta > memory_->max_pages()) {
        slot = 0xFFFFFFFFu;  // spec §4.4.7.7: failure returns -1
        BLEND_NEXT();
    }
    // The new pages are charged when committed; growing only declares them (vm.hpp kFuelPerGrow).
    if (delta != 0)
        BLEND_CHARGE_DYNAMIC(kFuelPerGrow);
    const bool grown = memory_->grow(static_cast<uint32_t>(delta));
    BLEND_ASSERT(grown);  // the maximum was checked above
    slot = old_pages;
    BLEND_NEXT();
}
op_MemoryFill : {
    sp = fp + ip->d;
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
    sp = fp + ip->d;
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
    sp = fp + ip->d;
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

    // Loads: d = the value at address (slot a, or the accumulator) + offset k; the _P forms
    // first add b to the address with i32 wrap-around (the fused i32.add, whose result nothing
    // else reads). Stores: address a (or accumulator), value b (or accumulator), offset k.
#define BLEND_LOAD_AT(T, convert, address)                          \
    do {                                                            \
        const uint64_t ea = static_cast<uint32_t>(address) + ip->k; \
        if (ea + sizeof(T) > mem_size)                              \
            BLEND_COMMIT(ea + sizeof(T));                           \
        BLEND_PRODUCE(convert(load<T>(mem + ea)));                  \
    } while (false)
#define BLEND_STORE_AT(T, address, value)                           \
    do {                                                            \
        const uint64_t ea = static_cast<uint32_t>(address) + ip->k; \
        if (ea + sizeof(T) > mem_size)                              \
            BLEND_COMMIT(ea + sizeof(T));                           \
        store<T>(mem + ea, static_cast<T>(value));                  \
        BLEND_NEXT();                                               \
    } while (false)
#define BLEND_LOAD(name, T, convert)                               \
    op_##name : BLEND_LOAD_AT(T, convert, fp[ip->a]);              \
    op_##name##_A : BLEND_LOAD_AT(T, convert, acc);                \
    op_##name##_PS : BLEND_LOAD_AT(T, convert, fp[ip->a] + ip->b); \
    op_##name##_PA : BLEND_LOAD_AT(T, convert, acc + ip->b);
#define BLEND_STORE(name, T)                                          \
    op_##name : BLEND_STORE_AT(T, fp[ip->a], fp[ip->b]);              \
    op_##name##_A : BLEND_STORE_AT(T, acc, fp[ip->b]);                \
    op_##name##_V : BLEND_STORE_AT(T, fp[ip->a], acc);                \
    op_##name##_K : BLEND_STORE_AT(T, fp[ip->a], uint64_t{ip->d});    \
    op_##name##_PS : BLEND_STORE_AT(T, fp[ip->a] + ip->d, fp[ip->b]); \
    op_##name##_PK : BLEND_STORE_AT(T, fp[ip->a] + ip->b, uint64_t{ip->d});
    // An i64 limb copied: the load (address slot a, offset k), then the store (address slot b,
    // offset d) of the value loaded; bounds, commits and traps in that order, as the two
    // instructions (translate.cpp).
op_I64LoadStore : {
    const uint64_t src = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip->a])) + ip->k;
    if (src + 8 > mem_size)
        BLEND_COMMIT(src + 8);
    acc = load<uint64_t>(mem + src);
    const uint64_t dst = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip->b])) + ip->d;
    if (dst + 8 > mem_size)
        BLEND_COMMIT(dst + 8);
    store<uint64_t>(mem + dst, acc);
    BLEND_NEXT();
}
    // `x | i64.load` (translate.cpp): the load (address slot a, offset k), then the or with
    // slot b.
op_I64OrLoad : {
    const uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip->a])) + ip->k;
    if (ea + 8 > mem_size)
        BLEND_COMMIT(ea + 8);
    BLEND_PRODUCE(fp[ip->b] | load<uint64_t>(mem + ea));
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

#define BLEND_NUM_U(name)                                \
    op_##name##_S : BLEND_PRODUCE(num::name(fp[ip->a])); \
    op_##name##_A : BLEND_PRODUCE(num::name(acc));
#define BLEND_NUM_B(name)                                            \
    op_##name##_SS : BLEND_PRODUCE(num::name(fp[ip->a], fp[ip->b])); \
    op_##name##_SK : BLEND_PRODUCE(num::name(fp[ip->a], ip->k));     \
    op_##name##_AS : BLEND_PRODUCE(num::name(acc, fp[ip->b]));       \
    op_##name##_SA : BLEND_PRODUCE(num::name(fp[ip->a], acc));       \
    op_##name##_AK : BLEND_PRODUCE(num::name(acc, ip->k));
/* Trapping ops report into a local of their own, not into `trap`: read here, `trap` would have */
/* to hold kNone across every handler and keep a register of the loop's busy. */
#define BLEND_PRODUCE_CHECKED(fn, ...)                \
    do {                                              \
        TrapCode t_ = TrapCode::kNone;                \
        const uint64_t v_ = num::fn(__VA_ARGS__, t_); \
        if (t_ != TrapCode::kNone) [[unlikely]]       \
            BLEND_TRAP(t_);                           \
        BLEND_PRODUCE(v_);                            \
    } while (false)
#define BLEND_NUM_UT(name)                                  \
    op_##name##_S : BLEND_PRODUCE_CHECKED(name, fp[ip->a]); \
    op_##name##_A : BLEND_PRODUCE_CHECKED(name, acc);
#define BLEND_NUM_BT(name)                                              \
    op_##name##_SS : BLEND_PRODUCE_CHECKED(name, fp[ip->a], fp[ip->b]); \
    op_##name##_SK : BLEND_PRODUCE_CHECKED(name, fp[ip->a], ip->k);     \
    op_##name##_AS : BLEND_PRODUCE_CHECKED(name, acc, fp[ip->b]);       \
    op_##name##_SA : BLEND_PRODUCE_CHECKED(name, fp[ip->a], acc);       \
    op_##name##_AK : BLEND_PRODUCE_CHECKED(name, acc, ip->k);
#define BLEND_NUM(X, name, code_, shape, a, b, r) BLEND_NUM_##shape(name)
    BLEND_WASM_NUMERIC_OPS_WITH(BLEND_NUM, _)

    // Fused compare + br_if: the target is in d; the fall-through fuel in whichever of b and k
    // the operands leave free (k for slot/accumulator operands, b for constant ones).
#define BLEND_CMP_BRANCH(X, name)                                                          \
    op_BrNez_##name##_SS : BLEND_COND(num::name(fp[ip->a], fp[ip->b]) != 0, ip->d, ip->k); \
    op_BrNez_##name##_SK : BLEND_COND(num::name(fp[ip->a], ip->k) != 0, ip->d, ip->b);     \
    op_BrNez_##name##_AS : BLEND_COND(num::name(acc, fp[ip->b]) != 0, ip->d, ip->k);       \
    op_BrNez_##name##_SA : BLEND_COND(num::name(fp[ip->a], acc) != 0, ip->d, ip->k);       \
    op_BrNez_##name##_AK : BLEND_COND(num::name(acc, ip->k) != 0, ip->d, ip->b);           \
    op_BrEqz_##name##_SS : BLEND_COND(num::name(fp[ip->a], fp[ip->b]) == 0, ip->d, ip->k); \
    op_BrEqz_##name##_SK : BLEND_COND(num::name(fp[ip->a], ip->k) == 0, ip->d, ip->b);     \
    op_BrEqz_##name##_AS : BLEND_COND(num::name(acc, fp[ip->b]) == 0, ip->d, ip->k);       \
    op_BrEqz_##name##_SA : BLEND_COND(num::name(fp[ip->a], acc) == 0, ip->d, ip->k);       \
    op_BrEqz_##name##_AK : BLEND_COND(num::name(acc, ip->k) == 0, ip->d, ip->b);
    BLEND_FAST_CMP_OPS_WITH(BLEND_CMP_BRANCH, _)

    // The 256-bit builtins (u256_builtins.hpp): as in the canonical loop, the addresses from the
    // stack slots below d, one check of the highest operand end against the committed bound.
#define BLEND_U256_3(name, fn)                                               \
    op_##name:                                                               \
    {                                                                        \
        sp = fp + ip->d;                                                     \
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
        sp = fp + ip->d;                                                         \
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
#undef BLEND_JUMP
#undef BLEND_CHARGE
#undef BLEND_CHARGE_DYNAMIC
#undef BLEND_RELOAD
#undef BLEND_COPY_DOWN
}

}  // namespace blend::rwasm
