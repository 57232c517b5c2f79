// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace blend {

/// Prints the failed invariant and aborts. Broken invariants are bugs, never input errors.
[[noreturn]] void assert_failed(const char* expression, const char* file, int line) noexcept;

}  // namespace blend

#define BLEND_ASSERT(expr) \
    ((expr) ? static_cast<void>(0) : ::blend::assert_failed(#expr, __FILE__, __LINE__))
