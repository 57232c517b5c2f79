// SPDX-License-Identifier: Apache-2.0
#pragma once

// A plain model of the state for the state-store tests: maps of accounts and slots, with the root
// computed by MemTrie from the full leaf set (an implementation independent of trie/store's lazy,
// versioned commit), and random write sets.

#include "trie/mem_trie.hpp"
#include "trie/store/state_types.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <utility>

namespace blend::trie_test {

struct StateModel {
    std::map<std::array<uint8_t, 20>, trie::AccountLeaf> accounts;
    std::map<std::pair<std::array<uint8_t, 20>, std::array<uint8_t, 32>>, Hash> slots;

    void apply(const trie::WriteSet& ws)
    {
        for (const auto& w : ws.accounts) {
            if (w.account)
                accounts[w.address.bytes] = *w.account;
            else
                accounts.erase(w.address.bytes);
        }
        for (const auto& w : ws.slots) {
            const bool zero = w.value.bytes == Hash{}.bytes;
            if (zero)
                slots.erase({w.address.bytes, w.slot.bytes});
            else
                slots[{w.address.bytes, w.slot.bytes}] = w.value;
        }
    }

    [[nodiscard]] field::Fr root() const
    {
        std::vector<trie::LeafUpdate> updates;
        for (const auto& [a, acct] : accounts)
            updates.push_back({trie::account_key(Address{a}), trie::account_value_hash(acct)});
        for (const auto& [k, v] : slots)
            updates.push_back(
                {trie::storage_key(Address{k.first}, Hash{k.second}), trie::storage_value_hash(v)});
        trie::MemTrie t;
        REQUIRE(t.apply(std::move(updates)).has_value());
        return t.root_hash();
    }
};

inline Address test_address(uint64_t i)
{
    Address a;
    for (size_t b = 0; b < 8; ++b)
        a.bytes[19 - b] = static_cast<uint8_t>(i >> (8 * b));
    a.bytes[0] = 0xaa;
    return a;
}

inline Hash test_word(uint64_t v)
{
    Hash h;
    for (size_t b = 0; b < 8; ++b)
        h.bytes[31 - b] = static_cast<uint8_t>(v >> (8 * b));
    return h;
}

/// A random write set over `n_accounts` addresses and `n_slots` slots of 4 contracts, with
/// deletions (about one write in five).
inline trie::WriteSet random_write_set(std::mt19937_64& rng,
                                       size_t writes,
                                       uint64_t n_accounts,
                                       uint64_t n_slots)
{
    trie::WriteSet ws;
    std::map<uint64_t, bool> used_a;
    std::map<uint64_t, bool> used_s;
    for (size_t i = 0; i < writes; ++i) {
        if (rng() % 2 == 0) {
            const uint64_t idx = rng() % n_accounts;
            if (used_a[idx])
                continue;
            used_a[idx] = true;
            trie::AccountWrite w{test_address(idx), std::nullopt};
            if (rng() % 5 != 0)
                w.account = trie::AccountLeaf{rng() % 1000, test_word(rng()), test_word(rng() % 3),
                                              rng() % 100};
            ws.accounts.push_back(w);
        } else {
            const uint64_t idx = rng() % n_slots;
            if (used_s[idx])
                continue;
            used_s[idx] = true;
            const Hash value = rng() % 5 == 0 ? Hash{} : test_word(rng() | 1);
            ws.slots.push_back({test_address(1'000'000 + idx % 4), test_word(idx), value});
        }
    }
    return ws;
}

}  // namespace blend::trie_test

namespace blend::trie_test {

/// The crash test's write set of block n: a function of (seed, n) only.
inline trie::WriteSet crash_write_set(uint64_t seed, uint64_t n)
{
    std::mt19937_64 rng(seed * 1'000'003 + n);
    return random_write_set(rng, n == 0 ? 200 : 24, 400, 300);
}

}  // namespace blend::trie_test
