// SPDX-License-Identifier: Apache-2.0
#include "rwasm/decode_instruction.hpp"

#include "rwasm/limits.hpp"
#include "rwasm/wasm_opcodes.hpp"

namespace blend::rwasm {

Result<ValType, WasmError> read_value_type(ByteReader& reader)
{
    BLEND_TRY(const uint8_t b, reader.u8());
    switch (b) {
    case 0x7F:
    case 0x7E:
    case 0x7D:
    case 0x7C:
    case 0x70:
    case 0x6F:
        return static_cast<ValType>(b);
    case 0x7B:  // v128 (SIMD proposal)
        return Unexpected{WasmError::kUnsupportedSimd};
    case 0x64:  // (ref ht), (ref null ht): typed function references / GC
    case 0x63:
        return Unexpected{WasmError::kUnsupportedGc};
    default:
        return Unexpected{WasmError::kMalformedType};
    }
}

Result<ValType, WasmError> read_ref_type(ByteReader& reader)
{
    BLEND_TRY(const ValType t, read_value_type(reader));
    if (!is_ref_type(t))
        return Unexpected{WasmError::kMalformedType};
    return t;
}

bool is_numeric_opcode(uint16_t code) noexcept
{
    switch (code) {
#define BLEND_CASE(name, c, ...) case c:
        BLEND_WASM_NUMERIC_OPS(BLEND_CASE)
#undef BLEND_CASE
        return true;
    default:
        return false;
    }
}

bool is_memory_opcode(uint16_t code) noexcept
{
    return code >= 0x28 && code <= 0x3E;
}

namespace {

Result<BlockType, WasmError> read_block_type(ByteReader& reader)
{
    BLEND_TRY(const int64_t v, reader.s33());
    BlockType bt;
    if (v == -64) {  // 0x40
        bt.kind = BlockType::Kind::kEmpty;
        return bt;
    }
    if (v < 0) {
        const uint8_t byte = static_cast<uint8_t>(v & 0x7F);
        switch (byte) {
        case 0x7F:
        case 0x7E:
        case 0x7D:
        case 0x7C:
        case 0x70:
        case 0x6F:
            bt.kind = BlockType::Kind::kValue;
            bt.value = static_cast<ValType>(byte);
            return bt;
        case 0x7B:
            return Unexpected{WasmError::kUnsupportedSimd};
        default:
            return Unexpected{WasmError::kMalformedType};
        }
    }
    if (v > 0xFFFFFFFF)
        return Unexpected{WasmError::kUnknownType};
    bt.kind = BlockType::Kind::kTypeIndex;
    bt.type_index = static_cast<uint32_t>(v);
    return bt;
}

Result<void, WasmError> expect_zero_byte(ByteReader& reader)
{
    BLEND_TRY(const uint8_t b, reader.u8());
    if (b != 0)
        return Unexpected{WasmError::kMalformedReserved};
    return {};
}

Result<void, WasmError> decode_prefixed(ByteReader& reader, WasmInstr& out)
{
    BLEND_TRY(const uint32_t sub, reader.u32());
    if (sub > 17)
        return Unexpected{WasmError::kMalformedOpcode};
    out.code = static_cast<uint16_t>(0xFC00 | sub);
    switch (out.code) {
    case op::kMemoryInit: {
        BLEND_TRY(out.index, reader.u32());
        return expect_zero_byte(reader);
    }
    case op::kDataDrop:
    case op::kElemDrop:
    case op::kTableGrow:
    case op::kTableSize:
    case op::kTableFill: {
        BLEND_TRY(out.index, reader.u32());
        return {};
    }
    case op::kMemoryCopy:
        BLEND_TRY_VOID(expect_zero_byte(reader));
        return expect_zero_byte(reader);
    case op::kMemoryFill:
        return expect_zero_byte(reader);
    case op::kTableInit: {
        BLEND_TRY(out.index, reader.u32());   // element segment
        BLEND_TRY(out.index2, reader.u32());  // table
        return {};
    }
    case op::kTableCopy: {
        BLEND_TRY(out.index, reader.u32());   // destination table
        BLEND_TRY(out.index2, reader.u32());  // source table
        return {};
    }
    default:
        return {};  // saturating truncations: no immediates
    }
}

}  // namespace

Result<void, WasmError> decode_instruction(ByteReader& reader, WasmInstr& out)
{
    BLEND_TRY(const uint8_t byte, reader.u8());
    out.code = byte;
    switch (byte) {
    case op::kUnreachable:
    case op::kNop:
    case op::kElse:
    case op::kEnd:
    case op::kReturn:
    case op::kDrop:
    case op::kSelect:
    case op::kRefIsNull:
        return {};
    case op::kBlock:
    case op::kLoop:
    case op::kIf: {
        BLEND_TRY(out.block, read_block_type(reader));
        return {};
    }
    case op::kBr:
    case op::kBrIf:
    case op::kCall:
    case op::kLocalGet:
    case op::kLocalSet:
    case op::kLocalTee:
    case op::kGlobalGet:
    case op::kGlobalSet:
    case op::kTableGet:
    case op::kTableSet:
    case op::kRefFunc: {
        BLEND_TRY(out.index, reader.u32());
        return {};
    }
    case op::kBrTable: {
        BLEND_TRY(const uint32_t n, reader.u32());
        if (n >= kMaxBrTableTargets)
            return Unexpected{WasmError::kLimitExceeded};
        out.targets.clear();
        for (uint32_t i = 0; i <= n; ++i) {
            BLEND_TRY(const uint32_t t, reader.u32());
            out.targets.push_back(t);
        }
        return {};
    }
    case op::kCallIndirect: {
        BLEND_TRY(out.index, reader.u32());   // type
        BLEND_TRY(out.index2, reader.u32());  // table
        return {};
    }
    case op::kSelectTyped: {
        BLEND_TRY(const uint32_t n, reader.u32());
        if (n > kMaxTypeArity)
            return Unexpected{WasmError::kLimitExceeded};
        out.select_types.clear();
        for (uint32_t i = 0; i < n; ++i) {
            BLEND_TRY(const ValType t, read_value_type(reader));
            out.select_types.push_back(t);
        }
        return {};
    }
    case op::kMemorySize:
    case op::kMemoryGrow:
        return expect_zero_byte(reader);
    case op::kI32Const: {
        BLEND_TRY(const int32_t v, reader.s32());
        out.value = static_cast<uint32_t>(v);
        return {};
    }
    case op::kI64Const: {
        BLEND_TRY(const int64_t v, reader.s64());
        out.value = static_cast<uint64_t>(v);
        return {};
    }
    case op::kF32Const: {
        BLEND_TRY(out.value, reader.fixed(4));
        return {};
    }
    case op::kF64Const: {
        BLEND_TRY(out.value, reader.fixed(8));
        return {};
    }
    case op::kRefNull: {
        BLEND_TRY(out.ref_type, read_ref_type(reader));
        return {};
    }
    case 0xFC:
        return decode_prefixed(reader, out);
    case 0xFD:
        return Unexpected{WasmError::kUnsupportedSimd};
    case 0xFE:
        return Unexpected{WasmError::kUnsupportedThreads};
    case 0x06:  // try
    case 0x07:  // catch
    case 0x08:  // throw
    case 0x09:  // rethrow
    case 0x18:  // delegate
    case 0x19:  // catch_all
        return Unexpected{WasmError::kUnsupportedExceptions};
    case 0x12:  // return_call
    case 0x13:  // return_call_indirect
        return Unexpected{WasmError::kUnsupportedTailCall};
    case 0x14:  // call_ref
    case 0x15:  // return_call_ref
    case 0xD3:  // ref.as_non_null
    case 0xD4:  // br_on_null
    case 0xD5:  // br_on_non_null
    case 0xFB:  // GC prefix
        return Unexpected{WasmError::kUnsupportedGc};
    default:
        break;
    }
    if (is_memory_opcode(byte)) {
        BLEND_TRY(out.align, reader.u32());
        BLEND_TRY(out.offset, reader.u32());
        if (out.align >= 64)  // bit 6 selects a memory index (multi-memory proposal)
            return Unexpected{WasmError::kUnsupportedMultiMemory};
        return {};
    }
    if (is_numeric_opcode(byte))
        return {};
    return Unexpected{WasmError::kMalformedOpcode};
}

}  // namespace blend::rwasm
