// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {OrderRecord, OrderTerms} from "../types/OrderRecord.sol";

/// @title The order market's order view
/// @notice Builds {IOrderMarket-getOrder}'s answer from the three slots of an {OrderRecord}, whose
/// fields change meaning as the order moves on (see its table). Linked to {OrderMarket} as an
/// external library, which returns it ABI-encoded for the market to pass on as it is: a view read
/// off chain, it costs no transaction anything, and the market has no code size to spare.
library OrderViews {
    uint8 private constant _INVITE_ONLY = 1;

    /// @dev `abi.encode` of the {IOrderMarket-Order} of `order`; `paymentToken` is the address of its token id.
    function encodeOrder(OrderRecord storage order, OrderTerms storage terms, address paymentToken)
        external
        view
        returns (bytes memory)
    {
        IOrderMarket.Status status = order.status;
        bool awarded = order.maker != address(0);
        // Shipped, Disputed, Completed and Resolved are consecutive.
        bool shipped = status >= IOrderMarket.Status.Shipped && status <= IOrderMarket.Status.Resolved;
        bool disputed = status == IOrderMarket.Status.Disputed || status == IOrderMarket.Status.Resolved;
        return abi.encode(IOrderMarket.Order({
            customer: order.customer,
            biddingEnds: awarded ? 0 : order.stageA,
            revealEnds: awarded ? 0 : order.stageB,
            status: status,
            inviteOnly: order.flags & _INVITE_ONLY != 0,
            paymentToken: paymentToken,
            deadline: order.deadline,
            feeBps: order.feeBps,
            amount: order.amount,
            bond: order.bond,
            requiredCertification: terms.requiredCertification,
            maker: order.maker,
            dueAt: awarded ? order.dueAt : 0,
            acceptanceEnds: shipped ? order.acceptanceEnds : 0,
            milestonesReleased: order.milestonesReleased,
            milestonePlan: order.milestonePlan,
            awardedAt: disputed ? order.stageB : awarded ? order.stageA : 0,
            acceptanceWindow: shipped ? 0 : order.acceptanceEnds,
            lateGrace: disputed ? 0 : awarded ? order.stageB : order.dueAt,
            rulingEnds: disputed ? order.stageA : 0
        }));
    }
}
