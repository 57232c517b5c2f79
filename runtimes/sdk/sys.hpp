// SPDX-License-Identifier: Apache-2.0
// The host functions of docs/abi.md §1, as the guest imports them. On wasm32 each declaration
// carries its (module, name) import attributes, so wasm-ld turns it into an import of module
// `fluentbase_v1preview`; a misspelt name is a deploy-time UnknownExternalFunction, never a silent
// no-op. Compiled natively (host-side unit tests of the SDK's pure parts) the declarations stay
// undefined: any use of them outside wasm is a link error, by design.
//
// Pointers are i32 offsets into the contract's linear memory on wasm32; the signatures below are
// exactly those of the table in docs/abi.md §1 (a pointer or uint32_t is an i32 there).
#pragma once

#include "runtimes/sdk/abi.hpp"

#include <stddef.h>  // NOLINT(modernize-deprecated-headers): freestanding
#include <stdint.h>  // NOLINT(modernize-deprecated-headers): freestanding

#if defined(__wasm__)
#define BLEND_SDK_IMPORT(name) \
    __attribute__((import_module("fluentbase_v1preview"), import_name(name)))
#else
#define BLEND_SDK_IMPORT(name)
#endif

extern "C" {
// 0x0001: ends the frame; the host never returns here.
[[noreturn]] BLEND_SDK_IMPORT("_exit") void blend_sys_exit(int32_t code);
// 0x0002: blend::abi::kStateMain or kStateDeploy.
BLEND_SDK_IMPORT("_state") int32_t blend_sys_state();
// 0x0003: input[offset, offset+len) -> dst.
BLEND_SDK_IMPORT("_read") void blend_sys_read(void* dst, uint32_t offset, uint32_t len);
// 0x0004
BLEND_SDK_IMPORT("_input_size") uint32_t blend_sys_input_size();
// 0x0005: appends to the frame's output.
BLEND_SDK_IMPORT("_write") void blend_sys_write(const void* ptr, uint32_t len);
// 0x0006: return data of the last _exec.
BLEND_SDK_IMPORT("_output_size") uint32_t blend_sys_output_size();
// 0x0007
BLEND_SDK_IMPORT("_read_output")
void blend_sys_read_output(void* dst, uint32_t offset, uint32_t len);
// 0x0008: context bytes (docs/abi.md §4).
BLEND_SDK_IMPORT("_read_context")
void blend_sys_read_context(void* dst, uint32_t offset, uint32_t len);
// 0x0009: a syscall (docs/abi.md §2); returns its exit code.
BLEND_SDK_IMPORT("_exec")
int32_t blend_sys_exec(const void* id, const void* input, uint32_t len, void* fuel, uint32_t state);
// 0x000a: always RootCallOnly from a guest (docs/abi.md §1); declared for completeness.
BLEND_SDK_IMPORT("_resume")
int32_t blend_sys_resume(uint32_t call_id,
                         const void* ret,
                         uint32_t ret_len,
                         int32_t exit_code,
                         void* fuel);
// 0x000b: return data[offset, offset+len) -> this frame's output.
BLEND_SDK_IMPORT("_forward_output") void blend_sys_forward_output(uint32_t offset, uint32_t len);
// 0x000d
BLEND_SDK_IMPORT("_fuel") int64_t blend_sys_fuel();
// 0x000e / 0x000f
BLEND_SDK_IMPORT("_preimage_size") uint32_t blend_sys_preimage_size(const void* hash);
BLEND_SDK_IMPORT("_preimage_copy") void blend_sys_preimage_copy(const void* hash, void* dst);
// 0x0010
BLEND_SDK_IMPORT("_debug_log") void blend_sys_debug_log(const void* ptr, uint32_t len);
// 0x0011
BLEND_SDK_IMPORT("_charge_fuel") void blend_sys_charge_fuel(int64_t amount);
// 0x0101: 32 bytes to out.
BLEND_SDK_IMPORT("_keccak256") void blend_sys_keccak256(const void* ptr, uint32_t len, void* out);
// 0x0103 / 0x0104: the trie's Poseidon (docs/state.md).
BLEND_SDK_IMPORT("_poseidon") void blend_sys_poseidon(const void* ptr, uint32_t len, void* out);
BLEND_SDK_IMPORT("_poseidon_hash")
void blend_sys_poseidon_hash(const void* a, const void* b, const void* d, void* out);
// 0x0105: 0 on success (65-byte key to out), 1 if recovery fails.
BLEND_SDK_IMPORT("_ecrecover")
int32_t blend_sys_ecrecover(const void* digest, const void* sig, void* out, uint32_t rec_id);
}
