// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CapacityLedger} from "../src/CapacityLedger.sol";
import {ICapacityLedger} from "../src/interfaces/ICapacityLedger.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {SlotBitmap} from "../src/libraries/SlotBitmap.sol";
import {AccessMatrix} from "./utils/AccessMatrix.sol";
import {CapacityFixture} from "./utils/CapacityFixture.sol";

/// @notice Constructor, governance and machines.
contract CapacityLedgerMachinesTest is CapacityFixture {
    function test_constructor_setsGovernanceAndRegistry() public view {
        assertEq(ledger.owner(), governance);
        assertEq(ledger.registry(), address(registry));
        assertEq(ledger.maxSpan(), 16_384);
    }

    function test_constructor_revertsWhenRegistryIsNotAContract() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityInvalidRegistry.selector, stranger));
        new CapacityLedger(governance, stranger);
    }

    function test_transferOwnership_isTwoStep() public {
        _assertTwoStepOwnershipTransfer(ledger, abi.encodeCall(ledger.setPlanner, (stranger, true)));
    }

    function test_setPlanner_setsAndEmits() public {
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.PlannerSet(stranger, true);
        _assertGovernanceToggles(ledger.setPlanner, ledger.isPlanner, stranger);
    }

    function test_setPlanner_revertsWhenNotGovernance() public {
        _expectRevertAs(maker, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, maker));
        ledger.setPlanner(maker, true);
    }

    function test_approvePlanner_setsAndEmits() public {
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.PlannerApproved(otherMaker, planner, true);
        vm.prank(otherMaker);
        ledger.approvePlanner(planner, true);
        assertTrue(ledger.isPlannerApproved(otherMaker, planner));
        vm.prank(otherMaker);
        ledger.approvePlanner(planner, false);
        assertFalse(ledger.isPlannerApproved(otherMaker, planner));
    }

    function test_registerMachine_storesAndEmits() public {
        ICapacityLedger.MachineSpec memory spec = _spec(1800);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.MachineRegistered(4, otherMaker, spec);
        vm.prank(otherMaker);
        uint256 id = ledger.registerMachine(spec);
        assertEq(id, 4, "sequential id");
        assertEq(ledger.machineCount(), 4);
        ICapacityLedger.Machine memory m = ledger.machine(id);
        assertEq(m.owner, otherMaker);
        assertTrue(m.active);
        assertEq(abi.encode(m.spec), abi.encode(spec), "spec round-trips");
    }

    function test_registerMachine_revertsWhenNotManufacturer() public {
        _expectRevertAs(
            customer, abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, customer, 2)
        );
        ledger.registerMachine(_spec(HOUR));
        _expectRevertAs(
            stranger, abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, stranger, 2)
        );
        ledger.registerMachine(_spec(HOUR));
    }

    function _expectInvalid(ICapacityLedger.MachineSpec memory spec, string memory field, string memory reason)
        internal
    {
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityInvalidMachine.selector, field, reason));
        ledger.registerMachine(spec);
    }

    function test_registerMachine_revertsOnInvalidSpec() public {
        ICapacityLedger.MachineSpec memory s = _spec(HOUR);
        s.process = 0;
        _expectInvalid(s, "process", "must not be zero");

        s = _spec(HOUR);
        s.materials = new bytes32[](0);
        _expectInvalid(s, "materials", "must have 1 to 16 entries");
        s.materials = new bytes32[](17);
        for (uint256 i; i < 17; ++i) s.materials[i] = bytes32(i + 1);
        _expectInvalid(s, "materials", "must have 1 to 16 entries");
        s.materials = new bytes32[](2);
        s.materials[0] = "pla";
        _expectInvalid(s, "materials", "entries must not be zero");

        for (uint256 axis; axis < 3; ++axis) {
            s = _spec(HOUR);
            if (axis == 0) s.envelopeX = 0;
            if (axis == 1) s.envelopeY = 0;
            if (axis == 2) s.envelopeZ = 0;
            _expectInvalid(s, "envelope", "must be greater than zero on every axis");
        }

        s = _spec(HOUR);
        s.hourlyRate = 0;
        _expectInvalid(s, "hourlyRate", "must be greater than zero");

        s = _spec(HOUR);
        s.latitude = 90_000_001;
        _expectInvalid(s, "latitude", "must be within +-90000000 microdegrees");
        s.latitude = -90_000_001;
        _expectInvalid(s, "latitude", "must be within +-90000000 microdegrees");

        s = _spec(HOUR);
        s.longitude = 180_000_001;
        _expectInvalid(s, "longitude", "must be within +-180000000 microdegrees");
        s.longitude = -180_000_001;
        _expectInvalid(s, "longitude", "must be within +-180000000 microdegrees");

        uint32[5] memory bad = [uint32(0), 30, 90, 420, 2 days];
        for (uint256 i; i < bad.length; ++i) {
            _expectInvalid(_spec(bad[i]), "slotSeconds", "must be a whole number of minutes dividing a day");
        }
    }

    function test_registerMachine_acceptsEdgeValues() public {
        ICapacityLedger.MachineSpec memory s = _spec(60);
        s.latitude = -90_000_000;
        s.longitude = 180_000_000;
        s.materials = new bytes32[](16);
        for (uint256 i; i < 16; ++i) s.materials[i] = bytes32(i + 1);
        vm.prank(maker);
        uint256 id = ledger.registerMachine(s);
        assertEq(ledger.machine(id).spec.materials.length, 16);
        vm.prank(maker);
        ledger.registerMachine(_spec(1 days));
    }

    function testFuzz_registerMachine_slotSecondsMustBeWholeMinutesDividingADay(uint32 slotSeconds) public {
        bool valid = slotSeconds != 0 && slotSeconds % 60 == 0 && 86_400 % slotSeconds == 0;
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ICapacityLedger.CapacityInvalidMachine.selector,
                    "slotSeconds",
                    "must be a whole number of minutes dividing a day"
                )
            );
        }
        vm.prank(maker);
        ledger.registerMachine(_spec(slotSeconds));
    }

    function test_setHourlyRate_setsAndEmits() public {
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.MachineRateSet(m1, 99e6);
        vm.prank(maker);
        ledger.setHourlyRate(m1, 99e6);
        assertEq(ledger.machine(m1).spec.hourlyRate, 99e6);
    }

    function test_setHourlyRate_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICapacityLedger.CapacityInvalidMachine.selector, "hourlyRate", "must be greater than zero")
        );
        vm.prank(maker);
        ledger.setHourlyRate(m1, 0);
        _expectRevertAs(
            otherMaker, abi.encodeWithSelector(ICapacityLedger.CapacityNotMachineOwner.selector, m1, otherMaker)
        );
        ledger.setHourlyRate(m1, 1);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 99));
        ledger.setHourlyRate(99, 1);
        vm.prank(maker);
        ledger.deactivateMachine(m1);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityMachineInactive.selector, m1));
        ledger.setHourlyRate(m1, 1);
    }

    function test_deactivateMachine_isFinalAndBlocksNewWorkOnly() public {
        uint256 id = _reserve(maker, 7, m1, s0, s0 + 4);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.MachineDeactivated(m1);
        vm.prank(maker);
        ledger.deactivateMachine(m1);
        assertFalse(ledger.machine(m1).active);

        bytes memory inactive = abi.encodeWithSelector(ICapacityLedger.CapacityMachineInactive.selector, m1);
        _expectRevertAs(maker, inactive);
        ledger.deactivateMachine(m1);
        vm.expectRevert(inactive);
        _reserve(maker, 8, m1, s0 + 10, s0 + 11);
        _expectRevertAs(maker, inactive);
        ledger.declareDowntime(m1, s0 + 10, s0 + 11, ICapacityLedger.DowntimeReason.Breakdown, _none());

        // What was booked before can still be released (or completed).
        vm.prank(maker);
        ledger.release(id);
        assertTrue(ledger.isFree(m1, s0, s0 + 4));
    }

    function test_deactivateMachine_revertsWhenNotOwner() public {
        _expectRevertAs(planner, abi.encodeWithSelector(ICapacityLedger.CapacityNotMachineOwner.selector, m1, planner));
        ledger.deactivateMachine(m1);
    }
}

