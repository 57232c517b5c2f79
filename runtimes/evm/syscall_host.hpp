// SPDX-License-Identifier: Apache-2.0
// The EVM interpreter's Host (runtimes/evm/host.hpp) over the syscall ABI (docs/abi.md): every
// state action is one `_exec`, the context is read once with `_read_context`, and the frame's
// memory is a heap this file lays out itself. The same code is the wasm32 build (the rWasm artifact
// in genesis) and the native build (the executor's native strategy): only grow_heap differs.
//
// Gas (docs/abi.md §5, docs/evm.md "Gas split"): the runtime is an unmetered system runtime. The
// interpreter counts EVM gas in a local; the STF's fuel for this frame is kept equal to it at
// every syscall boundary and at the exit by charging the difference with `_charge_fuel`
// (`committed_gas_` is what the STF believes is left). A self-metered frame's fuel is its gas
// (docs/abi.md §5: one fuel per gas, exact for any u64 gas), so `_charge_fuel`, the `_exec` fuel
// limit (gas_left) and the fuel it reports consumed are all EVM gas, and the STF's own checks
// (EIP-150 63/64, EIP-2200 stipend, OutOfFuel) see exactly the EVM's gas left.
//
// Per-call state lives in this object (on the frame's stack) and in its heap, never in a static:
// natively every frame shares the statics (execution/native_runtime.hpp).
//
// Heap layout: [code ‖ kCodePadding zeros ‖ jumpdest bitmap ‖ calldata][EVM memory][return data]
// [scratch]. The EVM memory grows in place; the return data (of the last call or create) moves up
// when it does; the scratch (a syscall's input) is dead after each syscall.
//
// Freestanding: no heap allocator, no exceptions, nothing beyond <stdint.h>/<stddef.h>.
#pragma once

#include "runtimes/evm/analysis.hpp"
#include "runtimes/evm/host.hpp"
#include "runtimes/evm/interpreter.hpp"
#include "runtimes/sdk/abi.hpp"
#include "runtimes/sdk/keccak.hpp"
#include "runtimes/sdk/sys.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

#if defined(__wasm__)
/// wasm-ld's end of static data: the heap starts here and grows the linear memory in place.
extern "C" uint8_t __heap_base;  // NOLINT(bugprone-reserved-identifier)
#else
/// The native frame's heap (execution/native_runtime.hpp): a stable base, at least `size` bytes.
extern "C" uint8_t* blend_native_grow_heap(uint64_t size);
#endif

namespace blend::evm {

/// Bound of the runtime's heap: code, calldata, EVM memory, return data and one syscall input.
/// Below an rWasm frame's 64 MiB linear memory (rwasm::kMaxMemoryPages) minus the runtime's
/// stack and statics, and below the native heap bound, so both strategies fail at the same size
/// (EVM memory that large costs ~10^9 gas: unreachable under a block gas limit).
inline constexpr uint64_t kMaxHeapBytes = uint64_t{48} << 20;
/// The most gas the interpreter counts: its counter is an int64_t (interpreter.hpp clamps
/// Message::gas to it, as EVMC's evmc_message.gas is an int64_t). A frame given more (a u64 up to
/// 2^64 − 1) runs with this much and gets the rest back unused: its gas used is exact, but GAS
/// and the EIP-150 base of a CALL see at most 2^63 − 1 (docs/evm.md "Gas split").
inline constexpr uint64_t kMaxInterpreterGas = static_cast<uint64_t>(INT64_MAX);

namespace syscall_detail {

inline void put_u64(uint8_t* out, uint64_t v) noexcept
{
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

inline uint64_t get_u64(const uint8_t* p) noexcept
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = v << 8 | p[i];
    return v;
}

inline uint32_t get_u32(const uint8_t* p) noexcept
{
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | p[3];
}

inline void copy(uint8_t* dst, const uint8_t* src, uint64_t n) noexcept
{
    if (n != 0)
        __builtin_memmove(dst, src, n);
}

inline Address address_at(const uint8_t* p) noexcept
{
    Address a;
    for (size_t i = 0; i < 20; ++i)
        a.bytes[i] = p[i];
    return a;
}

inline U256 word_at(const uint8_t* p) noexcept
{
    return U256::from_be_bytes(p, 32);
}

}  // namespace syscall_detail

class SyscallHost {
public:
    /// Reads the context; the frame's gas is the context's frame gas limit.
    SyscallHost() noexcept
    {
        uint8_t c[abi::kContextSize];
        blend_sys_read_context(c, 0, abi::kContextSize);
        namespace ctx = abi::context;
        using syscall_detail::address_at;
        using syscall_detail::get_u64;
        using syscall_detail::word_at;
        ctx_.is_static = (c[ctx::kFlags] & ctx::kFlagStatic) != 0;
        ctx_.chain_id = get_u64(c + ctx::kChainId);
        ctx_.block_number = get_u64(c + ctx::kBlockNumber);
        ctx_.timestamp = get_u64(c + ctx::kBlockTimestamp);
        ctx_.block_gas_limit = get_u64(c + ctx::kBlockGasLimit);
        ctx_.base_fee = word_at(c + ctx::kBaseFee);
        ctx_.prev_randao = word_at(c + ctx::kPrevRandao);
        ctx_.coinbase = address_at(c + ctx::kCoinbase);
        ctx_.origin = address_at(c + ctx::kTxOrigin);
        ctx_.gas_price = word_at(c + ctx::kGasPrice);
        ctx_.address = address_at(c + ctx::kContractAddress);
        ctx_.code_address = address_at(c + ctx::kBytecodeAddress);
        ctx_.caller = address_at(c + ctx::kCaller);
        ctx_.call_value = word_at(c + ctx::kCallValue);
        const uint64_t frame_gas = get_u64(c + ctx::kFrameGasLimit);
        held_gas_ = frame_gas > kMaxInterpreterGas ? frame_gas - kMaxInterpreterGas : 0;
        committed_gas_ = frame_gas - held_gas_;
    }

