// SPDX-License-Identifier: Apache-2.0
// blend-precompile-vectors DIR [--min-passed N]
//
// Runs the precompile vector files listed in DIR/index.json (the staged copy of go-ethereum's
// and the EIPs' vectors, see DIR/SOURCE.md) through the dispatch table:
//  - success files: with exactly `Gas` the call succeeds, returns `Expected` and charges `Gas`;
//    with `Gas - 1` it fails out of gas (geth's harness does this for modexp; we do it for all);
//  - fail-* files: the call fails, with the error category the message names.
// Files whose gas is not Prague's, and files for precompiles not implemented yet, are skipped with
// the reason printed. Exit status is 0 only when every file that ran passed and at least N files
// passed (the floor keeps the ctest honest while precompiles are still missing).
#include "core/hex.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace blend;
using namespace blend::precompiles;
using nlohmann::json;

/// Files whose Gas field is deliberately not checked, with the reason. Their outputs still are.
const std::map<std::string, std::string>& gas_exclusions()
{
    static const std::map<std::string, std::string> table = {
        {"eip-7951/test-vectors.json",
         "gas check excluded: the file carries RIP-7212's 3450, EIP-7951 specifies 6900 (checked "
         "against geth/p256Verify.json)"},
    };
    return table;
}

/// The error category a geth message names (SOURCE.md, "JSON formats").
std::optional<PrecompileError> category(const std::string& message)
{
    if (message.find("invalid input length") != std::string::npos)
        return PrecompileError::kInvalidInputLength;
    if (message.find("final flag") != std::string::npos)
        return PrecompileError::kInvalidFinalFlag;
    if (message.find("field element") != std::string::npos ||
        message.find("fp.Element") != std::string::npos)
        return PrecompileError::kInvalidFieldElement;
    if (message.find("not on curve") != std::string::npos)
        return PrecompileError::kPointNotOnCurve;
    if (message.find("subgroup") != std::string::npos)
        return PrecompileError::kPointNotInSubgroup;
    return std::nullopt;
}

std::optional<json> load_json(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    return j;
}

Bytes must_hex(const std::string& text)
{
    auto v = from_hex(text);
    if (!v) {
        std::fprintf(stderr, "bad hex in vector file: %s\n", text.substr(0, 40).c_str());
        std::exit(2);
    }
    return *v;
}

uint16_t parse_address(const std::string& text)
{
    return static_cast<uint16_t>(std::stoul(text, nullptr, 16));
}

struct FileOutcome {
    size_t passed = 0;
    size_t total = 0;
    std::vector<std::string> failures;
};

void check_success(const Precompile& p, const json& v, bool check_gas, FileOutcome& out)
{
    const std::string name = v.value("Name", "?");
    const Bytes input = must_hex(v.at("Input").get<std::string>());
    const Bytes expected = must_hex(v.at("Expected").get<std::string>());
    const uint64_t gas = v.at("Gas").get<uint64_t>();
    ++out.total;
    // With the file's gas when it is checked; otherwise with exactly our own price.
    const uint64_t limit = check_gas ? gas : p.gas(input);
    const CallResult r = call(p, input, limit);
    std::string why;
    if (!r.success)
        why = std::string("failed: ") + to_string(r.error);
    else if (r.output != expected)
        why = "output " + to_hex(r.output, false).substr(0, 80) + " != expected " +
              to_hex(expected, false).substr(0, 80);
    else if (check_gas && r.gas_used != gas)
        why = "gas " + std::to_string(r.gas_used) + " != " + std::to_string(gas);
    else if (check_gas && gas > 0) {
        const CallResult short_call = call(p, input, gas - 1);
        if (short_call.success || short_call.error != PrecompileError::kOutOfGas)
            why = "did not run out of gas with Gas - 1";
    }
    if (why.empty())
        ++out.passed;
    else
        out.failures.push_back(name + ": " + why);
}

