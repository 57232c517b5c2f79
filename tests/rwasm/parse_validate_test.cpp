// SPDX-License-Identifier: Apache-2.0
#include "rwasm/limits.hpp"
#include "rwasm/wasm.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <catch2/catch.hpp>

#include <cstring>

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

Bytes header()
{
    return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
}

Bytes with_section(uint8_t id, Bytes content)
{
    Bytes out = header();
    out.push_back(id);
    leb_u(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

WasmError parse_error(const Bytes& wasm)
{
    auto r = parse_module(wasm);
    REQUIRE_FALSE(r.has_value());
    return r.error();
}

WasmError validate_error(const Bytes& wasm)
{
    auto parsed = parse_module(wasm);
    REQUIRE(parsed.has_value());
    auto r = validate_module(*parsed);
    REQUIRE_FALSE(r.has_value());
    return r.error();
}

/// A module with one function () -> () whose body is `body` (without the final end).
Bytes one_function(Bytes body, std::vector<uint8_t> results = {})
{
    ModuleBuilder b;
    const uint32_t t = b.type({}, std::move(results));
    b.function(t, {}, std::move(body));
    return b.build();
}

}  // namespace

TEST_CASE("parser: header", "[rwasm][parse]")
{
    CHECK(parse_module(header()).has_value());
    CHECK(parse_error({0x00, 0x61, 0x73}) == WasmError::kUnexpectedEnd);
    CHECK(parse_error({0x00, 0x61, 0x73, 0x6E, 0x01, 0, 0, 0}) == WasmError::kBadMagic);
    CHECK(parse_error({0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0}) == WasmError::kBadVersion);
}

TEST_CASE("parser: LEB128 rules of spec 5.2.2", "[rwasm][parse]")
{
    // Type section with count 1 written in 5 bytes is fine; 6 bytes is too long.
    CHECK(parse_module(with_section(1, {0x80, 0x80, 0x80, 0x80, 0x00})).has_value());
    CHECK(parse_error(with_section(1, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00})) ==
          WasmError::kIntegerTooLong);
    // The fifth byte of a u32 may only use its low 4 bits.
    CHECK(parse_error(with_section(1, {0x80, 0x80, 0x80, 0x80, 0x10})) ==
          WasmError::kIntegerTooLarge);
    // i32.const with a 5-byte encoding whose unused bits are not sign copies.
    CHECK(parse_module(one_function(cat({{0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, {0x1A}})))
              .has_value());
    CHECK(parse_module(one_function(cat({{0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, {0x1A}})))
              .has_value());  // parse succeeds at the section level: bodies decode later
    CHECK(validate_error(one_function(cat({{0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, {0x1A}}))) ==
          WasmError::kIntegerTooLarge);
}

TEST_CASE("parser: sections", "[rwasm][parse]")
{
    CHECK(parse_error(with_section(14, {})) == WasmError::kMalformedSectionId);
    // Function section says one function, no code section.
    CHECK(parse_error(cat({with_section(1, {0x01, 0x60, 0x00, 0x00}), {0x03, 0x02, 0x01, 0x00}})) ==
          WasmError::kFunctionCodeMismatch);
    // A section whose content is longer than its contents parse to.
    CHECK(parse_error(with_section(1, {0x00, 0x00})) == WasmError::kSectionSizeMismatch);
    // Out of order: memory (5) before type (1).
    Bytes twice = with_section(5, {0x00});
    twice.insert(twice.end(), {0x01, 0x01, 0x00});
    CHECK(parse_error(twice) == WasmError::kSectionOrder);
    // Names must be UTF-8: an export named with a lone continuation byte.
    CHECK(parse_error(with_section(7, {0x01, 0x01, 0x80, 0x00, 0x00})) ==
          WasmError::kMalformedUtf8);
}

TEST_CASE("parser: out-of-scope features are refused by name", "[rwasm][parse]")
{
    // SIMD: a v128 parameter, and the 0xFD prefix.
    CHECK(parse_error(with_section(1, {0x01, 0x60, 0x01, 0x7B, 0x00})) ==
          WasmError::kUnsupportedSimd);
    CHECK(validate_error(one_function({0xFD, 0x0C})) == WasmError::kUnsupportedSimd);
    // Threads: a shared memory (limits flag 3) and the 0xFE prefix.
    CHECK(parse_error(with_section(5, {0x01, 0x03, 0x01, 0x02})) == WasmError::kUnsupportedThreads);
    CHECK(validate_error(one_function({0xFE, 0x00})) == WasmError::kUnsupportedThreads);
    // memory64 (limits flag 4), exceptions (tag section 13, try opcode), tail calls.
    CHECK(parse_error(with_section(5, {0x01, 0x04, 0x01})) == WasmError::kUnsupportedMemory64);
    CHECK(parse_error(with_section(13, {0x00})) == WasmError::kUnsupportedExceptions);
    CHECK(validate_error(one_function({0x06, 0x40, 0x0B})) == WasmError::kUnsupportedExceptions);
    CHECK(validate_error(one_function({0x12, 0x00})) == WasmError::kUnsupportedTailCall);
    // Multi-memory: two memories.
    CHECK(validate_error(with_section(5, {0x02, 0x00, 0x01, 0x00, 0x01})) ==
          WasmError::kMultipleMemories);
    // GC: a struct type in the type section.
    CHECK(parse_error(with_section(1, {0x01, 0x5F, 0x00})) == WasmError::kUnsupportedGc);
    // Every refusal has a message naming its feature.
    CHECK(std::strstr(to_string(WasmError::kUnsupportedSimd), "SIMD") != nullptr);
    CHECK(std::strstr(to_string(WasmError::kUnsupportedThreads), "threads") != nullptr);
    CHECK(std::strstr(to_string(WasmError::kUnsupportedMemory64), "memory64") != nullptr);
}

TEST_CASE("validator: operand and control typing", "[rwasm][validate]")
{
    // () -> () body leaving an i32 on the stack.
    CHECK(validate_error(one_function(i32_const(1))) == WasmError::kTypeMismatch);
    // i32.add with one operand.
    CHECK(validate_error(one_function(cat({i32_const(1), {0x6A, 0x1A}}))) ==
          WasmError::kTypeMismatch);
    // i32.add of i64 operands.
    CHECK(validate_error(one_function(cat({i64_const(1), i64_const(2), {0x6A, 0x1A}}))) ==
          WasmError::kTypeMismatch);
    // br to a label that does not exist.
    CHECK(validate_error(one_function(br(1))) == WasmError::kUnknownLabel);
    // local 0 of a function without locals.
    CHECK(validate_error(one_function(cat({local_get(0), {0x1A}}))) == WasmError::kUnknownLocal);
    // Unreachable code is polymorphic: `unreachable; i32.add; drop` is valid.
    auto ok = parse_module(one_function({0x00, 0x6A, 0x1A}));
    REQUIRE(ok.has_value());
    CHECK(validate_module(*ok).has_value());
    // A load without a memory; a load with alignment above natural.
    CHECK(validate_error(one_function(cat({i32_const(0), {0x28, 0x02, 0x00, 0x1A}}))) ==
          WasmError::kUnknownMemory);
}

TEST_CASE("validator: locals are bounded", "[rwasm][validate][limits]")
{
    // One run of kMaxLocals + 1 i32 locals.
    Bytes code_section;
    Bytes body;
    body.push_back(0x01);
    leb_u(body, uint64_t{kMaxLocals} + 1);
    body.push_back(0x7F);
    body.push_back(0x0B);
    code_section.push_back(0x01);
    leb_u(code_section, body.size());
    code_section.insert(code_section.end(), body.begin(), body.end());
    Bytes wasm = cat({with_section(1, {0x01, 0x60, 0x00, 0x00}), {0x03, 0x02, 0x01, 0x00}});
    wasm.push_back(0x0A);
    leb_u(wasm, code_section.size());
    wasm.insert(wasm.end(), code_section.begin(), code_section.end());
    CHECK(parse_error(wasm) == WasmError::kTooManyLocals);
}
