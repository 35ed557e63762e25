// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ITokenHookReceiver} from "./HookToken.sol";

/// @title A participant contract that re-enters a target from a token hook
/// @notice Acts as a customer or manufacturer through `execute`. When armed, the next
/// `onTokenTransfer` callback replays `attackData` against `attackTarget` once and records
/// whether the re-entrant call succeeded and what it reverted with. With `bubble` set, a failed
/// re-entry reverts the whole transfer instead. Tests only.
contract ReentrancyAttacker is ITokenHookReceiver {
    address public immutable owner;

    address public attackTarget;
    bytes public attackData;
    bool public armed;
    bool public bubble;

    /// @notice Number of re-entry attempts made.
    uint256 public attempts;
    /// @notice Whether the last re-entry attempt succeeded.
    bool public lastSuccess;
    /// @notice Revert data of the last failed re-entry attempt.
    bytes public lastRevertData;

    constructor() {
        owner = msg.sender;
    }

    /// @notice Calls `target` with `data` as this contract, bubbling any revert.
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        require(msg.sender == owner, "attacker: not owner");
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    /// @notice Arms a one-shot re-entry of `target` with `data` on the next token hook.
    function arm(address target, bytes calldata data, bool bubble_) external {
        require(msg.sender == owner, "attacker: not owner");
        attackTarget = target;
        attackData = data;
        bubble = bubble_;
        armed = true;
    }

    function onTokenTransfer(address, address, uint256) external {
        if (!armed) return;
        armed = false;
        attempts++;
        (bool ok, bytes memory ret) = attackTarget.call(attackData);
        lastSuccess = ok;
        if (!ok) {
            lastRevertData = ret;
            if (bubble) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
        }
    }
}
