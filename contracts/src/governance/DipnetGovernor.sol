// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {GovernanceBounds} from "./GovernanceBounds.sol";

/// @title The DIPNET Governor
/// @notice DIP holders (by delegated votes) propose and vote; a proposal that passes is queued in
/// the timelock and executed by anyone after its delay. Votes count at the proposal's snapshot
/// (`proposalSnapshot`): tokens that move after it add nothing. The clock is DIP's, in seconds.
/// Voting delay, voting period, proposal threshold and quorum are changed only by proposals, and
/// only within {GovernanceBounds}.
contract DipnetGovernor is
    Governor,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorTimelockControl
{
    /// @notice The initial settings; each must be within {GovernanceBounds}.
    struct Settings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
    }

    // GovernorVotes comes before GovernorSettings, so the token is set when the threshold's bound
    // reads its supply.
    constructor(IVotes token_, TimelockController timelock_, Settings memory settings)
        Governor("DIPNET Governor")
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(settings.quorumPercent)
        GovernorSettings(settings.votingDelay, settings.votingPeriod, settings.proposalThreshold)
        GovernorTimelockControl(timelock_)
    {}

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _setVotingDelay(uint48 newVotingDelay) internal override {
        GovernanceBounds.check(
            "votingDelay", newVotingDelay, GovernanceBounds.MIN_VOTING_DELAY, GovernanceBounds.MAX_VOTING_DELAY
        );
        super._setVotingDelay(newVotingDelay);
    }

    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        GovernanceBounds.check(
            "votingPeriod", newVotingPeriod, GovernanceBounds.MIN_VOTING_PERIOD, GovernanceBounds.MAX_VOTING_PERIOD
        );
        super._setVotingPeriod(newVotingPeriod);
    }

    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        uint256 supply = IERC20(address(token())).totalSupply();
        GovernanceBounds.check(
            "proposalThreshold", newProposalThreshold, 1, supply / GovernanceBounds.MAX_THRESHOLD_SUPPLY_DIVISOR
        );
        super._setProposalThreshold(newProposalThreshold);
    }

    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        GovernanceBounds.check(
            "quorumPercent",
            newQuorumNumerator,
            GovernanceBounds.MIN_QUORUM_PERCENT,
            GovernanceBounds.MAX_QUORUM_PERCENT
        );
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
