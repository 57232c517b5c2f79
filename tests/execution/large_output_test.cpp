// SPDX-License-Identifier: Apache-2.0
// Large RETURN / REVERT / LOG through the STF (docs/abi.md §2, "Size limits"): the `_exec` input
// and frame output limits grow with the frame's gas, so an EVM contract may return or log any
// size its memory gas pays for (a fixed 2 MiB cap refused what Ethereum allows); a frame with
// little gas keeps the 2 MiB floor.
//
// Gas figures are the Yellow Paper's (Appendix G/H: C_mem(a) = 3a + a²/512 for a words, LOG
// 375 + 375 per topic + 8 per byte), computed in the comments, not taken from a run.
#include "core/crypto/secp256k1.hpp"
#include "core/hex.hpp"
#include "core/types/transaction.hpp"
#include "execution/account_code.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/execute_block.hpp"
#include "execution/native_runtime.hpp"
#include "genesis/system_runtimes.hpp"
#include "tests/execution/stf_test_support.hpp"

#include <string>

using namespace blend;
using namespace blend::execution;
using namespace blend::execution::test;

namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

/// MSTORE(0, 7); MSTORE(size - 32, 0x2a); RETURN or REVERT (0, size) for a 3-byte size.
Bytes big_output_runtime(uint32_t size, bool revert)
{
    REQUIRE(size < (1u << 24));
    const uint32_t last = size - 32;
    Bytes code = hex("0x6007600052602a62");  // PUSH1 7 PUSH1 0 MSTORE PUSH1 0x2a PUSH3
    code.push_back(static_cast<uint8_t>(last >> 16));
    code.push_back(static_cast<uint8_t>(last >> 8));
    code.push_back(static_cast<uint8_t>(last));
    append(code, hex("0x5262"));  // MSTORE PUSH3 size
    code.push_back(static_cast<uint8_t>(size >> 16));
    code.push_back(static_cast<uint8_t>(size >> 8));
    code.push_back(static_cast<uint8_t>(size));
    append(code, Bytes{0x60, 0x00, revert ? uint8_t{0xfd} : uint8_t{0xf3}});  // PUSH1 0 RETURN
    return code;
}

/// MSTORE(0, 7); MSTORE(size - 32, 0x2a); LOG1(0, size, topic 0x99); STOP.
Bytes big_log_runtime(uint32_t size)
{
    const uint32_t last = size - 32;
    Bytes code = hex("0x6007600052602a62");
    code.push_back(static_cast<uint8_t>(last >> 16));
    code.push_back(static_cast<uint8_t>(last >> 8));
    code.push_back(static_cast<uint8_t>(last));
    append(code, hex("0x52609962"));  // MSTORE PUSH1 0x99 PUSH3 size
    code.push_back(static_cast<uint8_t>(size >> 16));
    code.push_back(static_cast<uint8_t>(size >> 8));
    code.push_back(static_cast<uint8_t>(size));
    append(code, hex("0x6000a100"));  // PUSH1 0 LOG1 STOP
    return code;
}

/// CALL(GAS, target, 0, 0, 0, 0, 0); MSTORE(0, RETURNDATASIZE); MSTORE(32, success);
/// RETURN(0, 64).
Bytes returndatasize_runtime(const Address& target)
{
    Bytes code = hex("0x6000600060006000600073");  // 5 × PUSH1 0, PUSH20 target
    append(code, target.view());
    append(code, hex("0x5af1"         // GAS CALL
                     "3d600052"       // RETURNDATASIZE PUSH1 0 MSTORE
                     "602052"         // PUSH1 32 MSTORE (success)
                     "60406000f3"));  // RETURN(0, 64)
    return code;
}

/// Checks the data the programs above leave: word 0 = 7, the last word = 0x2a, zeros between.
void check_pattern(const Bytes& data, uint64_t size)
{
    REQUIRE(data.size() == size);
    CHECK(data[31] == 7);
    CHECK(data[size - 1] == 0x2a);
    size_t nonzero = 0;
    for (const uint8_t b : data)
        nonzero += b != 0 ? 1 : 0;
    CHECK(nonzero == 2);
}

