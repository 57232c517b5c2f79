// SPDX-License-Identifier: Apache-2.0
// The EVM runtime's wasm32 build: compiled to an unmetered rWasm module and placed in every
// genesis at execution::kEvmRuntimeAddress (docs/genesis.md). Exports `main` (a call of an EVM
// contract) and `deploy` (its constructor run), docs/abi.md §7.

// The SDK's bump arena is not used (the runtime lays out its own heap, syscall_host.hpp): keep
// it minimal so that it costs no memory.
#define BLEND_SDK_ARENA_SIZE 16u
#include "runtimes/evm/syscall_host.hpp"
#include "runtimes/sdk/contract.hpp"
#include "runtimes/sdk/mem.hpp"

BLEND_CONTRACT_MAIN()
{
    blend::evm::run_main();
}

BLEND_CONTRACT_DEPLOY()
{
    blend::evm::run_deploy();
}
