// SPDX-License-Identifier: Apache-2.0
// The pool's bookkeeping. Per sender: the nonce and balance read at the head, and the sender's
// transactions by nonce. The pending ones are the run of consecutive nonces from the head nonce
// (`pending_end` is the first nonce after it); every other one is queued. Invariants, checked by
// the property test through the public interface:
//   - no transaction has a nonce below its sender's head nonce;
//   - Σ cost of a sender's transactions <= its balance at the head (geth's overdraft rule);
//   - a sender holds at most account_slots transactions, all below nonce + account_slots;
//   - the pool holds at most global_slots 32 KiB slots;
//   - every remote transaction is in the eviction order, no local one is.
#include "node/txpool/tx_pool.hpp"

#include "core/keccak.hpp"
#include "execution/account_code.hpp"
#include "execution/gas.hpp"
#include "execution/intrinsic_gas.hpp"
#include "rwasm/limits.hpp"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace blend::txpool {

namespace {

struct HashHasher {
    size_t operator()(const Hash& h) const noexcept
    {
        uint64_t x = 0;
        std::memcpy(&x, h.data(), sizeof(x));
        return static_cast<size_t>(x);
    }
};

/// Overflow-free `a + b`, or nullopt.
std::optional<U256> checked_add(const U256& a, const U256& b) noexcept
{
    const U256 sum = a + b;
    if (sum < a)
        return std::nullopt;
    return sum;
}

/// gas_limit × max fee + value (geth tx.Cost()), or nullopt when it exceeds 2^256 - 1 (no
/// balance can cover it: insufficient funds).
std::optional<U256> transaction_cost(const Transaction& tx) noexcept
{
    const U256 gas{tx.gas_limit};
    const U256& fee = tx.max_fee();
    if (!fee.is_zero() && gas > U256::max() / fee)
        return std::nullopt;
    return checked_add(gas * fee, tx.value);
}

/// The least a replacement's cap must reach: old + old × bump / 100, rounded down as geth does
/// (legacypool list.Add: thresholdFeeCap = old × (100 + bump) / 100), computed without overflow.
/// nullopt when the threshold exceeds 2^256 - 1 (nothing can replace it).
std::optional<U256> bumped(const U256& old, uint32_t bump_percent) noexcept
{
    const U256 hundred{100};
    const U256 bump{bump_percent};
    const U256 q = old / hundred;
    const U256 r = old % hundred;
    if (!bump.is_zero() && q > U256::max() / bump)
        return std::nullopt;
    const auto extra = checked_add(q * bump, (r * bump) / hundred);
    if (!extra)
        return std::nullopt;
    return checked_add(old, *extra);
}

/// geth legacypool list.Add: a replacement must pay strictly more on both caps, and at least the
/// bumped threshold on both.
bool replaces(const Transaction& old_tx, const Transaction& new_tx, uint32_t bump_percent) noexcept
{
    if (new_tx.max_fee() <= old_tx.max_fee() ||
        new_tx.max_priority_fee() <= old_tx.max_priority_fee())
        return false;
    const auto fee = bumped(old_tx.max_fee(), bump_percent);
    const auto tip = bumped(old_tx.max_priority_fee(), bump_percent);
    return fee && tip && new_tx.max_fee() >= *fee && new_tx.max_priority_fee() >= *tip;
}

/// The price that decides eviction at a base fee (geth pricedList: effective tip, which may be
/// negative below the base fee, then fee cap, then tip cap); the newest goes first on a tie.
struct EvictionKey {
    bool underwater = false;  ///< fee cap < base fee: `amount` is by how much
    U256 amount;              ///< the effective tip, or the shortfall when underwater
    U256 fee_cap;
    U256 tip_cap;
    uint64_t seq = 0;
};

EvictionKey eviction_key(const PooledTransaction& p, const U256& base_fee)
{
    EvictionKey k;
    k.fee_cap = p.tx.max_fee();
    k.tip_cap = p.tx.max_priority_fee();
    k.seq = p.seq;
    if (k.fee_cap < base_fee) {
        k.underwater = true;
        k.amount = base_fee - k.fee_cap;
    } else {
        const U256 headroom = k.fee_cap - base_fee;
        k.amount = k.tip_cap < headroom ? k.tip_cap : headroom;
    }
    return k;
}

/// Whether `a` pays less than `b` (ignoring arrival).
bool pays_less(const EvictionKey& a, const EvictionKey& b) noexcept
{
    if (a.underwater != b.underwater)
        return a.underwater;
    if (a.amount != b.amount)
        return a.underwater ? b.amount < a.amount : a.amount < b.amount;
    if (a.fee_cap != b.fee_cap)
        return a.fee_cap < b.fee_cap;
    return a.tip_cap < b.tip_cap;
}

struct EvictionEntry {
    EvictionKey key;
    PooledTxPtr tx;
};

/// Cheapest first; among equals the newest first.
struct EvictionOrder {
    bool operator()(const EvictionEntry& a, const EvictionEntry& b) const noexcept
    {
        if (pays_less(a.key, b.key))
            return true;
        if (pays_less(b.key, a.key))
            return false;
        return a.key.seq > b.key.seq;
    }
};

struct SenderState {
    uint64_t nonce = 0;  ///< at the head
    U256 balance;        ///< at the head
    std::map<uint64_t, PooledTxPtr> txs;
    uint64_t pending_end = 0;
    U256 total_cost;  ///< Σ cost of txs; <= balance
};

/// Why an account cannot send at all, if it cannot (EIP-3607, EIP-2681).
std::optional<PoolError> sender_refusal(const execution::StateReader& state,
                                        const execution::Account& account)
{
    if (account.code_hash != kEmptyCodeHash) {
        const execution::CodePtr code = state.code(account.code_hash);
        const auto kind = code ? execution::classify_code(*code) : execution::CodeKind::kOther;
        if (kind != execution::CodeKind::kEmpty && kind != execution::CodeKind::kDelegation)
            return PoolError::kSenderNotEoa;
    }
    if (account.nonce == ~uint64_t{0})
        return PoolError::kNonceMax;
    return std::nullopt;
}

}  // namespace

