// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EthereumDIDRegistry} from "ethr-did/EthereumDIDRegistry.sol";
import {ContributionRewards} from "../../src/rewards/ContributionRewards.sol";
import {IRewardedDidRegistry, IRewardedServices} from "../../src/rewards/interfaces/IRewardSources.sol";
import {GovernanceFixture} from "../governance/GovernanceFixture.sol";
import {RewardedMarketDouble} from "./RewardSourcesDouble.sol";

/// @title The DAO funds an epoch from the treasury, and takes back what nobody claimed
/// @notice The whole deployment handed to its timelock; the rewards are owned by the timelock too.
/// One proposal mints DIP to the treasury (the timelock), values tUSD fees, approves and funds an
/// epoch; a maker completes an order in it and claims; after the claim window the rest returns.
contract ContributionRewardsGovernanceTest is GovernanceFixture {
    ContributionRewards internal rewards;

    function setUp() public override {
        super.setUp();
        rewards = new ContributionRewards(
            address(timelock),
            new RewardedMarketDouble(market),
            dip,
            IRewardedDidRegistry(address(new EthereumDIDRegistry())),
            evidence,
            IRewardedServices(address(0)),
            7 days,
            5_000
        );
    }

    function test_proposal_fundsAnEpochFromTheTreasury() public {
        uint256 epoch = rewards.currentEpoch() + 2; // the proposal's path takes 8 days
        uint256 budget = 1_000e18;
        address[] memory targets = new address[](4);
        bytes[] memory calls = new bytes[](4);
        (targets[0], calls[0]) = (address(dip), abi.encodeCall(dip.mint, (address(timelock), budget)));
        (targets[1], calls[1]) = (address(rewards), abi.encodeCall(rewards.setFeeValue, (address(usd), 1e30)));
        (targets[2], calls[2]) = (address(dip), abi.encodeCall(dip.approve, (address(rewards), budget)));
        (targets[3], calls[3]) = (address(rewards), abi.encodeCall(rewards.fundEpoch, (epoch, budget)));
        _enactBatch(targets, calls, "Fund contribution rewards");
        assertEq(rewards.getEpoch(epoch).budget, budget);
        assertEq(dip.balanceOf(address(rewards)), budget);
        assertEq(dip.balanceOf(address(timelock)), 0, "all of it went to the epoch");

        (uint40 start, uint40 end,) = rewards.epochBounds(epoch);
        vm.warp(start);
        uint256 orderId = _awardedOrder();
        _ship(orderId);
        _accept(orderId);
        rewards.recordOrder(orderId);
        uint256 points = rewards.getAccount(epoch, maker).points;
        assertEq(points, _fee(PRICE) * 1e12 * 6_000 / 10_000);

        vm.warp(end);
        vm.prank(maker);
        uint256 claimed = rewards.claim(epoch);
        assertEq(claimed, points / 2, "the cap: 50 % of the points, below the budget");
        vm.warp(uint256(end) + rewards.CLAIM_WINDOW());
        rewards.returnUnclaimed(epoch);
        assertEq(dip.balanceOf(address(timelock)), budget - claimed, "the rest is back in the treasury");
        assertEq(dip.balanceOf(address(rewards)), 0);
    }

    function test_proposal_changesTheScheduleFromTheNextBoundary() public {
        uint256 before = rewards.currentEpoch();
        _enact(address(rewards), abi.encodeCall(rewards.setEpochSchedule, (30 days, 1_000)), "Monthly epochs");
        uint256 current = rewards.currentEpoch();
        (, uint40 end, uint16 cap) = rewards.epochBounds(current);
        assertEq(cap, 5_000, "the current epoch keeps its cap");
        (uint40 nextStart, uint40 nextEnd, uint16 nextCap) = rewards.epochBounds(current + 1);
        assertEq(nextStart, end);
        assertEq(nextEnd, end + 30 days);
        assertEq(nextCap, 1_000);
        assertGe(current, before);
    }
}
