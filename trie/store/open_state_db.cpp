// SPDX-License-Identifier: Apache-2.0
// Opening the state store: column families and their settings (trie.md §5.5), the schema check,
// and the record codecs shared by the other StateDb files.

#include "trie/store/state_db_impl.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <cstring>
#include <set>

namespace blend::trie {

const char* to_string(StateError e) noexcept
{
    switch (e) {
    case StateError::kDb:
        return "database error";
    case StateError::kSchemaMismatch:
        return "state database schema version mismatch";
    case StateError::kCorrupt:
        return "state database record missing or malformed";
    case StateError::kNotInitialized:
        return "state has no genesis";
    case StateError::kAlreadyInitialized:
        return "genesis already committed";
    case StateError::kUnknownBlock:
        return "unknown block";
    case StateError::kUnknownParent:
        return "unknown parent block";
    case StateError::kDuplicateBlock:
        return "block already known";
    case StateError::kNotPersistable:
        return "block's parent is not the persisted tip";
    case StateError::kBelowFinalized:
        return "cannot unwind below the finalized block";
    case StateError::kNothingToUnwind:
        return "unwind target is not below the persisted tip";
    case StateError::kPruned:
        return "state for this block has been pruned";
    case StateError::kDuplicateKey:
        return "an account or slot appears twice in one write set";
    case StateError::kPathCollision:
        return "two trie keys share all 248 path bits";
    case StateError::kWriteSetTooLarge:
        return "write set exceeds the entry limit";
    case StateError::kCodeTooLarge:
        return "code exceeds the stored code size limit";
    case StateError::kUnknownColumnFamily:
        return "column family not registered";
    }
    return "unknown state error";
}

std::string be64(uint64_t v)
{
    std::string out(8, '\0');
    for (int i = 7; i >= 0; --i) {
        out[static_cast<size_t>(i)] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    return out;
}

uint64_t read_be64(std::string_view s)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && i < s.size(); ++i)
        v = (v << 8) | static_cast<uint8_t>(s[i]);
    return v;
}

