// SPDX-License-Identifier: Apache-2.0
#include "core/types/receipt.hpp"

#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace blend;

namespace {

Bytes str(const std::string& s)
{
    return {s.begin(), s.end()};
}

size_t bits_set(const Bloom& bloom)
{
    size_t n = 0;
    for (const uint8_t b : bloom.bytes)
        n += static_cast<size_t>(__builtin_popcount(b));
    return n;
}

Log sample_log(uint8_t seed, size_t topics)
{
    Log log;
    log.address[19] = seed;
    log.address[0] = 0xaa;
    for (size_t i = 0; i < topics; ++i) {
        Hash t;
        t[31] = static_cast<uint8_t>(seed + i);
        log.topics.push_back(t);
    }
    log.data = Bytes(seed % 70, seed);
    return log;
}

Receipt sample_receipt(uint8_t type)
{
    Receipt r;
    r.type = type;
    r.status = true;
    r.cumulative_gas_used = 0x1234567;
    r.logs = {sample_log(1, 0), sample_log(2, 4), sample_log(60, 2)};
    return with_computed_bloom(std::move(r));
}

ReceiptError decode_error(const Bytes& encoded)
{
    const auto r = decode_receipt(encoded);
    REQUIRE_FALSE(r);
    return r.error();
}

Bytes rlp_string(const Bytes& payload)
{
    Bytes out;
    rlp::encode_string(out, payload);
    return out;
}

// A receipt list from raw field encodings, optionally with a type byte.
Bytes receipt_of(const std::vector<Bytes>& fields, uint8_t type = 0)
{
    Bytes payload;
    for (const Bytes& f : fields)
        payload.insert(payload.end(), f.begin(), f.end());
    Bytes out;
    if (type != 0)
        out.push_back(type);
    rlp::encode_list(out, payload);
    return out;
}

Bytes zero_bloom_field()
{
    return rlp_string(Bytes(256, 0));
}

}  // namespace

TEST_CASE("bloom bits follow Yellow Paper §4.3.1, checked by hand from keccak vectors")
{
    // keccak256("") = c5d2 4601 86f7 ...: bits 0x5d2 = 1490, 0x601 = 1537, 0x6f7 = 1783,
    // counted from the low end: byte 255 - bit/8, mask 1 << (bit % 8).
    Bloom empty_item;
    bloom_add(empty_item, {});
    Bloom expected;
    expected[255 - 1490 / 8] = 1 << (1490 % 8);  // byte 69, 0x04
    expected[255 - 1537 / 8] = 1 << (1537 % 8);  // byte 63, 0x02
    expected[255 - 1783 / 8] = 1 << (1783 % 8);  // byte 33, 0x80
    CHECK(empty_item == expected);

    // keccak256("abc") = 4e03 657a ea45 ...: bits 0x603 = 1539, 0x57a = 1402, 0x245 = 581.
    Bloom abc;
    bloom_add(abc, str("abc"));
    Bloom expected_abc;
    expected_abc[63] = 0x08;
    expected_abc[80] = 0x04;
    expected_abc[183] = 0x20;
    CHECK(abc == expected_abc);

    CHECK(bloom_may_contain(abc, str("abc")));
    CHECK_FALSE(bloom_may_contain(abc, {}));
    Bloom both = abc;
    bloom_or(both, empty_item);
    CHECK(bits_set(both) == 6);
    CHECK(bloom_may_contain(both, str("abc")));
    CHECK(bloom_may_contain(both, {}));
}

TEST_CASE("a log's bloom covers its address and topics but not its data")
{
    const Log log = sample_log(7, 3);
    const Bloom bloom = logs_bloom(std::vector<Log>{log});
    CHECK(bloom_may_contain(bloom, log.address.view()));
    for (const Hash& t : log.topics)
        CHECK(bloom_may_contain(bloom, t.view()));
    Bloom manual;
    bloom_add(manual, log.address.view());
    for (const Hash& t : log.topics)
        bloom_add(manual, t.view());
    CHECK(bloom == manual);
    Log other_data = log;
    other_data.data = str("different");
    CHECK(logs_bloom(std::vector<Log>{other_data}) == bloom);
    CHECK(logs_bloom({}) == Bloom{});
}

