// SPDX-License-Identifier: Apache-2.0
// Typed wrappers over the host functions and `_exec` syscalls of docs/abi.md: input and output,
// exit and revert, the context, storage, transient storage, balances, calls, creates, logs.
// Everything here runs only inside a contract (wasm32); the byte layouts are those of docs/abi.md
// §2-§4, big-endian throughout.
#pragma once

#include "runtimes/sdk/abi.hpp"
#include "runtimes/sdk/mem.hpp"
#include "runtimes/sdk/sys.hpp"
#include "runtimes/sdk/types.hpp"

namespace blend::sdk {

// ---- input, output, exit ----------------------------------------------------------------------

/// The whole calldata (for `deploy`: the constructor input), copied into the arena once.
inline ByteView input() noexcept
{
    static ByteView cached{};
    static bool read = false;
    if (!read) {
        const uint32_t n = blend_sys_input_size();
        uint8_t* buf = alloc(n == 0 ? 1 : n);
        if (n != 0)
            blend_sys_read(buf, 0, n);
        cached = {buf, n};
        read = true;
    }
    return cached;
}

/// True when the frame runs the constructor (`deploy`), docs/abi.md §1 `_state`.
inline bool is_deploy() noexcept
{
    return blend_sys_state() == abi::kStateDeploy;
}

/// Appends to the frame's output (the call's return data).
inline void write_output(ByteView bytes) noexcept
{
    blend_sys_write(bytes.data, static_cast<uint32_t>(bytes.size));
}

/// Ends the frame successfully with `bytes` as its output (Solidity's `return`).
[[noreturn]] inline void finish(ByteView bytes) noexcept
{
    write_output(bytes);
    blend_sys_exit(static_cast<int32_t>(abi::ExitCode::kOk));
}

/// Reverts the frame (state rolled back, gas left returned) with `data` as the revert data.
[[noreturn]] inline void revert(ByteView data = {}) noexcept
{
    if (data.size != 0)
        write_output(data);
    blend_sys_exit(static_cast<int32_t>(abi::ExitCode::kPanic));
}

/// A debug line, printed by the node only with --debug.contract-logs (always charged).
inline void debug_log(ByteView text) noexcept
{
    blend_sys_debug_log(text.data, static_cast<uint32_t>(text.size));
}

// ---- context (docs/abi.md §4) -----------------------------------------------------------------

namespace ctx {

template <size_t N, typename Tag = void>
inline FixedBytes<N, Tag> read_field(size_t offset) noexcept
{
    FixedBytes<N, Tag> out;
    blend_sys_read_context(out.bytes, static_cast<uint32_t>(offset), N);
    return out;
}

inline uint64_t read_u64(size_t offset) noexcept
{
    return load_be64(read_field<8>(offset).bytes);
}

inline U256 read_word(size_t offset) noexcept
{
    return to_u256(read_field<32>(offset));
}

}  // namespace ctx

inline Address caller() noexcept
{
    return ctx::read_field<20, AddressTag>(abi::context::kCaller);
}
inline Address contract_address() noexcept
{
    return ctx::read_field<20, AddressTag>(abi::context::kContractAddress);
}
inline Address bytecode_address() noexcept
{
    return ctx::read_field<20, AddressTag>(abi::context::kBytecodeAddress);
}
inline Address tx_origin() noexcept
{
    return ctx::read_field<20, AddressTag>(abi::context::kTxOrigin);
}
inline Address coinbase() noexcept
{
    return ctx::read_field<20, AddressTag>(abi::context::kCoinbase);
}
inline U256 call_value() noexcept
{
    return ctx::read_word(abi::context::kCallValue);
}
inline U256 base_fee() noexcept
{
    return ctx::read_word(abi::context::kBaseFee);
}
inline U256 gas_price() noexcept
{
    return ctx::read_word(abi::context::kGasPrice);
}
inline Bytes32 prev_randao() noexcept
{
    return ctx::read_field<32>(abi::context::kPrevRandao);
}
inline uint64_t chain_id() noexcept
{
    return ctx::read_u64(abi::context::kChainId);
}
inline uint64_t block_number() noexcept
{
    return ctx::read_u64(abi::context::kBlockNumber);
}
inline uint64_t block_timestamp() noexcept
{
    return ctx::read_u64(abi::context::kBlockTimestamp);
}
inline uint64_t block_gas_limit() noexcept
{
    return ctx::read_u64(abi::context::kBlockGasLimit);
}
inline uint64_t frame_gas_limit() noexcept
{
    return ctx::read_u64(abi::context::kFrameGasLimit);
}
inline bool is_static_call() noexcept
{
    return (ctx::read_field<1>(abi::context::kFlags).bytes[0] & abi::context::kFlagStatic) != 0;
}

// ---- _exec ------------------------------------------------------------------------------------

/// The 32-byte id of a syscall: 30 zero bytes, kAbiVersion, the number (docs/abi.md §2).
constexpr Bytes32 syscall_id(abi::Syscall s) noexcept
{
    Bytes32 id;
    id.bytes[30] = abi::kAbiVersion;
    id.bytes[31] = static_cast<uint8_t>(s);
    return id;
}

/// Runs a syscall with all the frame's remaining fuel; returns its exit code (0 ok, -1 a child
/// reverted, other negative codes: failure).
inline int32_t exec(abi::Syscall s, ByteView in) noexcept
{
    const Bytes32 id = syscall_id(s);
    return blend_sys_exec(id.bytes, in.data, static_cast<uint32_t>(in.size), nullptr, 0);
}

/// Runs a syscall with at most `fuel_limit` fuel; `fuel_used` receives what it consumed.
inline int32_t exec_limited(abi::Syscall s,
                            ByteView in,
                            uint64_t fuel_limit,
                            uint64_t& fuel_used) noexcept
{
    const Bytes32 id = syscall_id(s);
    uint8_t fuel[abi::kFuelBufferSize] = {};
    store_be64(fuel, fuel_limit);
    const int32_t code = blend_sys_exec(id.bytes, in.data, static_cast<uint32_t>(in.size), fuel, 0);
    fuel_used = load_be64(fuel);
    return code;
}

/// The return data of the last `_exec`, copied into the arena.
inline ByteView return_data() noexcept
{
    const uint32_t n = blend_sys_output_size();
    uint8_t* buf = alloc(n == 0 ? 1 : n);
    if (n != 0)
        blend_sys_read_output(buf, 0, n);
    return {buf, n};
}

/// Reads exactly N bytes of return data (the fixed-size answers of state syscalls).
template <size_t N>
inline FixedBytes<N> return_fixed() noexcept
{
    FixedBytes<N> out;
    if (blend_sys_output_size() != N)
        fail(abi::ExitCode::kMalformedBuiltinParams);
    blend_sys_read_output(out.bytes, 0, N);
    return out;
}

/// A state syscall failing (it cannot revert) ends this frame with the same code.
inline void require_ok(int32_t code) noexcept
{
    if (code != 0)
        blend_sys_exit(code < 0 ? code : static_cast<int32_t>(abi::ExitCode::kUnknownError));
}

// ---- storage, transient storage, balances ------------------------------------------------------

inline Bytes32 storage_read(const Bytes32& slot) noexcept
{
    require_ok(exec(abi::Syscall::kStorageRead, view_of(slot)));
    return return_fixed<32>();
}

inline void storage_write(const Bytes32& slot, const Bytes32& value) noexcept
{
    uint8_t in[64];
    copy(in, slot.bytes, 32);
    copy(in + 32, value.bytes, 32);
    require_ok(exec(abi::Syscall::kStorageWrite, {in, 64}));
}

inline Bytes32 transient_read(const Bytes32& slot) noexcept
{
    require_ok(exec(abi::Syscall::kTransientRead, view_of(slot)));
    return return_fixed<32>();
}

inline void transient_write(const Bytes32& slot, const Bytes32& value) noexcept
{
    uint8_t in[64];
    copy(in, slot.bytes, 32);
    copy(in + 32, value.bytes, 32);
    require_ok(exec(abi::Syscall::kTransientWrite, {in, 64}));
}

inline U256 balance(const Address& account) noexcept
{
    require_ok(exec(abi::Syscall::kBalance, view_of(account)));
    return to_u256(return_fixed<32>());
}

inline U256 self_balance() noexcept
{
    require_ok(exec(abi::Syscall::kSelfBalance, {}));
    return to_u256(return_fixed<32>());
}

inline uint64_t code_size(const Address& account) noexcept
{
    require_ok(exec(abi::Syscall::kCodeSize, view_of(account)));
    return load_be64(return_fixed<8>().bytes);
}

inline Bytes32 code_hash(const Address& account) noexcept
{
    require_ok(exec(abi::Syscall::kCodeHash, view_of(account)));
    return return_fixed<32>();
}

inline Bytes32 block_hash(uint64_t number) noexcept
{
    uint8_t in[8];
    store_be64(in, number);
    require_ok(exec(abi::Syscall::kBlockHash, {in, 8}));
    return return_fixed<32>();
}

// ---- logs -------------------------------------------------------------------------------------

/// Topics of one log: at most 4 (docs/abi.md §3 EMIT_LOG; the EVM's LOG0..LOG4).
inline constexpr size_t kMaxTopics = 4;

/// Emits a log with `count` topics and `data` (EMIT_LOG: u8 n ‖ n topic words ‖ data).
inline void emit_log(const Bytes32* topics, size_t count, ByteView data) noexcept
{
    if (count > kMaxTopics)
        fail(abi::ExitCode::kMalformedBuiltinParams);
    const size_t n = 1 + 32 * count + data.size;
    uint8_t* in = alloc(n, 1);
    in[0] = static_cast<uint8_t>(count);
    for (size_t i = 0; i < count; ++i)
        copy(in + 1 + 32 * i, topics[i].bytes, 32);
    if (data.size != 0)
        copy(in + 1 + 32 * count, data.data, data.size);
    require_ok(exec(abi::Syscall::kEmitLog, {in, n}));
}

template <size_t N>
inline void emit_log(const Bytes32 (&topics)[N], ByteView data) noexcept
{
    static_assert(N <= kMaxTopics, "a log has at most 4 topics");
    emit_log(topics, N, data);
}

// ---- calls and creates ------------------------------------------------------------------------

/// What a call or create returned: its exit code and its return data (revert data on -1).
struct CallResult {
    int32_t status = 0;
    ByteView data;

