// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for transaction decoding, the first thing that touches bytes a stranger sends
// (eth_sendRawTransaction). Properties: no crash; an accepted envelope re-encodes to exactly its
// input (one transaction, one encoding); the block-body form agrees with the envelope form;
// signature recovery on accepted input never crashes, whatever it returns.
#include "core/assert.hpp"
#include "core/types/transaction.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const blend::BytesView raw{data, size};
    auto tx = blend::decode_transaction(raw);
    if (tx) {
        const blend::Bytes encoded = blend::encode_transaction(*tx);
        BLEND_ASSERT(encoded.size() == size && std::memcmp(encoded.data(), data, size) == 0);

        blend::Bytes body_item;
        blend::encode_for_block_body(body_item, *tx);
        blend::BytesView body_in = body_item;
        auto from_body = blend::decode_from_block_body(body_in);
        BLEND_ASSERT(from_body && body_in.empty() && *from_body == *tx);

        (void)blend::recover_sender(*tx);
        for (const auto& authorization : tx->authorization_list)
            (void)blend::recover_authority(authorization);
    }

    // The same bytes read as a block-body item must never crash either.
    blend::BytesView in = raw;
    (void)blend::decode_from_block_body(in);
    return 0;
}
