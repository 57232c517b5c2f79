// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/freestanding/keccak.hpp"

namespace blend {

[[nodiscard]] inline Hash keccak256(BytesView data) noexcept
{
    Hash out;
    keccak256(data.data(), data.size(), out.data());
    return out;
}

/// keccak256 of the empty string, the code hash of an account without code.
inline const Hash kEmptyCodeHash = keccak256(BytesView{});

}  // namespace blend
