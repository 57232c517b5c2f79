// SPDX-License-Identifier: Apache-2.0
#include "core/rlp/rlp.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/types/bloom.hpp"
#include "core/types/log.hpp"
#include "core/types/receipt.hpp"

namespace blend {

void encode_log(Bytes& out, const Log& log)
{
    BLEND_ASSERT(log.topics.size() <= kMaxLogTopics);
    Bytes topics;
    for (const Hash& topic : log.topics)
        rlp::encode_hash(topics, topic);
    Bytes payload;
    rlp::encode_address(payload, log.address);
    rlp::encode_list(payload, topics);
    rlp::encode_string(payload, log.data);
    rlp::encode_list(out, payload);
}

void encode_receipt(Bytes& out, const Receipt& receipt)
{
    // Type bytes above 0x7f would collide with RLP list prefixes (EIP-2718).
    BLEND_ASSERT(receipt.type <= 0x7f);
    Bytes logs;
    for (const Log& log : receipt.logs)
        encode_log(logs, log);
    Bytes payload;
    rlp::encode_uint64(payload, receipt.status ? 1 : 0);
    rlp::encode_uint64(payload, receipt.cumulative_gas_used);
    rlp::encode_string(payload, receipt.logs_bloom.view());
    rlp::encode_list(payload, logs);
    if (receipt.type != 0)
        out.push_back(receipt.type);
    rlp::encode_list(out, payload);
}

Bytes encode_receipt(const Receipt& receipt)
{
    Bytes out;
    encode_receipt(out, receipt);
    return out;
}

Receipt with_computed_bloom(Receipt receipt)
{
    receipt.logs_bloom = logs_bloom(receipt.logs);
    return receipt;
}

Hash receipts_root(std::span<const Receipt> receipts)
{
    std::vector<Bytes> encoded;
    encoded.reserve(receipts.size());
    for (const Receipt& receipt : receipts)
        encoded.push_back(encode_receipt(receipt));
    return ordered_trie_root(std::span<const Bytes>(encoded));
}

Bloom block_logs_bloom(std::span<const Receipt> receipts)
{
    Bloom bloom;
    for (const Receipt& receipt : receipts)
        bloom_or(bloom, receipt.logs_bloom);
    return bloom;
}

}  // namespace blend
