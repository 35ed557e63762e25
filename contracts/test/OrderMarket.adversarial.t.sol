// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../src/OrderMarket.sol";
import {FeeOnTransferToken} from "../src/mocks/FeeOnTransferToken.sol";
import {HookToken} from "../src/mocks/HookToken.sol";
import {NoReturnToken} from "../src/mocks/NoReturnToken.sol";
import {ReentrancyAttacker} from "../src/mocks/ReentrancyAttacker.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice Hostile tokens, re-entrancy, sealed-bid front-running and bid copying.
contract OrderMarketAdversarialTest is MarketFixture {
    HookToken internal hook;
    ReentrancyAttacker internal attacker;

    function setUp() public override {
        super.setUp();
        hook = new HookToken();
        attacker = new ReentrancyAttacker();
        vm.prank(governance);
        market.setPaymentToken(address(hook), true);
    }

    function _guardError() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
    }

    function _hookParams() internal view returns (IOrderMarket.RfqParams memory p) {
        p = _params();
        p.paymentToken = address(hook);
    }

    /// @dev An order in the hook token where the attacker contract is the maker, shipped and accepted,
    /// so the attacker is owed the price.
    function _attackerOwedAsMaker() internal returns (uint256 id) {
        attacker.execute(address(registry), abi.encodeCall(registry.register, (MANUFACTURER, bytes32(0), "", bytes32(0))));
        stakeToken.mint(address(attacker), MAKER_STAKE);
        attacker.execute(address(stakeToken), abi.encodeCall(stakeToken.approve, (address(registry), MAKER_STAKE)));
        attacker.execute(address(registry), abi.encodeCall(registry.depositStake, (MAKER_STAKE)));
        hook.mint(customer, 10_000e6);
        vm.prank(customer);
        hook.approve(address(market), type(uint256).max);
        id = _createRfq(_hookParams());
        attacker.execute(address(market), abi.encodeCall(market.bid, (id, PRICE, LEAD_TIME)));
        _award(id, address(attacker));
        attacker.execute(address(market), abi.encodeCall(market.ship, (id, bytes32(0))));
        _accept(id);
        hook.setHook(address(attacker));
    }

    /// @dev The attacker as a customer, holding hook tokens, with an RFQ it can award.
    function _attackerAsCustomer() internal returns (uint256 id) {
        attacker.execute(address(registry), abi.encodeCall(registry.register, (CUSTOMER, bytes32(0), "", bytes32(0))));
        hook.mint(address(attacker), 20_000e6);
        attacker.execute(address(hook), abi.encodeCall(hook.approve, (address(market), type(uint256).max)));
        bytes memory ret = attacker.execute(address(market), abi.encodeCall(market.createRfq, (_hookParams())));
        id = abi.decode(ret, (uint256));
        _bid(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker2, PRICE, LEAD_TIME);
        _closeBidding(id);
        hook.setHook(address(attacker));
    }

    // --- re-entrancy through a hook token ----------------------------------------------------

    function test_reentrancy_withdrawIntoWithdrawFails() public {
        _attackerOwedAsMaker();
        attacker.arm(address(market), abi.encodeCall(market.withdraw, (address(hook))), false);
        attacker.execute(address(market), abi.encodeCall(market.withdraw, (address(hook))));
        assertEq(attacker.attempts(), 1);
        assertFalse(attacker.lastSuccess());
        assertEq(attacker.lastRevertData(), _guardError());
        assertEq(hook.balanceOf(address(attacker)), PRICE, "paid exactly once");
        assertEq(market.owed(address(hook), address(attacker)), 0);
        assertEq(hook.balanceOf(address(market)), _fee(PRICE), "only the treasury's fee is left");
    }

    function test_reentrancy_withdrawIntoWithdrawBubbledRevertsWholeWithdrawal() public {
        _attackerOwedAsMaker();
        attacker.arm(address(market), abi.encodeCall(market.withdraw, (address(hook))), true);
        vm.expectRevert(_guardError());
        attacker.execute(address(market), abi.encodeCall(market.withdraw, (address(hook))));
        assertEq(market.owed(address(hook), address(attacker)), PRICE, "nothing lost either");
    }

    function test_reentrancy_awardIntoAwardFails() public {
        uint256 id = _attackerAsCustomer();
        // While the escrow is pulled, try to award the same order to another maker.
        attacker.arm(address(market), abi.encodeCall(market.award, (id, maker2, PRICE, LEAD_TIME)), false);
        attacker.execute(address(market), abi.encodeCall(market.award, (id, maker, PRICE, LEAD_TIME)));
        assertEq(attacker.lastRevertData(), _guardError());
        assertEq(market.getOrder(id).maker, maker);
        assertEq(hook.balanceOf(address(market)), PRICE + _fee(PRICE), "escrow pulled once");
        assertEq(registry.participant(maker2).locked, 0);
    }

    /// @dev cancelOrder is not behind the guard (it moves no tokens). Re-entering it while award
    /// pulls the escrow either fails on the guard or runs on fully updated state; either way the
    /// books stay exact: whatever the customer paid in is owed back and the bond is free.
    function test_reentrancy_awardIntoCancelOrderKeepsAccountingExact() public {
        _setCancellationFloor(0); // a cancellation right at award then refunds everything
        uint256 id = _attackerAsCustomer();
        attacker.arm(address(market), abi.encodeCall(market.cancelOrder, (id)), false);
        attacker.execute(address(market), abi.encodeCall(market.award, (id, maker, PRICE, LEAD_TIME)));
        assertEq(attacker.attempts(), 1);
        uint256 total = PRICE + _fee(PRICE);
        assertEq(hook.balanceOf(address(market)), total, "escrow pulled exactly once");
        if (attacker.lastSuccess()) {
            _assertStatus(id, IOrderMarket.Status.Cancelled);
            assertEq(market.owed(address(hook), address(attacker)), total, "refund == what was paid");
            assertEq(registry.participant(maker).locked, 0, "bond released");
        } else {
            assertEq(attacker.lastRevertData(), _guardError());
            _assertStatus(id, IOrderMarket.Status.Awarded);
        }
        hook.setHook(address(0));
        uint256 owedToAttacker = market.owed(address(hook), address(attacker));
        if (owedToAttacker != 0) attacker.execute(address(market), abi.encodeCall(market.withdraw, (address(hook))));
        assertEq(hook.balanceOf(address(attacker)), 20_000e6 - total + owedToAttacker, "no value extracted");
    }

    /// @dev accept is not behind the guard either (it moves no tokens). Re-entering it from the
    /// customer's own withdrawal must not let any token leave twice.
    function test_reentrancy_withdrawIntoAcceptKeepsAccountingExact() public {
        _setCancellationFloor(0); // a cancellation right at award then refunds everything
        uint256 id = _attackerAsCustomer();
        hook.setHook(address(0));
        attacker.execute(address(market), abi.encodeCall(market.award, (id, maker, PRICE, LEAD_TIME)));
        attacker.execute(address(market), abi.encodeCall(market.cancelOrder, (id)));
        bytes memory ret = attacker.execute(address(market), abi.encodeCall(market.createRfq, (_hookParams())));
        uint256 id2 = abi.decode(ret, (uint256));
        _bid(id2, maker2, PRICE, LEAD_TIME);
        _closeBidding(id2);
        attacker.execute(address(market), abi.encodeCall(market.award, (id2, maker2, PRICE, LEAD_TIME)));
        _ship(id2);
        hook.setHook(address(attacker));
        attacker.arm(address(market), abi.encodeCall(market.accept, (id2)), false);
        attacker.execute(address(market), abi.encodeCall(market.withdraw, (address(hook))));
        assertEq(attacker.attempts(), 1);
        if (!attacker.lastSuccess()) assertEq(attacker.lastRevertData(), _guardError());
        uint256 total = PRICE + _fee(PRICE);
        assertEq(hook.balanceOf(address(attacker)), 20_000e6 - total, "refund of order 1 paid once");
        assertEq(
            hook.balanceOf(address(market)),
            total,
            "order 2 escrow intact"
        );
        assertEq(
            market.owed(address(hook), maker2) + market.owed(address(hook), treasury),
            attacker.lastSuccess() ? total : 0
        );
    }

    // --- fee-on-transfer and no-return tokens ------------------------------------------------

    function test_feeOnTransfer_commitDepositRevertsCleanly() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(governance);
        market.setPaymentToken(address(fot), true);
        IOrderMarket.RfqParams memory p = _sealedParams();
        p.paymentToken = address(fot);
        uint256 id = _createRfq(p);
        fot.mint(maker, 1_000e6);
        vm.prank(maker);
        fot.approve(address(market), type(uint256).max);
        uint256 deposit = uint256(BUDGET) * COMMIT_DEPOSIT_BPS / 10_000;
        bytes32 commitment = market.bidCommitment(id, maker, PRICE, LEAD_TIME, _salt(maker));
        vm.expectRevert(
            abi.encodeWithSelector(
                IOrderMarket.MarketTransferShortfall.selector, address(fot), deposit, deposit - deposit / 100
            )
        );
        vm.prank(maker);
        market.commitBid(id, commitment);
        assertEq(market.getCommitment(id, maker), bytes32(0));
    }

    function test_feeOnTransfer_awardRevertsCleanly() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        (uint256 id, address buyer) = _rfqPaidIn(address(fot));
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        uint256 total = PRICE + _fee(PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOrderMarket.MarketTransferShortfall.selector, address(fot), total, total - total / 100
            )
        );
        vm.prank(buyer);
        market.award(id, maker, PRICE, LEAD_TIME);
        _assertStatus(id, IOrderMarket.Status.Open);
        assertEq(fot.balanceOf(buyer), 10_000e6);
        assertEq(registry.participant(maker).locked, 0);
    }

    function test_noReturnToken_worksEndToEnd() public {
        NoReturnToken nrt = new NoReturnToken();
        (uint256 id, address buyer) = _rfqPaidIn(address(nrt));
        _bid(id, maker, PRICE, LEAD_TIME);
        _award(id, maker);
        _releaseMilestone(id);
        _ship(id);
        vm.prank(buyer);
        market.accept(id);
        vm.prank(maker);
        market.withdraw(address(nrt));
        vm.prank(treasury);
        market.withdraw(address(nrt));
        assertEq(nrt.balanceOf(maker), PRICE);
        assertEq(nrt.balanceOf(treasury), _fee(PRICE));
        assertEq(nrt.balanceOf(buyer), 10_000e6 - PRICE - _fee(PRICE));
        assertEq(nrt.balanceOf(address(market)), 0);
    }

    // --- sealed bids: front-running, copying, never revealing --------------------------------

    /// @dev maker2 sees maker's commitment in the mempool and commits the same hash. It cannot
    /// reveal it (the commitment binds the maker's address), and maker's own reveal still works.
    function test_sealedBid_copiedCommitmentCannotBeRevealed() public {
        uint256 id = _sealedRfq();
        bytes32 c = market.bidCommitment(id, maker, PRICE, LEAD_TIME, _salt(maker));
        vm.prank(maker2);
        market.commitBid(id, c); // front-run copy
        vm.prank(maker);
        market.commitBid(id, c);
        _openReveal(id);
        // Even knowing maker's terms and salt, maker2 cannot open the copied commitment.
        _expectRevertAs(maker2, _err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker2));
        market.revealBid(id, PRICE, LEAD_TIME, _salt(maker));
        _reveal(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        _expectRevertAs(customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker2));
        market.award(id, maker2, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
    }

    /// @dev Nobody can reveal someone else's bid: revealing acts only on the caller's commitment.
    function test_sealedBid_cannotRevealSomeoneElsesBid() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _commit(id, maker2, PRICE - 1, LEAD_TIME);
        _openReveal(id);
        _expectRevertAs(maker2, _err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker2));
        market.revealBid(id, PRICE, LEAD_TIME, _salt(maker));
        _expectRevertAs(stranger, _err(IOrderMarket.MarketCommitmentMismatch.selector, id, stranger));
        market.revealBid(id, PRICE, LEAD_TIME, _salt(maker));
        assertEq(uint256(market.getBid(id, maker).state), uint256(IOrderMarket.BidState.Committed));
    }

    /// @dev A commitment made for one market (or chain) does not open in another.
    function test_sealedBid_commitmentNotReplayableAcrossMarketsOrChains() public {
        OrderMarket other =
            new OrderMarket(governance, address(registry), treasury, _defaultParameters());
        bytes32 here = market.bidCommitment(1, maker, PRICE, LEAD_TIME, _salt(maker));
        assertNotEq(here, other.bidCommitment(1, maker, PRICE, LEAD_TIME, _salt(maker)));
        vm.chainId(block.chainid + 1);
        assertNotEq(here, market.bidCommitment(1, maker, PRICE, LEAD_TIME, _salt(maker)));
    }

    /// @dev After maker reveals, maker2 cannot undercut by copying: commits are closed and open
    /// bids are refused on a sealed RFQ.
    function test_sealedBid_cannotCopyAfterReveal() public {
        uint256 id = _revealedRfq();
        uint40 ends = market.getOrder(id).biddingEnds;
        bytes32 undercut = market.bidCommitment(id, maker2, PRICE - 1, LEAD_TIME, _salt(maker2));
        _expectRevertAs(maker2, abi.encodeWithSelector(IOrderMarket.MarketBidWindowClosed.selector, id, ends));
        market.commitBid(id, undercut);
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketSealedBidding.selector, id));
        _bid(id, maker2, PRICE - 1, LEAD_TIME);
        vm.expectRevert(_err(IOrderMarket.MarketCommitmentMismatch.selector, id, maker2));
        _reveal(id, maker2, PRICE - 1, LEAD_TIME);
    }

    /// @dev A bid never revealed cannot win and leaves the stake untouched (its commit deposit is
    /// another matter: OrderMarket.hardening.t.sol).
    function test_sealedBid_unrevealedBidCannotWinAndForfeitsNothing() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _commit(id, maker2, PRICE + 1, LEAD_TIME);
        _openReveal(id);
        _reveal(id, maker2, PRICE + 1, LEAD_TIME);
        _closeBidding(id);
        _assertAwardReverts(id, customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
        vm.expectRevert(); // too late to reveal now
        _reveal(id, maker, PRICE, LEAD_TIME);
        vm.prank(customer);
        market.award(id, maker2, PRICE + 1, LEAD_TIME);
        assertEq(registry.freeStake(maker), MAKER_STAKE);
        assertEq(registry.participant(maker).stake, MAKER_STAKE);
        assertEq(market.owed(address(usd), maker), 0);
    }

    /// @dev An open bid is public, but copying it gains nothing the copier did not bid itself:
    /// the customer awards a specific maker at that maker's own terms.
    function test_openBid_customerAwardsTheMakerItChose() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker2, PRICE, LEAD_TIME); // copy
        _bid(id, maker, PRICE - 10, LEAD_TIME); // maker revises after seeing the copy
        _award(id, maker);
        assertEq(market.getOrder(id).amount, PRICE - 10);
        assertEq(market.getOrder(id).maker, maker);
    }

    // --- settlement happens once --------------------------------------------------------------

    function test_settlement_onlyOncePerOrder() public {
        uint256 id = _disputedOrder();
        vm.prank(arbiter);
        market.rule(id, 5_000, 0);
        vm.prank(customer);
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Resolved));
        market.accept(id);
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Resolved));
        market.finalize(id);
        vm.prank(customer);
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Resolved));
        market.cancelOrder(id);
        vm.prank(customer);
        vm.expectRevert(_statusErr(id, IOrderMarket.Status.Resolved));
        market.claimDefault(id);
    }

    /// @dev Settlement cost does not grow with the number of bids: no loop over bids anywhere.
    function test_settlement_gasIndependentOfBidCount() public {
        uint256 small = _openRfq();
        _bid(small, maker, PRICE, LEAD_TIME);
        uint256 big = _openRfq();
        for (uint256 i; i < 60; ++i) {
            address m = address(uint160(0x10000 + i));
            _registerMaker(m, MIN_STAKE);
            _bid(big, m, PRICE - uint96(i), LEAD_TIME);
        }
        _bid(big, maker, PRICE, LEAD_TIME);
        _closeBidding(big);
        vm.startPrank(customer);
        uint256 g0 = gasleft();
        market.award(small, maker, PRICE, LEAD_TIME);
        uint256 gasSmall = g0 - gasleft();
        g0 = gasleft();
        market.award(big, maker, PRICE, LEAD_TIME);
        uint256 gasBig = g0 - gasleft();
        vm.stopPrank();
        // Same work; the second award only finds warm slots (maker's registry record, token balances).
        assertLe(gasBig, gasSmall, "award cost independent of bid count");
    }
}
