// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice dispute, submitEvidence, rule.
contract OrderMarketDisputeTest is MarketFixture {
    // --- dispute -----------------------------------------------------------------------------

    function test_dispute_byCustomerEmits() public {
        uint256 id = _shippedOrder();
        vm.expectEmit(address(market));
        emit IOrderMarket.DisputeOpened(id, customer, keccak256("cracked"));
        vm.prank(customer);
        market.dispute(id, keccak256("cracked"));
        _assertStatus(id, IOrderMarket.Status.Disputed);
    }

    function test_dispute_byMaker() public {
        uint256 id = _shippedOrder();
        vm.prank(maker);
        market.dispute(id, keccak256("customer silent"));
        _assertStatus(id, IOrderMarket.Status.Disputed);
    }

    function test_dispute_revertsForNonParty() public {
        uint256 id = _shippedOrder();
        _expectRevertAs(maker2, _err(IOrderMarket.MarketNotParty.selector, id, maker2));
        market.dispute(id, bytes32(0));
    }

    function test_dispute_revertsBeforeShipping() public {
        uint256 id = _awardedOrder();
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Awarded));
        market.dispute(id, bytes32(0));
    }

    function test_dispute_revertsAfterAcceptanceWindow() public {
        uint256 id = _shippedOrder();
        uint40 ends = market.getOrder(id).acceptanceEnds;
        vm.warp(ends);
        vm.prank(customer);
        market.dispute(id, bytes32(0)); // the last second still counts
        uint256 id2 = _shippedOrder();
        uint40 ends2 = market.getOrder(id2).acceptanceEnds;
        vm.warp(uint256(ends2) + 1);
        _expectRevertAs(
            customer, abi.encodeWithSelector(IOrderMarket.MarketAcceptanceWindowClosed.selector, id2, ends2)
        );
        market.dispute(id2, bytes32(0));
    }

    function test_dispute_revertsTwice() public {
        uint256 id = _disputedOrder();
        _expectRevertAs(maker, _statusErr(id, IOrderMarket.Status.Disputed));
        market.dispute(id, bytes32(0));
    }

    function test_dispute_blocksAcceptAndFinalize() public {
        uint256 id = _disputedOrder();
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Disputed));
        market.accept(id);
        vm.warp(block.timestamp + 365 days);
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Disputed));
        market.finalize(id);
        assertEq(registry.participant(maker).locked, BOND, "bond stays locked while disputed");
    }

    // --- submitEvidence ----------------------------------------------------------------------

    function test_submitEvidence_byBothPartiesEmits() public {
        uint256 id = _disputedOrder();
        vm.expectEmit(address(market));
        emit IOrderMarket.EvidenceSubmitted(id, maker, keccak256("photos"));
        vm.prank(maker);
        market.submitEvidence(id, keccak256("photos"));
        vm.expectEmit(address(market));
        emit IOrderMarket.EvidenceSubmitted(id, customer, keccak256("lab report"));
        vm.prank(customer);
        market.submitEvidence(id, keccak256("lab report"));
    }

    function test_submitEvidence_revertsForNonParty() public {
        uint256 id = _disputedOrder();
        _expectRevertAs(arbiter, _err(IOrderMarket.MarketNotParty.selector, id, arbiter));
        market.submitEvidence(id, bytes32(0));
    }

    function test_submitEvidence_revertsWithoutDispute() public {
        uint256 id = _shippedOrder();
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Shipped));
        market.submitEvidence(id, bytes32(0));
    }

    // --- rule --------------------------------------------------------------------------------

    function test_rule_splitsUnreleasedPriceAndSlashesBond() public {
        uint256 id = _awardedOrder();
        _releaseMilestone(id); // 30 % released: 1,200
        _ship(id);
        vm.prank(customer);
        market.dispute(id, bytes32(0));
        uint256 released = PRICE * 3_000 / 10_000;
        uint256 unreleased = PRICE - released; // 2,800
        uint256 refund = unreleased * 6_000 / 10_000; // 1,680
        uint256 makerRest = unreleased - refund; // 1,120
        uint256 fee = _fee(PRICE) * (PRICE - refund) / PRICE;
        uint256 slash = uint256(BOND) * 2_500 / 10_000;
        vm.expectEmit(address(market));
        emit IOrderMarket.DisputeResolved(id, arbiter, 6_000, 2_500);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderSettled(id, makerRest, refund + _fee(PRICE) - fee, fee, slash);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondSlashed(address(market), id, maker, slash, customer, BOND - slash);
        vm.prank(arbiter);
        market.rule(id, 6_000, 2_500);
        _assertStatus(id, IOrderMarket.Status.Resolved);
        assertEq(market.owed(address(usd), maker), released + makerRest);
        assertEq(market.owed(address(usd), customer), refund + _fee(PRICE) - fee);
        assertEq(market.owed(address(usd), treasury), fee);
        assertEq(registry.slashedOf(customer), slash);
        assertEq(registry.participant(maker).stake, MAKER_STAKE - slash);
        assertEq(registry.participant(maker).locked, 0);
        vm.prank(customer);
        registry.claimSlashed();
        assertEq(stakeToken.balanceOf(customer), slash);
    }

    function test_rule_fullRefundNoSlashReleasesBond() public {
        uint256 id = _disputedOrder();
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondReleased(address(market), id, maker, BOND);
        vm.prank(arbiter);
        market.rule(id, 10_000, 0);
        assertEq(market.owed(address(usd), customer), PRICE + _fee(PRICE));
        assertEq(market.owed(address(usd), maker), 0);
        assertEq(market.owed(address(usd), treasury), 0);
        assertEq(registry.participant(maker).stake, MAKER_STAKE);
    }

    function test_rule_revertsWhenNotArbiter() public {
        uint256 id = _disputedOrder();
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderMarket.MarketNotArbiter.selector, stranger));
        market.rule(id, 0, 0);
        vm.prank(governance);
        market.setArbiter(arbiter, false);
        _expectRevertAs(arbiter, abi.encodeWithSelector(IOrderMarket.MarketNotArbiter.selector, arbiter));
        market.rule(id, 0, 0);
    }

    function test_rule_revertsWhenArbiterIsParty() public {
        vm.startPrank(governance);
        market.setArbiter(maker, true);
        market.setArbiter(customer, true);
        vm.stopPrank();
        uint256 id = _disputedOrder();
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketArbiterIsParty.selector, id, maker));
        market.rule(id, 0, 0);
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketArbiterIsParty.selector, id, customer));
        market.rule(id, 10_000, 0);
    }

    function test_rule_revertsOnInvalidShares() public {
        uint256 id = _disputedOrder();
        _expectRevertAs(arbiter, abi.encodeWithSelector(IOrderMarket.MarketInvalidRuling.selector, 10_001, 0));
        market.rule(id, 10_001, 0);
        _expectRevertAs(arbiter, abi.encodeWithSelector(IOrderMarket.MarketInvalidRuling.selector, 0, 10_001));
        market.rule(id, 0, 10_001);
    }

    function test_rule_revertsWithoutDisputeAndTwice() public {
        uint256 id = _shippedOrder();
        _expectRevertAs(arbiter, _statusErr(id, IOrderMarket.Status.Shipped));
        market.rule(id, 0, 0);
        vm.prank(customer);
        market.dispute(id, bytes32(0));
        vm.prank(arbiter);
        market.rule(id, 5_000, 5_000);
        _expectRevertAs(arbiter, _statusErr(id, IOrderMarket.Status.Resolved));
        market.rule(id, 5_000, 5_000);
    }

    /// @dev For any ruling and any number of released milestones, the credits add up to exactly
    /// price + fee, the refund is refundBps of the unreleased price, the slash is slashBps of the bond,
    /// and no stake is created or lost.
    function testFuzz_rule_conservesMoney(uint16 refundBps, uint16 slashBps, uint8 released, uint96 price, uint96 bond)
        public
    {
        refundBps = uint16(bound(refundBps, 0, 10_000));
        slashBps = uint16(bound(slashBps, 0, 10_000));
        price = uint96(bound(price, 1, BUDGET));
        bond = uint96(bound(bond, MIN_BOND, MAKER_STAKE));
        IOrderMarket.RfqParams memory p = _params();
        p.bond = bond;
        uint256 id = _awardedOrder(p, price);
        released = uint8(bound(released, 0, 2));
        for (uint256 i; i < released; ++i) _releaseMilestone(id);
        uint256 releasedAmount = market.owed(address(usd), maker);
        _ship(id);
        vm.prank(maker);
        market.dispute(id, bytes32(0));
        vm.prank(arbiter);
        market.rule(id, refundBps, slashBps);

        uint256 fee = _fee(price);
        uint256 toMaker = market.owed(address(usd), maker);
        uint256 toCustomer = market.owed(address(usd), customer);
        uint256 toTreasury = market.owed(address(usd), treasury);
        assertEq(toMaker + toCustomer + toTreasury, uint256(price) + fee, "credits == price + fee");
        assertEq(usd.balanceOf(address(market)), uint256(price) + fee, "all escrow still held");
        uint256 refund = (uint256(price) - releasedAmount) * refundBps / 10_000;
        assertEq(toMaker, uint256(price) - refund, "maker gets price minus refund");
        assertLe(toTreasury, fee);
        uint256 slash = uint256(bond) * slashBps / 10_000;
        assertEq(registry.slashedOf(customer), slash);
        assertEq(registry.participant(maker).stake, MAKER_STAKE - slash);
        assertEq(registry.participant(maker).locked, 0);
        assertEq(
            stakeToken.balanceOf(address(registry)),
            registry.totalStaked() + registry.slashedOf(customer),
            "stake conserved"
        );
        _withdrawAll(maker, address(usd));
        _withdrawAll(customer, address(usd));
        _withdrawAll(treasury, address(usd));
        assertEq(usd.balanceOf(address(market)), 0, "market empty");
    }
}