    /// The gas the interpreter runs with: the frame's, at most kMaxInterpreterGas.
    [[nodiscard]] uint64_t frame_gas() const noexcept { return committed_gas_; }

    /// Brings the STF's fuel down to the interpreter's `gas_left` plus the held gas (docs/abi.md
    /// §5).
    void sync_gas(uint64_t gas_left) noexcept
    {
        if (gas_left < committed_gas_) {
            blend_sys_charge_fuel(static_cast<int64_t>(committed_gas_ - gas_left));
            committed_gas_ = gas_left;
        }
    }

    // ---- Loading the frame -------------------------------------------------------------------

    /// Places `code` (and its bitmap: the stored one, or analyze() when `bitmap` is null) and the
    /// calldata at the start of the heap. False when the heap cannot hold them.
    [[nodiscard]] bool load(uint64_t code_size, uint64_t input_size) noexcept
    {
        code_size_ = code_size;
        input_size_ = input_size;
        const uint64_t bitmap = jumpdest_bitmap_size(code_size);
        fixed_ = align(code_size + kCodePadding + bitmap + input_size);
        return reserve(fixed_);
    }
    [[nodiscard]] uint8_t* code() noexcept { return heap_; }
    [[nodiscard]] uint8_t* bitmap() noexcept { return heap_ + code_size_ + kCodePadding; }
    [[nodiscard]] uint8_t* input() noexcept { return bitmap() + jumpdest_bitmap_size(code_size_); }
    /// Zeroes the code padding (the heap may hold an earlier frame's bytes natively).
    void zero_padding() noexcept { __builtin_memset(heap_ + code_size_, 0, kCodePadding); }

    // ---- Host (runtimes/evm/host.hpp) ----------------------------------------------------------

    [[nodiscard]] const Context& context() const noexcept { return ctx_; }