/// A chain with a block gas limit well above mainnet's 30M: 4 MiB of EVM memory alone costs
/// C_mem(131,072 words) = 393,216 + 33,554,432 = 33,947,648 gas.
struct BigChain {
    InMemoryState state;
    ModuleCache modules;
    ExecutorLimits limits;
    BlockContext block;
    crypto::PrivateKey key;
    Address sender;
    uint64_t nonce = 0;

    explicit BigChain(RuntimeStrategy strategy)
    {
        genesis::install_system_runtimes(state);
        limits.runtime_strategy = strategy;
        block.chain_id = 1337;
        block.number = 1;
        block.timestamp = 1'700'000'000;
        block.gas_limit = 120'000'000;
        block.base_fee = 7;
        block.coinbase = addr(0xCB);
        key[31] = 9;
        sender = *crypto::address_from_private_key(key);
        state.set_balance(sender, U256{1'000'000'000'000'000'000ull});
    }

    TxOutcome send(const Address& to, uint64_t gas)
    {
        Transaction t;
        t.type = TxType::kDynamicFee;
        t.chain_id = block.chain_id;
        t.nonce = nonce++;
        t.max_fee_per_gas = 10;
        t.max_priority_fee_per_gas = 1;
        t.gas_limit = gas;
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

TEST_CASE("size limits: EVM memory bought by gas, the 2 MiB floor, the 64 MiB ceiling",
          "[stf][limits]")
{
    // C_mem(a) = 3a + floor(a² / 512) (Yellow Paper Appendix H).
    CHECK(abi::evm_memory_cost(65'536) == 196'608u + 8'388'608u);  // 2 MiB: 8,585,216 gas
    CHECK(abi::evm_memory_cost(131'072) == 33'947'648u);           // 4 MiB
    // Exactly the cost of a words buys a words; one gas less buys a − 1.
    for (const uint64_t a : {1ull, 22ull, 23ull, 724ull, 65'536ull, 98'304ull, 131'072ull}) {
        const uint64_t cost = abi::evm_memory_cost(a);
        CHECK(abi::evm_memory_for_gas(cost) == a * 32);
        CHECK(abi::evm_memory_for_gas(cost - 1) == (a - 1) * 32);
    }
    CHECK(abi::evm_memory_for_gas(0) == 0u);
    CHECK(abi::evm_memory_for_gas(2) == 0u);
    CHECK(abi::evm_memory_for_gas(3) == 32u);
    // Past 64 MiB of memory (C_mem(2^21) = 6,291,456 + 8,589,934,592) the ceiling holds.
    CHECK(abi::evm_memory_for_gas(8'596'226'047ull) == 64 * kMiB - 32);
    CHECK(abi::evm_memory_for_gas(8'596'226'048ull) == 64 * kMiB);
    CHECK(abi::evm_memory_for_gas(~uint64_t{0}) == 64 * kMiB);

    // The floors: a frame with little gas may still pass a 2 MiB Wasm module (+ CREATE2 header)
    // and output 2 MiB.
    CHECK(abi::max_syscall_input_size(0) == 2 * kMiB + 64);
    CHECK(abi::max_output_size(0) == 2 * kMiB);
    CHECK(abi::max_output_size(1'000'000) == 2 * kMiB);
    // With the gas for 4 MiB of memory: 4 MiB of output, 4 MiB + the LOG4 header (129) of input.
    CHECK(abi::max_output_size(33'947'648) == 4 * kMiB);
    CHECK(abi::max_syscall_input_size(33'947'648) == 4 * kMiB + 129);
    CHECK(abi::max_output_size(33'947'647) == 4 * kMiB - 32);
    // The ceilings.
    CHECK(abi::max_output_size(~uint64_t{0}) == 64 * kMiB);
    CHECK(abi::max_syscall_input_size(~uint64_t{0}) == 64 * kMiB + 129);
}

TEST_CASE("a 4 MiB RETURN and REVERT from an EVM contract through the STF", "[stf][limits]")
{
    constexpr uint32_t kSize = 4 * kMiB;
    for (const RuntimeStrategy strategy : kBoth) {
        INFO("strategy " << to_string(strategy));
        BigChain chain(strategy);
        const Address returner = addr(0x41);
        const Address reverter = addr(0x42);
        const Address caller = addr(0x43);
        chain.state.set_code(returner, evm_contract_code(big_output_runtime(kSize, false)));
        chain.state.set_code(reverter, evm_contract_code(big_output_runtime(kSize, true)));
        chain.state.set_code(caller, evm_contract_code(returndatasize_runtime(returner)));

        // PUSH1 3, PUSH1 3, MSTORE 3 + C_mem(1) 3, PUSH1 3, PUSH3 3, MSTORE 3 + the expansion to
        // 131,072 words (33,947,648 − 3), PUSH3 3, PUSH1 3, RETURN 0: 33,947,672 of execution,
        // plus 21,000 intrinsic.
        const TxOutcome r = chain.send(returner, 40'000'000);
        CHECK(r.success);
        check_pattern(r.output, kSize);
        CHECK(r.gas_used == 21'000u + 33'947'672u);

        const TxOutcome v = chain.send(reverter, 40'000'000);
        CHECK_FALSE(v.success);
        CHECK(v.exit_code == code(abi::ExitCode::kPanic));
        check_pattern(v.output, kSize);  // revert data is kept
        CHECK(v.gas_used == 21'000u + 33'947'672u);

        // Through a nested call: the caller sees 4 MiB of return data (RETURNDATASIZE).
        const TxOutcome n = chain.send(caller, 60'000'000);
        CHECK(n.success);
        REQUIRE(n.output.size() == 64);
        CHECK(n.output == cat({word(kSize).view(), word(1).view()}));
    }
}

TEST_CASE("a 3 MiB LOG from an EVM contract through the STF lands in the receipt", "[stf][limits]")
{
    constexpr uint32_t kSize = 3 * kMiB;
    for (const RuntimeStrategy strategy : kBoth) {
        INFO("strategy " << to_string(strategy));
        BigChain chain(strategy);
        const Address logger = addr(0x44);
        chain.state.set_code(logger, evm_contract_code(big_log_runtime(kSize)));

        // Through execute_block: the receipt carries the log.
        Transaction t;
        t.type = TxType::kDynamicFee;
        t.chain_id = chain.block.chain_id;
        t.max_fee_per_gas = 10;
        t.max_priority_fee_per_gas = 1;
        t.gas_limit = 50'000'000;
        t.to = logger;
        auto signed_tx = sign_transaction(t, chain.key);
        REQUIRE(signed_tx.has_value());
        BlockInput b;
        b.context = chain.block;
        b.transactions.push_back(*signed_tx);
        auto executed = execute_block(chain.state, chain.modules, b, chain.limits);
        REQUIRE(executed.has_value());
        REQUIRE(executed->receipts.size() == 1);
        const Receipt& receipt = executed->receipts[0];
        CHECK(receipt.status);
        REQUIRE(receipt.logs.size() == 1);
        const Log& log = receipt.logs[0];
        CHECK(log.address == logger);
        REQUIRE(log.topics.size() == 1);
        CHECK(log.topics[0] == word(0x99));
        check_pattern(log.data, kSize);
        // Execution: PUSH1 3, PUSH1 3, MSTORE 3 + 3, PUSH1 3, PUSH3 3, MSTORE 3 + (C_mem(98,304)
        // = 294,912 + 18,874,368 = 19,169,280) − 3, PUSH1 3, PUSH3 3, PUSH1 3, LOG1 375 + 375 +
        // 8 × 3,145,728 = 25,166,574, STOP 0 → 44,335,881; plus 21,000 intrinsic.
        CHECK(receipt.cumulative_gas_used == 21'000u + 44'335'881u);
    }
}
