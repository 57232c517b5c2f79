// SPDX-License-Identifier: Apache-2.0
// A Solidity callee that writes and logs before it may revert: a revert must take its writes and
// its log back, and nothing of its caller's (examples/contracts/vault tryCall).
pragma solidity ^0.8.24;

contract Notary {
    uint256 public notes;
    uint256 public lastNote;
    uint256 public immutable limit;
    uint256 public tips;

    event Noted(address indexed by, uint256 value);
    event Tipped(address indexed by, uint256 value);

    error TooLarge(uint256 value, uint256 limit);

    constructor(uint256 limit_) {
        limit = limit_;
    }

    function note(uint256 value) external returns (uint256) {
        notes += 1;
        lastNote = value;
        emit Noted(msg.sender, value);
        if (value > limit) revert TooLarge(value, limit);
        return notes;
    }

    /// Value sent along a call from another VM arrives as msg.value.
    function tip() external payable {
        tips += msg.value;
        emit Tipped(msg.sender, msg.value);
    }
}
