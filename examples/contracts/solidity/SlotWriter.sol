// SPDX-License-Identifier: Apache-2.0
// Writes any storage slot of the account it runs for: DELEGATECALLed by the Wasm vault
// (examples/contracts/vault tryDelegateCall), the EVM code runs on the vault's storage, logs as
// the vault and sees the vault's caller.
pragma solidity ^0.8.24;

contract SlotWriter {
    event Wrote(address self, address sender, uint256 slot, uint256 value);

    function writeAt(uint256 slot, uint256 value) external {
        assembly {
            sstore(slot, value)
        }
        emit Wrote(address(this), msg.sender, slot, value);
    }
}
