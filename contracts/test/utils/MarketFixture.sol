// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {OrderMarket} from "../../src/OrderMarket.sol";
import {TestStablecoin} from "../../src/tokens/TestStablecoin.sol";
import {RegistryFixture} from "./Fixture.sol";

/// @dev What the mock tokens share. `NoReturnToken.approve` returns nothing, so neither does this one.
interface IMintableToken {
    function mint(address to, uint256 amount) external;
    function approve(address spender, uint256 amount) external;
}

/// @title Shared set-up for the order-market suites
/// @notice Deploys registry, market, tUSD and a stake token; registers the cast (the customer, three
/// staked manufacturers and another one, an arbiter) and gives helpers that move an order to any
/// stage with default terms.
abstract contract MarketFixture is RegistryFixture {
    uint16 internal constant FEE_BPS = 250;
    uint32 internal constant ACCEPTANCE_WINDOW = 7 days;
    uint32 internal constant LATE_GRACE = 3 days;
    uint96 internal constant MIN_BOND = 10e18;
    uint16 internal constant COMMIT_DEPOSIT_BPS = 100;
    uint8 internal constant CANCELLATION_FLOOR_PERCENT = 10;
    uint16 internal constant CANCELLATION_FLOOR_BPS = uint16(CANCELLATION_FLOOR_PERCENT) * 100;
    uint32 internal constant RULING_WINDOW = 14 days;
    uint256 internal constant MIN_STAKE = 100e18;
    uint256 internal constant MAKER_STAKE = 1_000e18;

    uint96 internal constant BUDGET = 5_000e6;
    uint96 internal constant BOND = 50e18;
    uint96 internal constant PRICE = 4_000e6;
    uint32 internal constant LEAD_TIME = 10 days;
    uint256 internal constant DEPOSIT_FUNDS = 1_000e6;

    OrderMarket internal market;
    TestStablecoin internal usd;

    address internal treasury = makeAddr("treasury");
    address internal maker3 = makeAddr("maker3");
    address internal arbiter = makeAddr("arbiter");

    function _defaultParameters() internal pure returns (IOrderMarket.MarketParameters memory) {
        return IOrderMarket.MarketParameters({
            feeBps: FEE_BPS,
            acceptanceWindow: ACCEPTANCE_WINDOW,
            lateGrace: LATE_GRACE,
            minBond: MIN_BOND,
            rulingWindow: RULING_WINDOW,
            cancellationFloorPercent: CANCELLATION_FLOOR_PERCENT,
            commitDepositBps: COMMIT_DEPOSIT_BPS
        });
    }

    // The setters below read the current parameters before pranking: a prank would be spent on the read.
    function _setParameters(IOrderMarket.MarketParameters memory p) internal {
        vm.prank(governance);
        market.setParameters(p);
    }

    function _setFee(uint16 feeBps) internal {
        IOrderMarket.MarketParameters memory p = market.parameters();
        p.feeBps = feeBps;
        _setParameters(p);
    }

    function _setWindows(uint32 acceptanceWindow, uint32 lateGrace) internal {
        IOrderMarket.MarketParameters memory p = market.parameters();
        (p.acceptanceWindow, p.lateGrace) = (acceptanceWindow, lateGrace);
        _setParameters(p);
    }

    function _setMinBond(uint96 minBond) internal {
        IOrderMarket.MarketParameters memory p = market.parameters();
        p.minBond = minBond;
        _setParameters(p);
    }

    function _setRulingWindow(uint32 rulingWindow) internal {
        IOrderMarket.MarketParameters memory p = market.parameters();
        p.rulingWindow = rulingWindow;
        _setParameters(p);
    }

    function _setCancellationFloor(uint8 percent) internal {
        IOrderMarket.MarketParameters memory p = market.parameters();
        p.cancellationFloorPercent = percent;
        _setParameters(p);
    }

    function _setCommitDeposit(uint16 depositBps) internal {
        IOrderMarket.MarketParameters memory p = market.parameters();
        p.commitDepositBps = depositBps;
        _setParameters(p);
    }

    function setUp() public virtual override {
        super.setUp();
        usd = new TestStablecoin();
        _deployRegistry(MIN_STAKE);
        market = new OrderMarket(governance, address(registry), treasury, _defaultParameters());
        vm.startPrank(governance);
        registry.setMarket(address(market), true);
        market.setPaymentToken(address(usd), true);
        market.setArbiter(arbiter, true);
        vm.stopPrank();

        _register(customer, CUSTOMER);
        _registerMaker(maker, MAKER_STAKE);
        _registerMaker(maker2, MAKER_STAKE);
        _registerMaker(maker3, MAKER_STAKE);
        _registerMaker(otherMaker, MAKER_STAKE);
        usd.faucet(customer, 10_000e6);
        vm.prank(customer);
        usd.approve(address(market), type(uint256).max);
        // Makers pay commit deposits of sealed bids in the payment token.
        _fundDeposits(maker);
        _fundDeposits(maker2);
        _fundDeposits(maker3);
        _fundDeposits(otherMaker);
    }

    /// @notice Gives `who` tUSD for commit deposits and approves the market, once.
    function _fundDeposits(address who) internal {
        if (usd.allowance(who, address(market)) != 0) return;
        usd.faucet(who, DEPOSIT_FUNDS);
        vm.prank(who);
        usd.approve(address(market), type(uint256).max);
    }

    /// @notice An open RFQ with default terms paid in `token` (a mock token, which governance allows
    /// here) by a new customer `buyer` holding 10,000 of it with the market approved.
    function _rfqPaidIn(address token) internal returns (uint256 orderId, address buyer) {
        vm.prank(governance);
        market.setPaymentToken(token, true);
        buyer = makeAddr("buyer");
        _register(buyer, CUSTOMER);
        IMintableToken(token).mint(buyer, 10_000e6);
        vm.prank(buyer);
        IMintableToken(token).approve(address(market), type(uint256).max);
        IOrderMarket.RfqParams memory p = _params();
        p.paymentToken = token;
        vm.prank(buyer);
        orderId = market.createRfq(p);
    }

    // --- RFQs --------------------------------------------------------------------------------

    function _plan3() internal pure returns (uint16[] memory plan) {
        plan = new uint16[](3);
        plan[0] = 3_000;
        plan[1] = 5_000;
        plan[2] = 2_000;
    }

    /// @notice Default open RFQ: budget 5,000 tUSD, bond 50, bidding 2 days, deadline 30 days, 30/50/20 plan.
    function _params() internal view returns (IOrderMarket.RfqParams memory p) {
        p.specHash = keccak256("spec-v1");
        p.specURI = "ipfs://spec";
        p.process = "cnc-milling";
        p.material = "aluminium-6061";
        p.quantity = 10;
        p.paymentToken = address(usd);
        p.budget = BUDGET;
        p.bond = BOND;
        p.deadline = uint40(block.timestamp + 30 days);
        p.biddingEnds = uint40(block.timestamp + 2 days);
        p.revealEnds = 0;
        p.invitees = new address[](0);
        p.milestoneBps = _plan3();
    }

    function _sealedParams() internal view returns (IOrderMarket.RfqParams memory p) {
        p = _params();
        p.revealEnds = uint40(block.timestamp + 3 days);
    }

    function _createRfq(IOrderMarket.RfqParams memory p) internal returns (uint256 orderId) {
        vm.prank(customer);
        orderId = market.createRfq(p);
    }

    function _openRfq() internal returns (uint256) {
        return _createRfq(_params());
    }

    function _sealedRfq() internal returns (uint256) {
        return _createRfq(_sealedParams());
    }

    // --- bids --------------------------------------------------------------------------------

    function _bid(uint256 orderId, address who, uint96 price, uint32 leadTime) internal {
        vm.prank(who);
        market.bid(orderId, price, leadTime);
    }

    function _salt(address who) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", who));
    }

    function _commit(uint256 orderId, address who, uint96 price, uint32 leadTime) internal {
        bytes32 commitment = market.bidCommitment(orderId, who, price, leadTime, _salt(who));
        vm.prank(who);
        market.commitBid(orderId, commitment);
    }

    function _reveal(uint256 orderId, address who, uint96 price, uint32 leadTime) internal {
        vm.prank(who);
        market.revealBid(orderId, price, leadTime, _salt(who));
    }

    /// @notice A sealed RFQ in its reveal window, where `maker` revealed PRICE / LEAD_TIME.
    function _revealedRfq() internal returns (uint256 orderId) {
        orderId = _sealedRfq();
        _commit(orderId, maker, PRICE, LEAD_TIME);
        _openReveal(orderId);
        _reveal(orderId, maker, PRICE, LEAD_TIME);
    }

    function _closeBidding(uint256 orderId) internal {
        IOrderMarket.Order memory o = market.getOrder(orderId);
        uint256 closesAt = o.revealEnds != 0 ? o.revealEnds : o.biddingEnds;
        if (block.timestamp <= closesAt) vm.warp(closesAt + 1);
    }

    function _openReveal(uint256 orderId) internal {
        vm.warp(market.getOrder(orderId).biddingEnds + 1);
    }

    // --- order stages ------------------------------------------------------------------------

    /// @notice Awards `orderId` to `who` at the terms its bid holds now.
    function _award(uint256 orderId, address who) internal {
        _closeBidding(orderId);
        IOrderMarket.Bid memory terms = market.getBid(orderId, who);
        address orderCustomer = market.getOrder(orderId).customer;
        vm.prank(orderCustomer);
        market.award(orderId, who, terms.price, terms.leadTime);
    }

    /// @notice Asserts that `who` awarding `orderId` to `maker` at PRICE / LEAD_TIME reverts with `err`.
    function _assertAwardReverts(uint256 orderId, address who, bytes memory err) internal {
        _expectRevertAs(who, err);
        market.award(orderId, maker, PRICE, LEAD_TIME);
    }

    /// @notice The maker accepts the counter-offer it holds now.
    function _acceptCounterOffer(uint256 orderId, address who) internal {
        IOrderMarket.Bid memory offer = market.getCounterOffer(orderId, who);
        vm.prank(who);
        market.acceptCounterOffer(orderId, offer.price, offer.leadTime);
    }

    /// @notice An open RFQ with `maker` bidding PRICE / LEAD_TIME, awarded to `maker`.
    function _awardedOrder() internal returns (uint256) {
        return _awardedOrder(_params(), PRICE);
    }

    /// @notice An RFQ of `p` with `maker` bidding `price` / LEAD_TIME, awarded to `maker`.
    function _awardedOrder(IOrderMarket.RfqParams memory p, uint96 price) internal returns (uint256 orderId) {
        orderId = _createRfq(p);
        _bid(orderId, maker, price, LEAD_TIME);
        _award(orderId, maker);
    }

    function _releaseMilestone(uint256 orderId) internal {
        vm.prank(market.getOrder(orderId).maker);
        market.submitMilestone(orderId, keccak256("evidence"));
        vm.prank(market.getOrder(orderId).customer);
        market.approveMilestone(orderId);
    }

    function _ship(uint256 orderId) internal {
        vm.prank(market.getOrder(orderId).maker);
        market.ship(orderId, keccak256("shipped"));
    }

    /// @notice The customer accepts the shipped `orderId`.
    function _accept(uint256 orderId) internal {
        vm.prank(customer);
        market.accept(orderId);
    }

    function _shippedOrder() internal returns (uint256 orderId) {
        orderId = _awardedOrder();
        _ship(orderId);
    }

    function _disputedOrder() internal returns (uint256 orderId) {
        orderId = _shippedOrder();
        vm.prank(customer);
        market.dispute(orderId, keccak256("broken"));
    }

    function _fee(uint256 price) internal pure returns (uint256) {
        return price * FEE_BPS / 10_000;
    }

    function _status(uint256 orderId) internal view returns (IOrderMarket.Status) {
        return market.getOrder(orderId).status;
    }

    function _assertStatus(uint256 orderId, IOrderMarket.Status expected) internal view {
        assertEq(uint256(_status(orderId)), uint256(expected), "order status");
    }

    function _withdrawAll(address who, address token) internal {
        if (market.owed(token, who) == 0) return;
        vm.prank(who);
        market.withdraw(token);
    }

    function _err(bytes4 selector, uint256 orderId, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, orderId, who);
    }

    function _statusErr(uint256 orderId, IOrderMarket.Status status) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketInvalidStatus.selector, orderId, status);
    }
}
