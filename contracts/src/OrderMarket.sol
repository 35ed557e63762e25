// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ICertifierRegistry} from "./identity/interfaces/ICertifierRegistry.sol";
import {IDesignRegistry} from "./ip/interfaces/IDesignRegistry.sol";
import {IOrderMarket} from "./interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {MilestonePlan} from "./libraries/MilestonePlan.sol";
import {OrderLicensing} from "./libraries/OrderLicensing.sol";
import {OrderResolution} from "./libraries/OrderResolution.sol";
import {OrderViews} from "./libraries/OrderViews.sol";
import {SealedBids} from "./libraries/SealedBids.sol";
import {SubOrders} from "./libraries/SubOrders.sol";
import {OrderMarketBounds} from "./OrderMarketBounds.sol";
import {Roles} from "./libraries/Roles.sol";
import {Balance, OrderRecord, OrderTerms, RulingWindow} from "./types/OrderRecord.sol";

// More state variables than solhint's default of 15: mappings are split by the path that reads
// them (bids, commitments, invitations, balances, tokens), so each hot path touches only its slots.
/// @title DIPNET order market
/// @notice See {IOrderMarket}. Owned by governance, which sets the fee, windows, minimum bond,
/// payment tokens, arbiters, the certifier registry that RFQ certification requirements use, the
/// design registry whose licences RFQs may reference and the services contract that may spend order
/// credits on inspections and logistics.
/// @dev Money moves only by pull: settlements credit balances and `withdraw` pays out. It is an
/// invariant that, per token, the market's balance >= escrow of unsettled orders + sum of owed.
/// Tokens come in only at `award` (and sealed commitments) and leave only by `withdraw` and
/// `fundService`, which first debits the same amount from a maker's owed balance, so the invariant
/// holds through it; these carry the re-entrancy guard. A sub-order's award moves no tokens: it
/// turns owed balance into escrow. Every other state change credits balances and calls nothing but
/// the governance-approved registries.
// solhint-disable-next-line max-states-count
contract OrderMarket is IOrderMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using MilestonePlan for uint48;

    struct PaymentToken {
        uint8 id;
        bool allowed;
    }

    uint16 private constant _BPS = OrderResolution.BPS;
    uint256 private constant _MAX_INVITEES = 100;
    uint8 private constant _INVITE_ONLY = 1;
    uint8 private constant _EXTRA_TERMS = OrderResolution.EXTRA_TERMS;
    uint8 private constant _FLOOR_SHIFT = OrderResolution.FLOOR_SHIFT;
    /// @dev `ship` sets every bit of the cancellation floor, dead once shipped, when the order ships
    /// late: a floor of 63 % is out of its bounds (at most 50), so it cannot be a real one. See {OrderRecord}.
    uint8 private constant _SHIPPED_LATE = uint8(63) << _FLOOR_SHIFT;

    IParticipantRegistry private immutable _registry;
    OrderMarketBounds private immutable _bounds;

    mapping(uint256 orderId => OrderRecord) private _orders;
    mapping(uint256 orderId => mapping(address maker => Bid)) private _bids;
    mapping(uint256 orderId => mapping(address maker => Bid)) private _counterOffers;
    mapping(uint256 orderId => mapping(address maker => bytes32)) private _commitments;
    mapping(uint256 orderId => mapping(address maker => bool)) private _invited;
    mapping(address token => mapping(address account => Balance)) private _balances;
    mapping(address token => PaymentToken) private _paymentTokens;
    mapping(uint8 tokenId => address) private _tokens;
    /// @dev When each arbiter was admitted (0: not an arbiter): an arbiter rules only orders awarded
    /// from then on, so admitting one cannot change who decides a live order.
    mapping(address account => uint32 since) private _arbiterSince;
    /// @dev Read only when an order's flags say it has extra terms.
    mapping(uint256 orderId => OrderTerms) private _terms;

    // Parameters every RFQ reads share one slot with the order counter.
    uint64 private _orderCount;
    uint96 private _minBond;
    uint16 private _feeBps;
    uint32 private _acceptanceWindow;
    uint32 private _lateGrace;
    uint8 private _tokenCount;
    uint8 private _cancellationFloorPercent;
    address private _treasury;
    ICertifierRegistry private _certifierRegistry;
    // Parameters read off the hot paths: a commitment reads the deposit rate, a dispute the ruling
    // window in force when its order was awarded (so a change applies to orders awarded later only).
    uint16 private _commitDepositBps;
    RulingWindow[] private _rulingWindows;
    IDesignRegistry private _designRegistry;
    address private _services;

    constructor(address governance, address registry_, address treasury_, MarketParameters memory parameters_)
        Ownable(governance)
    {
        _checkContract("registry", registry_);
        _registry = IParticipantRegistry(registry_);
        _bounds = new OrderMarketBounds();
        _setTreasury(treasury_);
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- RFQ and bids

    /// @inheritdoc IOrderMarket
    function createRfq(RfqParams calldata params) external returns (uint256 orderId) {
        uint8 tokenId = _paymentTokens[params.paymentToken].id;
        uint256 parentId = params.parentId;
        // A sub-order's customer is its parent's maker, which needs no customer role.
        if (parentId == 0) _registry.checkRole(msg.sender, Roles.CUSTOMER);
        else SubOrders.checkRfq(_orders[parentId], parentId, tokenId, params.deadline);
        _checkRfq(params);
        orderId = ++_orderCount;
        uint8 flags = (_cancellationFloorPercent << _FLOOR_SHIFT) | (params.invitees.length != 0 ? _INVITE_ONLY : 0);
        if (params.requiredCertification != bytes32(0) || params.licenceId != 0 || parentId != 0) {
            flags |= _EXTRA_TERMS;
            OrderTerms storage terms = _terms[orderId];
            if (params.requiredCertification != bytes32(0)) {
                terms.requiredCertification = params.requiredCertification;
            }
            // checkRfq found the licence and the parent, and ids count up from 1: they fit 64 bits.
            if (params.licenceId != 0) (terms.licenceId, terms.units) = (uint64(params.licenceId), params.quantity);
            if (parentId != 0) terms.parentId = uint64(parentId);
        }
        _orders[orderId] = OrderRecord({
            customer: msg.sender,
            stageA: uint32(params.biddingEnds),
            stageB: uint32(params.revealEnds),
            status: Status.Open,
            flags: flags,
            tokenId: tokenId,
            milestonesReleased: 0,
            amount: params.budget,
            bond: params.bond,
            milestonePlan: MilestonePlan.pack(params.milestoneBps),
            feeBps: _feeBps,
            maker: address(0),
            deadline: uint32(params.deadline),
            dueAt: _lateGrace,
            acceptanceEnds: _acceptanceWindow
        });
        emit RfqCreated(orderId, msg.sender, params);
        for (uint256 i; i < params.invitees.length; ++i) {
            _invited[orderId][params.invitees[i]] = true;
            emit BidderInvited(orderId, params.invitees[i]);
        }
    }

    /// @inheritdoc IOrderMarket
    function bid(uint256 orderId, uint96 price, uint32 leadTime) external {
        OrderRecord storage order = _openOrder(orderId);
        if (order.stageB != 0) revert MarketSealedBidding(orderId);
        _checkBiddingOpen(orderId, order);
        _checkBidder(orderId, order);
        _checkTerms(orderId, order, price, leadTime);
        _bids[orderId][msg.sender] = Bid(price, leadTime, BidState.Active, 0);
        emit BidPlaced(orderId, msg.sender, price, leadTime);
    }

    /// @inheritdoc IOrderMarket
    function commitBid(uint256 orderId, bytes32 commitment) external nonReentrant {
        OrderRecord storage order = _openOrder(orderId);
        if (order.stageB == 0) revert MarketOpenBidding(orderId);
        _checkBiddingOpen(orderId, order);
        _checkBidder(orderId, order);
        SealedBids.commit(
            order, _bids[orderId], _commitments[orderId], _tokens[order.tokenId], _commitDepositBps, orderId, commitment
        );
    }

    /// @inheritdoc IOrderMarket
    function revealBid(uint256 orderId, uint96 price, uint32 leadTime, bytes32 salt) external {
        OrderRecord storage order = _openOrder(orderId);
        SealedBids.reveal(order, _bids[orderId], _commitments[orderId], _balancesOf(order), orderId, price, leadTime, salt);
    }

    /// @inheritdoc IOrderMarket
    function withdrawBid(uint256 orderId) external {
        OrderRecord storage order = _openOrder(orderId);
        _checkBiddingOpen(orderId, order);
        SealedBids.withdraw(_bids[orderId], _commitments[orderId], _counterOffers[orderId], _balancesOf(order), orderId);
    }

    /// @inheritdoc IOrderMarket
    function settleCommitDeposit(uint256 orderId, address maker) external {
        OrderRecord storage order = _order(orderId);
        SealedBids.settleDeposit(order, _bids[orderId][maker], _balancesOf(order), orderId, maker);
    }

    /// @inheritdoc IOrderMarket
    function counterOffer(uint256 orderId, address maker, uint96 price, uint32 leadTime) external {
        OrderRecord storage order = _openOrder(orderId);
        _checkCustomer(orderId, order);
        if (_bids[orderId][maker].state != BidState.Active) revert MarketNoActiveBid(orderId, maker);
        _checkTerms(orderId, order, price, leadTime);
        _counterOffers[orderId][maker] = Bid(price, leadTime, BidState.Active, 0);
        emit CounterOffered(orderId, maker, price, leadTime);
    }

    /// @inheritdoc IOrderMarket
    function withdrawCounterOffer(uint256 orderId, address maker) external {
        OrderRecord storage order = _openOrder(orderId);
        _checkCustomer(orderId, order);
        if (_counterOffers[orderId][maker].state != BidState.Active) revert MarketNoCounterOffer(orderId, maker);
        delete _counterOffers[orderId][maker];
        emit CounterOfferWithdrawn(orderId, maker);
    }

    /// @inheritdoc IOrderMarket
    function acceptCounterOffer(uint256 orderId, uint96 price, uint32 leadTime) external {
        _openOrder(orderId);
        Bid memory offer = _counterOffers[orderId][msg.sender];
        if (offer.state != BidState.Active) revert MarketNoCounterOffer(orderId, msg.sender);
        _checkSameTerms(orderId, msg.sender, offer, price, leadTime);
        delete _counterOffers[orderId][msg.sender];
        _bids[orderId][msg.sender] = offer;
        emit CounterOfferAccepted(orderId, msg.sender, offer.price, offer.leadTime);
    }

    // ---------------------------------------------------------------- award

    /// @inheritdoc IOrderMarket
    function award(uint256 orderId, address maker, uint96 price, uint32 leadTime) external nonReentrant {
        _award(orderId, maker, price, leadTime);
    }

    /// @inheritdoc IOrderMarket
    function awardWithPermit(
        uint256 orderId,
        address maker,
        uint96 price,
        uint32 leadTime,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        OrderRecord storage order = _order(orderId);
        uint256 total = uint256(price) + _fee(order, price);
        // A permit front-run by someone else still leaves the allowance in place, so only its
        // absence of effect matters: award fails on transferFrom if the allowance is missing.
        try IERC20Permit(_tokens[order.tokenId]).permit(
            msg.sender, address(this), total, permitDeadline, v, r, s
        ) {} catch {}
        _award(orderId, maker, price, leadTime);
    }

    // ---------------------------------------------------------------- production and delivery

    /// @inheritdoc IOrderMarket
    function submitMilestone(uint256 orderId, bytes32 evidenceHash) external {
        OrderRecord storage order = _order(orderId);
        _checkMaker(orderId, order);
        _checkStatus(orderId, order, Status.Awarded);
        (uint8 index,) = _nextReleasable(orderId, order);
        emit MilestoneSubmitted(orderId, index, evidenceHash);
    }

    /// @inheritdoc IOrderMarket
    function approveMilestone(uint256 orderId) external {
        OrderRecord storage order = _order(orderId);
        _checkCustomer(orderId, order);
        if (order.status != Status.Awarded && order.status != Status.Shipped) {
            revert MarketInvalidStatus(orderId, order.status);
        }
        (uint8 index, uint256 shareBps) = _nextReleasable(orderId, order);
        order.milestonesReleased = index + 1;
        uint256 amount = uint256(order.amount) * shareBps / _BPS;
        emit MilestoneReleased(orderId, index, amount);
        OrderResolution.payMaker(order, _terms[orderId], _balancesOf(order), orderId, amount);
    }

    /// @inheritdoc IOrderMarket
    function ship(uint256 orderId, bytes32 evidenceHash) external {
        OrderRecord storage order = _order(orderId);
        _checkMaker(orderId, order);
        _checkStatus(orderId, order, Status.Awarded);
        uint32 acceptanceEnds = SafeCast.toUint32(block.timestamp + order.acceptanceEnds);
        // An order shipped on time (the common case) writes no flag.
        if (block.timestamp > order.dueAt) order.flags |= _SHIPPED_LATE;
        order.status = Status.Shipped;
        order.acceptanceEnds = acceptanceEnds;
        emit OrderShipped(orderId, evidenceHash, acceptanceEnds);
    }

    /// @inheritdoc IOrderMarket
    function accept(uint256 orderId) external {
        OrderRecord storage order = _order(orderId);
        _checkCustomer(orderId, order);
        _checkStatus(orderId, order, Status.Shipped);
        _complete(orderId, order);
    }

    /// @inheritdoc IOrderMarket
    function finalize(uint256 orderId) external {
        OrderRecord storage order = _order(orderId);
        _checkStatus(orderId, order, Status.Shipped);
        if (block.timestamp <= order.acceptanceEnds) revert MarketAcceptanceWindowOpen(orderId, order.acceptanceEnds);
        _complete(orderId, order);
    }

    // ---------------------------------------------------------------- disputes

    /// @inheritdoc IOrderMarket
    function dispute(uint256 orderId, bytes32 evidenceHash) external {
        OrderResolution.dispute(_order(orderId), _rulingWindows, orderId, evidenceHash);
    }

    /// @inheritdoc IOrderMarket
    function submitEvidence(uint256 orderId, bytes32 evidenceHash) external {
        OrderResolution.submitEvidence(_order(orderId), orderId, evidenceHash);
    }

    /// @inheritdoc IOrderMarket
    function rule(uint256 orderId, uint16 refundBps, uint16 slashBps) external {
        OrderRecord storage order = _order(orderId);
        OrderResolution.rule(
            order, _terms[orderId], _balancesOf(order), _payees(), _arbiterSince[msg.sender], orderId, refundBps, slashBps
        );
    }

    /// @inheritdoc IOrderMarket
    function expireDispute(uint256 orderId) external {
        OrderRecord storage order = _order(orderId);
        OrderResolution.expireDispute(order, _terms[orderId], _balancesOf(order), _payees(), orderId);
    }

    // ---------------------------------------------------------------- cancellation and default

    /// @inheritdoc IOrderMarket
    function cancelRfq(uint256 orderId) external {
        OrderResolution.cancelRfq(_orders, _order(orderId), _terms[orderId], orderId);
    }

    /// @inheritdoc IOrderMarket
    function cancelOrder(uint256 orderId) external {
        OrderRecord storage order = _order(orderId);
        OrderResolution.cancelOrder(_orders, order, _terms[orderId], _balancesOf(order), _payees(), orderId);
    }

    /// @inheritdoc IOrderMarket
    function claimDefault(uint256 orderId) external {
        OrderRecord storage order = _order(orderId);
        OrderResolution.claimDefault(order, _terms[orderId], _balancesOf(order), _payees(), orderId);
    }

    // ---------------------------------------------------------------- payouts

    /// @inheritdoc IOrderMarket
    function withdraw(address token) external nonReentrant {
        Balance storage balance = _balances[token][msg.sender];
        uint256 amount = balance.credited - balance.withdrawn;
        if (amount == 0) revert MarketNothingToWithdraw(token, msg.sender);
        balance.withdrawn = balance.credited;
        emit Withdrawn(token, msg.sender, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IOrderMarket
    function fundService(uint256 orderId, address maker, uint256 fee) external nonReentrant returns (address token) {
        if (msg.sender != _services) revert MarketNotServices(msg.sender);
        token = _spend(orderId, maker, 0, fee);
        IERC20(token).safeTransfer(msg.sender, fee);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IOrderMarket
    function setParameters(MarketParameters calldata parameters_) external onlyOwner {
        _setParameters(parameters_);
    }

    /// @inheritdoc IOrderMarket
    function setTreasury(address treasury_) external onlyOwner {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IOrderMarket
    function setPaymentToken(address token, bool allowed) external onlyOwner {
        if (allowed) _checkContract("token", token);
        PaymentToken storage entry = _paymentTokens[token];
        if (allowed && entry.id == 0) {
            if (_tokenCount == type(uint8).max) {
                _revertInvalidParameter("token", "at most 255 payment tokens can ever be allowed");
            }
            entry.id = ++_tokenCount;
            _tokens[entry.id] = token;
        }
        entry.allowed = allowed;
        emit PaymentTokenSet(token, allowed);
    }

    /// @inheritdoc IOrderMarket
    function setArbiter(address arbiter, bool allowed) external onlyOwner {
        if (arbiter == address(0)) _revertInvalidParameter("arbiter", "must not be the zero address");
        // From the next second: an order awarded in the same second as the admission predates it.
        _arbiterSince[arbiter] = allowed ? uint32(block.timestamp + 1) : 0;
        emit ArbiterSet(arbiter, allowed);
    }

    /// @inheritdoc IOrderMarket
    function setCertifierRegistry(address certifierRegistry_) external onlyOwner {
        _checkContract("certifierRegistry", certifierRegistry_);
        _certifierRegistry = ICertifierRegistry(certifierRegistry_);
        emit CertifierRegistrySet(certifierRegistry_);
    }

    /// @inheritdoc IOrderMarket
    function setDesignRegistry(address designRegistry_) external onlyOwner {
        _checkContract("designRegistry", designRegistry_);
        _designRegistry = IDesignRegistry(designRegistry_);
        emit DesignRegistrySet(designRegistry_);
    }

    /// @inheritdoc IOrderMarket
    function setServices(address services_) external onlyOwner {
        _checkContract("services", services_);
        _services = services_;
        emit ServicesSet(services_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOrderMarket
    function getOrder(uint256 orderId) external view returns (Order memory) {
        OrderRecord storage order = _order(orderId);
        bytes memory encoded = OrderViews.encodeOrder(order, _terms[orderId], _tokens[order.tokenId]);
        // The library returns the ABI encoding of the Order: pass it on as it is, instead of decoding
        // and encoding it again, which would cost the market the code size it does not have.
        assembly ("memory-safe") {
            return(add(encoded, 32), mload(encoded))
        }
    }

    /// @inheritdoc IOrderMarket
    function cancellationCompensation(uint256 orderId) external view returns (uint256) {
        return OrderResolution.cancellationCompensation(_order(orderId), orderId);
    }

    /// @inheritdoc IOrderMarket
    function getBid(uint256 orderId, address maker) external view returns (Bid memory) {
        return _bids[orderId][maker];
    }

    /// @inheritdoc IOrderMarket
    function getCounterOffer(uint256 orderId, address maker) external view returns (Bid memory) {
        return _counterOffers[orderId][maker];
    }

    /// @inheritdoc IOrderMarket
    function getCommitment(uint256 orderId, address maker) external view returns (bytes32) {
        return _commitments[orderId][maker];
    }

    /// @inheritdoc IOrderMarket
    function isInvited(uint256 orderId, address maker) external view returns (bool) {
        return _invited[orderId][maker];
    }

    /// @inheritdoc IOrderMarket
    function bidCommitment(uint256 orderId, address maker, uint96 price, uint32 leadTime, bytes32 salt)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(this), orderId, maker, price, leadTime, salt));
    }



    /// @inheritdoc IOrderMarket
    function owed(address token, address account) external view returns (uint256) {
        Balance storage balance = _balances[token][account];
        return balance.credited - balance.withdrawn;
    }

    /// @inheritdoc IOrderMarket
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc IOrderMarket
    function parameters() external view returns (MarketParameters memory) {
        return MarketParameters({
            feeBps: _feeBps,
            acceptanceWindow: _acceptanceWindow,
            lateGrace: _lateGrace,
            minBond: _minBond,
            rulingWindow: _rulingWindows[_rulingWindows.length - 1].window,
            cancellationFloorPercent: _cancellationFloorPercent,
            commitDepositBps: _commitDepositBps
        });
    }

    /// @inheritdoc IOrderMarket
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IOrderMarket
    function isPaymentToken(address token) external view returns (bool) {
        return _paymentTokens[token].allowed;
    }

    /// @inheritdoc IOrderMarket
    function isArbiter(address account) external view returns (bool) {
        return _arbiterSince[account] != 0;
    }

    /// @inheritdoc IOrderMarket
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IOrderMarket
    function certifierRegistry() external view returns (address) {
        return address(_certifierRegistry);
    }

    /// @inheritdoc IOrderMarket
    function designRegistry() external view returns (address) {
        return address(_designRegistry);
    }

    /// @inheritdoc IOrderMarket
    function orderLicence(uint256 orderId)
        external
        view
        returns (uint256 licenceId, uint256 units, address royaltyRecipient, uint256 royalty)
    {
        _order(orderId);
        OrderTerms storage terms = _terms[orderId];
        return (terms.licenceId, terms.units, terms.royaltyRecipient, terms.royalty);
    }

    /// @inheritdoc IOrderMarket
    function services() external view returns (address) {
        return _services;
    }

    /// @inheritdoc IOrderMarket
    function parentOf(uint256 orderId) external view returns (uint256) {
        _order(orderId);
        return _terms[orderId].parentId;
    }

    /// @inheritdoc IOrderMarket
    function spendableCredit(uint256 orderId) external view returns (uint256) {
        return SubOrders.spendable(_order(orderId), _terms[orderId]);
    }

    /// @inheritdoc IOrderMarket
    function shippedLate(uint256 orderId) external view returns (bool) {
        OrderRecord storage order = _order(orderId);
        Status status = order.status;
        // Shipped, Disputed, Completed and Resolved are consecutive; before shipping the bits are the floor's.
        return status >= Status.Shipped && status <= Status.Resolved && order.flags & _SHIPPED_LATE == _SHIPPED_LATE;
    }

    /// @inheritdoc IOrderMarket
    function orderArbiter(uint256 orderId) external view returns (address) {
        _order(orderId);
        return _terms[orderId].arbiter;
    }

    // ---------------------------------------------------------------- internals

    function _award(uint256 orderId, address maker, uint96 price, uint32 leadTime) private {
        OrderRecord storage order = _openOrder(orderId);
        _checkCustomer(orderId, order);
        uint32 closesAt = order.stageB != 0 ? order.stageB : order.stageA;
        if (block.timestamp <= closesAt) revert MarketBidWindowOpen(orderId, closesAt);
        Bid memory winning = _bids[orderId][maker];
        if (winning.state != BidState.Active) revert MarketNoActiveBid(orderId, maker);
        _checkSameTerms(orderId, maker, winning, price, leadTime);
        // A certification can lapse between bid and award.
        bool extraTerms = order.flags & _EXTRA_TERMS != 0;
        if (extraTerms) _checkCertified(orderId, maker);
        uint40 dueAt = uint40(block.timestamp) + winning.leadTime;
        if (dueAt > order.deadline) revert MarketDeadlineUnreachable(orderId, dueAt, order.deadline);

        uint256 fee = _fee(order, winning.price);
        order.status = Status.Awarded;
        order.stageA = uint32(block.timestamp); // awardedAt; block.timestamp < dueAt <= deadline, a uint32
        order.stageB = order.dueAt; // the late grace the RFQ snapshotted
        order.maker = maker;
        order.dueAt = uint32(dueAt); // dueAt <= deadline, a uint32
        order.amount = winning.price;
        emit OrderAwarded(orderId, maker, winning.price, fee, winning.leadTime, dueAt, order.bond);

        uint256 parentId;
        if (extraTerms) {
            OrderTerms storage terms = _terms[orderId];
            if (terms.licenceId != 0) OrderLicensing.record(_designRegistry, terms, orderId, maker, winning.price);
            parentId = terms.parentId;
        }

        if (order.bond != 0) _registry.lockBond(maker, orderId, order.bond);
        // A sub-order is funded from its parent's credits to its customer, the parent's maker.
        if (parentId == 0) _pullExact(IERC20(_tokens[order.tokenId]), msg.sender, uint256(winning.price) + fee);
        else _spend(parentId, msg.sender, orderId, uint256(winning.price) + fee);
    }

    /// @dev Spends `amount` of order `orderId`'s credits to `maker` on sub-order `subOrderId` (0: a
    /// service); returns the order's token.
    function _spend(uint256 orderId, address maker, uint256 subOrderId, uint256 amount) private returns (address token) {
        OrderRecord storage order = _order(orderId);
        token = _tokens[order.tokenId];
        SubOrders.spend(order, _terms[orderId], _balances[token], orderId, maker, subOrderId, amount);
    }

    /// @dev Pays the maker everything not yet released and settles.
    function _complete(uint256 orderId, OrderRecord storage order) private {
        order.status = Status.Completed;
        emit OrderAccepted(orderId, msg.sender);
        OrderResolution.settle(order, _terms[orderId], _balancesOf(order), _payees(), orderId, 0, 0);
    }

    function _payees() private view returns (OrderResolution.Payees memory) {
        return OrderResolution.Payees(_treasury, _registry);
    }

    /// @dev The balances, in the order's payment token, that its settlement credits.
    function _balancesOf(OrderRecord storage order) private view returns (mapping(address => Balance) storage) {
        return _balances[_tokens[order.tokenId]];
    }

    function _pullExact(IERC20 token, address from, uint256 amount) private {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert MarketTransferShortfall(address(token), amount, received);
    }

    function _fee(OrderRecord storage order, uint96 price) private view returns (uint256) {
        return OrderResolution.fee(order, price);
    }

    function _order(uint256 orderId) private view returns (OrderRecord storage order) {
        order = _orders[orderId];
        if (order.status == Status.None) revert MarketUnknownOrder(orderId);
    }

    function _openOrder(uint256 orderId) private view returns (OrderRecord storage order) {
        order = _order(orderId);
        _checkStatus(orderId, order, Status.Open);
    }

    function _checkStatus(uint256 orderId, OrderRecord storage order, Status expected) private view {
        if (order.status != expected) revert MarketInvalidStatus(orderId, order.status);
    }

    function _checkCustomer(uint256 orderId, OrderRecord storage order) private view {
        if (msg.sender != order.customer) revert MarketNotCustomer(orderId, msg.sender);
    }

    function _checkMaker(uint256 orderId, OrderRecord storage order) private view {
        if (msg.sender != order.maker) revert MarketNotMaker(orderId, msg.sender);
    }

    function _checkBiddingOpen(uint256 orderId, OrderRecord storage order) private view {
        if (block.timestamp > order.stageA) revert MarketBidWindowClosed(orderId, order.stageA);
    }

    /// @dev Both sides name the terms they agree to, so nobody can swap them in front of the call.
    function _checkSameTerms(uint256 orderId, address maker, Bid memory stored, uint96 price, uint32 leadTime)
        private
        pure
    {
        if (stored.price != price || stored.leadTime != leadTime) {
            revert MarketTermsChanged(orderId, maker, stored.price, stored.leadTime);
        }
    }

    function _checkBidder(uint256 orderId, OrderRecord storage order) private view {
        if (msg.sender == order.customer) _revertInvalidBid("maker", "must not be the customer");
        uint8 flags = order.flags;
        if (flags & _INVITE_ONLY != 0 && !_invited[orderId][msg.sender]) revert MarketNotInvited(orderId, msg.sender);
        if (flags & _EXTRA_TERMS != 0) {
            _checkCertified(orderId, msg.sender);
            OrderTerms storage terms = _terms[orderId];
            if (terms.licenceId != 0) OrderLicensing.checkMaker(_designRegistry, terms, msg.sender);
        }
        _registry.checkBidder(msg.sender, order.bond);
    }

    /// @dev For an order with extra terms, which may or may not require a certification.
    function _checkCertified(uint256 orderId, address maker) private view {
        bytes32 certificationType = _terms[orderId].requiredCertification;
        if (certificationType != bytes32(0) && !_certifierRegistry.hasValidCertification(maker, certificationType)) {
            revert MarketCertificationMissing(orderId, maker, certificationType);
        }
    }

    /// @dev The milestone a maker may report and a customer may approve next; the final one is
    /// released only by acceptance.
    function _nextReleasable(uint256 orderId, OrderRecord storage order)
        private
        view
        returns (uint8 index, uint256 shareBps)
    {
        index = order.milestonesReleased;
        shareBps = order.milestonePlan.releasableShare(index);
        if (shareBps == 0) revert MarketNoPendingMilestone(orderId, index);
    }

    function _checkTerms(uint256 orderId, OrderRecord storage order, uint96 price, uint32 leadTime) private view {
        if (price == 0) _revertInvalidBid("price", "must be greater than zero");
        if (leadTime == 0) _revertInvalidBid("leadTime", "must be greater than zero");
        if (price > order.amount) revert MarketBidAboveBudget(orderId, price, order.amount);
    }

    function _checkRfq(RfqParams calldata params) private view {
        if (!_paymentTokens[params.paymentToken].allowed) revert MarketTokenNotAllowed(params.paymentToken);
        if (params.specHash == bytes32(0)) _revertInvalidRfq("specHash", "must not be zero");
        if (params.quantity == 0) _revertInvalidRfq("quantity", "must be greater than zero");
        if (params.budget == 0) _revertInvalidRfq("budget", "must be greater than zero");
        if (params.bond < _minBond) _revertInvalidRfq("bond", "is below the minimum bond");
        if (params.biddingEnds <= block.timestamp) _revertInvalidRfq("biddingEnds", "must be in the future");
        if (params.revealEnds != 0 && params.revealEnds <= params.biddingEnds) {
            _revertInvalidRfq("revealEnds", "must be after biddingEnds");
        }
        uint40 closesAt = params.revealEnds != 0 ? params.revealEnds : params.biddingEnds;
        if (params.deadline <= closesAt) _revertInvalidRfq("deadline", "must be after bidding closes");
        // Order timestamps are stored as uint32; deadline is the latest of them.
        if (params.deadline > type(uint32).max) _revertInvalidRfq("deadline", "must be before the year 2106");
        if (params.requiredCertification != bytes32(0) && address(_certifierRegistry) == address(0)) {
            _revertInvalidRfq("requiredCertification", "needs a certifier registry, and none is set");
        }
        if (params.licenceId != 0) {
            OrderLicensing.checkRfq(
                _designRegistry, params.licenceId, params.paymentToken, params.quantity, params.budget
            );
        }
        string memory planProblem = MilestonePlan.check(params.milestoneBps);
        if (bytes(planProblem).length != 0) _revertInvalidRfq("milestoneBps", planProblem);
        if (params.invitees.length > _MAX_INVITEES) _revertInvalidRfq("invitees", "must have at most 100 entries");
        for (uint256 i; i < params.invitees.length; ++i) {
            if (params.invitees[i] == address(0)) _revertInvalidRfq("invitees", "must not contain the zero address");
        }
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) _revertInvalidParameter("treasury", "must not be the zero address");
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _setParameters(MarketParameters memory p) private {
        _bounds.check(p, _registry.minStake());
        _feeBps = p.feeBps;
        _acceptanceWindow = p.acceptanceWindow;
        _lateGrace = p.lateGrace;
        _minBond = p.minBond;
        // From the next second: an order awarded in the same second as the change keeps the old window.
        _rulingWindows.push(RulingWindow(uint32(block.timestamp + 1), p.rulingWindow));
        _cancellationFloorPercent = p.cancellationFloorPercent;
        _commitDepositBps = p.commitDepositBps;
        emit ParametersSet(p);
    }

    // One revert site per error with string arguments: inline sites would each repeat the
    // ABI-encoding code, and the contract must stay under the 24,576-byte code size limit.
    function _revertInvalidParameter(string memory name, string memory reason) private pure {
        revert MarketInvalidParameter(name, reason);
    }

    function _checkContract(string memory name, address account) private view {
        if (account.code.length == 0) _revertInvalidParameter(name, "must be a contract");
    }

    function _revertInvalidRfq(string memory field, string memory reason) private pure {
        revert MarketInvalidRfq(field, reason);
    }

    function _revertInvalidBid(string memory field, string memory reason) private pure {
        revert MarketInvalidBid(field, reason);
    }
}
