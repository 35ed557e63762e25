// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {Balance, OrderRecord, OrderTerms, RulingWindow} from "../types/OrderRecord.sol";
import {MilestonePlan} from "./MilestonePlan.sol";

/// @title How an order ends: settlement, disputes, cancellation and default
/// @notice The order market's paths off the common one (a dispute and its ruling or expiry, a
/// cancellation after award, a default), linked to {OrderMarket} as an external library so the
/// market fits EIP-170's code size limit. It runs by DELEGATECALL: in the market's storage, with
/// the market's `msg.sender`, its events and errors those of {IOrderMarket}, logged by the market.
/// @dev The market passes the storage each function needs by reference (`balances` are those of
/// the order's payment token) and the payees of a settlement, and resolves the order first (an
/// unknown order reverts there). `settle` is internal: acceptance, the common path, settles inside
/// the market without a DELEGATECALL, and these paths settle with the same code.
library OrderResolution {
    using MilestonePlan for uint48;

    /// @notice Who collects the fee of a settlement, and the registry that holds the maker's bond.
    /// (The order's token is implicit: settlement credits go to that token's balances.)
    struct Payees {
        address treasury;
        IParticipantRegistry registry;
    }

    uint16 internal constant BPS = 10_000;
    /// @dev The flags' upper six bits hold the order's cancellation floor in percent (at most 50).
    uint8 internal constant FLOOR_SHIFT = 2;
    /// @dev Flag of an order with {OrderTerms} (a required certification, a licence).
    uint8 internal constant EXTRA_TERMS = 2;
    /// @dev An unruled dispute splits the unreleased price evenly: see {IOrderMarket-expireDispute}.
    uint16 private constant _UNRULED_REFUND_BPS = 5_000;

    /// @dev See {IOrderMarket-dispute}.
    function dispute(
        OrderRecord storage order,
        RulingWindow[] storage rulingWindows,
        uint256 orderId,
        bytes32 evidenceHash
    ) external {
        _checkParty(orderId, order);
        _checkStatus(orderId, order, IOrderMarket.Status.Shipped);
        if (block.timestamp > order.acceptanceEnds) {
            revert IOrderMarket.MarketAcceptanceWindowClosed(orderId, order.acceptanceEnds);
        }
        order.status = IOrderMarket.Status.Disputed;
        // The ruling end is set here, not at shipping: most orders are never disputed, and reading the
        // ruling window costs every shipment a cold storage read. Both windows are bounded, so this
        // fits uint32 until 2106 minus 120 days. The late grace in stageB is dead once shipped; it
        // keeps the award time, which decides who may rule.
        uint32 awardedAt = order.stageA;
        order.stageB = awardedAt;
        order.stageA = SafeCast.toUint32(uint256(order.acceptanceEnds) + _rulingWindowAt(rulingWindows, awardedAt));
        emit IOrderMarket.DisputeOpened(orderId, msg.sender, evidenceHash);
    }

    /// @dev See {IOrderMarket-submitEvidence}.
    function submitEvidence(OrderRecord storage order, uint256 orderId, bytes32 evidenceHash) external {
        _checkParty(orderId, order);
        _checkStatus(orderId, order, IOrderMarket.Status.Disputed);
        emit IOrderMarket.EvidenceSubmitted(orderId, msg.sender, evidenceHash);
    }

    /// @dev See {IOrderMarket-rule}. `arbiterSince` is when the caller was admitted as an arbiter (0: never).
    function rule(
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        Payees calldata payees,
        uint32 arbiterSince,
        uint256 orderId,
        uint16 refundBps,
        uint16 slashBps
    ) external {
        _checkStatus(orderId, order, IOrderMarket.Status.Disputed);
        // stageB: awardedAt once disputed
        if (arbiterSince == 0 || arbiterSince > order.stageB) revert IOrderMarket.MarketNotArbiter(msg.sender);
        if (msg.sender == order.customer || msg.sender == order.maker) {
            revert IOrderMarket.MarketArbiterIsParty(orderId, msg.sender);
        }
        if (refundBps > BPS || slashBps > BPS) revert IOrderMarket.MarketInvalidRuling(refundBps, slashBps);
        order.status = IOrderMarket.Status.Resolved;
        terms.arbiter = msg.sender;
        emit IOrderMarket.DisputeResolved(orderId, msg.sender, refundBps, slashBps);
        _settleRuling(order, terms, balances, payees, orderId, refundBps, slashBps);
    }

    /// @dev `rule`'s settlement, in a frame of its own: `rule`'s parameters fill the stack.
    function _settleRuling(
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        Payees memory payees,
        uint256 orderId,
        uint16 refundBps,
        uint16 slashBps
    ) private {
        uint256 slash = uint256(order.bond) * slashBps / BPS;
        uint256 refund = unreleased(order) * refundBps / BPS;
        settle(order, terms, balances, payees, orderId, refund, slash);
    }

    /// @dev See {IOrderMarket-expireDispute}.
    function expireDispute(
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        Payees calldata payees,
        uint256 orderId
    ) external {
        _checkStatus(orderId, order, IOrderMarket.Status.Disputed);
        uint32 rulingEnds = order.stageA;
        if (block.timestamp <= rulingEnds) revert IOrderMarket.MarketRulingWindowOpen(orderId, rulingEnds);
        order.status = IOrderMarket.Status.Resolved;
        emit IOrderMarket.DisputeExpired(orderId, msg.sender, _UNRULED_REFUND_BPS);
        settle(order, terms, balances, payees, orderId, unreleased(order) * _UNRULED_REFUND_BPS / BPS, 0);
    }

    /// @dev See {IOrderMarket-cancelRfq}.
    function cancelRfq(
        mapping(uint256 => OrderRecord) storage orders,
        OrderRecord storage order,
        OrderTerms storage terms,
        uint256 orderId
    ) external {
        _checkCanceller(orders, order, terms, orderId);
        _checkStatus(orderId, order, IOrderMarket.Status.Open);
        order.status = IOrderMarket.Status.Cancelled;
        emit IOrderMarket.RfqCancelled(orderId);
    }

    /// @dev See {IOrderMarket-cancelOrder}.
    function cancelOrder(
        mapping(uint256 => OrderRecord) storage orders,
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        Payees calldata payees,
        uint256 orderId
    ) external {
        _checkCanceller(orders, order, terms, orderId);
        _checkStatus(orderId, order, IOrderMarket.Status.Awarded);
        uint256 compensation = cancellationCompensation(order, orderId);
        order.status = IOrderMarket.Status.Cancelled;
        emit IOrderMarket.OrderCancelled(orderId, compensation);
        settle(order, terms, balances, payees, orderId, unreleased(order) - compensation, 0);
    }

    /// @dev See {IOrderMarket-claimDefault}.
    function claimDefault(
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        Payees calldata payees,
        uint256 orderId
    ) external {
        _checkCustomer(orderId, order);
        _checkStatus(orderId, order, IOrderMarket.Status.Awarded);
        uint40 defaultableAt = uint40(order.dueAt) + order.stageB; // stageB: late grace from award
        if (block.timestamp <= defaultableAt) revert IOrderMarket.MarketNotLate(orderId, defaultableAt);
        order.status = IOrderMarket.Status.Defaulted;
        emit IOrderMarket.OrderDefaulted(orderId, msg.sender);
        settle(order, terms, balances, payees, orderId, unreleased(order), order.bond);
    }

    /// @dev What cancelling an awarded order now owes the maker beyond the milestones already released:
    /// the price times a share growing linearly from the cancellation floor at award to all of it
    /// at the due date, less what milestones released, and never more than is unreleased.
    /// See {IOrderMarket-cancellationCompensation}.
    function cancellationCompensation(OrderRecord storage order, uint256 orderId) public view returns (uint256) {
        _checkStatus(orderId, order, IOrderMarket.Status.Awarded);
        uint256 price = order.amount;
        uint256 awardedAt = order.stageA;
        uint256 leadTime = order.dueAt - awardedAt; // > 0: a lead time is at least one second
        uint256 elapsed = block.timestamp - awardedAt;
        uint256 floorBps = uint256(order.flags >> FLOOR_SHIFT) * 100;
        uint256 shareBps = elapsed >= leadTime ? BPS : floorBps + (BPS - floorBps) * elapsed / leadTime;
        uint256 earned = price * shareBps / BPS;
        uint256 released = price - unreleased(order);
        return earned > released ? earned - released : 0;
    }

    /// @dev Final split of an order's escrow. Of the price not yet released, `refund` goes back to
    /// the customer and the rest to the maker; the fee is charged pro rata to what the maker earned
    /// in total, and the customer gets the rest of the fee back. Credits add up to price + fee (the
    /// maker's part shared with a licence's royalty recipient, see `payMaker`).
    /// Then the bond is released, or `slash` of it slashed to the customer.
    function settle(
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        Payees memory payees,
        uint256 orderId,
        uint256 refund,
        uint256 slash
    ) internal {
        uint256 price = order.amount;
        uint256 makerAmount = unreleased(order) - refund;
        uint256 fullFee = fee(order, uint96(price));
        uint256 charged = fullFee * (price - refund) / price; // an awarded price is never zero
        uint256 customerAmount = refund + fullFee - charged;
        payMaker(order, terms, balances, orderId, makerAmount);
        if (customerAmount != 0) credit(balances, order.customer, customerAmount);
        if (charged != 0) credit(balances, payees.treasury, charged);
        emit IOrderMarket.OrderSettled(orderId, makerAmount, customerAmount, charged, slash);
        _settleBond(order, payees.registry, orderId, slash);
    }

    function _settleBond(OrderRecord storage order, IParticipantRegistry registry, uint256 orderId, uint256 slash)
        private
    {
        uint256 bond = order.bond;
        if (bond == 0) return;
        if (slash == 0) registry.releaseBond(order.maker, orderId, bond);
        else registry.slashBond(order.maker, orderId, bond, slash, order.customer);
    }

    /// @dev Credits the maker `amount` of the order's price, less the licence royalty's share of it,
    /// `amount * royalty / price` (rounded down), which goes to the royalty recipient. Over an order's
    /// life the shares add up to the royalty in proportion to what the maker was paid. `terms` is
    /// read only when the order's flags say it has extra terms.
    function payMaker(
        OrderRecord storage order,
        OrderTerms storage terms,
        mapping(address => Balance) storage balances,
        uint256 orderId,
        uint256 amount
    ) internal {
        if (order.flags & EXTRA_TERMS != 0) {
            uint256 share = amount * terms.royalty / order.amount; // an awarded price is never zero
            if (share != 0) {
                address recipient = terms.royaltyRecipient;
                credit(balances, recipient, share);
                emit IOrderMarket.RoyaltyPaid(orderId, recipient, share);
                amount -= share;
            }
        }
        if (amount != 0) credit(balances, order.maker, amount);
    }

    /// @dev Credits `amount` to `account` in `balances`, one token's balances.
    function credit(mapping(address => Balance) storage balances, address account, uint256 amount) internal {
        // A single credit is at most price + fee < 2^97; the cumulative total of a token's
        // whole supply fits in 128 bits for any real token, and checked arithmetic guards the rest.
        balances[account].credited += SafeCast.toUint128(amount);
    }

    /// @dev The part of the price no milestone has released yet.
    function unreleased(OrderRecord storage order) internal view returns (uint256) {
        uint256 price = order.amount;
        return price - order.milestonePlan.releasedAmount(order.milestonesReleased, price);
    }

    /// @dev The protocol fee on `price` at the order's fee rate.
    function fee(OrderRecord storage order, uint96 price) internal view returns (uint256) {
        return uint256(price) * order.feeBps / BPS;
    }

    /// @dev The window in force at `awardedAt`. The first entry, from deployment, predates every award;
    /// the search runs back only over the changes made since the award.
    function _rulingWindowAt(RulingWindow[] storage rulingWindows, uint32 awardedAt) private view returns (uint256) {
        uint256 i = rulingWindows.length - 1;
        while (rulingWindows[i].since > awardedAt) --i;
        return rulingWindows[i].window;
    }

    function _checkStatus(uint256 orderId, OrderRecord storage order, IOrderMarket.Status expected) private view {
        if (order.status != expected) revert IOrderMarket.MarketInvalidStatus(orderId, order.status);
    }

    function _checkCustomer(uint256 orderId, OrderRecord storage order) private view {
        if (msg.sender != order.customer) revert IOrderMarket.MarketNotCustomer(orderId, msg.sender);
    }

    /// @dev Reverts `MarketNotCustomer` unless the caller is the customer or `order` is a sub-order
    /// its parent left behind, which anyone may cancel: an open sub-RFQ whose parent is no longer
    /// Awarded (it could never be awarded), or an awarded sub-order whose parent ended Cancelled,
    /// Defaulted or Resolved. A sub-order already shipped is not cancellable and runs its course.
    function _checkCanceller(
        mapping(uint256 => OrderRecord) storage orders,
        OrderRecord storage order,
        OrderTerms storage terms,
        uint256 orderId
    ) private view {
        if (msg.sender == order.customer) return;
        uint256 parentId = order.flags & EXTRA_TERMS != 0 ? terms.parentId : 0;
        if (parentId != 0) {
            IOrderMarket.Status parentStatus = orders[parentId].status;
            if (order.status == IOrderMarket.Status.Open) {
                if (parentStatus != IOrderMarket.Status.Awarded) return;
            } else if (
                parentStatus == IOrderMarket.Status.Cancelled || parentStatus == IOrderMarket.Status.Defaulted
                    || parentStatus == IOrderMarket.Status.Resolved
            ) {
                return;
            }
        }
        revert IOrderMarket.MarketNotCustomer(orderId, msg.sender);
    }

    function _checkParty(uint256 orderId, OrderRecord storage order) private view {
        if (msg.sender != order.customer && msg.sender != order.maker) {
            revert IOrderMarket.MarketNotParty(orderId, msg.sender);
        }
    }
}
