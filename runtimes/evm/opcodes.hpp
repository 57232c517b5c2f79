// SPDX-License-Identifier: Apache-2.0
// The EVM instruction set, Cancun + Prague (no EOF), as one X-macro list covering all 256 byte
// values in order. The opcode enum, the names, the static gas, the stack requirements and the
// interpreter's computed-goto dispatch table are all generated from it; static_asserts check the
// order. Sources: Yellow Paper Appendix H (Berlin version) for the base set and gas; EIP-145
// (shifts), EIP-1014 (CREATE2), EIP-1052 (EXTCODEHASH), EIP-1344 (CHAINID), EIP-1884
// (SELFBALANCE), EIP-3198 (BASEFEE), EIP-3855 (PUSH0), EIP-4399 (PREVRANDAO), EIP-1153
// (TLOAD/TSTORE), EIP-5656 (MCOPY), EIP-4844 (BLOBHASH), EIP-7516 (BLOBBASEFEE).
//
// Columns of X: (Name, byte, mnemonic, static gas, stack in, stack out, immediate bytes).
// U(byte) marks an undefined byte: executing it is an exceptional halt.
//
// "Static gas" is what the *interpreter* charges before running the opcode. Opcodes whose cost is
// a state-access rule of docs/abi.md §3 (SLOAD, SSTORE, BALANCE, SELFBALANCE, EXTCODE*,
// BLOCKHASH, TLOAD, TSTORE, LOG*, CREATE*, CALL*, SELFDESTRUCT) have 0 here: the host charges
// that cost and reports it (docs/evm.md, "Gas split"). Dynamic parts the interpreter charges
// (memory expansion, copy words, KECCAK256 words, EXP bytes) are in runtimes/evm/gas.hpp.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

