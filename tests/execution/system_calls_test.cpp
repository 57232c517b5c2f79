// SPDX-License-Identifier: Apache-2.0
// The block-start system calls (EIP-4788 beacon roots, EIP-2935 block-hash history): the
// contracts' bytecode is the EIPs' (bound to the deployment transactions the EIPs print), blocks
// run the calls before their transactions without charging anyone, the contracts then answer
// `get` like any EVM contract, and BLOCKHASH keeps its 256-block window.
//
// Every expected value comes from the EIP texts (addresses, transaction hashes, senders, ring
// buffer layout) or from the inputs the test chose (block hashes, beacon roots, timestamps).
#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/types/transaction.hpp"
#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/execute_block.hpp"
#include "genesis/genesis.hpp"
#include "genesis/system_runtimes.hpp"
#include "tests/execution/stf_test_support.hpp"

#include <string>
#include <utility>

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

/// A quantity as the EIPs print it: 0x and any number of digits (odd counts too).
U256 u256_hex(std::string_view text)
{
    std::string digits(text.substr(2));
    if (digits.size() % 2 != 0)
        digits.insert(digits.begin(), '0');
    const Bytes b = hex("0x" + digits);
    return U256::from_be_bytes(b.data(), b.size());
}

Address address(std::string_view text)
{
    auto a = address_from_hex(text);
    REQUIRE(a.has_value());
    return *a;
}

Hash filled(uint8_t tag, uint64_t n)
{
    Hash h = word(n);
    h[0] = tag;
    return h;
}

/// The keyless deployment transaction an EIP prints ("Deployment"): legacy, nonce 0, no chain id,
/// v = 0x1b; its input is a 9-byte constructor followed by the runtime code.
Transaction deployment(BytesView constructor, BytesView runtime, std::string_view s)
{
    Transaction tx;
    tx.type = TxType::kLegacy;
    tx.nonce = 0;
    tx.gas_price = u256_hex("0xe8d4a51000");
    tx.gas_limit = 0x3d090;
    tx.value = 0;
    tx.data = Bytes(constructor.begin(), constructor.end());
    append(tx.data, runtime);
    tx.y_parity = 0;  // v = 0x1b = 27 + 0
    tx.r = U256{0x539};
    tx.s = u256_hex(s);
    return tx;
}

/// A chain on an in-memory state: the EVM runtime and the two system contracts as every genesis
/// places them, blocks run with execute_block and applied one after the other.
struct Chain {
    InMemoryState state;
    ModuleCache modules;
    ExecutorLimits limits;
    uint64_t number = 0;  ///< of the last block applied
    uint64_t chain_id = 1337;

    explicit Chain(RuntimeStrategy strategy = RuntimeStrategy::kNative, bool contracts = true)
    {
        genesis::install_system_runtimes(state);
        if (contracts)
            genesis::install_system_contracts(state);
        limits.runtime_strategy = strategy;
        state.set_block_hash(0, block_hash(0));
    }

    /// The hash the test gives block n (any distinct values do: the STF never recomputes them).
    static Hash block_hash(uint64_t n) { return filled(0xB1, n); }
    static Hash beacon_root(uint64_t n) { return filled(0xBE, n); }
    static uint64_t timestamp(uint64_t n) { return 1'700'000'000 + 12 * n; }

    BlockInput next_block(Fork fork = Fork::kPrague) const
    {
        BlockInput b;
        b.context.chain_id = chain_id;
        b.context.number = number + 1;
        b.context.timestamp = timestamp(number + 1);
        b.context.gas_limit = 30'000'000;
        b.context.base_fee = 7;
        b.context.fork = fork;
        b.parent_hash = block_hash(number);
        b.parent_beacon_block_root = beacon_root(number + 1);
        return b;
    }

    ExecutedBlock run(const BlockInput& b)
    {
        auto executed = execute_block(state, modules, b, limits);
        REQUIRE(executed.has_value());
        state.apply(executed->diff);
        number = b.context.number;
        state.set_block_hash(number, block_hash(number));
        return std::move(*executed);
    }

    /// eth_call at the latest block: a call from an account without code, nothing kept.
    MessageResult call(const Address& to, Bytes input)
    {
        BlockContext context;
        context.chain_id = chain_id;
        context.number = number;
        context.timestamp = timestamp(number);
        context.gas_limit = 30'000'000;
        const TxContext tx{addr(0xCA), U256{0}, 1'000'000};
        JournaledState journal(state);
        Message m;
        m.caller = addr(0xCA);
        m.recipient = to;
        m.code_address = to;
        m.input = std::move(input);
        m.gas = 1'000'000;
        Executor executor(journal, modules, context, tx, limits);
        MessageResult r = executor.run(std::move(m));
        journal.discard_transaction();
        return r;
    }
};

Bytes bytes_of(const Hash& h)
{
    return Bytes(h.bytes.begin(), h.bytes.end());
}

}  // namespace

