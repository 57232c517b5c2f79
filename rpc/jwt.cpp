// SPDX-License-Identifier: Apache-2.0
#include "rpc/jwt.hpp"

#include "core/hex.hpp"
#include "rpc/limits.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace blend::rpc {

namespace {

constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The secret file is 64 hex digits plus an optional prefix and whitespace; anything longer
/// than this is not a secret file.
constexpr size_t kMaxSecretFileBytes = 1024;

std::string base64url_encode(BytesView input)
{
    std::string out;
    size_t i = 0;
    for (; i + 3 <= input.size(); i += 3) {
        const uint32_t v =
            (uint32_t{input[i]} << 16) | (uint32_t{input[i + 1]} << 8) | input[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6)
            out += kBase64UrlAlphabet[(v >> shift) & 63];
    }
    const size_t rest = input.size() - i;
    if (rest == 1) {
        const uint32_t v = uint32_t{input[i]} << 16;
        out += kBase64UrlAlphabet[(v >> 18) & 63];
        out += kBase64UrlAlphabet[(v >> 12) & 63];
    } else if (rest == 2) {
        const uint32_t v = (uint32_t{input[i]} << 16) | (uint32_t{input[i + 1]} << 8);
        out += kBase64UrlAlphabet[(v >> 18) & 63];
        out += kBase64UrlAlphabet[(v >> 12) & 63];
        out += kBase64UrlAlphabet[(v >> 6) & 63];
    }
    return out;  // RFC 7515 §2: base64url without padding
}

std::optional<Bytes> base64url_decode(std::string_view input)
{
    if (input.size() % 4 == 1)
        return std::nullopt;
    Bytes out;
    uint32_t buffer = 0;
    int bits = 0;
    for (const char c : input) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            return std::nullopt;  // padding and the '+' '/' alphabet are not base64url
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<uint8_t>(buffer >> bits));
        }
    }
    return out;
}

Bytes hmac_sha256(const JwtSecret& secret, std::string_view message)
{
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(),
         &length);
    out.resize(length);
    return out;
}

BytesView as_bytes(std::string_view s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

const char* to_string(JwtError e) noexcept
{
    switch (e) {
    case JwtError::kMissingToken:
        return "missing token";
    case JwtError::kMalformedToken:
        return "malformed token";
    case JwtError::kUnsupportedAlgorithm:
        return "unsupported signing algorithm (HS256 only)";
    case JwtError::kBadSignature:
        return "signature invalid";
    case JwtError::kMissingIssuedAt:
        return "missing issued-at claim";
    case JwtError::kStaleIssuedAt:
        return "invalid issued-at claim (more than 60 s from now)";
    case JwtError::kSecretUnreadable:
        return "jwt secret file unreadable";
    case JwtError::kSecretMalformed:
        return "jwt secret is not 32 bytes of hex";
    case JwtError::kSecretWriteFailed:
        return "cannot write the jwt secret file";
    }
    return "jwt error";
}

Result<void, JwtError> verify_jwt(std::string_view token,
                                  const JwtSecret& secret,
                                  std::chrono::system_clock::time_point now)
{
    if (token.empty())
        return Unexpected{JwtError::kMissingToken};
    if (token.size() > kMaxJwtBytes)
        return Unexpected{JwtError::kMalformedToken};
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return Unexpected{JwtError::kMalformedToken};
    const auto header_raw = base64url_decode(token.substr(0, first));
    const auto payload_raw = base64url_decode(token.substr(first + 1, second - first - 1));
    const auto signature = base64url_decode(token.substr(second + 1));
    if (!header_raw || !payload_raw || !signature)
        return Unexpected{JwtError::kMalformedToken};
    const auto header =
        nlohmann::json::parse(header_raw->begin(), header_raw->end(), nullptr, false);
    const auto payload =
        nlohmann::json::parse(payload_raw->begin(), payload_raw->end(), nullptr, false);
    if (!header.is_object() || !payload.is_object())
        return Unexpected{JwtError::kMalformedToken};
    // authentication.md: HS256 is the one algorithm; "none" must be refused.
    const auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string() || *alg != "HS256")
        return Unexpected{JwtError::kUnsupportedAlgorithm};
    const Bytes expected = hmac_sha256(secret, token.substr(0, second));
    if (signature->size() != expected.size() ||
        CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0)
        return Unexpected{JwtError::kBadSignature};
    const auto iat = payload.find("iat");
    if (iat == payload.end() || !iat->is_number_integer())
        return Unexpected{JwtError::kMissingIssuedAt};
    const int64_t issued = iat->get<int64_t>();
    const int64_t now_s =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const int64_t skew = kJwtMaxClockSkew.count();
    if (issued > now_s + skew || issued < now_s - skew)
        return Unexpected{JwtError::kStaleIssuedAt};
    return {};
}

Result<void, JwtError> verify_bearer(std::string_view authorization,
                                     const JwtSecret& secret,
                                     std::chrono::system_clock::time_point now)
{
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() ||
        authorization.substr(0, kBearer.size()) != kBearer)
        return Unexpected{JwtError::kMissingToken};
    return verify_jwt(authorization.substr(kBearer.size()), secret, now);
}

std::string make_jwt(const JwtSecret& secret, int64_t issued_at)
{
    const std::string header = R"({"alg":"HS256","typ":"JWT"})";
    const std::string payload = R"({"iat":)" + std::to_string(issued_at) + "}";
    std::string signing_input =
        base64url_encode(as_bytes(header)) + "." + base64url_encode(as_bytes(payload));
    const Bytes signature = hmac_sha256(secret, signing_input);
    return signing_input + "." + base64url_encode(signature);
}

Result<JwtSecret, JwtError> parse_jwt_secret(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text.remove_prefix(2);
    if (text.size() != 64)
        return Unexpected{JwtError::kSecretMalformed};
    auto bytes = from_hex(text);
    if (!bytes)
        return Unexpected{JwtError::kSecretMalformed};
    return JwtSecret{FixedBytes<32>::from_view(*bytes)};
}

Result<JwtSecret, JwtError> read_jwt_secret(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Unexpected{JwtError::kSecretUnreadable};
    std::string text(kMaxSecretFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxSecretFileBytes)
        return Unexpected{JwtError::kSecretMalformed};
    return parse_jwt_secret(text);
}

Result<JwtSecret, JwtError> load_or_create_jwt_secret(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0)
        return read_jwt_secret(path);
    JwtSecret secret;
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
        return Unexpected{JwtError::kSecretWriteFailed};
    // O_EXCL: never overwrite a file that appeared meanwhile; 0600: the secret is a password.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return Unexpected{JwtError::kSecretWriteFailed};
    const std::string text = to_hex(secret.view(), /*with_prefix=*/true) + "\n";
    size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            return Unexpected{JwtError::kSecretWriteFailed};
        }
        written += static_cast<size_t>(n);
    }
    const bool ok = ::fsync(fd) == 0;
    if (::close(fd) != 0 || !ok)
        return Unexpected{JwtError::kSecretWriteFailed};
    return secret;
}

}  // namespace blend::rpc
