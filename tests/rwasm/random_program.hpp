// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rwasm/compile.hpp"
#include "rwasm/u256_builtins.hpp"
#include "tests/rwasm/wasm_builder.hpp"

#include <climits>

#include <cstdint>
#include <random>
#include <string>

/// Random valid Wasm programs for differential tests, the fuzzer and the compile-speed benchmark:
/// arithmetic, locals, tee, select, loads/stores, bulk memory, the 256-bit builtins, blocks,
/// if/else, bounded loops, br_if with values, br_table, calls, host calls, and the traps these
/// can raise.
namespace blend::rwasm::test {

constexpr uint32_t kAskId = 1;  ///< env.ask(i64) -> i64: suspends
constexpr uint32_t kAddId = 2;  ///< env.add(i64, i64) -> i64: returns at once

class RandomProgramResolver final : public ImportResolver {
public:
    std::optional<ResolvedFunction> function(std::string_view module,
                                             std::string_view name) const override
    {
        if (module == "env" && name == "ask")
            return ResolvedFunction{kAskId, {{ValType::kI64}, {ValType::kI64}}};
        if (module == "env" && name == "add")
            return ResolvedFunction{kAddId, {{ValType::kI64, ValType::kI64}, {ValType::kI64}}};
        return std::nullopt;
    }
};

// Function indices: imports ask=0, add=1, the 256-bit builtins 2..8 (kU256Builtins order); then
// helper=9, run=10.
constexpr uint32_t kAsk = 0, kAdd = 1, kU256First = 2;
constexpr uint32_t kHelper = kU256First + static_cast<uint32_t>(kU256Builtins.size());
// run(i64 p0, i32 p1): i32 locals 1..4, i64 locals 0 and 5..7; 8..10 are loop counters.
constexpr uint32_t kI32Locals[] = {1, 2, 3, 4};
constexpr uint32_t kI64Locals[] = {0, 5, 6, 7};
constexpr uint32_t kCounterBase = 8;
constexpr uint32_t kMaxLoopNesting = 3;

enum class RandType { k32, k64 };

inline void append(Bytes& out, const Bytes& more)
{
    out.insert(out.end(), more.begin(), more.end());
}

class Generator {
public:
    explicit Generator(uint64_t seed) : rng_(seed) {}

    Bytes program()
    {
        Bytes body;
        const int statements = 3 + pick(8);
        for (int i = 0; i < statements; ++i)
            stmt(body, 3);
        // Result: every local folded into one i64.
        append(body, local_get(kI64Locals[0]));
        for (uint32_t i = 1; i < 4; ++i)
            append(body, cat({local_get(kI64Locals[i]), Bytes{0x85}}));
        for (const uint32_t l : kI32Locals)
            append(body, cat({local_get(l), Bytes{0xAD, 0x85}}));
        return body;
    }

private:
    int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

    uint32_t local(RandType t)
    {
        return t == RandType::k32 ? kI32Locals[pick(4)] : kI64Locals[pick(4)];
    }

    void constant(Bytes& out, RandType t)
    {
        static constexpr int64_t kInteresting[] = {
            0, 1, 2, -1, 7, 31, 32, 63, 64, 0x7FFFFFFF, INT32_MIN, 0xFFF, INT64_MIN, INT64_MAX};
        const int64_t v = pick(3) == 0
                              ? static_cast<int64_t>(rng_())
                              : kInteresting[pick(static_cast<int>(std::size(kInteresting)))];
        append(out, t == RandType::k32 ? i32_const(static_cast<int32_t>(v)) : i64_const(v));
    }

    /// An i32 address, usually masked into the first page (loads/stores then mostly succeed).
    void address(Bytes& out, int depth)
    {
        expr(out, RandType::k32, depth);
        if (pick(16) != 0)
            append(out, cat({i32_const(0xFF8), Bytes{0x71}}));
    }

    static Bytes memarg(uint8_t op, uint32_t align, uint32_t offset)
    {
        Bytes out{op};
        leb_u(out, align);
        leb_u(out, offset);
        return out;
    }

