// SPDX-License-Identifier: Apache-2.0
// Blocks executed through the RocksDB state store (execution/state_db_reader): genesis committed
// from a small alloc, blocks of transfers (and the SDK's ERC-20 deploy + transfer) executed on a
// stored parent, the new root compared with a trie::MemTrie built independently from the expected
// final state (EIP-1559 fee arithmetic by hand; account and storage leaves via trie/state_keys),
// a child block reading its parent's writes, a sibling block, a reopen after persist, and the
// verified-code cache shared by readers.
#include "contracts/erc20_wasm.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "core/types/transaction.hpp"
#include "core/u256.hpp"
#include "execution/state_db_reader.hpp"
#include "runtimes/sdk/sdk.hpp"
#include "trie/field/fr.hpp"
#include "trie/mem_trie.hpp"
#include "trie/state_keys.hpp"
#include "trie/store/state_db.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace blend;
using namespace blend::execution;

namespace {

namespace sol = blend::sdk::sol;

/// A fresh RocksDB directory, removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("blend-state-db-block-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::remove_all(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

crypto::PrivateKey key(uint8_t n)
{
    crypto::PrivateKey k;
    k[31] = n;
    return k;
}

Address address_of(uint8_t n)
{
    const auto a = crypto::address_from_private_key(key(n));
    REQUIRE(a.has_value());
    return *a;
}

Address tagged(uint8_t n)
{
    Address a;
    a[0] = 0xAA;  // outside the precompile range
    a[19] = n;
    return a;
}

Hash word(uint64_t v)
{
    Hash h;
    for (int i = 0; i < 8; ++i)
        h[31 - i] = static_cast<uint8_t>(v >> (8 * i));
    return h;
}

Hash word_of(const Address& a)
{
    Hash w;
    std::memcpy(w.data() + 12, a.data(), 20);
    return w;
}

// Fees of every transaction here (EIP-1559): base fee 7, max fee 10, tip 1, so the sender pays
// 8 per gas, the fee recipient gets 1 per gas and 7 per gas is burned.
constexpr uint64_t kBaseFee = 7;
constexpr uint64_t kMaxFee = 10;
constexpr uint64_t kTip = 1;
constexpr uint64_t kPricePaid = kBaseFee + kTip;
constexpr uint64_t kTransferGas = 21'000;  // Yellow Paper G_transaction
constexpr uint64_t kChainId = 1337;

Transaction signed_tx(uint8_t signer,
                      uint64_t nonce,
                      std::optional<Address> to,
                      uint64_t value,
                      Bytes data = {},
                      uint64_t gas = kTransferGas)
{
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = kChainId;
    t.nonce = nonce;
    t.max_fee_per_gas = kMaxFee;
    t.max_priority_fee_per_gas = kTip;
    t.gas_limit = gas;
    t.to = to;
    t.value = value;
    t.data = std::move(data);
    auto s = sign_transaction(t, key(signer));
    REQUIRE(s.has_value());
    return *s;
}

const Address kCoinbase = tagged(0xCB);

BlockInput make_block(uint64_t number, const Hash& parent, std::vector<Transaction> txs)
{
    BlockInput b;
    b.context.chain_id = kChainId;
    b.context.number = number;
    b.context.timestamp = 1'700'000'000 + number;
    b.context.gas_limit = 30'000'000;
    b.context.base_fee = kBaseFee;
    b.context.coinbase = kCoinbase;
    b.parent_hash = parent;
    b.transactions = std::move(txs);
    return b;
}

/// The expected state, kept by hand; root() hashes it into a fresh MemTrie.
struct Model {
    std::map<Address, trie::AccountLeaf> accounts;
    std::map<std::pair<Address, Hash>, Hash> slots;

