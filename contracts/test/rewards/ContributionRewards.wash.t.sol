// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IContributionRewards} from "../../src/rewards/interfaces/IContributionRewards.sol";
import {RewardsFixture} from "./RewardsFixture.sol";

/// @title A wash trade costs more in fees than it earns in rewards, for every bounded parameter
/// @notice `customer`, `maker` and `inspector` are one party's unlinked sybils: the customer orders
/// from the maker on the real market, the maker traces the delivery, the inspector is paid an
/// inspection, and everything is recorded; the party then funds nothing but claims all it can.
/// Fuzzed: the market fee (0 to its bound), price, epoch length and cap, the token's fee value,
/// the budget (up to a billion DIP, so the cap decides), lateness and the service's fee.
contract ContributionRewardsWashTest is RewardsFixture {
    bytes32 internal constant ITEM = keccak256("urn:dipnet:lot:wash");

    struct Case {
        uint16 feeBps;
        uint96 price;
        uint32 epochLength;
        uint16 capBps;
        uint256 feeValue;
        uint256 budget;
        bool late;
        uint96 serviceFee;
    }

    function testFuzz_washTrade_earnsLessThanItsFee(Case memory c) public {
        c.feeBps = uint16(bound(c.feeBps, 0, 1_000));
        c.price = uint96(bound(c.price, 1, BUDGET));
        c.epochLength = uint32(bound(c.epochLength, 1 days, 90 days));
        c.capBps = uint16(bound(c.capBps, 1, 5_000));
        c.feeValue = bound(c.feeValue, 0, rewards.MAX_FEE_VALUE());
        c.budget = bound(c.budget, 1, FUNDER_DIP);
        c.serviceFee = uint96(bound(c.serviceFee, 0, c.price));
        (uint256 fee, uint256 reward) = _washTrade(c);
        assertEq(fee, uint256(c.price) * c.feeBps / 10_000, "the fee the treasury was credited");
        if (fee == 0 || c.feeValue == 0) assertEq(reward, 0, "no fee, no reward");
        // reward (DIP base units) < fee (token units) * feeValue / 1e18, without rounding
        else assertLt(reward * 1e18, fee * c.feeValue, "reward below the fee's value");
    }

    function test_washTrade_atTheMostGenerousBounds() public {
        Case memory c = Case(1_000, BUDGET, 1 days, 5_000, rewards.MAX_FEE_VALUE(), FUNDER_DIP, false, BUDGET);
        (uint256 fee, uint256 reward) = _washTrade(c);
        assertGt(reward, 0);
        // Half the fee's value at most: the cap.
        assertLe(reward * 1e18, fee * c.feeValue / 2);
    }

    function test_washTrade_betweenLinkedAccountsEarnsNothing() public {
        vm.prank(maker);
        did.changeOwner(maker, customer);
        vm.prank(inspector);
        did.changeOwner(inspector, customer);
        Case memory c = Case(1_000, BUDGET, 1 days, 5_000, PAR, FUNDER_DIP, false, BUDGET);
        (, uint256 reward) = _washTrade(c);
        assertEq(reward, 0);
    }

    /// @dev Runs the whole trade under the fuzzed schedule and funds the epoch it is recorded in; returns the fee the
    /// treasury got and the DIP the sybils claimed.
    function _washTrade(Case memory c) internal returns (uint256 fee, uint256 reward) {
        vm.startPrank(governance);
        rewards.setEpochSchedule(c.epochLength, c.capBps);
        rewards.setFeeValue(address(usd), c.feeValue);
        vm.stopPrank();
        _setFee(c.feeBps);
        (uint40 start,,) = rewards.epochBounds(1);
        vm.warp(start);

        uint256 treasuryBefore = market.owed(address(usd), treasury);
        uint256 orderId = _awardedOrder(_params(), c.price);
        _ship(orderId);
        vm.prank(maker);
        evidence.recordTrace(orderId, ITEM, keccak256("shipped"), address(0));
        _accept(orderId);
        fee = market.owed(address(usd), treasury) - treasuryBefore;
        reads.setLate(orderId, c.late);
        _service(1, orderId, inspector, c.serviceFee);

        uint256 epoch = rewards.currentEpoch();
        _fund(epoch, c.budget);
        _record(abi.encodeCall(rewards.recordOrder, (orderId)));
        _record(abi.encodeCall(rewards.recordEvidence, (orderId, ITEM, keccak256("shipped"))));
        _record(abi.encodeCall(rewards.recordService, (1)));
        _endEpoch(epoch);
        reward = _claimAll(epoch, maker) + _claimAll(epoch, inspector) + _claimAll(epoch, customer);
    }

    /// @dev Records, accepting only the refusal of a contribution worth no points.
    function _record(bytes memory call) internal {
        (bool ok, bytes memory reason) = address(rewards).call(call);
        if (!ok) assertEq(bytes4(reason), IContributionRewards.RewardsNoPoints.selector, "only 'no points'");
    }

    function _claimAll(uint256 epoch, address who) internal returns (uint256) {
        if (rewards.claimable(epoch, who) == 0) return 0;
        vm.prank(who);
        return rewards.claim(epoch);
    }
}
