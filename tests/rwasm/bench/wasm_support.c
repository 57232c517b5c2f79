// SPDX-License-Identifier: Apache-2.0
// The two libc functions clang may call from wasm32 code built with -nostdlib (struct and
// array copies). Built with -fno-builtin so that these loops stay loops.
#include <stddef.h>

void* memcpy(void* dst, const void* src, size_t n)
{
    unsigned char* d = dst;
    const unsigned char* s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void* memset(void* dst, int c, size_t n)
{
    unsigned char* d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}
