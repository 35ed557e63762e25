// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC165} from "@openzeppelin/contracts/interfaces/IERC165.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC721} from "@openzeppelin/contracts/interfaces/IERC721.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {DesignRegistry} from "../../src/ip/DesignRegistry.sol";
import {IDesignRegistry} from "../../src/ip/interfaces/IDesignRegistry.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Fixture} from "../utils/Fixture.sol";

/// @notice A contract that cannot receive ERC-721 tokens (no onERC721Received).
contract NotAReceiver {
    function registerDesign(DesignRegistry designs) external returns (uint256) {
        return designs.register(keccak256("x"), "cid", "title", 0);
    }
}

/// @notice Designs, versions, licences, the market's metering and ERC-2981. This test contract
/// plays the market (it is the registry's `market`), so it calls `recordUnits` itself.
contract DesignRegistryTest is Fixture {
    bytes32 internal constant HASH = keccak256("bracket.step");
    string internal constant CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    uint96 internal constant ROYALTY = 2e6;
    uint64 internal constant MAX_UNITS = 100;

    DesignRegistry internal designs;
    MockERC20 internal token;
    address internal designer = makeAddr("designer");
    address internal buyer = makeAddr("buyer");

    function setUp() public override {
        super.setUp();
        token = new MockERC20("Token", "TOK", 6);
        designs = new DesignRegistry(governance, address(this), 250);
    }

    function _register(address who, uint256 parentId) internal returns (uint256) {
        vm.prank(who);
        return designs.register(HASH, CID, "Bracket", parentId);
    }

    function _makers(address a) internal pure returns (address[] memory makers) {
        makers = new address[](1);
        makers[0] = a;
    }

    function _terms() internal view returns (IDesignRegistry.LicenceTerms memory) {
        return IDesignRegistry.LicenceTerms({
            paymentToken: address(token),
            royaltyPerUnit: ROYALTY,
            maxUnits: MAX_UNITS,
            expiresAt: uint40(T0 + 30 days),
            open: false,
            makers: _makers(maker)
        });
    }

    function _licence(uint256 designId, IDesignRegistry.LicenceTerms memory terms) internal returns (uint256) {
        vm.prank(designer);
        return designs.createLicence(designId, terms);
    }

    function _designWithLicence() internal returns (uint256 designId, uint256 licenceId) {
        designId = _register(designer, 0);
        licenceId = _licence(designId, _terms());
    }

    function _expectLicenceInvalid(uint256 designId, IDesignRegistry.LicenceTerms memory terms, string memory field, string memory reason)
        internal
    {
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.LicenceInvalid.selector, field, reason));
        designs.createLicence(designId, terms);
    }

    // ---------------------------------------------------------------- constructor and governance

    function test_constructor_setsMarketAndResaleRoyalty() public view {
        assertEq(designs.market(), address(this));
        assertEq(uint256(designs.resaleRoyaltyBps()), 250);
        assertEq(designs.owner(), governance);
        assertEq(designs.name(), "DIPNET Design");
        assertEq(designs.symbol(), "DESIGN");
    }

    function test_constructor_revertsForNonContractMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.DesignInvalidMarket.selector, stranger));
        new DesignRegistry(governance, stranger, 0);
    }

    function test_constructor_revertsForResaleRoyaltyAboveTenPercent() public {
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.DesignResaleRoyaltyTooHigh.selector, 1001, 1000));
        new DesignRegistry(governance, address(this), 1001);
    }

    function test_setMarket_governanceMovesTheMarketAndEmits() public {
        address next = address(token);
        vm.expectEmit(address(designs));
        emit IDesignRegistry.MarketSet(next);
        vm.prank(governance);
        designs.setMarket(next);
        assertEq(designs.market(), next);
        (, uint256 licenceId) = _designWithLicence();
        _expectRevertAs(address(this), abi.encodeWithSelector(IDesignRegistry.DesignNotMarket.selector, address(this)));
        designs.recordUnits(licenceId, maker, 1);
    }

    function test_setMarket_revertsForNonContract() public {
        _expectRevertAs(governance, abi.encodeWithSelector(IDesignRegistry.DesignInvalidMarket.selector, stranger));
        designs.setMarket(stranger);
    }

    function test_setResaleRoyaltyBps_boundedAndEmits() public {
        vm.expectEmit(address(designs));
        emit IDesignRegistry.ResaleRoyaltySet(1000);
        vm.prank(governance);
        designs.setResaleRoyaltyBps(1000);
        assertEq(uint256(designs.resaleRoyaltyBps()), 1000);
        _expectRevertAs(governance, abi.encodeWithSelector(IDesignRegistry.DesignResaleRoyaltyTooHigh.selector, 1001, 1000));
        designs.setResaleRoyaltyBps(1001);
    }

    function test_governance_isTwoStepAndOwnerOnly() public {
        _assertTwoStepOwnershipTransfer(
            Ownable2Step(address(designs)), abi.encodeCall(IDesignRegistry.setResaleRoyaltyBps, (100))
        );
    }

    function test_setMarket_onlyGovernance() public {
        _expectRevertAs(stranger, abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", stranger));
        designs.setMarket(address(token));
    }

    // ---------------------------------------------------------------- register

    function test_register_mintsToTheCallerWithItsRecordAndEmits() public {
        vm.warp(T0 + 123);
        vm.expectEmit(address(designs));
        emit IDesignRegistry.DesignRegistered(1, designer, 0, HASH, CID, "Bracket");
        vm.expectEmit(address(designs));
        emit IERC721.Transfer(address(0), designer, 1);
        assertEq(_register(designer, 0), 1);
        assertEq(designs.ownerOf(1), designer);
        assertEq(designs.designCount(), 1);
        IDesignRegistry.Design memory d = designs.design(1);
        assertEq(d.contentHash, HASH);
        assertEq(d.parentId, 0);
        assertEq(d.registrant, designer);
        assertEq(uint256(d.registeredAt), T0 + 123);
        assertEq(d.cid, CID);
        assertEq(d.title, "Bracket");
    }

    function test_register_aVersionPointsToItsParent() public {
        uint256 original = _register(designer, 0);
        uint256 v2 = _register(designer, original);
        uint256 v3 = _register(designer, original);
        assertEq(designs.design(v2).parentId, original);
        uint256[] memory versions = designs.versionsOf(original);
        assertEq(versions.length, 2);
        assertEq(versions[0], v2);
        assertEq(versions[1], v3);
        assertEq(designs.versionsOf(v2).length, 0);
    }

    function test_register_onlyTheParentsOwnerAddsVersions() public {
        uint256 original = _register(designer, 0);
        _expectRevertAs(stranger, abi.encodeWithSelector(IDesignRegistry.DesignNotOwner.selector, original, stranger));
        designs.register(HASH, CID, "Fork", original);
        // After a transfer the new owner does, the registrant no longer.
        vm.prank(designer);
        designs.transferFrom(designer, buyer, original);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignNotOwner.selector, original, designer));
        designs.register(HASH, CID, "v2", original);
        assertEq(_register(buyer, original), 2);
    }

    function test_register_revertsForAnUnknownParent() public {
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignUnknown.selector, 7));
        designs.register(HASH, CID, "v2", 7);
    }

    function test_register_revertsForBadFields() public {
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignInvalid.selector, "contentHash", "must not be zero"));
        designs.register(bytes32(0), CID, "t", 0);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignInvalid.selector, "cid", "must not be empty"));
        designs.register(HASH, "", "t", 0);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignInvalid.selector, "cid", "too long"));
        designs.register(HASH, string(new bytes(129)), "t", 0);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignInvalid.selector, "title", "must not be empty"));
        designs.register(HASH, CID, "", 0);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignInvalid.selector, "title", "too long"));
        designs.register(HASH, CID, string(new bytes(201)), 0);
        assertEq(designs.designCount(), 0);
    }

    function test_register_revertsForAContractThatCannotHoldTokens() public {
        NotAReceiver c = new NotAReceiver();
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(c)));
        c.registerDesign(designs);
    }

    function test_design_revertsForAnUnknownId() public {
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.DesignUnknown.selector, 1));
        designs.design(1);
    }

    // ---------------------------------------------------------------- licences

    function test_createLicence_storesTheTermsAndEmits() public {
        uint256 designId = _register(designer, 0);
        IDesignRegistry.LicenceTerms memory terms = _terms();
        vm.expectEmit(address(designs));
        emit IDesignRegistry.LicenceCreated(1, designId, designer, terms);
        assertEq(_licence(designId, terms), 1);
        IDesignRegistry.Licence memory l = designs.licence(1);
        assertEq(l.designId, designId);
        assertEq(l.paymentToken, address(token));
        assertEq(uint256(l.royaltyPerUnit), ROYALTY);
        assertEq(uint256(l.maxUnits), MAX_UNITS);
        assertEq(uint256(l.unitsBuilt), 0);
        assertEq(uint256(l.expiresAt), T0 + 30 days);
        assertEq(uint256(l.endedAt), 0);
        assertFalse(l.open);
        assertTrue(designs.isLicensedMaker(1, maker));
        assertFalse(designs.isLicensedMaker(1, maker2));
        assertEq(designs.licencesOf(designId).length, 1);
        assertEq(designs.licenceCount(), 1);
    }

    function test_createLicence_openLicenceAllowsAnyMaker() public {
        uint256 designId = _register(designer, 0);
        IDesignRegistry.LicenceTerms memory terms = _terms();
        terms.open = true;
        terms.makers = new address[](0);
        terms.expiresAt = 0;
        uint256 licenceId = _licence(designId, terms);
        assertTrue(designs.isLicensedMaker(licenceId, stranger));
        vm.warp(T0 + 3650 days); // no expiry
        (address recipient, uint256 royalty) = designs.checkLicence(licenceId, stranger, 3);
        assertEq(recipient, designer);
        assertEq(royalty, 3 * uint256(ROYALTY));
    }

    function test_createLicence_onlyTheDesignsOwner() public {
        uint256 designId = _register(designer, 0);
        IDesignRegistry.LicenceTerms memory terms = _terms();
        _expectRevertAs(stranger, abi.encodeWithSelector(IDesignRegistry.DesignNotOwner.selector, designId, stranger));
        designs.createLicence(designId, terms);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.DesignUnknown.selector, 9));
        designs.createLicence(9, terms);
    }

    function test_createLicence_revertsForBadTerms() public {
        uint256 designId = _register(designer, 0);
        IDesignRegistry.LicenceTerms memory t = _terms();
        t.paymentToken = address(0);
        _expectLicenceInvalid(designId, t, "paymentToken", "must not be zero");
        t = _terms();
        t.maxUnits = 0;
        _expectLicenceInvalid(designId, t, "maxUnits", "must be greater than zero");
        t = _terms();
        t.expiresAt = uint40(T0);
        _expectLicenceInvalid(designId, t, "expiresAt", "must be in the future, or 0 for no expiry");
        t = _terms();
        t.open = true;
        _expectLicenceInvalid(designId, t, "makers", "must be empty for an open licence");
        t = _terms();
        t.makers = new address[](0);
        _expectLicenceInvalid(designId, t, "makers", "must name a maker unless open");
        t = _terms();
        t.makers = new address[](65);
        _expectLicenceInvalid(designId, t, "makers", "must name at most 64 makers");
        t = _terms();
        t.makers = new address[](2);
        t.makers[0] = maker;
        _expectLicenceInvalid(designId, t, "makers", "must not contain the zero address");
        assertEq(designs.licenceCount(), 0);
    }

    function test_licence_revertsForAnUnknownId() public {
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.LicenceUnknown.selector, 1));
        designs.licence(1);
    }

    function test_endLicence_endsItForTheFutureOnly() public {
        (, uint256 licenceId) = _designWithLicence();
        designs.recordUnits(licenceId, maker, 4);
        vm.warp(T0 + 1 days);
        vm.expectEmit(address(designs));
        emit IDesignRegistry.LicenceEnded(licenceId, 1, designer);
        vm.prank(designer);
        designs.endLicence(licenceId);
        IDesignRegistry.Licence memory l = designs.licence(licenceId);
        assertEq(uint256(l.endedAt), T0 + 1 days);
        assertEq(uint256(l.unitsBuilt), 4, "recorded units stand");
        bytes memory ended = abi.encodeWithSelector(IDesignRegistry.LicenceHasEnded.selector, licenceId, uint40(T0 + 1 days));
        vm.expectRevert(ended);
        designs.checkLicence(licenceId, maker, 1);
        vm.expectRevert(ended);
        designs.recordUnits(licenceId, maker, 1);
        _expectRevertAs(designer, ended);
        designs.endLicence(licenceId);
    }

    function test_endLicence_onlyTheDesignsOwner() public {
        (, uint256 licenceId) = _designWithLicence();
        _expectRevertAs(stranger, abi.encodeWithSelector(IDesignRegistry.DesignNotOwner.selector, 1, stranger));
        designs.endLicence(licenceId);
        _expectRevertAs(designer, abi.encodeWithSelector(IDesignRegistry.LicenceUnknown.selector, 5));
        designs.endLicence(5);
    }

    // ---------------------------------------------------------------- checkLicence and recordUnits

    function test_recordUnits_metersAndPaysTheDesignsCurrentOwner() public {
        (uint256 designId, uint256 licenceId) = _designWithLicence();
        vm.expectEmit(address(designs));
        emit IDesignRegistry.UnitsRecorded(licenceId, maker, 10, 10, designer, 10 * uint256(ROYALTY));
        (address recipient, uint256 royalty) = designs.recordUnits(licenceId, maker, 10);
        assertEq(recipient, designer);
        assertEq(royalty, 10 * uint256(ROYALTY));
        vm.prank(designer);
        designs.transferFrom(designer, buyer, designId);
        (recipient,) = designs.recordUnits(licenceId, maker, 5);
        assertEq(recipient, buyer, "royalties follow the token");
        assertEq(uint256(designs.licence(licenceId).unitsBuilt), 15);
    }

    function test_recordUnits_onlyTheMarket() public {
        (, uint256 licenceId) = _designWithLicence();
        _expectRevertAs(maker, abi.encodeWithSelector(IDesignRegistry.DesignNotMarket.selector, maker));
        designs.recordUnits(licenceId, maker, 1);
    }

    function test_checkLicence_revertsForAnUnlicensedMaker() public {
        (, uint256 licenceId) = _designWithLicence();
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.LicenceMakerNotAllowed.selector, licenceId, maker2));
        designs.checkLicence(licenceId, maker2, 1);
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.LicenceMakerNotAllowed.selector, licenceId, maker2));
        designs.recordUnits(licenceId, maker2, 1);
    }

    function test_checkLicence_revertsOverTheCap() public {
        (, uint256 licenceId) = _designWithLicence();
        designs.recordUnits(licenceId, maker, MAX_UNITS - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDesignRegistry.LicenceCapExceeded.selector, licenceId, MAX_UNITS - 1, uint64(2), MAX_UNITS)
        );
        designs.recordUnits(licenceId, maker, 2);
        designs.recordUnits(licenceId, maker, 1);
        assertEq(uint256(designs.licence(licenceId).unitsBuilt), MAX_UNITS);
    }

    function test_checkLicence_revertsAfterExpiry() public {
        (, uint256 licenceId) = _designWithLicence();
        vm.warp(T0 + 30 days); // the last moment still counts
        designs.checkLicence(licenceId, maker, 1);
        vm.warp(T0 + 30 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.LicenceExpired.selector, licenceId, uint40(T0 + 30 days)));
        designs.recordUnits(licenceId, maker, 1);
    }

    function test_checkLicence_revertsForZeroUnitsAndUnknownLicences() public {
        (, uint256 licenceId) = _designWithLicence();
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.LicenceInvalid.selector, "units", "must be greater than zero"));
        designs.checkLicence(licenceId, maker, 0);
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.LicenceUnknown.selector, 2));
        designs.recordUnits(2, maker, 1);
    }

    /// @notice Whatever the order of recordings, units built never pass the cap, each royalty is
    /// units times the rate, and a recording is refused exactly when it would pass the cap.
    function testFuzz_recordUnits_neverPassesTheCap(uint64 maxUnits, uint96 royaltyPerUnit, uint64[8] memory batches)
        public
    {
        maxUnits = uint64(bound(maxUnits, 1, type(uint64).max));
        uint256 designId = _register(designer, 0);
        IDesignRegistry.LicenceTerms memory t = _terms();
        (t.maxUnits, t.royaltyPerUnit) = (maxUnits, royaltyPerUnit);
        uint256 licenceId = _licence(designId, t);
        uint256 built;
        for (uint256 i; i < batches.length; ++i) {
            uint64 units = uint64(bound(batches[i], 1, type(uint64).max));
            if (built + units > maxUnits) {
                vm.expectRevert(
                    abi.encodeWithSelector(IDesignRegistry.LicenceCapExceeded.selector, licenceId, uint64(built), units, maxUnits)
                );
                designs.recordUnits(licenceId, maker, units);
            } else {
                (, uint256 royalty) = designs.recordUnits(licenceId, maker, units);
                assertEq(royalty, uint256(units) * royaltyPerUnit);
                built += units;
            }
            assertEq(uint256(designs.licence(licenceId).unitsBuilt), built);
            assertLe(built, maxUnits);
        }
    }

    // ---------------------------------------------------------------- ERC-2981 and ERC-165

    function test_royaltyInfo_paysTheRegistrantOnResale() public {
        uint256 designId = _register(designer, 0);
        vm.prank(designer);
        designs.transferFrom(designer, buyer, designId);
        (address receiver, uint256 amount) = designs.royaltyInfo(designId, 10_000e6);
        assertEq(receiver, designer, "the author, not the current owner");
        assertEq(amount, 250e6);
        vm.expectRevert(abi.encodeWithSelector(IDesignRegistry.DesignUnknown.selector, 2));
        designs.royaltyInfo(2, 1);
    }

    function testFuzz_royaltyInfo_isTheRateOfThePrice(uint256 salePrice, uint16 bps) public {
        bps = uint16(bound(bps, 0, 1000));
        salePrice = bound(salePrice, 0, type(uint256).max / 1000);
        vm.prank(governance);
        designs.setResaleRoyaltyBps(bps);
        uint256 designId = _register(designer, 0);
        (, uint256 amount) = designs.royaltyInfo(designId, salePrice);
        assertEq(amount, salePrice * bps / 10_000);
        assertLe(amount, salePrice / 10);
    }

    function test_supportsInterface_erc721AndErc2981() public view {
        assertTrue(designs.supportsInterface(type(IERC2981).interfaceId));
        assertTrue(designs.supportsInterface(type(IERC721).interfaceId));
        assertTrue(designs.supportsInterface(type(IERC165).interfaceId));
        assertFalse(designs.supportsInterface(0xdeadbeef));
    }
}
