// SPDX-License-Identifier: Apache-2.0
// blend-statetest: runs Ethereum's GeneralStateTests through Blend's STF (issue 7 item 3).
//   blend-statetest DIR|FILE [--strategy native|interpreter|both] [--sample N]
//                   [--fork Cancun|Prague] [--filter SUBSTR] [--verbose] [--min-passed N]
// One line per failing case, then `statetest: passed P of T cases (S skipped)` and the skip
// categories with their reasons. docs/statetest.md has the details.
#include "core/hex.hpp"
#include "tests/statetest/fixture.hpp"
#include "tests/statetest/runner.hpp"
#include "tests/statetest/strategy.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace blend;
using namespace blend::statetest;

struct Options {
    std::filesystem::path root;
    std::vector<Strategy> strategies{Strategy::kNative};
    size_t sample = 0;  ///< 0: every case
    std::string fork = "Cancun";
    std::string filter;
    bool verbose = false;
    std::optional<size_t> min_passed;
};

// The forks a fixture may be checked against: Blend's STF implements Prague (and Cancun as the
// rules the official fixtures were filled with; see docs/statetest.md for the differences).
bool known_fork(const std::string& fork)
{
    return fork == "Cancun" || fork == "Prague";
}

int usage(const char* message)
{
    std::cerr << "blend-statetest: " << message << "\n"
              << "usage: blend-statetest DIR|FILE [--strategy native|interpreter|both] "
                 "[--sample N] [--fork Cancun|Prague] [--filter SUBSTR] [--verbose] "
                 "[--min-passed N]\n";
    return 2;
}

std::optional<size_t> parse_count(const std::string& text)
{
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return static_cast<size_t>(std::stoul(text));
}

struct Selection {
    std::string file;
    size_t test = 0;
    size_t post = 0;
};

bool selected(const StateTest& test, const PostCase& post, const Options& options)
{
    if (post.fork != options.fork)
        return false;
    return options.filter.empty() ||
           (test.file + " " + test.name).find(options.filter) != std::string::npos;
}

}  // namespace

