// SPDX-License-Identifier: Apache-2.0
// The transaction pool: signed transactions waiting for a block. It validates each one against the
// head state with geth's rules and wording, keeps per sender the *pending* ones (consecutive
// nonces from the sender's nonce at the head: executable now) and the *queued* ones (after a nonce
// gap), promotes queued ones when the gap fills, replaces a transaction only for a price bump,
// bounds everything, evicts the cheapest remote transactions first when full, journals local
// ones to disk, and hands the block builder its transactions best first. docs/node.md
// "Transaction pool".
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/types/transaction.hpp"
#include "core/u256.hpp"
#include "execution/state.hpp"
#include "node/txpool/journal.hpp"
#include "node/txpool/pool_error.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace blend::txpool {

/// geth (core/txpool/legacypool) counts pool space in 32 KiB slots: a transaction takes
/// ceil(size / kTxSlotSize) of them, so a few large transactions cannot hide behind a count limit.
inline constexpr size_t kTxSlotSize = 32 * 1024;
/// The largest transaction accepted. geth's txMaxSize is 4 slots (128 KiB), sized for EIP-3860's
/// 48 KiB EVM init code; Blend also deploys Wasm contracts of up to rwasm::kMaxWasmSize (2 MiB)
/// by a plain transaction, so one more slot is added to that for the envelope.
inline constexpr size_t kDefaultMaxTxSize = (2u << 20) + kTxSlotSize;
/// Transactions one sender may hold (pending + queued): geth's AccountSlots (16 executable) plus
/// AccountQueue (64 queued), legacypool DefaultConfig. Enforced as a nonce window: a sender's
/// transactions have nonces in [head nonce, head nonce + this), so it holds at most this many.
inline constexpr size_t kDefaultAccountSlots = 16 + 64;
/// Slots in the whole pool: geth's GlobalSlots (4096 + 1024) plus GlobalQueue (1024).
inline constexpr size_t kDefaultGlobalSlots = 5120 + 1024;
/// A replacement must raise both the fee cap and the tip cap by this many percent (geth
/// DefaultConfig.PriceBump = 10).
inline constexpr uint32_t kDefaultPriceBumpPercent = 10;

/// Where a transaction came from. Local ones (this node's RPC) are never evicted to make room
/// for remote ones, skip the minimum tip, and are journaled to disk; remote ones (peers) are
/// evicted cheapest first. Both obey the per-sender and global limits (an RPC caller is an
/// outsider too).
enum class Origin : uint8_t { kRemote, kLocal };

struct PoolConfig {
    /// The chain's id (EIP-155); a transaction signed for another chain is refused.
    uint64_t chain_id = 1;
    /// Accept legacy transactions without EIP-155 replay protection (geth
    /// --rpc.allow-unprotected-txs).
    bool allow_unprotected = false;
    size_t max_tx_size = kDefaultMaxTxSize;
    size_t account_slots = kDefaultAccountSlots;
    size_t global_slots = kDefaultGlobalSlots;
    uint32_t price_bump_percent = kDefaultPriceBumpPercent;
    /// The least tip a remote transaction must offer (geth --txpool.pricelimit, 1 wei there);
    /// 0 by default because a devnet may run with a zero base fee and zero tips.
    U256 min_tip;
    /// The local-transaction journal (e.g. <datadir>/txpool/transactions.journal); empty: none.
    std::filesystem::path journal_path;
    size_t max_journal_bytes = kDefaultMaxJournalBytes;
    /// Where warnings go (a skipped corrupted journal entry, a failed journal write); stderr if
    /// unset.
    std::function<void(std::string_view)> warn;
};

/// The head the pool validates against: the next block's gas limit and base fee (EIP-1559, from
/// the head header), so that a pending transaction fits the block the builder makes next.
struct PoolHead {
    uint64_t number = 0;
    uint64_t gas_limit = 0;
    U256 base_fee;
};

/// A transaction in the pool. Immutable once added; shared with iterators and listeners.
struct PooledTransaction {
    Transaction tx;
    Hash hash;
    Address sender;
    Bytes raw;  ///< the EIP-2718 envelope (what eth_getRawTransaction and the journal carry)
    Origin origin = Origin::kRemote;
    uint64_t seq = 0;  ///< arrival order: earlier first among equal tips
    /// gas_limit × max fee + value: what the sender must hold for it (geth tx.Cost()).
    U256 cost;
    [[nodiscard]] size_t slots() const noexcept
    {
        return (raw.size() + kTxSlotSize - 1) / kTxSlotSize;
    }
};
using PooledTxPtr = std::shared_ptr<const PooledTransaction>;

