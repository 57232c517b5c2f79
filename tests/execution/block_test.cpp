// SPDX-License-Identifier: Apache-2.0
// Block execution: receipts, cumulative gas, roots, withdrawals, the write set, determinism.
#include "core/trie/ordered_trie_root.hpp"
#include "execution/execute_block.hpp"
#include "tests/execution/stf_test_support.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

crypto::PrivateKey key(uint8_t n)
{
    crypto::PrivateKey k;
    k[31] = n;
    return k;
}

Transaction transfer(uint64_t nonce, const Address& to, uint64_t value)
{
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = 1337;
    t.nonce = nonce;
    t.max_fee_per_gas = 10;
    t.max_priority_fee_per_gas = 1;
    t.gas_limit = 21'000;
    t.to = to;
    t.value = value;
    auto s = sign_transaction(t, key(1));
    REQUIRE(s.has_value());
    return *s;
}

}  // namespace

TEST_CASE("a block of transfers: receipts, gas, roots, withdrawals, write set", "[stf][block]")
{
    Env env;
    const auto sender = crypto::address_from_private_key(key(1));
    REQUIRE(sender.has_value());
    env.pre.set_balance(*sender, U256{1'000'000'000'000ull});
    BlockInput block;
    block.context = env.block;
    block.transactions = {transfer(0, addr(9), 5), transfer(1, addr(9), 6)};
    block.withdrawals = {Withdrawal{0, 1, addr(8), 3}};

    const auto r = execute_block(env.pre, env.modules, block);
    REQUIRE(r.has_value());
    REQUIRE(r->receipts.size() == 2);
    CHECK(r->receipts[0].status);
    CHECK(r->receipts[0].cumulative_gas_used == 21'000);
    CHECK(r->receipts[1].cumulative_gas_used == 42'000);
    CHECK(r->receipts[1].type == 2);
    CHECK(r->gas_used == 42'000);
    const std::vector<Bytes> encoded = {encode_transaction(block.transactions[0]),
                                        encode_transaction(block.transactions[1])};
    CHECK(r->transactions_root == ordered_trie_root(std::span<const Bytes>(encoded)));
    CHECK(r->receipts_root == receipts_root(r->receipts));
    CHECK(r->withdrawals_root != kEmptyTrieRoot);
    CHECK(r->logs_bloom == Bloom{});

    CHECK(r->diff.accounts.at(addr(9))->balance == 11);
    CHECK(r->diff.accounts.at(addr(8))->balance == U256{3'000'000'000ull});  // 3 Gwei
    CHECK(r->diff.accounts.at(*sender)->nonce == 2);
    CHECK(r->diff.accounts.at(addr(0xCB))->balance == U256{42'000});  // tip 1 per gas

    // Same inputs, same outputs.
    const auto again = execute_block(env.pre, env.modules, block);
    REQUIRE(again.has_value());
    CHECK(again->receipts_root == r->receipts_root);
    CHECK(again->diff.accounts == r->diff.accounts);
    CHECK(again->diff.storage == r->diff.storage);
}

TEST_CASE("an empty block has the empty roots", "[stf][block]")
{
    Env env;
    BlockInput block;
    block.context = env.block;
    const auto r = execute_block(env.pre, env.modules, block);
    REQUIRE(r.has_value());
    CHECK(r->transactions_root == kEmptyTrieRoot);
    CHECK(r->receipts_root == kEmptyTrieRoot);
    CHECK(r->withdrawals_root == kEmptyTrieRoot);
    CHECK(r->diff.accounts.empty());
}

TEST_CASE("a block with an invalid transaction is refused with its index", "[stf][block]")
{
    Env env;
    const auto sender = crypto::address_from_private_key(key(1));
    env.pre.set_balance(*sender, U256{1'000'000'000'000ull});
    BlockInput block;
    block.context = env.block;
    block.transactions = {transfer(0, addr(9), 5), transfer(0, addr(9), 5)};
    const auto r = execute_block(env.pre, env.modules, block);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().index == 1);
    CHECK(r.error().error == TxValidationError::kNonceTooLow);
}
