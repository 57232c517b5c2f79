// SPDX-License-Identifier: Apache-2.0
#include "tests/statetest/runner.hpp"

#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "core/trie/state_root.hpp"
#include "core/types/transaction.hpp"
#include "execution/account_code.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/in_memory_state.hpp"
#include "genesis/system_runtimes.hpp"
#include "tests/statetest/blob_fee.hpp"
#include "tests/statetest/exceptions.hpp"
#include "tests/statetest/strategy.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace blend::statetest {

namespace {

// The EVM opcodes the skip rules look for (Yellow Paper Appendix H; EIP-7516).
constexpr uint8_t kOpBlobBaseFee = 0x4a;
constexpr uint8_t kOpPush1 = 0x60;
constexpr uint8_t kOpPush32 = 0x7f;

// The state tests run on chain id 1 (retesteth fills them as mainnet).
constexpr uint64_t kStateTestChainId = 1;
// BLOCKHASH serves the 256 most recent blocks (Yellow Paper §9.4.3, opcode 0x40).
constexpr uint64_t kBlockHashWindow = 256;

bool uses_opcode(BytesView code, uint8_t opcode)
{
    for (size_t pc = 0; pc < code.size(); ++pc) {
        const uint8_t op = code[pc];
        if (op == opcode)
            return true;
        if (op >= kOpPush1 && op <= kOpPush32)
            pc += static_cast<size_t>(op - kOpPush1 + 1);  // skip the immediate
    }
    return false;
}

// The hash geth's state-test harness gives BLOCKHASH(n) (tests/state_test_util.go,
// vmTestBlockHash): keccak256 of the block number written in decimal. The fixtures were filled
// with that context.
Hash test_block_hash(uint64_t number)
{
    const std::string decimal = std::to_string(number);
    return keccak256(BytesView(reinterpret_cast<const uint8_t*>(decimal.data()), decimal.size()));
}

// One account of the post-state model: the runner keeps its own copy of the state, so that it
// can list every account and slot (the STF's StateReader has no iteration, by design).
struct ModelAccount {
    execution::Account account;
    execution::CodePtr code;
    std::map<Hash, Hash> storage;  ///< non-zero slots only
};
using Model = std::map<Address, ModelAccount>;

// A diff lists only code the reader does not hold already (StateDiff), so an account that gets
// code equal to some pre-state account's (a constructor returning a copy of existing code, as the
// *DiffPlaces tests do with EXTCODECOPY) finds it in the reader.
void apply_diff(Model& model, const execution::StateDiff& diff, const execution::StateReader& pre)
{
    for (const auto& [address, account] : diff.accounts) {
        if (!account) {
            model.erase(address);
            continue;
        }
        ModelAccount& m = model[address];
        if (m.account.code_hash != account->code_hash || !m.code) {
            const auto code = diff.code.find(account->code_hash);
            if (code != diff.code.end())
                m.code = code->second;
            else if (account->code_hash == kEmptyCodeHash)
                m.code = nullptr;
            else
                m.code = pre.code(account->code_hash);
            // A code hash with no code anywhere would be an STF bug, not a test outcome.
            BLEND_ASSERT(account->code_hash == kEmptyCodeHash || m.code != nullptr);
        }
        m.account = *account;
    }
    for (const auto& [key, value] : diff.storage) {
        const auto it = model.find(key.address);
        if (it == model.end()) {
            BLEND_ASSERT(value.is_zero());  // slots of a deleted account are listed as zero
            continue;
        }
        if (value.is_zero())
            it->second.storage.erase(key.slot);
        else
            it->second.storage[key.slot] = value;
    }
}

// The Ethereum view of the model: EVM contracts present their EVM bytecode (its hash is the
// account's codeHash in Ethereum's state), and the system runtimes, which exist only on Blend,
// are left out (docs/statetest.md, "What is compared").
Hash model_root(const Model& model, const std::set<Address>& system_accounts, std::string* dump)
{
    std::vector<StateEntry> entries;
    for (const auto& [address, m] : model) {
        if (system_accounts.count(address) != 0)
            continue;
        std::vector<StorageEntry> slots;
        for (const auto& [slot, value] : m.storage)
            slots.push_back({slot, u256_from_hash(value)});
        StateAccount a;
        a.nonce = m.account.nonce;
        a.balance = m.account.balance;
        a.storage_root = storage_root(slots);
        const BytesView visible = m.code ? execution::visible_code(*m.code) : BytesView{};
        a.code_hash = keccak256(visible);
        entries.push_back({address, a});
        if (dump != nullptr) {
            std::ostringstream line;
            line << "  " << to_hex(address) << " nonce=" << a.nonce
                 << " balance=" << to_string(a.balance) << " code=" << to_hex(visible)
                 << " storage={";
            for (const auto& [slot, value] : m.storage)
                line << to_hex(u256_from_hash(slot)) << ":" << to_hex(u256_from_hash(value)) << " ";
            line << "}\n";
            *dump += line.str();
        }
    }
    return state_root(entries);
}

struct BuiltState {
    execution::InMemoryState reader;
    Model model;
    std::set<Address> system_accounts;
};

void build_state(const StateTest& test, BuiltState& out)
{
    genesis::install_system_runtimes(out.reader);
    for (const auto& account : genesis::system_accounts())
        out.system_accounts.insert(account.address);

    for (const auto& [address, pre] : test.pre) {
        ModelAccount m;
        if (!pre.code.empty()) {
            out.reader.set_code(address, genesis::evm_contract_code(pre.code));
            m.code = out.reader.code(out.reader.account(address)->code_hash);
        }
        execution::Account account = out.reader.account(address).value_or(execution::Account{});
        account.nonce = pre.nonce;
        account.balance = pre.balance;
        out.reader.set_account(address, account);
        m.account = account;
        for (const auto& [slot, value] : pre.storage) {
            out.reader.set_storage(address, slot, to_hash(value));
            m.storage[slot] = to_hash(value);
        }
        out.model[address] = std::move(m);
    }
}

execution::BlockContext block_context(const Env& env)
{
    execution::BlockContext block;
    block.chain_id = kStateTestChainId;
    block.number = env.number;
    block.timestamp = env.timestamp;
    block.gas_limit = env.gas_limit.fits_u64() ? env.gas_limit.low_u64() : ~uint64_t{0};
    block.base_fee = env.base_fee;
    // EIP-4399: after the merge DIFFICULTY reads PREVRANDAO; fixtures without currentRandom
    // predate it and their difficulty is the value.
    block.prev_randao = env.random ? *env.random : to_hash(env.difficulty);
    block.coinbase = env.coinbase;
    return block;
}

// The transaction of one matrix entry, signed with the fixture's secretKey. Fails (with the
// reason) when a field does not fit its type: the fixture then expects a refusal.
Result<Transaction, std::string> build_transaction(const TxMatrix& m, const PostCase& post)
{
    if (m.scalar_too_wide || m.gas_limit_too_wide[post.gas] || m.value_too_wide[post.value])
        return Unexpected{std::string("a field is wider than 256 bits")};
    Transaction tx;
    const bool has_list = m.has_access_lists && m.access_lists[post.data].has_value();
    if (m.max_fee_per_gas) {
        tx.type = TxType::kDynamicFee;
        tx.max_fee_per_gas = *m.max_fee_per_gas;
        tx.max_priority_fee_per_gas = *m.max_priority_fee_per_gas;
    } else {
        tx.type = has_list ? TxType::kAccessList : TxType::kLegacy;
        tx.gas_price = *m.gas_price;
    }
    // Typed transactions always carry the chain id. Legacy ones come both ways: the retesteth
    // fillers sign without EIP-155 (v = 27/28), the Pyspecs with it (v = 37/38); the matrix does
    // not say which, so the filled txbytes decide (run_case checks the bytes match after signing).
    if (tx.type != TxType::kLegacy) {
        tx.chain_id = kStateTestChainId;
    } else if (!post.tx_bytes.empty()) {
        const auto filled = decode_transaction(post.tx_bytes);
        if (filled && filled->type == TxType::kLegacy)
            tx.chain_id = filled->chain_id;
    }
    if (!m.nonce.fits_u64())
        return Unexpected{std::string("nonce does not fit 64 bits")};
    tx.nonce = m.nonce.low_u64();
    const U256& gas = m.gas_limit[post.gas];
    if (!gas.fits_u64())
        return Unexpected{std::string("gas limit does not fit 64 bits")};
    tx.gas_limit = gas.low_u64();
    tx.to = m.to;
    tx.value = m.value[post.value];
    tx.data = m.data[post.data];
    if (has_list)
        for (const auto& [address, keys] : *m.access_lists[post.data])
            tx.access_list.push_back({address, keys});

    crypto::PrivateKey key;
    key.bytes = m.secret_key.bytes;
    auto signed_tx = sign_transaction(std::move(tx), key);
    if (!signed_tx)
        return Unexpected{std::string("signing failed: ") + to_string(signed_tx.error())};
    return std::move(*signed_tx);
}

std::string case_label(const StateTest& test, const PostCase& post)
{
    std::ostringstream s;
    s << test.file << " " << test.name << " " << post.fork << "[" << post.index
      << "] (d=" << post.data << ",g=" << post.gas << ",v=" << post.value << ")";
    return s.str();
}

}  // namespace

