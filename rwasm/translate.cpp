// SPDX-License-Identifier: Apache-2.0
// Canonical rWasm → the interpreter's register-style internal form (fast_code.hpp).
//
// One linear pass per function with a symbolic operand stack: an entry is either in its
// canonical slot (fp[height]) or pending — a local or a constant not yet copied anywhere. Pending
// entries become operands of the instruction that consumes them; they are materialized into
// their canonical slots before anything that needs the canonical stack (branches, branch
// targets, calls, host calls, bulk and table operations) and before a write to the local they
// read. So at every point where control can enter or leave a block, or the VM can suspend, the
// slots equal the canonical interpreter's stack, and the block's ConsumeFuel is kept in place:
// fuel and traps are exactly the canonical module's.
#include "core/assert.hpp"
#include "rwasm/fast_code.hpp"

#include <map>

namespace blend::rwasm {

namespace {

/// Pending entries kept at once; beyond it they are materialized. Bounds the work of the scans
/// below, so translation stays linear on hostile modules (60,000 local.get in a row).
constexpr uint32_t kMaxPending = 16;
constexpr uint32_t kNone = 0xFFFFFFFF;

enum class Kind : uint8_t { kCanon, kLocal, kConst };

struct Entry {
    Kind kind = Kind::kCanon;
    uint32_t local = 0;
    uint64_t value = 0;
};

/// Where a branch target is written once all internal pcs are known.
/// kCall: k = the callee's Enter, and d (the caller's height at the call) becomes the callee's
/// frame offset, height less the callee's params; kCallHigh: the same with the Enter in k's
/// high half (CallAddK keeps its constant in the low half); kB: the target in b (the `...Br`
/// forms of an instruction followed by a Br).
enum class Field : uint8_t { kK, kKLow, kD, kB, kCall, kCallHigh };

struct Fixup {
    uint32_t fast_pc;
    uint32_t target;  ///< canonical pc
    Field field;
};

/// The fused branch forms of a compare (one per operand form), or false.
bool is_fusable_compare(FastOp op, FastOp& nez, FastOp& eqz)
{
    switch (op) {
#define BLEND_CMP_FORM(name, form)            \
    case FastOp::k##name##_##form:            \
        nez = FastOp::kBrNez_##name##_##form; \
        eqz = FastOp::kBrEqz_##name##_##form; \
        return true;
#define BLEND_CMP_CASE(X, name) \
    BLEND_CMP_FORM(name, SS)    \
    BLEND_CMP_FORM(name, SK)    \
    BLEND_CMP_FORM(name, AS)    \
    BLEND_CMP_FORM(name, SA)    \
    BLEND_CMP_FORM(name, AK)
        BLEND_FAST_CMP_OPS_WITH(BLEND_CMP_CASE, _)
#undef BLEND_CMP_CASE
#undef BLEND_CMP_FORM
    default:
        return false;
    }
}

/// Fused compares with a constant operand keep it in k (their fall-through fuel goes in b).
bool uses_constant(FastOp op)
{
    switch (op) {
#define BLEND_CMP_K(X, name)   \
    case FastOp::k##name##_SK: \
    case FastOp::k##name##_AK: \
        return true;
        BLEND_FAST_CMP_OPS_WITH(BLEND_CMP_K, _)
#undef BLEND_CMP_K
    default:
        return false;
    }
}

struct MemoryForms {
    FastOp slot = FastOp::kTrap;          ///< address (and value) from slots
    FastOp acc = FastOp::kTrap;           ///< address from the accumulator
    FastOp value = FastOp::kTrap;         ///< stores: value from the accumulator
    FastOp pre_slot = FastOp::kTrap;      ///< address = slot + constant (a fused i32.add)
    FastOp pre_acc = FastOp::kTrap;       ///< loads: address = accumulator + constant
    FastOp constant = FastOp::kTrap;      ///< stores: a constant value (below 2^32)
    FastOp pre_constant = FastOp::kTrap;  ///< stores: address slot + constant, a constant value
};

#define BLEND_MEMF_false(name)                                                     \
    {                                                                              \
        FastOp::k##name, FastOp::k##name##_A, FastOp::kTrap, FastOp::k##name##_PS, \
            FastOp::k##name##_PA                                                   \
    }
#define BLEND_MEMF_true(name)                                                            \
    {                                                                                    \
        FastOp::k##name, FastOp::k##name##_A, FastOp::k##name##_V, FastOp::k##name##_PS, \
            FastOp::kTrap, FastOp::k##name##_K, FastOp::k##name##_PK                     \
    }

/// Ops whose result is an i32 computed by a num:: function that zero-extends it (from_bool,
/// from_u32, from_i32, a bit count): an i64.extend_i32_u of it is the identity.
bool zero_extended_i32(FastOp op)
{
    switch (op) {
#define BLEND_ZX_FORMS_U(name) \
    case FastOp::k##name##_S:  \
    case FastOp::k##name##_A:
#define BLEND_ZX_FORMS_B(name) \
    case FastOp::k##name##_SS: \
    case FastOp::k##name##_SK: \
    case FastOp::k##name##_AS: \
    case FastOp::k##name##_SA: \
    case FastOp::k##name##_AK:
#define BLEND_ZX_CMP(X, name) BLEND_ZX_FORMS_B(name)
        BLEND_FAST_CMP_OPS_WITH(BLEND_ZX_CMP, _)
        BLEND_ZX_FORMS_U(I32Eqz)
        BLEND_ZX_FORMS_U(I64Eqz)
        BLEND_ZX_FORMS_B(I32Add)
        BLEND_ZX_FORMS_B(I32Sub)
        BLEND_ZX_FORMS_B(I32Mul)
        BLEND_ZX_FORMS_B(I32Shl)
        BLEND_ZX_FORMS_B(I32ShrU)
        BLEND_ZX_FORMS_B(I32ShrS)
        return true;
#undef BLEND_ZX_CMP
#undef BLEND_ZX_FORMS_B
#undef BLEND_ZX_FORMS_U
    default:
        return false;
    }
}

MemoryForms memory_forms(Opcode op)
{
    switch (op) {
#define BLEND_MEM_CASE(X, name, code, type, bytes, align, is_store) \
    case Opcode::k##name:                                           \
        return BLEND_MEMF_##is_store(name);
        BLEND_WASM_MEMORY_OPS_WITH(BLEND_MEM_CASE, _)
#undef BLEND_MEM_CASE
    default:
        return {};
    }
}

/// The operand forms of a numeric op (fast_code.hpp); `slot` is kTrap if not numeric.
struct NumericForms {
    FastOp slot = FastOp::kTrap;  ///< _S or _SS
    FastOp with_const = FastOp::kTrap;
    bool binary = false;
    FastOp acc_lhs = FastOp::kTrap;  ///< _A or _AS
    FastOp acc_rhs = FastOp::kTrap;
    FastOp acc_const = FastOp::kTrap;
};

#define BLEND_FORMS_U(name)                                                            \
    {                                                                                  \
        FastOp::k##name##_S, FastOp::kTrap, false, FastOp::k##name##_A, FastOp::kTrap, \
            FastOp::kTrap                                                              \
    }
#define BLEND_FORMS_UT(name) BLEND_FORMS_U(name)
#define BLEND_FORMS_B(name)                                                     \
    {                                                                           \
        FastOp::k##name##_SS, FastOp::k##name##_SK, true, FastOp::k##name##_AS, \
            FastOp::k##name##_SA, FastOp::k##name##_AK                          \
    }
#define BLEND_FORMS_BT(name) BLEND_FORMS_B(name)

NumericForms numeric_forms(Opcode op)
{
    switch (op) {
#define BLEND_NUM_CASE(X, name, code, shape, ...) \
    case Opcode::k##name:                         \
        return BLEND_FORMS_##shape(name);
        BLEND_WASM_NUMERIC_OPS_WITH(BLEND_NUM_CASE, _)
#undef BLEND_NUM_CASE
    default:
        return {};
    }
}

class Translator {
public:
    Translator(const RwasmModule& m, std::vector<uint32_t> heights)
        : m_(m), heights_(std::move(heights))
    {}

