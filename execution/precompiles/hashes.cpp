// SPDX-License-Identifier: Apache-2.0
// 0x01 ECRECOVER, 0x02 SHA256, 0x03 RIPEMD160, 0x04 IDENTITY (Yellow Paper Appendix E).
#include "core/crypto/secp256k1.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace blend::precompiles {

namespace {

/// Number of 32-byte words covering `size` bytes, the unit of the per-word prices.
uint64_t words(size_t size) noexcept
{
    return (static_cast<uint64_t>(size) + 31) / 32;
}

/// base + per_word * words, saturating (an input that large never fits in memory anyway).
uint64_t linear_gas(size_t size, uint64_t base, uint64_t per_word) noexcept
{
    const uint64_t w = words(size);
    if (w > (UINT64_MAX - base) / per_word)
        return UINT64_MAX;
    return base + per_word * w;
}

Bytes evp_digest(const EVP_MD* md, BytesView input, size_t out_size)
{
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    const int ok = EVP_Digest(input.data(), input.size(), out.data(), &len, md, nullptr);
    BLEND_ASSERT(ok == 1 && len == out_size);
    out.resize(len);
    return out;
}

}  // namespace

// Yellow Paper Appendix E: G_ecrec = 3000.
uint64_t ecrecover_gas(BytesView /*input*/)
{
    return 3000;
}

Result<Bytes, PrecompileError> ecrecover_run(BytesView input)
{
    // The input is hash ‖ v ‖ r ‖ s (32 bytes each), right-padded with zeros; extra bytes are
    // ignored. A signature that does not recover is not a failure: the output is just empty.
    uint8_t padded[128] = {};
    // std::copy, not memcpy: an empty input may have a null data pointer.
    std::copy_n(input.begin(), std::min<size_t>(input.size(), 128), padded);
    // v is a full 32-byte big-endian word and must be exactly 27 or 28 (high bytes zero).
    for (size_t i = 32; i < 63; ++i)
        if (padded[i] != 0)
            return Bytes{};
    if (padded[63] != 27 && padded[63] != 28)
        return Bytes{};
    const Hash hash = to_hash(BytesView{padded, 32});
    const crypto::Scalar r = crypto::Scalar::from_view(BytesView{padded + 64, 32});
    const crypto::Scalar s = crypto::Scalar::from_view(BytesView{padded + 96, 32});
    // The precompile predates EIP-2: any s in [1, n-1] is accepted.
    const auto address = crypto::recover_address(hash, r, s, static_cast<uint8_t>(padded[63] - 27),
                                                 crypto::SRule::kAnyS);
    if (!address)
        return Bytes{};
    Bytes out(32, 0);
    std::memcpy(out.data() + 12, address->data(), 20);
    return out;
}

// Yellow Paper Appendix E: 60 + 12 per word.
uint64_t sha256_gas(BytesView input)
{
    return linear_gas(input.size(), 60, 12);
}

Result<Bytes, PrecompileError> sha256_run(BytesView input)
{
    return evp_digest(EVP_sha256(), input, 32);
}

// Yellow Paper Appendix E: 600 + 120 per word.
uint64_t ripemd160_gas(BytesView input)
{
    return linear_gas(input.size(), 600, 120);
}

Result<Bytes, PrecompileError> ripemd160_run(BytesView input)
{
    // OpenSSL >= 3.0.7 serves RIPEMD-160 from the default provider. The 20-byte digest is
    // returned left-padded to 32 bytes.
    const Bytes digest = evp_digest(EVP_ripemd160(), input, 20);
    Bytes out(32, 0);
    std::memcpy(out.data() + 12, digest.data(), 20);
    return out;
}

// Yellow Paper Appendix E: 15 + 3 per word.
uint64_t identity_gas(BytesView input)
{
    return linear_gas(input.size(), 15, 3);
}

Result<Bytes, PrecompileError> identity_run(BytesView input)
{
    return to_bytes(input);
}

}  // namespace blend::precompiles