/// @notice Reservations: reserve, release, complete, replan.
contract CapacityLedgerReservationsTest is CapacityFixture {
    function test_reserve_storesEmitsAndMarksSlots() public {
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationMade(1, 42, m1, s0 + 3, s0 + 7, maker);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationMade(2, 42, m2, 4 * s0, 4 * s0 + 2, maker);
        vm.prank(maker);
        uint256[] memory ids = ledger.reserve(42, _plan(_req(m1, s0 + 3, s0 + 7), _req(m2, 4 * s0, 4 * s0 + 2)));
        assertEq(ids.length, 2);
        assertEq(ids[0], 1);
        assertEq(ids[1], 2);
        assertEq(ledger.reservationCount(), 2);

        ICapacityLedger.Reservation memory r = ledger.reservation(1);
        assertEq(r.orderId, 42);
        assertEq(r.machineId, m1);
        assertEq(uint256(r.fromSlot), s0 + 3);
        assertEq(uint256(r.toSlot), s0 + 7);
        assertEq(r.agent, maker);
        assertEq(uint256(r.status), uint256(ICapacityLedger.ReservationStatus.Live));

        assertTrue(_eachFree(m1, s0, s0 + 3), "before");
        assertTrue(_eachTaken(m1, s0 + 3, s0 + 7), "inside");
        assertTrue(_eachFree(m1, s0 + 7, s0 + 10), "after");
        assertFalse(ledger.isFree(m1, s0, s0 + 10));
        assertTrue(ledger.isFree(m3, s0, s0 + 10), "other machines untouched");
    }

    function test_reserve_planIsAtomic() public {
        _reserve(maker, 1, m1, s0 + 5, s0 + 6);
        // The second request hits slot s0 + 5: nothing of the plan may remain.
        _expectRevertAs(maker, _taken(m1, s0 + 5));
        ledger.reserve(2, _plan(_req(m2, 4 * s0, 4 * s0 + 8), _req(m1, s0 + 2, s0 + 9)));
        assertEq(ledger.reservationCount(), 1);
        assertTrue(ledger.isFree(m2, 4 * s0, 4 * s0 + 8));
        assertTrue(ledger.isFree(m1, s0 + 2, s0 + 5));
    }

    function test_reserve_revertsOnOverlapWithinPlan() public {
        _expectRevertAs(maker, _taken(m1, s0 + 4));
        ledger.reserve(1, _plan(_req(m1, s0, s0 + 5), _req(m1, s0 + 4, s0 + 8)));
    }

    function test_reserve_revertsOnTakenSlotNamingTheFirst() public {
        _reserve(maker, 1, m1, s0 + 10, s0 + 20);
        vm.expectRevert(_taken(m1, s0 + 10));
        _reserve(maker, 2, m1, s0, s0 + 30);
        vm.expectRevert(_taken(m1, s0 + 15));
        _reserve(maker, 2, m1, s0 + 15, s0 + 16);
        vm.expectRevert(_taken(m1, s0 + 19));
        _reserve(maker, 2, m1, s0 + 19, s0 + 40);
    }

    function test_reserve_adjacentIntervalsDoNotConflict() public {
        _reserve(maker, 1, m1, s0 + 10, s0 + 20);
        _reserve(maker, 2, m1, s0 + 20, s0 + 30);
        _reserve(maker, 3, m1, s0, s0 + 10);
        assertTrue(_eachTaken(m1, s0, s0 + 30));
        assertTrue(ledger.isFree(m1, s0 + 30, s0 + 31));
    }

    function test_reserve_spansWordBoundaries() public {
        // 300 slots across three words, then a neighbour in each word.
        _reserve(maker, 1, m1, s0 + 100, s0 + 400);
        assertTrue(_eachTaken(m1, s0 + 100, s0 + 400));
        assertTrue(ledger.isFree(m1, s0, s0 + 100));
        assertTrue(ledger.isFree(m1, s0 + 400, s0 + 512));
        vm.expectRevert(_taken(m1, s0 + 255));
        _reserve(maker, 2, m1, s0 + 255, s0 + 256);
        _reserve(maker, 2, m1, s0 + 99, s0 + 100);
        _reserve(maker, 3, m1, s0 + 400, s0 + 401);
    }

    function test_reserve_revertsOnEmptyPlan() public {
        _expectRevertAs(maker, ICapacityLedger.CapacityEmptyPlan.selector);
        ledger.reserve(1, new ICapacityLedger.ReservationRequest[](0));
    }

    function test_reserve_revertsOnInvalidInterval() public {
        bytes4 sel = ICapacityLedger.CapacityInvalidInterval.selector;
        vm.expectRevert(abi.encodeWithSelector(sel, m1, s0, s0));
        _reserve(maker, 1, m1, s0, s0);
        vm.expectRevert(abi.encodeWithSelector(sel, m1, s0 + 1, s0));
        _reserve(maker, 1, m1, s0 + 1, s0);
        vm.expectRevert(abi.encodeWithSelector(sel, m1, s0, s0 + 16_385));
        _reserve(maker, 1, m1, s0, s0 + 16_385);
        // Exactly the longest span fits.
        _reserve(maker, 1, m1, s0, s0 + 16_384);
        assertEq(uint256(ledger.reservation(1).toSlot), s0 + 16_384);
    }

    function test_reserve_revertsInThePastButAcceptsTheCurrentSlot() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityIntervalInPast.selector, m1, now1 - 1, now1));
        _reserve(maker, 1, m1, now1 - 1, now1 + 1);
        _reserve(maker, 1, m1, now1, now1 + 1);
        // Machine 2 counts quarter hours.
        uint256 now2 = T0 / QUARTER;
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityIntervalInPast.selector, m2, now2 - 1, now2));
        _reserve(maker, 1, m2, now2 - 1, now2);
    }

    function test_reserve_revertsOnUnknownMachine() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 0));
        _reserve(maker, 1, 0, s0, s0 + 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 4));
        _reserve(maker, 1, 4, s0, s0 + 1);
    }

    function test_reserve_revertsOnDownSlot() public {
        _declare(m1, s0 + 8, s0 + 12);
        vm.expectRevert(_down(m1, s0 + 8));
        _reserve(maker, 1, m1, s0, s0 + 9);
        vm.expectRevert(_down(m1, s0 + 11));
        _reserve(maker, 1, m1, s0 + 11, s0 + 20);
        _reserve(maker, 1, m1, s0 + 12, s0 + 20);
        _reserve(maker, 1, m1, s0, s0 + 8);
    }

    function test_reserve_orderZeroStandsForOutsideWork() public {
        uint256 id = _reserve(maker, 0, m1, s0, s0 + 1);
        assertEq(ledger.reservation(id).orderId, 0);
    }

    function test_reserve_byPlannerNeedsAdmissionAndApproval() public {
        bytes memory denied = abi.encodeWithSelector(ICapacityLedger.CapacityNotReserver.selector, m3, planner);
        // Admitted, but otherMaker has not approved it.
        vm.expectRevert(denied);
        _reserve(planner, 1, m3, s0, s0 + 1);
        vm.prank(otherMaker);
        ledger.approvePlanner(planner, true);
        uint256 id = _reserve(planner, 1, m3, s0, s0 + 1);
        assertEq(ledger.reservation(id).agent, planner);
        // Approved, but no longer admitted.
        vm.prank(governance);
        ledger.setPlanner(planner, false);
        vm.expectRevert(denied);
        _reserve(planner, 1, m3, s0 + 1, s0 + 2);
    }

    function test_reserve_plannerBooksAcrossFactoriesAtomically() public {
        vm.prank(otherMaker);
        ledger.approvePlanner(planner, true);
        vm.prank(planner);
        uint256[] memory ids = ledger.reserve(5, _plan(_req(m1, s0, s0 + 3), _req(m3, s0 + 3, s0 + 6)));
        assertEq(ledger.reservation(ids[0]).machineId, m1);
        assertEq(ledger.reservation(ids[1]).machineId, m3);
        // One machine of a plan not allowed: the whole plan fails.
        vm.prank(otherMaker);
        ledger.approvePlanner(planner, false);
        _expectRevertAs(planner, abi.encodeWithSelector(ICapacityLedger.CapacityNotReserver.selector, m3, planner));
        ledger.reserve(6, _plan(_req(m1, s0 + 10, s0 + 11), _req(m3, s0 + 10, s0 + 11)));
        assertTrue(ledger.isFree(m1, s0 + 10, s0 + 11));
    }

    function test_reserve_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityNotReserver.selector, m1, otherMaker));
        _reserve(otherMaker, 1, m1, s0, s0 + 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityNotReserver.selector, m1, governance));
        _reserve(governance, 1, m1, s0, s0 + 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityNotReserver.selector, m1, stranger));
        _reserve(stranger, 1, m1, s0, s0 + 1);
    }

    function test_release_freesSlotsAndEmits() public {
        uint256 keep = _reserve(maker, 1, m1, s0, s0 + 2);
        uint256 id = _reserve(maker, 9, m1, s0 + 2, s0 + 6);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationReleased(id, 9, m1, maker);
        vm.prank(maker);
        ledger.release(id);
        assertEq(uint256(ledger.reservation(id).status), uint256(ICapacityLedger.ReservationStatus.Released));
        assertTrue(ledger.isFree(m1, s0 + 2, s0 + 6));
        assertTrue(_eachTaken(m1, s0, s0 + 2), "neighbour kept");
        assertEq(uint256(ledger.reservation(keep).status), uint256(ICapacityLedger.ReservationStatus.Live));
        // The freed slots can be booked again.
        _reserve(maker, 10, m1, s0 + 2, s0 + 6);
    }

    function test_release_revertsUnlessLive() public {
        uint256 id = _reserve(maker, 1, m1, s0, s0 + 2);
        vm.prank(maker);
        ledger.release(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICapacityLedger.CapacityReservationNotLive.selector, id, ICapacityLedger.ReservationStatus.Released
            )
        );
        vm.prank(maker);
        ledger.release(id);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityUnknownReservation.selector, 77));
        ledger.release(77);
    }

    function test_release_byPlannerOnlyForItsOwnWhileTrusted() public {
        uint256 byOwner = _reserve(maker, 1, m1, s0, s0 + 1);
        uint256 byPlanner = _reserve(planner, 2, m1, s0 + 1, s0 + 2);
        // A planner cannot release what the owner booked.
        _expectRevertAs(
            planner, abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, byOwner, planner)
        );
        ledger.release(byOwner);
        // Nor another planner what this one booked.
        address planner2 = makeAddr("planner2");
        vm.prank(governance);
        ledger.setPlanner(planner2, true);
        vm.prank(maker);
        ledger.approvePlanner(planner2, true);
        vm.expectRevert(
            abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, byPlanner, planner2)
        );
        vm.prank(planner2);
        ledger.release(byPlanner);
        // Once the owner withdraws its approval, the planner cannot release either.
        uint256 snap = vm.snapshotState();
        vm.prank(maker);
        ledger.approvePlanner(planner, false);
        vm.expectRevert(
            abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, byPlanner, planner)
        );
        vm.prank(planner);
        ledger.release(byPlanner);
        vm.revertToState(snap);
        // Nor once governance removes it.
        vm.prank(governance);
        ledger.setPlanner(planner, false);
        vm.expectRevert(
            abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, byPlanner, planner)
        );
        vm.prank(planner);
        ledger.release(byPlanner);
        // The machine owner always can.
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationReleased(byPlanner, 2, m1, maker);
        vm.prank(maker);
        ledger.release(byPlanner);
    }

    function test_release_byPlannerWhileTrusted() public {
        uint256 id = _reserve(planner, 3, m1, s0, s0 + 4);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationReleased(id, 3, m1, planner);
        vm.prank(planner);
        ledger.release(id);
        assertTrue(ledger.isFree(m1, s0, s0 + 4));
    }

    function test_complete_consumesOnceStartedAndFreesTheRest() public {
        uint256 id = _reserve(maker, 4, m1, now1 + 2, now1 + 6);
        uint256 startsAt = uint256(now1 + 2) * HOUR;
        vm.expectRevert(
            abi.encodeWithSelector(ICapacityLedger.CapacityReservationNotStarted.selector, id, startsAt)
        );
        vm.prank(maker);
        ledger.complete(id);
        vm.warp(startsAt);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationCompleted(id, 4, m1, maker);
        vm.prank(maker);
        ledger.complete(id);
        assertEq(uint256(ledger.reservation(id).status), uint256(ICapacityLedger.ReservationStatus.Completed));
        assertTrue(ledger.isFree(m1, now1 + 2, now1 + 6), "finished early: the rest is free again");
        _reserve(maker, 5, m1, now1 + 3, now1 + 6);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICapacityLedger.CapacityReservationNotLive.selector, id, ICapacityLedger.ReservationStatus.Completed
            )
        );
        vm.prank(maker);
        ledger.release(id);
    }

    function test_complete_byPlannerAndNotByOthers() public {
        uint256 id = _reserve(planner, 4, m1, now1, now1 + 2);
        _expectRevertAs(
            otherMaker, abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, id, otherMaker)
        );
        ledger.complete(id);
        vm.prank(planner);
        ledger.complete(id);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityUnknownReservation.selector, 0));
        ledger.complete(0);
    }

    function test_replan_movesAReservationAtomically() public {
        uint256 old = _reserve(maker, 8, m1, s0, s0 + 4);
        // The new interval overlaps the old one: only possible because the release comes first.
        vm.prank(maker);
        uint256[] memory ids = ledger.replan(8, _ids(old), _plan(_req(m1, s0 + 2, s0 + 6)));
        assertEq(uint256(ledger.reservation(old).status), uint256(ICapacityLedger.ReservationStatus.Released));
        assertEq(uint256(ledger.reservation(ids[0]).fromSlot), s0 + 2);
        assertTrue(ledger.isFree(m1, s0, s0 + 2));
        assertTrue(_eachTaken(m1, s0 + 2, s0 + 6));
    }

    function test_replan_revertsAsAWhole() public {
        uint256 old = _reserve(maker, 8, m1, s0, s0 + 4);
        _reserve(maker, 9, m1, s0 + 10, s0 + 11);
        _expectRevertAs(maker, _taken(m1, s0 + 10));
        ledger.replan(8, _ids(old), _plan(_req(m1, s0 + 8, s0 + 12)));
        assertEq(uint256(ledger.reservation(old).status), uint256(ICapacityLedger.ReservationStatus.Live));
        assertTrue(_eachTaken(m1, s0, s0 + 4));
        // Releasing needs the same rights as `release`.
        _expectRevertAs(
            otherMaker, abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, old, otherMaker)
        );
        ledger.replan(8, _ids(old), _plan(_req(m3, s0, s0 + 1)));
    }

    /// @notice Two random intervals on one machine: the second is booked exactly when the two are
    /// disjoint, and otherwise the revert names the first slot they share.
    function testFuzz_reserve_randomIntervalsNeverOverlap(uint256 a, uint256 alen, uint256 b, uint256 blen) public {
        a = s0 + bound(a, 0, 600);
        b = s0 + bound(b, 0, 600);
        alen = bound(alen, 1, 300);
        blen = bound(blen, 1, 300);
        _reserve(maker, 1, m1, a, a + alen);
        bool disjoint = a + alen <= b || b + blen <= a;
        if (!disjoint) vm.expectRevert(_taken(m1, a > b ? a : b));
        _reserve(maker, 2, m1, b, b + blen);
        if (disjoint) {
            assertTrue(_eachTaken(m1, b, b + blen));
            assertEq(ledger.reservationCount(), 2);
        } else {
            assertEq(ledger.reservationCount(), 1);
        }
        assertTrue(_eachTaken(m1, a, a + alen));
    }

    /// @notice Reserve then release gives back exactly the calendar from before, around other bookings.
    function testFuzz_reserveRelease_freesExactlyThoseSlots(uint256 seed, uint256 from, uint256 len) public {
        // A few neighbours at seed-chosen places; the interval must fit between them.
        for (uint256 k; k < 4; ++k) {
            uint256 near = s0 + bound(uint256(keccak256(abi.encode(seed, k))), 0, 700);
            if (ledger.isFree(m1, near, near + 2)) _reserve(maker, 100 + k, m1, near, near + 2);
        }
        from = s0 + bound(from, 0, 700);
        len = bound(len, 1, 260);
        vm.assume(ledger.isFree(m1, from, from + len));
        uint256[] memory before = ledger.calendar(m1, SlotBitmap.wordOf(s0), 8);
        uint256 id = _reserve(maker, 1, m1, from, from + len);
        assertTrue(_eachTaken(m1, from, from + len));
        vm.prank(maker);
        ledger.release(id);
        assertEq(abi.encode(ledger.calendar(m1, SlotBitmap.wordOf(s0), 8)), abi.encode(before), "calendar restored");
    }
}

