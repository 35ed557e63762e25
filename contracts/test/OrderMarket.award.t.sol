// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice award and awardWithPermit.
contract OrderMarketAwardTest is MarketFixture {
    bytes32 private constant _PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function _permitSig(address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash =
            keccak256(abi.encode(_PERMIT_TYPEHASH, customer, spender, value, usd.nonces(customer), deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(customerKey, digest);
    }

    // --- award -------------------------------------------------------------------------------

    function test_award_escrowsLocksBondAndEmits() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker2, PRICE - 1, LEAD_TIME);
        _closeBidding(id);
        uint40 dueAt = uint40(block.timestamp + LEAD_TIME);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderAwarded(id, maker, PRICE, _fee(PRICE), LEAD_TIME, dueAt, BOND);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondLocked(address(market), id, maker, BOND);
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);

        IOrderMarket.Order memory o = market.getOrder(id);
        assertEq(uint256(o.status), uint256(IOrderMarket.Status.Awarded));
        assertEq(o.maker, maker);
        assertEq(o.amount, PRICE, "amount is the price once awarded");
        assertEq(o.dueAt, dueAt);
        assertEq(usd.balanceOf(address(market)), PRICE + _fee(PRICE));
        assertEq(usd.balanceOf(customer), 10_000e6 - PRICE - _fee(PRICE));
        assertEq(registry.participant(maker).locked, BOND);
        assertEq(registry.freeStake(maker), MAKER_STAKE - BOND);
        assertEq(registry.participant(maker2).locked, 0, "losing bidder keeps its stake free");
    }

    function test_award_revertsWhileBiddingOpen() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        uint40 ends = market.getOrder(id).biddingEnds;
        vm.warp(ends);
        _assertAwardReverts(id, customer, abi.encodeWithSelector(IOrderMarket.MarketBidWindowOpen.selector, id, ends));
    }

    function test_award_revertsWhileRevealOpen() public {
        uint256 id = _revealedRfq();
        uint40 ends = market.getOrder(id).revealEnds;
        _assertAwardReverts(id, customer, abi.encodeWithSelector(IOrderMarket.MarketBidWindowOpen.selector, id, ends));
        vm.warp(uint256(ends) + 1);
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
    }

    function test_award_revertsWhenNotCustomer() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        _assertAwardReverts(id, maker, _err(IOrderMarket.MarketNotCustomer.selector, id, maker));
    }

    function test_award_revertsWithoutActiveBid() public {
        uint256 id = _openRfq();
        _closeBidding(id);
        _assertAwardReverts(id, customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
    }

    function test_award_revertsOnUnrevealedBid() public {
        uint256 id = _sealedRfq();
        _commit(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        _assertAwardReverts(id, customer, _err(IOrderMarket.MarketNoActiveBid.selector, id, maker));
        // An unrevealed bid forfeits nothing.
        assertEq(registry.freeStake(maker), MAKER_STAKE);
    }

    function test_award_revertsWhenDeadlineUnreachable() public {
        uint256 id = _openRfq();
        IOrderMarket.Order memory o = market.getOrder(id);
        uint32 lead = uint32(o.deadline - o.biddingEnds); // due exactly at the deadline if awarded at biddingEnds
        _bid(id, maker, PRICE, lead);
        vm.warp(uint256(o.biddingEnds) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOrderMarket.MarketDeadlineUnreachable.selector, id, uint40(block.timestamp + lead), o.deadline
            )
        );
        vm.prank(customer);
        market.award(id, maker, PRICE, lead);
    }

    function test_award_revertsTwice() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker2, PRICE, LEAD_TIME);
        _award(id, maker);
        _expectRevertAs(customer, _statusErr(id, IOrderMarket.Status.Awarded));
        market.award(id, maker2, PRICE, LEAD_TIME);
    }

    function test_award_revertsWithoutAllowance() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        vm.prank(customer);
        usd.approve(address(market), PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(market), PRICE, PRICE + _fee(PRICE)
            )
        );
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
    }

    function test_award_revertsWhenMakerStakeWasWithdrawn() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(maker);
        registry.withdrawStake(MAKER_STAKE - BOND + 1);
        _closeBidding(id);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, maker, BOND - 1, BOND)
        );
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
    }

    function test_award_withZeroBondLocksNothing() public {
        _setMinBond(0);
        IOrderMarket.RfqParams memory p = _params();
        p.bond = 0;
        uint256 id = _awardedOrder(p, PRICE);
        assertEq(registry.participant(maker).locked, 0);
        _ship(id);
        _accept(id);
        assertEq(market.owed(address(usd), maker), PRICE);
    }

    /// @dev For any fee rate governance may set (0..10 %), the customer pays exactly price + fee and,
    /// on acceptance, the treasury is owed that fee and the maker the price.
    function testFuzz_award_feeRates(uint16 feeBps, uint96 price) public {
        feeBps = uint16(bound(feeBps, 0, 1_000));
        price = uint96(bound(price, 1, BUDGET));
        _setFee(feeBps);
        uint256 id = _openRfq();
        _bid(id, maker, price, LEAD_TIME);
        uint256 before = usd.balanceOf(customer);
        _award(id, maker);
        uint256 fee = uint256(price) * feeBps / 10_000;
        assertEq(before - usd.balanceOf(customer), price + fee);
        _ship(id);
        _accept(id);
        assertEq(market.owed(address(usd), maker), price);
        assertEq(market.owed(address(usd), treasury), fee);
        assertEq(market.owed(address(usd), customer), 0);
        assertEq(usd.balanceOf(address(market)), price + fee);
    }

    // --- awardWithPermit ---------------------------------------------------------------------

    /// @notice An open RFQ with `maker`'s bid, bidding closed, whose customer has taken back its
    /// allowance: only a permit can fund the award.
    function _awardableWithoutAllowance() internal returns (uint256 id) {
        vm.prank(customer);
        usd.approve(address(market), 0);
        id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
    }

    function test_awardWithPermit_fundsEscrowWithoutApprove() public {
        uint256 id = _awardableWithoutAllowance();
        uint256 total = PRICE + _fee(PRICE);
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(address(market), total, block.timestamp + 1 hours);
        vm.expectEmit(address(market));
        emit IOrderMarket.OrderAwarded(
            id, maker, PRICE, _fee(PRICE), LEAD_TIME, uint40(block.timestamp + LEAD_TIME), BOND
        );
        vm.prank(customer);
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME, block.timestamp + 1 hours, v, r, s);
        assertEq(usd.balanceOf(address(market)), total);
        assertEq(usd.allowance(customer, address(market)), 0);
        assertEq(usd.nonces(customer), 1);
    }

    /// @dev Someone submits the customer's permit first: the permit inside awardWithPermit then
    /// fails, but the allowance it granted is in place, so the award still goes through.
    function test_awardWithPermit_survivesFrontRunPermit() public {
        uint256 id = _awardableWithoutAllowance();
        uint256 total = PRICE + _fee(PRICE);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(address(market), total, deadline);
        vm.prank(stranger);
        usd.permit(customer, address(market), total, deadline, v, r, s);
        vm.prank(customer);
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME, deadline, v, r, s);
        _assertStatus(id, IOrderMarket.Status.Awarded);
    }

    function test_awardWithPermit_revertsOnBadPermitWithoutAllowance() public {
        uint256 id = _awardableWithoutAllowance();
        uint256 total = PRICE + _fee(PRICE);
        // Signed for too small a value: the permit fails, nothing is approved, the pull fails.
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(address(market), total - 1, block.timestamp + 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(market), 0, total)
        );
        vm.prank(customer);
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME, block.timestamp + 1 hours, v, r, s);
    }

    function test_awardWithPermit_revertsWhenNotCustomer() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(address(market), PRICE + _fee(PRICE), block.timestamp + 1);
        _expectRevertAs(stranger, _err(IOrderMarket.MarketNotCustomer.selector, id, stranger));
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME, block.timestamp + 1, v, r, s);
    }

    /// @dev awardWithPermit on a token without permit: the permit call fails silently and an
    /// existing approval funds the escrow.
    function test_awardWithPermit_fallsBackToApprovalOnTokenWithoutPermit() public {
        MockERC20 plain = new MockERC20("Plain", "PLN", 6);
        (uint256 id, address buyer) = _rfqPaidIn(address(plain));
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        vm.prank(buyer);
        market.awardWithPermit(id, maker, PRICE, LEAD_TIME, 0, 0, bytes32(0), bytes32(0));
        assertEq(plain.balanceOf(address(market)), PRICE + _fee(PRICE));
    }
}
