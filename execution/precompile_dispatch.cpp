// SPDX-License-Identifier: Apache-2.0
#include "execution/precompile_dispatch.hpp"

#include "runtimes/sdk/abi.hpp"

#include <array>

namespace blend::execution {

namespace {

constexpr std::array<uint16_t, 18> kAddresses = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
                                                 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                                                 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x100};
// Cancun: 0x01–0x09 from Frontier to Istanbul, 0x0a (KZG point evaluation) from EIP-4844.
constexpr size_t kCancunCount = 10;

}  // namespace

bool is_precompile_address(const Address& address, Fork fork) noexcept
{
    for (size_t i = 0; i < 18; ++i)
        if (address[i] != 0)
            return false;
    const uint16_t low = static_cast<uint16_t>(address[18] << 8 | address[19]);
    if (fork == Fork::kCancun)
        return low >= 0x01 && low <= 0x0a;
    return (low >= 0x01 && low <= 0x11) || low == 0x100;
}

std::span<const uint16_t> precompile_addresses(Fork fork) noexcept
{
    if (fork == Fork::kCancun)
        return std::span<const uint16_t>(kAddresses).first(kCancunCount);
    return kAddresses;
}

MessageResult run_precompile(const precompiles::Precompile& precompile,
                             BytesView input,
                             uint64_t gas)
{
    precompiles::CallResult r = precompiles::call(precompile, input, gas);
    if (!r.success)
        return MessageResult{static_cast<int32_t>(abi::ExitCode::kPrecompileError), {}, gas};
    return MessageResult{0, std::move(r.output), r.gas_used};
}

}  // namespace blend::execution
