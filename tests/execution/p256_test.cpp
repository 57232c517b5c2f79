// SPDX-License-Identifier: Apache-2.0
// P256VERIFY (EIP-7951) on signatures made by OpenSSL's high-level signing API, plus the EIP's
// input rules. The conformance vectors (Wycheproof-derived) run in blend-precompile-vectors.
#include "execution/precompiles/precompiles.hpp"

#include <catch2/catch.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <cstring>

namespace {

using namespace blend;
using namespace blend::precompiles;

void put_bn(Bytes& out, size_t offset, const BIGNUM* v)
{
    REQUIRE(BN_bn2binpad(v, out.data() + offset, 32) == 32);
}

/// hash ‖ r ‖ s ‖ qx ‖ qy for a fresh key signing a fixed digest.
Bytes signed_input()
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    REQUIRE(key != nullptr);
    Bytes input(160, 0);
    for (size_t i = 0; i < 32; ++i)
        input[i] = static_cast<uint8_t>(0xa0 + i);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    REQUIRE(EVP_PKEY_sign_init(ctx) == 1);
    unsigned char der[128];
    size_t der_len = sizeof(der);
    REQUIRE(EVP_PKEY_sign(ctx, der, &der_len, input.data(), 32) == 1);
    const unsigned char* p = der;
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len));
    REQUIRE(sig != nullptr);
    put_bn(input, 32, ECDSA_SIG_get0_r(sig));
    put_bn(input, 64, ECDSA_SIG_get0_s(sig));
    BIGNUM* qx = nullptr;
    BIGNUM* qy = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &qx) == 1);
    REQUIRE(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &qy) == 1);
    put_bn(input, 96, qx);
    put_bn(input, 128, qy);
    BN_free(qx);
    BN_free(qy);
    ECDSA_SIG_free(sig);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
    return input;
}

bool verifies(const Bytes& input)
{
    auto out = p256verify_run(input);
    REQUIRE(out.has_value());  // P256VERIFY never fails: a bad signature is empty output
    if (out->empty())
        return false;
    REQUIRE(out->size() == 32);
    CHECK(out->back() == 1);
    return true;
}

}  // namespace

TEST_CASE("p256verify accepts OpenSSL signatures and rejects altered ones", "[p256]")
{
    for (int round = 0; round < 5; ++round) {
        const Bytes good = signed_input();
        CHECK(verifies(good));
        CHECK(p256verify_gas(good) == 6900);

        Bytes bad_hash = good;
        bad_hash[5] ^= 1;
        CHECK_FALSE(verifies(bad_hash));
        Bytes bad_key = good;
        bad_key[159] ^= 1;  // off the curve
        CHECK_FALSE(verifies(bad_key));
        Bytes zero_r = good;
        std::memset(zero_r.data() + 32, 0, 32);
        CHECK_FALSE(verifies(zero_r));
        Bytes infinity = good;
        std::memset(infinity.data() + 96, 0, 64);
        CHECK_FALSE(verifies(infinity));
        // Wrong lengths: empty output, not an error.
        CHECK_FALSE(verifies(Bytes(good.begin(), good.end() - 1)));
        Bytes longer = good;
        longer.push_back(0);
        CHECK_FALSE(verifies(longer));
    }
}
