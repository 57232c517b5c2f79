// SPDX-License-Identifier: Apache-2.0
#include "core/types/withdrawal.hpp"

#include "core/trie/ordered_trie_root.hpp"

#include <vector>

namespace blend {

void encode_withdrawal(Bytes& out, const Withdrawal& withdrawal)
{
    Bytes payload;
    rlp::encode_uint64(payload, withdrawal.index);
    rlp::encode_uint64(payload, withdrawal.validator_index);
    rlp::encode_address(payload, withdrawal.address);
    rlp::encode_uint64(payload, withdrawal.amount_gwei);
    rlp::encode_list(out, payload);
}

Bytes encode_withdrawal(const Withdrawal& withdrawal)
{
    Bytes out;
    encode_withdrawal(out, withdrawal);
    return out;
}

rlp::DecodeResult<Withdrawal> read_withdrawal(BytesView& in)
{
    BLEND_TRY(BytesView fields, rlp::read_list(in));
    Withdrawal w;
    BLEND_TRY(w.index, rlp::read_uint64(fields));
    BLEND_TRY(w.validator_index, rlp::read_uint64(fields));
    BLEND_TRY(w.address, rlp::read_address(fields));
    BLEND_TRY(w.amount_gwei, rlp::read_uint64(fields));
    BLEND_TRY_VOID(rlp::expect_end(fields));
    return w;
}

Hash withdrawals_root(std::span<const Withdrawal> withdrawals)
{
    std::vector<Bytes> encoded;
    encoded.reserve(withdrawals.size());
    for (const Withdrawal& w : withdrawals)
        encoded.push_back(encode_withdrawal(w));
    return ordered_trie_root(std::span<const Bytes>(encoded));
}

}  // namespace blend
