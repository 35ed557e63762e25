// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../../src/interfaces/IParticipantRegistry.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {OrderServices} from "../../src/valuechain/OrderServices.sol";
import {IOrderServices} from "../../src/valuechain/interfaces/IOrderServices.sol";
import {ValueChainFixture} from "./ValueChainFixture.sol";

/// @notice Inspections and logistics legs booked on an order and paid from its credits.
contract OrderServicesTest is ValueChainFixture {
    uint96 internal constant FEE = 100e6;

    function _deadline() internal view returns (uint40) {
        return uint40(block.timestamp + 3 days);
    }

    function _bookInspection(uint256 orderId) internal returns (uint256) {
        vm.prank(maker);
        return services.bookInspection(orderId, inspector, FEE, IOrderServices.InspectionKind.FirstArticle, _deadline());
    }

    function _bookLeg(uint256 orderId) internal returns (uint256) {
        vm.prank(maker);
        return services.bookLeg(orderId, carrier, customer, FEE, _deadline());
    }

    function _bookingErr(string memory field, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IOrderServices.ServicesInvalidBooking.selector, field, reason);
    }

    // --- governance -------------------------------------------------------------------------------

    function test_setServices_governanceOnlyAndMustBeAContract() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        market.setServices(address(services));
        vm.expectRevert(
            abi.encodeWithSelector(IOrderMarket.MarketInvalidParameter.selector, "services", "must be a contract")
        );
        vm.prank(governance);
        market.setServices(stranger);
        assertEq(market.services(), address(services));
    }

    function test_fundService_onlyTheServicesContract() public {
        uint256 orderId = _parentWithCredit();
        _expectRevertAs(maker, abi.encodeWithSelector(IOrderMarket.MarketNotServices.selector, maker));
        market.fundService(orderId, maker, FEE);
    }

    // --- booking ----------------------------------------------------------------------------------

    function test_bookInspection_spendsTheOrdersCreditsIntoServices() public {
        uint256 orderId = _parentWithCredit();
        uint40 deadline = _deadline();
        vm.expectEmit(address(market));
        emit IOrderMarket.CreditSpent(orderId, 0, FEE, FEE);
        vm.expectEmit(address(services));
        emit IOrderServices.InspectionBooked(
            1, orderId, inspector, maker, IOrderServices.InspectionKind.FirstArticle, FEE, deadline
        );
        vm.prank(maker);
        uint256 id = services.bookInspection(orderId, inspector, FEE, IOrderServices.InspectionKind.FirstArticle, deadline);
        assertEq(id, 1);
        assertEq(services.serviceCount(), 1);
        assertEq(usd.balanceOf(address(services)), FEE);
        assertEq(market.owed(address(usd), maker), FIRST_MILESTONE - FEE);
        assertEq(market.spendableCredit(orderId), FIRST_MILESTONE - FEE);
        (uint8 kind, uint8 state, uint256 oid, address provider, address token, uint256 fee, uint40 completedAt) =
            services.serviceInfo(id);
        assertEq(kind, 1);
        assertEq(state, 1);
        assertEq(oid, orderId);
        assertEq(provider, inspector);
        assertEq(token, address(usd));
        assertEq(fee, FEE);
        assertEq(completedAt, 0);
    }

    function test_bookInspection_revertsOnBadInput() public {
        uint256 orderId = _parentWithCredit();
        uint40 deadline = _deadline();
        IOrderServices.InspectionKind fa = IOrderServices.InspectionKind.FirstArticle;
        _expectRevertAs(maker, _bookingErr("kind", "must be FirstArticle or Final"));
        services.bookInspection(orderId, inspector, FEE, IOrderServices.InspectionKind.None, deadline);
        _expectRevertAs(maker, _bookingErr("fee", "must be greater than zero"));
        services.bookInspection(orderId, inspector, 0, fa, deadline);
        _expectRevertAs(maker, _bookingErr("deadline", "must be in the future"));
        services.bookInspection(orderId, inspector, FEE, fa, uint40(block.timestamp));
        _expectRevertAs(maker, _bookingErr("provider", "must not be the booker"));
        services.bookInspection(orderId, maker, FEE, fa, deadline);
        _expectRevertAs(
            maker, abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, carrier, Roles.INSPECTOR)
        );
        services.bookInspection(orderId, carrier, FEE, fa, deadline);
        assertEq(services.serviceCount(), 0);
    }

    function test_bookInspection_revertsForAnUnstakedInspector() public {
        uint256 orderId = _parentWithCredit();
        address novice = makeAddr("novice");
        _register(novice, Roles.INSPECTOR);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(IParticipantRegistry.RegistryInsufficientStake.selector, novice, 0, MIN_STAKE)
        );
        services.bookInspection(orderId, novice, FEE, IOrderServices.InspectionKind.Final, _deadline());
    }

    function test_bookInspection_onlyTheMakerOfAnAwardedOrderWithCredit() public {
        uint256 orderId = _parentWithCredit();
        _expectRevertAs(customer, _err(IOrderMarket.MarketNotMaker.selector, orderId, customer));
        services.bookInspection(orderId, inspector, FEE, IOrderServices.InspectionKind.Final, _deadline());
        uint256 uncredited = _awardedOrder();
        _expectRevertAs(
            maker, abi.encodeWithSelector(IOrderMarket.MarketInsufficientCredit.selector, uncredited, "credit", 0, FEE)
        );
        services.bookInspection(uncredited, inspector, FEE, IOrderServices.InspectionKind.Final, _deadline());
        _ship(orderId);
        _expectRevertAs(maker, _statusErr(orderId, IOrderMarket.Status.Shipped));
        services.bookInspection(orderId, inspector, FEE, IOrderServices.InspectionKind.Final, _deadline());
    }

    function test_bookLeg_revertsOnBadReceiver() public {
        uint256 orderId = _parentWithCredit();
        _expectRevertAs(maker, _bookingErr("receiver", "must not be the zero address"));
        services.bookLeg(orderId, carrier, address(0), FEE, _deadline());
        _expectRevertAs(maker, _bookingErr("receiver", "must not be the carrier"));
        services.bookLeg(orderId, carrier, carrier, FEE, _deadline());
        _expectRevertAs(
            maker, abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, inspector, Roles.LOGISTICS)
        );
        services.bookLeg(orderId, inspector, customer, FEE, _deadline());
    }

    // --- performing -------------------------------------------------------------------------------

    function test_submitReport_creditsTheInspectorWhateverTheVerdict() public {
        uint256 orderId = _parentWithCredit();
        uint256 id = _bookInspection(orderId);
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderServices.ServicesNotAllowed.selector, id, stranger, inspector));
        services.submitReport(id, keccak256("report"), false);
        _expectRevertAs(inspector, _bookingErr("reportHash", "must not be zero"));
        services.submitReport(id, bytes32(0), false);
        vm.expectEmit(address(services));
        emit IOrderServices.InspectionReported(id, inspector, keccak256("report"), false);
        vm.prank(inspector);
        services.submitReport(id, keccak256("report"), false);
        assertEq(services.owed(address(usd), inspector), FEE);
        (, uint8 state,,,,, uint40 completedAt) = services.serviceInfo(id);
        assertEq(state, 2);
        assertEq(completedAt, block.timestamp);
        _expectRevertAs(
            inspector,
            abi.encodeWithSelector(IOrderServices.ServicesInvalidState.selector, id, IOrderServices.ServiceState.Performed)
        );
        services.submitReport(id, keccak256("again"), true);
        vm.prank(inspector);
        services.withdraw(address(usd));
        assertEq(usd.balanceOf(inspector), FEE);
        _expectRevertAs(
            inspector, abi.encodeWithSelector(IOrderServices.ServicesNothingToWithdraw.selector, address(usd), inspector)
        );
        services.withdraw(address(usd));
    }

    function test_submitReport_revertsAfterTheDeadlineAndOnALeg() public {
        uint256 orderId = _parentWithCredit();
        uint256 leg = _bookLeg(orderId);
        _expectRevertAs(
            inspector,
            abi.encodeWithSelector(IOrderServices.ServicesWrongKind.selector, leg, IOrderServices.ServiceKind.Inspection)
        );
        services.submitReport(leg, keccak256("report"), true);
        uint256 id = _bookInspection(orderId);
        uint40 deadline = services.getService(id).deadline;
        vm.warp(uint256(deadline) + 1);
        _expectRevertAs(inspector, abi.encodeWithSelector(IOrderServices.ServicesDeadlinePassed.selector, id, deadline));
        services.submitReport(id, keccak256("report"), true);
        _expectRevertAs(inspector, abi.encodeWithSelector(IOrderServices.ServicesUnknownService.selector, 9));
        services.submitReport(9, keccak256("report"), true);
    }

    function test_leg_pickUpThenReceiptCreditsTheCarrier() public {
        uint256 orderId = _parentWithCredit();
        uint256 id = _bookLeg(orderId);
        _expectRevertAs(customer, abi.encodeWithSelector(IOrderServices.ServicesNotPickedUp.selector, id));
        services.confirmReceipt(id, keccak256("received"));
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderServices.ServicesNotAllowed.selector, id, stranger, carrier));
        services.pickUp(id, keccak256("picked"));
        _expectRevertAs(carrier, _bookingErr("epcisHash", "must not be zero"));
        services.pickUp(id, bytes32(0));
        vm.expectEmit(address(services));
        emit IOrderServices.LegPickedUp(id, carrier, keccak256("picked"));
        vm.prank(carrier);
        services.pickUp(id, keccak256("picked"));
        _expectRevertAs(
            carrier, abi.encodeWithSelector(IOrderServices.ServicesAlreadyPickedUp.selector, id, uint40(block.timestamp))
        );
        services.pickUp(id, keccak256("picked"));
        assertEq(services.owed(address(usd), carrier), 0, "no credit before receipt");
        _expectRevertAs(carrier, abi.encodeWithSelector(IOrderServices.ServicesNotAllowed.selector, id, carrier, customer));
        services.confirmReceipt(id, keccak256("received"));
        _expectRevertAs(customer, _bookingErr("epcisHash", "must not be zero"));
        services.confirmReceipt(id, bytes32(0));
        vm.expectEmit(address(services));
        emit IOrderServices.LegReceived(id, customer, keccak256("received"));
        vm.prank(customer);
        services.confirmReceipt(id, keccak256("received"));
        assertEq(services.owed(address(usd), carrier), FEE);
        (uint8 kind, uint8 state,,,,,) = services.serviceInfo(id);
        assertEq(kind, 2);
        assertEq(state, 2);
    }

    // --- cancellation -----------------------------------------------------------------------------

    function test_cancel_theBookerGetsTheFeeBackBeforeItIsPerformed() public {
        uint256 orderId = _parentWithCredit();
        uint256 id = _bookInspection(orderId);
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderServices.ServicesNotCancellable.selector, id, stranger));
        services.cancel(id);
        vm.expectEmit(address(services));
        emit IOrderServices.ServiceCancelled(id, maker, FEE);
        vm.prank(maker);
        services.cancel(id);
        assertEq(services.owed(address(usd), maker), FEE);
        (, uint8 state,,,,,) = services.serviceInfo(id);
        assertEq(state, 3);
        _expectRevertAs(
            maker,
            abi.encodeWithSelector(IOrderServices.ServicesInvalidState.selector, id, IOrderServices.ServiceState.Cancelled)
        );
        services.cancel(id);
    }

    function test_cancel_aPickedUpLegOnlyAfterItsDeadline() public {
        uint256 orderId = _parentWithCredit();
        uint256 id = _bookLeg(orderId);
        vm.prank(carrier);
        services.pickUp(id, keccak256("picked"));
        _expectRevertAs(
            maker, abi.encodeWithSelector(IOrderServices.ServicesAlreadyPickedUp.selector, id, uint40(block.timestamp))
        );
        services.cancel(id);
        vm.warp(uint256(services.getService(id).deadline) + 1);
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderServices.ServicesNotCancellable.selector, id, stranger));
        services.cancel(id);
        vm.prank(maker);
        services.cancel(id); // reclaimed: the carrier never delivered in time
        assertEq(services.owed(address(usd), maker), FEE);
    }

    function test_cancel_anyoneCancelsTheServicesOfAnAbandonedOrder() public {
        uint256 orderId = _parentWithCredit();
        uint256 id = _bookInspection(orderId);
        vm.prank(customer);
        market.cancelOrder(orderId);
        vm.prank(stranger);
        services.cancel(id);
        assertEq(services.owed(address(usd), maker), FEE);
    }

    function test_cancel_strangerCannotCancelServicesOfACompletedOrder() public {
        uint256 orderId = _parentWithCredit();
        uint256 id = _bookInspection(orderId);
        _ship(orderId);
        _accept(orderId);
        _expectRevertAs(stranger, abi.encodeWithSelector(IOrderServices.ServicesNotCancellable.selector, id, stranger));
        services.cancel(id);
    }

    function test_constructor_revertsWithoutAMarketContract() public {
        vm.expectRevert(_bookingErr("market", "must be a contract"));
        new OrderServices(stranger);
    }

    /// @dev Services and market together hold exactly what they owe plus open fees.
    function testFuzz_services_feesAreCreditedOnceToProviderOrBooker(uint96 fee, uint8 path) public {
        fee = uint96(bound(fee, 1, FIRST_MILESTONE));
        uint256 orderId = _parentWithCredit();
        vm.prank(maker);
        uint256 id = services.bookLeg(orderId, carrier, customer, fee, _deadline());
        path = uint8(bound(path, 0, 2));
        if (path == 0) {
            vm.prank(carrier);
            services.pickUp(id, keccak256("p"));
            vm.prank(customer);
            services.confirmReceipt(id, keccak256("r"));
        } else if (path == 1) {
            vm.prank(maker);
            services.cancel(id);
        }
        uint256 credited = services.owed(address(usd), carrier) + services.owed(address(usd), maker);
        assertEq(credited, path == 2 ? 0 : fee, "credited once, only when performed or cancelled");
        assertEq(usd.balanceOf(address(services)), fee);
        assertEq(market.owed(address(usd), maker) + fee, FIRST_MILESTONE);
    }
}
