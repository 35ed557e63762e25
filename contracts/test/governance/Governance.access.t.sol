// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IParticipantRegistry} from "../../src/interfaces/IParticipantRegistry.sol";
import {AccessMatrix} from "../utils/AccessMatrix.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice Access matrix after the hand-over: every restricted function of every owned contract, of the
/// token, the timelock and the Governor x every role (the timelock, the Governor, the former deployer, a
/// DIP holder, an arbiter, a stranger). Only the timelock passes the owners' checks and administers
/// itself (it calls only through operations that waited its delay), only the Governor schedules in
/// the timelock, and the Governor's settings refuse every direct caller: they change only inside the
/// execution of one of its proposals.
contract GovernanceAccessTest is GovernanceFixture, AccessMatrix {
    uint256 internal constant ROLES = 6;
    uint256 internal constant TIMELOCK = 1 << 0;
    uint256 internal constant GOVERNOR = 1 << 1;
    uint256 internal constant NOBODY = 0;

    function _roles() internal view override returns (address[] memory roles) {
        roles = new address[](ROLES);
        (roles[0], roles[1], roles[2]) = (address(timelock), address(governor), governance);
        (roles[3], roles[4], roles[5]) = (alice, arbiter, stranger);
    }

    function _notExecutor(uint256 role, address who) internal pure returns (bytes memory) {
        // The timelock calling the Governor outside a proposal finds no queued governance call.
        if (role == 0) return abi.encodeWithSignature("Panic(uint256)", 0x31);
        return abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, who);
    }

    function _notTimelock(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, who);
    }

    function _notAdmin(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, bytes32(0));
    }

    function _notProposer(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector, who, timelock.PROPOSER_ROLE()
        );
    }

    function _notGuardian(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IParticipantRegistry.RegistryNotGuardian.selector, who);
    }

    function test_accessMatrix_ownedContracts() public {
        _row(address(market), abi.encodeCall(market.setParameters, (_defaultParameters())), TIMELOCK, _notGovernance);
        _row(address(market), abi.encodeCall(market.setTreasury, (stranger)), TIMELOCK, _notGovernance);
        _row(address(market), abi.encodeCall(market.setPaymentToken, (address(usd), false)), TIMELOCK, _notGovernance);
        _row(address(market), abi.encodeCall(market.setArbiter, (stranger, true)), TIMELOCK, _notGovernance);
        _row(
            address(market),
            abi.encodeCall(market.setCertifierRegistry, (address(certifiers))),
            TIMELOCK,
            _notGovernance
        );
        // Any contract will do for the access check: the certifier registry is one.
        _row(
            address(market), abi.encodeCall(market.setDesignRegistry, (address(certifiers))), TIMELOCK, _notGovernance
        );
        _row(address(registry), abi.encodeCall(registry.setMarket, (stranger, true)), TIMELOCK, _notGovernance);
        _row(address(registry), abi.encodeCall(registry.setMinStake, (1)), TIMELOCK, _notGovernance);
        _row(address(registry), abi.encodeCall(registry.setGuardian, (stranger)), TIMELOCK, _notGovernance);
        _row(address(registry), abi.encodeCall(registry.resumeNewBusiness, ()), TIMELOCK, _notGovernance);
        // Only an appointed guardian pauses; none is, so nobody, the timelock included, can.
        _row(address(registry), abi.encodeCall(registry.pauseNewBusiness, (1 hours)), NOBODY, _notGuardian);
        _row(address(ledger), abi.encodeCall(ledger.setPlanner, (stranger, true)), TIMELOCK, _notGovernance);
        _row(address(certifiers), abi.encodeCall(certifiers.admitCertifier, (stranger, 1)), TIMELOCK, _notGovernance);
        _row(address(dip), abi.encodeCall(dip.mint, (stranger, 1)), TIMELOCK, _notGovernance);
        _row(address(market), abi.encodeCall(market.transferOwnership, (stranger)), TIMELOCK, _notGovernance);
        assertEq(_cells, 15 * ROLES);
    }

    function test_accessMatrix_timelockAndGovernor() public {
        _row(address(timelock), abi.encodeCall(timelock.updateDelay, (3 days)), TIMELOCK, _notTimelock);
        _row(
            address(timelock),
            abi.encodeCall(timelock.grantRole, (timelock.PROPOSER_ROLE(), stranger)),
            TIMELOCK,
            _notAdmin
        );
        _row(address(timelock), abi.encodeCall(timelock.acceptOwnershipOf, (new address[](0))), TIMELOCK, _notAdmin);
        _row(
            address(timelock),
            abi.encodeCall(timelock.schedule, (address(market), 0, "", bytes32(0), bytes32(0), TIMELOCK_DELAY)),
            GOVERNOR,
            _notProposer
        );
        _row(address(governor), abi.encodeCall(governor.setVotingPeriod, (2 days)), NOBODY, _notExecutor);
        _row(address(governor), abi.encodeCall(governor.setVotingDelay, (2 days)), NOBODY, _notExecutor);
        _row(address(governor), abi.encodeCall(governor.setProposalThreshold, (2_000e18)), NOBODY, _notExecutor);
        _row(address(governor), abi.encodeCall(governor.updateQuorumNumerator, (5)), NOBODY, _notExecutor);
        _row(address(governor), abi.encodeCall(governor.updateTimelock, (timelock)), NOBODY, _notExecutor);
        assertEq(_cells, 9 * ROLES);
    }
}
