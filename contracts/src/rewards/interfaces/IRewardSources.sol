// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../interfaces/IOrderMarket.sol";

/// @title What the contribution rewards read from the order market
/// @notice The market's reads the rewards contract relies on, declared here so it depends on exactly
/// these. `getOrder` is `IOrderMarket.getOrder`.
interface IRewardedMarket {
    /// @notice The order `orderId` (see `IOrderMarket.Order`).
    function getOrder(uint256 orderId) external view returns (IOrderMarket.Order memory);

    /// @notice Whether `orderId` shipped after its due date.
    function shippedLate(uint256 orderId) external view returns (bool);

    /// @notice The order `orderId` is a sub-order of; zero for a top-level order.
    function parentOf(uint256 orderId) external view returns (uint256);

    /// @notice Who ruled the Resolved order `orderId`; zero when its dispute expired unruled.
    function orderArbiter(uint256 orderId) external view returns (address);
}

/// @title What the contribution rewards read from the order services (inspections, logistics legs)
interface IRewardedServices {
    /// @notice Service `serviceId`: `kind` 1 inspection, 2 logistics leg; `state` 2 when performed and
    /// its `fee` (in `token`) credited to `provider`; the order it serves and when it completed.
    function serviceInfo(uint256 serviceId)
        external
        view
        returns (
            uint8 kind,
            uint8 state,
            uint256 orderId,
            address provider,
            address token,
            uint256 fee,
            uint40 completedAt
        );
}

/// @title What the contribution rewards read from the ERC-1056 registry behind did:ethr
interface IRewardedDidRegistry {
    /// @notice The key that controls `identity` (the identity itself until changed).
    function identityOwner(address identity) external view returns (address);

    /// @notice Whether `delegate` is an unexpired delegate of `identity` for `delegateType`.
    function validDelegate(address identity, bytes32 delegateType, address delegate) external view returns (bool);
}
