// SPDX-License-Identifier: Apache-2.0
// What the rpc module needs from the chain: two abstract interfaces that `node/` implements.
// The rpc module holds no chain logic: it parses and validates JSON, calls one of these, and
// encodes the answer (shapes: api-surface §1.1). Everything here is plain core types; nothing
// mentions JSON.
//
// Threading: the servers call a backend from their I/O threads, possibly from several at once;
// implementations must be thread-safe. Events (ChainEventListener) may be delivered from any
// thread and must not be delivered re-entrantly from inside a backend call made by rpc.
#pragma once

#include "core/bytes.hpp"
#include "core/freestanding/u256.hpp"
#include "core/types/header.hpp"
#include "core/types/log.hpp"
#include "core/types/receipt.hpp"
#include "core/types/transaction.hpp"
#include "core/types/withdrawal.hpp"
#include "rpc/error.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace blend::rpc {

// ------------------------------------------------------------------------------------------------
// Block selection (api-surface §0 "Block parameter")

/// The named block tags of BlockNumberOrTag.
enum class BlockTag : uint8_t {
    kLatest,     ///< the canonical head (also what an omitted block parameter means)
    kEarliest,   ///< genesis
    kPending,    ///< the head plus the pool: nonces count pool transactions
    kSafe,       ///< fork choice safe block (the head on a dev chain)
    kFinalized,  ///< fork choice finalized block (the head on a dev chain)
};

/// BlockNumberOrTagOrHash, including the EIP-1898 object `{blockHash, requireCanonical}` and
/// `{blockNumber}`. Methods that take only BlockNumberOrTag never receive a hash.
struct BlockId {
    std::variant<BlockTag, uint64_t, Hash> value = BlockTag::kLatest;
    /// EIP-1898: with a hash, fail unless that block is canonical.
    bool require_canonical = false;

    [[nodiscard]] static BlockId latest() { return {}; }
    [[nodiscard]] static BlockId tag(BlockTag t) { return {t, false}; }
    [[nodiscard]] static BlockId number(uint64_t n) { return {n, false}; }
    [[nodiscard]] static BlockId hash(const Hash& h, bool canonical = false)
    {
        return {h, canonical};
    }
    friend bool operator==(const BlockId&, const BlockId&) = default;
};

// ------------------------------------------------------------------------------------------------
// Chain objects as the backend hands them out

/// A transaction with what the chain already knows about it, so that rpc never recovers a
/// sender or rehashes on a read.
struct SignedTransaction {
    Transaction tx;
    Hash hash;       ///< keccak256 of the EIP-2718 envelope
    Address sender;  ///< recovered from the signature

    friend bool operator==(const SignedTransaction&, const SignedTransaction&) = default;
};

/// A block as eth_getBlockBy* return it (api-surface §1.1 "Block (Prague)").
struct Block {
    Header header;
    Hash hash;  ///< keccak256(rlp(header))
    /// Length of rlp([header, [tx...], [], [withdrawal...]]): the JSON `size`.
    uint64_t size = 0;
    /// Always filled, in block order.
    std::vector<Hash> transaction_hashes;
    /// Filled only when the backend was asked for full transactions (same order as the hashes).
    std::vector<SignedTransaction> transactions;
    /// nullopt before Shanghai (no `withdrawals` key); empty list on a Blend chain.
    std::optional<std::vector<Withdrawal>> withdrawals;
};

/// Where a mined transaction is.
struct TransactionLocation {
    Hash block_hash;
    uint64_t block_number = 0;
    uint64_t block_timestamp = 0;
    uint64_t index = 0;
    /// The block's base fee: the JSON `gasPrice` of a mined 1559 transaction is the effective
    /// price min(maxFee, baseFee + tip) (api-surface §1.1 TransactionInfo).
    std::optional<U256> base_fee_per_gas;
};

/// TransactionInfo: a transaction and, once mined, its location (null fields while pending).
struct TransactionInfo {
    SignedTransaction tx;
    std::optional<TransactionLocation> location;
};

/// One log with its position (api-surface §1.1 "Log").
struct LogInfo {
    Log log;
    Hash block_hash;
    uint64_t block_number = 0;
    uint64_t block_timestamp = 0;
    Hash transaction_hash;
    uint64_t transaction_index = 0;
    uint64_t log_index = 0;  ///< block-wide
    bool removed = false;    ///< true when a reorg took the block out of the canonical chain

    friend bool operator==(const LogInfo&, const LogInfo&) = default;
};

