// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: genesis.json text → parse_genesis → build_genesis. Neither may crash, leak an
// exception or trip a sanitizer on any input; an accepted genesis must be written back by
// genesis_to_json and read back to the same genesis hash (the canonical form is a fixed point).
#include "core/assert.hpp"
#include "genesis/genesis.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Small limits keep each run fast; the parser applies the same checks at any limit.
    blend::genesis::GenesisLimits limits;
    limits.max_file_size = 1 << 16;
    limits.max_accounts = 64;
    limits.max_storage_entries = 256;
    limits.max_code_size = 4096;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto genesis = blend::genesis::parse_genesis(text, limits);
    if (!genesis)
        return 0;
    auto block = blend::genesis::build_genesis(*genesis);
    if (!block)
        return 0;
    const std::string canonical = blend::genesis::genesis_to_json(*genesis);
    auto again = blend::genesis::parse_genesis(canonical);
    BLEND_ASSERT(again.has_value());
    auto block_again = blend::genesis::build_genesis(*again);
    BLEND_ASSERT(block_again.has_value() && block_again->hash == block->hash);
    return 0;
}
