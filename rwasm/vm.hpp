// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "rwasm/errors.hpp"
#include "rwasm/limits.hpp"
#include "rwasm/module.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

/// The rWasm interpreter. All VM state (value stack, call frames, pc, memory, tables, globals,
/// fuel, a pending host call) is data in a Vm object: nothing lives on the native stack between
/// instructions, so a VM can suspend at any host call and be resumed later.
namespace blend::rwasm {

class Vm;
struct FastCode;

/// Which loop runs the code. Both give the same results, fuel and traps; kCanonical interprets
/// the stored rWasm as is (and is always used while a tracer is set), kFast runs the register-
/// style internal form (fast_code.hpp) translated from it.
enum class Engine : uint8_t { kFast, kCanonical };

/// Pages of a pooled memory that stay mapped (and are zeroed with a memset) when it goes back to
/// the pool; committed pages above are handed back to the kernel (madvise(MADV_DONTNEED)), so a
/// pooled memory holds at most 1 MiB of RAM. 16 pages cover the first page (C/C++ stacks, wasm-ld
/// puts the data segments at 64 KiB) and Rust's default 1 MiB stack; the SDK's ERC-20 commits 2.
inline constexpr uint32_t kPoolRetainedPages = 16;
/// Free memories a thread keeps: the pool holds at most kMaxPooledMemories × kPoolRetainedPages
/// × 64 KiB = 32 MiB of RAM per thread. Frames nested deeper than this get fresh memories
/// (their retained pages then fault in at the pooled price: docs/rwasm-format.md §3 Memory).
inline constexpr uint32_t kMaxPooledMemories = 32;

/// A linear memory; shared between instances only when one imports another's (spec suite).
///
/// Three bounds, in bytes from 0: committed ≤ declared (size(), what memory.size reports and
/// memory.grow raises) ≤ max. The interpreters check accesses against the *committed* bound, so
/// the hot path is one compare as before; an access above it but within the declared size takes
/// the slow path (commit_memory), which charges the pages between the bound and the access
/// (commit_fuel) and raises the bound. Pages are committed contiguously from 0, so what is
/// charged depends only on the program's own accesses, never on the host. Nothing ever writes
/// above the committed bound (the host reaches memory only through Vm::memory / Vm::guest_memory),
/// so everything above it is zero.
///
/// Memories come from a per-thread pool of reservations (memory.cpp): each is kMaxMemoryPages of
/// address space whose touched pages stay mapped between instances; releasing one zeroes only its
/// committed range (memset up to kPoolRetainedPages, madvise(MADV_DONTNEED) above), so a page
/// costs a memset instead of 16 first-touch kernel faults (docs/rwasm-format.md §3 Memory).
class Memory {
public:
    /// Declares `pages` (zeroed, none committed) of at most `max_pages`. Requires pages <=
    /// max_pages <= kMaxMemoryPages.
    [[nodiscard]] static std::shared_ptr<Memory> create(uint32_t pages, uint32_t max_pages);
    ~Memory();
    Memory(const Memory&) = delete;
    Memory& operator=(const Memory&) = delete;

