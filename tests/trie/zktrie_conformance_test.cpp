// SPDX-License-Identifier: Apache-2.0
// Compatibility with Scroll's zkTrie: the 26 nodes of its Rust test fixture
// (../shared/conformance/zktrie, see SOURCE.md) decode, re-encode exactly, hash, and link under the
// published root (21 of them; the other 5 hang under a second, unreferenced root), and the
// account-key walk reaches the account's leaf at depth 6.
#include "tests/trie/test_util.hpp"
#include "trie/node.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

using blend::Hash;
using blend::field::Fr;
using blend::trie_test::conformance_dir;
using blend::trie_test::fr_from_string;
using blend::trie_test::read_file;
namespace trie = blend::trie;

namespace {

struct Fixture {
    std::map<std::string, trie::Node> by_hash;  // hex of the node hash -> node
};

std::string key_of(const Fr& f)
{
    return blend::to_hex(f.to_bytes_be());
}

Fixture load_fixture()
{
    const std::string text = read_file(conformance_dir() / "zktrie" / "scroll_example_nodes.txt");
    std::istringstream lines(text);
    std::string line;
    Fixture fx;
    size_t count = 0;
    while (std::getline(lines, line)) {
        if (line.empty())
            continue;
        const auto bytes = blend::from_hex(line);
        REQUIRE(bytes.has_value());
        const auto node = trie::decode_node(*bytes);
        INFO("node " << count << ": " << line.substr(0, 20));
        REQUIRE(node.has_value());
        CHECK(trie::encode_node(*node) == *bytes);  // the codec is exact on real data
        const auto h = trie::node_hash(*node);
        REQUIRE(h.has_value());
        fx.by_hash.emplace(key_of(*h), *node);
        ++count;
    }
    REQUIRE(count == 26);
    REQUIRE(fx.by_hash.size() == 26);  // distinct hashes
    return fx;
}

/// Collects the fixture nodes reachable from `hash`, checking on the way that branch types agree
/// with the kinds of the children the fixture holds. With `follow_storage`, a 5-word account leaf
/// also leads to its storage trie (Scroll keeps the storage root in word 2). The fixture is a
/// partial trie: siblings off the included paths are referenced by hash only.
void reach(const Fixture& fx,
           const Fr& hash,
           bool expect_branch,
           bool follow_storage,
           std::set<std::string>& seen)
{
    if (hash.is_zero()) {
        CHECK_FALSE(expect_branch);
        seen.insert(key_of(hash));  // the fixture's empty node (0x05) hashes to 0
        return;
    }
    const auto it = fx.by_hash.find(key_of(hash));
    if (it == fx.by_hash.end())
        return;  // a subtree the fixture does not include
    seen.insert(it->first);
    const trie::Node& n = it->second;
    CHECK(trie::is_branch(n.type) == expect_branch);
    if (n.type == trie::NodeType::kLeaf && follow_storage && n.words.size() == 5) {
        const auto storage_root = blend::field::fr_from_hash(n.words[2]);
        REQUIRE(storage_root.has_value());
        if (!storage_root->is_zero())
            reach(fx, *storage_root, true, follow_storage, seen);
    }
    if (!trie::is_branch(n.type))
        return;
    // Invariant of a valid trie: a branch never holds an empty child next to a terminal one.
    if (n.type == trie::NodeType::kBranchTerminalTerminal)
        CHECK_FALSE((n.left.is_zero() || n.right.is_zero()));
    reach(fx, n.left, trie::left_is_branch(n.type), follow_storage, seen);
    reach(fx, n.right, trie::right_is_branch(n.type), follow_storage, seen);
}

/// Walks `key`'s path from `root`; returns the terminal node and records the branch types met.
const trie::Node& walk(const Fixture& fx, Fr cursor, const Fr& key, std::vector<int>& types)
{
    size_t depth = 0;
    while (true) {
        const auto it = fx.by_hash.find(key_of(cursor));
        REQUIRE(it != fx.by_hash.end());
        const trie::Node& n = it->second;
        if (!trie::is_branch(n.type))
            return n;
        types.push_back(static_cast<int>(n.type));
        cursor = trie::path_bit(key, depth) ? n.right : n.left;
        ++depth;
        REQUIRE(depth < trie::kMaxDepth);
    }
}

}  // namespace

