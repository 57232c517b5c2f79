// SPDX-License-Identifier: Apache-2.0
// EIP-161 touches through the STF: a zero-value call to an empty account deletes it at the end of
// the transaction, unless the touch is reverted with the frame that made it (as geth and the
// execution specs do), with the execution specs' exemption for the RIPEMD-160 precompile's
// account (mainnet block 2,675,119).
#include "core/hex.hpp"
#include "core/types/transaction.hpp"
#include "execution/account_code.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/native_runtime.hpp"
#include "genesis/system_runtimes.hpp"
#include "tests/execution/stf_test_support.hpp"

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

/// CALL(GAS, target, 0, 0, 0, 0, 0) POP, then STOP or REVERT(0, 0).
Bytes call_then(const Address& target, bool revert)
{
    Bytes code = hex("0x6000600060006000600073");  // 5 × PUSH1 0, PUSH20 target
    append(code, target.view());
    append(code, hex("0x5af150"));  // GAS CALL POP
    append(code, revert ? hex("0x60006000fd") : Bytes{0x00});
    return code;
}

struct TouchChain {
    InMemoryState state;
    ModuleCache modules;
    ExecutorLimits limits;
    BlockContext block;
    Address sender = addr(0x5E);

    explicit TouchChain(RuntimeStrategy strategy)
    {
        genesis::install_system_runtimes(state);
        limits.runtime_strategy = strategy;
        block.chain_id = 1337;
        block.number = 1;
        block.gas_limit = 30'000'000;
        block.base_fee = 7;
        block.coinbase = addr(0xCB);
        state.set_balance(sender, U256{1'000'000'000'000'000'000ull});
    }

    /// An empty account that exists (a genesis alloc may hold one; EIP-161 keeps it until touched).
    void add_empty(const Address& a) { state.set_account(a, Account{}); }

    /// A transaction to `to` (signature checks are not the subject: applied with its sender).
    TxOutcome send(const Address& to)
    {
        Transaction t;
        t.type = TxType::kDynamicFee;
        t.chain_id = block.chain_id;
        t.nonce = state.account(sender)->nonce;
        t.max_fee_per_gas = 10;
        t.max_priority_fee_per_gas = 1;
        t.gas_limit = 1'000'000;
        t.to = to;
        JournaledState journal(state);
        auto outcome =
            apply_transaction(journal, modules, block, t, sender, block.gas_limit, limits);
        REQUIRE(outcome.has_value());
        state.apply(journal.diff());
        return std::move(*outcome);
    }
};

}  // namespace

TEST_CASE("EIP-161: a zero-value call to an empty account deletes it at the end of the tx",
          "[stf][eip161]")
{
    for (const RuntimeStrategy strategy : kBoth) {
        INFO("strategy " << to_string(strategy));
        TouchChain chain(strategy);
        const Address empty = addr(0xE0);
        const Address toucher = addr(0x70);
        chain.add_empty(empty);
        chain.state.set_code(toucher, evm_contract_code(call_then(empty, false)));
        REQUIRE(chain.state.account(empty).has_value());
        const TxOutcome r = chain.send(toucher);
        CHECK(r.success);
        CHECK_FALSE(chain.state.account(empty).has_value());
    }
}

TEST_CASE("EIP-161: a touch in a reverted frame is undone; the empty account stays",
          "[stf][eip161]")
{
    for (const RuntimeStrategy strategy : kBoth) {
        INFO("strategy " << to_string(strategy));
        TouchChain chain(strategy);
        const Address empty = addr(0xE1);
        const Address reverter = addr(0x71);
        const Address outer = addr(0x72);
        chain.add_empty(empty);
        // The reverter touches `empty` and reverts; the outer contract calls it and succeeds.
        chain.state.set_code(reverter, evm_contract_code(call_then(empty, true)));
        chain.state.set_code(outer, evm_contract_code(call_then(reverter, false)));

        const TxOutcome direct = chain.send(reverter);
        CHECK_FALSE(direct.success);
        CHECK(chain.state.account(empty).has_value());

        const TxOutcome nested = chain.send(outer);
        CHECK(nested.success);
        CHECK(chain.state.account(empty).has_value());
    }
}

TEST_CASE("EIP-161: RIPEMD-160's empty account is deleted even when its touch reverts",
          "[stf][eip161]")
{
    for (const RuntimeStrategy strategy : kBoth) {
        INFO("strategy " << to_string(strategy));
        TouchChain chain(strategy);
        // Empty accounts at the SHA-256 (0x02) and RIPEMD-160 (0x03) precompiles; each reverter
        // calls one (the precompile runs and succeeds) and then reverts.
        chain.add_empty(precompile(2));
        chain.add_empty(precompile(3));
        const Address sha = addr(0x73);
        const Address ripemd = addr(0x74);
        chain.state.set_code(sha, evm_contract_code(call_then(precompile(2), true)));
        chain.state.set_code(ripemd, evm_contract_code(call_then(precompile(3), true)));

        CHECK_FALSE(chain.send(sha).success);
        CHECK(chain.state.account(precompile(2)).has_value());  // touch reverted
        CHECK_FALSE(chain.send(ripemd).success);
        CHECK_FALSE(chain.state.account(precompile(3)).has_value());  // the exemption
    }
}