TEST_CASE("a block's bloom is the OR of its receipts' blooms")
{
    const std::vector<Receipt> receipts = {sample_receipt(0), sample_receipt(2)};
    Receipt third;
    third.logs = {sample_log(99, 1)};
    third = with_computed_bloom(third);
    const std::vector<Receipt> all = {receipts[0], receipts[1], third};
    const Bloom block = block_logs_bloom(all);
    for (const Receipt& r : all)
        for (size_t i = 0; i < Bloom::kSize; ++i)
            CHECK((block[i] & r.logs_bloom[i]) == r.logs_bloom[i]);
    std::vector<Log> every_log;
    for (const Receipt& r : all)
        every_log.insert(every_log.end(), r.logs.begin(), r.logs.end());
    CHECK(block == logs_bloom(every_log));
}

TEST_CASE("receipts encode as in the receipts trie")
{
    Receipt r;
    r.status = true;
    r.cumulative_gas_used = 21000;
    // rlp([0x01, 0x825208, 0xb90100 ‖ 256 zero bytes, 0xc0]): payload 1 + 3 + 259 + 1 = 264.
    const std::string legacy =
        "0xf90108"
        "01"
        "825208"
        "b90100" +
        std::string(512, '0') + "c0";
    CHECK(to_hex(encode_receipt(r)) == legacy);
    r.type = 2;
    CHECK(to_hex(encode_receipt(r)) == "0x02" + legacy.substr(2));
    r.status = false;  // EIP-658: failure is the integer 0, the empty string 0x80
    CHECK(to_hex(encode_receipt(r)) ==
          "0x02f90108"
          "80" +
              legacy.substr(10));

    // One log: rlp([address, [topic], data]).
    Log log;
    log.address[19] = 0x01;
    log.topics.push_back(Hash{});
    log.data = {0xff};
    Bytes encoded;
    encode_log(encoded, log);
    // address 0x94 ‖ 20 bytes (21), topics 0xe1 0xa0 ‖ 32 bytes (34), data 0x81ff (2): 57.
    CHECK(to_hex(encoded) ==
          "0xf839"
          "94" +
              std::string(38, '0') +
              "01"
              "e1a0" +
              std::string(64, '0') + "81ff");
}

TEST_CASE("receipts of every type round-trip")
{
    for (uint8_t type = 0; type <= kMaxReceiptType; ++type) {
        const Receipt r = sample_receipt(type);
        const Bytes encoded = encode_receipt(r);
        CHECK((type == 0 ? encoded[0] >= 0xc0 : encoded[0] == type));
        const auto decoded = decode_receipt(encoded);
        REQUIRE(decoded);
        CHECK(*decoded == r);
    }
    Receipt no_logs;
    no_logs.cumulative_gas_used = UINT64_MAX;
    const auto decoded = decode_receipt(encode_receipt(no_logs));
    REQUIRE(decoded);
    CHECK(*decoded == no_logs);
}

TEST_CASE("the receipts root is the ordered root of the envelopes")
{
    const std::vector<Receipt> receipts = {sample_receipt(0), sample_receipt(2), sample_receipt(4)};
    std::vector<Bytes> envelopes;
    for (const Receipt& r : receipts)
        envelopes.push_back(encode_receipt(r));
    CHECK(receipts_root(receipts) == ordered_trie_root(envelopes));
    CHECK(receipts_root({}) == kEmptyTrieRoot);
    // Order matters: swapping two receipts changes the root.
    const std::vector<Receipt> swapped = {receipts[1], receipts[0], receipts[2]};
    CHECK(receipts_root(swapped) != receipts_root(receipts));
}

