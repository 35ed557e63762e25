// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDesignRegistry} from "../ip/interfaces/IDesignRegistry.sol";
import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {OrderTerms} from "../types/OrderRecord.sol";

/// @title Licensed orders: the market's side of design licences
/// @notice Checks an RFQ's licence, its bidders and meters the units of an awarded order against
/// the licence on the design registry. Linked to {OrderMarket} as an external library and called
/// only for licensed orders, so plain orders carry none of its code or gas. It runs by
/// DELEGATECALL: the market is the caller the registry sees, and errors are the registry's own
/// (bubbled up) or {IOrderMarket}'s.
library OrderLicensing {
    /// @dev The RFQ's side of a licence, before any maker is known: it exists and runs, pays its
    /// royalty in the RFQ's token, has room for `quantity` units, and `budget` covers the royalty.
    function checkRfq(IDesignRegistry registry, uint256 licenceId, address paymentToken, uint32 quantity, uint96 budget)
        external
        view
    {
        if (address(registry) == address(0)) {
            revert IOrderMarket.MarketInvalidRfq("licenceId", "needs a design registry, and none is set");
        }
        IDesignRegistry.Licence memory lic = registry.licence(licenceId);
        if (lic.endedAt != 0) revert IDesignRegistry.LicenceHasEnded(licenceId, lic.endedAt);
        if (lic.expiresAt != 0 && block.timestamp > lic.expiresAt) {
            revert IDesignRegistry.LicenceExpired(licenceId, lic.expiresAt);
        }
        if (lic.paymentToken != paymentToken) {
            revert IOrderMarket.MarketInvalidRfq("licenceId", "pays its royalty in another token than the RFQ");
        }
        if (quantity > lic.maxUnits - lic.unitsBuilt) {
            revert IDesignRegistry.LicenceCapExceeded(licenceId, lic.unitsBuilt, quantity, lic.maxUnits);
        }
        if (uint256(quantity) * lic.royaltyPerUnit > budget) {
            revert IOrderMarket.MarketInvalidRfq("budget", "is below the licence royalty");
        }
    }

    /// @dev Reverts with the registry's error unless `maker` may build the order's units now, so a
    /// maker the licence does not allow learns it before it bids or locks a deposit.
    function checkMaker(IDesignRegistry registry, OrderTerms storage terms, address maker) external view {
        registry.checkLicence(terms.licenceId, maker, terms.units);
    }

    /// @dev At award: meters the order's units against its licence for `maker` and keeps who is owed
    /// the royalty and how much. The licence is judged now, once: whatever happens to it later (ended,
    /// expired, filled by other orders) cannot block this order's settlement.
    function record(
        IDesignRegistry registry,
        OrderTerms storage terms,
        uint256 orderId,
        address maker,
        uint96 price
    ) external {
        uint256 licenceId = terms.licenceId;
        (address recipient, uint256 royalty) = registry.recordUnits(licenceId, maker, terms.units);
        if (royalty > price) revert IOrderMarket.MarketInvalidBid("price", "is below the licence royalty");
        terms.royaltyRecipient = recipient;
        terms.royalty = uint96(royalty); // <= price, a uint96
        emit IOrderMarket.LicenceRecorded(orderId, licenceId, recipient, royalty);
    }
}