TEST_CASE("Scroll zkTrie fixture: every node hashes and links under the root", "[trie][zktrie]")
{
    const Fixture fx = load_fixture();
    const Fr root =
        fr_from_string("0x194cfd0c3cce58ac79c5bab34b149927e0cd9280c6d61870bfb621d45533ddbc");
    REQUIRE(fx.by_hash.count(key_of(root)) == 1);

    // Each node reached is reached through the hash its parent holds, so a wrong hash or encoding
    // for any node cuts it (and its subtree) off. Under the root: the 16 state-trie nodes + the
    // empty node, and through account 0x0c64e6f8…'s storage-root word, its 4-node storage trie.
    std::set<std::string> state_only;
    reach(fx, root, true, false, state_only);
    CHECK(state_only.size() == 17);
    std::set<std::string> with_storage;
    reach(fx, root, true, true, with_storage);
    CHECK(with_storage.size() == 21);

    // The other 5 nodes (lines 13, 18, 20, 22, 26 of the file) form one more subtree whose root
    // 0x04f59f10…8d41 nothing in the fixture references (SOURCE.md says all 26 link under the
    // root; they do not: this is presumably a second root from the Rust fixture). They must still
    // hash consistently among themselves, and together the two roots cover all 26 nodes.
    const Fr other =
        fr_from_string("0x04f59f1018534ba46fd745b0136e54f4d6ed9fe140e27d2486e9a82831ef8d41");
    std::set<std::string> all = with_storage;
    reach(fx, other, true, true, all);
    CHECK(all.size() == 26);
    std::printf("zktrie conformance: %zu/26 nodes hash and link (%zu under the root)\n", all.size(),
                with_storage.size());

    // The Rust test asserts one leaf hash, 0x301dc3e7…c08178 (reference/trie.md §1.1).
    size_t matches = 0;
    for (const auto& [hash, node] : fx.by_hash)
        if (node.type == trie::NodeType::kLeaf && hash.rfind("0x301dc3e7", 0) == 0 &&
            hash.size() == 66 && hash.substr(60) == "c08178")
            ++matches;
    CHECK(matches == 1);
}

TEST_CASE("Scroll zkTrie fixture: the account key walks to its leaf at depth 6", "[trie][zktrie]")
{
    const Fixture fx = load_fixture();
    const auto address = blend::address_from_hex("0x1C5A77d9FA7eF466951B2F01F724BCa3A5820b63");
    REQUIRE(address.has_value());
    const Fr key = trie::account_key(*address);
    CHECK(key ==
          fr_from_string("0x1822829dca763241624d1f8dd4cf59018fc5f69931d579f8e8a4c3addd6633e6"));

    std::vector<int> types;
    const trie::Node& leaf = walk(
        fx, fr_from_string("0x194cfd0c3cce58ac79c5bab34b149927e0cd9280c6d61870bfb621d45533ddbc"),
        key, types);
    REQUIRE(leaf.type == trie::NodeType::kLeaf);
    CHECK(leaf.key == key);
    // The proof form carries the key preimage: the address padded to 32 bytes.
    REQUIRE(leaf.key_preimage.size() == 32);
    CHECK(std::equal(address->bytes.begin(), address->bytes.end(), leaf.key_preimage.begin()));
    CHECK(types.size() == 6);
    CHECK(types == std::vector<int>{9, 9, 9, 8, 8, 6});
}

TEST_CASE("Scroll zkTrie fixture: slot 5 walks to its leaf in the storage trie", "[trie][zktrie]")
{
    const Fixture fx = load_fixture();
    Hash slot5;
    slot5[31] = 5;
    const Fr key = trie::compress_word(slot5);
    std::vector<int> types;
    const trie::Node& leaf = walk(
        fx, fr_from_string("0x1a99ce3a54bcc9f4d7f61c67286f0ffc6a5ddab4a94c1f6fc6741a5ef196145b"),
        key, types);
    REQUIRE(leaf.type == trie::NodeType::kLeaf);
    CHECK(leaf.key == key);
    CHECK(leaf.words.size() == 1);
    CHECK(leaf.compressed_flags == 1);
}
