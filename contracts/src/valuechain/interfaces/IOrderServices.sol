// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET order services: inspections and logistics legs as paid steps of an order
/// @notice The maker of an awarded order books an inspection (first article or final) by a registered
/// inspector, or a logistics leg by a registered carrier to a receiver (the next custodian: the
/// customer, a sub-tier, another carrier). The fee is spent from what the order has already credited
/// the maker, exactly like a sub-order's award (`IOrderMarket.fundService`: never from the customer's
/// unreleased share), and held here until the step is performed:
/// - an inspection is performed when its inspector files the report (`submitReport`): the hash of
///   the report document, signed by the inspector (EIP-712) off chain and published as evidence, and
///   the verdict; the fee is credited to the inspector whatever the verdict;
/// - a leg is picked up by its carrier from the maker (`pickUp`, with the hash of the EPCIS event
///   recording the custody handover) and performed when the receiver confirms receipt
///   (`confirmReceipt`, with its EPCIS event's hash); the fee is credited to the carrier.
/// The booker may cancel a step not yet performed (a leg only before pick-up) and reclaim the fee of
/// one its deadline passed unperformed (a picked-up leg included); anyone may cancel an unperformed
/// step, not picked up, of an order that ended Cancelled, Defaulted or Resolved. The fee then goes
/// back to the booker. Every credit is a pull payment (`withdraw`); it is an invariant that, per
/// token, this contract's balance >= fees of booked steps + sum of owed.
/// @dev Providers must hold the role (`INSPECTOR`, `LOGISTICS`) and the registry's minimum stake
/// when booked (`IParticipantRegistry.checkProvider`); they must not be the booker, nor a carrier its
/// own receiver. The contract has no owner and no parameters: governance's power is choosing it
/// (`IOrderMarket.setServices`); bookings already paid into it settle here whatever governance does.
interface IOrderServices {
    /// @notice What a service is: 1 inspection, 2 logistics leg.
    enum ServiceKind {
        None,
        Inspection,
        Logistics
    }

    /// @notice Where a service is: 1 booked, 2 performed (report filed or receipt confirmed: fee
    /// credited to the provider), 3 cancelled (fee back to the booker).
    enum ServiceState {
        None,
        Booked,
        Performed,
        Cancelled
    }

    /// @notice Which inspection: of the first article made, or of the finished lot before shipping.
    enum InspectionKind {
        None,
        FirstArticle,
        Final
    }

    /// @notice A booked service, in three storage slots (four for a leg). `inspection` is None for a
    /// leg; `receiver` and `pickedUpAt` are zero for an inspection. `completedAt` is when it was
    /// performed or cancelled.
    struct Service {
        address provider;
        uint96 fee;
        address booker;
        uint64 orderId;
        ServiceKind kind;
        ServiceState state;
        InspectionKind inspection;
        address token;
        uint40 deadline;
        uint40 completedAt;
        address receiver;
        uint40 pickedUpAt;
    }

    /// @notice `booker`, maker of `orderId`, booked inspection `serviceId` by `inspector` for `fee`.
    event InspectionBooked(
        uint256 indexed serviceId,
        uint256 indexed orderId,
        address indexed inspector,
        address booker,
        InspectionKind kind,
        uint256 fee,
        uint40 deadline
    );
    /// @notice `booker`, maker of `orderId`, booked leg `serviceId` by `carrier` to `receiver` for `fee`.
    event LegBooked(
        uint256 indexed serviceId,
        uint256 indexed orderId,
        address indexed carrier,
        address booker,
        address receiver,
        uint256 fee,
        uint40 deadline
    );
    /// @notice The inspector filed the report of `reportHash` with its verdict; its fee is credited.
    event InspectionReported(uint256 indexed serviceId, address indexed inspector, bytes32 reportHash, bool accepted);
    /// @notice The carrier took custody of the goods of leg `serviceId` (EPCIS event `epcisHash`).
    event LegPickedUp(uint256 indexed serviceId, address indexed carrier, bytes32 epcisHash);
    /// @notice The receiver confirmed receipt of leg `serviceId` (EPCIS event `epcisHash`); the carrier's fee is credited.
    event LegReceived(uint256 indexed serviceId, address indexed receiver, bytes32 epcisHash);
    /// @notice `by` cancelled service `serviceId` (or reclaimed it after its deadline); `fee` is credited back to the booker.
    event ServiceCancelled(uint256 indexed serviceId, address indexed by, uint256 fee);
    /// @notice `account` pulled `amount` of `token`.
    event Withdrawn(address indexed token, address indexed account, uint256 amount);

