// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {DesignRegistry} from "../../src/ip/DesignRegistry.sol";
import {IDesignRegistry} from "../../src/ip/interfaces/IDesignRegistry.sol";
import {OrderMarket} from "../../src/OrderMarket.sol";
import {ParticipantRegistry} from "../../src/ParticipantRegistry.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {RegistryFixture} from "../utils/Fixture.sol";
import {TestBase} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";

uint256 constant MAKER_STAKE = 1_000e18;
uint256 constant MIN_STAKE = 100e18;
/// @dev Royalty per unit of the licences RFQs may be built under (odd, so shares round).
uint96 constant ROYALTY_PER_UNIT = 7_777_777;

/// @title Drives random order lifecycles across several customers and makers
/// @notice Every action picks a plausible actor and order from bounded seeds, predicts from an
/// independent reference model (ghost variables) whether the market must accept the call, makes
/// it, and counts every disagreement in `mismatches` (a call that reverts where the model expects
/// success counts as much as one that succeeds where it must not). On success it updates the
/// model: what each account must be owed, how much escrow each order still holds, which bonds
/// and deposits are held, how often each order settled and the last status seen. Some RFQs are
/// built under a design licence (one open to every maker, one allowing only the first two), whose
/// royalty the model pays the designer pro rata to every payment to the maker.
contract MarketHandler is TestBase {
    uint256 internal constant MAX_ORDERS = 24;
    uint256 internal constant BPS = 10_000;
    uint32 internal constant SEALED_LEAD = 5 days;
    bytes32 internal constant SETTLED_TOPIC =
        keccak256("OrderSettled(uint256,uint256,uint256,uint256,uint256)");

    OrderMarket public market;
    ParticipantRegistry public registry;
    MockERC20 public token;
    address public treasury;
    address public arbiter;
    address public designer;
    /// @dev Licences on the design registry: open to every maker, and allowing makers 0 and 1 only.
    uint256 public openLicence;
    uint256 public restrictedLicence;
    address[] public customers;
    address[] public makers;

    struct Model {
        IOrderMarket.Status status;
        uint256 floorBps;
        address customer;
        address maker;
        uint256 budget;
        uint256 deadline;
        uint256 biddingEnds;
        uint256 revealEnds;
        uint256 acceptanceWindow;
        uint256 lateGrace;
        uint256 price;
        uint256 fee;
        uint256 bond;
        uint256 awardedAt;
        uint256 dueAt;
        uint256 acceptanceEnds;
        uint256 rulingEnds;
        uint256 released; // milestones released
        uint256 escrow; // tokens the market still holds for this order
        uint256 licenceId; // 0: not licensed
        uint256 royalty; // what a completed order pays the designer, fixed at award
        uint16[] plan;
        uint16 feeBps;
        uint256 parentId; // 0: a customer's own order
        uint256 spent; // of this order's credits, on sub-orders
    }

    struct Terms {
        IOrderMarket.BidState state;
        uint96 price;
        uint32 leadTime;
        uint96 deposit;
        uint96 sealedPrice; // what the commitment hides
    }

    mapping(uint256 orderId => Model) internal _model;
    mapping(uint256 orderId => mapping(address maker => Terms)) internal _bid;
    mapping(uint256 orderId => mapping(address maker => uint96)) internal _counter;
    mapping(address maker => uint256) public ghostLocked;
    mapping(address maker => uint256) public ghostStakeSlashed;
    mapping(address account => uint256) public ghostOwed;
    mapping(address account => uint256) public ghostSlashed;
    uint256 public ghostDeposits;
    mapping(uint256 orderId => uint256) public settledCount;
    mapping(uint256 orderId => IOrderMarket.Status) public lastStatus;

    uint256 public statusRegressions;
    uint256 public settledTwice;
    uint256 public settlements;
    uint256 public mismatches;
    string public firstMismatch;
    mapping(bytes4 selector => uint256) public callsOk;

    constructor(
        OrderMarket market_,
        ParticipantRegistry registry_,
        MockERC20 token_,
        address treasury_,
        address arbiter_,
        address[] memory customers_,
        address[] memory makers_,
        address designer_,
        uint256[2] memory licences
    ) {
        designer = designer_;
        (openLicence, restrictedLicence) = (licences[0], licences[1]);
        market = market_;
        registry = registry_;
        token = token_;
        treasury = treasury_;
        arbiter = arbiter_;
        customers = customers_;
        makers = makers_;
    }

    // --- views for the invariant suite -------------------------------------------------------

    function escrowOf(uint256 orderId) external view returns (uint256) {
        return _model[orderId].escrow;
    }

    function bondOf(uint256 orderId) external view returns (uint256) {
        return _model[orderId].bond;
    }

    function makerOf(uint256 orderId) external view returns (address) {
        return _model[orderId].maker;
    }

    function statusOf(uint256 orderId) external view returns (IOrderMarket.Status) {
        return _model[orderId].status;
    }

    function parentOf(uint256 orderId) external view returns (uint256) {
        return _model[orderId].parentId;
    }

    function spentOf(uint256 orderId) external view returns (uint256) {
        return _model[orderId].spent;
    }

    /// @dev What an order credited its maker so far, net of the royalty (as `spendableCredit` counts it).
    function creditedNet(uint256 orderId) public view returns (uint256) {
        Model storage m = _model[orderId];
        if (m.price == 0) return 0;
        uint256 released = _releasedAmount(m);
        return released - released * m.royalty / m.price;
    }

    // --- plumbing ----------------------------------------------------------------------------

    /// @dev The first order at or after `seed` (cyclically) in `status` by the model, or 0: steers
    /// actions to orders where they can succeed so deep paths (dispute, ruling, default) are reached.
    function _find(uint256 seed, IOrderMarket.Status status) internal view returns (uint256) {
        uint256 n = market.orderCount();
        for (uint256 k; k < n; ++k) {
            uint256 id = (seed + k) % n + 1;
            if (_model[id].status == status) return id;
        }
        return 0;
    }

    /// @dev The first maker at or after `seed` with an active bid on `id` in the model.
    function _bidder(uint256 id, uint256 seed) internal view returns (address) {
        for (uint256 k; k < makers.length; ++k) {
            address mk = makers[(seed + k) % makers.length];
            if (_bid[id][mk].state == IOrderMarket.BidState.Active) return mk;
        }
        return makers[seed % makers.length];
    }

    function _pick(address[] storage list, uint256 seed) internal view returns (address) {
        return list[seed % list.length];
    }

    function _freeStake(address mk) internal view returns (uint256) {
        return MAKER_STAKE - ghostStakeSlashed[mk] - ghostLocked[mk];
    }

    /// @dev The registry's bidder check: enough stake to be a manufacturer, and enough free for the bond.
    function _mayBid(address mk, uint256 bond) internal view returns (bool) {
        return MAKER_STAKE - ghostStakeSlashed[mk] >= MIN_STAKE && _freeStake(mk) >= bond;
    }

    /// @dev Whether order `id`'s licence (if any) lets `mk` build it.
    function _licensed(uint256 id, address mk) internal view returns (bool) {
        return _model[id].licenceId != restrictedLicence || mk != makers[2];
    }

    /// @dev The model's split of `amount` paid to the maker of `m`: the royalty's share to the designer.
    function _payMaker(Model storage m, uint256 amount) internal {
        uint256 share = amount * m.royalty / m.price;
        ghostOwed[designer] += share;
        ghostOwed[m.maker] += amount - share;
    }

    function _mismatch(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    function _begin() internal {
        vm.recordLogs();
    }

    /// @dev After every action: compare the outcome with the prediction, count OrderSettled per
    /// order from the logs and check that every order's status moved only along an allowed
    /// transition and equals the model's.
    function _end(bytes4 selector, bool expected, bool ok, string memory what) internal {
        if (expected != ok) _mismatch(string.concat(what, ok ? ": succeeded" : ": reverted", " against the model"));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(market) && logs[i].topics.length > 1 && logs[i].topics[0] == SETTLED_TOPIC)
            {
                uint256 id = uint256(logs[i].topics[1]);
                if (++settledCount[id] > 1) ++settledTwice;
                ++settlements;
            }
        }
        uint256 n = market.orderCount();
        for (uint256 id = 1; id <= n; ++id) {
            IOrderMarket.Status s = market.getOrder(id).status;
            if (s != _model[id].status) _mismatch(string.concat(what, ": status differs from the model"));
            IOrderMarket.Status last = lastStatus[id];
            if (s != last) {
                if (!_allowed(last, s)) ++statusRegressions;
                lastStatus[id] = s;
            }
        }
        if (ok) ++callsOk[selector];
    }

    function _allowed(IOrderMarket.Status from, IOrderMarket.Status to) internal pure returns (bool) {
        if (from == IOrderMarket.Status.None) return to == IOrderMarket.Status.Open;
        if (from == IOrderMarket.Status.Open) {
            return to == IOrderMarket.Status.Awarded || to == IOrderMarket.Status.Cancelled;
        }
        if (from == IOrderMarket.Status.Awarded) {
            return to == IOrderMarket.Status.Shipped || to == IOrderMarket.Status.Cancelled
                || to == IOrderMarket.Status.Defaulted;
        }
        if (from == IOrderMarket.Status.Shipped) {
            return to == IOrderMarket.Status.Completed || to == IOrderMarket.Status.Disputed;
        }
        if (from == IOrderMarket.Status.Disputed) return to == IOrderMarket.Status.Resolved;
        return false; // terminal
    }

    function _releasedAmount(Model storage m) internal view returns (uint256 amount) {
        for (uint256 i; i < m.released; ++i) amount += m.price * m.plan[i] / BPS;
    }

    /// @dev The reference split of an order's remaining escrow: `refund` of the unreleased price
    /// back to the customer, the rest to the maker; fee pro rata to what the maker earned.
    function _settleModel(uint256 id, IOrderMarket.Status status, uint256 refund, uint256 slashBps) internal {
        Model storage m = _model[id];
        uint256 unreleased = m.price - _releasedAmount(m);
        uint256 fee = m.fee * (m.price - refund) / m.price;
        _payMaker(m, unreleased - refund);
        ghostOwed[m.customer] += refund + m.fee - fee;
        ghostOwed[treasury] += fee;
        ghostSlashed[m.customer] += m.bond * slashBps / BPS;
        ghostStakeSlashed[m.maker] += m.bond * slashBps / BPS;
        ghostLocked[m.maker] -= m.bond;
        m.escrow = 0;
        m.status = status;
    }

    /// @dev The reference cancellation compensation (IOrderMarket.cancelOrder).
    function _compensation(Model storage m) internal view returns (uint256) {
        uint256 floorBps = m.floorBps;
        uint256 elapsed = block.timestamp - m.awardedAt;
        uint256 lead = m.dueAt - m.awardedAt;
        uint256 shareBps = elapsed >= lead ? BPS : floorBps + (BPS - floorBps) * elapsed / lead;
        uint256 earned = m.price * shareBps / BPS;
        uint256 released = _releasedAmount(m);
        return earned > released ? earned - released : 0;
    }

    // --- actions -----------------------------------------------------------------------------

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 4 days));
    }

    function createRfq(uint256 actorSeed, uint96 budget, uint256 shape, uint96 bond) external {
        if (market.orderCount() >= MAX_ORDERS) return;
        address c = _pick(customers, actorSeed);
        IOrderMarket.RfqParams memory p;
        p.specHash = keccak256(abi.encode(actorSeed, shape));
        p.quantity = 1;
        p.paymentToken = address(token);
        p.budget = uint96(bound(budget, 1, 50_000e6));
        p.bond = uint96(bound(bond, 10e18, 200e18));
        p.biddingEnds = uint40(block.timestamp + 1 days);
        p.revealEnds = shape % 3 == 0 ? uint40(block.timestamp + 2 days) : 0;
        p.deadline = uint40(block.timestamp + 30 days);
        p.invitees = new address[](0);
        uint256 count = 1 + (shape >> 8) % 4;
        p.milestoneBps = new uint16[](count);
        uint256 left = BPS;
        for (uint256 i; i + 1 < count; ++i) {
            p.milestoneBps[i] = uint16(bound(shape >> (16 + 16 * i), 1, left - (count - 1 - i)));
            left -= p.milestoneBps[i];
        }
        p.milestoneBps[count - 1] = uint16(left);
        // Bits 4 and 5: built under a licence, and which one.
        if ((shape >> 4) & 1 == 1) p.licenceId = (shape >> 5) & 1 == 1 ? restrictedLicence : openLicence;
        bool expected = p.licenceId == 0 || p.budget >= ROYALTY_PER_UNIT * p.quantity;
        _begin();
        vm.prank(c);
        bool ok;
        try market.createRfq(p) returns (uint256 id) {
            ok = true;
            Model storage m = _model[id];
            m.status = IOrderMarket.Status.Open;
            m.customer = c;
            m.plan = p.milestoneBps;
            m.bond = p.bond;
            m.budget = p.budget;
            m.deadline = p.deadline;
            m.biddingEnds = p.biddingEnds;
            m.revealEnds = p.revealEnds;
            IOrderMarket.MarketParameters memory parameters = market.parameters();
            m.feeBps = parameters.feeBps;
            m.acceptanceWindow = parameters.acceptanceWindow;
            m.lateGrace = parameters.lateGrace;
            m.floorBps = uint256(parameters.cancellationFloorPercent) * 100;
            m.licenceId = p.licenceId;
        } catch {}
        _end(this.createRfq.selector, expected, ok, "createRfq");
    }

    function bid(uint256 orderSeed, uint256 makerSeed, uint96 price, uint32 leadTime) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        Model storage m = _model[id];
        address mk = _pick(makers, makerSeed);
        uint256 budget = id == 0 ? 1 : m.budget;
        price = uint96(bound(price, 1, budget + budget / 20)); // a few above budget, to be refused
        leadTime = uint32(bound(leadTime, 1 days, 6 days));
        bool expected = id != 0 && m.revealEnds == 0 && block.timestamp <= m.biddingEnds && price <= budget
            && mk != m.customer && _mayBid(mk, m.bond) && _licensed(id, mk);
        _begin();
        vm.prank(mk);
        bool ok;
        try market.bid(id, price, leadTime) {
            ok = true;
            _bid[id][mk] = Terms(IOrderMarket.BidState.Active, price, leadTime, 0, 0);
        } catch {}
        _end(this.bid.selector, expected, ok, "bid");
    }

    function commitBid(uint256 orderSeed, uint256 makerSeed, uint96 price) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        Model storage m = _model[id];
        address mk = _pick(makers, makerSeed);
        price = uint96(bound(price, 1, 50_000e6));
        bytes32 c = market.bidCommitment(id, mk, price, SEALED_LEAD, bytes32(uint256(price)));
        bool expected = id != 0 && m.revealEnds != 0 && block.timestamp <= m.biddingEnds && _mayBid(mk, m.bond)
            && _licensed(id, mk);
        Terms storage t = _bid[id][mk];
        uint96 deposit = t.state == IOrderMarket.BidState.Committed
            ? t.deposit
            : uint96(m.budget * market.parameters().commitDepositBps / BPS);
        _begin();
        vm.prank(mk);
        bool ok;
        try market.commitBid(id, c) {
            ok = true;
            if (t.state != IOrderMarket.BidState.Committed) ghostDeposits += deposit;
            _bid[id][mk] = Terms(IOrderMarket.BidState.Committed, 0, 0, deposit, price);
        } catch {}
        _end(this.commitBid.selector, expected, ok, "commitBid");
    }

    function revealBid(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        Model storage m = _model[id];
        address mk = _pick(makers, makerSeed);
        Terms storage t = _bid[id][mk];
        uint96 price = t.sealedPrice;
        bool expected = id != 0 && t.state == IOrderMarket.BidState.Committed && block.timestamp > m.biddingEnds
            && block.timestamp <= m.revealEnds && price <= m.budget;
        _begin();
        vm.prank(mk);
        bool ok;
        try market.revealBid(id, price, SEALED_LEAD, bytes32(uint256(price))) {
            ok = true;
            ghostDeposits -= t.deposit;
            ghostOwed[mk] += t.deposit;
            _bid[id][mk] = Terms(IOrderMarket.BidState.Active, price, SEALED_LEAD, 0, 0);
        } catch {}
        _end(this.revealBid.selector, expected, ok, "revealBid");
    }

    function withdrawBid(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        Terms storage t = _bid[id][mk];
        bool expected = id != 0 && block.timestamp <= _model[id].biddingEnds
            && (t.state == IOrderMarket.BidState.Active || t.state == IOrderMarket.BidState.Committed);
        _begin();
        vm.prank(mk);
        bool ok;
        try market.withdrawBid(id) {
            ok = true;
            ghostDeposits -= t.deposit;
            ghostOwed[mk] += t.deposit;
            _bid[id][mk] = Terms(IOrderMarket.BidState.Withdrawn, 0, 0, 0, 0);
            _counter[id][mk] = 0;
        } catch {}
        _end(this.withdrawBid.selector, expected, ok, "withdrawBid");
    }

    function settleCommitDeposit(uint256 orderSeed, uint256 makerSeed) external {
        uint256 n = market.orderCount();
        uint256 id = n == 0 ? 0 : bound(orderSeed, 1, n);
        Model storage m = _model[id];
        address mk = _pick(makers, makerSeed);
        Terms storage t = _bid[id][mk];
        bool refund = m.status == IOrderMarket.Status.Cancelled && m.maker == address(0);
        bool expected = id != 0 && t.state == IOrderMarket.BidState.Committed && t.deposit != 0
            && (refund || m.status != IOrderMarket.Status.Open || block.timestamp > m.revealEnds);
        _begin();
        bool ok;
        try market.settleCommitDeposit(id, mk) {
            ok = true;
            ghostDeposits -= t.deposit;
            ghostOwed[refund ? mk : m.customer] += t.deposit;
            t.deposit = 0;
        } catch {}
        _end(this.settleCommitDeposit.selector, expected, ok, "settleCommitDeposit");
    }

    function counterOffer(uint256 orderSeed, uint256 makerSeed, uint96 price) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        price = uint96(bound(price, 1, 50_000e6));
        bool expected = id != 0 && _bid[id][mk].state == IOrderMarket.BidState.Active && price <= _model[id].budget;
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.counterOffer(id, mk, price, SEALED_LEAD) {
            ok = true;
            _counter[id][mk] = price;
        } catch {}
        _end(this.counterOffer.selector, expected, ok, "counterOffer");
    }

    function withdrawCounterOffer(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        bool expected = id != 0 && _counter[id][mk] != 0;
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.withdrawCounterOffer(id, mk) {
            ok = true;
            _counter[id][mk] = 0;
        } catch {}
        _end(this.withdrawCounterOffer.selector, expected, ok, "withdrawCounterOffer");
    }

    /// @dev `stale` names other terms than the stored offer: the swap of issue 11 must be refused.
    function acceptCounterOffer(uint256 orderSeed, uint256 makerSeed, bool stale) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        uint96 offered = _counter[id][mk];
        bool expected = id != 0 && offered != 0 && !stale;
        _begin();
        vm.prank(mk);
        bool ok;
        try market.acceptCounterOffer(id, stale ? offered + 1 : offered, SEALED_LEAD) {
            ok = true;
            _bid[id][mk] = Terms(IOrderMarket.BidState.Active, offered, SEALED_LEAD, 0, 0);
            _counter[id][mk] = 0;
        } catch {}
        _end(this.acceptCounterOffer.selector, expected, ok, "acceptCounterOffer");
    }

    function award(uint256 orderSeed, uint256 makerSeed, bool stale) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _bidder(id, makerSeed);
        Model storage m = _model[id];
        Terms memory t = _bid[id][mk];
        uint256 closesAt = m.revealEnds != 0 ? m.revealEnds : m.biddingEnds;
        bool expected = id != 0 && !stale && block.timestamp > closesAt && t.state == IOrderMarket.BidState.Active
            && block.timestamp + t.leadTime <= m.deadline && _freeStake(mk) >= m.bond
            && (m.licenceId == 0 || t.price >= ROYALTY_PER_UNIT) // quantity 1
            && _fundable(m, uint256(t.price) + uint256(t.price) * m.feeBps / BPS);
        _begin();
        vm.prank(m.customer);
        bool ok;
        try market.award(id, mk, t.price, stale ? t.leadTime + 1 : t.leadTime) {
            ok = true;
            if (m.parentId != 0) {
                // Spent from the parent's credits to the sub-order's customer, the parent's maker.
                uint256 total = uint256(t.price) + uint256(t.price) * m.feeBps / BPS;
                ghostOwed[m.customer] -= total;
                _model[m.parentId].spent += total;
            }
            m.status = IOrderMarket.Status.Awarded;
            m.maker = mk;
            m.price = t.price;
            m.fee = m.price * m.feeBps / BPS;
            m.escrow = m.price + m.fee;
            m.awardedAt = block.timestamp;
            m.dueAt = block.timestamp + t.leadTime;
            ghostLocked[mk] += m.bond;
            if (m.licenceId != 0) m.royalty = ROYALTY_PER_UNIT;
        } catch {}
        _end(this.award.selector, expected, ok, "award");
    }

    /// @dev Whether a sub-order's award can be funded: its parent still Awarded, `total` within the
    /// parent's unspent credits and the maker's balance. A customer's own order is always fundable
    /// here (its customers hold plenty and approved the market).
    function _fundable(Model storage m, uint256 total) internal view returns (bool) {
        if (m.parentId == 0) return true;
        Model storage parent = _model[m.parentId];
        uint256 net = creditedNet(m.parentId);
        uint256 credit = net > parent.spent ? net - parent.spent : 0;
        return parent.status == IOrderMarket.Status.Awarded && total <= credit && total <= ghostOwed[m.customer];
    }

    /// @notice The maker of an awarded order posts a sub-RFQ due with its parent (open bidding, one day).
    function createSubRfq(uint256 orderSeed, uint96 budget, uint96 bond) external {
        if (market.orderCount() >= MAX_ORDERS) return;
        uint256 parentId = _find(orderSeed, IOrderMarket.Status.Awarded);
        Model storage parent = _model[parentId];
        address poster = parentId == 0 ? makers[orderSeed % makers.length] : parent.maker;
        IOrderMarket.RfqParams memory p;
        p.specHash = keccak256(abi.encode("sub", orderSeed));
        p.quantity = 1;
        p.paymentToken = address(token);
        p.budget = uint96(bound(budget, 1, 10_000e6));
        p.bond = uint96(bound(bond, 10e18, 200e18));
        p.biddingEnds = uint40(block.timestamp + 1 days);
        p.deadline = uint40(parentId == 0 ? block.timestamp + 30 days : parent.dueAt);
        p.invitees = new address[](0);
        p.milestoneBps = new uint16[](1);
        p.milestoneBps[0] = uint16(BPS);
        p.parentId = parentId;
        // Without a parent the poster, a maker, lacks the customer role.
        bool expected = parentId != 0 && p.deadline > p.biddingEnds;
        _begin();
        vm.prank(poster);
        bool ok;
        try market.createRfq(p) returns (uint256 id) {
            ok = true;
            Model storage m = _model[id];
            m.status = IOrderMarket.Status.Open;
            m.customer = poster;
            m.plan = p.milestoneBps;
            m.bond = p.bond;
            m.budget = p.budget;
            m.deadline = p.deadline;
            m.biddingEnds = p.biddingEnds;
            IOrderMarket.MarketParameters memory parameters = market.parameters();
            m.feeBps = parameters.feeBps;
            m.acceptanceWindow = parameters.acceptanceWindow;
            m.lateGrace = parameters.lateGrace;
            m.floorBps = uint256(parameters.cancellationFloorPercent) * 100;
            m.parentId = parentId;
        } catch {}
        _end(this.createSubRfq.selector, expected, ok, "createSubRfq");
    }

    /// @notice Anyone (here the treasury) cancels a sub-order its parent left behind: an open sub-RFQ
    /// of a parent no longer Awarded, an awarded sub-order of a parent Cancelled, Defaulted or Resolved.
    function cancelOrphan(uint256 orderSeed, bool awarded) external {
        uint256 id = _find(orderSeed, awarded ? IOrderMarket.Status.Awarded : IOrderMarket.Status.Open);
        Model storage m = _model[id];
        IOrderMarket.Status parentStatus = _model[m.parentId].status;
        bool expected = id != 0 && m.parentId != 0
            && (
                awarded
                    ? parentStatus == IOrderMarket.Status.Cancelled || parentStatus == IOrderMarket.Status.Defaulted
                        || parentStatus == IOrderMarket.Status.Resolved
                    : parentStatus != IOrderMarket.Status.Awarded
            );
        uint256 refund = id == 0 || !awarded ? 0 : m.price - _releasedAmount(m) - _compensation(m);
        _begin();
        vm.startPrank(treasury);
        bool ok;
        if (awarded) {
            try market.cancelOrder(id) {
                ok = true;
                _settleModel(id, IOrderMarket.Status.Cancelled, refund, 0);
            } catch {}
        } else {
            try market.cancelRfq(id) {
                ok = true;
                m.status = IOrderMarket.Status.Cancelled;
            } catch {}
        }
        vm.stopPrank();
        _end(this.cancelOrphan.selector, expected, ok, "cancelOrphan");
    }

    /// @dev An awarded order picked from `orderSeed`, and whether it has a milestone to submit or approve
    /// (every one but the last, which acceptance releases).
    function _milestoneOrder(uint256 orderSeed) internal view returns (uint256 id, Model storage m, bool pending) {
        id = _find(orderSeed, IOrderMarket.Status.Awarded);
        m = _model[id];
        pending = id != 0 && m.released + 1 < m.plan.length;
    }

    function submitMilestone(uint256 orderSeed) external {
        (uint256 id, Model storage m, bool expected) = _milestoneOrder(orderSeed);
        _begin();
        vm.prank(m.maker);
        bool ok;
        try market.submitMilestone(id, bytes32(0)) {
            ok = true;
        } catch {}
        _end(this.submitMilestone.selector, expected, ok, "submitMilestone");
    }

    function approveMilestone(uint256 orderSeed) external {
        (uint256 id, Model storage m, bool expected) = _milestoneOrder(orderSeed);
        _begin();
        vm.prank(m.customer);
        bool ok;
        try market.approveMilestone(id) {
            ok = true;
            uint256 amount = m.price * m.plan[m.released] / BPS;
            m.released += 1;
            _payMaker(m, amount);
            m.escrow -= amount;
        } catch {}
        _end(this.approveMilestone.selector, expected, ok, "approveMilestone");
    }

    function ship(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        Model storage m = _model[id];
        _begin();
        vm.prank(m.maker);
        bool ok;
        try market.ship(id, bytes32(0)) {
            ok = true;
            m.status = IOrderMarket.Status.Shipped;
            m.acceptanceEnds = block.timestamp + m.acceptanceWindow;
        } catch {}
        _end(this.ship.selector, id != 0, ok, "ship");
    }

    function accept(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Shipped);
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.accept(id) {
            ok = true;
            _settleModel(id, IOrderMarket.Status.Completed, 0, 0);
        } catch {}
        _end(this.accept.selector, id != 0, ok, "accept");
    }

    function finalize(uint256 orderSeed, uint256 callerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Shipped);
        bool expected = id != 0 && block.timestamp > _model[id].acceptanceEnds;
        _begin();
        vm.prank(_pick(makers, callerSeed));
        bool ok;
        try market.finalize(id) {
            ok = true;
            _settleModel(id, IOrderMarket.Status.Completed, 0, 0);
        } catch {}
        _end(this.finalize.selector, expected, ok, "finalize");
    }

    function dispute(uint256 orderSeed, bool byMaker) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Shipped);
        bool expected = id != 0 && block.timestamp <= _model[id].acceptanceEnds;
        _begin();
        vm.prank(byMaker ? _model[id].maker : _model[id].customer);
        bool ok;
        try market.dispute(id, bytes32(0)) {
            ok = true;
            _model[id].status = IOrderMarket.Status.Disputed;
            _model[id].rulingEnds = _model[id].acceptanceEnds + market.parameters().rulingWindow;
        } catch {}
        _end(this.dispute.selector, expected, ok, "dispute");
    }

    function submitEvidence(uint256 orderSeed, bool byMaker) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Disputed);
        _begin();
        vm.prank(byMaker ? _model[id].maker : _model[id].customer);
        bool ok;
        try market.submitEvidence(id, bytes32(0)) {
            ok = true;
        } catch {}
        _end(this.submitEvidence.selector, id != 0, ok, "submitEvidence");
    }

    function rule(uint256 orderSeed, uint16 refundBps, uint16 slashBps) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Disputed);
        refundBps = uint16(bound(refundBps, 0, BPS));
        slashBps = uint16(bound(slashBps, 0, BPS));
        Model storage m = _model[id];
        uint256 refund = id == 0 ? 0 : (m.price - _releasedAmount(m)) * refundBps / BPS;
        _begin();
        vm.prank(arbiter);
        bool ok;
        try market.rule(id, refundBps, slashBps) {
            ok = true;
            _settleModel(id, IOrderMarket.Status.Resolved, refund, slashBps);
        } catch {}
        _end(this.rule.selector, id != 0, ok, "rule");
    }

    function expireDispute(uint256 orderSeed, uint256 callerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Disputed);
        Model storage m = _model[id];
        bool expected = id != 0 && block.timestamp > m.rulingEnds;
        uint256 refund = id == 0 ? 0 : (m.price - _releasedAmount(m)) / 2;
        _begin();
        vm.prank(_pick(customers, callerSeed));
        bool ok;
        try market.expireDispute(id) {
            ok = true;
            _settleModel(id, IOrderMarket.Status.Resolved, refund, 0);
        } catch {}
        _end(this.expireDispute.selector, expected, ok, "expireDispute");
    }

    function cancelRfq(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.cancelRfq(id) {
            ok = true;
            _model[id].status = IOrderMarket.Status.Cancelled;
        } catch {}
        _end(this.cancelRfq.selector, id != 0, ok, "cancelRfq");
    }

    function cancelOrder(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        Model storage m = _model[id];
        uint256 refund = id == 0 ? 0 : m.price - _releasedAmount(m) - _compensation(m);
        _begin();
        vm.prank(m.customer);
        bool ok;
        try market.cancelOrder(id) {
            ok = true;
            _settleModel(id, IOrderMarket.Status.Cancelled, refund, 0);
        } catch {}
        _end(this.cancelOrder.selector, id != 0, ok, "cancelOrder");
    }

    function claimDefault(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        Model storage m = _model[id];
        bool expected = id != 0 && block.timestamp > m.dueAt + m.lateGrace;
        uint256 refund = id == 0 ? 0 : m.price - _releasedAmount(m);
        _begin();
        vm.prank(m.customer);
        bool ok;
        try market.claimDefault(id) {
            ok = true;
            _settleModel(id, IOrderMarket.Status.Defaulted, refund, BPS);
        } catch {}
        _end(this.claimDefault.selector, expected, ok, "claimDefault");
    }

    function withdraw(uint256 actorSeed) external {
        uint256 k = actorSeed % (customers.length + makers.length + 2);
        address who = k < customers.length
            ? customers[k]
            : k < customers.length + makers.length
                ? makers[k - customers.length]
                : k == customers.length + makers.length ? treasury : designer;
        bool expected = ghostOwed[who] != 0;
        _begin();
        vm.prank(who);
        bool ok;
        try market.withdraw(address(token)) {
            ok = true;
            ghostOwed[who] = 0;
        } catch {}
        _end(this.withdraw.selector, expected, ok, "withdraw");
    }

    function claimSlashed(uint256 actorSeed) external {
        address who = _pick(customers, actorSeed);
        bool expected = ghostSlashed[who] != 0;
        _begin();
        vm.prank(who);
        bool ok;
        try registry.claimSlashed() {
            ok = true;
            ghostSlashed[who] = 0;
        } catch {}
        _end(this.claimSlashed.selector, expected, ok, "claimSlashed");
    }

    /// @notice Selectors the invariant runner may call.
    function selectors() external pure returns (bytes4[] memory s) {
        s = new bytes4[](27);
        s[0] = this.warp.selector;
        s[1] = this.createRfq.selector;
        s[2] = this.bid.selector;
        s[3] = this.commitBid.selector;
        s[4] = this.revealBid.selector;
        s[5] = this.withdrawBid.selector;
        s[6] = this.counterOffer.selector;
        s[7] = this.acceptCounterOffer.selector;
        s[8] = this.award.selector;
        s[9] = this.submitMilestone.selector;
        s[10] = this.approveMilestone.selector;
        s[11] = this.ship.selector;
        s[12] = this.accept.selector;
        s[13] = this.finalize.selector;
        s[14] = this.dispute.selector;
        s[15] = this.submitEvidence.selector;
        s[16] = this.rule.selector;
        s[17] = this.cancelRfq.selector;
        s[18] = this.cancelOrder.selector;
        s[19] = this.claimDefault.selector;
        s[20] = this.withdraw.selector;
        s[21] = this.claimSlashed.selector;
        s[22] = this.settleCommitDeposit.selector;
        s[23] = this.withdrawCounterOffer.selector;
        s[24] = this.expireDispute.selector;
        s[25] = this.createSubRfq.selector;
        s[26] = this.cancelOrphan.selector;
    }
}

