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
};

/// `_state` values.
inline constexpr int32_t kStateMain = 0;
inline constexpr int32_t kStateDeploy = 1;

/// Size of a syscall id and of the `_exec` fuel buffer.
inline constexpr size_t kSyscallIdSize = 32;
inline constexpr size_t kFuelBufferSize = 16;

/// Largest `_exec` input: a CREATE2 header (64 bytes) plus the largest Wasm init code accepted
/// (rwasm::kMaxWasmSize, 2 MiB) — the host copies at most this much out of guest memory.
inline constexpr uint32_t kMaxSyscallInputSize = (2u << 20) + 64;
/// Largest frame output (`_write` / `_forward_output` in total), and so largest return data.
inline constexpr uint32_t kMaxOutputSize = 2u << 20;
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