void check_failure(const Precompile& p, const json& v, FileOutcome& out)
{
    const std::string name = v.value("Name", "?");
    const Bytes input = must_hex(v.at("Input").get<std::string>());
    const std::string message = v.value("ExpectedError", "");
    ++out.total;
    const uint64_t limit = 100'000'000;
    const CallResult r = call(p, input, limit);
    std::string why;
    if (r.success)
        why = "succeeded, expected failure '" + message + "'";
    else if (r.gas_used != limit || !r.output.empty())
        why = "a failure must consume all gas and return nothing";
    else if (const auto expected = category(message); expected && *expected != r.error)
        why = std::string("failed with '") + to_string(r.error) + "', expected '" + message + "'";
    if (why.empty())
        ++out.passed;
    else
        out.failures.push_back(name + ": " + why);
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR [--min-passed N]\n", argv[0]);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    size_t min_passed = 0;
    for (int i = 2; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--min-passed")
            min_passed = std::stoul(argv[i + 1]);

    const auto index = load_json(dir / "index.json");
    if (!index || !index->is_array()) {
        std::fprintf(stderr,
                     "precompiles: conformance data absent or unreadable: %s/index.json "
                     "(set BLEND_CONFORMANCE_DIR to the shared conformance folder)\n",
                     dir.string().c_str());
        return 2;
    }

    size_t files_passed = 0;
    size_t files_run = 0;
    size_t files_skipped = 0;
    size_t vectors_passed = 0;
    size_t vectors_total = 0;
    for (const json& row : *index) {
        const std::string file = row.at("file").get<std::string>();
        const std::string kind = row.at("kind").get<std::string>();
        if (kind != "success" && kind != "fail")
            continue;  // the KZG trusted setup, not a vector file
        const std::string precompile = row.at("precompile").get<std::string>();
        const json& prague = row.at("gas_is_prague");
        if (prague.is_boolean() && !prague.get<bool>()) {
            std::printf("SKIP %s: gas rule '%s' is not Prague's\n", file.c_str(),
                        row.value("gas_rule", "?").c_str());
            ++files_skipped;
            continue;
        }
        const bool multi = file.rfind("geth-inline/", 0) == 0;
        const Precompile* p = multi ? nullptr : find(precompile);
        if (!multi && p == nullptr) {
            std::printf("SKIP %s: %s is not implemented yet\n", file.c_str(), precompile.c_str());
            ++files_skipped;
            continue;
        }
        const auto vectors = load_json(dir / file);
        if (!vectors || !vectors->is_array()) {
            std::printf("FAIL %s: missing or unreadable\n", file.c_str());
            ++files_run;
            continue;
        }
        const auto exclusion = gas_exclusions().find(file);
        const bool check_gas = exclusion == gas_exclusions().end();
        FileOutcome outcome;
        for (const json& v : *vectors) {
            const Precompile* target = p;
            if (multi) {
                target = find(parse_address(v.at("Address").get<std::string>()));
                if (target == nullptr) {
                    outcome.failures.push_back(v.value("Name", "?") + ": no precompile at " +
                                               v.at("Address").get<std::string>());
                    ++outcome.total;
                    continue;
                }
            }
            if (kind == "success")
                check_success(*target, v, check_gas, outcome);
            else
                check_failure(*target, v, outcome);
        }
        ++files_run;
        vectors_passed += outcome.passed;
        vectors_total += outcome.total;
        const bool ok = outcome.failures.empty() && outcome.total > 0;
        if (ok)
            ++files_passed;
        std::printf("%s %s: %zu of %zu vectors%s%s\n", ok ? "PASS" : "FAIL", file.c_str(),
                    outcome.passed, outcome.total, check_gas ? "" : "; ",
                    check_gas ? "" : exclusion->second.c_str());
        for (size_t i = 0; i < outcome.failures.size() && i < 10; ++i)
            std::printf("  - %s\n", outcome.failures[i].c_str());
        if (outcome.failures.size() > 10)
            std::printf("  - ... %zu more\n", outcome.failures.size() - 10);
    }
    std::printf("vectors: passed %zu of %zu in the files that ran\n", vectors_passed,
                vectors_total);
    std::printf("precompiles: passed %zu of %zu (%zu skipped)\n", files_passed, files_run,
                files_skipped);
    if (files_passed != files_run)
        return 1;
    if (files_passed < min_passed) {
        std::printf("precompiles: %zu files passed, below the floor of %zu\n", files_passed,
                    min_passed);
        return 1;
    }
    return 0;
}
