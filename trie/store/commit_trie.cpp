// SPDX-License-Identifier: Apache-2.0
#include "trie/store/commit_trie.hpp"

#include "trie/poseidon/poseidon.hpp"

#include <algorithm>
#include <span>

namespace blend::trie {
namespace {

constexpr uint8_t kUnplaced = 0xff;  // a new leaf whose depth is not final yet

enum class Kind : uint8_t { kEmpty, kLeaf, kBranch };

/// A subtree in hand during the commit: an existing one (maybe not loaded) or a new one.
struct Sub {
    Fr hash;
    uint64_t version = 0;
    Kind kind = Kind::kEmpty;
    uint8_t depth = kUnplaced;  ///< where the record is stored (kUnplaced: a leaf not written yet)
    Path path{};                ///< the path prefix at `depth`
    StoredNodePtr node;         ///< null for an existing node that was never needed
    /// A new branch whose hash is not computed yet (`hash` is a placeholder): the commit builds
    /// the whole new structure first and then hashes the new branches level by level, eight at a
    /// time (hash_pending).
    StoredNode* pending = nullptr;
};

/// A new branch waiting for its hash; `left` / `right` are its children when those are new
/// branches too (their hashes are known once their level, one deeper, has been hashed).
struct PendingBranch {
    StoredNode* node;
    const StoredNode* left;
    const StoredNode* right;
};

/// The pending branches by depth: hash_pending goes deepest level first, and a list per level
/// needs no sort (a stable_sort of ~20k entries by depth per thread was ~1 % of the commit CPU).
struct PendingLevels {
    std::vector<std::vector<PendingBranch>> by_depth;

    void add(size_t depth, const PendingBranch& p)
    {
        if (by_depth.size() <= depth)
            by_depth.resize(depth + 1);
        by_depth[depth].push_back(p);
    }
    void append(const PendingLevels& other)
    {
        if (by_depth.size() < other.by_depth.size())
            by_depth.resize(other.by_depth.size());
        for (size_t d = 0; d < other.by_depth.size(); ++d)
            by_depth[d].insert(by_depth[d].end(), other.by_depth[d].begin(),
                               other.by_depth[d].end());
    }
};

struct Entry {
    Path bits;
    Fr key;
    const TrieWrite::Leaf* leaf = nullptr;  ///< new leaf
    Sub existing;                           ///< an existing leaf carried along (kind kLeaf)
};

/// The nodes the read-ahead found, by their place in the walk: a node the commit visits is
/// identified by its depth and the first entry of the updates below it (distinct nodes at one
/// depth have disjoint update ranges), so the walk finds them by two array indexes instead of
/// building the record key and probing the loader's tables again. One table per read-ahead
/// thread, covering the entries below that thread's top node; per depth a flat array indexed by
/// the first entry (a few KiB per level for a block of thousands of writes), so a lookup touches
/// one cache line instead of a hash node.
struct PrefetchTable {
    size_t begin = 0;  ///< the entries [begin, end) below this thread's top node
    size_t end = 0;
    std::vector<std::vector<StoredNodePtr>> by_depth;  ///< by_depth[d][first - begin]

    void put(size_t depth, size_t first, StoredNodePtr node)
    {
        if (by_depth.size() <= depth)
            by_depth.resize(depth + 1);
        std::vector<StoredNodePtr>& level = by_depth[depth];
        if (level.empty())
            level.resize(end - begin);
        level[first - begin] = std::move(node);
    }
};

struct Prefetched {
    const Entry* base = nullptr;
    std::vector<PrefetchTable> tables;

    [[nodiscard]] StoredNodePtr find(size_t depth, std::span<const Entry> below) const
    {
        if (base == nullptr || below.empty())
            return nullptr;
        const auto first = static_cast<size_t>(below.data() - base);
        for (const PrefetchTable& t : tables) {
            if (first < t.begin || first >= t.end)
                continue;
            if (depth >= t.by_depth.size() || t.by_depth[depth].empty())
                return nullptr;
            return t.by_depth[depth][first - t.begin];
        }
        return nullptr;
    }
};

struct Ctx {
    const NodeLoader& loader;
    uint64_t version;
    ThreadPool* pool;
    unsigned split_bits;
    std::vector<std::pair<std::string, StoredNodePtr>> nodes;
    std::vector<std::string> stale;
    PendingLevels pending;
    const Prefetched* prefetched = nullptr;

