// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../../src/interfaces/IParticipantRegistry.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice What proposals do to the market and what they cannot: parameters change for new orders
/// only, no proposal takes stake a market locked, membership (arbiters, certifiers) and the treasury
/// are proposals, and governance rules the disputes arbiters leave alone.
contract GovernanceMarketTest is GovernanceFixture {
    function _withFeeAndWindows(uint16 feeBps, uint32 window) internal view returns (bytes memory) {
        IOrderMarket.MarketParameters memory p = market.parameters();
        (p.feeBps, p.acceptanceWindow, p.lateGrace, p.rulingWindow) = (feeBps, window, window, window);
        return abi.encodeCall(market.setParameters, (p));
    }

    function test_proposal_cannotChangeALiveOrdersTerms() public {
        uint256 live = _awardedOrder();
        IOrderMarket.Order memory terms = market.getOrder(live);
        _enact(address(market), _withFeeAndWindows(1_000, 30 days), "highest fee, longest windows");
        assertEq(market.parameters().feeBps, 1_000);

        IOrderMarket.Order memory kept = market.getOrder(live);
        assertEq(kept.feeBps, terms.feeBps, "fee of the award");
        assertEq(kept.lateGrace, terms.lateGrace, "late grace of the award");
        assertEq(kept.acceptanceWindow, terms.acceptanceWindow, "acceptance window of the award");
        _ship(live);
        vm.prank(customer);
        market.dispute(live, bytes32(0));
        kept = market.getOrder(live);
        assertEq(kept.rulingEnds, kept.acceptanceEnds + RULING_WINDOW, "ruling window of the award");
        vm.prank(arbiter);
        market.rule(live, 0, 0);
        assertEq(market.owed(address(usd), address(timelock)), _fee(PRICE), "the fee of the award, not 10 %");
    }

    function test_proposal_cannotTakeStakeAnotherMarketLocked() public {
        _awardedOrder();
        address rogue = makeAddr("rogueMarket");
        _enact(address(registry), abi.encodeCall(registry.setMarket, (rogue, true)), "a market of our own");
        assertEq(registry.participant(maker).locked, BOND);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryBondNotHeld.selector, rogue, maker, 0, BOND));
        vm.prank(rogue);
        registry.slashBond(maker, 1, BOND, BOND, rogue);
        assertEq(registry.participant(maker).stake, MAKER_STAKE, "the stake is intact");
    }

    function test_treasury_feesAccrueToTheTimelockAndAreSpentByProposal() public {
        uint256 orderId = _shippedOrder();
        vm.prank(customer);
        market.accept(orderId);
        uint256 fee = _fee(PRICE);
        assertEq(market.owed(address(usd), address(timelock)), fee);

        address grantee = makeAddr("grantee");
        address[] memory targets = new address[](2);
        bytes[] memory calls = new bytes[](2);
        (targets[0], calls[0]) = (address(market), abi.encodeCall(market.withdraw, (address(usd))));
        (targets[1], calls[1]) = (address(usd), abi.encodeCall(usd.transfer, (grantee, fee)));
        _enactBatch(targets, calls, "a grant from the fees");
        assertEq(usd.balanceOf(grantee), fee);
        assertEq(market.owed(address(usd), address(timelock)), 0);
        assertEq(usd.balanceOf(address(timelock)), 0);
    }

    function test_membership_certifiersAndArbitersByProposal() public {
        address body = makeAddr("certificationBody");
        address newArbiter = makeAddr("newArbiter");
        address[] memory targets = new address[](3);
        bytes[] memory calls = new bytes[](3);
        (targets[0], calls[0]) = (address(certifiers), abi.encodeCall(certifiers.admitCertifier, (body, 1)));
        (targets[1], calls[1]) = (address(market), abi.encodeCall(market.setArbiter, (newArbiter, true)));
        (targets[2], calls[2]) = (address(market), abi.encodeCall(market.setArbiter, (arbiter, false)));
        _enactBatch(targets, calls, "admit a certification body and an arbiter, remove an arbiter");
        assertTrue(certifiers.isCertifier(body, 1));
        assertTrue(market.isArbiter(newArbiter));
        assertFalse(market.isArbiter(arbiter));

        _enact(address(certifiers), abi.encodeCall(certifiers.removeCertifier, (body)), "remove the body");
        assertFalse(certifiers.isCertifier(body, 1));
    }

    /// @dev The escalation: nobody among the order's arbiters rules, so a proposal does, as the
    /// timelock, admitted as an arbiter at deployment, before the ruling window ends.
    function test_dispute_noArbiterRules_governanceRulesByProposal() public {
        uint256 orderId = _disputedOrder();
        _enact(address(market), abi.encodeCall(market.rule, (orderId, 10_000, 10_000)), "refund the customer");
        _assertStatus(orderId, IOrderMarket.Status.Resolved);
        assertEq(registry.slashedOf(customer), BOND, "the maker's bond went to the customer");
    }
}