class TxPool::Impl {
public:
    Impl(PoolConfig config, std::shared_ptr<const execution::StateReader> state, PoolHead head)
        : config_(std::move(config)),
          state_(std::move(state)),
          head_(head),
          eviction_base_fee_(head.base_fee)
    {
        BLEND_ASSERT(state_ != nullptr);
        BLEND_ASSERT(config_.account_slots > 0 && config_.global_slots > 0);
    }

    /// Decoded, checked without state, sender recovered: ready for the locked part.
    struct Candidate {
        Transaction tx;
        Bytes raw;
        Hash hash;
        Address sender;
    };

    Result<Candidate, PoolError> prepare_raw(BytesView raw) const
    {
        if (raw.size() > config_.max_tx_size)
            return Unexpected{PoolError::kOversizedData};
        auto tx = decode_transaction(raw);
        if (!tx)
            return Unexpected{pool_error_from(tx.error())};
        return prepare(std::move(*tx), Bytes(raw.begin(), raw.end()));
    }

    Result<Candidate, PoolError> prepare_decoded(const Transaction& tx) const
    {
        if (tx.type == TxType::kBlob)
            return Unexpected{PoolError::kTxTypeNotSupported};
        if (tx.has_dynamic_fee() || tx.type == TxType::kAccessList) {
            if (!tx.chain_id)
                return Unexpected{PoolError::kMalformed};  // typed transactions carry one
        }
        if (tx.type == TxType::kSetCode && (!tx.to || tx.authorization_list.empty()))
            return Unexpected{PoolError::kMalformed};  // EIP-7702: decoding refuses these too
        Bytes raw = encode_transaction(tx);
        if (raw.size() > config_.max_tx_size)
            return Unexpected{PoolError::kOversizedData};
        return prepare(tx, std::move(raw));
    }

