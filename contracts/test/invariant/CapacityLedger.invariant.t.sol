// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {ICapacityLedger} from "../../src/interfaces/ICapacityLedger.sol";
import {CapacityFixture} from "../utils/CapacityFixture.sol";
import {TestBase} from "../utils/Test.sol";

/// @title Drives random reservations, releases, completions and downtime across machines
/// @notice The capacity fixture's three machines (1: maker, 1-hour slots; 2: maker, 15-minute slots;
/// 3: otherMaker, 1-hour slots), its planner (admitted, approved by maker), and random callers. Before
/// each call the handler predicts from its own reference model — which slot is held by which live
/// reservation, which is down, who may act — whether the call must succeed; any disagreement
/// with the ledger is counted in `mismatches`. On success the model is updated.
contract CapacityHandler is TestBase {
    uint256 internal constant WINDOW = 512; // slots per machine the model covers (4 words)
    uint256 internal constant MAX_RESERVATIONS = 150;
    uint256 internal constant MAX_WARP = 24 hours;

    struct Ghost {
        uint256 machineId;
        uint256 fromSlot;
        uint256 toSlot;
        address agent;
        ICapacityLedger.ReservationStatus status;
    }

    struct DownGhost {
        uint256 machineId;
        uint256 fromSlot;
        uint256 toSlot;
        bool ended;
    }

    CapacityLedger public ledger;
    address public governance;
    address public planner;
    address public stranger;
    address[4] internal _owners; // by machine id
    uint256[4] internal _slotSeconds;
    uint256[4] internal _base; // first slot of each machine's window (word-aligned)

    mapping(uint256 machineId => mapping(uint256 offset => uint256 reservationId)) internal _holder;
    mapping(uint256 machineId => mapping(uint256 offset => uint256 downtimeId)) internal _downAt;
    // The same two maps as window bitmaps (4 words per machine), kept in step by _setHolder and
    // _setDown, so the invariants compare the whole window with a few reads.
    mapping(uint256 machineId => uint256[4]) internal _modelReserved;
    mapping(uint256 machineId => uint256[4]) internal _modelDown;
    mapping(uint256 reservationId => Ghost) internal _ghosts;
    mapping(uint256 downtimeId => DownGhost) internal _downGhosts;
    mapping(uint256 machineId => bool) public inactive;
    mapping(address owner => bool) public plannerApprovedBy;
    bool public plannerAdmitted;
    uint256 public reservationsMade;
    uint256 public downtimesMade;
    uint256 public warped;
    uint256 public mismatches;
    string public firstMismatch;
    mapping(bytes4 selector => uint256) public callsOk;

    constructor(CapacityLedger ledger_, address governance_, address planner_, address stranger_) {
        ledger = ledger_;
        governance = governance_;
        planner = planner_;
        stranger = stranger_;
        for (uint256 m = 1; m <= 3; ++m) {
            ICapacityLedger.Machine memory info = ledger_.machine(m);
            _owners[m] = info.owner;
            _slotSeconds[m] = info.spec.slotSeconds;
            _base[m] = (block.timestamp / info.spec.slotSeconds) / 128 * 128;
            plannerApprovedBy[info.owner] = ledger_.isPlannerApproved(info.owner, planner_);
        }
        plannerAdmitted = ledger_.isPlanner(planner_);
    }

    // --- views for the invariant suite -------------------------------------------------------

    function base(uint256 machineId) external view returns (uint256) {
        return _base[machineId];
    }

    function window() external pure returns (uint256) {
        return WINDOW;
    }

    function ghostStatus(uint256 reservationId) external view returns (ICapacityLedger.ReservationStatus) {
        return _ghosts[reservationId].status;
    }

    /// @notice The model's window of `machineId`: which slots are held and which are down.
    function modelWords(uint256 machineId) external view returns (uint256[4] memory reserved, uint256[4] memory down) {
        return (_modelReserved[machineId], _modelDown[machineId]);
    }

    // --- plumbing ----------------------------------------------------------------------------

    function _mismatch(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    function _ok(bytes4 selector, bool expected, bool actual, string memory what) internal {
        if (expected != actual) _mismatch(string.concat(what, actual ? ": succeeded" : ": reverted", " against the model"));
        if (actual) ++callsOk[selector];
    }

    function _current(uint256 m) internal view returns (uint256) {
        return block.timestamp / _slotSeconds[m];
    }

    /// @dev 0: the machine's owner, 1: the planner, 2: the other manufacturer, 3: a stranger.
    function _actor(uint256 seed, uint256 m) internal view returns (address) {
        uint256 k = seed % 4;
        if (k == 0) return _owners[m];
        if (k == 1) return planner;
        if (k == 2) return _owners[m] == _owners[3] ? _owners[1] : _owners[3];
        return stranger;
    }

    function _mayPlan(address owner, address actor) internal view returns (bool) {
        return actor == owner || (actor == planner && plannerAdmitted && plannerApprovedBy[owner]);
    }

    function _mayHold(address actor, Ghost storage g) internal view returns (bool) {
        address owner = _owners[g.machineId];
        if (actor == owner) return true;
        return actor == g.agent && actor == planner && plannerAdmitted && plannerApprovedBy[owner];
    }

    /// @dev A live reservation at or after `seed` (cyclically); otherwise any id (or 0 if none).
    function _pickReservation(uint256 seed) internal view returns (uint256) {
        uint256 n = reservationsMade;
        if (n == 0) return 0;
        for (uint256 k; k < n; ++k) {
            uint256 id = (seed + k) % n + 1;
            if (_ghosts[id].status == ICapacityLedger.ReservationStatus.Live) return id;
        }
        return seed % n + 1;
    }

    function _setHolder(uint256 m, uint256 fromSlot, uint256 toSlot, uint256 id) internal {
        for (uint256 s = fromSlot; s < toSlot; ++s) {
            uint256 off = s - _base[m];
            _holder[m][off] = id;
            _setBit(_modelReserved[m], off, id != 0);
        }
    }

    function _setDown(uint256 m, uint256 fromSlot, uint256 toSlot, uint256 id) internal {
        for (uint256 s = fromSlot; s < toSlot; ++s) {
            uint256 off = s - _base[m];
            _downAt[m][off] = id;
            _setBit(_modelDown[m], off, id != 0);
        }
    }

    function _setBit(uint256[4] storage words, uint256 off, bool value) internal {
        uint256 bit = uint256(1) << (off % 128);
        if (value) words[off / 128] |= bit;
        else words[off / 128] &= ~bit;
    }

    // --- actions -----------------------------------------------------------------------------

    function warp(uint256 secs) external {
        if (warped >= MAX_WARP) return;
        uint256 d = bound(secs, 1, 3 hours);
        warped += d;
        vm.warp(block.timestamp + d);
    }

    function reserve(uint256 actorSeed, uint256 planSeed, uint256 orderId) external {
        if (reservationsMade >= MAX_RESERVATIONS) return;
        uint256 n = 1 + planSeed % 3;
        ICapacityLedger.ReservationRequest[] memory plan = new ICapacityLedger.ReservationRequest[](n);
        uint256 first = 1 + (planSeed >> 2) % 3;
        address actor = _actor(actorSeed, first);
        bool expected = true;
        for (uint256 i; i < n; ++i) {
            uint256 s = uint256(keccak256(abi.encode(planSeed, i)));
            uint256 m = i == 0 ? first : 1 + s % 3;
            uint256 len = 1 + (s >> 8) % 16;
            uint256 cur = _current(m);
            // Half the intervals start within the next few slots (so they can be completed soon).
            uint256 from = cur + ((s >> 16) % 2 == 0 ? (s >> 24) % 8 : (s >> 24) % 200);
            if ((s >> 40) % 16 == 0) from -= 2; // sometimes in the past
            if (from + len > _base[m] + WINDOW) return;
            plan[i] = ICapacityLedger.ReservationRequest(m, uint32(from), uint32(from + len));
            if (inactive[m] || !_mayPlan(_owners[m], actor) || from < cur) expected = false;
            for (uint256 slot = from; slot < from + len; ++slot) {
                uint256 off = slot - _base[m];
                if (_holder[m][off] != 0 || _downAt[m][off] != 0) expected = false;
            }
            for (uint256 j; j < i; ++j) {
                if (plan[j].machineId == m && plan[j].fromSlot < from + len && from < plan[j].toSlot) expected = false;
            }
        }
        orderId = orderId % 5;
        vm.prank(actor);
        bool ok;
        try ledger.reserve(orderId, plan) returns (uint256[] memory ids) {
            ok = true;
            for (uint256 i; i < n; ++i) {
                if (ids[i] != reservationsMade + 1 + i) _mismatch("reservation ids not sequential");
                Ghost storage g = _ghosts[ids[i]];
                g.machineId = plan[i].machineId;
                g.fromSlot = plan[i].fromSlot;
                g.toSlot = plan[i].toSlot;
                g.agent = actor;
                g.status = ICapacityLedger.ReservationStatus.Live;
                _setHolder(g.machineId, g.fromSlot, g.toSlot, ids[i]);
            }
            reservationsMade += n;
        } catch {}
        _ok(this.reserve.selector, expected, ok, "reserve");
    }

    function release(uint256 idSeed, uint256 actorSeed) external {
        _endReservation(idSeed, actorSeed, ICapacityLedger.ReservationStatus.Released);
    }

    function complete(uint256 idSeed, uint256 actorSeed) external {
        _endReservation(idSeed, actorSeed, ICapacityLedger.ReservationStatus.Completed);
    }

    /// @dev Releases or completes (`to`) a reservation picked from `idSeed`: either frees its slots,
    /// and completing needs the reservation to have started. Counted under the action called (`msg.sig`).
    function _endReservation(uint256 idSeed, uint256 actorSeed, ICapacityLedger.ReservationStatus to) internal {
        uint256 id = _pickReservation(idSeed);
        Ghost storage g = _ghosts[id];
        address actor = id == 0 ? stranger : _actor(actorSeed, g.machineId);
        bool completing = to == ICapacityLedger.ReservationStatus.Completed;
        bool expected = g.status == ICapacityLedger.ReservationStatus.Live && _mayHold(actor, g)
            && (!completing || block.timestamp >= g.fromSlot * _slotSeconds[g.machineId]);
        vm.prank(actor);
        bool ok;
        try (completing ? ledger.complete : ledger.release)(id) {
            ok = true;
            g.status = to;
            _setHolder(g.machineId, g.fromSlot, g.toSlot, 0);
        } catch {}
        _ok(msg.sig, expected, ok, completing ? "complete" : "release");
    }

    struct DowntimeCall {
        uint256 machineId;
        uint256 fromSlot;
        uint256 toSlot;
        address actor;
        uint256[] releaseIds;
        bool expected;
    }

    function declareDowntime(uint256 machineSeed, uint256 fromSeed, uint256 lenSeed, bool releaseAffected) external {
        DowntimeCall memory c = _downtimeCall(machineSeed, fromSeed, lenSeed, releaseAffected);
        if (c.machineId == 0) return;
        vm.prank(c.actor);
        bool ok;
        try ledger.declareDowntime(
            c.machineId, uint32(c.fromSlot), uint32(c.toSlot), ICapacityLedger.DowntimeReason(lenSeed % 3), c.releaseIds
        ) returns (uint256 downtimeId) {
            ok = true;
            for (uint256 i; i < c.releaseIds.length; ++i) {
                Ghost storage g = _ghosts[c.releaseIds[i]];
                g.status = ICapacityLedger.ReservationStatus.Released;
                _setHolder(g.machineId, g.fromSlot, g.toSlot, 0);
            }
            _setDown(c.machineId, c.fromSlot, c.toSlot, downtimeId);
            _downGhosts[downtimeId] = DownGhost(c.machineId, c.fromSlot, c.toSlot, false);
            downtimesMade = downtimeId;
        } catch {}
        _ok(this.declareDowntime.selector, c.expected, ok, "declareDowntime");
    }

    /// @dev The interval, caller and release list of a downtime call, and whether the model says
    /// it must succeed; machineId 0 when the interval would leave the model's window.
    function _downtimeCall(uint256 machineSeed, uint256 fromSeed, uint256 lenSeed, bool releaseAffected)
        internal
        view
        returns (DowntimeCall memory c)
    {
        uint256 m = 1 + machineSeed % 3;
        uint256 cur = _current(m);
        c.fromSlot = fromSeed % 16 == 0 ? cur - 1 : cur + (fromSeed >> 4) % 100;
        c.toSlot = c.fromSlot + 1 + lenSeed % 24;
        if (c.toSlot > _base[m] + WINDOW) return c;
        c.machineId = m;
        c.actor = (machineSeed >> 8) % 4 == 0 ? _actor(machineSeed >> 10, m) : _owners[m];
        // The live reservations in the way, each once (a reservation's slots are contiguous).
        uint256[] memory affected = new uint256[](c.toSlot - c.fromSlot);
        uint256 count;
        bool downAlready;
        for (uint256 s = c.fromSlot; s < c.toSlot; ++s) {
            uint256 id = _holder[m][s - _base[m]];
            if (id != 0 && (count == 0 || affected[count - 1] != id)) affected[count++] = id;
            if (_downAt[m][s - _base[m]] != 0) downAlready = true;
        }
        c.releaseIds = new uint256[](releaseAffected ? count : 0);
        for (uint256 i; i < c.releaseIds.length; ++i) c.releaseIds[i] = affected[i];
        c.expected = c.actor == _owners[m] && !inactive[m] && c.fromSlot >= cur && !downAlready
            && (releaseAffected || count == 0);
    }

    function endDowntime(uint256 idSeed, uint256 actorSeed) external {
        if (downtimesMade == 0) return;
        uint256 id = 1 + idSeed % downtimesMade;
        DownGhost storage d = _downGhosts[id];
        address actor = actorSeed % 4 == 0 ? _actor(actorSeed >> 2, d.machineId) : _owners[d.machineId];
        uint256 cur = _current(d.machineId);
        uint256 endSlot = cur > d.fromSlot ? cur : d.fromSlot;
        bool expected = actor == _owners[d.machineId] && !d.ended && endSlot < d.toSlot;
        vm.prank(actor);
        bool ok;
        try ledger.endDowntime(id) {
            ok = true;
            _setDown(d.machineId, endSlot, d.toSlot, 0);
            d.toSlot = endSlot;
            d.ended = true;
        } catch {}
        _ok(this.endDowntime.selector, expected, ok, "endDowntime");
    }

    /// @dev Governance admits or removes the planner, or a manufacturer approves or stops it.
    function togglePlanner(uint256 seed) external {
        if (seed % 3 == 0) {
            plannerAdmitted = !plannerAdmitted;
            vm.prank(governance);
            ledger.setPlanner(planner, plannerAdmitted);
        } else {
            address owner = _owners[seed % 3 == 1 ? 1 : 3];
            plannerApprovedBy[owner] = !plannerApprovedBy[owner];
            vm.prank(owner);
            ledger.approvePlanner(planner, plannerApprovedBy[owner]);
        }
        ++callsOk[this.togglePlanner.selector];
    }

    /// @dev Rarely (1 call in 64) deactivates a machine for good.
    function deactivate(uint256 seed) external {
        if (seed % 64 != 0) return;
        uint256 m = 1 + (seed >> 6) % 3;
        bool expected = !inactive[m];
        vm.prank(_owners[m]);
        bool ok;
        try ledger.deactivateMachine(m) {
            ok = true;
            inactive[m] = true;
        } catch {}
        _ok(this.deactivate.selector, expected, ok, "deactivate");
    }

    function selectors() external pure returns (bytes4[] memory s) {
        s = new bytes4[](8);
        s[0] = this.warp.selector;
        s[1] = this.reserve.selector;
        s[2] = this.release.selector;
        s[3] = this.complete.selector;
        s[4] = this.declareDowntime.selector;
        s[5] = this.endDowntime.selector;
        s[6] = this.togglePlanner.selector;
        s[7] = this.deactivate.selector;
    }
}

/// @title Capacity-ledger invariants under random calendars
/// @notice Runs and depth come from the config (256 x 100). Every invariant reads the ledger's
/// own records and calendar words; the handler's reference model is compared separately.
contract CapacityLedgerInvariantTest is CapacityFixture {
    CapacityHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new CapacityHandler(ledger, governance, planner, stranger);
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: handler.selectors()}));
    }

    /// @dev The window's reserved and down halves rebuilt from the ledger's records; reverts on
    /// two live reservations (or two downtimes) sharing a slot.
    function _fromRecords(uint256 m) internal view returns (uint256[4] memory reserved, uint256[4] memory down) {
        uint256 base = handler.base(m);
        uint256 n = ledger.reservationCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICapacityLedger.Reservation memory r = ledger.reservation(id);
            if (r.machineId != m || r.status != ICapacityLedger.ReservationStatus.Live) continue;
            for (uint256 s = r.fromSlot; s < r.toSlot; ++s) {
                uint256 bit = uint256(1) << ((s - base) % 128);
                uint256 w = (s - base) / 128;
                assertEq(reserved[w] & bit, 0, "two live reservations share a slot");
                reserved[w] |= bit;
            }
        }
        n = ledger.downtimeCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICapacityLedger.Downtime memory d = ledger.downtime(id);
            if (d.machineId != m) continue;
            for (uint256 s = d.fromSlot; s < d.toSlot; ++s) {
                uint256 bit = uint256(1) << ((s - base) % 128);
                uint256 w = (s - base) / 128;
                assertEq(down[w] & bit, 0, "two downtimes share a slot");
                down[w] |= bit;
            }
        }
    }

    function _words(uint256 m) internal view returns (uint256[] memory) {
        return ledger.calendar(m, handler.base(m) / 128, handler.window() / 128);
    }

    /// @notice No two live reservations on one machine overlap (from the reservation records alone).
    function invariant_liveReservationsNeverOverlap() public view {
        for (uint256 m = 1; m <= 3; ++m) _fromRecords(m);
    }

    /// @notice The calendar's reserved slots are exactly the slots of live reservations: every
    /// reserved slot belongs to exactly one live reservation, and every live reservation's slots are reserved.
    function invariant_reservedSlotsAreExactlyTheLiveReservations() public view {
        for (uint256 m = 1; m <= 3; ++m) {
            (uint256[4] memory reserved,) = _fromRecords(m);
            uint256[] memory words = _words(m);
            for (uint256 w; w < 4; ++w) {
                assertEq(words[w] & type(uint128).max, reserved[w], "reserved bits != live reservations");
            }
        }
    }

    /// @notice No slot is both down and reserved — so no reservation made after a downtime lies in
    /// it (and declaring downtime released whatever was there) — and the down bits are exactly the
    /// downtimes' (remaining) intervals.
    function invariant_downtimeHoldsNoReservation() public view {
        for (uint256 m = 1; m <= 3; ++m) {
            (, uint256[4] memory down) = _fromRecords(m);
            uint256[] memory words = _words(m);
            for (uint256 w; w < 4; ++w) {
                assertEq(words[w] & (words[w] >> 128), 0, "a down slot is reserved");
                assertEq(words[w] >> 128, down[w], "down bits != downtimes");
            }
        }
    }

    /// @notice Every call succeeded exactly when the reference model said it must, and the model's
    /// statuses and slot holders equal the ledger's.
    function invariant_ledgerMatchesModel() public view {
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
        uint256 n = ledger.reservationCount();
        assertEq(n, handler.reservationsMade(), "reservation count");
        for (uint256 id = 1; id <= n; ++id) {
            assertEq(uint256(ledger.reservation(id).status), uint256(handler.ghostStatus(id)), "status");
        }
        for (uint256 m = 1; m <= 3; ++m) {
            (uint256[4] memory reserved, uint256[4] memory down) = handler.modelWords(m);
            uint256[] memory words = _words(m);
            for (uint256 w; w < 4; ++w) {
                assertEq(words[w] & type(uint128).max, reserved[w], "model: reserved slots");
                assertEq(words[w] >> 128, down[w], "model: down slots");
            }
        }
    }

    /// @notice The handler is not vacuous: each action succeeds from a plain start.
    function test_handler_reachesEveryAction() public {
        uint256 before = ledger.reservationCount();
        // actor 0 (owner), machine 1, one interval starting within a few slots.
        for (uint256 seed; ledger.reservationCount() == before && seed < 64; ++seed) {
            handler.reserve(0, seed * 12, 0);
        }
        assertGt(ledger.reservationCount(), before, "reserve");
        handler.warp(3 hours);
        handler.warp(3 hours);
        handler.warp(3 hours);
        handler.complete(0, 0);
        for (uint256 seed; handler.callsOk(CapacityHandler.reserve.selector) < 4 && seed < 64; ++seed) {
            handler.reserve(0, seed * 12, 0);
        }
        handler.release(0, 0);
        handler.declareDowntime(0, 1, 3, true);
        handler.endDowntime(0, 1);
        handler.togglePlanner(0);
        handler.deactivate(0);
        assertGe(handler.callsOk(CapacityHandler.complete.selector), 1, "complete");
        assertGe(handler.callsOk(CapacityHandler.release.selector), 1, "release");
        assertGe(handler.callsOk(CapacityHandler.declareDowntime.selector), 1, "declareDowntime");
        assertGe(handler.callsOk(CapacityHandler.endDowntime.selector), 1, "endDowntime");
        assertGe(handler.callsOk(CapacityHandler.deactivate.selector), 1, "deactivate");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }
}
