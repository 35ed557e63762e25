// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET order market
/// @notice One order's life: a customer posts an RFQ, manufacturers bid (openly or sealed by
/// commit-reveal), the customer awards a bid and funds escrow, the manufacturer's bond is locked,
/// milestones release payment, the part ships, the customer accepts (or anyone finalises after the
/// acceptance window), disputes go to an arbiter, and every settlement is paid out by pull.
///
/// Licensed orders: an RFQ may build a design under a licence of the design registry
/// (`RfqParams.licenceId`). Only makers the licence allows may bid and be awarded; award meters the
/// RFQ's quantity against the licence (`recordUnits`) and fixes the royalty (`units *
/// royaltyPerUnit`, at most the price) and who receives it (the design's owner at award). From then
/// on the licence is never read again, so a licence that ends, expires or fills later cannot block
/// settlement. The royalty is a fixed fraction `royalty / price` of everything the maker is paid for
/// the order: each milestone release and the final settlement credit `makerAmount * royalty / price`
/// (rounded down, in the maker's favour) to the royalty recipient, emitting `RoyaltyPaid`, and the
/// rest to the maker. A completed order pays the designer the whole royalty (up to rounding); a
/// cancelled, defaulted or disputed one pays it pro rata to what the maker earned. Credits still add
/// up to price + fee, and the recipient withdraws them by pull like everyone else.
///
/// Sub-orders (the value chain): an order's maker may pass part of its work to other firms through
/// orders of this same market, with the same bidding, award, shipping, acceptance, disputes and
/// cancellation. A sub-RFQ names its parent (`RfqParams.parentId`); the rules:
/// - Posting: only the parent's maker, only while the parent is Awarded, in the parent's payment
///   token, with `deadline <= parent.dueAt` (so a sub-order never outlives its parent). The maker is
///   the sub-order's customer and needs no customer role. A direct offer to one firm is an
///   invite-only sub-RFQ with that firm as its only invitee.
/// - Funding: award does not pull `price + fee` from the maker's wallet. It is drawn from what the
///   parent has already credited its maker (milestones released, net of the design royalty) and not
///   yet spent on sub-orders or services (`spendableCredit`), and debited at once from the maker's
///   balance here, so the same money can neither be withdrawn nor spent twice, and the parent's
///   customer's unreleased share is never touched: a sub-order is escrowed like any order, and the
///   market's conservation (balance >= escrow + owed) holds unchanged. Reverts
///   `MarketInsufficientCredit` naming which bound is short. Inspections and logistics legs
///   (`OrderServices`) are funded the same way through `fundService`, which transfers their fee to
///   the services contract; tokens leave the market only there and in `withdraw`. Settlements
///   credit the sub-order's customer (the maker) back to its balance, not to the parent's credits.
/// - A sub-order's completion may be cited as a parent milestone's evidence (`submitMilestone`).
/// - Propagation: when a parent ends other than by completion (Cancelled, Defaulted, Resolved),
///   anyone may cancel its awarded, unshipped sub-orders (`cancelOrder`): the sub-tier receives the
///   usual compensation for work done (`cancellationCompensation`) and the rest returns to the
///   maker; a sub-RFQ still open once its parent is no longer Awarded (it can never be awarded
///   then) may be cancelled by anyone (`cancelRfq`); `OrderServices` lets anyone cancel the
///   unperformed services of such a parent. A sub-order already shipped runs its course. A
///   defaulting sub-tier's bond is slashed to the sub-order's customer, the maker.
/// @dev The RFQ and the order it becomes share one id. Data nobody reads on chain (spec URI,
/// process, material, evidence) lives only in events. Governance is the contract's owner
/// (OpenZeppelin Ownable2Step): governance-only functions revert with OwnableUnauthorizedAccount.
interface IOrderMarket {
    /// @notice Where an order is in its life. States only move forward:
    /// Open -> Awarded -> Shipped -> Completed | Disputed -> Resolved (ruled, or expired unruled);
    /// Open -> Cancelled; Awarded -> Cancelled | Defaulted.
    enum Status {
        None,
        Open,
        Awarded,
        Shipped,
        Disputed,
        Completed,
        Resolved,
        Cancelled,
        Defaulted
    }

