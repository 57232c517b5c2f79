// SPDX-License-Identifier: Apache-2.0
#include "genesis/hd_key.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <secp256k1.h>

#include <charconv>
#include <cstring>
#include <string>

namespace blend::genesis {

const char* to_string(HdKeyError e) noexcept
{
    switch (e) {
    case HdKeyError::kInvalidKey:
        return "derived key is invalid (BIP-32: IL >= n or zero key)";
    case HdKeyError::kBadPath:
        return "bad derivation path (expected m/44'/60'/0'/0/0 style, indices below 2^31)";
    case HdKeyError::kPathTooDeep:
        return "derivation path deeper than 255 levels (BIP-32 depth is one byte)";
    case HdKeyError::kMnemonic:
        return "mnemonic or passphrase refused";
    case HdKeyError::kTooManyAccounts:
        return "too many accounts requested";
    }
    return "unknown HD key error";
}

namespace {

// Public keys for normal (non-hardened) children need EC multiplication, which the static
// context cannot do; one context serves the process (libsecp256k1 allows concurrent use).
const secp256k1_context* context()
{
    static secp256k1_context* const ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    return ctx;
}

using Mac = FixedBytes<64>;

Mac hmac_sha512(BytesView key, BytesView data)
{
    Mac out;
    unsigned int size = 0;
    const unsigned char* r = HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
                                  data.data(), data.size(), out.data(), &size);
    BLEND_ASSERT(r != nullptr && size == Mac::kSize);
    return out;
}

/// Splits I into IL (the key or tweak) and IR (the chain code).
ExtendedKey split(const Mac& mac)
{
    ExtendedKey out;
    std::memcpy(out.key.data(), mac.data(), 32);
    std::memcpy(out.chain_code.data(), mac.data() + 32, 32);
    return out;
}

}  // namespace

Result<ExtendedKey, HdKeyError> master_key(BytesView seed)
{
    static constexpr std::string_view kKey = "Bitcoin seed";  // BIP-32, "Master key generation"
    const ExtendedKey master =
        split(hmac_sha512({reinterpret_cast<const uint8_t*>(kKey.data()), kKey.size()}, seed));
    if (secp256k1_ec_seckey_verify(context(), master.key.data()) != 1)
        return Unexpected{HdKeyError::kInvalidKey};
    return master;
}

Result<ExtendedKey, HdKeyError> derive_child(const ExtendedKey& parent, uint32_t index)
{
    // BIP-32 CKDpriv: hardened: HMAC(c, 0x00 ‖ k ‖ ser32(i)); normal: HMAC(c, serP(K) ‖ ser32(i)),
    // serP the 33-byte compressed public key.
    uint8_t data[37];
    if (index >= kHardened) {
        data[0] = 0;
        std::memcpy(data + 1, parent.key.data(), 32);
    } else {
        secp256k1_pubkey public_key;
        if (secp256k1_ec_pubkey_create(context(), &public_key, parent.key.data()) != 1)
            return Unexpected{HdKeyError::kInvalidKey};
        size_t size = 33;
        const int serialized = secp256k1_ec_pubkey_serialize(context(), data, &size, &public_key,
                                                             SECP256K1_EC_COMPRESSED);
        BLEND_ASSERT(serialized == 1 && size == 33);
    }
    for (int i = 0; i < 4; ++i)
        data[33 + i] = static_cast<uint8_t>(index >> (24 - 8 * i));

    ExtendedKey child = split(hmac_sha512(parent.chain_code.view(), {data, sizeof(data)}));
    // k_i = parse256(IL) + k_par (mod n); invalid if IL >= n or k_i = 0 (BIP-32).
    if (secp256k1_ec_seckey_verify(context(), child.key.data()) != 1)
        return Unexpected{HdKeyError::kInvalidKey};
    crypto::PrivateKey sum = parent.key;
    if (secp256k1_ec_seckey_tweak_add(context(), sum.data(), child.key.data()) != 1)
        return Unexpected{HdKeyError::kInvalidKey};
    child.key = sum;
    return child;
}

Result<std::vector<uint32_t>, HdKeyError> parse_path(std::string_view path)
{
    if (path.empty() || path[0] != 'm')
        return Unexpected{HdKeyError::kBadPath};
    std::vector<uint32_t> out;
    size_t i = 1;
    while (i < path.size()) {
        if (path[i] != '/')
            return Unexpected{HdKeyError::kBadPath};
        ++i;
        size_t end = i;
        while (end < path.size() && path[end] >= '0' && path[end] <= '9')
            ++end;
        // Decimal without leading zeros, so one path has one spelling.
        if (end == i || (path[i] == '0' && end - i > 1))
            return Unexpected{HdKeyError::kBadPath};
        uint32_t index = 0;
        const auto [ptr, ec] = std::from_chars(path.data() + i, path.data() + end, index);
        if (ec != std::errc{} || ptr != path.data() + end || index >= kHardened)
            return Unexpected{HdKeyError::kBadPath};
        i = end;
        if (i < path.size() && (path[i] == '\'' || path[i] == 'h' || path[i] == 'H')) {
            index |= kHardened;
            ++i;
        }
        if (out.size() == kMaxPathDepth)
            return Unexpected{HdKeyError::kPathTooDeep};
        out.push_back(index);
    }
    return out;
}

Result<ExtendedKey, HdKeyError> derive_path(BytesView seed, std::string_view path)
{
    BLEND_TRY(const std::vector<uint32_t> indices, parse_path(path));
    BLEND_TRY(ExtendedKey key, master_key(seed));
    for (const uint32_t index : indices) {
        BLEND_TRY(ExtendedKey child, derive_child(key, index));
        key = child;
    }
    return key;
}

Result<std::vector<DevAccount>, HdKeyError> derive_accounts(std::string_view mnemonic,
                                                            std::string_view passphrase,
                                                            uint32_t count)
{
    if (count > kMaxDevAccounts)
        return Unexpected{HdKeyError::kTooManyAccounts};
    const auto seed = mnemonic_to_seed(mnemonic, passphrase);
    if (!seed)
        return Unexpected{HdKeyError::kMnemonic};
    // Derive the shared prefix once; each account is one normal child below it.
    BLEND_TRY(const ExtendedKey parent, derive_path(seed->view(), kEthereumPathPrefix));
    std::vector<DevAccount> out;
    out.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        BLEND_TRY(const ExtendedKey child, derive_child(parent, i));
        const auto address = crypto::address_from_private_key(child.key);
        BLEND_ASSERT(address.has_value());  // derive_child returns only valid keys
        out.push_back(DevAccount{i, child.key, *address});
    }
    return out;
}

std::vector<DevAccount> dev_accounts()
{
    auto accounts = derive_accounts(kDevMnemonic, "", kDevAccountCount);
    BLEND_ASSERT(accounts.has_value());
    return std::move(*accounts);
}

}  // namespace blend::genesis
