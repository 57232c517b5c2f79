// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/bytes.hpp"
#include "rwasm/fast_code.hpp"
#include "rwasm/module.hpp"

#include <cstdint>
#include <list>
#include <map>
#include <memory>

namespace blend::execution {

/// A verified module with the interpreter's fast-path translation of it (rwasm/fast_code.hpp),
/// made once per code hash and shared by every frame that runs it.
struct LoadedModule {
    rwasm::RwasmModule module;
    std::shared_ptr<const rwasm::FastCode> fast;
};

using ModulePtr = std::shared_ptr<const LoadedModule>;

/// Wraps a verified module (from load_module or compile_module) with its translation.
[[nodiscard]] ModulePtr make_loaded_module(rwasm::RwasmModule module);

/// Decoded and verified rWasm modules by code hash, least recently used evicted first. Bounded
/// by the total size of the encoded modules it holds, so hostile deployments cannot grow it.
/// Frames hold a ModulePtr, so an evicted module lives until its last frame ends.
class ModuleCache {
public:
    /// fluentbase caches 1 GiB of module content (fluent.md §2.10); a node with many callers
    /// can raise it, tests lower it.
    static constexpr uint64_t kDefaultCapacityBytes = 256u << 20;

    explicit ModuleCache(uint64_t capacity_bytes = kDefaultCapacityBytes)
        : capacity_(capacity_bytes)
    {}

    /// The module for `code` (whose keccak-256 is `code_hash`), decoding and verifying it on a
    /// miss; nullptr when `code` is not a valid rWasm module. `allow_unmetered` admits a module
    /// without fuel metering (a genesis system runtime; rwasm::load_module). A cached unmetered
    /// module is returned either way: callers check LoadedModule::module.metered.
    [[nodiscard]] ModulePtr get(const Hash& code_hash,
                                BytesView code,
                                bool allow_unmetered = false);
    /// Adds a module the node just compiled (its encoding hashes to `code_hash`).
    void put(const Hash& code_hash, ModulePtr module, uint64_t encoded_size);

    [[nodiscard]] size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] uint64_t bytes() const noexcept { return bytes_; }

private:
    struct Entry {
        ModulePtr module;
        uint64_t size = 0;
        std::list<Hash>::iterator lru;
    };
    void evict();

    uint64_t capacity_;
    uint64_t bytes_ = 0;
    std::map<Hash, Entry> entries_;
    std::list<Hash> lru_;  ///< most recent first
};

}  // namespace blend::execution
