// SPDX-License-Identifier: Apache-2.0
#include "core/types/transaction.hpp"

namespace blend {

namespace {

crypto::Scalar to_scalar(const U256& value)
{
    crypto::Scalar out;
    value.to_be_bytes(out.data());
    return out;
}

TxError from_crypto_error(crypto::Secp256k1Error e) noexcept
{
    switch (e) {
    case crypto::Secp256k1Error::kInvalidRecoveryId:
        return TxError::kInvalidYParity;
    case crypto::Secp256k1Error::kInvalidSignatureValues:
        return TxError::kInvalidSignatureValues;
    case crypto::Secp256k1Error::kHighS:
        return TxError::kHighS;
    case crypto::Secp256k1Error::kRecoveryFailed:
        return TxError::kSignatureRecoveryFailed;
    case crypto::Secp256k1Error::kInvalidPrivateKey:
        return TxError::kInvalidPrivateKey;
    }
    return TxError::kSignatureRecoveryFailed;
}

Result<Address, TxError> recover(const Hash& hash, const U256& r, const U256& s, uint8_t y_parity)
{
    // EIP-2 for transactions; EIP-7702 applies the same s <= n/2 rule to authorizations.
    auto address =
        crypto::recover_address(hash, to_scalar(r), to_scalar(s), y_parity, crypto::SRule::kLowS);
    if (!address)
        return Unexpected{from_crypto_error(address.error())};
    return *address;
}

}  // namespace

Result<Address, TxError> recover_sender(const Transaction& tx)
{
    if (tx.type == TxType::kBlob)
        return Unexpected{TxError::kBlobTransactionNotSupported};
    return recover(signing_hash(tx), tx.r, tx.s, tx.y_parity);
}

Result<Address, TxError> recover_authority(const Authorization& authorization)
{
    return recover(authorization_signing_hash(authorization), authorization.r, authorization.s,
                   authorization.y_parity);
}

}  // namespace blend
