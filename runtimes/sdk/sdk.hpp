// SPDX-License-Identifier: Apache-2.0
// The contract SDK (docs/sdk.md): include this one header in a contract.
//   sys.hpp          the host functions of docs/abi.md §1 (imports of fluentbase_v1preview)
//   host.hpp         input/output, exit/revert, context, storage, balances, calls, creates, logs
//   sol_abi.hpp      the Solidity ABI: encoder, strict decoder, selectors, topics, Error(string)
//   compact_abi.hpp  the compact little-endian ABI
//   router.hpp       selector router over plain C++ functions
//   extcall.hpp      typed calls to Solidity-ABI contracts (any VM), revert bubbling, Panic
//   storage.hpp      solc's storage layout: slots, mappings, arrays, strings
//   keccak.hpp       constexpr and host Keccak-256
//   mem.hpp          memcpy & co. for wasm32, the bump allocator
//   contract.hpp     BLEND_CONTRACT_MAIN / BLEND_CONTRACT_DEPLOY
// Freestanding: needs only <stdint.h> and <stddef.h>; the contract is compiled with
// clang --target=wasm32 -nostdlib (cmake/wasm_contract.cmake).
#pragma once

#include "runtimes/sdk/abi.hpp"
#include "runtimes/sdk/compact_abi.hpp"
#include "runtimes/sdk/contract.hpp"
#include "runtimes/sdk/extcall.hpp"
#include "runtimes/sdk/host.hpp"
#include "runtimes/sdk/keccak.hpp"
#include "runtimes/sdk/mem.hpp"
#include "runtimes/sdk/router.hpp"
#include "runtimes/sdk/sol_abi.hpp"
#include "runtimes/sdk/storage.hpp"
#include "runtimes/sdk/sys.hpp"
#include "runtimes/sdk/types.hpp"