    std::shared_ptr<FastCode> run()
    {
        auto out = std::make_shared<FastCode>();
        out_ = out.get();
        const size_t n = m_.code.size();
        is_target_.assign(n, false);
        for (size_t pc = 0; pc < n; ++pc) {
            const Instr& in = m_.code[pc];
            if (heights_[pc] == kUnreachablePc)
                continue;
            switch (in.op) {
            case Opcode::kBr:
            case Opcode::kBrIfNez:
            case Opcode::kBrIfEqz:
                is_target_[static_cast<size_t>(static_cast<int64_t>(pc) +
                                               static_cast<int32_t>(in.a))] = true;
                break;
            case Opcode::kBrTable:
                for (uint32_t i = 1; i <= in.a; ++i)
                    is_target_[pc + i] = true;
                break;
            default:
                break;
            }
        }
        for (const FunctionEntry& f : m_.functions)
            if (!f.is_host)
                enter_type_[f.target] = f.type;
        out_->pc_map.assign(n, kNoFastPc);
        out_->code.reserve(n);
        for (size_t pc = 0; pc < n; ++pc)
            step(static_cast<uint32_t>(pc));
        for (const Fixup& f : fixups_) {
            uint32_t target = out_->pc_map[f.target];
            BLEND_ASSERT(target != kNoFastPc);
            FastInstr& fi = out_->code[f.fast_pc];
            const FastInstr& first = out_->code[target];
            const bool call = f.field == Field::kCall || f.field == Field::kCallHigh;
            if (!call && first.op == FastOp::kConsumeFuel && first.k <= 0xFFFF) {
                // The branch charges the target block's fuel and skips its ConsumeFuel.
                fi.fuel = static_cast<uint16_t>(first.k);
                ++target;
            }
            switch (f.field) {
            case Field::kK:
                fi.k = target;
                break;
            case Field::kCall:
            case Field::kCallHigh:
                BLEND_ASSERT(first.op == FastOp::kEnter && fi.d >= first.a);  // verified arity
                fi.d -= first.a;
                fi.k = f.field == Field::kCall ? uint64_t{target}
                                               : (fi.k & 0xFFFFFFFF) | (uint64_t{target} << 32);
                break;
            case Field::kKLow:
                fi.k = (fi.k & ~uint64_t{0xFFFFFFFF}) | target;
                break;
            case Field::kD:
                fi.d = target;
                break;
            case Field::kB:
                fi.b = target;
                break;
            }
        }
        fuse_br_tables();
        fuse_bswaps();
        out_->function_pc.reserve(m_.functions.size());
        for (const FunctionEntry& f : m_.functions)
            out_->function_pc.push_back(f.is_host ? kNoFastPc : out_->pc_map[f.target]);
        return out;
    }

private:
    /// After the fixups (the entries' targets and fuel are known). A br_table whose entries are
    /// all plain `Br` becomes BrTableDirect: it charges the chosen entry's fuel and jumps to its
    /// target itself, one dispatch instead of two. When its index is what clang makes of a
    /// computed goto (`goto *table[*ip]`: `i32.load8_u x; i32.shl k; i32.load (x + c); i32.add
    /// k2`, each from the one before into the index's temporary, the EVM runtime's opcode
    /// dispatch), the first load becomes BrTableByte, which computes the chain and jumps in one
    /// step, one dispatch instead of six. The chain's other instructions stay where they
    /// are: a branch onto any of them runs them as before, and BrTableByte reads their operands.
    void fuse_br_tables()
    {
        std::vector<FastInstr>& code = out_->code;
        for (size_t p = 0; p < code.size(); ++p) {
            FastInstr& table = code[p];
            if (table.op != FastOp::kBrTable)
                continue;
            const size_t n = table.b;  // entries, the default last
            BLEND_ASSERT(n >= 1 && p + n < code.size());
            bool plain = true;
            for (size_t i = 1; i <= n && plain; ++i)
                plain = code[p + i].op == FastOp::kBr;
            if (!plain)
                continue;
            table.op = FastOp::kBrTableDirect;
            if (p < 4)
                continue;
            const uint32_t t = table.a;
            FastInstr& byte = code[p - 4];
            const FastInstr& shl = code[p - 3];
            const FastInstr& load = code[p - 2];
            const FastInstr& add = code[p - 1];
            if (byte.op == FastOp::kI32Load8U && byte.d == t && shl.op == FastOp::kI32Shl_AK &&
                shl.d == t && load.op == FastOp::kI32Load_PA && load.d == t &&
                add.op == FastOp::kI32Add_AK && add.d == t) {
                byte.op = FastOp::kBrTableByte;
                // A SetConst just before it (clang sets a value live around its dispatch loop
                // at the loop's head, once per EVM opcode) writes its slot and goes on to the
                // BrTableByte without a dispatch.
                if (p >= 5 && code[p - 5].op == FastOp::kSetConst)
                    code[p - 5].op = FastOp::kSetConstBrTableByte;
            }
        }
    }

