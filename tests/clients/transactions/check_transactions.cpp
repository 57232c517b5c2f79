// SPDX-License-Identifier: Apache-2.0
// blend-check-transactions FILE: checks Blend's transaction code against a file written by
// generate.mjs (ethers v6). For every transaction: decode the raw bytes, compare every field,
// the signing hash, the hash, the sender and each authorization's authority with what ethers
// computed, re-encode to the same bytes (also through the block-body form), and sign the same
// fields with the same keys to the same signatures. Every blob transaction must be refused
// with kBlobTransactionNotSupported.
// Prints "transactions: passed P of T" and exits non-zero on any failure.
#include "core/hex.hpp"
#include "core/types/transaction.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace blend;
using Json = nlohmann::json;

namespace {

// Collects the mismatches of one transaction.
class Check {
public:
    void fail(const std::string& what) { failures_.push_back(what); }
    void expect(bool ok, const std::string& what)
    {
        if (!ok)
            fail(what);
    }
    [[nodiscard]] bool passed() const { return failures_.empty(); }
    [[nodiscard]] const std::vector<std::string>& failures() const { return failures_; }

private:
    std::vector<std::string> failures_;
};

Bytes hex_bytes(const Json& j)
{
    auto bytes = from_hex(j.get<std::string>());
    BLEND_ASSERT(bytes.has_value());
    return std::move(*bytes);
}

U256 hex_u256(const Json& j)
{
    const Bytes bytes = hex_bytes(j);
    BLEND_ASSERT(bytes.size() == 32);
    return U256::from_be_bytes(bytes.data(), bytes.size());
}

uint64_t dec_u64(const Json& j)
{
    const std::string text = j.get<std::string>();
    uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    BLEND_ASSERT(ec == std::errc{} && end == text.data() + text.size());
    return value;
}

Address hex_address(const Json& j)
{
    auto address = address_from_hex(j.get<std::string>());
    BLEND_ASSERT(address.has_value());
    return *address;
}

Hash hex_hash(const Json& j)
{
    auto hash = hash_from_hex(j.get<std::string>());
    BLEND_ASSERT(hash.has_value());
    return *hash;
}

crypto::PrivateKey private_key(const Json& j)
{
    auto bytes = fixed_from_hex<32>(j.get<std::string>());
    BLEND_ASSERT(bytes.has_value());
    return crypto::PrivateKey{*bytes};
}

TxType expected_type(const std::string& kind)
{
    if (kind == "legacy" || kind == "legacy-eip155")
        return TxType::kLegacy;
    if (kind == "eip2930")
        return TxType::kAccessList;
    if (kind == "eip1559")
        return TxType::kDynamicFee;
    BLEND_ASSERT(kind == "eip7702");
    return TxType::kSetCode;
}

void check_fields(const Json& j, const Transaction& tx, Check& check)
{
    const std::string kind = j["kind"].get<std::string>();
    check.expect(tx.type == expected_type(kind), "type");
    check.expect(static_cast<int>(tx.type) == j["type"].get<int>(), "type byte");
    if (j["chainId"].is_null())
        check.expect(!tx.chain_id.has_value(), "chain id present on a pre-EIP-155 tx");
    else
        check.expect(tx.chain_id == dec_u64(j["chainId"]), "chainId");
    check.expect(tx.nonce == dec_u64(j["nonce"]), "nonce");
    check.expect(tx.gas_limit == dec_u64(j["gasLimit"]), "gasLimit");
    check.expect(tx.gas_price == hex_u256(j["gasPrice"]), "gasPrice");
    check.expect(tx.max_priority_fee_per_gas == hex_u256(j["maxPriorityFeePerGas"]),
                 "maxPriorityFeePerGas");
    check.expect(tx.max_fee_per_gas == hex_u256(j["maxFeePerGas"]), "maxFeePerGas");
    if (j["to"].is_null())
        check.expect(!tx.to.has_value(), "to (expected creation)");
    else
        check.expect(tx.to == hex_address(j["to"]), "to");
    check.expect(tx.value == hex_u256(j["value"]), "value");
    check.expect(tx.data == hex_bytes(j["data"]), "data");

    const Json& access_list = j["accessList"];
    check.expect(tx.access_list.size() == access_list.size(), "accessList length");
    for (size_t i = 0; i < std::min(tx.access_list.size(), access_list.size()); ++i) {
        const AccessListEntry& entry = tx.access_list[i];
        check.expect(entry.address == hex_address(access_list[i]["address"]),
                     "accessList address " + std::to_string(i));
        const Json& keys = access_list[i]["storageKeys"];
        std::vector<Hash> expected;
        for (const Json& key : keys)
            expected.push_back(hex_hash(key));
        check.expect(entry.storage_keys == expected, "accessList keys " + std::to_string(i));
    }

    const Json& authorizations = j["authorizationList"];
    check.expect(tx.authorization_list.size() == authorizations.size(), "authorizationList length");
    for (size_t i = 0; i < std::min(tx.authorization_list.size(), authorizations.size()); ++i) {
        const Authorization& auth = tx.authorization_list[i];
        const Json& a = authorizations[i];
        const std::string at = " of authorization " + std::to_string(i);
        check.expect(auth.chain_id == hex_u256(a["chainId"]), "chainId" + at);
        check.expect(auth.address == hex_address(a["address"]), "address" + at);
        check.expect(auth.nonce == dec_u64(a["nonce"]), "nonce" + at);
        check.expect(auth.y_parity == a["yParity"].get<int>(), "yParity" + at);
        check.expect(auth.r == hex_u256(a["r"]), "r" + at);
        check.expect(auth.s == hex_u256(a["s"]), "s" + at);
        if (!a["privateKey"].is_null()) {
            // ethers and libsecp256k1 both take RFC 6979 nonces: the same key signs the same
            // tuple to the same (y_parity, r, s).
            Authorization unsigned_auth = auth;
            unsigned_auth.y_parity = 0;
            unsigned_auth.r = 0;
            unsigned_auth.s = 0;
            auto resigned = sign_authorization(unsigned_auth, private_key(a["privateKey"]));
            check.expect(resigned.has_value() && *resigned == auth, "re-signed" + at);
        }
        const auto authority = recover_authority(auth);
        if (a["authority"].is_null()) {
            check.expect(!authority.has_value(),
                         "authority recovered where ethers found none" + at);
        } else if (!authority.has_value()) {
            check.fail(std::string("authority not recovered (") + to_string(authority.error()) +
                       ")" + at);
        } else {
            check.expect(*authority == hex_address(a["authority"]), "authority" + at);
        }
    }

    check.expect(tx.y_parity == j["yParity"].get<int>(), "yParity");
    if (!j["v"].is_null())
        check.expect(tx.legacy_v() == dec_u64(j["v"]), "v");
    check.expect(tx.r == hex_u256(j["r"]), "r");
    check.expect(tx.s == hex_u256(j["s"]), "s");
}

Check check_transaction(const Json& j)
{
    Check check;
    const Bytes raw = hex_bytes(j["raw"]);
    auto decoded = decode_transaction(raw);
    if (!decoded) {
        check.fail(std::string("decode: ") + to_string(decoded.error()));
        return check;
    }
    const Transaction& tx = *decoded;
    check_fields(j, tx, check);
    check.expect(signing_hash(tx) == hex_hash(j["signingHash"]), "signing hash");
    check.expect(transaction_hash(tx) == hex_hash(j["hash"]), "transaction hash");
    auto sender = recover_sender(tx);
    if (!sender)
        check.fail(std::string("sender: ") + to_string(sender.error()));
    else
        check.expect(*sender == hex_address(j["from"]), "sender");
    check.expect(encode_transaction(tx) == raw, "re-encoding differs from the raw bytes");

    // Signing the same fields with the same key gives ethers' bytes (RFC 6979 on both sides).
    Transaction unsigned_tx = tx;
    unsigned_tx.y_parity = 0;
    unsigned_tx.r = 0;
    unsigned_tx.s = 0;
    auto resigned = sign_transaction(unsigned_tx, private_key(j["privateKey"]));
    check.expect(resigned.has_value() && encode_transaction(*resigned) == raw,
                 "signing with the same key gives other bytes");

    // Block-body form: the same transaction back, and nothing left over.
    Bytes body;
    encode_for_block_body(body, tx);
    BytesView in{body};
    auto from_body = decode_from_block_body(in);
    check.expect(from_body.has_value() && *from_body == tx && in.empty(), "block body round trip");
    return check;
}

Check check_blob_transaction(const Json& j)
{
    Check check;
    auto decoded = decode_transaction(hex_bytes(j["raw"]));
    if (decoded.has_value())
        check.fail("accepted an EIP-4844 transaction");
    else
        check.expect(decoded.error() == TxError::kBlobTransactionNotSupported,
                     std::string("refused with the wrong error: ") + to_string(decoded.error()));
    return check;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr,
                     "usage: %s FILE (written by tests/clients/transactions/generate.mjs)\n",
                     argv[0]);
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    Json doc;
    try {
        doc = Json::parse(file);
    } catch (const Json::exception& e) {
        std::fprintf(stderr, "%s: not valid JSON: %s\n", argv[1], e.what());
        return 2;
    }

