// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Bounds on governance's own parameters
/// @notice What no proposal can set: a governance that can vote itself a zero voting period, a
/// quorum nobody reaches or a timelock delay of years can lock itself (and everyone) out for good.
/// The Governor and the timelock check every value against these bounds, at deployment too.
/// @dev The longest path of one proposal, delay + voting + timelock, is 7 + 14 + 7 = 28 days, which
/// the market's dispute escalation window (30 days) outlasts, so governance can always rule on an
/// escalated dispute before it expires.
library GovernanceBounds {
    uint256 internal constant MIN_VOTING_DELAY = 1 hours;
    uint256 internal constant MAX_VOTING_DELAY = 7 days;
    uint256 internal constant MIN_VOTING_PERIOD = 1 days;
    uint256 internal constant MAX_VOTING_PERIOD = 14 days;
    uint256 internal constant MIN_TIMELOCK_DELAY = 1 days;
    uint256 internal constant MAX_TIMELOCK_DELAY = 7 days;
    /// @dev Of the total supply, in percent.
    uint256 internal constant MIN_QUORUM_PERCENT = 1;
    uint256 internal constant MAX_QUORUM_PERCENT = 50;
    /// @dev The proposal threshold is at least one token unit and at most 1 % of the supply when set;
    /// the supply only grows (nothing burns), so it stays reachable.
    uint256 internal constant MAX_THRESHOLD_SUPPLY_DIVISOR = 100;

    /// @notice Governance parameter `name` would be `value`, outside [`min`, `max`].
    error GovernanceParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);

    function check(string memory name, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert GovernanceParameterOutOfBounds(name, value, min, max);
    }
}
