// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EthereumDIDRegistry} from "ethr-did/EthereumDIDRegistry.sol";
import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {DipToken} from "../../src/governance/DipToken.sol";
import {ContributionRewards} from "../../src/rewards/ContributionRewards.sol";
import {IContributionRewards} from "../../src/rewards/interfaces/IContributionRewards.sol";
import {
    IRewardedDidRegistry, IRewardedMarket, IRewardedServices
} from "../../src/rewards/interfaces/IRewardSources.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {IOrderServices} from "../../src/valuechain/interfaces/IOrderServices.sol";
import {ValueChainFixture} from "../valuechain/ValueChainFixture.sol";

/// @title Contribution rewards reading the real market and order services
/// @notice The other rewards suites stand the market's value-chain reads in with a double; here
/// late shipments, rulings, sub-orders and performed services come from the contracts themselves.
contract ContributionRewardsMarketTest is ValueChainFixture {
    /// @dev One tUSD base unit = 1e12 DIP base units: par.
    uint256 internal constant PAR = 1e30;
    uint96 internal constant INSPECTION_FEE = 100e6;

    EthereumDIDRegistry internal did;
    ContributionRewards internal rewards;

    function setUp() public override {
        super.setUp();
        did = new EthereumDIDRegistry();
        EvidenceRegistry evidence =
            new EvidenceRegistry(address(new CapacityLedger(governance, address(registry))), address(market));
        DipToken dip = new DipToken(governance, new address[](0), new uint256[](0));
        rewards = new ContributionRewards(
            governance,
            IRewardedMarket(address(market)),
            dip,
            IRewardedDidRegistry(address(did)),
            evidence,
            IRewardedServices(address(services)),
            7 days,
            5_000
        );
        vm.prank(governance);
        rewards.setFeeValue(address(usd), PAR);
    }

    function _value(uint256 price) internal pure returns (uint256) {
        return _fee(price) * PAR / 1e18;
    }

    function _points(address account) internal view returns (uint256) {
        return rewards.getAccount(rewards.currentEpoch(), account).points;
    }

    /// @notice A parent order with credit, its sub-order made by `maker2`, shipped and accepted by `maker`.
    function _completedSubOrder() internal returns (uint256 parentId, uint256 subId) {
        parentId = _parentWithCredit();
        subId = _awardedSubOrder(parentId);
        _ship(subId);
        vm.prank(maker);
        market.accept(subId);
    }

    function test_aShipmentAfterTheDueDateHalvesTheMakersPoints() public {
        uint256 onTime = _shippedOrder();
        _accept(onTime);
        uint256 late = _awardedOrder();
        vm.warp(market.getOrder(late).dueAt + 1);
        _ship(late);
        _accept(late);
        assertFalse(market.shippedLate(onTime));
        assertTrue(market.shippedLate(late));

        rewards.recordOrder(onTime);
        uint256 full = _points(maker);
        assertEq(full, _value(PRICE) * 6_000 / 10_000);
        rewards.recordOrder(late);
        assertEq(_points(maker) - full, full / 2);
    }

    function test_theArbiterWhoRuledEarnsTheRulingShare() public {
        uint256 orderId = _disputedOrder();
        vm.prank(arbiter);
        market.rule(orderId, 3_000, 0);
        assertEq(market.orderArbiter(orderId), arbiter);
        rewards.recordRuling(orderId);
        assertEq(_points(arbiter), _value(PRICE) * 2_000 / 10_000);
    }

    function test_aSubOrderMakerEarnsOnTheSubOrdersOwnFee() public {
        (uint256 parentId, uint256 subId) = _completedSubOrder();
        assertEq(market.parentOf(subId), parentId);
        rewards.recordOrder(subId);
        assertEq(_points(maker2), _value(SUB_PRICE) * 6_000 / 10_000);
    }

    function test_aSubOrderMakerLinkedToTheParentsCustomerEarnsNothing() public {
        (, uint256 subId) = _completedSubOrder();
        vm.prank(maker2);
        did.addDelegate(maker2, "veriKey", customer, 30 days);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.SelfDealingIgnored(subId, IContributionRewards.Contribution.Maker, 0, maker2, customer);
        rewards.recordOrder(subId);
        assertEq(_points(maker2), 0);
    }

    function test_aPerformedInspectionEarnsItsInspectorOnceTheOrderCompletes() public {
        uint256 orderId = _parentWithCredit();
        vm.prank(maker);
        uint256 serviceId = services.bookInspection(
            orderId, inspector, INSPECTION_FEE, IOrderServices.InspectionKind.FirstArticle, uint40(block.timestamp + 3 days)
        );
        vm.prank(inspector);
        services.submitReport(serviceId, keccak256("first-article report"), true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsOrderNotEligible.selector,
                orderId,
                market.getOrder(orderId).status,
                IOrderMarket.Status.Completed
            )
        );
        rewards.recordService(serviceId);

        _ship(orderId);
        _accept(orderId);
        rewards.recordService(serviceId);
        uint256 pool = _value(PRICE) * 2_500 / 10_000;
        assertEq(_points(inspector), pool * INSPECTION_FEE / PRICE);
    }
}
