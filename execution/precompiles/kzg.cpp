// SPDX-License-Identifier: Apache-2.0
// 0x0a KZG point evaluation (EIP-4844, "Point evaluation precompile"): checks that the
// commitment hashes to the versioned hash and verifies the opening proof p(z) = y with one
// two-pair pairing check against the mainnet trusted setup's [tau]G2.
#include "core/assert.hpp"
#include "core/hex.hpp"
#include "execution/precompiles/bls12_381.hpp"
#include "execution/precompiles/kzg_setup.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstring>

namespace blend::precompiles {

namespace {

namespace bls = bls12_381;

// EIP-4844 constants.
constexpr uint64_t kPointEvaluationGas = 50000;     // POINT_EVALUATION_PRECOMPILE_GAS
constexpr size_t kInputSize = 192;                  // hash 32, z 32, y 32, C 48, proof 48
constexpr uint8_t kVersionedHashVersionKzg = 0x01;  // VERSIONED_HASH_VERSION_KZG
constexpr uint64_t kFieldElementsPerBlob = 4096;    // FIELD_ELEMENTS_PER_BLOB

/// BLS_MODULUS (= r), 32 bytes big-endian.
FixedBytes<32> bls_modulus_be() noexcept
{
    FixedBytes<32> out;
    for (size_t i = 0; i < 32; ++i)
        out[31 - i] = static_cast<uint8_t>(bls::kOrder[i / 8] >> (8 * (i % 8)));
    return out;
}

/// A 32-byte big-endian scalar that must be < r (EIP-4844 bytes_to_bls_field).
bool canonical_scalar(const uint8_t* s) noexcept
{
    static const FixedBytes<32> r = bls_modulus_be();
    return std::memcmp(s, r.data(), 32) < 0;
}

struct Setup {
    bls::G1 neg_g1;  ///< -[1]G1
    bls::G2 g2;
    bls::G2 tau_g2;
    /// The Miller-loop lines of -[1]G2 and [tau]G2, computed once: both G2 points of the check
    /// are fixed.
    bls::G2Prepared neg_g2_lines;
    bls::G2Prepared tau_g2_lines;
    /// Their lines multiplied together ahead of time (the Miller loop when neither G1 point is
    /// at infinity).
    bls::G2PreparedPair line_pairs;
    /// [k](-G1) by table (base-|x| digits, width-8 NAFs: 256 affine points).
    bls::G1FixedTable neg_g1_table;
};

const Setup& setup() noexcept
{
    static const Setup s = [] {
        auto load = [](const char* hex) {
            const auto bytes = from_hex(hex);
            BLEND_ASSERT(bytes.has_value() && bytes->size() == 96);
            const auto p = bls::decompress_g2(*bytes);
            BLEND_ASSERT(p.has_value());
            return *p;
        };
        Setup out{bls::negate(bls::g1_generator()),
                  load(kzg_setup::kG2Monomial0),
                  load(kzg_setup::kG2Monomial1),
                  {},
                  {},
                  {},
                  {}};
        // The setup's first G2 point is the generator; anything else means a broken embed.
        BLEND_ASSERT(out.g2 == bls::g2_generator());
        out.neg_g2_lines = bls::prepare_g2(bls::negate(out.g2));
        out.tau_g2_lines = bls::prepare_g2(out.tau_g2);
        out.line_pairs = bls::prepare_g2_pair(out.neg_g2_lines, out.tau_g2_lines);
        out.neg_g1_table = bls::g1_fixed_table(out.neg_g1);
        return out;
    }();
    return s;
}

}  // namespace

uint64_t point_evaluation_gas(BytesView /*input*/)
{
    return kPointEvaluationGas;
}

Result<Bytes, PrecompileError> point_evaluation_run(BytesView input)
{
    if (input.size() != kInputSize)
        return Unexpected{PrecompileError::kInvalidInputLength};
    const uint8_t* versioned_hash = input.data();
    const uint8_t* z = input.data() + 32;
    const uint8_t* y = input.data() + 64;
    const BytesView commitment = input.subspan(96, 48);
    const BytesView proof = input.subspan(144, 48);

    // kzg_to_versioned_hash(commitment) = 0x01 ‖ sha256(commitment)[1:].
    std::array<uint8_t, 32> digest{};
    unsigned len = 0;
    const int ok = EVP_Digest(commitment.data(), commitment.size(), digest.data(), &len,
                              EVP_sha256(), nullptr);
    BLEND_ASSERT(ok == 1 && len == 32);
    digest[0] = kVersionedHashVersionKzg;
    if (std::memcmp(digest.data(), versioned_hash, 32) != 0)
        return Unexpected{PrecompileError::kInvalidVersionedHash};

    if (!canonical_scalar(z) || !canonical_scalar(y))
        return Unexpected{PrecompileError::kInvalidFieldElement};
    BLEND_TRY(const bls::G1 c, bls::decompress_g1(commitment));
    bls::Jacobian<bls::Fp> abs_x_pi;  // [|x|]proof, left by the subgroup check
    BLEND_TRY(const bls::G1 pi, bls::decompress_g1(proof, &abs_x_pi));

    // EIP-4844 verify_kzg_proof_impl checks e(C - [y]G1, -G2) e(proof, [tau]G2 - [z]G2) = 1.
    // Moving [z] to the G1 side (bilinearity) gives the same product with both G2 points fixed:
    // e(C - [y]G1 + [z]proof, -G2) e(proof, [tau]G2), and G1 multiplications instead of a G2
    // one; [y](-G1) comes from a fixed-base table, [z]proof by four base-|x| digits on proof,
    // [|x|]proof and their endomorphism images, and wNAF.
    const Setup& s = setup();
    const bls::G1 lhs =
        bls::g1_fixed_plus_mul(c, s.neg_g1_table, FixedBytes<32>::from_view(BytesView{y, 32}), pi,
                               abs_x_pi, FixedBytes<32>::from_view(BytesView{z, 32}));
    const std::array<bls::G1, 2> ps{lhs, pi};
    const std::array<const bls::G2Prepared*, 2> qs{&s.neg_g2_lines, &s.tau_g2_lines};
    const bls::Fp12 f = lhs.infinity || pi.infinity ? bls::miller_loop(ps, qs)
                                                    : bls::miller_loop(lhs, pi, s.line_pairs);
    if (!bls::final_exponentiation_is_one(f))
        return Unexpected{PrecompileError::kInvalidProof};

    Bytes out(64, 0);
    for (size_t i = 0; i < 8; ++i)
        out[31 - i] = static_cast<uint8_t>(kFieldElementsPerBlob >> (8 * i));
    const FixedBytes<32> r = bls_modulus_be();
    std::memcpy(out.data() + 32, r.data(), 32);
    return out;
}

}  // namespace blend::precompiles