    Ctx child() const { return Ctx{loader, version, pool, split_bits, {}, {}, {}, prefetched}; }
    void merge(Ctx&& other)
    {
        pending.append(other.pending);
        nodes.insert(nodes.end(), std::make_move_iterator(other.nodes.begin()),
                     std::make_move_iterator(other.nodes.end()));
        stale.insert(stale.end(), std::make_move_iterator(other.stale.begin()),
                     std::make_move_iterator(other.stale.end()));
    }
};

Result<StoredNodePtr, StateError> ensure_loaded(Ctx& ctx, const Sub& s)
{
    if (s.node)
        return s.node;
    return ctx.loader.load({s.hash, s.version}, s.depth, s.path);
}

/// ensure_loaded for the node the walk reaches with `updates` below it: from the read-ahead when
/// it has the node (checked by hash), else through the loader.
Result<StoredNodePtr, StateError> ensure_loaded_at(Ctx& ctx,
                                                   const Sub& s,
                                                   std::span<const Entry> updates)
{
    if (!s.node && ctx.prefetched != nullptr && s.depth != kUnplaced) {
        StoredNodePtr hit = ctx.prefetched->find(s.depth, updates);
        if (hit && hit->hash == s.hash)
            return hit;
    }
    return ensure_loaded(ctx, s);
}

Sub child_sub(const ChildRef& ref, bool is_branch_child, size_t depth, const Path& path)
{
    Sub s;
    s.hash = ref.hash;
    s.version = ref.version;
    s.kind = is_branch_child ? Kind::kBranch : (ref.hash.is_zero() ? Kind::kEmpty : Kind::kLeaf);
    s.depth = static_cast<uint8_t>(depth);
    s.path = path;
    return s;
}

/// Fixes a leaf at (depth, path): a new leaf is written there; an existing leaf that moved (up
/// after a delete, or down under a new sibling) is re-written there and its old record is stale.
Result<void, StateError> place(Ctx& ctx, Sub& s, size_t depth, const Path& path)
{
    if (s.kind != Kind::kLeaf || s.depth == depth)
        return {};
    BLEND_TRY(StoredNodePtr node, ensure_loaded(ctx, s));
    if (s.depth != kUnplaced) {
        ctx.stale.push_back(node_db_key(s.version, s.depth, s.path));
        node = std::make_shared<StoredNode>(*node);  // same content, new record
    }
    ctx.nodes.emplace_back(node_db_key(ctx.version, depth, path), node);
    s.version = ctx.version;
    s.depth = static_cast<uint8_t>(depth);
    s.path = path;
    s.node = std::move(node);
    return {};
}

/// The subtree at (depth, path) with children `l` and `r` one level down (trie.md §5.4 normalise):
/// empty when both are empty, the leaf itself when its sibling is empty (it moves up), otherwise a
/// new branch typed by its children.
Result<Sub, StateError> join(Ctx& ctx, Sub l, Sub r, size_t depth, const Path& path)
{
    if (l.kind == Kind::kEmpty && r.kind != Kind::kBranch)
        return r.kind == Kind::kEmpty ? Sub{} : r;
    if (r.kind == Kind::kEmpty && l.kind != Kind::kBranch)
        return l;
    BLEND_TRY_VOID(place(ctx, l, depth + 1, path));
    BLEND_TRY_VOID(place(ctx, r, depth + 1, with_bit(path, depth)));
    auto node = std::make_shared<StoredNode>();
    node->type = branch_type(l.kind == Kind::kBranch, r.kind == Kind::kBranch);
    node->left = {l.hash, l.kind == Kind::kEmpty ? 0 : l.version};
    node->right = {r.hash, r.kind == Kind::kEmpty ? 0 : r.version};
    ctx.pending.add(depth, {node.get(), l.pending, r.pending});
    Sub out;
    out.pending = node.get();
    out.version = ctx.version;
    out.kind = Kind::kBranch;
    out.depth = static_cast<uint8_t>(depth);
    out.path = path;
    ctx.nodes.emplace_back(node_db_key(ctx.version, depth, path), node);
    out.node = std::move(node);
    return out;
}

/// Path order: the first differing bit decides, bit 0 first (the order of the leaves left to
/// right). Entries sorted so have, below any node, those going left before those going right.
bool path_less(const Path& a, const Path& b) noexcept
{
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            const uint64_t diff = a[i] ^ b[i];
            return (a[i] & (diff & (~diff + 1))) == 0;  // a has 0 at the lowest differing bit
        }
    }
    return false;
}

/// `entries` share their bits below `depth` and are in path order: those with bit `depth` clear
/// come first.
size_t split_by_bit(std::span<const Entry> entries, size_t depth)
{
    const auto mid = std::partition_point(entries.begin(), entries.end(),
                                          [&](const Entry& e) { return !bit_at(e.bits, depth); });
    return static_cast<size_t>(mid - entries.begin());
}