TEST_CASE("system contracts: the EIPs' bytecode, bound to their deployment transactions",
          "[stf][system]")
{
    // EIP-4788 "Deployment": the transaction's hash, its recovered sender, and the sender's first
    // CREATE address (rlp([sender, 0])) = BEACON_ROOTS_ADDRESS.
    {
        const Transaction tx =
            deployment(hex("0x60618060095f395ff3"), beacon_roots_code(), "0x1b9b6eb1f0");
        CHECK(to_hex(transaction_hash(tx)) ==
              "0xdf52c2d3bbe38820fff7b5eaab3db1b91f8e1412b56497d88388fb5d4ea1fde0");
        const auto sender = recover_sender(tx);
        REQUIRE(sender.has_value());
        CHECK(*sender == address("0x0B799C86a49DEeb90402691F1041aa3AF2d3C875"));
        CHECK(create_address(*sender, 0) == kBeaconRootsAddress);
        CHECK(kBeaconRootsAddress == address("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02"));
        // The code hash Optimism's predeploy list states for this contract.
        CHECK(to_hex(keccak256(beacon_roots_code())) ==
              "0xf57acd40259872606d76197ef052f3d35588dadf919ee1f0e3cb9b62d3f4b02c");
    }
    // EIP-2935 "Deployment", likewise for HISTORY_STORAGE_ADDRESS.
    {
        const Transaction tx = deployment(hex("0x60538060095f395ff3"), history_storage_code(),
                                          "0xaa12693182426612186309f02cfe8a80a0000");
        CHECK(to_hex(transaction_hash(tx)) ==
              "0x67139a552b0d3fffc30c0fa7d0c20d42144138c8fe07fc5691f09c1cce632e15");
        const auto sender = recover_sender(tx);
        REQUIRE(sender.has_value());
        CHECK(*sender == address("0x3462413Af4609098e1E27A490f554f260213D685"));
        CHECK(create_address(*sender, 0) == kHistoryStorageAddress);
        CHECK(kHistoryStorageAddress == address("0x0000F90827F1C53a10cb7A02335B175320002935"));
    }
    CHECK(kSystemAddress == address("0xfffffffffffffffffffffffffffffffffffffffe"));
}

TEST_CASE("system contracts: genesis places them as EVM contracts with nonce 1", "[stf][system]")
{
    InMemoryState state;
    genesis::install_system_contracts(state);
    for (const auto& [where, bytecode] :
         {std::pair{kBeaconRootsAddress, beacon_roots_code()},
          std::pair{kHistoryStorageAddress, history_storage_code()}}) {
        const auto account = state.account(where);
        REQUIRE(account.has_value());
        CHECK(account->nonce == 1u);  // EIP-2935 "EIP-161 handling"
        CHECK(account->balance.is_zero());
        const CodePtr code = state.code(account->code_hash);
        REQUIRE(code != nullptr);
        CHECK(classify_code(*code) == CodeKind::kOwnable);
        CHECK(ownable_owner(*code) == kEvmRuntimeAddress);
        const BytesView visible = visible_code(*code);
        CHECK(Bytes(visible.begin(), visible.end()) == Bytes(bytecode.begin(), bytecode.end()));
        CHECK_FALSE(state.has_storage(where));
    }
    // build_genesis adds exactly what system_accounts() lists: the runtime and both contracts.
    const auto accounts = genesis::system_accounts();
    REQUIRE(accounts.size() == 3);
    CHECK(accounts[0].address == kEvmRuntimeAddress);
    CHECK(accounts[1].address == kBeaconRootsAddress);
    CHECK(accounts[2].address == kHistoryStorageAddress);
}