    WordResult sload(const U256& slot, uint64_t gas_left) noexcept
    {
        uint8_t in[32];
        slot.to_be_bytes(in);
        return word_action(abi::Syscall::kStorageRead, in, 32, gas_left);
    }
    ActionResult sstore(const U256& slot, const U256& value, uint64_t gas_left) noexcept
    {
        uint8_t in[64];
        slot.to_be_bytes(in);
        value.to_be_bytes(in + 32);
        return action(abi::Syscall::kStorageWrite, in, 64, gas_left);
    }
    WordResult tload(const U256& slot, uint64_t gas_left) noexcept
    {
        uint8_t in[32];
        slot.to_be_bytes(in);
        return word_action(abi::Syscall::kTransientRead, in, 32, gas_left);
    }
    ActionResult tstore(const U256& slot, const U256& value, uint64_t gas_left) noexcept
    {
        uint8_t in[64];
        slot.to_be_bytes(in);
        value.to_be_bytes(in + 32);
        return action(abi::Syscall::kTransientWrite, in, 64, gas_left);
    }
    WordResult balance(const Address& a, uint64_t gas_left) noexcept
    {
        return word_action(abi::Syscall::kBalance, a.bytes, 20, gas_left);
    }
    WordResult self_balance(uint64_t gas_left) noexcept
    {
        return word_action(abi::Syscall::kSelfBalance, nullptr, 0, gas_left);
    }
    WordResult code_size(const Address& a, uint64_t gas_left) noexcept
    {
        // CODE_SIZE answers a u64 (docs/abi.md §3).
        uint8_t out[8] = {};
        WordResult r;
        const ActionResult a_r = exec(abi::Syscall::kCodeSize, a.bytes, 20, gas_left);
        r.status = a_r.status;
        r.gas_used = a_r.gas_used;
        if (r.status == ExitCode::kOk && blend_sys_output_size() == 8) {
            blend_sys_read_output(out, 0, 8);
            r.value = U256(syscall_detail::get_u64(out));
        }
        return r;
    }
    WordResult code_hash(const Address& a, uint64_t gas_left) noexcept
    {
        return word_action(abi::Syscall::kCodeHash, a.bytes, 20, gas_left);
    }
    ActionResult code_copy(const Address& a,
                           uint64_t offset,
                           uint8_t* dst,
                           uint64_t size,
                           uint64_t gas_left) noexcept
    {
        // CODE_COPY is bounded by kMaxCodeCopySize (larger is MalformedBuiltinParams): a larger
        // copy past any code is all zeros, and the EVM memory for it costs more gas than exists.
        uint8_t in[36];
        __builtin_memcpy(in, a.bytes, 20);
        syscall_detail::put_u64(in + 20, offset);
        syscall_detail::put_u64(in + 28, size);
        const ActionResult r = exec(abi::Syscall::kCodeCopy, in, 36, gas_left);
        if (r.status == ExitCode::kOk && size != 0)
            blend_sys_read_output(dst, 0, static_cast<uint32_t>(size));
        return r;
    }
    WordResult block_hash(uint64_t number, uint64_t gas_left) noexcept
    {
        uint8_t in[8];
        syscall_detail::put_u64(in, number);
        return word_action(abi::Syscall::kBlockHash, in, 8, gas_left);
    }

    CallResult call(const CallParams& p, uint64_t gas_left) noexcept
    {
        const bool has_value = p.kind == CallKind::kCall || p.kind == CallKind::kCallCode;
        const uint64_t header = has_value ? 52 : 20;
        CallResult r;
        uint8_t* in = scratch(header + p.input_size);
        if (in == nullptr) {
            r.status = ExitCode::kOutOfMemory;
            return r;
        }
        __builtin_memcpy(in, p.target.bytes, 20);
        if (has_value)
            p.value.to_be_bytes(in + 20);
        syscall_detail::copy(in + header, p.input, p.input_size);
        abi::Syscall id = abi::Syscall::kCall;
        switch (p.kind) {
        case CallKind::kCall:
            id = abi::Syscall::kCall;
            break;
        case CallKind::kStaticCall:
            id = abi::Syscall::kStaticCall;
            break;
        case CallKind::kDelegateCall:
            id = abi::Syscall::kDelegateCall;
            break;
        case CallKind::kCallCode:
            id = abi::Syscall::kCallCode;
            break;
        }
        // For a call the fuel limit caps only the child's gas (docs/abi.md §2): the STF gives
        // min(all but 1/64 of what is left after the call's own costs, limit) (EIP-150), and
        // checks those costs against the frame's fuel, which sync_gas made equal to gas_left.
        const ActionResult a = exec_call(id, in, header + p.input_size, gas_left,
                                         p.gas_requested < gas_left ? p.gas_requested : gas_left);
        r.gas_used = a.gas_used;
        r.child_status = a.status;
        keep_return_data(/*always=*/true);
        return r;
    }

    CreateResult create(const CreateParams& p, uint64_t gas_left) noexcept
    {
        const uint64_t header = p.is_create2 ? 64 : 32;
        CreateResult r;
        uint8_t* in = scratch(header + p.init_code_size);
        if (in == nullptr) {
            r.status = ExitCode::kOutOfMemory;
            return r;
        }
        p.value.to_be_bytes(in);
        if (p.is_create2)
            p.salt.to_be_bytes(in + 32);
        syscall_detail::copy(in + header, p.init_code, p.init_code_size);
        const ActionResult a = exec(p.is_create2 ? abi::Syscall::kCreate2 : abi::Syscall::kCreate,
                                    in, header + p.init_code_size, gas_left);
        r.gas_used = a.gas_used;
        r.child_status = a.status;
        if (a.status == ExitCode::kOk) {
            uint8_t out[20] = {};
            if (blend_sys_output_size() == 20)
                blend_sys_read_output(out, 0, 20);
            r.address = syscall_detail::address_at(out);
            return_size_ = 0;  // EIP-211: a successful create leaves no return data
        } else {
            keep_return_data(/*always=*/a.status == ExitCode::kPanic);
        }
        return r;
    }

