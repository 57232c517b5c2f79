// SPDX-License-Identifier: Apache-2.0
#include "core/types/transaction.hpp"

#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

using namespace blend;

namespace {

Bytes hex(const std::string& text)
{
    auto bytes = from_hex(text);
    REQUIRE(bytes.has_value());
    return *bytes;
}

crypto::PrivateKey key(uint8_t fill)
{
    crypto::PrivateKey k;
    k.bytes.fill(fill);
    return k;
}

Address address(uint8_t fill)
{
    Address a;
    a.bytes.fill(fill);
    return a;
}

U256 u256_hex(const std::string& text)
{
    const Bytes bytes = hex(text);
    REQUIRE(bytes.size() <= 32);
    return U256::from_be_bytes(bytes.data(), bytes.size());
}

// ---- Hand-built RLP, so that malformed transactions can be written field by field. ----

Bytes u(uint64_t value)
{
    Bytes out;
    rlp::encode_uint64(out, value);
    return out;
}
Bytes str(BytesView payload)
{
    Bytes out;
    rlp::encode_string(out, payload);
    return out;
}
Bytes str(const Address& a)
{
    return str(a.view());
}
Bytes list(std::initializer_list<Bytes> items)
{
    Bytes payload;
    for (const Bytes& item : items)
        payload.insert(payload.end(), item.begin(), item.end());
    return rlp::wrap_list(payload);
}
Bytes typed(uint8_t type, const Bytes& rlp_list)
{
    Bytes out{type};
    out.insert(out.end(), rlp_list.begin(), rlp_list.end());
    return out;
}
const Bytes kEmptyList = list({});
const Bytes kEmptyString = str(BytesView{});

// A well-formed EIP-1559 transaction given as its 12 fields, for mutating one at a time.
struct Fields1559 {
    Bytes chain_id = u(1);
    Bytes nonce = u(0);
    Bytes tip = u(1);
    Bytes fee_cap = u(2);
    Bytes gas = u(21000);
    Bytes to = str(address(0x11));
    Bytes value = u(0);
    Bytes data = kEmptyString;
    Bytes access_list = kEmptyList;
    Bytes y_parity = u(0);
    Bytes r = u(1);
    Bytes s = u(1);

    [[nodiscard]] Bytes encode() const
    {
        return typed(2, list({chain_id, nonce, tip, fee_cap, gas, to, value, data, access_list,
                              y_parity, r, s}));
    }
};

Bytes authorization_item(const Bytes& y_parity)
{
    return list({u(1), str(address(0x22)), u(7), y_parity, u(1), u(1)});
}

// A well-formed EIP-7702 transaction given as its 13 fields.
struct Fields7702 {
    Bytes to = str(address(0x11));
    Bytes authorizations = list({authorization_item(u(0))});

    [[nodiscard]] Bytes encode() const
    {
        return typed(4, list({u(1), u(0), u(1), u(2), u(50000), to, u(0), kEmptyString, kEmptyList,
                              authorizations, u(0), u(1), u(1)}));
    }
};

TxError decode_error(const Bytes& raw)
{
    auto tx = decode_transaction(raw);
    REQUIRE_FALSE(tx.has_value());
    return tx.error();
}

Transaction sample(TxType type)
{
    Transaction tx;
    tx.type = type;
    tx.chain_id = 1337;
    tx.nonce = 42;
    tx.gas_limit = 100000;
    tx.to = address(0xaa);
    tx.value = u256_hex("0x0de0b6b3a7640000");
    tx.data = hex("0xa9059cbb00");
    if (type == TxType::kAccessList || type == TxType::kLegacy) {
        tx.gas_price = 20'000'000'000;
    } else {
        tx.max_priority_fee_per_gas = 1'000'000'000;
        tx.max_fee_per_gas = 30'000'000'000;
    }
    if (type != TxType::kLegacy)
        tx.access_list = {{address(0x01), {keccak256(hex("0x01")), keccak256(hex("0x02"))}},
                          {address(0x02), {}}};
    if (type == TxType::kSetCode) {
        Authorization auth;
        auth.chain_id = 1337;
        auth.address = address(0xde);
        auth.nonce = 3;
        auto signed_auth = sign_authorization(auth, key(0x77));
        REQUIRE(signed_auth.has_value());
        tx.authorization_list.push_back(*signed_auth);
    }
    return tx;
}

}  // namespace

