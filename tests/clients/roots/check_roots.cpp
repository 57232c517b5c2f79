// SPDX-License-Identifier: Apache-2.0
// blend-check-roots FILE: recomputes every vector generate.mjs wrote with @ethereumjs (ordered
// trie roots, withdrawals roots, headers of every shape with their RLP and hash, receipts with
// their encodings, blooms and roots) and compares. Prints `roots: passed P of T`; exits non-zero
// on any mismatch or on a malformed or truncated file.
//
// Grammar (one record per line, space-separated, bytes as 0x-hex, integers as 0x-quantities):
//   trie N ROOT                     followed by N lines `item BYTES`
//   withdrawals N ROOT              followed by N lines `withdrawal INDEX VALIDATOR ADDRESS GWEI`
//   header SHAPE HASH RLP           followed by `field NAME VALUE` lines and `end`
//   receipts N ROOT BLOCK_BLOOM     followed by N receipts:
//     receipt TYPE STATUS CUMGAS NLOGS BLOOM ENCODED, then NLOGS lines `log ADDRESS DATA TOPIC*`
//   done                            (last line; its absence means a truncated file)
#include "core/hex.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"
#include "core/types/header.hpp"
#include "core/types/receipt.hpp"
#include "core/types/withdrawal.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace blend;

