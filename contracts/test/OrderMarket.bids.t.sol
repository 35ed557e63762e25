// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice bid, commitBid, revealBid, withdrawBid, counterOffer, acceptCounterOffer, bidCommitment.
contract OrderMarketBidsTest is MarketFixture {
    function _assertBid(uint256 id, address who, uint96 price, uint32 leadTime, IOrderMarket.BidState state)
        internal
        view
    {
        IOrderMarket.Bid memory b = market.getBid(id, who);
        assertEq(b.price, price, "bid price");
        assertEq(b.leadTime, leadTime, "bid lead time");
        assertEq(uint256(b.state), uint256(state), "bid state");
    }

    // --- bid ---------------------------------------------------------------------------------

    function test_bid_placesAndEmits() public {
        uint256 id = _openRfq();
        vm.expectEmit(address(market));
        emit IOrderMarket.BidPlaced(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker, PRICE, LEAD_TIME);
        _assertBid(id, maker, PRICE, LEAD_TIME, IOrderMarket.BidState.Active);
    }

    function test_bid_revisesWhileOpen() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.expectEmit(address(market));
        emit IOrderMarket.BidPlaced(id, maker, PRICE - 100e6, LEAD_TIME + 1 days);
        _bid(id, maker, PRICE - 100e6, LEAD_TIME + 1 days);
        _assertBid(id, maker, PRICE - 100e6, LEAD_TIME + 1 days, IOrderMarket.BidState.Active);
    }

    function test_bid_acceptsUntilBiddingEndsInclusive() public {
        uint256 id = _openRfq();
        vm.warp(market.getOrder(id).biddingEnds);
        _bid(id, maker, PRICE, LEAD_TIME);
    }

    function test_bid_revertsWhenWindowClosed() public {
        uint256 id = _openRfq();
        uint40 ends = market.getOrder(id).biddingEnds;
        vm.warp(uint256(ends) + 1);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketBidWindowClosed.selector, id, ends));
        _bid(id, maker, PRICE, LEAD_TIME);
    }

    function test_bid_revertsOnSealedRfq() public {
        uint256 id = _sealedRfq();
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketSealedBidding.selector, id));
        _bid(id, maker, PRICE, LEAD_TIME);
    }

    function test_bid_revertsWhenNotInvited() public {
        IOrderMarket.RfqParams memory p = _params();
        p.invitees = new address[](1);
        p.invitees[0] = maker;
        uint256 id = _createRfq(p);
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketNotInvited.selector, id, maker2));
        _bid(id, maker2, PRICE, LEAD_TIME);
    }

    function test_bid_revertsWhenCustomerBidsOnOwnRfq() public {
        vm.prank(customer);
        registry.grantRoles(MANUFACTURER);
        _stake(customer, MAKER_STAKE);
        uint256 id = _openRfq();
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "maker", "must not be the customer")
        );
        _bid(id, customer, PRICE, LEAD_TIME);
    }

    function test_bid_revertsWhenNotManufacturer() public {
        uint256 id = _openRfq();
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, stranger, MANUFACTURER)
        );
        _bid(id, stranger, PRICE, LEAD_TIME);
    }

    function test_bid_revertsBelowMinimumStake() public {
        address poor = makeAddr("poor");
        _registerMaker(poor, MIN_STAKE - 1);
        uint256 id = _openRfq();
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.RegistryInsufficientStake.selector, poor, MIN_STAKE - 1, MIN_STAKE
            )
        );
        _bid(id, poor, PRICE, LEAD_TIME);
    }

    function test_bid_revertsWhenFreeStakeBelowBond() public {
        IOrderMarket.RfqParams memory p = _params();
        p.bond = uint96(MAKER_STAKE + 1);
        uint256 id = _createRfq(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.RegistryInsufficientStake.selector, maker, MAKER_STAKE, MAKER_STAKE + 1
            )
        );
        _bid(id, maker, PRICE, LEAD_TIME);
    }

    function test_bid_revertsOnZeroPrice() public {
        uint256 id = _openRfq();
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "price", "must be greater than zero")
        );
        _bid(id, maker, 0, LEAD_TIME);
    }

    function test_bid_revertsOnZeroLeadTime() public {
        uint256 id = _openRfq();
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "leadTime", "must be greater than zero")
        );
        _bid(id, maker, PRICE, 0);
    }

    function test_bid_revertsAboveBudget() public {
        uint256 id = _openRfq();
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketBidAboveBudget.selector, id, BUDGET + 1, BUDGET));
        _bid(id, maker, BUDGET + 1, LEAD_TIME);
        _bid(id, maker, BUDGET, LEAD_TIME);
    }

    function test_bid_revertsAfterAward() public {
        uint256 id = _awardedOrder();
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Awarded));
        _bid(id, maker2, PRICE, LEAD_TIME);
    }

    /// @dev For any price and lead time, a bid is accepted iff 0 < price <= budget and leadTime > 0,
    /// and an accepted bid can be awarded iff it is due by the deadline; the escrow is then exactly price + fee.
    function testFuzz_bid_priceAndLeadTime(uint96 price, uint32 leadTime) public {
        uint256 id = _openRfq();
        bool valid = price != 0 && leadTime != 0 && price <= BUDGET;
        if (!valid) vm.expectRevert();
        _bid(id, maker, price, leadTime);
        if (!valid) return;
        _closeBidding(id);
        uint256 dueAt = block.timestamp + leadTime;
        IOrderMarket.Order memory o = market.getOrder(id);
        if (dueAt > o.deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IOrderMarket.MarketDeadlineUnreachable.selector, id, uint40(dueAt), o.deadline
                )
            );
            vm.prank(customer);
            market.award(id, maker, price, leadTime);
            return;
        }
        uint256 before = usd.balanceOf(customer);
        vm.prank(customer);
        market.award(id, maker, price, leadTime);
        assertEq(before - usd.balanceOf(customer), uint256(price) + _fee(price), "escrow = price + fee");
        assertEq(market.getOrder(id).dueAt, dueAt);
        assertEq(market.getOrder(id).amount, price);
    }

    // --- withdrawBid -------------------------------------------------------------------------

    function test_withdrawBid_withdrawsAndEmits() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.expectEmit(address(market));
        emit IOrderMarket.BidWithdrawn(id, maker);
        vm.prank(maker);
        market.withdrawBid(id);
        assertEq(uint256(market.getBid(id, maker).state), uint256(IOrderMarket.BidState.Withdrawn));
        _closeBidding(id);
        _assertAwardReverts(id, customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
    }

    function test_withdrawBid_allowsBiddingAgain() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(maker);
        market.withdrawBid(id);
        _bid(id, maker, PRICE + 1, LEAD_TIME);
        _assertBid(id, maker, PRICE + 1, LEAD_TIME, IOrderMarket.BidState.Active);
    }

    function test_withdrawBid_dropsCounterOffer() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.counterOffer(id, maker, PRICE - 1, LEAD_TIME);
        vm.prank(maker);
        market.withdrawBid(id);
        assertEq(uint256(market.getCounterOffer(id, maker).state), uint256(IOrderMarket.BidState.None));
        _expectRevertAs(maker, _err(IOrderMarket.MarketNoCounterOffer.selector, id, maker));
        market.acceptCounterOffer(id, PRICE - 1, LEAD_TIME);
    }

    function test_withdrawBid_withdrawsSealedCommitment() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        vm.prank(maker);
        market.withdrawBid(id);
        assertEq(market.getCommitment(id, maker), bytes32(0));
        _openReveal(id);
        vm.expectRevert(_err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker));
        _reveal(id, maker, PRICE, LEAD_TIME);
    }

    function test_withdrawBid_revertsWithoutBid() public {
        uint256 id = _openRfq();
        _expectRevertAs(maker, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
        market.withdrawBid(id);
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(maker);
        market.withdrawBid(id);
        _expectRevertAs(maker, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
        market.withdrawBid(id);
    }

    function test_withdrawBid_revertsAfterWindow() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        uint40 ends = market.getOrder(id).biddingEnds;
        vm.warp(uint256(ends) + 1);
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketBidWindowClosed.selector, id, ends));
        market.withdrawBid(id);
    }

    // --- commitBid / revealBid ---------------------------------------------------------------

    function test_commitBid_storesAndEmits() public {
        uint256 id = _sealedRfq();
        bytes32 c = market.bidCommitment(id, maker, PRICE, LEAD_TIME, _salt(maker));
        vm.expectEmit(address(market));
        emit IOrderMarket.BidCommitted(id, maker, c, uint96(uint256(BUDGET) * COMMIT_DEPOSIT_BPS / 10_000));
        vm.prank(maker);
        market.commitBid(id, c);
        assertEq(market.getCommitment(id, maker), c);
        _assertBid(id, maker, 0, 0, IOrderMarket.BidState.Committed);
    }

    function test_commitBid_revisesCommitment() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _commit(id, maker, PRICE - 5, LEAD_TIME);
        _openReveal(id);
        vm.expectRevert(_err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker));
        _reveal(id, maker, PRICE, LEAD_TIME);
        _reveal(id, maker, PRICE - 5, LEAD_TIME);
    }

    function test_commitBid_revertsOnOpenRfq() public {
        uint256 id = _openRfq();
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketOpenBidding.selector, id));
        market.commitBid(id, bytes32(uint256(1)));
    }

    function test_commitBid_revertsOnZeroCommitment() public {
        uint256 id = _sealedRfq();
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "commitment", "must not be zero")
        );
        vm.prank(maker);
        market.commitBid(id, bytes32(0));
    }

    function test_commitBid_revertsAfterWindow() public {
        uint256 id = _sealedRfq();
        uint40 ends = market.getOrder(id).biddingEnds;
        vm.warp(uint256(ends) + 1);
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketBidWindowClosed.selector, id, ends));
        market.commitBid(id, bytes32(uint256(1)));
    }

    function test_commitBid_revertsWhenNotInvited() public {
        IOrderMarket.RfqParams memory p = _sealedParams();
        p.invitees = new address[](1);
        p.invitees[0] = maker2;
        uint256 id = _createRfq(p);
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketNotInvited.selector, id, maker));
        market.commitBid(id, bytes32(uint256(1)));
    }

    function test_revealBid_activatesBidAndEmits() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _openReveal(id);
        vm.expectEmit(address(market));
        emit IOrderMarket.BidRevealed(id, maker, PRICE, LEAD_TIME);
        _reveal(id, maker, PRICE, LEAD_TIME);
        _assertBid(id, maker, PRICE, LEAD_TIME, IOrderMarket.BidState.Active);
        assertEq(market.getCommitment(id, maker), bytes32(0), "commitment consumed");
        vm.expectRevert(_err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker));
        _reveal(id, maker, PRICE, LEAD_TIME);
    }

    /// @dev Without a deposit rate, a commitment holds nothing and its reveal credits nothing.
    function test_revealBid_withoutDepositCreditsNothing() public {
        _setCommitDeposit(0);
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        assertEq(market.getBid(id, maker).deposit, 0);
        _openReveal(id);
        _reveal(id, maker, PRICE, LEAD_TIME);
        _assertBid(id, maker, PRICE, LEAD_TIME, IOrderMarket.BidState.Active);
        assertEq(market.owed(address(usd), maker), 0, "nothing to return");
    }

    function test_revealBid_revertsBeforeRevealWindow() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        IOrderMarket.Order memory o = market.getOrder(id);
        vm.warp(o.biddingEnds);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketRevealWindowClosed.selector, id, o.biddingEnds, o.revealEnds)
        );
        _reveal(id, maker, PRICE, LEAD_TIME);
    }

    function test_revealBid_revertsAfterRevealWindow() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        IOrderMarket.Order memory o = market.getOrder(id);
        vm.warp(o.revealEnds);
        _reveal(id, maker, PRICE, LEAD_TIME); // last second still counts
        _commitAndRevealLate(id, o);
    }

    function _commitAndRevealLate(uint256 id, IOrderMarket.Order memory o) internal {
        vm.warp(uint256(o.revealEnds) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketRevealWindowClosed.selector, id, o.biddingEnds, o.revealEnds)
        );
        _reveal(id, maker2, PRICE, LEAD_TIME);
    }

    function test_revealBid_revertsOnOpenRfq() public {
        uint256 id = _openRfq();
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketOpenBidding.selector, id));
        _reveal(id, maker, PRICE, LEAD_TIME);
    }

    function test_revealBid_revertsOnWrongValues() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _openReveal(id);
        bytes memory err = _err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker);
        vm.expectRevert(err);
        _reveal(id, maker, PRICE + 1, LEAD_TIME);
        vm.expectRevert(err);
        _reveal(id, maker, PRICE, LEAD_TIME + 1);
        _expectRevertAs(maker, err);
        market.revealBid(id, PRICE, LEAD_TIME, bytes32(uint256(123)));
    }

    function test_revealBid_revertsWithoutCommitment() public {
        uint256 id = _sealedRfq();
        _openReveal(id);
        vm.expectRevert(_err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker));
        _reveal(id, maker, PRICE, LEAD_TIME);
    }

    function test_revealBid_revertsAboveBudget() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, BUDGET + 1, LEAD_TIME);
        _openReveal(id);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketBidAboveBudget.selector, id, BUDGET + 1, BUDGET));
        _reveal(id, maker, BUDGET + 1, LEAD_TIME);
    }

    function test_revealBid_revertsOnInvalidTerms() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, 0, LEAD_TIME);
        _openReveal(id);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "price", "must be greater than zero")
        );
        _reveal(id, maker, 0, LEAD_TIME);
    }

    function test_revealBid_revertsOnZeroLeadTime() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, 0);
        _openReveal(id);
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "leadTime", "must be greater than zero")
        );
        _reveal(id, maker, PRICE, 0);
    }

    /// @dev The commitment binds chain, market, order, maker and every term: change any one and it differs.
    function testFuzz_bidCommitment_bindsEveryInput(
        uint256 orderId,
        address who,
        uint96 price,
        uint32 leadTime,
        bytes32 salt,
        uint8 which
    ) public {
        bytes32 base = market.bidCommitment(orderId, who, price, leadTime, salt);
        which = uint8(bound(which, 0, 5));
        bytes32 other;
        if (which == 0) other = market.bidCommitment(orderId ^ 1, who, price, leadTime, salt);
        else if (which == 1) other = market.bidCommitment(orderId, address(uint160(who) ^ 1), price, leadTime, salt);
        else if (which == 2) other = market.bidCommitment(orderId, who, price ^ 1, leadTime, salt);
        else if (which == 3) other = market.bidCommitment(orderId, who, price, leadTime ^ 1, salt);
        else if (which == 4) other = market.bidCommitment(orderId, who, price, leadTime, salt ^ bytes32(uint256(1)));
        else {
            vm.chainId(block.chainid + 1);
            other = market.bidCommitment(orderId, who, price, leadTime, salt);
        }
        assertNotEq(base, other);
    }

    // --- counterOffer / acceptCounterOffer ---------------------------------------------------

    function test_counterOffer_storesAndEmits() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.expectEmit(address(market));
        emit IOrderMarket.CounterOffered(id, maker, PRICE - 500e6, LEAD_TIME + 2 days);
        vm.prank(customer);
        market.counterOffer(id, maker, PRICE - 500e6, LEAD_TIME + 2 days);
        IOrderMarket.Bid memory c = market.getCounterOffer(id, maker);
        assertEq(c.price, PRICE - 500e6);
        assertEq(c.leadTime, LEAD_TIME + 2 days);
        assertEq(uint256(c.state), uint256(IOrderMarket.BidState.Active));
        // The bid itself is unchanged until the maker accepts.
        _assertBid(id, maker, PRICE, LEAD_TIME, IOrderMarket.BidState.Active);
    }

    function test_counterOffer_revertsWhenNotCustomer() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _expectRevertAs(maker2, _err(IOrderMarket.MarketNotCustomer.selector, id, maker2));
        market.counterOffer(id, maker, 1, 1);
    }

    function test_counterOffer_revertsWithoutActiveBid() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _expectRevertAs(customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
        market.counterOffer(id, maker, PRICE, LEAD_TIME);
        _expectRevertAs(customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker2));
        market.counterOffer(id, maker2, PRICE, LEAD_TIME);
    }

    function test_counterOffer_revertsAboveBudget() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _expectRevertAs(
            customer, abi.encodeWithSelector(IOrderMarket.MarketBidAboveBudget.selector, id, BUDGET + 1, BUDGET)
        );
        market.counterOffer(id, maker, BUDGET + 1, LEAD_TIME);
    }

    function test_acceptCounterOffer_takesTermsAndEmits() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.counterOffer(id, maker, PRICE - 500e6, LEAD_TIME + 2 days);
        vm.expectEmit(address(market));
        emit IOrderMarket.CounterOfferAccepted(id, maker, PRICE - 500e6, LEAD_TIME + 2 days);
        vm.prank(maker);
        market.acceptCounterOffer(id, PRICE - 500e6, LEAD_TIME + 2 days);
        _assertBid(id, maker, PRICE - 500e6, LEAD_TIME + 2 days, IOrderMarket.BidState.Active);
        assertEq(uint256(market.getCounterOffer(id, maker).state), uint256(IOrderMarket.BidState.None));
        // The award uses the accepted terms.
        uint256 before = usd.balanceOf(customer);
        _award(id, maker);
        assertEq(before - usd.balanceOf(customer), PRICE - 500e6 + _fee(PRICE - 500e6));
    }

    function test_acceptCounterOffer_revertsWithoutOffer() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.counterOffer(id, maker, PRICE - 1, LEAD_TIME);
        _expectRevertAs(maker2, _err(IOrderMarket.MarketNoCounterOffer.selector, id, maker2));
        market.acceptCounterOffer(id, PRICE - 1, LEAD_TIME);
        vm.prank(maker);
        market.acceptCounterOffer(id, PRICE - 1, LEAD_TIME);
        _expectRevertAs(maker, _err(IOrderMarket.MarketNoCounterOffer.selector, id, maker));
        market.acceptCounterOffer(id, PRICE - 1, LEAD_TIME);
    }

    function test_acceptCounterOffer_revertsAfterAward() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker2, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.counterOffer(id, maker2, PRICE - 1, LEAD_TIME);
        _award(id, maker);
        _expectRevertAs(maker2, _statusErr(id, IOrderMarket.Status.Awarded));
        market.acceptCounterOffer(id, PRICE - 1, LEAD_TIME);
    }
}
