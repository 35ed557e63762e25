// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {ICapacityLedger} from "../../src/interfaces/ICapacityLedger.sol";
import {RegistryFixture} from "./Fixture.sol";

/// @title Shared set-up for the capacity-ledger suites
/// @notice A registry and a ledger owned by governance; `maker` owns machines 1 (1-hour slots) and
/// 2 (15-minute slots), `otherMaker` owns machine 3 (1-hour slots); `planner` is admitted by
/// governance and approved by `maker` only; `customer` is registered, `stranger` is not.
abstract contract CapacityFixture is RegistryFixture {
    uint32 internal constant HOUR = 3600;
    uint32 internal constant QUARTER = 900;
    uint96 internal constant RATE = 85e6;

    CapacityLedger internal ledger;

    address internal planner = makeAddr("planner");

    uint256 internal m1; // maker, 1-hour slots
    uint256 internal m2; // maker, 15-minute slots
    uint256 internal m3; // otherMaker, 1-hour slots
    uint32 internal now1; // current slot of m1 and m3 at T0
    uint32 internal s0; // a word-aligned slot of m1/m3 a few days ahead

    function setUp() public virtual override {
        super.setUp();
        _deployRegistry(0);
        ledger = new CapacityLedger(governance, address(registry));
        _register(maker, MANUFACTURER);
        _register(otherMaker, MANUFACTURER);
        _register(customer, CUSTOMER);
        vm.prank(governance);
        ledger.setPlanner(planner, true);
        vm.prank(maker);
        ledger.approvePlanner(planner, true);
        m1 = _registerMachine(maker, HOUR);
        m2 = _registerMachine(maker, QUARTER);
        m3 = _registerMachine(otherMaker, HOUR);
        now1 = uint32(T0 / HOUR);
        s0 = uint32((now1 / 128 + 1) * 128);
    }

    function _spec(uint32 slotSeconds) internal pure returns (ICapacityLedger.MachineSpec memory spec) {
        spec.process = bytes32("cnc-milling");
        spec.materials = new bytes32[](2);
        spec.materials[0] = bytes32("aluminium-6061");
        spec.materials[1] = bytes32("steel-316l");
        spec.envelopeX = 600;
        spec.envelopeY = 400;
        spec.envelopeZ = 300;
        spec.hourlyRate = RATE;
        spec.latitude = 48_137_154; // Munich
        spec.longitude = 11_576_124;
        spec.slotSeconds = slotSeconds;
    }

    function _registerMachine(address owner, uint32 slotSeconds) internal returns (uint256 id) {
        vm.prank(owner);
        id = ledger.registerMachine(_spec(slotSeconds));
    }

    function _req(uint256 machineId, uint256 fromSlot, uint256 toSlot)
        internal
        pure
        returns (ICapacityLedger.ReservationRequest memory)
    {
        return ICapacityLedger.ReservationRequest(machineId, uint32(fromSlot), uint32(toSlot));
    }

    function _plan(ICapacityLedger.ReservationRequest memory a)
        internal
        pure
        returns (ICapacityLedger.ReservationRequest[] memory plan)
    {
        plan = new ICapacityLedger.ReservationRequest[](1);
        plan[0] = a;
    }

    function _plan(ICapacityLedger.ReservationRequest memory a, ICapacityLedger.ReservationRequest memory b)
        internal
        pure
        returns (ICapacityLedger.ReservationRequest[] memory plan)
    {
        plan = new ICapacityLedger.ReservationRequest[](2);
        plan[0] = a;
        plan[1] = b;
    }

    function _reserve(address who, uint256 orderId, uint256 machineId, uint256 fromSlot, uint256 toSlot)
        internal
        returns (uint256)
    {
        vm.prank(who);
        uint256[] memory ids = ledger.reserve(orderId, _plan(_req(machineId, fromSlot, toSlot)));
        // Empty when the call was an expected revert.
        return ids.length == 0 ? 0 : ids[0];
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _none() internal pure returns (uint256[] memory) {
        return new uint256[](0);
    }

    function _declare(uint256 machineId, uint256 fromSlot, uint256 toSlot) internal returns (uint256) {
        vm.prank(ledger.machine(machineId).owner);
        return ledger.declareDowntime(
            machineId, uint32(fromSlot), uint32(toSlot), ICapacityLedger.DowntimeReason.Maintenance, _none()
        );
    }

    /// @dev Whether each slot of `[fromSlot, toSlot)` is free, one by one.
    function _eachFree(uint256 machineId, uint256 fromSlot, uint256 toSlot) internal view returns (bool) {
        for (uint256 s = fromSlot; s < toSlot; ++s) {
            if (!ledger.isFree(machineId, s, s + 1)) return false;
        }
        return true;
    }

    function _eachTaken(uint256 machineId, uint256 fromSlot, uint256 toSlot) internal view returns (bool) {
        for (uint256 s = fromSlot; s < toSlot; ++s) {
            if (ledger.isFree(machineId, s, s + 1)) return false;
        }
        return true;
    }

    function _taken(uint256 machineId, uint256 slot) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ICapacityLedger.CapacitySlotTaken.selector, machineId, slot);
    }

    function _down(uint256 machineId, uint256 slot) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ICapacityLedger.CapacityMachineDown.selector, machineId, slot);
    }
}
