// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MilestonePlan} from "../src/libraries/MilestonePlan.sol";
import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice createRfq, cancelRfq and the order views.
contract OrderMarketRfqTest is MarketFixture {
    function _invalidRfq(string memory field, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketInvalidRfq.selector, field, reason);
    }

    function _expectInvalid(IOrderMarket.RfqParams memory p, string memory field, string memory reason) internal {
        _expectRevertAs(customer, _invalidRfq(field, reason));
        market.createRfq(p);
    }

    // --- createRfq ---------------------------------------------------------------------------

    function test_createRfq_storesOrderAndEmits() public {
        IOrderMarket.RfqParams memory p = _params();
        vm.expectEmit(address(market));
        emit IOrderMarket.RfqCreated(1, customer, p);
        uint256 id = _createRfq(p);
        assertEq(id, 1);
        assertEq(market.orderCount(), 1);
        IOrderMarket.Order memory o = market.getOrder(id);
        assertEq(o.customer, customer);
        assertEq(o.biddingEnds, p.biddingEnds);
        assertEq(o.revealEnds, 0);
        assertEq(uint256(o.status), uint256(IOrderMarket.Status.Open));
        assertFalse(o.inviteOnly);
        assertEq(o.paymentToken, address(usd));
        assertEq(o.deadline, p.deadline);
        assertEq(o.feeBps, FEE_BPS);
        assertEq(o.amount, BUDGET, "amount is the budget while open");
        assertEq(o.bond, BOND);
        assertEq(o.maker, address(0));
        assertEq(o.dueAt, 0);
        uint16[] memory plan = MilestonePlan.unpack(o.milestonePlan);
        assertEq(plan.length, 3);
        assertEq(plan[0], 3_000);
        assertEq(plan[1], 5_000);
        assertEq(plan[2], 2_000);
    }

    function test_createRfq_idsIncrement() public {
        assertEq(_openRfq(), 1);
        assertEq(_openRfq(), 2);
        assertEq(_sealedRfq(), 3);
        assertEq(market.orderCount(), 3);
    }

    function test_createRfq_inviteOnlyRecordsInvitees() public {
        IOrderMarket.RfqParams memory p = _params();
        p.invitees = new address[](2);
        p.invitees[0] = maker;
        p.invitees[1] = maker2;
        vm.expectEmit(address(market));
        emit IOrderMarket.RfqCreated(1, customer, p);
        vm.expectEmit(address(market));
        emit IOrderMarket.BidderInvited(1, maker);
        vm.expectEmit(address(market));
        emit IOrderMarket.BidderInvited(1, maker2);
        uint256 id = _createRfq(p);
        assertTrue(market.getOrder(id).inviteOnly);
        assertTrue(market.isInvited(id, maker));
        assertTrue(market.isInvited(id, maker2));
        assertFalse(market.isInvited(id, maker3));
    }

    function test_createRfq_snapshotsFeeRate() public {
        uint256 id = _openRfq();
        _setFee(1_000);
        assertEq(market.getOrder(id).feeBps, FEE_BPS);
        uint256 id2 = _openRfq();
        assertEq(market.getOrder(id2).feeBps, 1_000);
    }

    function test_createRfq_revertsWhenCallerIsNotCustomer() public {
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, maker, CUSTOMER)
        );
        vm.prank(maker);
        market.createRfq(_params());
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, stranger, CUSTOMER)
        );
        vm.prank(stranger);
        market.createRfq(_params());
    }

    function test_createRfq_revertsOnTokenNotAllowed() public {
        IOrderMarket.RfqParams memory p = _params();
        p.paymentToken = address(stakeToken);
        _expectRevertAs(
            customer, abi.encodeWithSelector(IOrderMarket.MarketTokenNotAllowed.selector, address(stakeToken))
        );
        market.createRfq(p);
    }

    function test_createRfq_revertsOnTokenDisallowedLater() public {
        vm.prank(governance);
        market.setPaymentToken(address(usd), false);
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketTokenNotAllowed.selector, address(usd)));
        market.createRfq(_params());
    }

    function test_createRfq_revertsOnZeroSpecHash() public {
        IOrderMarket.RfqParams memory p = _params();
        p.specHash = bytes32(0);
        _expectInvalid(p, "specHash", "must not be zero");
    }

    function test_createRfq_revertsOnZeroQuantity() public {
        IOrderMarket.RfqParams memory p = _params();
        p.quantity = 0;
        _expectInvalid(p, "quantity", "must be greater than zero");
    }

    function test_createRfq_revertsOnZeroBudget() public {
        IOrderMarket.RfqParams memory p = _params();
        p.budget = 0;
        _expectInvalid(p, "budget", "must be greater than zero");
    }

    function test_createRfq_revertsOnBondBelowMinimum() public {
        IOrderMarket.RfqParams memory p = _params();
        p.bond = MIN_BOND - 1;
        _expectInvalid(p, "bond", "is below the minimum bond");
        p.bond = MIN_BOND;
        _createRfq(p);
    }

    function test_createRfq_revertsWhenBiddingEndsNotInFuture() public {
        IOrderMarket.RfqParams memory p = _params();
        p.biddingEnds = uint40(block.timestamp);
        _expectInvalid(p, "biddingEnds", "must be in the future");
    }

    function test_createRfq_revertsWhenRevealEndsNotAfterBiddingEnds() public {
        IOrderMarket.RfqParams memory p = _sealedParams();
        p.revealEnds = p.biddingEnds;
        _expectInvalid(p, "revealEnds", "must be after biddingEnds");
    }

    function test_createRfq_revertsWhenDeadlineNotAfterBiddingCloses() public {
        IOrderMarket.RfqParams memory p = _params();
        p.deadline = p.biddingEnds;
        _expectInvalid(p, "deadline", "must be after bidding closes");
        p = _sealedParams();
        p.deadline = p.revealEnds;
        _expectInvalid(p, "deadline", "must be after bidding closes");
    }

    function test_createRfq_revertsWhenDeadlineIsPast2106() public {
        IOrderMarket.RfqParams memory p = _params();
        p.deadline = uint40(type(uint32).max) + 1;
        _expectInvalid(p, "deadline", "must be before the year 2106");
        p.deadline = type(uint32).max; // the last second that fits is fine
        uint256 id = _createRfq(p);
        assertEq(market.getOrder(id).deadline, type(uint32).max);
    }

    function test_createRfq_revertsOnEmptyMilestonePlan() public {
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps = new uint16[](0);
        _expectInvalid(p, "milestoneBps", "must have 1 to 4 entries");
    }

    function test_createRfq_revertsOnTooManyMilestones() public {
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps = new uint16[](5);
        for (uint256 i; i < 5; ++i) p.milestoneBps[i] = 2_000;
        _expectInvalid(p, "milestoneBps", "must have 1 to 4 entries");
    }

    function test_createRfq_revertsOnZeroMilestone() public {
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps[0] = 0;
        p.milestoneBps[1] = 8_000;
        _expectInvalid(p, "milestoneBps", "entries must be greater than zero");
    }

    function test_createRfq_revertsWhenMilestonesDoNotSumTo10000() public {
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps[2] = 2_001;
        _expectInvalid(p, "milestoneBps", "entries must sum to 10000");
    }

    function test_createRfq_revertsOnTooManyInvitees() public {
        IOrderMarket.RfqParams memory p = _params();
        p.invitees = new address[](101);
        for (uint256 i; i < 101; ++i) p.invitees[i] = address(uint160(i + 1));
        _expectInvalid(p, "invitees", "must have at most 100 entries");
        address[] memory hundred = new address[](100);
        for (uint256 i; i < 100; ++i) hundred[i] = address(uint160(i + 1));
        p.invitees = hundred;
        _createRfq(p);
    }

    function test_createRfq_revertsOnZeroInvitee() public {
        IOrderMarket.RfqParams memory p = _params();
        p.invitees = new address[](2);
        p.invitees[0] = maker;
        _expectInvalid(p, "invitees", "must not contain the zero address");
    }

    /// @dev Any plan of 1..4 non-zero shares summing to 10000 is accepted and read back unchanged;
    /// anything else is rejected with MarketInvalidRfq("milestoneBps", …).
    function testFuzz_createRfq_milestonePlan(uint8 count, uint16[4] memory raw) public {
        count = uint8(bound(count, 0, 5));
        uint16[] memory plan = new uint16[](count);
        uint256 total;
        bool zero;
        for (uint256 i; i < count; ++i) {
            plan[i] = i < 4 ? uint16(bound(raw[i], 0, 10_000)) : 1;
            total += plan[i];
            if (plan[i] == 0) zero = true;
        }
        // Make about half the plans valid: let the last share take up the rest.
        if (count >= 1 && count <= 4 && raw[0] % 2 == 0 && total - plan[count - 1] < 10_000) {
            total -= plan[count - 1];
            plan[count - 1] = uint16(10_000 - total);
            total = 10_000;
            zero = false;
            for (uint256 i; i < count; ++i) if (plan[i] == 0) zero = true;
        }
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps = plan;
        bool valid = count >= 1 && count <= 4 && !zero && total == 10_000;
        if (!valid) {
            vm.expectRevert();
            vm.prank(customer);
            market.createRfq(p);
            return;
        }
        uint256 id = _createRfq(p);
        uint16[] memory back = MilestonePlan.unpack(market.getOrder(id).milestonePlan);
        assertEq(back.length, count);
        for (uint256 i; i < count; ++i) assertEq(back[i], plan[i]);
    }

    // --- cancelRfq ---------------------------------------------------------------------------

    function test_cancelRfq_cancelsAndEmits() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.expectEmit(address(market));
        emit IOrderMarket.RfqCancelled(id);
        vm.prank(customer);
        market.cancelRfq(id);
        _assertStatus(id, IOrderMarket.Status.Cancelled);
        // Nothing was escrowed or locked.
        assertEq(usd.balanceOf(address(market)), 0);
        assertEq(registry.freeStake(maker), MAKER_STAKE);
        // Bidding and awarding are closed for good.
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Cancelled));
        _bid(id, maker2, PRICE, LEAD_TIME);
        _closeBidding(id);
        _assertAwardReverts(id, customer, _statusErr(id, IOrderMarket.Status.Cancelled));
    }

    function test_cancelRfq_revertsWhenNotCustomer() public {
        uint256 id = _openRfq();
        _expectRevertAs(maker, _err(IOrderMarket.MarketNotCustomer.selector, id, maker));
        market.cancelRfq(id);
    }

    function test_cancelRfq_revertsAfterAward() public {
        uint256 id = _awardedOrder();
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Awarded));
        market.cancelRfq(id);
    }

    function test_cancelRfq_revertsOnUnknownOrder() public {
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 42));
        market.cancelRfq(42);
    }

    // --- views -------------------------------------------------------------------------------

    function test_views_revertOnUnknownOrder() public {
        bytes memory err = abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 0);
        vm.expectRevert(err);
        market.getOrder(0);
        vm.expectRevert(err);
        market.cancellationCompensation(0);
    }

    function test_views_reportConfiguration() public view {
        assertEq(market.registry(), address(registry));
        assertEq(market.treasury(), treasury);
        assertEq(abi.encode(market.parameters()), abi.encode(_defaultParameters()));
        assertTrue(market.isPaymentToken(address(usd)));
        assertFalse(market.isPaymentToken(address(stakeToken)));
        assertTrue(market.isArbiter(arbiter));
        assertFalse(market.isArbiter(stranger));
        assertEq(market.orderCount(), 0);
    }

    function test_unknownOrder_revertsEverywhere() public {
        uint256 id = 7;
        bytes memory err = abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, id);
        vm.startPrank(maker);
        vm.expectRevert(err);
        market.bid(id, 1, 1);
        vm.expectRevert(err);
        market.commitBid(id, bytes32(uint256(1)));
        vm.expectRevert(err);
        market.revealBid(id, 1, 1, bytes32(0));
        vm.expectRevert(err);
        market.withdrawBid(id);
        vm.expectRevert(err);
        market.acceptCounterOffer(id, 1, 1);
        vm.expectRevert(err);
        market.submitMilestone(id, bytes32(0));
        vm.expectRevert(err);
        market.ship(id, bytes32(0));
        vm.stopPrank();
        vm.startPrank(customer);
        vm.expectRevert(err);
        market.counterOffer(id, maker, 1, 1);
        vm.expectRevert(err);
        market.award(id, maker, PRICE, LEAD_TIME);
        vm.expectRevert(err);
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME, 0, 0, bytes32(0), bytes32(0));
        vm.expectRevert(err);
        market.approveMilestone(id);
        vm.expectRevert(err);
        market.accept(id);
        vm.expectRevert(err);
        market.finalize(id);
        vm.expectRevert(err);
        market.dispute(id, bytes32(0));
        vm.expectRevert(err);
        market.submitEvidence(id, bytes32(0));
        vm.expectRevert(err);
        market.cancelOrder(id);
        vm.expectRevert(err);
        market.claimDefault(id);
        vm.stopPrank();
        _expectRevertAs(arbiter, err);
        market.rule(id, 0, 0);
    }
}
