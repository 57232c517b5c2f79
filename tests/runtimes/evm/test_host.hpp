// SPDX-License-Identifier: Apache-2.0
// An in-memory Host for the EVM interpreter (runtimes/evm/host.hpp), for unit tests and
// blend-bench-evm. State actions charge configurable fixed amounts (the real rules are the STF's,
// tested there), so tests can check that the interpreter subtracts exactly what the host reports
// and nothing more. Calls and creates are answered from a scripted reply.
#pragma once

#include "core/freestanding/keccak.hpp"
#include "runtimes/evm/analysis.hpp"
#include "runtimes/evm/host.hpp"
#include "runtimes/evm/interpreter.hpp"

#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace blend::evm::test {

struct LoggedEvent {
    std::vector<U256> topics;
    std::vector<uint8_t> data;
};

struct RecordedCall {
    CallParams params;
    std::vector<uint8_t> input;
    uint64_t gas_left = 0;
};

struct RecordedCreate {
    CreateParams params;
    std::vector<uint8_t> init_code;
    uint64_t gas_left = 0;
};

struct AddressLess {
    bool operator()(const Address& a, const Address& b) const
    {
        return std::memcmp(a.bytes, b.bytes, sizeof(a.bytes)) < 0;
    }
};

struct WordHash {
    size_t operator()(const U256& x) const
    {
        return static_cast<size_t>((x.words[0] ^ x.words[1] ^ x.words[2] ^ x.words[3]) *
                                   0x9E3779B97F4A7C15ull);
    }
};

class TestHost {
public:
    // Gas the host reports per action (fixed, so tests can add them up).
    uint64_t sload_gas = 0;
    uint64_t sstore_gas = 0;
    uint64_t transient_gas = 0;
    uint64_t account_gas = 0;  ///< BALANCE, EXTCODESIZE, EXTCODEHASH, EXTCODECOPY access
    uint64_t self_balance_gas = 0;
    uint64_t block_hash_gas = 0;
    uint64_t log_gas = 0;
    uint64_t call_gas = 0;  ///< charged by every call/create (own costs + child)
    uint64_t selfdestruct_gas = 0;
    /// Memory the host will hand out at most (bytes); grow_memory beyond fails.
    uint64_t memory_limit = uint64_t{64} << 20;

    Context ctx;
    std::unordered_map<U256, U256, WordHash> storage;
    std::unordered_map<U256, U256, WordHash> transient;
    std::map<Address, U256, AddressLess> balances;
    std::map<Address, std::vector<uint8_t>, AddressLess> codes;
    std::map<uint64_t, U256> block_hashes;
    std::vector<LoggedEvent> logs;
    std::vector<RecordedCall> calls;
    std::vector<RecordedCreate> creates;
    std::vector<Address> selfdestructs;

    /// Scripted reply of the next calls/creates.
    ExitCode reply_child_status = ExitCode::kOk;
    std::vector<uint8_t> reply_output;
    Address reply_address;

    const Context& context() const { return ctx; }

