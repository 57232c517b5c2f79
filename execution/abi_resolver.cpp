// SPDX-License-Identifier: Apache-2.0
#include "execution/abi_resolver.hpp"

#include "runtimes/sdk/abi.hpp"

namespace blend::execution {

namespace {

using rwasm::FuncType;
using rwasm::ValType;
using Fn = abi::HostFunction;

constexpr ValType I32 = ValType::kI32;
constexpr ValType I64 = ValType::kI64;

/// Signatures of docs/abi.md §1, one per host function.
FuncType signature(Fn f)
{
    switch (f) {
    case Fn::kExit:
        return {{I32}, {}};
    case Fn::kState:
    case Fn::kInputSize:
    case Fn::kOutputSize:
        return {{}, {I32}};
    case Fn::kRead:
    case Fn::kReadOutput:
    case Fn::kReadContext:
    case Fn::kKeccak256:
        return {{I32, I32, I32}, {}};
    case Fn::kWrite:
    case Fn::kForwardOutput:
    case Fn::kDebugLog:
    case Fn::kPreimageCopy:
        return {{I32, I32}, {}};
    case Fn::kExec:
    case Fn::kResume:
        return {{I32, I32, I32, I32, I32}, {I32}};
    case Fn::kFuel:
        return {{}, {I64}};
    case Fn::kPreimageSize:
        return {{I32}, {I32}};
    case Fn::kChargeFuel:
        return {{I64}, {}};
    case Fn::kPoseidon:
        return {{I32, I32, I32}, {}};
    case Fn::kPoseidonHash:
        return {{I32, I32, I32, I32}, {}};
    case Fn::kEcrecover:
        return {{I32, I32, I32, I32}, {I32}};
    }
    return {};
}

struct Named {
    Fn fn;
    const char* name;
};

constexpr Named kFunctions[] = {
#define BLEND_ABI_ROW(name, id, text) {Fn::name, text},
    BLEND_ABI_HOST_FUNCTIONS(BLEND_ABI_ROW)
#undef BLEND_ABI_ROW
};

}  // namespace

std::optional<rwasm::ResolvedFunction> AbiResolver::function(std::string_view module,
                                                             std::string_view name) const
{
    if (module != abi::kImportModule)
        return std::nullopt;
    for (const Named& f : kFunctions)
        if (name == f.name)
            return rwasm::ResolvedFunction{static_cast<uint32_t>(f.fn), signature(f.fn)};
    return std::nullopt;
}

}  // namespace blend::execution
