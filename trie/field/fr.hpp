// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "core/montgomery.hpp"
#include "core/result.hpp"

#include <cstdint>

namespace blend::field {

/// The BN254 (alt_bn128) scalar field r =
/// 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001 (EIP-196/197 group order),
/// the field Poseidon and the state trie work in.
struct Bn254FrParams {
    static constexpr size_t kLimbs = 4;
    static constexpr Limbs<4> kModulus = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                          0xb85045b68181585dULL, 0x30644e72e131a029ULL};
};

using Fr = MontField<Bn254FrParams>;

enum class FieldError : uint8_t {
    kWrongLength = 1,  ///< an encoding that is not exactly 32 bytes
    kNonCanonical,     ///< a value >= the modulus
};

[[nodiscard]] const char* to_string(FieldError e) noexcept;

/// Canonical decoding: exactly 32 big-endian bytes holding a value < r. Values >= r are rejected
/// (not reduced), as go-iden3-crypto does, so every field element has exactly one encoding.
[[nodiscard]] Result<Fr, FieldError> fr_from_bytes(BytesView bytes) noexcept;

/// 32 big-endian bytes, always canonical.
[[nodiscard]] inline Hash fr_to_hash(const Fr& f) noexcept
{
    return Hash{f.to_bytes_be()};
}

/// Decodes a Hash-shaped value (32 bytes BE), rejecting values >= r.
[[nodiscard]] inline Result<Fr, FieldError> fr_from_hash(const Hash& h) noexcept
{
    return fr_from_bytes(h.view());
}

}  // namespace blend::field
