// SPDX-License-Identifier: Apache-2.0
#include "rwasm/module.hpp"
#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

RwasmModule sample()
{
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    // A loop with a conditional branch, a call and memory access.
    const Bytes body = cat({
        {0x02, 0x40, 0x03, 0x40},
        local_get(0),
        {0x45},
        br_if(1),
        local_get(0),
        i32_const(1),
        {0x6B},
        local_set(0),
        i32_const(16),
        local_get(0),
        {0x36, 0x02, 0x00},  // i32.store
        br(0),
        {0x0B, 0x0B},
        i32_const(16),
        {0x28, 0x02, 0x00},
    });
    const uint32_t f = b.function(t, {}, body);
    b.export_function("run", b.function(t, {}, cat({local_get(0), call(f)})));
    b.memory(1);
    return compile_ok(b.build());
}

}  // namespace

TEST_CASE("format: magic, version and a round trip", "[rwasm][format]")
{
    const RwasmModule m = sample();
    const Bytes encoded = encode_module(m);
    REQUIRE(encoded.size() > 3);
    CHECK(encoded[0] == 0xEF);
    CHECK(encoded[1] == 0x52);
    CHECK(encoded[2] == kFormatVersion);
    auto loaded = load_module(encoded);
    REQUIRE(loaded.has_value());
    CHECK(*loaded == m);
    CHECK(encode_module(*loaded) == encoded);
}

TEST_CASE("format: the decoder is strict", "[rwasm][format]")
{
    const Bytes encoded = encode_module(sample());
    // Every proper prefix is rejected.
    for (size_t n = 0; n < encoded.size(); ++n)
        CHECK_FALSE(decode_module(BytesView(encoded.data(), n)).has_value());
    // Trailing bytes are rejected.
    Bytes longer = encoded;
    longer.push_back(0);
    auto trailing = decode_module(longer);
    REQUIRE_FALSE(trailing.has_value());
    CHECK(trailing.error() == DecodeError::kTrailingBytes);
    Bytes bad_version = encoded;
    bad_version[2] = 0x7F;
    CHECK(decode_module(bad_version).error() == DecodeError::kBadVersion);
    Bytes bad_magic = encoded;
    bad_magic[1] = 0x44;
    CHECK(decode_module(bad_magic).error() == DecodeError::kBadMagic);
}

TEST_CASE("format: any corrupted module loads or is rejected, and what loads runs safely",
          "[rwasm][format][verify]")
{
    const Bytes encoded = encode_module(sample());
    NoHost host;
    uint64_t rejected = 0, loaded = 0;
    uint64_t state = 0x9E3779B97F4A7C15ull;  // xorshift64: a fixed, reproducible sequence
    for (int round = 0; round < 3000; ++round) {
        Bytes corrupt = encoded;
        for (int k = 0; k < 1 + round % 3; ++k) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            corrupt[state % corrupt.size()] ^= static_cast<uint8_t>(1u << ((state >> 32) % 8));
        }
        auto m = load_module(corrupt);
        if (!m) {
            ++rejected;
            continue;
        }
        ++loaded;
        Vm vm(*m);
        vm.set_fuel_limit(100'000);
        if (vm.instantiate(host).status != RunStatus::kFinished)
            continue;
        for (uint32_t f = 0; f < m->functions.size(); ++f) {
            const FuncType& t = m->types[m->functions[f].type];
            const std::vector<uint64_t> args(t.params.size(), 3);
            (void)vm.invoke(f, args, host);
        }
    }
    CHECK(rejected > 0);
    CHECK(loaded + rejected == 3000);
}

TEST_CASE("verify: branch targets, indices and stack discipline", "[rwasm][verify]")
{
    const RwasmModule good = sample();
    REQUIRE(verify_module(good).has_value());
    auto find = [&](Opcode op) {
        for (size_t pc = 0; pc < good.code.size(); ++pc)
            if (good.code[pc].op == op)
                return pc;
        FAIL("opcode not found");
        return size_t{0};
    };
    {
        RwasmModule m = good;
        m.code[find(Opcode::kBr)].a = 0x7FFFFFFF;  // far outside the function
        CHECK(verify_module(m).error() == DecodeError::kBadBranch);
    }
    {
        RwasmModule m = good;
        m.code[find(Opcode::kLocalGet)].a = 1000;  // no such local
        CHECK(verify_module(m).error() == DecodeError::kBadIndex);
    }
    {
        RwasmModule m = good;
        m.code[find(Opcode::kI32Eqz)].op = Opcode::kDrop;  // br_if then pops an empty stack
        CHECK(verify_module(m).error() == DecodeError::kBadStack);
    }
    {
        RwasmModule m = good;
        Instr& enter = m.code[m.functions[0].target];
        enter.b = (enter.b & ~uint64_t{0xFFFFFFFF}) | 1;  // declared max below what it uses
        CHECK(verify_module(m).error() == DecodeError::kBadStack);
    }
    {
        RwasmModule m = good;
        m.code[find(Opcode::kCall)].a += 1;  // into the middle of a function
        CHECK(verify_module(m).error() == DecodeError::kBadIndex);
    }
}

TEST_CASE("disassembler: one line per instruction, names from the opcode list", "[rwasm][disasm]")
{
    const RwasmModule m = sample();
    const std::string text = disassemble(m);
    size_t lines = 0;
    for (const char c : text)
        lines += c == '\n' ? 1 : 0;
    CHECK(lines == m.code.size());
    CHECK(text.find("Enter params=1") != std::string::npos);
    CHECK(text.find("BrIfNez") != std::string::npos);
    CHECK(text.find("I32Store 0") != std::string::npos);
    CHECK(std::string(info(Opcode::kI64Add).name) == "I64Add");
    CHECK(info(Opcode::kCall).fuel > info(Opcode::kI32Add).fuel);
}

TEST_CASE("format: opcode bytes are the ones docs/rwasm-format.md §6 publishes", "[rwasm][format]")
{
    // The wire byte of an opcode is its position in the one opcode list; reordering the list
    // changes the format and needs a new kFormatVersion.
    CHECK(kOpcodeCount == 200);
    CHECK(static_cast<uint8_t>(Opcode::kUnreachable) == 0x00);
    CHECK(static_cast<uint8_t>(Opcode::kEnter) == 0x02);
    CHECK(static_cast<uint8_t>(Opcode::kDataDrop) == 0x21);
    CHECK(static_cast<uint8_t>(Opcode::kI32Load) == 0x22);
    CHECK(static_cast<uint8_t>(Opcode::kI32Eqz) == 0x39);
    CHECK(static_cast<uint8_t>(Opcode::kI64Add) == 0x70);
    CHECK(static_cast<uint8_t>(Opcode::kI64TruncSatF64U) == 0xC0);
    CHECK(static_cast<uint8_t>(Opcode::kU256Mul) == 0xC1);
    CHECK(static_cast<uint8_t>(Opcode::kU256MulMod) == 0xC7);
    CHECK(kFormatVersion == 0x03);
}
