// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {DesignRegistry} from "../src/ip/DesignRegistry.sol";
import {IDesignRegistry} from "../src/ip/interfaces/IDesignRegistry.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {OrderMarket} from "../src/OrderMarket.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice RFQs built under a design licence: only makers the licence allows can bid and be
/// awarded, award meters the units, and the royalty is paid to the designer from the escrow in
/// proportion to what the maker is paid.
contract OrderMarketLicencesTest is MarketFixture {
    uint96 internal constant ROYALTY_PER_UNIT = 20e6;
    uint96 internal constant ROYALTY = 200e6; // 10 units (the default quantity), 5 % of PRICE
    uint64 internal constant MAX_UNITS = 25;

    DesignRegistry internal designs;
    address internal designer = makeAddr("designer");
    uint256 internal designId;
    uint256 internal licenceId;

    function setUp() public override {
        super.setUp();
        designs = new DesignRegistry(governance, address(market), 250);
        vm.prank(governance);
        market.setDesignRegistry(address(designs));
        vm.prank(designer);
        designId = designs.register(keccak256("bracket.step"), "bafy-bracket", "Bracket", 0);
        licenceId = _licence(_terms());
    }

    function _terms() internal view returns (IDesignRegistry.LicenceTerms memory terms) {
        address[] memory makers = new address[](1);
        makers[0] = maker;
        terms = IDesignRegistry.LicenceTerms({
            paymentToken: address(usd),
            royaltyPerUnit: ROYALTY_PER_UNIT,
            maxUnits: MAX_UNITS,
            expiresAt: 0,
            open: false,
            makers: makers
        });
    }

    function _licence(IDesignRegistry.LicenceTerms memory terms) internal returns (uint256) {
        vm.prank(designer);
        return designs.createLicence(designId, terms);
    }

    function _licensedParams(uint256 id) internal view returns (IOrderMarket.RfqParams memory p) {
        p = _params();
        p.licenceId = id;
    }

    function _licensedOrder() internal returns (uint256) {
        return _awardedOrder(_licensedParams(licenceId), PRICE);
    }

    function _invalidRfq(string memory field, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketInvalidRfq.selector, field, reason);
    }

    function _notAllowed(address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IDesignRegistry.LicenceMakerNotAllowed.selector, licenceId, who);
    }

    function _owed(address who) internal view returns (uint256) {
        return market.owed(address(usd), who);
    }

    // --- governance ------------------------------------------------------------------------------

    function test_setDesignRegistry_storesAndEmits() public {
        DesignRegistry other = new DesignRegistry(governance, address(market), 0);
        vm.expectEmit(address(market));
        emit IOrderMarket.DesignRegistrySet(address(other));
        vm.prank(governance);
        market.setDesignRegistry(address(other));
        assertEq(market.designRegistry(), address(other));
    }

    function test_setDesignRegistry_revertsOnNonContract() public {
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidParameter.selector, "designRegistry", "must be a contract")
        );
        vm.prank(governance);
        market.setDesignRegistry(stranger);
    }

    function test_setDesignRegistry_onlyGovernance() public {
        _expectRevertAs(stranger, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        market.setDesignRegistry(address(designs));
    }

    // --- RFQ -------------------------------------------------------------------------------------

    function test_createRfq_recordsTheLicence() public {
        uint256 id = _createRfq(_licensedParams(licenceId));
        (uint256 lid, uint256 units, address recipient, uint256 royalty) = market.orderLicence(id);
        assertEq(lid, licenceId);
        assertEq(units, 10);
        assertEq(recipient, address(0));
        assertEq(royalty, 0);
        (lid, units,,) = market.orderLicence(_openRfq());
        assertEq(lid, 0);
        assertEq(units, 0);
    }

    function test_orderLicence_revertsOnUnknownOrder() public {
        vm.expectRevert(abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 99));
        market.orderLicence(99);
    }

    function test_createRfq_revertsWithoutDesignRegistry() public {
        OrderMarket bare = new OrderMarket(governance, address(registry), treasury, _defaultParameters());
        vm.prank(governance);
        bare.setPaymentToken(address(usd), true);
        vm.expectRevert(_invalidRfq("licenceId", "needs a design registry, and none is set"));
        vm.prank(customer);
        bare.createRfq(_licensedParams(licenceId));
    }

    function test_createRfq_revertsOnUnknownLicence() public {
        _expectRevertAs(customer, abi.encodeWithSelector(IDesignRegistry.LicenceUnknown.selector, 99));
        market.createRfq(_licensedParams(99));
    }

    function test_createRfq_revertsOnAnEndedLicence() public {
        vm.prank(designer);
        designs.endLicence(licenceId);
        _expectRevertAs(
            customer, abi.encodeWithSelector(IDesignRegistry.LicenceHasEnded.selector, licenceId, uint40(block.timestamp))
        );
        market.createRfq(_licensedParams(licenceId));
    }

    function test_createRfq_revertsOnAnExpiredLicence() public {
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.expiresAt = uint40(block.timestamp + 1 days);
        uint256 expiring = _licence(terms);
        _createRfq(_licensedParams(expiring)); // still runs
        vm.warp(block.timestamp + 1 days + 1);
        _expectRevertAs(
            customer, abi.encodeWithSelector(IDesignRegistry.LicenceExpired.selector, expiring, terms.expiresAt)
        );
        market.createRfq(_licensedParams(expiring));
    }

    function test_createRfq_revertsOnAnotherToken() public {
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.paymentToken = address(new MockERC20("Other", "OTH", 6));
        uint256 other = _licence(terms);
        _expectRevertAs(customer, _invalidRfq("licenceId", "pays its royalty in another token than the RFQ"));
        market.createRfq(_licensedParams(other));
    }

    function test_createRfq_revertsOverTheCap() public {
        IOrderMarket.RfqParams memory p = _licensedParams(licenceId);
        p.quantity = uint32(MAX_UNITS) + 1;
        _expectRevertAs(
            customer,
            abi.encodeWithSelector(IDesignRegistry.LicenceCapExceeded.selector, licenceId, 0, MAX_UNITS + 1, MAX_UNITS)
        );
        market.createRfq(p);
    }

    function test_createRfq_revertsWhenTheBudgetCannotPayTheRoyalty() public {
        IOrderMarket.RfqParams memory p = _licensedParams(licenceId);
        p.budget = ROYALTY - 1;
        _expectRevertAs(customer, _invalidRfq("budget", "is below the licence royalty"));
        market.createRfq(p);
        p.budget = ROYALTY;
        _createRfq(p);
    }

    // --- bids ------------------------------------------------------------------------------------

    function test_bid_refusedToAMakerTheLicenceDoesNotAllow() public {
        uint256 id = _createRfq(_licensedParams(licenceId));
        vm.expectRevert(_notAllowed(maker2));
        _bid(id, maker2, PRICE, LEAD_TIME);
        _bid(id, maker, PRICE, LEAD_TIME);
        assertEq(uint256(market.getBid(id, maker).state), uint256(IOrderMarket.BidState.Active));
    }

    function test_commitBid_refusedToAMakerTheLicenceDoesNotAllow() public {
        IOrderMarket.RfqParams memory p = _licensedParams(licenceId);
        p.revealEnds = uint40(block.timestamp + 3 days);
        uint256 id = _createRfq(p);
        bytes32 commitment = market.bidCommitment(id, maker2, PRICE, LEAD_TIME, _salt(maker2));
        uint256 balanceBefore = usd.balanceOf(maker2);
        _expectRevertAs(maker2, _notAllowed(maker2));
        market.commitBid(id, commitment);
        assertEq(usd.balanceOf(maker2), balanceBefore, "no deposit taken");
        _commit(id, maker, PRICE, LEAD_TIME);
    }

    function test_bid_anyMakerUnderAnOpenLicence() public {
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.open = true;
        terms.makers = new address[](0);
        uint256 id = _createRfq(_licensedParams(_licence(terms)));
        _bid(id, maker2, PRICE, LEAD_TIME);
        _award(id, maker2);
        _assertStatus(id, IOrderMarket.Status.Awarded);
    }

    // --- award -----------------------------------------------------------------------------------

    function test_award_metersTheUnitsAndFixesTheRoyalty() public {
        uint256 id = _createRfq(_licensedParams(licenceId));
        _bid(id, maker, PRICE, LEAD_TIME);
        _closeBidding(id);
        vm.expectEmit(address(designs));
        emit IDesignRegistry.UnitsRecorded(licenceId, maker, 10, 10, designer, ROYALTY);
        vm.expectEmit(address(market));
        emit IOrderMarket.LicenceRecorded(id, licenceId, designer, ROYALTY);
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
        assertEq(designs.licence(licenceId).unitsBuilt, 10);
        (,, address recipient, uint256 royalty) = market.orderLicence(id);
        assertEq(recipient, designer);
        assertEq(royalty, ROYALTY);
    }

    function test_award_refusedOverTheCapFilledByAnotherOrder() public {
        IOrderMarket.RfqParams memory p = _licensedParams(licenceId);
        p.quantity = 15; // two of them fit the cap of 25 one at a time, not together
        uint256 first = _createRfq(p);
        uint256 second = _createRfq(p);
        _bid(first, maker, PRICE, LEAD_TIME);
        _bid(second, maker, PRICE, LEAD_TIME);
        _award(first, maker);
        _assertAwardReverts(
            second, customer, abi.encodeWithSelector(IDesignRegistry.LicenceCapExceeded.selector, licenceId, 15, 15, 25)
        );
        _assertStatus(second, IOrderMarket.Status.Open);
        assertEq(designs.licence(licenceId).unitsBuilt, 15, "nothing half-written");
        assertEq(usd.balanceOf(address(market)), PRICE + _fee(PRICE), "only the first order is funded");
    }

    function test_award_refusedOnceTheLicenceEndedAfterTheBid() public {
        uint256 id = _createRfq(_licensedParams(licenceId));
        _bid(id, maker, PRICE, LEAD_TIME);
        vm.prank(designer);
        designs.endLicence(licenceId);
        _closeBidding(id);
        _assertAwardReverts(
            id, customer, abi.encodeWithSelector(IDesignRegistry.LicenceHasEnded.selector, licenceId, uint40(T0))
        );
    }

    /// @dev Bidding refuses such a maker first; here governance points the market at another
    /// registry between bid and award, where the same licence id names other makers.
    function test_award_bubblesTheRegistrysRefusalOfAnUnlicensedMaker() public {
        uint256 id = _createRfq(_licensedParams(licenceId));
        _bid(id, maker, PRICE, LEAD_TIME);
        DesignRegistry other = new DesignRegistry(governance, address(market), 0);
        vm.startPrank(designer);
        uint256 otherDesign = other.register(keccak256("other.step"), "bafy-other", "Other", 0);
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.makers[0] = maker2;
        assertEq(other.createLicence(otherDesign, terms), licenceId);
        vm.stopPrank();
        vm.prank(governance);
        market.setDesignRegistry(address(other));
        _closeBidding(id);
        _assertAwardReverts(id, customer, _notAllowed(maker));
        assertEq(other.licence(licenceId).unitsBuilt, 0);
    }

    function test_award_refusedWhenThePriceIsBelowTheRoyalty() public {
        uint256 id = _createRfq(_licensedParams(licenceId));
        _bid(id, maker, ROYALTY - 1, LEAD_TIME);
        _closeBidding(id);
        _expectRevertAs(
            customer,
            abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "price", "is below the licence royalty")
        );
        market.award(id, maker, ROYALTY - 1, LEAD_TIME);
        assertEq(designs.licence(licenceId).unitsBuilt, 0, "nothing half-written");
        _assertStatus(id, IOrderMarket.Status.Open);
    }

    // --- settlement ------------------------------------------------------------------------------

    function test_completion_paysTheDesignerTheRoyaltyAcrossMilestones() public {
        uint256 id = _licensedOrder();
        vm.expectEmit(address(market));
        emit IOrderMarket.RoyaltyPaid(id, designer, ROYALTY * 3 / 10);
        vm.prank(customer);
        market.approveMilestone(id); // 30 %
        _releaseMilestone(id); // 50 %
        assertEq(_owed(designer), ROYALTY * 8 / 10);
        assertEq(_owed(maker), (PRICE - ROYALTY) * 8 / 10);
        _ship(id);
        vm.expectEmit(address(market));
        emit IOrderMarket.RoyaltyPaid(id, designer, ROYALTY * 2 / 10);
        _accept(id);
        assertEq(_owed(designer), ROYALTY, "units * royaltyPerUnit");
        assertEq(_owed(maker), PRICE - ROYALTY);
        assertEq(_owed(treasury), _fee(PRICE));
        assertEq(_owed(designer) + _owed(maker) + _owed(treasury) + _owed(customer), PRICE + _fee(PRICE));

        vm.prank(designer);
        market.withdraw(address(usd));
        assertEq(usd.balanceOf(designer), ROYALTY);
    }

    function test_completion_paysTheRoyaltyFixedAtAwardWhateverTheLicenceBecomes() public {
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.expiresAt = uint40(block.timestamp + 3 days); // after award, before delivery
        uint256 expiring = _licence(terms);
        uint256 id = _awardedOrder(_licensedParams(expiring), PRICE);
        vm.prank(designer);
        designs.endLicence(expiring);
        vm.warp(block.timestamp + 5 days);
        _releaseMilestone(id);
        _ship(id);
        _accept(id);
        assertEq(_owed(designer), ROYALTY);
        assertEq(_owed(maker), PRICE - ROYALTY);
    }

    function test_completion_paysTheRoyaltyToTheOwnerAtAward() public {
        uint256 id = _licensedOrder();
        address buyer = makeAddr("design buyer");
        vm.prank(designer);
        designs.transferFrom(designer, buyer, designId);
        _ship(id);
        _accept(id);
        assertEq(_owed(designer), ROYALTY);
        assertEq(_owed(buyer), 0);
    }

    function test_completion_aRoyaltyOfThePriceLeavesTheMakerNothing() public {
        uint256 id = _awardedOrder(_licensedParams(licenceId), ROYALTY);
        _releaseMilestone(id);
        _ship(id);
        _accept(id);
        assertEq(_owed(designer), ROYALTY);
        assertEq(_owed(maker), 0);
    }

    function test_completion_aFreeLicencePaysNoRoyalty() public {
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.royaltyPerUnit = 0;
        uint256 id = _awardedOrder(_licensedParams(_licence(terms)), PRICE);
        _ship(id);
        _accept(id);
        assertEq(_owed(designer), 0);
        assertEq(_owed(maker), PRICE);
    }

    function test_completion_roundsTheRoyaltyDownInTheMakersFavour() public {
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.royaltyPerUnit = 1; // royalty 10 base units of a price of 4,000e6: each share rounds to 0
        uint256 id = _awardedOrder(_licensedParams(_licence(terms)), 999);
        _releaseMilestone(id); // 299 paid: 299 * 10 / 999 = 2
        _ship(id);
        _accept(id); // 700 paid: 7
        assertEq(_owed(designer), 9);
        assertEq(_owed(maker), 990);
    }

    function test_cancelOrder_paysTheRoyaltyProRata() public {
        uint256 id = _licensedOrder();
        uint256 compensation = market.cancellationCompensation(id);
        assertEq(compensation, PRICE * CANCELLATION_FLOOR_PERCENT / 100);
        vm.prank(customer);
        market.cancelOrder(id);
        assertEq(_owed(designer), compensation * ROYALTY / PRICE);
        assertEq(_owed(maker), compensation - compensation * ROYALTY / PRICE);
        assertEq(_owed(designer) + _owed(maker) + _owed(treasury) + _owed(customer), PRICE + _fee(PRICE));
    }

    function test_claimDefault_paysTheRoyaltyOnlyOnReleasedMilestones() public {
        uint256 id = _licensedOrder();
        _releaseMilestone(id);
        vm.warp(market.getOrder(id).dueAt + LATE_GRACE + 1);
        vm.prank(customer);
        market.claimDefault(id);
        assertEq(_owed(designer), ROYALTY * 3 / 10);
        assertEq(_owed(maker), (PRICE - ROYALTY) * 3 / 10);
        assertEq(_owed(designer) + _owed(maker) + _owed(treasury) + _owed(customer), PRICE + _fee(PRICE));
    }

    function test_rule_paysTheRoyaltyOnWhatTheMakerWins() public {
        uint256 id = _licensedOrder();
        _ship(id);
        vm.prank(customer);
        market.dispute(id, keccak256("scratched"));
        vm.prank(arbiter);
        market.rule(id, 5_000, 0);
        assertEq(_owed(designer), ROYALTY / 2);
        assertEq(_owed(maker), (PRICE - ROYALTY) / 2);
        assertEq(_owed(designer) + _owed(maker) + _owed(treasury) + _owed(customer), PRICE + _fee(PRICE));
    }

    function test_expireDispute_paysTheRoyaltyOnHalf() public {
        uint256 id = _licensedOrder();
        _ship(id);
        vm.prank(maker);
        market.dispute(id, keccak256("late payment"));
        vm.warp(market.getOrder(id).rulingEnds + 1);
        market.expireDispute(id);
        assertEq(_owed(designer), ROYALTY / 2);
        assertEq(_owed(maker), (PRICE - ROYALTY) / 2);
    }
}
