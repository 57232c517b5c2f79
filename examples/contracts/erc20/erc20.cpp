// SPDX-License-Identifier: Apache-2.0
// An ERC-20 token (EIP-20) with the Solidity ABI, so ethers and wallets call it unchanged.
//   constructor(uint256 initialSupply)   minted to the deployer; 1,000,000 tokens without input
//   name(), symbol(), decimals(), totalSupply(), balanceOf(address), allowance(address,address)
//   transfer(address,uint256), approve(address,uint256), transferFrom(address,address,uint256)
//   events Transfer(address indexed, address indexed, uint256), Approval(same)
// Storage follows OpenZeppelin's ERC20 declaration order (_balances, _allowances, _totalSupply),
// in solc's layout, so storage-reading tools find the balances where they expect them. Failures
// revert with OpenZeppelin's ERC-6093 custom errors.
#include "runtimes/sdk/sdk.hpp"

namespace {

using namespace blend::sdk;

constexpr Mapping<Address, StorageU256> kBalances{slot_number(0)};
constexpr Mapping<Address, Mapping<Address, StorageU256>> kAllowances{slot_number(1)};
constexpr StorageU256 kTotalSupply{slot_number(2)};

constexpr Bytes32 kTransfer = sol::event_topic("Transfer(address,address,uint256)");
constexpr Bytes32 kApproval = sol::event_topic("Approval(address,address,uint256)");

// ERC-6093 errors, as OpenZeppelin's ERC20 raises them.
constexpr uint32_t kInsufficientBalance =
    sol::selector("ERC20InsufficientBalance(address,uint256,uint256)");
constexpr uint32_t kInsufficientAllowance =
    sol::selector("ERC20InsufficientAllowance(address,uint256,uint256)");
constexpr uint32_t kInvalidReceiver = sol::selector("ERC20InvalidReceiver(address)");
constexpr uint32_t kInvalidSpender = sol::selector("ERC20InvalidSpender(address)");

/// 1,000,000 tokens of 18 decimals.
constexpr U256 kDefaultSupply = U256{1'000'000} * U256{1'000'000'000'000'000'000ull};

void emit_transfer(const Address& from, const Address& to, const U256& value)
{
    const Bytes32 topics[] = {kTransfer, sol::topic(from), sol::topic(to)};
    emit_log(topics, sol::encode(value));
}

void move(const Address& from, const Address& to, const U256& value)
{
    if (to.is_zero())
        revert(sol::encode_call(kInvalidReceiver, to));
    const StorageU256 from_slot = kBalances.at(from);
    const U256 from_balance = from_slot.get();
    if (from_balance < value)
        revert(sol::encode_call(kInsufficientBalance, from, from_balance, value));
    from_slot.set(from_balance - value);
    // Cannot overflow: the sum of all balances is the total supply, itself a U256.
    const StorageU256 to_slot = kBalances.at(to);
    to_slot.set(to_slot.get() + value);
    emit_transfer(from, to, value);
}

sol::String name()
{
    return {view_of("Blend Token")};
}

sol::String symbol()
{
    return {view_of("BLT")};
}

uint8_t decimals()
{
    return 18;
}

U256 total_supply()
{
    return kTotalSupply.get();
}

U256 balance_of(Address owner)
{
    return kBalances.at(owner).get();
}

U256 allowance(Address owner, Address spender)
{
    return kAllowances.at(owner).at(spender).get();
}

bool transfer(Address to, U256 value)
{
    move(caller(), to, value);
    return true;
}

bool approve(Address spender, U256 value)
{
    if (spender.is_zero())
        revert(sol::encode_call(kInvalidSpender, spender));
    const Address owner = caller();
    kAllowances.at(owner).at(spender).set(value);
    const Bytes32 topics[] = {kApproval, sol::topic(owner), sol::topic(spender)};
    emit_log(topics, sol::encode(value));
    return true;
}

bool transfer_from(Address from, Address to, U256 value)
{
    const Address spender = caller();
    const StorageU256 slot = kAllowances.at(from).at(spender);
    const U256 allowed = slot.get();
    // An allowance of 2^256-1 is infinite (EIP-717 convention, as OpenZeppelin): not decreased.
    if (allowed != U256::max()) {
        if (allowed < value)
            revert(sol::encode_call(kInsufficientAllowance, spender, allowed, value));
        slot.set(allowed - value);
    }
    move(from, to, value);
    return true;
}

using Erc20 = Router<Method<"name()", name>,
                     Method<"symbol()", symbol>,
                     Method<"decimals()", decimals>,
                     Method<"totalSupply()", total_supply>,
                     Method<"balanceOf(address)", balance_of>,
                     Method<"allowance(address,address)", allowance>,
                     Method<"transfer(address,uint256)", transfer>,
                     Method<"approve(address,uint256)", approve>,
                     Method<"transferFrom(address,address,uint256)", transfer_from>>;

}  // namespace

BLEND_CONTRACT_MAIN()
{
    Erc20::serve();
}

BLEND_CONTRACT_DEPLOY()
{
    U256 supply = kDefaultSupply;
    const ByteView args = input();
    if (!args.empty()) {
        sol::Decoder dec(args);
        supply = dec.next<U256>();
        if (!dec.ok())
            revert(sol::error_string(view_of(sol::to_string(dec.error()))));
    }
    const Address owner = caller();
    kTotalSupply.set(supply);
    kBalances.at(owner).set(supply);
    emit_transfer(Address{}, owner, supply);
}
