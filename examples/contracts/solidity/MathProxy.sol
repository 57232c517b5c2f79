// SPDX-License-Identifier: Apache-2.0
// A Solidity proxy whose implementation is the Wasm math contract (examples/contracts/math): every
// call is DELEGATECALLed, so the Wasm code runs on this account's storage, logs as this account
// and sees the proxy's caller (the upgradeable-proxy pattern with Wasm logic).
pragma solidity ^0.8.24;

contract MathProxy {
    /// Slot 0, where the Wasm math contract keeps its counter: the delegated code writes it here.
    uint256 public ops;
    address public immutable implementation;

    constructor(address implementation_) {
        implementation = implementation_;
    }

    fallback() external {
        address impl = implementation;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 {
                revert(0, returndatasize())
            }
            default {
                return(0, returndatasize())
            }
        }
    }
}
