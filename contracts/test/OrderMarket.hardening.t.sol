// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice Regression tests of the attacks in issue 11 (items 1, 2, 3, 8): each one succeeded on
/// the market before the fix.
contract OrderMarketHardeningTest is MarketFixture {
    // --- 1. counter-offer swap -----------------------------------------------------------------

    /// @dev The customer replaces its offer with price 1 / lead time 1 s in front of the maker's
    /// acceptance: the acceptance names the terms it agrees to and reverts.
    function test_acceptCounterOffer_revertsWhenTheOfferWasSwapped() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.counterOffer(id, maker, PRICE - 100e6, LEAD_TIME);
        _closeBidding(id);
        vm.prank(customer);
        market.counterOffer(id, maker, 1, 1);
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketTermsChanged.selector, id, maker, 1, 1));
        market.acceptCounterOffer(id, PRICE - 100e6, LEAD_TIME);
        _assertBid(id, maker, PRICE, LEAD_TIME);
    }

    /// @dev The customer can only award the terms it names, and they must be the bid's.
    function test_award_revertsUnlessTheNamedTermsAreTheBid() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketTermsChanged.selector, id, maker, PRICE, LEAD_TIME)
        );
        vm.prank(customer);
        market.award(id, maker, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketTermsChanged.selector, id, maker, PRICE, LEAD_TIME)
        );
        vm.prank(customer);
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME - 1, 0, 0, bytes32(0), bytes32(0));
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
        _assertStatus(id, IOrderMarket.Status.Awarded);
    }

    function test_withdrawCounterOffer_removesTheOffer() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.counterOffer(id, maker, PRICE - 1, LEAD_TIME);
        vm.expectEmit(address(market));
        emit IOrderMarket.CounterOfferWithdrawn(id, maker);
        vm.prank(customer);
        market.withdrawCounterOffer(id, maker);
        assertEq(uint256(market.getCounterOffer(id, maker).state), uint256(IOrderMarket.BidState.None));
        _expectRevertAs(maker, _err(IOrderMarket.MarketNoCounterOffer.selector, id, maker));
        market.acceptCounterOffer(id, PRICE - 1, LEAD_TIME);
        _expectRevertAs(customer, _err(IOrderMarket.MarketNoCounterOffer.selector, id, maker));
        market.withdrawCounterOffer(id, maker);
        _award(id, maker);
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Awarded));
        market.withdrawCounterOffer(id, maker);
    }

    // --- 2. cancellation racing ship, unruled disputes ------------------------------------------

    /// @dev A cancellation sent in front of an on-time `ship` costs the customer the full price.
    function test_cancelOrder_racingShipAtTheDueDateCostsTheFullPrice() public {
        uint256 id = _awardedOrder();
        vm.warp(block.timestamp + LEAD_TIME);
        uint256 before = usd.balanceOf(customer);
        assertEq(market.cancellationCompensation(id), PRICE);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderCancelled(id, PRICE);
        vm.prank(customer);
        market.cancelOrder(id);
        _withdrawAll(customer, address(usd));
        assertEq(usd.balanceOf(customer), before, "nothing back: the maker earned it all");
        assertEq(market.owed(address(usd), maker), PRICE);
        assertEq(market.owed(address(usd), treasury), _fee(PRICE));
    }

    function test_cancelOrder_halfwayPaysFloorPlusHalfTheRest() public {
        uint256 id = _awardedOrder();
        vm.warp(block.timestamp + LEAD_TIME / 2);
        uint256 expected = uint256(PRICE) * (CANCELLATION_FLOOR_BPS + (10_000 - CANCELLATION_FLOOR_BPS) / 2) / 10_000;
        vm.prank(customer);
        market.cancelOrder(id);
        assertEq(market.owed(address(usd), maker), expected);
    }

    function test_cancellationCompensation_revertsUnlessAwarded() public {
        uint256 id = _openRfq();
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Open));
        market.cancellationCompensation(id);
    }

    /// @dev No arbiter rules: after the ruling end anyone settles the documented default.
    function test_expireDispute_settlesTheDefaultAfterTheRulingWindow() public {
        uint256 id = _disputedOrder();
        uint40 rulingEnds = market.getOrder(id).rulingEnds;
        assertEq(rulingEnds, market.getOrder(id).acceptanceEnds + RULING_WINDOW);
        vm.warp(rulingEnds);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketRulingWindowOpen.selector, id, rulingEnds));
        market.expireDispute(id);
        vm.warp(uint256(rulingEnds) + 1);
        uint256 half = PRICE / 2;
        uint256 fee = _fee(PRICE) * (PRICE - half) / PRICE;
        vm.expectEmit(address(market));
        emit IOrderMarket.DisputeExpired(id, stranger, 5_000);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderSettled(id, PRICE - half, half + _fee(PRICE) - fee, fee, 0);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondReleased(address(market), id, maker, BOND);
        vm.prank(stranger);
        market.expireDispute(id);
        _assertStatus(id, IOrderMarket.Status.Resolved);
        _expectRevertAs(arbiter, _statusErr(id, IOrderMarket.Status.Resolved));
        market.rule(id, 0, 0);
    }

    function test_expireDispute_revertsUnlessDisputed() public {
        uint256 id = _shippedOrder();
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Shipped));
        market.expireDispute(id);
    }

    // --- 3. parameters cannot change live orders --------------------------------------------

    /// @dev Governance sets the longest windows and the longest ruling window after award: the
    /// order keeps the windows of its RFQ and the ruling window of its award.
    function test_windows_areSnapshottedWithTheRfq() public {
        uint256 id = _awardedOrder();
        IOrderMarket.Order memory o = market.getOrder(id);
        assertEq(o.acceptanceWindow, ACCEPTANCE_WINDOW);
        assertEq(o.lateGrace, LATE_GRACE);
        assertEq(o.awardedAt, block.timestamp);
        assertEq(o.biddingEnds, 0, "the bidding window is over once awarded");
        _setWindows(30 days, 0);
        _setRulingWindow(90 days);
        // Late grace of the RFQ, not today's zero.
        vm.warp(uint256(o.dueAt) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketNotLate.selector, id, uint40(o.dueAt) + LATE_GRACE)
        );
        vm.prank(customer);
        market.claimDefault(id);
        _ship(id);
        o = market.getOrder(id);
        assertEq(o.acceptanceEnds, block.timestamp + ACCEPTANCE_WINDOW, "acceptance window of the RFQ");
        assertEq(o.rulingEnds, 0, "no ruling end before a dispute");
        assertEq(o.acceptanceWindow, 0);
        vm.prank(customer);
        market.dispute(id, bytes32(0));
        assertEq(market.getOrder(id).rulingEnds, o.acceptanceEnds + RULING_WINDOW, "the ruling window of the award");
        _setRulingWindow(1 days);
        assertEq(market.getOrder(id).rulingEnds, o.acceptanceEnds + RULING_WINDOW, "ruling end fixed at the dispute");
        assertEq(market.getOrder(id).awardedAt, o.awardedAt, "a disputed order still tells when it was awarded");
        assertEq(market.getOrder(id).lateGrace, 0, "the late grace is dead once shipped");
    }

    /// @dev Each order takes the ruling window in force when it was awarded, through any number of
    /// changes; a change in the very second of an award does not reach that order.
    function test_rulingWindow_isTheOneInForceAtAward() public {
        uint256 before = _awardedOrder();
        _setRulingWindow(30 days);
        _setRulingWindow(60 days); // in the second of the award: the order keeps the window before
        vm.warp(block.timestamp + 1);
        uint256 afterChanges = _awardedOrder();
        _setRulingWindow(1 days);
        assertEq(market.parameters().rulingWindow, 1 days);
        _ship(before);
        _ship(afterChanges);
        vm.startPrank(customer);
        market.dispute(before, bytes32(0));
        market.dispute(afterChanges, bytes32(0));
        vm.stopPrank();
        IOrderMarket.Order memory first = market.getOrder(before);
        IOrderMarket.Order memory second = market.getOrder(afterChanges);
        assertEq(first.rulingEnds, first.acceptanceEnds + RULING_WINDOW, "awarded before the changes");
        assertEq(second.rulingEnds, second.acceptanceEnds + 60 days, "awarded after the last change before it");
    }

    /// @dev Who rules an order is fixed at its award: arbiters admitted later have no say over it, and
    /// a removed arbiter loses its say everywhere, even when admitted again.
    function test_rule_onlyByArbitersAdmittedBeforeTheAwardAndStillAdmitted() public {
        address late = makeAddr("lateArbiter");
        uint256 id = _disputedOrder();
        vm.prank(governance);
        market.setArbiter(late, true);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketNotArbiter.selector, late));
        vm.prank(late);
        market.rule(id, 10_000, 10_000);

        vm.startPrank(governance);
        market.setArbiter(arbiter, false);
        market.setArbiter(arbiter, true);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketNotArbiter.selector, arbiter));
        vm.prank(arbiter);
        market.rule(id, 10_000, 10_000);

        uint256 next = _disputedOrder();
        vm.prank(late);
        market.rule(next, 0, 0);
        _assertStatus(next, IOrderMarket.Status.Resolved);
    }

    /// @dev The cancellation floor is the RFQ's too: raising it after award does not raise what a
    /// cancellation owes, lowering it does not lower it.
    function test_cancellationFloor_isSnapshottedWithTheRfq() public {
        uint256 id = _awardedOrder();
        uint256 atAward = market.cancellationCompensation(id);
        assertEq(atAward, uint256(PRICE) * CANCELLATION_FLOOR_BPS / 10_000);
        _setCancellationFloor(50);
        assertEq(market.cancellationCompensation(id), atAward);
        _setCancellationFloor(0);
        assertEq(market.cancellationCompensation(id), atAward);
        uint256 later = _awardedOrder();
        assertEq(market.cancellationCompensation(later), 0, "a new RFQ takes today's floor");
    }

    function test_getOrder_openRfqShowsItsWindowsAndTerms() public {
        IOrderMarket.RfqParams memory p = _sealedParams();
        uint256 id = _createRfq(p);
        IOrderMarket.Order memory o = market.getOrder(id);
        assertEq(o.biddingEnds, p.biddingEnds);
        assertEq(o.revealEnds, p.revealEnds);
        assertEq(o.acceptanceWindow, ACCEPTANCE_WINDOW);
        assertEq(o.lateGrace, LATE_GRACE);
        assertEq(o.dueAt, 0);
        assertEq(o.acceptanceEnds, 0);
        assertEq(o.awardedAt, 0);
        assertEq(o.rulingEnds, 0);
    }

    // --- 8. commit deposits -------------------------------------------------------------------

    function _deposit() internal pure returns (uint96) {
        return uint96(uint256(BUDGET) * COMMIT_DEPOSIT_BPS / 10_000);
    }

    /// @dev Committing pulls the deposit; revealing credits it back; an unrevealed commitment
    /// forfeits it to the customer once the reveal window has closed.
    function test_commitDeposit_forfeitedUnlessRevealed() public {
        uint256 id = _sealedRfq();
        _fundDeposits(maker);
        uint256 before = usd.balanceOf(maker);
        _commit(id, maker, PRICE, LEAD_TIME);
        _commit(id, maker, PRICE - 1, LEAD_TIME); // a revision keeps the one deposit
        _commit(id, maker2, PRICE - 2, LEAD_TIME);
        assertEq(before - usd.balanceOf(maker), _deposit(), "deposit pulled once");
        assertEq(market.getBid(id, maker).deposit, _deposit());
        _openReveal(id);
        vm.expectEmit(address(market));
        emit IOrderMarket.CommitDepositReturned(id, maker2, _deposit());
        _reveal(id, maker2, PRICE - 2, LEAD_TIME);
        assertEq(market.owed(address(usd), maker2), _deposit(), "revealed: deposit credited back");
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketRevealWindowOpen.selector, id, market.getOrder(id).revealEnds)
        );
        market.settleCommitDeposit(id, maker);
        _closeBidding(id);
        vm.expectRevert(_err(IOrderMarket.MarketNoCommitDeposit.selector, id, maker2));
        market.settleCommitDeposit(id, maker2);
        vm.expectEmit(address(market));
        emit IOrderMarket.CommitDepositForfeited(id, maker, customer, _deposit());
        vm.prank(stranger);
        market.settleCommitDeposit(id, maker);
        assertEq(market.owed(address(usd), customer), _deposit(), "forfeited to the customer");
        assertEq(market.owed(address(usd), maker), 0);
        vm.expectRevert(_err(IOrderMarket.MarketNoCommitDeposit.selector, id, maker));
        market.settleCommitDeposit(id, maker);
    }

    function test_commitDeposit_forfeitedAfterAward() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _commit(id, maker2, PRICE, LEAD_TIME);
        _openReveal(id);
        _reveal(id, maker2, PRICE, LEAD_TIME);
        _award(id, maker2);
        market.settleCommitDeposit(id, maker);
        assertEq(market.owed(address(usd), customer), _deposit());
    }

    function test_commitDeposit_returnedOnWithdrawAndOnCancelledRfq() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _commit(id, maker2, PRICE, LEAD_TIME);
        vm.prank(maker);
        market.withdrawBid(id);
        assertEq(market.owed(address(usd), maker), _deposit(), "withdrawn while bidding: returned");
        _commit(id, maker, PRICE, LEAD_TIME); // committing again pays again
        assertEq(market.getBid(id, maker).deposit, _deposit());
        vm.prank(customer);
        market.cancelRfq(id);
        market.settleCommitDeposit(id, maker);
        market.settleCommitDeposit(id, maker2);
        assertEq(market.owed(address(usd), maker), 2 * uint256(_deposit()));
        assertEq(market.owed(address(usd), maker2), _deposit());
        assertEq(market.owed(address(usd), customer), 0);
    }

    function test_commitDeposit_zeroWhenGovernanceSetsNone() public {
        _setCommitDeposit(0);
        uint256 id = _sealedRfq();
        _fundDeposits(maker);
        uint256 before = usd.balanceOf(maker);
        _commit(id, maker, PRICE, LEAD_TIME);
        assertEq(usd.balanceOf(maker), before);
        _closeBidding(id);
        vm.expectRevert(_err(IOrderMarket.MarketNoCommitDeposit.selector, id, maker));
        market.settleCommitDeposit(id, maker);
    }

    function test_commitDeposit_revertsWithoutAllowance() public {
        uint256 id = _sealedRfq();
        vm.prank(maker);
        usd.approve(address(market), 0);
        bytes32 c = market.bidCommitment(id, maker, PRICE, LEAD_TIME, _salt(maker));
        vm.expectRevert();
        vm.prank(maker);
        market.commitBid(id, c);
        assertEq(uint256(market.getBid(id, maker).state), uint256(IOrderMarket.BidState.None), "nothing changed");
    }

    function _assertBid(uint256 id, address who, uint96 price, uint32 leadTime) internal view {
        IOrderMarket.Bid memory b = market.getBid(id, who);
        assertEq(b.price, price);
        assertEq(b.leadTime, leadTime);
    }
}
