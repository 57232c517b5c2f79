// SPDX-License-Identifier: Apache-2.0
// Ethereum precompiled contracts (Prague rules), reached from any VM through the STF.
//
// Every precompile is a pair of plain functions:
//   uint64_t gas(BytesView input)                          — its own charge, before running;
//   Result<Bytes, PrecompileError> run(BytesView input)    — the output, or why the call fails.
// One constexpr table (kPrecompiles) of {address, name, gas, run} drives dispatch.
//
// Semantics the caller (the executor) must honour:
//  - A call first charges gas(input). If the gas passed to the precompile is lower, the call
//    fails with out-of-gas.
//  - A failure (run returning an error, or out-of-gas) consumes ALL gas passed to the precompile
//    and returns no data (the EVM's exceptional halt: CALL pushes 0). See `call` below.
//  - A success may return empty output: ECRECOVER and P256VERIFY report a bad signature that way
//    and still charge their full price.
//  - run() assumes gas(input) has been paid: inputs whose price no block can pay may be refused
//    with kResourceLimit rather than computed (modexp bounds its memory that way).
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace blend::precompiles {

enum class PrecompileError : uint8_t {
    kInvalidInputLength = 1,  ///< a length the precompile does not accept
    kInvalidFinalFlag,        ///< BLAKE2F's final-block flag is neither 0 nor 1 (EIP-152)
    kInvalidFieldElement,     ///< a coordinate >= the field modulus (or non-zero top bytes)
    kPointNotOnCurve,         ///< a point that is not on the curve (or its twist)
    kPointNotInSubgroup,      ///< a point on the curve but outside the prime-order subgroup
    kResourceLimit,           ///< an input whose price no block can pay (never computed)
    kOutOfGas,                ///< the gas passed to the call is below gas(input)
    kInvalidVersionedHash,    ///< KZG: the versioned hash is not 0x01 ‖ sha256(commitment)[1:]
    kInvalidProof,            ///< KZG: the opening proof does not verify
};

[[nodiscard]] const char* to_string(PrecompileError e) noexcept;

using GasFn = uint64_t (*)(BytesView input);
using RunFn = Result<Bytes, PrecompileError> (*)(BytesView input);

struct Precompile {
    uint16_t address;  ///< the low bytes of the address (0x01..0x11, 0x100)
    std::string_view name;
    GasFn gas;
    RunFn run;
};

// The individual precompiles (also callable directly, e.g. by tests and benchmarks).
uint64_t ecrecover_gas(BytesView input);
Result<Bytes, PrecompileError> ecrecover_run(BytesView input);
uint64_t sha256_gas(BytesView input);
Result<Bytes, PrecompileError> sha256_run(BytesView input);
uint64_t ripemd160_gas(BytesView input);
Result<Bytes, PrecompileError> ripemd160_run(BytesView input);
uint64_t identity_gas(BytesView input);
Result<Bytes, PrecompileError> identity_run(BytesView input);
uint64_t modexp_gas(BytesView input);
Result<Bytes, PrecompileError> modexp_run(BytesView input);
uint64_t bn254_add_gas(BytesView input);
Result<Bytes, PrecompileError> bn254_add_run(BytesView input);
uint64_t bn254_mul_gas(BytesView input);
Result<Bytes, PrecompileError> bn254_mul_run(BytesView input);
uint64_t bn254_pairing_gas(BytesView input);
Result<Bytes, PrecompileError> bn254_pairing_run(BytesView input);
uint64_t blake2f_gas(BytesView input);
Result<Bytes, PrecompileError> blake2f_run(BytesView input);
uint64_t point_evaluation_gas(BytesView input);
Result<Bytes, PrecompileError> point_evaluation_run(BytesView input);
uint64_t bls12_g1add_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_g1add_run(BytesView input);
uint64_t bls12_g2add_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_g2add_run(BytesView input);
uint64_t bls12_g1msm_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_g1msm_run(BytesView input);
uint64_t bls12_g2msm_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_g2msm_run(BytesView input);
uint64_t bls12_pairing_check_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_pairing_check_run(BytesView input);
uint64_t bls12_map_fp_to_g1_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_map_fp_to_g1_run(BytesView input);
uint64_t bls12_map_fp2_to_g2_gas(BytesView input);
Result<Bytes, PrecompileError> bls12_map_fp2_to_g2_run(BytesView input);
uint64_t p256verify_gas(BytesView input);
Result<Bytes, PrecompileError> p256verify_run(BytesView input);

/// The implemented precompiles, ordered by address. Names follow the conformance index
/// (ECRECOVER, SHA256, ...). Precompiles not listed here are not implemented yet.
inline constexpr Precompile kPrecompiles[] = {
    {0x01, "ECRECOVER", ecrecover_gas, ecrecover_run},
    {0x02, "SHA256", sha256_gas, sha256_run},
    {0x03, "RIPEMD160", ripemd160_gas, ripemd160_run},
    {0x04, "IDENTITY", identity_gas, identity_run},
    {0x05, "MODEXP", modexp_gas, modexp_run},
    {0x06, "BN254_ADD", bn254_add_gas, bn254_add_run},
    {0x07, "BN254_MUL", bn254_mul_gas, bn254_mul_run},
    {0x08, "BN254_PAIRING", bn254_pairing_gas, bn254_pairing_run},
    {0x09, "BLAKE2F", blake2f_gas, blake2f_run},
    {0x0a, "KZG_POINT_EVALUATION", point_evaluation_gas, point_evaluation_run},
    {0x0b, "BLS12_G1ADD", bls12_g1add_gas, bls12_g1add_run},
    {0x0c, "BLS12_G1MSM", bls12_g1msm_gas, bls12_g1msm_run},
    {0x0d, "BLS12_G2ADD", bls12_g2add_gas, bls12_g2add_run},
    {0x0e, "BLS12_G2MSM", bls12_g2msm_gas, bls12_g2msm_run},
    {0x0f, "BLS12_PAIRING_CHECK", bls12_pairing_check_gas, bls12_pairing_check_run},
    {0x10, "BLS12_MAP_FP_TO_G1", bls12_map_fp_to_g1_gas, bls12_map_fp_to_g1_run},
    {0x11, "BLS12_MAP_FP2_TO_G2", bls12_map_fp2_to_g2_gas, bls12_map_fp2_to_g2_run},
    {0x100, "P256VERIFY", p256verify_gas, p256verify_run},
};

/// The precompile at `address` (its low two bytes; the other 18 must be zero), or nullptr.
[[nodiscard]] const Precompile* find(const Address& address) noexcept;
/// By the low bytes of the address, or nullptr.
[[nodiscard]] const Precompile* find(uint16_t address) noexcept;
/// By name (as in kPrecompiles), or nullptr.
[[nodiscard]] const Precompile* find(std::string_view name) noexcept;

/// The outcome of a call with a gas allowance, as the EVM sees it.
struct CallResult {
    bool success = false;
    uint64_t gas_used = 0;  ///< on failure: all of gas_limit
    Bytes output;           ///< empty on failure
    PrecompileError error{};
};

/// Charges gas(input) from `gas_limit`, runs, and applies the failure rule (all gas consumed,
/// no output).
[[nodiscard]] CallResult call(const Precompile& precompile, BytesView input, uint64_t gas_limit);

}  // namespace blend::precompiles
