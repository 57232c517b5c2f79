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
    bool public lastStaticOk;
    uint256 public lastFailureSize;

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

    /// checkedSub writes storage and logs, so under STATICCALL the Wasm frame must fail; the
    /// outcome is recorded (the static context must reach the Wasm frame).
    function staticSub(uint256 a, uint256 b) external returns (bool ok) {
        (ok, ) = address(math).staticcall(abi.encodeCall(IMath.checkedSub, (a, b)));
        lastStaticOk = ok;
    }

    /// A call into Wasm with a gas cap (EIP-150: the callee gets at most `gas`); running out
    /// fails the callee only, with empty return data, and this frame continues.
    function trySquareWithGas(uint256 x, uint256 gas) external returns (bool ok) {
        attempts += 1;
        try math.square{gas: gas}(x) returns (uint256 r) {
            lastResult = r;
            return true;
        } catch (bytes memory data) {
            failures += 1;
            lastFailureSize = data.length;
            return false;
        }
    }

    /// What EXTCODESIZE and EXTCODEHASH see of an account (a Wasm contract: its code as stored).
    function codeOf(address account) external view returns (uint256 size, bytes32 hash) {
        size = account.code.length;
        hash = account.codehash;
    }
}