    /// Never null. Only [0, committed_size()) may be written: the pool zeroes no more.
    [[nodiscard]] uint8_t* data() const noexcept { return base_; }
    /// The declared size (memory.size × kPageSize).
    [[nodiscard]] uint64_t size() const noexcept { return uint64_t{pages_} * kPageSize; }
    [[nodiscard]] uint32_t pages() const noexcept { return pages_; }
    [[nodiscard]] uint32_t max_pages() const noexcept { return max_pages_; }
    [[nodiscard]] uint32_t committed_pages() const noexcept { return committed_; }
    [[nodiscard]] uint64_t committed_size() const noexcept
    {
        return uint64_t{committed_} * kPageSize;
    }
    /// Declares `delta` more pages, zeroed and uncommitted; false (nothing changes) above
    /// max_pages().
    [[nodiscard]] bool grow(uint32_t delta) noexcept;
    /// Fuel to commit every page below byte `end` (end <= size()): kFuelPerCommittedPage for
    /// each page below kPoolRetainedPages, kFuelPerPage above (those are refaulted on each use).
    [[nodiscard]] uint64_t commit_fuel(uint64_t end) const noexcept;
    /// Commits every page below byte `end` (end <= size()); the caller has charged commit_fuel.
    void commit(uint64_t end) noexcept;

private:
    Memory() = default;
    uint8_t* base_ = nullptr;
    uint32_t pages_ = 0;
    uint32_t max_pages_ = 0;
    uint32_t committed_ = 0;
    uint32_t open_ = 0;  ///< pages [0, open_) are readable and writable (mprotect)
};

/// What the interpreters' slow path decided: a trap, or the fuel to take off fuel_left.
struct CommitResult {
    TrapCode trap = TrapCode::kNone;
    uint64_t fuel = 0;
};

/// The interpreters' slow path for an access ending at byte `end` above the committed bound:
/// kMemoryOutOfBounds above the declared size (or without a memory), kOutOfFuel when the commit
/// charge exceeds `fuel_left` (charged only when `metered`), else the pages are committed and
/// `fuel` is the charge.
[[nodiscard]] CommitResult commit_memory(Memory* memory,
                                         uint64_t end,
                                         uint64_t fuel_left,
                                         bool metered) noexcept;

/// A table of references: 0 is null; a function reference is instance_id << 32 | (index + 1).
struct Table {
    std::vector<uint64_t> elements;
    uint64_t max = 0;
};

/// The objects an instance imports, in import order (RwasmModule::memory_imported,
/// imported_tables, imported_globals).
struct ExternImports {
    std::shared_ptr<Memory> memory;
    std::vector<std::shared_ptr<Table>> tables;
    std::vector<std::shared_ptr<uint64_t>> globals;
};

/// What a host function did.
enum class HostStatus : uint8_t {
    kReturn,   ///< results were written; continue
    kSuspend,  ///< stop now; the embedder will call Vm::resume with the results later
    kTrap,     ///< fail the run with TrapCode::kHostError
};

/// The one interface through which rWasm reaches its host. `params` and `results` are sized by
/// the import's signature; values use the 64-bit slot encoding of the interpreter.
class HostHandler {
public:
    virtual ~HostHandler() = default;
    virtual HostStatus call(Vm& vm,
                            uint32_t host_id,
                            std::span<const uint64_t> params,
                            std::span<uint64_t> results) = 0;

