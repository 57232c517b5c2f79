// SPDX-License-Identifier: Apache-2.0
#include "core/keccak.hpp"
#include "core/types/transaction.hpp"
#include "core/types/transaction_rlp.hpp"

namespace blend {

Hash signing_hash(const Transaction& tx)
{
    const Bytes payload = tx_detail::fields_payload(tx, /*with_signature=*/false);
    Bytes preimage;
    preimage.reserve(1 + rlp::header_size(payload.size()) + payload.size());
    // EIP-2718: typed transactions sign keccak256(type ‖ rlp(fields)).
    if (tx.type != TxType::kLegacy)
        preimage.push_back(static_cast<uint8_t>(tx.type));
    rlp::encode_list(preimage, payload);
    return keccak256(preimage);
}

Hash transaction_hash(const Transaction& tx)
{
    return keccak256(encode_transaction(tx));
}

// EIP-7702: the magic 0x05 keeps authorization digests apart from every transaction type.
Hash authorization_signing_hash(const Authorization& authorization)
{
    Bytes fields;
    rlp::encode_u256(fields, authorization.chain_id);
    rlp::encode_address(fields, authorization.address);
    rlp::encode_uint64(fields, authorization.nonce);
    Bytes preimage{0x05};
    rlp::encode_list(preimage, fields);
    return keccak256(preimage);
}

}  // namespace blend
