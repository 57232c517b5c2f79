// SPDX-License-Identifier: Apache-2.0
#pragma once

// Poseidon parameter generation with the Grain LFSR, the procedure of the Poseidon paper
// (Grassi et al., eprint 2019/458, appendix F and the authors' reference script
// generate_parameters_grain.sage) that produced the circomlib constants. Used at build time by
// blend-gen-poseidon; the node itself only reads the generated tables.

#include "trie/field/fr.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace blend::poseidon {

/// Round constants and MDS matrix of one width, as canonical (non-Montgomery) limbs.
struct GeneratedParams {
    size_t width = 0;
    size_t full_rounds = 0;
    size_t partial_rounds = 0;
    std::vector<field::Limbs<4>> round_constants;  ///< (full + partial) * width, round-major
    std::vector<field::Limbs<4>> mds;  ///< width * width, row-major: out[i] = sum_j M[i][j] s[j]
};

/// Generates the parameters for a prime field of 254 bits (the BN254 scalar field), S-box x^alpha,
/// `width` cells, `full_rounds` and `partial_rounds`: the Grain seed encodes exactly these
/// (field type 1, S-box type 0, n = 254, t, R_F, R_P). Round constants are 254-bit draws with
/// rejection of values >= r; the MDS is the Cauchy matrix 1/(x_i + y_j) from the next 2t draws
/// (reduced mod r, redrawn if not distinct or if some x_i + y_j = 0).
///
/// The reference script also re-samples the matrix when it fails the invariant-subspace checks of
/// the paper; that is not implemented here, because the first candidate is the published one for
/// every width circomlib uses with t = 2..7 (the conformance test checks each against circomlibjs).
[[nodiscard]] GeneratedParams generate_grain_params(size_t width,
                                                    size_t full_rounds,
                                                    size_t partial_rounds);

/// circomlib's partial-round counts for t = 2..17 (Poseidon paper security table, rounded up to a
/// multiple of t); index t - 2.
inline constexpr size_t kCircomPartialRounds[16] = {56, 57, 56, 60, 60, 63, 64, 63,
                                                    60, 66, 60, 65, 70, 60, 64, 68};
inline constexpr size_t kCircomFullRounds = 8;

}  // namespace blend::poseidon