struct PoolStats {
    size_t pending = 0;
    size_t queued = 0;
    size_t slots = 0;
    size_t senders = 0;
};

/// One sender's transactions in nonce order (txpool_content).
struct SenderContent {
    std::vector<PooledTxPtr> pending;
    std::vector<PooledTxPtr> queued;
};

/// The pending transactions of a snapshot of the pool, best first: at each step the transaction
/// with the highest effective tip at the given base fee (EIP-1559: min(tip cap, fee cap − base
/// fee)) among each sender's lowest remaining nonce, earlier arrival first on a tie. A sender's
/// transactions therefore come in nonce order. Transactions whose fee cap is below the base fee
/// end their sender's run. Independent of the pool once made (the builder uses it unlocked).
class BestTransactions {
public:
    BestTransactions() = default;
    BestTransactions(std::vector<std::vector<PooledTxPtr>> runs, const U256& base_fee);

    /// The best transaction left, or nullptr when none is.
    [[nodiscard]] PooledTxPtr peek() const;
    /// Takes peek() (included in the block): the sender's next nonce competes next.
    void shift();
    /// Drops peek() and the rest of its sender's run (it failed: later nonces would be gapped).
    void pop();
    [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }

private:
    struct Entry {
        U256 tip;
        uint64_t seq = 0;
        size_t run = 0;
    };
    void push_head_of(size_t run);

    std::vector<std::vector<PooledTxPtr>> runs_;
    std::vector<size_t> next_;  ///< per run: the index of its next transaction
    std::vector<Entry> heap_;
    U256 base_fee_;
};

/// Called with each transaction that becomes pending (added executable, or promoted when a gap
/// filled); after the pool's lock is released, on the thread that caused it.
using PendingListener = std::function<void(const PooledTxPtr&)>;

/// The transaction pool. Thread-safe: every call takes one internal lock.
class TxPool {
public:
    /// `state` is the head state (only account() and code() are read, under the pool's lock, so
    /// a reader that is not thread-safe is fine if the pool is its only user).
    TxPool(PoolConfig config, std::shared_ptr<const execution::StateReader> state, PoolHead head);
    ~TxPool();
    TxPool(const TxPool&) = delete;
    TxPool& operator=(const TxPool&) = delete;

    /// Decodes an EIP-2718 envelope (eth_sendRawTransaction), recovers its sender and adds it.
    /// Returns the transaction hash, or why it was refused (to_string: geth's message).
    [[nodiscard]] Result<Hash, PoolError> add_raw(BytesView raw, Origin origin);
    /// Adds a decoded transaction (its sender is recovered from the signature).
    [[nodiscard]] Result<Hash, PoolError> add(const Transaction& tx, Origin origin);

    [[nodiscard]] PooledTxPtr get(const Hash& hash) const;
    [[nodiscard]] bool contains(const Hash& hash) const;
    /// The nonce the sender's next transaction should use: its nonce at the head plus its pending
    /// transactions (eth_getTransactionCount(address, "pending")).
    [[nodiscard]] uint64_t pending_nonce(const Address& sender) const;
    [[nodiscard]] PoolStats stats() const;
    /// Every sender's transactions (txpool_content); pending and queued in nonce order.
    [[nodiscard]] std::map<Address, SenderContent> content() const;

    /// The pending transactions best first at the head's base fee, for the block builder.
    [[nodiscard]] BestTransactions best() const;
    /// The same at another base fee (the builder's block, if it differs from the pool's head).
    [[nodiscard]] BestTransactions best(const U256& base_fee) const;

    /// A new head: re-reads every sender's nonce and balance from `state`, drops transactions
    /// whose nonce is now below it (included or replaced on chain), drops a sender's transactions
    /// from the first one its balance no longer covers (with all the ones before it), drops those
    /// above the new gas limit, promotes queued ones that became executable, and re-sorts the
    /// eviction order at the new base fee. Rewrites the journal if local transactions left.
    void set_head(std::shared_ptr<const execution::StateReader> state, PoolHead head);
    /// Drops the given transactions (e.g. the builder found them invalid); the sender's later
    /// nonces become queued. Returns how many were in the pool.
    size_t remove(std::span<const Hash> hashes);

    /// Registers a listener for transactions that become pending; returns its id.
    uint64_t subscribe(PendingListener listener);
    void unsubscribe(uint64_t id);

    /// Reads the journal (if configured) and adds its transactions as local ones; entries that no
    /// longer validate are dropped, corrupted ones skipped with a warning. Then rewrites the
    /// journal with what was kept. Call once at start, before serving.
    [[nodiscard]] Result<JournalLoad, JournalError> load_journal();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace blend::txpool
