// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"
#include "core/types/bloom.hpp"
#include "core/types/receipt.hpp"

namespace blend {

const char* to_string(ReceiptError e) noexcept
{
    switch (e) {
    case ReceiptError::kEmptyInput:
        return "receipt: empty input";
    case ReceiptError::kUnsupportedType:
        return "receipt: unsupported type";
    case ReceiptError::kMalformedRlp:
        return "receipt: malformed rlp";
    case ReceiptError::kTrailingBytes:
        return "receipt: trailing bytes";
    case ReceiptError::kUnexpectedList:
        return "receipt: expected string, got list";
    case ReceiptError::kUnexpectedString:
        return "receipt: expected list, got string";
    case ReceiptError::kWrongFieldCount:
        return "receipt: wrong number of fields";
    case ReceiptError::kInvalidStatus:
        return "receipt: status is not 0 or 1";
    case ReceiptError::kLeadingZero:
        return "receipt: integer with leading zero bytes";
    case ReceiptError::kOverflow:
        return "receipt: integer too large";
    case ReceiptError::kWrongLength:
        return "receipt: field has wrong length";
    case ReceiptError::kTooManyTopics:
        return "receipt: log has more than 4 topics";
    case ReceiptError::kBloomMismatch:
        return "receipt: bloom does not match logs";
    }
    return "receipt: unknown error";
}

namespace {

ReceiptError from_rlp(rlp::DecodeError e) noexcept
{
    switch (e) {
    case rlp::DecodeError::kTrailingBytes:
        return ReceiptError::kTrailingBytes;
    case rlp::DecodeError::kLeadingZero:
        return ReceiptError::kLeadingZero;
    case rlp::DecodeError::kOverflow:
        return ReceiptError::kOverflow;
    case rlp::DecodeError::kUnexpectedList:
        return ReceiptError::kUnexpectedList;
    case rlp::DecodeError::kUnexpectedString:
        return ReceiptError::kUnexpectedString;
    case rlp::DecodeError::kWrongLength:
        return ReceiptError::kWrongLength;
    case rlp::DecodeError::kInputTooShort:
    case rlp::DecodeError::kNonCanonicalSize:
    case rlp::DecodeError::kNonCanonicalByte:
        break;
    }
    return ReceiptError::kMalformedRlp;
}

// Adapts an rlp reader's result to ReceiptError.
template <typename T>
Result<T, ReceiptError> lift(rlp::DecodeResult<T> r)
{
    if (!r)
        return Unexpected{from_rlp(r.error())};
    return std::move(*r);
}

Result<void, ReceiptError> lift(Result<void, rlp::DecodeError> r)
{
    if (!r)
        return Unexpected{from_rlp(r.error())};
    return {};
}

// Counts the items of a list payload (each must be well-formed).
Result<size_t, ReceiptError> count_items(BytesView payload)
{
    size_t n = 0;
    while (!payload.empty()) {
        BLEND_TRY_VOID(lift(rlp::read_item(payload)));
        ++n;
    }
    return n;
}

Result<Log, ReceiptError> decode_log(BytesView& in)
{
    BLEND_TRY(BytesView fields, lift(rlp::read_list(in)));
    BLEND_TRY(const size_t count, count_items(fields));
    if (count != 3)
        return Unexpected{ReceiptError::kWrongFieldCount};
    Log log;
    BLEND_TRY(log.address, lift(rlp::read_address(fields)));
    BLEND_TRY(BytesView topics, lift(rlp::read_list(fields)));
    while (!topics.empty()) {
        if (log.topics.size() == kMaxLogTopics)
            return Unexpected{ReceiptError::kTooManyTopics};
        BLEND_TRY(const Hash topic, lift(rlp::read_hash(topics)));
        log.topics.push_back(topic);
    }
    BLEND_TRY(const BytesView data, lift(rlp::read_string(fields)));
    log.data = to_bytes(data);
    return log;
}

}  // namespace

Result<Receipt, ReceiptError> decode_receipt(BytesView encoded)
{
    if (encoded.empty())
        return Unexpected{ReceiptError::kEmptyInput};
    Receipt receipt;
    // EIP-2718: a first byte in [0, 0x7f] is a type; a legacy receipt is an RLP list (>= 0xc0).
    if (encoded[0] < 0xc0) {
        if (encoded[0] == 0 || encoded[0] > kMaxReceiptType)
            return Unexpected{ReceiptError::kUnsupportedType};
        receipt.type = encoded[0];
        encoded = encoded.subspan(1);
    }
    BytesView in = encoded;
    BLEND_TRY(BytesView fields, lift(rlp::read_list(in)));
    BLEND_TRY_VOID(lift(rlp::expect_end(in)));
    BLEND_TRY(const size_t count, count_items(fields));
    if (count != 4)
        return Unexpected{ReceiptError::kWrongFieldCount};

    // EIP-658: the status is the integer 0 or 1. Anything else (in particular the 32-byte
    // intermediate state root of pre-Byzantium receipts) is refused.
    BLEND_TRY(const BytesView status, lift(rlp::read_string(fields)));
    if (status.empty())
        receipt.status = false;
    else if (status.size() == 1 && status[0] == 1)
        receipt.status = true;
    else
        return Unexpected{ReceiptError::kInvalidStatus};

    BLEND_TRY(receipt.cumulative_gas_used, lift(rlp::read_uint64(fields)));
    BLEND_TRY(const BytesView bloom, lift(rlp::read_string(fields)));
    if (bloom.size() != Bloom::kSize)
        return Unexpected{ReceiptError::kWrongLength};
    receipt.logs_bloom = Bloom{FixedBytes<256>::from_view(bloom)};

    BLEND_TRY(BytesView logs, lift(rlp::read_list(fields)));
    while (!logs.empty()) {
        BLEND_TRY(Log log, decode_log(logs));
        receipt.logs.push_back(std::move(log));
    }
    if (logs_bloom(receipt.logs) != receipt.logs_bloom)
        return Unexpected{ReceiptError::kBloomMismatch};
    return receipt;
}

}  // namespace blend
