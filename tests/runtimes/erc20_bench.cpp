// SPDX-License-Identifier: Apache-2.0
// blend-bench-sdk-erc20: the example ERC-20 (examples/contracts/erc20) through the STF, one
// transfer per transaction by execution::apply_transaction on an in-memory state. Prints one
// name=value line per figure: microseconds per transfer (best of --repeat runs of --count
// transfers, thread CPU time so that other processes on the shared machine count less), the gas
// one transfer uses, and the size of the contract's Wasm.
#include "contracts/erc20_wasm.hpp"
#include "core/types/transaction.hpp"
#include "execution/apply_transaction.hpp"
#include "execution/in_memory_state.hpp"
#include "execution/journal.hpp"
#include "runtimes/sdk/sdk.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>

namespace {

namespace sdk = blend::sdk;
namespace sol = blend::sdk::sol;
namespace execution = blend::execution;

double thread_cpu_us()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

blend::Address make_address(uint8_t tag, uint8_t low = 0)
{
    blend::Address a;
    a[0] = 0xAA;
    a[18] = low;
    a[19] = tag;
    return a;
}

struct Run {
    double us_per_transfer = 0;
    uint64_t gas_per_transfer = 0;
};

bool run_once(int count, Run& out)
{
    execution::InMemoryState pre;
    execution::ModuleCache modules;
    execution::BlockContext block;
    block.chain_id = 1337;
    block.number = 1;
    block.gas_limit = 30'000'000;
    block.base_fee = 7;
    const blend::Address alice = make_address(0xa1);
    pre.set_balance(alice, blend::U256{1'000'000'000'000'000'000ull});
    execution::JournaledState state(pre);

    uint64_t nonce = 0;
    const auto send = [&](std::optional<blend::Address> to, blend::Bytes data) {
        blend::Transaction tx;
        tx.type = blend::TxType::kDynamicFee;
        tx.chain_id = block.chain_id;
        tx.nonce = nonce++;
        tx.max_fee_per_gas = 10;
        tx.max_priority_fee_per_gas = 1;
        tx.gas_limit = 10'000'000;
        tx.to = to;
        tx.data = std::move(data);
        return execution::apply_transaction(state, modules, block, tx, alice, block.gas_limit);
    };
    const auto wasm = blend::contracts::erc20_wasm();
    auto deployed = send(std::nullopt, blend::Bytes(wasm.begin(), wasm.end()));
    if (!deployed || !deployed->success || !deployed->contract_address) {
        std::fprintf(stderr, "erc20 deploy failed\n");
        return false;
    }
    const blend::Address token = *deployed->contract_address;

    // Distinct recipients: every transfer writes a fresh balance slot (the cold, 20000-gas case).
    std::vector<blend::Bytes> calls;
    calls.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const size_t mark = sdk::arena_mark();
        sdk::Address to;
        std::memcpy(to.bytes, make_address(0xb0, static_cast<uint8_t>(i)).data(), 20);
        to.bytes[17] = static_cast<uint8_t>(i >> 8);
        const sdk::ByteView v =
            sol::encode_call(sol::selector("transfer(address,uint256)"), to, sdk::U256{1});
        calls.emplace_back(v.data, v.data + v.size);
        sdk::arena_release(mark);
    }
    const double start = thread_cpu_us();
    uint64_t gas = 0;
    for (auto& data : calls) {
        auto outcome = send(token, std::move(data));
        if (!outcome || !outcome->success) {
            std::fprintf(stderr, "erc20 transfer failed\n");
            return false;
        }
        gas = outcome->gas_used;
    }
    out.us_per_transfer = (thread_cpu_us() - start) / count;
    out.gas_per_transfer = gas;
    return true;
}

}  // namespace

int main(int argc, char** argv)
{
    int count = 200;
    int repeat = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--count")
            count = std::max(1, std::atoi(argv[i + 1]));
        else if (flag == "--repeat")
            repeat = std::max(1, std::atoi(argv[i + 1]));
    }
    Run best;
    best.us_per_transfer = 1e300;
    for (int r = 0; r < repeat; ++r) {
        Run run;
        if (!run_once(count, run))
            return 1;
        if (run.us_per_transfer < best.us_per_transfer)
            best = run;
    }
    std::printf("erc20_transfer_us=%.2f\n", best.us_per_transfer);
    std::printf("erc20_transfer_gas=%llu\n",
                static_cast<unsigned long long>(best.gas_per_transfer));
    std::printf("erc20_wasm_bytes=%zu\n", blend::contracts::erc20_wasm().size());
    return 0;
}
