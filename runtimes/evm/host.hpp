// SPDX-License-Identifier: Apache-2.0
// The interface between the EVM interpreter (runtimes/evm/interpreter.hpp) and everything outside
// pure computation. It is a compile-time interface: the interpreter is a template over a type that
// satisfies the `Host` concept, so the native build inlines every call (no virtual dispatch).
//
// One method per state action, mirroring a syscall of docs/abi.md §3, plus the context of
// docs/abi.md §4 and three services the interpreter cannot provide itself without a heap
// (memory, return data, Keccak-256).
//
// Gas split (docs/evm.md, "Gas split"): the host computes and charges the gas of state actions
// (the "gas rule" column of docs/abi.md §3: warm/cold access, SSTORE, value transfer, new account,
// stipend, 63/64, CREATE base + init-code words, LOG costs, SELFDESTRUCT, BLOCKHASH's 20,
// SELFBALANCE's 5, TLOAD/TSTORE's 100) and reports it in `gas_used`; the interpreter charges
// everything else (static opcode cost of pure opcodes, memory expansion, copy words, KECCAK256
// words, EXP bytes) before calling the host, and subtracts `gas_used` afterwards. It never
// charges what the host charges.
//
// Every state method takes `gas_left`: the gas the frame still has after the interpreter's own
// charges for the opcode. It is the `_exec` fuel limit of docs/abi.md §2 (a self-metered frame's
// fuel is its gas, §5): an action whose gas exceeds it is not performed and reports kOutOfFuel with
// gas_used == gas_left; for CALL/CREATE it is the base of the all-but-one-64th rule (EIP-150),
// after the host has taken the call's own costs out of it. SSTORE's EIP-2200 stipend check
// (fail when gas_left <= 2300) is the host's too.
//
// Freestanding: no heap, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include "core/freestanding/u256.hpp"
#include "runtimes/sdk/abi.hpp"
#include "runtimes/sdk/types.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::evm {

using abi::ExitCode;
using blend::U256;
using Address = sdk::Address;

/// std::same_as without <concepts> (not available freestanding).
template <typename A, typename B>
struct IsSame {
    static constexpr bool kValue = false;
};
template <typename A>
struct IsSame<A, A> {
    static constexpr bool kValue = true;
};
template <typename A, typename B>
concept SameAs = IsSame<A, B>::kValue;

/// EIP-4844 BLOBHASH on Blend: there are no blob transactions (docs/abi.md §4), so always 0.
inline constexpr uint64_t kBlobHash = 0;
/// EIP-7516 BLOBBASEFEE on Blend: the minimum blob base fee, 1 wei (docs/abi.md §4).
inline constexpr uint64_t kBlobBaseFee = 1;

/// The frame's context (docs/abi.md §4), read by the pure context opcodes (ADDRESS, CALLER,
/// ORIGIN, CALLVALUE, GASPRICE, COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID,
/// BASEFEE). The host fills it once per frame; the interpreter only reads it.
struct Context {
    Address address;       ///< contract address (ADDRESS; whose storage and balance)
    Address code_address;  ///< whose code runs (differs under DELEGATECALL / CALLCODE)
    Address caller;        ///< CALLER
    Address origin;        ///< ORIGIN
    Address coinbase;      ///< COINBASE
    U256 call_value;       ///< CALLVALUE
    U256 gas_price;        ///< GASPRICE (effective gas price)
    U256 base_fee;         ///< BASEFEE (EIP-3198)
    U256 prev_randao;      ///< PREVRANDAO (EIP-4399)
    uint64_t chain_id = 0;
    uint64_t block_number = 0;
    uint64_t timestamp = 0;
    uint64_t block_gas_limit = 0;
    bool is_static = false;  ///< inside STATICCALL (EIP-214): state changes halt the frame
};

/// Result of a state action that produces a word (SLOAD, TLOAD, BALANCE, SELFBALANCE,
/// EXTCODESIZE, EXTCODEHASH, BLOCKHASH). `status` != kOk halts the frame exceptionally (all gas
/// consumed): kOutOfFuel when the action's gas exceeds gas_left, or any other failure code.
struct WordResult {
    U256 value;
    ExitCode status = ExitCode::kOk;
    uint64_t gas_used = 0;
};

/// Result of a state action without output (SSTORE, TSTORE, LOG, SELFDESTRUCT, EXTCODECOPY).
struct ActionResult {
    ExitCode status = ExitCode::kOk;
    uint64_t gas_used = 0;
};

/// The four message calls (docs/abi.md §3 CALL, STATIC_CALL, DELEGATE_CALL, CALL_CODE).
enum class CallKind : uint8_t { kCall, kStaticCall, kDelegateCall, kCallCode };

struct CallParams {
    CallKind kind = CallKind::kCall;
    Address target;
    /// Zero for kStaticCall and kDelegateCall (the callee sees the caller's value under
    /// DELEGATECALL; the host knows it from the context).
    U256 value;
    const uint8_t* input = nullptr;  ///< points into the interpreter's memory
    uint64_t input_size = 0;
    /// The gas operand of the opcode, saturated to 2^64-1. The host gives the child
    /// min(requested, all but 1/64 of (gas_left - the call's own costs)) (EIP-150), plus the
    /// 2300 stipend when value != 0 (Yellow Paper G_callstipend).
    uint64_t gas_requested = 0;
};