    trie::AccountLeaf& account(const Address& a)
    {
        auto [it, inserted] = accounts.try_emplace(a);
        if (inserted)
            it->second.code_hash = kEmptyCodeHash;
        return it->second;
    }
    void add(const Address& a, const U256& amount)
    {
        auto& leaf = account(a);
        leaf.balance = to_hash(u256_from_hash(leaf.balance) + amount);
    }
    void sub(const Address& a, const U256& amount)
    {
        auto& leaf = account(a);
        leaf.balance = to_hash(u256_from_hash(leaf.balance) - amount);
    }
    /// A transfer of `value` with `gas` used at the fixed fees, from `from` (nonce bumped).
    void transfer(const Address& from, const Address& to, uint64_t value, uint64_t gas)
    {
        sub(from, U256{gas} * U256{kPricePaid} + U256{value});
        ++account(from).nonce;
        add(to, U256{value});
        add(kCoinbase, U256{gas} * U256{kTip});
    }

    Hash root() const
    {
        std::vector<trie::LeafUpdate> leaves;
        for (const auto& [a, leaf] : accounts)
            leaves.push_back({trie::account_key(a), trie::account_value_hash(leaf)});
        for (const auto& [k, v] : slots)
            leaves.push_back({trie::storage_key(k.first, k.second), trie::storage_value_hash(v)});
        trie::MemTrie t;
        REQUIRE(t.apply(std::move(leaves)).has_value());
        return field::fr_to_hash(t.root_hash());
    }

    trie::WriteSet write_set(const std::vector<Bytes>& codes = {}) const
    {
        trie::WriteSet ws;
        for (const auto& [a, leaf] : accounts)
            ws.accounts.push_back({a, leaf});
        for (const auto& [k, v] : slots)
            ws.slots.push_back({k.first, k.second, v});
        ws.codes = codes;
        return ws;
    }
};

std::unique_ptr<trie::StateDb> open_db(const TempDir& dir)
{
    trie::StateOptions options;
    options.threads = 1;
    options.block_cache_bytes = size_t{8} << 20;
    auto db = trie::StateDb::open(dir.path.string(), options);
    INFO((db ? "" : trie::to_string(db.error())));
    REQUIRE(db.has_value());
    return std::move(*db);
}

StateBlockResult run(trie::StateDb& db, ModuleCache& modules, const BlockInput& block)
{
    auto r = execute_block_on_state(db, modules, block);
    if (!r) {
        INFO(to_string(r.error().kind)
             << " / state " << trie::to_string(r.error().state) << " / tx " << r.error().block.index
             << ": " << to_string(r.error().block.error));
        FAIL("execute_block_on_state failed");
    }
    return std::move(*r);
}

/// Compares every account of `model` with what the store returns at `at`.
void check_reads(const trie::StateDb& db, const trie::At& at, const Model& model)
{
    const StateDbReader reader(db, at);
    for (const auto& [a, leaf] : model.accounts) {
        const auto got = reader.account(a);
        INFO("account " << to_hex(a.view()));
        REQUIRE(got.has_value());
        CHECK(*got == account_from_leaf(leaf));
    }
    for (const auto& [k, v] : model.slots)
        CHECK(reader.storage(k.first, k.second) == v);
    CHECK_FALSE(reader.error().has_value());
}

}  // namespace

