// SPDX-License-Identifier: Apache-2.0
// Field inversion through GMP's extended GCD for any MontField: several times faster than
// Fermat's a^(p-2) at these sizes, and affine point additions need one per call.
// Internal to the precompiles (GMP is a private dependency of blend_execution).
#pragma once

#include "core/assert.hpp"
#include "core/montgomery.hpp"

#include <gmp.h>

namespace blend::precompiles {

/// a^-1 (zero maps to zero).
template <typename F>
[[nodiscard]] F gmp_inverse(const F& a) noexcept
{
    constexpr size_t n = F::kLimbs;
    static_assert(sizeof(mp_limb_t) == sizeof(uint64_t));
    if (a.is_zero())
        return F::zero();
    // a is stored as aR; its canonical value is a. Invert a, then convert back.
    const typename F::Repr c = a.to_canonical();
    const typename F::Repr& m = F::kModulus;
    mpz_t x, mod, inv;
    mpz_roinit_n(x, reinterpret_cast<const mp_limb_t*>(c.data()), static_cast<mp_size_t>(n));
    mpz_roinit_n(mod, reinterpret_cast<const mp_limb_t*>(m.data()), static_cast<mp_size_t>(n));
    mpz_init2(inv, 64 * n);
    const int ok = mpz_invert(inv, x, mod);
    BLEND_ASSERT(ok != 0);
    typename F::Repr out{};
    const size_t size = mpz_size(inv);
    for (size_t i = 0; i < size && i < n; ++i)
        out[i] = mpz_getlimbn(inv, static_cast<mp_size_t>(i));
    mpz_clear(inv);
    return F::from_canonical_unchecked(out);
}

}  // namespace blend::precompiles
