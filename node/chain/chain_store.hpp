// SPDX-License-Identifier: Apache-2.0
#pragma once

// The chain store (issue 8 item 2; docs/node.md "Chain store"): headers, bodies, receipts, the
// transaction index, the canonical index and head / safe / finalized, kept in extra column
// families of the state store so that a block and its state are persisted in ONE RocksDB
// WriteBatch (trie::StateDb::persist with ExtraWrites): a crash leaves the whole block or none.
//
// Blocks above the persisted tip live in memory (with their state diffs in the StateDb) until they
// are persisted: the dev sequencer persists each block at once; a fork-choice user (the Engine
// API) inserts side blocks, moves the head and persists the canonical chain `depth` blocks deep.
//
// Threading: one writer thread (insert, set_head, persist, set_safe / set_finalized); reads from
// any thread.

#include "execution/state_db_reader.hpp"
#include "execution/verified_code_cache.hpp"
#include "genesis/genesis.hpp"
#include "node/chain/chain_types.hpp"
#include "trie/store/state_db.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace blend::node {

struct ChainOptions {
    trie::StateOptions state;
};

class ChainStore {
public:
    /// Opens (creating if missing) the database in `dir`. A new database gets `genesis` as block
    /// 0; an existing one must have been created with the same genesis (kGenesisMismatch) and
    /// continues from its stored head.
    [[nodiscard]] static ChainResult<std::unique_ptr<ChainStore>>
    open(const std::string& dir, const genesis::GenesisBlock& genesis, ChainOptions options = {});

    ChainStore(const ChainStore&) = delete;
    ChainStore& operator=(const ChainStore&) = delete;
    ~ChainStore();

    /// The state store under the chain (reads at blocks, apply for new blocks).
    [[nodiscard]] trie::StateDb& state() noexcept { return *state_; }
    [[nodiscard]] const trie::StateDb& state() const noexcept { return *state_; }
    /// Code verified against its hash, shared by every reader of this store: block building,
    /// newPayload, eth_call, the pool and traces stop re-reading and re-hashing the same blobs.
    [[nodiscard]] execution::VerifiedCodeCache& codes() const noexcept { return codes_; }
    /// BLOCKHASH's view of the head chain: the canonical hash of a number, zero when unknown.
    [[nodiscard]] execution::BlockHashes canonical_hashes() const;
    /// A reader of the state at `at` with the canonical block hashes and the shared code cache.
    [[nodiscard]] execution::StateDbReader reader(const trie::At& at) const;

    // --- writes (one thread) ----------------------------------------------------------------
    /// Makes a sealed block known (its state diff inserted under its hash); not canonical yet.
    [[nodiscard]] ChainResult<void> insert(StoredBlock block, const trie::BlockDiffPtr& diff);
    /// Fork choice: the head. The new head's chain must join the persisted canonical chain at or
    /// above its tip (kReorgTooDeep otherwise; deep unwinds are not done yet).
    [[nodiscard]] ChainResult<void> set_head(const Hash& hash);
    /// Safe / finalized blocks (Engine API forkchoiceUpdated); written with the next persisted
    /// block. Finalized also bounds unwinds in the state store.
    [[nodiscard]] ChainResult<void> set_safe(const Hash& hash);
    [[nodiscard]] ChainResult<void> set_finalized(const Hash& hash);
    /// Persists the head chain's blocks at least `depth` below the head, oldest first; each one
    /// is one WriteBatch with its state. Returns how many were written.
    [[nodiscard]] ChainResult<size_t> persist(uint64_t depth);
    /// insert + set_head + persist(0): what the dev sequencer does with each block.
    [[nodiscard]] ChainResult<void> commit(StoredBlock block, const trie::BlockDiffPtr& diff);

    // --- reads (any thread) -----------------------------------------------------------------
    [[nodiscard]] Hash genesis_hash() const noexcept { return genesis_hash_; }
    /// The head block's header and hash.
    [[nodiscard]] Header head_header() const;
    [[nodiscard]] Hash head_hash() const;
    [[nodiscard]] uint64_t head_number() const;
    [[nodiscard]] std::optional<Hash> safe_hash() const;
    [[nodiscard]] std::optional<Hash> finalized_hash() const;
    /// The last block written to disk (what a restart continues from).
    [[nodiscard]] uint64_t persisted_number() const;

    /// The canonical block hash at `number`, if the head chain reaches it.
    [[nodiscard]] ChainResult<std::optional<Hash>> canonical_hash(uint64_t number) const;
    [[nodiscard]] ChainResult<std::optional<Header>> header(const Hash& hash) const;
    /// The whole block (header, body, receipts).
    [[nodiscard]] ChainResult<std::optional<StoredBlock>> block(const Hash& hash) const;
    /// Where a canonical transaction is.
    [[nodiscard]] ChainResult<std::optional<TxLocation>> tx_location(const Hash& tx_hash) const;

    /// The message of the last state store failure (for logs).
    [[nodiscard]] std::string last_error() const;

private:
    ChainStore() = default;
    [[nodiscard]] ChainResult<void> load_head();
    [[nodiscard]] ChainResult<std::optional<Bytes>> get(std::string_view cf, BytesView key) const;
    [[nodiscard]] ChainError fail(trie::StateError e) const;
    /// Recomputes the canonical overlay for the head (numbers above the persisted tip).
    [[nodiscard]] ChainResult<void> rebuild_overlay(const Hash& head);
    [[nodiscard]] Result<void, trie::StateError> write_block(const StoredBlock& block,
                                                             trie::BatchWriter& writer) const;

    std::unique_ptr<trie::StateDb> state_;
    mutable execution::VerifiedCodeCache codes_;  // a cache: filling it changes no answer
    Hash genesis_hash_;

    mutable std::shared_mutex mutex_;
    // Blocks above the persisted tip (canonical or not), by hash.
    std::map<Hash, std::shared_ptr<const StoredBlock>> pending_;
    // Canonical hashes of numbers persisted_ + 1 .. head, in order.
    std::vector<Hash> overlay_;
    // Transactions of the overlay's blocks.
    std::map<Hash, TxLocation> overlay_txs_;
    Header head_header_;
    Hash head_hash_;
    uint64_t persisted_ = 0;
    Hash persisted_hash_;
    std::optional<Hash> safe_;
    std::optional<Hash> finalized_;
    uint64_t finalized_number_ = 0;
    mutable std::mutex error_mutex_;
    mutable std::string last_error_;
};

}  // namespace blend::node