    /// clang's 21-instruction byte swap of an i64 (Wasm has no bswap; the EVM runtime's PUSH
    /// reads its big-endian immediate a limb at a time): shifts of one source x into the
    /// temporaries t..t+3, masked and or-ed together into t (or the local the last `or` was
    /// folded into). The first instruction becomes I64Bswap (a the source, d the result, b the
    /// 21 instructions it stands for), which writes what the last `or` writes and skips the
    /// rest; the temporaries above t are dead after the sequence (above the stack's top). None
    /// of the 21 branches, so entering at the first runs them all; the others stay in place for
    /// branches onto them.
    void fuse_bswaps()
    {
        constexpr uint32_t kX = 0xFFFFFFFF;  // the source slot
        struct Step {
            FastOp op;
            uint32_t d, a, b;  // slots relative to t, or kX
            uint64_t k;
        };
        static constexpr Step kSteps[] = {
            {FastOp::kI64Shl_SK, 0, kX, 0, 56},
            {FastOp::kI64Shl_SK, 1, kX, 0, 40},
            {FastOp::kI64And_AK, 1, 1, 0, 0x00FF000000000000},
            {FastOp::kI64Or_SA, 0, 0, 1, 0},
            {FastOp::kI64Shl_SK, 1, kX, 0, 24},
            {FastOp::kI64And_AK, 1, 1, 0, 0x0000FF0000000000},
            {FastOp::kI64Shl_SK, 2, kX, 0, 8},
            {FastOp::kI64And_AK, 2, 2, 0, 0x000000FF00000000},
            {FastOp::kI64Or_SA, 1, 1, 2, 0},
            {FastOp::kI64Or_SA, 0, 0, 1, 0},
            {FastOp::kI64ShrU_SK, 1, kX, 0, 8},
            {FastOp::kI64And_AK, 1, 1, 0, 0xFF000000},
            {FastOp::kI64ShrU_SK, 2, kX, 0, 24},
            {FastOp::kI64And_AK, 2, 2, 0, 0xFF0000},
            {FastOp::kI64Or_SA, 1, 1, 2, 0},
            {FastOp::kI64ShrU_SK, 2, kX, 0, 40},
            {FastOp::kI64And_AK, 2, 2, 0, 0xFF00},
            {FastOp::kI64ShrU_SK, 3, kX, 0, 56},
            {FastOp::kI64Or_SA, 2, 2, 3, 0},
            {FastOp::kI64Or_SA, 1, 1, 2, 0},
            {FastOp::kI64Or_SA, 0, 0, 1, 0},  // d: t or a local (checked apart)
        };
        constexpr size_t kLength = sizeof(kSteps) / sizeof(kSteps[0]);
        std::vector<FastInstr>& code = out_->code;
        for (size_t p = 0; p + kLength <= code.size(); ++p) {
            const uint32_t t = code[p].d;
            const uint32_t x = code[p].a;
            if (code[p].op != FastOp::kI64Shl_SK || (x >= t && x <= t + 3))
                continue;
            const auto slot = [&](uint32_t rel) { return rel == kX ? x : t + rel; };
            bool match = true;
            for (size_t i = 0; i < kLength && match; ++i) {
                const Step& s = kSteps[i];
                const FastInstr& fi = code[p + i];
                const bool last = i + 1 == kLength;
                match = fi.op == s.op && (last || fi.d == slot(s.d)) && fi.a == slot(s.a) &&
                        (s.op != FastOp::kI64Or_SA || fi.b == slot(s.b)) &&
                        (s.op == FastOp::kI64Or_SA || fi.k == s.k);
            }
            if (!match)
                continue;
            const uint32_t result = code[p + kLength - 1].d;
            if (result == x)
                continue;
            FastInstr& first = code[p];
            first.op = FastOp::kI64Bswap;
            first.d = result;
            first.b = static_cast<uint32_t>(kLength);
            p += kLength - 1;
        }
    }

