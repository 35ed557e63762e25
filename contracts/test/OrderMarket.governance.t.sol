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

    function _outOfBounds(string memory name, uint256 value, uint256 min, uint256 max)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IOrderMarket.MarketParameterOutOfBounds.selector, name, value, min, max);
    }

    function _deploy(IOrderMarket.MarketParameters memory p) internal returns (OrderMarket) {
        return new OrderMarket(governance, address(registry), treasury, p);
    }

    function test_constructor_setsParametersAndEmits() public {
        IOrderMarket.MarketParameters memory p = IOrderMarket.MarketParameters({
            feeBps: 123,
            acceptanceWindow: 1 days,
            lateGrace: 2 days,
            minBond: 5,
            rulingWindow: 3 days,
            cancellationFloorPercent: 20,
            commitDepositBps: 50
        });
        vm.expectEmit();
        emit IOrderMarket.TreasurySet(treasury);
        vm.expectEmit();
        emit IOrderMarket.ParametersSet(p);
        OrderMarket m = _deploy(p);
        assertEq(m.owner(), governance);
        assertEq(m.registry(), address(registry));
        assertEq(m.treasury(), treasury);
        assertEq(abi.encode(m.parameters()), abi.encode(p));
    }

    function test_constructor_rejectsInvalidRegistryTreasuryAndOwner() public {
        vm.expectRevert(_invalid("registry", "must be a contract"));
        new OrderMarket(governance, stranger, treasury, _defaultParameters());
        vm.expectRevert(_invalid("treasury", "must not be the zero address"));
        new OrderMarket(governance, address(registry), address(0), _defaultParameters());
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new OrderMarket(address(0), address(registry), treasury, _defaultParameters());
    }

    /// @dev Every bound, at the constructor and at `setParameters`: one past it reverts naming the
    /// parameter, the bound itself is accepted.
    function test_parameters_boundedAtConstructionAndByGovernance() public {
        IOrderMarket.MarketParameters[] memory bad = new IOrderMarket.MarketParameters[](9);
        bytes[] memory errors = new bytes[](9);
        for (uint256 i; i < bad.length; ++i) {
            bad[i] = _defaultParameters();
        }
        bad[0].feeBps = 1_001;
        errors[0] = _outOfBounds("feeBps", 1_001, 0, 1_000);
        bad[1].acceptanceWindow = 1 hours - 1;
        errors[1] = _outOfBounds("acceptanceWindow", 1 hours - 1, 1 hours, 30 days);
        bad[2].acceptanceWindow = 30 days + 1;
        errors[2] = _outOfBounds("acceptanceWindow", 30 days + 1, 1 hours, 30 days);
        bad[3].lateGrace = 30 days + 1;
        errors[3] = _outOfBounds("lateGrace", 30 days + 1, 0, 30 days);
        bad[4].minBond = uint96(MIN_STAKE) + 1;
        errors[4] = _outOfBounds("minBond", MIN_STAKE + 1, 0, MIN_STAKE);
        bad[5].rulingWindow = 1 days - 1;
        errors[5] = _outOfBounds("rulingWindow", 1 days - 1, 1 days, 90 days);
        bad[6].rulingWindow = 90 days + 1;
        errors[6] = _outOfBounds("rulingWindow", 90 days + 1, 1 days, 90 days);
        bad[7].cancellationFloorPercent = 51;
        errors[7] = _outOfBounds("cancellationFloorPercent", 51, 0, 50);
        bad[8].commitDepositBps = 1_001;
        errors[8] = _outOfBounds("commitDepositBps", 1_001, 0, 1_000);
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(errors[i]);
            _deploy(bad[i]);
            _expectRevertAs(governance, errors[i]);
            market.setParameters(bad[i]);
        }
        assertEq(abi.encode(market.parameters()), abi.encode(_defaultParameters()), "nothing changed");

        IOrderMarket.MarketParameters memory edge = IOrderMarket.MarketParameters({
            feeBps: 1_000,
            acceptanceWindow: 30 days,
            lateGrace: 30 days,
            minBond: uint96(MIN_STAKE),
            rulingWindow: 90 days,
            cancellationFloorPercent: 50,
            commitDepositBps: 1_000
        });
        _deploy(edge);
        vm.expectEmit(address(market));
        emit IOrderMarket.ParametersSet(edge);
        _setParameters(edge);
        assertEq(abi.encode(market.parameters()), abi.encode(edge));
        edge.acceptanceWindow = 1 hours;
        edge.rulingWindow = 1 days;
        _setParameters(edge);
        assertEq(abi.encode(market.parameters()), abi.encode(edge));
    }

    function testFuzz_setParameters_feeBoundedAt10Percent(uint16 fee) public {
        IOrderMarket.MarketParameters memory p = _defaultParameters();
        p.feeBps = fee;
        if (fee > 1_000) vm.expectRevert(_outOfBounds("feeBps", fee, 0, 1_000));
        _setParameters(p);
        assertEq(market.parameters().feeBps, fee > 1_000 ? FEE_BPS : fee);
    }

    function test_setParameters_governanceOnly() public {
        IOrderMarket.MarketParameters memory p = _defaultParameters();
        _expectRevertAs(stranger, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        market.setParameters(p);
    }

    function test_setTreasury_setsAndEmits() public {
        vm.expectEmit(address(market));
        emit IOrderMarket.TreasurySet(stranger);
        vm.prank(governance);
        market.setTreasury(stranger);
        assertEq(market.treasury(), stranger);
        _expectRevertAs(governance, _invalid("treasury", "must not be the zero address"));
        market.setTreasury(address(0));
    }

    function test_setTreasury_newFeesGoToNewTreasury() public {
        uint256 id = _shippedOrder();
        vm.prank(governance);
        market.setTreasury(stranger);
        _accept(id);
        assertEq(market.owed(address(usd), stranger), _fee(PRICE));
        assertEq(market.owed(address(usd), treasury), 0);
    }

    function test_setPaymentToken_allowsAndDisallows() public {
        vm.expectEmit(address(market));
        emit IOrderMarket.PaymentTokenSet(address(stakeToken), true);
        _assertGovernanceToggles(market.setPaymentToken, market.isPaymentToken, address(stakeToken));
        _expectRevertAs(governance, _invalid("token", "must be a contract"));
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
        _accept(id);
        vm.prank(maker);
        market.withdraw(address(usd));
        assertEq(usd.balanceOf(maker), DEPOSIT_FUNDS + PRICE);
    }

    function test_setArbiter_admitsAndRemoves() public {
        vm.expectEmit(address(market));
        emit IOrderMarket.ArbiterSet(stranger, true);
        _assertGovernanceToggles(market.setArbiter, market.isArbiter, stranger);
        _expectRevertAs(governance, _invalid("arbiter", "must not be the zero address"));
        market.setArbiter(address(0), true);
    }

    function test_transferOwnership_isTwoStep() public {
        _assertTwoStepOwnershipTransfer(market, abi.encodeCall(market.setParameters, (_defaultParameters())));
    }
}