TEST_CASE("blocks of transfers on the state store: roots, reads, siblings, reopen",
          "[stf][state_db]")
{
    const Address alice = address_of(1);
    const Address bob = address_of(2);
    const Address carol = tagged(0xC0);
    // An empty account holding storage (possible in a genesis alloc): touching it deletes it
    // (EIP-161; here a zero-amount EIP-4895 withdrawal touches it, as AddBalance(0) does in geth),
    // and its slots must go with it although the block never wrote them.
    const Address dusty = tagged(0xD0);

    Model model;
    model.add(alice, U256{1'000'000'000'000'000'000ull});
    model.add(bob, U256{1'000'000'000'000'000'000ull});
    (void)model.account(dusty);
    model.slots[{dusty, word(1)}] = word(0x11);
    model.slots[{dusty, word(2)}] = word(0x22);
    const Model genesis_model = model;

    TempDir dir;
    auto db = open_db(dir);
    const Hash genesis_hash = word(0x6e6e);
    const auto genesis = db->commit_genesis(genesis_hash, model.write_set());
    REQUIRE(genesis.has_value());
    CHECK(field::fr_to_hash(genesis->root) == genesis_model.root());
    {
        const StateDbReader reader(*db, trie::At::hash(genesis_hash));
        CHECK(reader.has_storage(dusty));
        CHECK_FALSE(reader.has_storage(alice));
        // Unknown code and block hashes without a source are empty answers, not store errors.
        CHECK(reader.code(word(0xc0de)) == nullptr);
        CHECK(reader.block_hash(0).is_zero());
        CHECK_FALSE(reader.error().has_value());
        const StateDbReader with_hashes(*db, trie::At::hash(genesis_hash),
                                        [&](uint64_t n) { return n == 0 ? genesis_hash : Hash{}; });
        CHECK(with_hashes.block_hash(0) == genesis_hash);
        CHECK(with_hashes.block_hash(1).is_zero());
        // A reader at a block the store does not know reports it.
        const StateDbReader lost(*db, trie::At::hash(word(0xdead)));
        CHECK_FALSE(lost.account(alice).has_value());
        REQUIRE(lost.error().has_value());
        CHECK(*lost.error() == trie::StateError::kUnknownBlock);
    }

    ModuleCache modules;
    // Block 1: three transfers and a zero-amount withdrawal that touches (and so deletes) dusty.
    BlockInput b1 = make_block(
        1, genesis_hash,
        {signed_tx(1, 0, carol, 1000), signed_tx(1, 1, carol, 3), signed_tx(2, 0, carol, 500)});
    b1.withdrawals = {Withdrawal{0, 0, dusty, 0}};
    const auto r1 = run(*db, modules, b1);
    REQUIRE(r1.executed.receipts.size() == 3);
    model.transfer(alice, carol, 1000, kTransferGas);
    model.transfer(alice, carol, 3, kTransferGas);
    model.transfer(bob, carol, 500, kTransferGas);
    model.accounts.erase(dusty);
    model.slots.erase({dusty, word(1)});
    model.slots.erase({dusty, word(2)});
    CHECK(r1.state_root == model.root());
    const Hash h1 = word(0xb1);
    REQUIRE(db->insert(r1.diff, h1).has_value());
    const Model model1 = model;
    {
        const StateDbReader reader(*db, trie::At::hash(h1));
        CHECK_FALSE(reader.account(dusty).has_value());
        CHECK(reader.storage(dusty, word(1)).is_zero());
        CHECK_FALSE(reader.has_storage(dusty));
        CHECK_FALSE(reader.error().has_value());
    }
    check_reads(*db, trie::At::hash(h1), model1);

    // Block 2 on block 1: bob's nonce 1 and alice's nonce 2 exist only in block 1's diff.
    const BlockInput b2 = make_block(2, h1, {signed_tx(2, 1, alice, 7), signed_tx(1, 2, carol, 1)});
    const auto r2 = run(*db, modules, b2);
    model.transfer(bob, alice, 7, kTransferGas);
    model.transfer(alice, carol, 1, kTransferGas);
    CHECK(r2.state_root == model.root());
    const Hash h2 = word(0xb2);
    REQUIRE(db->insert(r2.diff, h2).has_value());
    const Model model2 = model;

    // A sibling of block 1 on genesis: its own root, and dusty untouched there.
    const BlockInput b1x = make_block(1, genesis_hash, {signed_tx(2, 0, carol, 9)});
    const auto r1x = run(*db, modules, b1x);
    Model sibling = genesis_model;
    sibling.transfer(bob, carol, 9, kTransferGas);
    CHECK(r1x.state_root == sibling.root());
    CHECK(r1x.state_root != r1.state_root);
    const Hash h1x = word(0xb1b1);
    REQUIRE(db->insert(r1x.diff, h1x).has_value());
    check_reads(*db, trie::At::hash(h1x), sibling);
    {
        const StateDbReader reader(*db, trie::At::hash(h1x));
        CHECK(reader.has_storage(dusty));
    }
    // Block 1's reads are unchanged by its sibling.
    check_reads(*db, trie::At::hash(h1), model1);

    // A stale nonce on block 2 is refused with the transaction's index, nothing applied.
    const auto refused =
        execute_block_on_state(*db, modules, make_block(3, h2, {signed_tx(2, 1, carol, 1)}));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().kind == StateBlockError::kInvalidBlock);
    CHECK(refused.error().block.error == TxValidationError::kNonceTooLow);
    // An unknown parent, and a number that does not follow the parent's, are refused up front.
    const auto orphan = execute_block_on_state(*db, modules, make_block(3, word(0xdead), {}));
    REQUIRE_FALSE(orphan.has_value());
    CHECK(orphan.error().kind == StateBlockError::kUnknownParent);
    const auto skipped = execute_block_on_state(*db, modules, make_block(4, h2, {}));
    REQUIRE_FALSE(skipped.has_value());
    CHECK(skipped.error().kind == StateBlockError::kWrongNumber);

    // Persist blocks 1 and 2, close, reopen: same root and reads at the tip.
    REQUIRE(db->set_head(h2).has_value());
    REQUIRE(db->persist(h1).has_value());
    REQUIRE(db->persist(h2).has_value());
    db.reset();
    db = open_db(dir);
    const auto tip = db->block(trie::At::latest());
    REQUIRE(tip.has_value());
    CHECK(tip->number == 2);
    CHECK(tip->hash == h2);
    CHECK(field::fr_to_hash(tip->root) == model2.root());
    check_reads(*db, trie::At::latest(), model2);
    // The persisted block 1 through history, and dusty's cleared slots there.
    check_reads(*db, trie::At::number(1), model1);
    {
        const StateDbReader reader(*db, trie::At::number(1));
        CHECK_FALSE(reader.has_storage(dusty));
    }
    {
        const StateDbReader reader(*db, trie::At::number(0));
        CHECK(reader.has_storage(dusty));
        CHECK(reader.storage(dusty, word(2)) == word(0x22));
    }
    // And execution continues on the reopened store.
    const auto r3 = run(*db, modules, make_block(3, h2, {signed_tx(1, 3, bob, 2)}));
    model.transfer(alice, bob, 2, kTransferGas);
    CHECK(r3.state_root == model.root());
}

