// SPDX-License-Identifier: Apache-2.0
// Ethereum transactions as Blend accepts them: legacy (with and without EIP-155 replay
// protection), EIP-2930 (type 1), EIP-1559 (type 2) and EIP-7702 (type 4), all in the EIP-2718
// envelope. EIP-4844 blob transactions (type 3) are recognised and refused: Blend is a rollup
// and carries no blobs.
//
// Decoding is strict: only the canonical RLP form is accepted, so that
// encode_transaction(*decode_transaction(raw)) == raw for every accepted input and two byte
// strings never denote the same transaction.
#pragma once

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/result.hpp"
#include "core/u256.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace blend {

/// The EIP-2718 transaction type byte.
enum class TxType : uint8_t {
    kLegacy = 0,      ///< no type byte on the wire; an RLP list (Yellow Paper §4.2)
    kAccessList = 1,  ///< EIP-2930
    kDynamicFee = 2,  ///< EIP-1559
    kBlob = 3,        ///< EIP-4844: recognised only to be refused
    kSetCode = 4,     ///< EIP-7702
};

enum class TxError : uint8_t {
    kEmptyInput = 1,               ///< no bytes at all
    kUnknownType,                  ///< a type byte in [0x00, 0x7f] Blend does not know (EIP-2718)
    kEmptyTypedPayload,            ///< a type byte with nothing after it
    kBlobTransactionNotSupported,  ///< type 3 (EIP-4844): no blobs on this chain
    kNotAList,                     ///< the payload (or a legacy tx) is not an RLP list
    kRlpInputTooShort,             ///< an RLP header or payload runs past its end
    kRlpNonCanonical,              ///< a non-canonical RLP length, single byte or integer
    kRlpTrailingBytes,             ///< bytes after the transaction
    kRlpUnexpectedList,            ///< a list where a field is a string
    kRlpUnexpectedString,          ///< a string where a field is a list
    kFieldTooLarge,                ///< an integer wider than its field (e.g. nonce > 2^64-1)
    kWrongFieldSize,               ///< an address, storage key or `to` of the wrong length
    kTooFewFields,                 ///< the transaction or an inner list has too few elements
    kTooManyFields,                ///< the transaction or an inner list has too many elements
    kInvalidV,                     ///< legacy v not 27, 28 or chain_id * 2 + 35/36 (EIP-155)
    kInvalidYParity,               ///< typed-transaction y_parity not 0 or 1
    kEmptyAuthorizationList,       ///< type 4 without authorizations (EIP-7702)
    kSetCodeCreation,              ///< type 4 with an empty `to` (EIP-7702 forbids creation)
    kInvalidSignatureValues,       ///< r or s outside [1, n-1]
    kHighS,                        ///< s above n/2 (EIP-2)
    kSignatureRecoveryFailed,      ///< the signature recovers no public key
    kInvalidPrivateKey,            ///< signing with a key outside [1, n-1]
};

[[nodiscard]] const char* to_string(TxError e) noexcept;

/// One entry of an EIP-2930 access list: an address and storage keys to pre-warm.
struct AccessListEntry {
    Address address;
    std::vector<Hash> storage_keys;

    friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};
using AccessList = std::vector<AccessListEntry>;

/// One EIP-7702 authorization tuple: `authority` (recovered from the signature) lets its code
/// become a delegation to `address` when its nonce equals `nonce` on chain `chain_id`
/// (0 = any chain). Decoding only checks the widths the EIP gives; whether the signature is
/// valid is found by recover_authority, and an invalid one only voids this tuple (EIP-7702
/// "Behavior": skip the tuple), never the transaction.
struct Authorization {
    U256 chain_id;         ///< < 2^256 (EIP-7702)
    Address address;       ///< the delegation target
    uint64_t nonce = 0;    ///< < 2^64
    uint8_t y_parity = 0;  ///< < 2^8 on the wire; only 0 and 1 can be valid
    U256 r;
    U256 s;

    friend bool operator==(const Authorization&, const Authorization&) = default;
};

/// A signed transaction of any supported type. One flat struct, as the pool and the STF read
/// the same fields from every type; fields a type does not have are zero / empty and are not
/// encoded. Integers follow the widths of the EIPs, except chain_id (uint64 here).
struct Transaction {
    TxType type = TxType::kLegacy;

