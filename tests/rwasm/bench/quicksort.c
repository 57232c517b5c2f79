// SPDX-License-Identifier: Apache-2.0
// Quicksort (Hoare partition, recursion on the smaller side) of generated u32 values.
#include <stdint.h>

#define MAX_ITEMS (1u << 20)

static uint32_t items[MAX_ITEMS];

static void sort(uint32_t* a, int32_t lo, int32_t hi)
{
    while (lo < hi) {
        const uint32_t pivot = a[lo + (hi - lo) / 2];
        int32_t i = lo - 1, j = hi + 1;
        for (;;) {
            do
                ++i;
            while (a[i] < pivot);
            do
                --j;
            while (a[j] > pivot);
            if (i >= j)
                break;
            const uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        if (j - lo < hi - j) {
            sort(a, lo, j);
            lo = j + 1;
        } else {
            sort(a, j + 1, hi);
            hi = j;
        }
    }
}

/// Sorts `n` (at most 1 Mi) generated values; returns a checksum, or 0 if the result is unsorted.
uint32_t quicksort_run(uint32_t n)
{
    uint32_t x = 2463534242u;
    for (uint32_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        items[i] = x;
    }
    sort(items, 0, (int32_t)n - 1);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; ++i) {
        if (i > 0 && items[i - 1] > items[i])
            return 0;
        sum = sum * 31 + items[i];
    }
    return sum;
}
