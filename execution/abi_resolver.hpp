// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/compile.hpp"

namespace blend::execution {

/// Resolves the imports of a contract: only functions of module `fluentbase_v1preview` with the
/// exact names and signatures of docs/abi.md §1. Anything else fails the deploy
/// (UnknownExternalFunction).
class AbiResolver final : public rwasm::ImportResolver {
public:
    [[nodiscard]] std::optional<rwasm::ResolvedFunction> function(
        std::string_view module,
        std::string_view name) const override;
};

}  // namespace blend::execution
