// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {GovernanceBounds} from "../../src/governance/GovernanceBounds.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice Properties over random inputs: votes never exceed the supply at any timepoint, only the
/// timelock changes any parameter, and no accepted value lies outside its bounds.
contract GovernanceFuzzTest is GovernanceFixture {
    uint256 private constant STEPS = 12;

    function _holders() private view returns (address[] memory holders) {
        holders = new address[](5);
        (holders[0], holders[1], holders[2], holders[3], holders[4]) = (alice, bob, carol, dave, reserve);
    }

    /// @dev Random transfers, delegations and mints, one timepoint each; afterwards, at every one of
    /// them, the votes of all delegates add up to at most the supply then.
    function testFuzz_votes_neverExceedTheSupplyAtAnyTimepoint(uint256 seed) public {
        address[] memory holders = _holders();
        uint256[] memory timepoints = new uint256[](STEPS);
        for (uint256 step; step < STEPS; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address from = holders[r % 5];
            address to = holders[(r >> 8) % 5];
            uint256 kind = (r >> 16) % 3;
            if (kind == 0) {
                uint256 amount = (r >> 24) % (dip.balanceOf(from) + 1);
                vm.prank(from);
                dip.transfer(to, amount);
            } else if (kind == 1) {
                vm.prank(from);
                dip.delegate(to);
            } else {
                vm.prank(address(timelock));
                dip.mint(to, (r >> 24) % 1_000_000e18);
            }
            timepoints[step] = block.timestamp;
            vm.warp(block.timestamp + 1);
        }
        for (uint256 i; i < STEPS; ++i) {
            uint256 votes;
            for (uint256 h; h < holders.length; ++h) {
                votes += dip.getPastVotes(holders[h], timepoints[i]);
            }
            assertLe(votes, dip.getPastTotalSupply(timepoints[i]), "votes <= supply");
        }
    }

    function testFuzz_parameters_changeOnlyByTheTimelock(address caller) public {
        vm.assume(caller != address(timelock));
        bytes[] memory calls = new bytes[](14);
        address[] memory targets = new address[](14);
        (targets[0], calls[0]) = (address(market), abi.encodeCall(market.setParameters, (_defaultParameters())));
        (targets[1], calls[1]) = (address(market), abi.encodeCall(market.setTreasury, (caller)));
        (targets[2], calls[2]) = (address(market), abi.encodeCall(market.setArbiter, (caller, true)));
        (targets[3], calls[3]) = (address(market), abi.encodeCall(market.setPaymentToken, (address(usd), false)));
        (targets[4], calls[4]) =
            (address(market), abi.encodeCall(market.setCertifierRegistry, (address(certifiers))));
        (targets[5], calls[5]) = (address(registry), abi.encodeCall(registry.setMarket, (caller, true)));
        (targets[6], calls[6]) = (address(registry), abi.encodeCall(registry.setMinStake, (1)));
        (targets[7], calls[7]) = (address(ledger), abi.encodeCall(ledger.setPlanner, (caller, true)));
        (targets[8], calls[8]) = (address(certifiers), abi.encodeCall(certifiers.admitCertifier, (caller, 1)));
        (targets[9], calls[9]) = (address(dip), abi.encodeCall(dip.mint, (caller, 1)));
        (targets[10], calls[10]) = (address(governor), abi.encodeCall(governor.setVotingPeriod, (2 days)));
        (targets[11], calls[11]) = (address(timelock), abi.encodeCall(timelock.updateDelay, (3 days)));
        (targets[12], calls[12]) = (address(market), abi.encodeCall(market.transferOwnership, (caller)));
        (targets[13], calls[13]) = (address(market), abi.encodeCall(market.setDesignRegistry, (address(certifiers))));
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(caller);
            (bool ok,) = targets[i].call(calls[i]);
            assertFalse(ok, string.concat("call ", vm.toString(i), " succeeded for someone else"));
        }
    }

    /// @dev Whatever the timelock sets is within bounds, or the call reverts and changes nothing.
    function testFuzz_parameters_alwaysWithinBounds(IOrderMarket.MarketParameters memory p, uint256 delay) public {
        IOrderMarket.MarketParameters memory before = market.parameters();
        vm.prank(address(timelock));
        (bool ok,) = address(market).call(abi.encodeCall(market.setParameters, (p)));
        IOrderMarket.MarketParameters memory now_ = market.parameters();
        if (!ok) {
            assertEq(keccak256(abi.encode(now_)), keccak256(abi.encode(before)), "a refused change changes nothing");
        }
        assertLe(now_.feeBps, 1_000);
        assertGe(now_.acceptanceWindow, 1 hours);
        assertLe(now_.acceptanceWindow, 30 days);
        assertLe(now_.lateGrace, 30 days);
        assertLe(now_.minBond, registry.minStake());
        assertGe(now_.rulingWindow, 1 days);
        assertLe(now_.rulingWindow, 90 days);
        assertLe(now_.cancellationFloorPercent, 50);
        assertLe(now_.commitDepositBps, 1_000);

        vm.prank(address(timelock));
        (ok,) = address(timelock).call(abi.encodeCall(timelock.updateDelay, (delay)));
        assertGe(timelock.getMinDelay(), GovernanceBounds.MIN_TIMELOCK_DELAY);
        assertLe(timelock.getMinDelay(), GovernanceBounds.MAX_TIMELOCK_DELAY);
        assertEq(ok, delay >= GovernanceBounds.MIN_TIMELOCK_DELAY && delay <= GovernanceBounds.MAX_TIMELOCK_DELAY);
    }
}
