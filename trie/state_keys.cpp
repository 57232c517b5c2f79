// SPDX-License-Identifier: Apache-2.0
#include "trie/state_keys.hpp"

#include <cstring>

namespace blend::trie {

Fr storage_key(const Address& address, const Hash& slot) noexcept
{
    Hash padded;  // the address as an integer: 12 zero bytes, then the 20 bytes big-endian
    std::memcpy(padded.data() + 12, address.data(), Address::size());
    const auto a = field::fr_from_hash(padded);
    BLEND_ASSERT(a.has_value());  // < 2^160 < r
    return poseidon::hash_domain(kDomainStorageKey, *a, compress_word(slot));
}

std::array<Hash, 3> account_words(const AccountLeaf& account) noexcept
{
    Hash w0;
    for (int i = 0; i < 8; ++i) {
        w0[16 + i] = static_cast<uint8_t>(account.code_size >> (56 - 8 * i));
        w0[24 + i] = static_cast<uint8_t>(account.nonce >> (56 - 8 * i));
    }
    return {w0, account.balance, account.code_hash};
}

Fr account_value_hash(const AccountLeaf& account) noexcept
{
    const auto words = account_words(account);
    const auto h = leaf_value_hash(words, kAccountCompressedFlags);
    BLEND_ASSERT(h.has_value());  // w0 < 2^128 and the other words are compressed
    return *h;
}

}  // namespace blend::trie