    Result<Hash, PoolError> add(Candidate c, Origin origin, bool journal)
    {
        std::vector<PooledTxPtr> events;
        Result<Hash, PoolError> result = Unexpected{PoolError::kMalformed};
        std::vector<PendingListener> listeners;
        {
            const std::lock_guard lock{mutex_};
            result = add_locked(std::move(c), origin, journal, events);
            if (!events.empty())
                listeners = listener_list();
        }
        notify(listeners, events);
        return result;
    }

    PooledTxPtr get(const Hash& hash) const
    {
        const std::lock_guard lock{mutex_};
        const auto it = by_hash_.find(hash);
        return it == by_hash_.end() ? nullptr : it->second;
    }

    uint64_t pending_nonce(const Address& sender) const
    {
        const std::lock_guard lock{mutex_};
        if (const auto it = senders_.find(sender); it != senders_.end())
            return it->second.pending_end;
        const auto account = state_->account(sender);
        return account ? account->nonce : 0;
    }

    PoolStats stats() const
    {
        const std::lock_guard lock{mutex_};
        PoolStats s;
        s.pending = pending_count_;
        s.queued = by_hash_.size() - pending_count_;
        s.slots = slots_;
        s.senders = senders_.size();
        return s;
    }

    std::map<Address, SenderContent> content() const
    {
        const std::lock_guard lock{mutex_};
        std::map<Address, SenderContent> out;
        for (const auto& [address, sender] : senders_) {
            SenderContent& c = out[address];
            for (const auto& [nonce, tx] : sender.txs)
                (nonce < sender.pending_end ? c.pending : c.queued).push_back(tx);
        }
        return out;
    }

    BestTransactions best(const std::optional<U256>& base_fee) const
    {
        const std::lock_guard lock{mutex_};
        std::vector<std::vector<PooledTxPtr>> runs;
        runs.reserve(senders_.size());
        for (const auto& [address, sender] : senders_) {
            std::vector<PooledTxPtr> run;
            for (auto it = sender.txs.begin();
                 it != sender.txs.end() && it->first < sender.pending_end; ++it)
                run.push_back(it->second);
            if (!run.empty())
                runs.push_back(std::move(run));
        }
        return BestTransactions{std::move(runs), base_fee ? *base_fee : head_.base_fee};
    }

    void set_head(std::shared_ptr<const execution::StateReader> state, PoolHead head)
    {
        BLEND_ASSERT(state != nullptr);
        std::vector<PooledTxPtr> events;
        std::vector<PendingListener> listeners;
        {
            const std::lock_guard lock{mutex_};
            const bool base_fee_changed = head.base_fee != eviction_base_fee_;
            state_ = std::move(state);
            head_ = head;
            bool local_removed = false;
            for (auto it = senders_.begin(); it != senders_.end();) {
                revalidate_sender(it->first, it->second, events, local_removed);
                it = it->second.txs.empty() ? senders_.erase(it) : std::next(it);
            }
            if (base_fee_changed)
                rebuild_eviction_order();
            if (local_removed)
                rewrite_journal_locked();
            if (!events.empty())
                listeners = listener_list();
        }
        notify(listeners, events);
    }

    size_t remove(std::span<const Hash> hashes)
    {
        const std::lock_guard lock{mutex_};
        size_t removed = 0;
        bool local_removed = false;
        for (const Hash& hash : hashes) {
            const auto it = by_hash_.find(hash);
            if (it == by_hash_.end())
                continue;
            const PooledTxPtr tx = it->second;
            local_removed |= tx->origin == Origin::kLocal;
            SenderState& sender = senders_.at(tx->sender);
            drop(sender, tx);
            refresh_pending(sender, nullptr);
            if (sender.txs.empty())
                senders_.erase(tx->sender);
            ++removed;
        }
        if (local_removed)
            rewrite_journal_locked();
        return removed;
    }

    uint64_t subscribe(PendingListener listener)
    {
        const std::lock_guard lock{mutex_};
        const uint64_t id = next_listener_id_++;
        listeners_.emplace(id, std::move(listener));
        return id;
    }

