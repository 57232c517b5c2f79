// SPDX-License-Identifier: Apache-2.0
// JWT for the Engine port (execution-apis src/engine/authentication.md).
#include "rpc/jwt.hpp"

#include "rpc/limits.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace blend;
using namespace blend::rpc;

namespace {

JwtSecret counting_secret()
{
    JwtSecret s;
    for (size_t i = 0; i < s.size(); ++i)
        s.bytes[i] = static_cast<uint8_t>(i);
    return s;
}

std::chrono::system_clock::time_point at(int64_t seconds)
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

/// Made with Python's hmac/base64 (an independent implementation): secret = bytes 0..31,
/// header {"alg":"HS256","typ":"JWT"}, payload {"iat":1700000000}.
constexpr const char* kReferenceToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDB9."
    "uAxdaUtr1_HpYPtNDLNlQ_sHMiP5eBV-ra8EjL3ScS8";

std::string temp_path(const char* name)
{
    return (std::filesystem::temp_directory_path() /
            (std::string("blend-rpc-") + std::to_string(::getpid()) + "-" + name))
        .string();
}

}  // namespace

TEST_CASE("an independently made HS256 token verifies; ours is byte-identical")
{
    const auto secret = counting_secret();
    CHECK(verify_jwt(kReferenceToken, secret, at(1'700'000'000)));
    CHECK(make_jwt(secret, 1'700'000'000) == kReferenceToken);
    CHECK(verify_bearer(std::string("Bearer ") + kReferenceToken, secret, at(1'700'000'000)));
}

TEST_CASE("iat must be within ±60 s")
{
    const auto secret = counting_secret();
    CHECK(verify_jwt(kReferenceToken, secret, at(1'700'000'060)));
    CHECK(verify_jwt(kReferenceToken, secret, at(1'699'999'940)));
    CHECK(verify_jwt(kReferenceToken, secret, at(1'700'000'061)).error() ==
          JwtError::kStaleIssuedAt);
    CHECK(verify_jwt(kReferenceToken, secret, at(1'699'999'939)).error() ==
          JwtError::kStaleIssuedAt);
}

TEST_CASE("refusals: missing token, wrong secret, tampering, alg none, no iat")
{
    const auto secret = counting_secret();
    const auto now = at(1'700'000'000);
    CHECK(verify_bearer("", secret, now).error() == JwtError::kMissingToken);
    CHECK(verify_bearer(kReferenceToken, secret, now).error() == JwtError::kMissingToken);
    JwtSecret other = secret;
    other.bytes[0] ^= 1;
    CHECK(verify_jwt(kReferenceToken, other, now).error() == JwtError::kBadSignature);
    // Payload {"iat":1700000001} with the original signature.
    const std::string tampered =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDF9."
        "uAxdaUtr1_HpYPtNDLNlQ_sHMiP5eBV-ra8EjL3ScS8";
    CHECK(verify_jwt(tampered, secret, now).error() == JwtError::kBadSignature);
    // {"alg":"none"} . {"iat":1700000000} . (empty signature)
    CHECK(verify_jwt("eyJhbGciOiJub25lIn0.eyJpYXQiOjE3MDAwMDAwMDB9.", secret, now).error() ==
          JwtError::kUnsupportedAlgorithm);
    CHECK(verify_jwt("a.b", secret, now).error() == JwtError::kMalformedToken);
    CHECK(verify_jwt("a.b.c.d", secret, now).error() == JwtError::kMalformedToken);
    CHECK(verify_jwt(std::string(kMaxJwtBytes + 1, 'a'), secret, now).error() ==
          JwtError::kMalformedToken);
}

TEST_CASE("secret files: hex with optional 0x and whitespace; generated with mode 0600")
{
    const std::string hex(64, 'a');
    CHECK(parse_jwt_secret(hex)->bytes[0] == 0xaa);
    CHECK(parse_jwt_secret("0x" + hex + "\n")->bytes[31] == 0xaa);
    CHECK(parse_jwt_secret(hex.substr(2)).error() == JwtError::kSecretMalformed);
    CHECK(parse_jwt_secret(hex + "00").error() == JwtError::kSecretMalformed);
    CHECK(parse_jwt_secret(std::string(64, 'z')).error() == JwtError::kSecretMalformed);
    CHECK(read_jwt_secret(temp_path("missing")).error() == JwtError::kSecretUnreadable);

    const std::string path = temp_path("jwt.hex");
    std::filesystem::remove(path);
    const auto created = load_or_create_jwt_secret(path);
    REQUIRE(created);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const auto again = load_or_create_jwt_secret(path);
    REQUIRE(again);
    CHECK(*again == *created);
    const auto other_path = temp_path("jwt2.hex");
    std::filesystem::remove(other_path);
    CHECK(*load_or_create_jwt_secret(other_path) != *created);  // random, not fixed
    std::filesystem::remove(path);
    std::filesystem::remove(other_path);
}