    /// @notice No service has id `serviceId`.
    error ServicesUnknownService(uint256 serviceId);
    /// @notice The booking field `field` is invalid for `reason`.
    error ServicesInvalidBooking(string field, string reason);
    /// @notice Service `serviceId` is `state`, which does not allow this action.
    error ServicesInvalidState(uint256 serviceId, ServiceState state);
    /// @notice Service `serviceId` is not of `kind`.
    error ServicesWrongKind(uint256 serviceId, ServiceKind kind);
    /// @notice Only `expected` (the service's provider, receiver or booker) may do this; `caller` is not.
    error ServicesNotAllowed(uint256 serviceId, address caller, address expected);
    /// @notice Leg `serviceId` was not picked up yet, so its receipt cannot be confirmed.
    error ServicesNotPickedUp(uint256 serviceId);
    /// @notice Leg `serviceId` was picked up at `pickedUpAt`: it can be cancelled only once its deadline passed.
    error ServicesAlreadyPickedUp(uint256 serviceId, uint40 pickedUpAt);
    /// @notice Service `serviceId`'s deadline `deadline` passed: it can no longer be performed, only reclaimed.
    error ServicesDeadlinePassed(uint256 serviceId, uint40 deadline);
    /// @notice `caller` may not cancel service `serviceId`: only the booker may, or anyone once its
    /// order ended Cancelled, Defaulted or Resolved.
    error ServicesNotCancellable(uint256 serviceId, address caller);
    /// @notice `account` has nothing of `token` to withdraw.
    error ServicesNothingToWithdraw(address token, address account);

    /// @notice The caller, maker of awarded order `orderId`, books an inspection of `kind` by
    /// `inspector` for `fee` (in the order's token, spent from the order's credits), to be reported
    /// by `deadline`.
    /// @return serviceId Id of the new service (ids count up from 1).
    function bookInspection(uint256 orderId, address inspector, uint96 fee, InspectionKind kind, uint40 deadline)
        external
        returns (uint256 serviceId);

    /// @notice The caller, maker of awarded order `orderId`, books a leg by `carrier` to `receiver`
    /// for `fee` (in the order's token, spent from the order's credits), to be received by `deadline`.
    /// @return serviceId Id of the new service.
    function bookLeg(uint256 orderId, address carrier, address receiver, uint96 fee, uint40 deadline)
        external
        returns (uint256 serviceId);

    /// @notice The inspector files its report on booked inspection `serviceId` by its deadline:
    /// `reportHash` of the signed report document and its verdict `accepted`. Credits the fee to it.
    function submitReport(uint256 serviceId, bytes32 reportHash, bool accepted) external;

    /// @notice The carrier takes custody for booked leg `serviceId` by its deadline, citing the
    /// EPCIS event of the handover (`epcisHash`). Once only.
    function pickUp(uint256 serviceId, bytes32 epcisHash) external;

    /// @notice The receiver confirms receipt of picked-up leg `serviceId` by its deadline, citing its
    /// EPCIS event (`epcisHash`). Credits the fee to the carrier.
    function confirmReceipt(uint256 serviceId, bytes32 epcisHash) external;

    /// @notice Cancels booked service `serviceId`, crediting its fee back to the booker. The booker
    /// may while it is unperformed and (a leg) not picked up, or once its deadline passed unperformed
    /// (reclaim); anyone may while it is not picked up if its order ended Cancelled, Defaulted or
    /// Resolved.
    function cancel(uint256 serviceId) external;

    /// @notice Pulls everything of `token` owed to the caller.
    function withdraw(address token) external;

    /// @notice Service `serviceId`: `kind` 1 inspection, 2 logistics; `state` 1 booked, 2 performed
    /// (fee credited to the provider), 3 cancelled; its order, provider, token and fee; `completedAt`
    /// when it was performed or cancelled (0 while booked).
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

    /// @notice Service `serviceId` in full.
    function getService(uint256 serviceId) external view returns (Service memory);

    /// @notice Number of services ever booked; ids run from 1 to this.
    function serviceCount() external view returns (uint256);

    /// @notice What `account` can withdraw of `token`.
    function owed(address token, address account) external view returns (uint256);

    /// @notice The order market whose orders the services serve.
    function market() external view returns (address);

    /// @notice The participant registry that admits inspectors and carriers.
    function registry() external view returns (address);
}
