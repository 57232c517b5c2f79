// SPDX-License-Identifier: Apache-2.0
#include "tests/runtimes/fake_chain.hpp"

#include "core/keccak.hpp"
#include "runtimes/sdk/abi.hpp"
#include "rwasm/compile.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"

#include <cstring>

namespace blend::sdk_test {

namespace abi = blend::abi;
using rwasm::FuncType;
using rwasm::ValType;

namespace {

constexpr ValType I32 = ValType::kI32;
constexpr ValType I64 = ValType::kI64;

/// Signatures of the table in docs/abi.md §1, written out again here (not taken from execution/)
/// so that the test double checks the SDK against the document.
std::optional<FuncType> signature_of(abi::HostFunction f)
{
    using Fn = abi::HostFunction;
    switch (f) {
    case Fn::kExit:
        return FuncType{{I32}, {}};
    case Fn::kState:
    case Fn::kInputSize:
    case Fn::kOutputSize:
        return FuncType{{}, {I32}};
    case Fn::kRead:
    case Fn::kReadOutput:
    case Fn::kReadContext:
    case Fn::kKeccak256:
    case Fn::kPoseidon:
        return FuncType{{I32, I32, I32}, {}};
    case Fn::kWrite:
    case Fn::kForwardOutput:
    case Fn::kDebugLog:
    case Fn::kPreimageCopy:
        return FuncType{{I32, I32}, {}};
    case Fn::kExec:
    case Fn::kResume:
        return FuncType{{I32, I32, I32, I32, I32}, {I32}};
    case Fn::kFuel:
        return FuncType{{}, {I64}};
    case Fn::kPreimageSize:
        return FuncType{{I32}, {I32}};
    case Fn::kChargeFuel:
        return FuncType{{I64}, {}};
    case Fn::kPoseidonHash:
        return FuncType{{I32, I32, I32, I32}, {}};
    case Fn::kEcrecover:
        return FuncType{{I32, I32, I32, I32}, {I32}};
    }
    return std::nullopt;
}

class AbiNames final : public rwasm::ImportResolver {
public:
    std::optional<rwasm::ResolvedFunction> function(std::string_view module,
                                                    std::string_view name) const override
    {
        if (module != abi::kImportModule)
            return std::nullopt;
#define BLEND_ROW(id, number, text) \
    if (name == text)               \
        return rwasm::ResolvedFunction{number, *signature_of(abi::HostFunction::id)};
        BLEND_ABI_HOST_FUNCTIONS(BLEND_ROW)
#undef BLEND_ROW
        return std::nullopt;
    }
};

/// Fuel for one frame: generous, but an accidental infinite loop still ends.
constexpr uint64_t kFrameFuel = 50'000'000;
/// Nesting bound of the double (the STF's is 1024, docs/abi.md).
constexpr uint32_t kMaxDepth = 64;

constexpr int32_t code(abi::ExitCode c)
{
    return static_cast<int32_t>(c);
}

}  // namespace

struct FakeChain::Account {
    std::shared_ptr<const rwasm::RwasmModule> module;
    std::map<Word, Word> storage;
};

struct FakeChain::World {
    std::map<Address, Account> accounts;
    std::map<std::pair<Address, Word>, Word> transient;
};

/// The host of one frame.
class FrameHost final : public rwasm::HostHandler {
public:
    FrameHost(FakeChain& chain,
              const Address& caller,
              const Address& self,
              BytesView input,
              bool is_static,
              bool is_deploy,
              uint32_t depth)
        : chain_(chain),
          caller_(caller),
          self_(self),
          input_(input.begin(), input.end()),
          is_static_(is_static),
          is_deploy_(is_deploy),
          depth_(depth)
    {
        context_[abi::context::kVersion] = abi::kAbiVersion;
        context_[abi::context::kFlags] = is_static ? abi::context::kFlagStatic : 0;
        context_[abi::context::kChainId + 7] = 0x01;  // chain id 1, big-endian
        std::memcpy(context_ + abi::context::kContractAddress, self.data(), 20);
        std::memcpy(context_ + abi::context::kBytecodeAddress, self.data(), 20);
        std::memcpy(context_ + abi::context::kCaller, caller.data(), 20);
    }

