// SPDX-License-Identifier: Apache-2.0
// Engine API authentication (execution-apis src/engine/authentication.md): HS256 JWTs signed
// with a 32-byte secret shared with the consensus client; `iat` within ±60 s of now.
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace blend::rpc {

/// The shared secret: 256 bits (authentication.md "Key distribution").
struct JwtSecret : FixedBytes<32> {};

enum class JwtError : uint8_t {
    kMissingToken = 1,      ///< no "Authorization: Bearer <token>" header
    kMalformedToken,        ///< not three base64url parts of JSON, or too long
    kUnsupportedAlgorithm,  ///< alg other than HS256 (alg "none" included: refused)
    kBadSignature,          ///< the HMAC does not match
    kMissingIssuedAt,       ///< no integer `iat` claim
    kStaleIssuedAt,         ///< `iat` more than kJwtMaxClockSkew away from now
    kSecretUnreadable,      ///< the secret file cannot be read
    kSecretMalformed,       ///< not 64 hex digits (optional 0x, trailing whitespace)
    kSecretWriteFailed,     ///< generating the secret file failed
};

[[nodiscard]] const char* to_string(JwtError e) noexcept;

/// Checks a compact JWS: header {"alg":"HS256"}, HMAC-SHA256 over "<header>.<payload>" with the
/// secret, and the `iat` claim (seconds) within kJwtMaxClockSkew of `now`. Other claims are
/// ignored (`id`, `clv` are optional).
[[nodiscard]] Result<void, JwtError> verify_jwt(std::string_view token,
                                                const JwtSecret& secret,
                                                std::chrono::system_clock::time_point now);

/// verify_jwt on the value of an Authorization header ("Bearer <token>").
[[nodiscard]] Result<void, JwtError> verify_bearer(std::string_view authorization,
                                                   const JwtSecret& secret,
                                                   std::chrono::system_clock::time_point now);

/// An HS256 token with the given `iat` (what a consensus client sends; tests and tools).
[[nodiscard]] std::string make_jwt(const JwtSecret& secret, int64_t issued_at);

/// Parses the secret file's text: 64 hex digits, optional "0x", surrounding whitespace.
[[nodiscard]] Result<JwtSecret, JwtError> parse_jwt_secret(std::string_view text);
/// Reads the secret from `path`.
[[nodiscard]] Result<JwtSecret, JwtError> read_jwt_secret(const std::string& path);
/// Reads `path` if it exists; otherwise generates a random secret (OpenSSL RAND_bytes) and
/// writes it there as hex, created with mode 0600 so that only the node's user can read it.
[[nodiscard]] Result<JwtSecret, JwtError> load_or_create_jwt_secret(const std::string& path);

}  // namespace blend::rpc
