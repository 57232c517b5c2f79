// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"

#include <cstddef>
#include <vector>

namespace blend {

/// A log carries at most four topics: the EVM has LOG0..LOG4 (Yellow Paper, Appendix H.2,
/// opcodes 0xa0..0xa4), and receipts with more are rejected when decoded.
inline constexpr size_t kMaxLogTopics = 4;

/// One log entry of a receipt (Yellow Paper §4.3.1: O = (Oa, (Ot0, Ot1, ...), Od)),
/// encoded as rlp([address, [topic...], data]).
struct Log {
    Address address;
    std::vector<Hash> topics;
    Bytes data;

    friend bool operator==(const Log&, const Log&) = default;
};

/// Appends rlp([address, [topics], data]) to `out` (defined with the receipt encoder).
void encode_log(Bytes& out, const Log& log);

}  // namespace blend
