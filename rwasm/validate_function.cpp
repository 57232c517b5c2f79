// SPDX-License-Identifier: Apache-2.0
// Function body validation: the operand- and control-stack algorithm of the Wasm core spec
// appendix ("Validation Algorithm"), with a polymorphic stack after unconditional branches.
#include "rwasm/decode_instruction.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/validate.hpp"
#include "rwasm/wasm.hpp"
#include "rwasm/wasm_opcodes.hpp"

namespace blend::rwasm {

Result<FuncType, WasmError> block_signature(const WasmModule& m, const BlockType& bt)
{
    switch (bt.kind) {
    case BlockType::Kind::kEmpty:
        return FuncType{};
    case BlockType::Kind::kValue:
        return FuncType{{}, {bt.value}};
    case BlockType::Kind::kTypeIndex:
        if (bt.type_index >= m.types.size())
            return Unexpected{WasmError::kUnknownType};
        return m.types[bt.type_index];
    }
    return Unexpected{WasmError::kUnknownType};
}

namespace {

/// An operand type; kUnknown is the bottom type of unreachable code.
using Operand = uint8_t;
constexpr Operand kUnknown = 0;

constexpr Operand operand(ValType t) noexcept
{
    return static_cast<Operand>(t);
}

struct Control {
    uint16_t opcode = 0;
    FuncType sig;
    size_t height = 0;
    bool unreachable = false;
};

class FunctionValidator {
public:
    FunctionValidator(const ValidationContext& ctx, uint32_t defined_index)
        : ctx_(ctx), m_(*ctx.module), body_(m_.bodies[defined_index])
    {
        const FuncType& ft = m_.types[m_.functions[defined_index]];
        locals_ = ft.params;
        locals_.insert(locals_.end(), body_.locals.begin(), body_.locals.end());
        results_ = ft.results;
    }

    Result<void, WasmError> run()
    {
        if (locals_.size() > kMaxLocals)
            return Unexpected{WasmError::kTooManyLocals};
        push_ctrl(op::kBlock, FuncType{{}, results_});
        ByteReader reader(body_.code);
        WasmInstr in;
        while (!ctrls_.empty()) {
            if (reader.at_end())
                return Unexpected{WasmError::kUnexpectedEnd};
            BLEND_TRY_VOID(decode_instruction(reader, in));
            BLEND_TRY_VOID(step(in));
        }
        if (!reader.at_end())
            return Unexpected{WasmError::kSectionSizeMismatch};  // bytes after the final end
        return {};
    }

private:
    void push(Operand t) { vals_.push_back(t); }
    void push(ValType t) { vals_.push_back(operand(t)); }

    Result<Operand, WasmError> pop()
    {
        const Control& c = ctrls_.back();
        if (vals_.size() == c.height) {
            if (c.unreachable)
                return kUnknown;
            return Unexpected{WasmError::kTypeMismatch};
        }
        const Operand t = vals_.back();
        vals_.pop_back();
        return t;
    }

    Result<Operand, WasmError> pop(Operand expect)
    {
        BLEND_TRY(const Operand t, pop());
        if (t != expect && t != kUnknown && expect != kUnknown)
            return Unexpected{WasmError::kTypeMismatch};
        return t;  // the actual operand: br_table re-pushes unknowns as unknown
    }
    Result<Operand, WasmError> pop(ValType expect) { return pop(operand(expect)); }

    Result<void, WasmError> pop_all(const std::vector<ValType>& types)
    {
        for (size_t i = types.size(); i-- > 0;)
            BLEND_TRY_VOID(pop(types[i]));
        return {};
    }
    void push_all(const std::vector<ValType>& types)
    {
        for (const ValType t : types)
            push(t);
    }

    void push_ctrl(uint16_t opcode, FuncType sig)
    {
        Control c;
        c.opcode = opcode;
        c.height = vals_.size();
        push_all(sig.params);
        c.sig = std::move(sig);
        ctrls_.push_back(std::move(c));
    }

    Result<Control, WasmError> pop_ctrl()
    {
        if (ctrls_.empty())
            return Unexpected{WasmError::kTypeMismatch};
        BLEND_TRY_VOID(pop_all(ctrls_.back().sig.results));
        if (vals_.size() != ctrls_.back().height)
            return Unexpected{WasmError::kTypeMismatch};
        Control c = std::move(ctrls_.back());
        ctrls_.pop_back();
        return c;
    }

    static const std::vector<ValType>& label_types(const Control& c)
    {
        return c.opcode == op::kLoop ? c.sig.params : c.sig.results;
    }

