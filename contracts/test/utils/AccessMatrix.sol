// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TestBase} from "./Test.sol";

/// @title Access matrices: every restricted function x every role
/// @notice A suite names who plays each role (`_roles`); each `_row` then calls one function as
/// every role from the same state (snapshot/revert), checks that the allowed roles succeed and
/// that every other role gets the exact revert data, and counts the cells it checked.
abstract contract AccessMatrix is TestBase {
    uint256 internal _cells;

    /// @dev The account playing each role; a role is its index here and bit `1 << index` in `allowed`.
    function _roles() internal view virtual returns (address[] memory);

    /// @dev Calls `data` on `target` as each role; `allowed` is the bit set of roles that must
    /// succeed, `denied(role, who)` gives the exact revert data for the others.
    function _row(
        address target,
        bytes memory data,
        uint256 allowed,
        function(uint256, address) view returns (bytes memory) denied
    ) internal {
        address[] memory roles = _roles();
        for (uint256 role; role < roles.length; ++role) {
            address who = roles[role];
            uint256 snap = vm.snapshotState();
            vm.prank(who);
            (bool ok, bytes memory ret) = target.call(data);
            if (allowed & (1 << role) != 0) {
                assertTrue(ok, string.concat("allowed role reverted: ", vm.toString(role)));
            } else {
                assertFalse(ok, string.concat("denied role succeeded: ", vm.toString(role)));
                assertEq(ret, denied(role, who), string.concat("revert data for role ", vm.toString(role)));
            }
            vm.revertToState(snap);
            ++_cells;
        }
    }

    /// @dev The revert data of a governance-only function (the `Ownable` owner) called by anyone else.
    function _notGovernance(uint256, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, who);
    }
}
