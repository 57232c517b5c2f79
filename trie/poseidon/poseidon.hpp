// SPDX-License-Identifier: Apache-2.0
#pragma once

// Poseidon over the BN254 scalar field with the circomlib parameters (R_F = 8, x^5, the Grain
// constants; see grain.hpp), for 1..6 inputs (width t = inputs + 1). The state is
// [capacity, in_1, ..., in_n] and the output is state[0]. circomlib starts the capacity at 0;
// Scroll's zkTrie starts it at a domain tag, which gives the trie hash H_d(a, b).

#include "core/result.hpp"
#include "trie/field/fr.hpp"
#include "trie/poseidon/constants.hpp"

#include <atomic>
#include <cstdint>
#include <span>

namespace blend::poseidon {

using field::Fr;

enum class PoseidonError : uint8_t {
    kInputCount = 1,  ///< not 1..6 inputs
};

[[nodiscard]] const char* to_string(PoseidonError e) noexcept;

/// circomlib Poseidon of 1..6 inputs with the capacity element set to `capacity` (0 for circomlib's
/// `poseidon(inputs)`). Uses the optimized schedule (sparse partial-round matrices).
[[nodiscard]] Result<Fr, PoseidonError> hash(std::span<const Fr> inputs,
                                             const Fr& capacity = Fr::zero()) noexcept;

/// The same function computed round by round from the raw constants, as the Poseidon paper and
/// circomlibjs' reference implementation state it. Slow; for cross-checking the optimized form.
[[nodiscard]] Result<Fr, PoseidonError> hash_reference(std::span<const Fr> inputs,
                                                       const Fr& capacity = Fr::zero()) noexcept;

/// Poseidon t = 3 with state [capacity, a, b] (circomlibjs `poseidon([a, b], capacity)`).
[[nodiscard]] Fr hash2(const Fr& capacity, const Fr& a, const Fr& b) noexcept;

/// One t = 3 permutation's input [capacity, a, b] (hash_domain(d, a, b): capacity = d).
struct T3Input {
    Fr capacity;
    Fr a;
    Fr b;
};

/// out[i] = hash2(in[i].capacity, in[i].a, in[i].b) for every i (in and out the same size). On a
/// CPU with AVX-512 IFMA (and an OS that saves zmm state) eight permutations run at once in the
/// vector lanes; otherwise, or when disabled, one by one on the scalar path. Bit-identical either
/// way: both compute the same field element and return it canonical.
void hash2_batch(std::span<const T3Input> in, std::span<Fr> out) noexcept;

/// Whether this CPU and OS can run the IFMA batch kernel (CPUID leaf 7 and XCR0).
[[nodiscard]] bool ifma_supported() noexcept;

/// How many 8-lane IFMA kernel calls hash2_batch has made and how many permutations they held,
/// over all threads; for benchmarks (lane fill = lanes / (8 * calls)).
struct BatchStats {
    uint64_t calls = 0;
    uint64_t lanes = 0;
};
[[nodiscard]] BatchStats ifma_batch_stats() noexcept;

namespace detail {
/// Whether hash2_batch uses the IFMA kernel when ifma_supported(). Starts true unless the
/// environment variable BLEND_POSEIDON_NO_IFMA is set to a non-empty value other than "0" (A/B
/// benchmarks, tests of the fallback); tests may flip it.
extern std::atomic<bool> g_use_ifma;
}  // namespace detail

/// How many t = 3 permutations (hash2, hash_domain, hash with two inputs) this process has
/// computed, over all threads; for benchmarks (hashes per block).
[[nodiscard]] uint64_t t3_permutation_count() noexcept;

/// The trie's domain-separated two-input hash H_d(a, b) (Scroll zkTrie, reference/trie.md §1.1).
[[nodiscard]] inline Fr hash_domain(uint64_t domain, const Fr& a, const Fr& b) noexcept
{
    return hash2(Fr::from_u64(domain), a, b);
}

}  // namespace blend::poseidon