// clang-format off
#define BLEND_EVM_OPCODES(X, U) \
    X(Stop, 0x00, "STOP", 0, 0, 0, 0)                     \
    X(Add, 0x01, "ADD", 3, 2, 1, 0)                       \
    X(Mul, 0x02, "MUL", 5, 2, 1, 0)                       \
    X(Sub, 0x03, "SUB", 3, 2, 1, 0)                       \
    X(Div, 0x04, "DIV", 5, 2, 1, 0)                       \
    X(Sdiv, 0x05, "SDIV", 5, 2, 1, 0)                     \
    X(Mod, 0x06, "MOD", 5, 2, 1, 0)                       \
    X(Smod, 0x07, "SMOD", 5, 2, 1, 0)                     \
    X(Addmod, 0x08, "ADDMOD", 8, 3, 1, 0)                 \
    X(Mulmod, 0x09, "MULMOD", 8, 3, 1, 0)                 \
    X(Exp, 0x0A, "EXP", 10, 2, 1, 0)                      \
    X(Signextend, 0x0B, "SIGNEXTEND", 5, 2, 1, 0)         \
    U(0x0C)                                               \
    U(0x0D)                                               \
    U(0x0E)                                               \
    U(0x0F)                                               \
    X(Lt, 0x10, "LT", 3, 2, 1, 0)                         \
    X(Gt, 0x11, "GT", 3, 2, 1, 0)                         \
    X(Slt, 0x12, "SLT", 3, 2, 1, 0)                       \
    X(Sgt, 0x13, "SGT", 3, 2, 1, 0)                       \
    X(Eq, 0x14, "EQ", 3, 2, 1, 0)                         \
    X(Iszero, 0x15, "ISZERO", 3, 1, 1, 0)                 \
    X(And, 0x16, "AND", 3, 2, 1, 0)                       \
    X(Or, 0x17, "OR", 3, 2, 1, 0)                         \
    X(Xor, 0x18, "XOR", 3, 2, 1, 0)                       \
    X(Not, 0x19, "NOT", 3, 1, 1, 0)                       \
    X(Byte, 0x1A, "BYTE", 3, 2, 1, 0)                     \
    X(Shl, 0x1B, "SHL", 3, 2, 1, 0)                       \
    X(Shr, 0x1C, "SHR", 3, 2, 1, 0)                       \
    X(Sar, 0x1D, "SAR", 3, 2, 1, 0)                       \
    U(0x1E)                                               \
    U(0x1F)                                               \
    X(Keccak256, 0x20, "KECCAK256", 30, 2, 1, 0)          \
    U(0x21)                                               \
    U(0x22)                                               \
    U(0x23)                                               \
    U(0x24)                                               \
    U(0x25)                                               \
    U(0x26)                                               \
    U(0x27)                                               \
    U(0x28)                                               \
    U(0x29)                                               \
    U(0x2A)                                               \
    U(0x2B)                                               \
    U(0x2C)                                               \
    U(0x2D)                                               \
    U(0x2E)                                               \
    U(0x2F)                                               \
    X(Address, 0x30, "ADDRESS", 2, 0, 1, 0)               \
    X(Balance, 0x31, "BALANCE", 0, 1, 1, 0)               \
    X(Origin, 0x32, "ORIGIN", 2, 0, 1, 0)                 \
    X(Caller, 0x33, "CALLER", 2, 0, 1, 0)                 \
    X(Callvalue, 0x34, "CALLVALUE", 2, 0, 1, 0)           \
    X(Calldataload, 0x35, "CALLDATALOAD", 3, 1, 1, 0)     \
    X(Calldatasize, 0x36, "CALLDATASIZE", 2, 0, 1, 0)     \
    X(Calldatacopy, 0x37, "CALLDATACOPY", 3, 3, 0, 0)     \
    X(Codesize, 0x38, "CODESIZE", 2, 0, 1, 0)             \
    X(Codecopy, 0x39, "CODECOPY", 3, 3, 0, 0)             \
    X(Gasprice, 0x3A, "GASPRICE", 2, 0, 1, 0)             \
    X(Extcodesize, 0x3B, "EXTCODESIZE", 0, 1, 1, 0)       \
    X(Extcodecopy, 0x3C, "EXTCODECOPY", 0, 4, 0, 0)       \
    X(Returndatasize, 0x3D, "RETURNDATASIZE", 2, 0, 1, 0) \
    X(Returndatacopy, 0x3E, "RETURNDATACOPY", 3, 3, 0, 0) \
    X(Extcodehash, 0x3F, "EXTCODEHASH", 0, 1, 1, 0)       \
    X(Blockhash, 0x40, "BLOCKHASH", 0, 1, 1, 0)           \
    X(Coinbase, 0x41, "COINBASE", 2, 0, 1, 0)             \
    X(Timestamp, 0x42, "TIMESTAMP", 2, 0, 1, 0)           \
    X(Number, 0x43, "NUMBER", 2, 0, 1, 0)                 \
    X(Prevrandao, 0x44, "PREVRANDAO", 2, 0, 1, 0)         \
    X(Gaslimit, 0x45, "GASLIMIT", 2, 0, 1, 0)             \
    X(Chainid, 0x46, "CHAINID", 2, 0, 1, 0)               \
    X(Selfbalance, 0x47, "SELFBALANCE", 0, 0, 1, 0)       \
    X(Basefee, 0x48, "BASEFEE", 2, 0, 1, 0)               \
    X(Blobhash, 0x49, "BLOBHASH", 3, 1, 1, 0)             \
    X(Blobbasefee, 0x4A, "BLOBBASEFEE", 2, 0, 1, 0)       \
    U(0x4B)                                               \
    U(0x4C)                                               \
    U(0x4D)                                               \
    U(0x4E)                                               \
    U(0x4F)                                               \
    X(Pop, 0x50, "POP", 2, 1, 0, 0)                       \
    X(Mload, 0x51, "MLOAD", 3, 1, 1, 0)                   \
    X(Mstore, 0x52, "MSTORE", 3, 2, 0, 0)                 \
    X(Mstore8, 0x53, "MSTORE8", 3, 2, 0, 0)               \
    X(Sload, 0x54, "SLOAD", 0, 1, 1, 0)                   \
    X(Sstore, 0x55, "SSTORE", 0, 2, 0, 0)                 \
    X(Jump, 0x56, "JUMP", 8, 1, 0, 0)                     \
    X(Jumpi, 0x57, "JUMPI", 10, 2, 0, 0)                  \
    X(Pc, 0x58, "PC", 2, 0, 1, 0)                         \
    X(Msize, 0x59, "MSIZE", 2, 0, 1, 0)                   \
    X(Gas, 0x5A, "GAS", 2, 0, 1, 0)                       \
    X(Jumpdest, 0x5B, "JUMPDEST", 1, 0, 0, 0)             \
    X(Tload, 0x5C, "TLOAD", 0, 1, 1, 0)                   \
    X(Tstore, 0x5D, "TSTORE", 0, 2, 0, 0)                 \
    X(Mcopy, 0x5E, "MCOPY", 3, 3, 0, 0)                   \
    X(Push0, 0x5F, "PUSH0", 2, 0, 1, 0)                   \
    X(Push1, 0x60, "PUSH1", 3, 0, 1, 1)                   \
    X(Push2, 0x61, "PUSH2", 3, 0, 1, 2)                   \
    X(Push3, 0x62, "PUSH3", 3, 0, 1, 3)                   \
    X(Push4, 0x63, "PUSH4", 3, 0, 1, 4)                   \
    X(Push5, 0x64, "PUSH5", 3, 0, 1, 5)                   \
    X(Push6, 0x65, "PUSH6", 3, 0, 1, 6)                   \
    X(Push7, 0x66, "PUSH7", 3, 0, 1, 7)                   \
    X(Push8, 0x67, "PUSH8", 3, 0, 1, 8)                   \
    X(Push9, 0x68, "PUSH9", 3, 0, 1, 9)                   \
    X(Push10, 0x69, "PUSH10", 3, 0, 1, 10)                \
    X(Push11, 0x6A, "PUSH11", 3, 0, 1, 11)                \
    X(Push12, 0x6B, "PUSH12", 3, 0, 1, 12)                \
    X(Push13, 0x6C, "PUSH13", 3, 0, 1, 13)                \
    X(Push14, 0x6D, "PUSH14", 3, 0, 1, 14)                \
    X(Push15, 0x6E, "PUSH15", 3, 0, 1, 15)                \
    X(Push16, 0x6F, "PUSH16", 3, 0, 1, 16)                \
    X(Push17, 0x70, "PUSH17", 3, 0, 1, 17)                \
    X(Push18, 0x71, "PUSH18", 3, 0, 1, 18)                \
    X(Push19, 0x72, "PUSH19", 3, 0, 1, 19)                \
    X(Push20, 0x73, "PUSH20", 3, 0, 1, 20)                \
    X(Push21, 0x74, "PUSH21", 3, 0, 1, 21)                \
    X(Push22, 0x75, "PUSH22", 3, 0, 1, 22)                \
    X(Push23, 0x76, "PUSH23", 3, 0, 1, 23)                \
    X(Push24, 0x77, "PUSH24", 3, 0, 1, 24)                \
    X(Push25, 0x78, "PUSH25", 3, 0, 1, 25)                \
    X(Push26, 0x79, "PUSH26", 3, 0, 1, 26)                \
    X(Push27, 0x7A, "PUSH27", 3, 0, 1, 27)                \
    X(Push28, 0x7B, "PUSH28", 3, 0, 1, 28)                \
    X(Push29, 0x7C, "PUSH29", 3, 0, 1, 29)                \
    X(Push30, 0x7D, "PUSH30", 3, 0, 1, 30)                \
    X(Push31, 0x7E, "PUSH31", 3, 0, 1, 31)                \
    X(Push32, 0x7F, "PUSH32", 3, 0, 1, 32)                \
    X(Dup1, 0x80, "DUP1", 3, 1, 2, 0)                     \
    X(Dup2, 0x81, "DUP2", 3, 2, 3, 0)                     \
    X(Dup3, 0x82, "DUP3", 3, 3, 4, 0)                     \
    X(Dup4, 0x83, "DUP4", 3, 4, 5, 0)                     \
    X(Dup5, 0x84, "DUP5", 3, 5, 6, 0)                     \
    X(Dup6, 0x85, "DUP6", 3, 6, 7, 0)                     \
    X(Dup7, 0x86, "DUP7", 3, 7, 8, 0)                     \
    X(Dup8, 0x87, "DUP8", 3, 8, 9, 0)                     \
    X(Dup9, 0x88, "DUP9", 3, 9, 10, 0)                    \
    X(Dup10, 0x89, "DUP10", 3, 10, 11, 0)                 \
    X(Dup11, 0x8A, "DUP11", 3, 11, 12, 0)                 \
    X(Dup12, 0x8B, "DUP12", 3, 12, 13, 0)                 \
    X(Dup13, 0x8C, "DUP13", 3, 13, 14, 0)                 \
    X(Dup14, 0x8D, "DUP14", 3, 14, 15, 0)                 \
    X(Dup15, 0x8E, "DUP15", 3, 15, 16, 0)                 \
    X(Dup16, 0x8F, "DUP16", 3, 16, 17, 0)                 \
    X(Swap1, 0x90, "SWAP1", 3, 2, 2, 0)                   \
    X(Swap2, 0x91, "SWAP2", 3, 3, 3, 0)                   \
    X(Swap3, 0x92, "SWAP3", 3, 4, 4, 0)                   \
    X(Swap4, 0x93, "SWAP4", 3, 5, 5, 0)                   \
    X(Swap5, 0x94, "SWAP5", 3, 6, 6, 0)                   \
    X(Swap6, 0x95, "SWAP6", 3, 7, 7, 0)                   \
    X(Swap7, 0x96, "SWAP7", 3, 8, 8, 0)                   \
    X(Swap8, 0x97, "SWAP8", 3, 9, 9, 0)                   \
    X(Swap9, 0x98, "SWAP9", 3, 10, 10, 0)                 \
    X(Swap10, 0x99, "SWAP10", 3, 11, 11, 0)               \
    X(Swap11, 0x9A, "SWAP11", 3, 12, 12, 0)               \
    X(Swap12, 0x9B, "SWAP12", 3, 13, 13, 0)               \
    X(Swap13, 0x9C, "SWAP13", 3, 14, 14, 0)               \
    X(Swap14, 0x9D, "SWAP14", 3, 15, 15, 0)               \
    X(Swap15, 0x9E, "SWAP15", 3, 16, 16, 0)               \
    X(Swap16, 0x9F, "SWAP16", 3, 17, 17, 0)               \
    X(Log0, 0xA0, "LOG0", 0, 2, 0, 0)                     \
    X(Log1, 0xA1, "LOG1", 0, 3, 0, 0)                     \
    X(Log2, 0xA2, "LOG2", 0, 4, 0, 0)                     \
    X(Log3, 0xA3, "LOG3", 0, 5, 0, 0)                     \
    X(Log4, 0xA4, "LOG4", 0, 6, 0, 0)                     \
    U(0xA5)                                               \
    U(0xA6)                                               \
    U(0xA7)                                               \
    U(0xA8)                                               \
    U(0xA9)                                               \
    U(0xAA)                                               \
    U(0xAB)                                               \
    U(0xAC)                                               \
    U(0xAD)                                               \
    U(0xAE)                                               \
    U(0xAF)                                               \
    U(0xB0)                                               \
    U(0xB1)                                               \
    U(0xB2)                                               \
    U(0xB3)                                               \
    U(0xB4)                                               \
    U(0xB5)                                               \
    U(0xB6)                                               \
    U(0xB7)                                               \
    U(0xB8)                                               \
    U(0xB9)                                               \
    U(0xBA)                                               \
    U(0xBB)                                               \
    U(0xBC)                                               \
    U(0xBD)                                               \
    U(0xBE)                                               \
    U(0xBF)                                               \
    U(0xC0)                                               \
    U(0xC1)                                               \
    U(0xC2)                                               \
    U(0xC3)                                               \
    U(0xC4)                                               \
    U(0xC5)                                               \
    U(0xC6)                                               \
    U(0xC7)                                               \
    U(0xC8)                                               \
    U(0xC9)                                               \
    U(0xCA)                                               \
    U(0xCB)                                               \
    U(0xCC)                                               \
    U(0xCD)                                               \
    U(0xCE)                                               \
    U(0xCF)                                               \
    U(0xD0)                                               \
    U(0xD1)                                               \
    U(0xD2)                                               \
    U(0xD3)                                               \
    U(0xD4)                                               \
    U(0xD5)                                               \
    U(0xD6)                                               \
    U(0xD7)                                               \
    U(0xD8)                                               \
    U(0xD9)                                               \
    U(0xDA)                                               \
    U(0xDB)                                               \
    U(0xDC)                                               \
    U(0xDD)                                               \
    U(0xDE)                                               \
    U(0xDF)                                               \
    U(0xE0)                                               \
    U(0xE1)                                               \
    U(0xE2)                                               \
    U(0xE3)                                               \
    U(0xE4)                                               \
    U(0xE5)                                               \
    U(0xE6)                                               \
    U(0xE7)                                               \
    U(0xE8)                                               \
    U(0xE9)                                               \
    U(0xEA)                                               \
    U(0xEB)                                               \
    U(0xEC)                                               \
    U(0xED)                                               \
    U(0xEE)                                               \
    U(0xEF)                                               \
    X(Create, 0xF0, "CREATE", 0, 3, 1, 0)                 \
    X(Call, 0xF1, "CALL", 0, 7, 1, 0)                     \
    X(Callcode, 0xF2, "CALLCODE", 0, 7, 1, 0)             \
    X(Return, 0xF3, "RETURN", 0, 2, 0, 0)                 \
    X(Delegatecall, 0xF4, "DELEGATECALL", 0, 6, 1, 0)     \
    X(Create2, 0xF5, "CREATE2", 0, 4, 1, 0)               \
    U(0xF6)                                               \
    U(0xF7)                                               \
    U(0xF8)                                               \
    U(0xF9)                                               \
    X(Staticcall, 0xFA, "STATICCALL", 0, 6, 1, 0)         \
    U(0xFB)                                               \
    U(0xFC)                                               \
    X(Revert, 0xFD, "REVERT", 0, 2, 0, 0)                 \
    X(Invalid, 0xFE, "INVALID", 0, 0, 0, 0)               \
    X(Selfdestruct, 0xFF, "SELFDESTRUCT", 0, 1, 0, 0)

