// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the STF tests: WAT contracts built at build time (wat/*.wat →
// BLEND_STF_WAT_DIR), an in-memory pre-state, and byte builders for syscall inputs.
#pragma once

#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "execution/compile_contract.hpp"
#include "execution/executor.hpp"
#include "execution/in_memory_state.hpp"
#include "execution/journal.hpp"
#include "runtimes/sdk/abi.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace blend::execution::test {

inline Bytes read_wasm(const std::string& name)
{
    const std::string path = std::string(BLEND_STF_WAT_DIR) + "/" + name + ".wasm";
    std::FILE* f = std::fopen(path.c_str(), "rb");
    INFO("reading " << path);
    REQUIRE(f != nullptr);
    Bytes out;
    uint8_t buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.insert(out.end(), buf, buf + n);
    std::fclose(f);
    return out;
}

/// The rWasm code a deploy of `name` stores.
inline Bytes contract_code(const std::string& name)
{
    auto compiled = compile_wasm_contract(read_wasm(name));
    REQUIRE(compiled.has_value());
    return compiled->code;
}

/// Test addresses outside the precompile range: AA 00 … 00 n.
inline Address addr(uint8_t n)
{
    Address a;
    a[0] = 0xAA;
    a[19] = n;
    return a;
}

/// The precompile address 0x00…00n.
inline Address precompile(uint8_t n)
{
    Address a;
    a[19] = n;
    return a;
}

/// Tests that must hold in both runtime strategies loop over these.
inline constexpr RuntimeStrategy kBoth[] = {RuntimeStrategy::kNative,
                                            RuntimeStrategy::kInterpreter};

inline Hash word(uint64_t v)
{
    Hash h;
    for (int i = 0; i < 8; ++i)
        h[31 - i] = static_cast<uint8_t>(v >> (8 * i));
    return h;
}

/// Hex text (with or without 0x) as bytes; the test fails on malformed text.
inline Bytes hex(std::string_view text)
{
    auto b = from_hex(text);
    REQUIRE(b.has_value());
    return *b;
}

/// word(v) as 32 bytes.
inline Bytes word_bytes(uint64_t v)
{
    const Hash h = word(v);
    return Bytes(h.bytes.begin(), h.bytes.end());
}

inline void append(Bytes& out, BytesView v)
{
    out.insert(out.end(), v.begin(), v.end());
}

inline Bytes cat(std::initializer_list<BytesView> parts)
{
    Bytes out;
    for (const BytesView p : parts)
        append(out, p);
    return out;
}

inline Bytes u64_be(uint64_t v)
{
    Bytes out(8);
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
    return out;
}

/// Input for the proxy contract (wat/proxy.wat): flags ‖ syscall number ‖ payload.
inline Bytes proxy_input(uint8_t number, BytesView payload, uint8_t flags = 0)
{
    Bytes out{flags, number};
    append(out, payload);
    return out;
}
inline Bytes proxy_input(abi::Syscall number, BytesView payload, uint8_t flags = 0)
{
    return proxy_input(static_cast<uint8_t>(number), payload, flags);
}

inline constexpr uint8_t kRevertFlag = 0x80;
inline constexpr uint8_t kFuelBufferFlag = 0x40;

/// The exit code the proxy reports in its first 4 output bytes (little-endian i32).
inline int32_t proxy_exit(const Bytes& output)
{
    REQUIRE(output.size() >= 4);
    int32_t v = 0;
    std::memcpy(&v, output.data(), 4);
    return v;
}

inline Bytes proxy_data(const Bytes& output)
{
    return Bytes(output.begin() + 4, output.end());
}

inline constexpr int32_t code(abi::ExitCode c)
{
    return static_cast<int32_t>(c);
}

/// A block's worth of state for running messages directly.
struct Env {
    InMemoryState pre;
    ModuleCache modules;
    BlockContext block;
    TxContext tx;
    ExecutorLimits limits;

    Env()
    {
        block.chain_id = 1337;
        block.number = 100;
        block.timestamp = 1'700'000'000;
        block.gas_limit = 30'000'000;
        block.base_fee = 7;
        block.coinbase = addr(0xCB);
        tx.origin = addr(0xEE);
        tx.gas_price = 9;
        tx.gas_limit = 1'000'000;
    }

    void install(const Address& a, const std::string& wasm_name)
    {
        pre.set_code(a, contract_code(wasm_name));
    }

    MessageResult call(JournaledState& state,
                       const Address& to,
                       Bytes input,
                       uint64_t gas = 1'000'000,
                       const U256& value = 0,
                       const Address& caller = addr(0xEE))
    {
        Message m;
        m.kind = CallKind::kCall;
        m.caller = caller;
        m.recipient = to;
        m.code_address = to;
        m.value = value;
        m.transfer = !value.is_zero();
        m.input = std::move(input);
        m.gas = gas;
        Executor executor(state, modules, block, tx, limits);
        return executor.run(std::move(m));
    }
};

}  // namespace blend::execution::test