/// @notice Downtime.
contract CapacityLedgerDowntimeTest is CapacityFixture {
    function test_declareDowntime_blocksAndEmits() public {
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.DowntimeDeclared(1, m1, s0, s0 + 24, ICapacityLedger.DowntimeReason.Breakdown, _none());
        vm.prank(maker);
        uint256 id = ledger.declareDowntime(m1, s0, s0 + 24, ICapacityLedger.DowntimeReason.Breakdown, _none());
        assertEq(id, 1);
        assertEq(ledger.downtimeCount(), 1);
        ICapacityLedger.Downtime memory d = ledger.downtime(id);
        assertEq(uint256(d.machineId), m1);
        assertEq(uint256(d.fromSlot), s0);
        assertEq(uint256(d.toSlot), s0 + 24);
        assertEq(uint256(d.reason), uint256(ICapacityLedger.DowntimeReason.Breakdown));
        assertFalse(d.ended);
        assertFalse(ledger.isFree(m1, s0 + 23, s0 + 24));
        assertTrue(ledger.isFree(m1, s0 + 24, s0 + 25));
        vm.expectRevert(_down(m1, s0 + 5));
        _reserve(maker, 1, m1, s0 + 5, s0 + 30);
    }

    function test_declareDowntime_revertsOverLiveReservationsUnlessListed() public {
        uint256 a = _reserve(maker, 1, m1, s0 + 2, s0 + 4);
        uint256 b = _reserve(planner, 2, m1, s0 + 6, s0 + 8);
        uint256 outside = _reserve(maker, 3, m1, s0 + 20, s0 + 21);
        _expectRevertAs(maker, _taken(m1, s0 + 6));
        ledger.declareDowntime(m1, s0, s0 + 10, ICapacityLedger.DowntimeReason.Breakdown, _ids(a));

        uint256[] memory both = new uint256[](2);
        both[0] = a;
        both[1] = b;
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationReleased(a, 1, m1, maker);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.ReservationReleased(b, 2, m1, maker);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.DowntimeDeclared(1, m1, s0, s0 + 10, ICapacityLedger.DowntimeReason.Breakdown, both);
        vm.prank(maker);
        ledger.declareDowntime(m1, s0, s0 + 10, ICapacityLedger.DowntimeReason.Breakdown, both);
        assertEq(uint256(ledger.reservation(a).status), uint256(ICapacityLedger.ReservationStatus.Released));
        assertEq(uint256(ledger.reservation(b).status), uint256(ICapacityLedger.ReservationStatus.Released));
        assertEq(uint256(ledger.reservation(outside).status), uint256(ICapacityLedger.ReservationStatus.Live));
    }

    function test_declareDowntime_revertsOnBadReleaseIds() public {
        uint256 onM3 = _reserve(otherMaker, 1, m3, s0, s0 + 1);
        uint256 onM1 = _reserve(maker, 1, m1, s0, s0 + 1);
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityWrongMachine.selector, onM3, m1));
        ledger.declareDowntime(m1, s0, s0 + 2, ICapacityLedger.DowntimeReason.Other, _ids(onM3));
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownReservation.selector, 99));
        ledger.declareDowntime(m1, s0, s0 + 2, ICapacityLedger.DowntimeReason.Other, _ids(99));
        ledger.release(onM1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICapacityLedger.CapacityReservationNotLive.selector, onM1, ICapacityLedger.ReservationStatus.Released
            )
        );
        ledger.declareDowntime(m1, s0, s0 + 2, ICapacityLedger.DowntimeReason.Other, _ids(onM1));
        vm.stopPrank();
    }

    function test_declareDowntime_downtimesCannotOverlap() public {
        _declare(m1, s0 + 10, s0 + 20);
        _expectRevertAs(maker, _down(m1, s0 + 15));
        ledger.declareDowntime(m1, s0 + 15, s0 + 25, ICapacityLedger.DowntimeReason.Other, _none());
        _declare(m1, s0 + 20, s0 + 25);
    }

    function test_declareDowntime_reverts() public {
        _expectRevertAs(
            otherMaker, abi.encodeWithSelector(ICapacityLedger.CapacityNotMachineOwner.selector, m1, otherMaker)
        );
        ledger.declareDowntime(m1, s0, s0 + 1, ICapacityLedger.DowntimeReason.Other, _none());
        _expectRevertAs(planner, abi.encodeWithSelector(ICapacityLedger.CapacityNotMachineOwner.selector, m1, planner));
        ledger.declareDowntime(m1, s0, s0 + 1, ICapacityLedger.DowntimeReason.Other, _none());
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 9));
        ledger.declareDowntime(9, s0, s0 + 1, ICapacityLedger.DowntimeReason.Other, _none());
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityInvalidInterval.selector, m1, s0, s0));
        ledger.declareDowntime(m1, s0, s0, ICapacityLedger.DowntimeReason.Other, _none());
        _expectRevertAs(
            maker, abi.encodeWithSelector(ICapacityLedger.CapacityIntervalInPast.selector, m1, now1 - 1, now1)
        );
        ledger.declareDowntime(m1, now1 - 1, now1 + 1, ICapacityLedger.DowntimeReason.Other, _none());
    }

    function test_endDowntime_beforeItStartsFreesAll() public {
        uint256 id = _declare(m1, s0, s0 + 10);
        vm.expectEmit(address(ledger));
        emit ICapacityLedger.DowntimeEnded(id, m1, s0);
        vm.prank(maker);
        ledger.endDowntime(id);
        ICapacityLedger.Downtime memory d = ledger.downtime(id);
        assertTrue(d.ended);
        assertEq(uint256(d.toSlot), s0, "ended before it began: empty");
        assertTrue(ledger.isFree(m1, s0, s0 + 10));
        _reserve(maker, 1, m1, s0, s0 + 10);
    }

    function test_endDowntime_midwayFreesFromTheCurrentSlot() public {
        uint256 id = _declare(m1, now1, now1 + 10);
        vm.warp(uint256(now1 + 4) * HOUR + 1);
        vm.prank(maker);
        ledger.endDowntime(id);
        assertEq(uint256(ledger.downtime(id).toSlot), now1 + 4);
        assertTrue(_eachTaken(m1, now1, now1 + 4), "the past stays down");
        assertTrue(ledger.isFree(m1, now1 + 4, now1 + 10));
        _reserve(maker, 1, m1, now1 + 4, now1 + 5);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityDowntimeOver.selector, id));
        ledger.endDowntime(id);
    }

    function test_endDowntime_reverts() public {
        uint256 id = _declare(m1, now1, now1 + 2);
        _expectRevertAs(
            otherMaker, abi.encodeWithSelector(ICapacityLedger.CapacityNotMachineOwner.selector, m1, otherMaker)
        );
        ledger.endDowntime(id);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityUnknownDowntime.selector, 5));
        ledger.endDowntime(5);
        // Over by itself.
        vm.warp(uint256(now1 + 2) * HOUR);
        _expectRevertAs(maker, abi.encodeWithSelector(ICapacityLedger.CapacityDowntimeOver.selector, id));
        ledger.endDowntime(id);
    }
}

