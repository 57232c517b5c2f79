// SPDX-License-Identifier: Apache-2.0
#include "execution/precompiles/precompiles.hpp"

namespace blend::precompiles {

const char* to_string(PrecompileError e) noexcept
{
    switch (e) {
    case PrecompileError::kInvalidInputLength:
        return "invalid input length";
    case PrecompileError::kInvalidFinalFlag:
        return "invalid final flag";
    case PrecompileError::kInvalidFieldElement:
        return "invalid field element";
    case PrecompileError::kPointNotOnCurve:
        return "invalid point: not on curve";
    case PrecompileError::kPointNotInSubgroup:
        return "point is not in the correct subgroup";
    case PrecompileError::kResourceLimit:
        return "input exceeds any payable resource limit";
    case PrecompileError::kOutOfGas:
        return "out of gas";
    case PrecompileError::kInvalidVersionedHash:
        return "mismatched versioned hash";
    case PrecompileError::kInvalidProof:
        return "invalid KZG proof";
    }
    return "unknown precompile error";
}

const Precompile* find(uint16_t address) noexcept
{
    for (const Precompile& p : kPrecompiles)
        if (p.address == address)
            return &p;
    return nullptr;
}

const Precompile* find(const Address& address) noexcept
{
    for (size_t i = 0; i < 18; ++i)
        if (address[i] != 0)
            return nullptr;
    return find(static_cast<uint16_t>((address[18] << 8) | address[19]));
}

const Precompile* find(std::string_view name) noexcept
{
    for (const Precompile& p : kPrecompiles)
        if (p.name == name)
            return &p;
    return nullptr;
}

CallResult call(const Precompile& precompile, BytesView input, uint64_t gas_limit)
{
    CallResult result;
    const uint64_t cost = precompile.gas(input);
    if (cost > gas_limit) {
        result.gas_used = gas_limit;
        result.error = PrecompileError::kOutOfGas;
        return result;
    }
    auto output = precompile.run(input);
    if (!output) {
        // A failing precompile halts exceptionally: everything forwarded to it is consumed.
        result.gas_used = gas_limit;
        result.error = output.error();
        return result;
    }
    result.success = true;
    result.gas_used = cost;
    result.output = std::move(*output);
    return result;
}

}  // namespace blend::precompiles
