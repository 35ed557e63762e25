// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Participant role bits
/// @notice A participant's roles are a bit set; later roles take the next bits.
library Roles {
    uint8 internal constant CUSTOMER = 1;
    uint8 internal constant MANUFACTURER = 2;
    uint8 internal constant ALL = CUSTOMER | MANUFACTURER;
}
