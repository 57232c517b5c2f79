// SPDX-License-Identifier: Apache-2.0
#include "node/txpool/journal.hpp"

#include "core/keccak.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace blend::txpool {

namespace {

/// A file descriptor closed on scope exit.
class Fd {
public:
    explicit Fd(int fd) noexcept : fd_(fd) {}
    ~Fd()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const noexcept { return fd_; }
    [[nodiscard]] bool ok() const noexcept { return fd_ >= 0; }

private:
    int fd_;
};

bool write_all(int fd, const uint8_t* data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

uint32_t read_be32(const uint8_t* p) noexcept
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

/// Whether a whole, intact record starts at `pos`; its payload length in `len` if so.
bool record_at(const Bytes& buf, size_t pos, size_t max_payload, size_t& len)
{
    if (buf.size() - pos < kJournalHeaderSize)
        return false;
    if (std::memcmp(buf.data() + pos, kJournalMagic, sizeof(kJournalMagic)) != 0)
        return false;
    len = read_be32(buf.data() + pos + 4);
    if (len > max_payload || buf.size() - pos - kJournalHeaderSize < len)
        return false;
    const Hash digest = keccak256(BytesView{buf.data() + pos + kJournalHeaderSize, len});
    return std::memcmp(digest.data(), buf.data() + pos + 8, 4) == 0;
}

/// fsyncs the directory holding `path`, so that a create or rename in it is durable.
bool sync_directory(const std::filesystem::path& path)
{
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
    const Fd fd{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    return fd.ok() && ::fsync(fd.get()) == 0;
}

bool ensure_directory(const std::filesystem::path& path)
{
    if (!path.has_parent_path())
        return true;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    return !ec;
}

}  // namespace

const char* to_string(JournalError e) noexcept
{
    switch (e) {
    case JournalError::kOpen:
        return "cannot open the transaction journal";
    case JournalError::kRead:
        return "cannot read the transaction journal";
    case JournalError::kWrite:
        return "cannot write the transaction journal";
    case JournalError::kSync:
        return "cannot fsync the transaction journal";
    case JournalError::kRename:
        return "cannot replace the transaction journal";
    }
    return "transaction journal error";
}

Bytes encode_journal_record(BytesView payload)
{
    BLEND_ASSERT(payload.size() <= UINT32_MAX);
    Bytes out(kJournalHeaderSize + payload.size());
    std::memcpy(out.data(), kJournalMagic, sizeof(kJournalMagic));
    const auto len = static_cast<uint32_t>(payload.size());
    out[4] = static_cast<uint8_t>(len >> 24);
    out[5] = static_cast<uint8_t>(len >> 16);
    out[6] = static_cast<uint8_t>(len >> 8);
    out[7] = static_cast<uint8_t>(len);
    const Hash digest = keccak256(payload);
    std::memcpy(out.data() + 8, digest.data(), 4);
    std::copy(payload.begin(), payload.end(), out.begin() + kJournalHeaderSize);
    return out;
}

Result<JournalRead, JournalError> read_journal(const std::filesystem::path& path, size_t max_bytes)
{
    JournalRead result;
    const Fd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (!fd.ok()) {
        if (errno == ENOENT)
            return result;
        return Unexpected{JournalError::kOpen};
    }
    // Read at most max_bytes (one more tells whether the file is larger).
    Bytes buf;
    uint8_t chunk[64 * 1024];
    while (buf.size() <= max_bytes) {
        const ssize_t n = ::read(fd.get(), chunk, sizeof(chunk));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Unexpected{JournalError::kRead};
        }
        if (n == 0)
            break;
        buf.insert(buf.end(), chunk, chunk + n);
    }
    if (buf.size() > max_bytes) {
        buf.resize(max_bytes);
        result.truncated = true;
    }
    // Walk the records; after damage, resynchronise on the next magic that starts an intact
    // record, counting the damaged stretch once.
    size_t pos = 0;
    bool in_damage = false;
    while (pos < buf.size()) {
        size_t len = 0;
        if (record_at(buf, pos, max_bytes, len)) {
            const auto* start = buf.data() + pos + kJournalHeaderSize;
            result.entries.emplace_back(start, start + len);
            pos += kJournalHeaderSize + len;
            in_damage = false;
            continue;
        }
        if (!in_damage) {
            ++result.corrupted;
            in_damage = true;
        }
        ++pos;
    }
    return result;
}

Result<void, JournalError> append_journal(const std::filesystem::path& path, BytesView payload)
{
    if (!ensure_directory(path))
        return Unexpected{JournalError::kOpen};
    const bool existed = std::filesystem::exists(path);
    const Fd fd{::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};
    if (!fd.ok())
        return Unexpected{JournalError::kOpen};
    const Bytes record = encode_journal_record(payload);
    if (!write_all(fd.get(), record.data(), record.size()))
        return Unexpected{JournalError::kWrite};
    if (::fsync(fd.get()) != 0)
        return Unexpected{JournalError::kSync};
    if (!existed && !sync_directory(path))
        return Unexpected{JournalError::kSync};
    return {};
}

Result<void, JournalError> rewrite_journal(const std::filesystem::path& path,
                                           std::span<const Bytes> payloads)
{
    if (!ensure_directory(path))
        return Unexpected{JournalError::kOpen};
    std::filesystem::path tmp = path;
    tmp += ".new";
    {
        const Fd fd{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
        if (!fd.ok())
            return Unexpected{JournalError::kOpen};
        Bytes all;
        for (const Bytes& payload : payloads) {
            const Bytes record = encode_journal_record(payload);
            all.insert(all.end(), record.begin(), record.end());
        }
        if (!write_all(fd.get(), all.data(), all.size()))
            return Unexpected{JournalError::kWrite};
        if (::fsync(fd.get()) != 0)
            return Unexpected{JournalError::kSync};
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return Unexpected{JournalError::kRename};
    if (!sync_directory(path))
        return Unexpected{JournalError::kSync};
    return {};
}

}  // namespace blend::txpool
