// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../interfaces/IOrderMarket.sol";

/// @title DIPNET contribution rewards
/// @notice Contributions to settled orders earn points on chain, per epoch; after an epoch each
/// participant claims its share of the epoch's DIP budget. No off-chain party decides anything.
///
/// Points. Anyone records a contribution after the fact (the market's lifecycle pays nothing for
/// rewards), each at most once: per order its maker (`recordOrder`), its arbiter (`recordRuling`)
/// and one anchored piece of evidence (`recordEvidence`), and each service once (`recordService`).
/// Every point is worth one DIP base unit of protocol fee: an order's value is
/// `fee * feeValue[token] / 1e18`, where `fee = price * feeBps / 10,000` is what the order paid the
/// treasury and `feeValue[token]` is what governance says one base unit of the payment token is
/// worth in DIP base units, scaled by 1e18 (DIP has no price on chain; the bound
/// `MAX_FEE_VALUE` only keeps the arithmetic safe). Of that value:
/// - the maker of a Completed order earns `MAKER_SHARE_BPS` (60 %), halved when it shipped late;
///   a Resolved order earns its maker nothing, whoever won (its dispute outcome is not readable on
///   chain, and a maker that avoids disputes is what the reward pays for);
/// - performed services (inspection, logistics) of a Completed order share `SERVICES_SHARE_BPS`
///   (25 %): each earns the pool times its fee over the order's price, until the pool is used up;
/// - one trace of the evidence registry recorded for a Completed order no later than its acceptance
///   deadline earns its recorder `EVIDENCE_SHARE_BPS` (15 %);
/// - the arbiter who ruled a Resolved order earns `RULING_SHARE_BPS` (20 %) of its full fee
///   (an expired dispute, or one ruled by the owner through a proposal, earns nothing).
/// So one order's points never exceed its value, and an order that paid no fee earns nothing.
///
/// Self-dealing earns nothing. Two accounts are linked when they are equal, share an ERC-1056 owner,
/// one owns the other's identity, or one is a valid `veriKey` or `sigAuth` delegate of the other.
/// A maker linked to its customer or to the customer of any order above it (sub-orders, up to
/// `MAX_PARENT_DEPTH` levels), a service provider linked to the order's customer or maker, an
/// arbiter linked to either party, or an evidence recorder linked to the customer earns nothing: the
/// contribution is marked recorded with no points (`SelfDealingIgnored`), so unlinking later does not
/// make it count. Links are read when recording.
///
/// Economic bound, which also holds for unlinked sybils: a claim pays at most `capBps` (at most
/// `MAX_CAP_BPS`, 50 %) of the points it claims for, so all rewards an order yields are below the
/// fee it paid, for every parameter value the bounds allow. It assumes `feeValue` does not overvalue
/// the payment token against DIP by more than `10,000 / capBps`; the fee goes to the treasury, so a
/// wash trade loses at least `(1 - capBps / 10,000)` of its fee (the ruling share assumes arbiters,
/// admitted by governance and never a party, do not collude with a pair that disputes on purpose).
///
/// Epochs. Epoch 0 starts at deployment. Governance sets the length and the cap within bounds
/// (`setEpochSchedule`); a change applies from the next epoch boundary, so an epoch's start, end and
/// cap never move once it has started. Points go to the epoch in which they are recorded: settlement
/// times are not all readable on chain. Holding a record back to land in a richer epoch gains at most
/// the cap per point, and anyone, competitors and keepers included, may record it first.
///
/// Budget and claims. Anyone may add DIP to the budget of an epoch that has not ended
/// (`fundEpoch`); governance does it from the treasury by proposal. From its end and for
/// `CLAIM_WINDOW`, each participant claims `min(budget, totalPoints * capBps / 10,000) * points /
/// totalPoints` once (`claim`, constant gas). After the window anyone returns what was not claimed to
/// the owner, the timelock that holds the treasury (`returnUnclaimed`). Per epoch
/// claimed + returned <= funded, and nobody claims twice.
/// @dev Governance is the owner (OpenZeppelin Ownable2Step): governance-only functions revert with
/// OwnableUnauthorizedAccount.
interface IContributionRewards {
    /// @notice What a contribution was.
    enum Contribution {
        Maker,
        Ruling,
        Service,
        Evidence
    }

    /// @notice Epochs from `firstEpoch` on start at `start` and last `length` seconds each, and their
    /// claims pay at most `capBps` of their points. The last segment may start in the future: the
    /// change governance made during the current epoch.
    struct Segment {
        uint40 start;
        uint32 firstEpoch;
        uint32 length;
        uint16 capBps;
    }

