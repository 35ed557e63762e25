// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "./interfaces/IOrderMarket.sol";

/// @title Bounds of the order market's governed parameters
/// @notice The market creates one in its constructor and calls it only when parameters are set. It
/// lives apart because the market's code is at the EIP-170 size limit, and governance calls are the
/// coldest path the market has. See {IOrderMarket-MarketParameters} for each bound and its reason.
contract OrderMarketBounds {
    uint256 private constant _MAX_FEE_BPS = 1_000;
    uint256 private constant _MIN_ACCEPTANCE_WINDOW = 1 hours;
    uint256 private constant _MAX_WINDOW = 30 days;
    uint256 private constant _MIN_RULING_WINDOW = 1 days;
    uint256 private constant _MAX_RULING_WINDOW = 90 days;
    uint256 private constant _MAX_CANCELLATION_FLOOR_PERCENT = 50;
    uint256 private constant _MAX_COMMIT_DEPOSIT_BPS = 1_000;

    /// @notice Reverts `MarketParameterOutOfBounds` naming the first parameter out of its bounds;
    /// `maxMinBond` is the registry's minimum stake (above it, a newly staked maker could bid on no RFQ).
    function check(IOrderMarket.MarketParameters calldata p, uint256 maxMinBond) external pure {
        _check("feeBps", p.feeBps, 0, _MAX_FEE_BPS);
        _check("acceptanceWindow", p.acceptanceWindow, _MIN_ACCEPTANCE_WINDOW, _MAX_WINDOW);
        _check("lateGrace", p.lateGrace, 0, _MAX_WINDOW);
        _check("minBond", p.minBond, 0, maxMinBond);
        _check("rulingWindow", p.rulingWindow, _MIN_RULING_WINDOW, _MAX_RULING_WINDOW);
        _check("cancellationFloorPercent", p.cancellationFloorPercent, 0, _MAX_CANCELLATION_FLOOR_PERCENT);
        _check("commitDepositBps", p.commitDepositBps, 0, _MAX_COMMIT_DEPOSIT_BPS);
    }

    function _check(string memory name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert IOrderMarket.MarketParameterOutOfBounds(name, value, min, max);
    }
}
