// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace blend::rwasm {

/// Why a Wasm binary was refused by the parser (malformed) or the validator (invalid).
enum class WasmError : uint8_t {
    kUnexpectedEnd = 1,       ///< the binary ends inside a construct
    kBadMagic,                ///< not the Wasm magic 00 61 73 6D
    kBadVersion,              ///< not version 1
    kIntegerTooLong,          ///< LEB128 longer than ceil(N/7) bytes (spec §5.2.2)
    kIntegerTooLarge,         ///< LEB128 unused bits not zero/sign (spec §5.2.2)
    kMalformedSectionId,      ///< unknown section id
    kSectionOrder,            ///< sections out of order or repeated
    kSectionSizeMismatch,     ///< section content shorter or longer than its size
    kJunkAfterLastSection,    ///< bytes after the last section
    kMalformedUtf8,           ///< a name that is not valid UTF-8
    kMalformedType,           ///< a value or reference type byte that does not exist
    kMalformedLimits,         ///< limits flag other than 0/1
    kMalformedMutability,     ///< global mutability other than 0/1
    kMalformedImportKind,     ///< import/export kind other than 0..3
    kMalformedOpcode,         ///< an unknown opcode
    kMalformedReserved,       ///< a reserved zero byte that is not zero
    kMalformedElemKind,       ///< element kind/flags out of range
    kMalformedDataFlags,      ///< data segment flags out of range
    kFunctionCodeMismatch,    ///< function and code section counts differ
    kDataCountMismatch,       ///< data count section disagrees with the data section
    kDataCountRequired,       ///< memory.init / data.drop without a data count section
    kTooManyLocals,           ///< more locals than kMaxLocals
    kLimitExceeded,           ///< a kMax* bound of limits.hpp
    kUnsupportedSimd,         ///< SIMD (0xFD prefix, v128) is out of scope
    kUnsupportedThreads,      ///< threads/atomics (0xFE prefix, shared memory) are out of scope
    kUnsupportedExceptions,   ///< exception handling (try/throw, tag section) is out of scope
    kUnsupportedMemory64,     ///< memory64 limits are out of scope
    kUnsupportedMultiMemory,  ///< more than one memory is out of scope
    kUnsupportedGc,           ///< GC / typed function references are out of scope
    kUnsupportedTailCall,     ///< return_call* are out of scope
    // Validation (spec §3)
    kTypeMismatch,           ///< operand types disagree with the instruction
    kUnknownType,            ///< type index out of range
    kUnknownFunction,        ///< function index out of range
    kUnknownTable,           ///< table index out of range
    kUnknownMemory,          ///< memory index out of range / no memory
    kUnknownGlobal,          ///< global index out of range
    kUnknownLocal,           ///< local index out of range
    kUnknownLabel,           ///< branch depth out of range
    kUnknownDataSegment,     ///< data segment index out of range
    kUnknownElemSegment,     ///< element segment index out of range
    kImmutableGlobal,        ///< global.set of a constant global
    kInvalidAlignment,       ///< alignment larger than natural
    kInvalidLimits,          ///< min > max, or memory above 65536 pages
    kConstantExpression,     ///< not a constant expression
    kDuplicateExport,        ///< two exports with one name
    kMultipleMemories,       ///< more than one memory (imported + defined)
    kUndeclaredFunctionRef,  ///< ref.func of a function not declared in elements/exports/globals
    kInvalidStart,           ///< start function with params or results
    kInvalidResultArity,     ///< typed select arity other than 1
};

[[nodiscard]] const char* to_string(WasmError e) noexcept;

/// Why the Wasm→rWasm compiler refused a (valid) Wasm module.
enum class CompileError : uint8_t {
    kUnknownImport = 1,     ///< an import the resolver does not know
    kImportSignature,       ///< an import whose type differs from the resolver's
    kLimitExceeded,         ///< code, stack height or another kMax* bound exceeded
    kUnsupportedConstExpr,  ///< a constant expression the entry segment cannot express
};

[[nodiscard]] const char* to_string(CompileError e) noexcept;

/// Why an rWasm module byte string was refused by the decoder or the verifier.
enum class DecodeError : uint8_t {
    kUnexpectedEnd = 1,  ///< the bytes end inside a field
    kBadMagic,           ///< not EF 52
    kBadVersion,         ///< an unknown format version
    kTrailingBytes,      ///< bytes after the last field
    kLimitExceeded,      ///< a count above its kMax* bound
    kBadOpcode,          ///< an opcode byte outside the opcode list
    kBadValueType,       ///< a value type byte that does not exist
    kBadIndex,           ///< an index (type, function, global, table, segment) out of range
    kBadBranch,          ///< a branch target outside its function
    kBadStack,           ///< stack discipline violated (underflow, height above the declared max)
    kBadFunction,        ///< a function entry that does not start with Enter / bad layout
    kBadFlags,           ///< header flags with an unknown bit set
    kMissingFuel,        ///< a basic block that costs fuel but does not start with ConsumeFuel
    kFuelTooLow,         ///< a ConsumeFuel below the cost-table sum of its block
    kUnmetered,          ///< an unmetered module where the caller requires metering
    kFuelInUnmetered,    ///< a ConsumeFuel in a module whose header says unmetered
};

[[nodiscard]] const char* to_string(DecodeError e) noexcept;

/// How a run ends abnormally. The numeric values are the documented exit codes
/// (docs/rwasm-format.md §Traps); they never change meaning.
enum class TrapCode : uint8_t {
    kNone = 0,
    kUnreachable = 1,             ///< `unreachable` executed
    kMemoryOutOfBounds = 2,       ///< load/store/bulk memory outside linear memory
    kTableOutOfBounds = 3,        ///< table access outside the table
    kIndirectCallToNull = 4,      ///< call_indirect of a null entry
    kBadSignature = 5,            ///< call_indirect type mismatch
    kIntegerDivisionByZero = 6,   ///< div/rem by zero
    kIntegerOverflow = 7,         ///< INT_MIN / -1
    kBadConversionToInteger = 8,  ///< trunc of NaN or out-of-range float
    kStackOverflow = 9,           ///< value stack or call depth exhausted
    kOutOfFuel = 10,              ///< the fuel limit was reached
    kHostError = 11,              ///< a host function reported a failure
};

[[nodiscard]] const char* to_string(TrapCode e) noexcept;

}  // namespace blend::rwasm