std::string as_key(BytesView b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string slot_key(const Address& a, const Hash& slot)
{
    std::string k = as_key(a.view());
    k.append(reinterpret_cast<const char*>(slot.data()), 32);
    return k;
}

std::string encode_account_record(const AccountLeaf& a)
{
    std::string out = be64(a.nonce);
    out.append(reinterpret_cast<const char*>(a.balance.data()), 32);
    out.append(reinterpret_cast<const char*>(a.code_hash.data()), 32);
    out += be64(a.code_size);
    return out;
}

std::optional<AccountLeaf> decode_account_record(std::string_view s)
{
    if (s.size() != kAccountRecordSize)
        return std::nullopt;
    AccountLeaf a;
    a.nonce = read_be64(s.substr(0, 8));
    std::memcpy(a.balance.data(), s.data() + 8, 32);
    std::memcpy(a.code_hash.data(), s.data() + 40, 32);
    a.code_size = read_be64(s.substr(72, 8));
    return a;
}

StateDb::Impl::~Impl()
{
    if (db) {
        for (rocksdb::ColumnFamilyHandle* h : handles)
            (void)db->DestroyColumnFamilyHandle(h);
        (void)db->Close();
    }
}

StateError StateDb::Impl::fail(const rocksdb::Status& s)
{
    const std::lock_guard lock(db_error_mutex);
    db_error = s.ToString();
    return StateError::kDb;
}

Result<void, StateError> StateDb::Impl::write(rocksdb::WriteBatch& batch)
{
    rocksdb::WriteOptions wo;
    wo.sync = options.sync_writes;
    const rocksdb::Status s = db->Write(wo, &batch);
    if (!s.ok())
        return Unexpected{fail(s)};
    return {};
}

Result<std::optional<std::string>, StateError> StateDb::Impl::get(Cf c, std::string_view key) const
{
    std::string value;
    const rocksdb::Status s = db->Get(rocksdb::ReadOptions(), handles[c], slice(key), &value);
    if (s.IsNotFound())
        return std::optional<std::string>{};
    if (!s.ok())
        return Unexpected{const_cast<Impl*>(this)->fail(s)};
    return std::optional<std::string>(std::move(value));
}

StateError StateDb::Impl::pruned_or(uint64_t number, uint64_t horizon, StateError e) const
{
    return number < horizon ? StateError::kPruned : e;
}

namespace {

rocksdb::ColumnFamilyOptions cf_options(Cf c, const std::shared_ptr<rocksdb::Cache>& cache)
{
    rocksdb::ColumnFamilyOptions o;
    rocksdb::BlockBasedTableOptions t;
    t.block_cache = cache;
    t.cache_index_and_filter_blocks = true;
    t.pin_l0_filter_and_index_blocks_in_cache = true;
    switch (c) {
    case kCfTrieNode:
        // Point reads only; hashes do not compress (trie.md §5.5).
        t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        o.compression = rocksdb::kNoCompression;
        break;
    case kCfAcct:
    case kCfSlot:
        t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        break;
    case kCfAcctHist:
    case kCfSlotHist:
        // Reads are SeekForPrev(key ‖ N): a prefix bloom on the address (‖ slot) skips files
        // that never saw the key.
        o.prefix_extractor.reset(
            rocksdb::NewFixedPrefixTransform(c == kCfAcctHist ? 20 : kSlotKeySize));
        t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        t.whole_key_filtering = false;
        break;
    default:
        break;
    }
    o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
    return o;
}

}  // namespace

Result<std::unique_ptr<StateDb>, StateError> StateDb::open(const std::string& dir,
                                                           const StateOptions& options)
{
    auto impl = std::make_unique<Impl>(options);
    for (const std::string& name : options.extra_column_families)
        for (const char* own : kCfNames)
            if (name == own || name == rocksdb::kDefaultColumnFamilyName)
                return Unexpected{StateError::kUnknownColumnFamily};

    auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (size_t c = 0; c < kCfCount; ++c)
        cfs.emplace_back(kCfNames[c], cf_options(static_cast<Cf>(c), cache));
    for (const std::string& name : options.extra_column_families)
        cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
    // RocksDB refuses to open a DB without naming all its column families.
    std::set<std::string> known;
    for (const auto& d : cfs)
        known.insert(d.name);
    std::vector<std::string> existing;
    if (rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &existing).ok())
        for (const std::string& name : existing)
            if (!known.contains(name))
                cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());

    rocksdb::DBOptions db_options;
    db_options.create_if_missing = true;
    db_options.create_missing_column_families = true;
    db_options.max_background_jobs = 2;
    db_options.bytes_per_sync = 1 << 20;
    if (options.low_priority_background) {
        // Compactions at nice 19: on two cores a compaction (0.5-0.8 s of one core for an
        // 11-18 MB L0 -> L1 merge of acct/slot/history) running during a commit, which keeps
        // both cores busy for ~150 ms, made that block 1.5-2x slower. At nice 19 it runs in the
        // idle time between blocks instead. Flushes (the HIGH pool) keep normal priority: a
        // flush that lags fills the memtables and stalls every write. The setting is per process
        // (RocksDB's default Env), so every StateDb of the process shares it.
        (void)rocksdb::Env::Default()->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::LOW,
                                                                  rocksdb::CpuPriority::kLow);
    }
    rocksdb::DB* raw = nullptr;
    const rocksdb::Status s = rocksdb::DB::Open(db_options, dir, cfs, &impl->handles, &raw);
    if (!s.ok())
        return Unexpected{impl->fail(s)};
    impl->db.reset(raw);
    for (size_t i = kCfCount; i < kCfCount + options.extra_column_families.size(); ++i)
        impl->extra_cfs.emplace(cfs[i].name, impl->handles[i]);

    BLEND_TRY(const auto schema, impl->get(kCfMeta, kMetaSchema));
    BLEND_TRY(const auto tip, impl->get(kCfMeta, kMetaTip));
    if (!schema) {
        if (tip)
            return Unexpected{StateError::kSchemaMismatch};
        rocksdb::WriteBatch batch;
        batch.Put(impl->cf(kCfMeta), slice(kMetaSchema), be64(kStateSchemaVersion));
        BLEND_TRY_VOID(impl->write(batch));
    } else if (schema->size() != 8 || read_be64(*schema) != kStateSchemaVersion) {
        return Unexpected{StateError::kSchemaMismatch};
    }
    if (tip) {
        if (tip->size() != 40)
            return Unexpected{StateError::kCorrupt};
        impl->has_tip = true;
        impl->tip.number = read_be64(*tip);
        std::memcpy(impl->tip.hash.data(), tip->data() + 8, 32);
        BLEND_TRY(const ChildRef root, impl->persisted_root(impl->tip.number));
        impl->tip.root = root.hash;
        impl->head = impl->tip.hash;
    }
    BLEND_TRY(const auto fin, impl->get(kCfMeta, kMetaFinalized));
    impl->finalized_number = fin ? read_be64(*fin) : 0;
    BLEND_TRY(const auto th, impl->get(kCfMeta, kMetaTrieHorizon));
    impl->trie_horizon = th ? read_be64(*th) : 0;
    BLEND_TRY(const auto hh, impl->get(kCfMeta, kMetaHistoryHorizon));
    impl->history_horizon = hh ? read_be64(*hh) : 0;
    if (options.threads > 1)
        impl->pool = std::make_unique<ThreadPool>(options.threads - 1);
    return std::unique_ptr<StateDb>(new StateDb(std::move(impl)));
}

