// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ConfidentialAccess} from "../../src/ip/ConfidentialAccess.sol";
import {DesignRegistry} from "../../src/ip/DesignRegistry.sol";
import {IDesignRegistry} from "../../src/ip/interfaces/IDesignRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @title Gas of the design registry and confidential access
/// @notice Each action's whole transaction (isolated: cold storage, refunds applied) into
/// `snapshots/Designs.json`: registering a design and a version, a licence for one maker, the
/// market's metering at award, and an order's package, NDA acceptance, grant and revocation.
contract DesignsGasTest is MarketFixture {
    string internal constant GROUP = "Designs";
    string internal constant CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    DesignRegistry internal designs;
    ConfidentialAccess internal access;

    function setUp() public override {
        super.setUp();
        designs = new DesignRegistry(governance, address(market), 250);
        access = new ConfidentialAccess(address(market));
    }

    /// forge-config: default.isolate = true
    function test_gas_designsAndLicences() public {
        address designer = makeAddr("designer");
        vm.prank(designer);
        uint256 designId = designs.register(keccak256("v1"), CID, "Bracket", 0);
        vm.snapshotGasLastCall(GROUP, "register (original)");
        vm.prank(designer);
        designs.register(keccak256("v2"), CID, "Bracket rev B", designId);
        vm.snapshotGasLastCall(GROUP, "register (version)");
        address[] memory makers = new address[](1);
        makers[0] = maker;
        vm.prank(designer);
        uint256 licenceId = designs.createLicence(
            designId,
            IDesignRegistry.LicenceTerms({
                paymentToken: address(usd),
                royaltyPerUnit: 2e6,
                maxUnits: 100,
                expiresAt: uint40(block.timestamp + 30 days),
                open: false,
                makers: makers
            })
        );
        vm.snapshotGasLastCall(GROUP, "createLicence (1 maker)");
        vm.prank(address(market));
        designs.recordUnits(licenceId, maker, 10);
        vm.snapshotGasLastCall(GROUP, "recordUnits (first)");
        vm.prank(address(market));
        designs.recordUnits(licenceId, maker, 10);
        vm.snapshotGasLastCall(GROUP, "recordUnits (later)");
    }

    /// forge-config: default.isolate = true
    function test_gas_confidentialAccess() public {
        uint256 orderId = _openRfq();
        vm.prank(customer);
        access.setPackage(orderId, keccak256("nda"), "bafy-package", "bafy-preview");
        vm.snapshotGasLastCall(GROUP, "setPackage");
        vm.prank(maker);
        access.acceptNda(orderId, keccak256("nda"));
        vm.snapshotGasLastCall(GROUP, "acceptNda");
        vm.prank(customer);
        uint256 grantId = access.grant(orderId, maker, "bafy-package", "bafy-envelope");
        vm.snapshotGasLastCall(GROUP, "grant (before award)");
        vm.prank(customer);
        access.revoke(grantId);
        vm.snapshotGasLastCall(GROUP, "revoke");
    }
}
