// SPDX-License-Identifier: Apache-2.0
#include "execution/account_code.hpp"

#include "runtimes/sdk/abi.hpp"

#include <algorithm>

namespace blend::execution {

namespace {

constexpr size_t kPrefixedAddressSize = 3 + 20;

template <size_t N>
bool starts_with(BytesView code, const uint8_t (&magic)[N]) noexcept
{
    return code.size() >= N && std::equal(magic, magic + N, code.begin());
}

}  // namespace

CodeKind classify_code(BytesView code) noexcept
{
    if (code.empty())
        return CodeKind::kEmpty;
    if (starts_with(code, abi::kOwnableMagic) && code.size() >= kPrefixedAddressSize)
        return CodeKind::kOwnable;
    // EIP-7702: the designator is exactly 23 bytes.
    if (starts_with(code, abi::kDelegationMagic) && code.size() == kPrefixedAddressSize)
        return CodeKind::kDelegation;
    if (starts_with(code, abi::kRwasmMagic))
        return CodeKind::kRwasm;
    return CodeKind::kOther;
}

Address ownable_owner(BytesView code) noexcept
{
    return to_address(code.subspan(3, 20));
}

BytesView ownable_metadata(BytesView code) noexcept
{
    return code.subspan(kPrefixedAddressSize);
}

Address delegation_target(BytesView code) noexcept
{
    return to_address(code.subspan(3, 20));
}

Bytes delegation_code(const Address& target)
{
    Bytes out(std::begin(abi::kDelegationMagic), std::end(abi::kDelegationMagic));
    out.insert(out.end(), target.bytes.begin(), target.bytes.end());
    return out;
}

Bytes ownable_code(const Address& owner, BytesView metadata)
{
    Bytes out(std::begin(abi::kOwnableMagic), std::end(abi::kOwnableMagic));
    out.insert(out.end(), owner.bytes.begin(), owner.bytes.end());
    out.insert(out.end(), metadata.begin(), metadata.end());
    return out;
}

InitCodeRoute route_init_code(BytesView init_code) noexcept
{
    if (starts_with(init_code, abi::kWasmMagic))
        return InitCodeRoute::kWasm;
    if (starts_with(init_code, abi::kElfMagic))
        return InitCodeRoute::kElf;
    return InitCodeRoute::kEvm;
}

}  // namespace blend::execution