    void unsubscribe(uint64_t id)
    {
        const std::lock_guard lock{mutex_};
        listeners_.erase(id);
    }

    Result<JournalLoad, JournalError> load_journal()
    {
        JournalLoad load;
        if (config_.journal_path.empty())
            return load;
        auto read = read_journal(config_.journal_path, config_.max_journal_bytes);
        if (!read)
            return Unexpected{read.error()};
        load.corrupted = read->corrupted;
        if (read->corrupted > 0)
            warn("txpool journal " + config_.journal_path.string() + ": skipped " +
                 std::to_string(read->corrupted) + " corrupted record(s)");
        if (read->truncated)
            warn("txpool journal " + config_.journal_path.string() + ": larger than " +
                 std::to_string(config_.max_journal_bytes) + " bytes, the rest was not read");
        for (const Bytes& entry : read->entries) {
            auto candidate = prepare_raw(entry);
            const bool ok = candidate && add(std::move(*candidate), Origin::kLocal, false);
            ++(ok ? load.loaded : load.dropped);
        }
        const std::lock_guard lock{mutex_};
        if (!rewrite_journal_locked())
            return Unexpected{JournalError::kWrite};
        return load;
    }

private:
    Result<Candidate, PoolError> prepare(Transaction tx, Bytes raw) const
    {
        using E = PoolError;
        // Replay protection (EIP-155) and the chain (geth: the signer refuses other chain ids).
        if (tx.chain_id) {
            if (*tx.chain_id != config_.chain_id)
                return Unexpected{E::kInvalidChainId};
        } else if (!config_.allow_unprotected) {
            return Unexpected{E::kUnprotected};
        }
        // EIP-3860 (or the Wasm module size limit for Wasm init code), as the STF checks it.
        if (!tx.to) {
            const uint64_t max =
                execution::route_init_code(tx.data) == execution::InitCodeRoute::kWasm
                    ? rwasm::kMaxWasmSize
                    : execution::gas::kMaxInitCodeSize;
            if (tx.data.size() > max)
                return Unexpected{E::kMaxInitCodeSize};
        }
        // EIP-1559: the tip cannot exceed the fee cap.
        if (tx.has_dynamic_fee() && tx.max_priority_fee_per_gas > tx.max_fee_per_gas)
            return Unexpected{E::kTipAboveFeeCap};
        // Intrinsic gas and the EIP-7623 floor: a transaction that cannot pay them never runs.
        const auto intrinsic = execution::intrinsic_gas(tx);
        if (!intrinsic)
            return Unexpected{E::kGasUintOverflow};
        if (tx.gas_limit < intrinsic->intrinsic)
            return Unexpected{E::kIntrinsicGasTooLow};
        if (tx.gas_limit < intrinsic->floor)
            return Unexpected{E::kFloorDataGas};
        auto sender = recover_sender(tx);
        if (!sender)
            return Unexpected{E::kInvalidSender};
        Candidate c;
        c.hash = keccak256(raw);
        c.sender = *sender;
        c.tx = std::move(tx);
        c.raw = std::move(raw);
        return c;
    }

