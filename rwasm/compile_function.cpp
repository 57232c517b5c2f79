// SPDX-License-Identifier: Apache-2.0
// Compiles one Wasm function body to flat rWasm: structured control flow becomes relative
// branches that carry their own stack adjustment (drop/keep), locals become frame slots, and
// every basic block starts with ConsumeFuel charging the cost of its instructions.
#include "rwasm/compile.hpp"
#include "rwasm/decode_instruction.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/validate.hpp"
#include "rwasm/wasm.hpp"
#include "rwasm/wasm_opcodes.hpp"

namespace blend::rwasm {

namespace {

constexpr uint32_t kNoPc = 0xFFFFFFFF;

struct Ctrl {
    uint16_t opcode = 0;
    uint32_t base = 0;  ///< stack height below the block's parameters
    uint32_t params = 0;
    uint32_t results = 0;
    uint32_t loop_pc = kNoPc;
    uint32_t else_fixup = kNoPc;   ///< the `if`'s BrIfEqz, until `else` or `end` patches it
    std::vector<uint32_t> fixups;  ///< forward branches to this block's end
    bool unreachable = false;
};

Opcode numeric_opcode(uint16_t code) noexcept
{
    switch (code) {
#define BLEND_CASE(name, c, ...) \
    case c:                      \
        return Opcode::k##name;
        BLEND_WASM_NUMERIC_OPS(BLEND_CASE)
        BLEND_WASM_MEMORY_OPS(BLEND_CASE)
#undef BLEND_CASE
    default:
        return Opcode::kUnreachable;
    }
}

class FunctionCompiler {
public:
    FunctionCompiler(CompileContext& ctx, uint32_t defined_index)
        : ctx_(ctx), m_(*ctx.wasm), code_(ctx.out->code), index_(defined_index)
    {}

    Result<void, CompileError> run()
    {
        const FuncType& ft = m_.types[m_.functions[index_]];
        const FunctionBody& body = m_.bodies[index_];
        const auto params = static_cast<uint32_t>(ft.params.size());
        const auto locals = static_cast<uint32_t>(body.locals.size());
        const uint32_t func_index = m_.imported_functions + index_;
        ctx_.out->functions[func_index].target = static_cast<uint32_t>(code_.size());

        const uint32_t enter_pc = emit(Opcode::kEnter, params, uint64_t{locals} << 32);
        height_ = params + locals;
        max_height_ = height_;
        // Zeroing locals is work proportional to their number: charge it with the entry block.
        start_block(locals);

        Ctrl fn;
        fn.opcode = op::kBlock;
        fn.base = height_;
        fn.results = static_cast<uint32_t>(ft.results.size());
        ctrls_.push_back(std::move(fn));

        ByteReader reader(body.code);
        WasmInstr in;
        while (!ctrls_.empty()) {
            if (!decode_instruction(reader, in))
                return Unexpected{CompileError::kLimitExceeded};  // validated: cannot happen
            BLEND_TRY_VOID(step(in));
            if (code_.size() > kMaxCodeLength)
                return Unexpected{CompileError::kLimitExceeded};
        }
        if (max_height_ > kMaxFunctionStackHeight)
            return Unexpected{CompileError::kLimitExceeded};
        code_[enter_pc].b |= max_height_;
        return {};
    }

private:
    uint32_t emit(Opcode op, uint32_t a = 0, uint64_t b = 0)
    {
        const auto pc = static_cast<uint32_t>(code_.size());
        Instr instr;
        instr.op = op;
        instr.a = a;
        instr.b = b;
        code_.push_back(instr);
        if (fuel_pc_ != kNoPc)
            code_[fuel_pc_].a += info(op).fuel;
        return pc;
    }

    /// Starts a basic block: a branch target or the fall-through after a conditional branch.
    void start_block(uint32_t extra = 0)
    {
        if (!ctx_.options.meter_fuel)
            return;
        fuel_pc_ = kNoPc;
        fuel_pc_ = emit(Opcode::kConsumeFuel, extra);
    }

    void push(uint32_t n = 1)
    {
        height_ += n;
        if (height_ > max_height_)
            max_height_ = height_;
    }
    void pop(uint32_t n = 1) { height_ -= n; }

    void patch_to_here(uint32_t branch_pc)
    {
        code_[branch_pc].a = static_cast<uint32_t>(static_cast<int32_t>(code_.size() - branch_pc));
    }

    static uint64_t drop_keep(uint32_t drop, uint32_t keep)
    {
        return (uint64_t{drop} << 32) | keep;
    }

