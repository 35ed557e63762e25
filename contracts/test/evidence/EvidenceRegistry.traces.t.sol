// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {IEvidenceRegistry} from "../../src/evidence/interfaces/IEvidenceRegistry.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Traces and custody of an order's items, on a real order market: only the order's maker
/// creates its items, and neither an item id nor an event hash can be taken first by someone else.
contract EvidenceRegistryTracesTest is MarketFixture {
    bytes32 internal constant LOT = keccak256("urn:dipnet:lot:31337:1");

    EvidenceRegistry internal evidence;
    uint256 internal orderId;

    function setUp() public override {
        super.setUp();
        evidence = new EvidenceRegistry(address(new CapacityLedger(governance, address(registry))), address(market));
        orderId = _awardedOrder();
    }

    function test_recordTrace_firstTraceByTheMakerMakesItCustodian() public {
        vm.expectEmit(address(evidence));
        emit IEvidenceRegistry.TraceRecorded(LOT, keccak256("commissioned"), maker, orderId);
        vm.prank(maker);
        evidence.recordTrace(orderId, LOT, keccak256("commissioned"), address(0));
        assertEq(evidence.custodianOf(orderId, LOT), maker);
        IEvidenceRegistry.Trace memory t = evidence.traceOf(orderId, LOT, keccak256("commissioned"));
        assertEq(t.recorder, maker);
        assertEq(uint256(t.recordedAt), block.timestamp);
    }

    /// @dev The squatting attack: a stranger (or another order's maker) creates the predictable lot id first.
    function test_recordTrace_onlyTheOrderMakerCreatesItsItems() public {
        address[3] memory others = [stranger, customer, otherMaker];
        for (uint256 i; i < others.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IEvidenceRegistry.EvidenceNotOrderMaker.selector, orderId, others[i], maker)
            );
            vm.prank(others[i]);
            evidence.recordTrace(orderId, LOT, keccak256("junk"), address(0));
        }
        vm.prank(maker);
        evidence.recordTrace(orderId, LOT, keccak256("commissioned"), address(0));
        assertEq(evidence.custodianOf(orderId, LOT), maker);
    }

    function test_recordTrace_revertsBeforeAwardAndForUnknownOrders() public {
        uint256 open = _openRfq();
        _expectRevertAs(
            maker, abi.encodeWithSelector(IEvidenceRegistry.EvidenceNotOrderMaker.selector, open, maker, address(0))
        );
        evidence.recordTrace(open, LOT, keccak256("e"), address(0));
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketUnknownOrder.selector, 999));
        evidence.recordTrace(999, LOT, keccak256("e"), address(0));
    }

    /// @dev Another order's maker may use the same item id and event hash in its own order: it blocks nobody.
    function test_recordTrace_itemIdsAndHashesAreNamespacedByOrderAndItem() public {
        uint256 other = _openRfq();
        _bid(other, otherMaker, PRICE, LEAD_TIME);
        _award(other, otherMaker);
        vm.prank(otherMaker);
        evidence.recordTrace(other, LOT, keccak256("commissioned"), address(0));
        vm.prank(otherMaker);
        evidence.recordTrace(other, keccak256("shipment"), keccak256("packed"), address(0));
        vm.startPrank(maker);
        evidence.recordTrace(orderId, LOT, keccak256("commissioned"), address(0));
        evidence.recordTrace(orderId, keccak256("shipment"), keccak256("packed"), address(0));
        vm.stopPrank();
        assertEq(evidence.custodianOf(orderId, LOT), maker);
        assertEq(evidence.custodianOf(other, LOT), otherMaker);
        assertEq(evidence.traceOf(orderId, LOT, keccak256("commissioned")).recorder, maker);
        assertEq(evidence.traceOf(other, LOT, keccak256("commissioned")).recorder, otherMaker);
        assertEq(evidence.traceOf(orderId, LOT, keccak256("packed")).recordedAt, 0);
    }

    function test_recordTrace_handsCustodyOverAndOnlyTheCustodianRecords() public {
        vm.prank(maker);
        evidence.recordTrace(orderId, LOT, keccak256("e1"), address(0));
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceNotCustodian.selector, orderId, LOT, stranger, maker)
        );
        evidence.recordTrace(orderId, LOT, keccak256("e2"), address(0));
        vm.expectEmit(address(evidence));
        emit IEvidenceRegistry.CustodyTransferred(LOT, maker, customer, keccak256("handover"), orderId);
        vm.prank(maker);
        evidence.recordTrace(orderId, LOT, keccak256("handover"), customer);
        assertEq(evidence.custodianOf(orderId, LOT), customer);
        vm.prank(maker);
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceNotCustodian.selector, orderId, LOT, maker, customer)
        );
        evidence.recordTrace(orderId, LOT, keccak256("e3"), address(0));
        vm.prank(customer);
        evidence.recordTrace(orderId, LOT, keccak256("e3"), customer); // to itself: no transfer
        assertEq(evidence.custodianOf(orderId, LOT), customer);
    }

    function test_recordTrace_revertsForRepeatedOrZeroHashes() public {
        vm.prank(maker);
        evidence.recordTrace(orderId, LOT, keccak256("e"), address(0));
        vm.prank(maker);
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceTraceExists.selector, orderId, LOT, keccak256("e"))
        );
        evidence.recordTrace(orderId, LOT, keccak256("e"), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceInvalidTrace.selector, "itemId", "must not be zero")
        );
        evidence.recordTrace(orderId, bytes32(0), keccak256("f"), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceInvalidTrace.selector, "eventHash", "must not be zero")
        );
        evidence.recordTrace(orderId, LOT, bytes32(0), address(0));
    }
}
