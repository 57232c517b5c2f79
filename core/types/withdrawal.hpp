// SPDX-License-Identifier: Apache-2.0
// EIP-4895 beacon-chain withdrawals, as committed to by the header's withdrawalsRoot.
#pragma once

#include "core/bytes.hpp"
#include "core/rlp/rlp.hpp"

#include <cstdint>
#include <span>

namespace blend {

/// EIP-4895: rlp([index, validatorIndex, address, amount]), all integers uint64; the amount is
/// in Gwei (the balance increases by amount × 10^9 wei).
struct Withdrawal {
    uint64_t index = 0;
    uint64_t validator_index = 0;
    Address address;
    uint64_t amount_gwei = 0;

    friend bool operator==(const Withdrawal&, const Withdrawal&) = default;
};

void encode_withdrawal(Bytes& out, const Withdrawal& withdrawal);
[[nodiscard]] Bytes encode_withdrawal(const Withdrawal& withdrawal);

/// Reads one withdrawal (a 4-item list) from the front of `in`. Too few fields reads past the
/// list (kInputTooShort), too many leaves bytes in it (kTrailingBytes).
[[nodiscard]] rlp::DecodeResult<Withdrawal> read_withdrawal(BytesView& in);

/// The withdrawalsRoot: the ordered trie root over the withdrawals' encodings.
[[nodiscard]] Hash withdrawals_root(std::span<const Withdrawal> withdrawals);

}  // namespace blend
