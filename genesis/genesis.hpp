// SPDX-License-Identifier: Apache-2.0
#pragma once

// A geth-format genesis file (genesis.json) → a typed Genesis → the initial state (SMBT leaves,
// the state root, a write set for the state store) and the genesis header and hash.
// Format: go-ethereum's core.Genesis JSON; docs/genesis.md says what is accepted and why.

#include "core/bytes.hpp"
#include "core/freestanding/u256.hpp"
#include "core/result.hpp"
#include "core/types/header.hpp"
#include "trie/mem_trie.hpp"
#include "trie/state_keys.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace blend::genesis {

// ---- Bounds on a genesis file (an outsider's input). ----

/// Our bound on the file: mainnet's genesis (8,893 accounts) is under 1 MiB; 64 MiB leaves room
/// for large test allocs and the system runtimes' code.
inline constexpr size_t kMaxGenesisFileSize = size_t{64} << 20;
/// Our bound on alloc entries (each becomes a trie leaf hashed at startup).
inline constexpr size_t kMaxGenesisAccounts = 100'000;
/// Our bound on storage entries over all accounts.
inline constexpr size_t kMaxGenesisStorageEntries = 1'000'000;
/// Largest code of one account: the state store's kMaxStoredCodeSize (16 MiB). EIP-170's 24,576
/// bytes bounds deployed EVM code only; genesis holds the rWasm system runtimes, which are larger.
inline constexpr size_t kMaxGenesisCodeSize = size_t{16} << 20;
/// JSON nesting: the deepest genesis value is alloc → account → storage → slot (depth 4); config
/// sub-objects (blobSchedule) reach 3. Deeper input is refused before it can exhaust the stack.
inline constexpr size_t kMaxJsonDepth = 8;
/// EIP-155 legacy signatures carry v = 2·chainId + 35 + y in a 64-bit field, so chain ids above
/// (2^64 - 1 - 36) / 2 cannot sign legacy transactions (the bound EIP-2294 proposes).
inline constexpr uint64_t kMaxChainId = (UINT64_MAX - 36) / 2;
/// Yellow Paper §4.3.4 (and geth's MinGasLimit): a block gas limit of at least 5,000.
inline constexpr uint64_t kMinGasLimit = 5000;
/// EIP-1985: gas limits stay below 2^63.
inline constexpr uint64_t kMaxGasLimit = (uint64_t{1} << 63) - 1;
/// EIP-1559 INITIAL_BASE_FEE: the base fee of a genesis file that names none.
inline constexpr uint64_t kDefaultBaseFee = 1'000'000'000;

enum class GenesisError : uint8_t {
    kFileUnreadable = 1,     ///< missing, not a regular file, or unreadable
    kFileTooLarge,           ///< larger than kMaxGenesisFileSize
    kMalformedJson,          ///< not JSON
    kTooDeep,                ///< nested deeper than kMaxJsonDepth
    kDuplicateKey,           ///< a key twice in one object (also two spellings of one address/slot)
    kUnknownKey,             ///< a key the format does not have (a typo would be silently lost)
    kMissingField,           ///< a required field is absent
    kWrongType,              ///< e.g. a number where a string belongs
    kBadHex,                 ///< invalid hex, missing 0x, odd length
    kBadNumber,              ///< not an unsigned integer, or too large for its field
    kWrongLength,            ///< an address, hash or nonce of the wrong size
    kExtraDataTooLong,       ///< extraData above 32 bytes (Yellow Paper §4.3.4)
    kInvalidChainId,         ///< chainId 0 or above kMaxChainId
    kInvalidGasLimit,        ///< outside [kMinGasLimit, kMaxGasLimit]
    kNotGenesis,             ///< number, gasUsed or parentHash not zero
    kBlobGas,                ///< blobGasUsed or excessBlobGas not zero (no blobs on L2)
    kForkNotActive,          ///< a fork up to Prague not active at genesis
    kUnsupportedFork,        ///< a fork Blend does not execute (Osaka and later, the DAO fork)
    kTooManyAccounts,        ///< more than kMaxGenesisAccounts alloc entries
    kTooManyStorageEntries,  ///< more than kMaxGenesisStorageEntries slots in total
    kCodeTooLarge,           ///< code above kMaxGenesisCodeSize
    kReservedAddress,        ///< alloc at the address of a system runtime
    kRwasmCode,              ///< raw rWasm code (EF 52) that does not load (decode + verify)
    kTrieError,              ///< the trie refused the leaves (a 248-bit key path collision)
};

