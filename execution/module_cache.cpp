// SPDX-License-Identifier: Apache-2.0
#include "execution/module_cache.hpp"

namespace blend::execution {

ModulePtr make_loaded_module(rwasm::RwasmModule module)
{
    auto loaded = std::make_shared<LoadedModule>();
    loaded->module = std::move(module);
    loaded->fast = rwasm::translate_module(loaded->module);
    return loaded;
}

ModulePtr ModuleCache::get(const Hash& code_hash, BytesView code, bool allow_unmetered)
{
    const auto it = entries_.find(code_hash);
    if (it != entries_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return it->second.module;
    }
    auto loaded = rwasm::load_module(code, allow_unmetered);
    if (!loaded)
        return nullptr;
    ModulePtr module = make_loaded_module(std::move(*loaded));
    put(code_hash, module, code.size());
    return module;
}

void ModuleCache::put(const Hash& code_hash, ModulePtr module, uint64_t encoded_size)
{
    if (entries_.contains(code_hash))
        return;
    lru_.push_front(code_hash);
    entries_.emplace(code_hash, Entry{std::move(module), encoded_size, lru_.begin()});
    bytes_ += encoded_size;
    evict();
}

void ModuleCache::evict()
{
    // Keep at least the newest entry: it is about to run.
    while (bytes_ > capacity_ && entries_.size() > 1) {
        const Hash victim = lru_.back();
        lru_.pop_back();
        const auto it = entries_.find(victim);
        bytes_ -= it->second.size;
        entries_.erase(it);
    }
}

}  // namespace blend::execution
