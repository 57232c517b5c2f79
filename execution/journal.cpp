// SPDX-License-Identifier: Apache-2.0
#include "execution/journal.hpp"

#include "core/assert.hpp"

#include <algorithm>

namespace blend::execution {

namespace {

/// The RIPEMD-160 precompile, 0x…03 (Yellow Paper Appendix E).
constexpr Address kRipemd160Address{
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03}}};

const CodePtr& empty_code()
{
    static const CodePtr kEmpty = std::make_shared<const Bytes>();
    return kEmpty;
}

}  // namespace

JournaledState::AccountEntry& JournaledState::load(const Address& address)
{
    auto it = accounts_.find(address);
    if (it == accounts_.end())
        it = accounts_.emplace(address, AccountEntry{reader_.account(address), nullptr}).first;
    return it->second;
}

JournaledState::SlotEntry& JournaledState::load_slot(const Address& address, const Hash& slot)
{
    const SlotKey key{address, slot};
    auto it = storage_.find(key);
    if (it == storage_.end()) {
        const Hash value = reader_.storage(address, slot);
        it = storage_.emplace(key, SlotEntry{value, value}).first;
    }
    return it->second;
}

const Account* JournaledState::find(const Address& address)
{
    const AccountEntry& e = load(address);
    return e.account ? &*e.account : nullptr;
}

Account JournaledState::get(const Address& address)
{
    const Account* a = find(address);
    return a != nullptr ? *a : Account{};
}

CodePtr JournaledState::code(const Address& address)
{
    AccountEntry& e = load(address);
    if (!e.account || e.account->code_hash == kEmptyCodeHash)
        return empty_code();
    if (!e.code) {
        e.code = code_by_hash(e.account->code_hash);
        // A code hash without its code is a corrupt store, not something a contract can cause.
        BLEND_ASSERT(e.code != nullptr);
    }
    return e.code;
}

CodePtr JournaledState::code_by_hash(const Hash& code_hash)
{
    if (code_hash == kEmptyCodeHash)
        return empty_code();
    const auto it = new_code_.find(code_hash);
    if (it != new_code_.end())
        return it->second;
    return reader_.code(code_hash);
}

Account& JournaledState::modify(const Address& address)
{
    AccountEntry& e = load(address);
    journal_.push_back(Entry{Kind::kAccount, address, {}, e.account, e.code, 0});
    dirty_accounts_.insert(address);
    mark_touched(address);
    if (!e.account)
        e.account.emplace();
    return *e.account;
}

void JournaledState::set_nonce(const Address& address, uint64_t nonce)
{
    modify(address).nonce = nonce;
}

void JournaledState::set_balance(const Address& address, const U256& balance)
{
    modify(address).balance = balance;
}

void JournaledState::add_balance(const Address& address, const U256& amount)
{
    Account& a = modify(address);
    a.balance = a.balance + amount;
}

bool JournaledState::sub_balance(const Address& address, const U256& amount)
{
    if (get(address).balance < amount)
        return false;
    Account& a = modify(address);
    a.balance = a.balance - amount;
    return true;
}

bool JournaledState::transfer(const Address& from, const Address& to, const U256& amount)
{
    if (!sub_balance(from, amount))
        return false;
    add_balance(to, amount);
    return true;
}

void JournaledState::set_code(const Address& address, Bytes code)
{
    const Hash hash = keccak256(code);
    const uint64_t size = code.size();
    CodePtr ptr = code_by_hash(hash);
    if (!ptr) {
        ptr = std::make_shared<const Bytes>(std::move(code));
        new_code_.emplace(hash, ptr);
    }
    Account& a = modify(address);
    a.code_hash = hash;
    a.code_size = size;
    load(address).code = size == 0 ? empty_code() : ptr;
}

void JournaledState::mark_touched(const Address& address)
{
    if (touched_.insert(address).second)
        journal_.push_back(Entry{Kind::kTouched, address, {}, {}, {}, 0});
}

void JournaledState::touch(const Address& address)
{
    if (!exists(address))
        (void)modify(address);
    mark_touched(address);
}

bool JournaledState::can_create_at(const Address& address)
{
    const Account* a = find(address);
    if (a != nullptr && (a->nonce != 0 || a->code_hash != kEmptyCodeHash))
        return false;
    // EIP-7610: storage written earlier in this block counts, as does the reader's.
    for (const auto& [key, entry] : storage_)
        if (key.address == address && !entry.current.is_zero())
            return false;
    bool cleared_here = false;
    for (const auto& [key, entry] : storage_)
        if (key.address == address && entry.current.is_zero() && !entry.original.is_zero())
            cleared_here = true;
    return cleared_here || !reader_.has_storage(address);
}

Hash JournaledState::storage(const Address& address, const Hash& slot)
{
    return load_slot(address, slot).current;
}

Hash JournaledState::original_storage(const Address& address, const Hash& slot)
{
    return load_slot(address, slot).original;
}

void JournaledState::set_storage(const Address& address, const Hash& slot, const Hash& value)
{
    SlotEntry& e = load_slot(address, slot);
    journal_.push_back(Entry{Kind::kStorage, address, slot, std::nullopt, nullptr, 0});
    prev_values_.push_back(e.current);
    e.current = value;
    dirty_slots_.insert(SlotKey{address, slot});
    tx_slots_.push_back(SlotKey{address, slot});
}

Hash JournaledState::transient(const Address& address, const Hash& slot) const
{
    const auto it = transient_.find(SlotKey{address, slot});
    return it == transient_.end() ? Hash{} : it->second;
}

void JournaledState::set_transient(const Address& address, const Hash& slot, const Hash& value)
{
    journal_.push_back(Entry{Kind::kTransient, address, slot, std::nullopt, nullptr, 0});
    prev_values_.push_back(transient(address, slot));
    transient_[SlotKey{address, slot}] = value;
}