    [[nodiscard]] bool ok() const noexcept { return status == 0; }
    [[nodiscard]] bool reverted() const noexcept
    {
        return status == static_cast<int32_t>(abi::ExitCode::kPanic);
    }
};

namespace call_detail {

inline CallResult run(abi::Syscall s,
                      const Address& to,
                      const U256* value,
                      ByteView calldata,
                      uint64_t fuel_limit) noexcept
{
    const size_t head = 20 + (value != nullptr ? 32 : 0);
    const size_t n = head + calldata.size;
    uint8_t* in = alloc(n, 1);
    copy(in, to.bytes, 20);
    if (value != nullptr)
        value->to_be_bytes(in + 20);
    if (calldata.size != 0)
        copy(in + head, calldata.data, calldata.size);
    int32_t status = 0;
    if (fuel_limit == 0) {
        status = exec(s, {in, n});
    } else {
        uint64_t used = 0;
        status = exec_limited(s, {in, n}, fuel_limit, used);
    }
    return {status, return_data()};
}

}  // namespace call_detail

/// CALL: `fuel_limit` 0 passes all the fuel the host allows (all but 1/64, EIP-150).
inline CallResult call(const Address& to,
                       const U256& value,
                       ByteView calldata,
                       uint64_t fuel_limit = 0) noexcept
{
    return call_detail::run(abi::Syscall::kCall, to, &value, calldata, fuel_limit);
}

inline CallResult static_call(const Address& to,
                              ByteView calldata,
                              uint64_t fuel_limit = 0) noexcept
{
    return call_detail::run(abi::Syscall::kStaticCall, to, nullptr, calldata, fuel_limit);
}

inline CallResult delegate_call(const Address& to,
                                ByteView calldata,
                                uint64_t fuel_limit = 0) noexcept
{
    return call_detail::run(abi::Syscall::kDelegateCall, to, nullptr, calldata, fuel_limit);
}

inline CallResult call_code(const Address& to,
                            const U256& value,
                            ByteView calldata,
                            uint64_t fuel_limit = 0) noexcept
{
    return call_detail::run(abi::Syscall::kCallCode, to, &value, calldata, fuel_limit);
}

/// What CREATE/CREATE2 returned: the new address when status is 0.
struct CreateResult {
    int32_t status = 0;
    Address address;
    ByteView revert_data;