/// @notice Views and the slot arithmetic.
contract CapacityLedgerViewsTest is CapacityFixture {
    function test_views_revertOnUnknownIds() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 4));
        ledger.machine(4);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownReservation.selector, 1));
        ledger.reservation(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownDowntime.selector, 1));
        ledger.downtime(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 0));
        ledger.isFree(0, 1, 2);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 7));
        ledger.calendar(7, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 7));
        ledger.slotAt(7, T0);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 7));
        ledger.slotStart(7, 1);
    }

    function test_isFree_revertsOnEmptyInterval() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityInvalidInterval.selector, m1, 5, 5));
        ledger.isFree(m1, 5, 5);
    }

    function test_isFree_seesReservationsAndDowntime() public {
        _reserve(maker, 1, m1, s0 + 1, s0 + 2);
        _declare(m1, s0 + 200, s0 + 201);
        assertTrue(ledger.isFree(m1, s0, s0 + 1));
        assertFalse(ledger.isFree(m1, s0, s0 + 2));
        assertTrue(ledger.isFree(m1, s0 + 2, s0 + 200));
        assertFalse(ledger.isFree(m1, s0 + 150, s0 + 300));
    }

    function test_calendar_layout() public {
        _reserve(maker, 1, m1, s0 + 1, s0 + 3); // bits 1, 2 of word s0 / 128
        _declare(m1, s0 + 130, s0 + 131); // bit 128 + 2 of the next word
        uint256[] memory words = ledger.calendar(m1, s0 / 128, 3);
        assertEq(words.length, 3);
        assertEq(words[0], 6);
        assertEq(words[1], uint256(1) << 130);
        assertEq(words[2], 0);
    }

    function test_slotHelpers_roundTrip() public view {
        assertEq(ledger.slotAt(m1, T0), T0 / 3600);
        assertEq(ledger.slotAt(m2, T0), T0 / 900);
        assertEq(ledger.slotStart(m1, now1), uint256(now1) * 3600);
        assertEq(ledger.slotStart(m2, 10), 9000);
    }

    function testFuzz_slotHelpers_slotContainsItsTimestamps(uint256 timestamp) public view {
        timestamp = bound(timestamp, 0, uint256(type(uint32).max) * 900);
        uint256 slot = ledger.slotAt(m2, timestamp);
        assertLe(ledger.slotStart(m2, slot), timestamp);
        assertGt(ledger.slotStart(m2, slot + 1), timestamp);
    }

    /// @notice The word masks equal a slot-by-slot reference.
    function testFuzz_slotBitmap_maskMatchesReference(uint256 word, uint256 from, uint256 len) public pure {
        word = bound(word, 0, 1000);
        from = bound(from, 0, 130_000);
        len = bound(len, 1, 400);
        uint256 expected;
        for (uint256 i; i < 128; ++i) {
            uint256 slot = word * 128 + i;
            if (slot >= from && slot < from + len) expected |= uint256(1) << i;
        }
        assertEq(SlotBitmap.mask(word, from, from + len), expected);
        if (expected != 0) {
            uint256 first = from > word * 128 ? from : word * 128;
            assertEq(SlotBitmap.firstSlot(word, expected), first);
        }
    }
}

