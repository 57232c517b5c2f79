// SPDX-License-Identifier: Apache-2.0
#include "rwasm/errors.hpp"

namespace blend::rwasm {

const char* to_string(WasmError e) noexcept
{
    switch (e) {
    case WasmError::kUnexpectedEnd:
        return "the binary ends inside a construct";
    case WasmError::kBadMagic:
        return "not the Wasm magic 00 61 73 6D";
    case WasmError::kBadVersion:
        return "not version 1";
    case WasmError::kIntegerTooLong:
        return "LEB128 longer than ceil(N/7) bytes (spec §5.2.2)";
    case WasmError::kIntegerTooLarge:
        return "LEB128 unused bits not zero/sign (spec §5.2.2)";
    case WasmError::kMalformedSectionId:
        return "unknown section id";
    case WasmError::kSectionOrder:
        return "sections out of order or repeated";
    case WasmError::kSectionSizeMismatch:
        return "section content shorter or longer than its size";
    case WasmError::kJunkAfterLastSection:
        return "bytes after the last section";
    case WasmError::kMalformedUtf8:
        return "a name that is not valid UTF-8";
    case WasmError::kMalformedType:
        return "a value or reference type byte that does not exist";
    case WasmError::kMalformedLimits:
        return "limits flag other than 0/1";
    case WasmError::kMalformedMutability:
        return "global mutability other than 0/1";
    case WasmError::kMalformedImportKind:
        return "import/export kind other than 0..3";
    case WasmError::kMalformedOpcode:
        return "an unknown opcode";
    case WasmError::kMalformedReserved:
        return "a reserved zero byte that is not zero";
    case WasmError::kMalformedElemKind:
        return "element kind/flags out of range";
    case WasmError::kMalformedDataFlags:
        return "data segment flags out of range";
    case WasmError::kFunctionCodeMismatch:
        return "function and code section counts differ";
    case WasmError::kDataCountMismatch:
        return "data count section disagrees with the data section";
    case WasmError::kDataCountRequired:
        return "memory.init / data.drop without a data count section";
    case WasmError::kTooManyLocals:
        return "more locals than kMaxLocals";
    case WasmError::kLimitExceeded:
        return "a kMax* bound of limits.hpp";
    case WasmError::kUnsupportedSimd:
        return "SIMD (0xFD prefix, v128) is out of scope";
    case WasmError::kUnsupportedThreads:
        return "threads/atomics (0xFE prefix, shared memory) are out of scope";
    case WasmError::kUnsupportedExceptions:
        return "exception handling (try/throw, tag section) is out of scope";
    case WasmError::kUnsupportedMemory64:
        return "memory64 limits are out of scope";
    case WasmError::kUnsupportedMultiMemory:
        return "more than one memory is out of scope";
    case WasmError::kUnsupportedGc:
        return "GC / typed function references are out of scope";
    case WasmError::kUnsupportedTailCall:
        return "return_call* are out of scope";
    case WasmError::kTypeMismatch:
        return "operand types disagree with the instruction";
    case WasmError::kUnknownType:
        return "type index out of range";
    case WasmError::kUnknownFunction:
        return "function index out of range";
    case WasmError::kUnknownTable:
        return "table index out of range";
    case WasmError::kUnknownMemory:
        return "memory index out of range / no memory";
    case WasmError::kUnknownGlobal:
        return "global index out of range";
    case WasmError::kUnknownLocal:
        return "local index out of range";
    case WasmError::kUnknownLabel:
        return "branch depth out of range";
    case WasmError::kUnknownDataSegment:
        return "data segment index out of range";
    case WasmError::kUnknownElemSegment:
        return "element segment index out of range";
    case WasmError::kImmutableGlobal:
        return "global.set of a constant global";
    case WasmError::kInvalidAlignment:
        return "alignment larger than natural";
    case WasmError::kInvalidLimits:
        return "min > max, or memory above 65536 pages";
    case WasmError::kConstantExpression:
        return "not a constant expression";
    case WasmError::kDuplicateExport:
        return "two exports with one name";
    case WasmError::kMultipleMemories:
        return "more than one memory (imported + defined)";
    case WasmError::kUndeclaredFunctionRef:
        return "ref.func of a function not declared in elements/exports/globals";
    case WasmError::kInvalidStart:
        return "start function with params or results";
    case WasmError::kInvalidResultArity:
        return "typed select arity other than 1";
    }
    return "unknown";
}

const char* to_string(CompileError e) noexcept
{
    switch (e) {
    case CompileError::kUnknownImport:
        return "an import the resolver does not know";
    case CompileError::kImportSignature:
        return "an import whose type differs from the resolver's";
    case CompileError::kLimitExceeded:
        return "code, stack height or another kMax* bound exceeded";
    case CompileError::kUnsupportedConstExpr:
        return "a constant expression the entry segment cannot express";
    }
    return "unknown";
}

const char* to_string(DecodeError e) noexcept
{
    switch (e) {
    case DecodeError::kUnexpectedEnd:
        return "the bytes end inside a field";
    case DecodeError::kBadMagic:
        return "not EF 52";
    case DecodeError::kBadVersion:
        return "an unknown format version";
    case DecodeError::kTrailingBytes:
        return "bytes after the last field";
    case DecodeError::kLimitExceeded:
        return "a count above its kMax* bound";
    case DecodeError::kBadOpcode:
        return "an opcode byte outside the opcode list";
    case DecodeError::kBadValueType:
        return "a value type byte that does not exist";
    case DecodeError::kBadIndex:
        return "an index (type, function, global, table, segment) out of range";
    case DecodeError::kBadBranch:
        return "a branch target outside its function";
    case DecodeError::kBadStack:
        return "stack discipline violated (underflow, height above the declared max)";
    case DecodeError::kBadFunction:
        return "a function entry that does not start with Enter / bad layout";
    case DecodeError::kBadFlags:
        return "header flags with an unknown bit set";
    case DecodeError::kMissingFuel:
        return "a basic block that costs fuel does not start with ConsumeFuel";
    case DecodeError::kFuelTooLow:
        return "a ConsumeFuel amount below the cost of its basic block";
    case DecodeError::kUnmetered:
        return "an unmetered module (allowed only for system runtimes)";
    case DecodeError::kFuelInUnmetered:
        return "ConsumeFuel in a module whose header says unmetered";
    }
    return "unknown";
}

const char* to_string(TrapCode e) noexcept
{
    switch (e) {
    case TrapCode::kNone:
        return "no trap";
    case TrapCode::kUnreachable:
        return "`unreachable` executed";
    case TrapCode::kMemoryOutOfBounds:
        return "load/store/bulk memory outside linear memory";
    case TrapCode::kTableOutOfBounds:
        return "table access outside the table";
    case TrapCode::kIndirectCallToNull:
        return "call_indirect of a null entry";
    case TrapCode::kBadSignature:
        return "call_indirect type mismatch";
    case TrapCode::kIntegerDivisionByZero:
        return "div/rem by zero";
    case TrapCode::kIntegerOverflow:
        return "INT_MIN / -1";
    case TrapCode::kBadConversionToInteger:
        return "trunc of NaN or out-of-range float";
    case TrapCode::kStackOverflow:
        return "value stack or call depth exhausted";
    case TrapCode::kOutOfFuel:
        return "the fuel limit was reached";
    case TrapCode::kHostError:
        return "a host function reported a failure";
    }
    return "unknown";
}

}  // namespace blend::rwasm
