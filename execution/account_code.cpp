// SPDX-License-Identifier: Apache-2.0
#include "execution/account_code.hpp"

#include "core/assert.hpp"
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

/// magic ‖ address ‖ tail, written into a buffer sized once. (Built with vector::insert, GCC 12
/// at -O3 reports a false -Warray-bounds on the 3-byte magic's copy.)
template <size_t N>
Bytes prefixed(const uint8_t (&magic)[N], const Address& address, BytesView tail = {})
{
    Bytes out(N + address.bytes.size() + tail.size());
    auto it = std::copy(std::begin(magic), std::end(magic), out.begin());
    it = std::copy(address.bytes.begin(), address.bytes.end(), it);
    std::copy(tail.begin(), tail.end(), it);
    return out;
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
    return prefixed(abi::kDelegationMagic, target);
}

Bytes ownable_code(const Address& owner, BytesView metadata)
{
    return prefixed(abi::kOwnableMagic, owner, metadata);
}

InitCodeRoute route_init_code(BytesView init_code) noexcept
{
    if (starts_with(init_code, abi::kWasmMagic))
        return InitCodeRoute::kWasm;
    if (starts_with(init_code, abi::kElfMagic))
        return InitCodeRoute::kElf;
    return InitCodeRoute::kEvm;
}

Bytes evm_jumpdest_bitmap(BytesView code)
{
    // Yellow Paper §9.4.3: a JUMPDEST (0x5b) is valid unless it is immediate data of a PUSH1..
    // PUSH32 (0x60..0x7f), whose data runs on past the end of the code if it is truncated.
    constexpr uint8_t kJumpdest = 0x5b;
    constexpr uint8_t kPush1 = 0x60;
    constexpr uint8_t kPush32 = 0x7f;
    Bytes bitmap((code.size() + 7) / 8, 0);
    for (size_t pc = 0; pc < code.size(); ++pc) {
        const uint8_t op = code[pc];
        if (op == kJumpdest)
            bitmap[pc / 8] = static_cast<uint8_t>(bitmap[pc / 8] | (1u << (pc % 8)));
        else if (op >= kPush1 && op <= kPush32)
            pc += op - kPush1 + 1;
    }
    return bitmap;
}

Bytes evm_metadata(BytesView code)
{
    BLEND_ASSERT(code.size() <= UINT32_MAX);
    const auto n = static_cast<uint32_t>(code.size());
    Bytes out;
    out.reserve(kEvmMetadataHeaderSize + n + (n + 7) / 8);
    out.push_back(kEvmMetadataVersion);
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<uint8_t>(n >> shift));
    out.insert(out.end(), code.begin(), code.end());
    const Bytes bitmap = evm_jumpdest_bitmap(code);
    out.insert(out.end(), bitmap.begin(), bitmap.end());
    return out;
}

Bytes evm_contract_code(BytesView code)
{
    return ownable_code(kEvmRuntimeAddress, evm_metadata(code));
}

std::optional<BytesView> evm_code_of_metadata(BytesView metadata) noexcept
{
    if (metadata.empty())
        return BytesView{};
    if (metadata.size() < kEvmMetadataHeaderSize || metadata[0] != kEvmMetadataVersion)
        return std::nullopt;
    const uint64_t n = uint64_t{metadata[1]} << 24 | uint64_t{metadata[2]} << 16 |
                       uint64_t{metadata[3]} << 8 | metadata[4];
    if (metadata.size() != kEvmMetadataHeaderSize + n + (n + 7) / 8)
        return std::nullopt;
    return metadata.subspan(kEvmMetadataHeaderSize, n);
}

BytesView visible_code(BytesView account_code) noexcept
{
    if (classify_code(account_code) != CodeKind::kOwnable)
        return account_code;
    const BytesView metadata = ownable_metadata(account_code);
    if (ownable_owner(account_code) == kEvmRuntimeAddress)
        if (const auto evm = evm_code_of_metadata(metadata))
            return *evm;
    return metadata;
}

}  // namespace blend::execution
