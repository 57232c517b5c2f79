// SPDX-License-Identifier: Apache-2.0
// Internal to core/types/transaction*: the RLP field layouts shared by decoding, encoding and
// the signing hash. Not part of the public API.
#pragma once

#include "core/rlp/rlp.hpp"
#include "core/types/transaction.hpp"

namespace blend::tx_detail {

[[nodiscard]] TxError from_rlp_error(rlp::DecodeError e) noexcept;

/// Reads the elements of one RLP list payload in order. Running out of elements is
/// kTooFewFields; finish() reports leftovers as kTooManyFields.
class FieldReader {
public:
    explicit FieldReader(BytesView payload) noexcept : rest_(payload) {}

    [[nodiscard]] Result<uint64_t, TxError> uint64();
    [[nodiscard]] Result<U256, TxError> u256();
    [[nodiscard]] Result<Bytes, TxError> bytes();
    [[nodiscard]] Result<Address, TxError> address();
    [[nodiscard]] Result<Hash, TxError> hash();
    /// A `to` field: the empty string (creation) or 20 bytes.
    [[nodiscard]] Result<std::optional<Address>, TxError> optional_address();
    /// The payload of a nested list.
    [[nodiscard]] Result<BytesView, TxError> list();
    [[nodiscard]] Result<void, TxError> finish() const;
    [[nodiscard]] bool at_end() const noexcept { return rest_.empty(); }

private:
    [[nodiscard]] Result<void, TxError> need_more() const;
    BytesView rest_;
};

void encode_optional_address(Bytes& out, const std::optional<Address>& address);
void encode_access_list(Bytes& out, const AccessList& access_list);
void encode_authorization_list(Bytes& out, const std::vector<Authorization>& list);

/// The RLP list payload of `tx`: every field of its type in order; the signature fields only
/// when `with_signature`. For an unsigned EIP-155 legacy transaction, (chain_id, 0, 0) take
/// the place of (v, r, s) (EIP-155).
[[nodiscard]] Bytes fields_payload(const Transaction& tx, bool with_signature);

}  // namespace blend::tx_detail
