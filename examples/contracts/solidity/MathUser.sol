// SPDX-License-Identifier: Apache-2.0
// A Solidity contract that uses the Wasm contract examples/contracts/math through the Solidity
// ABI, exactly as it would use another Solidity contract (docs/sdk.md, "Composability").
pragma solidity ^0.8.24;

interface IMath {
    function square(uint256 x) external returns (uint256);
    function sum(uint256[] calldata xs) external returns (uint256);
    function checkedSub(uint256 a, uint256 b) external returns (uint256);
    function ops() external view returns (uint256);
}

contract MathUser {
    IMath public immutable math;
    uint256 public lastResult;
    uint256 public attempts;
    uint256 public failures;
    string public lastError;

    event Used(string op, uint256 result);
    event Failed(string reason);

    constructor(IMath math_) {
        math = math_;
    }

    /// The Wasm answer is stored and emitted; a revert of the Wasm side reverts this call too.
    function useSquare(uint256 x) external returns (uint256 r) {
        r = math.square(x);
        lastResult = r;
        emit Used("square", r);
    }

    function useSum(uint256[] calldata xs) external returns (uint256 r) {
        r = math.sum(xs);
        lastResult = r;
        emit Used("sum", r);
    }

    /// Counts the attempt before calling, then catches a revert of the Wasm side: the count must
    /// stay, the callee's own writes and logs must not.
    function trySub(uint256 a, uint256 b) external returns (bool ok) {
        attempts += 1;
        try math.checkedSub(a, b) returns (uint256 r) {
            lastResult = r;
            emit Used("checkedSub", r);
            return true;
        } catch Error(string memory reason) {
            failures += 1;
            lastError = reason;
            emit Failed(reason);
            return false;
        }
    }

    /// A STATICCALL into the Wasm contract (ops is declared view).
    function mathOps() external view returns (uint256) {
        return math.ops();
    }
}
