// SPDX-License-Identifier: Apache-2.0
#include "execution/call_tracer.hpp"

#include "execution/account_code.hpp"
#include "runtimes/sdk/abi.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace blend::execution {

using abi::ExitCode;

namespace {

/// Solidity's revert encodings (Solidity docs "Error handling: Assert, Require, Revert"):
/// keccak256("Error(string)")[:4] and keccak256("Panic(uint256)")[:4].
constexpr std::array<uint8_t, 4> kErrorSelector{0x08, 0xc3, 0x79, 0xa0};
constexpr std::array<uint8_t, 4> kPanicSelector{0x4e, 0x48, 0x7b, 0x71};
constexpr size_t kWord = 32;

bool has_selector(BytesView data, const std::array<uint8_t, 4>& selector)
{
    return data.size() >= 4 && std::equal(selector.begin(), selector.end(), data.begin());
}

/// An ABI word as a size, or nullopt when it is 2^64 or more.
std::optional<uint64_t> word_as_u64(BytesView word)
{
    for (size_t i = 0; i < kWord - 8; ++i)
        if (word[i] != 0)
            return std::nullopt;
    uint64_t v = 0;
    for (size_t i = kWord - 8; i < kWord; ++i)
        v = v << 8 | word[i];
    return v;
}

/// U+FFFD, what Go's encoding/json writes for each byte that is not part of valid UTF-8.
constexpr char kReplacement[] = "\xEF\xBF\xBD";

/// The length of the valid UTF-8 sequence at s[i] (RFC 3629 §4: no overlong forms, no
/// surrogates, nothing above U+10FFFF), or 0.
size_t utf8_sequence(BytesView s, size_t i)
{
    const uint8_t b = s[i];
    if (b < 0x80)
        return 1;
    size_t n = 0;
    uint8_t lo = 0x80;
    uint8_t hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0)
            lo = 0xA0;  // overlong
        if (b == 0xED)
            hi = 0x9F;  // surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0)
            lo = 0x90;  // overlong
        if (b == 0xF4)
            hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (size_t k = 2; k < n; ++k)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF)
            return 0;
    return n;
}

std::string to_valid_utf8(BytesView s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_sequence(s, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        out.append(reinterpret_cast<const char*>(s.data() + i), n);
        i += n;
    }
    return out;
}

/// Solidity's panic codes (Solidity docs "Panic via assert and Error via require"), in geth's
/// words (accounts/abi panicReasons).
const char* panic_reason(uint64_t code)
{
    switch (code) {
    case 0x00:
        return "generic panic";
    case 0x01:
        return "assert(false)";
    case 0x11:
        return "arithmetic underflow or overflow";
    case 0x12:
        return "division or modulo by zero";
    case 0x21:
        return "enum overflow";
    case 0x22:
        return "invalid encoded storage byte array accessed";
    case 0x31:
        return "out-of-bounds array access; popping on an empty array";
    case 0x32:
        return "out-of-bounds access of an array or bytesN";
    case 0x41:
        return "out of memory";
    case 0x51:
        return "uninitialized function";
    default:
        return nullptr;
    }
}

std::string hex_quantity(BytesView word)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "0x";
    bool leading = true;
    for (const uint8_t b : word) {
        for (const int shift : {4, 0}) {
            const int d = (b >> shift) & 0xF;
            if (leading && d == 0)
                continue;
            leading = false;
            out += kDigits[d];
        }
    }
    if (leading)
        out += '0';
    return out;
}