    /// @notice Where a manufacturer's bid on an RFQ is.
    enum BidState {
        None,
        Committed,
        Active,
        Withdrawn
    }

    /// @notice What governance sets, each bounded so no value can stop the market:
    /// `feeBps` protocol fee (at most 1000); `acceptanceWindow` after shipping for the customer to
    /// accept or dispute (1 hour to 30 days); `lateGrace` after the due date before default (at most
    /// 30 days); `minBond` smallest bond an RFQ may ask (at most the registry's minimum stake);
    /// `rulingWindow` after the acceptance window for arbiters to rule a dispute (1 to 90 days);
    /// `cancellationFloorPercent` share of the price a cancellation owes the maker right after award
    /// (at most 50; it grows to 100 at the due date); `commitDepositBps` deposit of a sealed bid in
    /// basis points of the budget (at most 1000), forfeited if not revealed. An RFQ keeps the fee,
    /// windows and floor of its creation; an order keeps the ruling window in force when it was
    /// awarded (a change applies to orders awarded after it), the deposit applies from commit.
    struct MarketParameters {
        uint16 feeBps;
        uint32 acceptanceWindow;
        uint32 lateGrace;
        uint96 minBond;
        uint32 rulingWindow;
        uint8 cancellationFloorPercent;
        uint16 commitDepositBps;
    }

    /// @notice What a customer asks for.
    /// @param specHash Content hash of the (encrypted) specification package.
    /// @param specURI Where the specification package is stored.
    /// @param process Manufacturing process, e.g. "cnc-milling".
    /// @param material Material, e.g. "aluminium-6061".
    /// @param quantity Number of parts.
    /// @param paymentToken ERC-20 the order is paid in; must be allowed by governance.
    /// @param budget Highest acceptable price, in payment-token units.
    /// @param bond Bond the winning manufacturer locks from its stake, in stake-token units.
    /// @param deadline Latest delivery date (unix seconds).
    /// @param biddingEnds End of the bidding (or, when sealed, commit) window.
    /// @param revealEnds End of the reveal window for sealed bidding; 0 for open bidding.
    /// @param invitees Manufacturers allowed to bid; empty for a public RFQ.
    /// @param milestoneBps Payment share of each milestone in basis points, summing to 10000;
    /// the last one is released on acceptance. At most 4.
    /// @param requiredCertification Certification type id a bidder must hold (valid, unexpired,
    /// unrevoked on the certifier registry), e.g. bytes32("ISO 9001"); zero when none is required.
    /// @param licenceId Licence of the design registry the parts are built under (see the licensed
    /// orders above): it must run, pay its royalty in `paymentToken`, have room for `quantity` units,
    /// and its royalty for them must fit the budget. Zero for none.
    /// @param parentId The order this RFQ is a sub-order of (see the sub-order rules above); zero for
    /// a customer's own RFQ.
    struct RfqParams {
        bytes32 specHash;
        string specURI;
        string process;
        string material;
        uint32 quantity;
        address paymentToken;
        uint96 budget;
        uint96 bond;
        uint40 deadline;
        uint40 biddingEnds;
        uint40 revealEnds;
        address[] invitees;
        uint16[] milestoneBps;
        bytes32 requiredCertification;
        uint256 licenceId;
        uint256 parentId;
    }

    /// @notice An order as `getOrder` returns it. Zero for the fields an order has not reached yet.
    /// `amount` is the budget ceiling while the RFQ is open and the agreed price once awarded. The
    /// milestone plan is packed in `milestonePlan`: every share but the last, 16 bits each in basis
    /// points, the first in the lowest bits, up to the first zero; the last share is what remains of
    /// 10,000 (see `libraries/MilestonePlan.sol`). Submitted milestones are events only. The fee is
    /// `price * feeBps / 10,000`.
    /// `biddingEnds` and `revealEnds` read zero once awarded (the RFQ's `RfqCreated` keeps them);
    /// `lateGrace` reads zero once disputed. `acceptanceWindow` and `lateGrace` are this order's own,
    /// snapshotted when the RFQ was posted (`acceptanceWindow` reads zero once shipped, when
    /// `acceptanceEnds` is set). `rulingEnds` is set when a dispute opens (acceptance end plus the
    /// ruling window in force at award): a dispute nobody rules on by then can be expired (`expireDispute`).
    struct Order {
        address customer;
        uint40 biddingEnds;
        uint40 revealEnds;
        Status status;
        bool inviteOnly;
        address paymentToken;
        uint40 deadline;
        uint16 feeBps;
        uint96 amount;
        uint96 bond;
        bytes32 requiredCertification;
        address maker;
        uint40 dueAt;
        uint40 acceptanceEnds;
        uint8 milestonesReleased;
        uint48 milestonePlan;
        uint40 awardedAt;
        uint32 acceptanceWindow;
        uint32 lateGrace;
        uint40 rulingEnds;
    }

