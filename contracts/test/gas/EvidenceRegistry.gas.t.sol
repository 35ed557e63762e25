// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../../src/OrderMarket.sol";
import {ParticipantRegistry} from "../../src/ParticipantRegistry.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @title Gas of anchoring a Merkle batch
/// @notice A batch costs one slot and one event whatever its size. Here with the gas tests, which
/// branch coverage leaves out: instrumented code costs differently on a first call.
contract EvidenceRegistryGasTest is Test {
    EvidenceRegistry internal evidence;

    function setUp() public {
        ParticipantRegistry registry =
            new ParticipantRegistry(address(this), address(new MockERC20("Stake", "STK", 18)), 0);
        OrderMarket market = new OrderMarket(
            address(this),
            address(registry),
            address(this),
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
        evidence = new EvidenceRegistry(address(new CapacityLedger(address(this), address(registry))), address(market));
    }

    function testFuzz_anchor_costsTheSameForAnyBatchSize(uint32 small, uint32 large) public {
        small = uint32(bound(small, 1, 100));
        large = uint32(bound(large, 1_000_000, type(uint32).max));
        evidence.anchor(keccak256("a"), small, 1, 2);
        uint256 gasSmall = vm.lastCallGas().gasTotalUsed;
        evidence.anchor(keccak256("b"), large, 1, 2);
        assertEq(vm.lastCallGas().gasTotalUsed, gasSmall);
    }
}
