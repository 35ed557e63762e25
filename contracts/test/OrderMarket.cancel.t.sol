// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice cancelOrder and claimDefault (cancelRfq is in the RFQ suite).
contract OrderMarketCancelTest is MarketFixture {
    // --- cancelOrder -------------------------------------------------------------------------

    function test_cancelOrder_makerKeepsReleasedRestRefunded() public {
        uint256 id = _awardedOrder();
        _releaseMilestone(id);
        uint256 released = PRICE * 3_000 / 10_000;
        uint256 fee = _fee(PRICE) * released / PRICE;
        uint256 refund = PRICE - released + _fee(PRICE) - fee;
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderCancelled(id, 0); // released 30 % > the 10 % floor earned at award
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderSettled(id, 0, refund, fee, 0);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondReleased(address(market), id, maker, BOND);
        vm.prank(customer);
        market.cancelOrder(id);
        _assertStatus(id, IOrderMarket.Status.Cancelled);
        assertEq(market.owed(address(usd), maker), released);
        assertEq(market.owed(address(usd), customer), refund);
        assertEq(market.owed(address(usd), treasury), fee);
        assertEq(registry.participant(maker).locked, 0);
        assertEq(registry.participant(maker).stake, MAKER_STAKE);
    }

    function test_cancelOrder_atAwardPaysTheFloor() public {
        uint256 id = _awardedOrder();
        vm.prank(maker);
        market.submitMilestone(id, bytes32(0)); // submitted but not approved: not the maker's yet
        uint256 floor = uint256(PRICE) * CANCELLATION_FLOOR_BPS / 10_000;
        assertEq(market.cancellationCompensation(id), floor);
        vm.prank(customer);
        market.cancelOrder(id);
        uint256 fee = _fee(PRICE) * floor / PRICE;
        assertEq(market.owed(address(usd), maker), floor);
        assertEq(market.owed(address(usd), customer), PRICE - floor + _fee(PRICE) - fee);
        assertEq(market.owed(address(usd), treasury), fee);
    }

    function test_cancelOrder_withZeroFloorAtAwardRefundsEverything() public {
        _setCancellationFloor(0);
        uint256 id = _awardedOrder();
        vm.prank(customer);
        market.cancelOrder(id);
        assertEq(market.owed(address(usd), customer), PRICE + _fee(PRICE));
        assertEq(market.owed(address(usd), maker), 0);
    }

    function test_cancelOrder_revertsWhenNotCustomer() public {
        uint256 id = _awardedOrder();
        _expectRevertAs(maker, _err(IOrderMarket.MarketNotCustomer.selector, id, maker));
        market.cancelOrder(id);
    }

    function test_cancelOrder_revertsOnOpenShippedAndSettled() public {
        uint256 open = _openRfq();
        _expectRevertAs(customer, _statusErr(open, IOrderMarket.Status.Open));
        market.cancelOrder(open);
        uint256 shipped = _shippedOrder();
        _expectRevertAs(customer, _statusErr(shipped, IOrderMarket.Status.Shipped));
        market.cancelOrder(shipped);
        uint256 id = _awardedOrder();
        vm.prank(customer);
        market.cancelOrder(id);
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Cancelled));
        market.cancelOrder(id);
        _expectRevertAs(maker, _statusErr(id, IOrderMarket.Status.Cancelled));
        market.ship(id, bytes32(0));
    }

    /// @dev For any price, released milestones and elapsed time, the maker ends with exactly
    /// max(released, price * share) where share grows linearly from the floor to all at the due date.
    function testFuzz_cancelOrder_compensatesWorkDone(uint96 price, uint8 released, uint32 elapsed) public {
        price = uint96(bound(price, 1, BUDGET));
        uint256 id = _awardedOrder(_params(), price);
        released = uint8(bound(released, 0, 2));
        for (uint256 i; i < released; ++i) _releaseMilestone(id);
        elapsed = uint32(bound(elapsed, 0, LEAD_TIME + LATE_GRACE));
        vm.warp(block.timestamp + elapsed);
        uint256 releasedAmount = market.owed(address(usd), maker);
        uint256 shareBps = elapsed >= LEAD_TIME
            ? 10_000
            : CANCELLATION_FLOOR_BPS + (10_000 - uint256(CANCELLATION_FLOOR_BPS)) * elapsed / LEAD_TIME;
        uint256 earned = uint256(price) * shareBps / 10_000;
        uint256 makerTotal = earned > releasedAmount ? earned : releasedAmount;
        vm.prank(customer);
        market.cancelOrder(id);
        uint256 fee = _fee(price);
        assertEq(market.owed(address(usd), maker), makerTotal, "maker gets max(released, earned)");
        assertEq(market.owed(address(usd), treasury), fee * makerTotal / price, "fee pro rata");
        assertEq(
            market.owed(address(usd), maker) + market.owed(address(usd), customer) + market.owed(address(usd), treasury),
            uint256(price) + fee
        );
        assertEq(registry.participant(maker).locked, 0);
    }

    // --- claimDefault ------------------------------------------------------------------------

    function test_claimDefault_refundsAndSlashesWholeBond() public {
        uint256 id = _awardedOrder();
        _releaseMilestone(id);
        uint40 defaultableAt = market.getOrder(id).dueAt + LATE_GRACE;
        vm.warp(uint256(defaultableAt) + 1);
        uint256 released = PRICE * 3_000 / 10_000;
        uint256 fee = _fee(PRICE) * released / PRICE;
        uint256 refund = PRICE - released + _fee(PRICE) - fee;
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderDefaulted(id, customer);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderSettled(id, 0, refund, fee, BOND);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondSlashed(address(market), id, maker, BOND, customer, 0);
        vm.prank(customer);
        market.claimDefault(id);
        _assertStatus(id, IOrderMarket.Status.Defaulted);
        assertEq(market.owed(address(usd), customer), refund);
        assertEq(market.owed(address(usd), maker), released);
        assertEq(registry.slashedOf(customer), BOND);
        assertEq(registry.participant(maker).stake, MAKER_STAKE - BOND);
        assertEq(registry.participant(maker).locked, 0);
    }

    function test_claimDefault_revertsBeforeDueDatePlusGrace() public {
        uint256 id = _awardedOrder();
        uint40 defaultableAt = market.getOrder(id).dueAt + LATE_GRACE;
        vm.warp(defaultableAt);
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketNotLate.selector, id, defaultableAt));
        market.claimDefault(id);
    }

    function test_claimDefault_revertsWhenNotCustomer() public {
        uint256 id = _awardedOrder();
        vm.warp(block.timestamp + 365 days);
        _expectRevertAs(stranger, _err(IOrderMarket.MarketNotCustomer.selector, id, stranger));
        market.claimDefault(id);
    }

    function test_claimDefault_revertsOnceShipped() public {
        uint256 id = _awardedOrder();
        vm.warp(block.timestamp + 365 days);
        _ship(id);
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Shipped));
        market.claimDefault(id);
    }

    function test_claimDefault_withZeroBondSlashesNothing() public {
        _setMinBond(0);
        IOrderMarket.RfqParams memory p = _params();
        p.bond = 0;
        uint256 id = _awardedOrder(p, PRICE);
        vm.warp(block.timestamp + 365 days);
        vm.prank(customer);
        market.claimDefault(id);
        assertEq(market.owed(address(usd), customer), PRICE + _fee(PRICE));
        assertEq(registry.participant(maker).stake, MAKER_STAKE);
    }
}