    void set_unreachable()
    {
        vals_.resize(ctrls_.back().height);
        ctrls_.back().unreachable = true;
    }

    Result<const Control*, WasmError> label(uint32_t depth) const
    {
        if (depth >= ctrls_.size())
            return Unexpected{WasmError::kUnknownLabel};
        return &ctrls_[ctrls_.size() - 1 - depth];
    }

    Result<void, WasmError> need_memory() const
    {
        if (total_memories(m_) == 0)
            return Unexpected{WasmError::kUnknownMemory};
        return {};
    }
    Result<TableType, WasmError> table(uint32_t index) const
    {
        if (index >= total_tables(m_))
            return Unexpected{WasmError::kUnknownTable};
        return table_type(m_, index);
    }
    Result<void, WasmError> need_data(uint32_t index) const
    {
        if (!m_.data_count)
            return Unexpected{WasmError::kDataCountRequired};
        if (index >= *m_.data_count)
            return Unexpected{WasmError::kUnknownDataSegment};
        return {};
    }
    Result<ValType, WasmError> elem(uint32_t index) const
    {
        if (index >= m_.elems.size())
            return Unexpected{WasmError::kUnknownElemSegment};
        return m_.elems[index].type;
    }

    Result<void, WasmError> step(const WasmInstr& in);
    Result<void, WasmError> step_numeric(uint16_t code);
    Result<void, WasmError> step_memory(const WasmInstr& in);
    Result<void, WasmError> step_table(const WasmInstr& in);

