// SPDX-License-Identifier: Apache-2.0
#include "core/types/transaction.hpp"
#include "core/types/transaction_rlp.hpp"

namespace blend {

namespace tx_detail {

void encode_optional_address(Bytes& out, const std::optional<Address>& address)
{
    if (address.has_value())
        rlp::encode_address(out, *address);
    else
        rlp::encode_string(out, BytesView{});
}

void encode_access_list(Bytes& out, const AccessList& access_list)
{
    Bytes entries;
    for (const AccessListEntry& entry : access_list) {
        Bytes keys;
        for (const Hash& key : entry.storage_keys)
            rlp::encode_hash(keys, key);
        Bytes fields;
        rlp::encode_address(fields, entry.address);
        rlp::encode_list(fields, keys);
        rlp::encode_list(entries, fields);
    }
    rlp::encode_list(out, entries);
}

void encode_authorization_list(Bytes& out, const std::vector<Authorization>& list)
{
    Bytes tuples;
    for (const Authorization& auth : list) {
        Bytes fields;
        rlp::encode_u256(fields, auth.chain_id);
        rlp::encode_address(fields, auth.address);
        rlp::encode_uint64(fields, auth.nonce);
        rlp::encode_uint64(fields, auth.y_parity);
        rlp::encode_u256(fields, auth.r);
        rlp::encode_u256(fields, auth.s);
        rlp::encode_list(tuples, fields);
    }
    rlp::encode_list(out, tuples);
}

Bytes fields_payload(const Transaction& tx, bool with_signature)
{
    BLEND_ASSERT(tx.type != TxType::kBlob);
    Bytes out;
    out.reserve(tx.data.size() + 128);
    if (tx.type == TxType::kLegacy) {
        rlp::encode_uint64(out, tx.nonce);
        rlp::encode_u256(out, tx.gas_price);
        rlp::encode_uint64(out, tx.gas_limit);
        encode_optional_address(out, tx.to);
        rlp::encode_u256(out, tx.value);
        rlp::encode_string(out, tx.data);
        if (with_signature) {
            rlp::encode_uint64(out, tx.legacy_v());
            rlp::encode_u256(out, tx.r);
            rlp::encode_u256(out, tx.s);
        } else if (tx.chain_id.has_value()) {
            // EIP-155: sign (chain_id, 0, 0) in place of (v, r, s).
            rlp::encode_uint64(out, *tx.chain_id);
            rlp::encode_uint64(out, 0);
            rlp::encode_uint64(out, 0);
        }
        return out;
    }
    BLEND_ASSERT(tx.chain_id.has_value());
    rlp::encode_uint64(out, *tx.chain_id);
    rlp::encode_uint64(out, tx.nonce);
    if (tx.type == TxType::kAccessList) {
        rlp::encode_u256(out, tx.gas_price);
    } else {
        rlp::encode_u256(out, tx.max_priority_fee_per_gas);
        rlp::encode_u256(out, tx.max_fee_per_gas);
    }
    rlp::encode_uint64(out, tx.gas_limit);
    encode_optional_address(out, tx.to);
    rlp::encode_u256(out, tx.value);
    rlp::encode_string(out, tx.data);
    encode_access_list(out, tx.access_list);
    if (tx.type == TxType::kSetCode)
        encode_authorization_list(out, tx.authorization_list);
    if (with_signature) {
        rlp::encode_uint64(out, tx.y_parity);
        rlp::encode_u256(out, tx.r);
        rlp::encode_u256(out, tx.s);
    }
    return out;
}

}  // namespace tx_detail

uint64_t Transaction::legacy_v() const noexcept
{
    // EIP-155: chain_id * 2 + 35 + y_parity; without a chain id, 27 + y_parity.
    if (chain_id.has_value()) {
        // Decoding never yields a larger chain id for a legacy transaction (v is 64 bits).
        BLEND_ASSERT(*chain_id <= (UINT64_MAX - 36) / 2);
        return *chain_id * 2 + 35 + y_parity;
    }
    return 27u + y_parity;
}

Bytes encode_transaction(const Transaction& tx)
{
    const Bytes payload = tx_detail::fields_payload(tx, /*with_signature=*/true);
    Bytes out;
    const bool typed = tx.type != TxType::kLegacy;
    out.reserve(1 + rlp::header_size(payload.size()) + payload.size());
    if (typed)
        out.push_back(static_cast<uint8_t>(tx.type));
    rlp::encode_list(out, payload);
    return out;
}

void encode_for_block_body(Bytes& out, const Transaction& tx)
{
    const Bytes envelope = encode_transaction(tx);
    if (tx.type == TxType::kLegacy)
        out.insert(out.end(), envelope.begin(), envelope.end());
    else
        rlp::encode_string(out, envelope);
}

}  // namespace blend
