// SPDX-License-Identifier: Apache-2.0
// Each bound of rwasm/limits.hpp that a module or a run can hit, at its edge.
#include "rwasm/limits.hpp"

#include "tests/rwasm/test_support.hpp"
#include "tests/rwasm/wasm_builder.hpp"

using namespace blend;
using namespace blend::rwasm;
using namespace blend::rwasm::test;

namespace {

/// depth(n) = n == 0 ? 0 : 1 + depth(n - 1), with `locals` extra i64 locals per frame.
RwasmModule depth_module(uint32_t locals)
{
    ModuleBuilder b;
    const uint32_t t = b.type({I32}, {I32});
    const Bytes body = cat({local_get(0),
                            {0x45, 0x04, 0x7F},
                            i32_const(0),
                            {0x05},  // if n==0: 0
                            local_get(0),
                            i32_const(1),
                            {0x6B},
                            call(0),
                            i32_const(1),
                            {0x6A, 0x0B}});  // else depth(n-1)+1 end
    b.export_function("depth", b.function(t, std::vector<uint8_t>(locals, I64), body));
    return compile_ok(b.build());
}

RunResult run_depth(const RwasmModule& m, uint32_t n, uint64_t* result = nullptr)
{
    Vm vm(m);
    NoHost host;
    REQUIRE(vm.instantiate(host).status == RunStatus::kFinished);
    const std::vector<uint64_t> args{n};
    const RunResult r = vm.invoke(export_index(m, "depth"), args, host);
    if (result != nullptr && r.status == RunStatus::kFinished)
        *result = vm.results()[0];
    return r;
}

}  // namespace

TEST_CASE("limits: call depth is kMaxCallDepth frames", "[rwasm][limits]")
{
    const RwasmModule m = depth_module(0);
    uint64_t result = 0;
    // depth(n) nests n calls below the invoked one: n frames.
    REQUIRE(run_depth(m, kMaxCallDepth, &result).status == RunStatus::kFinished);
    CHECK(result == kMaxCallDepth);
    const RunResult over = run_depth(m, kMaxCallDepth + 1);
    CHECK(over.status == RunStatus::kTrapped);
    CHECK(over.trap == TrapCode::kStackOverflow);
}

TEST_CASE("limits: the value stack is kMaxStackSlots slots", "[rwasm][limits]")
{
    // Frames of 40 000 locals: the stack holds three of them, not four, long before the call
    // depth limit.
    constexpr uint32_t kLocals = 40'000;
    static_assert(3 * kLocals < kMaxStackSlots && 4 * kLocals > kMaxStackSlots);
    const RwasmModule m = depth_module(kLocals);
    CHECK(run_depth(m, 1).status == RunStatus::kFinished);
    const RunResult r = run_depth(m, 4);
    CHECK(r.status == RunStatus::kTrapped);
    CHECK(r.trap == TrapCode::kStackOverflow);
}

TEST_CASE("limits: input size, frame height", "[rwasm][limits]")
{
    Bytes huge(kMaxWasmSize + 1, 0);
    const Bytes magic{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    std::copy(magic.begin(), magic.end(), huge.begin());
    auto parsed = parse_module(huge);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error() == WasmError::kLimitExceeded);

    // A function that pushes kMaxFunctionStackHeight + 1 operands is refused by the compiler.
    ModuleBuilder b;
    const uint32_t t = b.type({}, {});
    Bytes body;
    for (uint32_t i = 0; i <= kMaxFunctionStackHeight; ++i)
        body.insert(body.end(), {0x41, 0x00});
    for (uint32_t i = 0; i <= kMaxFunctionStackHeight; ++i)
        body.push_back(0x1A);
    b.function(t, {}, body);
    auto module = parse_module(b.build());
    REQUIRE(module.has_value());
    REQUIRE(validate_module(*module).has_value());
    auto compiled = compile_module(*module, NoImports{});
    REQUIRE_FALSE(compiled.has_value());
    CHECK(compiled.error() == CompileError::kLimitExceeded);
}

TEST_CASE("limits: memory grows in place up to its maximum, zero-filled", "[rwasm][limits][memory]")
{
    const std::shared_ptr<Memory> m = Memory::create(1, 3);
    REQUIRE(m->size() == kPageSize);
    uint8_t* const base = m->data();
    base[0] = 7;
    base[kPageSize - 1] = 9;
    REQUIRE(m->grow(2));
    CHECK(m->pages() == 3);
    CHECK(m->size() == 3u * kPageSize);
    CHECK(m->data() == base);  // grown in place: nothing copied, pointers stay valid
    CHECK(base[0] == 7);
    CHECK(base[kPageSize - 1] == 9);
    bool zero = true;
    for (uint64_t i = kPageSize; i < m->size(); ++i)
        zero = zero && base[i] == 0;
    CHECK(zero);
    base[m->size() - 1] = 1;  // the last byte of the last page is writable
    CHECK_FALSE(m->grow(1));  // above max_pages: refused, nothing changes
    CHECK(m->pages() == 3);
    CHECK(m->grow(0));
    // No pages at all still has a valid base (bulk ops of 0 bytes take its address).
    const std::shared_ptr<Memory> empty = Memory::create(0, 0);
    CHECK(empty->data() != nullptr);
    CHECK(empty->size() == 0);
    CHECK_FALSE(empty->grow(1));
    // The largest memory an instance may have.
    const std::shared_ptr<Memory> big = Memory::create(0, kMaxMemoryPages);
    REQUIRE(big->grow(kMaxMemoryPages));
    big->data()[uint64_t{kMaxMemoryPages} * kPageSize - 1] = 1;
    CHECK(big->size() == uint64_t{kMaxMemoryPages} * kPageSize);
}
