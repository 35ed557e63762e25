// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../../src/OrderMarket.sol";
import {ParticipantRegistry} from "../../src/ParticipantRegistry.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Test, TestBase} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";

/// @title Drives random order lifecycles across several customers and makers
/// @notice Every action picks a plausible actor and order from bounded seeds, calls the market,
/// and on success updates an independent reference model (ghost variables): what each account
/// must be owed, how much escrow each order still holds, which bonds are locked, how often each
/// order settled and the last status seen. Failed calls change nothing and are simply skipped.
contract MarketHandler is TestBase {
    uint256 internal constant MAX_ORDERS = 24;
    uint256 internal constant BPS = 10_000;
    bytes32 internal constant SETTLED_TOPIC =
        keccak256("OrderSettled(uint256,uint256,uint256,uint256,uint256)");

    OrderMarket public market;
    ParticipantRegistry public registry;
    MockERC20 public token;
    address public treasury;
    address public arbiter;
    address[] public customers;
    address[] public makers;

    struct Model {
        address customer;
        address maker;
        uint256 price;
        uint256 fee;
        uint256 bond;
        uint256 released; // milestones released
        uint256 escrow; // tokens the market still holds for this order
        uint16[] plan;
        uint16 feeBps;
    }

    mapping(uint256 orderId => Model) internal _model;
    mapping(uint256 orderId => mapping(address maker => uint256)) public ghostBid;
    mapping(uint256 orderId => mapping(address maker => uint32)) public ghostLead;
    mapping(uint256 orderId => mapping(address maker => uint256)) public ghostCounter;
    mapping(uint256 orderId => mapping(address maker => uint256)) public ghostSealedPrice;
    mapping(address account => uint256) public ghostOwed;
    mapping(address account => uint256) public ghostSlashed;
    mapping(uint256 orderId => uint256) public settledCount;
    mapping(uint256 orderId => IOrderMarket.Status) public lastStatus;
    mapping(uint256 orderId => bool) public everDisputed;

    uint256 public statusRegressions;
    uint256 public settledTwice;
    uint256 public settlements;
    uint256 public successes;
    mapping(bytes4 selector => uint256) public callsOk;

    constructor(
        OrderMarket market_,
        ParticipantRegistry registry_,
        MockERC20 token_,
        address treasury_,
        address arbiter_,
        address[] memory customers_,
        address[] memory makers_
    ) {
        market = market_;
        registry = registry_;
        token = token_;
        treasury = treasury_;
        arbiter = arbiter_;
        customers = customers_;
        makers = makers_;
    }

    // --- views for the invariant suite -------------------------------------------------------

    function customerCount() external view returns (uint256) {
        return customers.length;
    }

    function makerCount() external view returns (uint256) {
        return makers.length;
    }

    function escrowOf(uint256 orderId) external view returns (uint256) {
        return _model[orderId].escrow;
    }

    function bondOf(uint256 orderId) external view returns (uint256) {
        return _model[orderId].bond;
    }

    function makerOf(uint256 orderId) external view returns (address) {
        return _model[orderId].maker;
    }

    // --- plumbing ----------------------------------------------------------------------------

    function _orderId(uint256 seed) internal view returns (uint256) {
        uint256 n = market.orderCount();
        return n == 0 ? 0 : bound(seed, 1, n);
    }

    /// @dev The first order at or after `seed` (cyclically) in `status`, or 0: steers actions to
    /// orders where they can succeed so deep paths (dispute, ruling, default) are reached.
    function _find(uint256 seed, IOrderMarket.Status status) internal view returns (uint256) {
        uint256 n = market.orderCount();
        for (uint256 k; k < n; ++k) {
            uint256 id = (seed + k) % n + 1;
            if (market.getOrder(id).status == status) return id;
        }
        return 0;
    }

    /// @dev The first maker at or after `seed` with a known active bid on `id`.
    function _bidder(uint256 id, uint256 seed) internal view returns (address) {
        for (uint256 k; k < makers.length; ++k) {
            address mk = makers[(seed + k) % makers.length];
            if (ghostBid[id][mk] != 0) return mk;
        }
        return makers[seed % makers.length];
    }

    function _pick(address[] storage list, uint256 seed) internal view returns (address) {
        return list[seed % list.length];
    }

    function _begin() internal {
        vm.recordLogs();
    }

    /// @dev After every action: count OrderSettled per order from the logs and check that every
    /// order's status moved only along an allowed transition.
    function _end(bytes4 selector, bool ok) internal {
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
            IOrderMarket.Status last = lastStatus[id];
            if (s != last) {
                if (!_allowed(last, s)) ++statusRegressions;
                lastStatus[id] = s;
            }
        }
        if (ok) {
            ++successes;
            ++callsOk[selector];
        }
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

    /// @dev The reference split of an order's remaining escrow: `refund` of the unreleased price
    /// back to the customer, the rest to the maker; fee pro rata to what the maker earned.
    function _settleModel(uint256 id, uint256 refund, uint256 slashBps) internal {
        Model storage m = _model[id];
        uint256 releasedAmount;
        for (uint256 i; i < m.released; ++i) releasedAmount += m.price * m.plan[i] / BPS;
        uint256 unreleased = m.price - releasedAmount;
        uint256 fee = m.fee * (m.price - refund) / m.price;
        ghostOwed[m.maker] += unreleased - refund;
        ghostOwed[m.customer] += refund + m.fee - fee;
        ghostOwed[treasury] += fee;
        ghostSlashed[m.customer] += m.bond * slashBps / BPS;
        m.escrow = 0;
    }

    function _unreleased(uint256 id) internal view returns (uint256) {
        Model storage m = _model[id];
        uint256 releasedAmount;
        for (uint256 i; i < m.released; ++i) releasedAmount += m.price * m.plan[i] / BPS;
        return m.price - releasedAmount;
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
        _begin();
        vm.prank(c);
        bool ok;
        try market.createRfq(p) returns (uint256 id) {
            ok = true;
            Model storage m = _model[id];
            m.customer = c;
            m.plan = p.milestoneBps;
            m.bond = p.bond;
            m.feeBps = market.feeBps();
        } catch {}
        _end(this.createRfq.selector, ok);
    }

    function bid(uint256 orderSeed, uint256 makerSeed, uint96 price, uint32 leadTime) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        uint256 budget = id == 0 ? 1 : market.getOrder(id).amount;
        price = uint96(bound(price, 1, budget + budget / 20)); // a few above budget, to be refused
        leadTime = uint32(bound(leadTime, 1 days, 6 days));
        _begin();
        vm.prank(mk);
        bool ok;
        try market.bid(id, price, leadTime) {
            ok = true;
            ghostBid[id][mk] = price;
            ghostLead[id][mk] = leadTime;
        } catch {}
        _end(this.bid.selector, ok);
    }

    function commitBid(uint256 orderSeed, uint256 makerSeed, uint96 price, uint32 leadTime) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        price = uint96(bound(price, 1, 50_000e6));
        leadTime = 5 days;
        bytes32 c = market.bidCommitment(id, mk, price, leadTime, bytes32(uint256(price)));
        _begin();
        vm.prank(mk);
        bool ok;
        try market.commitBid(id, c) {
            ok = true;
            ghostSealedPrice[id][mk] = price;
            ghostBid[id][mk] = 0;
        } catch {}
        _end(this.commitBid.selector, ok);
    }

    function revealBid(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        uint96 price = uint96(ghostSealedPrice[id][mk]);
        _begin();
        vm.prank(mk);
        bool ok;
        try market.revealBid(id, price, 5 days, bytes32(uint256(price))) {
            ok = true;
            ghostBid[id][mk] = price;
            ghostLead[id][mk] = 5 days;
        } catch {}
        _end(this.revealBid.selector, ok);
    }

    function withdrawBid(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        _begin();
        vm.prank(mk);
        bool ok;
        try market.withdrawBid(id) {
            ok = true;
            ghostBid[id][mk] = 0;
            ghostCounter[id][mk] = 0;
        } catch {}
        _end(this.withdrawBid.selector, ok);
    }

    function counterOffer(uint256 orderSeed, uint256 makerSeed, uint96 price) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        price = uint96(bound(price, 1, 50_000e6));
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.counterOffer(id, mk, price, 5 days) {
            ok = true;
            ghostCounter[id][mk] = price;
        } catch {}
        _end(this.counterOffer.selector, ok);
    }

    function acceptCounterOffer(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _pick(makers, makerSeed);
        _begin();
        vm.prank(mk);
        bool ok;
        try market.acceptCounterOffer(id, uint96(ghostCounter[id][mk]), 5 days) {
            ok = true;
            ghostBid[id][mk] = ghostCounter[id][mk];
            ghostLead[id][mk] = 5 days;
            ghostCounter[id][mk] = 0;
        } catch {}
        _end(this.acceptCounterOffer.selector, ok);
    }

    function award(uint256 orderSeed, uint256 makerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        address mk = _bidder(id, makerSeed);
        Model storage m = _model[id];
        _begin();
        vm.prank(m.customer);
        bool ok;
        try market.award(id, mk, uint96(ghostBid[id][mk]), ghostLead[id][mk]) {
            ok = true;
            m.maker = mk;
            m.price = ghostBid[id][mk];
            m.fee = m.price * m.feeBps / BPS;
            m.escrow = m.price + m.fee;
        } catch {}
        _end(this.award.selector, ok);
    }

    function submitMilestone(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        _begin();
        vm.prank(_model[id].maker);
        bool ok;
        try market.submitMilestone(id, bytes32(0)) {
            ok = true;
        } catch {}
        _end(this.submitMilestone.selector, ok);
    }

    function approveMilestone(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        Model storage m = _model[id];
        _begin();
        vm.prank(m.customer);
        bool ok;
        try market.approveMilestone(id) {
            ok = true;
            uint256 amount = m.price * m.plan[m.released] / BPS;
            m.released += 1;
            ghostOwed[m.maker] += amount;
            m.escrow -= amount;
        } catch {}
        _end(this.approveMilestone.selector, ok);
    }

    function ship(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        _begin();
        vm.prank(_model[id].maker);
        bool ok;
        try market.ship(id, bytes32(0)) {
            ok = true;
        } catch {}
        _end(this.ship.selector, ok);
    }

    function accept(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Shipped);
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.accept(id) {
            ok = true;
            _settleModel(id, 0, 0);
        } catch {}
        _end(this.accept.selector, ok);
    }

    function finalize(uint256 orderSeed, uint256 callerSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Shipped);
        _begin();
        vm.prank(_pick(makers, callerSeed));
        bool ok;
        try market.finalize(id) {
            ok = true;
            _settleModel(id, 0, 0);
        } catch {}
        _end(this.finalize.selector, ok);
    }

    function dispute(uint256 orderSeed, bool byMaker) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Shipped);
        _begin();
        vm.prank(byMaker ? _model[id].maker : _model[id].customer);
        bool ok;
        try market.dispute(id, bytes32(0)) {
            ok = true;
            everDisputed[id] = true;
        } catch {}
        _end(this.dispute.selector, ok);
    }

    function submitEvidence(uint256 orderSeed, bool byMaker) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Disputed);
        _begin();
        vm.prank(byMaker ? _model[id].maker : _model[id].customer);
        bool ok;
        try market.submitEvidence(id, bytes32(0)) {
            ok = true;
        } catch {}
        _end(this.submitEvidence.selector, ok);
    }

    function rule(uint256 orderSeed, uint16 refundBps, uint16 slashBps) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Disputed);
        refundBps = uint16(bound(refundBps, 0, BPS));
        slashBps = uint16(bound(slashBps, 0, BPS));
        uint256 refund = _model[id].price == 0 ? 0 : _unreleased(id) * refundBps / BPS;
        _begin();
        vm.prank(arbiter);
        bool ok;
        try market.rule(id, refundBps, slashBps) {
            ok = true;
            _settleModel(id, refund, slashBps);
        } catch {}
        _end(this.rule.selector, ok);
    }

    function cancelRfq(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Open);
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.cancelRfq(id) {
            ok = true;
        } catch {}
        _end(this.cancelRfq.selector, ok);
    }

    function cancelOrder(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        uint256 refund = _model[id].price == 0 ? 0 : _unreleased(id);
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.cancelOrder(id) {
            ok = true;
            _settleModel(id, refund, 0);
        } catch {}
        _end(this.cancelOrder.selector, ok);
    }

    function claimDefault(uint256 orderSeed) external {
        uint256 id = _find(orderSeed, IOrderMarket.Status.Awarded);
        uint256 refund = _model[id].price == 0 ? 0 : _unreleased(id);
        _begin();
        vm.prank(_model[id].customer);
        bool ok;
        try market.claimDefault(id) {
            ok = true;
            _settleModel(id, refund, BPS);
        } catch {}
        _end(this.claimDefault.selector, ok);
    }

    function withdraw(uint256 actorSeed) external {
        uint256 k = actorSeed % (customers.length + makers.length + 1);
        address who = k < customers.length
            ? customers[k]
            : k < customers.length + makers.length ? makers[k - customers.length] : treasury;
        _begin();
        vm.prank(who);
        bool ok;
        try market.withdraw(address(token)) {
            ok = true;
            ghostOwed[who] = 0;
        } catch {}
        _end(this.withdraw.selector, ok);
    }

    function claimSlashed(uint256 actorSeed) external {
        address who = _pick(customers, actorSeed);
        _begin();
        vm.prank(who);
        bool ok;
        try registry.claimSlashed() {
            ok = true;
            ghostSlashed[who] = 0;
        } catch {}
        _end(this.claimSlashed.selector, ok);
    }

    /// @notice Selectors the invariant runner may call.
    function selectors() external pure returns (bytes4[] memory s) {
        s = new bytes4[](22);
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
    }
}