// clang-format on

#define BLEND_EVM_NOTHING(byte)

enum class Opcode : uint8_t {
#define BLEND_EVM_ENUM(name, byte, text, gas, in, out, imm) k##name = byte,
    BLEND_EVM_OPCODES(BLEND_EVM_ENUM, BLEND_EVM_NOTHING)
#undef BLEND_EVM_ENUM
};

/// Properties of one byte value; `defined` is false for undefined bytes.
struct OpcodeInfo {
    const char* name;
    uint16_t static_gas;
    uint8_t stack_in;
    uint8_t stack_out;
    uint8_t immediate;
    bool defined;
};

// Index of each row == its byte, so the table below can be indexed by the byte directly.
#define BLEND_EVM_INFO(name, byte, text, gas, in, out, imm) {text, gas, in, out, imm, true},
#define BLEND_EVM_INFO_UNDEFINED(byte) {"UNDEFINED", 0, 0, 0, 0, false},
inline constexpr OpcodeInfo kOpcodeInfo[256] = {
    BLEND_EVM_OPCODES(BLEND_EVM_INFO, BLEND_EVM_INFO_UNDEFINED)};
#undef BLEND_EVM_INFO
#undef BLEND_EVM_INFO_UNDEFINED

namespace detail {
constexpr bool rows_in_byte_order() noexcept
{
    unsigned expected = 0;
    bool ok = true;
#define BLEND_EVM_CHECK(name, byte, text, gas, in, out, imm) ok = ok && (byte) == expected++;
#define BLEND_EVM_CHECK_UNDEFINED(byte) ok = ok && (byte) == expected++;
    BLEND_EVM_OPCODES(BLEND_EVM_CHECK, BLEND_EVM_CHECK_UNDEFINED)
#undef BLEND_EVM_CHECK
#undef BLEND_EVM_CHECK_UNDEFINED
    return ok && expected == 256;
}
}  // namespace detail
static_assert(detail::rows_in_byte_order(),
              "BLEND_EVM_OPCODES must list bytes 0x00..0xFF in order");
static_assert(sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]) == 256);

/// The mnemonic of a byte ("UNDEFINED" for undefined bytes).
[[nodiscard]] constexpr const char* opcode_name(uint8_t byte) noexcept
{
    return kOpcodeInfo[byte].name;
}

}  // namespace blend::evm
