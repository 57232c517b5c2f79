// SPDX-License-Identifier: Apache-2.0
// Entry points of a contract (docs/abi.md §7): a call runs the export `main`, the constructor run
// the export `deploy`. Either may be absent.
//
//   BLEND_CONTRACT_MAIN() { MyRouter::serve(); }
//   BLEND_CONTRACT_DEPLOY() { ... initial state ... }
#pragma once

#if defined(__wasm__)
#define BLEND_CONTRACT_EXPORT(name) extern "C" __attribute__((export_name(name)))
#else
// Natively (host-side tests) the entry points are ordinary C functions.
#define BLEND_CONTRACT_EXPORT(name) extern "C"
#endif

#define BLEND_CONTRACT_MAIN() BLEND_CONTRACT_EXPORT("main") void blend_contract_main()
#define BLEND_CONTRACT_DEPLOY() BLEND_CONTRACT_EXPORT("deploy") void blend_contract_deploy()
