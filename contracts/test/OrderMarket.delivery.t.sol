// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice submitMilestone, approveMilestone, ship, accept, finalize, withdraw.
contract OrderMarketDeliveryTest is MarketFixture {
    // --- submitMilestone ---------------------------------------------------------------------

    function test_submitMilestone_recordsAndEmits() public {
        uint256 id = _awardedOrder();
        vm.expectEmit(address(market));
        emit IOrderMarket.MilestoneSubmitted(id, 0, keccak256("first article"));
        vm.prank(maker);
        market.submitMilestone(id, keccak256("first article"));
        assertEq(market.getOrder(id).milestonesReleased, 0, "reporting releases nothing");
    }

    function test_submitMilestone_revertsWhenNotMaker() public {
        uint256 id = _awardedOrder();
        _expectRevertAs(maker2, _err(IOrderMarket.MarketNotMaker.selector, id, maker2));
        market.submitMilestone(id, bytes32(0));
        _expectRevertAs(customer, _err(IOrderMarket.MarketNotMaker.selector, id, customer));
        market.submitMilestone(id, bytes32(0));
    }

    function test_submitMilestone_reportsTheNextUnreleasedAgainUntilApproved() public {
        uint256 id = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id, keccak256("first try"));
        vm.expectEmit(address(market));
        emit IOrderMarket.MilestoneSubmitted(id, 0, keccak256("second try"));
        vm.prank(maker);
        market.submitMilestone(id, keccak256("second try"));
        vm.prank(customer);
        market.approveMilestone(id);
        vm.expectEmit(address(market));
        emit IOrderMarket.MilestoneSubmitted(id, 1, keccak256("shipped batch"));
        vm.prank(maker);
        market.submitMilestone(id, keccak256("shipped batch"));
    }

    function test_submitMilestone_revertsForFinalMilestone() public {
        uint256 id = _awardedOrder(); // 3 milestones: the third is released on acceptance
        _releaseMilestone(id);
        _releaseMilestone(id);
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketNoPendingMilestone.selector, id, uint8(2)));
        market.submitMilestone(id, bytes32(0));
    }

    function test_submitMilestone_revertsForSingleMilestonePlan() public {
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps = new uint16[](1);
        p.milestoneBps[0] = 10_000;
        uint256 id = _awardedOrder(p, PRICE);
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketNoPendingMilestone.selector, id, uint8(0)));
        market.submitMilestone(id, bytes32(0));
    }

    function test_submitMilestone_revertsBeforeAwardAndAfterShip() public {
        uint256 id = _openRfq();
        _expectRevertAs(maker, _err(IOrderMarket.MarketNotMaker.selector, id, maker));
        market.submitMilestone(id, bytes32(0));
        uint256 id2 = _shippedOrder();
        _expectRevertAs(maker, _statusErr(id2, IOrderMarket.Status.Shipped));
        market.submitMilestone(id2, bytes32(0));
    }

    // --- approveMilestone --------------------------------------------------------------------

    function test_approveMilestone_creditsShareAndEmits() public {
        uint256 id = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id, bytes32(0));
        vm.expectEmit(address(market));
        emit IOrderMarket.MilestoneReleased(id, 0, PRICE * 3_000 / 10_000);
        vm.prank(customer);
        market.approveMilestone(id);
        assertEq(market.owed(address(usd), maker), PRICE * 3_000 / 10_000);
        assertEq(market.getOrder(id).milestonesReleased, 1);
        _releaseMilestone(id);
        assertEq(market.owed(address(usd), maker), PRICE * 8_000 / 10_000);
    }

    function test_approveMilestone_withoutReportReleasesTheNext() public {
        uint256 id = _awardedOrder();
        vm.prank(customer);
        market.approveMilestone(id);
        assertEq(market.getOrder(id).milestonesReleased, 1);
        assertEq(market.owed(address(usd), maker), PRICE * 3_000 / 10_000);
    }

    function test_approveMilestone_releasesThreeOfFourAndRevertsForTheFourth() public {
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps = new uint16[](4);
        (p.milestoneBps[0], p.milestoneBps[1], p.milestoneBps[2], p.milestoneBps[3]) = (1_000, 2_000, 3_000, 4_000);
        uint256 id = _awardedOrder(p, PRICE);
        for (uint256 i; i < 3; ++i) {
            vm.prank(customer);
            market.approveMilestone(id);
        }
        assertEq(market.owed(address(usd), maker), PRICE * 6_000 / 10_000);
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketNoPendingMilestone.selector, id, uint8(3)));
        market.approveMilestone(id);
    }

    function test_approveMilestone_revertsForFinalMilestone() public {
        uint256 id = _awardedOrder(); // 3 milestones: the third is released on acceptance
        _releaseMilestone(id);
        _releaseMilestone(id);
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketNoPendingMilestone.selector, id, uint8(2)));
        market.approveMilestone(id);
    }

    function test_approveMilestone_revertsWhenNotCustomer() public {
        uint256 id = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id, bytes32(0));
        _expectRevertAs(maker, _err(IOrderMarket.MarketNotCustomer.selector, id, maker));
        market.approveMilestone(id);
    }

    function test_approveMilestone_worksAfterShipping() public {
        uint256 id = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id, bytes32(0));
        _ship(id);
        vm.prank(customer);
        market.approveMilestone(id);
        assertEq(market.owed(address(usd), maker), PRICE * 3_000 / 10_000);
    }

    function test_approveMilestone_revertsOnOpenAndSettledOrders() public {
        uint256 id = _openRfq();
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Open));
        market.approveMilestone(id);
        uint256 id2 = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id2, bytes32(0));
        _ship(id2);
        _accept(id2);
        _expectRevertAs(customer, _statusErr(id2, IOrderMarket.Status.Completed));
        market.approveMilestone(id2);
    }

    // --- ship --------------------------------------------------------------------------------

    function test_ship_startsAcceptanceWindowAndEmits() public {
        uint256 id = _awardedOrder();
        uint40 ends = uint40(block.timestamp + ACCEPTANCE_WINDOW);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderShipped(id, keccak256("tracking"), ends);
        vm.prank(maker);
        market.ship(id, keccak256("tracking"));
        _assertStatus(id, IOrderMarket.Status.Shipped);
        assertEq(market.getOrder(id).acceptanceEnds, ends);
    }

    function test_ship_revertsWhenNotMaker() public {
        uint256 id = _awardedOrder();
        _expectRevertAs(customer, _err(IOrderMarket.MarketNotMaker.selector, id, customer));
        market.ship(id, bytes32(0));
    }

    function test_ship_revertsTwice() public {
        uint256 id = _shippedOrder();
        _expectRevertAs(maker, _statusErr(id, IOrderMarket.Status.Shipped));
        market.ship(id, bytes32(0));
    }

    function test_ship_stillAllowedLateBeforeDefaultIsClaimed() public {
        uint256 id = _awardedOrder();
        vm.warp(market.getOrder(id).dueAt + LATE_GRACE + 10 days);
        _ship(id);
        _assertStatus(id, IOrderMarket.Status.Shipped);
    }

    // --- accept ------------------------------------------------------------------------------

    function test_accept_settlesAndReleasesBond() public {
        uint256 id = _awardedOrder();
        _releaseMilestone(id);
        _ship(id);
        uint256 rest = PRICE - PRICE * 3_000 / 10_000;
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderAccepted(id, customer);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderSettled(id, rest, 0, _fee(PRICE), 0);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondReleased(address(market), id, maker, BOND);
        _accept(id);
        _assertStatus(id, IOrderMarket.Status.Completed);
        assertEq(market.owed(address(usd), maker), PRICE);
        assertEq(market.owed(address(usd), treasury), _fee(PRICE));
        assertEq(market.owed(address(usd), customer), 0);
        assertEq(registry.participant(maker).locked, 0);
        assertEq(registry.participant(maker).stake, MAKER_STAKE);
    }

    function test_accept_paysPendingMilestoneToo() public {
        uint256 id = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id, bytes32(0));
        _ship(id);
        _accept(id);
        assertEq(market.owed(address(usd), maker), PRICE);
    }

    function test_accept_revertsWhenNotCustomer() public {
        uint256 id = _shippedOrder();
        _expectRevertAs(maker, _err(IOrderMarket.MarketNotCustomer.selector, id, maker));
        market.accept(id);
    }

    function test_accept_revertsBeforeShipping() public {
        uint256 id = _awardedOrder();
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Awarded));
        market.accept(id);
    }

    function test_accept_revertsTwice() public {
        uint256 id = _shippedOrder();
        _accept(id);
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Completed));
        market.accept(id);
    }

    // --- finalize ----------------------------------------------------------------------------

    function test_finalize_revertsWhileWindowOpen() public {
        uint256 id = _shippedOrder();
        uint40 ends = market.getOrder(id).acceptanceEnds;
        vm.warp(ends);
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderMarket.MarketAcceptanceWindowOpen.selector, id, ends));
        market.finalize(id);
    }

    function test_finalize_byAnyoneAfterWindow() public {
        uint256 id = _shippedOrder();
        vm.warp(uint256(market.getOrder(id).acceptanceEnds) + 1);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderAccepted(id, stranger);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderSettled(id, PRICE, 0, _fee(PRICE), 0);
        vm.prank(stranger);
        market.finalize(id);
        _assertStatus(id, IOrderMarket.Status.Completed);
        assertEq(market.owed(address(usd), maker), PRICE);
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Completed));
        market.finalize(id);
    }

    function test_finalize_revertsBeforeShipping() public {
        uint256 id = _awardedOrder();
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Awarded));
        market.finalize(id);
    }

    // --- withdraw ----------------------------------------------------------------------------

    function test_withdraw_paysEveryoneOnceAndEmits() public {
        uint256 id = _shippedOrder();
        _accept(id);
        vm.expectEmit(address(market));
        emit IOrderMarket.Withdrawn(address(usd), maker, PRICE);
        vm.prank(maker);
        market.withdraw(address(usd));
        vm.prank(treasury);
        market.withdraw(address(usd));
        assertEq(usd.balanceOf(maker), DEPOSIT_FUNDS + PRICE);
        assertEq(usd.balanceOf(treasury), _fee(PRICE));
        assertEq(usd.balanceOf(address(market)), 0);
        assertEq(market.owed(address(usd), maker), 0);
        _expectRevertAs(
            maker, abi.encodeWithSelector(IOrderMarket.MarketNothingToWithdraw.selector, address(usd), maker)
        );
        market.withdraw(address(usd));
    }

    function test_withdraw_revertsWhenNothingOwed() public {
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketNothingToWithdraw.selector, address(usd), stranger)
        );
        vm.prank(stranger);
        market.withdraw(address(usd));
    }

    function test_withdraw_keepsTokensApart() public {
        MockERC20 other = new MockERC20("Other", "OTH", 6);
        (uint256 idOther,) = _rfqPaidIn(address(other));
        _bid(idOther, maker, 1_000e6, LEAD_TIME);
        uint256 idUsd = _openRfq();
        _bid(idUsd, maker, 2_000e6, LEAD_TIME);
        _award(idUsd, maker);
        _award(idOther, maker);
        _releaseMilestone(idUsd);
        _releaseMilestone(idOther);
        assertEq(market.owed(address(usd), maker), 600e6);
        assertEq(market.owed(address(other), maker), 300e6);
        vm.prank(maker);
        market.withdraw(address(other));
        assertEq(other.balanceOf(maker), 300e6);
        assertEq(usd.balanceOf(maker), DEPOSIT_FUNDS, "only its deposit money");
        assertEq(market.owed(address(usd), maker), 600e6);
    }

    /// @dev For any plan of 1..4 milestones and any number approved before shipping, acceptance
    /// credits exactly price to the maker and the fee to the treasury; the market ends empty.
    function testFuzz_milestones_planPaysExactlyPrice(uint8 count, uint16[4] memory raw, uint8 approved, uint96 price)
        public
    {
        count = uint8(bound(count, 1, 4));
        price = uint96(bound(price, 1, BUDGET));
        uint16[] memory plan = new uint16[](count);
        uint256 left = 10_000;
        for (uint256 i; i + 1 < count; ++i) {
            plan[i] = uint16(bound(raw[i], 1, left - (count - 1 - i)));
            left -= plan[i];
        }
        plan[count - 1] = uint16(left);
        IOrderMarket.RfqParams memory p = _params();
        p.milestoneBps = plan;
        uint256 id = _awardedOrder(p, price);
        approved = uint8(bound(approved, 0, count - 1));
        uint256 expected;
        for (uint256 i; i < approved; ++i) {
            _releaseMilestone(id);
            expected += uint256(price) * plan[i] / 10_000;
            assertEq(market.owed(address(usd), maker), expected, "released so far");
        }
        _ship(id);
        _accept(id);
        assertEq(market.owed(address(usd), maker), price);
        assertEq(market.owed(address(usd), treasury), _fee(price));
        _withdrawAll(maker, address(usd));
        _withdrawAll(treasury, address(usd));
        _withdrawAll(customer, address(usd));
        assertEq(usd.balanceOf(address(market)), 0, "market empty");
    }
}