/// The subtree at (depth, path) holding exactly `entries`.
Result<Sub, StateError> build(Ctx& ctx, std::span<Entry> entries, size_t depth, const Path& path)
{
    if (entries.empty())
        return Sub{};
    if (entries.size() == 1) {
        Entry& e = entries[0];
        if (e.existing.kind == Kind::kLeaf)
            return e.existing;
        auto node = std::make_shared<StoredNode>();
        node->type = NodeType::kLeaf;
        node->hash = e.leaf->hash;
        node->key = e.key;
        node->leaf = e.leaf->encoding;
        Sub s;
        s.hash = node->hash;
        s.version = ctx.version;
        s.kind = Kind::kLeaf;
        s.node = std::move(node);
        return s;
    }
    if (depth >= kMaxDepth)
        return Unexpected{StateError::kPathCollision};
    const size_t split = split_by_bit(entries, depth);
    BLEND_TRY(Sub l, build(ctx, entries.first(split), depth + 1, path));
    BLEND_TRY(Sub r, build(ctx, entries.subspan(split), depth + 1, with_bit(path, depth)));
    return join(ctx, std::move(l), std::move(r), depth, path);
}

/// Hashes the pending branches, deepest level first: a branch's children are one level deeper, so
/// their hashes are known when its level comes. Each level goes through hash2_batch (eight
/// permutations per IFMA call). Every new branch is hashed exactly once.
void hash_pending(PendingLevels& pending)
{
    std::vector<poseidon::T3Input> in;
    std::vector<Fr> out;
    for (size_t d = pending.by_depth.size(); d-- > 0;) {
        const std::vector<PendingBranch>& level = pending.by_depth[d];
        if (level.empty())
            continue;
        in.clear();
        for (const PendingBranch& p : level) {
            if (p.left != nullptr)
                p.node->left.hash = p.left->hash;
            if (p.right != nullptr)
                p.node->right.hash = p.right->hash;
            // branch_hash(type, L, R) = H_type(L, R)
            in.push_back({Fr::from_u64(static_cast<uint64_t>(p.node->type)), p.node->left.hash,
                          p.node->right.hash});
        }
        out.resize(in.size());
        poseidon::hash2_batch(in, out);
        for (size_t i = 0; i < level.size(); ++i)
            level[i].node->hash = out[i];
    }
    pending.by_depth.clear();
}

Result<Sub, StateError> apply_at(Ctx& ctx, const Sub& cur, std::span<Entry> updates, size_t depth)
{
    if (updates.empty())
        return cur;
    if (cur.kind != Kind::kBranch) {
        // Rebuild from the final leaf set: the writes, plus the existing leaf unless it is
        // replaced or deleted (a write with the same leaf hash keeps it as it is).
        std::vector<Entry> final_set;
        StoredNodePtr existing;
        if (cur.kind == Kind::kLeaf) {
            BLEND_TRY(existing, ensure_loaded_at(ctx, cur, updates));
        }
        bool touched = false;
        for (Entry& e : updates) {
            if (existing && e.key == existing->key) {
                touched = true;
                if (e.leaf && e.leaf->hash == existing->hash) {
                    Sub keep = cur;
                    keep.node = existing;
                    final_set.push_back({e.bits, e.key, nullptr, keep});
                    continue;
                }
                ctx.stale.push_back(node_db_key(cur.version, cur.depth, cur.path));
            }
            if (e.leaf)
                final_set.push_back(e);
        }
        if (existing && !touched) {
            Sub keep = cur;
            keep.node = existing;
            Entry e{existing->key.to_canonical(), existing->key, nullptr, keep};
            const auto at = std::lower_bound(
                final_set.begin(), final_set.end(), e,
                [](const Entry& a, const Entry& b) { return path_less(a.bits, b.bits); });
            final_set.insert(at, std::move(e));  // build() needs path order
        }
        return build(ctx, final_set, depth, cur.path);
    }
    if (depth >= kMaxDepth)
        return Unexpected{StateError::kPathCollision};
    BLEND_TRY(const StoredNodePtr node, ensure_loaded_at(ctx, cur, updates));
    const size_t split = split_by_bit(updates, depth);
    const Sub lc = child_sub(node->left, left_is_branch(node->type), depth + 1, cur.path);
    const Sub rc =
        child_sub(node->right, right_is_branch(node->type), depth + 1, with_bit(cur.path, depth));
    std::span<Entry> lu = updates.first(split);
    std::span<Entry> ru = updates.subspan(split);
    Result<Sub, StateError> l = Sub{};
    Result<Sub, StateError> r = Sub{};
    if (ctx.pool != nullptr && depth < ctx.split_bits && !lu.empty() && !ru.empty()) {
        // Each side hashes its own new branches on its thread; only the few above the split are
        // left to the caller.
        Ctx left_ctx = ctx.child();
        Ctx right_ctx = ctx.child();
        auto job = ctx.pool->submit([&] {
            l = apply_at(left_ctx, lc, lu, depth + 1);
            hash_pending(left_ctx.pending);
        });
        r = apply_at(right_ctx, rc, ru, depth + 1);
        hash_pending(right_ctx.pending);
        ctx.pool->wait(job);
        ctx.merge(std::move(right_ctx));  // the order the serial walk appends in
        ctx.merge(std::move(left_ctx));
    } else {
        l = apply_at(ctx, lc, lu, depth + 1);
        if (l)
            r = apply_at(ctx, rc, ru, depth + 1);
    }
    if (!l)
        return Unexpected{l.error()};
    if (!r)
        return Unexpected{r.error()};
    if (l->pending == nullptr && r->pending == nullptr && l->hash == lc.hash &&
        l->version == lc.version && l->depth == lc.depth && r->hash == rc.hash &&
        r->version == rc.version && r->depth == rc.depth) {
        Sub same = cur;
        same.node = node;
        return same;  // nothing below changed (e.g. only deletes of absent keys)
    }
    ctx.stale.push_back(node_db_key(cur.version, cur.depth, cur.path));
    return join(ctx, std::move(*l), std::move(*r), depth, cur.path);
}

