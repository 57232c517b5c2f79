// SPDX-License-Identifier: Apache-2.0
#include "execution/in_memory_state.hpp"

namespace blend::execution {

std::optional<Account> InMemoryState::account(const Address& address) const
{
    const auto it = accounts_.find(address);
    if (it == accounts_.end())
        return std::nullopt;
    return it->second;
}

Hash InMemoryState::storage(const Address& address, const Hash& slot) const
{
    const auto it = storage_.find(SlotKey{address, slot});
    return it == storage_.end() ? Hash{} : it->second;
}

bool InMemoryState::has_storage(const Address& address) const
{
    const auto it = slot_counts_.find(address);
    return it != slot_counts_.end() && it->second != 0;
}

CodePtr InMemoryState::code(const Hash& code_hash) const
{
    const auto it = code_.find(code_hash);
    return it == code_.end() ? nullptr : it->second;
}

Hash InMemoryState::block_hash(uint64_t number) const
{
    const auto it = block_hashes_.find(number);
    return it == block_hashes_.end() ? Hash{} : it->second;
}

void InMemoryState::set_account(const Address& address, const Account& account)
{
    accounts_[address] = account;
}

void InMemoryState::set_code(const Address& address, Bytes code)
{
    const Hash hash = keccak256(code);
    Account& a = accounts_[address];
    a.code_hash = hash;
    a.code_size = code.size();
    code_[hash] = std::make_shared<const Bytes>(std::move(code));
}

void InMemoryState::set_balance(const Address& address, const U256& balance)
{
    accounts_[address].balance = balance;
}

void InMemoryState::set_storage(const Address& address, const Hash& slot, const Hash& value)
{
    const SlotKey key{address, slot};
    const auto it = storage_.find(key);
    if (value.is_zero()) {
        if (it != storage_.end()) {
            storage_.erase(it);
            --slot_counts_[address];
        }
        return;
    }
    if (it == storage_.end()) {
        storage_.emplace(key, value);
        ++slot_counts_[address];
    } else {
        it->second = value;
    }
}

void InMemoryState::set_block_hash(uint64_t number, const Hash& hash)
{
    block_hashes_[number] = hash;
}

void InMemoryState::apply(const StateDiff& diff)
{
    for (const auto& [hash, code] : diff.code)
        code_[hash] = code;
    for (const auto& [address, account] : diff.accounts) {
        if (account)
            accounts_[address] = *account;
        else
            accounts_.erase(address);
    }
    for (const auto& [key, value] : diff.storage)
        set_storage(key.address, key.slot, value);
}

}  // namespace blend::execution