TEST_CASE("the SDK ERC-20 deployed and called through the state store", "[stf][state_db]")
{
    const Address alice = address_of(1);
    const Address bob = address_of(2);
    Model model;
    model.add(alice, U256{1'000'000'000'000'000'000ull});
    TempDir dir;
    auto db = open_db(dir);
    const Hash genesis_hash = word(0x6e);
    REQUIRE(db->commit_genesis(genesis_hash, model.write_set()).has_value());

    // Constructor input: the supply, as the custom section `input` (docs/abi.md §7; Wasm core spec
    // §5.5.3: id 0, LEB128 size, LEB128-length name, bytes).
    const auto supply_word = sol::encode(sdk::U256{1'000'000});
    const Bytes args(supply_word.data, supply_word.data + supply_word.size);
    const auto wasm = blend::contracts::erc20_wasm();
    Bytes init(wasm.begin(), wasm.end());
    Bytes section{5, 'i', 'n', 'p', 'u', 't'};
    section.insert(section.end(), args.begin(), args.end());
    REQUIRE(section.size() < 128);  // one LEB128 byte
    init.push_back(0);
    init.push_back(static_cast<uint8_t>(section.size()));
    init.insert(init.end(), section.begin(), section.end());

    // CREATE address: keccak256(rlp([sender, nonce]))[12:] (Yellow Paper §7).
    Bytes payload;
    rlp::encode_address(payload, alice);
    rlp::encode_uint64(payload, 0);
    const Hash create_hash = keccak256(rlp::wrap_list(payload));
    Address token;
    std::memcpy(token.data(), create_hash.data() + 12, 20);

    sdk::Address bob_sdk;
    std::memcpy(bob_sdk.bytes, bob.data(), 20);
    const auto call =
        sol::encode_call(sol::selector("transfer(address,uint256)"), bob_sdk, sdk::U256{250});
    const BlockInput b1 =
        make_block(1, genesis_hash,
                   {signed_tx(1, 0, std::nullopt, 0, init, 10'000'000),
                    signed_tx(1, 1, token, 0, Bytes(call.data, call.data + call.size), 1'000'000)});
    ModuleCache modules;
    const auto r1 = run(*db, modules, b1);
    REQUIRE(r1.executed.outcomes.size() == 2);
    REQUIRE(r1.executed.outcomes[0].success);
    REQUIRE(r1.executed.outcomes[0].contract_address == token);
    REQUIRE(r1.executed.outcomes[1].success);

    // Expected state. Gas comes from the receipts (the executor's metering is tested in
    // contracts_stf_test); everything else is from the rules: EIP-161 contract nonce 1, solc's
    // layout of the example (balances: mapping at slot 0, totalSupply at slot 2), EIP-1559 fees.
    const uint64_t gas = r1.executed.gas_used;
    model.sub(alice, U256{gas} * U256{kPricePaid});
    model.account(alice).nonce = 2;
    model.add(kCoinbase, U256{gas} * U256{kTip});
    const auto mapping_slot = [](const Address& who, uint64_t index) {
        Bytes pre;
        const Hash a = word_of(who);
        const Hash i = word(index);
        pre.insert(pre.end(), a.bytes.begin(), a.bytes.end());
        pre.insert(pre.end(), i.bytes.begin(), i.bytes.end());
        return keccak256(pre);
    };
    model.slots[{token, mapping_slot(alice, 0)}] = word(1'000'000 - 250);
    model.slots[{token, mapping_slot(bob, 0)}] = word(250);
    model.slots[{token, word(2)}] = word(1'000'000);
    // The stored code: rWasm (EF 52), read back from the store under the account's code hash.
    REQUIRE(r1.executed.diff.accounts.contains(token));
    const auto& token_account = r1.executed.diff.accounts.at(token);
    REQUIRE(token_account.has_value());
    REQUIRE(r1.executed.diff.code.contains(token_account->code_hash));
    const Bytes& code = *r1.executed.diff.code.at(token_account->code_hash);
    REQUIRE(code.size() >= 2);
    CHECK(code[0] == 0xEF);
    CHECK(code[1] == 0x52);
    auto& leaf = model.account(token);
    leaf.nonce = 1;
    leaf.code_hash = keccak256(code);
    leaf.code_size = code.size();
    CHECK(r1.state_root == model.root());

    const Hash h1 = word(0xe1);
    REQUIRE(db->insert(r1.diff, h1).has_value());
    check_reads(*db, trie::At::hash(h1), model);
    {
        const StateDbReader reader(*db, trie::At::hash(h1));
        const CodePtr stored = reader.code(leaf.code_hash);
        REQUIRE(stored != nullptr);
        CHECK(*stored == code);
        CHECK(reader.has_storage(token));
    }

    // Block 2 runs the stored contract (code loaded from the store): bob sends 50 back.
    sdk::Address alice_sdk;
    std::memcpy(alice_sdk.bytes, alice.data(), 20);
    const auto back =
        sol::encode_call(sol::selector("transfer(address,uint256)"), alice_sdk, sdk::U256{50});
    model.add(bob, U256{1'000'000'000'000'000ull});  // funded in block 2 by alice
    const BlockInput b2 =
        make_block(2, h1,
                   {signed_tx(1, 2, bob, 1'000'000'000'000'000ull),
                    signed_tx(2, 0, token, 0, Bytes(back.data, back.data + back.size), 1'000'000)});
    ModuleCache cold;  // nothing cached: the module comes from the stored code
    const auto r2 = run(*db, cold, b2);
    REQUIRE(r2.executed.outcomes.size() == 2);
    REQUIRE(r2.executed.outcomes[1].success);
    const uint64_t gas_call = r2.executed.gas_used - kTransferGas;
    model.transfer(alice, bob, 0, kTransferGas);
    model.sub(alice, U256{1'000'000'000'000'000ull});
    model.sub(bob, U256{gas_call} * U256{kPricePaid});
    ++model.account(bob).nonce;
    model.add(kCoinbase, U256{gas_call} * U256{kTip});
    model.slots[{token, mapping_slot(alice, 0)}] = word(1'000'000 - 200);
    model.slots[{token, mapping_slot(bob, 0)}] = word(200);
    CHECK(r2.state_root == model.root());

    // Readers sharing a VerifiedCodeCache (what the node's chain store gives all its readers):
    // the code the first verified reaches the second, at another block, as the same object; a
    // budget below the blob keeps nothing and still answers from the store.
    const Hash h2 = word(0xe2);
    REQUIRE(db->insert(r2.diff, h2).has_value());
    VerifiedCodeCache shared;
    const StateDbReader at_h1(*db, trie::At::hash(h1), {}, &shared);
    const CodePtr first = at_h1.code(leaf.code_hash);
    REQUIRE(first != nullptr);
    CHECK(*first == code);
    CHECK(shared.size() == 1);
    CHECK(shared.bytes() == code.size());
    const StateDbReader at_h2(*db, trie::At::hash(h2), {}, &shared);
    CHECK(at_h2.code(leaf.code_hash) == first);
    VerifiedCodeCache tiny(code.size() - 1);
    const StateDbReader small(*db, trie::At::hash(h2), {}, &tiny);
    const CodePtr again = small.code(leaf.code_hash);
    REQUIRE(again != nullptr);
    CHECK(*again == code);
    CHECK(again != first);
    CHECK(tiny.size() == 0);
    CHECK_FALSE(small.error().has_value());
}

TEST_CASE("VerifiedCodeCache evicts the least recently used code beyond its byte budget",
          "[state_db]")
{
    const auto blob = [](size_t n, uint8_t fill) { return std::make_shared<const Bytes>(n, fill); };
    VerifiedCodeCache cache(100);
    cache.add(word(1), blob(40, 1));
    cache.add(word(2), blob(40, 2));
    CHECK(cache.bytes() == 80);
    REQUIRE(cache.find(word(1)) != nullptr);  // 1 becomes the most recent: 2 is next out
    cache.add(word(3), blob(40, 3));
    CHECK(cache.find(word(2)) == nullptr);
    CHECK(cache.find(word(1)) != nullptr);
    REQUIRE(cache.find(word(3)) != nullptr);
    CHECK((*cache.find(word(3)))[0] == 3);
    CHECK(cache.bytes() == 80);
    CHECK(cache.size() == 2);
    // A known hash is not replaced (content-addressed: it is the same blob).
    cache.add(word(3), blob(10, 9));
    CHECK(cache.find(word(3))->size() == 40);
    CHECK(cache.bytes() == 80);
    // Larger than the whole budget: not kept, and nothing is evicted for it.
    cache.add(word(4), blob(101, 4));
    CHECK(cache.find(word(4)) == nullptr);
    CHECK(cache.size() == 2);
    // Exactly the budget: everything else goes.
    cache.add(word(5), blob(100, 5));
    CHECK(cache.size() == 1);
    CHECK(cache.bytes() == 100);
    CHECK(cache.find(word(1)) == nullptr);
    cache.add(word(6), nullptr);
    CHECK(cache.size() == 1);
}

TEST_CASE("StateDb::visit_slots merges diffs over flat state and history, in slot order",
          "[state_db]")
{
    const Address x = tagged(0x51);
    const Address y = tagged(0x52);  // a neighbour whose slots must never be listed for x
    Model model;
    (void)model.account(x);
    (void)model.account(y);
    for (const uint64_t s : {1, 3, 5})
        model.slots[{x, word(s)}] = word(0x100 + s);
    model.slots[{y, word(2)}] = word(0x999);
    TempDir dir;
    auto db = open_db(dir);
    REQUIRE(db->commit_genesis(word(0xa0), model.write_set()).has_value());

    using Slots = std::vector<std::pair<Hash, Hash>>;
    const auto slots_at = [&](const trie::At& at, size_t limit = SIZE_MAX) {
        Slots out;
        const auto r = db->visit_slots(x, at, [&](const Hash& s, const Hash& v) {
            out.emplace_back(s, v);
            return out.size() < limit;
        });
        REQUIRE(r.has_value());
        return out;
    };
    const Slots at_genesis = {
        {word(1), word(0x101)}, {word(3), word(0x103)}, {word(5), word(0x105)}};
    CHECK(slots_at(trie::At::hash(word(0xa0))) == at_genesis);
    CHECK(slots_at(trie::At::hash(word(0xa0)), 1) == Slots{{word(1), word(0x101)}});

    // Block 1: a new slot between two stored ones, one deleted, one changed.
    trie::WriteSet w1;
    w1.slots = {{x, word(2), word(0x202)}, {x, word(3), Hash{}}, {x, word(5), word(0x205)}};
    auto d1 = db->apply(word(0xa0), std::move(w1));
    REQUIRE(d1.has_value());
    REQUIRE(db->insert(*d1, word(0xa1)).has_value());
    const Slots at_1 = {{word(1), word(0x101)}, {word(2), word(0x202)}, {word(5), word(0x205)}};
    CHECK(slots_at(trie::At::hash(word(0xa1))) == at_1);
    // Block 2 on it: slot 1 deleted, slot 3 back.
    trie::WriteSet w2;
    w2.slots = {{x, word(1), Hash{}}, {x, word(3), word(0x303)}};
    auto d2 = db->apply(word(0xa1), std::move(w2));
    REQUIRE(d2.has_value());
    REQUIRE(db->insert(*d2, word(0xa2)).has_value());
    const Slots at_2 = {{word(2), word(0x202)}, {word(3), word(0x303)}, {word(5), word(0x205)}};
    CHECK(slots_at(trie::At::hash(word(0xa2))) == at_2);
    CHECK(slots_at(trie::At::hash(word(0xa1))) == at_1);

    // Persisted: the tip from the flat table, older blocks from the history.
    REQUIRE(db->set_head(word(0xa2)).has_value());
    REQUIRE(db->persist(word(0xa1)).has_value());
    CHECK(slots_at(trie::At::hash(word(0xa2))) == at_2);  // diff over the flat table at block 1
    REQUIRE(db->persist(word(0xa2)).has_value());
    CHECK(slots_at(trie::At::latest()) == at_2);
    CHECK(slots_at(trie::At::number(1)) == at_1);
    CHECK(slots_at(trie::At::number(0)) == at_genesis);
    CHECK(slots_at(trie::At::number(0), 2) == Slots(at_genesis.begin(), at_genesis.begin() + 2));
    // An unknown block is an error, not an empty account.
    CHECK_FALSE(db->visit_slots(x, trie::At::hash(word(0xff)), [](const Hash&, const Hash&) {
                      return true;
                  }).has_value());
}
