// SPDX-License-Identifier: Apache-2.0
#include "execution/state_db_reader.hpp"

#include "core/keccak.hpp"
#include "core/u256.hpp"
#include "trie/field/fr.hpp"

#include <memory>
#include <utility>

namespace blend::execution {

StateDbReader::StateDbReader(const trie::StateDb& db,
                             const trie::At& at,
                             BlockHashes block_hashes,
                             VerifiedCodeCache* codes)
    : db_(db), at_(at), block_hashes_(std::move(block_hashes)), shared_codes_(codes)
{}

void StateDbReader::fail(trie::StateError e) const
{
    if (!error_)
        error_ = e;
}

Account account_from_leaf(const trie::AccountLeaf& leaf) noexcept
{
    return Account{leaf.nonce, u256_from_hash(leaf.balance), leaf.code_hash, leaf.code_size};
}

trie::AccountLeaf leaf_from_account(const Account& account) noexcept
{
    return trie::AccountLeaf{account.nonce, to_hash(account.balance), account.code_hash,
                             account.code_size};
}

std::optional<Account> StateDbReader::account(const Address& address) const
{
    auto leaf = db_.account(address, at_);
    if (!leaf) {
        fail(leaf.error());
        return std::nullopt;
    }
    if (!*leaf)
        return std::nullopt;
    return account_from_leaf(**leaf);
}

Hash StateDbReader::storage(const Address& address, const Hash& slot) const
{
    auto value = db_.storage(address, slot, at_);
    if (!value) {
        fail(value.error());
        return Hash{};
    }
    return *value;
}

bool StateDbReader::has_storage(const Address& address) const
{
    bool found = false;
    auto visited = db_.visit_slots(address, at_, [&](const Hash&, const Hash&) {
        found = true;
        return false;  // one slot answers the question
    });
    if (!visited) {
        fail(visited.error());
        return false;
    }
    return found;
}

CodePtr StateDbReader::code(const Hash& code_hash) const
{
    if (shared_codes_) {
        if (CodePtr cached = shared_codes_->find(code_hash))
            return cached;
    } else if (const auto it = own_codes_.find(code_hash); it != own_codes_.end()) {
        return it->second;
    }
    auto code = db_.code(code_hash);
    if (!code) {
        fail(code.error());
        return nullptr;
    }
    if (!*code)
        return nullptr;
    // The module cache runs whatever code is handed out under `code_hash`: a record that does not
    // hash to its key is corruption, never code.
    if (keccak256(**code) != code_hash) {
        fail(trie::StateError::kCorrupt);
        return nullptr;
    }
    CodePtr ptr = std::make_shared<const Bytes>(std::move(**code));
    if (shared_codes_)
        shared_codes_->add(code_hash, ptr);
    else
        own_codes_.emplace(code_hash, ptr);
    return ptr;
}

Hash StateDbReader::block_hash(uint64_t number) const
{
    return block_hashes_ ? block_hashes_(number) : Hash{};
}

Result<trie::WriteSet, trie::StateError> to_write_set(const StateDiff& diff,
                                                      const trie::StateDb& db,
                                                      const trie::At& parent)
{
    trie::WriteSet out;
    out.accounts.reserve(diff.accounts.size());
    for (const auto& [address, account] : diff.accounts) {
        std::optional<trie::AccountLeaf> leaf;
        if (account)
            leaf = leaf_from_account(*account);
        out.accounts.push_back({address, leaf});
    }
    const auto deleted = [&](const Address& a) {
        const auto it = diff.accounts.find(a);
        return it != diff.accounts.end() && !it->second.has_value();
    };
    out.slots.reserve(diff.storage.size());
    for (const auto& [key, value] : diff.storage)
        out.slots.push_back({key.address, key.slot, deleted(key.address) ? Hash{} : value});
    // A deleted account's stored slots: zero writes for those the diff does not already list.
    // Stop at the store's write-set bound rather than list an unbounded account into memory.
    bool too_large = false;
    for (const auto& [deleted_address, account] : diff.accounts) {
        if (account)
            continue;
        // A named copy: clang 14 cannot capture a structured binding in a lambda (P1091, clang 16).
        const Address& address = deleted_address;
        BLEND_TRY_VOID(db.visit_slots(address, parent, [&](const Hash& slot, const Hash&) {
            if (!diff.storage.contains(SlotKey{address, slot}))
                out.slots.push_back({address, slot, Hash{}});
            too_large = out.accounts.size() + out.slots.size() > trie::kMaxWriteSetEntries;
            return !too_large;
        }));
        if (too_large)
            return Unexpected{trie::StateError::kWriteSetTooLarge};
    }
    out.codes.reserve(diff.code.size());
    for (const auto& [hash, code] : diff.code)
        out.codes.push_back(*code);
    return out;
}

const char* to_string(StateBlockError e) noexcept
{
    switch (e) {
    case StateBlockError::kInvalidBlock:
        return "invalid block: a transaction was refused";
    case StateBlockError::kUnknownParent:
        return "unknown parent block";
    case StateBlockError::kWrongNumber:
        return "block number is not the parent's number + 1";
    case StateBlockError::kStateRead:
        return "state store read failed while executing the block";
    case StateBlockError::kStateApply:
        return "state store refused the block's write set";
    }
    return "unknown state block error";
}

Result<StateBlockResult, StateBlockFailure> execute_block_on_state(trie::StateDb& db,
                                                                   ModuleCache& modules,
                                                                   const BlockInput& block,
                                                                   const BlockHashes& block_hashes,
                                                                   const ExecutorLimits& limits,
                                                                   VerifiedCodeCache* codes)
{
    const trie::At parent = trie::At::hash(block.parent_hash);
    const auto parent_info = db.block(parent);
    if (!parent_info) {
        const auto kind = parent_info.error() == trie::StateError::kUnknownBlock
                              ? StateBlockError::kUnknownParent
                              : StateBlockError::kStateRead;
        return Unexpected{StateBlockFailure{kind, {}, parent_info.error()}};
    }
    // StateDb::apply numbers the new diff parent + 1; a context saying otherwise would execute
    // NUMBER and BLOCKHASH against the wrong block.
    if (block.context.number != parent_info->number + 1)
        return Unexpected{StateBlockFailure{StateBlockError::kWrongNumber, {}, {}}};
    const StateDbReader reader(db, parent, block_hashes, codes);
    auto executed = execute_block(reader, modules, block, limits);
    // A failed read answered "empty", so neither a result nor a refusal computed after it is
    // trustworthy: the store error wins.
    if (const auto e = reader.error())
        return Unexpected{StateBlockFailure{StateBlockError::kStateRead, {}, *e}};
    if (!executed)
        return Unexpected{StateBlockFailure{StateBlockError::kInvalidBlock, executed.error(), {}}};
    auto writes = to_write_set(executed->diff, db, parent);
    if (!writes) {
        const auto kind = writes.error() == trie::StateError::kWriteSetTooLarge
                              ? StateBlockError::kStateApply
                              : StateBlockError::kStateRead;
        return Unexpected{StateBlockFailure{kind, {}, writes.error()}};
    }
    auto diff = db.apply(block.parent_hash, std::move(*writes));
    if (!diff)
        return Unexpected{StateBlockFailure{StateBlockError::kStateApply, {}, diff.error()}};
    StateBlockResult out;
    out.state_root = field::fr_to_hash((*diff)->root());
    out.diff = std::move(*diff);
    out.executed = std::move(*executed);
    return out;
}

}  // namespace blend::execution