    rwasm::HostStatus call(rwasm::Vm& vm,
                           uint32_t host_id,
                           std::span<const uint64_t> params,
                           std::span<uint64_t> results) override
    {
        using Fn = abi::HostFunction;
        const auto p = [&](size_t i) { return static_cast<uint32_t>(params[i]); };
        switch (static_cast<Fn>(host_id)) {
        case Fn::kExit: {
            const auto c = static_cast<int32_t>(p(0));
            return end(c > 0 ? code(abi::ExitCode::kNonNegativeExitCode) : c);
        }
        case Fn::kState:
            results[0] = is_deploy_ ? abi::kStateDeploy : abi::kStateMain;
            return rwasm::HostStatus::kReturn;
        case Fn::kInputSize:
            results[0] = input_.size();
            return rwasm::HostStatus::kReturn;
        case Fn::kRead:
            return copy_out(vm, input_, p(0), p(1), p(2));
        case Fn::kOutputSize:
            results[0] = return_data_.size();
            return rwasm::HostStatus::kReturn;
        case Fn::kReadOutput:
            return copy_out(vm, return_data_, p(0), p(1), p(2));
        case Fn::kReadContext:
            return copy_out(vm, Bytes(context_, context_ + abi::kContextSize), p(0), p(1), p(2));
        case Fn::kWrite: {
            Bytes bytes;
            if (!read_mem(vm, p(0), p(1), bytes))
                return end(code(abi::ExitCode::kMemoryOutOfBounds));
            output_.insert(output_.end(), bytes.begin(), bytes.end());
            return rwasm::HostStatus::kReturn;
        }
        case Fn::kForwardOutput: {
            if (uint64_t{p(0)} + p(1) > return_data_.size())
                return end(code(abi::ExitCode::kInputOutputOutOfBounds));
            output_.insert(output_.end(), return_data_.begin() + p(0),
                           return_data_.begin() + p(0) + p(1));
            return rwasm::HostStatus::kReturn;
        }
        case Fn::kKeccak256: {
            Bytes bytes;
            if (!read_mem(vm, p(0), p(1), bytes))
                return end(code(abi::ExitCode::kMemoryOutOfBounds));
            const Hash h = keccak256(bytes);
            return write_mem(vm, p(2), h.view());
        }
        case Fn::kDebugLog:
            return rwasm::HostStatus::kReturn;
        case Fn::kExec:
            return exec(vm, p(0), p(1), p(2), p(3), p(4), results);
        default:
            // The examples use nothing else; an unexpected host call fails the frame loudly.
            unexpected_ = "host function " + std::to_string(host_id);
            return end(code(abi::ExitCode::kUnknownError));
        }
    }

    std::optional<int32_t> exit_code;
    Bytes output_;
    std::string unexpected_;

private:
    rwasm::HostStatus end(int32_t c)
    {
        exit_code = c;
        return rwasm::HostStatus::kTrap;
    }

    static bool read_mem(rwasm::Vm& vm, uint32_t ptr, uint32_t len, Bytes& out)
    {
        const auto mem = vm.guest_memory(ptr, len);  // commits the pages, like a load
        if (!mem)
            return false;
        out.assign(mem->begin(), mem->end());
        return true;
    }

    rwasm::HostStatus write_mem(rwasm::Vm& vm, uint32_t ptr, BytesView bytes)
    {
        const auto mem = vm.guest_memory(ptr, bytes.size());  // commits the pages, like a store
        if (!mem)
            return end(code(abi::ExitCode::kMemoryOutOfBounds));
        std::copy(bytes.begin(), bytes.end(), mem->begin());
        return rwasm::HostStatus::kReturn;
    }

    rwasm::HostStatus copy_out(rwasm::Vm& vm,
                               const Bytes& source,
                               uint32_t dst,
                               uint32_t offset,
                               uint32_t len)
    {
        if (uint64_t{offset} + len > source.size())
            return end(code(abi::ExitCode::kInputOutputOutOfBounds));
        return write_mem(vm, dst, BytesView(source).subspan(offset, len));
    }

