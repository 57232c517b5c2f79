// SPDX-License-Identifier: Apache-2.0
// The journaled state: checkpoints revert exactly, originals follow EIP-2200, the write set
// holds only real changes.
#include "tests/execution/stf_test_support.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

TEST_CASE("revert(checkpoint) undoes exactly the changes after it", "[stf][journal]")
{
    InMemoryState pre;
    pre.set_balance(addr(1), 100);
    pre.set_storage(addr(1), word(1), word(10));
    JournaledState s(pre);

    s.set_storage(addr(1), word(1), word(11));
    s.access_address(addr(5));
    const size_t cp = s.checkpoint();
    s.set_storage(addr(1), word(1), word(12));
    s.set_storage(addr(1), word(2), word(20));
    REQUIRE(s.transfer(addr(1), addr(2), 30));
    s.set_transient(addr(1), word(1), word(1));
    s.access_address(addr(6));
    s.access_slot(addr(1), word(9));
    s.add_log(Log{addr(1), {}, {1}});
    s.add_refund(4'800);
    s.set_code(addr(3), Bytes{0xEF, 0x52});
    s.mark_created(addr(3));

    s.revert(cp);
    CHECK(s.storage(addr(1), word(1)) == word(11));
    CHECK(s.storage(addr(1), word(2)) == Hash{});
    CHECK(s.get(addr(1)).balance == 100);
    CHECK_FALSE(s.exists(addr(2)));
    CHECK(s.transient(addr(1), word(1)) == Hash{});
    CHECK(s.is_warm(addr(5)));
    CHECK_FALSE(s.is_warm(addr(6)));
    CHECK(s.access_slot(addr(1), word(9)));  // cold again
    CHECK(s.logs().empty());
    CHECK(s.refund() == 0);
    CHECK_FALSE(s.exists(addr(3)));
    CHECK_FALSE(s.created_in_tx(addr(3)));
    CHECK(s.original_storage(addr(1), word(1)) == word(10));
}

TEST_CASE("originals are the values at the start of the transaction", "[stf][journal]")
{
    InMemoryState pre;
    pre.set_storage(addr(1), word(1), word(10));
    JournaledState s(pre);
    s.set_storage(addr(1), word(1), word(11));
    CHECK(s.original_storage(addr(1), word(1)) == word(10));
    (void)s.finish_transaction();
    CHECK(s.original_storage(addr(1), word(1)) == word(11));
    s.set_storage(addr(1), word(1), word(12));
    s.discard_transaction();
    CHECK(s.storage(addr(1), word(1)) == word(11));
}

TEST_CASE("the write set holds real changes only, deletions included", "[stf][journal]")
{
    InMemoryState pre;
    pre.set_balance(addr(1), 100);
    pre.set_storage(addr(1), word(1), word(10));
    pre.set_account(addr(4), Account{});  // an empty account (EIP-161)
    JournaledState s(pre);
    s.set_storage(addr(1), word(1), word(11));
    s.set_storage(addr(1), word(1), word(10));  // back to what it was
    s.set_storage(addr(1), word(2), word(3));
    s.add_balance(addr(1), 0);  // touched, unchanged
    REQUIRE(s.transfer(addr(1), addr(2), 5));
    s.set_code(addr(2), Bytes{1, 2, 3});
    s.touch(addr(4));
    (void)s.finish_transaction();

    const StateDiff d = s.diff();
    CHECK(d.storage.size() == 1);
    CHECK(d.storage.at(SlotKey{addr(1), word(2)}) == word(3));
    REQUIRE(d.accounts.size() == 3);
    CHECK(d.accounts.at(addr(1))->balance == 95);
    CHECK(d.accounts.at(addr(2))->code_hash == keccak256(Bytes{1, 2, 3}));
    CHECK_FALSE(d.accounts.at(addr(4)).has_value());  // touched while empty: deleted
    REQUIRE(d.code.size() == 1);
    CHECK(*d.code.begin()->second == Bytes{1, 2, 3});

    InMemoryState post = pre;
    post.apply(d);
    CHECK(post.account(addr(2))->balance == 5);
    CHECK(*post.code(keccak256(Bytes{1, 2, 3})) == Bytes{1, 2, 3});
    CHECK_FALSE(post.account(addr(4)).has_value());
}

TEST_CASE("CREATE collides with nonce, code or storage (EIP-684, EIP-7610)", "[stf][journal]")
{
    InMemoryState pre;
    pre.set_storage(addr(1), word(1), word(1));
    pre.set_account(addr(2), Account{1, 0, kEmptyCodeHash, 0});
    JournaledState s(pre);
    CHECK_FALSE(s.can_create_at(addr(1)));
    CHECK_FALSE(s.can_create_at(addr(2)));
    CHECK(s.can_create_at(addr(3)));
    s.set_storage(addr(3), word(1), word(1));
    CHECK_FALSE(s.can_create_at(addr(3)));
}