/// @title Order-market invariants under random lifecycles
/// @notice 3 customers, 3 makers, an arbiter and a treasury; the handler drives every market
/// action (and claimSlashed) with bounded random inputs. Runs and depth come from the config
/// (256 x 100).
contract OrderMarketInvariantTest is Test {
    uint256 internal constant CUSTOMER_FUNDS = 1_000_000e6;
    uint256 internal constant MAKER_STAKE = 1_000e18;

    OrderMarket internal market;
    ParticipantRegistry internal registry;
    MockERC20 internal token;
    MockERC20 internal stakeToken;
    MarketHandler internal handler;
    address internal treasury = makeAddr("treasury");
    address internal governance = makeAddr("governance");
    address internal arbiter = makeAddr("arbiter");
    address[] internal customers;
    address[] internal makers;
    uint256 internal totalSupply;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new MockERC20("Pay", "PAY", 6);
        stakeToken = new MockERC20("Stake", "STK", 18);
        registry = new ParticipantRegistry(governance, address(stakeToken), 100e18);
        market = new OrderMarket(governance, address(registry), treasury, 250, 3 days, 2 days, 10e18);
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
            vm.prank(c);
            registry.register(1, bytes32(0), "", bytes32(0));
            token.mint(c, CUSTOMER_FUNDS);
            vm.prank(c);
            token.approve(address(market), type(uint256).max);
            vm.prank(m);
            registry.register(2, bytes32(0), "", bytes32(0));
            stakeToken.mint(m, MAKER_STAKE);
            vm.startPrank(m);
            stakeToken.approve(address(registry), MAKER_STAKE);
            registry.depositStake(MAKER_STAKE);
            vm.stopPrank();
        }
        totalSupply = token.totalSupply();
        handler = new MarketHandler(market, registry, token, treasury, arbiter, customers, makers);
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: handler.selectors()}));
    }

    function _sumOwed() internal view returns (uint256 sum) {
        for (uint256 i; i < 3; ++i) {
            sum += market.owed(address(token), customers[i]) + market.owed(address(token), makers[i]);
        }
        sum += market.owed(address(token), treasury);
    }

    /// @notice The market holds at least the escrow of every unsettled order plus everything owed.
    function invariant_escrowSolvency() public view {
        uint256 escrow;
        uint256 n = market.orderCount();
        for (uint256 id = 1; id <= n; ++id) escrow += handler.escrowOf(id);
        assertGe(token.balanceOf(address(market)), escrow + _sumOwed(), "market insolvent");
        // No donations happen here, so it is exact.
        assertEq(token.balanceOf(address(market)), escrow + _sumOwed(), "unaccounted tokens");
    }

    /// @notice Money is neither created nor destroyed: participants' + treasury's + market's
    /// balances equal everything ever minted.
    function invariant_moneyConserved() public view {
        uint256 sum = token.balanceOf(address(market)) + token.balanceOf(treasury);
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

    function test_handler_reachesRuling() public {
        handler.createRfq(0, 10_000e6, 1, 10e18);
        handler.bid(0, 0, 1_000e6, 2 days);
        handler.warp(2 days);
        handler.award(0, 0);
        handler.ship(0);
        handler.dispute(0, false);
        assertEq(handler.callsOk(MarketHandler.dispute.selector), 1, "dispute");
        handler.rule(0, 5_000, 5_000);
        assertEq(handler.callsOk(MarketHandler.rule.selector), 1, "rule");
    }
}