int main(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--strategy" && has_value) {
            const std::string s = argv[++i];
            if (s == "native")
                options.strategies = {Strategy::kNative};
            else if (s == "interpreter")
                options.strategies = {Strategy::kInterpreter};
            else if (s == "both")
                options.strategies = {Strategy::kNative, Strategy::kInterpreter};
            else
                return usage("--strategy takes native, interpreter or both");
        } else if (arg == "--sample" && has_value) {
            const auto n = parse_count(argv[++i]);
            if (!n || *n == 0)
                return usage("--sample takes a positive count");
            options.sample = *n;
        } else if (arg == "--min-passed" && has_value) {
            const auto n = parse_count(argv[++i]);
            if (!n)
                return usage("--min-passed takes a count");
            options.min_passed = *n;
        } else if (arg == "--fork" && has_value) {
            options.fork = argv[++i];
            if (!known_fork(options.fork))
                return usage("--fork takes Cancun or Prague");
        } else if (arg == "--filter" && has_value) {
            options.filter = argv[++i];
        } else if (arg == "--verbose") {
            options.verbose = true;
        } else if (!arg.starts_with("--") && options.root.empty()) {
            options.root = arg;
        } else {
            return usage(("unknown or incomplete argument " + arg).c_str());
        }
    }
    if (options.root.empty())
        return usage("no fixture directory or file given");
    std::error_code ec;
    if (!std::filesystem::exists(options.root, ec)) {
        std::cerr << "blend-statetest: conformance data not found at " << options.root.string()
                  << " (set BLEND_CONFORMANCE_DIR or pass the GeneralStateTests directory; "
                     "../shared/conformance/ethereum-state/SOURCE.md says where it comes from)\n";
        return 2;
    }
    for (const Strategy s : options.strategies) {
        if (!strategy_available(s)) {
            std::cerr << "blend-statetest: the " << to_string(s)
                      << " strategy is not available in this build (docs/statetest.md)\n";
            return 2;
        }
    }

    const auto files = list_fixture_files(options.root);
    const std::filesystem::path base =
        std::filesystem::is_directory(options.root) ? options.root : options.root.parent_path();
    auto display = [&](const std::filesystem::path& p) {
        return std::filesystem::relative(p, base).generic_string();
    };

    size_t failed = 0;
    size_t load_failures = 0;

    // --sample N: count the selected cases first, then take N evenly spread ones (case k of T
    // for k = floor(i * T / N)), so the sample covers every category in proportion and is the
    // same on every run.
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> wanted;  // file → (test, post)
    if (options.sample != 0) {
        std::vector<Selection> all;
        for (const auto& path : files) {
            auto tests = load_fixture_file(path, display(path));
            if (!tests)
                continue;  // reported in the main pass
            for (size_t t = 0; t < tests->size(); ++t)
                for (size_t p = 0; p < (*tests)[t].post.size(); ++p)
                    if (selected((*tests)[t], (*tests)[t].post[p], options))
                        all.push_back({display(path), t, p});
        }
        const size_t n = std::min(options.sample, all.size());
        for (size_t i = 0; i < n; ++i) {
            const Selection& s = all[i * all.size() / n];
            wanted[s.file].emplace_back(s.test, s.post);
        }
    }

    const auto start = std::chrono::steady_clock::now();
    execution::ModuleCache modules;
    size_t total = 0;
    size_t passed = 0;
    size_t differences = 0;
    std::map<std::string, std::pair<size_t, std::string>> skipped;  // name → (count, reason)
    size_t skipped_total = 0;

    for (const auto& path : files) {
        const std::string name = display(path);
        if (options.sample != 0 && wanted.find(name) == wanted.end())
            continue;
        auto tests = load_fixture_file(path, name);
        if (!tests) {
            std::cout << "FAIL " << name << ": " << to_string(tests.error().code) << ": "
                      << tests.error().detail << "\n";
            ++load_failures;
            continue;
        }
        for (size_t t = 0; t < tests->size(); ++t) {
            const StateTest& test = (*tests)[t];
            for (size_t p = 0; p < test.post.size(); ++p) {
                const PostCase& post = test.post[p];
                if (!selected(test, post, options))
                    continue;
                if (options.sample != 0) {
                    const auto& w = wanted[name];
                    if (std::find(w.begin(), w.end(), std::make_pair(t, p)) == w.end())
                        continue;
                }
                ++total;
                if (const auto skip = skip_category(test, post)) {
                    auto& entry = skipped[skip->name];
                    ++entry.first;
                    entry.second = skip->reason;
                    ++skipped_total;
                    continue;
                }
                if (options.verbose)  // unbuffered: names the case if the runner crashes
                    std::cerr << "run " << name << " " << test.name << " " << post.fork << "["
                              << post.index << "]\n";
                const CaseResult first =
                    run_case(test, post, options.strategies.front(), modules, options.verbose);
                if (first.passed) {
                    ++passed;
                } else {
                    ++failed;
                    std::cout << "FAIL " << first.failure << "\n";
                    if (options.verbose)
                        std::cout << first.post_state_dump;
                }
                if (options.strategies.size() == 2) {
                    const CaseResult second =
                        run_case(test, post, options.strategies[1], modules, false);
                    if (second.applied != first.applied || second.state_root != first.state_root ||
                        second.logs_hash != first.logs_hash || second.gas_used != first.gas_used) {
                        ++differences;
                        std::cout << "DIFF " << name << " " << test.name << " " << post.fork << "["
                                  << post.index << "]: native root " << to_hex(first.state_root)
                                  << " gas " << first.gas_used << ", interpreter root "
                                  << to_hex(second.state_root) << " gas " << second.gas_used
                                  << "\n";
                    }
                }
            }
        }
    }

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "statetest: passed " << passed << " of " << total << " cases (" << skipped_total
              << " skipped)\n";
    for (const auto& [category, entry] : skipped)
        std::cout << "skipped " << category << ": " << entry.first << " (" << entry.second << ")\n";
    if (load_failures != 0)
        std::cout << "statetest: " << load_failures << " fixture files could not be read\n";
    if (options.strategies.size() == 2)
        std::cout << "statetest: native and interpreter differ on " << differences << " of "
                  << (total - skipped_total) << " cases\n";
    std::cerr << "statetest: " << to_string(options.strategies.front()) << ", " << total
              << " cases in " << seconds << " s\n";

    if (load_failures != 0 || differences != 0)
        return 1;
    if (options.min_passed)
        return passed >= *options.min_passed ? 0 : 1;
    return failed == 0 ? 0 : 1;
}
