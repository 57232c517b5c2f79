// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"

#include <cstdint>

namespace blend::execution {

/// CREATE: the last 20 bytes of keccak256(rlp([sender, nonce])) (Yellow Paper eq. 88).
[[nodiscard]] Address create_address(const Address& sender, uint64_t nonce);
/// CREATE2: the last 20 bytes of keccak256(0xff ‖ sender ‖ salt ‖ keccak256(init_code))
/// (EIP-1014).
[[nodiscard]] Address create2_address(const Address& sender,
                                      const Hash& salt,
                                      const Hash& init_code_hash);
/// METADATA_CREATE: the last 20 bytes of keccak256(0x44 ‖ owner ‖ salt) (docs/abi.md §7).
[[nodiscard]] Address ownable_address(const Address& owner, const Hash& salt);

}  // namespace blend::execution
