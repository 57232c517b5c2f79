// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for every precompile's input parser: the first byte picks the precompile, the
// rest is its input. Checks the EVM-facing invariants: no crash, fixed output sizes on success,
// gas(input) is a pure function of the input, and call() consumes all gas on failure.
#include "execution/precompiles/precompiles.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace blend::precompiles;
    if (size == 0)
        return 0;
    constexpr size_t kCount = sizeof(kPrecompiles) / sizeof(kPrecompiles[0]);
    const Precompile& p = kPrecompiles[data[0] % kCount];
    const blend::BytesView input{data + 1, size - 1};
    const uint64_t gas = p.gas(input);
    if (gas != p.gas(input))
        std::abort();
    // Keep single runs short: expensive inputs are priced accordingly and the fuzzer is after
    // parsing bugs, not throughput (blake2f rounds and modexp sizes scale with gas).
    if (gas > 2'000'000)
        return 0;
    const CallResult r = call(p, input, gas + 1000);
    if (!r.success) {
        if (r.gas_used != gas + 1000 || !r.output.empty())
            std::abort();
        return 0;
    }
    if (r.gas_used != gas)
        std::abort();
    const size_t n = r.output.size();
    switch (p.address) {
    case 0x01:
    case 0x100:
        if (n != 0 && n != 32)
            std::abort();
        break;
    case 0x02:
    case 0x03:
    case 0x08:
    case 0x0f:
        if (n != 32)
            std::abort();
        break;
    case 0x04:
        if (n != input.size())
            std::abort();
        break;
    case 0x06:
    case 0x07:
    case 0x09:
    case 0x0a:
        if (n != 64)
            std::abort();
        break;
    case 0x0b:
    case 0x0c:
    case 0x10:
        if (n != 128)
            std::abort();
        break;
    case 0x0d:
    case 0x0e:
    case 0x11:
        if (n != 256)
            std::abort();
        break;
    default:
        break;
    }
    return 0;
}
