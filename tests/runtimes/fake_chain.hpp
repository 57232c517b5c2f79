// SPDX-License-Identifier: Apache-2.0
// A minimal host for running the example contracts in the rWasm interpreter without the STF: the
// host functions and `_exec` syscalls of docs/abi.md that the examples use, implemented directly
// over in-memory accounts. Nested calls recurse on the native stack and a failed frame restores a
// snapshot of the whole (small) world. It is a test double for the SDK side of the ABI; the real
// host is execution/ (the STF), which these tests will target once it lands.
#pragma once

#include "core/bytes.hpp"
#include "core/u256.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace blend::sdk_test {

using Word = FixedBytes<32>;

struct Log {
    Address address;
    std::vector<Word> topics;
    Bytes data;
};

struct Outcome {
    int32_t exit_code = 0;
    Bytes output;
    uint64_t fuel_used = 0;
};

struct DeployOutcome {
    int32_t exit_code = 0;
    Address address;
    Bytes output;
};

class FakeChain {
public:
    FakeChain();
    ~FakeChain();
    FakeChain(const FakeChain&) = delete;
    FakeChain& operator=(const FakeChain&) = delete;

    /// Compiles `wasm` to rWasm (imports resolved by the names and signatures of docs/abi.md §1),
    /// creates an account for it and runs its `deploy` export with `input` as calldata.
    DeployOutcome deploy(BytesView wasm, const Address& deployer, BytesView input = {});

    /// Runs the `main` export of `to` as a top-level call from `from`.
    Outcome call(const Address& from, const Address& to, BytesView calldata);

    [[nodiscard]] Word storage(const Address& account, const Word& slot) const;
    [[nodiscard]] const std::vector<Log>& logs() const noexcept { return logs_; }

    struct Account;
    struct World;

private:
    friend class FrameHost;
    Outcome run_frame(const Address& caller,
                      const Address& to,
                      BytesView input,
                      bool is_static,
                      bool is_deploy,
                      uint32_t depth);

    std::unique_ptr<World> world_;
    std::vector<Log> logs_;
    uint64_t next_address_ = 0x1000;
};

}  // namespace blend::sdk_test