bool JournaledState::access_address(const Address& address)
{
    if (!warm_addresses_.insert(address).second)
        return false;
    journal_.push_back(Entry{Kind::kWarmAddress, address, {}, std::nullopt, nullptr, 0});
    return true;
}

bool JournaledState::is_warm(const Address& address) const
{
    return warm_addresses_.contains(address);
}

bool JournaledState::access_slot(const Address& address, const Hash& slot)
{
    if (!warm_slots_.insert(SlotKey{address, slot}).second)
        return false;
    journal_.push_back(Entry{Kind::kWarmSlot, address, slot, std::nullopt, nullptr, 0});
    return true;
}

void JournaledState::add_log(Log log)
{
    journal_.push_back(Entry{Kind::kLog, {}, {}, std::nullopt, nullptr, 0});
    logs_.push_back(std::move(log));
}

void JournaledState::add_refund(int64_t delta)
{
    journal_.push_back(Entry{Kind::kRefund, {}, {}, std::nullopt, nullptr, refund_});
    refund_ += delta;
}

void JournaledState::mark_created(const Address& address)
{
    if (created_.insert(address).second)
        journal_.push_back(Entry{Kind::kCreated, address, {}, std::nullopt, nullptr, 0});
}

bool JournaledState::created_in_tx(const Address& address) const
{
    return created_.contains(address);
}

void JournaledState::mark_destroyed(const Address& address)
{
    if (destroyed_.insert(address).second)
        journal_.push_back(Entry{Kind::kDestroyed, address, {}, std::nullopt, nullptr, 0});
}

void JournaledState::revert(size_t checkpoint)
{
    BLEND_ASSERT(checkpoint <= journal_.size());
    while (journal_.size() > checkpoint) {
        Entry& e = journal_.back();
        switch (e.kind) {
        case Kind::kAccount: {
            AccountEntry& a = accounts_[e.address];
            a.account = e.account;
            a.code = e.code;
            break;
        }
        case Kind::kStorage:
            storage_[SlotKey{e.address, e.slot}].current = prev_values_.back();
            prev_values_.pop_back();
            break;
        case Kind::kTransient:
            transient_[SlotKey{e.address, e.slot}] = prev_values_.back();
            prev_values_.pop_back();
            break;
        case Kind::kWarmAddress:
            warm_addresses_.erase(e.address);
            break;
        case Kind::kWarmSlot:
            warm_slots_.erase(SlotKey{e.address, e.slot});
            break;
        case Kind::kLog:
            logs_.pop_back();
            break;
        case Kind::kRefund:
            refund_ = e.refund;
            break;
        case Kind::kCreated:
            created_.erase(e.address);
            break;
        case Kind::kDestroyed:
            destroyed_.erase(e.address);
            break;
        case Kind::kTouched:
            // A reverted touch is undone (EIP-161 as geth and the execution specs apply it),
            // except for the RIPEMD-160 precompile's account: mainnet block 2,675,119 cleared that
            // empty account although the call touching it ran out of gas, and the specs keep the
            // exemption (EELS incorporate_child_on_error).
            if (e.address != kRipemd160Address)
                touched_.erase(e.address);
            break;
        }
        journal_.pop_back();
    }
}

std::vector<Log> JournaledState::finish_transaction()
{
    for (const Address& address : destroyed_) {
        AccountEntry& a = accounts_[address];
        a.account.reset();
        a.code = nullptr;
        dirty_accounts_.insert(address);
        // The account was created in this transaction (EIP-6780), so every slot it has was
        // written here and is in the cache.
        for (auto& [key, slot] : storage_) {
            if (key.address == address && !slot.current.is_zero()) {
                slot.current = Hash{};
                dirty_slots_.insert(key);
            }
        }
    }
    for (const Address& address : touched_) {
        AccountEntry& a = accounts_[address];
        if (a.account && a.account->is_empty()) {
            a.account.reset();
            a.code = nullptr;
            dirty_accounts_.insert(address);
        }
    }
    for (const SlotKey& key : tx_slots_) {
        SlotEntry& slot = storage_[key];
        slot.original = slot.current;
    }
    tx_slots_.clear();
    std::vector<Log> logs = std::move(logs_);
    logs_.clear();
    transient_.clear();
    warm_addresses_.clear();
    warm_slots_.clear();
    created_.clear();
    destroyed_.clear();
    touched_.clear();
    journal_.clear();
    prev_values_.clear();
    refund_ = 0;
    return logs;
}

void JournaledState::discard_transaction()
{
    revert(0);
    tx_slots_.clear();
    logs_.clear();
    transient_.clear();
    warm_addresses_.clear();
    warm_slots_.clear();
    created_.clear();
    destroyed_.clear();
    touched_.clear();
    refund_ = 0;
}

StateDiff JournaledState::diff()
{
    StateDiff out;
    for (const Address& address : dirty_accounts_) {
        const std::optional<Account>& now = accounts_[address].account;
        if (now != reader_.account(address))
            out.accounts.emplace(address, now);
    }
    for (const SlotKey& key : dirty_slots_) {
        const Hash& now = storage_[key].current;
        if (now != reader_.storage(key.address, key.slot))
            out.storage.emplace(key, now);
    }
    // Code of accounts that still point at it; code stored and then reverted is dropped.
    for (const auto& [address, account] : out.accounts) {
        if (!account || account->code_hash == kEmptyCodeHash)
            continue;
        const auto it = new_code_.find(account->code_hash);
        if (it != new_code_.end())
            out.code.emplace(it->first, it->second);
    }
    return out;
}

}  // namespace blend::execution
