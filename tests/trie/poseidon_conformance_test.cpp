// SPDX-License-Identifier: Apache-2.0
// Conformance: our Grain-generated constants against circomlibjs 0.1.7's published tables, and all
// 192 circomlibjs vectors (../shared/conformance/poseidon, see its SOURCE.md).
#include "tests/trie/test_util.hpp"
#include "trie/poseidon/poseidon.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

using blend::field::Fr;
using blend::trie_test::conformance_dir;
using blend::trie_test::fr_from_string;
using blend::trie_test::fr_to_decimal;
using blend::trie_test::read_file;
namespace poseidon = blend::poseidon;

TEST_CASE("generated constants equal circomlibjs poseidon_constants.json", "[trie][poseidon]")
{
    const auto json = nlohmann::json::parse(
        read_file(conformance_dir() / "poseidon" / "circomlib_constants_t2_t7.json"));
    size_t checked = 0;
    for (size_t t = 2; t <= poseidon::kMaxWidth; ++t) {
        INFO("t = " << t);
        const auto& p = json.at("params").at(std::to_string(t));
        const poseidon::RawParams& ours = poseidon::kCircomParams[t - 2];
        REQUIRE(ours.width == t);
        REQUIRE(ours.full_rounds == p.at("RF").get<size_t>());
        REQUIRE(ours.partial_rounds == p.at("RP").get<size_t>());
        const auto& c = p.at("C");
        REQUIRE(c.size() == (ours.full_rounds + ours.partial_rounds) * t);
        for (size_t i = 0; i < c.size(); ++i) {
            INFO("C[" << i << "]");
            REQUIRE(Fr::from_canonical_unchecked(ours.round_constants[i]) ==
                    fr_from_string(c[i].get<std::string>()));
            ++checked;
        }
        const auto& m = p.at("M");
        REQUIRE(m.size() == t);
        for (size_t i = 0; i < t; ++i) {
            REQUIRE(m[i].size() == t);
            for (size_t j = 0; j < t; ++j) {
                INFO("M[" << i << "][" << j << "]");
                REQUIRE(Fr::from_canonical_unchecked(ours.mds[i * t + j]) ==
                        fr_from_string(m[i][j].get<std::string>()));
                ++checked;
            }
        }
    }
    // 1824 round constants + 139 MDS entries for t = 2..7.
    REQUIRE(checked == 1824 + 139);
    std::printf("poseidon conformance: %zu/%zu generated constants equal the published tables\n",
                checked, checked);
}

TEST_CASE("all circomlibjs vectors reproduce", "[trie][poseidon]")
{
    const auto json =
        nlohmann::json::parse(read_file(conformance_dir() / "poseidon" / "circomlib_vectors.json"));
    REQUIRE(json.size() == 192);
    size_t per_arity[7] = {};
    for (const auto& v : json) {
        std::vector<Fr> in;
        for (const auto& x : v.at("inputs"))
            in.push_back(fr_from_string(x.get<std::string>()));
        const Fr expected = fr_from_string(v.at("output").get<std::string>());
        INFO(v.at("description").get<std::string>() << ", " << in.size() << " inputs");
        const auto fast = poseidon::hash(in);
        REQUIRE(fast.has_value());
        REQUIRE(fr_to_decimal(*fast) == v.at("output").get<std::string>());
        const auto slow = poseidon::hash_reference(in);
        REQUIRE(slow.has_value());
        REQUIRE(*slow == expected);
        ++per_arity[in.size()];
    }
    std::printf("poseidon conformance: %zu/%zu circomlibjs vectors reproduced\n", json.size(),
                json.size());
    // The per-arity counts SOURCE.md lists.
    CHECK(per_arity[1] == 27);
    CHECK(per_arity[2] == 29);
    CHECK(per_arity[3] == 31);
    CHECK(per_arity[4] == 33);
    CHECK(per_arity[5] == 35);
    CHECK(per_arity[6] == 37);
}

TEST_CASE("circomlibjs two-input vectors through hash2_batch", "[trie][poseidon]")
{
    const auto json =
        nlohmann::json::parse(read_file(conformance_dir() / "poseidon" / "circomlib_vectors.json"));
    std::vector<poseidon::T3Input> in;
    std::vector<std::string> expected;
    for (const auto& v : json) {
        if (v.at("inputs").size() != 2)
            continue;
        in.push_back({Fr::zero(), fr_from_string(v.at("inputs")[0].get<std::string>()),
                      fr_from_string(v.at("inputs")[1].get<std::string>())});
        expected.push_back(v.at("output").get<std::string>());
    }
    REQUIRE(in.size() == 29);  // SOURCE.md's count for two inputs: 3 full batches and 5 lanes
    const bool saved = poseidon::detail::g_use_ifma.load();
    for (const bool use_ifma : {true, false}) {
        INFO("ifma " << use_ifma << ", supported " << poseidon::ifma_supported());
        poseidon::detail::g_use_ifma = use_ifma;
        std::vector<Fr> out(in.size());
        poseidon::hash2_batch(in, out);
        for (size_t i = 0; i < in.size(); ++i) {
            INFO("vector " << i);
            CHECK(fr_to_decimal(out[i]) == expected[i]);
        }
    }
    poseidon::detail::g_use_ifma = saved;
    std::printf("poseidon conformance: %zu/%zu two-input vectors through hash2_batch (IFMA %s)\n",
                in.size(), in.size(), poseidon::ifma_supported() ? "and scalar" : "unsupported");
}