    uint32_t here() const { return static_cast<uint32_t>(out_->code.size()); }

    FastInstr& emit(FastOp op, uint32_t d = 0, uint32_t a = 0, uint32_t b = 0, uint64_t k = 0)
    {
        producer_ = kNone;
        acc_slot_ = kNone;
        FastInstr fi;
        fi.op = op;
        fi.d = d;
        fi.a = a;
        fi.b = b;
        fi.k = k;
        out_->code.push_back(fi);
        return out_->code.back();
    }

    /// Emits an instruction whose result is the canonical slot `height` (a temporary): a
    /// following local.set may redirect it into the local instead.
    void emit_producer(FastOp op, uint32_t height, uint32_t a, uint32_t b, uint64_t k)
    {
        emit(op, height, a, b, k);
        producer_ = here() - 1;
        producer_height_ = height;
        acc_slot_ = height;
        set_canon(height);
    }

    /// The entry at `height` is the result of the last emitted instruction, in its canonical
    /// slot (a temporary), and nothing else has read it.
    bool just_computed(uint32_t height)
    {
        return entry(height).kind == Kind::kCanon && producer_ != kNone &&
               producer_ == here() - 1 && producer_height_ == height &&
               out_->code.back().d == height;
    }

    void branch_fixup(uint32_t target, Field field)
    {
        fixups_.push_back({here() - 1, target, field});
    }

    Entry& entry(uint32_t height)
    {
        if (height >= stack_.size())
            stack_.resize(height + 1);
        return stack_[height];
    }

    void set_canon(uint32_t height) { entry(height) = Entry{}; }

    void materialize(uint32_t height)
    {
        Entry& e = entry(height);
        if (e.kind == Kind::kLocal) {
            emit(FastOp::kCopy, height, e.local);
            acc_slot_ = height;
        } else if (e.kind == Kind::kConst) {
            emit(FastOp::kSetConst, height, 0, 0, e.value);
            acc_slot_ = height;
        }
        e = Entry{};
    }

    /// Everything back in its canonical slot.
    void flush()
    {
        for (const uint32_t h : pending_)
            materialize(h);
        pending_.clear();
    }

    /// Everything but the top entry (a branch condition) back in its canonical slot.
    void flush_below(uint32_t top)
    {
        const bool keep_top = !pending_.empty() && pending_.back() == top;
        for (const uint32_t h : pending_)
            if (h != top)
                materialize(h);
        pending_.clear();
        if (keep_top)
            pending_.push_back(top);
    }

    /// Forgets pending entries without materializing them: after an unconditional transfer
    /// the next reachable pc is a branch target, entered with a canonical stack.
    void kill()
    {
        for (const uint32_t h : pending_)
            set_canon(h);
        pending_.clear();
        producer_ = kNone;
        acc_slot_ = kNone;
    }

    void push_pending(uint32_t height, Entry e)
    {
        if (pending_.size() >= kMaxPending)
            flush();
        entry(height) = e;
        pending_.push_back(height);
    }

    /// Pops the entry at `height` (the top) and returns it.
    Entry pop(uint32_t height)
    {
        const Entry e = entry(height);
        if (!pending_.empty() && pending_.back() == height)
            pending_.pop_back();
        set_canon(height);
        return e;
    }

    /// The slot an operand can be read from; constants are materialized first.
    uint32_t slot_of(uint32_t height)
    {
        Entry& e = entry(height);
        if (e.kind == Kind::kLocal)
            return e.local;
        if (e.kind == Kind::kConst)
            materialize_pending(height);
        return height;
    }

    void materialize_pending(uint32_t height)
    {
        materialize(height);
        for (size_t i = 0; i < pending_.size(); ++i)
            if (pending_[i] == height) {
                pending_.erase(pending_.begin() + static_cast<ptrdiff_t>(i));
                break;
            }
    }

    /// Pending reads of `local` take their value now, before the local is overwritten.
    void before_local_write(uint32_t local)
    {
        for (size_t i = 0; i < pending_.size();) {
            const uint32_t h = pending_[i];
            if (stack_[h].kind == Kind::kLocal && stack_[h].local == local) {
                materialize(h);
                pending_.erase(pending_.begin() + static_cast<ptrdiff_t>(i));
            } else {
                ++i;
            }
        }
    }

