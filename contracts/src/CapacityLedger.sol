// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ICapacityLedger} from "./interfaces/ICapacityLedger.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {Roles} from "./libraries/Roles.sol";
import {SlotBitmap} from "./libraries/SlotBitmap.sol";

/// @title DIPNET capacity ledger
/// @notice See {ICapacityLedger}. Owned by governance, which admits planners.
/// @dev It is an invariant that, per machine, the reserved bits of the calendar are exactly the
/// union of the live reservations' intervals, that those intervals are pairwise disjoint, and that
/// no slot is both reserved and down: every write of a reserved or down bit first checks that the
/// slot holds neither, and only releasing or completing a live reservation clears reserved bits.
contract CapacityLedger is ICapacityLedger, Ownable2Step {
    uint256 private constant _MAX_SPAN = 16_384;
    uint256 private constant _MAX_MATERIALS = 16;
    int256 private constant _MAX_LATITUDE = 90_000_000;
    int256 private constant _MAX_LONGITUDE = 180_000_000;

    // The fields every reservation reads share the first slot.
    struct MachineRecord {
        address owner;
        uint32 slotSeconds;
        bool active;
        uint96 hourlyRate;
        int32 latitude;
        int32 longitude;
        uint32 envelopeX;
        uint32 envelopeY;
        uint32 envelopeZ;
        bytes32 process;
        bytes32[] materials;
    }

    // One slot for everything `release` and `complete` check; the order id in a second.
    struct ReservationRecord {
        address agent;
        uint32 machineId;
        uint32 fromSlot;
        uint16 span; // toSlot - fromSlot, <= _MAX_SPAN
        ReservationStatus status;
        uint256 orderId;
    }

    IParticipantRegistry private immutable _registry;

    mapping(uint256 machineId => MachineRecord) private _machines;
    mapping(uint256 machineId => mapping(uint256 word => uint256 bits)) private _calendars;
    mapping(uint256 reservationId => ReservationRecord) private _reservations;
    mapping(uint256 downtimeId => Downtime) private _downtimes;
    mapping(address planner => bool) private _planners;
    mapping(address owner => mapping(address planner => bool)) private _plannerApprovals;

    // The counters share one slot, which the first machine makes non-zero: the first reservation
    // then costs no more than the thousandth.
    uint32 private _machineCount;
    uint64 private _reservationCount;
    uint64 private _downtimeCount;

    constructor(address governance, address registry_) Ownable(governance) {
        if (registry_.code.length == 0) revert CapacityInvalidRegistry(registry_);
        _registry = IParticipantRegistry(registry_);
    }

    // ---------------------------------------------------------------- machines

    /// @inheritdoc ICapacityLedger
    function registerMachine(MachineSpec calldata spec) external returns (uint256 machineId) {
        _registry.checkRole(msg.sender, Roles.MANUFACTURER);
        _checkSpec(spec);
        machineId = ++_machineCount;
        MachineRecord storage m = _machines[machineId];
        m.owner = msg.sender;
        m.slotSeconds = spec.slotSeconds;
        m.active = true;
        m.hourlyRate = spec.hourlyRate;
        m.latitude = spec.latitude;
        m.longitude = spec.longitude;
        m.envelopeX = spec.envelopeX;
        m.envelopeY = spec.envelopeY;
        m.envelopeZ = spec.envelopeZ;
        m.process = spec.process;
        m.materials = spec.materials;
        emit MachineRegistered(machineId, msg.sender, spec);
    }

    /// @inheritdoc ICapacityLedger
    function setHourlyRate(uint256 machineId, uint96 hourlyRate) external {
        MachineRecord storage m = _ownedMachine(machineId);
        _checkActive(machineId, m);
        if (hourlyRate == 0) revert CapacityInvalidMachine("hourlyRate", "must be greater than zero");
        m.hourlyRate = hourlyRate;
        emit MachineRateSet(machineId, hourlyRate);
    }

    /// @inheritdoc ICapacityLedger
    function deactivateMachine(uint256 machineId) external {
        MachineRecord storage m = _ownedMachine(machineId);
        _checkActive(machineId, m);
        m.active = false;
        emit MachineDeactivated(machineId);
    }

    // ---------------------------------------------------------------- planners

    /// @inheritdoc ICapacityLedger
    function setPlanner(address planner, bool allowed) external onlyOwner {
        _planners[planner] = allowed;
        emit PlannerSet(planner, allowed);
    }

    /// @inheritdoc ICapacityLedger
    function approvePlanner(address planner, bool approved) external {
        _plannerApprovals[msg.sender][planner] = approved;
        emit PlannerApproved(msg.sender, planner, approved);
    }

    // ---------------------------------------------------------------- reservations

    /// @inheritdoc ICapacityLedger
    function reserve(uint256 orderId, ReservationRequest[] calldata requests)
        external
        returns (uint256[] memory reservationIds)
    {
        reservationIds = _reserve(orderId, requests);
    }

    /// @inheritdoc ICapacityLedger
    function replan(uint256 orderId, uint256[] calldata releaseIds, ReservationRequest[] calldata requests)
        external
        returns (uint256[] memory reservationIds)
    {
        for (uint256 i; i < releaseIds.length; ++i) {
            _release(releaseIds[i]);
        }
        reservationIds = _reserve(orderId, requests);
    }

    /// @inheritdoc ICapacityLedger
    function release(uint256 reservationId) external {
        _release(reservationId);
    }

    /// @inheritdoc ICapacityLedger
    function complete(uint256 reservationId) external {
        ReservationRecord storage r = _liveReservation(reservationId);
        MachineRecord storage m = _machines[r.machineId];
        _checkHolder(reservationId, r.agent, m.owner);
        uint256 startsAt = uint256(r.fromSlot) * m.slotSeconds;
        if (block.timestamp < startsAt) revert CapacityReservationNotStarted(reservationId, startsAt);
        r.status = ReservationStatus.Completed;
        _clear(r.machineId, r.fromSlot, uint256(r.fromSlot) + r.span, 0);
        emit ReservationCompleted(reservationId, r.orderId, r.machineId, msg.sender);
    }

    // ---------------------------------------------------------------- downtime

    /// @inheritdoc ICapacityLedger
    function declareDowntime(
        uint256 machineId,
        uint32 fromSlot,
        uint32 toSlot,
        DowntimeReason reason,
        uint256[] calldata releaseIds
    ) external returns (uint256 downtimeId) {
        MachineRecord storage m = _ownedMachine(machineId);
        _checkActive(machineId, m);
        _checkInterval(machineId, m.slotSeconds, fromSlot, toSlot);
        for (uint256 i; i < releaseIds.length; ++i) {
            ReservationRecord storage r = _liveReservation(releaseIds[i]);
            if (r.machineId != machineId) revert CapacityWrongMachine(releaseIds[i], machineId);
            _releaseRecord(releaseIds[i], r);
        }
        _fill(machineId, fromSlot, toSlot, SlotBitmap.DOWN_SHIFT);
        downtimeId = ++_downtimeCount;
        // machineId exists, so it is <= _machineCount and fits uint32.
        _downtimes[downtimeId] = Downtime(uint32(machineId), fromSlot, toSlot, reason, false);
        emit DowntimeDeclared(downtimeId, machineId, fromSlot, toSlot, reason, releaseIds);
    }

    /// @inheritdoc ICapacityLedger
    function endDowntime(uint256 downtimeId) external {
        Downtime storage d = _downtimes[downtimeId];
        uint256 machineId = d.machineId;
        if (machineId == 0) revert CapacityUnknownDowntime(downtimeId);
        MachineRecord storage m = _ownedMachine(machineId);
        uint256 current = block.timestamp / m.slotSeconds;
        uint256 endSlot = current > d.fromSlot ? current : d.fromSlot;
        if (d.ended || endSlot >= d.toSlot) revert CapacityDowntimeOver(downtimeId);
        uint256 toSlot = d.toSlot;
        d.ended = true;
        // endSlot < toSlot, a uint32.
        d.toSlot = uint32(endSlot);
        _clear(machineId, endSlot, toSlot, SlotBitmap.DOWN_SHIFT);
        emit DowntimeEnded(downtimeId, machineId, uint32(endSlot));
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICapacityLedger
    function machine(uint256 machineId) external view returns (Machine memory) {
        MachineRecord storage m = _machine(machineId);
        return Machine({
            owner: m.owner,
            active: m.active,
            spec: MachineSpec({
                process: m.process,
                materials: m.materials,
                envelopeX: m.envelopeX,
                envelopeY: m.envelopeY,
                envelopeZ: m.envelopeZ,
                hourlyRate: m.hourlyRate,
                latitude: m.latitude,
                longitude: m.longitude,
                slotSeconds: m.slotSeconds
            })
        });
    }

    /// @inheritdoc ICapacityLedger
    function reservation(uint256 reservationId) external view returns (Reservation memory) {
        ReservationRecord storage r = _reservations[reservationId];
        if (r.status == ReservationStatus.None) revert CapacityUnknownReservation(reservationId);
        return Reservation({
            orderId: r.orderId,
            machineId: r.machineId,
            fromSlot: r.fromSlot,
            // fromSlot + span never exceeded uint32 when checked at reservation.
            toSlot: r.fromSlot + r.span,
            agent: r.agent,
            status: r.status
        });
    }

    /// @inheritdoc ICapacityLedger
    function downtime(uint256 downtimeId) external view returns (Downtime memory) {
        Downtime memory d = _downtimes[downtimeId];
        if (d.machineId == 0) revert CapacityUnknownDowntime(downtimeId);
        return d;
    }

    /// @inheritdoc ICapacityLedger
    function isFree(uint256 machineId, uint256 fromSlot, uint256 toSlot) external view returns (bool) {
        _machine(machineId);
        if (fromSlot >= toSlot) revert CapacityInvalidInterval(machineId, fromSlot, toSlot);
        mapping(uint256 word => uint256 bits) storage cal = _calendars[machineId];
        uint256 last = SlotBitmap.wordOf(toSlot - 1);
        for (uint256 w = SlotBitmap.wordOf(fromSlot); w <= last; ++w) {
            uint256 mask = SlotBitmap.mask(w, fromSlot, toSlot);
            if (cal[w] & (mask | (mask << SlotBitmap.DOWN_SHIFT)) != 0) return false;
        }
        return true;
    }

    /// @inheritdoc ICapacityLedger
    function calendar(uint256 machineId, uint256 firstWord, uint256 count) external view returns (uint256[] memory words) {
        _machine(machineId);
        mapping(uint256 word => uint256 bits) storage cal = _calendars[machineId];
        words = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            words[i] = cal[firstWord + i];
        }
    }

    /// @inheritdoc ICapacityLedger
    function slotAt(uint256 machineId, uint256 timestamp) external view returns (uint256) {
        return timestamp / _machine(machineId).slotSeconds;
    }

    /// @inheritdoc ICapacityLedger
    function slotStart(uint256 machineId, uint256 slot) external view returns (uint256) {
        return slot * _machine(machineId).slotSeconds;
    }

    /// @inheritdoc ICapacityLedger
    function machineCount() external view returns (uint256) {
        return _machineCount;
    }

    /// @inheritdoc ICapacityLedger
    function reservationCount() external view returns (uint256) {
        return _reservationCount;
    }

    /// @inheritdoc ICapacityLedger
    function downtimeCount() external view returns (uint256) {
        return _downtimeCount;
    }

    /// @inheritdoc ICapacityLedger
    function isPlanner(address planner) external view returns (bool) {
        return _planners[planner];
    }

    /// @inheritdoc ICapacityLedger
    function isPlannerApproved(address owner_, address planner) external view returns (bool) {
        return _plannerApprovals[owner_][planner];
    }

    /// @inheritdoc ICapacityLedger
    function maxSpan() external pure returns (uint256) {
        return _MAX_SPAN;
    }

    /// @inheritdoc ICapacityLedger
    function registry() external view returns (address) {
        return address(_registry);
    }

    // ---------------------------------------------------------------- internals

    function _reserve(uint256 orderId, ReservationRequest[] calldata requests)
        private
        returns (uint256[] memory reservationIds)
    {
        uint256 length = requests.length;
        if (length == 0) revert CapacityEmptyPlan();
        reservationIds = new uint256[](length);
        uint256 next = _reservationCount;
        for (uint256 i; i < length; ++i) {
            ReservationRequest calldata request = requests[i];
            uint256 machineId = request.machineId;
            MachineRecord storage m = _machine(machineId);
            _checkActive(machineId, m);
            if (msg.sender != m.owner && !_mayPlan(m.owner, msg.sender)) revert CapacityNotReserver(machineId, msg.sender);
            uint32 fromSlot = request.fromSlot;
            uint32 toSlot = request.toSlot;
            _checkInterval(machineId, m.slotSeconds, fromSlot, toSlot);
            // Reverts on any slot already reserved (by an earlier request of this plan too) or down.
            _fill(machineId, fromSlot, toSlot, 0);
            uint256 reservationId = ++next;
            // machineId exists (<= _machineCount, a uint32); the span is checked <= _MAX_SPAN < 2**16.
            _reservations[reservationId] = ReservationRecord({
                agent: msg.sender,
                machineId: uint32(machineId),
                fromSlot: fromSlot,
                span: uint16(toSlot - fromSlot),
                status: ReservationStatus.Live,
                orderId: orderId
            });
            reservationIds[i] = reservationId;
            emit ReservationMade(reservationId, orderId, machineId, fromSlot, toSlot, msg.sender);
        }
        // Ids grow by one per reservation; 2**64 of them cannot be paid for.
        _reservationCount = uint64(next);
    }

    function _release(uint256 reservationId) private {
        ReservationRecord storage r = _liveReservation(reservationId);
        _checkHolder(reservationId, r.agent, _machines[r.machineId].owner);
        _releaseRecord(reservationId, r);
    }

    function _releaseRecord(uint256 reservationId, ReservationRecord storage r) private {
        r.status = ReservationStatus.Released;
        _clear(r.machineId, r.fromSlot, uint256(r.fromSlot) + r.span, 0);
        emit ReservationReleased(reservationId, r.orderId, r.machineId, msg.sender);
    }

    /// @dev Sets the bits of `[fromSlot, toSlot)` in the half at `shift` (0 reserved, 128 down)
    /// after checking that none of those slots is reserved or down.
    function _fill(uint256 machineId, uint256 fromSlot, uint256 toSlot, uint256 shift) private {
        mapping(uint256 word => uint256 bits) storage cal = _calendars[machineId];
        uint256 last = SlotBitmap.wordOf(toSlot - 1);
        for (uint256 w = SlotBitmap.wordOf(fromSlot); w <= last; ++w) {
            uint256 mask = SlotBitmap.mask(w, fromSlot, toSlot);
            uint256 bits = cal[w];
            uint256 taken = bits & mask;
            if (taken != 0) revert CapacitySlotTaken(machineId, SlotBitmap.firstSlot(w, taken));
            uint256 down = (bits >> SlotBitmap.DOWN_SHIFT) & mask;
            if (down != 0) revert CapacityMachineDown(machineId, SlotBitmap.firstSlot(w, down));
            cal[w] = bits | (mask << shift);
        }
    }

    /// @dev Clears the bits of `[fromSlot, toSlot)` in the half at `shift`.
    function _clear(uint256 machineId, uint256 fromSlot, uint256 toSlot, uint256 shift) private {
        mapping(uint256 word => uint256 bits) storage cal = _calendars[machineId];
        uint256 last = SlotBitmap.wordOf(toSlot - 1);
        for (uint256 w = SlotBitmap.wordOf(fromSlot); w <= last; ++w) {
            cal[w] &= ~(SlotBitmap.mask(w, fromSlot, toSlot) << shift);
        }
    }

    function _checkSpec(MachineSpec calldata spec) private pure {
        if (spec.process == bytes32(0)) revert CapacityInvalidMachine("process", "must not be zero");
        uint256 materialCount = spec.materials.length;
        if (materialCount == 0 || materialCount > _MAX_MATERIALS) {
            revert CapacityInvalidMachine("materials", "must have 1 to 16 entries");
        }
        for (uint256 i; i < materialCount; ++i) {
            if (spec.materials[i] == bytes32(0)) revert CapacityInvalidMachine("materials", "entries must not be zero");
        }
        if (spec.envelopeX == 0 || spec.envelopeY == 0 || spec.envelopeZ == 0) {
            revert CapacityInvalidMachine("envelope", "must be greater than zero on every axis");
        }
        if (spec.hourlyRate == 0) revert CapacityInvalidMachine("hourlyRate", "must be greater than zero");
        if (spec.latitude > _MAX_LATITUDE || spec.latitude < -_MAX_LATITUDE) {
            revert CapacityInvalidMachine("latitude", "must be within +-90000000 microdegrees");
        }
        if (spec.longitude > _MAX_LONGITUDE || spec.longitude < -_MAX_LONGITUDE) {
            revert CapacityInvalidMachine("longitude", "must be within +-180000000 microdegrees");
        }
        uint256 slotSeconds = spec.slotSeconds;
        if (slotSeconds == 0 || slotSeconds % 60 != 0 || 1 days % slotSeconds != 0) {
            revert CapacityInvalidMachine("slotSeconds", "must be a whole number of minutes dividing a day");
        }
    }

    function _checkInterval(uint256 machineId, uint256 slotSeconds, uint256 fromSlot, uint256 toSlot) private view {
        if (fromSlot >= toSlot || toSlot - fromSlot > _MAX_SPAN) {
            revert CapacityInvalidInterval(machineId, fromSlot, toSlot);
        }
        uint256 current = block.timestamp / slotSeconds;
        if (fromSlot < current) revert CapacityIntervalInPast(machineId, fromSlot, current);
    }

    function _checkActive(uint256 machineId, MachineRecord storage m) private view {
        if (!m.active) revert CapacityMachineInactive(machineId);
    }

    function _checkHolder(uint256 reservationId, address agent, address machineOwner) private view {
        if (msg.sender == machineOwner) return;
        if (msg.sender != agent || !_mayPlan(machineOwner, agent)) {
            revert CapacityNotReservationHolder(reservationId, msg.sender);
        }
    }

    function _mayPlan(address machineOwner, address planner) private view returns (bool) {
        return _planners[planner] && _plannerApprovals[machineOwner][planner];
    }

    function _machine(uint256 machineId) private view returns (MachineRecord storage m) {
        m = _machines[machineId];
        if (m.owner == address(0)) revert CapacityUnknownMachine(machineId);
    }

    function _ownedMachine(uint256 machineId) private view returns (MachineRecord storage m) {
        m = _machine(machineId);
        if (m.owner != msg.sender) revert CapacityNotMachineOwner(machineId, msg.sender);
    }

    function _liveReservation(uint256 reservationId) private view returns (ReservationRecord storage r) {
        r = _reservations[reservationId];
        ReservationStatus status = r.status;
        if (status == ReservationStatus.None) revert CapacityUnknownReservation(reservationId);
        if (status != ReservationStatus.Live) revert CapacityReservationNotLive(reservationId, status);
    }
}
