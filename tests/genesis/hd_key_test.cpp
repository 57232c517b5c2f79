// SPDX-License-Identifier: Apache-2.0
// BIP-39 / BIP-32 / dev accounts. Expected values: the BIP-39 reference vectors (Trezor's
// vectors.json, "TREZOR" passphrase), BIP-32 test vector 1, and keys and addresses printed by
// ethers v6 (HDNodeWallet.fromPhrase) and @scure/bip32. The full 20 dev accounts and random
// mnemonics are cross-checked against ethers at test time by tests/genesis/dev_accounts_check.mjs.
#include "genesis/hd_key.hpp"

#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "genesis/bip39_wordlist.hpp"
#include "genesis/mnemonic.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace blend;
using namespace blend::genesis;

namespace {

std::string key_hex(const crypto::PrivateKey& key)
{
    return to_hex(key.view());
}

}  // namespace

TEST_CASE("bip39: seed of the reference vector with passphrase TREZOR", "[genesis][bip39]")
{
    const auto seed = mnemonic_to_seed(
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
        "about",
        "TREZOR");
    REQUIRE(seed.has_value());
    CHECK(to_hex(seed->view()) ==
          "0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1"
          "e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
    // Extra whitespace does not change the seed (the sentence is normalized first).
    const auto spaced = mnemonic_to_seed(
        "  abandon abandon\tabandon abandon abandon abandon abandon abandon abandon abandon "
        "abandon   about\n",
        "TREZOR");
    REQUIRE(spaced.has_value());
    CHECK(*spaced == *seed);
}

TEST_CASE("bip39: checksum validation", "[genesis][bip39]")
{
    REQUIRE(kBip39EnglishAvailable);  // the build must have found the word list
    CHECK(kBip39English.front() == "abandon");
    CHECK(kBip39English.back() == "zoo");
    CHECK(validate_mnemonic(kDevMnemonic).has_value());
    CHECK(validate_mnemonic("legal winner thank year wave sausage worth useful legal winner thank "
                            "yellow")
              .has_value());
    CHECK(validate_mnemonic("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo "
                            "zoo zoo zoo zoo zoo zoo vote")
              .has_value());
    // ethers' Mnemonic.isValidMnemonic says false for both (checksum).
    CHECK(validate_mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon "
                            "abandon abandon abandon abandon")
              .error() == MnemonicError::kBadChecksum);
    CHECK(
        validate_mnemonic("test test test test test test test test test test test test").error() ==
        MnemonicError::kBadChecksum);
    CHECK(validate_mnemonic("test test test test test test test test test test test").error() ==
          MnemonicError::kWordCount);
    CHECK(validate_mnemonic("").error() == MnemonicError::kWordCount);
    CHECK(
        validate_mnemonic("test test test test test test test test test test test junkk").error() ==
        MnemonicError::kUnknownWord);
    CHECK(
        validate_mnemonic("Test test test test test test test test test test test junk").error() ==
        MnemonicError::kUnknownWord);
    CHECK(validate_mnemonic("t\xc3\xa9st test test test test test test test test test test junk")
              .error() == MnemonicError::kNonAscii);
    CHECK(validate_mnemonic(std::string(kMaxMnemonicLength + 1, ' ')).error() ==
          MnemonicError::kTooLong);
    CHECK(mnemonic_to_seed(kDevMnemonic, std::string(kMaxPassphraseLength + 1, 'a')).error() ==
          MnemonicError::kTooLong);
}

TEST_CASE("bip32: test vector 1", "[genesis][bip32]")
{
    const auto seed = from_hex("000102030405060708090a0b0c0d0e0f");
    REQUIRE(seed.has_value());
    const auto master = master_key(*seed);
    REQUIRE(master.has_value());
    CHECK(key_hex(master->key) ==
          "0xe8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35");
    CHECK(to_hex(master->chain_code) ==
          "0x873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508");
    // Mixed hardened and normal steps.
    const auto leaf = derive_path(*seed, "m/0'/1/2'/2/1000000000");
    REQUIRE(leaf.has_value());
    CHECK(key_hex(leaf->key) ==
          "0x471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8");
    CHECK(to_hex(leaf->chain_code) ==
          "0xc783e67b921d2beb8f6b389cc646d7263b4145701dadd2161548a8b078e65e9e");
    // "h" is BIP-32's other hardened marker.
    const auto same = derive_path(*seed, "m/0h/1/2H/2/1000000000");
    REQUIRE(same.has_value());
    CHECK(same->key == leaf->key);
}

TEST_CASE("bip32: path parsing", "[genesis][bip32]")
{
    const auto path = parse_path("m/44'/60'/0'/0/7");
    REQUIRE(path.has_value());
    CHECK(*path == std::vector<uint32_t>{44 | kHardened, 60 | kHardened, kHardened, 0, 7});
    CHECK(parse_path("m")->empty());
    for (const char* bad : {"", "n/0", "m/", "m//0", "m/01", "m/-1", "m/2147483648", "m/0''",
                            "m/0x", "m0", "m/4294967296", "/0"}) {
        INFO(bad);
        CHECK(parse_path(bad).error() == HdKeyError::kBadPath);
    }
    std::string deep = "m";
    for (size_t i = 0; i <= kMaxPathDepth; ++i)
        deep += "/0";
    CHECK(parse_path(deep).error() == HdKeyError::kPathTooDeep);
}

TEST_CASE("dev accounts: keys and addresses as ethers derives them", "[genesis][dev]")
{
    const std::vector<DevAccount> accounts = dev_accounts();
    REQUIRE(accounts.size() == kDevAccountCount);
    CHECK(key_hex(accounts[0].key) ==
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    CHECK(to_checksum_hex(accounts[0].address) == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    CHECK(key_hex(accounts[1].key) ==
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    CHECK(to_checksum_hex(accounts[1].address) == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    CHECK(key_hex(accounts[19].key) ==
          "0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e");
    CHECK(to_checksum_hex(accounts[19].address) == "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199");
    for (const DevAccount& a : accounts)
        CHECK(crypto::address_from_private_key(a.key).value() == a.address);

    // A passphrase changes the seed; ethers: fromPhrase(phrase, "TREZOR", m/44'/60'/0'/0/3).
    const auto other = derive_accounts(
        "legal winner thank year wave sausage worth useful legal winner thank yellow", "TREZOR", 4);
    REQUIRE(other.has_value());
    CHECK(key_hex((*other)[3].key) ==
          "0x3f4f17eef946e0d3ea471733aaf2826101ce6f2921b8a4ab95a87a8d4e7c1136");
    CHECK(to_checksum_hex((*other)[3].address) == "0xde0529Db2f587089caAC177930ef70ED00d44431");

    CHECK(derive_accounts(kDevMnemonic, "", kMaxDevAccounts + 1).error() ==
          HdKeyError::kTooManyAccounts);
    CHECK(derive_accounts("t\xc3\xa9st", "", 1).error() == HdKeyError::kMnemonic);
}
