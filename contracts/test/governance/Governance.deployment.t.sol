// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Vm} from "../utils/Vm.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice After the deployment no EOA holds any power: every owner and every role of every contract the
/// deployment created, found from the deployment's own events (not from a list of the contracts we
/// expect), belongs to the timelock or the Governor.
contract GovernanceDeploymentTest is GovernanceFixture {
    bytes32 private constant OWNERSHIP_TRANSFERRED = keccak256("OwnershipTransferred(address,address)");
    bytes32 private constant ROLE_GRANTED = keccak256("RoleGranted(bytes32,address,address)");
    bytes32 private constant ROLE_REVOKED = keccak256("RoleRevoked(bytes32,address,address)");

    struct Grant {
        address target;
        bytes32 role;
        address account;
    }

    function setUp() public override {
        vm.recordLogs();
        super.setUp();
    }

    function test_afterDeployment_everyOwnerIsTheTimelock() public {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        address[] memory ownedSeen = new address[](logs.length);
        uint256 ownedCount;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != OWNERSHIP_TRANSFERRED || _contains(ownedSeen, ownedCount, logs[i].emitter)) {
                continue;
            }
            ownedSeen[ownedCount++] = logs[i].emitter;
            Ownable2Step owned = Ownable2Step(logs[i].emitter);
            assertEq(owned.owner(), address(timelock), "owned by the timelock");
            assertEq(owned.pendingOwner(), address(0), "no hand-over pending");
        }
        Ownable2Step[] memory expected = _ownedContracts();
        assertEq(ownedCount, expected.length, "every owned contract found");
        for (uint256 i; i < expected.length; ++i) {
            assertTrue(_contains(ownedSeen, ownedCount, address(expected[i])), "expected contract is owned");
        }
        assertEq(market.treasury(), address(timelock), "fees accrue to the timelock");
    }

    function test_afterDeployment_everyRoleIsHeldByTheTimelockOrTheGovernor() public {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        Grant[] memory grants = new Grant[](logs.length);
        uint256 grantCount;
        for (uint256 i; i < logs.length; ++i) {
            bytes32 topic = logs[i].topics[0];
            if (topic != ROLE_GRANTED && topic != ROLE_REVOKED) continue;
            Grant memory grant = Grant(logs[i].emitter, logs[i].topics[1], address(uint160(uint256(logs[i].topics[2]))));
            if (!_containsGrant(grants, grantCount, grant)) grants[grantCount++] = grant;
        }
        uint256 held;
        for (uint256 i; i < grantCount; ++i) {
            Grant memory grant = grants[i];
            if (!IAccessControl(grant.target).hasRole(grant.role, grant.account)) continue;
            ++held;
            assertEq(grant.target, address(timelock), "only the timelock has roles");
            if (grant.role == timelock.DEFAULT_ADMIN_ROLE()) {
                assertEq(grant.account, address(timelock), "the timelock administers itself");
            } else {
                assertEq(grant.account, address(governor), "the Governor proposes, cancels and executes");
            }
        }
        // Admin (the timelock), proposer, canceller and executor (the Governor); the deployer held
        // admin during the hand-over and holds no role now.
        assertEq(held, 4, "roles held");
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), governance), "deployer is no admin");
        assertFalse(timelock.hasRole(timelock.PROPOSER_ROLE(), governance), "deployer is no proposer");
        assertFalse(timelock.hasRole(timelock.EXECUTOR_ROLE(), governance), "deployer is no executor");
    }

    function test_afterDeployment_theDeployerCanChangeNothing() public {
        bytes memory notOwner = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, governance);
        vm.startPrank(governance);
        vm.expectRevert(notOwner);
        market.setParameters(_defaultParameters());
        vm.expectRevert(notOwner);
        registry.setMarket(governance, true);
        vm.expectRevert(notOwner);
        ledger.setPlanner(governance, true);
        vm.expectRevert(notOwner);
        certifiers.admitCertifier(governance, 1);
        vm.expectRevert(notOwner);
        dip.mint(governance, 1);
        vm.stopPrank();
    }

    function _contains(address[] memory list, uint256 count, address item) private pure returns (bool) {
        for (uint256 i; i < count; ++i) {
            if (list[i] == item) return true;
        }
        return false;
    }

    function _containsGrant(Grant[] memory list, uint256 count, Grant memory item) private pure returns (bool) {
        for (uint256 i; i < count; ++i) {
            if (list[i].target == item.target && list[i].role == item.role && list[i].account == item.account) {
                return true;
            }
        }
        return false;
    }
}
