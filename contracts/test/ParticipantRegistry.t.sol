// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {ParticipantRegistry} from "../src/ParticipantRegistry.sol";
import {FeeOnTransferToken} from "../src/mocks/FeeOnTransferToken.sol";
import {HookToken} from "../src/mocks/HookToken.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {NoReturnToken} from "../src/mocks/NoReturnToken.sol";
import {ReentrancyAttacker} from "../src/mocks/ReentrancyAttacker.sol";
import {Roles} from "../src/libraries/Roles.sol";
import {RegistryFixture} from "./utils/Fixture.sol";
import {IMintableToken} from "./utils/MarketFixture.sol";

contract ParticipantRegistryTest is RegistryFixture {
    uint256 internal constant MIN_STAKE = 100e18;

    address internal market = makeAddr("market");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public override {
        super.setUp();
        _deployRegistry(MIN_STAKE);
        vm.prank(governance);
        registry.setMarket(market, true);
    }

    /// @dev `alice` stakes `amount`, of which the market locks `bond` for order `orderId`.
    function _bonded(uint256 amount, uint256 orderId, uint256 bond) internal {
        _registerMaker(alice, amount);
        vm.prank(market);
        registry.lockBond(alice, orderId, bond);
    }

    // --- constructor -------------------------------------------------------------------------

    function test_constructor_setsParameters() public {
        vm.expectEmit();
        emit IParticipantRegistry.StakeTokenSet(address(stakeToken));
        vm.expectEmit();
        emit IParticipantRegistry.MinStakeSet(7);
        ParticipantRegistry fresh = new ParticipantRegistry(governance, address(stakeToken), 7);
        assertEq(fresh.owner(), governance);
        assertEq(fresh.stakeToken(), address(stakeToken));
        assertEq(fresh.minStake(), 7);
        assertEq(fresh.totalStaked(), 0);
        assertFalse(fresh.isMarket(market));
    }

    function test_constructor_revertsWhenStakeTokenIsNotAContract() public {
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryInvalidStakeToken.selector, alice));
        new ParticipantRegistry(governance, alice, MIN_STAKE);
    }

    function test_constructor_revertsWhenGovernanceIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new ParticipantRegistry(address(0), address(stakeToken), MIN_STAKE);
    }

    // --- register ----------------------------------------------------------------------------

    function test_register_storesRecordAndEmits() public {
        vm.warp(1_700_000_000);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.ParticipantRegistered(alice, 3, bytes32(uint256(1)), "ipfs://a", bytes32(uint256(2)));
        vm.prank(alice);
        registry.register(3, bytes32(uint256(1)), "ipfs://a", bytes32(uint256(2)));
        IParticipantRegistry.Participant memory p = registry.participant(alice);
        assertEq(p.roles, 3);
        assertEq(p.registeredAt, 1_700_000_000);
        assertEq(p.profileHash, bytes32(uint256(1)));
        assertEq(p.encryptionKey, bytes32(uint256(2)));
        assertEq(p.stake, 0);
        assertEq(p.locked, 0);
        assertTrue(registry.hasRole(alice, CUSTOMER));
        assertTrue(registry.hasRole(alice, MANUFACTURER));
        assertTrue(registry.hasRole(alice, CUSTOMER | MANUFACTURER));
    }

    function test_register_revertsWhenAlreadyRegistered() public {
        _register(alice, CUSTOMER);
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryAlreadyRegistered.selector, alice));
        registry.register(MANUFACTURER, bytes32(0), "", bytes32(0));
    }

    function test_register_revertsOnEmptyRoles() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryInvalidRoles.selector, uint8(0)));
        registry.register(0, bytes32(0), "", bytes32(0));
    }

    function test_register_revertsOnUnknownRoleBits() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryInvalidRoles.selector, uint8(16)));
        registry.register(16, bytes32(0), "", bytes32(0));
    }

    function test_register_acceptsInspectorAndLogisticsRoles() public {
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.ParticipantRegistered(alice, Roles.INSPECTOR | Roles.LOGISTICS, bytes32(0), "", bytes32(0));
        vm.prank(alice);
        registry.register(Roles.INSPECTOR | Roles.LOGISTICS, bytes32(0), "", bytes32(0));
        assertTrue(registry.hasRole(alice, Roles.INSPECTOR));
        assertTrue(registry.hasRole(alice, Roles.LOGISTICS));
        assertFalse(registry.hasRole(alice, MANUFACTURER));
    }

    function testFuzz_register_acceptsExactlyKnownRoleSets(uint8 roles) public {
        bool valid = roles != 0 && roles & ~Roles.ALL == 0;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryInvalidRoles.selector, roles));
        vm.prank(alice);
        registry.register(roles, bytes32(0), "", bytes32(0));
        assertEq(registry.participant(alice).roles, valid ? roles : 0);
    }

    // --- updateProfile -----------------------------------------------------------------------

    function test_updateProfile_replacesProfileAndKey() public {
        _register(alice, CUSTOMER);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.ProfileUpdated(alice, bytes32(uint256(9)), "ipfs://new", bytes32(uint256(8)));
        vm.prank(alice);
        registry.updateProfile(bytes32(uint256(9)), "ipfs://new", bytes32(uint256(8)));
        IParticipantRegistry.Participant memory p = registry.participant(alice);
        assertEq(p.profileHash, bytes32(uint256(9)));
        assertEq(p.encryptionKey, bytes32(uint256(8)));
        assertEq(p.roles, CUSTOMER);
    }

    function test_updateProfile_revertsWhenNotRegistered() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryNotRegistered.selector, alice));
        registry.updateProfile(bytes32(0), "", bytes32(0));
    }

    // --- grantRoles --------------------------------------------------------------------------

    function test_grantRoles_addsRolesAndEmitsFullSet() public {
        _register(alice, CUSTOMER);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.RolesGranted(alice, CUSTOMER | MANUFACTURER);
        vm.prank(alice);
        registry.grantRoles(MANUFACTURER);
        assertTrue(registry.hasRole(alice, MANUFACTURER));
        assertTrue(registry.hasRole(alice, CUSTOMER));
    }

    function test_grantRoles_revertsWhenNotRegistered() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryNotRegistered.selector, alice));
        registry.grantRoles(CUSTOMER);
    }

    function test_grantRoles_revertsOnInvalidRoles() public {
        _register(alice, CUSTOMER);
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryInvalidRoles.selector, uint8(0x80)));
        registry.grantRoles(0x80);
    }

    // --- checkProvider -----------------------------------------------------------------------

    function test_checkProvider_passesAStakedInspector() public {
        _register(alice, Roles.INSPECTOR);
        _stake(alice, MIN_STAKE);
        registry.checkProvider(alice, Roles.INSPECTOR);
    }

    function test_checkProvider_revertsWithoutTheRole() public {
        _register(alice, Roles.INSPECTOR);
        _stake(alice, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, alice, Roles.LOGISTICS));
        registry.checkProvider(alice, Roles.LOGISTICS);
    }

    function test_checkProvider_revertsBelowTheMinimumStake() public {
        _register(alice, Roles.LOGISTICS);
        _stake(alice, MIN_STAKE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, alice, MIN_STAKE - 1, MIN_STAKE)
        );
        registry.checkProvider(alice, Roles.LOGISTICS);
    }

    function test_checkProvider_ignoresThePauseOfNewBusiness() public {
        _register(alice, Roles.INSPECTOR);
        _stake(alice, MIN_STAKE);
        vm.prank(governance);
        registry.setGuardian(bob);
        vm.prank(bob);
        registry.pauseNewBusiness(1 days);
        registry.checkProvider(alice, Roles.INSPECTOR);
    }

    // --- depositStake ------------------------------------------------------------------------

    function test_depositStake_pullsTokensAndEmits() public {
        _register(alice, MANUFACTURER);
        stakeToken.mint(alice, 300e18);
        vm.startPrank(alice);
        stakeToken.approve(address(registry), 300e18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.StakeDeposited(alice, 100e18, 100e18);
        registry.depositStake(100e18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.StakeDeposited(alice, 200e18, 300e18);
        registry.depositStake(200e18);
        vm.stopPrank();
        assertEq(registry.participant(alice).stake, 300e18);
        assertEq(registry.freeStake(alice), 300e18);
        assertEq(registry.totalStaked(), 300e18);
        assertEq(stakeToken.balanceOf(address(registry)), 300e18);
    }

    function test_depositStake_revertsOnZero() public {
        _register(alice, MANUFACTURER);
        _expectRevertAs(alice, IParticipantRegistry.RegistryZeroAmount.selector);
        registry.depositStake(0);
    }

    function test_depositStake_revertsWhenNotRegistered() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryNotRegistered.selector, alice));
        registry.depositStake(1);
    }

    /// @notice Makes `token` the stake token and registers `alice` as a manufacturer holding `amount`
    /// of it, all of it approved to the registry.
    function _aliceHoldsStakeToken(address token, uint256 amount) internal {
        vm.prank(governance);
        registry.setStakeToken(token);
        _register(alice, MANUFACTURER);
        IMintableToken(token).mint(alice, amount);
        vm.prank(alice);
        IMintableToken(token).approve(address(registry), amount);
    }

    function test_depositStake_revertsOnFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        _aliceHoldsStakeToken(address(fot), 1000e18);
        _expectRevertAs(
            alice, abi.encodeWithSelector(IParticipantRegistry.RegistryTransferShortfall.selector, 1000e18, 990e18)
        );
        registry.depositStake(1000e18);
        assertEq(registry.totalStaked(), 0);
    }

    function test_depositStake_worksWithNoReturnToken() public {
        NoReturnToken nrt = new NoReturnToken();
        _aliceHoldsStakeToken(address(nrt), 500e6);
        vm.startPrank(alice);
        registry.depositStake(500e6);
        registry.withdrawStake(200e6);
        vm.stopPrank();
        assertEq(registry.participant(alice).stake, 300e6);
        assertEq(nrt.balanceOf(alice), 200e6);
        assertEq(nrt.balanceOf(address(registry)), 300e6);
    }

    /// @dev Stake is stored in a packed slot (uint96). A deposit that does not fit must revert, not
    /// be silently truncated (which would take the tokens and book less stake than `totalStaked` counts).
    function test_depositStake_revertsWhenStakeOverflowsPackedSlot() public {
        _register(alice, MANUFACTURER);
        uint256 amount = uint256(type(uint96).max) + 1;
        stakeToken.mint(alice, amount);
        vm.startPrank(alice);
        stakeToken.approve(address(registry), amount);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, uint8(96), amount));
        registry.depositStake(amount);
        vm.stopPrank();
    }

    // --- withdrawStake -----------------------------------------------------------------------

    function test_withdrawStake_returnsFreeStakeAndEmits() public {
        _registerMaker(alice, 300e18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.StakeWithdrawn(alice, 120e18, 180e18);
        vm.prank(alice);
        registry.withdrawStake(120e18);
        assertEq(stakeToken.balanceOf(alice), 120e18);
        assertEq(registry.participant(alice).stake, 180e18);
        assertEq(registry.totalStaked(), 180e18);
    }

    function test_withdrawStake_revertsOnLockedStake() public {
        _bonded(300e18, 1, 250e18);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, alice, 50e18, 51e18)
        );
        vm.prank(alice);
        registry.withdrawStake(51e18);
        vm.prank(alice);
        registry.withdrawStake(50e18);
        assertEq(registry.freeStake(alice), 0);
    }

    function test_withdrawStake_revertsOnZero() public {
        _registerMaker(alice, 1e18);
        _expectRevertAs(alice, IParticipantRegistry.RegistryZeroAmount.selector);
        registry.withdrawStake(0);
    }

    function test_withdrawStake_revertsWhenNotRegistered() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryNotRegistered.selector, alice));
        registry.withdrawStake(1);
    }

    function testFuzz_withdrawStake_neverExceedsFreeStake(uint256 deposit, uint256 locked, uint256 amount) public {
        deposit = bound(deposit, 1, type(uint96).max);
        locked = bound(locked, 0, deposit);
        amount = bound(amount, 1, 2e30);
        _bonded(deposit, 1, locked);
        if (amount > deposit - locked) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IParticipantRegistry.RegistryInsufficientStake.selector, alice, deposit - locked, amount
                )
            );
        }
        vm.prank(alice);
        registry.withdrawStake(amount);
        IParticipantRegistry.Participant memory p = registry.participant(alice);
        assertGe(p.stake, p.locked, "stake covers locked");
        assertEq(stakeToken.balanceOf(address(registry)), registry.totalStaked(), "balance == totalStaked");
        assertEq(stakeToken.balanceOf(alice) + p.stake, deposit, "tokens conserved");
    }

    // --- lockBond / releaseBond / slashBond --------------------------------------------------

    function test_lockBond_locksFreeStakeAndEmits() public {
        _registerMaker(alice, 300e18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondLocked(market, 7, alice, 200e18);
        vm.prank(market);
        registry.lockBond(alice, 7, 200e18);
        assertEq(registry.participant(alice).locked, 200e18);
        assertEq(registry.freeStake(alice), 100e18);
    }

    function test_lockBond_revertsOnInsufficientFreeStake() public {
        _bonded(300e18, 1, 200e18);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, alice, 100e18, 101e18)
        );
        vm.prank(market);
        registry.lockBond(alice, 2, 101e18);
    }

    function test_lockBond_revertsWhenNotMarket() public {
        _registerMaker(alice, 300e18);
        _expectRevertAs(stranger, abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, stranger));
        registry.lockBond(alice, 1, 1);
    }

    function test_lockBond_revertsForDisallowedMarket() public {
        _registerMaker(alice, 300e18);
        vm.prank(governance);
        registry.setMarket(market, false);
        _expectRevertAs(market, abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, market));
        registry.lockBond(alice, 1, 1);
    }

    function test_releaseBond_unlocksAndEmits() public {
        _bonded(300e18, 1, 200e18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondReleased(market, 1, alice, 200e18);
        vm.prank(market);
        registry.releaseBond(alice, 1, 200e18);
        assertEq(registry.freeStake(alice), 300e18);
        assertEq(registry.participant(alice).locked, 0);
    }

    function test_releaseBond_revertsWhenReleasingMoreThanLocked() public {
        _bonded(300e18, 1, 10);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryBondNotHeld.selector, market, alice, 10, 11));
        vm.prank(market);
        registry.releaseBond(alice, 1, 11);
    }

    function test_releaseBond_revertsWhenNotMarket() public {
        _expectRevertAs(stranger, abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, stranger));
        registry.releaseBond(alice, 1, 0);
    }

    function test_slashBond_movesSlashToBeneficiaryAndReleasesRest() public {
        _bonded(300e18, 3, 200e18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.BondSlashed(market, 3, alice, 50e18, bob, 150e18);
        vm.prank(market);
        registry.slashBond(alice, 3, 200e18, 50e18, bob);
        IParticipantRegistry.Participant memory p = registry.participant(alice);
        assertEq(p.stake, 250e18);
        assertEq(p.locked, 0);
        assertEq(registry.slashedOf(bob), 50e18);
        assertEq(registry.totalStaked(), 250e18);
        assertEq(stakeToken.balanceOf(address(registry)), 300e18);
    }

    function test_slashBond_revertsWhenSlashExceedsBond() public {
        _bonded(300e18, 3, 100e18);
        vm.expectRevert();
        vm.prank(market);
        registry.slashBond(alice, 3, 100e18, 100e18 + 1, bob);
    }

    function test_slashBond_revertsWhenBondNotLocked() public {
        _registerMaker(alice, 300e18);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryBondNotHeld.selector, market, alice, 0, 100e18)
        );
        vm.prank(market);
        registry.slashBond(alice, 3, 100e18, 10e18, bob);
    }

    function test_slashBond_revertsWhenNotMarket() public {
        _expectRevertAs(alice, abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, alice));
        registry.slashBond(alice, 1, 0, 0, alice);
    }

    function testFuzz_slashBond_conservesTokens(uint256 deposit, uint256 bond, uint256 slash) public {
        deposit = bound(deposit, 1, type(uint96).max);
        bond = bound(bond, 0, deposit);
        slash = bound(slash, 0, bond);
        _bonded(deposit, 1, bond);
        vm.prank(market);
        registry.slashBond(alice, 1, bond, slash, bob);
        assertEq(registry.participant(alice).stake, deposit - slash);
        assertEq(registry.participant(alice).locked, 0);
        assertEq(registry.slashedOf(bob), slash);
        assertEq(stakeToken.balanceOf(address(registry)), registry.totalStaked() + registry.slashedOf(bob));
        if (slash > 0) {
            vm.prank(bob);
            registry.claimSlashed();
        }
        vm.prank(alice);
        if (deposit - slash > 0) registry.withdrawStake(deposit - slash);
        assertEq(stakeToken.balanceOf(alice) + stakeToken.balanceOf(bob), deposit, "all stake paid out");
        assertEq(stakeToken.balanceOf(address(registry)), 0);
    }

    // --- claimSlashed ------------------------------------------------------------------------

    function test_claimSlashed_paysOutOnceAndEmits() public {
        _bonded(300e18, 1, 100e18);
        vm.prank(market);
        registry.slashBond(alice, 1, 100e18, 100e18, bob);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.SlashClaimed(bob, 100e18);
        vm.prank(bob);
        registry.claimSlashed();
        assertEq(stakeToken.balanceOf(bob), 100e18);
        assertEq(registry.slashedOf(bob), 0);
        _expectRevertAs(bob, abi.encodeWithSelector(IParticipantRegistry.RegistryNothingToClaim.selector, bob));
        registry.claimSlashed();
    }

    function test_claimSlashed_revertsWhenNothingToClaim() public {
        _expectRevertAs(
            stranger, abi.encodeWithSelector(IParticipantRegistry.RegistryNothingToClaim.selector, stranger)
        );
        registry.claimSlashed();
    }

    // --- checkRole / checkBidder -------------------------------------------------------------

    function test_checkRole_revertsOnMissingRole() public {
        _register(alice, CUSTOMER);
        registry.checkRole(alice, CUSTOMER);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, alice, MANUFACTURER)
        );
        registry.checkRole(alice, MANUFACTURER);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, bob, CUSTOMER));
        registry.checkRole(bob, CUSTOMER);
    }

    function test_checkBidder_requiresManufacturerMinStakeAndFreeBond() public {
        _register(alice, CUSTOMER);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, alice, MANUFACTURER)
        );
        registry.checkBidder(alice, 0);

        _registerMaker(bob, MIN_STAKE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.RegistryInsufficientStake.selector, bob, MIN_STAKE - 1, MIN_STAKE
            )
        );
        registry.checkBidder(bob, 0);

        _stake(bob, 1);
        registry.checkBidder(bob, MIN_STAKE);
        vm.prank(market);
        registry.lockBond(bob, 1, 40e18);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, bob, 60e18, 61e18)
        );
        registry.checkBidder(bob, 61e18);
        registry.checkBidder(bob, 60e18);
    }

    // --- governance --------------------------------------------------------------------------

    function test_setMarket_allowsAndDisallowsAndEmits() public {
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.MarketSet(bob, true);
        vm.prank(governance);
        registry.setMarket(bob, true);
        assertTrue(registry.isMarket(bob));
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.MarketSet(bob, false);
        vm.prank(governance);
        registry.setMarket(bob, false);
        assertFalse(registry.isMarket(bob));
    }

    function test_setStakeToken_switchesWhileNothingStaked() public {
        MockERC20 other = new MockERC20("Other", "OTH", 18);
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.StakeTokenSet(address(other));
        vm.prank(governance);
        registry.setStakeToken(address(other));
        assertEq(registry.stakeToken(), address(other));
    }

    function test_setStakeToken_revertsWhileStakeInUse() public {
        _registerMaker(alice, 5e18);
        MockERC20 other = new MockERC20("Other", "OTH", 18);
        _expectRevertAs(
            governance, abi.encodeWithSelector(IParticipantRegistry.RegistryStakeTokenInUse.selector, 5e18, 0)
        );
        registry.setStakeToken(address(other));
    }

    /// @dev The attack governance could make before: admit a market of its own and slash every bond to
    /// itself. A market settles only what it locked; a new one can lock only free stake.
    function test_slashBond_aNewMarketCannotTakeStakeAnotherMarketLocked() public {
        _bonded(300e18, 1, 200e18);
        address rogue = makeAddr("rogue");
        vm.prank(governance);
        registry.setMarket(rogue, true);
        vm.startPrank(rogue);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryBondNotHeld.selector, rogue, alice, 0, 200e18));
        registry.slashBond(alice, 1, 200e18, 200e18, rogue);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryBondNotHeld.selector, rogue, alice, 0, 1));
        registry.releaseBond(alice, 1, 1);
        // It can lock and slash the free rest, which alice could have withdrawn while it was proposed.
        registry.lockBond(alice, 9, 100e18);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryBondNotHeld.selector, rogue, alice, 100e18, 100e18 + 1)
        );
        registry.slashBond(alice, 9, 100e18 + 1, 0, rogue);
        vm.stopPrank();
        assertEq(registry.bondsHeldBy(market, alice), 200e18);
        assertEq(registry.bondsHeldBy(rogue, alice), 100e18);
    }

    function test_bonds_twoMarketsEachSettleTheirOwn() public {
        _bonded(300e18, 1, 100e18);
        address second = makeAddr("secondMarket");
        vm.prank(governance);
        registry.setMarket(second, true);
        vm.prank(second);
        registry.lockBond(alice, 1, 50e18);
        assertEq(registry.participant(alice).locked, 150e18);
        assertEq(registry.freeStake(alice), 150e18);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, alice, 150e18, 150e18 + 1)
        );
        vm.prank(alice);
        registry.withdrawStake(150e18 + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, alice, 150e18, 151e18)
        );
        registry.checkBidder(alice, 151e18);

        // The first market's bonds are gone, the second locks again: its new bond goes into the record
        // while its older one stays apart, and releasing both takes from each.
        vm.prank(market);
        registry.releaseBond(alice, 1, 100e18);
        vm.startPrank(second);
        registry.lockBond(alice, 2, 30e18);
        assertEq(registry.bondsHeldBy(second, alice), 80e18);
        assertEq(registry.bondsHeldBy(market, alice), 0);
        registry.slashBond(alice, 1, 50e18, 10e18, bob);
        assertEq(registry.bondsHeldBy(second, alice), 30e18);
        registry.releaseBond(alice, 2, 30e18);
        vm.stopPrank();
        IParticipantRegistry.Participant memory p = registry.participant(alice);
        assertEq(p.locked, 0);
        assertEq(p.stake, 290e18);
        assertEq(registry.freeStake(alice), 290e18);
    }

    function test_setMarket_atMost255MarketsEver() public {
        vm.startPrank(governance);
        for (uint160 i = 1; i < 255; ++i) {
            registry.setMarket(address(i), true);
        }
        registry.setMarket(address(1), true); // re-allowing keeps its id
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.RegistryInvalidParameter.selector, "market", "at most 255 markets can ever be allowed"
            )
        );
        registry.setMarket(address(255), true);
        vm.stopPrank();
    }

    /// @dev A market that governance removes still holds live orders whose bonds it locked.
    function test_setMarket_removedMarketSettlesItsBondsButLocksNoNewOnes() public {
        _bonded(300e18, 1, 100e18);
        vm.prank(market);
        registry.lockBond(alice, 2, 100e18);
        vm.prank(governance);
        registry.setMarket(market, false);
        assertFalse(registry.isMarket(market));
        assertEq(uint8(registry.marketStatus(market)), uint8(IParticipantRegistry.MarketStatus.Retired));
        vm.startPrank(market);
        registry.releaseBond(alice, 1, 100e18);
        registry.slashBond(alice, 2, 100e18, 40e18, bob);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, market));
        registry.lockBond(alice, 3, 1);
        vm.stopPrank();
        assertEq(registry.participant(alice).locked, 0);
        assertEq(registry.slashedOf(bob), 40e18);
    }

    function test_setMarket_neverAllowedMarketStaysUnknownWhenDisallowed() public {
        vm.prank(governance);
        registry.setMarket(bob, false);
        assertEq(uint8(registry.marketStatus(bob)), uint8(IParticipantRegistry.MarketStatus.None));
        _expectRevertAs(bob, abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, bob));
        registry.releaseBond(alice, 1, 0);
    }

    function test_setMarket_reallowedMarketLocksAgain() public {
        vm.startPrank(governance);
        registry.setMarket(market, false);
        registry.setMarket(market, true);
        vm.stopPrank();
        assertEq(uint8(registry.marketStatus(market)), uint8(IParticipantRegistry.MarketStatus.Active));
        _bonded(300e18, 1, 1);
    }

    /// @dev Without per-token accounting, a claim slashed in the old token would be paid in the new
    /// one, out of the deposits of stakers who came after the switch.
    function test_setStakeToken_revertsWhileSlashedStakeIsUnclaimed() public {
        _bonded(300e18, 1, 100e18);
        vm.prank(market);
        registry.slashBond(alice, 1, 100e18, 100e18, bob);
        vm.prank(alice);
        registry.withdrawStake(200e18);
        assertEq(registry.totalStaked(), 0);
        assertEq(registry.unclaimedSlashed(), 100e18);
        MockERC20 other = new MockERC20("Other", "OTH", 18);
        _expectRevertAs(
            governance, abi.encodeWithSelector(IParticipantRegistry.RegistryStakeTokenInUse.selector, 0, 100e18)
        );
        registry.setStakeToken(address(other));
        vm.prank(bob);
        registry.claimSlashed();
        assertEq(registry.unclaimedSlashed(), 0);
        vm.prank(governance);
        registry.setStakeToken(address(other));
        assertEq(registry.stakeToken(), address(other));
        assertEq(stakeToken.balanceOf(bob), 100e18, "paid in the token it was slashed in");
    }

    function test_setMinStake_revertsAboveBound() public {
        uint256 max = registry.MAX_MIN_STAKE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.RegistryInvalidParameter.selector, "minStake", "must be at most MAX_MIN_STAKE"
            )
        );
        vm.prank(governance);
        registry.setMinStake(max + 1);
        vm.prank(governance);
        registry.setMinStake(max);
        assertEq(registry.minStake(), max);
    }

    function test_constructor_revertsWhenMinStakeAboveBound() public {
        uint256 tooHigh = uint256(type(uint96).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.RegistryInvalidParameter.selector, "minStake", "must be at most MAX_MIN_STAKE"
            )
        );
        new ParticipantRegistry(governance, address(stakeToken), tooHigh);
    }

    function test_setStakeToken_revertsOnNonContract() public {
        _expectRevertAs(
            governance, abi.encodeWithSelector(IParticipantRegistry.RegistryInvalidStakeToken.selector, bob)
        );
        registry.setStakeToken(bob);
    }

    function test_setMinStake_setsAndEmits() public {
        vm.expectEmit(address(registry));
        emit IParticipantRegistry.MinStakeSet(42);
        vm.prank(governance);
        registry.setMinStake(42);
        assertEq(registry.minStake(), 42);
    }

    /// @dev Access matrix of the registry: every restricted function x every role that must not pass.
    function test_accessMatrix_governanceFunctionsRejectEveryoneElse() public {
        address[4] memory others = [alice, market, stranger, address(this)];
        for (uint256 i; i < others.length; ++i) {
            address who = others[i];
            bytes memory err = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, who);
            _expectRevertAs(who, err);
            registry.setMarket(who, true);
            _expectRevertAs(who, err);
            registry.setStakeToken(address(stakeToken));
            _expectRevertAs(who, err);
            registry.setMinStake(0);
        }
    }

    function test_accessMatrix_marketFunctionsRejectEveryoneElse() public {
        _registerMaker(alice, 300e18);
        address[4] memory others = [alice, governance, stranger, address(this)];
        for (uint256 i; i < others.length; ++i) {
            address who = others[i];
            bytes memory err = abi.encodeWithSelector(IParticipantRegistry.RegistryNotMarket.selector, who);
            _expectRevertAs(who, err);
            registry.lockBond(alice, 1, 1);
            _expectRevertAs(who, err);
            registry.releaseBond(alice, 1, 0);
            _expectRevertAs(who, err);
            registry.slashBond(alice, 1, 0, 0, who);
        }
    }

    function test_transferOwnership_isTwoStep() public {
        _assertTwoStepOwnershipTransfer(registry, abi.encodeCall(registry.setMinStake, (1)));
    }

    // --- adversarial -------------------------------------------------------------------------

    /// @dev A stake token with transfer hooks lets the withdrawer re-enter; the guard must stop it
    /// and no more than the free stake may ever leave.
    function test_withdrawStake_reentrancyThroughHookTokenFails() public {
        HookToken hook = new HookToken();
        vm.prank(governance);
        registry.setStakeToken(address(hook));
        ReentrancyAttacker attacker = new ReentrancyAttacker();
        hook.setHook(address(attacker));
        attacker.execute(address(registry), abi.encodeCall(registry.register, (MANUFACTURER, bytes32(0), "", bytes32(0))));
        hook.mint(address(attacker), 100e18);
        attacker.execute(address(hook), abi.encodeCall(hook.approve, (address(registry), 100e18)));
        attacker.execute(address(registry), abi.encodeCall(registry.depositStake, (100e18)));

        attacker.arm(address(registry), abi.encodeCall(registry.withdrawStake, (50e18)), false);
        attacker.execute(address(registry), abi.encodeCall(registry.withdrawStake, (50e18)));
        assertEq(attacker.attempts(), 1);
        assertFalse(attacker.lastSuccess());
        assertEq(attacker.lastRevertData(), abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        assertEq(hook.balanceOf(address(attacker)), 50e18);
        assertEq(registry.participant(address(attacker)).stake, 50e18);
        assertEq(hook.balanceOf(address(registry)), registry.totalStaked());
    }

    function test_claimSlashed_reentrancyThroughHookTokenFails() public {
        HookToken hook = new HookToken();
        vm.prank(governance);
        registry.setStakeToken(address(hook));
        ReentrancyAttacker attacker = new ReentrancyAttacker();
        _register(alice, MANUFACTURER);
        hook.mint(alice, 100e18);
        vm.startPrank(alice);
        hook.approve(address(registry), 100e18);
        registry.depositStake(100e18);
        vm.stopPrank();
        vm.startPrank(market);
        registry.lockBond(alice, 1, 60e18);
        registry.slashBond(alice, 1, 60e18, 60e18, address(attacker));
        vm.stopPrank();

        hook.setHook(address(attacker));
        attacker.arm(address(registry), abi.encodeCall(registry.claimSlashed, ()), false);
        attacker.execute(address(registry), abi.encodeCall(registry.claimSlashed, ()));
        assertFalse(attacker.lastSuccess());
        assertEq(attacker.lastRevertData(), abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        assertEq(hook.balanceOf(address(attacker)), 60e18);
        assertEq(hook.balanceOf(address(registry)), 40e18);
    }
}