[[nodiscard]] const char* to_string(GenesisError e) noexcept;

/// A refused genesis: what (code), where (a JSON path such as `$.alloc.0x…​.balance`) and
/// detail.
struct GenesisFailure {
    GenesisError code = GenesisError::kMalformedJson;
    std::string path;
    std::string detail;

    /// "<path>: <what>[: <detail>]".
    [[nodiscard]] std::string message() const;
};

template <typename T>
using GenesisResult = Result<T, GenesisFailure>;

/// The chain configuration Blend uses. Every fork up to Prague is active from genesis; the
/// times are kept so the file can be written back and EIP-7910 `eth_config` can report them.
struct ChainConfig {
    uint64_t chain_id = 0;
    uint64_t shanghai_time = 0;
    uint64_t cancun_time = 0;
    uint64_t prague_time = 0;
    /// Config keys that were accepted but have no effect here (e.g. ethash, blobSchedule).
    std::vector<std::string> ignored_keys;
};

struct GenesisAccount {
    U256 balance;
    uint64_t nonce = 0;
    Bytes code;
    std::map<Hash, Hash> storage;  ///< slot → value, 32-byte big-endian words
};

struct Genesis {
    ChainConfig config;
    uint64_t nonce = 0;
    uint64_t timestamp = 0;
    Bytes extra_data;
    uint64_t gas_limit = 0;
    U256 difficulty;
    Hash mix_hash;
    Address coinbase;
    U256 base_fee_per_gas = kDefaultBaseFee;
    std::map<Address, GenesisAccount> alloc;  ///< ordered, so iteration is deterministic
};

/// The bounds parse_genesis applies: the named constants above; tests lower them to reach each
/// refusal without building huge inputs.
struct GenesisLimits {
    size_t max_file_size = kMaxGenesisFileSize;
    size_t max_accounts = kMaxGenesisAccounts;
    size_t max_storage_entries = kMaxGenesisStorageEntries;
    size_t max_code_size = kMaxGenesisCodeSize;
};

/// Parses and validates genesis JSON text.
[[nodiscard]] GenesisResult<Genesis> parse_genesis(std::string_view json,
                                                   const GenesisLimits& limits = {});

/// Reads and parses a file, refusing files above kMaxGenesisFileSize before reading them.
[[nodiscard]] GenesisResult<Genesis> load_genesis_file(const std::string& path);

/// Canonical geth-format JSON (sorted keys, hex quantities, 2-space indent) that parse_genesis
/// reads back to an equal Genesis.
[[nodiscard]] std::string genesis_to_json(const Genesis& genesis);

/// The dev genesis: chain id 1337, every fork at 0, gas limit 30,000,000, base fee 1 gwei, the
/// kDevAccountCount accounts of the dev mnemonic with kDevAccountBalance each.
inline constexpr uint64_t kDevChainId = 1337;
inline constexpr uint64_t kDevGasLimit = 30'000'000;
/// 10,000 ETH = 10^22 wei.
inline constexpr U256 kDevAccountBalance = U256::from_words(0x19e0c9bab2400000, 0x21e, 0, 0);
[[nodiscard]] Genesis dev_genesis();

/// The initial state as the state store takes it: final account leaves, non-zero storage slots
/// and code blobs, each sorted (accounts by address, slots by address then slot).
struct GenesisWriteSet {
    struct Account {
        Address address;
        trie::AccountLeaf leaf;
    };
    struct Slot {
        Address address;
        Hash slot;
        Hash value;
    };
    std::vector<Account> accounts;
    std::vector<Slot> slots;
    std::vector<Bytes> codes;  ///< distinct code blobs, stored under keccak256(code)

    /// The SMBT leaves of this write set (trie.md §5.2-5.3).
    [[nodiscard]] std::vector<trie::LeafUpdate> leaf_updates() const;
};

struct GenesisBlock {
    Header header;
    Hash hash;
    Hash state_root;  ///< == header.state_root: the SMBT root as 32 big-endian bytes
    GenesisWriteSet write_set;
};

/// The initial state (alloc plus the system accounts of system_runtimes.hpp) and the Prague
/// genesis header: number 0, empty transaction/receipt/withdrawal roots, no blob gas, a zero
/// parentBeaconBlockRoot, and the EIP-7685 requests hash of no requests.
[[nodiscard]] GenesisResult<GenesisBlock> build_genesis(const Genesis& genesis);

}  // namespace blend::genesis