    /// @notice A bid or counter-offer. `deposit` is the commit deposit a sealed bid holds while
    /// committed (zero otherwise), in the order's payment token.
    struct Bid {
        uint96 price;
        uint32 leadTime;
        BidState state;
        uint96 deposit;
    }

    /// @notice A customer posted an RFQ; `params` is exactly what was posted (invitees included).
    event RfqCreated(uint256 indexed orderId, address indexed customer, RfqParams params);
    /// @notice `maker` may bid on invite-only RFQ `orderId`.
    event BidderInvited(uint256 indexed orderId, address indexed maker);
    /// @notice `maker` placed or revised an open bid.
    event BidPlaced(uint256 indexed orderId, address indexed maker, uint96 price, uint32 leadTime);
    /// @notice `maker` committed a sealed bid, holding `deposit` of the payment token until it reveals.
    event BidCommitted(uint256 indexed orderId, address indexed maker, bytes32 commitment, uint96 deposit);
    /// @notice `maker`'s commit deposit was credited back to it (revealed, withdrawn, or RFQ cancelled).
    event CommitDepositReturned(uint256 indexed orderId, address indexed maker, uint96 deposit);
    /// @notice `maker` never revealed; its commit deposit was credited to `to` (the customer).
    event CommitDepositForfeited(uint256 indexed orderId, address indexed maker, address to, uint96 deposit);
    /// @notice `maker` revealed its sealed bid.
    event BidRevealed(uint256 indexed orderId, address indexed maker, uint96 price, uint32 leadTime);
    /// @notice `maker` withdrew its bid.
    event BidWithdrawn(uint256 indexed orderId, address indexed maker);
    /// @notice The customer offered `maker` other terms.
    event CounterOffered(uint256 indexed orderId, address indexed maker, uint96 price, uint32 leadTime);
    /// @notice The customer withdrew its counter-offer to `maker`.
    event CounterOfferWithdrawn(uint256 indexed orderId, address indexed maker);
    /// @notice `maker` accepted the counter-offer; its bid now carries those terms.
    event CounterOfferAccepted(uint256 indexed orderId, address indexed maker, uint96 price, uint32 leadTime);
    /// @notice The customer awarded the order to `maker` and funded `price + fee` into escrow.
    event OrderAwarded(
        uint256 indexed orderId, address indexed maker, uint96 price, uint256 fee, uint32 leadTime, uint40 dueAt, uint96 bond
    );
    /// @notice The maker reported milestone `index` done, citing evidence.
    event MilestoneSubmitted(uint256 indexed orderId, uint8 index, bytes32 evidenceHash);
    /// @notice Milestone `index` was approved and `amount` credited to the maker (less the royalty
    /// share of a licensed order, credited to the designer: see `RoyaltyPaid`).
    event MilestoneReleased(uint256 indexed orderId, uint8 index, uint256 amount);
    /// @notice The maker shipped; the customer may accept or dispute until `acceptanceEnds`.
    event OrderShipped(uint256 indexed orderId, bytes32 evidenceHash, uint40 acceptanceEnds);
    /// @notice The order was accepted, by the customer or (after the window) by `by`.
    event OrderAccepted(uint256 indexed orderId, address indexed by);
    /// @notice A party opened a dispute.
    event DisputeOpened(uint256 indexed orderId, address indexed by, bytes32 evidenceHash);
    /// @notice A party added evidence to a dispute.
    event EvidenceSubmitted(uint256 indexed orderId, address indexed by, bytes32 evidenceHash);
    /// @notice `arbiter` ruled: `refundBps` of the unreleased price back to the customer, `slashBps` of the bond slashed.
    event DisputeResolved(uint256 indexed orderId, address indexed arbiter, uint16 refundBps, uint16 slashBps);
    /// @notice No arbiter ruled by the ruling end; `by` settled the default: `refundBps` of the
    /// unreleased price back to the customer, the bond released.
    event DisputeExpired(uint256 indexed orderId, address indexed by, uint16 refundBps);
    /// @notice The customer withdrew the RFQ before award.
    event RfqCancelled(uint256 indexed orderId);
    /// @notice The customer cancelled after award; the maker keeps what milestones released plus
    /// `compensation` (see `cancelOrder`).
    event OrderCancelled(uint256 indexed orderId, uint256 compensation);
    /// @notice The maker missed the due date plus grace; the escrow goes back and the bond is slashed.
    event OrderDefaulted(uint256 indexed orderId, address indexed by);
    /// @notice Final split of an order's escrow, credited for withdrawal. `makerAmount` includes the
    /// royalty share of a licensed order, credited to the designer (see `RoyaltyPaid`).
    event OrderSettled(
        uint256 indexed orderId, uint256 makerAmount, uint256 customerRefund, uint256 fee, uint256 bondSlashed
    );
    /// @notice `account` pulled `amount` of `token`.
    event Withdrawn(address indexed token, address indexed account, uint256 amount);
    /// @notice Governance changed the market's parameters (see {MarketParameters}).
    event ParametersSet(MarketParameters parameters);
    /// @notice Governance changed the treasury.
    event TreasurySet(address treasury);
    /// @notice Governance allowed or disallowed a payment token.
    event PaymentTokenSet(address indexed token, bool allowed);
    /// @notice Governance admitted or removed an arbiter.
    event ArbiterSet(address indexed arbiter, bool allowed);
    /// @notice Governance set the certifier registry that RFQ certification requirements are checked against.
    event CertifierRegistrySet(address certifierRegistry);
    /// @notice Governance set the design registry whose licences RFQs may reference.
    event DesignRegistrySet(address designRegistry);
    /// @notice Award metered the units of order `orderId` against `licenceId`: of everything the
    /// maker is paid for the order, the share `royalty / price` goes to `royaltyRecipient`.
    event LicenceRecorded(
        uint256 indexed orderId, uint256 indexed licenceId, address royaltyRecipient, uint256 royalty
    );
    /// @notice `amount` of the order's royalty was credited to `recipient`, the licensed design's
    /// owner at award, out of a payment to the maker (`MilestoneReleased` and `OrderSettled` name
    /// the maker's payment before this share is taken off).
    event RoyaltyPaid(uint256 indexed orderId, address indexed recipient, uint256 amount);
    /// @notice The maker of order `orderId` spent `amount` of what the order credited it: on the award
    /// of sub-order `subOrderId` (its price + fee), or on a service booked with `OrderServices` when
    /// `subOrderId` is 0. `spent` is the order's total spent so far.
    event CreditSpent(uint256 indexed orderId, uint256 indexed subOrderId, uint256 amount, uint256 spent);
    /// @notice Governance set the services contract (inspections, logistics) that may spend order credits.
    event ServicesSet(address services);

