// SPDX-License-Identifier: Apache-2.0
#include "core/types/transaction.hpp"

namespace blend {

namespace {

U256 from_scalar(const crypto::Scalar& scalar)
{
    return U256::from_be_bytes(scalar.data(), scalar.size());
}

}  // namespace

Result<Transaction, TxError> sign_transaction(Transaction tx, const crypto::PrivateKey& private_key)
{
    BLEND_ASSERT(tx.type != TxType::kBlob);
    auto signature = crypto::sign_recoverable(signing_hash(tx), private_key);
    if (!signature)
        return Unexpected{TxError::kInvalidPrivateKey};
    tx.y_parity = signature->y_parity;
    tx.r = from_scalar(signature->r);
    tx.s = from_scalar(signature->s);
    return tx;
}

Result<Authorization, TxError> sign_authorization(Authorization authorization,
                                                  const crypto::PrivateKey& private_key)
{
    auto signature =
        crypto::sign_recoverable(authorization_signing_hash(authorization), private_key);
    if (!signature)
        return Unexpected{TxError::kInvalidPrivateKey};
    authorization.y_parity = signature->y_parity;
    authorization.r = from_scalar(signature->r);
    authorization.s = from_scalar(signature->s);
    return authorization;
}

}  // namespace blend
