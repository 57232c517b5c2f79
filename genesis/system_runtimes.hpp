// SPDX-License-Identifier: Apache-2.0
#pragma once

// The hook through which the system runtimes (EVM, SVM, token; design.md "Key decisions") enter
// every genesis at fixed addresses. None exists yet: the EVM runtime arrives with issue 7, and its
// rWasm build is added here then (name, address, code). build_genesis places each one in the
// state and refuses a genesis file whose alloc claims one of their addresses.

#include "core/bytes.hpp"

#include <string_view>
#include <vector>

namespace blend::genesis {

struct SystemAccount {
    std::string_view name;
    Address address;
    Bytes code;
};

/// The system accounts every Blend genesis contains, besides the file's alloc. Empty for now.
[[nodiscard]] std::vector<SystemAccount> system_accounts();

}  // namespace blend::genesis