TEST_CASE("system contracts: a genesis alloc cannot claim their addresses", "[stf][system]")
{
    const std::string config =
        R"({"config":{"chainId":7,"homesteadBlock":0,"eip150Block":0,"eip155Block":0,)"
        R"("eip158Block":0,"byzantiumBlock":0,"constantinopleBlock":0,"petersburgBlock":0,)"
        R"("istanbulBlock":0,"berlinBlock":0,"londonBlock":0,"shanghaiTime":0,)"
        R"("cancunTime":0,"pragueTime":0},"gasLimit":"0x1c9c380","alloc":)";
    for (const std::string where : {"0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02",
                                    "0x0000F90827F1C53a10cb7A02335B175320002935"}) {
        INFO(where);
        auto g = genesis::parse_genesis(config + R"({")" + where + R"(":{"balance":"1"}}})");
        REQUIRE(g.has_value());
        auto b = genesis::build_genesis(*g);
        REQUIRE_FALSE(b.has_value());
        CHECK(b.error().code == genesis::GenesisError::kReservedAddress);
    }
    // Without the alloc entry the same file builds, holding both contracts.
    auto g = genesis::parse_genesis(config + "{}}");
    REQUIRE(g.has_value());
    auto b = genesis::build_genesis(*g);
    REQUIRE(b.has_value());
    size_t found = 0;
    for (const auto& a : b->write_set.accounts)
        if (a.address == kBeaconRootsAddress || a.address == kHistoryStorageAddress) {
            ++found;
            CHECK(a.leaf.nonce == 1u);
        }
    CHECK(found == 2);
}

TEST_CASE("block-start system calls: history and beacon roots after N blocks", "[stf][system]")
{
    for (const RuntimeStrategy strategy : kBoth) {
        INFO("strategy " << (strategy == RuntimeStrategy::kNative ? "native" : "interpreter"));
        Chain chain(strategy);
        constexpr uint64_t kBlocks = 6;
        for (uint64_t n = 1; n <= kBlocks; ++n) {
            const BlockInput b = chain.next_block();
            JournaledState probe(chain.state);
            const SystemCallsOutcome outcome =
                apply_block_start_system_calls(probe, chain.modules, b, chain.limits);
            CHECK(outcome.beacon_root == 0);
            CHECK(outcome.history == 0);
            const ExecutedBlock executed = chain.run(b);
            // Not counted against the block's gas, no receipt, no log.
            CHECK(executed.gas_used == 0u);
            CHECK(executed.receipts.empty());
            // Written: the history slot (n - 1) % 8191 and the two beacon-roots slots; the
            // system address is never created (no nonce, no fee).
            CHECK(executed.diff.accounts.count(kSystemAddress) == 0);
        }
        CHECK_FALSE(chain.state.account(kSystemAddress).has_value());
        CHECK(chain.state.account(kHistoryStorageAddress)->nonce == 1u);
        CHECK(chain.state.account(kBeaconRootsAddress)->nonce == 1u);

        // EIP-2935 storage layout: slot (n - 1) % 8191 holds block n - 1's hash.
        for (uint64_t k = 0; k < kBlocks; ++k)
            CHECK(chain.state.storage(kHistoryStorageAddress, word(k % kHistoryServeWindow)) ==
                  Chain::block_hash(k));
        // EIP-4788 layout: slot t % 8191 holds t, slot t % 8191 + 8191 the root.
        for (uint64_t n = 1; n <= kBlocks; ++n) {
            const uint64_t t = Chain::timestamp(n);
            CHECK(chain.state.storage(kBeaconRootsAddress, word(t % kBeaconRootsBufferLength)) ==
                  word(t));
            CHECK(chain.state.storage(kBeaconRootsAddress, word(t % kBeaconRootsBufferLength +
                                                                kBeaconRootsBufferLength)) ==
                  Chain::beacon_root(n));
        }

        // get(k) through a call, at the latest block (number kBlocks): blocks 0..kBlocks-1.
        for (uint64_t k = 0; k < kBlocks; ++k) {
            const MessageResult r = chain.call(kHistoryStorageAddress, word_bytes(k));
            INFO("get(" << k << ")");
            CHECK(r.exit_code == 0);
            CHECK(r.output == bytes_of(Chain::block_hash(k)));
        }
        // Outside [number - 8191, number - 1], or calldata not 32 bytes: revert.
        CHECK(chain.call(kHistoryStorageAddress, word_bytes(kBlocks)).exit_code ==
              code(abi::ExitCode::kPanic));
        CHECK(chain.call(kHistoryStorageAddress, Bytes(31, 0)).exit_code ==
              code(abi::ExitCode::kPanic));

        // Beacon roots get(timestamp): the root of the block with that timestamp.
        for (uint64_t n = 1; n <= kBlocks; ++n) {
            const MessageResult r =
                chain.call(kBeaconRootsAddress, word_bytes(Chain::timestamp(n)));
            INFO("beacon get(timestamp of block " << n << ")");
            CHECK(r.exit_code == 0);
            CHECK(r.output == bytes_of(Chain::beacon_root(n)));
        }
        // A timestamp never stored, zero, or a short input: revert (EIP-4788 `get`).
        CHECK(chain.call(kBeaconRootsAddress, word_bytes(Chain::timestamp(1) + 1)).exit_code ==
              code(abi::ExitCode::kPanic));
        CHECK(chain.call(kBeaconRootsAddress, word_bytes(0)).exit_code ==
              code(abi::ExitCode::kPanic));
        CHECK(chain.call(kBeaconRootsAddress, Bytes(32 + 1, 0)).exit_code ==
              code(abi::ExitCode::kPanic));

        // A caller other than SYSTEM_ADDRESS reaches `get`, never `set`: nothing is stored.
        JournaledState journal(chain.state);
        const MessageResult r = chain.call(kHistoryStorageAddress, bytes_of(filled(0x77, 1)));
        CHECK(r.exit_code == code(abi::ExitCode::kPanic));
        CHECK(journal.diff().storage.empty());
    }
}

