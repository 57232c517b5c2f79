// SPDX-License-Identifier: Apache-2.0
#include "trie/field/fr.hpp"

namespace blend::field {

const char* to_string(FieldError e) noexcept
{
    switch (e) {
    case FieldError::kWrongLength:
        return "field element encoding is not 32 bytes";
    case FieldError::kNonCanonical:
        return "field element encoding is not below the modulus";
    }
    return "unknown field error";
}

Result<Fr, FieldError> fr_from_bytes(BytesView bytes) noexcept
{
    if (bytes.size() != Fr::kBytes)
        return Unexpected{FieldError::kWrongLength};
    const auto f = Fr::from_bytes_be(bytes);
    if (!f)
        return Unexpected{FieldError::kNonCanonical};
    return *f;
}

}  // namespace blend::field
