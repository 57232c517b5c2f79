// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the strict RLP decoder. Property checked: any input either fails to
// decode or decodes to a tree whose canonical re-encoding is byte-identical to the input
// (strictness means one value has exactly one accepted encoding).
#include "core/assert.hpp"
#include "core/rlp/rlp.hpp"

#include <cstddef>
#include <cstdint>

namespace {

constexpr int kMaxDepth = 64;

// Decodes one item from `in` and appends its canonical re-encoding to `out`.
bool reencode(blend::BytesView& in, blend::Bytes& out, int depth)
{
    if (depth > kMaxDepth)
        return false;
    auto item = blend::rlp::read_item(in);
    if (!item)
        return false;
    if (!item->is_list) {
        blend::rlp::encode_string(out, item->payload);
        return true;
    }
    blend::Bytes payload;
    blend::BytesView inner = item->payload;
    while (!inner.empty())
        if (!reencode(inner, payload, depth + 1))
            return false;
    blend::rlp::encode_list(out, payload);
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    blend::BytesView in{data, size};
    blend::Bytes out;
    if (!reencode(in, out, 0) || !blend::rlp::expect_end(in))
        return 0;
    BLEND_ASSERT(out.size() == size);
    for (size_t i = 0; i < size; ++i)
        BLEND_ASSERT(out[i] == data[i]);

    // Integer readers must agree with the generic reader on the same bytes.
    blend::BytesView number_in{data, size};
    if (auto number = blend::rlp::read_uint64(number_in); number && number_in.empty()) {
        blend::Bytes encoded;
        blend::rlp::encode_uint64(encoded, *number);
        BLEND_ASSERT(encoded.size() == size);
    }
    return 0;
}