const char* to_string(Strategy s) noexcept
{
    return s == Strategy::kNative ? "native" : "interpreter";
}

std::optional<SkipCategory> skip_category(const StateTest& test, const PostCase& post)
{
    if (test.tx.has_blob_fields)
        return kSkipBlobTransaction;
    if (blob_base_fee(test.env.excess_blob_gas) != U256{kMinBaseFeePerBlobGas}) {
        bool uses = !test.tx.to && uses_opcode(test.tx.data[post.data], kOpBlobBaseFee);
        for (const auto& [address, account] : test.pre)
            uses = uses || uses_opcode(account.code, kOpBlobBaseFee);
        if (uses)
            return kSkipBlobBaseFee;
    }
    return std::nullopt;
}

Hash logs_hash(std::span<const Log> logs)
{
    Bytes payload;
    for (const Log& log : logs)
        encode_log(payload, log);
    return keccak256(rlp::wrap_list(payload));
}

Hash pre_state_root(const StateTest& test)
{
    std::vector<StateEntry> entries;
    for (const auto& [address, pre] : test.pre) {
        std::vector<StorageEntry> slots;
        for (const auto& [slot, value] : pre.storage)
            slots.push_back({slot, value});
        StateAccount a;
        a.nonce = pre.nonce;
        a.balance = pre.balance;
        a.storage_root = storage_root(slots);
        a.code_hash = keccak256(pre.code);
        entries.push_back({address, a});
    }
    return state_root(entries);
}

