// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET capacity ledger
/// @notice Manufacturers' machines and their calendars. A machine's time is cut into slots of
/// `slotSeconds` counted from the Unix epoch (slot `s` covers `[s * slotSeconds, (s + 1) * slotSeconds)`);
/// reservations and downtime hold half-open slot intervals `[fromSlot, toSlot)`. A plan's
/// reservations are made atomically (all or none) and linked to an order; no two live
/// reservations on one machine can overlap, and no live reservation lies in a machine's downtime.
/// @dev Each machine's calendar is a bitmap of 128-slot words: bit `i` of word `w` is set while
/// slot `128 * w + i` is reserved, bit `128 + i` while it is down. Reserving touches only the words
/// of its own interval, so its gas does not grow as the calendar fills. Which reservation holds
/// a slot is not stored: the `ReservationMade` events (indexed by machine) carry it.
/// Governance is the contract's owner (OpenZeppelin Ownable2Step): governance-only functions
/// revert with OwnableUnauthorizedAccount.
interface ICapacityLedger {
    /// @notice Where a reservation is. Live -> Released | Completed, never back.
    enum ReservationStatus {
        None,
        Live,
        Released,
        Completed
    }

    /// @notice Why a machine is down.
    enum DowntimeReason {
        Breakdown,
        Maintenance,
        Other
    }

    /// @notice What a machine is and costs.
    /// @param process Manufacturing process id, e.g. `bytes32("cnc-milling")`.
    /// @param materials Material ids the machine can work, e.g. `bytes32("aluminium-6061")`; 1 to 16, none zero.
    /// @param envelopeX Work envelope along X, in millimetres (likewise Y and Z); all greater than zero.
    /// @param hourlyRate Price of one hour of machine time, in payment-token base units; greater than zero.
    /// @param latitude Latitude in microdegrees, within +-90,000,000.
    /// @param longitude Longitude in microdegrees, within +-180,000,000.
    /// @param slotSeconds Length of one calendar slot: a whole number of minutes that divides a day
    /// (60, 300, 900, 3600, ... 86400), so slots of every machine start on UTC day boundaries.
    struct MachineSpec {
        bytes32 process;
        bytes32[] materials;
        uint32 envelopeX;
        uint32 envelopeY;
        uint32 envelopeZ;
        uint96 hourlyRate;
        int32 latitude;
        int32 longitude;
        uint32 slotSeconds;
    }

    /// @notice A registered machine. `active` turns false for good when the owner deactivates it.
    struct Machine {
        address owner;
        bool active;
        MachineSpec spec;
    }

    /// @notice One interval to reserve: slots `[fromSlot, toSlot)` of `machineId`.
    struct ReservationRequest {
        uint256 machineId;
        uint32 fromSlot;
        uint32 toSlot;
    }

    /// @notice A reservation as stored. `agent` made it: the machine's owner or a planner.
    struct Reservation {
        uint256 orderId;
        uint256 machineId;
        uint32 fromSlot;
        uint32 toSlot;
        address agent;
        ReservationStatus status;
    }

    /// @notice A downtime as stored. Once ended, `toSlot` is the slot it ended at.
    struct Downtime {
        uint32 machineId;
        uint32 fromSlot;
        uint32 toSlot;
        DowntimeReason reason;
        bool ended;
    }