    ActionResult log(const U256* topics,
                     uint64_t topic_count,
                     const uint8_t* data,
                     uint64_t data_size,
                     uint64_t gas_left) noexcept
    {
        const uint64_t size = 1 + 32 * topic_count + data_size;
        uint8_t* in = scratch(size);
        if (in == nullptr)
            return ActionResult{ExitCode::kOutOfMemory, 0};
        in[0] = static_cast<uint8_t>(topic_count);
        for (uint64_t i = 0; i < topic_count; ++i)
            topics[i].to_be_bytes(in + 1 + 32 * i);
        syscall_detail::copy(in + 1 + 32 * topic_count, data, data_size);
        return action(abi::Syscall::kEmitLog, in, size, gas_left);
    }

    ActionResult selfdestruct(const Address& beneficiary, uint64_t gas_left) noexcept
    {
        return action(abi::Syscall::kDestroyAccount, beneficiary.bytes, 20, gas_left);
    }

    [[nodiscard]] uint64_t return_data_size() noexcept { return return_size_; }
    void return_data_copy(uint8_t* dst, uint64_t offset, uint64_t size) noexcept
    {
        syscall_detail::copy(dst, heap_ + fixed_ + memory_size_ + offset, size);
    }

    uint8_t* grow_memory(uint64_t new_size) noexcept
    {
        if (new_size > memory_size_) {
            const uint64_t old = memory_size_;
            if (!reserve(fixed_ + new_size + return_size_))
                return nullptr;
            uint8_t* base = heap_ + fixed_;
            // The return data sits right after the memory: move it up first.
            syscall_detail::copy(base + new_size, base + old, return_size_);
            __builtin_memset(base + old, 0, new_size - old);
            memory_size_ = new_size;
        }
        return heap_ + fixed_;
    }

    void keccak256(const uint8_t* src, uint64_t size, uint8_t* dst) noexcept
    {
        // The interpreter has charged KECCAK256's gas; `_keccak256` costs a self-metered runtime
        // nothing (docs/abi.md §5), so both strategies charge the same.
        const sdk::Bytes32 h = sdk::keccak256(src, static_cast<size_t>(size));
        __builtin_memcpy(dst, h.bytes, 32);
    }

    // ---- Frame metadata -----------------------------------------------------------------------

    /// The code to run: the EVM metadata of the context's bytecode address (docs/abi.md §7:
    /// 01 ‖ u32 n ‖ code ‖ bitmap), read for free by the account's own runtime. Loads code,
    /// bitmap and calldata; false when the metadata is malformed or the heap is exhausted.
    [[nodiscard]] bool load_contract() noexcept
    {
        const uint32_t input_size = blend_sys_input_size();
        uint8_t size_out[7] = {};
        const ActionResult s =
            exec(abi::Syscall::kMetadataSize, ctx_.code_address.bytes, 20, committed_gas_);
        if (s.status != ExitCode::kOk || blend_sys_output_size() != 7)
            return false;
        blend_sys_read_output(size_out, 0, 7);
        const uint32_t metadata_size = syscall_detail::get_u32(size_out);
        if (metadata_size == 0)
            return load(0, input_size) && (read_input(), zero_padding(), true);
        if (metadata_size < kMetadataHeader)
            return false;
        uint8_t header[kMetadataHeader];
        if (!copy_metadata(header, 0, kMetadataHeader) || header[0] != kMetadataVersion)
            return false;
        const uint32_t n = syscall_detail::get_u32(header + 1);
        if (uint64_t{metadata_size} != kMetadataHeader + n + jumpdest_bitmap_size(n))
            return false;
        if (!load(n, input_size))
            return false;
        // Code and bitmap are contiguous in the metadata but separated by the padding here.
        if (!copy_metadata(code(), kMetadataHeader, n))
            return false;
        zero_padding();
        if (!copy_metadata(bitmap(), kMetadataHeader + n,
                           static_cast<uint32_t>(jumpdest_bitmap_size(n))))
            return false;
        read_input();
        return true;
    }

