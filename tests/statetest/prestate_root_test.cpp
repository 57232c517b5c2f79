// SPDX-License-Identifier: Apache-2.0
// The secure MPT root over real states: every Cancun case of the official GeneralStateTests whose
// transaction must be refused (expectException) expects the unchanged pre-state root, which geth
// computed when the suite was filled. pre_state_root computes it from the fixture's pre-state
// alone (accounts with code, storage, large balances), with no STF involved.
#include "core/hex.hpp"
#include "tests/statetest/fixture.hpp"
#include "tests/statetest/runner.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace blend;
using namespace blend::statetest;

namespace {

std::filesystem::path suite_root()
{
    const char* env = std::getenv("BLEND_CONFORMANCE_DIR");
    const std::filesystem::path dir = env != nullptr ? env : "../shared/conformance";
    return dir / "ethereum-state" / "GeneralStateTests";
}

}  // namespace

TEST_CASE("pre-state roots of refused-transaction cases match the fixtures' post roots")
{
    const auto root = suite_root();
    INFO("conformance data: " << root.string());
    if (!std::filesystem::is_directory(root))
        FAIL(
            "the Ethereum state tests are absent (set BLEND_CONFORMANCE_DIR; see "
            "../shared/conformance/ethereum-state/SOURCE.md)");

    size_t checked = 0;
    size_t files = 0;
    for (const auto& path : list_fixture_files(root)) {
        const std::string name = std::filesystem::relative(path, root).generic_string();
        auto tests = load_fixture_file(path, name);
        INFO(name);
        REQUIRE(tests.has_value());
        ++files;
        for (const StateTest& test : *tests) {
            for (const PostCase& post : test.post) {
                if (post.fork != "Cancun" || post.expect_exception.empty())
                    continue;
                INFO(test.name << " Cancun[" << post.index << "] " << post.expect_exception);
                CHECK(to_hex(pre_state_root(test)) == to_hex(post.state_root));
                ++checked;
            }
        }
    }
    // SOURCE.md: 2,704 files and 1,166 Cancun expectException cases in the official tree.
    CHECK(files == 2'704);
    CHECK(checked == 1'166);
}
