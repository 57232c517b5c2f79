// SPDX-License-Identifier: Apache-2.0
#include "core/crypto/secp256k1.hpp"

#include "core/hex.hpp"
#include "core/keccak.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace blend;
using namespace blend::crypto;

namespace {

PrivateKey key_from_hex(const std::string& hex)
{
    auto bytes = fixed_from_hex<32>(hex);
    REQUIRE(bytes.has_value());
    return PrivateKey{*bytes};
}

Scalar scalar_from_hex(const std::string& hex)
{
    auto bytes = fixed_from_hex<32>(hex);
    REQUIRE(bytes.has_value());
    return *bytes;
}

// n - s, big-endian, for building the high-s twin of a signature.
Scalar negate_mod_n(const Scalar& s)
{
    Scalar out;
    int borrow = 0;
    for (size_t i = 32; i-- > 0;) {
        int d = static_cast<int>(kSecp256k1N[i]) - static_cast<int>(s[i]) - borrow;
        borrow = d < 0 ? 1 : 0;
        out[i] = static_cast<uint8_t>(d + (borrow ? 256 : 0));
    }
    return out;
}

}  // namespace

TEST_CASE("secp256k1: addresses of well-known private keys", "[secp256k1]")
{
    // Private key 1: its public key is the generator G; the address is widely published.
    auto one = address_from_private_key(
        key_from_hex("0x0000000000000000000000000000000000000000000000000000000000000001"));
    REQUIRE(one.has_value());
    CHECK(to_checksum_hex(*one) == "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");

    // The key of the EIP-155 example ("Example" section of the EIP).
    auto eip155 = address_from_private_key(
        key_from_hex("0x4646464646464646464646464646464646464646464646464646464646464646"));
    REQUIRE(eip155.has_value());
    CHECK(to_checksum_hex(*eip155) == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
}

TEST_CASE("secp256k1: invalid private keys are refused", "[secp256k1]")
{
    const Hash digest = keccak256(BytesView{});
    const PrivateKey zero{};
    CHECK(address_from_private_key(zero).error() == Secp256k1Error::kInvalidPrivateKey);
    CHECK(sign_recoverable(digest, zero).error() == Secp256k1Error::kInvalidPrivateKey);
    const PrivateKey n{kSecp256k1N};
    CHECK(address_from_private_key(n).error() == Secp256k1Error::kInvalidPrivateKey);
    CHECK(sign_recoverable(digest, n).error() == Secp256k1Error::kInvalidPrivateKey);
    // n - 1 is the largest valid key.
    Scalar n_minus_1 = kSecp256k1N;
    n_minus_1[31] = static_cast<uint8_t>(n_minus_1[31] - 1);
    CHECK(address_from_private_key(PrivateKey{n_minus_1}).has_value());
}

TEST_CASE("secp256k1: EIP-155 example signature recovers the signer", "[secp256k1]")
{
    // Values from the EIP-155 text: signing hash, r and s (given there in decimal; hex here).
    const Hash hash =
        *hash_from_hex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    const Scalar r =
        scalar_from_hex("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276");
    const Scalar s =
        scalar_from_hex("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
    // v = 37 = 1 * 2 + 35 → y_parity 0.
    auto sender = recover_address(hash, r, s, 0, SRule::kLowS);
    REQUIRE(sender.has_value());
    CHECK(to_checksum_hex(*sender) == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");

    // Deterministic signing (RFC 6979) reproduces exactly that signature.
    auto signature = sign_recoverable(
        hash, key_from_hex("0x4646464646464646464646464646464646464646464646464646464646464646"));
    REQUIRE(signature.has_value());
    CHECK(signature->r == r);
    CHECK(signature->s == s);
    CHECK(signature->y_parity == 0);

    // The other parity recovers some other key, not the signer.
    auto other = recover_address(hash, r, s, 1, SRule::kLowS);
    if (other.has_value())
        CHECK(*other != *sender);
}

TEST_CASE("secp256k1: sign then recover round trip, low s", "[secp256k1]")
{
    for (uint8_t seed = 1; seed < 40; ++seed) {
        Scalar raw;
        for (size_t i = 0; i < 32; ++i)
            raw[i] = static_cast<uint8_t>(seed * 31 + i * 7);
        const PrivateKey key{raw};
        const Hash digest = keccak256(raw.view());
        auto signature = sign_recoverable(digest, key);
        REQUIRE(signature.has_value());
        CHECK(std::memcmp(signature->s.data(), kSecp256k1HalfN.data(), 32) <= 0);
        auto recovered = recover_address(digest, *signature, SRule::kLowS);
        REQUIRE(recovered.has_value());
        CHECK(*recovered == *address_from_private_key(key));
    }
}

TEST_CASE("secp256k1: range, parity and EIP-2 checks", "[secp256k1]")
{
    const Hash digest = keccak256(BytesView{});
    const PrivateKey key{
        scalar_from_hex("0x4646464646464646464646464646464646464646464646464646464646464646")};
    auto signature = sign_recoverable(digest, key);
    REQUIRE(signature.has_value());
    const Address signer = *address_from_private_key(key);

    CHECK(recover_address(digest, signature->r, signature->s, 2, SRule::kAnyS).error() ==
          Secp256k1Error::kInvalidRecoveryId);
    CHECK(recover_address(digest, Scalar{}, signature->s, 0, SRule::kAnyS).error() ==
          Secp256k1Error::kInvalidSignatureValues);
    CHECK(recover_address(digest, signature->r, Scalar{}, 0, SRule::kAnyS).error() ==
          Secp256k1Error::kInvalidSignatureValues);
    CHECK(recover_address(digest, kSecp256k1N, signature->s, 0, SRule::kAnyS).error() ==
          Secp256k1Error::kInvalidSignatureValues);
    CHECK(recover_address(digest, signature->r, kSecp256k1N, 0, SRule::kAnyS).error() ==
          Secp256k1Error::kInvalidSignatureValues);

    // (r, n - s, 1 - v) is the malleated twin: same signer, but refused under EIP-2.
    const Scalar high_s = negate_mod_n(signature->s);
    const auto flipped = static_cast<uint8_t>(1 - signature->y_parity);
    CHECK(recover_address(digest, signature->r, high_s, flipped, SRule::kLowS).error() ==
          Secp256k1Error::kHighS);
    auto any = recover_address(digest, signature->r, high_s, flipped, SRule::kAnyS);
    REQUIRE(any.has_value());
    CHECK(*any == signer);

    // s = n/2 exactly is still low; n/2 + 1 is high.
    // (It recovers some unrelated key, or fails recovery, but is not refused as high.)
    auto half = recover_address(digest, signature->r, kSecp256k1HalfN, 0, SRule::kLowS);
    CHECK((half.has_value() || half.error() != Secp256k1Error::kHighS));
    Scalar half_plus_one = kSecp256k1HalfN;
    half_plus_one[31] = static_cast<uint8_t>(half_plus_one[31] + 1);
    CHECK(recover_address(digest, signature->r, half_plus_one, 0, SRule::kLowS).error() ==
          Secp256k1Error::kHighS);
}

TEST_CASE("secp256k1: r that is not the x of a curve point fails recovery", "[secp256k1]")
{
    // x = 5: 5^3 + 7 = 132 is not a quadratic residue mod p, so no point has x = 5.
    Scalar r{};
    r[31] = 5;
    Scalar s{};
    s[31] = 1;
    CHECK(recover_address(keccak256(BytesView{}), r, s, 0, SRule::kLowS).error() ==
          Secp256k1Error::kRecoveryFailed);
}

TEST_CASE("secp256k1: error strings", "[secp256k1]")
{
    CHECK(std::string(to_string(Secp256k1Error::kHighS)).find("EIP-2") != std::string::npos);
    CHECK(std::string(to_string(Secp256k1Error::kInvalidPrivateKey)) == "invalid private key");
}
