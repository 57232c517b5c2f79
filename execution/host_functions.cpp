// SPDX-License-Identifier: Apache-2.0
// The host functions of docs/abi.md §1. Every one charges its fuel before doing the work; a
// range outside linear memory ends the frame with MemoryOutOfBounds, a range outside the input,
// return data or context with InputOutputOutOfBounds.
#include "core/keccak.hpp"
#include "execution/executor.hpp"
#include "execution/frame.hpp"
#include "execution/gas.hpp"
#include "execution/host_gas.hpp"
#include "execution/syscall_support.hpp"
#include "trie/field/fr.hpp"
#include "trie/poseidon/poseidon.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstdio>
#include <cstring>

namespace blend::execution {

using abi::ExitCode;
using abi::HostFunction;
using rwasm::HostStatus;

namespace {

/// A range of the frame's memory at pointer parameter `i`, or nullopt when it does not fit.
std::optional<std::span<uint8_t>> guest(Frame& frame,
                                        std::span<const uint64_t> params,
                                        size_t i,
                                        uint64_t len)
{
    return frame.guest(frame.pointer(params[i]), len);
}

uint32_t arg32(std::span<const uint64_t> params, size_t i)
{
    return static_cast<uint32_t>(params[i]);
}

HostStatus end(Frame& frame, ExitCode code)
{
    frame.exit_code = static_cast<int32_t>(code);
    return HostStatus::kTrap;
}

/// Charges gas as fuel; false ends the run with OutOfFuel (Vm::charge_fuel). A self-metered
/// system runtime is charged nothing here: it pays EVM gas itself (docs/abi.md §5), and a copy
/// of calldata is no EVM cost.
bool charge(Frame& frame, uint64_t gas)
{
    return frame.self_metered || frame.charge_gas(gas);
}

uint64_t copy_gas(uint64_t len)
{
    return host_gas::kCopyBase + gas::kCopyWord * gas::words(len);
}

/// Copies source[offset, offset + len) to guest memory at dst.
HostStatus copy_out(Frame& frame, BytesView source, uint64_t dst, uint32_t offset, uint32_t len)
{
    if (!charge(frame, copy_gas(len)))
        return HostStatus::kTrap;
    if (uint64_t{offset} + len > source.size())
        return end(frame, ExitCode::kInputOutputOutOfBounds);
    const auto out = frame.guest(dst, len);
    if (!out)
        return end(frame, ExitCode::kMemoryOutOfBounds);
    if (len != 0)
        std::memcpy(out->data(), source.data() + offset, len);
    return HostStatus::kReturn;
}

HostStatus append_output(Frame& frame, BytesView data)
{
    // The limit grows with the frame's gas (docs/abi.md §2, "Size limits"): a RETURN / REVERT of
    // any EVM memory the frame's gas paid for fits.
    if (frame.output.size() + data.size() > abi::max_output_size(frame_gas_limit(frame)))
        return end(frame, ExitCode::kOutputTooLarge);
    frame.output.insert(frame.output.end(), data.begin(), data.end());
    return HostStatus::kReturn;
}

const secp256k1_context* secp_context()
{
    static secp256k1_context* const kContext = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    return kContext;
}

HostStatus ecrecover(Frame& frame, std::span<const uint64_t> params, std::span<uint64_t> results)
{
    if (!charge(frame, host_gas::kEcrecover))
        return HostStatus::kTrap;
    const uint32_t rec_id = arg32(params, 3);
    if (rec_id > 1)
        return end(frame, ExitCode::kMalformedBuiltinParams);
    const auto digest = guest(frame, params, 0, 32);
    const auto sig = guest(frame, params, 1, 64);
    const auto out = guest(frame, params, 2, 65);
    if (!digest || !sig || !out)
        return end(frame, ExitCode::kMemoryOutOfBounds);
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey key;
    const secp256k1_context* ctx = secp_context();
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig->data(),
                                                            static_cast<int>(rec_id)) != 1 ||
        secp256k1_ecdsa_recover(ctx, &key, &rs, digest->data()) != 1) {
        results[0] = 1;
        return HostStatus::kReturn;
    }
    size_t len = 65;
    secp256k1_ec_pubkey_serialize(ctx, out->data(), &len, &key, SECP256K1_EC_UNCOMPRESSED);
    results[0] = 0;
    return HostStatus::kReturn;
}

