// SPDX-License-Identifier: Apache-2.0
// blend-check-state-transactions DIR: every transaction of the Ethereum GeneralStateTests
// (ethereum/tests, filled by geth and evmone; DIR = <conformance>/ethereum-state/
// GeneralStateTests) through Blend's transaction code. For each `Cancun` post entry: decode
// `txbytes`, compare the fields with the test's transaction matrix at the entry's indexes,
// recover the sender the test names, re-encode to the same bytes and re-sign with the test's
// secret key to the same bytes. Type 3 (EIP-4844) must be refused with
// kBlobTransactionNotSupported; an entry whose expected exception is an RLP one must not decode.
// Prints "state test transactions: passed P of T" and exits non-zero on any failure.
#include "core/hex.hpp"
#include "core/types/transaction.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace blend;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A quantity of the test format: "0x..." with any number of digits (leading zeros allowed).
// nullopt when it does not fit 256 bits or uses the filler's ":bigint" notation, which the
// fillers use for values no valid transaction can carry.
std::optional<U256> quantity(const Json& j)
{
    std::string text = j.get<std::string>();
    if (text.rfind("0x", 0) != 0 || text.find(':') != std::string::npos)
        return std::nullopt;
    text = text.substr(2);
    if (text.size() % 2 != 0)
        text.insert(text.begin(), '0');
    auto bytes = from_hex(text);
    if (!bytes)
        return std::nullopt;
    size_t first = 0;
    while (first < bytes->size() && (*bytes)[first] == 0)
        ++first;
    if (bytes->size() - first > 32)
        return std::nullopt;
    return U256::from_be_bytes(bytes->data() + first, bytes->size() - first);
}

std::optional<uint64_t> quantity64(const Json& j)
{
    const auto value = quantity(j);
    if (!value || value->words[1] != 0 || value->words[2] != 0 || value->words[3] != 0)
        return std::nullopt;
    return value->words[0];
}

Bytes hex_bytes(const Json& j)
{
    auto bytes = from_hex(j.get<std::string>());
    BLEND_ASSERT(bytes.has_value());
    return std::move(*bytes);
}

struct Outcome {
    std::string kind;
    std::vector<std::string> failures;
};

void expect(Outcome& out, bool ok, const std::string& what)
{
    if (!ok)
        out.failures.push_back(what);
}

AccessList access_list_from(const Json& j)
{
    AccessList out;
    if (j.is_null())
        return out;
    for (const Json& entry : j) {
        AccessListEntry item;
        item.address = *address_from_hex(entry["address"].get<std::string>());
        for (const Json& key : entry["storageKeys"])
            item.storage_keys.push_back(*hash_from_hex(key.get<std::string>()));
        out.push_back(std::move(item));
    }
    return out;
}

// The type the test means for one data index. A null entry of `accessLists` means "no access
// list", which the fillers write as a legacy transaction when the fee is a gasPrice.
TxType matrix_type(const Json& t, size_t data_index)
{
    if (t.contains("blobVersionedHashes"))
        return TxType::kBlob;
    if (t.contains("maxFeePerGas"))
        return TxType::kDynamicFee;
    if (t.contains("accessLists") && !t["accessLists"][data_index].is_null())
        return TxType::kAccessList;
    return TxType::kLegacy;
}