    /// Deploy: the input is the init code (analysed here: it is run once), calldata empty.
    [[nodiscard]] bool load_init_code() noexcept
    {
        const uint32_t size = blend_sys_input_size();
        if (!load(size, 0))
            return false;
        if (size != 0)
            blend_sys_read(code(), 0, size);
        zero_padding();
        analyze(code(), size, bitmap());
        return true;
    }

    [[nodiscard]] uint64_t code_size() const noexcept { return code_size_; }
    [[nodiscard]] uint64_t input_size() const noexcept { return input_size_; }

private:
    static constexpr uint8_t kMetadataVersion = 1;  // execution::kEvmMetadataVersion
    static constexpr uint32_t kMetadataHeader = 5;  // execution::kEvmMetadataHeaderSize

    static uint64_t align(uint64_t n) noexcept { return (n + 31) & ~uint64_t{31}; }

    void read_input() noexcept
    {
        if (input_size_ != 0)
            blend_sys_read(input(), 0, static_cast<uint32_t>(input_size_));
    }

    bool copy_metadata(uint8_t* dst, uint32_t offset, uint32_t len) noexcept
    {
        uint8_t in[28];
        __builtin_memcpy(in, ctx_.code_address.bytes, 20);
        for (int i = 0; i < 4; ++i) {
            in[20 + i] = static_cast<uint8_t>(offset >> (24 - 8 * i));
            in[24 + i] = static_cast<uint8_t>(len >> (24 - 8 * i));
        }
        const ActionResult r = exec(abi::Syscall::kMetadataCopy, in, 28, committed_gas_);
        if (r.status != ExitCode::kOk || blend_sys_output_size() != len)
            return false;
        if (len != 0)
            blend_sys_read_output(dst, 0, len);
        return true;
    }

    /// Makes the heap at least `size` bytes; false above kMaxHeapBytes or when memory is out.
    bool reserve(uint64_t size) noexcept
    {
        if (size > kMaxHeapBytes)
            return false;
        if (size <= capacity_ && heap_ != nullptr)
            return true;
#if defined(__wasm__)
        constexpr uint64_t kPage = 65'536;
        heap_ = &__heap_base;
        const uint64_t start = reinterpret_cast<uintptr_t>(heap_);
        const uint64_t have = static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * kPage;
        const uint64_t need = start + size;
        if (need > have) {
            const uint64_t pages = (need - have + kPage - 1) / kPage;
            if (__builtin_wasm_memory_grow(0, static_cast<size_t>(pages)) ==
                static_cast<size_t>(-1))
                return false;
        }
        capacity_ = static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * kPage - start;
#else
        uint8_t* base = blend_native_grow_heap(size);
        if (base == nullptr)
            return false;
        heap_ = base;
        capacity_ = size;
#endif
        return true;
    }

    /// A buffer after the return data for one syscall's input.
    uint8_t* scratch(uint64_t size) noexcept
    {
        const uint64_t at = fixed_ + memory_size_ + return_size_;
        if (!reserve(at + size))
            return nullptr;
        return heap_ + at;
    }

    /// Copies the last `_exec`'s return data after the EVM memory (the EVM's return data buffer,
    /// EIP-211), or clears it.
    void keep_return_data(bool always) noexcept
    {
        return_size_ = 0;
        if (!always)
            return;
        const uint64_t size = blend_sys_output_size();
        if (size == 0 || !reserve(fixed_ + memory_size_ + size))
            return;
        blend_sys_read_output(heap_ + fixed_ + memory_size_, 0, static_cast<uint32_t>(size));
        return_size_ = size;
    }

    /// One `_exec` with the fuel limit gas_left (after syncing the STF's fuel to it). Returns the
    /// action's exit code and the gas it consumed.
    ActionResult exec(abi::Syscall id, const uint8_t* in, uint64_t len, uint64_t gas_left) noexcept
    {
        return exec_call(id, in, len, gas_left, gas_left);
    }