    /// Emits a branch to label `depth` from the current height.
    void emit_branch(Opcode op, uint32_t depth, bool charge = true)
    {
        Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
        const uint32_t saved_fuel_pc = fuel_pc_;
        if (!charge)
            fuel_pc_ = kNoPc;
        if (depth == ctrls_.size() - 1 && op == Opcode::kBr && charge) {
            // `br` to the function's label is a return.
            emit(Opcode::kReturn, target.results);
        } else if (target.opcode == op::kLoop) {
            const uint32_t keep = target.params;
            const uint32_t pc = emit(op, 0, drop_keep(height_ - keep - target.base, keep));
            code_[pc].a = static_cast<uint32_t>(static_cast<int32_t>(target.loop_pc) -
                                                static_cast<int32_t>(pc));
        } else {
            const uint32_t keep = target.results;
            target.fixups.push_back(emit(op, 0, drop_keep(height_ - keep - target.base, keep)));
        }
        fuel_pc_ = saved_fuel_pc;
    }

    void set_unreachable()
    {
        ctrls_.back().unreachable = true;
        skip_depth_ = 0;
    }

    Result<void, CompileError> push_ctrl(const WasmInstr& in)
    {
        auto sig = block_signature(m_, in.block);
        if (!sig)
            return Unexpected{CompileError::kLimitExceeded};
        Ctrl c;
        c.opcode = in.code;
        c.params = static_cast<uint32_t>(sig->params.size());
        c.results = static_cast<uint32_t>(sig->results.size());
        c.base = height_ - c.params;
        ctrls_.push_back(std::move(c));
        return {};
    }

    Result<void, CompileError> step(const WasmInstr& in);
    Result<void, CompileError> step_end();
    void step_else();

