// SPDX-License-Identifier: Apache-2.0
#include "execution/verified_code_cache.hpp"

#include <cstring>
#include <utility>

namespace blend::execution {

size_t VerifiedCodeCache::HashOfHash::operator()(const Hash& h) const noexcept
{
    // The key is a keccak-256 output: any 8 of its bytes are already uniformly distributed.
    size_t v = 0;
    std::memcpy(&v, h.data(), sizeof v);
    return v;
}

CodePtr VerifiedCodeCache::find(const Hash& code_hash)
{
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(code_hash);
    if (it == entries_.end())
        return nullptr;
    order_.splice(order_.begin(), order_, it->second.position);
    return it->second.code;
}

void VerifiedCodeCache::add(const Hash& code_hash, CodePtr code)
{
    if (!code || code->size() > max_bytes_)
        return;
    const std::lock_guard lock(mutex_);
    if (entries_.contains(code_hash))
        return;
    while (bytes_ + code->size() > max_bytes_) {
        const auto victim = entries_.find(order_.back());
        bytes_ -= victim->second.code->size();
        entries_.erase(victim);
        order_.pop_back();
    }
    bytes_ += code->size();
    order_.push_front(code_hash);
    entries_.emplace(code_hash, Entry{std::move(code), order_.begin()});
}

uint64_t VerifiedCodeCache::bytes() const
{
    const std::lock_guard lock(mutex_);
    return bytes_;
}

size_t VerifiedCodeCache::size() const
{
    const std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace blend::execution
