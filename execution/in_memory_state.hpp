// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "execution/state.hpp"

#include <unordered_map>

namespace blend::execution {

/// A StateReader over hash maps, for tests, benchmarks and tools. apply() takes a block's
/// StateDiff, so a sequence of blocks can run on it.
class InMemoryState final : public StateReader {
public:
    [[nodiscard]] std::optional<Account> account(const Address& address) const override;
    [[nodiscard]] Hash storage(const Address& address, const Hash& slot) const override;
    [[nodiscard]] bool has_storage(const Address& address) const override;
    [[nodiscard]] CodePtr code(const Hash& code_hash) const override;
    [[nodiscard]] Hash block_hash(uint64_t number) const override;

    void set_account(const Address& address, const Account& account);
    /// Stores `code` and points the account at it (creating the account if needed).
    void set_code(const Address& address, Bytes code);
    void set_balance(const Address& address, const U256& balance);
    void set_storage(const Address& address, const Hash& slot, const Hash& value);
    void set_block_hash(uint64_t number, const Hash& hash);
    void apply(const StateDiff& diff);

private:
    std::unordered_map<Address, Account, AddressHasher> accounts_;
    std::unordered_map<SlotKey, Hash, SlotKeyHasher> storage_;
    std::unordered_map<Address, uint64_t, AddressHasher> slot_counts_;
    std::map<Hash, CodePtr> code_;
    std::unordered_map<uint64_t, Hash> block_hashes_;
};

}  // namespace blend::execution