    /// @notice One epoch's totals. `endsAt` and `capBps` are copied from the schedule when the epoch
    /// gets its first points (zero before: read `epochBounds`). `returned` once `returnUnclaimed` ran.
    struct Epoch {
        uint128 totalPoints;
        uint128 budget;
        uint128 claimed;
        uint40 endsAt;
        uint16 capBps;
        bool returned;
    }

    /// @notice One account's points in one epoch and whether it has claimed them.
    struct Account {
        uint128 points;
        bool claimed;
    }

    /// @notice `account` earned `points` in `epoch` for `kind` on `orderId` (`serviceId` for services,
    /// else zero).
    event PointsRecorded(
        uint256 indexed epoch,
        address indexed account,
        uint256 indexed orderId,
        Contribution kind,
        uint256 serviceId,
        uint256 points
    );
    /// @notice The contribution `kind` of `account` on `orderId` earns nothing: `account` is linked to
    /// `counterparty`. It counts as recorded.
    event SelfDealingIgnored(
        uint256 indexed orderId, Contribution kind, uint256 serviceId, address account, address counterparty
    );
    /// @notice `funder` added `amount` DIP to the budget of `epoch`.
    event EpochFunded(uint256 indexed epoch, address indexed funder, uint256 amount);
    /// @notice `account` claimed `amount` DIP for its points in `epoch`.
    event RewardClaimed(uint256 indexed epoch, address indexed account, uint256 amount);
    /// @notice What nobody claimed of `epoch`'s budget, `amount`, went back to `to` (the owner).
    event UnclaimedReturned(uint256 indexed epoch, address to, uint256 amount);
    /// @notice From epoch `firstEpoch`, starting at `start`, epochs last `length` seconds and claims
    /// pay at most `capBps` of their points.
    event EpochScheduleSet(uint256 firstEpoch, uint40 start, uint32 length, uint16 capBps);
    /// @notice One base unit of `token` paid as fee is worth `value` / 1e18 DIP base units.
    event FeeValueSet(address indexed token, uint256 value);

