// SPDX-License-Identifier: Apache-2.0
// Recursive Fibonacci: call-heavy (one call and return per ~6 instructions).
static int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int fib_run(int n)
{
    return fib(n);
}
