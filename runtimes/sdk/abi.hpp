// SPDX-License-Identifier: Apache-2.0
// Freestanding: no heap, no exceptions, no library beyond <stdint.h>/<stddef.h>. The STF (host)
// and the contract SDK (guest, wasm32) include this one file, so both sides agree on every number
// of the syscall ABI. The layouts are documented in docs/abi.md; change both together.
#pragma once

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend::abi {

/// Version of every layout in docs/abi.md; carried in syscall ids and the context.
inline constexpr uint8_t kAbiVersion = 1;

/// The import module every contract links against (docs/abi.md §1).
inline constexpr const char kImportModule[] = "fluentbase_v1preview";

/// Host functions: (id, name). The ids are the numeric host ids the rWasm compiler bakes in.
#define BLEND_ABI_HOST_FUNCTIONS(X)              \
    X(kExit, 0x0001, "_exit")                    \
    X(kState, 0x0002, "_state")                  \
    X(kRead, 0x0003, "_read")                    \
    X(kInputSize, 0x0004, "_input_size")         \
    X(kWrite, 0x0005, "_write")                  \
    X(kOutputSize, 0x0006, "_output_size")       \
    X(kReadOutput, 0x0007, "_read_output")       \
    X(kReadContext, 0x0008, "_read_context")     \
    X(kExec, 0x0009, "_exec")                    \
    X(kResume, 0x000a, "_resume")                \
    X(kForwardOutput, 0x000b, "_forward_output") \
    X(kFuel, 0x000d, "_fuel")                    \
    X(kPreimageSize, 0x000e, "_preimage_size")   \
    X(kPreimageCopy, 0x000f, "_preimage_copy")   \
    X(kDebugLog, 0x0010, "_debug_log")           \
    X(kChargeFuel, 0x0011, "_charge_fuel")       \
    X(kKeccak256, 0x0101, "_keccak256")          \
    X(kPoseidon, 0x0103, "_poseidon")            \
    X(kPoseidonHash, 0x0104, "_poseidon_hash")   \
    X(kEcrecover, 0x0105, "_ecrecover")

enum class HostFunction : uint32_t {
#define BLEND_ABI_ENUM(name, id, text) name = id,
    BLEND_ABI_HOST_FUNCTIONS(BLEND_ABI_ENUM)
#undef BLEND_ABI_ENUM
};

/// `_exec` syscall numbers: the last byte of the 32-byte id (docs/abi.md §3).
#define BLEND_ABI_SYSCALLS(X)      \
    X(kStorageRead, 0x01, false)   \
    X(kStorageWrite, 0x02, true)   \
    X(kCall, 0x03, false)          \
    X(kStaticCall, 0x04, false)    \
    X(kCallCode, 0x05, false)      \
    X(kDelegateCall, 0x06, false)  \
    X(kCreate, 0x07, true)         \
    X(kCreate2, 0x08, true)        \
    X(kEmitLog, 0x09, true)        \
    X(kDestroyAccount, 0x0a, true) \
    X(kBalance, 0x0b, false)       \
    X(kSelfBalance, 0x0c, false)   \
    X(kCodeSize, 0x0d, false)      \
    X(kCodeHash, 0x0e, false)      \
    X(kCodeCopy, 0x0f, false)      \
    X(kTransientRead, 0x11, false) \
    X(kTransientWrite, 0x12, true) \
    X(kBlockHash, 0x13, false)     \
    X(kMetadataWrite, 0x40, true)  \
    X(kMetadataSize, 0x41, false)  \
    X(kMetadataCreate, 0x42, true) \
    X(kMetadataCopy, 0x43, false)  \
    X(kAccountOwner, 0x46, false)

/// The third column says whether the syscall is refused in a static context (CALL with a
/// non-zero value is checked separately).
enum class Syscall : uint8_t {
#define BLEND_ABI_ENUM(name, number, is_state_change) name = number,
    BLEND_ABI_SYSCALLS(BLEND_ABI_ENUM)
#undef BLEND_ABI_ENUM
};

/// Exit codes (docs/abi.md §6; numbers follow Fluent's table, reference/fluent.md §2.7).
enum class ExitCode : int32_t {
    kOk = 0,
    kPanic = -1,
    kRootCallOnly = -1002,
    kMalformedBuiltinParams = -1003,
    kCallDepthOverflow = -1004,
    kNonNegativeExitCode = -1005,
    kUnknownError = -1006,
    kInputOutputOutOfBounds = -1007,
    kPrecompileError = -1008,
    kNotSupportedBytecode = -1009,
    kStateChangeDuringStaticCall = -1010,
    kCreateContractSizeLimit = -1011,
    kCreateContractCollision = -1012,
    kCreateContractStartingWithEF = -1013,
    kOutOfMemory = -1014,
    kInsufficientBalance = -1015,
    kOutputTooLarge = -1016,
    kUnreachableCodeReached = -2001,
    kMemoryOutOfBounds = -2002,
    kTableOutOfBounds = -2003,
    kIndirectCallToNull = -2004,
    kIntegerDivisionByZero = -2005,
    kIntegerOverflow = -2006,
    kBadConversionToInteger = -2007,
    kStackOverflow = -2008,
    kBadSignature = -2009,
    kOutOfFuel = -2010,
    kUnknownExternalFunction = -2011,
    // EVM exceptional halts with their own codes (ours, not Fluent's), so that eth_call and the
    // call tracer can say which one happened in geth's words (core/vm/errors.go).
    kEvmInvalidJump = -3001,        ///< JUMP/JUMPI not onto a JUMPDEST (Yellow Paper §9.4.2)
    kEvmStackLimitReached = -3002,  ///< an opcode would push the stack past 1024 items (YP §9.1)
};

/// EVM undefined opcodes (EIP-141's 0xFE excluded, which keeps UnreachableCodeReached): one code
/// per byte, kEvmUndefinedOpcodeBase - byte, so the message can name the byte as geth does
/// ("invalid opcode: opcode 0xc not defined"). Range -3100 .. -3355.
inline constexpr int32_t kEvmUndefinedOpcodeBase = -3100;
/// EVM stack underflow: kEvmStackUnderflowBase - 100 × required - stack_len, carrying geth's
/// "stack underflow (stack_len <=> required)". An opcode takes at most 17 items (SWAP16) and the
/// stack held fewer, so required is 1..17 and stack_len 0..16: range -10100 .. -11716.
inline constexpr int32_t kEvmStackUnderflowBase = -10000;
inline constexpr uint32_t kEvmMaxStackInputs = 17;

[[nodiscard]] constexpr int32_t evm_undefined_opcode_code(uint8_t opcode) noexcept
{
    return kEvmUndefinedOpcodeBase - static_cast<int32_t>(opcode);
}

[[nodiscard]] constexpr int32_t evm_stack_underflow_code(uint32_t stack_len,
                                                         uint32_t required) noexcept
{
    return kEvmStackUnderflowBase - static_cast<int32_t>(100 * required + stack_len);
}

/// `_state` values.
inline constexpr int32_t kStateMain = 0;
inline constexpr int32_t kStateDeploy = 1;

/// Size of a syscall id and of the `_exec` fuel buffer.
inline constexpr size_t kSyscallIdSize = 32;
inline constexpr size_t kFuelBufferSize = 16;

/// The `_exec` input every frame may pass, whatever its gas: a CREATE2 header (64 bytes) plus the
/// largest Wasm init code accepted (rwasm::kMaxWasmSize, 2 MiB). A frame with more gas may pass
/// more: max_syscall_input_size (docs/abi.md §2, "Size limits").
inline constexpr uint32_t kMaxSyscallInputSize = (2u << 20) + 64;
/// The frame output (`_write` / `_forward_output` in total, and so return data) every frame may
/// produce; more with more gas: max_output_size.
inline constexpr uint32_t kMaxOutputSize = 2u << 20;
/// Hard ceiling of both, whatever the gas: a frame's largest linear memory (rwasm::kMaxMemoryPages
/// × 64 KiB = 64 MiB; the native heap reservation is the same) — nothing larger can be in guest
/// memory to be copied out.
inline constexpr uint32_t kMaxFrameMemoryBytes = 64u << 20;
/// The largest fixed part of an `_exec` input in front of data taken from memory: EMIT_LOG's
/// count byte and four topics (1 + 4 × 32; CALL's is 52, CREATE2's 64).
inline constexpr uint32_t kMaxSyscallHeaderSize = 1 + 4 * 32;
/// Hard ceiling of the `_exec` input: a whole frame memory behind the largest header.
inline constexpr uint32_t kMaxSyscallInputCeiling = kMaxFrameMemoryBytes + kMaxSyscallHeaderSize;

/// Yellow Paper §9.4.2 / Appendix H: EVM memory of `words` 32-byte words costs
/// G_memory × words + words² / 512 gas in total (G_memory = 3).
constexpr uint64_t evm_memory_cost(uint64_t words) noexcept
{
    return 3 * words + words * words / 512;
}

/// The most EVM memory, in bytes, that `gas` can pay for (the largest a with C_mem(a) <= gas,
/// times 32), capped at kMaxFrameMemoryBytes. Whatever an EVM frame returns or logs lies in its
/// memory, which its gas paid for, so a limit of at least this never refuses what Ethereum allows.
constexpr uint64_t evm_memory_for_gas(uint64_t gas) noexcept
{
    constexpr uint64_t kCeilingWords = kMaxFrameMemoryBytes / 32;
    if (gas >= evm_memory_cost(kCeilingWords))
        return kMaxFrameMemoryBytes;
    // Here gas < C_mem(2^21 words) ≈ 8.6e9, so 512 × gas fits. Real root of w² + 1536 w = 512 g,
    // w = sqrt(768² + 512 g) − 768, by integer Newton, then corrected for the floor in C_mem.
    const uint64_t n = 768 * 768 + 512 * gas;
    uint64_t root = n;
    uint64_t next = (root + 1) / 2;
    while (next < root) {
        root = next;
        next = (root + n / root) / 2;
    }
    uint64_t words = root - 768;
    while (evm_memory_cost(words + 1) <= gas)
        ++words;
    while (words > 0 && evm_memory_cost(words) > gas)
        --words;
    return words * 32;
}

/// Largest `_exec` input of a frame whose gas limit is `frame_gas` (the context's frame gas
/// limit): at least kMaxSyscallInputSize, at least what that gas buys of EVM memory plus a
/// syscall header, at most kMaxSyscallInputCeiling. So a LOG, CALL or CREATE of any size Ethereum's
/// gas allows gets through, and the host copy stays bounded by gas already paid.
constexpr uint32_t max_syscall_input_size(uint64_t frame_gas) noexcept
{
    const uint64_t by_gas = evm_memory_for_gas(frame_gas) + kMaxSyscallHeaderSize;
    const uint64_t limit = by_gas > kMaxSyscallInputSize ? by_gas : kMaxSyscallInputSize;
    return static_cast<uint32_t>(limit < kMaxSyscallInputCeiling ? limit : kMaxSyscallInputCeiling);
}

/// Largest total output of a frame whose gas limit is `frame_gas`: at least kMaxOutputSize, at
/// least what that gas buys of EVM memory (a RETURN / REVERT returns memory), at most
/// kMaxFrameMemoryBytes.
constexpr uint32_t max_output_size(uint64_t frame_gas) noexcept
{
    const uint64_t by_gas = evm_memory_for_gas(frame_gas);
    return static_cast<uint32_t>(by_gas > kMaxOutputSize ? by_gas : kMaxOutputSize);
}
/// Largest CODE_COPY / METADATA_COPY length (the largest stored rWasm module, 12 MiB).
inline constexpr uint32_t kMaxCodeCopySize = 12u << 20;

/// Context layout (docs/abi.md §4): offsets of each field, big-endian integers.
namespace context {
inline constexpr size_t kVersion = 0;
inline constexpr size_t kFlags = 1;
inline constexpr uint8_t kFlagStatic = 1;
inline constexpr size_t kChainId = 8;
inline constexpr size_t kBlockNumber = 16;
inline constexpr size_t kBlockTimestamp = 24;
inline constexpr size_t kBlockGasLimit = 32;
inline constexpr size_t kBaseFee = 40;
inline constexpr size_t kPrevRandao = 72;
inline constexpr size_t kCoinbase = 104;
inline constexpr size_t kTxOrigin = 124;
inline constexpr size_t kGasPrice = 144;
inline constexpr size_t kContractAddress = 176;
inline constexpr size_t kBytecodeAddress = 196;
inline constexpr size_t kCaller = 216;
inline constexpr size_t kCallValue = 240;
inline constexpr size_t kFrameGasLimit = 272;
inline constexpr size_t kTxGasLimit = 280;
}  // namespace context
inline constexpr size_t kContextSize = 288;

/// Account code prefixes (docs/abi.md §7).
inline constexpr uint8_t kRwasmMagic[2] = {0xEF, 0x52};
inline constexpr uint8_t kOwnableMagic[3] = {0xEF, 0x44, 0x00};
inline constexpr uint8_t kDelegationMagic[3] = {0xEF, 0x01, 0x00};  // EIP-7702
inline constexpr uint8_t kWasmMagic[4] = {0x00, 0x61, 0x73, 0x6D};
inline constexpr uint8_t kElfMagic[4] = {0x7F, 0x45, 0x4C, 0x46};
/// Prefix byte of the ownable-account address derivation keccak256(0x44 ‖ owner ‖ salt).
inline constexpr uint8_t kOwnableAddressPrefix = 0x44;

}  // namespace blend::abi
