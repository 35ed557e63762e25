// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IEvidenceRegistry} from "../../src/evidence/interfaces/IEvidenceRegistry.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {ContributionRewards} from "../../src/rewards/ContributionRewards.sol";
import {IContributionRewards} from "../../src/rewards/interfaces/IContributionRewards.sol";
import {
    IRewardedDidRegistry, IRewardedMarket, IRewardedServices
} from "../../src/rewards/interfaces/IRewardSources.sol";
import {RewardedServicesDouble} from "./RewardSourcesDouble.sol";
import {RewardsFixture} from "./RewardsFixture.sol";

/// @title Contribution rewards: recording, links, epochs, budget, claims, returns, governance
/// @notice Orders run on the real market; its value-chain reads and the services come from
/// the doubles. Values at par: an order's value is its fee in DIP (FEE_BPS = 2.5 %).
contract ContributionRewardsTest is RewardsFixture {
    bytes32 internal constant ITEM = keccak256("urn:dipnet:lot:1");
    IOrderMarket.Status internal constant COMPLETED = IOrderMarket.Status.Completed;
    IOrderMarket.Status internal constant RESOLVED = IOrderMarket.Status.Resolved;

    function _err(bytes4 selector, uint256 a) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, a);
    }

    function _newCustomer(string memory name) internal returns (address buyer) {
        buyer = makeAddr(name);
        _register(buyer, CUSTOMER);
        usd.faucet(buyer, 10_000e6);
        vm.prank(buyer);
        usd.approve(address(market), type(uint256).max);
    }

    /// @notice A Completed order of `buyer` made by `seller` at `price`.
    function _completed(address buyer, address seller, uint96 price) internal returns (uint256 orderId) {
        vm.prank(buyer);
        orderId = market.createRfq(_params());
        _bid(orderId, seller, price, LEAD_TIME);
        _award(orderId, seller);
        _ship(orderId);
        vm.prank(buyer);
        market.accept(orderId);
    }

    /// @notice A dispute of the default order, ruled by `arbiter` (refund 30 %).
    function _ruledOrder() internal returns (uint256 orderId) {
        orderId = _disputedOrder();
        vm.prank(arbiter);
        market.rule(orderId, 3_000, 0);
        reads.setArbiter(orderId, arbiter);
    }

    // --- deployment -----------------------------------------------------------------------------

    function test_constructor_startsEpochZeroNow() public view {
        assertEq(rewards.currentEpoch(), 0);
        (uint40 start, uint40 end, uint16 cap) = rewards.epochBounds(0);
        assertEq(start, block.timestamp);
        assertEq(end, block.timestamp + EPOCH);
        assertEq(cap, CAP_BPS);
        assertEq(rewards.owner(), governance);
        assertEq(rewards.market(), address(reads));
        assertEq(rewards.rewardToken(), address(dip));
        assertEq(rewards.didRegistry(), address(did));
        assertEq(rewards.evidenceRegistry(), address(evidence));
        assertEq(rewards.orderServices(), address(services));
    }

    function test_constructor_refusesOutOfBoundsScheduleAndZeroAddresses() public {
        IRewardedDidRegistry d = IRewardedDidRegistry(address(did));
        vm.expectRevert(_bounds("epochLength", 1 days - 1, 1 days, 90 days));
        new ContributionRewards(governance, reads, dip, d, evidence, services, 1 days - 1, CAP_BPS);
        vm.expectRevert(_bounds("capBps", 5_001, 1, 5_000));
        new ContributionRewards(governance, reads, dip, d, evidence, services, EPOCH, 5_001);
        vm.expectRevert(_invalid("market", "zero address"));
        new ContributionRewards(governance, IRewardedMarket(address(0)), dip, d, evidence, services, EPOCH, CAP_BPS);
        vm.expectRevert(_invalid("rewardToken", "zero address"));
        new ContributionRewards(governance, reads, IERC20(address(0)), d, evidence, services, EPOCH, CAP_BPS);
        vm.expectRevert(_invalid("didRegistry", "zero address"));
        new ContributionRewards(
            governance, reads, dip, IRewardedDidRegistry(address(0)), evidence, services, EPOCH, CAP_BPS
        );
        vm.expectRevert(_invalid("evidenceRegistry", "zero address"));
        new ContributionRewards(governance, reads, dip, d, IEvidenceRegistry(address(0)), services, EPOCH, CAP_BPS);
    }

    function _bounds(string memory name, uint256 value, uint256 min, uint256 max) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IContributionRewards.RewardsParameterOutOfBounds.selector, name, value, min, max);
    }

    function _invalid(string memory name, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IContributionRewards.RewardsInvalidParameter.selector, name, reason);
    }

    // --- recordOrder ----------------------------------------------------------------------------

    function test_recordOrder_creditsTheMakerSixtyPercentOfTheFeeValue() public {
        uint256 orderId = _completedOrder(PRICE);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.PointsRecorded(
            0, maker, orderId, IContributionRewards.Contribution.Maker, 0, _value(PRICE) * 6_000 / 10_000
        );
        vm.prank(stranger); // anyone records
        rewards.recordOrder(orderId);
        assertEq(_points(0, maker), _value(PRICE) * 6_000 / 10_000);
        assertEq(rewards.getEpoch(0).totalPoints, _value(PRICE) * 6_000 / 10_000);
        assertEq(rewards.recordedOf(orderId), 1);
    }

    function test_recordOrder_halvesTheMakersPointsWhenItShippedLate() public {
        uint256 orderId = _completedOrder(PRICE);
        reads.setLate(orderId, true);
        rewards.recordOrder(orderId);
        assertEq(_points(0, maker), _value(PRICE) * 6_000 / 10_000 / 2);
    }

    function test_recordOrder_revertsOnceRecorded() public {
        uint256 orderId = _completedOrder(PRICE);
        rewards.recordOrder(orderId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsAlreadyRecorded.selector, orderId, IContributionRewards.Contribution.Maker
            )
        );
        rewards.recordOrder(orderId);
    }

    function test_recordOrder_revertsUnlessCompleted() public {
        uint256 orderId = _shippedOrder();
        vm.expectRevert(_notEligible(orderId, IOrderMarket.Status.Shipped, COMPLETED));
        rewards.recordOrder(orderId);
        // A Resolved order earns its maker nothing, whoever won.
        uint256 ruled = _ruledOrder();
        vm.expectRevert(_notEligible(ruled, RESOLVED, COMPLETED));
        rewards.recordOrder(ruled);
    }

    function test_recordOrder_revertsWhenTheOrderPaidNoFeeValue() public {
        uint256 orderId = _completedOrder(PRICE);
        vm.prank(governance);
        rewards.setFeeValue(address(usd), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsNoPoints.selector, orderId, IContributionRewards.Contribution.Maker
            )
        );
        rewards.recordOrder(orderId);
        assertEq(rewards.recordedOf(orderId), 0, "nothing recorded");
    }

    function test_recordOrder_revertsWhenTheFeeWasZero() public {
        _setFee(0);
        uint256 orderId = _completedOrder(PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsNoPoints.selector, orderId, IContributionRewards.Contribution.Maker
            )
        );
        rewards.recordOrder(orderId);
    }

    // --- links ----------------------------------------------------------------------------------

    function test_recordOrder_ignoresAMakerWhoseIdentityTheCustomerOwns() public {
        vm.prank(maker);
        did.changeOwner(maker, customer);
        assertTrue(rewards.linked(maker, customer));
        uint256 orderId = _completedOrder(PRICE);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.SelfDealingIgnored(
            orderId, IContributionRewards.Contribution.Maker, 0, maker, customer
        );
        rewards.recordOrder(orderId);
        assertEq(_points(0, maker), 0);
        assertEq(rewards.recordedOf(orderId), 1, "counts as recorded");
        // Unlinking afterwards does not make it count.
        vm.prank(customer);
        did.changeOwner(maker, maker);
        assertFalse(rewards.linked(maker, customer));
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsAlreadyRecorded.selector, orderId, IContributionRewards.Contribution.Maker
            )
        );
        rewards.recordOrder(orderId);
    }

    function test_linked_followsOwnersAndDelegatesBothWays() public {
        address a = makeAddr("a");
        address b = makeAddr("b");
        address boss = makeAddr("boss");
        assertTrue(rewards.linked(a, a), "itself");
        assertFalse(rewards.linked(a, b), "strangers");
        vm.prank(a);
        did.changeOwner(a, boss);
        vm.prank(b);
        did.changeOwner(b, boss);
        assertTrue(rewards.linked(a, b), "same owner");
        assertTrue(rewards.linked(boss, a), "owner of the other");
        assertTrue(rewards.linked(a, boss), "owned by the other");
        address c = makeAddr("c");
        address d = makeAddr("d");
        vm.prank(c);
        did.addDelegate(c, "veriKey", d, 1 days);
        assertTrue(rewards.linked(c, d), "veriKey delegate");
        assertTrue(rewards.linked(d, c), "delegator");
        address e = makeAddr("e");
        vm.prank(e);
        did.addDelegate(e, "sigAuth", c, 1 days);
        assertTrue(rewards.linked(c, e), "sigAuth delegate");
        vm.warp(block.timestamp + 1 days);
        assertFalse(rewards.linked(c, d), "an expired delegation links nothing");
        assertFalse(rewards.linked(e, c), "expired both ways");
    }

    function test_recordOrder_ignoresAMakerLinkedToTheCustomerOfAParentOrder() public {
        address topBuyer = _newCustomer("topBuyer");
        uint256 parentId = _completed(topBuyer, maker, PRICE);
        uint256 subId = _completedOrder(PRICE); // customer -> maker, stands for the sub-order
        reads.setParent(subId, parentId);
        vm.prank(maker);
        did.addDelegate(maker, "veriKey", topBuyer, 30 days);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.SelfDealingIgnored(
            subId, IContributionRewards.Contribution.Maker, 0, maker, topBuyer
        );
        rewards.recordOrder(subId);
        assertEq(_points(0, maker), 0);
    }

    function test_recordOrder_creditsASubOrderMakerUnlinkedToEveryAncestor() public {
        address topBuyer = _newCustomer("topBuyer");
        uint256 parentId = _completed(topBuyer, maker2, PRICE);
        uint256 subId = _completedOrder(PRICE);
        reads.setParent(subId, parentId);
        rewards.recordOrder(subId);
        assertEq(_points(0, maker), _value(PRICE) * 6_000 / 10_000);
    }

    // --- recordRuling ---------------------------------------------------------------------------

    function test_recordRuling_creditsTheArbiterTwentyPercentOfTheFullFeeValue() public {
        uint256 orderId = _ruledOrder();
        rewards.recordRuling(orderId);
        assertEq(_points(0, arbiter), _value(PRICE) * 2_000 / 10_000);
        assertEq(rewards.recordedOf(orderId), 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsAlreadyRecorded.selector, orderId, IContributionRewards.Contribution.Ruling
            )
        );
        rewards.recordRuling(orderId);
    }

    function test_recordRuling_revertsForAnExpiredDisputeOrARulingByTheOwner() public {
        uint256 orderId = _disputedOrder();
        vm.warp(market.getOrder(orderId).rulingEnds + 1);
        market.expireDispute(orderId);
        vm.expectRevert(_err(IContributionRewards.RewardsNoArbiter.selector, orderId));
        rewards.recordRuling(orderId);
        reads.setArbiter(orderId, governance); // the owner: a ruling by proposal
        vm.expectRevert(_err(IContributionRewards.RewardsNoArbiter.selector, orderId));
        rewards.recordRuling(orderId);
    }

    function test_recordRuling_revertsUnlessResolved() public {
        uint256 orderId = _completedOrder(PRICE);
        vm.expectRevert(_notEligible(orderId, COMPLETED, RESOLVED));
        rewards.recordRuling(orderId);
    }

    function test_recordRuling_ignoresAnArbiterLinkedToAParty() public {
        vm.prank(maker);
        did.addDelegate(maker, "sigAuth", arbiter, 30 days);
        uint256 orderId = _ruledOrder();
        vm.expectEmit(address(rewards));
        emit IContributionRewards.SelfDealingIgnored(
            orderId, IContributionRewards.Contribution.Ruling, 0, arbiter, maker
        );
        rewards.recordRuling(orderId);
        assertEq(_points(0, arbiter), 0);
    }

    // --- recordService --------------------------------------------------------------------------

    function test_recordService_sharesTheServicesPoolByFee() public {
        uint256 orderId = _completedOrder(PRICE);
        uint256 pool = _value(PRICE) * 2_500 / 10_000;
        _service(1, orderId, inspector, PRICE / 4);
        rewards.recordService(1);
        assertEq(_points(0, inspector), pool / 4);
        // A second service asking for more than the rest of the pool gets the rest.
        address carrier = makeAddr("carrier");
        _service(2, orderId, carrier, PRICE);
        rewards.recordService(2);
        assertEq(_points(0, carrier), pool - pool / 4);
        assertEq(rewards.servicePointsOf(orderId), pool);
        assertTrue(rewards.serviceRecorded(2));
        // The pool is used up.
        _service(3, orderId, makeAddr("late carrier"), 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsNoPoints.selector, orderId, IContributionRewards.Contribution.Service
            )
        );
        rewards.recordService(3);
        vm.expectRevert(_err(IContributionRewards.RewardsServiceAlreadyRecorded.selector, 1));
        rewards.recordService(1);
    }

    function test_recordService_revertsForAServiceNotPerformedOrInAnotherToken() public {
        uint256 orderId = _completedOrder(PRICE);
        _service(1, orderId, inspector, PRICE / 4);
        (uint8 kind,, uint256 oid, address provider, address token, uint256 fee, uint40 completedAt) = services.infos(1);
        services.set(1, _info(kind, 1, oid, provider, token, fee, completedAt));
        vm.expectRevert(abi.encodeWithSelector(IContributionRewards.RewardsServiceNotPerformed.selector, 1, 1));
        rewards.recordService(1);
        services.set(1, _info(kind, 2, oid, provider, address(dip), fee, completedAt));
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsServiceTokenMismatch.selector, 1, address(dip), address(usd)
            )
        );
        rewards.recordService(1);
        uint256 open = _shippedOrder();
        _service(2, open, inspector, 1e6);
        vm.expectRevert(_notEligible(open, IOrderMarket.Status.Shipped, COMPLETED));
        rewards.recordService(2);
    }

    function _info(
        uint8 kind,
        uint8 state,
        uint256 orderId,
        address provider,
        address token,
        uint256 fee,
        uint40 completedAt
    ) internal pure returns (RewardedServicesDouble.Info memory) {
        return RewardedServicesDouble.Info(kind, state, orderId, provider, token, fee, completedAt);
    }

    function test_recordService_ignoresAProviderLinkedToTheMaker() public {
        uint256 orderId = _completedOrder(PRICE);
        vm.prank(inspector);
        did.changeOwner(inspector, maker);
        _service(1, orderId, inspector, PRICE / 4);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.SelfDealingIgnored(
            orderId, IContributionRewards.Contribution.Service, 1, inspector, maker
        );
        rewards.recordService(1);
        assertEq(_points(0, inspector), 0);
        assertEq(rewards.servicePointsOf(orderId), 0);
    }

    function test_recordService_revertsWithoutAServicesContract() public {
        ContributionRewards bare = new ContributionRewards(
            governance,
            reads,
            dip,
            IRewardedDidRegistry(address(did)),
            evidence,
            IRewardedServices(address(0)),
            EPOCH,
            CAP_BPS
        );
        vm.expectRevert(IContributionRewards.RewardsNoServices.selector);
        bare.recordService(1);
    }

    // --- recordEvidence -------------------------------------------------------------------------

    function test_recordEvidence_creditsTheRecorderOfATraceMadeBeforeTheAcceptanceDeadline() public {
        uint256 orderId = _shippedOrder();
        vm.prank(maker);
        evidence.recordTrace(orderId, ITEM, keccak256("shipping"), address(0));
        _accept(orderId);
        rewards.recordEvidence(orderId, ITEM, keccak256("shipping"));
        assertEq(_points(0, maker), _value(PRICE) * 1_500 / 10_000);
        assertEq(rewards.recordedOf(orderId), 8);
        // Once per order, whichever trace.
        vm.prank(maker);
        evidence.recordTrace(orderId, ITEM, keccak256("other"), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsAlreadyRecorded.selector,
                orderId,
                IContributionRewards.Contribution.Evidence
            )
        );
        rewards.recordEvidence(orderId, ITEM, keccak256("other"));
    }

    function test_recordEvidence_revertsForAnUnknownOrLateTrace() public {
        uint256 orderId = _completedOrder(PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionRewards.RewardsUnknownTrace.selector, orderId, ITEM, keccak256("x"))
        );
        rewards.recordEvidence(orderId, ITEM, keccak256("x"));
        uint40 acceptanceEnds = market.getOrder(orderId).acceptanceEnds;
        vm.warp(acceptanceEnds + 1);
        vm.prank(maker);
        evidence.recordTrace(orderId, ITEM, keccak256("made up later"), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRewards.RewardsTraceTooLate.selector, orderId, uint64(acceptanceEnds + 1), acceptanceEnds
            )
        );
        rewards.recordEvidence(orderId, ITEM, keccak256("made up later"));
    }

    function test_recordEvidence_ignoresATraceTheCustomerRecorded() public {
        uint256 orderId = _shippedOrder();
        vm.prank(maker);
        evidence.recordTrace(orderId, ITEM, keccak256("handover"), customer);
        vm.prank(customer);
        evidence.recordTrace(orderId, ITEM, keccak256("received"), address(0));
        _accept(orderId);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.SelfDealingIgnored(
            orderId, IContributionRewards.Contribution.Evidence, 0, customer, customer
        );
        rewards.recordEvidence(orderId, ITEM, keccak256("received"));
        assertEq(_points(0, customer), 0);
    }

    function test_recordEvidence_revertsUnlessCompleted() public {
        uint256 orderId = _shippedOrder();
        vm.expectRevert(_notEligible(orderId, IOrderMarket.Status.Shipped, COMPLETED));
        rewards.recordEvidence(orderId, ITEM, keccak256("x"));
    }

    // --- epochs ---------------------------------------------------------------------------------

    function test_setEpochSchedule_appliesFromTheNextBoundaryAndNeverMovesPastEpochs() public {
        vm.warp(block.timestamp + EPOCH + 1 days); // in epoch 1
        (uint40 start1, uint40 end1,) = rewards.epochBounds(1);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.EpochScheduleSet(2, end1, 1 days, 100);
        vm.prank(governance);
        rewards.setEpochSchedule(1 days, 100);
        (uint40 s1, uint40 e1, uint16 c1) = rewards.epochBounds(1);
        assertEq(s1, start1, "current epoch keeps its start");
        assertEq(e1, end1, "and its end");
        assertEq(c1, CAP_BPS, "and its cap");
        // A second change before the boundary replaces the pending one.
        vm.prank(governance);
        rewards.setEpochSchedule(2 days, 200);
        assertEq(rewards.schedule().length, 2, "replaced, not appended");
        (uint40 s2, uint40 e2, uint16 c2) = rewards.epochBounds(2);
        assertEq(s2, end1);
        assertEq(e2, end1 + 2 days);
        assertEq(c2, 200);
        vm.warp(end1 + 5 days);
        assertEq(rewards.currentEpoch(), 4, "epochs 2, 3 of 2 days, then 4");
        (uint40 s0, uint40 e0,) = rewards.epochBounds(0);
        assertEq(s0, T0, "epoch 0 never moves");
        assertEq(e0, T0 + EPOCH);
        vm.prank(governance);
        rewards.setEpochSchedule(90 days, 5_000);
        assertEq(rewards.schedule().length, 3, "a change after the boundary appends");
        (uint40 s4, uint40 e4,) = rewards.epochBounds(4);
        assertEq(s4, end1 + 4 days);
        assertEq(e4, end1 + 6 days, "epoch 4 keeps its length");
    }

    function test_setEpochSchedule_refusesOutOfBoundsValuesAndStrangers() public {
        vm.prank(governance);
        vm.expectRevert(_bounds("epochLength", 90 days + 1, 1 days, 90 days));
        rewards.setEpochSchedule(90 days + 1, 100);
        vm.prank(governance);
        vm.expectRevert(_bounds("capBps", 0, 1, 5_000));
        rewards.setEpochSchedule(1 days, 0);
        _expectRevertAs(stranger, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        rewards.setEpochSchedule(1 days, 100);
    }

    function test_recordOrder_putsPointsInTheEpochOfRecording() public {
        uint256 orderId = _completedOrder(PRICE);
        vm.warp(block.timestamp + EPOCH); // an epoch later
        uint256 epoch = rewards.currentEpoch();
        rewards.recordOrder(orderId);
        assertGt(_points(epoch, maker), 0);
        (, uint40 end,) = rewards.epochBounds(epoch);
        assertEq(rewards.getEpoch(epoch).endsAt, end, "the epoch keeps its end");
    }

    // --- funding --------------------------------------------------------------------------------

    function test_fundEpoch_addsToTheBudgetOfAnEpochNotEnded() public {
        vm.expectEmit(address(rewards));
        emit IContributionRewards.EpochFunded(3, funder, 1_000e18);
        _fund(3, 1_000e18);
        _fund(3, 500e18);
        assertEq(rewards.getEpoch(3).budget, 1_500e18);
        assertEq(dip.balanceOf(address(rewards)), 1_500e18);
    }

    function test_fundEpoch_refusesAnEndedEpochAndZero() public {
        vm.warp(block.timestamp + EPOCH);
        vm.prank(funder);
        vm.expectRevert(abi.encodeWithSelector(IContributionRewards.RewardsEpochEnded.selector, 0, T0 + EPOCH));
        rewards.fundEpoch(0, 1e18);
        vm.prank(funder);
        vm.expectRevert(_invalid("amount", "zero"));
        rewards.fundEpoch(1, 0);
    }

    // --- claims ---------------------------------------------------------------------------------

    function test_claim_paysEachItsShareOfTheBudget() public {
        uint256 a = _completedOrder(PRICE);
        uint256 b = _completed(customer, maker2, PRICE / 2);
        rewards.recordOrder(a);
        rewards.recordOrder(b);
        uint256 budget = 10e18; // far below the cap: the budget decides
        _fund(0, budget);
        assertEq(rewards.claimable(0, maker), budget * 2 / 3, "claimable before the end");
        vm.expectRevert(abi.encodeWithSelector(IContributionRewards.RewardsEpochNotEnded.selector, 0, T0 + EPOCH));
        vm.prank(maker);
        rewards.claim(0);
        _endEpoch(0);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.RewardClaimed(0, maker, budget * 2 / 3);
        vm.prank(maker);
        assertEq(rewards.claim(0), budget * 2 / 3);
        vm.prank(maker2);
        rewards.claim(0);
        assertEq(dip.balanceOf(maker), budget * 2 / 3);
        assertEq(dip.balanceOf(maker2), budget / 3);
        assertLe(rewards.getEpoch(0).claimed, budget);
        assertEq(rewards.claimable(0, maker), 0, "claimed");
        _expectRevertAs(maker, abi.encodeWithSelector(IContributionRewards.RewardsAlreadyClaimed.selector, 0, maker));
        rewards.claim(0);
    }

    function test_claim_paysAtMostTheCapOfThePoints() public {
        uint256 orderId = _completedOrder(PRICE);
        rewards.recordOrder(orderId);
        uint256 points = _points(0, maker);
        _fund(0, points * 10); // more than the cap allows
        _endEpoch(0);
        vm.prank(maker);
        assertEq(rewards.claim(0), points * CAP_BPS / 10_000);
    }

    function test_claim_revertsWithoutPointsOrBudgetOrAfterTheWindow() public {
        uint256 orderId = _completedOrder(PRICE);
        rewards.recordOrder(orderId);
        _endEpoch(0);
        _expectRevertAs(stranger, abi.encodeWithSelector(IContributionRewards.RewardsNothingToClaim.selector, 0, stranger));
        rewards.claim(0);
        _expectRevertAs(maker, abi.encodeWithSelector(IContributionRewards.RewardsNothingToClaim.selector, 0, maker));
        rewards.claim(0); // no budget
        _fund(1, 1e18);
        uint256 other = _completedOrder(PRICE);
        rewards.recordOrder(other);
        _endEpoch(1);
        (, uint40 end,) = rewards.epochBounds(1);
        vm.warp(uint256(end) + 180 days);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(IContributionRewards.RewardsClaimWindowClosed.selector, 1, uint256(end) + 180 days)
        );
        rewards.claim(1);
        assertEq(rewards.claimable(1, maker), 0, "nothing claimable after the window");
    }

    // --- returnUnclaimed ------------------------------------------------------------------------

    function test_returnUnclaimed_sendsTheRestToTheOwnerAfterTheWindow() public {
        uint256 orderId = _completedOrder(PRICE);
        rewards.recordOrder(orderId);
        _completed(customer, maker2, PRICE);
        _fund(0, 100e18);
        _endEpoch(0);
        vm.prank(maker);
        uint256 claimed = rewards.claim(0);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionRewards.RewardsClaimWindowOpen.selector, 0, T0 + EPOCH + 180 days)
        );
        rewards.returnUnclaimed(0);
        vm.warp(T0 + EPOCH + 180 days);
        vm.expectEmit(address(rewards));
        emit IContributionRewards.UnclaimedReturned(0, governance, 100e18 - claimed);
        vm.prank(stranger);
        rewards.returnUnclaimed(0);
        assertEq(dip.balanceOf(governance), 100e18 - claimed);
        assertEq(dip.balanceOf(address(rewards)), 0);
        vm.expectRevert(_err(IContributionRewards.RewardsNothingToReturn.selector, 0));
        rewards.returnUnclaimed(0);
    }

    function test_returnUnclaimed_returnsTheBudgetOfAnEpochWithoutPoints() public {
        _fund(2, 7e18);
        vm.expectRevert(abi.encodeWithSelector(IContributionRewards.RewardsEpochNotEnded.selector, 2, T0 + 3 * EPOCH));
        rewards.returnUnclaimed(2);
        vm.warp(T0 + 3 * EPOCH + 180 days);
        rewards.returnUnclaimed(2);
        assertEq(dip.balanceOf(governance), 7e18);
        vm.expectRevert(_err(IContributionRewards.RewardsNothingToReturn.selector, 1));
        rewards.returnUnclaimed(1);
    }

    // --- governance -----------------------------------------------------------------------------

    function test_setFeeValue_isBoundedAndOwnerOnly() public {
        vm.expectEmit(address(rewards));
        emit IContributionRewards.FeeValueSet(address(usd), 1e33);
        vm.prank(governance);
        rewards.setFeeValue(address(usd), 1e33);
        assertEq(rewards.feeValue(address(usd)), 1e33);
        vm.prank(governance);
        vm.expectRevert(_bounds("feeValue", 1e33 + 1, 0, 1e33));
        rewards.setFeeValue(address(usd), 1e33 + 1);
        vm.prank(governance);
        vm.expectRevert(_invalid("token", "zero address"));
        rewards.setFeeValue(address(0), 1);
        _expectRevertAs(stranger, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        rewards.setFeeValue(address(usd), 1);
    }

    function test_ownership_movesInTwoSteps() public {
        _assertTwoStepOwnershipTransfer(rewards, abi.encodeCall(rewards.setFeeValue, (address(usd), 1)));
    }
}
