// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../interfaces/IOrderMarket.sol";

/// @dev An order in three slots: what every bid reads, the money, and what award fills in.
/// The payment token is a one-byte id; timestamps are uint32 seconds (valid until 2106). An RFQ
/// writes all three slots, so award only updates warm non-zero slots. To stay in three slots,
/// four fields change meaning as the order moves on (the RFQ's windows live on in `RfqCreated`):
/// | field     | Open              | Awarded         | Shipped and after            |
/// | stageA    | biddingEnds       | awardedAt       | awardedAt; rulingEnds once disputed |
/// | stageB    | revealEnds        | lateGrace       | lateGrace; awardedAt once disputed  |
/// | dueAt     | lateGrace (terms) | dueAt           | dueAt                        |
/// | acceptanceEnds | acceptanceWindow (terms) | acceptanceWindow | acceptanceEnds      |
/// The RFQ snapshots the acceptance window and late grace, so bidders know them and governance
/// cannot change them for a live order. The flags' lowest bits mark an invite-only RFQ and an
/// order with extra terms (see {OrderTerms}); the upper six hold the cancellation floor in percent
/// (at most 50). The floor is dead once shipped (only an awarded order can be cancelled), so `ship`
/// sets all six bits (63, never a floor) when the order ships after its due date
/// (`IOrderMarket.shippedLate`): in the status's slot, it costs an on-time shipment nothing.
struct OrderRecord {
    address customer;
    uint32 stageA;
    uint32 stageB;
    IOrderMarket.Status status;
    uint8 flags;
    uint8 tokenId;
    uint8 milestonesReleased;
    uint96 amount;
    uint96 bond;
    uint48 milestonePlan;
    uint16 feeBps;
    address maker;
    uint32 deadline;
    uint32 dueAt;
    uint32 acceptanceEnds;
}

/// @dev What only some orders carry, kept out of {OrderRecord} (whose slots are full) and read
/// only when the order's flags say it has extra terms, so a plain order pays no storage read for it:
/// the certification its bidders must hold, the licence its units are metered against (`licenceId`
/// 0 for none; `units` the RFQ's quantity), the order a sub-order belongs to (`parentId`, 0 for
/// none) and, once awarded, who receives the licence royalty and how much of the price it is.
/// Two fields are written for any order on rare paths and read only there, flag or not: `spent`,
/// what the order's maker has drawn from the order's credits for sub-orders and services (see
/// `libraries/SubOrders.sol`), and `arbiter`, who ruled the order's dispute.
/// Licence and order ids count up from 1, so 64 bits hold them forever.
struct OrderTerms {
    bytes32 requiredCertification;
    uint64 licenceId;
    uint32 units;
    uint64 parentId;
    uint96 spent;
    address royaltyRecipient;
    uint96 royalty;
    address arbiter;
}

/// @dev The ruling window in force for orders awarded from `since` on.
struct RulingWindow {
    uint32 since;
    uint32 window;
}

/// @dev Cumulative counters rather than a balance that drops to zero on every withdrawal: a
/// party paid regularly then never pays the 20,000 gas of writing a zero slot again.
/// Owed = credited - withdrawn.
struct Balance {
    uint128 credited;
    uint128 withdrawn;
}
