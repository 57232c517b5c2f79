// SPDX-License-Identifier: Apache-2.0
// ECDSA over secp256k1 as Ethereum uses it (Yellow Paper Appendix F), on top of libsecp256k1.
// Scalars are 32-byte big-endian strings so that this layer does not depend on U256.
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>

namespace blend::crypto {

enum class Secp256k1Error : uint8_t {
    kInvalidPrivateKey = 1,   ///< zero or >= the group order n
    kInvalidRecoveryId,       ///< y_parity (recovery id) not 0 or 1
    kInvalidSignatureValues,  ///< r or s outside [1, n-1]
    kHighS,                   ///< s > n/2 where EIP-2 requires the low form
    kRecoveryFailed,          ///< no public key recovers from this signature and hash
};

[[nodiscard]] const char* to_string(Secp256k1Error e) noexcept;

/// A 32-byte big-endian scalar (r, s, a private key).
using Scalar = FixedBytes<32>;

/// A secret key: a scalar in [1, n-1].
struct PrivateKey : FixedBytes<32> {};

/// The order n of the secp256k1 group (SEC 2 §2.4.1).
inline constexpr Scalar kSecp256k1N{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
                                     0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b,
                                     0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41}};
/// floor(n / 2): EIP-2 makes signatures with s above it invalid for transactions, removing
/// the malleability (r, s) -> (r, n - s).
inline constexpr Scalar kSecp256k1HalfN{{0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d,
                                         0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0}};

/// A signature with the parity of R's y coordinate, enough to recover the signer.
struct RecoverableSignature {
    Scalar r;
    Scalar s;
    uint8_t y_parity = 0;  ///< 0 or 1 (the recovery id; R's x is always < n in practice)

    friend bool operator==(const RecoverableSignature&, const RecoverableSignature&) = default;
};

/// Which s values a recovery accepts.
enum class SRule : uint8_t {
    kLowS,  ///< s <= n/2 (EIP-2; transactions and EIP-7702 authorizations)
    kAnyS,  ///< s in [1, n-1] (the ecrecover precompile, which predates EIP-2)
};

/// Signs a 32-byte message hash deterministically (RFC 6979 nonces). The result always has
/// a low s (libsecp256k1 normalizes), so it is valid under EIP-2.
[[nodiscard]] Result<RecoverableSignature, Secp256k1Error> sign_recoverable(
    const Hash& hash,
    const PrivateKey& private_key);

/// Recovers the signer's address: the last 20 bytes of keccak256 of the 64-byte uncompressed
/// public key (x ‖ y, without the 0x04 prefix) (Yellow Paper eq. 285).
[[nodiscard]] Result<Address, Secp256k1Error> recover_address(const Hash& hash,
                                                              const Scalar& r,
                                                              const Scalar& s,
                                                              uint8_t y_parity,
                                                              SRule rule);

[[nodiscard]] inline Result<Address, Secp256k1Error>
recover_address(const Hash& hash, const RecoverableSignature& signature, SRule rule)
{
    return recover_address(hash, signature.r, signature.s, signature.y_parity, rule);
}

/// The address that belongs to `private_key`.
[[nodiscard]] Result<Address, Secp256k1Error> address_from_private_key(
    const PrivateKey& private_key);

}  // namespace blend::crypto
