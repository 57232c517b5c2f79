// SPDX-License-Identifier: Apache-2.0
// The BLS12-381 base field: the shared MontField template (core/montgomery.hpp) with 6 limbs; on
// CPUs with MULX/ADX it multiplies and squares in the template's 6-limb assembly.
#pragma once

#include "core/montgomery.hpp"

namespace blend::precompiles::bls12_381 {

/// p = 0x1a0111ea...ffffaaab (EIP-2537 "base field modulus").
struct FpParams {
    static constexpr size_t kLimbs = 6;
    static constexpr field::Limbs<6> kModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                                 0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                                 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
};

using Fp = field::MontField<FpParams>;

}  // namespace blend::precompiles::bls12_381