TEST_CASE("transaction: the EIP-155 example", "[transaction]")
{
    // From the "Example" section of EIP-155.
    const Bytes raw =
        hex("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
            "8025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f76"
            "1aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
    auto tx = decode_transaction(raw);
    REQUIRE(tx.has_value());
    CHECK(tx->type == TxType::kLegacy);
    CHECK(tx->chain_id == 1u);
    CHECK(tx->nonce == 9);
    CHECK(tx->gas_price == U256{20'000'000'000});
    CHECK(tx->gas_limit == 21000);
    CHECK(tx->to == *address_from_hex("0x3535353535353535353535353535353535353535"));
    CHECK(tx->value == U256{1'000'000'000'000'000'000});
    CHECK(tx->data.empty());
    CHECK(tx->legacy_v() == 37);
    CHECK(tx->y_parity == 0);
    CHECK(tx->r == u256_hex("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"));
    CHECK(tx->s == u256_hex("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"));

    // Signing data and signing hash as given in the EIP.
    CHECK(keccak256(hex("0xec098504a817c800825208943535353535353535353535353535353535353535880d"
                        "e0b6b3a764000080018080")) == signing_hash(*tx));
    CHECK(to_hex(signing_hash(*tx)) ==
          "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    auto sender = recover_sender(*tx);
    REQUIRE(sender.has_value());
    CHECK(to_checksum_hex(*sender) == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
    CHECK(encode_transaction(*tx) == raw);
    CHECK(transaction_hash(*tx) == keccak256(raw));

    // Signing the unsigned fields with the EIP's key gives back the same bytes (RFC 6979).
    Transaction unsigned_tx = *tx;
    unsigned_tx.r = 0;
    unsigned_tx.s = 0;
    auto resigned = sign_transaction(unsigned_tx, key(0x46));
    REQUIRE(resigned.has_value());
    CHECK(encode_transaction(*resigned) == raw);
}

TEST_CASE("transaction: sign, encode, decode, recover for every type", "[transaction]")
{
    const Address signer = *crypto::address_from_private_key(key(0x55));
    for (const TxType type :
         {TxType::kLegacy, TxType::kAccessList, TxType::kDynamicFee, TxType::kSetCode}) {
        for (const bool creation : {false, true}) {
            if (creation && type == TxType::kSetCode)
                continue;
            INFO("type " << static_cast<int>(type) << " creation " << creation);
            Transaction tx = sample(type);
            if (creation)
                tx.to.reset();
            auto signed_tx = sign_transaction(tx, key(0x55));
            REQUIRE(signed_tx.has_value());
            const Bytes raw = encode_transaction(*signed_tx);
            if (type == TxType::kLegacy)
                CHECK(raw[0] >= 0xc0);
            else
                CHECK(raw[0] == static_cast<uint8_t>(type));
            auto decoded = decode_transaction(raw);
            REQUIRE(decoded.has_value());
            CHECK(*decoded == *signed_tx);
            CHECK(encode_transaction(*decoded) == raw);
            auto sender = recover_sender(*decoded);
            REQUIRE(sender.has_value());
            CHECK(*sender == signer);

            // Any change to a signed field changes the signing hash, hence the sender.
            Transaction tampered = *decoded;
            tampered.nonce += 1;
            CHECK(signing_hash(tampered) != signing_hash(*decoded));
            auto other = recover_sender(tampered);
            if (other.has_value())
                CHECK(*other != signer);
        }
    }
}

TEST_CASE("transaction: pre-EIP-155 legacy uses v = 27/28 and a 6-field signing hash",
          "[transaction]")
{
    Transaction tx = sample(TxType::kLegacy);
    tx.chain_id.reset();
    auto signed_tx = sign_transaction(tx, key(0x55));
    REQUIRE(signed_tx.has_value());
    CHECK((signed_tx->legacy_v() == 27 || signed_tx->legacy_v() == 28));
    Bytes six;
    rlp::encode_uint64(six, tx.nonce);
    rlp::encode_uint64(six, 20'000'000'000);
    rlp::encode_uint64(six, tx.gas_limit);
    rlp::encode_address(six, *tx.to);
    rlp::encode_uint64(six, 1'000'000'000'000'000'000);
    rlp::encode_string(six, tx.data);
    CHECK(signing_hash(tx) == keccak256(rlp::wrap_list(six)));
    auto decoded = decode_transaction(encode_transaction(*signed_tx));
    REQUIRE(decoded.has_value());
    CHECK_FALSE(decoded->chain_id.has_value());
    CHECK(*recover_sender(*decoded) == *crypto::address_from_private_key(key(0x55)));
}

TEST_CASE("transaction: typed signing hashes are keccak(type || rlp(unsigned fields))",
          "[transaction]")
{
    // EIP-2930: [chain_id, nonce, gas_price, gas_limit, to, value, data, access_list].
    Transaction tx;
    tx.type = TxType::kAccessList;
    tx.chain_id = 5;
    tx.nonce = 1;
    tx.gas_price = 2;
    tx.gas_limit = 3;
    tx.to = address(0x44);
    tx.value = 4;
    tx.access_list = {{address(0x45), {}}};
    const Bytes expected_2930 =
        typed(1, list({u(5), u(1), u(2), u(3), str(address(0x44)), u(4), kEmptyString,
                       list({list({str(address(0x45)), kEmptyList})})}));
    CHECK(signing_hash(tx) == keccak256(expected_2930));

    // EIP-1559: [chain_id, nonce, tip, fee_cap, gas_limit, to, value, data, access_list].
    tx.type = TxType::kDynamicFee;
    tx.max_priority_fee_per_gas = 6;
    tx.max_fee_per_gas = 7;
    tx.to.reset();
    tx.access_list.clear();
    const Bytes expected_1559 = typed(
        2, list({u(5), u(1), u(6), u(7), u(3), kEmptyString, u(4), kEmptyString, kEmptyList}));
    CHECK(signing_hash(tx) == keccak256(expected_1559));
}

TEST_CASE("transaction: EIP-7702 authorizations", "[transaction]")
{
    Transaction tx = sample(TxType::kSetCode);
    const Authorization& auth = tx.authorization_list[0];

    // The digest is keccak256(0x05 || rlp([chain_id, address, nonce])).
    Bytes preimage{0x05};
    const Bytes tuple = list({u(1337), str(address(0xde)), u(3)});
    preimage.insert(preimage.end(), tuple.begin(), tuple.end());
    CHECK(authorization_signing_hash(auth) == keccak256(preimage));
    auto authority = recover_authority(auth);
    REQUIRE(authority.has_value());
    CHECK(*authority == *crypto::address_from_private_key(key(0x77)));

    SECTION("an invalid authorization signature does not invalidate the transaction")
    {
        Authorization bad = auth;
        bad.r = 5;  // 5^3 + 7 is not a square mod p: no point has x = 5
        Authorization high_s = auth;
        // n - s: the malleated twin, refused by EIP-7702 (s <= n/2).
        high_s.s =
            u256_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141") - auth.s;
        high_s.y_parity = static_cast<uint8_t>(1 - auth.y_parity);
        Authorization parity = auth;
        parity.y_parity = 2;
        Authorization zero_r = auth;
        zero_r.r = 0;
        tx.authorization_list = {bad, auth, high_s, parity, zero_r};
        auto signed_tx = sign_transaction(tx, key(0x55));
        REQUIRE(signed_tx.has_value());
        auto decoded = decode_transaction(encode_transaction(*signed_tx));
        REQUIRE(decoded.has_value());
        REQUIRE(decoded->authorization_list.size() == 5);
        CHECK(recover_sender(*decoded).has_value());
        CHECK(recover_authority(decoded->authorization_list[0]).error() ==
              TxError::kSignatureRecoveryFailed);
        CHECK(*recover_authority(decoded->authorization_list[1]) == *authority);
        CHECK(recover_authority(decoded->authorization_list[2]).error() == TxError::kHighS);
        CHECK(recover_authority(decoded->authorization_list[3]).error() ==
              TxError::kInvalidYParity);
        CHECK(recover_authority(decoded->authorization_list[4]).error() ==
              TxError::kInvalidSignatureValues);
    }

    SECTION("256-bit authorization chain ids round trip")
    {
        Authorization wide = auth;
        wide.chain_id = ~U256{0};
        wide.nonce = ~uint64_t{0};
        tx.authorization_list = {wide};
        auto decoded = decode_transaction(encode_transaction(tx));
        REQUIRE(decoded.has_value());
        CHECK(decoded->authorization_list[0] == wide);
    }
}

TEST_CASE("transaction: envelope errors", "[transaction]")
{
    const Bytes body = Fields1559{}.encode();
    REQUIRE(decode_transaction(body).has_value());
    const Bytes payload(body.begin() + 1, body.end());

    CHECK(decode_error({}) == TxError::kEmptyInput);
    for (const uint8_t type : {0x00, 0x05, 0x7f}) {
        INFO("type " << int{type});
        CHECK(decode_error(typed(type, payload)) == TxError::kUnknownType);
    }
    CHECK(decode_error({0x02}) == TxError::kEmptyTypedPayload);
    CHECK(decode_error({0x04}) == TxError::kEmptyTypedPayload);
    // A top-level RLP string is neither a legacy transaction nor a type byte.
    CHECK(decode_error(str(payload)) == TxError::kNotAList);
    CHECK(decode_error(typed(2, str(hex("0x0102")))) == TxError::kNotAList);
    CHECK(decode_error(typed(2, u(7))) == TxError::kNotAList);

    Bytes trailing = body;
    trailing.push_back(0x00);
    CHECK(decode_error(trailing) == TxError::kRlpTrailingBytes);
    const Bytes legacy = encode_transaction(*sign_transaction(sample(TxType::kLegacy), key(1)));
    Bytes legacy_trailing = legacy;
    legacy_trailing.push_back(0x80);
    CHECK(decode_error(legacy_trailing) == TxError::kRlpTrailingBytes);
    // Truncated anywhere: the list header promises more than there is.
    CHECK(decode_error(Bytes(body.begin(), body.end() - 1)) == TxError::kRlpInputTooShort);
    CHECK(decode_error(Bytes(legacy.begin(), legacy.end() - 1)) == TxError::kRlpInputTooShort);
}

TEST_CASE("transaction: blob transactions are recognised and refused", "[transaction]")
{
    // EIP-4844 canonical form: 14 fields, with max_fee_per_blob_gas and the versioned hashes.
    Bytes versioned(32, 0x07);
    versioned[0] = 0x01;
    const Bytes blob_tx =
        list({u(1), u(0), u(1), u(2), u(21000), str(address(0x11)), u(0), kEmptyString, kEmptyList,
              u(1), list({str(versioned)}), u(0), u(1), u(1)});
    auto refused = decode_transaction(typed(3, blob_tx));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error() == TxError::kBlobTransactionNotSupported);
    const std::string message = to_string(refused.error());
    CHECK(message.find("blob transactions are not supported on this chain") != std::string::npos);
    // geth's wording, which wallets match on (api-surface §1).
    CHECK(message.find("transaction type not supported") != std::string::npos);
    // Network form: [tx, blobs, commitments, proofs].
    const Bytes network = list(
        {blob_tx, list({str(Bytes(64, 1))}), list({str(Bytes(48, 2))}), list({str(Bytes(48, 3))})});
    CHECK(decode_error(typed(3, network)) == TxError::kBlobTransactionNotSupported);
    // Broken RLP after the type byte is reported as broken RLP, not as a blob transaction.
    CHECK(decode_error({0x03}) == TxError::kEmptyTypedPayload);
    CHECK(decode_error(typed(3, Bytes{0xc5, 0x01})) == TxError::kRlpInputTooShort);
}

TEST_CASE("transaction: non-canonical RLP is refused", "[transaction]")
{
    Fields1559 f;
    SECTION("integer with a leading zero")
    {
        f.nonce = hex("0x820009");
        CHECK(decode_error(f.encode()) == TxError::kRlpNonCanonical);
    }
    SECTION("zero written as 0x00 instead of 0x80")
    {
        f.value = hex("0x00");
        CHECK(decode_error(f.encode()) == TxError::kRlpNonCanonical);
    }
    SECTION("y_parity 0 written as 0x00")
    {
        f.y_parity = hex("0x00");
        CHECK(decode_error(f.encode()) == TxError::kRlpNonCanonical);
    }
    SECTION("single byte below 0x80 wrapped in a string")
    {
        f.data = hex("0x8105");
        CHECK(decode_error(f.encode()) == TxError::kRlpNonCanonical);
    }
    SECTION("long-form length for a short string")
    {
        f.data = hex("0xb8020102");
        CHECK(decode_error(f.encode()) == TxError::kRlpNonCanonical);
    }
    SECTION("long-form list header for a short list")
    {
        const Bytes good = f.encode();
        Bytes payload(good.begin() + 2, good.end());  // short header: one byte
        REQUIRE(payload.size() < 56);
        Bytes raw{0x02, 0xf8, static_cast<uint8_t>(payload.size())};
        raw.insert(raw.end(), payload.begin(), payload.end());
        CHECK(decode_error(raw) == TxError::kRlpNonCanonical);
    }
}

TEST_CASE("transaction: field shape errors", "[transaction]")
{
    Fields1559 f;
    SECTION("nonce wider than 64 bits")
    {
        f.nonce = str(hex("0x010000000000000000"));
        CHECK(decode_error(f.encode()) == TxError::kFieldTooLarge);
    }
    SECTION("chain id wider than 64 bits")
    {
        f.chain_id = str(hex("0x010000000000000000"));
        CHECK(decode_error(f.encode()) == TxError::kFieldTooLarge);
    }
    SECTION("value wider than 256 bits")
    {
        f.value = str(Bytes(33, 0xff));
        CHECK(decode_error(f.encode()) == TxError::kFieldTooLarge);
    }
    SECTION("value of exactly 256 bits is fine")
    {
        f.value = str(Bytes(32, 0xff));
        auto tx = decode_transaction(f.encode());
        REQUIRE(tx.has_value());
        CHECK(tx->value == ~U256{0});
    }
    SECTION("to of 19 bytes")
    {
        f.to = str(Bytes(19, 0x11));
        CHECK(decode_error(f.encode()) == TxError::kWrongFieldSize);
    }
    SECTION("storage key of 31 bytes")
    {
        f.access_list = list({list({str(address(1)), list({str(Bytes(31, 1))})})});
        CHECK(decode_error(f.encode()) == TxError::kWrongFieldSize);
    }
    SECTION("access list entry with three elements")
    {
        f.access_list = list({list({str(address(1)), kEmptyList, kEmptyList})});
        CHECK(decode_error(f.encode()) == TxError::kTooManyFields);
    }
    SECTION("access list entry without keys")
    {
        f.access_list = list({list({str(address(1))})});
        CHECK(decode_error(f.encode()) == TxError::kTooFewFields);
    }
    SECTION("access list given as a string")
    {
        f.access_list = kEmptyString;
        CHECK(decode_error(f.encode()) == TxError::kRlpUnexpectedString);
    }
    SECTION("data given as a list")
    {
        f.data = kEmptyList;
        CHECK(decode_error(f.encode()) == TxError::kRlpUnexpectedList);
    }
    SECTION("y_parity 2")
    {
        f.y_parity = u(2);
        CHECK(decode_error(f.encode()) == TxError::kInvalidYParity);
    }
    SECTION("y_parity 27 (a legacy v in a typed transaction)")
    {
        f.y_parity = u(27);
        CHECK(decode_error(f.encode()) == TxError::kInvalidYParity);
    }
    SECTION("too few and too many fields")
    {
        const Fields1559 g;
        CHECK(decode_error(typed(2, list({g.chain_id, g.nonce, g.tip, g.fee_cap, g.gas, g.to,
                                          g.value, g.data, g.access_list, g.y_parity, g.r}))) ==
              TxError::kTooFewFields);
        CHECK(decode_error(typed(2, list({g.chain_id, g.nonce, g.tip, g.fee_cap, g.gas, g.to,
                                          g.value, g.data, g.access_list, g.y_parity, g.r, g.s,
                                          u(0)}))) == TxError::kTooManyFields);
    }
}

TEST_CASE("transaction: legacy v values", "[transaction]")
{
    const Transaction tx = *sign_transaction(sample(TxType::kLegacy), key(0x31));
    auto with_v = [&](const Bytes& v) {
        // Rebuild with another v: [nonce, gas_price, gas, to, value, data, v, r, s].
        Bytes fields;
        rlp::encode_uint64(fields, tx.nonce);
        rlp::encode_uint64(fields, 20'000'000'000);
        rlp::encode_uint64(fields, tx.gas_limit);
        rlp::encode_address(fields, *tx.to);
        rlp::encode_uint64(fields, 1'000'000'000'000'000'000);
        rlp::encode_string(fields, tx.data);
        fields.insert(fields.end(), v.begin(), v.end());
        uint8_t rs[32];
        tx.r.to_be_bytes(rs);
        rlp::encode_uint_bytes(fields, BytesView{rs, 32});
        tx.s.to_be_bytes(rs);
        rlp::encode_uint_bytes(fields, BytesView{rs, 32});
        return rlp::wrap_list(fields);
    };
    REQUIRE(encode_transaction(tx) == with_v(u(tx.legacy_v())));
    for (const uint64_t v : {0, 1, 26, 29, 30, 34}) {
        INFO("v = " << v);
        CHECK(decode_error(with_v(u(v))) == TxError::kInvalidV);
    }
    // v = 35/36 is EIP-155 with chain id 0.
    auto zero_chain = decode_transaction(with_v(u(35)));
    REQUIRE(zero_chain.has_value());
    CHECK(zero_chain->chain_id == 0u);
    // v wider than 64 bits would need a chain id beyond Blend's uint64.
    CHECK(decode_error(with_v(str(hex("0x010000000000000023")))) == TxError::kFieldTooLarge);
}

TEST_CASE("transaction: EIP-7702 shape rules", "[transaction]")
{
    REQUIRE(decode_transaction(Fields7702{}.encode()).has_value());
    Fields7702 f;
    SECTION("empty authorization list")
    {
        f.authorizations = kEmptyList;
        CHECK(decode_error(f.encode()) == TxError::kEmptyAuthorizationList);
    }
    SECTION("contract creation")
    {
        f.to = kEmptyString;
        CHECK(decode_error(f.encode()) == TxError::kSetCodeCreation);
    }
    SECTION("authorization y_parity up to 255 decodes; 256 does not")
    {
        f.authorizations = list({authorization_item(u(255))});
        auto tx = decode_transaction(f.encode());
        REQUIRE(tx.has_value());
        CHECK(tx->authorization_list[0].y_parity == 255);
        CHECK(recover_authority(tx->authorization_list[0]).error() == TxError::kInvalidYParity);
        f.authorizations = list({authorization_item(u(256))});
        CHECK(decode_error(f.encode()) == TxError::kFieldTooLarge);
    }
    SECTION("authorization with five fields")
    {
        f.authorizations = list({list({u(1), str(address(0x22)), u(7), u(0), u(1)})});
        CHECK(decode_error(f.encode()) == TxError::kTooFewFields);
    }
    SECTION("authorization with seven fields")
    {
        f.authorizations = list({list({u(1), str(address(0x22)), u(7), u(0), u(1), u(1), u(1)})});
        CHECK(decode_error(f.encode()) == TxError::kTooManyFields);
    }
    SECTION("authorization given as a string")
    {
        f.authorizations = list({str(hex("0x01"))});
        CHECK(decode_error(f.encode()) == TxError::kRlpUnexpectedString);
    }
}

TEST_CASE("transaction: sender recovery enforces EIP-2 and the scalar ranges", "[transaction]")
{
    const Transaction good = *sign_transaction(sample(TxType::kDynamicFee), key(0x66));
    const Address signer = *crypto::address_from_private_key(key(0x66));
    REQUIRE(*recover_sender(good) == signer);
    const U256 n = u256_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    Transaction high_s = good;
    high_s.s = n - good.s;
    high_s.y_parity = static_cast<uint8_t>(1 - good.y_parity);
    CHECK(recover_sender(high_s).error() == TxError::kHighS);
    // The encoding itself is well-formed: the refusal is a signature rule, not a decode rule.
    CHECK(decode_transaction(encode_transaction(high_s)).has_value());

    Transaction zero_r = good;
    zero_r.r = 0;
    CHECK(recover_sender(zero_r).error() == TxError::kInvalidSignatureValues);
    Transaction zero_s = good;
    zero_s.s = 0;
    CHECK(recover_sender(zero_s).error() == TxError::kInvalidSignatureValues);
    Transaction r_n = good;
    r_n.r = n;
    CHECK(recover_sender(r_n).error() == TxError::kInvalidSignatureValues);
    Transaction bad_parity = good;
    bad_parity.y_parity = 2;
    CHECK(recover_sender(bad_parity).error() == TxError::kInvalidYParity);

    CHECK(sign_transaction(sample(TxType::kDynamicFee), crypto::PrivateKey{}).error() ==
          TxError::kInvalidPrivateKey);
}

TEST_CASE("transaction: block body items", "[transaction]")
{
    const Transaction legacy = *sign_transaction(sample(TxType::kLegacy), key(0x12));
    const Transaction dynamic = *sign_transaction(sample(TxType::kDynamicFee), key(0x13));
    const Transaction set_code = *sign_transaction(sample(TxType::kSetCode), key(0x14));

    Bytes items;
    encode_for_block_body(items, legacy);
    // Legacy: the transaction's own RLP list.
    CHECK(items == encode_transaction(legacy));
    const size_t legacy_size = items.size();
    encode_for_block_body(items, dynamic);
    encode_for_block_body(items, set_code);
    // Typed: an RLP string holding the envelope.
    BytesView second{items.data() + legacy_size, items.size() - legacy_size};
    auto envelope = rlp::read_string(second);
    REQUIRE(envelope.has_value());
    CHECK(to_bytes(*envelope) == encode_transaction(dynamic));

    BytesView in{items};
    for (const Transaction* expected : {&legacy, &dynamic, &set_code}) {
        auto tx = decode_from_block_body(in);
        REQUIRE(tx.has_value());
        CHECK(*tx == *expected);
    }
    CHECK(in.empty());

    // A legacy transaction wrapped in a string is not the canonical body form.
    Bytes wrapped;
    rlp::encode_string(wrapped, encode_transaction(legacy));
    BytesView wrapped_in{wrapped};
    auto refused = decode_from_block_body(wrapped_in);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error() == TxError::kRlpUnexpectedString);
    // A blob transaction in a body is refused like one sent over RPC.
    Bytes blob_item;
    rlp::encode_string(blob_item, typed(3, list({u(1)})));
    BytesView blob_in{blob_item};
    CHECK(decode_from_block_body(blob_in).error() == TxError::kBlobTransactionNotSupported);
}

TEST_CASE("transaction: fee accessors", "[transaction]")
{
    const Transaction legacy = sample(TxType::kLegacy);
    CHECK(legacy.max_fee() == U256{20'000'000'000});
    CHECK(legacy.max_priority_fee() == U256{20'000'000'000});
    const Transaction dynamic = sample(TxType::kDynamicFee);
    CHECK(dynamic.max_fee() == U256{30'000'000'000});
    CHECK(dynamic.max_priority_fee() == U256{1'000'000'000});
}

TEST_CASE("transaction: every error has a message", "[transaction]")
{
    for (int e = static_cast<int>(TxError::kEmptyInput);
         e <= static_cast<int>(TxError::kInvalidPrivateKey); ++e) {
        const std::string message = to_string(static_cast<TxError>(e));
        INFO("error " << e);
        CHECK(message != "transaction: unknown error");
    }
}

TEST_CASE("transaction: mutated encodings either fail or re-encode to the same bytes",
          "[transaction]")
{
    // Strict decoding means no two byte strings decode to one transaction: whatever a
    // corrupted input decodes to must encode back to exactly that input.
    std::vector<Bytes> seeds;
    for (const TxType type :
         {TxType::kLegacy, TxType::kAccessList, TxType::kDynamicFee, TxType::kSetCode})
        seeds.push_back(encode_transaction(*sign_transaction(sample(type), key(0x21))));
    uint64_t state = 0x243f6a8885a308d3;  // fixed seed: the same cases on every run
    auto next = [&state](uint64_t bound) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state % bound;
    };
    size_t decoded = 0;
    size_t refused = 0;
    for (int i = 0; i < 20000; ++i) {
        Bytes raw = seeds[next(seeds.size())];
        const size_t at = next(raw.size());
        switch (next(4)) {
        case 0:
            raw[at] = static_cast<uint8_t>(raw[at] ^ (1u << next(8)));
            break;
        case 1:
            raw[at] = static_cast<uint8_t>(next(256));
            break;
        case 2:
            raw.insert(raw.begin() + static_cast<std::ptrdiff_t>(at),
                       static_cast<uint8_t>(next(256)));
            break;
        default:
            raw.erase(raw.begin() + static_cast<std::ptrdiff_t>(at));
            break;
        }
        auto tx = decode_transaction(raw);
        if (!tx) {
            ++refused;
            continue;
        }
        ++decoded;
        if (encode_transaction(*tx) != raw)
            FAIL("decoded a non-canonical encoding: " << to_hex(raw));
    }
    // Both outcomes occur (flips inside data, r or s still decode), so both paths ran.
    CHECK(decoded > 1000);
    CHECK(refused > 1000);
}
