// SPDX-License-Identifier: Apache-2.0
// The native runtimes linked into this build: the EVM runtime (runtimes/evm/entry_native.cpp)
// keyed by the keccak-256 of its rWasm artifact, generated at build time from the same sources
// (execution/CMakeLists.txt, native_runtime_artifact_tool.cpp).
#include "execution/native_runtime.hpp"

#if defined(BLEND_HAVE_EVM_RUNTIME)
#include "execution/generated/evm_runtime_artifact.hpp"
#include "runtimes/evm/syscall_host.hpp"  // the native entry points' declarations
#endif

namespace blend::execution {

std::span<const NativeRuntime> builtin_native_runtimes() noexcept
{
#if defined(BLEND_HAVE_EVM_RUNTIME)
    static const NativeRuntime kRuntimes[] = {
        {"evm", generated::evm_runtime_code_hash(), &blend_evm_native_main,
         &blend_evm_native_deploy},
    };
    return kRuntimes;
#else
    return {};
#endif
}

BytesView evm_runtime_artifact() noexcept
{
#if defined(BLEND_HAVE_EVM_RUNTIME)
    return generated::evm_runtime_code();
#else
    return {};
#endif
}

}  // namespace blend::execution
