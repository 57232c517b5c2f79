// SPDX-License-Identifier: Apache-2.0
#include "core/trie/state_root.hpp"

#include "core/rlp/rlp.hpp"

#include <vector>

namespace blend {

Bytes encode_state_account(const StateAccount& account)
{
    Bytes payload;
    rlp::encode_uint64(payload, account.nonce);
    rlp::encode_u256(payload, account.balance);
    rlp::encode_hash(payload, account.storage_root);
    rlp::encode_hash(payload, account.code_hash);
    return rlp::wrap_list(payload);
}

Hash secure_trie_root(std::span<const TrieEntry> entries)
{
    std::vector<Hash> hashed_keys;
    hashed_keys.reserve(entries.size());
    for (const auto& entry : entries)
        hashed_keys.push_back(keccak256(entry.key));
    std::vector<TrieEntry> hashed;
    hashed.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i)
        hashed.push_back({hashed_keys[i].view(), entries[i].value});
    return trie_root(hashed);
}

Hash storage_root(std::span<const StorageEntry> slots)
{
    std::vector<Bytes> values;
    values.reserve(slots.size());
    for (const auto& slot : slots) {
        Bytes value;
        if (!slot.value.is_zero())
            rlp::encode_u256(value, slot.value);
        values.push_back(std::move(value));  // empty: absent (a zero slot is not stored)
    }
    std::vector<TrieEntry> entries;
    entries.reserve(slots.size());
    for (size_t i = 0; i < slots.size(); ++i)
        entries.push_back({slots[i].slot.view(), values[i]});
    return secure_trie_root(entries);
}

Hash state_root(std::span<const StateEntry> accounts)
{
    std::vector<Bytes> values;
    values.reserve(accounts.size());
    for (const auto& entry : accounts)
        values.push_back(encode_state_account(entry.account));
    std::vector<TrieEntry> entries;
    entries.reserve(accounts.size());
    for (size_t i = 0; i < accounts.size(); ++i)
        entries.push_back({accounts[i].address.view(), values[i]});
    return secure_trie_root(entries);
}

}  // namespace blend
