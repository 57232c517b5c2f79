// SPDX-License-Identifier: Apache-2.0
// Genesis → initial state (SMBT leaves and root) → the Prague genesis header and its hash.
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/u256.hpp"
#include "genesis/genesis.hpp"
#include "genesis/system_runtimes.hpp"
#include "trie/node.hpp"

#include <fmt/core.h>

#include <map>

namespace blend::genesis {

std::vector<trie::LeafUpdate> GenesisWriteSet::leaf_updates() const
{
    std::vector<trie::LeafUpdate> out;
    out.reserve(accounts.size() + slots.size());
    for (const Account& a : accounts)
        out.push_back({trie::account_key(a.address), trie::account_value_hash(a.leaf)});
    for (const Slot& s : slots)
        out.push_back({trie::storage_key(s.address, s.slot), trie::storage_value_hash(s.value)});
    return out;
}

namespace {

void add_account(GenesisWriteSet& ws,
                 std::map<Hash, Bytes>& codes,
                 const Address& address,
                 const GenesisAccount& account)
{
    trie::AccountLeaf leaf;
    leaf.nonce = account.nonce;
    leaf.balance = to_hash(account.balance);
    leaf.code_hash = account.code.empty() ? kEmptyCodeHash : keccak256(account.code);
    leaf.code_size = account.code.size();
    if (!account.code.empty())
        codes.emplace(leaf.code_hash, account.code);
    ws.accounts.push_back({address, leaf});
    // A zero value is no slot (trie.md §5.3: writing zero deletes the leaf), as in Ethereum.
    for (const auto& [slot, value] : account.storage)
        if (!value.is_zero())
            ws.slots.push_back({address, slot, value});
}

}  // namespace

GenesisResult<GenesisBlock> build_genesis(const Genesis& genesis)
{
    // Every account of the file is kept, empty ones too (geth commits genesis without removing
    // empty accounts), merged in address order with the system accounts. EVM bytecode in an entry
    // becomes an EVM contract owned by the EVM runtime (docs/abi.md §7); rWasm, ownable and
    // EIP-7702 delegation code is stored as given (alloc_account_code).
    std::map<Address, GenesisAccount> accounts = genesis.alloc;
    for (auto& [address, account] : accounts)
        account.code = alloc_account_code(account.code);
    for (const SystemAccount& system : system_accounts()) {
        if (accounts.count(system.address) != 0)
            return Unexpected{
                GenesisFailure{GenesisError::kReservedAddress, "$.alloc." + to_hex(system.address),
                               fmt::format("the {} account lives there", system.name)}};
        GenesisAccount account;
        account.code = system.code;
        account.nonce = system.nonce;
        accounts.emplace(system.address, std::move(account));
    }

    GenesisBlock block;
    std::map<Hash, Bytes> codes;
    for (const auto& [address, account] : accounts)
        add_account(block.write_set, codes, address, account);
    for (auto& [hash, code] : codes)
        block.write_set.codes.push_back(std::move(code));

    trie::MemTrie state;
    if (auto applied = state.apply(block.write_set.leaf_updates()); !applied)
        return Unexpected{
            GenesisFailure{GenesisError::kTrieError, "$.alloc", trie::to_string(applied.error())}};
    block.state_root = field::fr_to_hash(state.root_hash());

    Header& h = block.header;
    h.parent_hash = Hash{};
    h.coinbase = genesis.coinbase;
    h.state_root = block.state_root;
    h.transactions_root = kEmptyTrieRoot;
    h.receipts_root = kEmptyTrieRoot;
    h.difficulty = genesis.difficulty;
    h.number = 0;
    h.gas_limit = genesis.gas_limit;
    h.gas_used = 0;
    h.timestamp = genesis.timestamp;
    h.extra_data = genesis.extra_data;
    h.mix_hash = genesis.mix_hash;
    for (int i = 0; i < 8; ++i)
        h.nonce[static_cast<size_t>(i)] = static_cast<uint8_t>(genesis.nonce >> (56 - 8 * i));
    h.base_fee_per_gas = genesis.base_fee_per_gas;  // EIP-1559
    h.withdrawals_root = kEmptyTrieRoot;            // EIP-4895: no withdrawals
    h.blob_gas_used = 0;                            // EIP-4844: no blobs on L2
    h.excess_blob_gas = 0;
    h.parent_beacon_block_root = Hash{};   // EIP-4788: no beacon parent at genesis
    h.requests_hash = kEmptyRequestsHash;  // EIP-7685: sha256 of no requests
    auto hash = block_hash(h);
    if (!hash)  // only kExtraDataTooLong is possible, and the parser bounds extraData
        return Unexpected{GenesisFailure{GenesisError::kExtraDataTooLong, "$.extraData",
                                         to_string(hash.error())}};
    block.hash = *hash;
    return block;
}

}  // namespace blend::genesis