/// ReceiptInfo (api-surface §1.1): the stored receipt plus what JSON adds to it.
struct ReceiptInfo {
    Receipt receipt;  ///< type, status, cumulative gas, bloom, logs
    Hash transaction_hash;
    uint64_t transaction_index = 0;
    Hash block_hash;
    uint64_t block_number = 0;
    uint64_t block_timestamp = 0;
    Address from;
    std::optional<Address> to;                ///< null for a create
    std::optional<Address> contract_address;  ///< set only for a create
    uint64_t gas_used = 0;                    ///< this transaction's own gas
    U256 effective_gas_price;
    uint64_t first_log_index = 0;  ///< block-wide index of receipt.logs[0]
};

/// eth_getLogs / eth_newFilter filter. Either a range or a single block hash (EIP-234).
struct LogFilter {
    BlockId from_block = BlockId::latest();  ///< never a hash
    BlockId to_block = BlockId::latest();    ///< never a hash
    std::optional<Hash> block_hash;          ///< set: from/to are ignored
    std::vector<Address> addresses;          ///< empty = any address
    /// Position i: the log's topic i must be one of topics[i]; an empty inner list is a wildcard
    /// (JSON null). A log with fewer topics than positions does not match (geth).
    std::vector<std::vector<Hash>> topics;
};

/// Whether `log` passes `filter`'s address and topic criteria (the block range is not checked).
[[nodiscard]] bool log_matches(const LogFilter& filter, const Log& log);

/// GenericTransaction of eth_call / eth_estimateGas: every field optional.
struct CallRequest {
    std::optional<Address> from;
    std::optional<Address> to;  ///< nullopt: a create
    std::optional<uint64_t> gas;
    std::optional<U256> gas_price;
    std::optional<U256> max_fee_per_gas;
    std::optional<U256> max_priority_fee_per_gas;
    std::optional<U256> value;
    std::optional<Bytes> input;  ///< `input`, or `data` (both accepted; equal if both given)
    std::optional<uint64_t> nonce;
    std::optional<uint64_t> chain_id;
    std::optional<TxType> type;
    std::optional<AccessList> access_list;
    std::optional<std::vector<Authorization>> authorization_list;
};

/// eth_feeHistory's answer (api-surface §1 table); no blob fields on a Blend chain.
struct FeeHistory {
    uint64_t oldest_block = 0;
    std::vector<U256> base_fee_per_gas;     ///< n + 1 entries (the next block's last)
    std::vector<double> gas_used_ratio;     ///< n entries
    std::vector<std::vector<U256>> reward;  ///< n entries of one per percentile; empty if none
};

/// eth_getProof in Blend's own SMBT proof format (docs/state.md), not Ethereum's MPT nodes.
struct StorageProof {
    Hash key;
    U256 value;
    std::vector<Bytes> proof;
};
struct AccountProof {
    Address address;
    std::vector<Bytes> account_proof;
    U256 balance;
    Hash code_hash;
    uint64_t nonce = 0;
    Hash storage_hash;
    std::vector<StorageProof> storage_proof;
};

/// debug_traceTransaction with `{"tracer": "callTracer"}`: one frame per call (geth's shape).
struct CallFrame {
    std::string type;  ///< CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE, CREATE2
    Address from;
    std::optional<Address> to;
    std::optional<U256> value;  ///< absent for STATICCALL; DELEGATECALL shows the inherited value
    uint64_t gas = 0;
    uint64_t gas_used = 0;
    Bytes input;
    Bytes output;
    std::optional<std::string> error;
    std::optional<std::string> revert_reason;
    std::vector<CallFrame> calls;
};

struct TraceOptions {
    std::string tracer = "callTracer";  ///< the only tracer rpc accepts today
    bool only_top_call = false;         ///< tracerConfig.onlyTopCall
};

/// eth_syncing's object form.
struct SyncStatus {
    uint64_t starting_block = 0;
    uint64_t current_block = 0;
    uint64_t highest_block = 0;
};

// ------------------------------------------------------------------------------------------------
// Events for eth_subscribe and the polling filters

/// Receives chain events. Implemented by rpc (subscriptions, filters); calls must return fast:
/// rpc only queues the event.
class ChainEventListener {
public:
    virtual ~ChainEventListener() = default;
    /// A block became canonical. On a reorg, each block of the new branch in ascending order.
    virtual void on_new_head(const Block& block) = 0;
    /// The logs of a new canonical block (removed = false), or of a block a reorg took out
    /// (removed = true, sent before the new branch's heads).
    virtual void on_logs(std::span<const LogInfo> logs) = 0;
    /// A transaction entered the pending set of the pool.
    virtual void on_pending_transaction(const Hash& hash) = 0;
};

// ------------------------------------------------------------------------------------------------
// eth_ / net_ / web3_ / debug_

/// Errors: return RpcError with geth's code and wording. Notable ones:
///  - unknown block for a state read: -32000 "header not found";
///  - eth_call / eth_estimateGas revert: RpcError::reverted(data, reason) (code 3);
///  - pool rejections: -32000 with geth's message ("nonce too low", ...);
///  - a getter of an object that does not exist: a value of nullopt (JSON null), not an error.
class EthBackend {
public:
    virtual ~EthBackend() = default;

