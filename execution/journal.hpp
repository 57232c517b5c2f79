// SPDX-License-Identifier: Apache-2.0
// The journaled state of a block: reads go through to a StateReader once and are cached; every
// write of a transaction is recorded in an undo journal, so a frame's changes can be reverted
// exactly (revert(checkpoint)) while its parent's stay.
#pragma once

#include "core/types/log.hpp"
#include "execution/state.hpp"

#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace blend::execution {

class JournaledState {
public:
    explicit JournaledState(const StateReader& reader) : reader_(reader) {}

    // --- accounts -------------------------------------------------------------------------
    /// nullptr when the account does not exist.
    [[nodiscard]] const Account* find(const Address& address);
    /// The account, or an empty one when it does not exist.
    [[nodiscard]] Account get(const Address& address);
    [[nodiscard]] bool exists(const Address& address) { return find(address) != nullptr; }
    /// The account's code (empty, never null, for accounts without code).
    [[nodiscard]] CodePtr code(const Address& address);
    /// Code by hash: the block's new code first, then the reader; nullptr when unknown.
    [[nodiscard]] CodePtr code_by_hash(const Hash& code_hash);

    void set_nonce(const Address& address, uint64_t nonce);
    void set_balance(const Address& address, const U256& balance);
    void add_balance(const Address& address, const U256& amount);
    /// false (and nothing changes) when the balance is below `amount`.
    [[nodiscard]] bool sub_balance(const Address& address, const U256& amount);
    /// false (and nothing changes) when `from` holds less than `amount`.
    [[nodiscard]] bool transfer(const Address& from, const Address& to, const U256& amount);
    void set_code(const Address& address, Bytes code);
    /// Makes sure the account exists (a touch that creates an empty account).
    void touch(const Address& address);
    /// Whether CREATE may use this address: no nonce, no code, no storage (EIP-684, EIP-7610).
    [[nodiscard]] bool can_create_at(const Address& address);

    /// The hash of block `number` from the reader (BLOCK_HASH checks the window).
    [[nodiscard]] Hash block_hash_of(uint64_t number) const { return reader_.block_hash(number); }

    // --- storage (EIP-2200 needs the value at the start of the transaction) ---------------
    [[nodiscard]] Hash storage(const Address& address, const Hash& slot);
    [[nodiscard]] Hash original_storage(const Address& address, const Hash& slot);
    void set_storage(const Address& address, const Hash& slot, const Hash& value);

    // --- EIP-1153 transient storage (cleared at the end of each transaction) --------------
    [[nodiscard]] Hash transient(const Address& address, const Hash& slot) const;
    void set_transient(const Address& address, const Hash& slot, const Hash& value);

    // --- EIP-2929 / EIP-2930 access sets ----------------------------------------------------
    /// Warms the address; returns true when it was cold.
    bool access_address(const Address& address);
    [[nodiscard]] bool is_warm(const Address& address) const;
    /// Warms the slot; returns true when it was cold.
    bool access_slot(const Address& address, const Hash& slot);

    // --- logs, EIP-3529 refund counter, EIP-6780 bookkeeping --------------------------------
    void add_log(Log log);
    [[nodiscard]] const std::vector<Log>& logs() const noexcept { return logs_; }
    void add_refund(int64_t delta);
    [[nodiscard]] int64_t refund() const noexcept { return refund_; }
    void mark_created(const Address& address);
    [[nodiscard]] bool created_in_tx(const Address& address) const;
    /// EIP-6780: an account created in this transaction is deleted at its end.
    void mark_destroyed(const Address& address);

    // --- checkpoints --------------------------------------------------------------------------
    [[nodiscard]] size_t checkpoint() const noexcept { return journal_.size(); }
    /// Undoes every change made after `checkpoint`.
    void revert(size_t checkpoint);

    /// Ends a transaction: deletes self-destructed and touched empty accounts (EIP-6780,
    /// EIP-161), makes the current slot values the new originals, clears transient storage,
    /// access sets, logs, refunds and the journal. Returns the logs.
    std::vector<Log> finish_transaction();
    /// Ends a failed-validation attempt or a dry run: drops everything since the last
    /// finish_transaction.
    void discard_transaction();

    /// The block's write set so far: every account, slot and code that differs from the reader.
    [[nodiscard]] StateDiff diff();

private:
    struct AccountEntry {
        std::optional<Account> account;
        CodePtr code;  ///< loaded lazily
    };
    struct SlotEntry {
        Hash original;  ///< at the start of the transaction
        Hash current;
    };
    enum class Kind : uint8_t {
        kAccount,
        kStorage,
        kTransient,
        kWarmAddress,
        kWarmSlot,
        kLog,
        kRefund,
        kCreated,
        kDestroyed,
        kTouched,
    };
    struct Entry {
        Kind kind;
        Address address;
        Hash slot;
        std::optional<Account> account;
        CodePtr code;
        int64_t refund = 0;
    };

    AccountEntry& load(const Address& address);
    SlotEntry& load_slot(const Address& address, const Hash& slot);
    /// Records the account's state before a change, then returns it for writing (created empty
    /// if absent).
    Account& modify(const Address& address);
    /// EIP-161: the account was touched in this transaction. Journaled, so a reverted frame's
    /// touches are undone (an empty account it touched survives), except RIPEMD-160's (below).
    void mark_touched(const Address& address);

    const StateReader& reader_;
    std::unordered_map<Address, AccountEntry, AddressHasher> accounts_;
    std::unordered_map<SlotKey, SlotEntry, SlotKeyHasher> storage_;
    std::unordered_map<SlotKey, Hash, SlotKeyHasher> transient_;
    std::unordered_set<Address, AddressHasher> warm_addresses_;
    std::unordered_set<SlotKey, SlotKeyHasher> warm_slots_;
    std::unordered_set<Address, AddressHasher> created_;
    std::unordered_set<Address, AddressHasher> destroyed_;
    /// Touched (written, or called) in this transaction and not reverted since: EIP-161 deletes
    /// those that are empty at its end.
    std::unordered_set<Address, AddressHasher> touched_;
    std::unordered_set<Address, AddressHasher> dirty_accounts_;
    std::unordered_set<SlotKey, SlotKeyHasher> dirty_slots_;
    /// Slots written in this transaction (their originals move at its end; keeping the list
    /// makes that O(writes), not O(every slot read in the block)).
    std::vector<SlotKey> tx_slots_;
    std::map<Hash, CodePtr> new_code_;
    std::vector<Log> logs_;
    int64_t refund_ = 0;
    std::vector<Entry> journal_;
    /// Previous values of kStorage / kTransient entries, in journal order.
    std::vector<Hash> prev_values_;
};

}  // namespace blend::execution
