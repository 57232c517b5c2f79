// SPDX-License-Identifier: Apache-2.0
// The local-transaction journal: a file of framed records, each an EIP-2718 envelope, appended and
// fsynced as local transactions arrive, rewritten (temporary file, fsync, rename) when some leave,
// and read back at start. Format in docs/node.md "Transaction journal".
#pragma once

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace blend::txpool {

/// A record: magic (4) ‖ payload length (4, big-endian) ‖ first 4 bytes of keccak256(payload) ‖
/// payload. The magic lets a reader find the next record after a damaged one.
inline constexpr uint8_t kJournalMagic[4] = {'B', 'T', 'X', '1'};
inline constexpr size_t kJournalHeaderSize = 12;
/// Reading stops here: the pool holds at most kDefaultGlobalSlots × 32 KiB (192 MiB) of
/// transactions, and far fewer of them local, so a larger journal is not one we wrote.
inline constexpr size_t kDefaultMaxJournalBytes = 256u << 20;

enum class JournalError : uint8_t {
    kOpen = 1,  ///< the file or its directory cannot be opened or created
    kRead,
    kWrite,
    kSync,    ///< fsync failed: the data may not be on disk
    kRename,  ///< the rewritten journal could not replace the old one
};

[[nodiscard]] const char* to_string(JournalError e) noexcept;

/// What a read found.
struct JournalRead {
    std::vector<Bytes> entries;
    size_t corrupted = 0;    ///< damaged records (or stretches of garbage) skipped
    bool truncated = false;  ///< the file was larger than the bound; the rest was not read
};

/// What load_journal did with the entries.
struct JournalLoad {
    size_t loaded = 0;     ///< added to the pool
    size_t dropped = 0;    ///< refused by the pool now (mined meanwhile, underfunded, ...)
    size_t corrupted = 0;  ///< damaged records skipped
};

/// Reads every intact record; a missing file is an empty journal.
[[nodiscard]] Result<JournalRead, JournalError> read_journal(const std::filesystem::path& path,
                                                             size_t max_bytes);

/// Appends one record and fsyncs the file (creating it and its directory if needed).
[[nodiscard]] Result<void, JournalError> append_journal(const std::filesystem::path& path,
                                                        BytesView payload);

/// Replaces the journal with exactly `payloads`: writes a temporary file, fsyncs it, renames it
/// over the journal and fsyncs the directory, so a crash leaves the old or the new one whole.
[[nodiscard]] Result<void, JournalError> rewrite_journal(const std::filesystem::path& path,
                                                         std::span<const Bytes> payloads);

/// The bytes of one record (exposed for tests that damage journals).
[[nodiscard]] Bytes encode_journal_record(BytesView payload);

}  // namespace blend::txpool