    CompileContext& ctx_;
    const WasmModule& m_;
    std::vector<Instr>& code_;
    uint32_t index_;
    std::vector<Ctrl> ctrls_;
    uint32_t height_ = 0;
    uint32_t max_height_ = 0;
    uint32_t fuel_pc_ = kNoPc;
    uint32_t skip_depth_ = 0;  ///< blocks opened inside unreachable code
};

void FunctionCompiler::step_else()
{
    Ctrl& c = ctrls_.back();
    if (!c.unreachable) {
        // The then-arm falls through to the end; its results are exactly on top of the base.
        c.fixups.push_back(emit(Opcode::kBr, 0, 0));
    }
    patch_to_here(c.else_fixup);
    c.else_fixup = kNoPc;
    c.opcode = op::kElse;
    c.unreachable = false;
    height_ = c.base + c.params;
    start_block();
}

Result<void, CompileError> FunctionCompiler::step_end()
{
    Ctrl c = std::move(ctrls_.back());
    ctrls_.pop_back();
    const bool is_function = ctrls_.empty();
    height_ = c.base + c.results;
    if (c.else_fixup != kNoPc)
        patch_to_here(c.else_fixup);  // `if` without `else`: false skips to the end
    for (const uint32_t pc : c.fixups)
        patch_to_here(pc);
    if (is_function) {
        emit(Opcode::kReturn, c.results);
        return {};
    }
    if (!c.fixups.empty() || c.opcode == op::kIf || c.opcode == op::kElse)
        start_block();  // a branch target: a new basic block
    return {};
}

Result<void, CompileError> FunctionCompiler::step(const WasmInstr& in)
{
    if (!ctrls_.empty() && ctrls_.back().unreachable) {
        // Dead code up to the matching else/end: only track nesting.
        switch (in.code) {
        case op::kBlock:
        case op::kLoop:
        case op::kIf:
            ++skip_depth_;
            return {};
        case op::kElse:
            if (skip_depth_ == 0)
                step_else();
            return {};
        case op::kEnd:
            if (skip_depth_ > 0) {
                --skip_depth_;
                return {};
            }
            return step_end();
        default:
            return {};
        }
    }
    switch (in.code) {
    case op::kUnreachable:
        emit(Opcode::kUnreachable);
        set_unreachable();
        return {};
    case op::kNop:
        return {};
    case op::kBlock:
        return push_ctrl(in);
    case op::kLoop: {
        BLEND_TRY_VOID(push_ctrl(in));
        start_block();
        ctrls_.back().loop_pc = fuel_pc_ != kNoPc ? fuel_pc_ : static_cast<uint32_t>(code_.size());
        return {};
    }
    case op::kIf: {
        pop();
        const uint32_t pc = emit(Opcode::kBrIfEqz);
        BLEND_TRY_VOID(push_ctrl(in));
        ctrls_.back().else_fixup = pc;
        start_block();
        return {};
    }
    case op::kElse:
        step_else();
        return {};
    case op::kEnd:
        return step_end();
    case op::kBr:
        emit_branch(Opcode::kBr, in.index);
        set_unreachable();
        return {};
    case op::kBrIf:
        pop();
        emit_branch(Opcode::kBrIfNez, in.index);
        start_block();
        return {};
    case op::kBrTable: {
        pop();
        emit(Opcode::kBrTable, static_cast<uint32_t>(in.targets.size()));
        for (const uint32_t t : in.targets)
            emit_branch(Opcode::kBr, t, false);
        set_unreachable();
        return {};
    }
    case op::kReturn:
        emit(Opcode::kReturn, ctrls_.front().results);
        set_unreachable();
        return {};
    case op::kCall: {
        const FuncType& ft = function_type(m_, in.index);
        const FunctionEntry& callee = ctx_.out->functions[in.index];
        if (in.index < ctx_.import_builtins.size() && ctx_.import_builtins[in.index])
            emit(*ctx_.import_builtins[in.index]);  // a 256-bit builtin: the op, not a call
        else if (callee.is_host)
            emit(Opcode::kCallHost, callee.target);
        else
            emit(Opcode::kCall, in.index);  // rewritten to the callee's pc by compile_module
        pop(static_cast<uint32_t>(ft.params.size()));
        push(static_cast<uint32_t>(ft.results.size()));
        return {};
    }
    case op::kCallIndirect: {
        const FuncType& ft = m_.types[in.index];
        emit(Opcode::kCallIndirect, ctx_.type_map[in.index], in.index2);
        pop(1 + static_cast<uint32_t>(ft.params.size()));
        push(static_cast<uint32_t>(ft.results.size()));
        return {};
    }
    case op::kDrop:
        emit(Opcode::kDrop);
        pop();
        return {};
    case op::kSelect:
    case op::kSelectTyped:
        emit(Opcode::kSelect);
        pop(2);
        return {};
    case op::kLocalGet:
        emit(Opcode::kLocalGet, in.index);
        push();
        return {};
    case op::kLocalSet:
        emit(Opcode::kLocalSet, in.index);
        pop();
        return {};
    case op::kLocalTee:
        emit(Opcode::kLocalTee, in.index);
        return {};
    case op::kGlobalGet:
        emit(Opcode::kGlobalGet, in.index);
        push();
        return {};
    case op::kGlobalSet:
        emit(Opcode::kGlobalSet, in.index);
        pop();
        return {};
    case op::kI32Const:
    case op::kI64Const:
    case op::kF32Const:
    case op::kF64Const:
        emit(Opcode::kConst, 0, in.value);
        push();
        return {};
    case op::kRefNull:
        emit(Opcode::kConst, 0, kNullRef);
        push();
        return {};
    case op::kRefIsNull:
        // References are 0 when null, so ref.is_null is i64.eqz on the slot.
        emit(Opcode::kI64Eqz);
        return {};
    case op::kRefFunc:
        emit(Opcode::kRefFunc, in.index);
        push();
        return {};
    case op::kMemorySize:
        emit(Opcode::kMemorySize);
        push();
        return {};
    case op::kMemoryGrow:
        emit(Opcode::kMemoryGrow);
        return {};
    case op::kMemoryInit:
        emit(Opcode::kMemoryInit, in.index);
        pop(3);
        return {};
    case op::kDataDrop:
        emit(Opcode::kDataDrop, in.index);
        return {};
    case op::kMemoryCopy:
        emit(Opcode::kMemoryCopy);
        pop(3);
        return {};
    case op::kMemoryFill:
        emit(Opcode::kMemoryFill);
        pop(3);
        return {};
    case op::kTableGet:
        emit(Opcode::kTableGet, in.index);
        return {};
    case op::kTableSet:
        emit(Opcode::kTableSet, in.index);
        pop(2);
        return {};
    case op::kTableSize:
        emit(Opcode::kTableSize, in.index);
        push();
        return {};
    case op::kTableGrow:
        emit(Opcode::kTableGrow, in.index);
        pop();
        return {};
    case op::kTableFill:
        emit(Opcode::kTableFill, in.index);
        pop(3);
        return {};
    case op::kTableCopy:
        emit(Opcode::kTableCopy, in.index, in.index2);
        pop(3);
        return {};
    case op::kTableInit:
        emit(Opcode::kTableInit, in.index, in.index2);
        pop(3);
        return {};
    case op::kElemDrop:
        emit(Opcode::kElemDrop, in.index);
        return {};
    default:
        break;
    }
    const Opcode op = numeric_opcode(in.code);
    const OpcodeInfo& oi = info(op);
    emit(op, is_memory_opcode(in.code) ? in.offset : 0);
    pop(static_cast<uint32_t>(oi.pops));
    push(static_cast<uint32_t>(oi.pushes));
    return {};
}

}  // namespace

Result<void, CompileError> compile_function(CompileContext& ctx, uint32_t defined_index)
{
    FunctionCompiler compiler(ctx, defined_index);
    return compiler.run();
}

}  // namespace blend::rwasm
