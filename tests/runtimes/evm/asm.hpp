// SPDX-License-Identifier: Apache-2.0
// A few helpers to write EVM bytecode in tests: opcodes by name, PUSH of the shortest width.
#pragma once

#include "runtimes/evm/opcodes.hpp"
#include "runtimes/evm/u256.hpp"

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace blend::evm::test {

class Asm {
public:
    Asm& op(Opcode o)
    {
        code_.push_back(static_cast<uint8_t>(o));
        return *this;
    }
    Asm& raw(std::initializer_list<uint8_t> bytes)
    {
        code_.insert(code_.end(), bytes.begin(), bytes.end());
        return *this;
    }
    /// PUSHn with the shortest n >= 1 that holds v.
    Asm& push(const U256& v)
    {
        unsigned n = count_significant_bytes(v);
        if (n == 0)
            n = 1;
        return push_n(n, v);
    }
    /// PUSHn with exactly n bytes (1..32).
    Asm& push_n(unsigned n, const U256& v)
    {
        uint8_t be[32];
        v.to_be_bytes(be);
        code_.push_back(static_cast<uint8_t>(static_cast<unsigned>(Opcode::kPush1) + n - 1));
        code_.insert(code_.end(), be + 32 - n, be + 32);
        return *this;
    }
    /// Stores the top of the stack at memory 0 and returns those 32 bytes.
    Asm& return_top()
    {
        push(0).op(Opcode::kMstore).push(32).push(0).op(Opcode::kReturn);
        return *this;
    }
    [[nodiscard]] size_t size() const { return code_.size(); }
    [[nodiscard]] const std::vector<uint8_t>& code() const { return code_; }

private:
    std::vector<uint8_t> code_;
};

/// A U256 from a hex string (no 0x, up to 64 digits).
inline U256 word(std::string_view hex)
{
    U256 r;
    for (char c : hex) {
        const unsigned d = c >= 'a'   ? static_cast<unsigned>(c - 'a' + 10)
                           : c >= 'A' ? static_cast<unsigned>(c - 'A' + 10)
                                      : static_cast<unsigned>(c - '0');
        r = (r << 4) | U256{d};
    }
    return r;
}

}  // namespace blend::evm::test
