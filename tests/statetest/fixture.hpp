// SPDX-License-Identifier: Apache-2.0
// Ethereum GeneralStateTests fixtures (ethereum/tests, filled by retesteth): one JSON file holds
// tests of the form {name: {env, pre, transaction, post}}; the shape is written down in
// ../shared/conformance/ethereum-state/SOURCE.md ("Fixture format") and docs/statetest.md.
// Parsing is strict and bounded: a fixture is outside input.
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/u256.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace blend::statetest {

/// The largest official fixture is 2.3 MB (stTimeConsuming); 16 MiB leaves room for refills
/// while bounding what one file can make the runner parse and hold.
inline constexpr uintmax_t kMaxFixtureFileBytes = 16u << 20;
/// A fixture's transaction matrix has at most a few hundred entries per axis (stEIP1559 has the
/// most); more than this is a malformed file, not a test.
inline constexpr size_t kMaxMatrixEntries = 4'096;

enum class FixtureError : uint8_t {
    kUnreadable = 1,  ///< the file cannot be opened or read
    kTooLarge,        ///< larger than kMaxFixtureFileBytes
    kInvalidJson,     ///< not JSON
    kBadShape,        ///< JSON, but a field is missing, of the wrong type or out of range
};

[[nodiscard]] const char* to_string(FixtureError e) noexcept;

struct LoadError {
    FixtureError code = FixtureError::kUnreadable;
    std::string detail;  ///< which field, which test
};

struct PreAccount {
    uint64_t nonce = 0;
    U256 balance;
    Bytes code;
    std::map<Hash, U256> storage;  ///< slot (32-byte big-endian) → value; zero values dropped
};

/// The block the transaction runs in (`env`).
struct Env {
    Address coinbase;
    U256 gas_limit;  ///< wider than 64 bits in a few fixtures; checked when the case runs
    uint64_t number = 0;
    uint64_t timestamp = 0;
    U256 base_fee;
    U256 difficulty;
    std::optional<Hash> random;  ///< currentRandom (EIP-4399 PREVRANDAO)
    U256 excess_blob_gas;
};

/// The transaction "matrix": data, gasLimit and value are arrays a post entry indexes into.
/// Integer fields are kept as U256 (some fixtures exceed the 64-bit fields on purpose: the
/// expected outcome is then a refusal, decided when the case is built).
struct TxMatrix {
    std::vector<Bytes> data;
    std::vector<std::optional<std::vector<std::pair<Address, std::vector<Hash>>>>> access_lists;
    bool has_access_lists = false;
    std::vector<U256> gas_limit;
    std::vector<U256> value;
    /// Entries written wider than 256 bits (retesteth's "0x:bigint ..."): such a transaction
    /// cannot be encoded, and the fixture expects RLP_INVALID_VALUE.
    std::vector<bool> gas_limit_too_wide;
    std::vector<bool> value_too_wide;
    bool scalar_too_wide = false;  ///< nonce, gasPrice or a fee cap wider than 256 bits
    U256 nonce;
    std::optional<U256> gas_price;
    std::optional<U256> max_fee_per_gas;
    std::optional<U256> max_priority_fee_per_gas;
    bool has_blob_fields = false;  ///< blobVersionedHashes / maxFeePerBlobGas: an EIP-4844 tx
    std::optional<Address> to;     ///< nullopt: contract creation ("to": "")
    Address sender;
    Hash secret_key;
};

/// One expected outcome: the post entry `index` of fork `fork`.
struct PostCase {
    std::string fork;
    size_t index = 0;  ///< position in post[fork]
    size_t data = 0;
    size_t gas = 0;
    size_t value = 0;
    Hash state_root;               ///< `hash`: the MPT root of the post-state
    Hash logs_hash;                ///< `logs`: keccak256(rlp(list of logs))
    Bytes tx_bytes;                ///< `txbytes`: the signed transaction as filled
    std::string expect_exception;  ///< empty when the transaction must be applied
};

struct StateTest {
    std::string file;  ///< path relative to the suite root, for messages
    std::string name;
    Env env;
    std::map<Address, PreAccount> pre;
    TxMatrix tx;
    std::vector<PostCase> post;  ///< every fork's entries, in file order (fork name order)
};

/// Reads every test of one fixture file. `display_name` is used in messages and StateTest::file.
[[nodiscard]] Result<std::vector<StateTest>, LoadError> load_fixture_file(
    const std::filesystem::path& path,
    const std::string& display_name);

/// Every `*.json` file under `root` (or `root` itself when it is a file), sorted by path so that
/// runs are ordered the same on every machine.
[[nodiscard]] std::vector<std::filesystem::path> list_fixture_files(
    const std::filesystem::path& root);

}  // namespace blend::statetest
