// SPDX-License-Identifier: Apache-2.0
// What an account's code is, and what a create's init code routes to (docs/abi.md §7). The one
// place that knows the magics.
#pragma once

#include "core/bytes.hpp"

#include <optional>

namespace blend::execution {

enum class CodeKind : uint8_t {
    kEmpty,       ///< no code: calls succeed with no output
    kRwasm,       ///< EF 52: an rWasm module
    kOwnable,     ///< EF 44 00 ‖ owner ‖ metadata: run by the owner's runtime
    kDelegation,  ///< EF 01 00 ‖ address (EIP-7702)
    kOther,       ///< anything else (EVM bytecode until the EVM runtime exists, issue 7)
};

[[nodiscard]] CodeKind classify_code(BytesView code) noexcept;
/// The owner of an ownable account's code (classify_code == kOwnable).
[[nodiscard]] Address ownable_owner(BytesView code) noexcept;
[[nodiscard]] BytesView ownable_metadata(BytesView code) noexcept;
/// The target of an EIP-7702 delegation (classify_code == kDelegation).
[[nodiscard]] Address delegation_target(BytesView code) noexcept;
/// EF 01 00 ‖ target.
[[nodiscard]] Bytes delegation_code(const Address& target);
/// EF 44 00 ‖ owner ‖ metadata.
[[nodiscard]] Bytes ownable_code(const Address& owner, BytesView metadata);

/// Deploy routing by the init code's first bytes (docs/abi.md §7). Add a runtime here.
enum class InitCodeRoute : uint8_t {
    kWasm,  ///< 00 61 73 6D: compiled to rWasm by the node
    kElf,   ///< 7F 45 4C 46: the SVM runtime (NotSupportedBytecode while absent)
    kEvm,   ///< anything else: the EVM runtime (NotSupportedBytecode when absent from genesis)
};

[[nodiscard]] InitCodeRoute route_init_code(BytesView init_code) noexcept;

// ---- EVM contracts (issue 7; docs/abi.md §7 "EVM contracts") -------------------------------

/// The EVM runtime's fixed system address, in every genesis. The same number as Fluent's EVM
/// runtime (reference/fluent.md §2.8) so that tools written for one recognise the other.
inline constexpr Address kEvmRuntimeAddress{
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x52, 0x00, 0x01}}};

/// Version byte of the EVM metadata layout: 01 ‖ u32 BE n ‖ code[n] ‖ jumpdest bitmap
/// (ceil(n / 8) bytes; bit (pc % 8) of byte pc / 8 is set iff pc holds a JUMPDEST opcode that is
/// not PUSH data). The analysis is done once, when the code is stored (deploy or genesis).
inline constexpr uint8_t kEvmMetadataVersion = 1;
inline constexpr size_t kEvmMetadataHeaderSize = 5;
/// EIP-170: deployed EVM code is at most 24,576 bytes (genesis allocs may hold larger code, up to
/// the genesis limit, as geth allows).
inline constexpr size_t kMaxEvmCodeSize = 24'576;

/// The jumpdest bitmap of `code` (layout above).
[[nodiscard]] Bytes evm_jumpdest_bitmap(BytesView code);
/// The metadata of an EVM contract whose deployed bytecode is `code`.
[[nodiscard]] Bytes evm_metadata(BytesView code);
/// The account code of an EVM contract: EF 44 00 ‖ kEvmRuntimeAddress ‖ evm_metadata(code).
[[nodiscard]] Bytes evm_contract_code(BytesView code);
/// The EVM bytecode inside EVM metadata; nullopt when `metadata` is not of the layout above
/// (an account under construction has empty metadata: that is empty code, not nullopt).
[[nodiscard]] std::optional<BytesView> evm_code_of_metadata(BytesView metadata) noexcept;
/// What EXTCODESIZE / EXTCODEHASH / EXTCODECOPY and eth_getCode see of an account's stored code:
/// for an EVM contract its EVM bytecode, for another ownable account its metadata, otherwise the
/// code itself (rWasm, delegation, ...).
[[nodiscard]] BytesView visible_code(BytesView account_code) noexcept;

}  // namespace blend::execution