/// Result of a call. `status` is the outcome for the *calling* frame: kOk means the call was
/// performed (or refused before the child started: depth, balance), and `child_status` says how
/// it ended (kOk → the opcode pushes 1, anything else → 0). Any other `status` halts the calling
/// frame exceptionally (kOutOfFuel: the call's own costs exceed gas_left;
/// kStateChangeDuringStaticCall: value in a static context). `gas_used` = the call's own costs +
/// the child's gas used (gas given minus gas returned, stipend included), so the interpreter
/// subtracts only this. The child's output (success or revert) becomes the return data; a child
/// that could not start or halted exceptionally leaves it empty.
struct CallResult {
    ExitCode status = ExitCode::kOk;
    ExitCode child_status = ExitCode::kOk;
    uint64_t gas_used = 0;
};

struct CreateParams {
    bool is_create2 = false;
    U256 value;
    U256 salt;                           ///< CREATE2 only (EIP-1014)
    const uint8_t* init_code = nullptr;  ///< points into the interpreter's memory
    uint64_t init_code_size = 0;
};

/// Result of CREATE/CREATE2. As CallResult; on child success `address` is the new account (the
/// opcode pushes it) and the return data is empty; on revert the return data is the revert data
/// (EIP-211); on any other child failure it is empty. The host enforces EIP-3860 (init-code size:
/// an oversize init code halts the calling frame), EIP-170 (code size), EIP-3541 (0xEF) and
/// charges the code deposit: all are failures of the child, not of the caller.
struct CreateResult {
    ExitCode status = ExitCode::kOk;
    ExitCode child_status = ExitCode::kOk;
    uint64_t gas_used = 0;
    Address address;
};

/// What the interpreter needs from its host. Methods taking `gas_left` are the state actions of
/// docs/abi.md §3; see the header comment for the gas contract.
template <typename H>
concept Host = requires(H& h,
                        const U256& word,
                        const Address& address,
                        const CallParams& call,
                        const CreateParams& create,
                        const U256* topics,
                        uint8_t* dst,
                        const uint8_t* src,
                        uint64_t n)
{
    // The frame's context; stays valid for the whole execution.
    {
        h.context()
        } -> SameAs<const Context&>;

    // STORAGE_READ / STORAGE_WRITE (SLOAD, SSTORE).
    {
        h.sload(word, n)
        } -> SameAs<WordResult>;
    {
        h.sstore(word, word, n)
        } -> SameAs<ActionResult>;
    // TRANSIENT_READ / TRANSIENT_WRITE (TLOAD, TSTORE; EIP-1153).
    {
        h.tload(word, n)
        } -> SameAs<WordResult>;
    {
        h.tstore(word, word, n)
        } -> SameAs<ActionResult>;
    // BALANCE / SELF_BALANCE.
    {
        h.balance(address, n)
        } -> SameAs<WordResult>;
    {
        h.self_balance(n)
        } -> SameAs<WordResult>;
    // CODE_SIZE / CODE_HASH / CODE_COPY of the EVM view of an account (EXTCODESIZE,
    // EXTCODEHASH, EXTCODECOPY): an EVM contract shows its EVM bytecode, not its wrapper.
    {
        h.code_size(address, n)
        } -> SameAs<WordResult>;
    {
        h.code_hash(address, n)
        } -> SameAs<WordResult>;
    // code_copy(address, code_offset, dst, size, gas_left): writes exactly `size` bytes to dst,
    // zero padded past the end of the code; code_offset is saturated to 2^64-1 by the caller.
    // The interpreter has already charged memory expansion; the host charges access + 3/word.
    {
        h.code_copy(address, n, dst, n, n)
        } -> SameAs<ActionResult>;
    // BLOCK_HASH (BLOCKHASH): number saturated to 2^64-1; zero outside the last 256 blocks.
    {
        h.block_hash(n, n)
        } -> SameAs<WordResult>;
    // CALL / STATIC_CALL / DELEGATE_CALL / CALL_CODE.
    {
        h.call(call, n)
        } -> SameAs<CallResult>;
    // CREATE / CREATE2.
    {
        h.create(create, n)
        } -> SameAs<CreateResult>;
    // EMIT_LOG: log(topics, topic_count (0..4), data, data_size, gas_left).
    {
        h.log(topics, n, src, n, n)
        } -> SameAs<ActionResult>;
    // DESTROY_ACCOUNT (SELFDESTRUCT, EIP-6780 semantics are the host's).
    {
        h.selfdestruct(address, n)
        } -> SameAs<ActionResult>;

    // Return data of the last call or create (EIP-211), kept by the host: after any other
    // action it is unchanged. return_data_copy(dst, offset, size) is called only with
    // offset + size <= return_data_size() (the interpreter checks the bound).
    {
        h.return_data_size()
        } -> SameAs<uint64_t>;
    {
        h.return_data_copy(dst, n, n)
        } -> SameAs<void>;

    // The frame's EVM memory: grow_memory(new_size) returns a buffer of at least new_size bytes
    // whose first `old size` bytes are the previous content and the rest zero, or nullptr when
    // the host cannot provide it (the frame then halts with kOutOfMemory). The buffer may move;
    // it must stay valid until the host ends the frame (the output points into it). Called only
    // with growing sizes that are multiples of 32. The interpreter asks for capacity ahead of the
    // EVM memory size (doubling from 4 KiB, at most 2^32), and retries with the exact size it has
    // paid for when the host refuses the larger one.
    {
        h.grow_memory(n)
        } -> SameAs<uint8_t*>;

    // Keccak-256 of size bytes into 32 bytes at dst (KECCAK256; the interpreter has charged the
    // gas). A service so that wasm32 can use the `_keccak256` host function.
    {
        h.keccak256(src, n, dst)
        } -> SameAs<void>;
};

}  // namespace blend::evm
