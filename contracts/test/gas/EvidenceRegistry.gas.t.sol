// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EvidenceFixture} from "../evidence/EvidenceFixture.sol";

/// @title Gas of anchoring a Merkle batch
/// @notice A batch costs one slot and one event whatever its size. Here with the gas tests, which
/// branch coverage leaves out: instrumented code costs differently on a first call.
contract EvidenceRegistryGasTest is EvidenceFixture {
    function testFuzz_anchor_costsTheSameForAnyBatchSize(uint32 small, uint32 large) public {
        small = uint32(bound(small, 1, 100));
        large = uint32(bound(large, 1_000_000, type(uint32).max));
        evidence.anchor(keccak256("a"), small, 1, 2);
        uint256 gasSmall = vm.lastCallGas().gasTotalUsed;
        evidence.anchor(keccak256("b"), large, 1, 2);
        assertEq(vm.lastCallGas().gasTotalUsed, gasSmall);
    }
}
