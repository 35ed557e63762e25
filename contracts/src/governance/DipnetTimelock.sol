// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
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

    /// @notice Accepts the ownership of each of `owned` (`Ownable2Step`), offered to this timelock.
    /// @dev The deployer's hand-over in one step: an admin can already grant itself every role, so
    /// this adds no power, but it spares the hand-over a wait of the delay. Once the deployer has
    /// renounced its admin role, only the timelock itself (a proposal) can call it.
    function acceptOwnershipOf(address[] calldata owned) external onlyRole(DEFAULT_ADMIN_ROLE) {
        for (uint256 i; i < owned.length; ++i) {
            Ownable2Step(owned[i]).acceptOwnership();
        }
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
