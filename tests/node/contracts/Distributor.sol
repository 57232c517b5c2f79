// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// The part of EIP-20 the distributor calls.
interface ITokenLike {
    function balanceOf(address account) external view returns (uint256);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// A contract that calls another (tests/node/e2e_solidity.mjs): pays several recipients from the
/// caller's allowance, reads balances through the token, and catches a failed nested call.
contract Distributor {
    event Distributed(address indexed token, address indexed from, uint256 recipients, uint256 total);
    event PaymentFailed(address indexed token, address indexed to, bytes reason);

    error LengthMismatch(uint256 recipients, uint256 amounts);

    uint256 public distributions;

    /// A nested call's revert is not caught here: it bubbles up to the caller unchanged.
    function distribute(ITokenLike token, address[] calldata to, uint256[] calldata amounts)
        external
        returns (uint256 total)
    {
        if (to.length != amounts.length) revert LengthMismatch(to.length, amounts.length);
        for (uint256 i = 0; i < to.length; ++i) {
            require(token.transferFrom(msg.sender, to[i], amounts[i]), "Distributor: transfer failed");
            total += amounts[i];
        }
        ++distributions;
        emit Distributed(address(token), msg.sender, to.length, total);
    }

    /// A view that reads another contract (a STATICCALL inside eth_call).
    function balancesOf(ITokenLike token, address[] calldata accounts)
        external
        view
        returns (uint256[] memory balances, uint256 sum)
    {
        balances = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) {
            balances[i] = token.balanceOf(accounts[i]);
            sum += balances[i];
        }
    }

    /// The nested call's revert is caught: this transaction succeeds, its own write stays, the
    /// token's state is untouched, and the revert data is logged.
    function tryPay(ITokenLike token, address to, uint256 amount) external returns (bool ok) {
        ++distributions;
        try token.transferFrom(msg.sender, to, amount) returns (bool result) {
            ok = result;
        } catch (bytes memory reason) {
            emit PaymentFailed(address(token), to, reason);
        }
    }
}
