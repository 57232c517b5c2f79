// SPDX-License-Identifier: Apache-2.0
// Ethereum's world-state root (Yellow Paper §4.1 and Appendix D): a *secure* Merkle-Patricia
// trie, whose keys are keccak256 of the real key, over accounts encoded as
// rlp([nonce, balance, storageRoot, codeHash]), with one storage trie per account mapping
// keccak256(slot) → rlp(value). Blend's own state root is the Poseidon SMBT (trie/); this one
// exists to check Ethereum's conformance fixtures, which give only the MPT root of the post-state.
#pragma once

#include "core/bytes.hpp"
#include "core/keccak.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/u256.hpp"

#include <cstdint>
#include <span>

namespace blend {

/// The four fields of an account leaf (Yellow Paper §4.1: σ[a]n, σ[a]b, σ[a]s, σ[a]c).
struct StateAccount {
    uint64_t nonce = 0;
    U256 balance;
    Hash storage_root = kEmptyTrieRoot;
    Hash code_hash = kEmptyCodeHash;

    friend bool operator==(const StateAccount&, const StateAccount&) = default;
};

/// rlp([nonce, balance, storageRoot, codeHash]): the value of an account's leaf.
[[nodiscard]] Bytes encode_state_account(const StateAccount& account);

/// The root of the secure trie holding `entries`: each key is replaced by its keccak-256
/// (Yellow Paper §4.1, the "secure" trie TRIE(L_I*) keyed by KEC(a)). Empty values are absent.
/// Keys must be distinct.
[[nodiscard]] Hash secure_trie_root(std::span<const TrieEntry> entries);

/// One storage slot: its 32-byte key and its value.
struct StorageEntry {
    Hash slot;
    U256 value;
};

/// The storage root of an account: keccak256(slot) → rlp(value), where the value is the
/// integer's shortest big-endian form (Yellow Paper §4.1, eq. 8); zero values are absent.
[[nodiscard]] Hash storage_root(std::span<const StorageEntry> slots);

/// One account of the world state.
struct StateEntry {
    Address address;
    StateAccount account;
};

/// The world-state root: keccak256(address) → encode_state_account(account). Every listed
/// account is present, empty or not (whether an empty account exists is the caller's rule, e.g.
/// EIP-161). Addresses must be distinct.
[[nodiscard]] Hash state_root(std::span<const StateEntry> accounts);

}  // namespace blend
