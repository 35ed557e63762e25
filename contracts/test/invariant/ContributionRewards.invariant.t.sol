// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {DipToken} from "../../src/governance/DipToken.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../../src/OrderMarket.sol";
import {ContributionRewards} from "../../src/rewards/ContributionRewards.sol";
import {IContributionRewards} from "../../src/rewards/interfaces/IContributionRewards.sol";
import {TestStablecoin} from "../../src/tokens/TestStablecoin.sol";
import {RewardsFixture} from "../rewards/RewardsFixture.sol";
import {TestBase} from "../utils/Test.sol";

/// @title Drives random orders, recordings, funding, claims, returns, schedule changes and time
/// @notice Orders are real (the market of the rewards fixture, three makers); before each call the
/// handler predicts from its own model of the schedule, the epochs and the accounts whether the call
/// must succeed and what it pays; any disagreement with the contract is counted in `mismatches`.
/// On success the model is updated.
contract RewardsHandler is TestBase {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant CLAIM_WINDOW = 180 days;
    uint256 internal constant MAX_ORDERS = 40;

    struct Segment {
        uint256 start;
        uint256 firstEpoch;
        uint256 length;
        uint256 capBps;
    }

    struct EpochModel {
        uint256 totalPoints;
        uint256 budget;
        uint256 claimed;
        uint256 returned;
        uint256 endsAt;
        uint256 capBps;
        bool hasReturned;
    }

    struct OrderGhost {
        uint256 id;
        address maker;
        uint256 value;
        bool recorded;
    }

    ContributionRewards public rewards;
    OrderMarket public market;
    TestStablecoin public usd;
    DipToken public dip;
    address public governance;
    address public customer;
    address public funder;
    address[4] internal _actors; // three makers and a stranger

    Segment[] internal _segments;
    mapping(uint256 epoch => EpochModel) internal _epochs;
    mapping(uint256 epoch => mapping(address account => uint256)) internal _points;
    mapping(uint256 epoch => mapping(address account => bool)) internal _claimed;
    OrderGhost[] internal _orders;
    uint256 public maxEpoch;
    uint256 public totalFunded;
    uint256 public totalClaimed;
    uint256 public totalReturned;
    uint256 public mismatches;
    string public firstMismatch;
    mapping(bytes4 selector => uint256) public callsOk;

    constructor(
        ContributionRewards rewards_,
        OrderMarket market_,
        TestStablecoin usd_,
        DipToken dip_,
        address[6] memory cast // governance, customer, funder, three makers
    ) {
        (rewards, market, usd, dip) = (rewards_, market_, usd_, dip_);
        (governance, customer, funder) = (cast[0], cast[1], cast[2]);
        (_actors[0], _actors[1], _actors[2], _actors[3]) = (cast[3], cast[4], cast[5], address(0xBEEF));
        IContributionRewards.Segment[] memory s = rewards.schedule();
        _segments.push(Segment(s[0].start, 0, s[0].length, s[0].capBps));
    }

    function selectors() external pure returns (bytes4[] memory list) {
        list = new bytes4[](7);
        list[0] = this.completeOrder.selector;
        list[1] = this.recordOrder.selector;
        list[2] = this.fund.selector;
        list[3] = this.claim.selector;
        list[4] = this.returnUnclaimed.selector;
        list[5] = this.warp.selector;
        list[6] = this.setSchedule.selector;
    }

    function actor(uint256 i) external view returns (address) {
        return _actors[i];
    }

    function returnedOf(uint256 epoch) external view returns (uint256) {
        return _epochs[epoch].returned;
    }

    // --- the model ------------------------------------------------------------------------------

    function _current() internal view returns (uint256 epoch, uint256 endsAt, uint256 capBps) {
        Segment memory s = _segments[_segments.length - 1];
        if (s.start > block.timestamp) s = _segments[_segments.length - 2];
        uint256 n = (block.timestamp - s.start) / s.length;
        return (s.firstEpoch + n, s.start + (n + 1) * s.length, s.capBps);
    }

    function _end(uint256 epoch) internal view returns (uint256) {
        if (_epochs[epoch].endsAt != 0) return _epochs[epoch].endsAt;
        uint256 i = _segments.length;
        Segment memory s;
        do {
            s = _segments[--i];
        } while (s.firstEpoch > epoch);
        return s.start + (epoch - s.firstEpoch + 1) * s.length;
    }

    function _reward(uint256 epoch, uint256 points) internal view returns (uint256) {
        EpochModel storage e = _epochs[epoch];
        uint256 payable_ = e.totalPoints * e.capBps / BPS;
        if (e.budget < payable_) payable_ = e.budget;
        return payable_ * points / e.totalPoints;
    }

    function _mismatch(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    function _ok(bytes4 selector, bool expected, bool actual, string memory what) internal {
        if (expected != actual) _mismatch(string.concat(what, actual ? ": succeeded" : ": reverted", " against the model"));
        if (actual) ++callsOk[selector];
    }

    // --- actions --------------------------------------------------------------------------------

    /// @notice A real order of `customer` made and completed by one of the makers.
    function completeOrder(uint256 makerSeed, uint256 priceSeed) external {
        if (_orders.length >= MAX_ORDERS) return;
        address maker = _actors[makerSeed % 3];
        uint96 price = uint96(bound(priceSeed, 1e6, 1_000e6));
        IOrderMarket.RfqParams memory p;
        p.specHash = keccak256("spec");
        p.specURI = "ipfs://spec";
        p.process = "cnc-milling";
        p.material = "aluminium-6061";
        p.quantity = 1;
        p.bond = market.parameters().minBond;
        p.paymentToken = address(usd);
        p.budget = 1_000e6;
        p.deadline = uint40(block.timestamp + 30 days);
        p.biddingEnds = uint40(block.timestamp + 1 hours);
        p.milestoneBps = new uint16[](1);
        p.milestoneBps[0] = 10_000;
        usd.faucet(customer, 1_100e6);
        vm.prank(customer);
        uint256 orderId = market.createRfq(p);
        vm.prank(maker);
        market.bid(orderId, price, 1 days);
        vm.warp(block.timestamp + 1 hours + 1);
        vm.prank(customer);
        market.award(orderId, maker, price, 1 days);
        vm.prank(maker);
        market.ship(orderId, keccak256("shipped"));
        vm.prank(customer);
        market.accept(orderId);
        uint256 fee = uint256(price) * market.getOrder(orderId).feeBps / BPS;
        _orders.push(OrderGhost(orderId, maker, fee * rewards.feeValue(address(usd)) / 1e18, false));
        ++callsOk[this.completeOrder.selector];
    }

    function recordOrder(uint256 orderSeed) external {
        if (_orders.length == 0) return;
        OrderGhost storage o = _orders[orderSeed % _orders.length];
        uint256 points = o.value * 6_000 / BPS;
        bool expected = !o.recorded && points != 0;
        (bool ok,) = address(rewards).call(abi.encodeCall(rewards.recordOrder, (o.id)));
        _ok(this.recordOrder.selector, expected, ok, "recordOrder");
        if (!ok || !expected) return;
        o.recorded = true;
        (uint256 epoch, uint256 endsAt, uint256 capBps) = _current();
        EpochModel storage e = _epochs[epoch];
        if (e.endsAt == 0) (e.endsAt, e.capBps) = (endsAt, capBps);
        e.totalPoints += points;
        _points[epoch][o.maker] += points;
        if (epoch > maxEpoch) maxEpoch = epoch;
        if (rewards.getAccount(epoch, o.maker).points != _points[epoch][o.maker]) _mismatch("points");
    }

    function fund(uint256 epochSeed, uint256 amountSeed) external {
        (uint256 current,,) = _current();
        uint256 epoch = bound(epochSeed, current == 0 ? 0 : current - 1, current + 2);
        uint256 amount = bound(amountSeed, 0, 1_000e18);
        bool expected = amount != 0 && epoch >= current;
        vm.prank(funder);
        (bool ok,) = address(rewards).call(abi.encodeCall(rewards.fundEpoch, (epoch, amount)));
        _ok(this.fund.selector, expected, ok, "fundEpoch");
        if (!ok || !expected) return;
        _epochs[epoch].budget += amount;
        totalFunded += amount;
        if (epoch > maxEpoch) maxEpoch = epoch;
    }

    function claim(uint256 actorSeed, uint256 epochSeed) external {
        address who = _actors[actorSeed % 4];
        (uint256 current,,) = _current();
        uint256 epoch = bound(epochSeed, 0, current);
        uint256 points = _points[epoch][who];
        EpochModel storage e = _epochs[epoch];
        uint256 amount = points == 0 ? 0 : _reward(epoch, points);
        bool expected = !_claimed[epoch][who] && points != 0 && block.timestamp >= e.endsAt
            && block.timestamp < e.endsAt + CLAIM_WINDOW && amount != 0;
        uint256 before = dip.balanceOf(who);
        vm.prank(who);
        (bool ok,) = address(rewards).call(abi.encodeCall(rewards.claim, (epoch)));
        _ok(this.claim.selector, expected, ok, "claim");
        if (!ok || !expected) return;
        if (dip.balanceOf(who) - before != amount) _mismatch("claim paid another amount than the model");
        _claimed[epoch][who] = true;
        e.claimed += amount;
        totalClaimed += amount;
    }

    function returnUnclaimed(uint256 epochSeed) external {
        (uint256 current,,) = _current();
        uint256 epoch = bound(epochSeed, 0, current);
        EpochModel storage e = _epochs[epoch];
        uint256 amount = e.hasReturned ? 0 : e.budget - e.claimed;
        bool expected = epoch < current && block.timestamp >= _end(epoch) + CLAIM_WINDOW && amount != 0;
        uint256 before = dip.balanceOf(governance);
        (bool ok,) = address(rewards).call(abi.encodeCall(rewards.returnUnclaimed, (epoch)));
        _ok(this.returnUnclaimed.selector, expected, ok, "returnUnclaimed");
        if (!ok || !expected) return;
        if (dip.balanceOf(governance) - before != amount) _mismatch("returned another amount than the model");
        e.hasReturned = true;
        e.returned = amount;
        totalReturned += amount;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1 hours, 100 days));
        ++callsOk[this.warp.selector];
    }

    function setSchedule(uint256 lengthSeed, uint256 capSeed) external {
        uint32 length = uint32(bound(lengthSeed, 1 days, 90 days));
        uint16 capBps = uint16(bound(capSeed, 1, 5_000));
        vm.prank(governance);
        (bool ok,) = address(rewards).call(abi.encodeCall(rewards.setEpochSchedule, (length, capBps)));
        _ok(this.setSchedule.selector, true, ok, "setEpochSchedule");
        if (!ok) return;
        (uint256 current, uint256 endsAt,) = _current();
        Segment memory next = Segment(endsAt, current + 1, length, capBps);
        if (_segments[_segments.length - 1].start > block.timestamp) _segments[_segments.length - 1] = next;
        else _segments.push(next);
    }
}

