// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICapacityLedger} from "../src/interfaces/ICapacityLedger.sol";
import {CapacityFixture} from "./utils/CapacityFixture.sol";

/// @title Gas of the capacity ledger: flat as a calendar fills, and per plan size
/// @notice Runs isolated, so every ledger call is its own transaction (cold storage, refunds
/// applied) and each figure is a whole transaction's gasUsed. Figures go to
/// `snapshots/CapacityLedger.json` with `hardhat test solidity --snapshot test/CapacityLedger.gas.t.sol`;
/// the flatness bound (±5 %) is asserted on every run.
contract CapacityLedgerGasTest is CapacityFixture {
    string internal constant GROUP = "CapacityLedger";
    uint256 internal constant FILLED = 1_000;

    uint256 internal empty; // maker's, 1-hour slots
    uint256 internal full; // maker's, 1-hour slots
    uint256 internal start; // first slot of the filled region (word-aligned)

    function setUp() public override {
        super.setUp();
        empty = m1;
        full = _registerMachine(maker, HOUR);
        start = s0;
    }

    function _reserveGas(uint256 machineId, uint256 fromSlot, uint256 toSlot) internal returns (uint256) {
        vm.prank(maker);
        ledger.reserve(1, _plan(_req(machineId, fromSlot, toSlot)));
        return vm.lastCallGas().gasTotalUsed;
    }

    /// @dev FILLED reservations of 2 slots with a 1-slot gap after each: slots [start, start + 3 * FILLED).
    function _fill(uint256 machineId) internal {
        for (uint256 batch; batch < FILLED / 100; ++batch) {
            ICapacityLedger.ReservationRequest[] memory plan = new ICapacityLedger.ReservationRequest[](100);
            for (uint256 i; i < 100; ++i) {
                uint256 from = start + 3 * (batch * 100 + i);
                plan[i] = ICapacityLedger.ReservationRequest(machineId, uint32(from), uint32(from + 2));
            }
            vm.prank(maker);
            ledger.reserve(1, plan);
        }
    }

    function _assertWithin5Percent(uint256 a, uint256 b, string memory what) internal pure {
        uint256 hi = a > b ? a : b;
        uint256 lo = a > b ? b : a;
        assertLe((hi - lo) * 100, lo * 5, what);
    }

    /// @notice Reserving on a machine with 1,000 reservations costs what it costs on an empty one:
    /// both in a word nobody has written yet, and in a word already holding a neighbour.
    /// forge-config: default.isolate = true
    function test_gas_reserveIsFlatAsTheCalendarFills() public {
        _fill(full);
        assertEq(ledger.reservationCount(), FILLED);

        // Far beyond the filled region: a fresh calendar word on both machines.
        uint256 far = start + 128 * 100;
        uint256 onEmpty = _reserveGas(empty, far, far + 4);
        vm.snapshotGasLastCall(GROUP, "reserve 4 slots, fresh word, empty calendar");
        uint256 onFull = _reserveGas(full, far, far + 4);
        vm.snapshotGasLastCall(GROUP, "reserve 4 slots, fresh word, 1000 reservations");
        _assertWithin5Percent(onEmpty, onFull, "fresh word: empty vs 1000 reservations");

        // The gap slot after the 500th reservation, deep inside the filled region; the empty
        // machine gets the same neighbour first so the word is non-zero on both.
        uint256 gap = start + 3 * 500 + 2;
        _reserveGas(empty, gap - 2, gap);
        onEmpty = _reserveGas(empty, gap, gap + 1);
        vm.snapshotGasLastCall(GROUP, "reserve 1 slot, shared word, 1 reservation");
        onFull = _reserveGas(full, gap, gap + 1);
        vm.snapshotGasLastCall(GROUP, "reserve 1 slot, shared word, 1000 reservations");
        _assertWithin5Percent(onEmpty, onFull, "shared word: 1 vs 1000 reservations");
        assertFalse(ledger.isFree(full, start, start + 3 * FILLED - 1));
    }

    /// @notice One reservation of N slots: the cost grows with the words it touches (128 slots
    /// each), not with N.
    /// forge-config: default.isolate = true
    function test_gas_reserveBySpan() public {
        uint256[6] memory spans = [uint256(1), 8, 24, 128, 256, 1024];
        uint256 from = start;
        for (uint256 i; i < spans.length; ++i) {
            _reserveGas(empty, from, from + spans[i]);
            vm.snapshotGasLastCall(GROUP, string.concat("reserve 1 reservation of ", vm.toString(spans[i]), " slots"));
            from = (from + spans[i] + 127) / 128 * 128 + 128; // next fresh word
        }
    }

    /// @notice A plan of k reservations of 8 slots (one per fresh word), by the owner and by a planner.
    /// forge-config: default.isolate = true
    function test_gas_reserveByPlanSize() public {
        uint256[3] memory sizes = [uint256(1), 5, 10];
        uint256 from = start;
        for (uint256 i; i < sizes.length; ++i) {
            for (uint256 pass; pass < 2; ++pass) {
                ICapacityLedger.ReservationRequest[] memory plan = new ICapacityLedger.ReservationRequest[](sizes[i]);
                for (uint256 k; k < sizes[i]; ++k) {
                    plan[k] = ICapacityLedger.ReservationRequest(empty, uint32(from), uint32(from + 8));
                    from += 128;
                }
                vm.prank(pass == 0 ? maker : planner);
                ledger.reserve(1, plan);
                vm.snapshotGasLastCall(
                    GROUP,
                    string.concat(
                        "reserve plan of ", vm.toString(sizes[i]), " x 8 slots", pass == 0 ? " (owner)" : " (planner)"
                    )
                );
            }
        }
    }

    /// @notice The other hot paths.
    /// forge-config: default.isolate = true
    function test_gas_otherActions() public {
        _registerMachine(maker, HOUR);
        vm.snapshotGasLastCall(GROUP, "registerMachine (2 materials)");
        uint256 id = _reserve(maker, 1, empty, now1, now1 + 4);
        uint256 id2 = _reserve(maker, 2, empty, now1 + 4, now1 + 8);
        vm.prank(maker);
        ledger.release(id2);
        vm.snapshotGasLastCall(GROUP, "release (4 slots)");
        vm.prank(maker);
        ledger.complete(id);
        vm.snapshotGasLastCall(GROUP, "complete (4 slots)");
        uint256 old = _reserve(maker, 3, empty, start, start + 4);
        vm.prank(maker);
        ledger.replan(3, _ids(old), _plan(_req(empty, start + 2, start + 6)));
        vm.snapshotGasLastCall(GROUP, "replan (release 4 slots, reserve 4 slots)");
        vm.prank(maker);
        uint256 downtimeId = ledger.declareDowntime(
            empty, uint32(start + 200), uint32(start + 224), ICapacityLedger.DowntimeReason.Maintenance, _none()
        );
        vm.snapshotGasLastCall(GROUP, "declareDowntime (24 slots)");
        vm.prank(maker);
        ledger.endDowntime(downtimeId);
        vm.snapshotGasLastCall(GROUP, "endDowntime (24 slots)");
    }
}
