// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"
#include "core/types/header.hpp"
#include "core/u256.hpp"

namespace blend {

const char* to_string(HeaderError e) noexcept
{
    switch (e) {
    case HeaderError::kMalformedRlp:
        return "header: malformed rlp";
    case HeaderError::kTrailingBytes:
        return "header: trailing bytes";
    case HeaderError::kUnexpectedList:
        return "header: expected string, got list";
    case HeaderError::kUnexpectedString:
        return "header: expected list, got string";
    case HeaderError::kWrongLength:
        return "header: field has wrong length";
    case HeaderError::kLeadingZero:
        return "header: integer with leading zero bytes";
    case HeaderError::kOverflow:
        return "header: integer too large";
    case HeaderError::kExtraDataTooLong:
        return "header: extra data longer than 32 bytes";
    case HeaderError::kWrongFieldCount:
        return "header: wrong number of fields";
    case HeaderError::kFieldGap:
        return "header: optional field without the earlier ones";
    }
    return "header: unknown error";
}

namespace {

HeaderError from_rlp(rlp::DecodeError e) noexcept
{
    switch (e) {
    case rlp::DecodeError::kTrailingBytes:
        return HeaderError::kTrailingBytes;
    case rlp::DecodeError::kLeadingZero:
        return HeaderError::kLeadingZero;
    case rlp::DecodeError::kOverflow:
        return HeaderError::kOverflow;
    case rlp::DecodeError::kUnexpectedList:
        return HeaderError::kUnexpectedList;
    case rlp::DecodeError::kUnexpectedString:
        return HeaderError::kUnexpectedString;
    case rlp::DecodeError::kWrongLength:
        return HeaderError::kWrongLength;
    case rlp::DecodeError::kInputTooShort:
    case rlp::DecodeError::kNonCanonicalSize:
    case rlp::DecodeError::kNonCanonicalByte:
        break;
    }
    return HeaderError::kMalformedRlp;
}

template <typename T>
Result<T, HeaderError> lift(rlp::DecodeResult<T> r)
{
    if (!r)
        return Unexpected{from_rlp(r.error())};
    return std::move(*r);
}

Result<void, HeaderError> lift(Result<void, rlp::DecodeError> r)
{
    if (!r)
        return Unexpected{from_rlp(r.error())};
    return {};
}

template <size_t N>
Result<FixedBytes<N>, HeaderError> read_fixed(BytesView& in)
{
    BLEND_TRY(const BytesView bytes, lift(rlp::read_string(in)));
    if (bytes.size() != N)
        return Unexpected{HeaderError::kWrongLength};
    return FixedBytes<N>::from_view(bytes);
}

}  // namespace

Result<Header, HeaderError> decode_header(BytesView encoded)
{
    BytesView in = encoded;
    BLEND_TRY(BytesView fields, lift(rlp::read_list(in)));
    BLEND_TRY_VOID(lift(rlp::expect_end(in)));

    // Count the fields first: the shape decides which optional fields follow, and a count that
    // no fork produces is rejected before any field is looked at.
    size_t count = 0;
    for (BytesView scan = fields; !scan.empty(); ++count)
        BLEND_TRY_VOID(lift(rlp::read_item(scan)));
    if (count != kFrontierHeaderFields && count != kLondonHeaderFields &&
        count != kShanghaiHeaderFields && count != kCancunHeaderFields &&
        count != kPragueHeaderFields)
        return Unexpected{HeaderError::kWrongFieldCount};

    Header h;
    BLEND_TRY(h.parent_hash, lift(rlp::read_hash(fields)));
    BLEND_TRY(h.ommers_hash, lift(rlp::read_hash(fields)));
    BLEND_TRY(h.coinbase, lift(rlp::read_address(fields)));
    BLEND_TRY(h.state_root, lift(rlp::read_hash(fields)));
    BLEND_TRY(h.transactions_root, lift(rlp::read_hash(fields)));
    BLEND_TRY(h.receipts_root, lift(rlp::read_hash(fields)));
    BLEND_TRY(const FixedBytes<256> bloom, read_fixed<256>(fields));
    h.logs_bloom = Bloom{bloom};
    BLEND_TRY(h.difficulty, lift(rlp::read_u256(fields)));
    BLEND_TRY(h.number, lift(rlp::read_uint64(fields)));
    BLEND_TRY(h.gas_limit, lift(rlp::read_uint64(fields)));
    BLEND_TRY(h.gas_used, lift(rlp::read_uint64(fields)));
    BLEND_TRY(h.timestamp, lift(rlp::read_uint64(fields)));
    BLEND_TRY(const BytesView extra, lift(rlp::read_string(fields)));
    if (extra.size() > kMaxExtraDataSize)
        return Unexpected{HeaderError::kExtraDataTooLong};
    h.extra_data = to_bytes(extra);
    BLEND_TRY(h.mix_hash, lift(rlp::read_hash(fields)));
    BLEND_TRY(h.nonce, read_fixed<8>(fields));
    if (count >= kLondonHeaderFields) {
        BLEND_TRY(h.base_fee_per_gas, lift(rlp::read_u256(fields)));
    }
    if (count >= kShanghaiHeaderFields) {
        BLEND_TRY(h.withdrawals_root, lift(rlp::read_hash(fields)));
    }
    if (count >= kCancunHeaderFields) {
        BLEND_TRY(h.blob_gas_used, lift(rlp::read_uint64(fields)));
        BLEND_TRY(h.excess_blob_gas, lift(rlp::read_uint64(fields)));
        BLEND_TRY(h.parent_beacon_block_root, lift(rlp::read_hash(fields)));
    }
    if (count >= kPragueHeaderFields) {
        BLEND_TRY(h.requests_hash, lift(rlp::read_hash(fields)));
    }
    BLEND_ASSERT(fields.empty());
    return h;
}

}  // namespace blend