/// Reads one 32-byte big-endian field element at `ptr` into `out`; on failure, the exit code the
/// frame ends with (out of bounds, or an element >= r: docs/abi.md section 1).
std::optional<ExitCode> read_element(Frame& frame, uint64_t ptr, field::Fr& out)
{
    const auto word = frame.guest(ptr, 32);
    if (!word)
        return ExitCode::kMemoryOutOfBounds;
    const auto f = field::fr_from_bytes(BytesView(word->data(), 32));
    if (!f)
        return ExitCode::kMalformedBuiltinParams;
    out = *f;
    return std::nullopt;
}

HostStatus poseidon(Frame& frame, std::span<const uint64_t> params)
{
    const uint32_t len = arg32(params, 1);
    const uint32_t n = len / 32;
    if (len % 32 != 0 || n < 1 || n > 6)
        return end(frame, ExitCode::kMalformedBuiltinParams);
    if (!charge(frame, host_gas::kPoseidonPerElement * (n + 1)))
        return HostStatus::kTrap;
    field::Fr inputs[6];
    for (uint32_t i = 0; i < n; ++i)
        if (const auto failed =
                read_element(frame, frame.pointer(params[0]) + uint64_t{32} * i, inputs[i]))
            return end(frame, *failed);
    const auto out = guest(frame, params, 2, 32);
    if (!out)
        return end(frame, ExitCode::kMemoryOutOfBounds);
    const auto h = poseidon::hash(std::span<const field::Fr>(inputs, n));
    if (!h)
        return end(frame, ExitCode::kMalformedBuiltinParams);
    const Hash bytes = field::fr_to_hash(*h);
    std::memcpy(out->data(), bytes.data(), 32);
    return HostStatus::kReturn;
}

HostStatus poseidon_hash(Frame& frame, std::span<const uint64_t> params)
{
    if (!charge(frame, host_gas::kPoseidonPerElement * 3))
        return HostStatus::kTrap;
    field::Fr e[3];
    for (size_t i = 0; i < 3; ++i)
        if (const auto failed = read_element(frame, frame.pointer(params[i]), e[i]))
            return end(frame, *failed);
    const auto out = guest(frame, params, 3, 32);
    if (!out)
        return end(frame, ExitCode::kMemoryOutOfBounds);
    // H_d(a, b): the capacity element is the domain d (trie/poseidon/poseidon.hpp).
    const Hash bytes = field::fr_to_hash(poseidon::hash2(e[2], e[0], e[1]));
    std::memcpy(out->data(), bytes.data(), 32);
    return HostStatus::kReturn;
}

}  // namespace

HostStatus Executor::call(rwasm::Vm& vm,
                          uint32_t host_id,
                          std::span<const uint64_t> params,
                          std::span<uint64_t> results)
{
    BLEND_ASSERT(!frames_.empty() && frames_.back()->vm.get() == &vm);
    return host_call(*frames_.back(), host_id, params, results);
}

HostStatus Executor::native_call(uint32_t host_id,
                                 std::span<const uint64_t> params,
                                 std::span<uint64_t> results)
{
    BLEND_ASSERT(!frames_.empty() && frames_.back()->native != nullptr);
    return host_call(*frames_.back(), host_id, params, results);
}

