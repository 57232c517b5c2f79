// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the trie's node codec and proof verifier, which read nodes that peers and
// RPC callers hand us (eth_getProof answers, future state sync). Properties: no crash; an accepted
// node re-encodes to its input and hashes without error; the verifier answers any byte soup with a
// value, an absence or an error, never a crash.
#include "core/assert.hpp"
#include "trie/node.hpp"
#include "trie/proof.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

// Proof input layout: 32-byte root, 32-byte key, then nodes each prefixed by a one-byte length.
constexpr size_t kWordSize = 32;
constexpr size_t kMaxProofNodes = 300;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const blend::BytesView input{data, size};
    if (auto node = blend::trie::decode_node(input)) {
        const blend::Bytes encoded = blend::trie::encode_node(*node);
        BLEND_ASSERT(encoded.size() == size && std::memcmp(encoded.data(), data, size) == 0);
        (void)blend::trie::node_hash(*node);
    }

    if (size < 2 * kWordSize)
        return 0;
    auto root = blend::field::fr_from_bytes(input.subspan(0, kWordSize));
    auto key = blend::field::fr_from_bytes(input.subspan(kWordSize, kWordSize));
    if (!root || !key)
        return 0;
    std::vector<blend::Bytes> proof;
    blend::BytesView rest = input.subspan(2 * kWordSize);
    while (!rest.empty() && proof.size() < kMaxProofNodes) {
        const size_t length = rest[0] < rest.size() - 1 ? rest[0] : rest.size() - 1;
        proof.emplace_back(rest.begin() + 1, rest.begin() + 1 + static_cast<ptrdiff_t>(length));
        rest = rest.subspan(1 + length);
    }
    (void)blend::trie::verify_proof(*root, *key, proof);
    return 0;
}
