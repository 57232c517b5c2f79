// SPDX-License-Identifier: Apache-2.0
// Freestanding: no heap, no exceptions, no library beyond <stdint.h>/<stddef.h>, so the
// wasm32 runtimes can use it (checked by the freestanding_headers ctest).
#pragma once

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

namespace blend {

/// The Keccak-f[1600] permutation (FIPS 202 §3), 24 rounds, on 25 lanes.
void keccak_f1600(uint64_t state[25]) noexcept;

/// Incremental Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 ... 0x80),
/// not SHA3-256's (0x06); rate 136 bytes.
class Keccak256Hasher {
public:
    static constexpr size_t kRate = 136;
    static constexpr size_t kDigestSize = 32;

    void update(const uint8_t* data, size_t size) noexcept;
    /// Writes 32 bytes to `out`. The hasher must not be updated afterwards.
    void finish(uint8_t* out) noexcept;

private:
    uint64_t state_[25] = {};
    uint8_t buffer_[kRate] = {};
    size_t buffered_ = 0;
};

/// One-shot Keccak-256 of `size` bytes at `data` into 32 bytes at `out`.
void keccak256(const uint8_t* data, size_t size, uint8_t* out) noexcept;

}  // namespace blend
