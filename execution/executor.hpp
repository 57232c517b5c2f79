// SPDX-License-Identifier: Apache-2.0
// The interruption loop: runs one message (a call or a create) and every nested call it makes
// on an explicit stack of suspended frames. No frame ever calls into another on the native stack:
// a frame's `_exec` suspends its VM, the executor performs the syscall on the journal (pushing a
// child frame for calls and creates), and resumes the frame with the result (docs/abi.md §2).
#pragma once

#include "core/bytes.hpp"
#include "core/u256.hpp"
#include "execution/journal.hpp"
#include "execution/module_cache.hpp"
#include "execution/native_runtime.hpp"
#include "rwasm/vm.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace blend::execution {

/// The Ethereum rules a block follows. Blend runs Prague; kCancun exists so that Ethereum's Cancun
/// state tests can be checked exactly (docs/statetest.md): no EIP-7623 calldata floor, and only
/// Cancun's precompiles 0x01–0x0a (no EIP-2537 BLS at 0x0b–0x11, no RIP-7212 P256VERIFY at 0x100).
enum class Fork : uint8_t { kCancun, kPrague };

/// The block fields a frame can read (docs/abi.md §4).
struct BlockContext {
    uint64_t chain_id = 1;
    uint64_t number = 0;
    uint64_t timestamp = 0;
    uint64_t gas_limit = 30'000'000;
    U256 base_fee;
    Hash prev_randao;
    Address coinbase;
    Fork fork = Fork::kPrague;
};

/// The transaction fields a frame can read.
struct TxContext {
    Address origin;
    U256 gas_price;  ///< the effective gas price (EIP-1559)
    uint64_t gas_limit = 0;
};

enum class CallKind : uint8_t { kCall, kStaticCall, kCallCode, kDelegateCall, kCreate, kCreate2 };

/// One call or create, as the EVM's message: who calls whom with what.
struct Message {
    CallKind kind = CallKind::kCall;
    bool is_static = false;
    uint32_t depth = 0;
    Address caller;
    /// The contract address: whose storage and balance the frame uses. For creates, the new
    /// address (computed by whoever creates: the transaction or the CREATE syscall).
    Address recipient;
    /// Whose code runs (differs from recipient under CALL_CODE and DELEGATE_CALL).
    Address code_address;
    /// The value the frame sees as its call value.
    U256 value;
    /// Whether `value` moves from caller to recipient (CALL, CALL_CODE, creates).
    bool transfer = false;
    /// Calldata, or the init code of a create.
    Bytes input;
    uint64_t gas = 0;
};

struct MessageResult {
    int32_t exit_code = 0;  ///< docs/abi.md §6
    Bytes output;           ///< return data; for a successful create the 20-byte address
    uint64_t gas_used = 0;  ///< out of Message::gas
};

/// The deepest message: the transaction's message has depth 0 and a frame at depth 1024 can no
/// longer call or create (Yellow Paper §8 and §9.4, "I_e = 1024" fails the call; geth's
/// `depth > CallCreateDepth`), so at most 1025 frames are live (depths 0..1024). A message
/// deeper than this fails with CallDepthOverflow.
inline constexpr uint32_t kMaxCallDepth = 1'024;
/// Total host memory held by the frames of one transaction: linear memories, inputs, outputs and
/// return data. Without a cap 1024 frames × 64 MiB would be 64 GiB (fluent's audit H-01, whose
/// fix is a 1.5 GiB cap). The cap is the larger of this floor (1 GiB, as a node runs several
/// executors at once) and kInFlightBytesPerGas × the gas of the executor's root message. A frame
/// that would cross it fails to start with OutOfMemory.
inline constexpr uint64_t kMaxInFlightMemoryBytes = 1ull << 30;
/// Ethereum has no memory cap: gas bounds memory. EVM memory costs at least G_memory = 3 gas per
/// 32-byte word (Yellow Paper App. G; the quadratic term only adds), so a message's gas pays for
/// at most 32/3 ≈ 10.7 bytes of EVM memory per gas over all its frames, and a Wasm page is paid
/// when first touched: rwasm::kFuelPerCommittedPage = 2,500 gas for each of a frame's first 16
/// pages (≈ 26 bytes per gas), rwasm::kFuelPerPage = 30,000 gas above (declared but untouched
/// pages hold address space, not memory; docs/execution.md "Linear memory"). A paid byte is held at
/// most four times in flight (the EVM memory, the syscall input built from it in the runtime's
/// heap, the child's input on the host and its copy in the child's heap: ≈ 43 bytes per gas), so 64
/// bytes per gas never refuses what an Ethereum node would run (stStaticCall/
/// static_Call1MB1024Calldepth: 1025 frames of 1 MB memory and 1 MB calldata, ≈ 4.4 GB at
/// 8.8·10^11 gas), while a node stays bounded by its block gas limit and RPC gas cap: the gas term
/// passes the floor above 16.8 M gas (30 M gas: 1.9 GB). docs/evm.md "In-flight memory".
inline constexpr uint64_t kInFlightBytesPerGas = 64;

class CallObserver;

