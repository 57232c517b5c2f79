// SPDX-License-Identifier: Apache-2.0
#include "core/keccak.hpp"
#include "core/types/header.hpp"

#include <openssl/evp.h>

namespace blend {

Result<Hash, HeaderError> block_hash(const Header& header)
{
    BLEND_TRY(const Bytes encoded, encode_header(header));
    return keccak256(encoded);
}

namespace {

// A SHA-256 context for EIP-7685 (the only SHA-256 in the header).
class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new())
    {
        BLEND_ASSERT(ctx_ != nullptr);
        BLEND_ASSERT(EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) == 1);
    }
    ~Sha256() { EVP_MD_CTX_free(ctx_); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(BytesView data)
    {
        BLEND_ASSERT(EVP_DigestUpdate(ctx_, data.data(), data.size()) == 1);
    }
    Hash finish()
    {
        Hash out;
        unsigned int size = 0;
        BLEND_ASSERT(EVP_DigestFinal_ex(ctx_, out.data(), &size) == 1);
        BLEND_ASSERT(size == Hash::kSize);
        return out;
    }

private:
    EVP_MD_CTX* ctx_;
};

}  // namespace

Hash requests_hash(std::span<const Bytes> requests)
{
    // EIP-7685: sha256(sha256(r) for each r with len(r) > 1), r = request_type ‖ request_data.
    Sha256 outer;
    for (const Bytes& request : requests) {
        if (request.size() <= 1)
            continue;
        Sha256 inner;
        inner.update(request);
        outer.update(inner.finish().view());
    }
    return outer.finish();
}

}  // namespace blend
