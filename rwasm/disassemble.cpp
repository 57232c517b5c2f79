// SPDX-License-Identifier: Apache-2.0
// Text form of the code section, generated from the opcode list (names and immediate kinds).
#include "rwasm/module.hpp"

#include <cstdio>

namespace blend::rwasm {

std::string disassemble(const RwasmModule& module)
{
    std::string out;
    char line[128];
    for (size_t pc = 0; pc < module.code.size(); ++pc) {
        const Instr& in = module.code[pc];
        const OpcodeInfo& oi = info(in.op);
        int n = 0;
        switch (oi.imm) {
        case ImmKind::kNone:
            n = std::snprintf(line, sizeof(line), "%6zu: %s\n", pc, oi.name);
            break;
        case ImmKind::kU32:
            n = std::snprintf(line, sizeof(line), "%6zu: %s %u\n", pc, oi.name, in.a);
            break;
        case ImmKind::kU64:
            n = std::snprintf(line, sizeof(line), "%6zu: %s 0x%llx\n", pc, oi.name,
                              static_cast<unsigned long long>(in.b));
            break;
        case ImmKind::kU32x2:
            n = std::snprintf(line, sizeof(line), "%6zu: %s %u %u\n", pc, oi.name, in.a,
                              static_cast<unsigned>(in.b));
            break;
        case ImmKind::kBranch:
            n = std::snprintf(line, sizeof(line), "%6zu: %s %+d -> %lld drop=%u keep=%u\n", pc,
                              oi.name, static_cast<int32_t>(in.a),
                              static_cast<long long>(pc) + static_cast<int32_t>(in.a),
                              static_cast<unsigned>(in.b >> 32), static_cast<unsigned>(in.b));
            break;
        case ImmKind::kEnter:
            n = std::snprintf(line, sizeof(line), "%6zu: %s params=%u locals=%u max=%u\n", pc,
                              oi.name, in.a, static_cast<unsigned>(in.b >> 32),
                              static_cast<unsigned>(in.b));
            break;
        }
        if (n > 0)
            out.append(line, static_cast<size_t>(n) < sizeof(line) ? static_cast<size_t>(n)
                                                                   : sizeof(line) - 1);
    }
    return out;
}

}  // namespace blend::rwasm
