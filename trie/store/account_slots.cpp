// SPDX-License-Identifier: Apache-2.0
// The slots of one account at a block. All storage is in one global trie (trie.md §5.2), so there
// is no per-account storage root to drop: the executor lists an account's slots to clear them
// when the account is deleted, and asks whether it has any (EIP-7610). The answer is the block's
// diffs (newest first decides) over the flat `slot` table (the persisted tip) or the `slot_hist`
// table (an older block), merged in slot order.

#include "trie/store/state_db_impl.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace blend::trie {

namespace {

Hash hash_at(const char* p)
{
    return to_hash(BytesView(reinterpret_cast<const uint8_t*>(p), 32));
}

}  // namespace

Result<void, StateError> StateDb::visit_slots(
    const Address& a,
    const At& at,
    const std::function<bool(const Hash& slot, const Hash& value)>& visit) const
{
    BLEND_TRY(const auto r, impl_->resolve(at));
    const std::string prefix = as_key(a);

    // Final values written by the block's diffs; the newest diff that wrote a slot decides.
    std::map<Hash, Hash> overlay;
    for (const BlockDiffPtr& d : r.chain) {
        auto it = std::lower_bound(d->slot_index_.begin(), d->slot_index_.end(), prefix,
                                   [](const std::pair<std::string, size_t>& e,
                                      const std::string& x) { return e.first < x; });
        for (; it != d->slot_index_.end() && it->first.starts_with(prefix); ++it) {
            const SlotWrite& w = d->slots_[it->second];
            overlay.emplace(w.slot, w.value);
        }
    }

    // Merges one base slot with the overlay entries before it; false = the visitor stopped.
    auto next = overlay.begin();
    const auto emit_overlay_below = [&](const Hash* bound) {
        for (; next != overlay.end() && (bound == nullptr || next->first < *bound); ++next)
            if (!next->second.is_zero() && !visit(next->first, next->second))
                return false;
        return true;
    };
    const auto emit_base = [&](const Hash& slot, const Hash& value) {
        if (!emit_overlay_below(&slot))
            return false;
        if (next != overlay.end() && next->first == slot) {
            const Hash v = next->second;
            ++next;
            return v.is_zero() || visit(slot, v);
        }
        return value.is_zero() || visit(slot, value);
    };

    const bool at_tip = r.base == persisted_tip().number;
    if (!at_tip && r.base < impl_->history_horizon.load())
        return Unexpected{StateError::kPruned};
    rocksdb::ReadOptions ro;
    // The history CFs have a 52-byte prefix extractor; this scan spans many slots of one address.
    ro.total_order_seek = true;
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(ro, impl_->cf(at_tip ? kCfSlot : kCfSlotHist)));
    bool more = true;
    if (at_tip) {
        for (it->Seek(slice(prefix)); more && it->Valid(); it->Next()) {
            const rocksdb::Slice k = it->key();
            if (!k.starts_with(slice(prefix)))
                break;
            if (k.size() != kSlotKeySize || it->value().size() != 32)
                return Unexpected{StateError::kCorrupt};
            more = emit_base(hash_at(k.data() + 20), hash_at(it->value().data()));
        }
    } else {
        // Keys are address ‖ slot ‖ block u64 BE, so each slot's entries are consecutive and in
        // block order: the last one at or below the base block is the slot's value there (an
        // empty value = deleted).
        std::optional<Hash> slot;
        std::optional<std::string> value;
        const auto flush = [&]() {
            if (!slot || !value || value->empty())
                return true;
            return emit_base(*slot, hash_at(value->data()));
        };
        for (it->Seek(slice(prefix)); more && it->Valid(); it->Next()) {
            const rocksdb::Slice k = it->key();
            if (!k.starts_with(slice(prefix)))
                break;
            if (k.size() != kSlotKeySize + 8 || (!it->value().empty() && it->value().size() != 32))
                return Unexpected{StateError::kCorrupt};
            const Hash s = hash_at(k.data() + 20);
            if (slot != s) {
                more = flush();
                slot = s;
                value.reset();
            }
            if (read_be64({k.data() + kSlotKeySize, 8}) <= r.base)
                value = it->value().ToString();
        }
        if (more)
            more = flush();
    }
    if (!it->status().ok())
        return Unexpected{impl_->fail(it->status())};
    if (!at_tip && r.base < impl_->history_horizon.load())
        return Unexpected{StateError::kPruned};
    if (more)
        emit_overlay_below(nullptr);
    return {};
}

}  // namespace blend::trie
