// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {DesignRegistry} from "../../src/ip/DesignRegistry.sol";
import {IDesignRegistry} from "../../src/ip/interfaces/IDesignRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @title Gas of the hot paths and of the full lifecycle
/// @notice Each step is measured with `snapshotGasLastCall` into `snapshots/OrderMarket.json`, and
/// the lifecycle total (RFQ, 3 bids, award with escrow and bond, 2 milestones submitted and
/// approved, ship, accept, 2 withdrawals) with `snapshotValue`. Runs isolated, so every market call
/// is its own transaction (cold storage, refunds applied) as on a real chain.
/// See test/README.md for how the snapshots are checked and updated.
contract OrderMarketGasTest is MarketFixture {
    string internal constant GROUP = "OrderMarket";
    uint256 internal _total;

    bool internal _recording;
    uint256 internal _makerCount = 3;
    /// @dev The licence RFQs are built under (0: none) and who is paid its royalty.
    uint256 internal _licenceId;
    address internal _designer;

    function _measure(string memory name) internal {
        if (!_recording) return;
        if (_recordTotalsOnly) _total += vm.lastCallGas().gasTotalUsed;
        else _total += vm.snapshotGasLastCall(GROUP, name);
    }

    /// @dev RFQ, 3 bids, award (escrow + bond), 2 milestones (submit + approve), ship, accept,
    /// 2 withdrawals: 13 transactions.
    function _lifecycle() internal returns (uint256 id) {
        IOrderMarket.RfqParams memory p = _params();
        p.licenceId = _licenceId;
        vm.prank(customer);
        id = market.createRfq(p);
        _measure("createRfq");

        vm.prank(maker);
        market.bid(id, PRICE, LEAD_TIME);
        _measure("bid (first)");
        vm.prank(maker2);
        market.bid(id, PRICE - 100e6, LEAD_TIME);
        _measure("bid (second)");
        vm.prank(maker3);
        market.bid(id, PRICE - 200e6, LEAD_TIME);
        _measure("bid (third)");

        vm.warp(uint256(p.biddingEnds) + 1);
        vm.prank(customer);
        market.award(id, maker3, PRICE - 200e6, LEAD_TIME);
        _measure("award");

        for (uint256 i; i < 2; ++i) {
            vm.prank(maker3);
            market.submitMilestone(id, keccak256(abi.encode("evidence", i)));
            _measure(i == 0 ? "submitMilestone (1st)" : "submitMilestone (2nd)");
            vm.prank(customer);
            market.approveMilestone(id);
            _measure(i == 0 ? "approveMilestone (1st)" : "approveMilestone (2nd)");
        }

        vm.prank(maker3);
        market.ship(id, keccak256("tracking"));
        _measure("ship");
        _accept(id);
        _measure("accept");
        vm.prank(maker3);
        market.withdraw(address(usd));
        _measure("withdraw (maker)");
        vm.prank(treasury);
        market.withdraw(address(usd));
        _measure("withdraw (treasury)");
        if (_licenceId != 0) {
            vm.prank(_designer);
            market.withdraw(address(usd));
            _measure("withdraw (designer)");
        }
    }

    /// @notice The full scenario on a market that has already run one order (the steady state the
    /// gas budget is about); each figure is a whole transaction's gasUsed.
    /// forge-config: default.isolate = true
    function test_gas_lifecycle() public {
        _lifecycle(); // pays one-time costs: first order id, first balances of maker and treasury
        _recording = true;
        _total = 0;
        uint256 id = _lifecycle();
        vm.snapshotValue(GROUP, "lifecycle (13 transactions)", _total);
        assertEq(uint256(market.getOrder(id).status), uint256(IOrderMarket.Status.Completed));
        assertLe(_total, 750_000, "full scenario gas budget 750,000");
    }

    /// @notice The same scenario as the very first order on a fresh market.
    /// forge-config: default.isolate = true
    function test_gas_lifecycleFirstOrder() public {
        _total = 0;
        _recording = true;
        _lifecycleTotalOnly();
        vm.snapshotValue(GROUP, "lifecycle, first order on a fresh market", _total);
    }

    function _lifecycleTotalOnly() internal {
        // Same calls, reported only as a total: the per-call names belong to the steady-state run.
        _recordTotalsOnly = true;
        _lifecycle();
        _recordTotalsOnly = false;
    }

    bool internal _recordTotalsOnly;

    /// @notice The steady-state scenario for an order built under a design licence (10 units at
    /// 20 tUSD royalty, any maker allowed), the designer withdrawing its royalty: 14 transactions.
    /// forge-config: default.isolate = true
    function test_gas_licensedLifecycle() public {
        _designer = makeAddr("designer");
        DesignRegistry designs = new DesignRegistry(governance, address(market), 0);
        vm.prank(governance);
        market.setDesignRegistry(address(designs));
        vm.startPrank(_designer);
        uint256 designId = designs.register(keccak256("bracket.step"), "bafy-bracket", "Bracket", 0);
        _licenceId = designs.createLicence(
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
        _lifecycleTotalOnly(); // pays one-time costs, the designer's first balance included
        _total = 0;
        _recording = true;
        _lifecycleTotalOnly();
        vm.snapshotValue(GROUP, "lifecycle, licensed order (14 transactions)", _total);
        assertEq(market.owed(address(usd), _designer), 0);
    }

    /// forge-config: default.isolate = true
    function test_gas_sealedBidAndDisputePaths() public {
        uint256 id = _createRfq(_sealedParams());
        bytes32 c = market.bidCommitment(id, maker, PRICE, LEAD_TIME, _salt(maker));
        vm.prank(maker);
        market.commitBid(id, c);
        vm.snapshotGasLastCall(GROUP, "commitBid");
        _openReveal(id);
        vm.prank(maker);
        market.revealBid(id, PRICE, LEAD_TIME, _salt(maker));
        vm.snapshotGasLastCall(GROUP, "revealBid");
        _closeBidding(id);
        vm.prank(customer);
        market.award(id, maker, PRICE, LEAD_TIME);
        vm.prank(maker);
        market.ship(id, bytes32(0));
        vm.prank(customer);
        market.dispute(id, keccak256("broken"));
        vm.snapshotGasLastCall(GROUP, "dispute");
        vm.prank(arbiter);
        market.rule(id, 5_000, 5_000);
        vm.snapshotGasLastCall(GROUP, "rule");
    }

    /// forge-config: default.isolate = true
    function test_gas_cancelAndDefaultPaths() public {
        uint256 a = _awardedOrder();
        vm.prank(customer);
        market.cancelOrder(a);
        vm.snapshotGasLastCall(GROUP, "cancelOrder");
        uint256 b = _awardedOrder();
        vm.warp(block.timestamp + LEAD_TIME + LATE_GRACE + 1);
        vm.prank(customer);
        market.claimDefault(b);
        vm.snapshotGasLastCall(GROUP, "claimDefault");
    }
}
