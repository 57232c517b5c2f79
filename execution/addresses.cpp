// SPDX-License-Identifier: Apache-2.0
#include "execution/addresses.hpp"

#include "core/keccak.hpp"
#include "core/rlp/rlp.hpp"
#include "runtimes/sdk/abi.hpp"

#include <algorithm>

namespace blend::execution {

namespace {

Address last20(const Hash& h)
{
    Address a;
    std::copy(h.bytes.begin() + 12, h.bytes.end(), a.bytes.begin());
    return a;
}

Address prefixed_hash(uint8_t prefix, const Address& who, const Hash& salt, const Hash* extra)
{
    Bytes buf;
    buf.reserve(1 + 20 + 32 + 32);
    buf.push_back(prefix);
    buf.insert(buf.end(), who.bytes.begin(), who.bytes.end());
    buf.insert(buf.end(), salt.bytes.begin(), salt.bytes.end());
    if (extra != nullptr)
        buf.insert(buf.end(), extra->bytes.begin(), extra->bytes.end());
    return last20(keccak256(buf));
}

}  // namespace

Address create_address(const Address& sender, uint64_t nonce)
{
    Bytes payload;
    rlp::encode_address(payload, sender);
    rlp::encode_uint64(payload, nonce);
    return last20(keccak256(rlp::wrap_list(payload)));
}

Address create2_address(const Address& sender, const Hash& salt, const Hash& init_code_hash)
{
    return prefixed_hash(0xff, sender, salt, &init_code_hash);
}

Address ownable_address(const Address& owner, const Hash& salt)
{
    return prefixed_hash(abi::kOwnableAddressPrefix, owner, salt, nullptr);
}

}  // namespace blend::execution
