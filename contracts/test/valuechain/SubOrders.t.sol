// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../../src/interfaces/IParticipantRegistry.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {ValueChainFixture} from "./ValueChainFixture.sol";

/// @notice Sub-orders: posting, funding from the parent's credits, propagation of the parent's end,
/// and the market reads the contribution rewards rely on (shippedLate, parentOf, orderArbiter).
contract SubOrdersTest is ValueChainFixture {
    // --- createRfq with a parent ----------------------------------------------------------------

    function test_createRfq_subRfqByTheParentsMakerRecordsTheParent() public {
        uint256 parentId = _awardedOrder();
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        vm.expectEmit(address(market));
        emit IOrderMarket.RfqCreated(parentId + 1, maker, p);
        // The maker holds only the manufacturer role: a sub-order's customer needs no customer role.
        vm.prank(maker);
        uint256 subId = market.createRfq(p);
        assertEq(market.parentOf(subId), parentId);
        assertEq(market.parentOf(parentId), 0);
        assertEq(market.getOrder(subId).customer, maker);
    }

    function test_createRfq_subRfqRevertsForAnUnknownParent() public {
        IOrderMarket.RfqParams memory p = _params();
        p.parentId = 99;
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 99));
        market.createRfq(p);
    }

    function test_createRfq_subRfqRevertsForAnyoneButTheParentsMaker() public {
        uint256 parentId = _awardedOrder();
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        _expectRevertAs(customer, _err(IOrderMarket.MarketNotMaker.selector, parentId, customer));
        market.createRfq(p);
        _expectRevertAs(maker2, _err(IOrderMarket.MarketNotMaker.selector, parentId, maker2));
        market.createRfq(p);
    }

    function test_createRfq_subRfqRevertsOnceTheParentShipped() public {
        uint256 parentId = _awardedOrder();
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        _ship(parentId);
        _expectRevertAs(maker, _statusErr(parentId, IOrderMarket.Status.Shipped));
        market.createRfq(p);
    }

    function test_createRfq_subRfqRevertsInAnotherToken() public {
        uint256 parentId = _awardedOrder();
        MockERC20 other = new MockERC20("Other", "OTH", 6);
        vm.prank(governance);
        market.setPaymentToken(address(other), true);
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        p.paymentToken = address(other);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(
                IOrderMarket.MarketInvalidRfq.selector, "paymentToken", "must be the parent order's payment token"
            )
        );
        market.createRfq(p);
    }

    function test_createRfq_subRfqRevertsWhenDueAfterItsParent() public {
        uint256 parentId = _awardedOrder();
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        p.deadline += 1;
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(
                IOrderMarket.MarketInvalidRfq.selector, "deadline", "must not be after the parent's due date"
            )
        );
        market.createRfq(p);
    }

    function test_createRfq_directOfferIsAnInviteOnlySubRfq() public {
        uint256 parentId = _parentWithCredit();
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        p.invitees = new address[](1);
        p.invitees[0] = maker2;
        vm.prank(maker);
        uint256 subId = market.createRfq(p);
        _expectRevertAs(maker3, _err(IOrderMarket.MarketNotInvited.selector, subId, maker3));
        market.bid(subId, SUB_PRICE, SUB_LEAD_TIME);
        _bid(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _award(subId, maker2);
        _assertStatus(subId, IOrderMarket.Status.Awarded);
    }

    function test_bid_theParentsMakerCannotBidOnItsOwnSubRfq() public {
        uint256 subId = _subRfq(_awardedOrder());
        _expectRevertAs(
            maker, abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "maker", "must not be the customer")
        );
        market.bid(subId, SUB_PRICE, SUB_LEAD_TIME);
    }

    // --- award: funding from the parent's credits ------------------------------------------------

    function test_award_subOrderIsFundedFromTheParentsCreditsNotTheWallet() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _subRfq(parentId);
        _bid(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _closeBidding(subId);
        uint256 total = SUB_PRICE + _fee(SUB_PRICE);
        uint256 walletBefore = usd.balanceOf(maker);
        uint256 marketBefore = usd.balanceOf(address(market));
        assertEq(market.spendableCredit(parentId), FIRST_MILESTONE);
        vm.expectEmit(address(market));
        emit IOrderMarket.CreditSpent(parentId, subId, total, total);
        vm.prank(maker);
        market.award(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        assertEq(usd.balanceOf(maker), walletBefore, "wallet untouched");
        assertEq(usd.balanceOf(address(market)), marketBefore, "no tokens moved");
        assertEq(market.owed(address(usd), maker), FIRST_MILESTONE - total, "balance debited at once");
        assertEq(market.spendableCredit(parentId), FIRST_MILESTONE - total);
        assertEq(registry.participant(maker2).locked, BOND);
    }

    function test_award_subOrderRevertsWhenTheParentsCreditsFallShort() public {
        uint256 parentId = _awardedOrder(); // no milestone released: nothing credited yet
        uint256 subId = _subRfq(parentId);
        _bid(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _closeBidding(subId);
        uint256 total = SUB_PRICE + _fee(SUB_PRICE);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(IOrderMarket.MarketInsufficientCredit.selector, parentId, "credit", 0, total)
        );
        market.award(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
    }

    function test_award_subOrderRevertsWhenTheMakerAlreadyWithdrewTheCredits() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _subRfq(parentId);
        _bid(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _closeBidding(subId);
        _withdrawAll(maker, address(usd));
        uint256 total = SUB_PRICE + _fee(SUB_PRICE);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(IOrderMarket.MarketInsufficientCredit.selector, parentId, "balance", 0, total)
        );
        market.award(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
    }

    function test_award_creditsCannotBeSpentTwice() public {
        uint256 parentId = _parentWithCredit();
        _awardedSubOrder(parentId);
        uint256 left = FIRST_MILESTONE - SUB_PRICE - _fee(SUB_PRICE);
        uint256 subId = _subRfq(parentId);
        _bid(subId, maker3, SUB_PRICE, SUB_LEAD_TIME);
        _closeBidding(subId);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(
                IOrderMarket.MarketInsufficientCredit.selector, parentId, "credit", left, SUB_PRICE + _fee(SUB_PRICE)
            )
        );
        market.award(subId, maker3, SUB_PRICE, SUB_LEAD_TIME);
    }

    function test_award_subOrderRevertsOnceTheParentShipped() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _subRfq(parentId);
        _bid(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _closeBidding(subId);
        _ship(parentId);
        _expectRevertAs(maker, _statusErr(parentId, IOrderMarket.Status.Shipped));
        market.award(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
    }

    function test_subOrder_completedCreditsTheSubTierAndEveryCreditAddsUp() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _awardedSubOrder(parentId);
        _ship(subId);
        vm.prank(maker);
        market.accept(subId);
        assertEq(market.owed(address(usd), maker2), SUB_PRICE);
        // The parent's customer's unreleased share was never touched: it completes as usual.
        _ship(parentId);
        _accept(parentId);
        address[] memory accounts = new address[](4);
        (accounts[0], accounts[1], accounts[2], accounts[3]) = (customer, maker, maker2, treasury);
        assertEq(_owedTotal(accounts), usd.balanceOf(address(market)), "every token is someone's credit");
        assertEq(market.owed(address(usd), maker), PRICE - SUB_PRICE - _fee(SUB_PRICE));
        assertEq(market.owed(address(usd), treasury), _fee(PRICE) + _fee(SUB_PRICE));
        assertEq(market.owed(address(usd), customer), 0);
    }

    function test_spendableCredit_isNetOfTheRoyaltyAndZeroUnlessAwarded() public {
        uint256 parentId = _parentWithCredit();
        assertEq(market.spendableCredit(parentId), FIRST_MILESTONE);
        _ship(parentId);
        assertEq(market.spendableCredit(parentId), 0);
    }

    // --- propagation ----------------------------------------------------------------------------

    function test_cancelOrder_anyoneCancelsASubOrderOfACancelledParent() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _awardedSubOrder(parentId);
        vm.warp(block.timestamp + 1 days);
        vm.prank(customer);
        market.cancelOrder(parentId);
        uint256 makerBefore = market.owed(address(usd), maker);
        uint256 compensation = market.cancellationCompensation(subId);
        assertGt(compensation, 0);
        vm.prank(stranger);
        market.cancelOrder(subId);
        _assertStatus(subId, IOrderMarket.Status.Cancelled);
        uint256 fee = _fee(SUB_PRICE) * compensation / SUB_PRICE;
        assertEq(market.owed(address(usd), maker2), compensation, "the sub-tier is paid for work done");
        assertEq(
            market.owed(address(usd), maker) - makerBefore,
            SUB_PRICE - compensation + _fee(SUB_PRICE) - fee,
            "the rest returns to the maker"
        );
        assertEq(registry.participant(maker2).locked, 0);
    }

    function test_cancelOrder_anyoneCancelsASubOrderOfADefaultedParent() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _awardedSubOrder(parentId);
        vm.warp(market.getOrder(parentId).dueAt + LATE_GRACE + 1);
        vm.prank(customer);
        market.claimDefault(parentId);
        vm.prank(stranger);
        market.cancelOrder(subId);
        // Past its due date, the sub-tier earned its whole price.
        assertEq(market.owed(address(usd), maker2), SUB_PRICE);
    }

    function test_cancelOrder_strangerCannotCancelASubOrderOfALiveOrCompletedParent() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _awardedSubOrder(parentId);
        _expectRevertAs(stranger, _err(IOrderMarket.MarketNotCustomer.selector, subId, stranger));
        market.cancelOrder(subId);
        _ship(parentId);
        _accept(parentId);
        _expectRevertAs(stranger, _err(IOrderMarket.MarketNotCustomer.selector, subId, stranger));
        market.cancelOrder(subId);
        // The maker, its customer, still may.
        vm.prank(maker);
        market.cancelOrder(subId);
        _assertStatus(subId, IOrderMarket.Status.Cancelled);
    }

    function test_cancelOrder_aShippedSubOrderRunsItsCourse() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _awardedSubOrder(parentId);
        _ship(subId);
        vm.prank(customer);
        market.cancelOrder(parentId);
        _expectRevertAs(stranger, _statusErr(subId, IOrderMarket.Status.Shipped));
        market.cancelOrder(subId);
    }

    function test_cancelRfq_anyoneCancelsAnOpenSubRfqOnceItsParentIsNoLongerAwarded() public {
        uint256 parentId = _awardedOrder();
        uint256 subId = _subRfq(parentId);
        _expectRevertAs(stranger, _err(IOrderMarket.MarketNotCustomer.selector, subId, stranger));
        market.cancelRfq(subId);
        _ship(parentId);
        vm.expectEmit(address(market));
        emit IOrderMarket.RfqCancelled(subId);
        vm.prank(stranger);
        market.cancelRfq(subId);
        _assertStatus(subId, IOrderMarket.Status.Cancelled);
    }

    function test_cancelRfq_strangerCannotCancelAPlainRfq() public {
        uint256 id = _openRfq();
        _expectRevertAs(stranger, _err(IOrderMarket.MarketNotCustomer.selector, id, stranger));
        market.cancelRfq(id);
    }

    function test_claimDefault_aDefaultingSubTiersBondCoversTheMaker() public {
        uint256 parentId = _parentWithCredit();
        uint256 subId = _awardedSubOrder(parentId);
        uint256 makerBefore = market.owed(address(usd), maker);
        vm.warp(market.getOrder(subId).dueAt + LATE_GRACE + 1);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondSlashed(address(market), subId, maker2, BOND, maker, 0);
        vm.prank(maker);
        market.claimDefault(subId);
        assertEq(registry.slashedOf(maker), BOND, "the bond is the maker's");
        assertEq(market.owed(address(usd), maker) - makerBefore, SUB_PRICE + _fee(SUB_PRICE), "escrow back");
    }

    // --- reads for contribution rewards -----------------------------------------------------------

    function test_shippedLate_isSetOnlyWhenShippedAfterTheDueDate() public {
        uint256 onTime = _awardedOrder();
        assertFalse(market.shippedLate(onTime), "awarded: the bit is the cancellation floor's");
        _ship(onTime);
        assertFalse(market.shippedLate(onTime));
        uint256 late = _awardedOrder();
        vm.warp(market.getOrder(late).dueAt + 1);
        _ship(late);
        assertTrue(market.shippedLate(late));
        _accept(late);
        assertTrue(market.shippedLate(late), "kept once completed");
    }

    function test_orderArbiter_namesWhoRuledAndZeroWhenExpired() public {
        uint256 ruled = _disputedOrder();
        assertEq(market.orderArbiter(ruled), address(0));
        vm.prank(arbiter);
        market.rule(ruled, 5_000, 0);
        assertEq(market.orderArbiter(ruled), arbiter);
        uint256 expired = _disputedOrder();
        vm.warp(market.getOrder(expired).rulingEnds + 1);
        market.expireDispute(expired);
        assertEq(market.orderArbiter(expired), address(0));
    }

    function test_reads_revertForAnUnknownOrder() public {
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 7));
        market.parentOf(7);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 7));
        market.shippedLate(7);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 7));
        market.orderArbiter(7);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 7));
        market.spendableCredit(7);
    }

    // --- fuzz: the split of an order tree -------------------------------------------------------

    /// @dev A parent with `released` milestones, a sub-order of any price within the credit, ending
    /// completed, cancelled (with its parent) or defaulted: the market holds exactly what it owes.
    function testFuzz_subOrder_creditsOfTheTreeEqualWhatWasFunded(uint256 price, uint256 outcome, uint256 wait)
        public
    {
        uint256 parentId = _parentWithCredit();
        _releaseMilestone(parentId); // 30 % + 50 %
        uint256 credit = uint256(PRICE) * 8_000 / 10_000;
        uint96 subPrice = uint96(bound(price, 1, credit * 10_000 / (10_000 + FEE_BPS)));
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        p.budget = subPrice;
        vm.prank(maker);
        uint256 subId = market.createRfq(p);
        _bid(subId, maker2, subPrice, SUB_LEAD_TIME);
        _award(subId, maker2);
        vm.warp(block.timestamp + bound(wait, 0, SUB_LEAD_TIME));
        outcome = bound(outcome, 0, 2);
        if (outcome == 0) {
            _ship(subId);
            vm.prank(maker);
            market.accept(subId);
            _ship(parentId);
            _accept(parentId);
        } else if (outcome == 1) {
            vm.prank(customer);
            market.cancelOrder(parentId);
            vm.prank(stranger);
            market.cancelOrder(subId);
        } else {
            vm.warp(market.getOrder(subId).dueAt + LATE_GRACE + 1);
            vm.prank(maker);
            market.claimDefault(subId);
            _ship(parentId);
            _accept(parentId);
        }
        address[] memory accounts = new address[](4);
        (accounts[0], accounts[1], accounts[2], accounts[3]) = (customer, maker, maker2, treasury);
        assertEq(_owedTotal(accounts), uint256(PRICE) + _fee(PRICE), "credits of the tree = what the customer funded");
        assertEq(usd.balanceOf(address(market)), _owedTotal(accounts));
        assertLe(market.owed(address(usd), customer), uint256(PRICE) + _fee(PRICE));
    }
}
