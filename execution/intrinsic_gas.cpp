// SPDX-License-Identifier: Apache-2.0
#include "execution/intrinsic_gas.hpp"

#include "execution/gas.hpp"

namespace blend::execution {

namespace {

bool add(uint64_t& acc, uint64_t a, uint64_t b) noexcept
{
    uint64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product))
        return false;
    return !__builtin_add_overflow(acc, product, &acc);
}

}  // namespace

uint64_t calldata_tokens(BytesView data) noexcept
{
    uint64_t zeros = 0;
    for (const uint8_t b : data)
        zeros += b == 0 ? 1 : 0;
    return zeros + (data.size() - zeros) * gas::kTokensPerNonZeroByte;
}

std::optional<IntrinsicGas> intrinsic_gas(const Transaction& tx) noexcept
{
    const bool create = !tx.to.has_value();
    const uint64_t tokens = calldata_tokens(tx.data);
    IntrinsicGas g;
    g.intrinsic = create ? gas::kTxCreate : gas::kTx;
    // EIP-2028: 4 per zero byte, 16 per other byte = 4 per token.
    bool ok = add(g.intrinsic, tokens, gas::kTxDataZero);
    if (create)
        ok = ok && add(g.intrinsic, gas::words(tx.data.size()), gas::kInitCodeWord);
    for (const AccessListEntry& e : tx.access_list) {
        ok = ok && add(g.intrinsic, 1, gas::kAccessListAddress);
        ok = ok && add(g.intrinsic, e.storage_keys.size(), gas::kAccessListStorageKey);
    }
    ok = ok && add(g.intrinsic, tx.authorization_list.size(), gas::kPerEmptyAccount);
    g.floor = gas::kTx;
    ok = ok && add(g.floor, tokens, gas::kTotalCostFloorPerToken);
    if (!ok)
        return std::nullopt;
    return g;
}

}  // namespace blend::execution