    void local_write(uint32_t local, uint32_t h)
    {
        const Entry e = pop(h - 1);
        const bool fold = e.kind == Kind::kCanon && producer_ != kNone && producer_ == here() - 1 &&
                          producer_height_ == h - 1;
        before_local_write(local);
        if (fold && producer_ == here() - 1) {
            out_->code.back().d = local;
            producer_ = kNone;
            acc_slot_ = local;
            return;
        }
        if (e.kind == Kind::kLocal) {
            if (e.local != local && acc_slot_ == e.local && !out_->code.empty() &&
                out_->code.back().d == e.local &&
                (out_->code.back().op == FastOp::kI32Add_SK ||
                 out_->code.back().op == FastOp::kI32Add_AK)) {
                // `x + k; local.tee e; local.set local` (clang's loop induction step): the add
                // writes both locals (b the second), one dispatch instead of add + Copy.
                FastInstr& last = out_->code.back();
                last.op =
                    last.op == FastOp::kI32Add_SK ? FastOp::kI32AddTee_SK : FastOp::kI32AddTee_AK;
                last.b = local;
                producer_ = kNone;
                acc_slot_ = local;
                return;
            }
            if (e.local != local) {
                emit(FastOp::kCopy, local, e.local);
                acc_slot_ = local;
            }
        } else if (e.kind == Kind::kConst) {
            emit(FastOp::kSetConst, local, 0, 0, e.value);
            acc_slot_ = local;
        } else {
            emit(FastOp::kCopy, local, h - 1);
            acc_slot_ = local;
        }
    }

    void conditional_branch(uint32_t pc, const Instr& in, uint32_t h, bool on_nonzero)
    {
        const uint32_t target = pc + static_cast<uint32_t>(static_cast<int32_t>(in.a));
        const auto drop = static_cast<uint32_t>(in.b >> 32);
        const auto keep = static_cast<uint32_t>(in.b);
        const uint32_t cond_h = h - 1;
        const bool cond_is_result = entry(cond_h).kind == Kind::kCanon && producer_ != kNone &&
                                    producer_ == here() - 1 && producer_height_ == cond_h;
        flush_below(cond_h);
        const bool adjacent = cond_is_result && producer_ == here() - 1;
        const uint32_t cond = slot_of(cond_h);
        pop(cond_h);
        if (drop != 0 && keep != 0) {
            // Only BrIfNez carries a stack adjustment (the verifier refuses it on BrIfEqz).
            const uint32_t after = h - 1;
            emit(FastOp::kBrIfNezAdjust, after - keep - drop, cond, after - keep,
                 uint64_t{keep} << 32);
            branch_fixup(target, Field::kKLow);
            return;
        }
        if (adjacent) {
            FastInstr& last = out_->code.back();
            FastOp nez{}, eqz{};
            if (is_fusable_compare(last.op, nez, eqz)) {
                const bool with_const = uses_constant(last.op);
                last.op = on_nonzero ? nez : eqz;
                last.d = 0;
                producer_ = kNone;
                acc_slot_ = kNone;
                fixups_.push_back({here() - 1, target, Field::kD});
                if (with_const)
                    fold_fall_through(pc, last.b);
                else
                    fold_fall_through(pc, last.k);
                return;
            }
            if (last.op == FastOp::kI32Eqz_S || last.op == FastOp::kI32Eqz_A) {
                // br_if (i32.eqz x): branch on x itself, with the sense flipped.
                const bool from_acc = last.op == FastOp::kI32Eqz_A;
                last.op = on_nonzero ? (from_acc ? FastOp::kBrIfEqz_A : FastOp::kBrIfEqz)
                                     : (from_acc ? FastOp::kBrIfNez_A : FastOp::kBrIfNez);
                last.d = 0;
                producer_ = kNone;
                acc_slot_ = kNone;
                branch_fixup(target, Field::kK);
                fold_fall_through(pc, last.b);
                return;
            }
        }
        if (cond == acc_slot_)
            emit(on_nonzero ? FastOp::kBrIfNez_A : FastOp::kBrIfEqz_A, 0, cond);
        else
            emit(on_nonzero ? FastOp::kBrIfNez : FastOp::kBrIfEqz, 0, cond);
        branch_fixup(target, Field::kK);
        fold_fall_through(pc, out_->code.back().b);
    }

    /// The block after a conditional branch at `pc` starts with ConsumeFuel; when nothing else
    /// branches to it, the branch charges it on the not-taken path (into `field`) instead.
    template <typename Field_>
    void fold_fall_through(uint32_t pc, Field_& field)
    {
        const size_t next = size_t{pc} + 1;
        if (next < m_.code.size() && m_.code[next].op == Opcode::kConsumeFuel &&
            !is_target_[next] && heights_[next] != kUnreachablePc) {
            field = m_.code[next].a;
            skip_ = static_cast<uint32_t>(next);
        }
    }

    /// A call with one result leaves it in the accumulator too (Return1/Return1_A, host calls,
    /// and the top of the stack when a suspended run resumes).
    void result_in_acc(uint32_t pc)
    {
        const Instr& in = m_.code[pc];
        uint32_t type = 0;
        if (in.op == Opcode::kCallHost)
            type = m_.host_imports[in.a].type;
        else if (in.op == Opcode::kCallIndirect)
            type = in.a;
        else {
            const auto it = enter_type_.find(in.a);
            BLEND_ASSERT(it != enter_type_.end());  // verified: calls target function entries
            type = it->second;
        }
        const size_t next = size_t{pc} + 1;
        if (m_.types[type].results.size() == 1 && next < heights_.size() &&
            heights_[next] != kUnreachablePc)
            acc_slot_ = heights_[next] - 1;
    }

    void generic(FastOp op, const Instr& in, uint32_t h)
    {
        flush();
        emit(op, h, in.a, 0, in.b);
    }

    void step(uint32_t pc);

