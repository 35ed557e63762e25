// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../src/OrderMarket.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice Constructor and governance setters.
contract OrderMarketGovernanceTest is MarketFixture {
    function _invalid(string memory name, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketInvalidParameter.selector, name, reason);
    }

    function test_constructor_setsParametersAndEmits() public {
        vm.expectEmit();
        emit TreasurySet(treasury);
        vm.expectEmit();
        emit FeeSet(123);
        vm.expectEmit();
        emit WindowsSet(1 days, 2 days);
        vm.expectEmit();
        emit MinBondSet(5);
        OrderMarket m = new OrderMarket(governance, address(registry), treasury, 123, 1 days, 2 days, 5);
        assertEq(m.owner(), governance);
        assertEq(m.registry(), address(registry));
        assertEq(m.treasury(), treasury);
        assertEq(m.feeBps(), 123);
        assertEq(m.acceptanceWindow(), 1 days);
        assertEq(m.lateGrace(), 2 days);
        assertEq(m.minBond(), 5);
    }

    function test_constructor_rejectsInvalidParameters() public {
        vm.expectRevert(_invalid("registry", "must be a contract"));
        new OrderMarket(governance, stranger, treasury, FEE_BPS, ACCEPTANCE_WINDOW, LATE_GRACE, MIN_BOND);
        vm.expectRevert(_invalid("treasury", "must not be the zero address"));
        new OrderMarket(governance, address(registry), address(0), FEE_BPS, ACCEPTANCE_WINDOW, LATE_GRACE, MIN_BOND);
        vm.expectRevert(_invalid("feeBps", "must be at most 1000 (10 %)"));
        new OrderMarket(governance, address(registry), treasury, 1_001, ACCEPTANCE_WINDOW, LATE_GRACE, MIN_BOND);
        vm.expectRevert(_invalid("acceptanceWindow", "must be 1 hour to 30 days"));
        new OrderMarket(governance, address(registry), treasury, FEE_BPS, 0, LATE_GRACE, MIN_BOND);
        vm.expectRevert(_invalid("lateGrace", "must be at most 30 days"));
        new OrderMarket(governance, address(registry), treasury, FEE_BPS, ACCEPTANCE_WINDOW, 31 days, MIN_BOND);
        vm.expectRevert(_invalid("minBond", "must be at most the registry's minimum stake"));
        new OrderMarket(governance, address(registry), treasury, FEE_BPS, ACCEPTANCE_WINDOW, LATE_GRACE, 101e18);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new OrderMarket(address(0), address(registry), treasury, FEE_BPS, ACCEPTANCE_WINDOW, LATE_GRACE, MIN_BOND);
    }

    function test_setFee_setsAndEmits() public {
        vm.expectEmit(address(market));
        emit FeeSet(1_000);
        vm.prank(governance);
        market.setFee(1_000);
        assertEq(market.feeBps(), 1_000);
        vm.expectRevert(_invalid("feeBps", "must be at most 1000 (10 %)"));
        vm.prank(governance);
        market.setFee(1_001);
    }

    function testFuzz_setFee_boundedAt10Percent(uint16 fee) public {
        if (fee > 1_000) vm.expectRevert(_invalid("feeBps", "must be at most 1000 (10 %)"));
        vm.prank(governance);
        market.setFee(fee);
        assertEq(market.feeBps(), fee > 1_000 ? FEE_BPS : fee);
    }

    function test_setTreasury_setsAndEmits() public {
        vm.expectEmit(address(market));
        emit TreasurySet(stranger);
        vm.prank(governance);
        market.setTreasury(stranger);
        assertEq(market.treasury(), stranger);
        vm.expectRevert(_invalid("treasury", "must not be the zero address"));
        vm.prank(governance);
        market.setTreasury(address(0));
    }

    function test_setTreasury_newFeesGoToNewTreasury() public {
        uint256 id = _shippedOrder();
        vm.prank(governance);
        market.setTreasury(stranger);
        vm.prank(customer);
        market.accept(id);
        assertEq(market.owed(address(usd), stranger), _fee(PRICE));
        assertEq(market.owed(address(usd), treasury), 0);
    }

    function test_setWindows_setsAndEmits() public {
        vm.expectEmit(address(market));
        emit WindowsSet(2 days, 0);
        vm.prank(governance);
        market.setWindows(2 days, 0);
        assertEq(market.acceptanceWindow(), 2 days);
        assertEq(market.lateGrace(), 0);
        vm.expectRevert(_invalid("acceptanceWindow", "must be 1 hour to 30 days"));
        vm.prank(governance);
        market.setWindows(1 hours - 1, 1);
        vm.expectRevert(_invalid("acceptanceWindow", "must be 1 hour to 30 days"));
        vm.prank(governance);
        market.setWindows(30 days + 1, 1);
        vm.expectRevert(_invalid("lateGrace", "must be at most 30 days"));
        vm.prank(governance);
        market.setWindows(1 hours, 30 days + 1);
        vm.prank(governance);
        market.setWindows(30 days, 30 days);
        assertEq(market.acceptanceWindow(), 30 days);
    }

    function test_setRulingWindow_boundedSetsAndEmits() public {
        assertEq(market.rulingWindow(), RULING_WINDOW);
        vm.expectEmit(address(market));
        emit RulingWindowSet(90 days);
        vm.prank(governance);
        market.setRulingWindow(90 days);
        assertEq(market.rulingWindow(), 90 days);
        vm.startPrank(governance);
        vm.expectRevert(_invalid("rulingWindow", "must be 1 to 90 days"));
        market.setRulingWindow(1 days - 1);
        vm.expectRevert(_invalid("rulingWindow", "must be 1 to 90 days"));
        market.setRulingWindow(90 days + 1);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        market.setRulingWindow(2 days);
    }

    function test_setCancellationFloor_boundedSetsAndEmits() public {
        assertEq(market.cancellationFloorBps(), CANCELLATION_FLOOR_BPS);
        vm.expectEmit(address(market));
        emit CancellationFloorSet(5_000);
        vm.prank(governance);
        market.setCancellationFloor(5_000);
        assertEq(market.cancellationFloorBps(), 5_000);
        vm.expectRevert(_invalid("cancellationFloorBps", "must be at most 5000 (50 %)"));
        vm.prank(governance);
        market.setCancellationFloor(5_001);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        market.setCancellationFloor(0);
    }

    function test_setCommitDeposit_boundedSetsAndEmits() public {
        assertEq(market.commitDepositBps(), COMMIT_DEPOSIT_BPS);
        vm.expectEmit(address(market));
        emit CommitDepositSet(1_000);
        vm.prank(governance);
        market.setCommitDeposit(1_000);
        assertEq(market.commitDepositBps(), 1_000);
        vm.expectRevert(_invalid("commitDepositBps", "must be at most 1000 (10 %)"));
        vm.prank(governance);
        market.setCommitDeposit(1_001);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        market.setCommitDeposit(0);
    }

    function test_setMinBond_setsAndEmits() public {
        vm.expectEmit(address(market));
        emit MinBondSet(77e18);
        vm.prank(governance);
        market.setMinBond(77e18);
        assertEq(market.minBond(), 77e18);
        vm.expectRevert(_invalid("minBond", "must be at most the registry's minimum stake"));
        vm.prank(governance);
        market.setMinBond(uint96(MIN_STAKE) + 1);
    }

    function test_setPaymentToken_allowsAndDisallows() public {
        vm.expectEmit(address(market));
        emit PaymentTokenSet(address(stakeToken), true);
        vm.prank(governance);
        market.setPaymentToken(address(stakeToken), true);
        assertTrue(market.isPaymentToken(address(stakeToken)));
        vm.prank(governance);
        market.setPaymentToken(address(stakeToken), false);
        assertFalse(market.isPaymentToken(address(stakeToken)));
        vm.expectRevert(_invalid("token", "must be a contract"));
        vm.prank(governance);
        market.setPaymentToken(stranger, true);
        // Disallowing a non-contract is harmless and allowed.
        vm.prank(governance);
        market.setPaymentToken(stranger, false);
    }

    function test_setPaymentToken_atMost255TokensEver() public {
        vm.startPrank(governance);
        market.setPaymentToken(address(usd), false);
        market.setPaymentToken(address(usd), true); // re-allowing keeps its id
        for (uint256 i = 1; i < 255; ++i) {
            market.setPaymentToken(address(new MockERC20("T", "T", 6)), true);
        }
        address oneTooMany = address(new MockERC20("T", "T", 6));
        vm.expectRevert(_invalid("token", "at most 255 payment tokens can ever be allowed"));
        market.setPaymentToken(oneTooMany, true);
        vm.stopPrank();
    }

    /// @dev Disallowing a token stops new RFQs in it but never traps money already escrowed.
    function test_setPaymentToken_disallowingKeepsExistingOrdersSettleable() public {
        uint256 id = _shippedOrder();
        vm.prank(governance);
        market.setPaymentToken(address(usd), false);
        vm.prank(customer);
        market.accept(id);
        vm.prank(maker);
        market.withdraw(address(usd));
        assertEq(usd.balanceOf(maker), DEPOSIT_FUNDS + PRICE);
    }

    function test_setArbiter_admitsAndRemoves() public {
        vm.expectEmit(address(market));
        emit ArbiterSet(stranger, true);
        vm.prank(governance);
        market.setArbiter(stranger, true);
        assertTrue(market.isArbiter(stranger));
        vm.prank(governance);
        market.setArbiter(stranger, false);
        assertFalse(market.isArbiter(stranger));
        vm.expectRevert(_invalid("arbiter", "must not be the zero address"));
        vm.prank(governance);
        market.setArbiter(address(0), true);
    }

    function test_transferOwnership_isTwoStep() public {
        vm.prank(governance);
        market.transferOwnership(stranger);
        assertEq(market.owner(), governance);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, maker));
        vm.prank(maker);
        market.acceptOwnership();
        vm.prank(stranger);
        market.acceptOwnership();
        assertEq(market.owner(), stranger);
        vm.prank(stranger);
        market.setFee(0);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, governance));
        vm.prank(governance);
        market.setFee(0);
    }
}
