// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {DesignRegistry} from "../../src/ip/DesignRegistry.sol";
import {IDesignRegistry} from "../../src/ip/interfaces/IDesignRegistry.sol";
import {IOrderServices} from "../../src/valuechain/interfaces/IOrderServices.sol";
import {ValueChainFixture} from "../valuechain/ValueChainFixture.sol";

/// @title Gas of an order of the value chain
/// @notice A licensed order (10 units at 20 tUSD royalty) whose maker, once the first milestone
/// credited it, passes part of the work to a sub-tier (sub-RFQ, bid, award from the order's
/// credits, ship, accept), books a first-article inspection and a leg to the customer, then ships;
/// the maker, sub-tier, treasury, designer, inspector and carrier withdraw. Every transaction is
/// measured (isolated, as on a real chain) into `snapshots/ValueChain.json`.
contract ValueChainGasTest is ValueChainFixture {
    string internal constant GROUP = "ValueChain";
    uint256 internal _total;
    bool internal _recording;

    function _measure(string memory name) internal {
        if (_recording) _total += vm.snapshotGasLastCall(GROUP, name);
    }

    function _valueChainOrder(uint256 licenceId, address designer) internal {
        IOrderMarket.RfqParams memory p = _params();
        p.licenceId = licenceId;
        vm.prank(customer);
        uint256 id = market.createRfq(p);
        _measure("createRfq");
        vm.prank(maker);
        market.bid(id, PRICE, LEAD_TIME);
        _measure("bid");
        _closeBidding(id);
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
        _measure("award");
        vm.prank(maker);
        market.submitMilestone(id, keccak256("milled"));
        _measure("submitMilestone");
        vm.prank(customer);
        market.approveMilestone(id);
        _measure("approveMilestone");

        IOrderMarket.RfqParams memory sp = _subParams(id);
        vm.prank(maker);
        uint256 subId = market.createRfq(sp);
        _measure("createRfq (sub-order)");
        vm.prank(maker2);
        market.bid(subId, SUB_PRICE, SUB_LEAD_TIME);
        _measure("bid (sub-order)");
        _closeBidding(subId);
        vm.prank(maker);
        market.award(subId, maker2, SUB_PRICE, SUB_LEAD_TIME);
        _measure("award (sub-order)");
        vm.prank(maker2);
        market.ship(subId, keccak256("anodised"));
        _measure("ship (sub-order)");
        vm.prank(maker);
        market.accept(subId);
        _measure("accept (sub-order)");

        uint40 deadline = uint40(block.timestamp + 3 days);
        vm.prank(maker);
        uint256 inspection =
            services.bookInspection(id, inspector, 80e6, IOrderServices.InspectionKind.FirstArticle, deadline);
        _measure("bookInspection");
        vm.prank(inspector);
        services.submitReport(inspection, keccak256("report"), true);
        _measure("submitReport");
        vm.prank(maker);
        uint256 leg = services.bookLeg(id, carrier, customer, 60e6, deadline);
        _measure("bookLeg");
        vm.prank(carrier);
        services.pickUp(leg, keccak256("epcis-shipping"));
        _measure("pickUp");
        vm.prank(customer);
        services.confirmReceipt(leg, keccak256("epcis-receiving"));
        _measure("confirmReceipt");

        vm.prank(maker);
        market.ship(id, keccak256("shipped"));
        _measure("ship");
        vm.prank(customer);
        market.accept(id);
        _measure("accept");
        address[4] memory payees = [maker, maker2, treasury, designer];
        for (uint256 i; i < payees.length; ++i) {
            vm.prank(payees[i]);
            market.withdraw(address(usd));
            _measure("withdraw");
        }
        vm.prank(inspector);
        services.withdraw(address(usd));
        _measure("withdraw (services)");
        vm.prank(carrier);
        services.withdraw(address(usd));
        _measure("withdraw (services)");
    }

    /// @notice The steady state: the same scenario run once before, so one-time writes are paid.
    /// forge-config: default.isolate = true
    function test_gas_valueChainLifecycle() public {
        address designer = makeAddr("designer");
        DesignRegistry designs = new DesignRegistry(governance, address(market), 0);
        vm.prank(governance);
        market.setDesignRegistry(address(designs));
        vm.startPrank(designer);
        uint256 designId = designs.register(keccak256("bracket.step"), "bafy-bracket", "Bracket", 0);
        uint256 licenceId = designs.createLicence(
            designId,
            IDesignRegistry.LicenceTerms({
                paymentToken: address(usd),
                royaltyPerUnit: 20e6,
                maxUnits: 1_000,
                expiresAt: 0,
                open: true,
                makers: new address[](0)
            })
        );
        vm.stopPrank();
        _valueChainOrder(licenceId, designer);
        _recording = true;
        _valueChainOrder(licenceId, designer);
        vm.snapshotValue(GROUP, "lifecycle, value chain (25 transactions)", _total);
        // Measured 1,770,792: above issue 15's goal of 1.3 M (see the contracts README, Value chain),
        // so this bounds regressions rather than meeting the goal.
        assertLe(_total, 1_800_000, "value chain gas bound 1.8 M");
    }
}