/// The words of an exit code that only a Wasm contract (a trap) or the STF produces.
const char* generic_error(int32_t exit_code)
{
    switch (static_cast<ExitCode>(exit_code)) {
    case ExitCode::kOk:
        return "ok";
    case ExitCode::kPanic:
        return "execution reverted";
    case ExitCode::kRootCallOnly:
        return "root call only";
    case ExitCode::kMalformedBuiltinParams:
        return "malformed syscall parameters";
    case ExitCode::kCallDepthOverflow:
        return "max call depth exceeded";
    case ExitCode::kNonNegativeExitCode:
        return "non-negative exit code";
    case ExitCode::kUnknownError:
        return "unknown error";
    case ExitCode::kInputOutputOutOfBounds:
        return "input or output out of bounds";
    case ExitCode::kPrecompileError:
        return "precompile failed";
    case ExitCode::kNotSupportedBytecode:
        return "unsupported bytecode";
    case ExitCode::kStateChangeDuringStaticCall:
        return "write protection";
    case ExitCode::kCreateContractSizeLimit:
        return "max code size exceeded";
    case ExitCode::kCreateContractCollision:
        return "contract address collision";
    case ExitCode::kCreateContractStartingWithEF:
        return "invalid code: must not begin with 0xef";
    case ExitCode::kOutOfMemory:
        return "out of memory (node limit)";
    case ExitCode::kInsufficientBalance:
        return "insufficient balance for transfer";
    case ExitCode::kOutputTooLarge:
        return "output too large";
    case ExitCode::kUnreachableCodeReached:
        return "wasm trap: unreachable";
    case ExitCode::kMemoryOutOfBounds:
        return "wasm trap: memory out of bounds";
    case ExitCode::kTableOutOfBounds:
        return "wasm trap: table out of bounds";
    case ExitCode::kIndirectCallToNull:
        return "wasm trap: indirect call to null";
    case ExitCode::kIntegerDivisionByZero:
        return "wasm trap: integer division by zero";
    case ExitCode::kIntegerOverflow:
        return "wasm trap: integer overflow";
    case ExitCode::kBadConversionToInteger:
        return "wasm trap: bad conversion to integer";
    case ExitCode::kStackOverflow:
        return "wasm trap: stack overflow";
    case ExitCode::kBadSignature:
        return "wasm trap: bad signature";
    case ExitCode::kOutOfFuel:
        return "out of gas";
    case ExitCode::kUnknownExternalFunction:
        return "unknown host function";
    case ExitCode::kEvmInvalidJump:
        return "invalid jump destination";
    case ExitCode::kEvmStackLimitReached:
        return "stack limit reached 1024 (1023)";
    }
    return nullptr;
}

}  // namespace

const char* call_type_name(CallKind kind) noexcept
{
    switch (kind) {
    case CallKind::kCall:
        return "CALL";
    case CallKind::kStaticCall:
        return "STATICCALL";
    case CallKind::kCallCode:
        return "CALLCODE";
    case CallKind::kDelegateCall:
        return "DELEGATECALL";
    case CallKind::kCreate:
        return "CREATE";
    case CallKind::kCreate2:
        return "CREATE2";
    }
    return "CALL";
}

std::string call_error_text(int32_t exit_code, CodeRunner runner)
{
    if (runner == CodeRunner::kEvm) {
        // One exit code per EVM halt (docs/abi.md §6, docs/evm.md); the words are geth's
        // (core/vm/errors.go: ErrStackUnderflow, ErrStackOverflow, ErrInvalidJump,
        // ErrInvalidOpCode with OpCode.String()).
        switch (static_cast<ExitCode>(exit_code)) {
        case ExitCode::kUnreachableCodeReached:
            return "invalid opcode: INVALID";  // 0xFE, EIP-141
        case ExitCode::kEvmInvalidJump:
            return "invalid jump destination";
        case ExitCode::kEvmStackLimitReached:
            // Every opcode pushes at most one net item (runtimes/evm/interpreter.hpp asserts
            // it), so geth's check fails at 1024 items against a limit of 1024 - 1.
            return "stack limit reached 1024 (1023)";
        case ExitCode::kInputOutputOutOfBounds:
            return "return data out of bounds";  // EIP-211
        default:
            break;
        }
        if (exit_code <= abi::kEvmUndefinedOpcodeBase &&
            exit_code > abi::kEvmUndefinedOpcodeBase - 256) {
            // Go's %#x: lower-case hex without leading zeros ("0xc").
            static constexpr char kDigits[] = "0123456789abcdef";
            const auto byte = static_cast<unsigned>(abi::kEvmUndefinedOpcodeBase - exit_code);
            std::string hex = "0x";
            if (byte >= 16)
                hex += kDigits[byte >> 4];
            hex += kDigits[byte & 15];
            return "invalid opcode: opcode " + hex + " not defined";
        }
        // 64-bit: any i32 may arrive here.
        const int64_t underflow = int64_t{abi::kEvmStackUnderflowBase} - exit_code;
        const int64_t required = underflow / 100;
        const int64_t stack_len = underflow % 100;
        if (underflow > 0 && required >= 1 && required <= abi::kEvmMaxStackInputs &&
            stack_len < required)
            return "stack underflow (" + std::to_string(stack_len) + " <=> " +
                   std::to_string(required) + ")";
    }
    if (runner == CodeRunner::kPrecompile &&
        exit_code == static_cast<int32_t>(ExitCode::kPrecompileError))
        return "precompile failed: invalid input or out of gas";  // precompiles.hpp: one code
    if (const char* text = generic_error(exit_code))
        return text;
    return "exit code " + std::to_string(exit_code);
}

