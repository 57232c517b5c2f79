// SPDX-License-Identifier: Apache-2.0
// What an account's code is, and what a create's init code routes to (docs/abi.md §7). The one
// place that knows the magics.
#pragma once

#include "core/bytes.hpp"

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
    kEvm,   ///< anything else: the EVM runtime (NotSupportedBytecode until issue 7)
};

[[nodiscard]] InitCodeRoute route_init_code(BytesView init_code) noexcept;

}  // namespace blend::execution
