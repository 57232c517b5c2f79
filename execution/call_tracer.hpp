// SPDX-License-Identifier: Apache-2.0
// Call-frame tracing (debug_traceTransaction with geth's callTracer, docs/execution.md "Call
// observer"): the executor tells an optional CallObserver when each message starts, what runs it
// and how it ends; CallTracer builds the call tree from that. Without an observer the executor
// pays one null-pointer check per message.
#pragma once

#include "core/bytes.hpp"
#include "core/u256.hpp"
#include "execution/executor.hpp"
#include "execution/journal.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace blend::execution {

/// What ran a message, so that its exit code can be worded: an EVM halt and a Wasm trap share
/// exit codes (runtimes/evm/interpreter.hpp exit_code_of, docs/abi.md §6).
enum class CodeRunner : uint8_t {
    kNone,        ///< no code ran: an account without code, or the message failed to start
    kPrecompile,  ///< a precompile (execution/precompiles)
    kEvm,         ///< the EVM runtime (an EVM contract, or EVM init code)
    kWasm,        ///< an rWasm module (a Wasm contract)
};

/// Receives every message an Executor runs, the transaction's own included, in order: on_enter,
/// at most one on_code, then (after the message's children) on_exit. Calls nest like the frames.
/// Set through ExecutorLimits::observer; it must outlive the executor's run.
class CallObserver {
public:
    virtual ~CallObserver() = default;
    /// A message starts, as its caller built it (before the depth, balance and code checks).
    virtual void on_enter(const Message& message) = 0;
    /// Code starts running for the message entered last (not called when no code runs).
    virtual void on_code(CodeRunner runner) = 0;
    /// The message entered last ended with `result` (gas_used out of Message::gas).
    virtual void on_exit(const MessageResult& result) = 0;
};

/// One message of a trace, in geth's callTracer terms (eth/tracers/native/call.go).
struct CallTrace {
    CallKind kind = CallKind::kCall;
    /// The account making the call: the caller, or for DELEGATECALL the delegating contract.
    Address from;
    /// The callee (for CALLCODE / DELEGATECALL whose code ran; for creates the new address);
    /// absent for a create that failed, as in geth.
    std::optional<Address> to;
    /// Absent for STATICCALL; DELEGATECALL shows the value it inherits, as geth does.
    std::optional<U256> value;
    uint64_t gas = 0;
    uint64_t gas_used = 0;
    Bytes input;  ///< calldata, or a create's init code
    /// Return data; a successful create's deployed code (EVM bytecode); a revert's data.
    Bytes output;
    std::optional<std::string> error;          ///< geth's wording (call_error_text)
    std::optional<std::string> revert_reason;  ///< Error(string) / Panic(uint256), decoded
    std::vector<CallTrace> calls;
};

/// The callTracer name of a call kind: CALL, STATICCALL, CALLCODE, DELEGATECALL, CREATE, CREATE2.
[[nodiscard]] const char* call_type_name(CallKind kind) noexcept;

/// The error text of a failed message, worded as geth words its EVM errors (core/vm/errors.go)
/// where an equivalent exists ("execution reverted", "out of gas", "invalid opcode: INVALID",
/// "write protection", ...), else a plain description of the exit code (docs/abi.md §6).
[[nodiscard]] std::string call_error_text(int32_t exit_code, CodeRunner runner);

/// The reason in revert data: Solidity's Error(string) (selector 0x08c379a0) gives its string,
/// Panic(uint256) (0x4e487b71) the meaning of its code as geth states it (accounts/abi
/// UnpackRevert); anything else, or malformed ABI, gives nullopt. Bytes that are not UTF-8 are
/// replaced by U+FFFD (as Go's JSON encoder does), so the text is always valid JSON.
[[nodiscard]] std::optional<std::string> decode_revert_reason(BytesView output);

/// The most a trace records: input and output bytes plus kCallTraceFrameOverhead per frame. A
/// transaction can make ~300k calls in 30M gas, each re-passing a large calldata region it paid
/// to expand once, so the tree is bounded separately from gas. 12 MiB of bytes is ~24 MB of hex,
/// under rpc's 25,000,000-byte response limit (geth --rpc.batch-response-max-size, rpc/limits.hpp).
inline constexpr size_t kMaxCallTraceBytes = size_t{12} << 20;
/// What one frame's fixed fields take in the JSON answer (type, addresses, quantities, keys).
inline constexpr size_t kCallTraceFrameOverhead = 256;

/// Builds the call tree of one message run (geth's callTracer). Use it as ExecutorLimits::observer
/// for one transaction, then take root().
class CallTracer final : public CallObserver {
public:
    /// `state`: the journal the executor runs on, to read a created contract's code.
    /// `only_top_call`: tracerConfig.onlyTopCall (record the outermost message only).
    explicit CallTracer(JournaledState& state,
                        bool only_top_call = false,
                        size_t max_bytes = kMaxCallTraceBytes);

    void on_enter(const Message& message) override;
    void on_code(CodeRunner runner) override;
    void on_exit(const MessageResult& result) override;

    /// The outermost message, once it ended.
    [[nodiscard]] const std::optional<CallTrace>& root() const noexcept { return root_; }
    [[nodiscard]] std::optional<CallTrace> take_root() { return std::move(root_); }
    /// Whether the tree hit max_bytes: frames after that point were not recorded, so the tree is
    /// incomplete and must not be shown as the transaction's trace.
    [[nodiscard]] bool overflowed() const noexcept { return overflowed_; }

private:
    struct Open {
        CallTrace trace;
        CodeRunner runner = CodeRunner::kNone;
        bool recorded = false;
    };
    JournaledState& state_;
    bool only_top_call_;
    size_t max_bytes_;
    size_t bytes_ = 0;
    bool overflowed_ = false;
    std::vector<Open> open_;
    std::optional<CallTrace> root_;
};

}  // namespace blend::execution