    [[nodiscard]] virtual uint64_t chain_id() const = 0;
    /// The canonical head's number.
    [[nodiscard]] virtual RpcResult<uint64_t> block_number() = 0;
    /// nullopt = not syncing (JSON false).
    [[nodiscard]] virtual RpcResult<std::optional<SyncStatus>> syncing() = 0;
    [[nodiscard]] virtual RpcResult<Address> coinbase() = 0;
    [[nodiscard]] virtual uint64_t peer_count() const { return 0; }

    /// nullopt if there is no such block. `full_transactions` asks for Block::transactions.
    [[nodiscard]] virtual RpcResult<std::optional<Block>> block(const BlockId& id,
                                                                bool full_transactions) = 0;

    // State at a block (kPending: the pending state; for the nonce it counts pool txs).
    [[nodiscard]] virtual RpcResult<U256> balance(const Address& address, const BlockId& id) = 0;
    [[nodiscard]] virtual RpcResult<uint64_t> transaction_count(const Address& address,
                                                                const BlockId& id) = 0;
    [[nodiscard]] virtual RpcResult<Bytes> code(const Address& address, const BlockId& id) = 0;
    /// `slot` is the 32-byte big-endian key (shorter JSON keys are left-padded by rpc).
    [[nodiscard]] virtual RpcResult<Hash> storage_at(const Address& address,
                                                     const Hash& slot,
                                                     const BlockId& id) = 0;

    /// eth_sendRawTransaction: rpc has decoded the envelope and recovered the sender (a type 3
    /// or undecodable input never gets here). Returns the hash once the pool accepted it.
    [[nodiscard]] virtual RpcResult<Hash> send_raw_transaction(const SignedTransaction& tx) = 0;

    /// The return data, or RpcError::reverted. Gas is capped by the node's rpc gas cap.
    [[nodiscard]] virtual RpcResult<Bytes> call(const CallRequest& request, const BlockId& id) = 0;
    [[nodiscard]] virtual RpcResult<uint64_t> estimate_gas(const CallRequest& request,
                                                           const BlockId& id) = 0;

    [[nodiscard]] virtual RpcResult<std::optional<TransactionInfo>> transaction_by_hash(
        const Hash& hash) = 0;
    [[nodiscard]] virtual RpcResult<std::optional<TransactionInfo>> transaction_by_block_and_index(
        const BlockId& block,
        uint64_t index) = 0;
    [[nodiscard]] virtual RpcResult<std::optional<ReceiptInfo>> receipt(const Hash& tx_hash) = 0;
    /// nullopt if the block is unknown.
    [[nodiscard]] virtual RpcResult<std::optional<std::vector<ReceiptInfo>>> block_receipts(
        const BlockId& block) = 0;
    /// Logs in block order. The backend bounds the work (block range, result count) and answers
    /// -32000 with a message above its limits; from > to is -32602 "invalid block range params".
    [[nodiscard]] virtual RpcResult<std::vector<LogInfo>> logs(const LogFilter& filter) = 0;

    /// `block_count` is 1..kMaxFeeHistoryBlocks (rpc checks); percentiles are ascending in
    /// [0, 100] (rpc checks).
    [[nodiscard]] virtual RpcResult<FeeHistory> fee_history(
        uint64_t block_count,
        const BlockId& newest,
        std::span<const double> percentiles) = 0;
    /// eth_gasPrice: next base fee + suggested tip.
    [[nodiscard]] virtual RpcResult<U256> gas_price() = 0;
    [[nodiscard]] virtual RpcResult<U256> max_priority_fee_per_gas() = 0;

    [[nodiscard]] virtual RpcResult<AccountProof> proof(const Address& address,
                                                        std::span<const Hash> slots,
                                                        const BlockId& id) = 0;
    /// nullopt if the transaction is unknown (rpc answers -32000 "transaction not found").
    [[nodiscard]] virtual RpcResult<std::optional<CallFrame>> trace_transaction(
        const Hash& hash,
        const TraceOptions& options) = 0;

    /// Registers the listener that receives chain events until remove_listener; several may be
    /// registered (the HTTP and WebSocket servers each have one). The backend must not call a
    /// listener after remove_listener returned.
    virtual void add_listener(ChainEventListener* listener) = 0;
    virtual void remove_listener(ChainEventListener* listener) = 0;
};

// ------------------------------------------------------------------------------------------------
// engine_ (api-surface §2)

/// The version of the engine_ method that was called; parameters differ per version.
enum class EngineVersion : uint8_t { kV1 = 1, kV2 = 2, kV3 = 3, kV4 = 4 };