/// A node the read-ahead will need: where it is stored, whether it is a branch, and the updates
/// that go below it.
struct PrefetchItem {
    NodeAddress address;
    bool branch = false;
    std::span<Entry> entries;
};

void push_children(std::vector<PrefetchItem>& out,
                   const StoredNode& node,
                   size_t depth,
                   const Path& path,
                   std::span<Entry> below)
{
    if (depth >= kMaxDepth)
        return;  // the commit reports the collision
    const size_t split = split_by_bit(below, depth);
    if (split > 0 && !node.left.hash.is_zero())
        out.push_back(
            {{node.left, depth + 1, path}, left_is_branch(node.type), below.first(split)});
    if (split < below.size() && !node.right.hash.is_zero())
        out.push_back({{node.right, depth + 1, with_bit(path, depth)},
                       right_is_branch(node.type),
                       below.subspan(split)});
}

/// Breadth-first from `level`: one load_many per trie level. Records every node it read in
/// `found` (see Prefetched), whose range must cover the entries of `level`.
Result<void, StateError> prefetch_levels(const NodeLoader& loader,
                                         std::vector<PrefetchItem> level,
                                         const Entry* base,
                                         PrefetchTable& found)
{
    std::vector<NodeAddress> addresses;
    std::vector<PrefetchItem> next;
    while (!level.empty()) {
        addresses.clear();
        addresses.reserve(level.size());
        for (const PrefetchItem& it : level)
            addresses.push_back(it.address);
        BLEND_TRY(std::vector<StoredNodePtr> nodes, loader.load_many(addresses));
        next.clear();
        next.reserve(2 * level.size());
        for (size_t i = 0; i < level.size(); ++i)
            if (level[i].branch)
                push_children(next, *nodes[i], level[i].address.depth, level[i].address.path,
                              level[i].entries);
        for (size_t i = 0; i < level.size(); ++i)
            found.put(level[i].address.depth, static_cast<size_t>(level[i].entries.data() - base),
                      std::move(nodes[i]));
        level.swap(next);
    }
    return {};
}

/// The range of entries below the read-ahead items `items` (contiguous, in path order).
PrefetchTable table_for(std::span<const PrefetchItem> items, const Entry* base)
{
    PrefetchTable t;
    if (!items.empty()) {
        t.begin = static_cast<size_t>(items.front().entries.data() - base);
        t.end =
            static_cast<size_t>(items.back().entries.data() + items.back().entries.size() - base);
    }
    return t;
}

