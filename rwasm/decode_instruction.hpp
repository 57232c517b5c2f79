// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "rwasm/byte_reader.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/wasm_module.hpp"

#include <vector>

namespace blend::rwasm {

/// A block type (spec §5.4.1): empty, one value type, or a type index.
struct BlockType {
    enum class Kind : uint8_t { kEmpty, kValue, kTypeIndex };
    Kind kind = Kind::kEmpty;
    ValType value = ValType::kI32;
    uint32_t type_index = 0;
};

/// Wasm opcodes that are not numeric (numeric ones come from wasm_opcodes.hpp). 0xFC-prefixed
/// instructions are 0xFC00 | sub-opcode.
namespace op {
inline constexpr uint16_t kUnreachable = 0x00, kNop = 0x01, kBlock = 0x02, kLoop = 0x03, kIf = 0x04,
                          kElse = 0x05, kEnd = 0x0B, kBr = 0x0C, kBrIf = 0x0D, kBrTable = 0x0E,
                          kReturn = 0x0F, kCall = 0x10, kCallIndirect = 0x11, kDrop = 0x1A,
                          kSelect = 0x1B, kSelectTyped = 0x1C, kLocalGet = 0x20, kLocalSet = 0x21,
                          kLocalTee = 0x22, kGlobalGet = 0x23, kGlobalSet = 0x24, kTableGet = 0x25,
                          kTableSet = 0x26, kMemorySize = 0x3F, kMemoryGrow = 0x40,
                          kI32Const = 0x41, kI64Const = 0x42, kF32Const = 0x43, kF64Const = 0x44,
                          kRefNull = 0xD0, kRefIsNull = 0xD1, kRefFunc = 0xD2, kMemoryInit = 0xFC08,
                          kDataDrop = 0xFC09, kMemoryCopy = 0xFC0A, kMemoryFill = 0xFC0B,
                          kTableInit = 0xFC0C, kElemDrop = 0xFC0D, kTableCopy = 0xFC0E,
                          kTableGrow = 0xFC0F, kTableSize = 0xFC10, kTableFill = 0xFC11;
}  // namespace op

/// One decoded instruction with its immediates.
struct WasmInstr {
    uint16_t code = 0;
    uint32_t index = 0;  ///< local/global/function/type/label/table/segment index
    uint32_t index2 =
        0;               ///< second index: call_indirect table, table.copy source, table.init table
    uint32_t align = 0;  ///< memarg alignment exponent
    uint32_t offset = 0;  ///< memarg offset
    uint64_t value = 0;   ///< constant bits
    BlockType block;
    ValType ref_type = ValType::kFuncRef;
    std::vector<uint32_t> targets;  ///< br_table: the labels, then the default
    std::vector<ValType> select_types;
};

/// Decodes one instruction; `out` is reused between calls to avoid allocations.
[[nodiscard]] Result<void, WasmError> decode_instruction(ByteReader& reader, WasmInstr& out);

/// Reads a value type byte (spec §5.3.1); SIMD's v128 is refused by name.
[[nodiscard]] Result<ValType, WasmError> read_value_type(ByteReader& reader);
[[nodiscard]] Result<ValType, WasmError> read_ref_type(ByteReader& reader);

/// Is `code` one of the numeric instructions of wasm_opcodes.hpp?
[[nodiscard]] bool is_numeric_opcode(uint16_t code) noexcept;
[[nodiscard]] bool is_memory_opcode(uint16_t code) noexcept;

}  // namespace blend::rwasm