    /// @notice A manufacturer registered machine `machineId` with `spec`.
    event MachineRegistered(uint256 indexed machineId, address indexed owner, MachineSpec spec);
    /// @notice The owner changed the hourly rate of `machineId`.
    event MachineRateSet(uint256 indexed machineId, uint96 hourlyRate);
    /// @notice The owner deactivated `machineId` for good; it takes no new reservations or downtime.
    event MachineDeactivated(uint256 indexed machineId);
    /// @notice Governance admitted or removed `planner` (a market or planning contract or account).
    event PlannerSet(address indexed planner, bool allowed);
    /// @notice `owner` allowed or stopped `planner` to reserve on its machines.
    event PlannerApproved(address indexed owner, address indexed planner, bool approved);
    /// @notice `agent` reserved slots `[fromSlot, toSlot)` of `machineId` for `orderId`.
    event ReservationMade(
        uint256 indexed reservationId,
        uint256 indexed orderId,
        uint256 indexed machineId,
        uint32 fromSlot,
        uint32 toSlot,
        address agent
    );
    /// @notice `by` released the reservation; its slots are free again.
    event ReservationReleased(
        uint256 indexed reservationId, uint256 indexed orderId, uint256 indexed machineId, address by
    );
    /// @notice `by` marked the reservation done (consumed); its slots are free again.
    event ReservationCompleted(
        uint256 indexed reservationId, uint256 indexed orderId, uint256 indexed machineId, address by
    );
    /// @notice The owner declared `machineId` down for slots `[fromSlot, toSlot)`, releasing the
    /// live reservations `releasedReservationIds` that lay in the way (their orders need re-planning).
    event DowntimeDeclared(
        uint256 indexed downtimeId,
        uint256 indexed machineId,
        uint32 fromSlot,
        uint32 toSlot,
        DowntimeReason reason,
        uint256[] releasedReservationIds
    );
    /// @notice The owner ended the downtime; slots from `endSlot` on are available again.
    event DowntimeEnded(uint256 indexed downtimeId, uint256 indexed machineId, uint32 endSlot);

    /// @notice The registry must be a contract.
    error CapacityInvalidRegistry(address registry);
    /// @notice The machine field `field` is invalid for `reason`.
    error CapacityInvalidMachine(string field, string reason);
    /// @notice No machine has id `machineId`.
    error CapacityUnknownMachine(uint256 machineId);
    /// @notice No reservation has id `reservationId`.
    error CapacityUnknownReservation(uint256 reservationId);
    /// @notice No downtime has id `downtimeId`.
    error CapacityUnknownDowntime(uint256 downtimeId);
    /// @notice Only the owner of `machineId` may do this.
    error CapacityNotMachineOwner(uint256 machineId, address caller);
    /// @notice `caller` is neither the owner of `machineId` nor a governance-admitted planner the owner approved.
    error CapacityNotReserver(uint256 machineId, address caller);
    /// @notice `caller` is neither the machine's owner nor the (still admitted and approved) planner
    /// that made `reservationId`.
    error CapacityNotReservationHolder(uint256 reservationId, address caller);
    /// @notice `machineId` was deactivated.
    error CapacityMachineInactive(uint256 machineId);
    /// @notice `[fromSlot, toSlot)` is empty or longer than `maxSpan()` slots.
    error CapacityInvalidInterval(uint256 machineId, uint256 fromSlot, uint256 toSlot);
    /// @notice `fromSlot` lies before `currentSlot`, the slot `block.timestamp` falls in.
    error CapacityIntervalInPast(uint256 machineId, uint256 fromSlot, uint256 currentSlot);
    /// @notice `slot` of `machineId` is held by a live reservation.
    error CapacitySlotTaken(uint256 machineId, uint256 slot);
    /// @notice `machineId` is down in `slot`.
    error CapacityMachineDown(uint256 machineId, uint256 slot);
    /// @notice A plan must hold at least one reservation.
    error CapacityEmptyPlan();
    /// @notice `reservationId` is `status`, not live.
    error CapacityReservationNotLive(uint256 reservationId, ReservationStatus status);
    /// @notice `reservationId` starts at `startsAt`; it cannot be completed before.
    error CapacityReservationNotStarted(uint256 reservationId, uint256 startsAt);
    /// @notice `reservationId` is not on `machineId`.
    error CapacityWrongMachine(uint256 reservationId, uint256 machineId);
    /// @notice `downtimeId` was already ended or is over.
    error CapacityDowntimeOver(uint256 downtimeId);

    /// @notice Registers a machine owned by the caller, who must be a registered manufacturer.
    /// @return machineId Id of the new machine; ids are sequential from 1.
    function registerMachine(MachineSpec calldata spec) external returns (uint256 machineId);

    /// @notice Sets the hourly rate of an active machine. Machine owner only.
    function setHourlyRate(uint256 machineId, uint96 hourlyRate) external;

    /// @notice Deactivates a machine for good: no new reservations or downtime. Live reservations
    /// stay until released or completed. Machine owner only.
    function deactivateMachine(uint256 machineId) external;

    /// @notice Admits or removes a planner (e.g. an order market). Governance only.
    function setPlanner(address planner, bool allowed) external;

    /// @notice Allows or stops `planner` to reserve on the caller's machines (and to release or
    /// complete the reservations it made). A planner needs both this and governance's admission.
    function approvePlanner(address planner, bool approved) external;

