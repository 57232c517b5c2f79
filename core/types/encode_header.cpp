// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"
#include "core/types/header.hpp"
#include "core/u256.hpp"

namespace blend {

Result<size_t, HeaderError> header_field_count(const Header& header)
{
    if (header.extra_data.size() > kMaxExtraDataSize)
        return Unexpected{HeaderError::kExtraDataTooLong};
    // Each optional field in fork order, with the field count a header ending there has.
    // The three Cancun fields come together: no fork has some of them without the others.
    const bool cancun = header.blob_gas_used.has_value();
    if (header.excess_blob_gas.has_value() != cancun ||
        header.parent_beacon_block_root.has_value() != cancun)
        return Unexpected{HeaderError::kFieldGap};
    const bool present[] = {
        header.base_fee_per_gas.has_value(),
        header.withdrawals_root.has_value(),
        cancun,
        header.requests_hash.has_value(),
    };
    constexpr size_t kCounts[] = {kLondonHeaderFields, kShanghaiHeaderFields, kCancunHeaderFields,
                                  kPragueHeaderFields};
    size_t count = kFrontierHeaderFields;
    bool gap = false;
    for (size_t i = 0; i < 4; ++i) {
        if (!present[i]) {
            gap = true;
            continue;
        }
        if (gap)
            return Unexpected{HeaderError::kFieldGap};
        count = kCounts[i];
    }
    return count;
}

Result<Bytes, HeaderError> encode_header(const Header& header)
{
    BLEND_TRY(const size_t count, header_field_count(header));
    Bytes payload;
    payload.reserve(600);
    rlp::encode_hash(payload, header.parent_hash);
    rlp::encode_hash(payload, header.ommers_hash);
    rlp::encode_address(payload, header.coinbase);
    rlp::encode_hash(payload, header.state_root);
    rlp::encode_hash(payload, header.transactions_root);
    rlp::encode_hash(payload, header.receipts_root);
    rlp::encode_string(payload, header.logs_bloom.view());
    rlp::encode_u256(payload, header.difficulty);
    rlp::encode_uint64(payload, header.number);
    rlp::encode_uint64(payload, header.gas_limit);
    rlp::encode_uint64(payload, header.gas_used);
    rlp::encode_uint64(payload, header.timestamp);
    rlp::encode_string(payload, header.extra_data);
    rlp::encode_hash(payload, header.mix_hash);
    rlp::encode_string(payload, header.nonce.view());
    if (count >= kLondonHeaderFields)
        rlp::encode_u256(payload, *header.base_fee_per_gas);
    if (count >= kShanghaiHeaderFields)
        rlp::encode_hash(payload, *header.withdrawals_root);
    if (count >= kCancunHeaderFields) {
        rlp::encode_uint64(payload, *header.blob_gas_used);
        rlp::encode_uint64(payload, *header.excess_blob_gas);
        rlp::encode_hash(payload, *header.parent_beacon_block_root);
    }
    if (count >= kPragueHeaderFields)
        rlp::encode_hash(payload, *header.requests_hash);
    return rlp::wrap_list(payload);
}

}  // namespace blend