/// The forks the Engine API gates on (api-surface §2.1 "Fork gate").
enum class Fork : uint8_t { kParis, kShanghai, kCancun, kPrague, kOsaka };

/// engine payloadId (bytes8).
struct PayloadId : FixedBytes<8> {};

/// ForkchoiceStateV1; safe and finalized may be zero before finality.
struct ForkchoiceState {
    Hash head_block_hash;
    Hash safe_block_hash;
    Hash finalized_block_hash;
};

/// PayloadAttributesV1..V3 plus the L2 fields rollup consensus clients send (op-node:
/// `transactions` forced in order, `noTxPool`, `gasLimit`).
struct PayloadAttributes {
    uint64_t timestamp = 0;
    Hash prev_randao;
    Address suggested_fee_recipient;
    std::optional<std::vector<Withdrawal>> withdrawals;  ///< V2+
    std::optional<Hash> parent_beacon_block_root;        ///< V3
    /// L2: these raw EIP-2718 transactions go first, in this order.
    std::vector<Bytes> transactions;
    /// L2: take nothing from the pool.
    bool no_tx_pool = false;
    /// L2: the block's gas limit.
    std::optional<uint64_t> gas_limit;
};

enum class PayloadStatusKind : uint8_t { kValid, kInvalid, kSyncing, kAccepted, kInvalidBlockHash };

/// PayloadStatusV1 (api-surface §2.3).
struct PayloadStatus {
    PayloadStatusKind status = PayloadStatusKind::kSyncing;
    std::optional<Hash> latest_valid_hash;
    std::optional<std::string> validation_error;
};

struct ForkchoiceUpdatedResult {
    PayloadStatus payload_status;
    std::optional<PayloadId> payload_id;
};

/// A payload that passed rpc's pure checks (structure per version, zero-length transactions,
/// block hash == keccak(rlp(header)), V3+ versioned hashes, V4 requests hash), converted to a
/// core header and decoded transactions. Senders are not recovered yet.
struct NewPayload {
    EngineVersion version = EngineVersion::kV1;
    Header header;
    Hash block_hash;
    std::vector<Transaction> transactions;
    std::vector<Bytes> raw_transactions;                 ///< the envelopes as received
    std::optional<std::vector<Withdrawal>> withdrawals;  ///< V2+ (Shanghai on)
    std::vector<Bytes> execution_requests;               ///< V4
};

/// A built payload as engine_getPayload returns it.
struct BuiltPayload {
    Header header;
    Hash block_hash;
    std::vector<Bytes> transactions;  ///< EIP-2718 envelopes
    std::optional<std::vector<Withdrawal>> withdrawals;
    U256 block_value;  ///< sum of priority fees paid to the fee recipient, in wei
    std::vector<Bytes> execution_requests;
    bool should_override_builder = false;
};

/// ExecutionPayloadBodyV1.
struct PayloadBody {
    std::vector<Bytes> transactions;
    std::optional<std::vector<Withdrawal>> withdrawals;
};

/// Errors: the Engine codes (-38001 unknown payload, -38002 invalid forkchoice state, -38003
/// invalid payload attributes, -38006 too deep reorg) as RpcError::of(code). rpc checks the
/// structure of the parameters and the fork gates (-32602, -38005) before calling.
class EngineBackend {
public:
    virtual ~EngineBackend() = default;

    /// The fork active at `timestamp` (for the fork gates of api-surface §2.1).
    [[nodiscard]] virtual Fork fork_at(uint64_t timestamp) const = 0;

    /// Forkchoice update, then (if given and the head is VALID) start building on the head.
    /// Must process calls serially in arrival order (§2.3 rule 8).
    [[nodiscard]] virtual RpcResult<ForkchoiceUpdatedResult> forkchoice_updated(
        EngineVersion version,
        const ForkchoiceState& state,
        const std::optional<PayloadAttributes>& attributes) = 0;

    /// The best payload built so far for `id`; -38001 if unknown.
    [[nodiscard]] virtual RpcResult<BuiltPayload> get_payload(EngineVersion version,
                                                              const PayloadId& id) = 0;

    /// Validates and executes the payload (VALID / INVALID / SYNCING / ACCEPTED).
    [[nodiscard]] virtual RpcResult<PayloadStatus> new_payload(const NewPayload& payload) = 0;

    /// In request order; nullopt for an unknown block. rpc bounds the count (-38004).
    [[nodiscard]] virtual RpcResult<std::vector<std::optional<PayloadBody>>> payload_bodies_by_hash(
        std::span<const Hash> hashes) = 0;
    /// Canonical blocks start..start+count-1, without trailing nulls past the head.
    [[nodiscard]] virtual RpcResult<std::vector<std::optional<PayloadBody>>>
    payload_bodies_by_range(uint64_t start, uint64_t count) = 0;
};

}  // namespace blend::rpc
