// SPDX-License-Identifier: Apache-2.0
#include "node/chain/chain_codec.hpp"

#include "core/assert.hpp"
#include "core/rlp/rlp.hpp"

namespace blend::node {

namespace {

/// Bytes of a tx location record: number u64 ‖ block hash ‖ index u32.
constexpr size_t kTxLocationSize = 8 + 32 + 4;

void put_be(Bytes& out, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t get_be(const uint8_t* p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | p[i];
    return v;
}

Bytes list_of(const Bytes& payload)
{
    return rlp::wrap_list(payload);
}

}  // namespace

const char* to_string(ChainError e) noexcept
{
    switch (e) {
    case ChainError::kState:
        return "state store error";
    case ChainError::kCorrupt:
        return "corrupt chain record";
    case ChainError::kNotInitialized:
        return "chain not initialized (no genesis)";
    case ChainError::kGenesisMismatch:
        return "the datadir holds a different chain (genesis hash differs)";
    case ChainError::kUnknownBlock:
        return "unknown block";
    case ChainError::kUnknownParent:
        return "unknown parent block";
    case ChainError::kWrongNumber:
        return "block number is not parent + 1";
    case ChainError::kDuplicateBlock:
        return "block already known";
    case ChainError::kReorgTooDeep:
        return "fork choice below the persisted canonical chain";
    case ChainError::kBadHeader:
        return "header does not encode";
    case ChainError::kMismatch:
        return "senders or receipts do not match the transactions";
    }
    return "unknown chain error";
}

Bytes number_key(uint64_t number)
{
    Bytes k;
    put_be(k, number, 8);
    return k;
}

Bytes encode_body(const StoredBlock& block)
{
    Bytes txs;
    for (const Transaction& tx : block.transactions)
        encode_for_block_body(txs, tx);
    Bytes withdrawals;
    for (const Withdrawal& w : block.withdrawals)
        encode_withdrawal(withdrawals, w);
    Bytes senders;
    for (const Address& a : block.senders)
        rlp::encode_address(senders, a);
    Bytes payload;
    rlp::encode_list(payload, txs);
    rlp::encode_list(payload, withdrawals);
    rlp::encode_list(payload, senders);
    return list_of(payload);
}

ChainResult<void> decode_body(BytesView in, StoredBlock& block)
{
    const auto corrupt = Unexpected{ChainError::kCorrupt};
    auto body = rlp::read_list(in);
    if (!body || !rlp::expect_end(in))
        return corrupt;
    BytesView rest = *body;
    auto txs = rlp::read_list(rest);
    auto withdrawals = txs ? rlp::read_list(rest) : txs;
    auto senders = withdrawals ? rlp::read_list(rest) : withdrawals;
    if (!senders || !rlp::expect_end(rest))
        return corrupt;
    block.transactions.clear();
    for (BytesView t = *txs; !t.empty();) {
        auto tx = decode_from_block_body(t);
        if (!tx)
            return corrupt;
        block.transactions.push_back(std::move(*tx));
    }
    block.withdrawals.clear();
    for (BytesView w = *withdrawals; !w.empty();) {
        auto wd = read_withdrawal(w);
        if (!wd)
            return corrupt;
        block.withdrawals.push_back(*wd);
    }
    block.senders.clear();
    for (BytesView s = *senders; !s.empty();) {
        auto a = rlp::read_address(s);
        if (!a)
            return corrupt;
        block.senders.push_back(*a);
    }
    if (block.senders.size() != block.transactions.size())
        return corrupt;
    return {};
}

Bytes encode_receipts(const StoredBlock& block)
{
    BLEND_ASSERT(block.receipts.size() == block.receipt_extras.size());
    Bytes items;
    for (size_t i = 0; i < block.receipts.size(); ++i) {
        Bytes item;
        rlp::encode_string(item, encode_receipt(block.receipts[i]));
        const auto& extra = block.receipt_extras[i];
        if (extra.contract_address)
            rlp::encode_address(item, *extra.contract_address);
        else
            rlp::encode_string(item, {});
        rlp::encode_uint64(item, extra.gas_used);
        rlp::encode_list(items, item);
    }
    return list_of(items);
}

ChainResult<void> decode_receipts(BytesView in, StoredBlock& block)
{
    const auto corrupt = Unexpected{ChainError::kCorrupt};
    auto list = rlp::read_list(in);
    if (!list || !rlp::expect_end(in))
        return corrupt;
    block.receipts.clear();
    block.receipt_extras.clear();
    for (BytesView rest = *list; !rest.empty();) {
        auto item = rlp::read_list(rest);
        if (!item)
            return corrupt;
        BytesView fields = *item;
        auto envelope = rlp::read_string(fields);
        auto address = envelope ? rlp::read_string(fields) : envelope;
        if (!address)
            return corrupt;
        auto gas = rlp::read_uint64(fields);
        if (!gas || !rlp::expect_end(fields))
            return corrupt;
        auto receipt = decode_receipt(*envelope);
        if (!receipt)
            return corrupt;
        ReceiptExtra extra;
        extra.gas_used = *gas;
        if (address->size() == 20)
            extra.contract_address = to_address(*address);
        else if (!address->empty())
            return corrupt;
        block.receipts.push_back(std::move(*receipt));
        block.receipt_extras.push_back(extra);
    }
    return {};
}

Bytes encode_tx_location(const TxLocation& location)
{
    Bytes out;
    out.reserve(kTxLocationSize);
    put_be(out, location.block_number, 8);
    out.insert(out.end(), location.block_hash.bytes.begin(), location.block_hash.bytes.end());
    put_be(out, location.index, 4);
    return out;
}

ChainResult<TxLocation> decode_tx_location(BytesView in)
{
    if (in.size() != kTxLocationSize)
        return Unexpected{ChainError::kCorrupt};
    TxLocation l;
    l.block_number = get_be(in.data(), 8);
    l.block_hash = to_hash(in.subspan(8, 32));
    l.index = static_cast<uint32_t>(get_be(in.data() + 40, 4));
    return l;
}

}  // namespace blend::node