    WordResult sload(const U256& key, uint64_t gas_left)
    {
        if (sload_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = storage.find(key);
        return {it == storage.end() ? U256{} : it->second, ExitCode::kOk, sload_gas};
    }
    ActionResult sstore(const U256& key, const U256& value, uint64_t gas_left)
    {
        if (sstore_gas > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        storage[key] = value;
        return {ExitCode::kOk, sstore_gas};
    }
    WordResult tload(const U256& key, uint64_t gas_left)
    {
        if (transient_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = transient.find(key);
        return {it == transient.end() ? U256{} : it->second, ExitCode::kOk, transient_gas};
    }
    ActionResult tstore(const U256& key, const U256& value, uint64_t gas_left)
    {
        if (transient_gas > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        transient[key] = value;
        return {ExitCode::kOk, transient_gas};
    }
    WordResult balance(const Address& a, uint64_t gas_left)
    {
        if (account_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = balances.find(a);
        return {it == balances.end() ? U256{} : it->second, ExitCode::kOk, account_gas};
    }
    WordResult self_balance(uint64_t gas_left)
    {
        if (self_balance_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = balances.find(ctx.address);
        return {it == balances.end() ? U256{} : it->second, ExitCode::kOk, self_balance_gas};
    }
    WordResult code_size(const Address& a, uint64_t gas_left)
    {
        if (account_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = codes.find(a);
        return {U256{it == codes.end() ? 0 : it->second.size()}, ExitCode::kOk, account_gas};
    }
    WordResult code_hash(const Address& a, uint64_t gas_left)
    {
        if (account_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = codes.find(a);
        if (it == codes.end())
            return {U256{}, ExitCode::kOk, account_gas};
        uint8_t h[32];
        blend::keccak256(it->second.data(), it->second.size(), h);
        return {U256::from_be_bytes(h, 32), ExitCode::kOk, account_gas};
    }
    ActionResult code_copy(const Address& a,
                           uint64_t offset,
                           uint8_t* dst,
                           uint64_t size,
                           uint64_t gas_left)
    {
        if (account_gas > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        auto it = codes.find(a);
        for (uint64_t i = 0; i < size; ++i) {
            const bool in =
                it != codes.end() && offset < it->second.size() && i < it->second.size() - offset;
            dst[i] = in ? it->second[offset + i] : 0;
        }
        return {ExitCode::kOk, account_gas};
    }
    WordResult block_hash(uint64_t number, uint64_t gas_left)
    {
        if (block_hash_gas > gas_left)
            return {U256{}, ExitCode::kOutOfFuel, gas_left};
        auto it = block_hashes.find(number);
        return {it == block_hashes.end() ? U256{} : it->second, ExitCode::kOk, block_hash_gas};
    }
    CallResult call(const CallParams& p, uint64_t gas_left)
    {
        if (call_gas > gas_left)
            return {ExitCode::kOutOfFuel, ExitCode::kOk, gas_left};
        calls.push_back({p, std::vector<uint8_t>(p.input, p.input + p.input_size), gas_left});
        return_data_ = reply_output;
        return {ExitCode::kOk, reply_child_status, call_gas};
    }
    CreateResult create(const CreateParams& p, uint64_t gas_left)
    {
        if (call_gas > gas_left)
            return {ExitCode::kOutOfFuel, ExitCode::kOk, gas_left, {}};
        creates.push_back(
            {p, std::vector<uint8_t>(p.init_code, p.init_code + p.init_code_size), gas_left});
        if (reply_child_status == ExitCode::kOk)
            return_data_.clear();
        else
            return_data_ = reply_output;
        return {ExitCode::kOk, reply_child_status, call_gas, reply_address};
    }
    ActionResult log(const U256* topics,
                     uint64_t count,
                     const uint8_t* data,
                     uint64_t size,
                     uint64_t gas_left)
    {
        if (log_gas > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        LoggedEvent e;
        e.topics.assign(topics, topics + count);
        if (size != 0)
            e.data.assign(data, data + size);
        logs.push_back(std::move(e));
        return {ExitCode::kOk, log_gas};
    }
    ActionResult selfdestruct(const Address& beneficiary, uint64_t gas_left)
    {
        if (selfdestruct_gas > gas_left)
            return {ExitCode::kOutOfFuel, gas_left};
        selfdestructs.push_back(beneficiary);
        return {ExitCode::kOk, selfdestruct_gas};
    }
    uint64_t return_data_size() const { return return_data_.size(); }
    void return_data_copy(uint8_t* dst, uint64_t offset, uint64_t size) const
    {
        std::memcpy(dst, return_data_.data() + offset, size);
    }
    uint8_t* grow_memory(uint64_t new_size)
    {
        if (new_size > memory_limit)
            return nullptr;
        memory_.resize(new_size, 0);
        return memory_.data();
    }
    void keccak256(const uint8_t* data, uint64_t size, uint8_t* out) const
    {
        blend::keccak256(data, size, out);
    }

    void set_return_data(std::vector<uint8_t> data) { return_data_ = std::move(data); }
    /// Drops the frame's memory (a new frame starts empty).
    void reset_memory() { memory_.clear(); }

private:
    std::vector<uint8_t> return_data_;
    std::vector<uint8_t> memory_;
};

static_assert(Host<TestHost>);

/// Code prepared for execute(): padded and analysed (jump destinations and, unless
/// `with_blocks` is false, basic blocks: docs/evm.md "Basic blocks").
struct PreparedCode {
    std::vector<uint8_t> padded;
    std::vector<uint8_t> bitmap;
    std::vector<uint16_t> block_index;
    std::vector<BlockInfo> blocks;
    size_t size = 0;

    explicit PreparedCode(const std::vector<uint8_t>& code, bool with_blocks = true)
        : padded(code), bitmap(jumpdest_bitmap_size(code.size())), size(code.size())
    {
        padded.resize(code.size() + kCodePadding, 0);
        analyze(padded.data(), size, bitmap.data());
        if (with_blocks) {
            block_index.resize(size + 1);
            blocks.resize(count_blocks(padded.data(), size));
            if (!analyze_blocks(padded.data(), size, block_index.data(), blocks.data())) {
                block_index.clear();
                blocks.clear();
            }
        }
    }

    /// Sets the code fields of `msg`.
    void fill(Message& msg) const
    {
        msg.code = padded.data();
        msg.code_size = size;
        msg.jumpdest_bitmap = bitmap.data();
        msg.block_index = blocks.empty() ? nullptr : block_index.data();
        msg.blocks = blocks.empty() ? nullptr : blocks.data();
    }
};

/// Runs `code` with `input` and `gas` over `host`; the output is copied out.
struct RunResult {
    Result result;
    std::vector<uint8_t> output;
};

/// `with_blocks` false runs every opcode checked (no block table), as version-1 metadata does.
inline RunResult run(TestHost& host,
                     const std::vector<uint8_t>& code,
                     uint64_t gas,
                     const std::vector<uint8_t>& input = {},
                     bool with_blocks = true)
{
    const PreparedCode prepared(code, with_blocks);
    host.reset_memory();
    Message msg;
    prepared.fill(msg);
    msg.input = input.data();
    msg.input_size = input.size();
    msg.gas = gas;
    RunResult r;
    r.result = execute(host, msg);
    if (r.result.output_size != 0)
        r.output.assign(r.result.output, r.result.output + r.result.output_size);
    return r;
}

}  // namespace blend::evm::test
