// SPDX-License-Identifier: Apache-2.0
// The EVM runtime's native build (the executor's native strategy, execution/native_runtime.hpp):
// the same program as entry_wasm.cpp, its host functions defined by the executor.
#include "runtimes/evm/syscall_host.hpp"

extern "C" void blend_evm_native_main()
{
    blend::evm::run_main();
}

extern "C" void blend_evm_native_deploy()
{
    blend::evm::run_deploy();
}
