// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../../src/OrderMarket.sol";
import {CapacityFixture} from "../utils/CapacityFixture.sol";

/// @title Shared set-up for the evidence suites
/// @notice The capacity fixture's machines, with `m2` deactivated, and the evidence registry on its
/// ledger and on an order market of its registry.
abstract contract EvidenceFixture is CapacityFixture {
    EvidenceRegistry internal evidence;

    function setUp() public virtual override {
        super.setUp();
        vm.prank(maker);
        ledger.deactivateMachine(m2);
        OrderMarket market = new OrderMarket(
            governance,
            address(registry),
            governance,
            IOrderMarket.MarketParameters({
                feeBps: 0,
                acceptanceWindow: 1 days,
                lateGrace: 1 days,
                minBond: 0,
                rulingWindow: 14 days,
                cancellationFloorPercent: 10,
                commitDepositBps: 100
            })
        );
        evidence = new EvidenceRegistry(address(ledger), address(market));
    }
}