TEST_CASE("decoding rejects every malformed receipt")
{
    const Bytes status1 = {0x01};
    Bytes gas;
    rlp::encode_uint64(gas, 21000);
    const Bytes no_logs = rlp::wrap_list({});

    SECTION("empty input and unknown types")
    {
        CHECK(decode_error({}) == ReceiptError::kEmptyInput);
        const Bytes body = receipt_of({status1, gas, zero_bloom_field(), no_logs});
        for (const uint8_t type : {0x00, 0x05, 0x7e, 0x7f, 0x80, 0xbf}) {
            Bytes typed = {type};
            typed.insert(typed.end(), body.begin(), body.end());
            INFO("type " << int(type));
            CHECK(decode_error(typed) == ReceiptError::kUnsupportedType);
        }
        CHECK(decode_receipt(body));
    }
    SECTION("truncated and trailing bytes")
    {
        const Bytes good = encode_receipt(sample_receipt(2));
        CHECK(decode_error(Bytes(good.begin(), good.end() - 1)) == ReceiptError::kMalformedRlp);
        CHECK(decode_error(Bytes{0x02}) == ReceiptError::kMalformedRlp);
        Bytes extra = good;
        extra.push_back(0x80);
        CHECK(decode_error(extra) == ReceiptError::kTrailingBytes);
    }
    SECTION("wrong number of fields")
    {
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field()})) ==
              ReceiptError::kWrongFieldCount);
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field(), no_logs, gas})) ==
              ReceiptError::kWrongFieldCount);
        // A log with two fields.
        Bytes log_payload;
        rlp::encode_address(log_payload, Address{});
        rlp::encode_list(log_payload, {});
        const Bytes logs = rlp::wrap_list(rlp::wrap_list(log_payload));
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field(), logs}, 2)) ==
              ReceiptError::kWrongFieldCount);
    }
    SECTION("status other than 0 or 1")
    {
        // A pre-Byzantium intermediate state root, 0x02, and a zero byte.
        for (const Bytes& status :
             {rlp_string(Bytes(32, 0x11)), Bytes{0x02}, Bytes{0x00}, rlp_string({0x01, 0x00})}) {
            CHECK(decode_error(receipt_of({status, gas, zero_bloom_field(), no_logs})) ==
                  ReceiptError::kInvalidStatus);
        }
        CHECK(decode_error(receipt_of({no_logs, gas, zero_bloom_field(), no_logs})) ==
              ReceiptError::kUnexpectedList);
        CHECK(decode_receipt(receipt_of({Bytes{0x80}, gas, zero_bloom_field(), no_logs})));
    }
    SECTION("cumulative gas with a leading zero or wider than 64 bits")
    {
        CHECK(decode_error(receipt_of({status1, rlp_string({0x00, 0x52}), zero_bloom_field(),
                                       no_logs})) == ReceiptError::kLeadingZero);
        CHECK(decode_error(receipt_of({status1, rlp_string(Bytes(9, 1)), zero_bloom_field(),
                                       no_logs})) == ReceiptError::kOverflow);
    }
    SECTION("bloom, address and topics of the wrong size")
    {
        CHECK(decode_error(receipt_of({status1, gas, rlp_string(Bytes(255, 0)), no_logs})) ==
              ReceiptError::kWrongLength);
        Bytes log_payload;
        rlp::encode_string(log_payload, Bytes(19, 1));  // address of 19 bytes
        rlp::encode_list(log_payload, {});
        rlp::encode_string(log_payload, {});
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field(),
                                       rlp::wrap_list(rlp::wrap_list(log_payload))})) ==
              ReceiptError::kWrongLength);

        Bytes topics;
        rlp::encode_string(topics, Bytes(31, 1));  // a 31-byte topic
        Bytes log2;
        rlp::encode_address(log2, Address{});
        rlp::encode_list(log2, topics);
        rlp::encode_string(log2, {});
        CHECK(decode_error(receipt_of(
                  {status1, gas, zero_bloom_field(), rlp::wrap_list(rlp::wrap_list(log2))})) ==
              ReceiptError::kWrongLength);
    }
    SECTION("logs and topics of the wrong kind")
    {
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field(), rlp_string({})})) ==
              ReceiptError::kUnexpectedString);
        // A log whose data is a list.
        Bytes log_payload;
        rlp::encode_address(log_payload, Address{});
        rlp::encode_list(log_payload, {});
        rlp::encode_list(log_payload, {});
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field(),
                                       rlp::wrap_list(rlp::wrap_list(log_payload))})) ==
              ReceiptError::kUnexpectedList);
    }
    SECTION("more than four topics")
    {
        Log log = sample_log(3, 4);
        Receipt r;
        r.logs = {log};
        r = with_computed_bloom(r);
        REQUIRE(decode_receipt(encode_receipt(r)));
        // Encode five topics by hand (the encoder refuses them).
        Bytes topics;
        for (int i = 0; i < 5; ++i)
            rlp::encode_hash(topics, Hash{});
        Bytes log_payload;
        rlp::encode_address(log_payload, Address{});
        rlp::encode_list(log_payload, topics);
        rlp::encode_string(log_payload, {});
        CHECK(decode_error(receipt_of({status1, gas, zero_bloom_field(),
                                       rlp::wrap_list(rlp::wrap_list(log_payload))})) ==
              ReceiptError::kTooManyTopics);
    }
    SECTION("a bloom that does not match the logs")
    {
        Receipt r = sample_receipt(2);
        r.logs_bloom = Bloom{};
        CHECK(decode_error(encode_receipt(r)) == ReceiptError::kBloomMismatch);
        r = sample_receipt(0);
        r.logs.pop_back();  // the bloom still has the removed log's bits
        CHECK(decode_error(encode_receipt(r)) == ReceiptError::kBloomMismatch);
    }
}
