// SPDX-License-Identifier: Apache-2.0
// Runs one GeneralStateTests case through Blend's STF: builds the pre-state (EVM code becomes an
// EVM contract owned by the EVM runtime), the block from `env`, the transaction from the matrix
// (signed here with `secretKey`), applies it with execution::apply_transaction, and compares the
// Merkle-Patricia root of the post-state and the logs hash with the fixture (docs/statetest.md).
#pragma once

#include "core/bytes.hpp"
#include "core/types/log.hpp"
#include "execution/module_cache.hpp"
#include "tests/statetest/fixture.hpp"

#include <optional>
#include <span>
#include <string>

namespace blend::statetest {

/// How the system runtimes run: natively (the node's build of them) or as rWasm in the
/// interpreter (design.md, "One VM, two strategies").
enum class Strategy : uint8_t { kNative, kInterpreter };

[[nodiscard]] const char* to_string(Strategy s) noexcept;

/// A category of cases Blend cannot run by design, with the reason printed in the summary.
struct SkipCategory {
    const char* name;
    const char* reason;
};

/// EIP-4844 transactions: Blend is an L2 without blobs and refuses type 3 (design.md).
inline constexpr SkipCategory kSkipBlobTransaction{
    "type-3 transactions",
    "EIP-4844 blob transactions: Blend carries no blobs and refuses type 3 (design.md)"};
/// EIP-7516 BLOBBASEFEE reads the blob base fee derived from excessBlobGas (EIP-4844
/// get_base_fee_per_blob_gas); Blend has no blob market and returns 1 (issue 7), so a case whose
/// env gives another blob base fee and whose code uses BLOBBASEFEE cannot match.
inline constexpr SkipCategory kSkipBlobBaseFee{
    "BLOBBASEFEE with excessBlobGas",
    "EIP-7516: the fixture's excessBlobGas sets a blob base fee above 1; Blend has no blobs and "
    "BLOBBASEFEE is always 1"};

/// Whether the case belongs to a skip category (nullopt: it runs).
[[nodiscard]] std::optional<SkipCategory> skip_category(const StateTest& test,
                                                        const PostCase& post);

struct CaseResult {
    bool passed = false;
    std::string failure;   ///< what differed, when !passed
    bool applied = false;  ///< false: the transaction was refused (or could not be built)
    Hash state_root;       ///< MPT root of our post-state
    Hash logs_hash;
    uint64_t gas_used = 0;
    std::string post_state_dump;  ///< our post-state, one account a line (when asked for)
};

/// Runs one case. `modules` is shared between cases (modules are cached by code hash).
[[nodiscard]] CaseResult run_case(const StateTest& test,
                                  const PostCase& post,
                                  Strategy strategy,
                                  execution::ModuleCache& modules,
                                  bool dump_post_state);

/// The MPT root of a fixture's pre-state, straight from the fixture (no STF involved): the
/// expected post root of every case whose transaction must be refused.
[[nodiscard]] Hash pre_state_root(const StateTest& test);

/// keccak256(rlp(logs)) as the fixtures' `logs` field (SOURCE.md, "Fixture format").
[[nodiscard]] Hash logs_hash(std::span<const Log> logs);

}  // namespace blend::statetest
