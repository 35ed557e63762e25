// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernanceBounds} from "./GovernanceBounds.sol";

/// @title The DIPNET timelock
/// @notice OpenZeppelin's `TimelockController` with its delay bounded (see {GovernanceBounds}):
/// owner of every owned DIPNET contract and treasury of the fees. The Governor is its only
/// proposer, canceller and executor, and the timelock its only admin.
contract DipnetTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {
        _checkDelay(minDelay);
    }

    /// @inheritdoc TimelockController
    function updateDelay(uint256 newDelay) public override {
        _checkDelay(newDelay);
        super.updateDelay(newDelay);
    }

    function _checkDelay(uint256 delay) private pure {
        GovernanceBounds.check(
            "timelockDelay", delay, GovernanceBounds.MIN_TIMELOCK_DELAY, GovernanceBounds.MAX_TIMELOCK_DELAY
        );
    }
}
