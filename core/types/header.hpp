// SPDX-License-Identifier: Apache-2.0
// Block headers from Frontier to Prague, their RLP and the block hash (Yellow Paper §4.3,
// EIP-1559, EIP-4895, EIP-4844, EIP-4788, EIP-7685).
#pragma once

#include "core/bytes.hpp"
#include "core/freestanding/u256.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <span>

namespace blend {

/// keccak256(rlp([])) = keccak256(0xc0): the ommersHash of every block without ommers, which
/// after the merge is every block (EIP-3675 requires ommersHash to be this constant).
/// 0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347 (a test recomputes it).
inline constexpr Hash kEmptyOmmersHash{
    {{0x1d, 0xcc, 0x4d, 0xe8, 0xde, 0xc7, 0x5d, 0x7a, 0xab, 0x85, 0xb5,
      0x67, 0xb6, 0xcc, 0xd4, 0x1a, 0xd3, 0x12, 0x45, 0x1b, 0x94, 0x8a,
      0x74, 0x13, 0xf0, 0xa1, 0x42, 0xfd, 0x40, 0xd4, 0x93, 0x47}}};

/// EIP-7685: requestsHash = sha256(sha256(r_0) ‖ sha256(r_1) ‖ ...) over the requests whose
/// data is non-empty; with no requests it is sha256 of the empty string,
/// 0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 (a test recomputes it).
inline constexpr Hash kEmptyRequestsHash{
    {{0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
      0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
      0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55}}};

/// The Yellow Paper (§4.3.4) bounds extraData to 32 bytes.
inline constexpr size_t kMaxExtraDataSize = 32;

/// The number of RLP fields of each header shape. Fields are only ever appended, so a header
/// is one of these five prefixes of the Prague list.
inline constexpr size_t kFrontierHeaderFields = 15;  ///< up to nonce
inline constexpr size_t kLondonHeaderFields = 16;    ///< + baseFeePerGas (EIP-1559)
inline constexpr size_t kShanghaiHeaderFields = 17;  ///< + withdrawalsRoot (EIP-4895)
inline constexpr size_t kCancunHeaderFields = 20;    ///< + blobGasUsed, excessBlobGas (EIP-4844),
                                                     ///<   parentBeaconBlockRoot (EIP-4788)
inline constexpr size_t kPragueHeaderFields = 21;    ///< + requestsHash (EIP-7685)

/// A block header. The optional fields are present from the fork that introduced them on; a
/// header may only have a prefix of them (see kXxxHeaderFields).
struct Header {
    Hash parent_hash;
    Hash ommers_hash = kEmptyOmmersHash;
    Address coinbase;  ///< `miner` in JSON-RPC, `feeRecipient` in the Engine API
    Hash state_root;
    Hash transactions_root;
    Hash receipts_root;
    Bloom logs_bloom;
    U256 difficulty;  ///< 0 after the merge (EIP-3675)
    uint64_t number = 0;
    uint64_t gas_limit = 0;
    uint64_t gas_used = 0;
    uint64_t timestamp = 0;
    Bytes extra_data;     ///< at most kMaxExtraDataSize bytes
    Hash mix_hash;        ///< `prevRandao` after the merge (EIP-4399)
    FixedBytes<8> nonce;  ///< an 8-byte string, zero after the merge (EIP-3675)

    std::optional<U256> base_fee_per_gas;          ///< EIP-1559 (London)
    std::optional<Hash> withdrawals_root;          ///< EIP-4895 (Shanghai)
    std::optional<uint64_t> blob_gas_used;         ///< EIP-4844 (Cancun)
    std::optional<uint64_t> excess_blob_gas;       ///< EIP-4844 (Cancun)
    std::optional<Hash> parent_beacon_block_root;  ///< EIP-4788 (Cancun)
    std::optional<Hash> requests_hash;             ///< EIP-7685 (Prague)

    friend bool operator==(const Header&, const Header&) = default;
};

enum class HeaderError : uint8_t {
    kMalformedRlp = 1,  ///< truncated input or non-canonical RLP lengths
    kTrailingBytes,     ///< bytes after the header list
    kUnexpectedList,    ///< a list where a field belongs
    kUnexpectedString,  ///< the header is not a list
    kWrongLength,       ///< a hash, address, bloom or nonce of the wrong size
    kLeadingZero,       ///< an integer with leading zero bytes
    kOverflow,          ///< an integer wider than its field (64 or 256 bits)
    kExtraDataTooLong,  ///< extraData longer than 32 bytes (Yellow Paper §4.3.4)
    kWrongFieldCount,   ///< not 15, 16, 17, 20 or 21 fields
    kFieldGap,          ///< (encoding) an optional field set without every earlier one
};

[[nodiscard]] const char* to_string(HeaderError e) noexcept;

/// The number of RLP fields `header` encodes to, or kFieldGap if its optional fields are not a
/// prefix of the fork order (e.g. a withdrawalsRoot without a baseFeePerGas, or a Cancun header
/// with blobGasUsed but no parentBeaconBlockRoot), or kExtraDataTooLong.
[[nodiscard]] Result<size_t, HeaderError> header_field_count(const Header& header);

/// rlp([parentHash, ..., nonce, <the optional fields that are present>]).
[[nodiscard]] Result<Bytes, HeaderError> encode_header(const Header& header);

/// Decodes exactly one header, strictly: canonical RLP, fixed sizes, 15/16/17/20/21 fields.
[[nodiscard]] Result<Header, HeaderError> decode_header(BytesView encoded);

/// keccak256(rlp(header)): the block hash.
[[nodiscard]] Result<Hash, HeaderError> block_hash(const Header& header);

/// EIP-7685 requestsHash over encoded requests (each `request_type ‖ request_data`); requests
/// with empty data (a single type byte) are left out.
[[nodiscard]] Hash requests_hash(std::span<const Bytes> requests);

}  // namespace blend
