// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IEvidenceRegistry} from "../evidence/interfaces/IEvidenceRegistry.sol";
import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {IContributionRewards} from "./interfaces/IContributionRewards.sol";
import {IRewardedDidRegistry, IRewardedMarket, IRewardedServices} from "./interfaces/IRewardSources.sol";

/// @title DIPNET contribution rewards
/// @notice See {IContributionRewards}: points for contributions to settled orders, per epoch, and
/// each participant's pull-based claim of its share of the epoch's DIP budget.
contract ContributionRewards is IContributionRewards, Ownable2Step {
    using SafeERC20 for IERC20;

    uint256 private constant _BPS = 10_000;
    uint256 public constant MAKER_SHARE_BPS = 6_000;
    uint256 public constant SERVICES_SHARE_BPS = 2_500;
    uint256 public constant EVIDENCE_SHARE_BPS = 1_500;
    uint256 public constant RULING_SHARE_BPS = 2_000;
    uint256 public constant MIN_EPOCH_LENGTH = 1 days;
    uint256 public constant MAX_EPOCH_LENGTH = 90 days;
    uint256 public constant MIN_CAP_BPS = 1;
    /// @dev Below 10,000, so a claim always pays less than the fee behind its points.
    uint256 public constant MAX_CAP_BPS = 5_000;
    /// @dev A base unit worth at most 1e15 DIP base units: a 6-decimal token up to 1,000 DIP per
    /// whole token; an order's points stay far below 2^128.
    uint256 public constant MAX_FEE_VALUE = 1e33;
    uint256 public constant CLAIM_WINDOW = 180 days;
    /// @dev How many orders above a sub-order the maker's links are checked against.
    uint256 public constant MAX_PARENT_DEPTH = 8;
    uint8 private constant _SERVICE_PERFORMED = 2;
    bytes32 private constant _VERI_KEY = "veriKey";
    bytes32 private constant _SIG_AUTH = "sigAuth";

    IRewardedMarket private immutable _market;
    IERC20 private immutable _rewardToken;
    IRewardedDidRegistry private immutable _did;
    IEvidenceRegistry private immutable _evidence;
    IRewardedServices private immutable _services;

    Segment[] private _schedule;
    mapping(uint256 epoch => Epoch) private _epochs;
    mapping(uint256 epoch => mapping(address account => Account)) private _accounts;
    mapping(address token => uint256) private _feeValues;
    mapping(uint256 orderId => uint8 kinds) private _recorded;
    mapping(uint256 serviceId => bool) private _servicesRecorded;
    mapping(uint256 orderId => uint256) private _servicePoints;

    /// @param services The order services contract; zero until one is deployed (then
    /// `recordService` reverts `RewardsNoServices`).
    constructor(
        address initialOwner,
        IRewardedMarket market_,
        IERC20 rewardToken_,
        IRewardedDidRegistry didRegistry_,
        IEvidenceRegistry evidenceRegistry_,
        IRewardedServices services,
        uint32 epochLength,
        uint16 capBps
    ) Ownable(initialOwner) {
        if (address(market_) == address(0)) revert RewardsInvalidParameter("market", "zero address");
        if (address(rewardToken_) == address(0)) revert RewardsInvalidParameter("rewardToken", "zero address");
        if (address(didRegistry_) == address(0)) revert RewardsInvalidParameter("didRegistry", "zero address");
        if (address(evidenceRegistry_) == address(0)) {
            revert RewardsInvalidParameter("evidenceRegistry", "zero address");
        }
        _checkSchedule(epochLength, capBps);
        _market = market_;
        _rewardToken = rewardToken_;
        _did = didRegistry_;
        _evidence = evidenceRegistry_;
        _services = services;
        _schedule.push(Segment(uint40(block.timestamp), 0, epochLength, capBps));
        emit EpochScheduleSet(0, uint40(block.timestamp), epochLength, capBps);
    }

    // --- recording ------------------------------------------------------------------------------

    /// @inheritdoc IContributionRewards
    function recordOrder(uint256 orderId) external {
        IOrderMarket.Order memory order = _settledOrder(orderId, IOrderMarket.Status.Completed);
        _markRecorded(orderId, Contribution.Maker);
        address counterparty = _makerLink(orderId, order);
        if (counterparty != address(0)) {
            emit SelfDealingIgnored(orderId, Contribution.Maker, 0, order.maker, counterparty);
            return;
        }
        uint256 points = _orderValue(order) * MAKER_SHARE_BPS / _BPS;
        if (_market.shippedLate(orderId)) points /= 2;
        _credit(order.maker, orderId, Contribution.Maker, 0, points);
    }

    /// @inheritdoc IContributionRewards
    function recordRuling(uint256 orderId) external {
        IOrderMarket.Order memory order = _settledOrder(orderId, IOrderMarket.Status.Resolved);
        address arbiter = _market.orderArbiter(orderId);
        // A ruling by proposal pays the treasury from itself: nothing to reward.
        if (arbiter == address(0) || arbiter == owner()) revert RewardsNoArbiter(orderId);
        _markRecorded(orderId, Contribution.Ruling);
        address counterparty = _partyLinkedTo(arbiter, order);
        if (counterparty != address(0)) {
            emit SelfDealingIgnored(orderId, Contribution.Ruling, 0, arbiter, counterparty);
            return;
        }
        _credit(arbiter, orderId, Contribution.Ruling, 0, _orderValue(order) * RULING_SHARE_BPS / _BPS);
    }

    /// @inheritdoc IContributionRewards
    function recordService(uint256 serviceId) external {
        if (address(_services) == address(0)) revert RewardsNoServices();
        if (_servicesRecorded[serviceId]) revert RewardsServiceAlreadyRecorded(serviceId);
        (, uint8 state, uint256 orderId, address provider, address token, uint256 fee,) =
            _services.serviceInfo(serviceId);
        if (state != _SERVICE_PERFORMED) revert RewardsServiceNotPerformed(serviceId, state);
        IOrderMarket.Order memory order = _settledOrder(orderId, IOrderMarket.Status.Completed);
        if (token != order.paymentToken) revert RewardsServiceTokenMismatch(serviceId, token, order.paymentToken);
        _servicesRecorded[serviceId] = true;
        address counterparty = _partyLinkedTo(provider, order);
        if (counterparty != address(0)) {
            emit SelfDealingIgnored(orderId, Contribution.Service, serviceId, provider, counterparty);
            return;
        }
        uint256 pool = _orderValue(order) * SERVICES_SHARE_BPS / _BPS;
        uint256 used = _servicePoints[orderId];
        uint256 price = order.amount; // an awarded price is never zero
        uint256 points = pool * (fee < price ? fee : price) / price;
        if (points > pool - used) points = pool - used;
        if (points == 0) revert RewardsNoPoints(orderId, Contribution.Service);
        _servicePoints[orderId] = used + points;
        _credit(provider, orderId, Contribution.Service, serviceId, points);
    }

    /// @inheritdoc IContributionRewards
    function recordEvidence(uint256 orderId, bytes32 itemId, bytes32 eventHash) external {
        IOrderMarket.Order memory order = _settledOrder(orderId, IOrderMarket.Status.Completed);
        IEvidenceRegistry.Trace memory trace = _evidence.traceOf(orderId, itemId, eventHash);
        if (trace.recorder == address(0)) revert RewardsUnknownTrace(orderId, itemId, eventHash);
        // Evidence made after the customer had to accept proves nothing about the delivery.
        if (trace.recordedAt > order.acceptanceEnds) {
            revert RewardsTraceTooLate(orderId, trace.recordedAt, order.acceptanceEnds);
        }
        _markRecorded(orderId, Contribution.Evidence);
        if (linked(trace.recorder, order.customer)) {
            emit SelfDealingIgnored(orderId, Contribution.Evidence, 0, trace.recorder, order.customer);
            return;
        }
        _credit(trace.recorder, orderId, Contribution.Evidence, 0, _orderValue(order) * EVIDENCE_SHARE_BPS / _BPS);
    }

    // --- budget and claims ----------------------------------------------------------------------

    /// @inheritdoc IContributionRewards
    function fundEpoch(uint256 epoch, uint256 amount) external {
        if (amount == 0) revert RewardsInvalidParameter("amount", "zero");
        (uint256 current,,) = _currentEpoch();
        if (epoch < current) {
            (, uint40 end,) = epochBounds(epoch);
            revert RewardsEpochEnded(epoch, end);
        }
        Epoch storage e = _epochs[epoch];
        e.budget = SafeCast.toUint128(e.budget + amount);
        emit EpochFunded(epoch, msg.sender, amount);
        _rewardToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IContributionRewards
    function claim(uint256 epoch) external returns (uint256 amount) {
        Account storage account = _accounts[epoch][msg.sender];
        if (account.claimed) revert RewardsAlreadyClaimed(epoch, msg.sender);
        Epoch storage e = _epochs[epoch];
        uint40 endsAt = e.endsAt; // set with the first points, so non-zero wherever points exist
        uint256 points = account.points;
        if (points == 0) revert RewardsNothingToClaim(epoch, msg.sender);
        if (block.timestamp < endsAt) revert RewardsEpochNotEnded(epoch, endsAt);
        if (block.timestamp >= uint256(endsAt) + CLAIM_WINDOW) {
            revert RewardsClaimWindowClosed(epoch, uint256(endsAt) + CLAIM_WINDOW);
        }
        amount = _reward(e, points);
        if (amount == 0) revert RewardsNothingToClaim(epoch, msg.sender);
        account.claimed = true;
        // The sum of claims is at most the payable budget (each rounds down), so this never exceeds it.
        e.claimed += uint128(amount);
        emit RewardClaimed(epoch, msg.sender, amount);
        _rewardToken.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IContributionRewards
    function returnUnclaimed(uint256 epoch) external {
        Epoch storage e = _epochs[epoch];
        (, uint40 end,) = epochBounds(epoch);
        // The epoch's own copy wins: the schedule's view of an epoch that has not started can still change.
        if (e.endsAt != 0) end = e.endsAt;
        (uint256 current,,) = _currentEpoch();
        if (epoch >= current) revert RewardsEpochNotEnded(epoch, end);
        uint256 closesAt = uint256(end) + CLAIM_WINDOW;
        if (block.timestamp < closesAt) revert RewardsClaimWindowOpen(epoch, closesAt);
        uint256 amount = e.returned ? 0 : e.budget - e.claimed;
        if (amount == 0) revert RewardsNothingToReturn(epoch);
        e.returned = true;
        address to = owner();
        emit UnclaimedReturned(epoch, to, amount);
        _rewardToken.safeTransfer(to, amount);
    }

    // --- governance -----------------------------------------------------------------------------

    /// @inheritdoc IContributionRewards
    function setEpochSchedule(uint32 length, uint16 capBps) external onlyOwner {
        _checkSchedule(length, capBps);
        (uint256 current, uint40 endsAt,) = _currentEpoch();
        Segment memory next = Segment(endsAt, SafeCast.toUint32(current + 1), length, capBps);
        uint256 last = _schedule.length - 1;
        if (_schedule[last].start > block.timestamp) _schedule[last] = next;
        else _schedule.push(next);
        emit EpochScheduleSet(next.firstEpoch, next.start, length, capBps);
    }

    /// @inheritdoc IContributionRewards
    function setFeeValue(address token, uint256 value) external onlyOwner {
        if (token == address(0)) revert RewardsInvalidParameter("token", "zero address");
        if (value > MAX_FEE_VALUE) revert RewardsParameterOutOfBounds("feeValue", value, 0, MAX_FEE_VALUE);
        _feeValues[token] = value;
        emit FeeValueSet(token, value);
    }

    // --- views ----------------------------------------------------------------------------------

    /// @inheritdoc IContributionRewards
    function currentEpoch() external view returns (uint256 epoch) {
        (epoch,,) = _currentEpoch();
    }

    /// @inheritdoc IContributionRewards
    function epochBounds(uint256 epoch) public view returns (uint40 start, uint40 end, uint16 capBps) {
        uint256 i = _schedule.length;
        Segment memory s;
        do {
            s = _schedule[--i];
        } while (s.firstEpoch > epoch); // segment 0 starts at epoch 0
        start = SafeCast.toUint40(s.start + (epoch - s.firstEpoch) * s.length);
        end = SafeCast.toUint40(uint256(start) + s.length);
        capBps = s.capBps;
    }

    /// @inheritdoc IContributionRewards
    function getEpoch(uint256 epoch) external view returns (Epoch memory) {
        return _epochs[epoch];
    }

    /// @inheritdoc IContributionRewards
    function getAccount(uint256 epoch, address account) external view returns (Account memory) {
        return _accounts[epoch][account];
    }

    /// @inheritdoc IContributionRewards
    function claimable(uint256 epoch, address account) external view returns (uint256) {
        Account memory a = _accounts[epoch][account];
        Epoch storage e = _epochs[epoch];
        if (a.claimed || a.points == 0 || block.timestamp >= uint256(e.endsAt) + CLAIM_WINDOW) return 0;
        return _reward(e, a.points);
    }

    /// @inheritdoc IContributionRewards
    function schedule() external view returns (Segment[] memory) {
        return _schedule;
    }

    /// @inheritdoc IContributionRewards
    function feeValue(address token) external view returns (uint256) {
        return _feeValues[token];
    }

    /// @inheritdoc IContributionRewards
    function recordedOf(uint256 orderId) external view returns (uint8) {
        return _recorded[orderId];
    }

    /// @inheritdoc IContributionRewards
    function serviceRecorded(uint256 serviceId) external view returns (bool) {
        return _servicesRecorded[serviceId];
    }

    /// @inheritdoc IContributionRewards
    function servicePointsOf(uint256 orderId) external view returns (uint256) {
        return _servicePoints[orderId];
    }

    /// @inheritdoc IContributionRewards
    function linked(address a, address b) public view returns (bool) {
        if (a == b) return true;
        address ownerA = _did.identityOwner(a);
        address ownerB = _did.identityOwner(b);
        if (ownerA == ownerB || ownerA == b || ownerB == a) return true;
        return _did.validDelegate(a, _VERI_KEY, b) || _did.validDelegate(a, _SIG_AUTH, b)
            || _did.validDelegate(b, _VERI_KEY, a) || _did.validDelegate(b, _SIG_AUTH, a);
    }

    /// @inheritdoc IContributionRewards
    function market() external view returns (address) {
        return address(_market);
    }

    /// @inheritdoc IContributionRewards
    function rewardToken() external view returns (address) {
        return address(_rewardToken);
    }

    /// @inheritdoc IContributionRewards
    function didRegistry() external view returns (address) {
        return address(_did);
    }

    /// @inheritdoc IContributionRewards
    function evidenceRegistry() external view returns (address) {
        return address(_evidence);
    }

    /// @inheritdoc IContributionRewards
    function orderServices() external view returns (address) {
        return address(_services);
    }

    // --- internals ------------------------------------------------------------------------------

    function _checkSchedule(uint256 length, uint256 capBps) private pure {
        if (length < MIN_EPOCH_LENGTH || length > MAX_EPOCH_LENGTH) {
            revert RewardsParameterOutOfBounds("epochLength", length, MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH);
        }
        if (capBps < MIN_CAP_BPS || capBps > MAX_CAP_BPS) {
            revert RewardsParameterOutOfBounds("capBps", capBps, MIN_CAP_BPS, MAX_CAP_BPS);
        }
    }

    /// @dev The epoch now, its end and its cap. Only the last segment can start in the future, and
    /// segment 0 started at deployment, so one of the last two holds now.
    function _currentEpoch() private view returns (uint256 epoch, uint40 endsAt, uint16 capBps) {
        uint256 last = _schedule.length - 1;
        Segment memory s = _schedule[last];
        if (s.start > block.timestamp) s = _schedule[last - 1];
        uint256 elapsed = (block.timestamp - s.start) / s.length;
        epoch = s.firstEpoch + elapsed;
        endsAt = SafeCast.toUint40(s.start + (elapsed + 1) * s.length);
        capBps = s.capBps;
    }

    /// @dev `orderId` read from the market, reverting unless it is `required`.
    function _settledOrder(uint256 orderId, IOrderMarket.Status required)
        private
        view
        returns (IOrderMarket.Order memory order)
    {
        order = _market.getOrder(orderId);
        if (order.status != required) revert RewardsOrderNotEligible(orderId, order.status, required);
    }

    function _markRecorded(uint256 orderId, Contribution kind) private {
        uint8 bit = uint8(1 << uint8(kind));
        uint8 kinds = _recorded[orderId];
        if (kinds & bit != 0) revert RewardsAlreadyRecorded(orderId, kind);
        _recorded[orderId] = kinds | bit;
    }

    /// @dev The order's full protocol fee in DIP base units at the token's fee value now.
    function _orderValue(IOrderMarket.Order memory order) private view returns (uint256) {
        uint256 fee = uint256(order.amount) * order.feeBps / _BPS;
        return fee * _feeValues[order.paymentToken] / 1e18;
    }

    /// @dev The customer of `orderId` or of an order above it that the maker is linked to; zero if none.
    function _makerLink(uint256 orderId, IOrderMarket.Order memory order) private view returns (address) {
        if (linked(order.maker, order.customer)) return order.customer;
        uint256 parentId = _market.parentOf(orderId);
        for (uint256 depth; parentId != 0 && depth < MAX_PARENT_DEPTH; ++depth) {
            address parentCustomer = _market.getOrder(parentId).customer;
            if (linked(order.maker, parentCustomer)) return parentCustomer;
            parentId = _market.parentOf(parentId);
        }
        return address(0);
    }

    /// @dev The order's customer or maker `account` is linked to; zero if neither.
    function _partyLinkedTo(address account, IOrderMarket.Order memory order) private view returns (address) {
        if (linked(account, order.customer)) return order.customer;
        if (linked(account, order.maker)) return order.maker;
        return address(0);
    }

    function _credit(address account, uint256 orderId, Contribution kind, uint256 serviceId, uint256 points)
        private
    {
        if (points == 0) revert RewardsNoPoints(orderId, kind);
        (uint256 epoch, uint40 endsAt, uint16 capBps) = _currentEpoch();
        Epoch storage e = _epochs[epoch];
        if (e.endsAt == 0) (e.endsAt, e.capBps) = (endsAt, capBps);
        e.totalPoints = SafeCast.toUint128(e.totalPoints + points);
        Account storage a = _accounts[epoch][account];
        a.points = SafeCast.toUint128(a.points + points);
        emit PointsRecorded(epoch, account, orderId, kind, serviceId, points);
    }

    /// @dev `points`' share of what the epoch pays: its budget, or `capBps` of all its points if less.
    function _reward(Epoch storage e, uint256 points) private view returns (uint256) {
        uint256 total = e.totalPoints;
        uint256 payable_ = total * e.capBps / _BPS;
        uint256 budget = e.budget;
        if (budget < payable_) payable_ = budget;
        return payable_ * points / total;
    }
}