    const RwasmModule& m_;
    std::vector<uint32_t> heights_;
    std::vector<bool> is_target_;
    std::map<uint32_t, uint32_t> enter_type_;  ///< pc of an Enter → its function's type
    FastCode* out_ = nullptr;
    std::vector<Fixup> fixups_;
    std::vector<Entry> stack_;
    std::vector<uint32_t> pending_;  ///< heights of pending entries, ascending
    uint32_t producer_ = kNone;      ///< internal pc of the last emitted producer
    uint32_t producer_height_ = 0;
    /// The slot the last emitted instruction wrote, also held in the loop's accumulator.
    uint32_t acc_slot_ = kNone;
    uint32_t skip_ = kNone;  ///< a ConsumeFuel folded into the Enter before it
};

void Translator::step(uint32_t pc)
{
    const Instr& in = m_.code[pc];
    if (in.op == Opcode::kEnter) {
        kill();
        out_->pc_map[pc] = here();
        FastInstr& enter = emit(FastOp::kEnter, static_cast<uint32_t>(in.b), in.a,
                                static_cast<uint32_t>(in.b >> 32));
        // The entry block's ConsumeFuel is charged by Enter itself (after its stack check, as
        // in the canonical order), unless something branches to it.
        const size_t next = size_t{pc} + 1;
        if (next < m_.code.size() && m_.code[next].op == Opcode::kConsumeFuel &&
            !is_target_[next] && heights_[next] != kUnreachablePc) {
            enter.k = m_.code[next].a;
            skip_ = static_cast<uint32_t>(next);
        }
        return;
    }
    if (pc == skip_)
        return;
    const uint32_t h = heights_[pc];
    if (h == kUnreachablePc)
        return;
    if (is_target_[pc]) {
        flush();
        producer_ = kNone;
        acc_slot_ = kNone;  // control also arrives from elsewhere
    }
    out_->pc_map[pc] = here();

    switch (in.op) {
    case Opcode::kUnreachable:
        emit(FastOp::kTrap);
        kill();
        return;
    case Opcode::kConsumeFuel: {
        // A block entered by falling through a Copy or SetConst (the values a block end
        // materializes): that instruction charges the fuel too and skips the ConsumeFuel, which
        // stays for whatever branches onto it. Same order: the write, then the charge.
        const bool fuse = !out_->code.empty() && (out_->code.back().op == FastOp::kCopy ||
                                                  out_->code.back().op == FastOp::kSetConst);
        if (fuse) {
            FastInstr& last = out_->code.back();
            if (last.op == FastOp::kCopy) {
                last.op = FastOp::kCopyFuel;
                last.b = in.a;
            } else {
                last.op = FastOp::kSetConstFuel;
                last.a = in.a;
            }
        }
        emit(FastOp::kConsumeFuel, 0, 0, 0, in.a);
        return;
    }
    case Opcode::kEnter:
        return;  // handled above
    case Opcode::kReturn:
        if (in.a == 1) {
            // Nothing below the result matters after a return: move it straight from its slot
            // (a pending local's, or the accumulator when it was just computed).
            const uint32_t src = slot_of(h - 1);
            emit(src == acc_slot_ ? FastOp::kReturn1_A : FastOp::kReturn1, 0, src, 1);
            kill();
            return;
        }
        flush();
        emit(FastOp::kReturn, 0, h - in.a, in.a);
        kill();
        return;
    case Opcode::kBr: {
        flush();
        const uint32_t target = pc + static_cast<uint32_t>(static_cast<int32_t>(in.a));
        const auto drop = static_cast<uint32_t>(in.b >> 32);
        const auto keep = static_cast<uint32_t>(in.b);
        if (drop != 0 && keep != 0) {
            emit(FastOp::kBrAdjust, h - keep - drop, h - keep, keep);
        } else {
            if (!is_target_[pc] && !out_->code.empty()) {
                // The instruction before the branch takes it itself (an EVM opcode handler's
                // last step: `sp = t`, `ip += n` or `gas -= c`, then back to the dispatch): one
                // dispatch fewer. The Br stays, for whatever else branches to it.
                FastInstr& last = out_->code.back();
                const FastOp fused = last.op == FastOp::kCopy        ? FastOp::kCopyBr
                                     : last.op == FastOp::kI32Add_SK ? FastOp::kI32AddBr_SK
                                     : last.op == FastOp::kI64Add_SK ? FastOp::kI64AddBr_SK
                                                                     : FastOp::kTrap;
                if (fused != FastOp::kTrap) {
                    last.op = fused;
                    fixups_.push_back({here() - 1, target, Field::kB});
                }
            }
            emit(FastOp::kBr);
        }
        branch_fixup(target, Field::kK);
        kill();
        return;
    }
    case Opcode::kBrIfNez:
        conditional_branch(pc, in, h, true);
        return;
    case Opcode::kBrIfEqz:
        conditional_branch(pc, in, h, false);
        return;
    case Opcode::kBrTable:
        flush();
        emit(FastOp::kBrTable, 0, h - 1, in.a);
        kill();
        return;
    case Opcode::kCall:
        flush();
        if (h > 0 && just_computed(h - 1) &&
            (out_->code.back().op == FastOp::kI32Add_SK ||
             out_->code.back().op == FastOp::kI32Add_AK)) {
            // The last argument is an i32.add of a constant just computed (`fib(n - 1)`): the
            // add runs in the call's step (CallAddK: d height, a source, b the argument's slot,
            // k the constant, then the Enter in k's high half).
            const FastInstr last = out_->code.back();
            out_->code.pop_back();
            emit(last.op == FastOp::kI32Add_SK ? FastOp::kCallAddK_S : FastOp::kCallAddK_A, h,
                 last.a, h - 1, last.k & 0xFFFFFFFF);
            branch_fixup(in.a, Field::kCallHigh);
        } else {
            emit(FastOp::kCall, h);
            branch_fixup(in.a, Field::kCall);
        }
        result_in_acc(pc);
        return;
    case Opcode::kCallHost:
        generic(FastOp::kCallHost, in, h);
        result_in_acc(pc);
        return;
    case Opcode::kCallIndirect:
        generic(FastOp::kCallIndirect, in, h);
        result_in_acc(pc);
        return;
    case Opcode::kConst:
        push_pending(h, {Kind::kConst, 0, in.b});
        return;
    case Opcode::kDrop:
        pop(h - 1);
        producer_ = kNone;
        return;
    case Opcode::kSelect: {
        const uint32_t c = slot_of(h - 1);
        const uint32_t b = slot_of(h - 2);
        const uint32_t a = slot_of(h - 3);
        pop(h - 1);
        pop(h - 2);
        pop(h - 3);
        emit_producer(FastOp::kSelect, h - 3, a, b, c);
        return;
    }
    case Opcode::kLocalGet:
        push_pending(h, {Kind::kLocal, in.a, 0});
        return;
    case Opcode::kLocalSet:
        local_write(in.a, h);
        return;
    case Opcode::kLocalTee:
        local_write(in.a, h);
        push_pending(h - 1, {Kind::kLocal, in.a, 0});
        return;
    case Opcode::kGlobalGet:
        emit_producer(FastOp::kGlobalGet, h, in.a, 0, 0);
        return;
    case Opcode::kGlobalSet: {
        const uint32_t src = slot_of(h - 1);
        pop(h - 1);
        emit(FastOp::kGlobalSet, 0, in.a, src);
        return;
    }
    case Opcode::kRefFunc:
        generic(FastOp::kRefFunc, in, h);
        return;
    case Opcode::kTableGet:
        generic(FastOp::kTableGet, in, h);
        return;
    case Opcode::kTableSet:
        generic(FastOp::kTableSet, in, h);
        return;
    case Opcode::kTableSize:
        generic(FastOp::kTableSize, in, h);
        return;
    case Opcode::kTableGrow:
        generic(FastOp::kTableGrow, in, h);
        return;
    case Opcode::kTableFill:
        generic(FastOp::kTableFill, in, h);
        return;
    case Opcode::kTableCopy:
        generic(FastOp::kTableCopy, in, h);
        return;
    case Opcode::kTableInit:
        generic(FastOp::kTableInit, in, h);
        return;
    case Opcode::kElemDrop:
        generic(FastOp::kElemDrop, in, h);
        return;
    case Opcode::kMemorySize:
        generic(FastOp::kMemorySize, in, h);
        return;
    case Opcode::kMemoryGrow:
        generic(FastOp::kMemoryGrow, in, h);
        return;
    case Opcode::kMemoryFill:
        generic(FastOp::kMemoryFill, in, h);
        return;
    case Opcode::kMemoryCopy:
        generic(FastOp::kMemoryCopy, in, h);
        return;
    case Opcode::kMemoryInit:
        generic(FastOp::kMemoryInit, in, h);
        return;
    case Opcode::kDataDrop:
        generic(FastOp::kDataDrop, in, h);
        return;
    // The 256-bit builtins read their operand addresses from the canonical stack slots.
    case Opcode::kU256Mul:
        generic(FastOp::kU256Mul, in, h);
        return;
    case Opcode::kU256Div:
        generic(FastOp::kU256Div, in, h);
        return;
    case Opcode::kU256Mod:
        generic(FastOp::kU256Mod, in, h);
        return;
    case Opcode::kU256SDiv:
        generic(FastOp::kU256SDiv, in, h);
        return;
    case Opcode::kU256SMod:
        generic(FastOp::kU256SMod, in, h);
        return;
    case Opcode::kU256AddMod:
        generic(FastOp::kU256AddMod, in, h);
        return;
    case Opcode::kU256MulMod:
        generic(FastOp::kU256MulMod, in, h);
        return;
    default:
        break;
    }
    const MemoryForms mem = memory_forms(in.op);
    if (mem.slot != FastOp::kTrap) {
        if (info(in.op).pops == 2) {  // store: address, value
            const Entry v = entry(h - 1);
            // The address an i32.add of a constant to a slot, just computed into the temporary
            // the store pops (`sp + 40` in the EVM runtime's handlers): the store adds it.
            const bool pre = just_computed(h - 2) && out_->code.back().op == FastOp::kI32Add_SK;
            if (v.kind == Kind::kConst && v.value <= 0xFFFFFFFF) {
                // A constant value (the EVM runtime zeroes a pushed word's upper limbs) needs no
                // SetConst into a temporary.
                const auto value = static_cast<uint32_t>(v.value);
                pop(h - 1);
                if (pre) {
                    const FastInstr add = out_->code.back();
                    out_->code.pop_back();
                    pop(h - 2);
                    emit(mem.pre_constant, value, add.a, static_cast<uint32_t>(add.k), in.a);
                    return;
                }
                const uint32_t addr = slot_of(h - 2);
                pop(h - 2);
                emit(mem.constant, value, addr, 0, in.a);
                return;
            }
            if (pre && v.kind == Kind::kLocal) {
                const FastInstr add = out_->code.back();
                out_->code.pop_back();
                pop(h - 1);
                pop(h - 2);
                emit(mem.pre_slot, static_cast<uint32_t>(add.k), add.a, v.local, in.a);
                return;
            }
            if (in.op == Opcode::kI64Store && v.kind == Kind::kCanon && just_computed(h - 1) &&
                out_->code.back().op == FastOp::kI64Load && entry(h - 2).kind != Kind::kConst) {
                // `i64.store (a, i64.load (b))`: a word limb copied (the EVM runtime's DUP,
                // SWAP, MLOAD, MSTORE) in one step: d the store's offset, a the load's address,
                // b the store's, k the load's offset.
                const FastInstr load = out_->code.back();
                out_->code.pop_back();
                pop(h - 1);
                const uint32_t addr = slot_of(h - 2);
                pop(h - 2);
                emit(FastOp::kI64LoadStore, static_cast<uint32_t>(in.a), load.a, addr, load.k);
                return;
            }
            const uint32_t value = slot_of(h - 1);
            const uint32_t addr = slot_of(h - 2);
            pop(h - 1);
            pop(h - 2);
            const FastOp op = addr == acc_slot_    ? mem.acc
                              : value == acc_slot_ ? mem.value
                                                   : mem.slot;
            emit(op, 0, addr, value, in.a);
        } else {
            if (just_computed(h - 1)) {
                // The address is an i32.add of a constant just computed into the temporary the
                // load overwrites: one instruction (its _P form) does both.
                FastInstr& last = out_->code.back();
                if (last.op == FastOp::kI32Add_SK || last.op == FastOp::kI32Add_AK) {
                    const bool from_acc = last.op == FastOp::kI32Add_AK;
                    const auto addend = static_cast<uint32_t>(last.k);
                    const uint32_t src = last.a;
                    out_->code.pop_back();
                    pop(h - 1);
                    emit_producer(from_acc ? mem.pre_acc : mem.pre_slot, h - 1, src, addend, in.a);
                    return;
                }
            }
            const uint32_t addr = slot_of(h - 1);
            pop(h - 1);
            emit_producer(addr == acc_slot_ ? mem.acc : mem.slot, h - 1, addr, 0, in.a);
        }
        return;
    }
    if (in.op == Opcode::kI64ExtendI32U && just_computed(h - 1) &&
        zero_extended_i32(out_->code.back().op)) {
        // i32 values live zero-extended in their slots (numeric.hpp): extending the result just
        // computed changes nothing, so the entry stays that instruction's result.
        return;
    }
    const NumericForms forms = numeric_forms(in.op);
    BLEND_ASSERT(forms.slot != FastOp::kTrap);
    if (!forms.binary) {
        const uint32_t a = slot_of(h - 1);
        pop(h - 1);
        emit_producer(a == acc_slot_ ? forms.acc_lhs : forms.slot, h - 1, a, 0, 0);
        return;
    }
    const Entry rhs = entry(h - 1);
    if (rhs.kind == Kind::kConst) {
        pop(h - 1);
        const uint32_t a = slot_of(h - 2);
        pop(h - 2);
        emit_producer(a == acc_slot_ ? forms.acc_const : forms.with_const, h - 2, a, 0, rhs.value);
        return;
    }
    if (in.op == Opcode::kI64Or && just_computed(h - 1) &&
        out_->code.back().op == FastOp::kI64Load && entry(h - 2).kind != Kind::kConst) {
        // `x | i64.load (p)` (the EVM runtime's zero test of a word, limb by limb) in one step:
        // d the result, a the load's address, b x, k the load's offset.
        const FastInstr load = out_->code.back();
        out_->code.pop_back();
        pop(h - 1);
        const uint32_t other = slot_of(h - 2);
        pop(h - 2);
        emit_producer(FastOp::kI64OrLoad, h - 2, load.a, other, load.k);
        return;
    }
    const uint32_t b = slot_of(h - 1);
    const uint32_t a = slot_of(h - 2);
    pop(h - 1);
    pop(h - 2);
    const FastOp op = a == acc_slot_ ? forms.acc_lhs : b == acc_slot_ ? forms.acc_rhs : forms.slot;
    emit_producer(op, h - 2, a, b, 0);
}

}  // namespace

std::string disassemble_fast(const FastCode& code)
{
    static const char* const kNames[] = {
#define BLEND_FAST_NAME(name) #name,
        BLEND_FAST_OPS(BLEND_FAST_NAME)
#undef BLEND_FAST_NAME
    };
    std::string out;
    for (size_t pc = 0; pc < code.code.size(); ++pc) {
        const FastInstr& fi = code.code[pc];
        out += std::to_string(pc) + ": " + kNames[static_cast<uint16_t>(fi.op)] +
               " d=" + std::to_string(fi.d) + " a=" + std::to_string(fi.a) +
               " b=" + std::to_string(fi.b) + " k=" + std::to_string(fi.k) + "\n";
    }
    return out;
}

std::shared_ptr<const FastCode> translate_module(const RwasmModule& module)
{
    auto heights = verify_module_heights(module);
    BLEND_ASSERT(heights.has_value());  // the Vm's contract: a verified module
    Translator t(module, std::move(*heights));
    return t.run();
}

}  // namespace blend::rwasm
