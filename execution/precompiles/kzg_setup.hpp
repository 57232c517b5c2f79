// SPDX-License-Identifier: Apache-2.0
// The embedded part of the mainnet KZG trusted setup (generated at configure time by
// execution/precompiles/kzg_setup.cmake from the sha256-checked ceremony file).
#pragma once

namespace blend::precompiles::kzg_setup {

/// sha256 of the whole trusted_setup.txt the points were taken from.
extern const char kSetupSha256[];
/// [1]G2 and [tau]G2, 96-byte ZCash-compressed points as 192 lowercase hex digits.
extern const char kG2Monomial0[];
extern const char kG2Monomial1[];

}  // namespace blend::precompiles::kzg_setup
