// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {Roles} from "../libraries/Roles.sol";
import {Balance} from "../types/OrderRecord.sol";
import {IOrderServices} from "./interfaces/IOrderServices.sol";

/// @title DIPNET order services
/// @notice See {IOrderServices}.
/// @dev It is an invariant that, per token, this contract's balance >= fees of booked services +
/// sum of owed: a booking receives its fee from the market, and each fee is credited once, to the
/// provider or back to the booker, as the service leaves Booked. The market transfers exactly: it
/// holds only tokens that arrived in full (`award` checks what it received), so the amount is not
/// measured again here. Balances are cumulative counters, as the market's, so a provider paid
/// regularly never rewrites a zero slot.
contract OrderServices is IOrderServices, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    IOrderMarket private immutable _market;
    IParticipantRegistry private immutable _registry;

    mapping(uint256 serviceId => Service) private _services;
    mapping(address token => mapping(address account => Balance)) private _balances;
    uint256 private _serviceCount;

    constructor(address market_) {
        if (market_.code.length == 0) _revertInvalidBooking("market", "must be a contract");
        _market = IOrderMarket(market_);
        _registry = IParticipantRegistry(IOrderMarket(market_).registry());
    }

    // ---------------------------------------------------------------- booking

    /// @inheritdoc IOrderServices
    function bookInspection(uint256 orderId, address inspector, uint96 fee, InspectionKind kind, uint40 deadline)
        external
        returns (uint256 serviceId)
    {
        if (kind == InspectionKind.None) _revertInvalidBooking("kind", "must be FirstArticle or Final");
        serviceId = _book(orderId, ServiceKind.Inspection, Roles.INSPECTOR, inspector, fee, deadline);
        _services[serviceId].inspection = kind;
        emit InspectionBooked(serviceId, orderId, inspector, msg.sender, kind, fee, deadline);
    }

    /// @inheritdoc IOrderServices
    function bookLeg(uint256 orderId, address carrier, address receiver, uint96 fee, uint40 deadline)
        external
        returns (uint256 serviceId)
    {
        if (receiver == address(0)) _revertInvalidBooking("receiver", "must not be the zero address");
        if (receiver == carrier) _revertInvalidBooking("receiver", "must not be the carrier");
        serviceId = _book(orderId, ServiceKind.Logistics, Roles.LOGISTICS, carrier, fee, deadline);
        _services[serviceId].receiver = receiver;
        emit LegBooked(serviceId, orderId, carrier, msg.sender, receiver, fee, deadline);
    }

    // ---------------------------------------------------------------- performing

    /// @inheritdoc IOrderServices
    function submitReport(uint256 serviceId, bytes32 reportHash, bool accepted) external {
        Service storage service = _bookedOf(serviceId, ServiceKind.Inspection);
        _checkCaller(serviceId, service.provider);
        _checkBeforeDeadline(serviceId, service);
        if (reportHash == bytes32(0)) _revertInvalidBooking("reportHash", "must not be zero");
        emit InspectionReported(serviceId, msg.sender, reportHash, accepted);
        _perform(service);
    }

    /// @inheritdoc IOrderServices
    function pickUp(uint256 serviceId, bytes32 epcisHash) external {
        Service storage service = _bookedOf(serviceId, ServiceKind.Logistics);
        _checkCaller(serviceId, service.provider);
        _checkBeforeDeadline(serviceId, service);
        if (service.pickedUpAt != 0) revert ServicesAlreadyPickedUp(serviceId, service.pickedUpAt);
        if (epcisHash == bytes32(0)) _revertInvalidBooking("epcisHash", "must not be zero");
        service.pickedUpAt = uint40(block.timestamp);
        emit LegPickedUp(serviceId, msg.sender, epcisHash);
    }

    /// @inheritdoc IOrderServices
    function confirmReceipt(uint256 serviceId, bytes32 epcisHash) external {
        Service storage service = _bookedOf(serviceId, ServiceKind.Logistics);
        _checkCaller(serviceId, service.receiver);
        _checkBeforeDeadline(serviceId, service);
        if (service.pickedUpAt == 0) revert ServicesNotPickedUp(serviceId);
        if (epcisHash == bytes32(0)) _revertInvalidBooking("epcisHash", "must not be zero");
        emit LegReceived(serviceId, msg.sender, epcisHash);
        _perform(service);
    }

    // ---------------------------------------------------------------- cancellation and payouts

    /// @inheritdoc IOrderServices
    function cancel(uint256 serviceId) external {
        Service storage service = _service(serviceId);
        if (service.state != ServiceState.Booked) revert ServicesInvalidState(serviceId, service.state);
        bool expired = block.timestamp > service.deadline;
        bool pickedUp = service.pickedUpAt != 0;
        if (!expired && pickedUp) revert ServicesAlreadyPickedUp(serviceId, service.pickedUpAt);
        if (msg.sender != service.booker && (pickedUp || !_orderAbandoned(service.orderId))) {
            revert ServicesNotCancellable(serviceId, msg.sender);
        }
        service.state = ServiceState.Cancelled;
        service.completedAt = uint40(block.timestamp);
        emit ServiceCancelled(serviceId, msg.sender, service.fee);
        _credit(service.token, service.booker, service.fee);
    }

    /// @inheritdoc IOrderServices
    function withdraw(address token) external nonReentrant {
        Balance storage balance = _balances[token][msg.sender];
        uint256 amount = balance.credited - balance.withdrawn;
        if (amount == 0) revert ServicesNothingToWithdraw(token, msg.sender);
        balance.withdrawn = balance.credited;
        emit Withdrawn(token, msg.sender, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOrderServices
    function serviceInfo(uint256 serviceId)
        external
        view
        returns (uint8 kind, uint8 state, uint256 orderId, address provider, address token, uint256 fee, uint40 completedAt)
    {
        Service storage service = _service(serviceId);
        return (
            uint8(service.kind),
            uint8(service.state),
            service.orderId,
            service.provider,
            service.token,
            service.fee,
            service.completedAt
        );
    }

    /// @inheritdoc IOrderServices
    function getService(uint256 serviceId) external view returns (Service memory) {
        return _service(serviceId);
    }

    /// @inheritdoc IOrderServices
    function serviceCount() external view returns (uint256) {
        return _serviceCount;
    }

    /// @inheritdoc IOrderServices
    function owed(address token, address account) external view returns (uint256) {
        Balance storage balance = _balances[token][account];
        return balance.credited - balance.withdrawn;
    }

    /// @inheritdoc IOrderServices
    function market() external view returns (address) {
        return address(_market);
    }

    /// @inheritdoc IOrderServices
    function registry() external view returns (address) {
        return address(_registry);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Checks the booking, records it and has the market pay its fee here out of the order's
    /// credits (the market checks that the caller is the maker of the awarded order and that the
    /// credits hold the fee).
    function _book(
        uint256 orderId,
        ServiceKind kind,
        uint8 role,
        address provider,
        uint96 fee,
        uint40 deadline
    ) private nonReentrant returns (uint256 serviceId) {
        if (fee == 0) _revertInvalidBooking("fee", "must be greater than zero");
        if (deadline <= block.timestamp) _revertInvalidBooking("deadline", "must be in the future");
        if (provider == msg.sender) _revertInvalidBooking("provider", "must not be the booker");
        _registry.checkProvider(provider, role);
        serviceId = ++_serviceCount;
        Service storage service = _services[serviceId];
        (service.provider, service.fee) = (provider, fee);
        // Order ids count up from 1 in the market: 64 bits hold them forever.
        (service.booker, service.orderId, service.kind, service.state) =
            (msg.sender, uint64(orderId), kind, ServiceState.Booked);
        (service.token, service.deadline) = (_market.fundService(orderId, msg.sender, fee), deadline);
    }

    /// @dev Credits a booked service's fee to its provider.
    function _perform(Service storage service) private {
        service.state = ServiceState.Performed;
        service.completedAt = uint40(block.timestamp);
        _credit(service.token, service.provider, service.fee);
    }

    function _credit(address token, address account, uint256 amount) private {
        // A fee is a uint96; the cumulative total of a token's whole supply fits 128 bits for any real token.
        _balances[token][account].credited += uint128(amount);
    }

    /// @dev Whether the service's order ended other than by completion, which abandons its services.
    function _orderAbandoned(uint256 orderId) private view returns (bool) {
        IOrderMarket.Status status = _market.getOrder(orderId).status;
        return status == IOrderMarket.Status.Cancelled || status == IOrderMarket.Status.Defaulted
            || status == IOrderMarket.Status.Resolved;
    }

    function _service(uint256 serviceId) private view returns (Service storage service) {
        service = _services[serviceId];
        if (service.kind == ServiceKind.None) revert ServicesUnknownService(serviceId);
    }

    function _bookedOf(uint256 serviceId, ServiceKind kind) private view returns (Service storage service) {
        service = _service(serviceId);
        if (service.kind != kind) revert ServicesWrongKind(serviceId, kind);
        if (service.state != ServiceState.Booked) revert ServicesInvalidState(serviceId, service.state);
    }

    function _checkCaller(uint256 serviceId, address expected) private view {
        if (msg.sender != expected) revert ServicesNotAllowed(serviceId, msg.sender, expected);
    }

    function _checkBeforeDeadline(uint256 serviceId, Service storage service) private view {
        if (block.timestamp > service.deadline) revert ServicesDeadlinePassed(serviceId, service.deadline);
    }

    function _revertInvalidBooking(string memory field, string memory reason) private pure {
        revert ServicesInvalidBooking(field, reason);
    }
}