    const ValidationContext& ctx_;
    const WasmModule& m_;
    const FunctionBody& body_;
    std::vector<ValType> locals_;
    std::vector<ValType> results_;
    std::vector<Operand> vals_;
    std::vector<Control> ctrls_;
};

Result<void, WasmError> FunctionValidator::step_numeric(uint16_t code)
{
    constexpr Operand I32 = operand(ValType::kI32), I64 = operand(ValType::kI64),
                      F32 = operand(ValType::kF32), F64 = operand(ValType::kF64), None = 0xFF;
    Operand in1 = None, in2 = None, out = None;
    switch (code) {
#define BLEND_CASE(name, c, shape, a, b, r) \
    case c:                                 \
        in1 = a;                            \
        in2 = b;                            \
        out = r;                            \
        break;
        BLEND_WASM_NUMERIC_OPS(BLEND_CASE)
#undef BLEND_CASE
    default:
        return Unexpected{WasmError::kMalformedOpcode};
    }
    if (in2 != None)
        BLEND_TRY_VOID(pop(in2));
    BLEND_TRY_VOID(pop(in1));
    push(out);
    return {};
}

Result<void, WasmError> FunctionValidator::step_memory(const WasmInstr& in)
{
    BLEND_TRY_VOID(need_memory());
    ValType type = ValType::kI32;
    uint32_t align = 0;
    bool store = false;
    switch (in.code) {
#define BLEND_CASE(name, c, t, bytes, natural, is_store) \
    case c:                                              \
        type = ValType::k##t;                            \
        align = natural;                                 \
        store = is_store;                                \
        break;
        BLEND_WASM_MEMORY_OPS(BLEND_CASE)
#undef BLEND_CASE
    default:
        return Unexpected{WasmError::kMalformedOpcode};
    }
    if (in.align > align)
        return Unexpected{WasmError::kInvalidAlignment};
    if (store) {
        BLEND_TRY_VOID(pop(type));
        BLEND_TRY_VOID(pop(ValType::kI32));
    } else {
        BLEND_TRY_VOID(pop(ValType::kI32));
        push(type);
    }
    return {};
}

Result<void, WasmError> FunctionValidator::step_table(const WasmInstr& in)
{
    switch (in.code) {
    case op::kTableGet: {
        BLEND_TRY(const TableType t, table(in.index));
        BLEND_TRY_VOID(pop(ValType::kI32));
        push(t.elem);
        return {};
    }
    case op::kTableSet: {
        BLEND_TRY(const TableType t, table(in.index));
        BLEND_TRY_VOID(pop(t.elem));
        BLEND_TRY_VOID(pop(ValType::kI32));
        return {};
    }
    case op::kTableSize: {
        BLEND_TRY_VOID(table(in.index));
        push(ValType::kI32);
        return {};
    }
    case op::kTableGrow: {
        BLEND_TRY(const TableType t, table(in.index));
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY_VOID(pop(t.elem));
        push(ValType::kI32);
        return {};
    }
    case op::kTableFill: {
        BLEND_TRY(const TableType t, table(in.index));
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY_VOID(pop(t.elem));
        BLEND_TRY_VOID(pop(ValType::kI32));
        return {};
    }
    case op::kTableCopy: {
        BLEND_TRY(const TableType dst, table(in.index));
        BLEND_TRY(const TableType src, table(in.index2));
        if (dst.elem != src.elem)
            return Unexpected{WasmError::kTypeMismatch};
        for (int i = 0; i < 3; ++i)
            BLEND_TRY_VOID(pop(ValType::kI32));
        return {};
    }
    case op::kTableInit: {
        BLEND_TRY(const ValType seg, elem(in.index));
        BLEND_TRY(const TableType t, table(in.index2));
        if (seg != t.elem)
            return Unexpected{WasmError::kTypeMismatch};
        for (int i = 0; i < 3; ++i)
            BLEND_TRY_VOID(pop(ValType::kI32));
        return {};
    }
    case op::kElemDrop: {
        BLEND_TRY_VOID(elem(in.index));
        return {};
    }
    default:
        return Unexpected{WasmError::kMalformedOpcode};
    }
}

Result<void, WasmError> FunctionValidator::step(const WasmInstr& in)
{
    switch (in.code) {
    case op::kUnreachable:
        set_unreachable();
        return {};
    case op::kNop:
        return {};
    case op::kBlock:
    case op::kLoop:
    case op::kIf: {
        BLEND_TRY(FuncType sig, block_signature(m_, in.block));
        if (in.code == op::kIf)
            BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY_VOID(pop_all(sig.params));
        if (ctrls_.size() >= kMaxBlockDepth)
            return Unexpected{WasmError::kLimitExceeded};
        push_ctrl(in.code, std::move(sig));
        return {};
    }
    case op::kElse: {
        if (ctrls_.back().opcode != op::kIf)
            return Unexpected{WasmError::kTypeMismatch};
        BLEND_TRY(Control c, pop_ctrl());
        push_ctrl(op::kElse, std::move(c.sig));
        return {};
    }
    case op::kEnd: {
        BLEND_TRY(Control c, pop_ctrl());
        // An `if` without `else` must have the type [t*] -> [t*] (spec §3.3.8.5).
        if (c.opcode == op::kIf && c.sig.params != c.sig.results)
            return Unexpected{WasmError::kTypeMismatch};
        push_all(c.sig.results);
        if (ctrls_.empty())
            vals_.clear();
        return {};
    }
    case op::kBr: {
        BLEND_TRY(const Control* target, label(in.index));
        BLEND_TRY_VOID(pop_all(label_types(*target)));
        set_unreachable();
        return {};
    }
    case op::kBrIf: {
        BLEND_TRY(const Control* target, label(in.index));
        BLEND_TRY_VOID(pop(ValType::kI32));
        const std::vector<ValType> types = label_types(*target);
        BLEND_TRY_VOID(pop_all(types));
        push_all(types);
        return {};
    }
    case op::kBrTable: {
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY(const Control* def, label(in.targets.back()));
        const size_t arity = label_types(*def).size();
        for (const uint32_t t : in.targets) {
            BLEND_TRY(const Control* target, label(t));
            const std::vector<ValType> types = label_types(*target);
            if (types.size() != arity)
                return Unexpected{WasmError::kTypeMismatch};
            // Pop with checking, then restore what was popped (operands may be unknown).
            std::vector<Operand> popped(types.size());
            for (size_t i = types.size(); i-- > 0;) {
                BLEND_TRY(popped[i], pop(types[i]));
            }
            for (const Operand o : popped)
                push(o);
        }
        BLEND_TRY_VOID(pop_all(label_types(*def)));
        set_unreachable();
        return {};
    }
    case op::kReturn:
        BLEND_TRY_VOID(pop_all(results_));
        set_unreachable();
        return {};
    case op::kCall: {
        if (in.index >= total_functions(m_))
            return Unexpected{WasmError::kUnknownFunction};
        const FuncType& ft = function_type(m_, in.index);
        BLEND_TRY_VOID(pop_all(ft.params));
        push_all(ft.results);
        return {};
    }
    case op::kCallIndirect: {
        BLEND_TRY(const TableType t, table(in.index2));
        if (t.elem != ValType::kFuncRef)
            return Unexpected{WasmError::kTypeMismatch};
        if (in.index >= m_.types.size())
            return Unexpected{WasmError::kUnknownType};
        const FuncType& ft = m_.types[in.index];
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY_VOID(pop_all(ft.params));
        push_all(ft.results);
        return {};
    }
    case op::kDrop:
        BLEND_TRY_VOID(pop());
        return {};
    case op::kSelect: {
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY(const Operand t1, pop());
        BLEND_TRY(const Operand t2, pop());
        const bool num1 = t1 == kUnknown || !is_ref_type(static_cast<ValType>(t1));
        const bool num2 = t2 == kUnknown || !is_ref_type(static_cast<ValType>(t2));
        if (!num1 || !num2)
            return Unexpected{WasmError::kTypeMismatch};
        if (t1 != t2 && t1 != kUnknown && t2 != kUnknown)
            return Unexpected{WasmError::kTypeMismatch};
        push(t1 == kUnknown ? t2 : t1);
        return {};
    }
    case op::kSelectTyped: {
        if (in.select_types.size() != 1)
            return Unexpected{WasmError::kInvalidResultArity};
        const ValType t = in.select_types[0];
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY_VOID(pop(t));
        BLEND_TRY_VOID(pop(t));
        push(t);
        return {};
    }
    case op::kLocalGet:
    case op::kLocalSet:
    case op::kLocalTee: {
        if (in.index >= locals_.size())
            return Unexpected{WasmError::kUnknownLocal};
        const ValType t = locals_[in.index];
        if (in.code != op::kLocalGet)
            BLEND_TRY_VOID(pop(t));
        if (in.code != op::kLocalSet)
            push(t);
        return {};
    }
    case op::kGlobalGet:
    case op::kGlobalSet: {
        if (in.index >= total_globals(m_))
            return Unexpected{WasmError::kUnknownGlobal};
        const GlobalType g = global_type(m_, in.index);
        if (in.code == op::kGlobalGet) {
            push(g.type);
        } else {
            if (!g.mutable_)
                return Unexpected{WasmError::kImmutableGlobal};
            BLEND_TRY_VOID(pop(g.type));
        }
        return {};
    }
    case op::kMemorySize:
        BLEND_TRY_VOID(need_memory());
        push(ValType::kI32);
        return {};
    case op::kMemoryGrow:
        BLEND_TRY_VOID(need_memory());
        BLEND_TRY_VOID(pop(ValType::kI32));
        push(ValType::kI32);
        return {};
    case op::kI32Const:
        push(ValType::kI32);
        return {};
    case op::kI64Const:
        push(ValType::kI64);
        return {};
    case op::kF32Const:
        push(ValType::kF32);
        return {};
    case op::kF64Const:
        push(ValType::kF64);
        return {};
    case op::kRefNull:
        push(in.ref_type);
        return {};
    case op::kRefIsNull: {
        BLEND_TRY(const Operand t, pop());
        if (t != kUnknown && !is_ref_type(static_cast<ValType>(t)))
            return Unexpected{WasmError::kTypeMismatch};
        push(ValType::kI32);
        return {};
    }
    case op::kRefFunc:
        if (in.index >= total_functions(m_))
            return Unexpected{WasmError::kUnknownFunction};
        if (!ctx_.declared_refs[in.index])
            return Unexpected{WasmError::kUndeclaredFunctionRef};
        push(ValType::kFuncRef);
        return {};
    case op::kMemoryInit:
        BLEND_TRY_VOID(need_memory());
        BLEND_TRY_VOID(need_data(in.index));
        for (int i = 0; i < 3; ++i)
            BLEND_TRY_VOID(pop(ValType::kI32));
        return {};
    case op::kDataDrop:
        return need_data(in.index);
    case op::kMemoryCopy:
    case op::kMemoryFill:
        BLEND_TRY_VOID(need_memory());
        BLEND_TRY_VOID(pop(ValType::kI32));
        BLEND_TRY_VOID(pop(in.code == op::kMemoryFill ? ValType::kI32 : ValType::kI32));
        BLEND_TRY_VOID(pop(ValType::kI32));
        return {};
    case op::kTableGet:
    case op::kTableSet:
    case op::kTableSize:
    case op::kTableGrow:
    case op::kTableFill:
    case op::kTableCopy:
    case op::kTableInit:
    case op::kElemDrop:
        return step_table(in);
    default:
        break;
    }
    if (is_memory_opcode(in.code))
        return step_memory(in);
    return step_numeric(in.code);
}

}  // namespace

Result<void, WasmError> validate_function(const ValidationContext& ctx, uint32_t defined_index)
{
    FunctionValidator v(ctx, defined_index);
    return v.run();
}

}  // namespace blend::rwasm