    void expr(Bytes& out, RandType t, int depth)
    {
        if (depth <= 0 || pick(5) == 0) {
            if (pick(2) == 0)
                constant(out, t);
            else
                append(out, local_get(local(t)));
            return;
        }
        const RandType u = pick(2) == 0 ? RandType::k32 : RandType::k64;
        switch (pick(14)) {
        case 0:
        case 1:
        case 2: {  // binary arithmetic (twice as likely as the rest)
            static constexpr uint8_t k32[] = {0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73,
                                              0x74, 0x75, 0x76, 0x77, 0x78};
            static constexpr uint8_t k64[] = {0x7C, 0x7D, 0x7E, 0x83, 0x84, 0x85,
                                              0x86, 0x87, 0x88, 0x89, 0x8A};
            expr(out, t, depth - 1);
            expr(out, t, depth - 1);
            out.push_back(t == RandType::k32 ? k32[pick(11)] : k64[pick(11)]);
            return;
        }
        case 3: {  // division: traps on 0 and on INT_MIN / -1
            expr(out, t, depth - 1);
            expr(out, t, depth - 1);
            if (pick(2) == 0)
                append(out, t == RandType::k32 ? cat({i32_const(1), Bytes{0x72}})
                                               : cat({i64_const(1), Bytes{0x84}}));
            out.push_back(static_cast<uint8_t>((t == RandType::k32 ? 0x6D : 0x7F) + pick(4)));
            return;
        }
        case 4:
            if (t == RandType::k32) {  // compare
                expr(out, u, depth - 1);
                expr(out, u, depth - 1);
                out.push_back(static_cast<uint8_t>((u == RandType::k32 ? 0x46 : 0x51) + pick(10)));
            } else {
                expr(out, RandType::k32, depth - 1);
                out.push_back(pick(2) == 0 ? 0xAC : 0xAD);  // extend_i32_s/u
            }
            return;
        case 5:
            if (t == RandType::k32) {  // eqz, or wrap
                expr(out, u, depth - 1);
                out.push_back(u == RandType::k32 ? 0x45 : (pick(2) == 0 ? 0x50 : 0xA7));
            } else {
                expr(out, t, depth - 1);
                out.push_back(0x79 + pick(3));  // i64 clz/ctz/popcnt
            }
            return;
        case 6: {
            expr(out, t, depth - 1);
            append(out, op_idx(0x22, local(t)));  // local.tee
            return;
        }
        case 7:
            expr(out, t, depth - 1);
            expr(out, t, depth - 1);
            expr(out, RandType::k32, depth - 1);
            out.push_back(0x1B);  // select
            return;
        case 8:
            address(out, depth - 1);
            if (t == RandType::k32) {
                static constexpr uint8_t kOps[] = {0x28, 0x2C, 0x2D, 0x2E, 0x2F};
                append(out, memarg(kOps[pick(5)], 0, static_cast<uint32_t>(pick(3) * 4)));
            } else {
                static constexpr uint8_t kOps[] = {0x29, 0x30, 0x33, 0x34, 0x35};
                append(out, memarg(kOps[pick(5)], 0, static_cast<uint32_t>(pick(3) * 4)));
            }
            return;
        case 9:  // call the helper
            expr(out, RandType::k32, depth - 1);
            expr(out, RandType::k64, depth - 1);
            append(out, call(kHelper));
            if (t == RandType::k32)
                out.push_back(0xA7);
            return;
        case 10:  // host calls
            expr(out, RandType::k64, depth - 1);
            if (pick(2) == 0) {
                append(out, call(kAsk));
            } else {
                expr(out, RandType::k64, depth - 1);
                append(out, call(kAdd));
            }
            if (t == RandType::k32)
                out.push_back(0xA7);
            return;
        case 11: {  // block (result t): br_if out with a value, else drop it and compute another
            append(out, Bytes{0x02, static_cast<uint8_t>(t == RandType::k32 ? I32 : I64)});
            expr(out, t, depth - 1);
            expr(out, RandType::k32, depth - 1);
            append(out, br_if(0));
            out.push_back(0x1A);
            expr(out, t, depth - 1);
            out.push_back(0x0B);
            return;
        }
        case 12:  // if/else with a result
            expr(out, RandType::k32, depth - 1);
            append(out, Bytes{0x04, static_cast<uint8_t>(t == RandType::k32 ? I32 : I64)});
            expr(out, t, depth - 1);
            out.push_back(0x05);
            expr(out, t, depth - 1);
            out.push_back(0x0B);
            return;
        default:
            constant(out, t);
            return;
        }
    }

    void block_body(Bytes& out, int depth)
    {
        const int n = 1 + pick(3);
        for (int i = 0; i < n; ++i)
            stmt(out, depth - 1);
    }