TEST_CASE("block-start system calls: a transaction of the block sees the parent's hash",
          "[stf][system]")
{
    Chain chain;
    crypto::PrivateKey key;
    key[31] = 7;
    const auto sender = crypto::address_from_private_key(key);
    REQUIRE(sender.has_value());
    chain.state.set_balance(*sender, U256{1'000'000'000'000'000'000ull});
    chain.run(chain.next_block());

    // Block 2 reads get(1): block 1's hash was stored by block 2's own system call.
    BlockInput b = chain.next_block();
    Transaction tx;
    tx.type = TxType::kDynamicFee;
    tx.chain_id = chain.chain_id;
    tx.max_fee_per_gas = 10;
    tx.max_priority_fee_per_gas = 1;
    tx.gas_limit = 100'000;
    tx.to = kHistoryStorageAddress;
    tx.data = word_bytes(1);
    auto signed_tx = sign_transaction(tx, key);
    REQUIRE(signed_tx.has_value());
    b.transactions.push_back(*signed_tx);
    const ExecutedBlock executed = chain.run(b);
    REQUIRE(executed.outcomes.size() == 1);
    CHECK(executed.outcomes[0].success);
    CHECK(executed.outcomes[0].output == bytes_of(Chain::block_hash(1)));
    // EIP-2935 "Gas costs": the system call does not warm the contract's slots for the block's
    // transactions. Intrinsic: 21,000 + 31 zero bytes × 4 + 1 non-zero byte × 16 = 21,140; the
    // EIP-7623 floor (21,000 + 10 × 35 tokens = 21,350) is below the total, so it does not apply.
    // The `get` path, opcode by opcode (Yellow Paper Appendix G; EIP-3855 PUSH0 = 2):
    //   CALLER 2, PUSH20 3, EQ 3, PUSH1 3, JUMPI 10                                    = 21
    //   PUSH1 3, CALLDATASIZE 2, SUB 3, PUSH1 3, JUMPI 10                              = 21
    //   PUSH0 2, CALLDATALOAD 3, PUSH1 3, NUMBER 2, SUB 3, DUP2 3, GT 3, PUSH1 3, JUMPI 10 = 32
    //   PUSH2 3, DUP2 3, NUMBER 2, SUB 3, GT 3, PUSH1 3, JUMPI 10                      = 27
    //   PUSH2 3, SWAP1 3, MOD 5, SLOAD cold 2,100 (EIP-2929)                           = 2,111
    //   PUSH0 2, MSTORE 3 + 3 (one word of memory), PUSH1 3, PUSH0 2, RETURN 0          = 13
    // = 2,225 of execution; 21,140 + 2,225 = 23,365 (a warm slot would give 21,365).
    CHECK(executed.outcomes[0].gas_used == 23'365u);
    CHECK(executed.gas_used == 23'365u);
}

TEST_CASE("block-start system calls: skipped without code, EIP-2935 only from Prague",
          "[stf][system]")
{
    SECTION("no contracts: nothing is called, nothing written")
    {
        Chain chain(RuntimeStrategy::kNative, false);
        const BlockInput b = chain.next_block();
        JournaledState probe(chain.state);
        const SystemCallsOutcome outcome =
            apply_block_start_system_calls(probe, chain.modules, b, chain.limits);
        CHECK_FALSE(outcome.beacon_root.has_value());
        CHECK_FALSE(outcome.history.has_value());
        const ExecutedBlock executed = chain.run(b);
        CHECK(executed.diff.accounts.empty());
        CHECK(executed.diff.storage.empty());
    }
    SECTION("Cancun: EIP-4788 only")
    {
        Chain chain;
        const BlockInput b = chain.next_block(Fork::kCancun);
        JournaledState probe(chain.state);
        const SystemCallsOutcome outcome =
            apply_block_start_system_calls(probe, chain.modules, b, chain.limits);
        CHECK(outcome.beacon_root == 0);
        CHECK_FALSE(outcome.history.has_value());
        chain.run(b);
        CHECK_FALSE(chain.state.has_storage(kHistoryStorageAddress));
        CHECK(chain.state.has_storage(kBeaconRootsAddress));
    }
    SECTION("no parent beacon root: EIP-4788 is not called")
    {
        Chain chain;
        BlockInput b = chain.next_block();
        b.parent_beacon_block_root.reset();
        chain.run(b);
        CHECK_FALSE(chain.state.has_storage(kBeaconRootsAddress));
        CHECK(chain.state.storage(kHistoryStorageAddress, word(0)) == Chain::block_hash(0));
    }
}

TEST_CASE("block-start system calls: BLOCKHASH keeps its 256-block window", "[stf][system]")
{
    // EIP-2935 "EVM Changes": BLOCKHASH is unchanged. After 300 blocks the history contract
    // serves block 43 (within 8191), BLOCKHASH(43) at block 300 is 0 (older than 256), and
    // BLOCKHASH(299) is block 299's hash.
    Chain chain;
    constexpr uint64_t kBlocks = 300;
    for (uint64_t n = 1; n <= kBlocks; ++n)
        chain.run(chain.next_block());
    // PUSH1 0 CALLDATALOAD BLOCKHASH PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    const Address probe = addr(0x40);
    chain.state.set_code(probe, evm_contract_code(hex("0x60003540600052602060"
                                                      "00f3")));

    const MessageResult old = chain.call(kHistoryStorageAddress, word_bytes(43));
    CHECK(old.exit_code == 0);
    CHECK(old.output == bytes_of(Chain::block_hash(43)));
    // Block 300 is the latest; the call runs at its number: 299 is the newest BLOCKHASH serves,
    // 300 - 256 = 44 the oldest.
    const MessageResult recent = chain.call(probe, word_bytes(299));
    CHECK(recent.exit_code == 0);
    CHECK(recent.output == bytes_of(Chain::block_hash(299)));
    const MessageResult oldest = chain.call(probe, word_bytes(44));
    CHECK(oldest.output == bytes_of(Chain::block_hash(44)));
    const MessageResult outside = chain.call(probe, word_bytes(43));
    CHECK(outside.exit_code == 0);
    CHECK(outside.output == Bytes(32, 0));
}