    /// EIP-155 / EIP-2930 chain id. nullopt only for a legacy transaction signed without
    /// replay protection (v = 27/28); typed transactions always carry one. The EIPs allow any
    /// width; Blend's chain ids are 64-bit, and wider ones are refused (kFieldTooLarge).
    std::optional<uint64_t> chain_id;
    /// The sender's transaction count (Yellow Paper §4.2, T_n); EIP-2681 bounds it by 2^64-1.
    uint64_t nonce = 0;
    /// Legacy and EIP-2930: the price per gas.
    U256 gas_price;
    /// EIP-1559 and EIP-7702: the most per gas paid to the block producer above the base fee.
    U256 max_priority_fee_per_gas;
    /// EIP-1559 and EIP-7702: the most per gas paid in total (base fee + tip).
    U256 max_fee_per_gas;
    /// Gas the sender buys (Yellow Paper T_g); 64-bit as in every client.
    uint64_t gas_limit = 0;
    /// The recipient; nullopt is contract creation (not allowed for type 4, EIP-7702).
    std::optional<Address> to;
    /// Wei transferred to `to` or endowed to the new contract (Yellow Paper T_v).
    U256 value;
    /// Call data, or init code for a creation (Yellow Paper T_d / T_i).
    Bytes data;
    /// EIP-2930 access list (types 1, 2, 4).
    AccessList access_list;
    /// EIP-7702 authorization list (type 4 only; never empty there).
    std::vector<Authorization> authorization_list;

    /// Signature. For legacy transactions y_parity is derived from v (v = 27 + y_parity, or
    /// chain_id * 2 + 35 + y_parity under EIP-155) and v is recomputed on encoding.
    uint8_t y_parity = 0;
    /// ECDSA r and s (Yellow Paper Appendix F); valid only in [1, n-1] with s <= n/2 (EIP-2),
    /// which recover_sender checks, not decoding.
    U256 r;
    U256 s;

    /// The fee cap per gas, whatever the type (gas_price for legacy and EIP-2930).
    [[nodiscard]] const U256& max_fee() const noexcept
    {
        return has_dynamic_fee() ? max_fee_per_gas : gas_price;
    }
    /// The tip cap per gas, whatever the type (gas_price for legacy and EIP-2930).
    [[nodiscard]] const U256& max_priority_fee() const noexcept
    {
        return has_dynamic_fee() ? max_priority_fee_per_gas : gas_price;
    }
    [[nodiscard]] bool has_dynamic_fee() const noexcept
    {
        return type == TxType::kDynamicFee || type == TxType::kSetCode;
    }
    /// The legacy v value (27/28 or EIP-155); only meaningful for legacy transactions.
    [[nodiscard]] uint64_t legacy_v() const noexcept;

    friend bool operator==(const Transaction&, const Transaction&) = default;
};

/// Decodes an EIP-2718 envelope as `eth_sendRawTransaction` receives it: an RLP list for
/// legacy, otherwise the type byte followed by the RLP payload. Refuses type 3 with
/// kBlobTransactionNotSupported once its payload is seen to be an RLP list.
[[nodiscard]] Result<Transaction, TxError> decode_transaction(BytesView raw);

/// The EIP-2718 envelope of `tx` (the inverse of decode_transaction). `tx.type` must not be
/// kBlob, and typed transactions must carry a chain id.
[[nodiscard]] Bytes encode_transaction(const Transaction& tx);

/// Appends `tx` as an item of a block body's transaction list: legacy as its RLP list,
/// typed as an RLP string holding the envelope (EIP-2718 "Transactions" in blocks).
void encode_for_block_body(Bytes& out, const Transaction& tx);
/// Reads one transaction item of a block body from the front of `in`.
[[nodiscard]] Result<Transaction, TxError> decode_from_block_body(BytesView& in);

/// The hash a sender signs: keccak256 of the unsigned fields, prefixed by the type byte for
/// typed transactions (EIP-2930, EIP-1559, EIP-7702), with (chain_id, 0, 0) appended for an
/// EIP-155 legacy transaction.
[[nodiscard]] Hash signing_hash(const Transaction& tx);
/// The transaction hash: keccak256 of the envelope.
[[nodiscard]] Hash transaction_hash(const Transaction& tx);

/// Recovers the sender from the signature, enforcing y_parity in {0, 1}, r and s in [1, n-1]
/// and s <= n/2 (EIP-2).
[[nodiscard]] Result<Address, TxError> recover_sender(const Transaction& tx);

/// Fills in the signature (y_parity, r, s) of `tx` for `private_key`; the other fields,
/// including chain_id (which selects EIP-155 for legacy), must already be set.
[[nodiscard]] Result<Transaction, TxError> sign_transaction(Transaction tx,
                                                            const crypto::PrivateKey& private_key);

/// The EIP-7702 authorization digest: keccak256(0x05 ‖ rlp([chain_id, address, nonce])).
[[nodiscard]] Hash authorization_signing_hash(const Authorization& authorization);
/// The authority that signed `authorization`, or why it has none (y_parity not 0/1, r or s out
/// of range, s > n/2 — EIP-7702 applies EIP-2 here too — or a failed recovery).
[[nodiscard]] Result<Address, TxError> recover_authority(const Authorization& authorization);
/// Signs the authorization's (chain_id, address, nonce) with `private_key`.
[[nodiscard]] Result<Authorization, TxError> sign_authorization(
    Authorization authorization,
    const crypto::PrivateKey& private_key);

}  // namespace blend
