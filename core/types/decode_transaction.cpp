// SPDX-License-Identifier: Apache-2.0
#include "core/types/transaction.hpp"
#include "core/types/transaction_rlp.hpp"

namespace blend {

const char* to_string(TxError e) noexcept
{
    switch (e) {
    case TxError::kEmptyInput:
        return "transaction: empty input";
    case TxError::kUnknownType:
        return "transaction type not supported";
    case TxError::kEmptyTypedPayload:
        return "transaction: typed transaction without payload";
    case TxError::kBlobTransactionNotSupported:
        // geth's wording first, so wallets that match "transaction type not supported" still
        // recognise it, then the reason.
        return "transaction type not supported: blob transactions are not supported on this "
               "chain";
    case TxError::kNotAList:
        return "transaction: expected an RLP list";
    case TxError::kRlpInputTooShort:
        return "transaction: rlp input too short";
    case TxError::kRlpNonCanonical:
        return "transaction: non-canonical rlp";
    case TxError::kRlpTrailingBytes:
        return "transaction: trailing bytes after the transaction";
    case TxError::kRlpUnexpectedList:
        return "transaction: rlp list where a value was expected";
    case TxError::kRlpUnexpectedString:
        return "transaction: rlp value where a list was expected";
    case TxError::kFieldTooLarge:
        return "transaction: field value too large";
    case TxError::kWrongFieldSize:
        return "transaction: address or hash field of wrong size";
    case TxError::kTooFewFields:
        return "transaction: too few fields";
    case TxError::kTooManyFields:
        return "transaction: too many fields";
    case TxError::kInvalidV:
        return "invalid transaction v value";
    case TxError::kInvalidYParity:
        return "transaction: y parity must be 0 or 1";
    case TxError::kEmptyAuthorizationList:
        return "EIP-7702 transaction with empty auth list";
    case TxError::kSetCodeCreation:
        return "EIP-7702 transaction cannot be used to create contract";
    case TxError::kInvalidSignatureValues:
        return "invalid transaction v, r, s values";
    case TxError::kHighS:
        return "invalid transaction signature: s above secp256k1n/2 (EIP-2)";
    case TxError::kSignatureRecoveryFailed:
        return "invalid transaction signature: no public key recovers";
    case TxError::kInvalidPrivateKey:
        return "invalid private key";
    }
    return "transaction: unknown error";
}

namespace tx_detail {

TxError from_rlp_error(rlp::DecodeError e) noexcept
{
    switch (e) {
    case rlp::DecodeError::kInputTooShort:
        return TxError::kRlpInputTooShort;
    case rlp::DecodeError::kTrailingBytes:
        return TxError::kRlpTrailingBytes;
    case rlp::DecodeError::kNonCanonicalSize:
    case rlp::DecodeError::kNonCanonicalByte:
    case rlp::DecodeError::kLeadingZero:
        return TxError::kRlpNonCanonical;
    case rlp::DecodeError::kOverflow:
        return TxError::kFieldTooLarge;
    case rlp::DecodeError::kUnexpectedList:
        return TxError::kRlpUnexpectedList;
    case rlp::DecodeError::kUnexpectedString:
        return TxError::kRlpUnexpectedString;
    case rlp::DecodeError::kWrongLength:
        return TxError::kWrongFieldSize;
    }
    return TxError::kRlpNonCanonical;
}

namespace {

template <typename T>
Result<T, TxError> lift(rlp::DecodeResult<T> r)
{
    if (!r)
        return Unexpected{from_rlp_error(r.error())};
    return std::move(*r);
}

}  // namespace

Result<void, TxError> FieldReader::need_more() const
{
    if (rest_.empty())
        return Unexpected{TxError::kTooFewFields};
    return {};
}

Result<void, TxError> FieldReader::finish() const
{
    if (!rest_.empty())
        return Unexpected{TxError::kTooManyFields};
    return {};
}

Result<uint64_t, TxError> FieldReader::uint64()
{
    BLEND_TRY_VOID(need_more());
    return lift(rlp::read_uint64(rest_));
}

Result<U256, TxError> FieldReader::u256()
{
    BLEND_TRY_VOID(need_more());
    return lift(rlp::read_u256(rest_));
}

Result<Bytes, TxError> FieldReader::bytes()
{
    BLEND_TRY_VOID(need_more());
    BLEND_TRY(const BytesView payload, lift(rlp::read_string(rest_)));
    return to_bytes(payload);
}

Result<Address, TxError> FieldReader::address()
{
    BLEND_TRY_VOID(need_more());
    return lift(rlp::read_address(rest_));
}

Result<Hash, TxError> FieldReader::hash()
{
    BLEND_TRY_VOID(need_more());
    return lift(rlp::read_hash(rest_));
}

Result<std::optional<Address>, TxError> FieldReader::optional_address()
{
    BLEND_TRY_VOID(need_more());
    BLEND_TRY(const BytesView payload, lift(rlp::read_string(rest_)));
    if (payload.empty())
        return std::optional<Address>{};
    if (payload.size() != Address::kSize)
        return Unexpected{TxError::kWrongFieldSize};
    return std::optional<Address>{to_address(payload)};
}

Result<BytesView, TxError> FieldReader::list()
{
    BLEND_TRY_VOID(need_more());
    return lift(rlp::read_list(rest_));
}

}  // namespace tx_detail

namespace {

using tx_detail::FieldReader;

// access_list = [[address, [storage_key, ...]], ...] (EIP-2930).
Result<AccessList, TxError> decode_access_list(BytesView payload)
{
    AccessList out;
    FieldReader entries(payload);
    while (!entries.at_end()) {
        BLEND_TRY(const BytesView entry_payload, entries.list());
        FieldReader entry(entry_payload);
        AccessListEntry item;
        BLEND_TRY(item.address, entry.address());
        BLEND_TRY(const BytesView keys_payload, entry.list());
        BLEND_TRY_VOID(entry.finish());
        FieldReader keys(keys_payload);
        while (!keys.at_end()) {
            BLEND_TRY(Hash key, keys.hash());
            item.storage_keys.push_back(key);
        }
        out.push_back(std::move(item));
    }
    return out;
}

// authorization_list = [[chain_id, address, nonce, y_parity, r, s], ...] (EIP-7702).
Result<std::vector<Authorization>, TxError> decode_authorization_list(BytesView payload)
{
    std::vector<Authorization> out;
    FieldReader tuples(payload);
    while (!tuples.at_end()) {
        BLEND_TRY(const BytesView tuple_payload, tuples.list());
        FieldReader tuple(tuple_payload);
        Authorization auth;
        BLEND_TRY(auth.chain_id, tuple.u256());
        BLEND_TRY(auth.address, tuple.address());
        BLEND_TRY(auth.nonce, tuple.uint64());
        // EIP-7702 bounds y_parity by 2^8 only; a value of 2..255 decodes and then makes
        // just this authorization invalid (recover_authority).
        BLEND_TRY(const uint64_t y_parity, tuple.uint64());
        if (y_parity > 0xff)
            return Unexpected{TxError::kFieldTooLarge};
        auth.y_parity = static_cast<uint8_t>(y_parity);
        BLEND_TRY(auth.r, tuple.u256());
        BLEND_TRY(auth.s, tuple.u256());
        BLEND_TRY_VOID(tuple.finish());
        out.push_back(auth);
    }
    return out;
}

// Reads y_parity, r, s, the last three fields of every typed transaction.
Result<void, TxError> decode_typed_signature(FieldReader& fields, Transaction& tx)
{
    BLEND_TRY(const uint64_t y_parity, fields.uint64());
    if (y_parity > 1)
        return Unexpected{TxError::kInvalidYParity};
    tx.y_parity = static_cast<uint8_t>(y_parity);
    BLEND_TRY(tx.r, fields.u256());
    BLEND_TRY(tx.s, fields.u256());
    return fields.finish();
}

// [nonce, gas_price, gas_limit, to, value, data, v, r, s] (Yellow Paper §4.2, EIP-155).
Result<Transaction, TxError> decode_legacy(BytesView payload)
{
    Transaction tx;
    tx.type = TxType::kLegacy;
    FieldReader fields(payload);
    BLEND_TRY(tx.nonce, fields.uint64());
    BLEND_TRY(tx.gas_price, fields.u256());
    BLEND_TRY(tx.gas_limit, fields.uint64());
    BLEND_TRY(tx.to, fields.optional_address());
    BLEND_TRY(tx.value, fields.u256());
    BLEND_TRY(tx.data, fields.bytes());
    // v is an unbounded integer in the Yellow Paper; Blend keeps chain ids in 64 bits, so a
    // v wider than that is out of range too.
    BLEND_TRY(const uint64_t v, fields.uint64());
    if (v == 27 || v == 28) {
        tx.y_parity = static_cast<uint8_t>(v - 27);
    } else if (v >= 35) {
        // EIP-155: v = chain_id * 2 + 35 + y_parity.
        tx.chain_id = (v - 35) / 2;
        tx.y_parity = static_cast<uint8_t>((v - 35) % 2);
    } else {
        return Unexpected{TxError::kInvalidV};
    }
    BLEND_TRY(tx.r, fields.u256());
    BLEND_TRY(tx.s, fields.u256());
    BLEND_TRY_VOID(fields.finish());
    return tx;
}

// Types 1, 2 and 4: chain_id first, then the type's fields, then y_parity, r, s.
Result<Transaction, TxError> decode_typed(TxType type, BytesView payload)
{
    Transaction tx;
    tx.type = type;
    FieldReader fields(payload);
    BLEND_TRY(tx.chain_id, fields.uint64());
    BLEND_TRY(tx.nonce, fields.uint64());
    if (type == TxType::kAccessList) {
        BLEND_TRY(tx.gas_price, fields.u256());
    } else {
        BLEND_TRY(tx.max_priority_fee_per_gas, fields.u256());
        BLEND_TRY(tx.max_fee_per_gas, fields.u256());
    }
    BLEND_TRY(tx.gas_limit, fields.uint64());
    BLEND_TRY(tx.to, fields.optional_address());
    BLEND_TRY(tx.value, fields.u256());
    BLEND_TRY(tx.data, fields.bytes());
    BLEND_TRY(const BytesView access_list, fields.list());
    BLEND_TRY(tx.access_list, decode_access_list(access_list));
    if (type == TxType::kSetCode) {
        BLEND_TRY(const BytesView authorizations, fields.list());
        BLEND_TRY(tx.authorization_list, decode_authorization_list(authorizations));
    }
    BLEND_TRY_VOID(decode_typed_signature(fields, tx));
    if (type == TxType::kSetCode) {
        // EIP-7702: "The transaction is also considered invalid when the length of
        // authorization_list is zero" and `destination` is never nil.
        if (!tx.to.has_value())
            return Unexpected{TxError::kSetCodeCreation};
        if (tx.authorization_list.empty())
            return Unexpected{TxError::kEmptyAuthorizationList};
    }
    return tx;
}

// Reads exactly one RLP list that fills `in`.
Result<BytesView, TxError> read_whole_list(BytesView in)
{
    auto list = rlp::read_list(in);
    if (!list)
        return Unexpected{list.error() == rlp::DecodeError::kUnexpectedString
                              ? TxError::kNotAList
                              : tx_detail::from_rlp_error(list.error())};
    if (!in.empty())
        return Unexpected{TxError::kRlpTrailingBytes};
    return *list;
}

}  // namespace

Result<Transaction, TxError> decode_transaction(BytesView raw)
{
    if (raw.empty())
        return Unexpected{TxError::kEmptyInput};
    // EIP-2718: a first byte in [0xc0, 0xfe] starts a legacy transaction (an RLP list);
    // [0x00, 0x7f] is a transaction type; anything else is neither.
    if (raw[0] >= 0xc0) {
        BLEND_TRY(const BytesView payload, read_whole_list(raw));
        return decode_legacy(payload);
    }
    if (raw[0] >= 0x80)
        return Unexpected{TxError::kNotAList};
    const uint8_t type = raw[0];
    const BytesView body = raw.subspan(1);
    if (type != 1 && type != 2 && type != 3 && type != 4)
        return Unexpected{TxError::kUnknownType};
    if (body.empty())
        return Unexpected{TxError::kEmptyTypedPayload};
    BLEND_TRY(const BytesView payload, read_whole_list(body));
    if (type == 3) {
        // EIP-4844, in either the canonical form or the network form with the blob sidecar:
        // recognised as a well-formed typed transaction and refused, with a message the user
        // can act on rather than "unknown type".
        return Unexpected{TxError::kBlobTransactionNotSupported};
    }
    return decode_typed(static_cast<TxType>(type), payload);
}

Result<Transaction, TxError> decode_from_block_body(BytesView& in)
{
    const BytesView before = in;
    auto item = rlp::read_item(in);
    if (!item)
        return Unexpected{tx_detail::from_rlp_error(item.error())};
    if (item->is_list) {
        // A legacy transaction is the list itself, header included.
        return decode_transaction(before.first(before.size() - in.size()));
    }
    // EIP-2718: a typed transaction is an RLP string holding its envelope; a legacy
    // transaction wrapped in a string is not the canonical form.
    if (!item->payload.empty() && item->payload[0] >= 0x80)
        return Unexpected{TxError::kRlpUnexpectedString};
    return decode_transaction(item->payload);
}

}  // namespace blend
