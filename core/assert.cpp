// SPDX-License-Identifier: Apache-2.0
#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace blend {

void assert_failed(const char* expression, const char* file, int line) noexcept
{
    std::fprintf(stderr, "blend: invariant failed: %s at %s:%d\n", expression, file, line);
    std::fflush(stderr);
    std::abort();
}

}  // namespace blend