HostStatus Executor::host_call(Frame& frame,
                               uint32_t host_id,
                               std::span<const uint64_t> params,
                               std::span<uint64_t> results)
{
    switch (static_cast<HostFunction>(host_id)) {
    case HostFunction::kExit: {
        const auto code = static_cast<int32_t>(static_cast<uint32_t>(params[0]));
        return end(frame, code > 0 ? ExitCode::kNonNegativeExitCode : static_cast<ExitCode>(code));
    }
    case HostFunction::kState:
        results[0] = frame.is_deploy ? abi::kStateDeploy : abi::kStateMain;
        return HostStatus::kReturn;
    case HostFunction::kRead:
        return copy_out(frame, frame.msg.input, frame.pointer(params[0]), arg32(params, 1),
                        arg32(params, 2));
    case HostFunction::kInputSize:
        results[0] = frame.msg.input.size();
        return HostStatus::kReturn;
    case HostFunction::kWrite: {
        const uint32_t len = arg32(params, 1);
        if (!charge(frame, copy_gas(len)))
            return HostStatus::kTrap;
        const auto data = guest(frame, params, 0, len);
        if (!data)
            return end(frame, ExitCode::kMemoryOutOfBounds);
        return append_output(frame, *data);
    }
    case HostFunction::kOutputSize:
        results[0] = frame.return_data.size();
        return HostStatus::kReturn;
    case HostFunction::kReadOutput:
        return copy_out(frame, frame.return_data, frame.pointer(params[0]), arg32(params, 1),
                        arg32(params, 2));
    case HostFunction::kReadContext:
        return copy_out(frame, frame.context, frame.pointer(params[0]), arg32(params, 1),
                        arg32(params, 2));
    case HostFunction::kExec:
        return exec_host(frame, params);
    case HostFunction::kResume:
        return end(frame, ExitCode::kRootCallOnly);
    case HostFunction::kForwardOutput: {
        const uint32_t offset = arg32(params, 0);
        const uint32_t len = arg32(params, 1);
        if (!charge(frame, copy_gas(len)))
            return HostStatus::kTrap;
        if (uint64_t{offset} + len > frame.return_data.size())
            return end(frame, ExitCode::kInputOutputOutOfBounds);
        const Bytes slice(frame.return_data.begin() + offset,
                          frame.return_data.begin() + offset + len);
        return append_output(frame, slice);
    }
    case HostFunction::kFuel:
        results[0] = frame.fuel_remaining();
        return HostStatus::kReturn;
    case HostFunction::kPreimageSize: {
        if (!charge(frame, host_gas::kPreimageLookup))
            return HostStatus::kTrap;
        const auto hash = guest(frame, params, 0, 32);
        if (!hash)
            return end(frame, ExitCode::kMemoryOutOfBounds);
        const CodePtr code = state_.code_by_hash(to_hash(BytesView(hash->data(), 32)));
        results[0] = code ? code->size() : 0;
        return HostStatus::kReturn;
    }
    case HostFunction::kPreimageCopy: {
        if (!charge(frame, host_gas::kPreimageLookup))
            return HostStatus::kTrap;
        const auto hash = guest(frame, params, 0, 32);
        if (!hash)
            return end(frame, ExitCode::kMemoryOutOfBounds);
        const CodePtr code = state_.code_by_hash(to_hash(BytesView(hash->data(), 32)));
        const BytesView bytes = code ? BytesView(*code) : BytesView{};
        return copy_out(frame, bytes, frame.pointer(params[1]), 0,
                        static_cast<uint32_t>(bytes.size()));
    }
    case HostFunction::kDebugLog: {
        const uint32_t len = arg32(params, 1);
        if (!charge(frame, copy_gas(len)))
            return HostStatus::kTrap;
        const auto text = guest(frame, params, 0, len);
        if (!text)
            return end(frame, ExitCode::kMemoryOutOfBounds);
        if (limits_.print_debug_logs)
            std::fprintf(stderr, "contract log: %.*s\n", static_cast<int>(text->size()),
                         reinterpret_cast<const char*>(text->data()));
        return HostStatus::kReturn;
    }
    case HostFunction::kChargeFuel:
        return frame.charge_fuel(params[0]) ? HostStatus::kReturn : HostStatus::kTrap;
    case HostFunction::kKeccak256: {
        const uint32_t len = arg32(params, 1);
        if (!charge(frame, gas::kKeccak + gas::kKeccakWord * gas::words(len)))
            return HostStatus::kTrap;
        const auto data = guest(frame, params, 0, len);
        const auto out = guest(frame, params, 2, 32);
        if (!data || !out)
            return end(frame, ExitCode::kMemoryOutOfBounds);
        const Hash h = keccak256(BytesView(data->data(), data->size()));
        std::memcpy(out->data(), h.data(), 32);
        return HostStatus::kReturn;
    }
    case HostFunction::kPoseidon:
        return poseidon(frame, params);
    case HostFunction::kPoseidonHash:
        return poseidon_hash(frame, params);
    case HostFunction::kEcrecover:
        return ecrecover(frame, params, results);
    }
    // The resolver only hands out the ids above.
    return end(frame, ExitCode::kUnknownExternalFunction);
}

}  // namespace blend::execution
