// SPDX-License-Identifier: Apache-2.0
#pragma once

// Keys and leaf values of the global state trie (reference/trie.md §5.2, §5.3): one trie holds
// every account and every storage slot.

#include "core/bytes.hpp"
#include "trie/node.hpp"

#include <array>
#include <cstdint>

namespace blend::trie {

/// The account fields the trie commits to (no storage root: storage lives in the same trie).
struct AccountLeaf {
    uint64_t nonce = 0;
    Hash balance;    ///< u256, big-endian
    Hash code_hash;  ///< keccak-256 of the code (kEmptyCodeHash for accounts without code)
    uint64_t code_size = 0;
};

/// Account leaf: 3 words, words 1 and 2 compressed (flags 0b110), trie.md §5.3.
inline constexpr uint32_t kAccountCompressedFlags = 0b110;
/// Storage leaf: 1 word, compressed (flags 0b1).
inline constexpr uint32_t kStorageCompressedFlags = 0b1;

/// K_s(A, s) = H_16(A as a 160-bit integer, C(s)) (trie.md §5.2; domain 16 is ours, so storage keys
/// can never equal account keys, which use domain 512).
[[nodiscard]] Fr storage_key(const Address& address, const Hash& slot) noexcept;

/// w0 = 16 zero bytes ‖ code_size u64 BE ‖ nonce u64 BE; w1 = balance; w2 = code hash.
[[nodiscard]] std::array<Hash, 3> account_words(const AccountLeaf& account) noexcept;

/// H_768(H_768(w0, C(w1)), C(w2)).
[[nodiscard]] Fr account_value_hash(const AccountLeaf& account) noexcept;

/// C(value). A zero value is not stored: the slot's leaf is deleted.
[[nodiscard]] inline Fr storage_value_hash(const Hash& value) noexcept
{
    return compress_word(value);
}

}  // namespace blend::trie