    /// @notice Governance parameter `name` would be `value`, outside [`min`, `max`].
    error RewardsParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);
    /// @notice Argument `name` is invalid for `reason`.
    error RewardsInvalidParameter(string name, string reason);
    /// @notice `orderId` is `status`; the contribution needs it to be `required`.
    error RewardsOrderNotEligible(uint256 orderId, IOrderMarket.Status status, IOrderMarket.Status required);
    /// @notice Contribution `kind` on `orderId` was recorded already.
    error RewardsAlreadyRecorded(uint256 orderId, Contribution kind);
    /// @notice Service `serviceId` was recorded already.
    error RewardsServiceAlreadyRecorded(uint256 serviceId);
    /// @notice The contribution is worth no points (`orderId` paid no fee, its token has no fee value,
    /// or its services' pool is used up); nothing was recorded.
    error RewardsNoPoints(uint256 orderId, Contribution kind);
    /// @notice Nobody ruled the Resolved `orderId` (its dispute expired), or the owner did.
    error RewardsNoArbiter(uint256 orderId);
    /// @notice No order services contract is set.
    error RewardsNoServices();
    /// @notice Service `serviceId` is in `state`, not performed (2).
    error RewardsServiceNotPerformed(uint256 serviceId, uint8 state);
    /// @notice Service `serviceId` was paid in `token`, not its order's payment token.
    error RewardsServiceTokenMismatch(uint256 serviceId, address token, address orderToken);
    /// @notice The evidence registry holds no trace `eventHash` of item `itemId` of `orderId`.
    error RewardsUnknownTrace(uint256 orderId, bytes32 itemId, bytes32 eventHash);
    /// @notice The trace was recorded at `recordedAt`, after the order's acceptance deadline `acceptanceEnds`.
    error RewardsTraceTooLate(uint256 orderId, uint64 recordedAt, uint40 acceptanceEnds);
    /// @notice `epoch` ended at `endedAt`; its budget is final.
    error RewardsEpochEnded(uint256 epoch, uint40 endedAt);
    /// @notice `epoch` ends at `endsAt`; nothing is claimable or returnable before.
    error RewardsEpochNotEnded(uint256 epoch, uint40 endsAt);
    /// @notice `account` has no reward to claim in `epoch` (no points, or no budget).
    error RewardsNothingToClaim(uint256 epoch, address account);
    /// @notice `account` claimed its reward of `epoch` already.
    error RewardsAlreadyClaimed(uint256 epoch, address account);
    /// @notice The claim window of `epoch` closed at `closedAt`.
    error RewardsClaimWindowClosed(uint256 epoch, uint256 closedAt);
    /// @notice The claim window of `epoch` is open until `closesAt`.
    error RewardsClaimWindowOpen(uint256 epoch, uint256 closesAt);
    /// @notice Nothing of `epoch`'s budget is left to return (none funded, all claimed, or returned).
    error RewardsNothingToReturn(uint256 epoch);

    /// @notice Records the maker's points of the Completed `orderId`, once.
    function recordOrder(uint256 orderId) external;

    /// @notice Records the points of the arbiter who ruled the Resolved `orderId`, once.
    function recordRuling(uint256 orderId) external;

    /// @notice Records the provider's points of the performed service `serviceId`, once.
    function recordService(uint256 serviceId) external;

    /// @notice Records the points of whoever recorded the trace (`itemId`, `eventHash`) of the
    /// Completed `orderId` in the evidence registry; once per order.
    function recordEvidence(uint256 orderId, bytes32 itemId, bytes32 eventHash) external;

    /// @notice Adds `amount` DIP (pulled from the caller, who approved it) to the budget of `epoch`,
    /// which must not have ended.
    function fundEpoch(uint256 epoch, uint256 amount) external;

    /// @notice Pays the caller its reward for `epoch`, once, between the epoch's end and the end of
    /// its claim window; returns the amount.
    function claim(uint256 epoch) external returns (uint256 amount);

    /// @notice After `epoch`'s claim window, sends what was not claimed to the owner; anyone may call it.
    function returnUnclaimed(uint256 epoch) external;

    /// @notice Governance: from the next epoch boundary, epochs last `length` seconds (1 to 90 days)
    /// and claims pay at most `capBps` of their points (1 to 5,000). A second change before that
    /// boundary replaces the first.
    function setEpochSchedule(uint32 length, uint16 capBps) external;

    /// @notice Governance: one base unit of `token` paid as fee is worth `value` / 1e18 DIP base
    /// units (at most `MAX_FEE_VALUE`; zero: orders in `token` earn nothing). Applies to recordings
    /// from now on.
    function setFeeValue(address token, uint256 value) external;

    /// @notice The current epoch.
    function currentEpoch() external view returns (uint256);

    /// @notice When `epoch` starts and ends and its cap, from the schedule (provisional for epochs
    /// after a change still pending).
    function epochBounds(uint256 epoch) external view returns (uint40 start, uint40 end, uint16 capBps);

    /// @notice The totals of `epoch`.
    function getEpoch(uint256 epoch) external view returns (Epoch memory);

    /// @notice `account`'s points in `epoch` and whether it claimed.
    function getAccount(uint256 epoch, address account) external view returns (Account memory);

    /// @notice What `account` would receive by claiming `epoch` now or once it has ended (zero after
    /// a claim or the claim window).
    function claimable(uint256 epoch, address account) external view returns (uint256);

    /// @notice The whole epoch schedule, oldest segment first.
    function schedule() external view returns (Segment[] memory);

    /// @notice What one base unit of `token` paid as fee is worth, in DIP base units times 1e18.
    function feeValue(address token) external view returns (uint256);

    /// @notice The contributions of `orderId` recorded so far, one bit per `Contribution`
    /// (`1 << uint8(kind)`; the Service bit is unused: services are per `serviceId`).
    function recordedOf(uint256 orderId) external view returns (uint8);

    /// @notice Whether service `serviceId` was recorded.
    function serviceRecorded(uint256 serviceId) external view returns (bool);

    /// @notice Points the services of `orderId` earned so far (their pool is capped).
    function servicePointsOf(uint256 orderId) external view returns (uint256);

    /// @notice Whether `a` and `b` are linked (see above); `linked(a, a)` is true.
    function linked(address a, address b) external view returns (bool);

    /// @notice The order market whose orders earn points.
    function market() external view returns (address);

    /// @notice The token rewards are paid in (DIP).
    function rewardToken() external view returns (address);

    /// @notice The ERC-1056 registry links are read from.
    function didRegistry() external view returns (address);

    /// @notice The evidence registry traces are read from.
    function evidenceRegistry() external view returns (address);

    /// @notice The order services (inspections, logistics legs); zero when none.
    function orderServices() external view returns (address);
}
