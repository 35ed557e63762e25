// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {ConfidentialAccess} from "../../src/ip/ConfidentialAccess.sol";
import {IConfidentialAccess} from "../../src/ip/interfaces/IConfidentialAccess.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Packages, NDA acceptance, grants and revocations along an order's life on the market fixture.
contract ConfidentialAccessTest is MarketFixture {
    bytes32 internal constant NDA = keccak256("nda-v1");
    string internal constant PACKAGE = "bafy-package";
    string internal constant PREVIEW = "bafy-preview";
    string internal constant FILE = "bafy-file-v1";
    string internal constant ENVELOPE = "bafy-envelope";

    ConfidentialAccess internal access;
    address internal subTier = makeAddr("subTier");

    function setUp() public override {
        super.setUp();
        access = new ConfidentialAccess(address(market));
    }

    function _setPackage(uint256 orderId, bytes32 nda) internal {
        vm.prank(customer);
        access.setPackage(orderId, nda, PACKAGE, PREVIEW);
    }

    function _accept(uint256 orderId, address who) internal {
        vm.prank(who);
        access.acceptNda(orderId, NDA);
    }

    function _grant(uint256 orderId, address from, address to) internal returns (uint256) {
        vm.prank(from);
        return access.grant(orderId, to, FILE, ENVELOPE);
    }

    /// @notice An open RFQ with its package, where `maker` accepted the NDA and bid.
    function _rfqWithPackage() internal returns (uint256 orderId) {
        orderId = _openRfq();
        _setPackage(orderId, NDA);
        _accept(orderId, maker);
        _bid(orderId, maker, PRICE, LEAD_TIME);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_revertsForNonContractMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IConfidentialAccess.AccessInvalidMarket.selector, stranger));
        new ConfidentialAccess(stranger);
    }

    function test_orderMarket_isTheMarket() public view {
        assertEq(access.orderMarket(), address(market));
    }

    // ---------------------------------------------------------------- setPackage

    function test_setPackage_storesVersionsAndEmits() public {
        uint256 orderId = _openRfq();
        vm.expectEmit(address(access));
        emit IConfidentialAccess.PackageSet(orderId, customer, 1, NDA, PACKAGE, PREVIEW);
        _setPackage(orderId, NDA);
        IConfidentialAccess.Package memory p = access.packageOf(orderId);
        assertEq(p.ndaHash, NDA);
        assertEq(uint256(p.version), 1);
        assertEq(uint256(p.setAt), block.timestamp);
        assertEq(p.packageCid, PACKAGE);
        assertEq(p.previewCid, PREVIEW);
        vm.prank(customer);
        access.setPackage(orderId, keccak256("nda-v2"), "bafy-package-2", "");
        p = access.packageOf(orderId);
        assertEq(uint256(p.version), 2);
        assertEq(p.previewCid, "");
    }

    function test_setPackage_onlyTheCustomer() public {
        uint256 orderId = _openRfq();
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNotCustomer.selector, orderId, maker));
        access.setPackage(orderId, NDA, PACKAGE, PREVIEW);
    }

    function test_setPackage_onlyWhileBiddingIsOpen() public {
        uint256 orderId = _openRfq();
        uint40 biddingEnds = market.getOrder(orderId).biddingEnds;
        vm.warp(biddingEnds);
        _expectRevertAs(
            customer,
            abi.encodeWithSelector(
                IConfidentialAccess.AccessBiddingClosed.selector, orderId, IOrderMarket.Status.Open, biddingEnds
            )
        );
        access.setPackage(orderId, NDA, PACKAGE, PREVIEW);
        uint256 awarded = _awardedOrder();
        _expectRevertAs(
            customer,
            abi.encodeWithSelector(
                IConfidentialAccess.AccessBiddingClosed.selector, awarded, IOrderMarket.Status.Awarded, uint40(0)
            )
        );
        access.setPackage(awarded, NDA, PACKAGE, PREVIEW);
    }

    function test_setPackage_revertsForAnUnknownOrder() public {
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 42));
        access.setPackage(42, NDA, PACKAGE, PREVIEW);
    }

    function test_setPackage_revertsForBadFields() public {
        uint256 orderId = _openRfq();
        string memory long = string(new bytes(129));
        bytes4 invalid = IConfidentialAccess.AccessInvalid.selector;
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "ndaHash", "must not be zero"));
        access.setPackage(orderId, bytes32(0), PACKAGE, PREVIEW);
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "packageCid", "must not be empty"));
        access.setPackage(orderId, NDA, "", PREVIEW);
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "packageCid", "too long"));
        access.setPackage(orderId, NDA, long, PREVIEW);
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "previewCid", "too long"));
        access.setPackage(orderId, NDA, PACKAGE, long);
        vm.expectRevert(abi.encodeWithSelector(IConfidentialAccess.AccessNoPackage.selector, orderId));
        access.packageOf(orderId);
    }

    // ---------------------------------------------------------------- acceptNda

    function test_acceptNda_recordsTheCurrentNdaAndEmits() public {
        uint256 orderId = _openRfq();
        _setPackage(orderId, NDA);
        assertFalse(access.hasAcceptedNda(orderId, maker));
        vm.expectEmit(address(access));
        emit IConfidentialAccess.NdaAccepted(orderId, maker, NDA);
        _accept(orderId, maker);
        assertTrue(access.hasAcceptedNda(orderId, maker));
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNdaAlreadyAccepted.selector, orderId, maker));
        access.acceptNda(orderId, NDA);
        // A new NDA must be accepted again.
        bytes32 nda2 = keccak256("nda-v2");
        _setPackage(orderId, nda2);
        assertFalse(access.hasAcceptedNda(orderId, maker));
        vm.prank(maker);
        access.acceptNda(orderId, nda2);
        assertTrue(access.hasAcceptedNda(orderId, maker));
    }

    function test_acceptNda_revertsWithoutPackageOrForAnotherHash() public {
        uint256 orderId = _openRfq();
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNoPackage.selector, orderId));
        access.acceptNda(orderId, NDA);
        assertFalse(access.hasAcceptedNda(orderId, maker));
        _setPackage(orderId, NDA);
        bytes32 other = keccak256("other");
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNdaMismatch.selector, orderId, other, NDA));
        access.acceptNda(orderId, other);
    }

    // ---------------------------------------------------------------- grant before award

    function test_grant_beforeAwardToAnAccountThatAcceptedTheNda() public {
        uint256 orderId = _rfqWithPackage();
        vm.expectEmit(address(access));
        emit IConfidentialAccess.AccessGranted(1, orderId, maker, customer, FILE, ENVELOPE);
        assertEq(_grant(orderId, customer, maker), 1);
        IConfidentialAccess.Grant memory g = access.getGrant(1);
        assertEq(g.orderId, orderId);
        assertEq(g.grantor, customer);
        assertEq(g.grantee, maker);
        assertEq(uint256(g.grantedAt), block.timestamp);
        assertEq(uint256(g.revokedAt), 0);
        assertEq(g.fileCid, FILE);
        assertEq(g.keyEnvelopeCid, ENVELOPE);
        assertTrue(access.holds(orderId, maker, FILE));
        assertEq(access.grantsOf(orderId).length, 1);
        assertEq(access.grantCount(), 1);
    }

    function test_grant_beforeAwardRefusesWhoDidNotAcceptTheNda() public {
        uint256 orderId = _rfqWithPackage();
        _expectRevertAs(customer, abi.encodeWithSelector(IConfidentialAccess.AccessNdaNotAccepted.selector, orderId, maker2));
        access.grant(orderId, maker2, FILE, ENVELOPE);
        assertEq(access.grantCount(), 0);
    }

    function test_grant_beforeAwardOnlyTheCustomerGrants() public {
        uint256 orderId = _rfqWithPackage();
        _accept(orderId, maker2);
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNotGrantor.selector, orderId, maker));
        access.grant(orderId, maker2, FILE, ENVELOPE);
    }

    function test_grant_revertsForBadFields() public {
        uint256 orderId = _rfqWithPackage();
        bytes4 invalid = IConfidentialAccess.AccessInvalid.selector;
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "grantee", "must not be the zero address"));
        access.grant(orderId, address(0), FILE, ENVELOPE);
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "fileCid", "must not be empty"));
        access.grant(orderId, maker, "", ENVELOPE);
        _expectRevertAs(customer, abi.encodeWithSelector(invalid, "keyEnvelopeCid", "must not be empty"));
        access.grant(orderId, maker, FILE, "");
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 99));
        access.grant(99, maker, FILE, ENVELOPE);
    }

    // ---------------------------------------------------------------- grant after award

    function test_grant_afterAwardOnlyToTheAwardedMaker() public {
        uint256 orderId = _rfqWithPackage();
        _accept(orderId, maker2);
        _bid(orderId, maker2, PRICE, LEAD_TIME);
        _award(orderId, maker);
        _expectRevertAs(
            customer, abi.encodeWithSelector(IConfidentialAccess.AccessNotAwardedMaker.selector, orderId, maker2, maker)
        );
        access.grant(orderId, maker2, FILE, ENVELOPE);
        _grant(orderId, customer, maker);
        assertTrue(access.holds(orderId, maker, FILE));
        assertFalse(access.holds(orderId, maker2, FILE));
    }

    function test_grant_theMakerPassesOnWhatItHoldsToSubTiersThatAcceptedTheNda() public {
        uint256 orderId = _rfqWithPackage();
        _award(orderId, maker);
        _expectRevertAs(
            maker, abi.encodeWithSelector(IConfidentialAccess.AccessFileNotHeld.selector, orderId, maker, FILE)
        );
        access.grant(orderId, subTier, FILE, ENVELOPE);
        _grant(orderId, customer, maker);
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNdaNotAccepted.selector, orderId, subTier));
        access.grant(orderId, subTier, FILE, ENVELOPE);
        _accept(orderId, subTier);
        uint256 grantId = _grant(orderId, maker, subTier);
        assertEq(access.getGrant(grantId).grantor, maker);
        assertTrue(access.holds(orderId, subTier, FILE));
        // A sub-tier passes nothing on, and strangers grant nothing.
        _expectRevertAs(subTier, abi.encodeWithSelector(IConfidentialAccess.AccessNotGrantor.selector, orderId, subTier));
        access.grant(orderId, stranger, FILE, ENVELOPE);
    }

    function test_grant_laterStagesStillTakeGrants() public {
        uint256 orderId = _rfqWithPackage();
        _award(orderId, maker);
        _ship(orderId);
        _grant(orderId, customer, maker);
        vm.prank(customer);
        market.accept(orderId);
        _assertStatus(orderId, IOrderMarket.Status.Completed);
        _grant(orderId, customer, maker);
        assertEq(access.grantCount(), 2);
    }

    function test_grant_refusedOnCancelledOrders() public {
        uint256 orderId = _rfqWithPackage();
        vm.prank(customer);
        market.cancelRfq(orderId);
        _expectRevertAs(
            customer,
            abi.encodeWithSelector(IConfidentialAccess.AccessOrderClosed.selector, orderId, IOrderMarket.Status.Cancelled)
        );
        access.grant(orderId, maker, FILE, ENVELOPE);
    }

    function test_grant_refusedOnDefaultedOrders() public {
        uint256 orderId = _rfqWithPackage();
        _award(orderId, maker);
        IOrderMarket.Order memory o = market.getOrder(orderId);
        vm.warp(uint256(o.dueAt) + o.lateGrace + 1);
        vm.prank(customer);
        market.claimDefault(orderId);
        _expectRevertAs(
            customer,
            abi.encodeWithSelector(IConfidentialAccess.AccessOrderClosed.selector, orderId, IOrderMarket.Status.Defaulted)
        );
        access.grant(orderId, maker, FILE, ENVELOPE);
    }

    // ---------------------------------------------------------------- revoke

    function test_revoke_endsTheGrantAndWhatTheMakerCanPassOn() public {
        uint256 orderId = _rfqWithPackage();
        _award(orderId, maker);
        uint256 grantId = _grant(orderId, customer, maker);
        vm.warp(block.timestamp + 1 hours);
        vm.expectEmit(address(access));
        emit IConfidentialAccess.AccessRevoked(grantId, orderId, maker, customer);
        vm.prank(customer);
        access.revoke(grantId);
        assertEq(uint256(access.getGrant(grantId).revokedAt), block.timestamp);
        assertFalse(access.holds(orderId, maker, FILE));
        _accept(orderId, subTier);
        _expectRevertAs(
            maker, abi.encodeWithSelector(IConfidentialAccess.AccessFileNotHeld.selector, orderId, maker, FILE)
        );
        access.grant(orderId, subTier, FILE, ENVELOPE);
        _expectRevertAs(customer, abi.encodeWithSelector(IConfidentialAccess.AccessAlreadyRevoked.selector, grantId));
        access.revoke(grantId);
    }

    function test_revoke_onlyTheGrantor() public {
        uint256 orderId = _rfqWithPackage();
        uint256 grantId = _grant(orderId, customer, maker);
        _expectRevertAs(maker, abi.encodeWithSelector(IConfidentialAccess.AccessNotGrantorOf.selector, grantId, maker));
        access.revoke(grantId);
        _expectRevertAs(customer, abi.encodeWithSelector(IConfidentialAccess.AccessUnknownGrant.selector, 2));
        access.revoke(2);
        vm.expectRevert(abi.encodeWithSelector(IConfidentialAccess.AccessUnknownGrant.selector, 2));
        access.getGrant(2);
    }

    /// @notice However grants and revocations of one file interleave, the grantee holds the file
    /// exactly while at least one of its grants stands.
    function testFuzz_holds_whileAGrantStands(uint8[12] memory ops) public {
        uint256 orderId = _rfqWithPackage();
        uint256[] memory standing = new uint256[](ops.length);
        uint256 count;
        for (uint256 i; i < ops.length; ++i) {
            if (ops[i] % 2 == 0 || count == 0) {
                standing[count++] = _grant(orderId, customer, maker);
            } else {
                uint256 pick = ops[i] % count;
                vm.prank(customer);
                access.revoke(standing[pick]);
                standing[pick] = standing[--count];
            }
            assertEq(access.holds(orderId, maker, FILE), count > 0);
        }
    }
}