/// @title Contribution rewards agree with their reference model, and conserve DIP
contract ContributionRewardsInvariantTest is RewardsFixture {
    RewardsHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[6] memory cast = [governance, customer, funder, maker, maker2, maker3];
        handler = new RewardsHandler(rewards, market, usd, dip, cast);
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: handler.selectors()}));
    }

    /// @notice The handler's model agrees along a path that reaches every success: an order recorded
    /// and funded, claimed after its epoch, the rest returned after the window, a schedule change.
    function test_handler_reachesEverySuccess() public {
        handler.completeOrder(0, 500e6);
        handler.recordOrder(0);
        handler.fund(0, 10e18); // the current epoch (0)
        handler.setSchedule(1 days, 100);
        handler.warp(8 days);
        handler.claim(0, 0);
        handler.warp(100 days);
        handler.warp(100 days);
        handler.returnUnclaimed(0);
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
        bytes4[] memory list = handler.selectors();
        for (uint256 i; i < list.length; ++i) assertGe(handler.callsOk(list[i]), 1, "each action succeeded");
        assertGt(dip.balanceOf(maker), 0, "the maker was paid");
        invariant_dipIsConserved();
    }

    /// @notice Every call succeeded or reverted as the model predicted, and paid what it predicted.
    function invariant_contractAgreesWithTheModel() public view {
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    /// @notice The contract holds exactly what was funded and neither claimed nor returned.
    function invariant_dipIsConserved() public view {
        assertEq(
            dip.balanceOf(address(rewards)),
            handler.totalFunded() - handler.totalClaimed() - handler.totalReturned(),
            "held == funded - claimed - returned"
        );
        uint256 paid;
        for (uint256 i; i < 4; ++i) paid += dip.balanceOf(handler.actor(i));
        assertEq(paid, handler.totalClaimed(), "the actors hold exactly what they claimed");
    }

    /// @notice Per epoch, claimed + returned never exceeds the budget.
    function invariant_perEpochClaimedPlusReturnedAtMostFunded() public view {
        for (uint256 e; e <= handler.maxEpoch(); ++e) {
            IContributionRewards.Epoch memory epoch = rewards.getEpoch(e);
            assertLe(uint256(epoch.claimed) + handler.returnedOf(e), epoch.budget, "claimed + returned <= funded");
        }
    }
}