CaseResult run_case(const StateTest& test,
                    const PostCase& post,
                    Strategy strategy,
                    execution::ModuleCache& modules,
                    bool dump_post_state)
{
    CaseResult result;
    const std::string label = case_label(test, post);
    auto fail = [&](const std::string& what) {
        result.passed = false;
        result.failure = label + ": " + what;
        return result;
    };

    BuiltState state;
    build_state(test, state);
    execution::BlockContext block = block_context(test.env);
    // The fork's rules, as the fixture section says (Blend runs Prague; Cancun is kept for these).
    block.fork = post.fork == "Cancun" ? execution::Fork::kCancun : execution::Fork::kPrague;
    for (uint64_t n = block.number > kBlockHashWindow ? block.number - kBlockHashWindow : 0;
         n < block.number; ++n)
        state.reader.set_block_hash(n, test_block_hash(n));

    auto tx = build_transaction(test.tx, post);
    std::optional<std::string> refusal;  // why the transaction was not applied
    Refusal refusal_error;               // nullopt with a refusal: the runner could not build it
    execution::TxOutcome outcome;
    if (!tx) {
        refusal = "cannot build the transaction: " + tx.error();
    } else {
        // The fixture's txbytes are what the filler signed: the same key, fields and RFC 6979
        // nonce give the same bytes, so a difference is a bug in how this runner reads the
        // matrix (type, chain id, access list), not in the STF.
        if (!post.tx_bytes.empty()) {
            const auto filled = decode_transaction(post.tx_bytes);
            if (filled && encode_transaction(*tx) != post.tx_bytes)
                return fail("runner built " + to_hex(encode_transaction(*tx)) +
                            " but the fixture's txbytes are " + to_hex(post.tx_bytes));
        }
        const auto sender = recover_sender(*tx);
        if (!sender || *sender != test.tx.sender)
            return fail("the signed transaction does not recover the fixture's sender");

        execution::ExecutorLimits limits = executor_limits(strategy);
        execution::JournaledState journal(state.reader);
        auto applied = execution::apply_transaction(journal, modules, block, *tx, *sender,
                                                    block.gas_limit, limits);
        if (!applied) {
            refusal = std::string("refused: ") + execution::to_string(applied.error());
            refusal_error = applied.error();
            journal.discard_transaction();
        } else {
            outcome = std::move(*applied);
            apply_diff(state.model, journal.diff(), state.reader);
        }
    }

    result.applied = !refusal.has_value();
    result.gas_used = outcome.gas_used;
    result.logs_hash = logs_hash(outcome.logs);
    result.state_root = model_root(state.model, state.system_accounts,
                                   dump_post_state ? &result.post_state_dump : nullptr);

    std::string problems;
    if (!post.expect_exception.empty()) {
        if (!refusal)
            problems += "applied, but the fixture expects " + post.expect_exception + "; ";
        else if (!exception_matches(refusal_error, post.expect_exception))
            problems += *refusal + ", but the fixture expects " + post.expect_exception + "; ";
    } else if (refusal) {
        problems += *refusal + "; ";
    }
    if (result.state_root != post.state_root)
        problems += "state root " + to_hex(result.state_root) + " != expected " +
                    to_hex(post.state_root) + "; ";
    if (result.logs_hash != post.logs_hash)
        problems += "logs hash " + to_hex(result.logs_hash) + " != expected " +
                    to_hex(post.logs_hash) + "; ";
    if (!problems.empty()) {
        problems.resize(problems.size() - 2);
        if (refusal.has_value() == false)
            problems += " (gas used " + std::to_string(outcome.gas_used) + ", " +
                        (outcome.success ? "success" : "failed") + ")";
        return fail(problems);
    }
    result.passed = true;
    return result;
}

}  // namespace blend::statetest
