// SPDX-License-Identifier: Apache-2.0
// The fixtures name the reason a transaction is invalid (`expectException`, in the
// execution-spec-tests vocabulary, e.g. TransactionException.INTRINSIC_GAS_TOO_LOW; "A|B" accepts
// either). The runner checks that Blend refuses such a transaction for that reason.
#pragma once

#include "execution/apply_transaction.hpp"

#include <optional>
#include <string_view>

namespace blend::statetest {

/// Why a case's transaction was not applied: the STF's validation error, or nullopt when the
/// runner could not even represent it (a field wider than its type, which an RLP decoder refuses).
using Refusal = std::optional<execution::TxValidationError>;

/// The execution-spec-tests name of a refusal (without the "TransactionException." prefix).
[[nodiscard]] std::string_view exception_name(const Refusal& refusal) noexcept;

/// Whether `refusal` is one of the alternatives of `expected` ("A|B").
[[nodiscard]] bool exception_matches(const Refusal& refusal, std::string_view expected);

}  // namespace blend::statetest
