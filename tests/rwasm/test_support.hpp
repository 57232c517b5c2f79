// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/compile.hpp"
#include "rwasm/null_host.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"

#include <catch2/catch.hpp>

namespace blend::rwasm::test {

using rwasm::NoHost;     // rwasm/null_host.hpp
using rwasm::NoImports;  // rwasm/null_host.hpp

/// parse → validate → compile, REQUIRE-ing each step.
inline RwasmModule compile_ok(const Bytes& wasm,
                              const ImportResolver& resolver = NoImports{},
                              const CompileOptions& options = {})
{
    auto parsed = parse_module(wasm);
    REQUIRE(parsed.has_value());
    auto valid = validate_module(*parsed);
    REQUIRE(valid.has_value());
    auto compiled = compile_module(*parsed, resolver, options);
    REQUIRE(compiled.has_value());
    return std::move(*compiled);
}

inline uint32_t export_index(const RwasmModule& m, const std::string& name)
{
    for (const RwasmExport& e : m.exports)
        if (e.name == name && e.kind == ExternKind::kFunction)
            return e.index;
    FAIL("no export " << name);
    return 0;
}

}  // namespace blend::rwasm::test