    /// call_indirect found a function reference of another instance (a table shared through
    /// imports). The host checks `type` against the callee's and runs it; on kTrap, `trap` says
    /// why. Embedders without shared tables never see this call.
    virtual HostStatus call_foreign(Vm&,
                                    uint64_t /*ref*/,
                                    const FuncType& /*type*/,
                                    std::span<const uint64_t> /*params*/,
                                    std::span<uint64_t> /*results*/,
                                    TrapCode& trap)
    {
        trap = TrapCode::kIndirectCallToNull;
        return HostStatus::kTrap;
    }
};

/// Per-instruction trace hook; the interpreter is instantiated twice, so with no tracer set the
/// hot loop contains no trace code at all.
class Tracer {
public:
    virtual ~Tracer() = default;
    /// Before each instruction; the stack effect is the next step's height minus this one.
    virtual void on_step(uint32_t pc, Opcode op, uint32_t stack_height) = 0;
    /// After the bounds check of each load or store.
    virtual void on_memory(uint64_t /*address*/, uint32_t /*size*/, bool /*is_store*/) {}
};

enum class RunStatus : uint8_t { kFinished, kTrapped, kSuspended };

struct RunResult {
    RunStatus status = RunStatus::kFinished;
    TrapCode trap = TrapCode::kNone;
};

struct Frame {
    uint32_t return_pc = 0;
    uint32_t fp = 0;
};

/// Dynamic fuel, measured like the opcode table (opcodes.hpp, docs/rwasm-format.md §Fuel;
/// 1 fuel ≈ 0.25 ns). Memory is charged when a page is first committed (Memory), by where it is:
/// - kFuelPerCommittedPage for a page the pool keeps mapped (below kPoolRetainedPages): zeroing
///   it again on release, a 64 KiB memset, took 2.1–2.3 µs (`pooled_reset_page_ns=`,
///   blend-bench-memory), so 10,000 fuel (2.5 µs, 2,500 gas);
/// - kFuelPerPage above that, where the pool gives the page back to the kernel and the next
///   touch faults it in again: a page mapped and touched took 18–19 µs in blend-bench-memory
///   (`fresh_page_ns=`) and 30 µs when this was measured through memory.grow, kept at 120,000;
/// - kFuelPerGrow per memory.grow that adds pages (it may open them with one mprotect,
///   0.4–0.7 µs), the pages themselves being charged at commit.
/// memory.fill/copy 0.022-0.026 ns per byte. Table elements are 8-byte slots, charged like 8
/// bytes of memory.copy.
inline constexpr uint64_t kFuelPerPage = 120'000;
inline constexpr uint64_t kFuelPerCommittedPage = 10'000;
inline constexpr uint64_t kFuelPerGrow = 2'800;
inline constexpr uint64_t kBytesPerFuel = 8;
inline constexpr uint64_t kElemsPerFuel = 1;

class Vm {
public:
    /// `module` must have come from compile_module or load_module (verified) and outlive the Vm.
    /// `instance_id` tags this instance's function references (see Table).
    explicit Vm(const RwasmModule& module, uint32_t instance_id = 0);

    /// Creates memory, tables and globals (or takes the imported ones) and runs the entry
    /// segment. A trap here means the module could not be instantiated.
    RunResult instantiate(HostHandler& host, const ExternImports& imports = {});

    /// Calls function `index` (function index space) with `args`; results() holds its results
    /// when the run finishes.
    RunResult invoke(uint32_t index, std::span<const uint64_t> args, HostHandler& host);

    /// Continues a suspended run; `results` are the suspended host call's results.
    RunResult resume(std::span<const uint64_t> results, HostHandler& host);

    [[nodiscard]] std::span<const uint64_t> results() const noexcept { return results_; }

    /// No limit by default; a limit makes running out of fuel the trap kOutOfFuel.
    void set_fuel_limit(std::optional<uint64_t> limit) noexcept;
    [[nodiscard]] uint64_t fuel_used() const noexcept { return fuel_used_; }
    [[nodiscard]] uint64_t fuel_remaining() const noexcept { return fuel_limit_ - fuel_used_; }
    /// For host functions that meter their own work (fluent's `_charge_fuel`): charges `amount`
    /// and returns true, or returns false when it exceeds the limit — the host should then
    /// return HostStatus::kTrap, and the run ends with kOutOfFuel rather than kHostError.
    [[nodiscard]] bool charge_fuel(uint64_t amount) noexcept
    {
        if (amount > fuel_limit_ - fuel_used_) {
            fuel_used_ = fuel_limit_;
            fuel_exhausted_ = true;
            return false;
        }
        fuel_used_ += amount;
        return true;
    }

    /// A tracer takes effect at the next instantiate/invoke; a suspended run resumes in the loop
    /// it started in.
    void set_tracer(Tracer* tracer) noexcept { tracer_ = tracer; }

    /// kFast by default. Takes effect at the next instantiate/invoke.
    void set_engine(Engine engine) noexcept { engine_ = engine; }
    [[nodiscard]] Engine engine() const noexcept { return engine_; }
    /// Shares a translation (translate_module of this Vm's module) instead of translating on the
    /// first fast run: embedders cache it per module (code hash).
    void set_fast_code(std::shared_ptr<const FastCode> code) noexcept { fast_ = std::move(code); }

