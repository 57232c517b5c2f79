// SPDX-License-Identifier: Apache-2.0
#include "execution/apply_transaction.hpp"

#include "execution/account_code.hpp"
#include "execution/addresses.hpp"
#include "execution/gas.hpp"
#include "execution/precompile_dispatch.hpp"
#include "execution/validate_transaction.hpp"

#include <algorithm>

namespace blend::execution {

namespace {

Address precompile_address(uint16_t low)
{
    Address a;
    a[18] = static_cast<uint8_t>(low >> 8);
    a[19] = static_cast<uint8_t>(low);
    return a;
}

/// EIP-7702 "Behavior": each valid tuple sets the authority's code to a delegation; an invalid
/// one is skipped, never failing the transaction. Runs after the nonce bump and before
/// execution, and is not undone if execution reverts.
void apply_authorizations(JournaledState& state, const BlockContext& block, const Transaction& tx)
{
    for (const Authorization& auth : tx.authorization_list) {
        if (!auth.chain_id.is_zero() && auth.chain_id != U256{block.chain_id})
            continue;
        if (auth.nonce == ~uint64_t{0})  // EIP-2681
            continue;
        const auto authority = recover_authority(auth);
        if (!authority)
            continue;
        state.access_address(*authority);
        const CodeKind kind = classify_code(*state.code(*authority));
        if (kind != CodeKind::kEmpty && kind != CodeKind::kDelegation)
            continue;
        if (state.get(*authority).nonce != auth.nonce)
            continue;
        // The intrinsic charge assumed a new account; an existing one gets the difference back.
        if (state.exists(*authority))
            state.add_refund(static_cast<int64_t>(gas::kPerEmptyAccount - gas::kPerAuthBase));
        state.set_code(*authority,
                       auth.address.is_zero() ? Bytes{} : delegation_code(auth.address));
        state.set_nonce(*authority, auth.nonce + 1);
    }
}

}  // namespace

Result<TxOutcome, TxValidationError> apply_transaction(JournaledState& state,
                                                       ModuleCache& modules,
                                                       const BlockContext& block,
                                                       const Transaction& tx,
                                                       const Address& sender,
                                                       uint64_t block_gas_left,
                                                       const ExecutorLimits& limits)
{
    BLEND_TRY(const IntrinsicGas intrinsic,
              validate_transaction(state, block, tx, sender, block_gas_left));
    const U256 price = effective_gas_price(tx, block.base_fee);

    // Buy the gas at the effective price and bump the nonce (Yellow Paper §6.2).
    const bool paid = state.sub_balance(sender, U256{tx.gas_limit} * price);
    BLEND_ASSERT(paid);  // validation checked the balance at the (higher) fee cap
    state.set_nonce(sender, tx.nonce + 1);

    // EIP-2929 / EIP-2930 / EIP-3651: what is warm from the start.
    state.access_address(sender);
    if (tx.to)
        state.access_address(*tx.to);
    for (const uint16_t low : precompile_addresses(block.fork))
        state.access_address(precompile_address(low));
    state.access_address(block.coinbase);
    for (const AccessListEntry& e : tx.access_list) {
        state.access_address(e.address);
        for (const Hash& key : e.storage_keys)
            state.access_slot(e.address, key);
    }
    if (tx.type == TxType::kSetCode)
        apply_authorizations(state, block, tx);

    Message m;
    m.caller = sender;
    m.value = tx.value;
    m.transfer = true;
    m.input = tx.data;
    m.gas = tx.gas_limit - intrinsic.intrinsic;
    if (tx.to) {
        m.kind = CallKind::kCall;
        m.recipient = *tx.to;
        m.code_address = *tx.to;
        const CodePtr code = state.code(*tx.to);
        if (classify_code(*code) == CodeKind::kDelegation)
            state.access_address(delegation_target(*code));
    } else {
        m.kind = CallKind::kCreate;
        m.recipient = create_address(sender, tx.nonce);
        m.code_address = m.recipient;
    }

    const TxContext tx_context{sender, price, tx.gas_limit};
    Executor executor(state, modules, block, tx_context, limits);
    MessageResult result = executor.run(std::move(m));

    TxOutcome out;
    out.exit_code = result.exit_code;
    out.success = result.exit_code == 0;
    uint64_t gas_used = intrinsic.intrinsic + result.gas_used;
    // EIP-3529: refunds are capped at a fifth of the gas used.
    const uint64_t refund =
        std::min<uint64_t>(static_cast<uint64_t>(std::max<int64_t>(state.refund(), 0)),
                           gas_used / gas::kMaxRefundQuotient);
    gas_used -= refund;
    if (block.fork != Fork::kCancun)
        gas_used = std::max(gas_used, intrinsic.floor);  // EIP-7623 (Prague)
    out.gas_used = gas_used;

    state.add_balance(sender, U256{tx.gas_limit - gas_used} * price);
    // EIP-1559: the base fee is burnt; the coinbase gets the rest of the price.
    state.add_balance(block.coinbase, U256{gas_used} * (price - block.base_fee));

    if (out.success && !tx.to)
        out.contract_address = to_address(BytesView(result.output));
    out.output = std::move(result.output);
    out.logs = state.finish_transaction();
    return out;
}

}  // namespace blend::execution
