// SPDX-License-Identifier: Apache-2.0
// Compiled and linked for wasm32 by ctest `evm_interpreter_wasm32` with the flags of
// cmake/wasm_contract.cmake: proves that execute() builds freestanding for wasm32 and links
// without compiler-rt (no __multi3/__udivti3) or any C library function beyond the SDK's
// memcpy/memset/memmove. The host is a stub whose actions fail: only the build matters here.
#include "runtimes/evm/interpreter.hpp"
#include "runtimes/sdk/mem.hpp"

namespace {

using namespace blend::evm;

class StubHost {
public:
    const Context& context() const { return ctx_; }
    WordResult sload(const U256&, uint64_t) { return fail_word(); }
    ActionResult sstore(const U256&, const U256&, uint64_t) { return fail(); }
    WordResult tload(const U256&, uint64_t) { return fail_word(); }
    ActionResult tstore(const U256&, const U256&, uint64_t) { return fail(); }
    WordResult balance(const Address&, uint64_t) { return fail_word(); }
    WordResult self_balance(uint64_t) { return fail_word(); }
    WordResult code_size(const Address&, uint64_t) { return fail_word(); }
    WordResult code_hash(const Address&, uint64_t) { return fail_word(); }
    ActionResult code_copy(const Address&, uint64_t, uint8_t*, uint64_t, uint64_t)
    {
        return fail();
    }
    WordResult block_hash(uint64_t, uint64_t) { return fail_word(); }
    CallResult call(const CallParams&, uint64_t) { return {ExitCode::kUnknownError, {}, 0}; }
    CreateResult create(const CreateParams&, uint64_t)
    {
        return {ExitCode::kUnknownError, {}, 0, {}};
    }
    ActionResult log(const U256*, uint64_t, const uint8_t*, uint64_t, uint64_t) { return fail(); }
    ActionResult selfdestruct(const Address&, uint64_t) { return fail(); }
    uint64_t return_data_size() const { return 0; }
    void return_data_copy(uint8_t*, uint64_t, uint64_t) const {}
    uint8_t* grow_memory(uint64_t new_size)
    {
        return new_size <= sizeof(memory_) ? memory_ : nullptr;
    }
    void keccak256(const uint8_t*, uint64_t, uint8_t* out) const
    {
        for (int i = 0; i < 32; ++i)
            out[i] = 0;
    }

private:
    static WordResult fail_word() { return {U256{}, ExitCode::kUnknownError, 0}; }
    static ActionResult fail() { return {ExitCode::kUnknownError, 0}; }
    Context ctx_;
    uint8_t memory_[4096] = {};
};

static_assert(Host<StubHost>);

}  // namespace

/// Runs `code` (followed by kCodePadding zero bytes) with `gas`; returns the gas left.
extern "C" __attribute__((export_name("run"))) uint64_t run(const uint8_t* code,
                                                            uint32_t size,
                                                            const uint8_t* bitmap,
                                                            uint64_t gas)
{
    StubHost host;
    Message msg;
    msg.code = code;
    msg.code_size = size;
    msg.jumpdest_bitmap = bitmap;
    msg.gas = gas;
    return execute(host, msg).gas_left;
}

extern "C" __attribute__((export_name("analyze"))) void analyze_code(const uint8_t* code,
                                                                     uint32_t size,
                                                                     uint8_t* bitmap)
{
    analyze(code, size, bitmap);
}
