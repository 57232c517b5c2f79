// SPDX-License-Identifier: Apache-2.0
// One link of a call chain that crosses VMs: the same interface as the Wasm contract
// examples/contracts/hop, so a chain may alternate Solidity and Wasm links.
// A guarded Hop refuses reentry with a transient-storage lock (EIP-1153), which must hold across
// the Wasm frames in between.
pragma solidity ^0.8.24;

contract Hop {
    uint256 public hits;
    uint256 public last;
    bool public immutable guarded;

    event Pinged(address indexed from, uint256 n);

    error Reentrant();

    constructor(bool guarded_) {
        guarded = guarded_;
    }

    /// Records n, then with a non-empty path calls path[0].ping(path[1:], n + 1) and answers
    /// n + 10 * its answer (with an empty path: n).
    function ping(address[] calldata path, uint256 n) external returns (uint256 result) {
        if (guarded) {
            bool locked;
            assembly {
                locked := tload(0)
            }
            if (locked) revert Reentrant();
            assembly {
                tstore(0, 1)
            }
        }
        hits += 1;
        last = n;
        emit Pinged(msg.sender, n);
        result = n;
        if (path.length != 0) result = n + 10 * Hop(path[0]).ping(path[1:], n + 1);
        if (guarded) {
            assembly {
                tstore(0, 0)
            }
        }
    }
}
