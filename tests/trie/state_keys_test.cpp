// SPDX-License-Identifier: Apache-2.0
// Account and storage leaves of the global trie, composed by hand from the hash primitives as
// reference/trie.md §5.2-5.3 specifies them.
#include "trie/state_keys.hpp"

#include "core/keccak.hpp"
#include "tests/trie/test_util.hpp"

using blend::Hash;
using blend::field::Fr;
using blend::trie_test::fr_from_string;
namespace trie = blend::trie;
namespace poseidon = blend::poseidon;

TEST_CASE("account leaf value hash follows the 3-word layout", "[trie][state]")
{
    trie::AccountLeaf acct;
    acct.nonce = 7;
    acct.code_size = 0x1234;
    acct.balance[31] = 0x2a;
    acct.code_hash = blend::kEmptyCodeHash;
    const auto words = trie::account_words(acct);
    // w0 = 16 zero bytes ‖ code_size BE ‖ nonce BE
    CHECK(blend::to_hex(words[0]) ==
          "0x0000000000000000000000000000000000000000000012340000000000000007");
    const Fr w0 = fr_from_string("0x12340000000000000007");
    const Fr expected = poseidon::hash_domain(
        768, poseidon::hash_domain(768, w0, trie::compress_word(acct.balance)),
        fr_from_string("0x2c20bbbfb9189e9b7d24c0564daffe5ef0f91ec2b117a0ba44597605b34cd897"));
    CHECK(trie::account_value_hash(acct) == expected);
    acct.nonce = 8;
    CHECK_FALSE(trie::account_value_hash(acct) == expected);
}

TEST_CASE("storage keys use domain 16 over (address, C(slot))", "[trie][state]")
{
    const auto address = *blend::address_from_hex("0x1C5A77d9FA7eF466951B2F01F724BCa3A5820b63");
    Hash slot;
    slot[31] = 5;
    const Fr a = fr_from_string("0x1C5A77d9FA7eF466951B2F01F724BCa3A5820b63");
    const Fr scroll_slot_key =
        fr_from_string("0x1aed9d52b6e3489c0ea97983a6dc4fbad57507090547dc83b8830c2ddb885777");
    CHECK(trie::storage_key(address, slot) == poseidon::hash_domain(16, a, scroll_slot_key));
    // Never equal to the account key of the same address, and different per address.
    CHECK_FALSE(trie::storage_key(address, slot) == trie::account_key(address));
    auto other = address;
    other[19] ^= 1;
    CHECK_FALSE(trie::storage_key(other, slot) == trie::storage_key(address, slot));
}
