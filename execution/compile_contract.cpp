// SPDX-License-Identifier: Apache-2.0
#include "execution/compile_contract.hpp"

#include "execution/abi_resolver.hpp"
#include "rwasm/compile.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/wasm.hpp"

namespace blend::execution {

namespace {

bool read_leb_u32(BytesView in, size_t& pos, uint32_t& out)
{
    out = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (pos >= in.size())
            return false;
        const uint8_t b = in[pos++];
        out |= static_cast<uint32_t>(b & 0x7F) << shift;
        if ((b & 0x80) == 0)
            return true;
    }
    return false;
}

}  // namespace

std::optional<BytesView> wasm_custom_section(BytesView wasm, std::string_view name)
{
    size_t pos = 8;  // magic + version
    while (pos < wasm.size()) {
        const uint8_t id = wasm[pos++];
        uint32_t size = 0;
        if (!read_leb_u32(wasm, pos, size) || size > wasm.size() - pos)
            return std::nullopt;
        const size_t end = pos + size;
        if (id == 0) {
            size_t p = pos;
            uint32_t name_len = 0;
            if (read_leb_u32(wasm, p, name_len) && name_len <= end - p &&
                std::string_view(reinterpret_cast<const char*>(wasm.data() + p), name_len) == name)
                return wasm.subspan(p + name_len, end - p - name_len);
        }
        pos = end;
    }
    return std::nullopt;
}

Result<CompiledContract, abi::ExitCode> compile_wasm_contract(BytesView wasm)
{
    if (wasm.size() > rwasm::kMaxWasmSize)
        return Unexpected{abi::ExitCode::kCreateContractSizeLimit};
    auto parsed = rwasm::parse_module(wasm);
    if (!parsed || !rwasm::validate_module(*parsed))
        return Unexpected{abi::ExitCode::kNotSupportedBytecode};
    auto compiled = rwasm::compile_module(*parsed, AbiResolver{});
    if (!compiled) {
        switch (compiled.error()) {
        case rwasm::CompileError::kUnknownImport:
        case rwasm::CompileError::kImportSignature:
            return Unexpected{abi::ExitCode::kUnknownExternalFunction};
        case rwasm::CompileError::kLimitExceeded:
            return Unexpected{abi::ExitCode::kCreateContractSizeLimit};
        case rwasm::CompileError::kUnsupportedConstExpr:
            return Unexpected{abi::ExitCode::kNotSupportedBytecode};
        }
        return Unexpected{abi::ExitCode::kNotSupportedBytecode};
    }
    CompiledContract out;
    out.code = rwasm::encode_module(*compiled);
    if (out.code.size() > rwasm::kMaxRwasmSize)
        return Unexpected{abi::ExitCode::kCreateContractSizeLimit};
    out.module = make_loaded_module(std::move(*compiled));
    if (const auto input = wasm_custom_section(wasm, "input"))
        out.constructor_input.assign(input->begin(), input->end());
    return out;
}

}  // namespace blend::execution