    Result<Hash, PoolError> add_locked(Candidate c,
                                       Origin origin,
                                       bool journal,
                                       std::vector<PooledTxPtr>& events)
    {
        using E = PoolError;
        if (by_hash_.contains(c.hash))
            return Unexpected{E::kAlreadyKnown};
        const Transaction& tx = c.tx;
        if (tx.gas_limit > head_.gas_limit)
            return Unexpected{E::kGasLimitExceeded};
        if (origin == Origin::kRemote && tx.max_priority_fee() < config_.min_tip)
            return Unexpected{E::kUnderpriced};
        if (tx.max_fee() < head_.base_fee)
            return Unexpected{E::kFeeCapTooLow};

        // The sender at the head: a known one's state was read when its first transaction came.
        SenderState fresh;
        const auto known = senders_.find(c.sender);
        SenderState& sender = known != senders_.end() ? known->second : fresh;
        if (known == senders_.end()) {
            const auto account = state_->account(c.sender);
            if (account) {
                if (const auto refusal = sender_refusal(*state_, *account))
                    return Unexpected{*refusal};
                fresh.nonce = account->nonce;
                fresh.balance = account->balance;
            }
            fresh.pending_end = fresh.nonce;
        }
        if (tx.nonce < sender.nonce)
            return Unexpected{E::kNonceTooLow};
        // A nonce this far ahead could not become pending before the sender hit its limit.
        if (tx.nonce - sender.nonce >= config_.account_slots)
            return Unexpected{E::kAccountLimit};

        const auto existing_it = sender.txs.find(tx.nonce);
        const PooledTxPtr existing =
            existing_it != sender.txs.end() ? existing_it->second : nullptr;
        if (existing && !replaces(existing->tx, tx, config_.price_bump_percent))
            return Unexpected{E::kReplaceUnderpriced};

        const auto cost = transaction_cost(tx);
        if (!cost)
            return Unexpected{E::kInsufficientFunds};
        const U256 others = existing ? sender.total_cost - existing->cost : sender.total_cost;
        const auto total = checked_add(others, *cost);
        if (!total || sender.balance < *total)
            return Unexpected{E::kInsufficientFunds};
        if (!existing && sender.txs.size() >= config_.account_slots)
            return Unexpected{E::kAccountLimit};

        auto pooled = std::make_shared<PooledTransaction>();
        pooled->tx = std::move(c.tx);
        pooled->hash = c.hash;
        pooled->sender = c.sender;
        pooled->raw = std::move(c.raw);
        pooled->origin = origin;
        pooled->seq = next_seq_++;
        pooled->cost = *cost;

        // Room: evict the cheapest remote transactions of other senders, each of which the new
        // one must outbid unless it is local (geth legacypool add: underpriced / overflow).
        const size_t freed_by_replacement = existing ? existing->slots() : 0;
        size_t needed = pooled->slots();
        needed = needed > freed_by_replacement ? needed - freed_by_replacement : 0;
        std::vector<PooledTxPtr> victims;
        if (slots_ + needed > config_.global_slots) {
            const EvictionKey mine = eviction_key(*pooled, eviction_base_fee_);
            size_t freed = 0;
            for (auto it = eviction_.begin();
                 it != eviction_.end() && slots_ + needed > config_.global_slots + freed; ++it) {
                if (it->tx->sender == pooled->sender)
                    continue;  // never open a gap below the new transaction
                if (origin == Origin::kRemote && !pays_less(it->key, mine))
                    return Unexpected{E::kUnderpriced};
                victims.push_back(it->tx);
                freed += it->tx->slots();
            }
            if (slots_ + needed > config_.global_slots + freed)
                return Unexpected{E::kTxPoolFull};
        }

        // Commit.
        for (const PooledTxPtr& victim : victims) {
            SenderState& owner = senders_.at(victim->sender);
            drop(owner, victim);
            refresh_pending(owner, nullptr);
            if (owner.txs.empty())
                senders_.erase(victim->sender);
        }
        if (known == senders_.end())
            senders_.emplace(pooled->sender, std::move(fresh));
        SenderState& owner = senders_.at(pooled->sender);
        const bool was_pending = existing && existing->tx.nonce < owner.pending_end;
        if (existing)
            drop(owner, existing);
        insert(owner, pooled);
        refresh_pending(owner, &events);
        if (was_pending)
            events.push_back(pooled);  // a replaced pending transaction is new pending

        if (journal && origin == Origin::kLocal && !config_.journal_path.empty()) {
            if (existing && existing->origin == Origin::kLocal) {
                // The replaced one must not come back at restart: rewrite (warns on failure).
                (void)rewrite_journal_locked();
            } else if (const auto written = append_journal(config_.journal_path, pooled->raw);
                       !written) {
                warn(std::string("txpool journal: ") + to_string(written.error()));
            }
        }
        return pooled->hash;
    }

