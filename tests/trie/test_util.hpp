// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/hex.hpp"
#include "trie/field/fr.hpp"

#include <catch2/catch.hpp>
#include <gmpxx.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace blend::trie_test {

/// A decimal or 0x-hex integer < r as a field element (GMP parses, so our code is not its own
/// oracle).
inline field::Fr fr_from_string(const std::string& text)
{
    mpz_class v;
    if (text.rfind("0x", 0) == 0)
        v.set_str(text.substr(2), 16);
    else
        v.set_str(text, 10);
    std::string hex = v.get_str(16);
    REQUIRE(hex.size() <= 64);
    hex.insert(0, 64 - hex.size(), '0');
    const auto bytes = from_hex(hex);
    REQUIRE(bytes.has_value());
    const auto f = field::fr_from_bytes(*bytes);
    REQUIRE(f.has_value());
    return *f;
}

inline std::string fr_to_decimal(const field::Fr& f)
{
    mpz_class v;
    v.set_str(to_hex(f.to_bytes_be(), false), 16);
    return v.get_str(10);
}

/// The shared conformance directory: $BLEND_CONFORMANCE_DIR, else ../shared/conformance next to
/// the repository. Fails the test (never skips) when the data is absent.
inline std::filesystem::path conformance_dir()
{
    const char* env = std::getenv("BLEND_CONFORMANCE_DIR");
    std::filesystem::path dir =
        env != nullptr ? std::filesystem::path(env)
                       : std::filesystem::path(BLEND_REPO_DIR) / ".." / "shared" / "conformance";
    if (!std::filesystem::is_directory(dir))
        FAIL("conformance data absent: " << dir.string()
                                         << " (set BLEND_CONFORMANCE_DIR to the shared suites)");
    return dir;
}

inline std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in)
        FAIL("cannot read conformance file " << path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace blend::trie_test
