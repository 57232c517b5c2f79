// SPDX-License-Identifier: Apache-2.0
// blend-bench-executor: µs per ERC-20 transfer through the whole STF (validation, gas purchase,
// frame, every syscall, refunds, receipt logs) with the SDK's ERC-20 (examples/contracts/erc20),
// on the in-memory state. Prints `name=value` lines; timings are thread CPU time, best of rounds.
#include "contracts/erc20_wasm.hpp"
#include "core/keccak.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/gas.hpp"
#include "execution/in_memory_state.hpp"
#include "execution/intrinsic_gas.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace blend;
using namespace blend::execution;

namespace {

double thread_ns()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

Address address(uint32_t n)
{
    Address a;
    a[0] = 0xBE;
    a[16] = static_cast<uint8_t>(n >> 24);
    a[17] = static_cast<uint8_t>(n >> 16);
    a[18] = static_cast<uint8_t>(n >> 8);
    a[19] = static_cast<uint8_t>(n);
    return a;
}

Transaction make_tx(uint64_t nonce, std::optional<Address> to, Bytes data, uint64_t gas)
{
    Transaction t;
    t.type = TxType::kDynamicFee;
    t.chain_id = 1337;
    t.nonce = nonce;
    t.max_fee_per_gas = 10;
    t.max_priority_fee_per_gas = 1;
    t.gas_limit = gas;
    t.to = to;
    t.data = std::move(data);
    return t;
}

Bytes transfer_call(const Address& to, uint64_t amount)
{
    const Hash sel =
        keccak256(BytesView(reinterpret_cast<const uint8_t*>("transfer(address,uint256)"), 25));
    Bytes data(sel.bytes.begin(), sel.bytes.begin() + 4);
    data.insert(data.end(), 12, 0);
    data.insert(data.end(), to.bytes.begin(), to.bytes.end());
    Bytes value(32, 0);
    for (int i = 0; i < 8; ++i)
        value[31 - i] = static_cast<uint8_t>(amount >> (8 * i));
    data.insert(data.end(), value.begin(), value.end());
    return data;
}

}  // namespace

int main()
{
    constexpr int kRounds = 5;
    constexpr int kTransfers = 200;
    const std::span<const uint8_t> wasm = contracts::erc20_wasm();
    const Address sender = address(1);
    InMemoryState pre;
    pre.set_balance(sender, U256{1'000'000'000'000'000'000ull});
    ModuleCache modules;
    BlockContext block;
    block.chain_id = 1337;
    block.number = 1;
    block.gas_limit = 1'000'000'000;
    block.base_fee = 7;
    block.coinbase = address(0xCB);

    double best_us = 1e300;
    double best_deploy_us = 1e300;
    uint64_t transfer_gas = 0;
    uint64_t exec_gas = 0;
    for (int round = 0; round < kRounds; ++round) {
        JournaledState state(pre);
        ModuleCache cold_cache;  // every round compiles the contract anew
        const double d0 = thread_ns();
        const auto deployed =
            apply_transaction(state, cold_cache, block,
                              make_tx(0, std::nullopt, Bytes(wasm.begin(), wasm.end()), 50'000'000),
                              sender, block.gas_limit);
        const double d1 = thread_ns();
        if (!deployed || !deployed->success || !deployed->contract_address) {
            std::fprintf(stderr, "erc20 deploy failed (exit %d)\n",
                         deployed ? deployed->exit_code : 0);
            return 1;
        }
        best_deploy_us = std::min(best_deploy_us, (d1 - d0) / 1e3);
        const Address token = *deployed->contract_address;
        const double t0 = thread_ns();
        for (int i = 0; i < kTransfers; ++i) {
            const Transaction t =
                make_tx(1 + static_cast<uint64_t>(i), token,
                        transfer_call(address(100 + static_cast<uint32_t>(i)), 1), 200'000);
            const auto r = apply_transaction(state, cold_cache, block, t, sender, block.gas_limit);
            if (!r || !r->success || r->logs.size() != 1) {
                std::fprintf(stderr, "transfer %d failed\n", i);
                return 1;
            }
            transfer_gas = r->gas_used;
            exec_gas = r->gas_used - intrinsic_gas(t)->intrinsic;
        }
        const double t1 = thread_ns();
        best_us = std::min(best_us, (t1 - t0) / 1e3 / kTransfers);
    }
    std::printf("erc20_wasm_bytes=%zu\n", wasm.size());
    std::printf("wasm_deploy_us=%.1f\n", best_deploy_us);
    std::printf("wasm_transfer_us=%.2f\n", best_us);
    std::printf("wasm_transfer_gas=%" PRIu64 "\n", transfer_gas);
    std::printf("wasm_transfer_exec_gas=%" PRIu64 "\n", exec_gas);
    std::printf("fuel_per_gas=%" PRIu64 "\n", kFuelPerGas);
    std::printf("ns_per_gas=%.2f\n", best_us * 1e3 / static_cast<double>(transfer_gas));
    return 0;
}