    void insert(SenderState& sender, const PooledTxPtr& tx)
    {
        sender.txs.emplace(tx->tx.nonce, tx);
        sender.total_cost += tx->cost;
        by_hash_.emplace(tx->hash, tx);
        slots_ += tx->slots();
        if (tx->origin == Origin::kRemote)
            eviction_.insert(EvictionEntry{eviction_key(*tx, eviction_base_fee_), tx});
    }

    /// Removes `tx` from every index; the caller refreshes the sender's pending run.
    void drop(SenderState& sender, const PooledTxPtr& tx)
    {
        sender.txs.erase(tx->tx.nonce);
        sender.total_cost -= tx->cost;
        by_hash_.erase(tx->hash);
        slots_ -= tx->slots();
        if (tx->origin == Origin::kRemote)
            eviction_.erase(EvictionEntry{eviction_key(*tx, eviction_base_fee_), tx});
    }

    /// Recomputes the consecutive run from the head nonce (pending_count_ counts
    /// pending_end - nonce per sender); transactions that enter it go to `events`.
    void refresh_pending(SenderState& sender, std::vector<PooledTxPtr>* events)
    {
        const uint64_t old_end = sender.pending_end;
        uint64_t end = sender.nonce;
        for (auto it = sender.txs.find(end); it != sender.txs.end() && it->first == end; ++it) {
            if (events && end >= old_end)
                events->push_back(it->second);
            ++end;
        }
        pending_count_ -= static_cast<size_t>(old_end - sender.nonce);
        pending_count_ += static_cast<size_t>(end - sender.nonce);
        sender.pending_end = end;
    }

    void revalidate_sender(const Address& address,
                           SenderState& sender,
                           std::vector<PooledTxPtr>& events,
                           bool& local_removed)
    {
        const auto account = state_->account(address);
        const execution::Account acc = account ? *account : execution::Account{};
        // Take every transaction out of the counts against the old run, then put back the
        // ones that still hold under the new head.
        std::vector<PooledTxPtr> old;
        old.reserve(sender.txs.size());
        for (const auto& [nonce, tx] : sender.txs)
            old.push_back(tx);
        const uint64_t old_end = sender.pending_end;
        pending_count_ -= static_cast<size_t>(old_end - sender.nonce);
        for (const PooledTxPtr& tx : old)
            drop(sender, tx);
        BLEND_ASSERT(sender.txs.empty() && sender.total_cost.is_zero());
        sender.nonce = acc.nonce;
        sender.balance = acc.balance;
        sender.pending_end = acc.nonce;
        const bool refused = account && sender_refusal(*state_, acc).has_value();
        bool unaffordable = false;
        for (const PooledTxPtr& tx : old) {
            const uint64_t nonce = tx->tx.nonce;
            bool keep = !refused && nonce >= acc.nonce &&
                        nonce - acc.nonce < config_.account_slots &&
                        tx->tx.gas_limit <= head_.gas_limit;
            if (keep && !unaffordable) {
                const auto total = checked_add(sender.total_cost, tx->cost);
                // The first transaction the balance no longer covers goes with all after it.
                unaffordable = !total || acc.balance < *total;
            }
            keep = keep && !unaffordable;
            if (keep) {
                insert(sender, tx);
            } else {
                local_removed |= tx->origin == Origin::kLocal;
            }
        }
        // Count the new run; a transaction is new pending if it was not in the old run.
        uint64_t end = acc.nonce;
        for (auto it = sender.txs.find(end); it != sender.txs.end() && it->first == end; ++it) {
            if (end >= old_end)
                events.push_back(it->second);
            ++end;
        }
        sender.pending_end = end;
        pending_count_ += static_cast<size_t>(end - acc.nonce);
    }

    void rebuild_eviction_order()
    {
        eviction_base_fee_ = head_.base_fee;
        eviction_.clear();
        for (const auto& [hash, tx] : by_hash_)
            if (tx->origin == Origin::kRemote)
                eviction_.insert(EvictionEntry{eviction_key(*tx, eviction_base_fee_), tx});
    }