    void stmt(Bytes& out, int depth)
    {
        const RandType t = pick(2) == 0 ? RandType::k32 : RandType::k64;
        const int choice = depth <= 0 ? pick(3) : pick(9);
        switch (choice) {
        case 0:
            expr(out, t, 3);
            append(out, local_set(local(t)));
            return;
        case 1: {
            address(out, 2);
            expr(out, t, 3);
            static constexpr uint8_t k32[] = {0x36, 0x3A, 0x3B};
            static constexpr uint8_t k64[] = {0x37, 0x3C, 0x3D, 0x3E};
            const uint8_t op = t == RandType::k32 ? k32[pick(3)] : k64[pick(4)];
            Bytes m{op};
            leb_u(m, 0);
            leb_u(m, static_cast<uint64_t>(pick(3) * 4));
            append(out, m);
            return;
        }
        case 2:
            expr(out, t, 3);
            out.push_back(0x1A);  // drop
            return;
        case 3:
            expr(out, RandType::k32, 2);
            append(out, Bytes{0x04, 0x40});
            block_body(out, depth);
            out.push_back(0x05);
            block_body(out, depth);
            out.push_back(0x0B);
            return;
        case 4: {  // bounded loop on a reserved counter
            if (loops_ >= kMaxLoopNesting)
                return;
            const uint32_t c = kCounterBase + loops_++;
            append(out, cat({i32_const(1 + pick(4)), local_set(c), Bytes{0x03, 0x40}}));
            block_body(out, depth);
            append(out, cat({local_get(c), i32_const(1), Bytes{0x6B}, op_idx(0x22, c), br_if(0),
                             Bytes{0x0B}}));
            --loops_;
            return;
        }
        case 5:  // block left early by br_if
            append(out, Bytes{0x02, 0x40});
            block_body(out, depth);
            expr(out, RandType::k32, 2);
            append(out, br_if(0));
            block_body(out, depth);
            out.push_back(0x0B);
            return;
        case 6: {  // br_table over three nested blocks
            append(out, Bytes{0x02, 0x40, 0x02, 0x40, 0x02, 0x40});
            expr(out, RandType::k32, 2);
            append(out, Bytes{0x0E, 0x02, 0x00, 0x01, 0x02, 0x0B});
            block_body(out, depth);
            out.push_back(0x0B);
            block_body(out, depth);
            out.push_back(0x0B);
            return;
        }
        case 7:  // memory.fill / memory.copy: the stack-form ops; or a 256-bit builtin
            if (pick(2) == 0) {
                u256_builtin(out);
                return;
            }
            append(out, cat({i32_const(pick(4096)), i32_const(pick(256)), i32_const(pick(200))}));
            if (pick(2) == 0)
                append(out, Bytes{0xFC, 0x0B, 0x00});
            else
                append(out, Bytes{0xFC, 0x0A, 0x00, 0x00});
            return;
        default:
            if (pick(8) == 0) {
                append(out, cat({i32_const(1), Bytes{0x40, 0x00, 0x1A}}));  // memory.grow
                return;
            }
            expr(out, t, 4);
            append(out, local_set(local(t)));
            return;
        }
    }

    /// A call of a random builtin on words in the first 4 KiB (overlapping at times), now and
    /// then one at the end of the one-page memory or past it (kMemoryOutOfBounds) or one computed
    /// from a local.
    void u256_builtin(Bytes& out)
    {
        const uint32_t which = static_cast<uint32_t>(pick(static_cast<int>(kU256Builtins.size())));
        for (uint32_t i = 0; i < kU256Builtins[which].params; ++i) {
            const int kind = pick(16);
            if (kind == 0)
                append(out, i32_const(65536 - 32 + pick(40)));
            else if (kind == 1)
                append(out, cat({local_get(kI32Locals[pick(4)]), i32_const(4095), Bytes{0x71}}));
            else
                append(out, i32_const(pick(128) * 32 + (pick(4) == 0 ? pick(32) : 0)));
        }
        append(out, call(kU256First + which));
    }

    std::mt19937_64 rng_;
    uint32_t loops_ = 0;
};

/// A module importing env.ask/env.add and the 256-bit builtins, with helper() and `functions`
/// random functions run(i64, i32) -> i64 (exported as "run", "run1", ...).
inline Bytes random_module(uint64_t seed, uint32_t functions = 1)
{
    ModuleBuilder b;
    const uint32_t ask_t = b.type({I64}, {I64});
    const uint32_t add_t = b.type({I64, I64}, {I64});
    const uint32_t helper_t = b.type({I32, I64}, {I64});
    const uint32_t run_t = b.type({I64, I32}, {I64});
    b.import_function("env", "ask", ask_t);
    b.import_function("env", "add", add_t);
    const uint32_t u3_t = b.type({I32, I32, I32}, {});
    const uint32_t u4_t = b.type({I32, I32, I32, I32}, {});
    for (const U256Builtin& bi : kU256Builtins)
        b.import_function(std::string(kU256ImportModule), std::string(bi.name),
                          bi.params == 3 ? u3_t : u4_t);
    b.memory(1);
    // helper(x, y) = loop x&7 times: y = y * 31 + x; return y.
    b.function(
        helper_t, {I32},
        cat({local_get(0),      i32_const(7), Bytes{0x71},  local_set(2),      Bytes{0x02, 0x40},
             Bytes{0x03, 0x40}, local_get(2), Bytes{0x45},  br_if(1),          local_get(1),
             i64_const(31),     Bytes{0x7E},  local_get(0), Bytes{0xAC, 0x7C}, local_set(1),
             local_get(2),      i32_const(1), Bytes{0x6B},  local_set(2),      br(0),
             Bytes{0x0B},       Bytes{0x0B},  local_get(1)}));
    Generator g(seed);
    for (uint32_t i = 0; i < functions; ++i) {
        const uint32_t run =
            b.function(run_t, {I32, I32, I32, I64, I64, I64, I32, I32, I32}, g.program());
        b.export_function(i == 0 ? std::string("run") : "run" + std::to_string(i), run);
    }
    return b.build();
}

}  // namespace blend::rwasm::test
