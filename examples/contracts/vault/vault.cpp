// SPDX-License-Identifier: Apache-2.0
// Vault: holds ERC-20 tokens (EIP-20: any contract with transfer and balanceOf, for example the
// Solidity examples/contracts/solidity/Token.sol) and pays them out; and calls any contract
// without reverting on its failure, to show what a Wasm caller sees of a failed callee
// (docs/sdk.md, "Composability").
//   deploy: the deployer becomes the owner
//   function owner() returns (address)
//   function holdings(address token) returns (uint256)      token.balanceOf(this), STATIC_CALL
//   function payout(address token, address to, uint256 amount) returns (uint256 remaining)
//       owner only (NotOwner(address caller)); InsufficientHoldings(uint256 have, uint256 want)
//       when the vault holds less; token.transfer(to, amount) must return true (a revert of
//       the token is re-raised with its revert data, `false` reverts TransferRefused(address));
//       adds amount to paidOut(token), emits Paid(address indexed token, address indexed to,
//       uint256 amount) after the token's Transfer, returns holdings(token) after the payout
//   function paidOut(address token) returns (uint256)
//   function tryCall(address target, bytes data) payable returns (int32 status, bytes ret)
//       counts the attempt in attempts() first, calls target with data and the value it received,
//       keeps the exit code in lastStatus(), and returns the exit code (docs/abi.md §6: 0 ok,
//       -1 revert, other negative codes failure) and the return or revert data; it never reverts
//       because the callee failed (the value then stays with the vault)
//   function tryStaticCall(address target, bytes data) returns (int32 status, bytes ret)
//       the same by STATIC_CALL, without writes of its own
//   function tryDelegateCall(address target, bytes data) returns (int32 status, bytes ret)
//       the same by DELEGATE_CALL: target's code (Solidity or Wasm) runs on this vault's storage
//   function attempts() returns (uint256), function lastStatus() returns (int32)
//   function deployContract(bytes initCode) returns (address)
//       CREATE with the init code (an EVM one deploys a Solidity contract; docs/abi.md §7
//       routing); a failed create reverts with its revert data
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr StorageAddress kOwner{slot_number(0)};
constexpr Mapping<Address, StorageU256> kPaidOut{slot_number(1)};
constexpr StorageU256 kAttempts{slot_number(2)};
/// The exit code as Solidity stores an int32: sign-extended to a word.
constexpr StorageU256 kLastStatus{slot_number(3)};

constexpr uint32_t kBalanceOf = sol::selector("balanceOf(address)");
constexpr uint32_t kTransfer = sol::selector("transfer(address,uint256)");
constexpr uint32_t kNotOwner = sol::selector("NotOwner(address)");
constexpr uint32_t kInsufficientHoldings = sol::selector("InsufficientHoldings(uint256,uint256)");
constexpr uint32_t kTransferRefused = sol::selector("TransferRefused(address)");
constexpr Bytes32 kPaid = sol::event_topic("Paid(address,address,uint256)");

Address owner()
{
    return kOwner.get();
}

U256 holdings(Address token)
{
    return sol_static_call_or_revert<U256>(token, kBalanceOf, contract_address());
}

U256 payout(Address token, Address to, U256 amount)
{
    const Address who = caller();
    if (!(who == kOwner.get()))
        revert(sol::encode_call(kNotOwner, who));
    const U256 have = holdings(token);
    if (have < amount)
        revert(sol::encode_call(kInsufficientHoldings, have, amount));
    if (!sol_call_or_revert<bool>(token, kTransfer, to, amount))
        revert(sol::encode_call(kTransferRefused, token));
    const StorageU256 paid = kPaidOut.at(token);
    // Cannot overflow: the sum is bounded by the token's total supply, a uint256.
    paid.set(paid.get() + amount);
    const Bytes32 topics[] = {kPaid, sol::topic(token), sol::topic(to)};
    emit_log(topics, sol::encode(amount));
    return holdings(token);
}

U256 paid_out(Address token)
{
    return kPaidOut.at(token).get();
}

/// A two's complement word of v (how Solidity stores an int32: sign-extended).
U256 signed_word(int32_t v)
{
    const U256 magnitude{static_cast<uint64_t>(v < 0 ? -int64_t{v} : int64_t{v})};
    return v < 0 ? -magnitude : magnitude;
}

void try_call(Address target, sol::Bytes data)
{
    kAttempts.set(kAttempts.get() + U256{1});
    const CallResult r = call(target, call_value(), data.view);
    kLastStatus.set(signed_word(r.status));
    finish(sol::encode(r.status, sol::Bytes{r.data}));
}

void try_static_call(Address target, sol::Bytes data)
{
    const CallResult r = static_call(target, data.view);
    finish(sol::encode(r.status, sol::Bytes{r.data}));
}

void try_delegate_call(Address target, sol::Bytes data)
{
    const CallResult r = delegate_call(target, data.view);
    finish(sol::encode(r.status, sol::Bytes{r.data}));
}

Address deploy_contract(sol::Bytes init_code)
{
    const CreateResult r = create(U256{0}, init_code.view);
    if (!r.ok())
        revert(r.revert_data);
    return r.address;
}

U256 attempts()
{
    return kAttempts.get();
}

int32_t last_status()
{
    // The slot holds a sign-extended int32: its low 32 bits are the value.
    return static_cast<int32_t>(static_cast<uint32_t>(kLastStatus.get().low_u64()));
}

using Vault = Router<Method<"owner()", owner>,
                     Method<"holdings(address)", holdings>,
                     Method<"payout(address,address,uint256)", payout>,
                     Method<"paidOut(address)", paid_out>,
                     Method<"tryCall(address,bytes)", try_call>,
                     Method<"tryStaticCall(address,bytes)", try_static_call>,
                     Method<"tryDelegateCall(address,bytes)", try_delegate_call>,
                     Method<"deployContract(bytes)", deploy_contract>,
                     Method<"attempts()", attempts>,
                     Method<"lastStatus()", last_status>>;

}  // namespace

BLEND_CONTRACT_DEPLOY()
{
    kOwner.set(caller());
}

BLEND_CONTRACT_MAIN()
{
    Vault::serve();
}