    [[nodiscard]] const RwasmModule& module() const noexcept { return module_; }
    [[nodiscard]] uint32_t instance_id() const noexcept { return instance_id_; }
    /// The committed part of linear memory: everything the program has reached (all above it
    /// is zero). Embedders reach other bytes through guest_memory, which commits them.
    [[nodiscard]] std::span<uint8_t> memory() noexcept
    {
        return memory_ ? std::span<uint8_t>(memory_->data(), memory_->committed_size())
                       : std::span<uint8_t>();
    }
    /// The declared size in bytes (memory.size × kPageSize; 0 without a memory).
    [[nodiscard]] uint64_t memory_size() const noexcept { return memory_ ? memory_->size() : 0; }
    /// [ptr, ptr + len) of linear memory for a host function, committing (and charging this
    /// Vm's fuel for, unless the module is unmetered) the pages it reaches like a load or store
    /// would. nullopt when the range is beyond the declared size or the charge runs out of fuel
    /// (then all fuel is spent, as charge_fuel does).
    [[nodiscard]] std::optional<std::span<uint8_t>> guest_memory(uint64_t ptr, uint64_t len);
    [[nodiscard]] uint64_t global(uint32_t index) const noexcept { return *globals_[index]; }
    [[nodiscard]] std::span<const uint64_t> table(uint32_t index) const noexcept
    {
        return tables_[index]->elements;
    }
    [[nodiscard]] const std::shared_ptr<Memory>& memory_object() const noexcept { return memory_; }
    [[nodiscard]] const std::shared_ptr<Table>& table_object(uint32_t i) const noexcept
    {
        return tables_[i];
    }
    [[nodiscard]] const std::shared_ptr<uint64_t>& global_cell(uint32_t i) const noexcept
    {
        return global_cells_[i];
    }
    [[nodiscard]] bool suspended() const noexcept { return suspended_; }

private:
    template <bool kTrace>
    RunResult run(HostHandler& host);
    RunResult run_fast(HostHandler& host);
    /// The loop of the current activation (fast_run_), from pc_.
    RunResult run_current(HostHandler& host);
    RunResult start(uint32_t pc, HostHandler& host);
    RunResult invoke_nested(const FunctionEntry& f,
                            std::span<const uint64_t> args,
                            HostHandler& host);
    void reset_after_trap() noexcept;

    const RwasmModule& module_;
    std::unique_ptr<uint64_t[]> stack_;  // kMaxStackSlots + headroom, untouched until used
    uint32_t sp_ = 0;
    uint32_t fp_ = 0;
    uint32_t pc_ = 0;
    std::unique_ptr<Frame[]> frames_;  // kMaxCallDepth frames
    uint32_t depth_ = 0;
    /// Frames below this belong to an outer activation (a host call that re-entered the VM).
    uint32_t frame_base_ = 0;
    uint32_t instance_id_ = 0;
    std::shared_ptr<Memory> memory_;
    std::vector<std::shared_ptr<Table>> tables_;
    std::vector<std::shared_ptr<uint64_t>> global_cells_;
    std::vector<uint64_t*> globals_;
    std::vector<bool> data_dropped_;
    std::vector<bool> elem_dropped_;
    std::vector<uint64_t> results_;
    uint64_t fuel_limit_ = ~uint64_t{0};
    uint64_t fuel_used_ = 0;
    uint32_t pending_host_results_ = 0;
    uint32_t result_count_ = 0;
    bool suspended_ = false;
    bool fuel_exhausted_ = false;  ///< a host's charge_fuel ran out during this host call
    bool instantiated_ = false;
    bool allocated_ = false;  ///< memory, tables and globals exist (set before the entry runs)
    bool running_ = false;    ///< inside run(): a host call may not re-enter this VM
    Tracer* tracer_ = nullptr;
    Engine engine_ = Engine::kFast;
    bool fast_run_ = false;  ///< the current or suspended run is in the fast loop (pc_ internal)
    std::shared_ptr<const FastCode> fast_;
};

}  // namespace blend::rwasm
