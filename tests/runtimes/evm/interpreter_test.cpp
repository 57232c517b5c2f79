// SPDX-License-Identifier: Apache-2.0
#include "tests/runtimes/evm/asm.hpp"
#include "tests/runtimes/evm/test_host.hpp"

#include <catch2/catch.hpp>

using namespace blend::evm;
using namespace blend::evm::test;
using blend::U256;

TEST_CASE("evm: ADD then RETURN, gas from the Yellow Paper")
{
    TestHost host;
    Asm a;
    a.push(1).push(2).op(Opcode::kAdd).return_top();
    const auto r = run(host, a.code(), 100);
    REQUIRE(r.result.status == Status::kSuccess);
    REQUIRE(U256::from_be_bytes(r.output.data(), 32) == U256{3});
    // 3 PUSH1 (3 each) + ADD 3 + MSTORE 3 + 1 word of memory (3) + 2 PUSH1 + RETURN 0.
    REQUIRE(r.result.gas_left == 100 - 24);
}
