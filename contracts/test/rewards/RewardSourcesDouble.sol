// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {IRewardedMarket, IRewardedServices} from "../../src/rewards/interfaces/IRewardSources.sol";

/// @title The real order market with its value-chain reads set by the test
/// @notice `getOrder` is the real market's, so orders, fees and statuses are real; `shippedLate`,
/// `parentOf` and `orderArbiter` answer what the test sets, so one order can play any tree or
/// ruling. Tests only.
contract RewardedMarketDouble is IRewardedMarket {
    IOrderMarket public immutable real;
    mapping(uint256 orderId => bool) public late;
    mapping(uint256 orderId => uint256) public parent;
    mapping(uint256 orderId => address) public arbiterOf;

    constructor(IOrderMarket real_) {
        real = real_;
    }

    function setLate(uint256 orderId, bool value) external {
        late[orderId] = value;
    }

    function setParent(uint256 orderId, uint256 parentId) external {
        parent[orderId] = parentId;
    }

    function setArbiter(uint256 orderId, address arbiter) external {
        arbiterOf[orderId] = arbiter;
    }

    function getOrder(uint256 orderId) external view returns (IOrderMarket.Order memory) {
        return real.getOrder(orderId);
    }

    function shippedLate(uint256 orderId) external view returns (bool) {
        return late[orderId];
    }

    function parentOf(uint256 orderId) external view returns (uint256) {
        return parent[orderId];
    }

    function orderArbiter(uint256 orderId) external view returns (address) {
        return arbiterOf[orderId];
    }
}

/// @title Order services as `serviceInfo` describes them, set by the test
/// @notice Any service state a test needs, without running it on `OrderServices`. Tests only.
contract RewardedServicesDouble is IRewardedServices {
    struct Info {
        uint8 kind;
        uint8 state;
        uint256 orderId;
        address provider;
        address token;
        uint256 fee;
        uint40 completedAt;
    }

    mapping(uint256 serviceId => Info) public infos;

    function set(uint256 serviceId, Info calldata info) external {
        infos[serviceId] = info;
    }

    function serviceInfo(uint256 serviceId)
        external
        view
        returns (uint8, uint8, uint256, address, address, uint256, uint40)
    {
        Info memory i = infos[serviceId];
        return (i.kind, i.state, i.orderId, i.provider, i.token, i.fee, i.completedAt);
    }
}