namespace {

struct Tally {
    size_t passed = 0;
    size_t total = 0;
    size_t printed = 0;
};

std::map<std::string, Tally> g_tally;
bool g_malformed = false;

void check(const std::string& kind, bool ok, const std::string& what)
{
    Tally& t = g_tally[kind];
    ++t.total;
    if (ok) {
        ++t.passed;
        return;
    }
    if (t.printed++ < 10)
        std::printf("MISMATCH %s: %s\n", kind.c_str(), what.c_str());
}

void malformed(size_t line_no, const std::string& why)
{
    std::printf("MALFORMED line %zu: %s\n", line_no, why.c_str());
    g_malformed = true;
}

std::vector<std::string> split(const std::string& line)
{
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

// A 0x-quantity of any number of digits as big-endian bytes.
bool quantity_bytes(std::string text, Bytes& out)
{
    if (text.rfind("0x", 0) != 0)
        return false;
    text = text.substr(2);
    if (text.size() % 2 != 0)
        text = "0" + text;
    auto bytes = from_hex(text);
    if (!bytes)
        return false;
    out = std::move(*bytes);
    return true;
}

// A decimal count.
bool parse_count(const std::string& text, uint64_t& out)
{
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc{} && ptr == end;
}

bool parse_u64(const std::string& text, uint64_t& out)
{
    Bytes b;
    if (!quantity_bytes(text, b) || b.size() > 8)
        return false;
    out = 0;
    for (const uint8_t x : b)
        out = (out << 8) | x;
    return true;
}

bool parse_u256(const std::string& text, U256& out)
{
    Bytes b;
    if (!quantity_bytes(text, b) || b.size() > 32)
        return false;
    out = U256::from_be_bytes(b.data(), b.size());
    return true;
}

bool parse_bytes(const std::string& text, Bytes& out)
{
    auto b = from_hex(text);
    if (!b || text.rfind("0x", 0) != 0)
        return false;
    out = std::move(*b);
    return true;
}

template <size_t N>
bool parse_fixed(const std::string& text, FixedBytes<N>& out)
{
    auto b = fixed_from_hex<N>(text);
    if (!b)
        return false;
    out = *b;
    return true;
}

class Reader {
public:
    explicit Reader(std::istream& in) : in_(in) {}

    // The next non-comment line split into words; false at the end of the file.
    bool next(std::vector<std::string>& words)
    {
        std::string line;
        while (std::getline(in_, line)) {
            ++line_no_;
            if (line.empty() || line[0] == '#')
                continue;
            words = split(line);
            return true;
        }
        return false;
    }
    [[nodiscard]] size_t line_no() const { return line_no_; }

private:
    std::istream& in_;
    size_t line_no_ = 0;
};

bool set_header_field(Header& h, const std::string& name, const std::string& value)
{
    if (name == "parentHash")
        return parse_fixed(value, h.parent_hash);
    if (name == "ommersHash")
        return parse_fixed(value, h.ommers_hash);
    if (name == "coinbase")
        return parse_fixed(value, h.coinbase);
    if (name == "stateRoot")
        return parse_fixed(value, h.state_root);
    if (name == "transactionsRoot")
        return parse_fixed(value, h.transactions_root);
    if (name == "receiptsRoot")
        return parse_fixed(value, h.receipts_root);
    if (name == "logsBloom")
        return parse_fixed(value, h.logs_bloom);
    if (name == "difficulty")
        return parse_u256(value, h.difficulty);
    if (name == "number")
        return parse_u64(value, h.number);
    if (name == "gasLimit")
        return parse_u64(value, h.gas_limit);
    if (name == "gasUsed")
        return parse_u64(value, h.gas_used);
    if (name == "timestamp")
        return parse_u64(value, h.timestamp);
    if (name == "extraData")
        return parse_bytes(value, h.extra_data);
    if (name == "mixHash")
        return parse_fixed(value, h.mix_hash);
    if (name == "nonce")
        return parse_fixed(value, h.nonce);
    if (name == "baseFeePerGas") {
        U256 v;
        h.base_fee_per_gas = v;
        return parse_u256(value, *h.base_fee_per_gas);
    }
    if (name == "withdrawalsRoot") {
        h.withdrawals_root = Hash{};
        return parse_fixed(value, *h.withdrawals_root);
    }
    if (name == "blobGasUsed") {
        h.blob_gas_used = 0;
        return parse_u64(value, *h.blob_gas_used);
    }
    if (name == "excessBlobGas") {
        h.excess_blob_gas = 0;
        return parse_u64(value, *h.excess_blob_gas);
    }
    if (name == "parentBeaconBlockRoot") {
        h.parent_beacon_block_root = Hash{};
        return parse_fixed(value, *h.parent_beacon_block_root);
    }
    if (name == "requestsHash") {
        h.requests_hash = Hash{};
        return parse_fixed(value, *h.requests_hash);
    }
    return false;
}

size_t expected_fields(const std::string& shape)
{
    if (shape == "frontier")
        return kFrontierHeaderFields;
    if (shape == "london")
        return kLondonHeaderFields;
    if (shape == "shanghai")
        return kShanghaiHeaderFields;
    if (shape == "cancun")
        return kCancunHeaderFields;
    if (shape == "prague")
        return kPragueHeaderFields;
    return 0;
}

void check_trie(Reader& r, const std::vector<std::string>& head)
{
    uint64_t n = 0;
    Hash root;
    if (head.size() != 3 || !parse_count(head[1], n) || !parse_fixed(head[2], root)) {
        malformed(r.line_no(), "bad trie line");
        return;
    }
    std::vector<Bytes> items;
    std::vector<std::string> w;
    for (uint64_t i = 0; i < n; ++i) {
        Bytes item;
        if (!r.next(w) || w.size() != 2 || w[0] != "item" || !parse_bytes(w[1], item)) {
            malformed(r.line_no(), "expected `item BYTES`");
            return;
        }
        items.push_back(std::move(item));
    }
    const Hash got = ordered_trie_root(items);
    check(
        "ordered_root", got == root,
        "list of " + std::to_string(n) + ": ethereumjs " + to_hex(root) + ", blend " + to_hex(got));
}

void check_withdrawals(Reader& r, const std::vector<std::string>& head)
{
    Hash root;
    uint64_t n = 0;
    if (head.size() != 3 || !parse_count(head[1], n) || !parse_fixed(head[2], root)) {
        malformed(r.line_no(), "bad withdrawals line");
        return;
    }
    std::vector<Withdrawal> ws;
    std::vector<std::string> w;
    for (uint64_t i = 0; i < n; ++i) {
        Withdrawal x;
        if (!r.next(w) || w.size() != 5 || w[0] != "withdrawal" || !parse_u64(w[1], x.index) ||
            !parse_u64(w[2], x.validator_index) || !parse_fixed(w[3], x.address) ||
            !parse_u64(w[4], x.amount_gwei)) {
            malformed(r.line_no(), "expected `withdrawal INDEX VALIDATOR ADDRESS GWEI`");
            return;
        }
        const Bytes encoded = encode_withdrawal(x);
        BytesView in = encoded;
        const auto back = read_withdrawal(in);
        check("withdrawal_roundtrip", back && *back == x && in.empty(),
              "withdrawal " + std::to_string(i) + " does not round-trip");
        ws.push_back(x);
    }
    const Hash got = withdrawals_root(ws);
    check(
        "withdrawals_root", got == root,
        std::to_string(n) + " withdrawals: ethereumjs " + to_hex(root) + ", blend " + to_hex(got));
}

void check_header(Reader& r, const std::vector<std::string>& head)
{
    Hash hash;
    Bytes rlp;
    if (head.size() != 4 || expected_fields(head[1]) == 0 || !parse_fixed(head[2], hash) ||
        !parse_bytes(head[3], rlp)) {
        malformed(r.line_no(), "bad header line");
        return;
    }
    const std::string& shape = head[1];
    Header h;
    std::vector<std::string> w;
    size_t fields = 0;
    for (;;) {
        if (!r.next(w)) {
            malformed(r.line_no(), "header without `end`");
            return;
        }
        if (w.size() == 1 && w[0] == "end")
            break;
        if (w.size() != 3 || w[0] != "field" || !set_header_field(h, w[1], w[2])) {
            malformed(r.line_no(), "expected `field NAME VALUE`");
            return;
        }
        ++fields;
    }
    check("header_fields_" + shape, fields == expected_fields(shape),
          shape + " header with " + std::to_string(fields) + " fields");

    const auto encoded = encode_header(h);
    check("header_rlp_" + shape, encoded && *encoded == rlp,
          shape + " header " + to_hex(hash) + ": encoding differs" +
              (encoded ? "\n  blend " + to_hex(*encoded) + "\n  ejs   " + to_hex(rlp)
                       : std::string(" (") + to_string(encoded.error()) + ")"));
    const auto got_hash = block_hash(h);
    check("header_hash_" + shape, got_hash && *got_hash == hash,
          shape + " header hash: ethereumjs " + to_hex(hash) + ", blend " +
              (got_hash ? to_hex(*got_hash) : std::string(to_string(got_hash.error()))));
    const auto decoded = decode_header(rlp);
    check("header_decode_" + shape, decoded && *decoded == h,
          shape + " header " + to_hex(hash) + ": decoding the ethereumjs RLP " +
              (decoded ? "gives other fields" : std::string(to_string(decoded.error()))));
}

void check_receipts(Reader& r, const std::vector<std::string>& head)
{
    Hash root;
    Bloom block_bloom;
    uint64_t n = 0;
    if (head.size() != 4 || !parse_count(head[1], n) || !parse_fixed(head[2], root) ||
        !parse_fixed(head[3], block_bloom)) {
        malformed(r.line_no(), "bad receipts line");
        return;
    }
    std::vector<Receipt> receipts;
    std::vector<std::string> w;
    for (uint64_t i = 0; i < n; ++i) {
        Receipt rc;
        uint64_t type = 0;
        uint64_t nlogs = 0;
        Bloom bloom;
        Bytes encoded;
        if (!r.next(w) || w.size() != 7 || w[0] != "receipt") {
            malformed(r.line_no(), "expected `receipt ...`");
            return;
        }
        if (!parse_count(w[1], type) || type > 0x7f || (w[2] != "0" && w[2] != "1") ||
            !parse_count(w[4], nlogs) || !parse_u64(w[3], rc.cumulative_gas_used) ||
            !parse_fixed(w[5], bloom) || !parse_bytes(w[6], encoded)) {
            malformed(r.line_no(), "bad receipt fields");
            return;
        }
        rc.type = static_cast<uint8_t>(type);
        rc.status = w[2] == "1";
        for (uint64_t j = 0; j < nlogs; ++j) {
            Log log;
            if (!r.next(w) || w.size() < 3 || w[0] != "log" || !parse_fixed(w[1], log.address) ||
                !parse_bytes(w[2], log.data)) {
                malformed(r.line_no(), "expected `log ADDRESS DATA TOPIC*`");
                return;
            }
            for (size_t k = 3; k < w.size(); ++k) {
                Hash topic;
                if (!parse_fixed(w[k], topic)) {
                    malformed(r.line_no(), "bad topic");
                    return;
                }
                log.topics.push_back(topic);
            }
            rc.logs.push_back(std::move(log));
        }
        rc.logs_bloom = logs_bloom(rc.logs);
        check("receipt_bloom", rc.logs_bloom == bloom,
              "receipt " + std::to_string(i) + " bloom differs");
        rc.logs_bloom = bloom;
        check("receipt_encoding", encode_receipt(rc) == encoded,
              "receipt " + std::to_string(i) + " (type " + std::to_string(type) +
                  ") encoding differs");
        const auto decoded = decode_receipt(encoded);
        check("receipt_decode", decoded && *decoded == rc,
              "receipt " + std::to_string(i) + ": " +
                  (decoded ? "decodes to other fields" : to_string(decoded.error())));
        receipts.push_back(std::move(rc));
    }
    const Hash got = receipts_root(receipts);
    check("receipts_root", got == root,
          std::to_string(n) + " receipts: ethereumjs " + to_hex(root) + ", blend " + to_hex(got));
    check("block_bloom", block_logs_bloom(receipts) == block_bloom,
          std::to_string(n) + " receipts: block bloom differs");
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: blend-check-roots FILE (written by generate.mjs)\n");
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::fprintf(stderr, "blend-check-roots: cannot open %s\n", argv[1]);
        return 2;
    }
    Reader reader(file);
    std::vector<std::string> w;
    bool done = false;
    while (!g_malformed && reader.next(w)) {
        if (w.empty())
            continue;
        if (w[0] == "trie")
            check_trie(reader, w);
        else if (w[0] == "withdrawals")
            check_withdrawals(reader, w);
        else if (w[0] == "header")
            check_header(reader, w);
        else if (w[0] == "receipts")
            check_receipts(reader, w);
        else if (w[0] == "done" && w.size() == 1) {
            done = true;
            break;
        } else
            malformed(reader.line_no(), "unknown record `" + w[0] + "`");
    }
    if (!done && !g_malformed)
        malformed(reader.line_no(), "no `done` line: the file is truncated");

    size_t passed = 0;
    size_t total = 0;
    for (const auto& [kind, t] : g_tally) {
        std::printf("  %-24s %zu of %zu\n", kind.c_str(), t.passed, t.total);
        passed += t.passed;
        total += t.total;
    }
    std::printf("roots: passed %zu of %zu\n", passed, total);
    if (g_malformed || total == 0)
        return 1;
    return passed == total ? 0 : 1;
}