    /// @notice No order has id `orderId`.
    error MarketUnknownOrder(uint256 orderId);
    /// @notice Governance parameter `name` would be `value`, outside its bounds `[min, max]`.
    error MarketParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);
    /// @notice The RFQ field `field` is invalid for `reason`.
    error MarketInvalidRfq(string field, string reason);
    /// @notice The order is `status`, which does not allow this action.
    error MarketInvalidStatus(uint256 orderId, Status status);
    /// @notice Only the order's customer may do this.
    error MarketNotCustomer(uint256 orderId, address caller);
    /// @notice Only the order's manufacturer may do this.
    error MarketNotMaker(uint256 orderId, address caller);
    /// @notice Only the order's customer or manufacturer may do this.
    error MarketNotParty(uint256 orderId, address caller);
    /// @notice The bidding window of `orderId` closed at `closedAt`.
    error MarketBidWindowClosed(uint256 orderId, uint40 closedAt);
    /// @notice The bidding window of `orderId` is open until `closesAt`.
    error MarketBidWindowOpen(uint256 orderId, uint40 closesAt);
    /// @notice The reveal window of `orderId` runs from `opensAt` to `closesAt` and now is outside it.
    error MarketRevealWindowClosed(uint256 orderId, uint40 opensAt, uint40 closesAt);
    /// @notice `orderId` uses sealed bidding: commit and reveal instead.
    error MarketSealedBidding(uint256 orderId);
    /// @notice `orderId` uses open bidding: bid directly.
    error MarketOpenBidding(uint256 orderId);
    /// @notice `maker` is not invited to bid on `orderId`.
    error MarketNotInvited(uint256 orderId, address maker);
    /// @notice The bid field `field` is invalid for `reason`.
    error MarketInvalidBid(string field, string reason);
    /// @notice `price` is above the RFQ's budget.
    error MarketBidAboveBudget(uint256 orderId, uint96 price, uint96 budget);
    /// @notice The revealed bid does not match the commitment of `maker`.
    error MarketCommitmentMismatch(uint256 orderId, address maker);
    /// @notice `maker` has no active bid on `orderId`.
    error MarketNoActiveBid(uint256 orderId, address maker);
    /// @notice `maker` has no counter-offer on `orderId`.
    error MarketNoCounterOffer(uint256 orderId, address maker);
    /// @notice The terms named are not the stored ones: `maker`'s bid (or counter-offer) on
    /// `orderId` is now `price` over `leadTime` seconds.
    error MarketTermsChanged(uint256 orderId, address maker, uint96 price, uint32 leadTime);
    /// @notice `maker` holds no commit deposit on `orderId` (revealed, withdrawn or already settled).
    error MarketNoCommitDeposit(uint256 orderId, address maker);
    /// @notice The reveal window of `orderId` is open until `closesAt`; unrevealed deposits wait for it.
    error MarketRevealWindowOpen(uint256 orderId, uint40 closesAt);
    /// @notice Arbiters may rule `orderId` until `rulingEnds`; the dispute cannot expire before.
    error MarketRulingWindowOpen(uint256 orderId, uint40 rulingEnds);
    /// @notice Awarding now would make the order due at `dueAt`, after the RFQ deadline.
    error MarketDeadlineUnreachable(uint256 orderId, uint40 dueAt, uint40 deadline);
    /// @notice `token` is not an allowed payment token.
    error MarketTokenNotAllowed(address token);
    /// @notice Less than the transferred amount arrived (fee-on-transfer tokens cannot fund escrow).
    error MarketTransferShortfall(address token, uint256 expected, uint256 received);
    /// @notice Milestone `index` of `orderId` cannot be submitted or approved: it is the final one,
    /// released only on acceptance.
    error MarketNoPendingMilestone(uint256 orderId, uint8 index);
    /// @notice `maker` holds no valid certification of `certificationType`, which RFQ `orderId` requires.
    error MarketCertificationMissing(uint256 orderId, address maker, bytes32 certificationType);
    /// @notice The acceptance window of `orderId` ends at `endsAt`; finalising must wait.
    error MarketAcceptanceWindowOpen(uint256 orderId, uint40 endsAt);
    /// @notice The acceptance window of `orderId` ended at `endedAt`; disputes are closed.
    error MarketAcceptanceWindowClosed(uint256 orderId, uint40 endedAt);
    /// @notice `caller` is not an arbiter admitted by governance before the order was awarded.
    error MarketNotArbiter(address caller);
    /// @notice An arbiter cannot rule on an order they are a party to.
    error MarketArbiterIsParty(uint256 orderId, address arbiter);
    /// @notice Ruling shares are basis points of at most 10000.
    error MarketInvalidRuling(uint16 refundBps, uint16 slashBps);
    /// @notice `orderId` can only be declared in default after `defaultableAt`.
    error MarketNotLate(uint256 orderId, uint40 defaultableAt);
    /// @notice `account` has nothing of `token` to withdraw.
    error MarketNothingToWithdraw(address token, address account);
    /// @notice The governance parameter `name` is invalid for `reason`.
    error MarketInvalidParameter(string name, string reason);
    /// @notice Spending `needed` out of order `orderId`'s credits does not fit `source`: `"credit"`
    /// (what the order credited its maker, net of royalty, less what was spent) or `"balance"` (what
    /// the maker has not withdrawn yet) holds only `available`.
    error MarketInsufficientCredit(uint256 orderId, string source, uint256 available, uint256 needed);
    /// @notice Only the services contract governance set may do this.
    error MarketNotServices(address caller);

    /// @notice Posts an RFQ. The caller must be a registered customer.
    /// @return orderId Id of the new RFQ (and of the order it becomes).
    function createRfq(RfqParams calldata params) external returns (uint256 orderId);

    /// @notice Places or revises an open bid. Registered manufacturers with enough free stake only.
    function bid(uint256 orderId, uint96 price, uint32 leadTime) external;

    /// @notice Commits a sealed bid: `commitment = bidCommitment(orderId, maker, price, leadTime, salt)`.
    /// The first commitment pulls a deposit of `commitDepositBps` of the budget in the payment token
    /// (approve first); revising the commitment keeps it. Revealing or withdrawing credits it back;
    /// a commitment never revealed forfeits it to the customer (`settleCommitDeposit`), so a maker
    /// bidding under several addresses pays for every bid it chooses not to reveal.
    function commitBid(uint256 orderId, bytes32 commitment) external;

    /// @notice Reveals a sealed bid during the reveal window, crediting the commit deposit back to
    /// the maker's balance (`withdraw`). Unrevealed bids cannot win.
    function revealBid(uint256 orderId, uint96 price, uint32 leadTime, bytes32 salt) external;

    /// @notice Withdraws the caller's bid while the bidding window is open; a sealed bid's deposit
    /// is credited back.
    function withdrawBid(uint256 orderId) external;

    /// @notice Settles the deposit of `maker`'s commitment that was never revealed, by anyone:
    /// after the reveal window it is credited to the customer, whose auction the unrevealed bid
    /// distorted (the customer cannot bid on its own RFQ, so it cannot profit from its own
    /// commitments); if the customer cancelled the RFQ first, it is credited back to the maker.
    function settleCommitDeposit(uint256 orderId, address maker) external;

    /// @notice The customer offers `maker` (who holds an active bid) other terms.
    function counterOffer(uint256 orderId, address maker, uint96 price, uint32 leadTime) external;

    /// @notice The customer withdraws its counter-offer to `maker` while the RFQ is open.
    function withdrawCounterOffer(uint256 orderId, address maker) external;

    /// @notice The maker accepts the customer's counter-offer of exactly `price` and `leadTime`; its
    /// bid takes those terms. Reverts `MarketTermsChanged` if the stored offer differs, so a
    /// customer cannot swap the offer in front of the acceptance.
    function acceptCounterOffer(uint256 orderId, uint96 price, uint32 leadTime) external;

    /// @notice Awards the order to `maker`'s active bid of exactly `price` and `leadTime` after
    /// bidding closes, pulling `price + fee` from the customer (approve first) and locking the
    /// maker's bond. Reverts `MarketTermsChanged` if the stored bid differs.
    function award(uint256 orderId, address maker, uint96 price, uint32 leadTime) external;

    /// @notice `award` funded through an EIP-2612 permit for `price + fee`.
    function awardWithPermit(
        uint256 orderId,
        address maker,
        uint96 price,
        uint32 leadTime,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice The maker reports the next unreleased milestone done, with its evidence (an event;
    /// reporting again replaces the evidence). The final milestone is released on acceptance.
    function submitMilestone(uint256 orderId, bytes32 evidenceHash) external;

    /// @notice The customer approves the next unreleased milestone, crediting its share to the maker.
    /// Customers normally approve a submitted milestone; approving earlier is their choice.
    function approveMilestone(uint256 orderId) external;

    /// @notice The maker ships; the acceptance window (the order's own, snapshotted with the RFQ) starts.
    function ship(uint256 orderId, bytes32 evidenceHash) external;

    /// @notice The customer accepts delivery; the rest of the price goes to the maker and the bond is released.
    function accept(uint256 orderId) external;

    /// @notice Anyone accepts on the customer's behalf once the acceptance window has passed.
    function finalize(uint256 orderId) external;

    /// @notice The customer or the maker disputes a shipped order within the acceptance window.
    function dispute(uint256 orderId, bytes32 evidenceHash) external;

    /// @notice The customer or the maker adds evidence to an open dispute.
    function submitEvidence(uint256 orderId, bytes32 evidenceHash) external;

    /// @notice An arbiter rules a dispute: `refundBps` of the unreleased price goes back to the
    /// customer (the rest to the maker) and `slashBps` of the bond is slashed to the customer.
    /// Who may rule: an arbiter admitted before the order was awarded and still admitted (a removed
    /// arbiter keeps no power; one admitted later has none over this order), not a party to it, as
    /// long as the dispute has not been expired. Escalation: the deployment admits the timelock as
    /// an arbiter, so a dispute the other arbiters leave alone can be ruled by a governance proposal
    /// executed before `rulingEnds` (the ruling window must then outlast the proposal's path: voting
    /// delay + voting period + timelock delay); after `rulingEnds` anyone may expire it 50/50.
    function rule(uint256 orderId, uint16 refundBps, uint16 slashBps) external;

    /// @notice Anyone ends a dispute no arbiter ruled on by the order's `rulingEnds` (end of the
    /// acceptance window plus the ruling window). The default: half of the unreleased price goes
    /// back to the customer and half to the maker (fee pro rata), the bond is released unslashed.
    /// Neither party controls whether an arbiter acts, so neither is favoured: disputing gains
    /// no more than half, and stalling the arbiters locks nothing forever.
    function expireDispute(uint256 orderId) external;

    /// @notice The customer withdraws an RFQ before award, at no cost. Anyone may cancel a sub-RFQ
    /// whose parent is no longer Awarded.
    function cancelRfq(uint256 orderId) external;

    /// @notice The customer cancels an awarded, unshipped order and compensates the maker for work
    /// done: the maker earns `price * share` where `share` grows linearly from
    /// the RFQ's `cancellationFloorPercent` at award to 100 % at the due date (elapsed / lead time). It keeps the
    /// milestones released so far and is credited the rest of what it earned
    /// (`cancellationCompensation`); the remainder is refunded, the fee charged pro rata and the
    /// bond released. So a cancellation racing `ship` near the due date costs the full price.
    /// Anyone may cancel a sub-order this way once its parent ended Cancelled, Defaulted or Resolved.
    function cancelOrder(uint256 orderId) external;

    /// @notice The customer reclaims escrow of an order not shipped by its due date plus the late
    /// grace snapshotted with the RFQ; the bond is slashed to the customer.
    function claimDefault(uint256 orderId) external;

    /// @notice Pulls everything of `token` owed to the caller.
    function withdraw(address token) external;

    /// @notice Pays a service booked on awarded order `orderId` by its maker `maker`: spends `fee` of
    /// the order's credits exactly as a sub-order's award does (`CreditSpent` with sub-order 0) and
    /// transfers it to the caller, which must be the services contract governance set.
    /// @return token The order's payment token, in which `fee` was transferred.
    function fundService(uint256 orderId, address maker, uint256 fee) external returns (address token);

    /// @notice Sets every market parameter at once, each within its bounds (see {MarketParameters}),
    /// or reverts `MarketInvalidParameter` naming the first one out of bounds. Governance only. RFQs
    /// take the fee, windows and cancellation floor when they are created and keep them.
    function setParameters(MarketParameters calldata parameters) external;

    /// @notice Sets where protocol fees are credited. Governance only.
    function setTreasury(address treasury) external;

    /// @notice Allows or disallows a payment token. Governance only. At most 255 distinct tokens can
    /// ever be allowed; orders already in a disallowed token still settle in it.
    function setPaymentToken(address token, bool allowed) external;

    /// @notice Admits or removes an arbiter. Governance only. An arbiter rules only orders awarded
    /// after its latest admission (admitting a current arbiter again restarts it).
    function setArbiter(address arbiter, bool allowed) external;

    /// @notice Sets the certifier registry that RFQ certification requirements are checked against.
    /// Governance only.
    function setCertifierRegistry(address certifierRegistry) external;

    /// @notice Sets the design registry whose licences RFQs may reference; it must let this market
    /// record units. Governance only. Orders already licensed keep the royalty fixed at their award.
    function setDesignRegistry(address designRegistry) external;

    /// @notice Sets the services contract (`OrderServices`) allowed to spend order credits on
    /// inspections and logistics legs (`fundService`). Governance only. Services booked through an
    /// earlier one are already paid into it and settle there.
    function setServices(address services) external;

    /// @notice The order (or RFQ) `orderId`.
    function getOrder(uint256 orderId) external view returns (Order memory);

    /// @notice `maker`'s bid on `orderId`.
    function getBid(uint256 orderId, address maker) external view returns (Bid memory);

    /// @notice The customer's counter-offer to `maker` on `orderId`.
    function getCounterOffer(uint256 orderId, address maker) external view returns (Bid memory);

    /// @notice `maker`'s sealed-bid commitment on `orderId`.
    function getCommitment(uint256 orderId, address maker) external view returns (bytes32);

    /// @notice Whether `maker` is invited to invite-only RFQ `orderId`.
    function isInvited(uint256 orderId, address maker) external view returns (bool);



    /// @notice What cancelling awarded order `orderId` now would credit the maker beyond the
    /// milestones already released.
    function cancellationCompensation(uint256 orderId) external view returns (uint256);


    /// @notice What `account` can withdraw of `token`.
    function owed(address token, address account) external view returns (uint256);

    /// @notice The commitment a sealed bid must match:
    /// `keccak256(abi.encode(block.chainid, market, orderId, maker, price, leadTime, salt))`. Binding
    /// chain, market, order and maker means a commitment can be neither replayed nor copied.
    function bidCommitment(uint256 orderId, address maker, uint96 price, uint32 leadTime, bytes32 salt)
        external
        view
        returns (bytes32);

    /// @notice Number of RFQs ever created; ids run from 1 to this.
    function orderCount() external view returns (uint256);

    /// @notice The market's parameters for new RFQs, commitments and shipments.
    function parameters() external view returns (MarketParameters memory);

    /// @notice Where protocol fees are credited.
    function treasury() external view returns (address);

    /// @notice Whether `token` may pay for orders.
    function isPaymentToken(address token) external view returns (bool);

    /// @notice Whether `account` is an admitted arbiter.
    function isArbiter(address account) external view returns (bool);

    /// @notice The participant registry whose stake backs bonds.
    function registry() external view returns (address);

    /// @notice The certifier registry certification requirements are checked against; zero until set.
    function certifierRegistry() external view returns (address);

    /// @notice The design registry licensed RFQs reference; zero until set.
    function designRegistry() external view returns (address);

    /// @notice The services contract that may spend order credits; zero until set.
    function services() external view returns (address);

    /// @notice The order sub-order `orderId` belongs to; zero for an order of a customer's own.
    function parentOf(uint256 orderId) external view returns (uint256);

    /// @notice What the maker of awarded order `orderId` may still spend on sub-orders and services:
    /// the milestones released so far, net of the royalty, less what was spent (the maker's balance
    /// must hold it too). Zero unless the order is Awarded.
    function spendableCredit(uint256 orderId) external view returns (uint256);

    /// @notice Whether order `orderId` shipped after its due date (false until it ships).
    function shippedLate(uint256 orderId) external view returns (bool);

    /// @notice Who ruled order `orderId`'s dispute; zero unless an arbiter ruled it (an expired
    /// dispute is Resolved with no arbiter).
    function orderArbiter(uint256 orderId) external view returns (address);

    /// @notice The licence order `orderId` is built under (0: none) and its units; once awarded, who
    /// receives the royalty and the royalty (what a completed order pays in all; zero before award).
    function orderLicence(uint256 orderId)
        external
        view
        returns (uint256 licenceId, uint256 units, address royaltyRecipient, uint256 royalty);
}