Outcome check_entry(const Json& t, const Json& post)
{
    Outcome out;
    const Bytes raw = hex_bytes(post["txbytes"]);
    const std::string exception = post.value("expectException", "");
    const Json& indexes = post["indexes"];
    const auto data_index = indexes["data"].get<size_t>();
    const TxType type = matrix_type(t, data_index);
    static const char* const kNames[] = {"legacy", "eip2930", "eip1559", "eip4844", "eip7702"};
    out.kind = kNames[static_cast<int>(type)];

    auto decoded = decode_transaction(raw);
    if (type == TxType::kBlob) {
        expect(out, !decoded && decoded.error() == TxError::kBlobTransactionNotSupported,
               "blob transaction not refused with kBlobTransactionNotSupported");
        return out;
    }
    if (exception.find("RLP") != std::string::npos) {
        out.kind += " (malformed)";
        expect(out, !decoded.has_value(), "decoded a transaction the test says is malformed");
        return out;
    }
    if (!decoded) {
        out.failures.push_back(std::string("decode: ") + to_string(decoded.error()));
        return out;
    }
    const Transaction& tx = *decoded;
    expect(out, tx.type == type, "type");
    expect(out, tx.nonce == quantity64(t["nonce"]), "nonce");
    expect(out, tx.gas_limit == quantity64(t["gasLimit"][indexes["gas"].get<size_t>()]),
           "gasLimit");
    expect(out, tx.value == quantity(t["value"][indexes["value"].get<size_t>()]), "value");
    expect(out, tx.data == hex_bytes(t["data"][data_index]), "data");
    const std::string to = t["to"].get<std::string>();
    if (to.empty())
        expect(out, !tx.to.has_value(), "to (creation)");
    else
        expect(out, tx.to == *address_from_hex(to), "to");
    if (type == TxType::kDynamicFee) {
        expect(out, tx.max_fee_per_gas == quantity(t["maxFeePerGas"]), "maxFeePerGas");
        expect(out, tx.max_priority_fee_per_gas == quantity(t["maxPriorityFeePerGas"]),
               "maxPriorityFeePerGas");
    } else {
        expect(out, tx.gas_price == quantity(t["gasPrice"]), "gasPrice");
    }
    if (t.contains("accessLists"))
        expect(out, tx.access_list == access_list_from(t["accessLists"][data_index]), "accessList");

    auto sender = recover_sender(tx);
    if (!sender)
        out.failures.push_back(std::string("sender: ") + to_string(sender.error()));
    else
        expect(out, *sender == *address_from_hex(t["sender"].get<std::string>()), "sender");
    expect(out, encode_transaction(tx) == raw, "re-encoding differs");

    Transaction unsigned_tx = tx;
    unsigned_tx.y_parity = 0;
    unsigned_tx.r = 0;
    unsigned_tx.s = 0;
    auto key = fixed_from_hex<32>(t["secretKey"].get<std::string>());
    BLEND_ASSERT(key.has_value());
    auto resigned = sign_transaction(unsigned_tx, crypto::PrivateKey{*key});
    expect(out, resigned.has_value() && encode_transaction(*resigned) == raw,
           "re-signing with secretKey gives other bytes");
    return out;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <conformance>/ethereum-state/GeneralStateTests\n", argv[0]);
        return 2;
    }
    const fs::path root = argv[1];
    if (!fs::is_directory(root)) {
        std::fprintf(stderr,
                     "state test transactions: %s is absent; the GeneralStateTests are needed "
                     "(see BLEND_CONFORMANCE_DIR and /work/shared/conformance/ethereum-state)\n",
                     root.c_str());
        return 2;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());

    std::map<std::string, std::pair<size_t, size_t>> per_kind;  // kind -> (passed, total)
    size_t passed = 0;
    size_t total = 0;
    size_t reported = 0;
    for (const fs::path& path : files) {
        std::ifstream file(path);
        Json doc;
        try {
            doc = Json::parse(file);
        } catch (const Json::exception& e) {
            std::fprintf(stderr, "%s: not valid JSON: %s\n", path.c_str(), e.what());
            return 2;
        }
        for (const auto& [name, test] : doc.items()) {
            if (!test.contains("post") || !test["post"].contains("Cancun"))
                continue;
            size_t index = 0;
            for (const Json& post : test["post"]["Cancun"]) {
                const Outcome outcome = check_entry(test["transaction"], post);
                ++total;
                ++per_kind[outcome.kind].second;
                if (outcome.failures.empty()) {
                    ++passed;
                    ++per_kind[outcome.kind].first;
                } else if (reported++ < 20) {
                    std::fprintf(stderr, "FAIL %s %s [%zu]:\n", path.c_str(), name.c_str(), index);
                    for (const std::string& what : outcome.failures)
                        std::fprintf(stderr, "    %s\n", what.c_str());
                }
                ++index;
            }
        }
    }
    std::printf("%zu files under %s\n", files.size(), root.c_str());
    for (const auto& [kind, counts] : per_kind)
        std::printf("  %-20s passed %zu of %zu\n", kind.c_str(), counts.first, counts.second);
    std::printf("state test transactions: passed %zu of %zu\n", passed, total);
    return passed == total && total > 0 ? 0 : 1;
}
