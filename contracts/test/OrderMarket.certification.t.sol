// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CertifierRegistry} from "../src/identity/CertifierRegistry.sol";
import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../src/OrderMarket.sol";
import {IdentityFixture} from "./identity/IdentityFixture.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice RFQs that require a certification: only makers holding a valid (unexpired, unrevoked,
/// admitted-issuer) one can bid, and only they can be awarded.
contract OrderMarketCertificationTest is MarketFixture, IdentityFixture {
    function setUp() public override(MarketFixture, IdentityFixture) {
        super.setUp();
        vm.prank(governance);
        market.setCertifierRegistry(address(certifiers));
    }

    function _requiring(bytes32 certificationType) internal returns (uint256) {
        IOrderMarket.RfqParams memory p = _params();
        p.requiredCertification = certificationType;
        return _createRfq(p);
    }

    function _missing(uint256 orderId, address who, bytes32 certificationType) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(
            IOrderMarket.MarketCertificationMissing.selector, orderId, who, certificationType
        );
    }

    // --- governance ------------------------------------------------------------------------------

    function test_setCertifierRegistry_storesAndEmits() public {
        CertifierRegistry other = new CertifierRegistry(eas, governance);
        vm.expectEmit(address(market));
        emit IOrderMarket.CertifierRegistrySet(address(other));
        vm.prank(governance);
        market.setCertifierRegistry(address(other));
        assertEq(market.certifierRegistry(), address(other));
    }

    function test_setCertifierRegistry_revertsOnNonContract() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IOrderMarket.MarketInvalidParameter.selector, "certifierRegistry", "must be a contract"
            )
        );
        vm.prank(governance);
        market.setCertifierRegistry(stranger);
    }

    // --- RFQ -------------------------------------------------------------------------------------

    function test_createRfq_recordsTheRequirement() public {
        uint256 id = _requiring(ISO_9001);
        assertEq(market.getOrder(id).requiredCertification, ISO_9001);
        assertEq(market.getOrder(_openRfq()).requiredCertification, bytes32(0));
    }

    function test_createRfq_revertsWithoutCertifierRegistry() public {
        OrderMarket bare =
            new OrderMarket(governance, address(registry), treasury, _defaultParameters());
        vm.prank(governance);
        bare.setPaymentToken(address(usd), true);
        IOrderMarket.RfqParams memory p = _params();
        p.requiredCertification = ISO_9001;
        vm.expectRevert(
            abi.encodeWithSelector(
                IOrderMarket.MarketInvalidRfq.selector,
                "requiredCertification",
                "needs a certifier registry, and none is set"
            )
        );
        vm.prank(customer);
        bare.createRfq(p);
    }

    // --- bids ------------------------------------------------------------------------------------

    function test_bid_needsAValidCertificationOfTheRequiredType() public {
        uint256 id = _requiring(ISO_9001);
        vm.expectRevert(_missing(id, maker, ISO_9001));
        _bid(id, maker, PRICE, LEAD_TIME);

        _certify(certifier, maker, AS9100); // another type does not count
        vm.expectRevert(_missing(id, maker, ISO_9001));
        _bid(id, maker, PRICE, LEAD_TIME);

        _certify(certifier, maker, ISO_9001);
        _bid(id, maker, PRICE, LEAD_TIME);
        assertEq(uint256(market.getBid(id, maker).state), uint256(IOrderMarket.BidState.Active));
    }

    function test_bid_withoutRequirementNeedsNoCertification() public {
        uint256 id = _openRfq();
        _bid(id, maker, PRICE, LEAD_TIME);
        assertEq(uint256(market.getBid(id, maker).state), uint256(IOrderMarket.BidState.Active));
    }

    function test_commitBid_needsTheCertificationToo() public {
        IOrderMarket.RfqParams memory p = _sealedParams();
        p.requiredCertification = ISO_9001;
        uint256 id = _createRfq(p);
        bytes32 commitment = market.bidCommitment(id, maker, PRICE, LEAD_TIME, _salt(maker));
        _expectRevertAs(maker, _missing(id, maker, ISO_9001));
        market.commitBid(id, commitment);
        _certify(certifier, maker, ISO_9001);
        vm.prank(maker);
        market.commitBid(id, commitment);
    }

    function test_bid_refusedOnceTheCertificationIsRevoked() public {
        uint256 id = _requiring(ISO_9001);
        bytes32 uid = _certify(certifier, maker, ISO_9001);
        _bid(id, maker, PRICE, LEAD_TIME);
        _revoke(certifier, certifiers.certificationSchema(), uid);
        vm.expectRevert(_missing(id, maker, ISO_9001));
        _bid(id, maker, PRICE - 1, LEAD_TIME); // revising needs it as much as bidding
    }

    function testFuzz_bid_acceptedExactlyBeforeExpiry(uint32 validFor, uint32 bidAfter) public {
        validFor = uint32(bound(validFor, 1, 1 days));
        bidAfter = uint32(bound(bidAfter, 0, 1 days)); // bidding stays open for 2 days
        uint256 id = _requiring(ISO_9001);
        uint64 expiry = uint64(block.timestamp) + validFor;
        _certify(certifier, maker, ISO_9001, expiry);
        vm.warp(block.timestamp + bidAfter);
        if (block.timestamp >= expiry) vm.expectRevert(_missing(id, maker, ISO_9001));
        _bid(id, maker, PRICE, LEAD_TIME);
    }

    // --- award -----------------------------------------------------------------------------------

    function test_award_refusedWhenTheCertificationLapsedAfterTheBid() public {
        uint256 id = _requiring(ISO_9001);
        bytes32 uid = _certify(certifier, maker, ISO_9001);
        _certify(certifier, maker2, ISO_9001, uint64(block.timestamp + 1 days)); // expires before bidding closes
        _bid(id, maker, PRICE, LEAD_TIME);
        _bid(id, maker2, PRICE - 1, LEAD_TIME);
        _revoke(certifier, certifiers.certificationSchema(), uid);
        _closeBidding(id);
        _assertAwardReverts(id, customer, _missing(id, maker, ISO_9001));
        _expectRevertAs(customer, _missing(id, maker2, ISO_9001));
        market.award(id, maker2, PRICE - 1, LEAD_TIME);

        _certify(certifier, maker, ISO_9001); // re-certified
        _award(id, maker);
        _assertStatus(id, IOrderMarket.Status.Awarded);
    }
}