struct ExecutorLimits {
    /// The in-flight memory cap's floor, and its bytes per gas of the root message (0: the floor
    /// is the cap; tests use that to reach the cap with little gas).
    uint64_t max_in_flight_memory = kMaxInFlightMemoryBytes;
    uint64_t in_flight_bytes_per_gas = kInFlightBytesPerGas;
    /// Print `_debug_log` lines to stderr (--debug.contract-logs); they are charged either way.
    bool print_debug_logs = false;
    /// --runtime-strategy: how system runtimes run (execution/native_runtime.hpp).
    RuntimeStrategy runtime_strategy = RuntimeStrategy::kNative;
    /// The native builds to pick from under kNative (by the hash of their rWasm artifact); the
    /// node's own by default. Tests substitute a table to prove the fallback.
    std::span<const NativeRuntime> native_runtimes = builtin_native_runtimes();
    /// Told of every message (execution/call_tracer.hpp; debug_traceTransaction); not owned.
    CallObserver* observer = nullptr;
};

/// Whether `address` holds a system runtime of the chain (placed by genesis; no key or create
/// address can reach it). Only such accounts may run an unmetered rWasm module (docs/abi.md §5)
/// and only through an ownable account they own.
[[nodiscard]] bool is_system_runtime(const Address& address) noexcept;

struct Frame;

/// How a frame goes on after a syscall: resumed (its resume value set), waiting for a child just
/// pushed, or ended (its exit code set).
enum class SyscallOutcome : uint8_t { kResume, kChild, kEndFrame };

class Executor final : private rwasm::HostHandler, private NativeHost {
public:
    Executor(JournaledState& state,
             ModuleCache& modules,
             const BlockContext& block,
             const TxContext& tx,
             ExecutorLimits limits = {});
    ~Executor() override;
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    /// Runs `message` to its end, nested calls included. State changes of a failed message are
    /// reverted; the caller owns the transaction-level checkpoint.
    [[nodiscard]] MessageResult run(Message message);

    /// The largest in-flight memory seen (for tests of the cap).
    [[nodiscard]] uint64_t peak_in_flight_memory() const noexcept { return peak_memory_; }
    /// The in-flight memory cap of the last run (kInFlightBytesPerGas).
    [[nodiscard]] uint64_t in_flight_memory_cap() const noexcept { return in_flight_cap_; }
    /// The deepest frame stack seen.
    [[nodiscard]] size_t peak_depth() const noexcept { return peak_depth_; }
    /// Frames run natively / in the rWasm interpreter so far (tests of the strategy switch).
    [[nodiscard]] uint64_t native_frames() const noexcept { return native_frames_; }
    [[nodiscard]] uint64_t interpreted_frames() const noexcept { return interpreted_frames_; }

private:
    // executor.cpp: the loop, starting and ending messages.
    std::optional<MessageResult> begin(Message message);
    std::optional<MessageResult> begin_create(Message& message, size_t checkpoint);
    /// The module to run for `holder`'s code and, under the native strategy, its native build.
    struct Runtime {
        ModulePtr module;
        const NativeRuntime* native = nullptr;
    };
    std::optional<Runtime> load_runtime(const Address& holder, BytesView code);
    std::optional<MessageResult> push_frame(Message message,
                                            size_t checkpoint,
                                            Runtime loaded,
                                            const Address& runtime,
                                            bool is_deploy,
                                            uint64_t extra_gas);
    rwasm::RunResult step(Frame& frame);
    MessageResult end_frame(Frame& frame, const rwasm::RunResult& run);
    /// An EVM-runtime constructor returned `code`: EIP-3541, EIP-170, the code deposit, store.
    int32_t finish_evm_deploy(Frame& frame, MessageResult& result);
    void deliver(MessageResult result);
    [[nodiscard]] uint64_t in_flight_memory() const;

    // host_functions.cpp: docs/abi.md §1.
    rwasm::HostStatus call(rwasm::Vm& vm,
                           uint32_t host_id,
                           std::span<const uint64_t> params,
                           std::span<uint64_t> results) override;
    rwasm::HostStatus native_call(uint32_t host_id,
                                  std::span<const uint64_t> params,
                                  std::span<uint64_t> results) override;
    rwasm::HostStatus host_call(Frame& frame,
                                uint32_t host_id,
                                std::span<const uint64_t> params,
                                std::span<uint64_t> results);
    rwasm::HostStatus exec_host(Frame& frame, std::span<const uint64_t> params);

    // syscalls.cpp: docs/abi.md §3.
    SyscallOutcome syscall(Frame& frame);
    SyscallOutcome syscall_call(Frame& frame);
    SyscallOutcome syscall_create(Frame& frame);
    SyscallOutcome syscall_metadata(Frame& frame);

    JournaledState& state_;
    ModuleCache& modules_;
    const BlockContext& block_;
    const TxContext& tx_;
    ExecutorLimits limits_;
    std::vector<std::unique_ptr<Frame>> frames_;
    std::optional<MessageResult> root_result_;
    uint64_t peak_memory_ = 0;
    uint64_t in_flight_cap_ = 0;
    size_t peak_depth_ = 0;
    uint64_t native_frames_ = 0;
    uint64_t interpreted_frames_ = 0;
};

}  // namespace blend::execution
