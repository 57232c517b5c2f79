// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/compile.hpp"
#include "rwasm/vm.hpp"

#include <optional>
#include <span>
#include <string_view>

/// The embedder with nothing to offer: a resolver that knows no import (any import is then a
/// compile error) and a host with no functions (a host call fails the run with kHostError
/// rather than inventing results). For tools, benchmarks and tests of import-free modules.
namespace blend::rwasm {

class NoImports final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view, std::string_view) const override
    {
        return std::nullopt;
    }
};

class NoHost final : public HostHandler {
public:
    HostStatus call(Vm&, uint32_t, std::span<const uint64_t>, std::span<uint64_t>) override
    {
        return HostStatus::kTrap;
    }
};

}  // namespace blend::rwasm
