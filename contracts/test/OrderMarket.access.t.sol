// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../src/interfaces/IOrderMarket.sol";
import {IParticipantRegistry} from "../src/interfaces/IParticipantRegistry.sol";
import {AccessMatrix} from "./utils/AccessMatrix.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";

/// @notice Access matrix: every restricted market function x every role (governance, the order's
/// customer, the order's maker, another manufacturer, an arbiter, a stranger), from a state where
/// the function succeeds for its allowed roles.
contract OrderMarketAccessTest is MarketFixture, AccessMatrix {
    enum Role {
        Governance,
        Customer,
        Maker,
        OtherMaker,
        Arbiter,
        Stranger
    }

    uint256 internal constant ROLES = 6;

    /// @dev In the order of `Role`.
    function _roles() internal view override returns (address[] memory roles) {
        roles = new address[](ROLES);
        (roles[0], roles[1], roles[2]) = (governance, customer, maker);
        (roles[3], roles[4], roles[5]) = (otherMaker, arbiter, stranger);
    }

    uint256 internal _id;

    function _notCustomer(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNotCustomer.selector, _id, who);
    }

    function _notMaker(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNotMaker.selector, _id, who);
    }

    function _notParty(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNotParty.selector, _id, who);
    }

    function _notArbiter(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNotArbiter.selector, who);
    }

    function _notBidder(uint256 role, address who) internal pure returns (bytes memory) {
        if (Role(role) == Role.Customer) {
            return abi.encodeWithSelector(IOrderMarket.MarketInvalidBid.selector, "maker", "must not be the customer");
        }
        return abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, who, MANUFACTURER);
    }

    function _notCustomerRole(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IParticipantRegistry.RegistryMissingRole.selector, who, CUSTOMER);
    }

    function _noActiveBid(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNoActiveBid.selector, _id, who);
    }

    function _noCounterOffer(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNoCounterOffer.selector, _id, who);
    }

    function _mismatch(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketCommitmentMismatch.selector, _id, who);
    }

    function _nothingOwed(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IOrderMarket.MarketNothingToWithdraw.selector, address(usd), who);
    }

    function _none(uint256, address) internal pure returns (bytes memory) {
        return "";
    }

    uint256 internal constant GOV = 1 << 0;
    uint256 internal constant CUST = 1 << 1;
    uint256 internal constant MAKER = 1 << 2;
    uint256 internal constant OTHER = 1 << 3;
    uint256 internal constant ARB = 1 << 4;
    uint256 internal constant ALL = (1 << 6) - 1;

    // --- governance --------------------------------------------------------------------------

    function test_accessMatrix_governance() public {
        _row(address(market), abi.encodeCall(market.setParameters, (_defaultParameters())), GOV, _notGovernance);
        _row(address(market), abi.encodeCall(market.setTreasury, (stranger)), GOV, _notGovernance);
        _row(address(market), abi.encodeCall(market.setPaymentToken, (address(usd), false)), GOV, _notGovernance);
        _row(address(market), abi.encodeCall(market.setArbiter, (stranger, true)), GOV, _notGovernance);
        // Any contract will do for the access check: the registry is one.
        _row(address(market), abi.encodeCall(market.setCertifierRegistry, (address(registry))), GOV, _notGovernance);
        _row(address(market), abi.encodeCall(market.setDesignRegistry, (address(registry))), GOV, _notGovernance);
        _row(address(market), abi.encodeCall(market.transferOwnership, (stranger)), GOV, _notGovernance);
        assertEq(_cells, 7 * ROLES);
    }

    // --- RFQ and bids ------------------------------------------------------------------------

    function test_accessMatrix_rfqAndBids() public {
        _row(address(market), abi.encodeCall(market.createRfq, (_params())), CUST, _notCustomerRole);

        _id = _openRfq();
        _row(address(market), abi.encodeCall(market.bid, (_id, PRICE, LEAD_TIME)), MAKER | OTHER, _notBidder);
        _bid(_id, maker, PRICE, LEAD_TIME);
        _row(address(market), abi.encodeCall(market.withdrawBid, (_id)), MAKER, _noActiveBid);
        _row(
            address(market), abi.encodeCall(market.counterOffer, (_id, maker, PRICE - 1, LEAD_TIME)), CUST, _notCustomer
        );
        _row(address(market), abi.encodeCall(market.cancelRfq, (_id)), CUST, _notCustomer);
        vm.prank(customer);
        market.counterOffer(_id, maker, PRICE - 1, LEAD_TIME);
        _row(
            address(market),
            abi.encodeCall(market.acceptCounterOffer, (_id, PRICE - 1, LEAD_TIME)),
            MAKER,
            _noCounterOffer
        );
        _row(address(market), abi.encodeCall(market.withdrawCounterOffer, (_id, maker)), CUST, _notCustomer);

        _id = _sealedRfq();
        _row(address(market), abi.encodeCall(market.commitBid, (_id, bytes32(uint256(1)))), MAKER | OTHER, _notBidder);
        _commit(_id, maker, PRICE, LEAD_TIME);
        _openReveal(_id);
        _row(address(market), abi.encodeCall(market.revealBid, (_id, PRICE, LEAD_TIME, _salt(maker))), MAKER, _mismatch);
        assertEq(_cells, 9 * ROLES);
    }

    // --- award -------------------------------------------------------------------------------

    function test_accessMatrix_award() public {
        _id = _openRfq();
        _bid(_id, maker, PRICE, LEAD_TIME);
        _closeBidding(_id);
        _row(address(market), abi.encodeCall(market.award, (_id, maker, PRICE, LEAD_TIME)), CUST, _notCustomer);
        _row(
            address(market),
            abi.encodeCall(market.awardWithPermit, (_id, maker, PRICE, LEAD_TIME, 0, 0, bytes32(0), bytes32(0))),
            CUST,
            _notCustomer
        );
        assertEq(_cells, 2 * ROLES);
    }

    // --- production, delivery, cancellation --------------------------------------------------

    function test_accessMatrix_awardedOrder() public {
        _id = _awardedOrder();
        _row(address(market), abi.encodeCall(market.submitMilestone, (_id, bytes32(0))), MAKER, _notMaker);
        _row(address(market), abi.encodeCall(market.ship, (_id, bytes32(0))), MAKER, _notMaker);
        _row(address(market), abi.encodeCall(market.cancelOrder, (_id)), CUST, _notCustomer);
        vm.prank(maker);
        market.submitMilestone(_id, bytes32(0));
        _row(address(market), abi.encodeCall(market.approveMilestone, (_id)), CUST, _notCustomer);
        vm.warp(block.timestamp + LEAD_TIME + LATE_GRACE + 1);
        _row(address(market), abi.encodeCall(market.claimDefault, (_id)), CUST, _notCustomer);
        assertEq(_cells, 5 * ROLES);
    }

    function test_accessMatrix_shippedOrder() public {
        _id = _shippedOrder();
        _row(address(market), abi.encodeCall(market.accept, (_id)), CUST, _notCustomer);
        _row(address(market), abi.encodeCall(market.dispute, (_id, bytes32(0))), CUST | MAKER, _notParty);
        vm.warp(block.timestamp + ACCEPTANCE_WINDOW + 1);
        _row(address(market), abi.encodeCall(market.finalize, (_id)), ALL, _none);
        assertEq(_cells, 3 * ROLES);
    }

    function test_accessMatrix_disputedOrder() public {
        _id = _disputedOrder();
        _row(address(market), abi.encodeCall(market.submitEvidence, (_id, bytes32(0))), CUST | MAKER, _notParty);
        _row(address(market), abi.encodeCall(market.rule, (_id, 5_000, 5_000)), ARB, _notArbiter);
        assertEq(_cells, 2 * ROLES);
    }

    function test_accessMatrix_withdraw() public {
        _id = _shippedOrder();
        _accept(_id);
        // Only accounts with something owed (maker; the treasury is not one of the roles) can withdraw.
        _row(address(market), abi.encodeCall(market.withdraw, (address(usd))), MAKER, _nothingOwed);
    }

    /// @dev An arbiter who is a party to the order cannot rule on it, whichever party they are.
    function test_accessMatrix_arbiterWhoIsAParty() public {
        vm.startPrank(governance);
        market.setArbiter(customer, true);
        market.setArbiter(maker, true);
        vm.stopPrank();
        _id = _disputedOrder();
        _row(address(market), abi.encodeCall(market.rule, (_id, 5_000, 5_000)), ARB, _arbiterIsParty);
    }

    function _arbiterIsParty(uint256 role, address who) internal view returns (bytes memory) {
        Role r = Role(role);
        if (r == Role.Customer || r == Role.Maker) {
            return abi.encodeWithSelector(IOrderMarket.MarketArbiterIsParty.selector, _id, who);
        }
        return abi.encodeWithSelector(IOrderMarket.MarketNotArbiter.selector, who);
    }
}