/// @title Order-market invariants under random lifecycles
/// @notice 3 customers, 3 makers, an arbiter and a treasury; the handler drives every market
/// action (and claimSlashed) with bounded random inputs. Runs and depth come from the config
/// (256 x 100).
contract OrderMarketInvariantTest is RegistryFixture {
    uint256 internal constant CUSTOMER_FUNDS = 1_000_000e6;
    uint256 internal constant MAKER_FUNDS = 100_000e6; // for commit deposits

    OrderMarket internal market;
    MockERC20 internal token;
    MarketHandler internal handler;
    address internal treasury = makeAddr("treasury");
    address internal arbiter = makeAddr("arbiter");
    address internal designer = makeAddr("designer");
    address[] internal customers;
    address[] internal makers;
    uint256 internal totalSupply;

    function setUp() public override {
        super.setUp();
        token = new MockERC20("Pay", "PAY", 6);
        _deployRegistry(MIN_STAKE);
        market = new OrderMarket(
            governance,
            address(registry),
            treasury,
            IOrderMarket.MarketParameters({
                feeBps: 250,
                acceptanceWindow: 3 days,
                lateGrace: 2 days,
                minBond: 10e18,
                rulingWindow: 14 days,
                cancellationFloorPercent: 10,
                commitDepositBps: 100
            })
        );
        vm.startPrank(governance);
        registry.setMarket(address(market), true);
        market.setPaymentToken(address(token), true);
        market.setArbiter(arbiter, true);
        vm.stopPrank();
        for (uint256 i; i < 3; ++i) {
            address c = makeAddr(string.concat("customer", vm.toString(i)));
            address m = makeAddr(string.concat("maker", vm.toString(i)));
            customers.push(c);
            makers.push(m);
            _register(c, CUSTOMER);
            _registerMaker(m, MAKER_STAKE);
            _fund(c, CUSTOMER_FUNDS);
            _fund(m, MAKER_FUNDS);
        }
        totalSupply = token.totalSupply();
        handler = new MarketHandler(
            market, registry, token, treasury, arbiter, customers, makers, designer, _licences()
        );
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: handler.selectors()}));
    }

    /// @dev A design with two licences in the payment token, units uncapped for the campaign's
    /// orders: one open to every maker, one allowing makers 0 and 1 only.
    function _licences() internal returns (uint256[2] memory ids) {
        DesignRegistry designs = new DesignRegistry(governance, address(market), 0);
        vm.prank(governance);
        market.setDesignRegistry(address(designs));
        vm.startPrank(designer);
        uint256 designId = designs.register(keccak256("part"), "bafy-part", "Part", 0);
        IDesignRegistry.LicenceTerms memory terms = IDesignRegistry.LicenceTerms({
            paymentToken: address(token),
            royaltyPerUnit: ROYALTY_PER_UNIT,
            maxUnits: 1_000,
            expiresAt: 0,
            open: true,
            makers: new address[](0)
        });
        ids[0] = designs.createLicence(designId, terms);
        terms.open = false;
        terms.makers = new address[](2);
        (terms.makers[0], terms.makers[1]) = (makers[0], makers[1]);
        ids[1] = designs.createLicence(designId, terms);
        vm.stopPrank();
    }

    function _fund(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(market), type(uint256).max);
    }

    function _sumOwed() internal view returns (uint256 sum) {
        for (uint256 i; i < 3; ++i) {
            sum += market.owed(address(token), customers[i]) + market.owed(address(token), makers[i]);
        }
        sum += market.owed(address(token), treasury) + market.owed(address(token), designer);
    }

    /// @notice The market holds at least the escrow of every unsettled order plus everything owed.
    function invariant_escrowSolvency() public view {
        uint256 escrow;
        uint256 n = market.orderCount();
        for (uint256 id = 1; id <= n; ++id) escrow += handler.escrowOf(id);
        escrow += handler.ghostDeposits();
        assertGe(token.balanceOf(address(market)), escrow + _sumOwed(), "market insolvent");
        // No donations happen here, so it is exact.
        assertEq(token.balanceOf(address(market)), escrow + _sumOwed(), "unaccounted tokens");
    }

    /// @notice Money is neither created nor destroyed: participants' + treasury's + market's
    /// balances equal everything ever minted.
    function invariant_moneyConserved() public view {
        uint256 sum = token.balanceOf(address(market)) + token.balanceOf(treasury) + token.balanceOf(designer);
        for (uint256 i; i < 3; ++i) sum += token.balanceOf(customers[i]) + token.balanceOf(makers[i]);
        assertEq(sum, totalSupply, "money created or destroyed");
    }

    /// @notice What the market says each account is owed equals the reference model.
    function invariant_owedMatchesModel() public view {
        for (uint256 i; i < 3; ++i) {
            assertEq(market.owed(address(token), customers[i]), handler.ghostOwed(customers[i]), "customer owed");
            assertEq(market.owed(address(token), makers[i]), handler.ghostOwed(makers[i]), "maker owed");
            assertEq(registry.slashedOf(customers[i]), handler.ghostSlashed(customers[i]), "slashed owed");
        }
        assertEq(market.owed(address(token), treasury), handler.ghostOwed(treasury), "treasury owed");
        assertEq(market.owed(address(token), designer), handler.ghostOwed(designer), "designer owed");
    }

    /// @notice Sub-orders: the market records the model's parent, a sub-order is due no later than
    /// its parent, and no parent spent more than it credited its maker (net of the royalty).
    function invariant_subOrdersStayWithinTheirParent() public view {
        uint256 n = market.orderCount();
        for (uint256 id = 1; id <= n; ++id) {
            uint256 parentId = handler.parentOf(id);
            assertEq(market.parentOf(id), parentId, "parent recorded");
            if (parentId != 0) {
                assertLe(market.getOrder(id).deadline, market.getOrder(parentId).dueAt, "sub-order outlives its parent");
            }
            assertLe(handler.spentOf(id), handler.creditedNet(id), "spent more than credited");
        }
    }

    /// @notice Each order is settled at most once, and exactly the settled orders emitted OrderSettled.
    function invariant_settledOnce() public view {
        assertEq(handler.settledTwice(), 0, "an order settled twice");
        uint256 n = market.orderCount();
        for (uint256 id = 1; id <= n; ++id) {
            IOrderMarket.Status s = market.getOrder(id).status;
            bool settled = s == IOrderMarket.Status.Completed || s == IOrderMarket.Status.Resolved
                || s == IOrderMarket.Status.Defaulted
                || (s == IOrderMarket.Status.Cancelled && handler.makerOf(id) != address(0));
            assertEq(handler.settledCount(id), settled ? 1 : 0, "settlement count");
        }
    }

    /// @notice Every call succeeded exactly when the reference model said it must, so a campaign
    /// where calls revert for a reason the model does not know fails here.
    function invariant_handlerPredictsEveryOutcome() public view {
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    /// @notice Statuses only move along the allowed transitions.
    function invariant_statesOnlyMoveForward() public view {
        assertEq(handler.statusRegressions(), 0, "status moved backwards or skipped");
    }

    /// @notice A maker's locked stake is exactly the bonds of its live orders, and a disputed
    /// order's bond is locked until the ruling; stake tokens are conserved.
    function invariant_bondLockedWhileDisputed() public view {
        uint256 n = market.orderCount();
        uint256[3] memory expectedLocked;
        for (uint256 id = 1; id <= n; ++id) {
            IOrderMarket.Status s = market.getOrder(id).status;
            if (s == IOrderMarket.Status.Awarded || s == IOrderMarket.Status.Shipped || s == IOrderMarket.Status.Disputed)
            {
                address mk = handler.makerOf(id);
                for (uint256 i; i < 3; ++i) if (makers[i] == mk) expectedLocked[i] += handler.bondOf(id);
                if (s == IOrderMarket.Status.Disputed) {
                    assertGe(registry.participant(mk).locked, handler.bondOf(id), "disputed bond not locked");
                }
            }
        }
        uint256 slashedTotal;
        for (uint256 i; i < 3; ++i) {
            assertEq(registry.participant(makers[i]).locked, expectedLocked[i], "locked == live bonds");
            slashedTotal += registry.slashedOf(customers[i]);
        }
        assertEq(
            stakeToken.balanceOf(address(registry)), registry.totalStaked() + slashedTotal, "stake tokens conserved"
        );
    }

    function test_handler_reachesSubOrdersFundedFromCreditsAndOrphanCancellation() public {
        handler.createRfq(0, 10_000e6, 327_680_257, 10e18); // open bidding, 50/50 plan, no licence
        handler.bid(0, 0, 4_000e6, 6 days);
        handler.warp(2 days);
        handler.award(0, 0, false);
        handler.createSubRfq(0, 1_000e6, 10e18);
        handler.bid(1, 1, 800e6, 2 days);
        handler.warp(1 days + 1);
        handler.award(1, 1, false); // nothing credited yet: refused
        assertEq(handler.callsOk(MarketHandler.award.selector), 1, "unfunded sub-order refused");
        handler.approveMilestone(0);
        handler.award(1, 1, false);
        assertEq(handler.callsOk(MarketHandler.createSubRfq.selector), 1, "createSubRfq");
        assertEq(handler.callsOk(MarketHandler.award.selector), 2, "sub-order awarded from credits");
        handler.cancelOrphan(0, true); // the parent is alive: refused
        handler.cancelOrder(0);
        handler.cancelOrphan(0, true);
        assertEq(handler.callsOk(MarketHandler.cancelOrphan.selector), 1, "cancelOrphan");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    function test_handler_reachesRuling() public {
        handler.createRfq(0, 10_000e6, 1, 10e18);
        handler.bid(0, 0, 1_000e6, 2 days);
        handler.warp(2 days);
        handler.award(0, 0, true); // stale terms: refused
        handler.award(0, 0, false);
        handler.ship(0);
        handler.dispute(0, false);
        assertEq(handler.callsOk(MarketHandler.dispute.selector), 1, "dispute");
        handler.rule(0, 5_000, 5_000);
        assertEq(handler.callsOk(MarketHandler.rule.selector), 1, "rule");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    function test_handler_reachesLicensedSettlementAndRefusesUnlicensedMakers() public {
        uint256 licensedShape = 1 | (1 << 4) | (1 << 5) | (1 << 8); // open bidding, restricted licence, 2 milestones
        handler.createRfq(0, ROYALTY_PER_UNIT - 1, licensedShape, 10e18); // budget below the royalty: refused
        handler.createRfq(0, 10_000e6, licensedShape, 10e18);
        handler.bid(0, 2, 1_000e6, 2 days); // makers[2] is not licensed: refused
        handler.bid(0, 0, 1_000e6, 2 days);
        handler.warp(2 days);
        handler.award(0, 0, false);
        handler.approveMilestone(0);
        handler.ship(0);
        handler.accept(0);
        handler.withdraw(3 + 3 + 1); // the designer
        assertEq(handler.callsOk(MarketHandler.createRfq.selector), 1, "only the affordable RFQ");
        assertEq(handler.callsOk(MarketHandler.bid.selector), 1, "only the licensed maker's bid");
        assertEq(handler.callsOk(MarketHandler.withdraw.selector), 1, "the designer withdrew");
        assertGt(token.balanceOf(designer), 0, "royalty paid");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    function test_handler_reachesExpiryDepositsAndCounterOffers() public {
        handler.createRfq(0, 10_000e6, 0, 10e18); // shape 0: sealed
        handler.commitBid(0, 0, 1_000e6);
        handler.commitBid(0, 1, 2_000e6);
        handler.warp(1 days + 1);
        handler.revealBid(0, 0);
        handler.warp(1 days);
        handler.settleCommitDeposit(0, 1);
        handler.counterOffer(0, 0, 900e6);
        handler.acceptCounterOffer(0, 0, true);
        handler.acceptCounterOffer(0, 0, false);
        handler.award(0, 0, false);
        handler.ship(0);
        handler.dispute(0, true);
        handler.expireDispute(0, 0); // refused: the ruling window is open
        for (uint256 i; i < 6; ++i) handler.warp(4 days); // acceptance 3 days + ruling 14 days
        handler.expireDispute(0, 0);
        assertEq(handler.callsOk(MarketHandler.settleCommitDeposit.selector), 1, "deposit settled");
        assertEq(handler.callsOk(MarketHandler.acceptCounterOffer.selector), 1, "counter-offer accepted once");
        assertEq(handler.callsOk(MarketHandler.expireDispute.selector), 1, "dispute expired");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }
}
