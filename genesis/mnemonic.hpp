// SPDX-License-Identifier: Apache-2.0
#pragma once

// BIP-39 mnemonic sentences: checksum validation against the English word list and the seed
// (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" ‖ passphrase).

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace blend::genesis {

enum class MnemonicError : uint8_t {
    kTooLong = 1,          ///< longer than kMaxMnemonicLength / kMaxPassphraseLength
    kNonAscii,             ///< a byte >= 0x80 (we do not implement BIP-39's NFKD normalization)
    kWordCount,            ///< not 12, 15, 18, 21 or 24 words (BIP-39, "Generating the mnemonic")
    kUnknownWord,          ///< a word that is not in the English list
    kBadChecksum,          ///< the last ENT/32 bits are not the start of sha256(entropy)
    kWordListUnavailable,  ///< the build found no word list, so the checksum cannot be checked
};

[[nodiscard]] const char* to_string(MnemonicError e) noexcept;

/// Our bound on the sentence: 24 words of at most 8 letters need 215 characters; the rest is room
/// for extra whitespace. Outsiders (command line, config) supply mnemonics.
inline constexpr size_t kMaxMnemonicLength = 1024;
/// Our bound on the passphrase (BIP-39 sets none; PBKDF2 would hash any length).
inline constexpr size_t kMaxPassphraseLength = 1024;

/// The seed is 512 bits (BIP-39, "From mnemonic to seed").
using Seed = FixedBytes<64>;

/// The words of `sentence` separated by single spaces (runs of ASCII whitespace collapse, leading
/// and trailing whitespace goes): the form the seed is computed from, as ethers does.
[[nodiscard]] Result<std::string, MnemonicError> normalize_mnemonic(std::string_view sentence);

/// Checks word count, words and checksum (BIP-39, "Generating the mnemonic").
[[nodiscard]] Result<void, MnemonicError> validate_mnemonic(std::string_view sentence);

/// PBKDF2-HMAC-SHA512(password = normalized sentence, salt = "mnemonic" ‖ passphrase, 2048).
/// Does not check the checksum: BIP-39 defines a seed for any sentence.
[[nodiscard]] Result<Seed, MnemonicError> mnemonic_to_seed(std::string_view sentence,
                                                           std::string_view passphrase);

}  // namespace blend::genesis
