// SPDX-License-Identifier: Apache-2.0
#pragma once

// BIP-32 hierarchical deterministic keys (private derivation only) and the dev accounts of
// BIP-44's Ethereum path m/44'/60'/0'/0/i.

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/result.hpp"
#include "genesis/mnemonic.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace blend::genesis {

enum class HdKeyError : uint8_t {
    kInvalidKey = 1,   ///< IL >= n or a zero key (BIP-32: probability below 2^-127; "proceed with
                       ///< the next index" is left to the caller, which sees this error)
    kBadPath,          ///< a path that is not m(/index['])*, or an index >= 2^31 before the '
    kPathTooDeep,      ///< more than kMaxPathDepth levels
    kMnemonic,         ///< the mnemonic or passphrase was refused (see MnemonicError)
    kTooManyAccounts,  ///< more than kMaxDevAccounts requested
};

[[nodiscard]] const char* to_string(HdKeyError e) noexcept;

/// BIP-32: indices >= 2^31 are hardened children (written i').
inline constexpr uint32_t kHardened = 0x80000000U;
/// BIP-32 serializes depth in one byte.
inline constexpr size_t kMaxPathDepth = 255;
/// Our bound on how many accounts one call derives (each costs a few EC multiplications).
inline constexpr uint32_t kMaxDevAccounts = 10000;

/// The standard test mnemonic of hardhat, anvil and ethers' tests.
inline constexpr std::string_view kDevMnemonic =
    "test test test test test test test test test test test junk";
/// How many dev accounts the dev genesis funds (hardhat and anvil fund the same 20).
inline constexpr uint32_t kDevAccountCount = 20;
/// BIP-44 path prefix for Ethereum (coin type 60, SLIP-44); account i is <prefix>/i.
inline constexpr std::string_view kEthereumPathPrefix = "m/44'/60'/0'/0";

/// An extended private key: the key and its chain code (BIP-32, "Extended keys").
struct ExtendedKey {
    crypto::PrivateKey key;
    FixedBytes<32> chain_code;
};

/// BIP-32 master key: HMAC-SHA512(key = "Bitcoin seed", seed) split into key ‖ chain code.
[[nodiscard]] Result<ExtendedKey, HdKeyError> master_key(BytesView seed);

/// CKDpriv (BIP-32, "Private parent key → private child key"); `index` >= kHardened is hardened.
[[nodiscard]] Result<ExtendedKey, HdKeyError> derive_child(const ExtendedKey& parent,
                                                           uint32_t index);

/// Parses "m/44'/60'/0'/0/0" (h or H also mark hardened indices, as in BIP-32's notation).
[[nodiscard]] Result<std::vector<uint32_t>, HdKeyError> parse_path(std::string_view path);

/// The key at `path` below the master key of `seed`.
[[nodiscard]] Result<ExtendedKey, HdKeyError> derive_path(BytesView seed, std::string_view path);

struct DevAccount {
    uint32_t index = 0;
    crypto::PrivateKey key;
    Address address;
};

/// Accounts m/44'/60'/0'/0/i for i in [0, count) of a mnemonic (not checksum-validated here:
/// call validate_mnemonic first when the sentence comes from outside).
[[nodiscard]] Result<std::vector<DevAccount>, HdKeyError>
derive_accounts(std::string_view mnemonic, std::string_view passphrase, uint32_t count);

/// The kDevAccountCount accounts of kDevMnemonic without passphrase.
[[nodiscard]] std::vector<DevAccount> dev_accounts();

}  // namespace blend::genesis
