// SPDX-License-Identifier: Apache-2.0
// Marsaglia's xorshift64 (shifts 13, 7, 17): a tight loop of dependent i64 operations.
#include <stdint.h>

uint64_t xorshift_run(uint64_t steps)
{
    uint64_t x = 88172645463325252ull;
    for (uint64_t i = 0; i < steps; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}
