// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {Balance, OrderRecord, OrderTerms} from "../types/OrderRecord.sol";
import {OrderResolution} from "./OrderResolution.sol";

/// @title Sub-orders: the market's side of the value chain
/// @notice Checks a sub-RFQ against its parent and spends a parent's credits on a sub-order's award
/// or on a service (who may cancel a sub-order its parent left behind is `OrderResolution`'s). The rules are those
/// of {IOrderMarket} (sub-orders). Linked to {OrderMarket} as an external library and called only
/// for sub-orders and services, so plain orders carry none of its code or gas. It runs by
/// DELEGATECALL: in the market's storage, with the market's `msg.sender`, its events and errors
/// those of {IOrderMarket}.
library SubOrders {
    /// @dev A sub-RFQ: its parent exists and is Awarded, the caller is the parent's maker, it pays in
    /// the parent's token and is due no later than the parent. `tokenId` is the RFQ's token id.
    function checkRfq(OrderRecord storage parent, uint256 parentId, uint8 tokenId, uint40 deadline) external view {
        IOrderMarket.Status status = parent.status;
        if (status == IOrderMarket.Status.None) revert IOrderMarket.MarketUnknownOrder(parentId);
        if (msg.sender != parent.maker) revert IOrderMarket.MarketNotMaker(parentId, msg.sender);
        if (status != IOrderMarket.Status.Awarded) revert IOrderMarket.MarketInvalidStatus(parentId, status);
        if (tokenId != parent.tokenId) {
            revert IOrderMarket.MarketInvalidRfq("paymentToken", "must be the parent order's payment token");
        }
        if (deadline > parent.dueAt) revert IOrderMarket.MarketInvalidRfq("deadline", "must not be after the parent's due date");
    }

    /// @dev Spends `amount` of awarded order `parentId`'s credits for its maker `maker`, on sub-order
    /// `subOrderId` (0: a service). Debits the maker's balance at once (`withdrawn` counts money spent
    /// as well as money withdrawn), so it can be neither withdrawn nor spent again; the tokens stay in
    /// the market as the sub-order's escrow, or the caller transfers them to the services contract.
    function spend(
        OrderRecord storage parent,
        OrderTerms storage parentTerms,
        mapping(address => Balance) storage balances,
        uint256 parentId,
        address maker,
        uint256 subOrderId,
        uint256 amount
    ) external {
        IOrderMarket.Status status = parent.status;
        if (status != IOrderMarket.Status.Awarded) revert IOrderMarket.MarketInvalidStatus(parentId, status);
        if (maker != parent.maker) revert IOrderMarket.MarketNotMaker(parentId, maker);
        uint256 available = spendable(parent, parentTerms);
        if (amount > available) revert IOrderMarket.MarketInsufficientCredit(parentId, "credit", available, amount);
        Balance storage balance = balances[maker];
        uint256 owed = balance.credited - balance.withdrawn;
        if (amount > owed) revert IOrderMarket.MarketInsufficientCredit(parentId, "balance", owed, amount);
        // amount <= owed <= credited, a uint128; spent <= the released price, a uint96.
        balance.withdrawn += uint128(amount);
        uint256 spent = parentTerms.spent + amount;
        parentTerms.spent = uint96(spent);
        emit IOrderMarket.CreditSpent(parentId, subOrderId, amount, spent);
    }

    /// @dev What awarded `order`'s maker may still spend: released milestones less the royalty's
    /// share of them, less what was spent. The royalty share is taken on the released total, rounded
    /// down, which is at least the sum of the per-payment shares `payMaker` rounded down, so this
    /// never exceeds what the order actually credited the maker. Zero unless Awarded.
    function spendable(OrderRecord storage order, OrderTerms storage terms) public view returns (uint256) {
        if (order.status != IOrderMarket.Status.Awarded) return 0;
        uint256 price = order.amount;
        uint256 released = price - OrderResolution.unreleased(order);
        uint256 net = released - released * terms.royalty / price; // an awarded price is never zero
        uint256 spent = terms.spent;
        return net > spent ? net - spent : 0;
    }
}