    /// @notice Reserves every interval of a plan for `orderId`, atomically: all succeed or the call
    /// reverts (CapacitySlotTaken, CapacityMachineDown, ...) naming the first conflict. Per machine,
    /// the caller must be its owner or an admitted planner the owner approved. Intervals may not lie
    /// before the current slot and span at most `maxSpan()` slots. `orderId` 0 may stand for work
    /// outside DIPNET.
    /// @return reservationIds Ids of the new reservations, in the order of `requests`; sequential.
    function reserve(uint256 orderId, ReservationRequest[] calldata requests)
        external
        returns (uint256[] memory reservationIds);

    /// @notice Releases each of `releaseIds` (as `release`) and then reserves `requests` for
    /// `orderId` (as `reserve`), in one transaction: a re-plan never loses its capacity to someone
    /// else between the two steps, and fails as a whole.
    function replan(uint256 orderId, uint256[] calldata releaseIds, ReservationRequest[] calldata requests)
        external
        returns (uint256[] memory reservationIds);

    /// @notice Releases a live reservation (e.g. on cancellation); its slots become free. The
    /// machine's owner, or the planner that made it while still admitted and approved.
    function release(uint256 reservationId) external;

    /// @notice Marks a live reservation as consumed once it has started; its slots (including any
    /// not yet reached, when the work finished early) become free. Same callers as `release`.
    function complete(uint256 reservationId) external;

    /// @notice Declares `machineId` down for `[fromSlot, toSlot)`; new reservations there revert with
    /// CapacityMachineDown. Live reservations in the interval must be listed in `releaseIds`: they
    /// are released in the same transaction (otherwise CapacitySlotTaken). Downtimes of one machine
    /// cannot overlap. Machine owner only.
    /// @return downtimeId Id of the new downtime; ids are sequential from 1.
    function declareDowntime(
        uint256 machineId,
        uint32 fromSlot,
        uint32 toSlot,
        DowntimeReason reason,
        uint256[] calldata releaseIds
    ) external returns (uint256 downtimeId);

    /// @notice Ends a downtime now: its slots from the current slot on (all of them if it has not
    /// started) are available again. Machine owner only.
    function endDowntime(uint256 downtimeId) external;

    /// @notice The machine `machineId`.
    function machine(uint256 machineId) external view returns (Machine memory);

    /// @notice The reservation `reservationId`.
    function reservation(uint256 reservationId) external view returns (Reservation memory);

    /// @notice The downtime `downtimeId`.
    function downtime(uint256 downtimeId) external view returns (Downtime memory);

    /// @notice Whether every slot of `[fromSlot, toSlot)` on `machineId` is neither reserved nor
    /// down. Time, activity and callers are not considered.
    function isFree(uint256 machineId, uint256 fromSlot, uint256 toSlot) external view returns (bool);

    /// @notice `count` raw calendar words of `machineId` from word `firstWord`: a planner reads a
    /// machine's whole horizon in one call. Word `w` covers slots `[128 * w, 128 * w + 128)`; bit `i`
    /// is set while slot `128 * w + i` is reserved, bit `128 + i` while it is down.
    function calendar(uint256 machineId, uint256 firstWord, uint256 count) external view returns (uint256[] memory);

    /// @notice The slot of `machineId` that `timestamp` falls in.
    function slotAt(uint256 machineId, uint256 timestamp) external view returns (uint256);

    /// @notice When `slot` of `machineId` starts (unix seconds).
    function slotStart(uint256 machineId, uint256 slot) external view returns (uint256);

    /// @notice Number of machines registered.
    function machineCount() external view returns (uint256);

    /// @notice Number of reservations ever made.
    function reservationCount() external view returns (uint256);

    /// @notice Number of downtimes ever declared.
    function downtimeCount() external view returns (uint256);

    /// @notice Whether governance admitted `planner`.
    function isPlanner(address planner) external view returns (bool);

    /// @notice Whether `owner` approved `planner` for its machines.
    function isPlannerApproved(address owner, address planner) external view returns (bool);

    /// @notice The longest interval one reservation or downtime may span, in slots (16,384).
    function maxSpan() external pure returns (uint256);

    /// @notice The participant registry that vouches for manufacturers.
    function registry() external view returns (address);
}
