// SPDX-License-Identifier: Apache-2.0
// The 2048-bit logs bloom of receipts and headers (Yellow Paper §4.3.1, function M3:2048).
#pragma once

#include "core/bytes.hpp"
#include "core/types/log.hpp"

#include <span>

namespace blend {

/// Sets the three bits of `item` in `bloom`: for each of the first three pairs of bytes of
/// keccak256(item), the low 11 bits of the pair (big-endian) pick a bit, counted from the
/// least significant end of the 2048-bit big-endian number the bloom is.
void bloom_add(Bloom& bloom, BytesView item);

/// Whether all three bits of `item` are set (false positives possible, false negatives not).
[[nodiscard]] bool bloom_may_contain(const Bloom& bloom, BytesView item);

/// Adds a log's address and each of its topics (its data is not part of the bloom).
void bloom_add_log(Bloom& bloom, const Log& log);

/// The bloom of a receipt: the union over its logs.
[[nodiscard]] Bloom logs_bloom(std::span<const Log> logs);

/// `into |= other`; a block's logsBloom is the OR of its receipts' blooms.
void bloom_or(Bloom& into, const Bloom& other);

}  // namespace blend
