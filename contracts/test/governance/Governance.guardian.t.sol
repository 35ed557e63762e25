// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../../src/interfaces/IParticipantRegistry.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice The guardian: an address governance appoints by proposal that can pause new RFQs and bids
/// once, for at most `MAX_PAUSE`, and do nothing else. Live orders, stake and claims go on; the pause
/// ends by time or by a proposal; pausing spends the appointment.
contract GovernanceGuardianTest is GovernanceFixture {
    address internal guardian = makeAddr("guardian");

    function _appoint(address who) internal {
        _enact(address(registry), abi.encodeCall(registry.setGuardian, (who)), "appoint a guardian");
    }

    function _pause(uint32 duration) internal returns (uint64 until) {
        vm.prank(guardian);
        registry.pauseNewBusiness(duration);
        until = registry.pausedUntil();
    }

    function _paused(uint64 until) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IParticipantRegistry.RegistryNewBusinessPaused.selector, until);
    }

    function test_setGuardian_byProposal_readsAndEmits() public {
        _appoint(guardian);
        assertEq(registry.guardian(), guardian);
        assertEq(registry.pausedUntil(), 0, "appointing pauses nothing");
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.GuardianSet(address(0));
        vm.prank(address(timelock));
        registry.setGuardian(address(0));
        assertEq(registry.guardian(), address(0));
    }

    function test_pauseNewBusiness_refusesNewRfqsBidsAndCommitments() public {
        _appoint(guardian);
        uint256 open = _openRfq();
        uint256 sealedRfq = _sealedRfq();

        vm.expectEmit(address(registry));
        emit IParticipantRegistry.NewBusinessPaused(guardian, uint64(block.timestamp) + 1 days);
        uint64 until = _pause(1 days);
        assertEq(until, block.timestamp + 1 days);

        IOrderMarket.RfqParams memory p = _params();
        vm.expectRevert(_paused(until));
        vm.prank(customer);
        market.createRfq(p);
        vm.expectRevert(_paused(until));
        vm.prank(maker);
        market.bid(open, PRICE, LEAD_TIME);
        bytes32 commitment = market.bidCommitment(sealedRfq, maker, PRICE, LEAD_TIME, _salt(maker));
        vm.expectRevert(_paused(until));
        vm.prank(maker);
        market.commitBid(sealedRfq, commitment);
        // Checks of other roles are no new business: a manufacturer may still register a machine.
        registry.checkRole(maker, MANUFACTURER);
    }

    /// @dev Every step of a live order, stake withdrawal and a slash claim, all while paused.
    function test_pauseNewBusiness_liveOrdersGoOn() public {
        _appoint(guardian);
        usd.faucet(customer, 10_000e6);
        uint256 toAward = _openRfq();
        _bid(toAward, maker, PRICE, LEAD_TIME);
        uint256 disputed = _disputedOrder();
        uint256 toCancel = _awardedOrder();
        uint256 toCancelRfq = _openRfq();
        uint64 until = _pause(MAX_PAUSE());
        assertLt(block.timestamp, until);

        _award(toAward, maker);
        _releaseMilestone(toAward);
        _ship(toAward);
        _accept(toAward);
        _assertStatus(toAward, IOrderMarket.Status.Completed);

        vm.prank(arbiter);
        market.rule(disputed, 10_000, 10_000);
        _assertStatus(disputed, IOrderMarket.Status.Resolved);
        vm.prank(customer);
        registry.claimSlashed();

        vm.prank(customer);
        market.cancelOrder(toCancel);
        _assertStatus(toCancel, IOrderMarket.Status.Cancelled);
        vm.prank(customer);
        market.cancelRfq(toCancelRfq);
        _assertStatus(toCancelRfq, IOrderMarket.Status.Cancelled);

        _withdrawAll(maker, address(usd));
        _withdrawAll(customer, address(usd));
        uint256 free = registry.freeStake(maker);
        vm.prank(maker);
        registry.withdrawStake(free);
        assertEq(registry.freeStake(maker), 0);
        assertLt(block.timestamp, registry.pausedUntil(), "all of it inside the pause");
    }

    function test_pauseNewBusiness_isOneShot() public {
        _appoint(guardian);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.GuardianSet(address(0));
        _pause(1 hours);
        assertEq(registry.guardian(), address(0), "the guardian stepped down");
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryNotGuardian.selector, guardian));
        vm.prank(guardian);
        registry.pauseNewBusiness(1 hours);
    }

    function test_pauseNewBusiness_revertsOutsideBounds() public {
        _appoint(guardian);
        bytes memory outOfBounds = abi.encodeWithSelector(
            IParticipantRegistry.RegistryInvalidParameter.selector,
            "duration",
            "must be 1 second to MAX_PAUSE (3 days)"
        );
        uint32 max = MAX_PAUSE();
        vm.expectRevert(outOfBounds);
        _pause(0);
        vm.expectRevert(outOfBounds);
        _pause(max + 1);
        assertEq(registry.guardian(), guardian, "a refused pause spends nothing");
        assertEq(_pause(max), block.timestamp + 3 days);
    }

    function test_pauseNewBusiness_nobodyWithoutAnAppointment() public {
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryNotGuardian.selector, address(timelock)));
        vm.prank(address(timelock));
        registry.pauseNewBusiness(1 hours);
    }

    function test_pause_expiresByTime() public {
        _appoint(guardian);
        uint64 until = _pause(2 days);
        vm.warp(until - 1);
        vm.expectRevert(_paused(until));
        vm.prank(customer);
        market.createRfq(_params());
        vm.warp(until);
        uint256 orderId = _openRfq();
        _bid(orderId, maker, PRICE, LEAD_TIME);
    }

    /// @dev A guardian appointed during a pause cannot shorten it: the later end stands.
    function test_pauseNewBusiness_neverShortensARunningPause() public {
        _appoint(guardian);
        uint64 until = _pause(3 days);
        vm.prank(address(timelock));
        registry.setGuardian(guardian);
        assertEq(_pause(1 hours), until, "the longer pause stands");
    }

    /// @dev A proposal takes longer than a pause lasts, so governance resumes with one already queued.
    function test_resumeNewBusiness_byProposal_thenReappoint() public {
        _appoint(guardian);
        bytes memory resume = abi.encodeCall(registry.resumeNewBusiness, ());
        uint256 proposalId = _propose(alice, address(registry), resume, "resume");
        _startVoting(proposalId);
        _vote(proposalId, alice, FOR);
        _endVoting(proposalId);
        _queue(address(registry), resume, "resume");
        vm.warp(block.timestamp + TIMELOCK_DELAY);

        _pause(MAX_PAUSE());
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.NewBusinessResumed();
        _execute(address(registry), resume, "resume");
        assertEq(registry.pausedUntil(), 0);
        _openRfq();

        _enact(address(registry), abi.encodeCall(registry.setGuardian, (guardian)), "appoint again");
        uint64 until = _pause(1 days);
        vm.expectRevert(_paused(until));
        vm.prank(customer);
        market.createRfq(_params());
    }

    function testFuzz_pauseNewBusiness_boundedAndExpires(uint32 duration, uint32 wait) public {
        duration = uint32(bound(duration, 1, MAX_PAUSE()));
        vm.prank(address(timelock));
        registry.setGuardian(guardian);
        uint64 until = _pause(duration);
        assertEq(until, block.timestamp + duration);
        assertLe(until - block.timestamp, 3 days, "never beyond MAX_PAUSE");
        vm.warp(block.timestamp + bound(wait, 0, 2 * uint256(MAX_PAUSE())));
        IOrderMarket.RfqParams memory p = _params();
        if (block.timestamp < until) vm.expectRevert(_paused(until));
        vm.prank(customer);
        market.createRfq(p);
    }

    function MAX_PAUSE() internal view returns (uint32) {
        return registry.MAX_PAUSE();
    }
}