    /// The local transactions by sender and nonce, written over the journal.
    bool rewrite_journal_locked()
    {
        if (config_.journal_path.empty())
            return true;
        std::vector<Bytes> locals;
        for (const auto& [address, sender] : senders_)
            for (const auto& [nonce, tx] : sender.txs)
                if (tx->origin == Origin::kLocal)
                    locals.push_back(tx->raw);
        const auto written = rewrite_journal(config_.journal_path, locals);
        if (!written)
            warn(std::string("txpool journal: ") + to_string(written.error()));
        return written.has_value();
    }

    std::vector<PendingListener> listener_list() const
    {
        std::vector<PendingListener> out;
        out.reserve(listeners_.size());
        for (const auto& [id, listener] : listeners_)
            out.push_back(listener);
        return out;
    }

    static void notify(const std::vector<PendingListener>& listeners,
                       const std::vector<PooledTxPtr>& events)
    {
        for (const PooledTxPtr& tx : events)
            for (const PendingListener& listener : listeners)
                listener(tx);
    }

    void warn(const std::string& message) const
    {
        if (config_.warn)
            config_.warn(message);
        else
            std::fprintf(stderr, "warning: %s\n", message.c_str());
    }

    PoolConfig config_;
    std::shared_ptr<const execution::StateReader> state_;
    PoolHead head_;
    mutable std::mutex mutex_;
    std::unordered_map<Hash, PooledTxPtr, HashHasher> by_hash_;
    std::map<Address, SenderState> senders_;  // ordered: content() and best() are deterministic
    std::set<EvictionEntry, EvictionOrder> eviction_;
    U256 eviction_base_fee_;  ///< the base fee eviction_'s keys were computed at
    size_t slots_ = 0;
    size_t pending_count_ = 0;
    uint64_t next_seq_ = 0;
    std::map<uint64_t, PendingListener> listeners_;
    uint64_t next_listener_id_ = 1;
};

TxPool::TxPool(PoolConfig config,
               std::shared_ptr<const execution::StateReader> state,
               PoolHead head)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(state), head))
{}

TxPool::~TxPool() = default;

Result<Hash, PoolError> TxPool::add_raw(BytesView raw, Origin origin)
{
    auto candidate = impl_->prepare_raw(raw);
    if (!candidate)
        return Unexpected{candidate.error()};
    return impl_->add(std::move(*candidate), origin, true);
}

Result<Hash, PoolError> TxPool::add(const Transaction& tx, Origin origin)
{
    auto candidate = impl_->prepare_decoded(tx);
    if (!candidate)
        return Unexpected{candidate.error()};
    return impl_->add(std::move(*candidate), origin, true);
}

PooledTxPtr TxPool::get(const Hash& hash) const
{
    return impl_->get(hash);
}

bool TxPool::contains(const Hash& hash) const
{
    return impl_->get(hash) != nullptr;
}

uint64_t TxPool::pending_nonce(const Address& sender) const
{
    return impl_->pending_nonce(sender);
}

PoolStats TxPool::stats() const
{
    return impl_->stats();
}

std::map<Address, SenderContent> TxPool::content() const
{
    return impl_->content();
}

BestTransactions TxPool::best() const
{
    return impl_->best(std::nullopt);
}

BestTransactions TxPool::best(const U256& base_fee) const
{
    return impl_->best(base_fee);
}

void TxPool::set_head(std::shared_ptr<const execution::StateReader> state, PoolHead head)
{
    impl_->set_head(std::move(state), head);
}

size_t TxPool::remove(std::span<const Hash> hashes)
{
    return impl_->remove(hashes);
}

uint64_t TxPool::subscribe(PendingListener listener)
{
    return impl_->subscribe(std::move(listener));
}

void TxPool::unsubscribe(uint64_t id)
{
    impl_->unsubscribe(id);
}

Result<JournalLoad, JournalError> TxPool::load_journal()
{
    return impl_->load_journal();
}

}  // namespace blend::txpool
