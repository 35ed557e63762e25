// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {ParticipantRegistry} from "../../src/ParticipantRegistry.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Test} from "./Test.sol";

/// @title The cast every suite shares
/// @notice One start time, and one address per name in every suite: `governance` owns the contracts,
/// `customer` (with a signing key) buys, `maker`, `maker2` and `otherMaker` manufacture, `stranger`
/// holds no role anywhere.
abstract contract Fixture is Test {
    uint256 internal constant T0 = 1_700_000_000;

    address internal governance = makeAddr("governance");
    address internal maker = makeAddr("maker");
    address internal maker2 = makeAddr("maker2");
    address internal otherMaker = makeAddr("otherMaker");
    address internal stranger = makeAddr("stranger");
    address internal customer; // and its signing key, both set in setUp
    uint256 internal customerKey;

    function setUp() public virtual {
        vm.warp(T0);
        (customer, customerKey) = makeAddrAndKey("customer");
    }

    /// @notice Governance adds `account` with `set(account, true)` and removes it with `set(account, false)`;
    /// `isSet` follows each step.
    function _assertGovernanceToggles(
        function(address, bool) external set,
        function(address) external view returns (bool) isSet,
        address account
    ) internal {
        vm.prank(governance);
        set(account, true);
        assertTrue(isSet(account), "added");
        vm.prank(governance);
        set(account, false);
        assertFalse(isSet(account), "removed");
    }

    /// @notice Governance hands `owned` over in two steps: the nominee cannot govern before it accepts
    /// and nobody else can accept; once it has, `ownerCall` (any call only the owner may make) is
    /// refused to governance and made by the new owner.
    function _assertTwoStepOwnershipTransfer(Ownable2Step owned, bytes memory ownerCall) internal {
        address next = makeAddr("nextGovernance");
        vm.prank(governance);
        owned.transferOwnership(next);
        assertEq(owned.owner(), governance, "governance owns until the nominee accepts");
        _assertNotOwner(owned, next, ownerCall);
        _expectRevertAs(stranger, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        owned.acceptOwnership();
        vm.prank(next);
        owned.acceptOwnership();
        assertEq(owned.owner(), next);
        _assertNotOwner(owned, governance, ownerCall);
        vm.prank(next);
        (bool ok,) = address(owned).call(ownerCall);
        assertTrue(ok, "the new owner governs");
    }

    function _assertNotOwner(Ownable2Step owned, address who, bytes memory ownerCall) private {
        vm.prank(who);
        (bool ok, bytes memory ret) = address(owned).call(ownerCall);
        assertFalse(ok, "only the owner governs");
        assertEq(ret, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, who));
    }
}

/// @title The cast with a participant registry
/// @notice Helpers register participants and stake for manufacturers; each suite deploys the
/// registry (`_deployRegistry`) where its contracts need it.
abstract contract RegistryFixture is Fixture {
    uint8 internal constant CUSTOMER = Roles.CUSTOMER;
    uint8 internal constant MANUFACTURER = Roles.MANUFACTURER;

    ParticipantRegistry internal registry;
    MockERC20 internal stakeToken;

    /// @notice Deploys the stake token and a registry owned by governance.
    function _deployRegistry(uint256 minStake) internal {
        stakeToken = new MockERC20("DIPNET Stake", "DIPS", 18);
        registry = new ParticipantRegistry(governance, address(stakeToken), minStake);
    }

    function _register(address account, uint8 roles) internal {
        vm.prank(account);
        registry.register(roles, keccak256(abi.encode(account)), "ipfs://profile", bytes32(uint256(uint160(account))));
    }

    function _stake(address account, uint256 amount) internal {
        stakeToken.mint(account, amount);
        vm.startPrank(account);
        stakeToken.approve(address(registry), amount);
        registry.depositStake(amount);
        vm.stopPrank();
    }

    function _registerMaker(address account, uint256 stakeAmount) internal {
        _register(account, MANUFACTURER);
        _stake(account, stakeAmount);
    }
}