/// @notice Access matrix: every restricted function x governance, the machine owner, another
/// manufacturer, an admitted and approved planner, and a stranger.
contract CapacityLedgerAccessTest is CapacityFixture, AccessMatrix {
    uint256 internal constant ROLES = 5;
    uint256 internal constant GOV = 1 << 0;
    uint256 internal constant OWNER = 1 << 1;
    uint256 internal constant OTHER = 1 << 2;
    uint256 internal constant PLANNER = 1 << 3;

    uint256 internal _ownerBooked;
    uint256 internal _plannerBooked;
    uint256 internal _downtimeId;

    function setUp() public override {
        super.setUp();
        _ownerBooked = _reserve(maker, 1, m1, now1, now1 + 2);
        _plannerBooked = _reserve(planner, 2, m1, now1 + 2, now1 + 4);
        _downtimeId = _declare(m1, s0, s0 + 4);
        vm.warp(uint256(now1 + 2) * HOUR); // both reservations have started
    }

    function _roles() internal view override returns (address[] memory roles) {
        roles = new address[](ROLES);
        (roles[0], roles[1], roles[2], roles[3], roles[4]) = (governance, maker, otherMaker, planner, stranger);
    }

    function _notMachineOwner(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(ICapacityLedger.CapacityNotMachineOwner.selector, m1, who);
    }

    function _notReserver(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(ICapacityLedger.CapacityNotReserver.selector, m1, who);
    }

    function _notHolderOfOwners(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, _ownerBooked, who);
    }

    function _notHolderOfPlanners(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(ICapacityLedger.CapacityNotReservationHolder.selector, _plannerBooked, who);
    }

    function _notManufacturer(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, who, 2);
    }

    function test_accessMatrix() public {
        ICapacityLedger.ReservationRequest[] memory plan = _plan(_req(m1, s0 + 10, s0 + 12));
        _row(address(ledger), abi.encodeCall(ledger.setPlanner, (stranger, true)), GOV, _notGovernance);
        _row(address(ledger), abi.encodeCall(ledger.transferOwnership, (stranger)), GOV, _notGovernance);
        _row(address(ledger), abi.encodeCall(ledger.registerMachine, (_spec(HOUR))), OWNER | OTHER, _notManufacturer);
        _row(address(ledger), abi.encodeCall(ledger.setHourlyRate, (m1, 1)), OWNER, _notMachineOwner);
        _row(address(ledger), abi.encodeCall(ledger.deactivateMachine, (m1)), OWNER, _notMachineOwner);
        _row(address(ledger), abi.encodeCall(ledger.reserve, (3, plan)), OWNER | PLANNER, _notReserver);
        _row(address(ledger), abi.encodeCall(ledger.release, (_ownerBooked)), OWNER, _notHolderOfOwners);
        _row(address(ledger), abi.encodeCall(ledger.release, (_plannerBooked)), OWNER | PLANNER, _notHolderOfPlanners);
        _row(address(ledger), abi.encodeCall(ledger.complete, (_ownerBooked)), OWNER, _notHolderOfOwners);
        _row(address(ledger), abi.encodeCall(ledger.complete, (_plannerBooked)), OWNER | PLANNER, _notHolderOfPlanners);
        _row(
            address(ledger),
            abi.encodeCall(ledger.replan, (2, _ids(_plannerBooked), plan)),
            OWNER | PLANNER,
            _notHolderOfPlanners
        );
        _row(
            address(ledger),
            abi.encodeCall(
                ledger.declareDowntime, (m1, s0 + 20, s0 + 21, ICapacityLedger.DowntimeReason.Breakdown, _none())
            ),
            OWNER,
            _notMachineOwner
        );
        _row(address(ledger), abi.encodeCall(ledger.endDowntime, (_downtimeId)), OWNER, _notMachineOwner);
        assertEq(_cells, 13 * ROLES);
    }

    /// @notice approvePlanner is open to everyone but only ever touches the caller's own approvals.
    function test_approvePlanner_onlyAffectsTheCaller() public {
        vm.prank(stranger);
        ledger.approvePlanner(planner, false);
        assertTrue(ledger.isPlannerApproved(maker, planner));
        assertFalse(ledger.isPlannerApproved(stranger, planner));
    }
}
