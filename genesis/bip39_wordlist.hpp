// SPDX-License-Identifier: Apache-2.0
#pragma once

// The BIP-39 English word list, generated at build time from an installed copy
// (genesis/cmake/gen_bip39_wordlist.cmake) instead of being pasted into the repository.

#include <array>
#include <cstddef>
#include <string_view>

namespace blend::genesis {

/// BIP-39 ("Wordlist"): 2048 words, so each word carries 11 bits.
inline constexpr size_t kBip39WordCount = 2048;

/// The words in ascending order (a binary search finds a word's index); all empty when the build
/// found no source for the list (kBip39EnglishAvailable is then false).
extern const std::array<std::string_view, kBip39WordCount> kBip39English;
extern const bool kBip39EnglishAvailable;

}  // namespace blend::genesis
