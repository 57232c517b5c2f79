// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/montgomery.hpp"

#include <cstddef>

namespace blend::poseidon {

/// Widths t = 2..7, i.e. 1..6 inputs.
inline constexpr size_t kMaxWidth = 7;
inline constexpr size_t kMaxInputs = kMaxWidth - 1;

/// The circomlib parameters of one width, canonical limbs (not Montgomery form).
struct RawParams {
    size_t width;
    size_t full_rounds;
    size_t partial_rounds;
    const field::Limbs<4>* round_constants;  ///< (full + partial) * width, round-major
    const field::Limbs<4>* mds;              ///< width * width, row-major
};

/// Index t - 2. Defined in the build-time generated poseidon_constants.cpp.
extern const RawParams kCircomParams[kMaxWidth - 1];

}  // namespace blend::poseidon
