// SPDX-License-Identifier: Apache-2.0
#include "genesis/mnemonic.hpp"

#include "genesis/bip39_wordlist.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <vector>

namespace blend::genesis {

const char* to_string(MnemonicError e) noexcept
{
    switch (e) {
    case MnemonicError::kTooLong:
        return "mnemonic or passphrase too long";
    case MnemonicError::kNonAscii:
        return "mnemonic or passphrase is not ASCII (Unicode NFKD normalization is not supported)";
    case MnemonicError::kWordCount:
        return "a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words";
    case MnemonicError::kUnknownWord:
        return "a word is not in the BIP-39 English word list";
    case MnemonicError::kBadChecksum:
        return "the BIP-39 checksum does not match";
    case MnemonicError::kWordListUnavailable:
        return "the BIP-39 word list was not built in; the mnemonic cannot be validated";
    }
    return "unknown mnemonic error";
}

namespace {

/// BIP-39 iteration count for PBKDF2 ("From mnemonic to seed").
constexpr int kPbkdf2Rounds = 2048;

bool is_space(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Result<void, MnemonicError> check_text(std::string_view text, size_t limit)
{
    if (text.size() > limit)
        return Unexpected{MnemonicError::kTooLong};
    for (const char c : text)
        if (static_cast<unsigned char>(c) >= 0x80)
            return Unexpected{MnemonicError::kNonAscii};
    return {};
}

std::vector<std::string_view> split_words(std::string_view text)
{
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        const size_t start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        if (i > start)
            words.push_back(text.substr(start, i - start));
    }
    return words;
}

}  // namespace

Result<std::string, MnemonicError> normalize_mnemonic(std::string_view sentence)
{
    BLEND_TRY_VOID(check_text(sentence, kMaxMnemonicLength));
    std::string out;
    for (const std::string_view word : split_words(sentence)) {
        if (!out.empty())
            out += ' ';
        out += word;
    }
    return out;
}

Result<void, MnemonicError> validate_mnemonic(std::string_view sentence)
{
    BLEND_TRY_VOID(check_text(sentence, kMaxMnemonicLength));
    const std::vector<std::string_view> words = split_words(sentence);
    // BIP-39: ENT of 128..256 bits in steps of 32, CS = ENT / 32, words = (ENT + CS) / 11.
    const size_t n = words.size();
    if (n < 12 || n > 24 || n % 3 != 0)
        return Unexpected{MnemonicError::kWordCount};
    if (!kBip39EnglishAvailable)
        return Unexpected{MnemonicError::kWordListUnavailable};

    // The 11-bit indices, concatenated big-endian: ENT bits of entropy, then CS checksum bits.
    const size_t total_bits = n * 11;
    const size_t checksum_bits = total_bits / 33;
    const size_t entropy_bytes = (total_bits - checksum_bits) / 8;
    std::vector<uint8_t> bits((total_bits + 7) / 8, 0);
    for (size_t w = 0; w < n; ++w) {
        const auto it = std::lower_bound(kBip39English.begin(), kBip39English.end(), words[w]);
        if (it == kBip39English.end() || *it != words[w])
            return Unexpected{MnemonicError::kUnknownWord};
        const auto index = static_cast<uint32_t>(it - kBip39English.begin());
        for (size_t b = 0; b < 11; ++b) {
            if ((index >> (10 - b)) & 1U) {
                const size_t pos = w * 11 + b;
                bits[pos / 8] |= static_cast<uint8_t>(0x80U >> (pos % 8));
            }
        }
    }
    uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(bits.data(), entropy_bytes, digest);
    // checksum_bits <= 8, so the checksum is the top bits of one byte in both strings.
    const auto mask = static_cast<uint8_t>(0xFFU << (8 - checksum_bits));
    if ((bits[entropy_bytes] & mask) != (digest[0] & mask))
        return Unexpected{MnemonicError::kBadChecksum};
    return {};
}

Result<Seed, MnemonicError> mnemonic_to_seed(std::string_view sentence, std::string_view passphrase)
{
    BLEND_TRY(const std::string password, normalize_mnemonic(sentence));
    BLEND_TRY_VOID(check_text(passphrase, kMaxPassphraseLength));
    std::string salt = "mnemonic";
    salt.append(passphrase);
    Seed seed;
    const int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                                     reinterpret_cast<const unsigned char*>(salt.data()),
                                     static_cast<int>(salt.size()), kPbkdf2Rounds, EVP_sha512(),
                                     static_cast<int>(Seed::kSize), seed.data());
    BLEND_ASSERT(ok == 1);
    return seed;
}

}  // namespace blend::genesis
