// SPDX-License-Identifier: Apache-2.0
#include "tests/runtimes/evm/bench/bench_cases.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace blend::evm::bench {

namespace {

std::optional<std::vector<uint8_t>> decode_hex(std::string_view hex)
{
    if (hex.starts_with("0x"))
        hex.remove_prefix(2);
    if (hex.size() % 2 != 0)
        return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    std::vector<uint8_t> out(hex.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        const int hi = nibble(hex[2 * i]);
        const int lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    return out;
}

std::string read_text(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

struct LegacyInput {
    std::vector<uint8_t> input;
    std::vector<uint8_t> output;
};

/// evmone-legacy `<name>.inputs`: records of 3 lines (name, calldata, expected output possibly
/// empty) separated by blank lines.
std::map<std::string, LegacyInput> read_legacy_inputs(const std::filesystem::path& p)
{
    std::map<std::string, LegacyInput> out;
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(trim(line));
    size_t i = 0;
    while (i < lines.size()) {
        if (lines[i].empty()) {
            ++i;
            continue;
        }
        const std::string name = lines[i];
        const std::string data = i + 1 < lines.size() ? lines[i + 1] : "";
        const std::string expected = i + 2 < lines.size() ? lines[i + 2] : "";
        i += 3;
        auto in_bytes = decode_hexx(data);
        auto out_bytes = decode_hexx(expected);
        if (in_bytes && out_bytes)
            out[name] = {std::move(*in_bytes), std::move(*out_bytes)};
    }
    return out;
}

}  // namespace

std::optional<std::vector<uint8_t>> decode_hexx(const std::string& text)
{
    std::string hex;
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '(') {
            const size_t x = text.find('x', i);
            const size_t close = text.find(')', i);
            if (x == std::string::npos || close == std::string::npos || x > close)
                return std::nullopt;
            const unsigned long n = std::stoul(text.substr(i + 1, x - i - 1));
            const std::string unit = text.substr(x + 1, close - x - 1);
            for (unsigned long k = 0; k < n; ++k)
                hex += unit;
            i = close + 1;
        } else {
            hex += text[i++];
        }
    }
    return decode_hex(hex);
}

std::vector<BenchCase> load_cases(const std::string& dir, std::string& error)
{
    namespace fs = std::filesystem;
    const fs::path main = fs::path(dir) / "state-tests" / "main";
    if (!fs::is_directory(main)) {
        error = "no benchmark directory " + main.string();
        return {};
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(main)) {
        if (e.path().extension() == ".json")
            files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<BenchCase> cases;
    for (const auto& file : files) {
        const std::string stem = file.stem().string();
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(read_text(file));
        } catch (const std::exception& e) {
            error = file.string() + ": " + e.what();
            return {};
        }
        const auto& test = doc.begin().value();
        const std::string to = test["transaction"]["to"].get<std::string>();
        std::optional<std::vector<uint8_t>> code;
        for (const auto& [address, account] : test["pre"].items()) {
            std::string a = address;
            std::string b = to;
            std::transform(a.begin(), a.end(), a.begin(), ::tolower);
            std::transform(b.begin(), b.end(), b.begin(), ::tolower);
            if (a == b)
                code = decode_hex(account["code"].get<std::string>());
        }
        if (!code) {
            error = file.string() + ": no code at transaction.to";
            return {};
        }
        const auto legacy =
            read_legacy_inputs(fs::path(dir) / "evmone-legacy" / "main" / (stem + ".inputs"));
        const auto& data = test["transaction"]["data"];
        for (size_t i = 0; i < data.size(); ++i) {
            BenchCase c;
            std::string label = std::to_string(i);
            if (test.contains("_info") && test["_info"].contains("labels") &&
                test["_info"]["labels"].contains(label))
                label = test["_info"]["labels"][label].get<std::string>();
            c.name = stem + "/" + label;
            c.code = *code;
            auto input = decode_hex(data[i].get<std::string>());
            if (!input) {
                error = file.string() + ": bad calldata " + label;
                return {};
            }
            c.input = std::move(*input);
            const auto it = legacy.find(label);
            if (it != legacy.end() && it->second.input == c.input && !it->second.output.empty())
                c.expected_output = it->second.output;
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

}  // namespace blend::evm::bench
