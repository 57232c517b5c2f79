// SPDX-License-Identifier: Apache-2.0
#include "core/crypto/secp256k1.hpp"

#include "core/keccak.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>
#include <random>

namespace blend::crypto {

const char* to_string(Secp256k1Error e) noexcept
{
    switch (e) {
    case Secp256k1Error::kInvalidPrivateKey:
        return "invalid private key";
    case Secp256k1Error::kInvalidRecoveryId:
        return "invalid signature recovery id (y parity must be 0 or 1)";
    case Secp256k1Error::kInvalidSignatureValues:
        return "invalid signature values (r and s must be in [1, n-1])";
    case Secp256k1Error::kHighS:
        return "invalid signature: s is above n/2 (EIP-2)";
    case Secp256k1Error::kRecoveryFailed:
        return "signature does not recover a public key";
    }
    return "unknown secp256k1 error";
}

namespace {

// One context for the whole process. A function-local static is initialized exactly once even
// under concurrent first use (C++11 [stmt.dcl]/4), and libsecp256k1 allows concurrent use of a
// context by every function except randomize/destroy, which we call only here.
class Context {
public:
    Context() : ctx_(secp256k1_context_create(SECP256K1_CONTEXT_NONE))
    {
        BLEND_ASSERT(ctx_ != nullptr);
        // Blinding of the signing computation against side channels; it does not change
        // any result. A failed seed is harmless (the context stays unblinded).
        std::random_device device;
        uint8_t seed[32];
        for (size_t i = 0; i < sizeof(seed); i += 4) {
            const uint32_t word = device();
            std::memcpy(seed + i, &word, 4);
        }
        [[maybe_unused]] const int ok = secp256k1_context_randomize(ctx_, seed);
    }
    ~Context() { secp256k1_context_destroy(ctx_); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    [[nodiscard]] const secp256k1_context* get() const noexcept { return ctx_; }

private:
    secp256k1_context* ctx_;
};

const secp256k1_context* context()
{
    static const Context instance;
    return instance.get();
}

// Big-endian comparison of fixed-size scalars: memcmp orders them numerically.
bool less(const Scalar& a, const Scalar& b) noexcept
{
    return std::memcmp(a.data(), b.data(), Scalar::kSize) < 0;
}

bool in_scalar_range(const Scalar& x) noexcept
{
    return !x.is_zero() && less(x, kSecp256k1N);
}

Address address_from_public_key(const secp256k1_pubkey& public_key)
{
    uint8_t serialized[65];
    size_t size = sizeof(serialized);
    const int ok = secp256k1_ec_pubkey_serialize(context(), serialized, &size, &public_key,
                                                 SECP256K1_EC_UNCOMPRESSED);
    BLEND_ASSERT(ok == 1 && size == 65 && serialized[0] == 0x04);
    const Hash digest = keccak256(BytesView{serialized + 1, 64});
    return to_address(digest.view().subspan(12));
}

}  // namespace

Result<RecoverableSignature, Secp256k1Error> sign_recoverable(const Hash& hash,
                                                              const PrivateKey& private_key)
{
    if (!in_scalar_range(private_key))
        return Unexpected{Secp256k1Error::kInvalidPrivateKey};
    secp256k1_ecdsa_recoverable_signature signature;
    if (secp256k1_ecdsa_sign_recoverable(context(), &signature, hash.data(), private_key.data(),
                                         nullptr, nullptr) != 1)
        return Unexpected{Secp256k1Error::kInvalidPrivateKey};
    uint8_t compact[64];
    int recovery_id = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), compact, &recovery_id,
                                                            &signature);
    RecoverableSignature out;
    std::memcpy(out.r.data(), compact, 32);
    std::memcpy(out.s.data(), compact + 32, 32);
    // Recovery ids 2 and 3 mean R.x >= n, which has negligible probability (about 2^-127);
    // Ethereum has no way to express them.
    BLEND_ASSERT(recovery_id == 0 || recovery_id == 1);
    out.y_parity = static_cast<uint8_t>(recovery_id);
    return out;
}

Result<Address, Secp256k1Error> recover_address(const Hash& hash,
                                                const Scalar& r,
                                                const Scalar& s,
                                                uint8_t y_parity,
                                                SRule rule)
{
    if (y_parity > 1)
        return Unexpected{Secp256k1Error::kInvalidRecoveryId};
    if (!in_scalar_range(r) || !in_scalar_range(s))
        return Unexpected{Secp256k1Error::kInvalidSignatureValues};
    if (rule == SRule::kLowS && less(kSecp256k1HalfN, s))
        return Unexpected{Secp256k1Error::kHighS};

    uint8_t compact[64];
    std::memcpy(compact, r.data(), 32);
    std::memcpy(compact + 32, s.data(), 32);
    secp256k1_ecdsa_recoverable_signature signature;
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &signature, compact,
                                                            y_parity) != 1)
        return Unexpected{Secp256k1Error::kInvalidSignatureValues};
    secp256k1_pubkey public_key;
    if (secp256k1_ecdsa_recover(context(), &public_key, &signature, hash.data()) != 1)
        return Unexpected{Secp256k1Error::kRecoveryFailed};
    return address_from_public_key(public_key);
}

Result<Address, Secp256k1Error> address_from_private_key(const PrivateKey& private_key)
{
    if (!in_scalar_range(private_key))
        return Unexpected{Secp256k1Error::kInvalidPrivateKey};
    secp256k1_pubkey public_key;
    if (secp256k1_ec_pubkey_create(context(), &public_key, private_key.data()) != 1)
        return Unexpected{Secp256k1Error::kInvalidPrivateKey};
    return address_from_public_key(public_key);
}

}  // namespace blend::crypto