    [[nodiscard]] bool ok() const noexcept { return status == 0; }
};

namespace call_detail {

inline CreateResult create(abi::Syscall s,
                           const U256& value,
                           const Bytes32* salt,
                           ByteView init_code) noexcept
{
    const size_t head = 32 + (salt != nullptr ? 32 : 0);
    const size_t n = head + init_code.size;
    uint8_t* in = alloc(n, 1);
    value.to_be_bytes(in);
    if (salt != nullptr)
        copy(in + 32, salt->bytes, 32);
    if (init_code.size != 0)
        copy(in + head, init_code.data, init_code.size);
    CreateResult r;
    r.status = exec(s, {in, n});
    const ByteView out = return_data();
    if (r.status == 0 && out.size == 20)
        copy(r.address.bytes, out.data, 20);
    else
        r.revert_data = out;
    return r;
}

}  // namespace call_detail

inline CreateResult create(const U256& value, ByteView init_code) noexcept
{
    return call_detail::create(abi::Syscall::kCreate, value, nullptr, init_code);
}

inline CreateResult create2(const U256& value, const Bytes32& salt, ByteView init_code) noexcept
{
    return call_detail::create(abi::Syscall::kCreate2, value, &salt, init_code);
}

/// Appends the last call's return data to this frame's output without copying it through memory.
inline void forward_return_data() noexcept
{
    blend_sys_forward_output(0, blend_sys_output_size());
}

}  // namespace blend::sdk