/// Reads every node the commit will need below `root`, one load_many per trie level, so a
/// database-backed loader batches its reads; the commit then finds them in memory. A node is
/// needed when updates go below it: the branches on the updates' paths and the leaves they end
/// at (a leaf's key decides whether the update replaces it or splits below it). The root's two
/// subtrees are walked on two threads when there is a pool.
Result<void, StateError> prefetch(const NodeLoader& loader,
                                  const Sub& root,
                                  std::span<Entry> entries,
                                  ThreadPool* pool,
                                  Prefetched& out)
{
    if (root.kind != Kind::kBranch || !root.node)
        return {};
    out.base = entries.data();
    std::vector<PrefetchItem> top;
    push_children(top, *root.node, 0, Path{}, entries);
    if (pool == nullptr || top.size() < 2) {
        out.tables.push_back(table_for(top, out.base));
        return prefetch_levels(loader, std::move(top), out.base, out.tables[0]);
    }
    out.tables.push_back(table_for(std::span(top).first(1), out.base));
    out.tables.push_back(table_for(std::span(top).subspan(1), out.base));
    Result<void, StateError> left{};
    std::vector<PrefetchItem> left_level{top[0]};
    auto job = pool->submit(
        [&] { left = prefetch_levels(loader, std::move(left_level), out.base, out.tables[0]); });
    Result<void, StateError> right = prefetch_levels(loader, {top[1]}, out.base, out.tables[1]);
    pool->wait(job);
    BLEND_TRY_VOID(left);
    return right;
}

Result<Sub, StateError> root_sub(const NodeLoader& loader, const ChildRef& root)
{
    Sub s;
    if (root.hash.is_zero())
        return s;
    BLEND_TRY(StoredNodePtr node, loader.load(root, 0, Path{}));
    s.hash = root.hash;
    s.version = root.version;
    s.kind = node->type == NodeType::kLeaf ? Kind::kLeaf : Kind::kBranch;
    s.depth = 0;
    s.node = std::move(node);
    return s;
}

}  // namespace

Result<std::vector<StoredNodePtr>, StateError> NodeLoader::load_many(
    std::span<const NodeAddress> addresses) const
{
    std::vector<StoredNodePtr> out;
    out.reserve(addresses.size());
    for (const NodeAddress& a : addresses) {
        BLEND_TRY(StoredNodePtr node, load(a.ref, a.depth, a.path));
        out.push_back(std::move(node));
    }
    return out;
}

Result<TrieCommit, StateError> commit_trie(const NodeLoader& loader,
                                           const ChildRef& root,
                                           std::vector<TrieWrite> writes,
                                           uint64_t version,
                                           ThreadPool* pool,
                                           unsigned split_bits,
                                           size_t prefetch_min_writes)
{
    std::vector<Entry> entries;
    entries.reserve(writes.size());
    for (const TrieWrite& w : writes)
        entries.push_back({w.key.to_canonical(), w.key, w.leaf ? &*w.leaf : nullptr, Sub{}});
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return path_less(a.bits, b.bits); });
    for (size_t i = 1; i < entries.size(); ++i)
        if (entries[i].bits == entries[i - 1].bits)
            return Unexpected{StateError::kDuplicateKey};
    Prefetched prefetched;
    Ctx ctx{loader, version, pool, split_bits, {}, {}, {}, &prefetched};
    BLEND_TRY(const Sub cur, root_sub(loader, root));
    if (entries.size() >= prefetch_min_writes)
        BLEND_TRY_VOID(prefetch(loader, cur, entries, pool, prefetched));
    BLEND_TRY(Sub out, apply_at(ctx, cur, entries, 0));
    BLEND_TRY_VOID(place(ctx, out, 0, Path{}));
    hash_pending(ctx.pending);
    if (out.pending != nullptr)
        out.hash = out.pending->hash;
    TrieCommit commit;
    commit.root = {out.hash, out.kind == Kind::kEmpty ? 0 : out.version};
    commit.nodes = std::move(ctx.nodes);
    commit.stale = std::move(ctx.stale);
    return commit;
}

Result<std::vector<Bytes>, StateError> prove_key(const NodeLoader& loader,
                                                 const ChildRef& root,
                                                 const Fr& key)
{
    std::vector<Bytes> out;
    const Path bits = key.to_canonical();
    ChildRef ref = root;
    Path path{};
    for (size_t depth = 0;; ++depth) {
        if (ref.hash.is_zero()) {
            Node empty;
            out.push_back(encode_node(empty));
            return out;
        }
        BLEND_TRY(const StoredNodePtr node, loader.load(ref, depth, path));
        out.push_back(proof_encoding(*node));
        if (node->type == NodeType::kLeaf)
            return out;
        if (depth >= kMaxDepth)
            return Unexpected{StateError::kCorrupt};
        if (bit_at(bits, depth)) {
            ref = node->right;
            path = with_bit(path, depth);
        } else {
            ref = node->left;
        }
    }
}

}  // namespace blend::trie
