// SPDX-License-Identifier: Apache-2.0
// The local-transaction journal: round trip through a restart, rewrite when locals leave, damaged
// records skipped with a warning, a truncated tail, and the read bound.
#include "node/txpool/journal.hpp"

#include "tests/node/txpool/txpool_test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace blend;
using namespace blend::txpool;
using namespace blend::txpool::test;

namespace {

/// A fresh directory under the system temp dir, removed at scope exit.
struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("blend-txpool-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

Bytes read_file(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const std::filesystem::path& p, const Bytes& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("journal: records round trip; a missing file is empty", "[txpool][journal]")
{
    TempDir dir;
    const auto path = dir.path / "sub" / "transactions.journal";
    const auto empty = read_journal(path, kDefaultMaxJournalBytes);
    REQUIRE(empty.has_value());
    CHECK(empty->entries.empty());
    CHECK(empty->corrupted == 0);

    const std::vector<Bytes> payloads = {{1, 2, 3}, {}, Bytes(70'000, 0xab)};
    for (const Bytes& p : payloads)
        REQUIRE(append_journal(path, p).has_value());
    const auto read = read_journal(path, kDefaultMaxJournalBytes);
    REQUIRE(read.has_value());
    CHECK(read->entries == payloads);
    CHECK(read->corrupted == 0);
    CHECK(std::filesystem::file_size(path) == 3 * kJournalHeaderSize + 3 + 70'000);

    const std::vector<Bytes> fewer = {{9}};
    REQUIRE(rewrite_journal(path, fewer).has_value());
    CHECK(read_journal(path, kDefaultMaxJournalBytes)->entries == fewer);
    CHECK_FALSE(std::filesystem::exists(path.string() + ".new"));
}

TEST_CASE("journal: damaged records are skipped, the others kept", "[txpool][journal]")
{
    TempDir dir;
    std::filesystem::create_directories(dir.path);
    const auto path = dir.path / "j";
    const Bytes a = encode_journal_record(Bytes{1, 1, 1});
    const Bytes b = encode_journal_record(Bytes{2, 2, 2, 2});
    const Bytes c = encode_journal_record(Bytes{3});

    SECTION("a flipped payload byte")
    {
        Bytes file = a;
        Bytes bad = b;
        bad[kJournalHeaderSize + 1] ^= 0x40;
        file.insert(file.end(), bad.begin(), bad.end());
        file.insert(file.end(), c.begin(), c.end());
        write_file(path, file);
        const auto r = read_journal(path, kDefaultMaxJournalBytes);
        REQUIRE(r.has_value());
        CHECK(r->entries == std::vector<Bytes>{{1, 1, 1}, {3}});
        CHECK(r->corrupted == 1);
    }
    SECTION("a length that runs past the end, then garbage, then a good record")
    {
        Bytes bad = b;
        bad[4] = 0x7f;  // length 0x7f000004
        Bytes file = bad;
        for (int i = 0; i < 10; ++i)
            file.push_back(static_cast<uint8_t>('B'));
        file.insert(file.end(), c.begin(), c.end());
        write_file(path, file);
        const auto r = read_journal(path, kDefaultMaxJournalBytes);
        REQUIRE(r.has_value());
        CHECK(r->entries == std::vector<Bytes>{{3}});
        CHECK(r->corrupted == 1);
    }
    SECTION("a torn last record (a crash in the middle of an append)")
    {
        Bytes file = a;
        file.insert(file.end(), b.begin(), b.end() - 2);
        write_file(path, file);
        const auto r = read_journal(path, kDefaultMaxJournalBytes);
        REQUIRE(r.has_value());
        CHECK(r->entries == std::vector<Bytes>{{1, 1, 1}});
        CHECK(r->corrupted == 1);
    }
    SECTION("the read bound")
    {
        Bytes file = a;
        file.insert(file.end(), b.begin(), b.end());
        write_file(path, file);
        const auto r = read_journal(path, a.size() + 3);
        REQUIRE(r.has_value());
        CHECK(r->truncated);
        CHECK(r->entries == std::vector<Bytes>{{1, 1, 1}});
    }
}

TEST_CASE("journal: local transactions survive a restart", "[txpool][journal]")
{
    TempDir dir;
    PoolFixture f;
    f.config.journal_path = dir.path / "txpool" / "transactions.journal";
    std::vector<std::string> warnings;
    f.config.warn = [&](std::string_view w) { warnings.emplace_back(w); };
    TxPool& pool = f.make();
    const auto l0 = f.add(dynamic_tx(0, 1, 10), 0, Origin::kLocal);
    const auto l2 = f.add(dynamic_tx(2, 1, 10), 0, Origin::kLocal);  // queued
    const auto l1 = f.add(dynamic_tx(0, 1, 10), 1, Origin::kLocal);
    const auto r0 = f.add(dynamic_tx(0, 1, 10), 2, Origin::kRemote);
    REQUIRE((l0 && l2 && l1 && r0));
    CHECK(read_journal(f.config.journal_path, kDefaultMaxJournalBytes)->entries.size() == 3);

    SECTION("reload into a new pool")
    {
        PoolFixture g;
        g.config = f.config;
        TxPool& again = g.make();
        const auto load = again.load_journal();
        REQUIRE(load.has_value());
        CHECK(load->loaded == 3);
        CHECK(load->dropped == 0);
        CHECK(load->corrupted == 0);
        CHECK(again.contains(*l0));
        CHECK(again.contains(*l1));
        CHECK(again.contains(*l2));
        CHECK_FALSE(again.contains(*r0));
        CHECK(again.get(*l0)->origin == Origin::kLocal);
        CHECK(again.stats().pending == 2);
        CHECK(again.stats().queued == 1);
        CHECK(warnings.empty());
    }
    SECTION("a replacement and a new head rewrite the journal")
    {
        const auto l0b = f.add(dynamic_tx(0, 2, 20), 0, Origin::kLocal);
        REQUIRE(l0b);
        auto entries = read_journal(f.config.journal_path, kDefaultMaxJournalBytes)->entries;
        CHECK(entries.size() == 3);
        CHECK(std::find(entries.begin(), entries.end(), pool.get(*l0b)->raw) != entries.end());

        // Sender 1's transaction was included.
        auto next = std::make_shared<execution::InMemoryState>(*f.state);
        next->set_account(address_of(1), execution::Account{1, U256{1'000'000'000'000'000'000ull},
                                                            kEmptyCodeHash, 0});
        pool.set_head(next, f.head);
        entries = read_journal(f.config.journal_path, kDefaultMaxJournalBytes)->entries;
        CHECK(entries.size() == 2);

        PoolFixture g;
        g.config = f.config;
        g.state = next;
        TxPool& again = g.make();
        const auto load = again.load_journal();
        REQUIRE(load.has_value());
        CHECK(load->loaded == 2);
        CHECK(again.contains(*l0b));
        CHECK_FALSE(again.contains(*l0));
        CHECK(again.contains(*l2));
    }
    SECTION("entries that no longer validate are dropped at load")
    {
        auto next = std::make_shared<execution::InMemoryState>(*f.state);
        next->set_account(address_of(0), execution::Account{1, U256{1'000'000'000'000'000'000ull},
                                                            kEmptyCodeHash, 0});
        PoolFixture g;
        g.config = f.config;
        g.state = next;
        TxPool& again = g.make();
        const auto load = again.load_journal();
        REQUIRE(load.has_value());
        CHECK(load->loaded == 2);   // l1, and l2 (queued: nonce 1 is missing)
        CHECK(load->dropped == 1);  // l0: nonce too low now
        CHECK(read_journal(f.config.journal_path, kDefaultMaxJournalBytes)->entries.size() == 2);
    }
    SECTION("a corrupted journal: the damaged record is skipped with a warning")
    {
        Bytes file = read_file(f.config.journal_path);
        // Damage the second record's payload (the records are in arrival order).
        const size_t first = kJournalHeaderSize + pool.get(*l0)->raw.size();
        file[first + kJournalHeaderSize + 5] ^= 0xff;
        write_file(f.config.journal_path, file);
        PoolFixture g;
        g.config = f.config;
        TxPool& again = g.make();
        const auto load = again.load_journal();
        REQUIRE(load.has_value());
        CHECK(load->corrupted == 1);
        CHECK(load->loaded == 2);
        CHECK(again.contains(*l0));
        CHECK_FALSE(again.contains(*l2));
        CHECK(again.contains(*l1));
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].find("corrupted") != std::string::npos);
        // The rewritten journal holds only what was kept.
        CHECK(read_journal(f.config.journal_path, kDefaultMaxJournalBytes)->corrupted == 0);
    }
}
