// SPDX-License-Identifier: Apache-2.0
#pragma once

// The executor on the RocksDB state store (issue 6 item 7): a StateReader that reads through
// trie::StateDb at one block, the StateDiff → trie::WriteSet conversion, and one call that
// executes a block on top of a stored parent and returns the new SMBT root (the header's
// stateRoot). docs/execution.md "Executing on the state store".

#include "core/result.hpp"
#include "execution/execute_block.hpp"
#include "execution/state.hpp"
#include "execution/verified_code_cache.hpp"
#include "trie/store/state_db.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

namespace blend::execution {

/// The chain's block hashes (the state store keeps none; the chain store does): the hash of block
/// `number`, or zero when unknown. BLOCK_HASH asks only for the last 256 blocks.
using BlockHashes = std::function<Hash(uint64_t number)>;

/// A StateReader over trie::StateDb at block `at`. StateReader's calls return values, not
/// Results, so a store error is remembered: the read returns the empty answer (nullopt, zero,
/// nullptr) and error() reports the first failure; whoever ran anything on this reader must check
/// error() before trusting the result. Code is verified against its hash before it is handed out
/// (the module cache is keyed by the account's code hash, so a wrong blob would run under the
/// hash of another); with `codes`, verified code is shared with every other reader of the store
/// (content-addressed, so valid at any block), else kept for this reader's life. Not thread-safe
/// (one block is executed on one thread); `codes` itself is.
class StateDbReader final : public StateReader {
public:
    StateDbReader(const trie::StateDb& db,
                  const trie::At& at,
                  BlockHashes block_hashes = {},
                  VerifiedCodeCache* codes = nullptr);

    [[nodiscard]] std::optional<Account> account(const Address& address) const override;
    [[nodiscard]] Hash storage(const Address& address, const Hash& slot) const override;
    [[nodiscard]] bool has_storage(const Address& address) const override;
    [[nodiscard]] CodePtr code(const Hash& code_hash) const override;
    [[nodiscard]] Hash block_hash(uint64_t number) const override;

    /// The first store error met by a read, if any.
    [[nodiscard]] std::optional<trie::StateError> error() const noexcept { return error_; }

private:
    void fail(trie::StateError e) const;

    const trie::StateDb& db_;
    trie::At at_;
    BlockHashes block_hashes_;
    mutable std::optional<trie::StateError> error_;
    VerifiedCodeCache* shared_codes_;
    mutable std::map<Hash, CodePtr> own_codes_;  ///< when there is no shared cache
};

/// AccountLeaf (balance as 32 big-endian bytes) ↔ Account.
[[nodiscard]] Account account_from_leaf(const trie::AccountLeaf& leaf) noexcept;
[[nodiscard]] trie::AccountLeaf leaf_from_account(const Account& account) noexcept;

/// The write set of `diff` for StateDb::apply on top of block `parent`: each account and slot
/// once; a zero slot deletes it; a deleted account (nullopt) also gets a zero write for every slot
/// it holds at `parent` (one global trie: there is no storage root to drop), and any slot the
/// diff gives it is written as zero; new code blobs. Fails when the store cannot be read, or with
/// kWriteSetTooLarge when the listing passes trie::kMaxWriteSetEntries.
[[nodiscard]] Result<trie::WriteSet, trie::StateError> to_write_set(const StateDiff& diff,
                                                                    const trie::StateDb& db,
                                                                    const trie::At& parent);

enum class StateBlockError : uint8_t {
    kInvalidBlock = 1,  ///< execute_block refused a transaction (see `block`)
    kUnknownParent,     ///< `block.parent_hash` is neither a diff nor the persisted tip
    kWrongNumber,       ///< `block.context.number` is not the parent's number + 1
    kStateRead,         ///< the store failed while the block read the parent state (`state`)
    kStateApply,        ///< StateDb::apply refused the write set (`state`)
};

[[nodiscard]] const char* to_string(StateBlockError e) noexcept;

struct StateBlockFailure {
    StateBlockError kind = StateBlockError::kInvalidBlock;
    BlockError block;                                     ///< when kInvalidBlock
    trie::StateError state = trie::StateError::kCorrupt;  ///< kUnknownParent, kState*
};

struct StateBlockResult {
    ExecutedBlock executed;
    trie::BlockDiffPtr diff;  ///< for StateDb::insert once the header is sealed
    Hash state_root;          ///< the SMBT root, 32 big-endian bytes: the header's stateRoot
};

/// Executes `block` on the state after block `block.parent_hash` (a diff or the persisted tip of
/// `db`), converts its write set and applies it with StateDb::apply. Nothing becomes readable
/// under a block hash: the caller seals the header with `state_root`, then calls
/// `db.insert(result.diff, hash)`. `codes`: the store's shared verified-code cache, if any.
[[nodiscard]] Result<StateBlockResult, StateBlockFailure> execute_block_on_state(
    trie::StateDb& db,
    ModuleCache& modules,
    const BlockInput& block,
    const BlockHashes& block_hashes = {},
    const ExecutorLimits& limits = {},
    VerifiedCodeCache* codes = nullptr);

}  // namespace blend::execution
