// SPDX-License-Identifier: Apache-2.0
#include "execution/executor.hpp"

#include "execution/account_code.hpp"
#include "execution/call_tracer.hpp"
#include "execution/compile_contract.hpp"
#include "execution/frame.hpp"
#include "execution/gas.hpp"
#include "execution/precompile_dispatch.hpp"
#include "rwasm/limits.hpp"

#include <algorithm>

namespace blend::execution {

using abi::ExitCode;
using rwasm::RunResult;
using rwasm::RunStatus;
using rwasm::TrapCode;

namespace {

MessageResult fail(ExitCode code, uint64_t gas_used)
{
    return MessageResult{static_cast<int32_t>(code), {}, gas_used};
}

void put_u64(uint8_t* out, uint64_t v)
{
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

void put_u256(uint8_t* out, const U256& v)
{
    v.to_be_bytes(out);
}

void put_address(uint8_t* out, const Address& a)
{
    std::copy(a.bytes.begin(), a.bytes.end(), out);
}

int32_t exit_of_trap(TrapCode trap)
{
    switch (trap) {
    case TrapCode::kNone:
        return static_cast<int32_t>(ExitCode::kOk);
    case TrapCode::kUnreachable:
        return static_cast<int32_t>(ExitCode::kUnreachableCodeReached);
    case TrapCode::kMemoryOutOfBounds:
        return static_cast<int32_t>(ExitCode::kMemoryOutOfBounds);
    case TrapCode::kTableOutOfBounds:
        return static_cast<int32_t>(ExitCode::kTableOutOfBounds);
    case TrapCode::kIndirectCallToNull:
        return static_cast<int32_t>(ExitCode::kIndirectCallToNull);
    case TrapCode::kBadSignature:
        return static_cast<int32_t>(ExitCode::kBadSignature);
    case TrapCode::kIntegerDivisionByZero:
        return static_cast<int32_t>(ExitCode::kIntegerDivisionByZero);
    case TrapCode::kIntegerOverflow:
        return static_cast<int32_t>(ExitCode::kIntegerOverflow);
    case TrapCode::kBadConversionToInteger:
        return static_cast<int32_t>(ExitCode::kBadConversionToInteger);
    case TrapCode::kStackOverflow:
        return static_cast<int32_t>(ExitCode::kStackOverflow);
    case TrapCode::kOutOfFuel:
        return static_cast<int32_t>(ExitCode::kOutOfFuel);
    case TrapCode::kHostError:
        return static_cast<int32_t>(ExitCode::kUnknownError);
    }
    return static_cast<int32_t>(ExitCode::kUnknownError);
}

/// Yellow Paper G_codedeposit: gas per byte of deployed EVM code (Appendix G).
constexpr uint64_t kCodeDepositGasPerByte = 200;
/// EIP-3541: new EVM code may not start with 0xEF (reserved for EOF).
constexpr uint8_t kEofPrefix = 0xEF;

std::optional<uint32_t> find_export(const rwasm::RwasmModule& module, std::string_view name)
{
    for (const rwasm::RwasmExport& e : module.exports)
        if (e.kind == rwasm::ExternKind::kFunction && e.name == name)
            return e.index;
    return std::nullopt;
}

}  // namespace

Executor::Executor(JournaledState& state,
                   ModuleCache& modules,
                   const BlockContext& block,
                   const TxContext& tx,
                   ExecutorLimits limits)
    : state_(state), modules_(modules), block_(block), tx_(tx), limits_(limits)
{}

Executor::~Executor() = default;

bool is_system_runtime(const Address& address) noexcept
{
    return address == kEvmRuntimeAddress;
}

std::optional<Executor::Runtime> Executor::load_runtime(const Address& holder, BytesView code)
{
    const bool system = is_system_runtime(holder);
    const Hash code_hash = state_.get(holder).code_hash;
    ModulePtr module = modules_.get(code_hash, code, system);
    // An unmetered module runs only for a system runtime of the chain (docs/abi.md §5): it would
    // let user code run without paying for its instructions.
    if (!module || (!module->module.metered && !system))
        return std::nullopt;
    Runtime r{std::move(module), nullptr};
    if (system && limits_.runtime_strategy == RuntimeStrategy::kNative)
        r.native = find_native_runtime(limits_.native_runtimes, code_hash);
    return r;
}

MessageResult Executor::run(Message message)
{
    root_result_.reset();
    // kInFlightBytesPerGas: what the message's gas can pay for, never below the floor.
    const uint64_t per_gas = limits_.in_flight_bytes_per_gas;
    const uint64_t by_gas =
        per_gas != 0 && message.gas > ~uint64_t{0} / per_gas ? ~uint64_t{0} : message.gas * per_gas;
    in_flight_cap_ = std::max(limits_.max_in_flight_memory, by_gas);
    if (auto immediate = begin(std::move(message))) {
        if (limits_.observer != nullptr)
            limits_.observer->on_exit(*immediate);
        return *immediate;
    }
    while (!frames_.empty()) {
        Frame& frame = *frames_.back();
        const RunResult r = step(frame);
        if (r.status == RunStatus::kSuspended) {
            const SyscallOutcome outcome = syscall(frame);
            if (outcome != SyscallOutcome::kEndFrame)
                continue;  // resume the frame, or run the child just pushed
            deliver(end_frame(frame, {RunStatus::kTrapped, TrapCode::kHostError}));
            continue;
        }
        deliver(end_frame(frame, r));
    }
    BLEND_ASSERT(root_result_.has_value());
    return std::move(*root_result_);
}

RunResult Executor::step(Frame& frame)
{
    if (frame.native) {
        frame.phase = Frame::Phase::kRunning;
        return frame.native->run(*this, frame.resume_value);
    }
    RunResult r;
    if (frame.phase == Frame::Phase::kNew) {
        frame.phase = Frame::Phase::kInstantiating;
        r = frame.vm->instantiate(*this);
    } else {
        const uint64_t value = static_cast<uint32_t>(frame.resume_value);
        r = frame.vm->resume({&value, 1}, *this);
    }
    if (r.status == RunStatus::kFinished && frame.phase == Frame::Phase::kInstantiating) {
        frame.phase = Frame::Phase::kRunning;
        if (!frame.entry)
            return r;  // no `main` / `deploy`: nothing runs (docs/abi.md §7)
        r = frame.vm->invoke(*frame.entry, {}, *this);
    }
    return r;
}

uint64_t Executor::in_flight_memory() const
{
    uint64_t total = 0;
    for (const auto& f : frames_) {
        total += f->memory_bytes() + f->output.size() + f->return_data.size() +
                 f->msg.input.size() + f->pending.input.size();
    }
    return total;
}

std::optional<MessageResult> Executor::begin(Message message)
{
    if (limits_.observer != nullptr)
        limits_.observer->on_enter(message);
    if (message.depth > kMaxCallDepth)
        return fail(ExitCode::kCallDepthOverflow, 0);
    if (message.transfer && state_.get(message.caller).balance < message.value)
        return fail(ExitCode::kInsufficientBalance, 0);

    const size_t checkpoint = state_.checkpoint();
    if (message.kind == CallKind::kCreate || message.kind == CallKind::kCreate2)
        return begin_create(message, checkpoint);

    if (message.transfer && message.kind == CallKind::kCall)
        (void)state_.transfer(message.caller, message.recipient, message.value);
    else
        state_.touch(message.recipient);

    // Which addresses are precompiles depends on the fork (Cancun has fewer: state tests put
    // ordinary contracts at 0x100).
    if (is_precompile_address(message.code_address, block_.fork)) {
        if (const precompiles::Precompile* p = precompiles::find(message.code_address)) {
            if (limits_.observer != nullptr)
                limits_.observer->on_code(CodeRunner::kPrecompile);
            MessageResult r = run_precompile(*p, message.input, message.gas);
            if (r.exit_code != 0)
                state_.revert(checkpoint);
            return r;
        }
        // Reserved for a precompile not implemented yet: fail loudly rather than succeed
        // silently like an empty account would.
        state_.revert(checkpoint);
        return fail(ExitCode::kPrecompileError, message.gas);
    }

    // The account that holds the code to run; its code hash keys the module cache (hashing the
    // code on every call would cost more than most calls).
    Address code_holder = message.code_address;
    CodePtr code = state_.code(code_holder);
    if (classify_code(*code) == CodeKind::kDelegation) {
        code_holder = delegation_target(*code);  // EIP-7702: one hop only
        code = state_.code(code_holder);
        // The context's bytecode address is whose code runs: the delegate (an EVM runtime reads
        // its code from there).
        message.code_address = code_holder;
    }
    Address runtime = message.code_address;
    const bool via_owner = classify_code(*code) == CodeKind::kOwnable;
    if (via_owner) {
        runtime = ownable_owner(*code);
        code_holder = runtime;
        code = state_.code(code_holder);
    }
    // A system runtime runs only as the owner of an ownable account (its code expects an EVM
    // contract's context); a direct call or an EIP-7702 delegation to it is refused, as Fluent
    // refuses calls to its runtime addresses (reference/fluent.md §2.1).
    if (is_system_runtime(code_holder) && !via_owner) {
        state_.revert(checkpoint);
        return fail(ExitCode::kNotSupportedBytecode, message.gas);
    }
    switch (classify_code(*code)) {
    case CodeKind::kEmpty:
        return MessageResult{0, {}, 0};
    case CodeKind::kRwasm:
        break;
    case CodeKind::kOwnable:
    case CodeKind::kDelegation:
    case CodeKind::kOther:
        state_.revert(checkpoint);
        return fail(ExitCode::kNotSupportedBytecode, message.gas);
    }
    auto loaded = load_runtime(code_holder, *code);
    if (!loaded) {
        state_.revert(checkpoint);
        return fail(ExitCode::kNotSupportedBytecode, message.gas);
    }
    return push_frame(std::move(message), checkpoint, std::move(*loaded), runtime, false, 0);
}

std::optional<MessageResult> Executor::begin_create(Message& message, size_t checkpoint)
{
    const Address& address = message.recipient;
    state_.access_address(address);  // EIP-2929: the new address is warm
    if (!state_.can_create_at(address))
        return fail(ExitCode::kCreateContractCollision, message.gas);
    // EIP-161: a new contract starts at nonce 1.
    state_.set_nonce(address, 1);
    state_.mark_created(address);
    if (message.transfer)
        (void)state_.transfer(message.caller, address, message.value);

    switch (route_init_code(message.input)) {
    case InitCodeRoute::kWasm:
        break;
    case InitCodeRoute::kElf:
        state_.revert(checkpoint);
        return fail(ExitCode::kNotSupportedBytecode, message.gas);
    case InitCodeRoute::kEvm: {
        // The EVM runtime runs the init code as the new account's owner; the account is an
        // ownable account with empty metadata (EXTCODESIZE 0) until the constructor returns its
        // code (finish_evm_deploy). The init code is the frame's input, its calldata empty.
        const CodePtr evm = state_.code(kEvmRuntimeAddress);
        auto loaded = classify_code(*evm) == CodeKind::kRwasm
                          ? load_runtime(kEvmRuntimeAddress, *evm)
                          : std::nullopt;
        if (!loaded) {
            state_.revert(checkpoint);
            return fail(ExitCode::kNotSupportedBytecode, message.gas);
        }
        state_.set_code(address, ownable_code(kEvmRuntimeAddress, {}));
        message.code_address = address;
        return push_frame(std::move(message), checkpoint, std::move(*loaded), kEvmRuntimeAddress,
                          true, 0);
    }
    }
    // Compiling costs time proportional to the input: paid first (docs/abi.md §7).
    const uint64_t deploy_gas = kWasmDeployGasPerByte * message.input.size();
    if (deploy_gas > message.gas) {
        state_.revert(checkpoint);
        return fail(ExitCode::kOutOfFuel, message.gas);
    }
    auto compiled = compile_wasm_contract(message.input);
    if (!compiled) {
        state_.revert(checkpoint);
        return fail(compiled.error(), message.gas);
    }
    const Hash code_hash = keccak256(compiled->code);
    modules_.put(code_hash, compiled->module, compiled->code.size());
    ModulePtr module = compiled->module;
    state_.set_code(address, std::move(compiled->code));
    message.input = std::move(compiled->constructor_input);
    message.code_address = address;
    return push_frame(std::move(message), checkpoint, Runtime{std::move(module), nullptr}, address,
                      true, deploy_gas);
}

std::optional<MessageResult> Executor::push_frame(Message message,
                                                  size_t checkpoint,
                                                  Runtime loaded,
                                                  const Address& runtime,
                                                  bool is_deploy,
                                                  uint64_t extra_gas)
{
    ModulePtr module = std::move(loaded.module);
    // The cap on in-flight memory (kInFlightBytesPerGas): the new frame's initial memory (a
    // native frame: its fiber stack) and input count before it exists; growth is bounded by the
    // frame's page limit (native: kMaxNativeHeapSize).
    const rwasm::RwasmModule& code = module->module;
    const uint64_t initial = loaded.native != nullptr ? kNativeStackSize
                             : code.has_memory && !code.memory_imported
                                 ? uint64_t{code.memory.min} * rwasm::kPageSize
                                 : 0;
    if (in_flight_memory() + initial + message.input.size() > in_flight_cap_) {
        state_.revert(checkpoint);
        return fail(ExitCode::kOutOfMemory, message.gas);
    }

    auto frame = std::make_unique<Frame>();
    frame->checkpoint = checkpoint;
    frame->runtime = runtime;
    frame->is_deploy = is_deploy;
    frame->extra_gas = extra_gas;
    frame->self_metered = !code.metered;
    if (loaded.native != nullptr) {
        void (*entry)() = is_deploy ? loaded.native->deploy : loaded.native->main;
        frame->native = std::make_unique<NativeFrame>(entry);
        if (!frame->native->ok()) {
            state_.revert(checkpoint);
            return fail(ExitCode::kOutOfMemory, message.gas);
        }
        ++native_frames_;
    } else {
        frame->entry = find_export(code, is_deploy ? "deploy" : "main");
        frame->vm = std::make_unique<rwasm::Vm>(code);
        frame->vm->set_fast_code(module->fast);
        ++interpreted_frames_;
    }
    // A self-metered runtime's fuel is its gas, any other frame's gas × kFuelPerGas, either exact
    // for any u64 gas (Frame::set_gas, docs/abi.md §5).
    frame->set_gas(message.gas - extra_gas);
    frame->module = std::move(module);

    uint8_t* c = frame->context.data();
    c[abi::context::kVersion] = abi::kAbiVersion;
    c[abi::context::kFlags] = message.is_static ? abi::context::kFlagStatic : 0;
    put_u64(c + abi::context::kChainId, block_.chain_id);
    put_u64(c + abi::context::kBlockNumber, block_.number);
    put_u64(c + abi::context::kBlockTimestamp, block_.timestamp);
    put_u64(c + abi::context::kBlockGasLimit, block_.gas_limit);
    put_u256(c + abi::context::kBaseFee, block_.base_fee);
    std::copy(block_.prev_randao.bytes.begin(), block_.prev_randao.bytes.end(),
              c + abi::context::kPrevRandao);
    put_address(c + abi::context::kCoinbase, block_.coinbase);
    put_address(c + abi::context::kTxOrigin, tx_.origin);
    put_u256(c + abi::context::kGasPrice, tx_.gas_price);
    put_address(c + abi::context::kContractAddress, message.recipient);
    put_address(c + abi::context::kBytecodeAddress, message.code_address);
    put_address(c + abi::context::kCaller, message.caller);
    put_u256(c + abi::context::kCallValue, message.value);
    put_u64(c + abi::context::kFrameGasLimit, message.gas - extra_gas);
    put_u64(c + abi::context::kTxGasLimit, tx_.gas_limit);

    frame->msg = std::move(message);
    frames_.push_back(std::move(frame));
    if (limits_.observer != nullptr)
        limits_.observer->on_code(runtime == kEvmRuntimeAddress ? CodeRunner::kEvm
                                                                : CodeRunner::kWasm);
    peak_depth_ = std::max(peak_depth_, frames_.size());
    peak_memory_ = std::max(peak_memory_, in_flight_memory());
    return std::nullopt;
}

MessageResult Executor::end_frame(Frame& frame, const RunResult& run)
{
    peak_memory_ = std::max(peak_memory_, in_flight_memory());
    int32_t exit = 0;
    if (frame.exit_code)
        exit = *frame.exit_code;  // `_exit`, or a host function that ended the frame
    else if (run.status == RunStatus::kTrapped)
        exit = exit_of_trap(run.trap);

    MessageResult result;
    const uint64_t frame_gas = frame.msg.gas - frame.extra_gas;
    result.gas_used = frame.extra_gas + (frame_gas - frame.gas_remaining());
    if (exit == 0 && frame.is_deploy && frame.runtime == kEvmRuntimeAddress)
        exit = finish_evm_deploy(frame, result);
    result.exit_code = exit;
    if (exit != 0 && exit != static_cast<int32_t>(ExitCode::kPanic))
        result.gas_used = frame.msg.gas;  // an exceptional halt burns the frame's gas
    if (exit == 0) {
        if (frame.is_deploy)
            result.output.assign(frame.msg.recipient.bytes.begin(),
                                 frame.msg.recipient.bytes.end());
        else
            result.output = std::move(frame.output);
    } else {
        state_.revert(frame.checkpoint);
        if (exit == static_cast<int32_t>(ExitCode::kPanic))
            result.output = std::move(frame.output);
    }
    frames_.pop_back();
    return result;
}

void Executor::deliver(MessageResult result)
{
    if (limits_.observer != nullptr)
        limits_.observer->on_exit(result);
    if (frames_.empty()) {
        root_result_ = std::move(result);
        return;
    }
    Frame& parent = *frames_.back();
    PendingAction& p = parent.pending;
    // The child's gas comes out of the parent's fuel now; the parent was charged the action's
    // own cost (minus any stipend) when it suspended, so this cannot exceed what it has left.
    const bool charged = parent.charge_gas(result.gas_used);
    BLEND_ASSERT(charged);
    p.add_charged_gas(result.gas_used, parent.fuel_per_gas);
    parent.resume_value = result.exit_code;
    parent.return_data = std::move(result.output);
    if (p.fuel_ptr != 0) {
        uint8_t* out = parent.guest(p.fuel_ptr, abi::kFuelBufferSize)->data();
        put_u64(out, p.charged_fuel);
        put_u64(out + 8, 0);
    }
    p.input.clear();
    p.input.shrink_to_fit();
}

int32_t Executor::finish_evm_deploy(Frame& frame, MessageResult& result)
{
    // The constructor's output is the contract's code (Yellow Paper §7.1). These checks end the
    // create exceptionally (all its gas consumed), as in the EVM.
    const Bytes& code = frame.output;
    if (code.size() > kMaxEvmCodeSize)  // EIP-170
        return static_cast<int32_t>(ExitCode::kCreateContractSizeLimit);
    if (!code.empty() && code[0] == kEofPrefix)  // EIP-3541
        return static_cast<int32_t>(ExitCode::kCreateContractStartingWithEF);
    const uint64_t deposit = kCodeDepositGasPerByte * code.size();
    if (deposit > frame.msg.gas - result.gas_used)
        return static_cast<int32_t>(ExitCode::kOutOfFuel);
    result.gas_used += deposit;
    // The jumpdest analysis is done once, here, and stored with the code (docs/abi.md §7).
    state_.set_code(frame.msg.recipient, evm_contract_code(code));
    return 0;
}

}  // namespace blend::execution