    rwasm::HostStatus exec(rwasm::Vm& vm,
                           uint32_t id_ptr,
                           uint32_t in_ptr,
                           uint32_t in_len,
                           uint32_t fuel_ptr,
                           uint32_t state,
                           std::span<uint64_t> results)
    {
        Bytes id;
        Bytes in;
        if (!read_mem(vm, id_ptr, abi::kSyscallIdSize, id) || !read_mem(vm, in_ptr, in_len, in))
            return end(code(abi::ExitCode::kMemoryOutOfBounds));
        // docs/abi.md §2: 30 zero bytes, the version, the number; state 0; fuel_ptr 0 here.
        for (size_t i = 0; i < 30; ++i) {
            if (id[i] != 0)
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
        }
        if (id[30] != abi::kAbiVersion || state != 0 || fuel_ptr != 0)
            return end(code(abi::ExitCode::kMalformedBuiltinParams));
        return_data_.clear();
        int32_t result = 0;
        auto& world = *chain_.world_;
        const auto word_at = [&](size_t at) {
            Word w;
            std::memcpy(w.data(), in.data() + at, 32);
            return w;
        };
        const auto addr_at = [&](size_t at) {
            Address a;
            std::memcpy(a.data(), in.data() + at, 20);
            return a;
        };
        using S = abi::Syscall;
        switch (static_cast<S>(id[31])) {
        case S::kStorageRead: {
            if (in.size() != 32)
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
            const auto& st = world.accounts[self_].storage;
            const auto it = st.find(word_at(0));
            const Word v = it == st.end() ? Word{} : it->second;
            return_data_.assign(v.bytes.begin(), v.bytes.end());
            break;
        }
        case S::kStorageWrite:
            if (in.size() != 64)
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
            if (is_static_)
                return end(code(abi::ExitCode::kStateChangeDuringStaticCall));
            world.accounts[self_].storage[word_at(0)] = word_at(32);
            break;
        case S::kTransientRead: {
            if (in.size() != 32)
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
            const Word v = world.transient[{self_, word_at(0)}];
            return_data_.assign(v.bytes.begin(), v.bytes.end());
            break;
        }
        case S::kTransientWrite:
            if (in.size() != 64)
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
            if (is_static_)
                return end(code(abi::ExitCode::kStateChangeDuringStaticCall));
            world.transient[{self_, word_at(0)}] = word_at(32);
            break;
        case S::kEmitLog: {
            if (in.empty() || in[0] > 4 || in.size() < 1 + 32u * in[0])
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
            if (is_static_)
                return end(code(abi::ExitCode::kStateChangeDuringStaticCall));
            Log log{self_, {}, {}};
            for (size_t i = 0; i < in[0]; ++i)
                log.topics.push_back(word_at(1 + 32 * i));
            log.data.assign(in.begin() + 1 + 32 * in[0], in.end());
            chain_.logs_.push_back(std::move(log));
            break;
        }
        case S::kCall:
        case S::kStaticCall: {
            const bool with_value = static_cast<S>(id[31]) == S::kCall;
            const size_t head = with_value ? 52 : 20;
            if (in.size() < head)
                return end(code(abi::ExitCode::kMalformedBuiltinParams));
            if (with_value) {
                for (size_t i = 20; i < 52; ++i) {
                    // The double moves no value; the examples never send any.
                    if (in[i] != 0)
                        return end(code(abi::ExitCode::kUnknownError));
                }
            }
            if (depth_ + 1 >= kMaxDepth) {
                result = code(abi::ExitCode::kCallDepthOverflow);
                break;
            }
            const Outcome child =
                chain_.run_frame(self_, addr_at(0), BytesView(in).subspan(head),
                                 is_static_ || !with_value, /*is_deploy=*/false, depth_ + 1);
            result = child.exit_code;
            return_data_ = child.output;
            break;
        }
        default:
            unexpected_ = "syscall " + std::to_string(id[31]);
            return end(code(abi::ExitCode::kUnknownError));
        }
        results[0] = static_cast<uint32_t>(result);
        return rwasm::HostStatus::kReturn;
    }

