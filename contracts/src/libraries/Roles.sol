// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Participant role bits
/// @notice A participant's roles are a bit set; later roles take the next bits. Inspectors and
/// logistics providers are third parties an order's maker books for paid steps
/// (`valuechain/OrderServices.sol`); like manufacturers they stake, hold certifications and build
/// reputation.
library Roles {
    uint8 internal constant CUSTOMER = 1;
    uint8 internal constant MANUFACTURER = 2;
    uint8 internal constant INSPECTOR = 4;
    uint8 internal constant LOGISTICS = 8;
    uint8 internal constant ALL = CUSTOMER | MANUFACTURER | INSPECTOR | LOGISTICS;
}
