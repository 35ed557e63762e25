// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {OrderServices} from "../../src/valuechain/OrderServices.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @title Shared set-up for the value-chain suites
/// @notice The market fixture plus the services contract set on the market, a staked inspector and
/// carrier, and helpers for a parent order with credit to spend and its sub-orders.
abstract contract ValueChainFixture is MarketFixture {
    uint96 internal constant SUB_BUDGET = 1_000e6;
    uint96 internal constant SUB_PRICE = 800e6;
    uint32 internal constant SUB_LEAD_TIME = 5 days;
    /// @dev What the first milestone (30 %) of a PRICE order credits its maker.
    uint256 internal constant FIRST_MILESTONE = uint256(PRICE) * 3_000 / 10_000;

    OrderServices internal services;
    address internal inspector = makeAddr("inspector");
    address internal carrier = makeAddr("carrier");

    function setUp() public virtual override {
        super.setUp();
        services = new OrderServices(address(market));
        vm.prank(governance);
        market.setServices(address(services));
        _register(inspector, Roles.INSPECTOR);
        _stake(inspector, MIN_STAKE);
        _register(carrier, Roles.LOGISTICS);
        _stake(carrier, MIN_STAKE);
    }

    /// @notice An order awarded to `maker` whose first milestone credited it FIRST_MILESTONE.
    function _parentWithCredit() internal returns (uint256 parentId) {
        parentId = _awardedOrder();
        _releaseMilestone(parentId);
    }

    /// @notice A sub-RFQ of `parentId`: budget SUB_BUDGET, bidding one day, due with its parent.
    function _subParams(uint256 parentId) internal view returns (IOrderMarket.RfqParams memory p) {
        p = _params();
        p.parentId = parentId;
        p.budget = SUB_BUDGET;
        p.biddingEnds = uint40(block.timestamp + 1 days);
        p.deadline = market.getOrder(parentId).dueAt;
    }

    function _subRfq(uint256 parentId) internal returns (uint256 subId) {
        IOrderMarket.RfqParams memory p = _subParams(parentId);
        vm.prank(market.getOrder(parentId).maker);
        subId = market.createRfq(p);
    }

    /// @notice A sub-order of `parentId` awarded to `maker2` at SUB_PRICE / SUB_LEAD_TIME.
    function _awardedSubOrder(uint256 parentId) internal returns (uint256 subId) {
        subId = _subRfq(parentId);
        _bid(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _award(subId, maker2);
    }

    /// @notice What `accounts` are owed in the market, in total.
    function _owedTotal(address[] memory accounts) internal view returns (uint256 total) {
        for (uint256 i; i < accounts.length; ++i) total += market.owed(address(usd), accounts[i]);
    }
}