    FakeChain& chain_;
    Address caller_;
    Address self_;
    Bytes input_;
    Bytes return_data_;
    uint8_t context_[abi::kContextSize] = {};
    bool is_static_;
    bool is_deploy_;
    uint32_t depth_;
};

FakeChain::FakeChain() : world_(std::make_unique<World>()) {}
FakeChain::~FakeChain() = default;

Outcome FakeChain::run_frame(const Address& caller,
                             const Address& to,
                             BytesView input,
                             bool is_static,
                             bool is_deploy,
                             uint32_t depth)
{
    const auto it = world_->accounts.find(to);
    if (it == world_->accounts.end() || !it->second.module)
        return {};  // a call to an account without code succeeds with no output (as in the EVM)
    const std::shared_ptr<const rwasm::RwasmModule> module = it->second.module;
    const char* entry = is_deploy ? "deploy" : "main";
    std::optional<uint32_t> index;
    for (const auto& e : module->exports) {
        if (e.kind == rwasm::ExternKind::kFunction && e.name == entry)
            index = e.index;
    }
    if (!index)
        return {};  // docs/abi.md §7: an absent entry point succeeds with no output

    const World snapshot = *world_;
    const size_t logs_before = logs_.size();
    FrameHost host(*this, caller, to, input, is_static, is_deploy, depth);
    rwasm::Vm vm(*module);
    vm.set_fuel_limit(kFrameFuel);
    Outcome out;
    rwasm::RunResult run = vm.instantiate(host);
    if (run.status == rwasm::RunStatus::kFinished)
        run = vm.invoke(*index, {}, host);
    out.fuel_used = vm.fuel_used();
    if (run.status == rwasm::RunStatus::kFinished)
        out.exit_code = 0;
    else if (run.trap == rwasm::TrapCode::kHostError && host.exit_code)
        out.exit_code = *host.exit_code;
    else if (run.trap == rwasm::TrapCode::kOutOfFuel)
        out.exit_code = code(abi::ExitCode::kOutOfFuel);
    else
        out.exit_code = code(abi::ExitCode::kUnreachableCodeReached);
    // Output is return data on success and revert data on -1; nothing on other failures.
    if (out.exit_code == 0 || out.exit_code == code(abi::ExitCode::kPanic))
        out.output = host.output_;
    if (out.exit_code != 0) {
        *world_ = snapshot;
        logs_.resize(logs_before);
    }
    return out;
}

DeployOutcome FakeChain::deploy(BytesView wasm, const Address& deployer, BytesView input)
{
    auto parsed = rwasm::parse_module(wasm);
    if (!parsed)
        return {code(abi::ExitCode::kNotSupportedBytecode), {}, {}};
    if (!rwasm::validate_module(*parsed))
        return {code(abi::ExitCode::kNotSupportedBytecode), {}, {}};
    auto compiled = rwasm::compile_module(*parsed, AbiNames{});
    if (!compiled)
        return {code(abi::ExitCode::kUnknownExternalFunction), {}, {}};
    Address address;
    const uint64_t n = next_address_++;
    for (int i = 0; i < 8; ++i)
        address[19 - i] = static_cast<uint8_t>(n >> (8 * i));
    world_->accounts[address].module =
        std::make_shared<const rwasm::RwasmModule>(std::move(*compiled));
    const Outcome out = run_frame(deployer, address, input, false, /*is_deploy=*/true, 0);
    if (out.exit_code != 0)
        world_->accounts.erase(address);
    return {out.exit_code, address, out.output};
}

Outcome FakeChain::call(const Address& from, const Address& to, BytesView calldata)
{
    return run_frame(from, to, calldata, false, false, 0);
}

Word FakeChain::storage(const Address& account, const Word& slot) const
{
    const auto a = world_->accounts.find(account);
    if (a == world_->accounts.end())
        return {};
    const auto s = a->second.storage.find(slot);
    return s == a->second.storage.end() ? Word{} : s->second;
}

}  // namespace blend::sdk_test