std::optional<std::string> decode_revert_reason(BytesView output)
{
    if (has_selector(output, kErrorSelector)) {
        // ABI head: the offset of the string; at the offset its length, then its bytes.
        const BytesView args = output.subspan(4);
        if (args.size() < kWord)
            return std::nullopt;
        const auto offset = word_as_u64(args.subspan(0, kWord));
        if (!offset || *offset > args.size() || args.size() - *offset < kWord)
            return std::nullopt;
        const auto length = word_as_u64(args.subspan(*offset, kWord));
        const uint64_t start = *offset + kWord;
        if (!length || *length > args.size() - start)
            return std::nullopt;
        return to_valid_utf8(args.subspan(start, *length));
    }
    if (has_selector(output, kPanicSelector)) {
        if (output.size() < 4 + kWord)
            return std::nullopt;
        const BytesView code = output.subspan(4, kWord);
        if (const auto small = word_as_u64(code))
            if (const char* reason = panic_reason(*small))
                return std::string(reason);
        return "unknown panic code: " + hex_quantity(code);
    }
    return std::nullopt;
}

CallTracer::CallTracer(JournaledState& state, bool only_top_call, size_t max_bytes)
    : state_(state), only_top_call_(only_top_call), max_bytes_(max_bytes)
{}

void CallTracer::on_enter(const Message& m)
{
    Open open;
    // Nothing below the top message when onlyTopCall; nothing at all once over the budget.
    const size_t cost = kCallTraceFrameOverhead + m.input.size();
    if ((only_top_call_ && !open_.empty()) || overflowed_ || bytes_ + cost > max_bytes_) {
        if (!(only_top_call_ && !open_.empty()))
            overflowed_ = true;
        open_.push_back(std::move(open));
        return;
    }
    bytes_ += cost;
    open.recorded = true;
    CallTrace& t = open.trace;
    t.kind = m.kind;
    // geth (core/vm/evm.go): DELEGATECALL is made by the delegating contract, and CALLCODE and
    // DELEGATECALL name the account whose code runs as `to`.
    const bool borrowed_code = m.kind == CallKind::kCallCode || m.kind == CallKind::kDelegateCall;
    t.from = m.kind == CallKind::kDelegateCall ? m.recipient : m.caller;
    t.to = borrowed_code ? m.code_address : m.recipient;
    if (m.kind != CallKind::kStaticCall)
        t.value = m.value;
    t.gas = m.gas;
    t.input = m.input;
    open_.push_back(std::move(open));
}

void CallTracer::on_code(CodeRunner runner)
{
    BLEND_ASSERT(!open_.empty());
    open_.back().runner = runner;
}

void CallTracer::on_exit(const MessageResult& result)
{
    BLEND_ASSERT(!open_.empty());
    Open open = std::move(open_.back());
    open_.pop_back();
    if (!open.recorded)
        return;
    CallTrace& t = open.trace;
    t.gas_used = result.gas_used;
    const bool is_create = t.kind == CallKind::kCreate || t.kind == CallKind::kCreate2;
    if (result.exit_code == 0) {
        if (is_create && t.to) {
            // geth shows the deployed code; our result carries the new address instead.
            const BytesView code = visible_code(*state_.code(*t.to));
            t.output.assign(code.begin(), code.end());
        } else {
            t.output = result.output;
        }
    } else {
        t.error = call_error_text(result.exit_code, open.runner);
        if (is_create)
            t.to.reset();  // geth: a failed create has no address
        // Only a revert returns data (docs/abi.md §6); geth keeps it as the output.
        if (result.exit_code == static_cast<int32_t>(ExitCode::kPanic)) {
            t.output = result.output;
            t.revert_reason = decode_revert_reason(result.output);
        }
    }
    if (bytes_ + t.output.size() > max_bytes_) {
        overflowed_ = true;
        t.output.clear();
    }
    bytes_ += t.output.size();

    if (open_.empty()) {
        root_ = std::move(t);
        return;
    }
    // A recorded frame's parent is recorded too: skipping starts at a depth and covers everything
    // after it (onlyTopCall below the top, or the budget for the rest of the run).
    BLEND_ASSERT(open_.back().recorded);
    open_.back().trace.calls.push_back(std::move(t));
}

}  // namespace blend::execution