    std::map<std::string, std::pair<size_t, size_t>> per_kind;  // kind -> (passed, total)
    size_t passed = 0;
    size_t total = 0;
    size_t reported = 0;
    size_t authorizations = 0;
    size_t without_authority = 0;
    size_t creations = 0;
    auto record = [&](const Json& j, const Check& check) {
        const std::string kind = j["kind"].get<std::string>();
        ++total;
        ++per_kind[kind].second;
        if (check.passed()) {
            ++passed;
            ++per_kind[kind].first;
            return;
        }
        if (reported++ < 20) {
            std::fprintf(stderr, "FAIL %s %s:\n", kind.c_str(),
                         j["hash"].get<std::string>().c_str());
            for (const std::string& what : check.failures())
                std::fprintf(stderr, "    %s\n", what.c_str());
        }
    };
    for (const Json& j : doc["transactions"]) {
        record(j, check_transaction(j));
        creations += j["to"].is_null() ? 1 : 0;
        for (const Json& a : j["authorizationList"]) {
            ++authorizations;
            without_authority += a["authority"].is_null() ? 1 : 0;
        }
    }
    for (const Json& j : doc["blobTransactions"])
        record(j, check_blob_transaction(j));

    std::printf("generator: %s, seed %s\n", doc["generator"].get<std::string>().c_str(),
                doc["seed"].get<std::string>().c_str());
    for (const auto& [kind, counts] : per_kind)
        std::printf("  %-16s passed %zu of %zu\n", kind.c_str(), counts.first, counts.second);
    std::printf(
        "  (%zu contract creations; %zu authorizations, %zu of them without a valid "
        "authority)\n",
        creations, authorizations, without_authority);
    std::printf("transactions: passed %zu of %zu\n", passed, total);
    return passed == total && total > 0 ? 0 : 1;
}