StateDb::StateDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateDb::~StateDb() = default;

std::string StateDb::last_db_error() const
{
    const std::lock_guard lock(impl_->db_error_mutex);
    return impl_->db_error;
}

bool StateDb::initialized() const
{
    const std::lock_guard lock(impl_->mutex);
    return impl_->has_tip;
}

BlockInfo StateDb::persisted_tip() const
{
    const std::lock_guard lock(impl_->mutex);
    return impl_->tip;
}

uint64_t StateDb::finalized() const
{
    const std::lock_guard lock(impl_->mutex);
    return impl_->finalized_number;
}

Result<std::optional<Bytes>, StateError> StateDb::get_extra(std::string_view column_family,
                                                            BytesView key) const
{
    const auto it = impl_->extra_cfs.find(column_family);
    if (it == impl_->extra_cfs.end())
        return Unexpected{StateError::kUnknownColumnFamily};
    std::string value;
    const rocksdb::Status s =
        impl_->db->Get(rocksdb::ReadOptions(), it->second, slice(key), &value);
    if (s.IsNotFound())
        return std::optional<Bytes>{};
    if (!s.ok())
        return Unexpected{impl_->fail(s)};
    return std::optional<Bytes>(Bytes(value.begin(), value.end()));
}

Result<void, StateError> ExtraBatchWriter::put(std::string_view column_family,
                                               BytesView key,
                                               BytesView value)
{
    const auto it = impl_.extra_cfs.find(column_family);
    if (it == impl_.extra_cfs.end())
        return Unexpected{StateError::kUnknownColumnFamily};
    batch_.Put(it->second, slice(key), slice(value));
    return {};
}

Result<void, StateError> ExtraBatchWriter::erase(std::string_view column_family, BytesView key)
{
    const auto it = impl_.extra_cfs.find(column_family);
    if (it == impl_.extra_cfs.end())
        return Unexpected{StateError::kUnknownColumnFamily};
    batch_.Delete(it->second, slice(key));
    return {};
}

}  // namespace blend::trie