    /// `limit` is the action's fuel limit in gas: gas_left, or a call's requested gas.
    ActionResult exec_call(abi::Syscall id,
                           const uint8_t* in,
                           uint64_t len,
                           uint64_t gas_left,
                           uint64_t limit) noexcept
    {
        sync_gas(gas_left);
        uint8_t sid[abi::kSyscallIdSize] = {};
        sid[30] = abi::kAbiVersion;
        sid[31] = static_cast<uint8_t>(id);
        uint8_t fuel[abi::kFuelBufferSize];
        syscall_detail::put_u64(fuel, limit);
        syscall_detail::put_u64(fuel + 8, 0);
        const int32_t code =
            blend_sys_exec(sid, in == nullptr ? sid : in, static_cast<uint32_t>(len), fuel, 0);
        const uint64_t consumed = syscall_detail::get_u64(fuel);
        committed_gas_ -= consumed < committed_gas_ ? consumed : committed_gas_;
        return ActionResult{static_cast<ExitCode>(code), consumed};
    }

    WordResult word_action(abi::Syscall id,
                           const uint8_t* in,
                           uint64_t len,
                           uint64_t gas_left) noexcept
    {
        WordResult r;
        const ActionResult a = exec(id, in, len, gas_left);
        r.status = a.status;
        r.gas_used = a.gas_used;
        if (a.status == ExitCode::kOk && blend_sys_output_size() == 32) {
            uint8_t out[32];
            blend_sys_read_output(out, 0, 32);
            r.value = syscall_detail::word_at(out);
        }
        return r;
    }

    ActionResult action(abi::Syscall id,
                        const uint8_t* in,
                        uint64_t len,
                        uint64_t gas_left) noexcept
    {
        return exec(id, in, len, gas_left);
    }

    Context ctx_;
    /// What the STF believes is left, minus held_gas_: the interpreter's gas_left at the last sync.
    uint64_t committed_gas_ = 0;
    /// The frame's gas above kMaxInterpreterGas: never given to the interpreter, never charged,
    /// so it comes back unused (the STF's fuel stays committed_gas_ + held_gas_).
    uint64_t held_gas_ = 0;
    uint8_t* heap_ = nullptr;
    uint64_t capacity_ = 0;
    uint64_t fixed_ = 0;  ///< code, padding, bitmap, calldata (aligned)
    uint64_t code_size_ = 0;
    uint64_t input_size_ = 0;
    uint64_t memory_size_ = 0;
    uint64_t return_size_ = 0;
};

static_assert(Host<SyscallHost>);

/// Ends the frame as the interpreter's result says: success returns (exit 0) and revert exits
/// with Panic (-1), both with the RETURN/REVERT data as output and the gas left reported; any
/// other ending is an exceptional halt, whose exit code makes the STF consume all the gas.
inline void finish(SyscallHost& host, const Result& r) noexcept
{
    if (r.status == Status::kSuccess || r.status == Status::kRevert) {
        host.sync_gas(r.gas_left);
        if (r.output_size != 0)
            blend_sys_write(r.output, static_cast<uint32_t>(r.output_size));
        if (r.status == Status::kRevert)
            blend_sys_exit(static_cast<int32_t>(ExitCode::kPanic));
        return;
    }
    const auto code = static_cast<int32_t>(r.exit_code);
    blend_sys_exit(code < -1 ? code : static_cast<int32_t>(ExitCode::kUnknownError));
}

/// The export `main`: runs the EVM code of the context's bytecode address (an EVM contract's
/// metadata) on the calldata.
inline void run_main() noexcept
{
    SyscallHost host;
    if (!host.load_contract())
        blend_sys_exit(static_cast<int32_t>(ExitCode::kOutOfMemory));
    Message msg;
    msg.code = host.code();
    msg.code_size = host.code_size();
    msg.jumpdest_bitmap = host.bitmap();
    msg.input = host.input();
    msg.input_size = host.input_size();
    msg.gas = host.frame_gas();
    finish(host, execute(host, msg));
}

/// The export `deploy`: runs the init code (the input) with empty calldata. Its output is the
/// contract's code; the STF checks it (EIP-170, EIP-3541), charges the code deposit and stores it
/// with its jumpdest bitmap (docs/abi.md §7).
inline void run_deploy() noexcept
{
    SyscallHost host;
    if (!host.load_init_code())
        blend_sys_exit(static_cast<int32_t>(ExitCode::kOutOfMemory));
    Message msg;
    msg.code = host.code();
    msg.code_size = host.code_size();
    msg.jumpdest_bitmap = host.bitmap();
    msg.gas = host.frame_gas();
    finish(host, execute(host, msg));
}

}  // namespace blend::evm

#if !defined(__wasm__)
/// The native build's entry points (runtimes/evm/entry_native.cpp), listed by
/// execution/native_runtime_builtin.cpp.
extern "C" void blend_evm_native_main();
extern "C" void blend_evm_native_deploy();
#endif
