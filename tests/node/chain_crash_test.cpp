// SPDX-License-Identifier: Apache-2.0
// SIGKILL crash test of the chain store (issue 8 item 2): blend-chain-crash-helper seals blocks
// of transfers in a loop and reports each committed block on a pipe; the test kills it at a
// random moment, reopens the same datadir and checks that every reported block is there —
// canonical, with its body and receipts, and with its state (the state root stored for its
// number equals its header's stateRoot) — that the head is the last reported block or the one
// after it (written but killed before it was reported), and that the senders' nonces at the head
// equal the transactions the canonical chain holds from them. The same datadir goes through
// every run, so each run also continues the chain of the previous one.
#include "core/hex.hpp"
#include "node/chain/chain_store.hpp"
#include "node_test_support.hpp"
#include "trie/field/fr.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace blend;
using namespace blend::node;

namespace {

struct Reported {
    uint64_t number = 0;
    Hash hash;
};

/// Runs the helper, kills it `kill_after_ms` after it said "ready", returns the blocks it reported.
std::vector<Reported> run_and_kill(const std::string& dir, int kill_after_ms)
{
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(BLEND_CHAIN_CRASH_HELPER, BLEND_CHAIN_CRASH_HELPER, dir.c_str(), nullptr);
        _exit(127);
    }
    close(fds[1]);
    std::string text;
    bool ready = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool killed = false;
    char buf[4096];
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline && !killed) {
            kill(pid, SIGKILL);
            killed = true;
        }
        const int wait_ms =
            killed ? 1000
                   : static_cast<int>(
                         std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)
                             .count());
        pollfd p{fds[0], POLLIN, 0};
        const int pr = poll(&p, 1, std::max(wait_ms, 0));
        if (pr > 0) {
            const ssize_t n = read(fds[0], buf, sizeof buf);
            if (n <= 0)
                break;
            text.append(buf, static_cast<size_t>(n));
            if (!ready && text.find('\n') != std::string::npos) {
                ready = true;
                deadline =
                    std::chrono::steady_clock::now() + std::chrono::milliseconds(kill_after_ms);
            }
        } else if (pr < 0) {
            break;
        }
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("helper output: " << text.substr(0, 200));
    REQUIRE(ready);
    // Killed by us, not failed on its own.
    REQUIRE(WIFSIGNALED(status));
    std::vector<Reported> out;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);  // ready
    while (std::getline(in, line)) {
        if (in.eof())
            break;  // a last line without its newline was cut by the kill: not reported
        const auto space = line.find(' ');
        REQUIRE(space != std::string::npos);
        const auto h = hash_from_hex(line.substr(space + 1));
        REQUIRE(h.has_value());
        out.push_back({std::stoull(line.substr(0, space)), *h});
    }
    return out;
}

void crash_runs(int runs)
{
    test::TempDir dir("blend-chain-crash");
    const auto genesis = test::small_genesis();
    std::mt19937 rng(std::random_device{}());
    std::map<uint64_t, Hash> reported;  // every block ever reported, by number
    uint64_t kills_mid_stream = 0;
    for (int run = 0; run < runs; ++run) {
        const int delay = 20 + static_cast<int>(rng() % 400);
        const auto blocks = run_and_kill(dir.path.string(), delay);
        for (const auto& r : blocks)
            reported[r.number] = r.hash;
        kills_mid_stream += blocks.empty() ? 0 : 1;

        ChainOptions options;
        options.state.threads = 1;
        auto chain = ChainStore::open(dir.path.string(), genesis, options);
        INFO("run " << run << " after " << delay << " ms");
        REQUIRE(chain.has_value());
        const uint64_t last = reported.empty() ? 0 : reported.rbegin()->first;
        const uint64_t head = (*chain)->head_number();
        CHECK(head >= last);
        CHECK(head <= last + 1);
        // Every reported block is canonical with body, receipts and state.
        std::map<Address, uint64_t> sent;
        for (uint64_t n = 1; n <= head; ++n) {
            const auto h = (*chain)->canonical_hash(n);
            REQUIRE(h.has_value());
            REQUIRE(h->has_value());
            if (const auto it = reported.find(n); it != reported.end())
                REQUIRE(**h == it->second);
            const auto b = (*chain)->block(**h);
            REQUIRE(b.has_value());
            REQUIRE(b->has_value());
            REQUIRE((*b)->receipts.size() == (*b)->transactions.size());
            REQUIRE(!(*b)->transactions.empty());
            for (const Address& s : (*b)->senders)
                ++sent[s];
            const auto info = (*chain)->state().block(trie::At::number(n));
            REQUIRE(info.has_value());
            CHECK(info->hash == **h);
            CHECK(field::fr_to_hash(info->root) == (*b)->header.state_root);
        }
        for (const auto& [sender, count] : sent) {
            const auto acct = (*chain)->state().account(sender, trie::At::latest());
            REQUIRE(acct.has_value());
            REQUIRE(acct->has_value());
            CHECK((*acct)->nonce == count);
        }
        // Blocks above the head were never reported.
        CHECK_FALSE((*chain)->canonical_hash(head + 1)->has_value());
    }
    // The kills must have landed while blocks were flowing, not before the first one.
    CHECK(kills_mid_stream >= static_cast<uint64_t>(runs) / 2);
    std::printf("node_crash_test: %d kills, %llu with blocks reported in that run, %zu blocks\n",
                runs, static_cast<unsigned long long>(kills_mid_stream), reported.size());
}

}  // namespace

TEST_CASE("chain store survives SIGKILL (sampled: 6 kills)", "[crash_short]")
{
    crash_runs(6);
}

TEST_CASE("chain store survives SIGKILL (40 kills)", "[crash_full]")
{
    crash_runs(40);
}
